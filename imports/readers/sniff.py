"""Which family a file belongs to, from its first bytes: ZIP, JSON, vCard or CSV text."""

from __future__ import annotations

import codecs
import json
from enum import Enum
from typing import BinaryIO

from imports.records import UnsupportedFile

SNIFF_BYTES = 4096
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
# Formats people upload by mistake, named so the reason says what to do instead.
_OTHER_MAGIC = {
    b"%PDF": "a PDF document",
    b"\xd0\xcf\x11\xe0": "an old Excel or Word file (save it as CSV)",
    b"\x1f\x8b": "a gzip archive (unpack it, or upload the LinkedIn ZIP itself)",
    b"Rar!": "a RAR archive",
    b"7z\xbc\xaf": "a 7-Zip archive",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
}


class FileFamily(Enum):
    ZIP = "ZIP"
    JSON = "JSON"
    VCARD = "vCard"
    CSV = "CSV"

    @property
    def label(self) -> str:
        return self.value


def sniff_family(stream: BinaryIO) -> FileFamily:
    """The family of ``stream`` (left at its start); UnsupportedFile for empty or binary files."""
    head = stream.read(SNIFF_BYTES)
    stream.seek(0)
    if not head:
        raise UnsupportedFile("The file is empty.")
    if head.startswith(_ZIP_MAGIC):
        return FileFamily.ZIP
    for magic, what in _OTHER_MAGIC.items():
        if head.startswith(magic):
            raise UnsupportedFile(f"This is {what}, not a contact or network export.")
    text = _as_text(head)
    if text is None:
        raise UnsupportedFile(
            "The file is binary, not text: it is not a CSV, JSON, vCard or LinkedIn archive."
        )
    start = text.lstrip()
    if not start:
        raise UnsupportedFile("The file holds only blank space.")
    if start[0] in "[{" or _is_json_scalar(start):
        return FileFamily.JSON
    if start[:11].upper() == "BEGIN:VCARD":
        return FileFamily.VCARD
    return FileFamily.CSV


def _is_json_scalar(text: str) -> bool:
    """Whether the text is one JSON value that is neither an array nor an object (``null``, ``42``).

    Such a file is JSON that holds nobody; read as CSV, its value became a column name.
    """
    try:
        value = json.loads(text)
    except ValueError:
        return False
    return not isinstance(value, dict | list)


def looks_like_text(head: bytes) -> bool:
    """Whether the first bytes of a file are text in an encoding the readers decode."""
    return _as_text(head) is not None


def _as_text(head: bytes) -> str | None:
    """The first bytes as text for sniffing, or None when they are binary."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return head.decode("utf-16", errors="replace")
    if len(head) >= 4 and ((head[1] == 0 and head[3] == 0) or (head[0] == 0 and head[2] == 0)):
        return head.replace(b"\x00", b"").decode("latin-1")
    if b"\x00" in head:
        return None
    text = head.removeprefix(codecs.BOM_UTF8).decode("utf-8", errors="replace")
    controls = sum(1 for char in text if ord(char) < 32 and char not in "\r\n\t\f")
    return None if controls > len(text) // 10 else text

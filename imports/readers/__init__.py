"""Readers: any supported file in, ``Section``s of records out, the format found by content.

``open_sections`` is what the import pipeline calls; ``preview`` is what the
import form shows before a user confirms a column mapping. Consume each
section's rows before asking for the next section: they stream from the file.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from imports.readers.archive import archive_members, archive_sections
from imports.readers.jsonfiles import json_preview, json_sections
from imports.readers.profiles import check_declared_kind
from imports.readers.sniff import FileFamily, sniff_family
from imports.readers.tabular import csv_preview, csv_sections
from imports.readers.text import DecodedLines
from imports.readers.vcard import read_vcards
from imports.records import Section, SectionKind, UnsupportedFile

__all__ = ["Preview", "UnsupportedFile", "open_sections", "preview"]


@dataclass
class Preview:
    """The first rows of a file and a suggested column mapping, for the user to confirm."""

    format: str
    columns: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    suggested_mapping: dict[str, str] = field(default_factory=dict)
    signature: str = ""  # the same for every file of the same shape: reuse a confirmed mapping


def open_sections(
    path: Path, *, declared_kind: str | None = None, mapping: dict[str, str] | None = None
) -> Iterator[Section]:
    """The sections of the file at ``path``; raises UnsupportedFile with a reason for the user.

    ``declared_kind`` (connections, followers, following, contacts) says what the
    people in a profile list or generic file are; ``mapping`` maps source column to
    PersonRecord field (or ``full_name``) for a generic file.
    """
    with _open(path) as stream:
        family = sniff_family(stream)
        check_declared_kind(declared_kind)
        if family is FileFamily.ZIP:
            yield from archive_sections(stream, path.name)
        elif family is FileFamily.JSON:
            yield from json_sections(stream, path.name, declared_kind, mapping)
        elif family is FileFamily.VCARD:
            warnings: list[str] = []
            rows = read_vcards(DecodedLines(stream), declared_kind, warnings)
            yield Section(name=path.name, kind=SectionKind.CONTACTS, rows=rows, warnings=warnings)
        else:
            yield from csv_sections(stream, path.name, declared_kind, mapping)


def preview(path: Path, rows: int = 10) -> Preview:
    """The columns and first ``rows`` rows of a file, with a mapping suggested from names."""
    with _open(path) as stream:
        family = sniff_family(stream)
        if family is FileFamily.ZIP:
            members = [list(member) for member in archive_members(stream)]
            return Preview(format="linkedin-archive", columns=["file", "holds"], rows=members)
        if family is FileFamily.JSON:
            return Preview(**json_preview(stream, rows))
        if family is FileFamily.VCARD:
            return Preview(format="vcard")
        return Preview(**csv_preview(stream, rows))


def _open(path: Path) -> BinaryIO:
    try:
        return path.open("rb")
    except OSError as error:
        raise UnsupportedFile(f"The file cannot be opened: {error.strerror}.") from error

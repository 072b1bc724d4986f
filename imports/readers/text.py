"""Turning a byte stream into CSV rows, streaming: encodings, line ends and delimiters.

Raw LinkedIn output is UTF-8 with LF line ends, but users upload Excel re-saves
(a BOM, CRLF, ``;`` or tab delimiters, Windows-1252) and 2018 archives hold
UTF-16 files. Nothing here reads a whole file: bytes are decoded chunk by
chunk and the csv module parses the lines as they come.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain
from typing import BinaryIO

from imports.records import UnsupportedFile

CHUNK_BYTES = 64 * 1024
SNIFF_LINES = 40
# A field larger than this is not a CSV we can read (the csv module's default is 128 KiB;
# 2026 message bodies can be long, so allow more but keep it bounded).
FIELD_LIMIT = 4 * 1024 * 1024
DELIMITERS = (",", ";", "\t")
CP1252_WARNING = (
    "Some bytes were not valid UTF-8; they were read as Windows-1252 (an Excel re-save?). "
    "Check accented names."
)

csv.field_size_limit(FIELD_LIMIT)


class LineTooLong(UnsupportedFile):
    """A line longer than FIELD_LIMIT; ``line`` is its number (1-based)."""

    def __init__(self, line: int) -> None:
        super().__init__(
            f"A line is longer than {FIELD_LIMIT // 1024 // 1024} MB: this is not a CSV file."
        )
        self.line = line


def _utf16_without_bom(head: bytes) -> str | None:
    """UTF-16 saved without a BOM shows as ASCII letters interleaved with NUL bytes."""
    if len(head) < 4:
        return None
    if head[1] == 0 and head[3] == 0 and head[0] != 0:
        return "utf-16-le"
    if head[0] == 0 and head[2] == 0 and head[1] != 0:
        return "utf-16-be"
    return None


class DecodedLines:
    """The lines of a binary stream as text, line ends kept (what ``csv.reader`` expects).

    UTF-8 (with or without a BOM) and UTF-16 (with a BOM) are recognised from the
    first bytes. Bytes that are not valid UTF-8 are read as Windows-1252, which is
    what Excel writes, and ``fell_back_to_cp1252`` records that it happened.
    """

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream
        self.bytes_read = 0
        self.fell_back_to_cp1252 = False
        head = self._read()
        self.encoding = "utf-8"
        if head.startswith(codecs.BOM_UTF8):
            head = head[len(codecs.BOM_UTF8) :]
        elif head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            self.encoding = "utf-16"
        else:
            self.encoding = _utf16_without_bom(head) or "utf-8"
        errors = "replace" if self.encoding != "utf-8" else "strict"
        self._decoder = codecs.getincrementaldecoder(self.encoding)(errors=errors)
        self._pending_bytes = head
        self._eof = False

    def _read(self) -> bytes:
        data = self._stream.read(CHUNK_BYTES)
        self.bytes_read += len(data)
        return data

    def _decode(self, data: bytes, final: bool = False) -> str:
        if self.encoding != "utf-8":
            return self._decoder.decode(data, final)
        parts: list[str] = []
        while True:
            try:
                parts.append(self._decoder.decode(data, final))
                return "".join(parts)
            except UnicodeDecodeError as error:
                # error.object is what the decoder saw: its buffered tail plus data.
                seen = error.object
                parts.append(seen[: error.start].decode("utf-8"))
                parts.append(_cp1252(seen[error.start : error.end]))
                self.fell_back_to_cp1252 = True
                self._decoder.reset()
                data = seen[error.end :]

    def chunks(self) -> Iterator[str]:
        """The decoded text, chunk by chunk, NUL characters dropped (no cell holds one)."""
        data = self._pending_bytes
        while data:
            yield _without_nul(self._decode(data))
            data = self._read()
        yield _without_nul(self._decode(b"", final=True))

    def __iter__(self) -> Iterator[str]:
        carry = ""
        done = 0
        for text in self.chunks():
            # StringIO with newline="" splits on \n, \r\n and \r, keeping the line ends.
            lines = io.StringIO(carry + text, newline="").readlines()
            # The last line may be cut by the chunk's end, and a final "\r" may be the
            # first half of "\r\n": keep it for the next chunk.
            carry = lines.pop() if lines and not lines[-1].endswith("\n") else ""
            yield from lines
            done += len(lines)
            if len(carry) > FIELD_LIMIT:
                raise LineTooLong(done + 1)
        if carry:
            yield carry


def _without_nul(text: str) -> str:
    return text.replace("\x00", "") if "\x00" in text else text


def _cp1252(data: bytes) -> str:
    # cp1252 leaves five bytes undefined; read those as latin-1 control characters.
    return "".join(_cp1252_byte(byte) for byte in data)


def _cp1252_byte(byte: int) -> str:
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(byte)


def sniff_delimiter(lines: list[str]) -> str:
    """The delimiter that splits the most lines into the same number (>1) of columns."""
    best, best_score = ",", (0, 0)
    for delimiter in DELIMITERS:
        counts: dict[int, int] = {}
        try:
            for row in csv.reader(lines, delimiter=delimiter):
                if len(row) > 1:
                    counts[len(row)] = counts.get(len(row), 0) + 1
        except csv.Error:
            continue
        if not counts:
            continue
        width, rows = max(counts.items(), key=lambda item: (item[1], item[0]))
        if (rows, width) > best_score:
            best, best_score = delimiter, (rows, width)
    return best


@dataclass
class CsvRows:
    """Parsed rows of a text stream, each with the physical line it starts on (1-based)."""

    lines: DecodedLines
    delimiter: str
    rows: Iterator[tuple[int, list[str]]]

    @property
    def bytes_read(self) -> int:
        return self.lines.bytes_read


def read_csv(stream: BinaryIO, warnings: list[str]) -> CsvRows:
    """Starts reading ``stream`` as CSV, sniffing the delimiter from its first lines.

    The cp1252 fallback warning is appended to ``warnings`` when it first happens.
    """
    lines = DecodedLines(stream)
    line_iter = _csv_lines(lines)
    sample: list[str] = []
    for line in line_iter:
        sample.append(line)
        if len(sample) >= SNIFF_LINES:
            break
    delimiter = sniff_delimiter(sample)
    rows = _numbered_rows(chain(sample, line_iter), delimiter, lines, warnings)
    return CsvRows(lines=lines, delimiter=delimiter, rows=rows)


def cell_too_large(line: int) -> str:
    """The reason a CSV whose cell on ``line`` is larger than the csv module reads gives."""
    return (
        f"Line {line} has a cell larger than {FIELD_LIMIT // 1024 // 1024} MB, more than an "
        "import reads; the rest of the file is not readable."
    )


def _csv_lines(lines: DecodedLines) -> Iterator[str]:
    # In a CSV, a line too long to keep holds a cell too large to keep.
    try:
        yield from lines
    except LineTooLong as error:
        raise UnsupportedFile(cell_too_large(error.line)) from error


def _numbered_rows(
    lines: Iterator[str], delimiter: str, decoded: DecodedLines, warnings: list[str]
) -> Iterator[tuple[int, list[str]]]:
    reader = csv.reader(lines, delimiter=delimiter)
    consumed = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            if "field larger than field limit" in str(error):
                raise UnsupportedFile(cell_too_large(consumed + 1)) from error
            raise UnsupportedFile(
                f"Line {consumed + 1} cannot be read as CSV ({error}); the rest of the file "
                "is not readable."
            ) from error
        finally:
            if decoded.fell_back_to_cp1252 and CP1252_WARNING not in warnings:
                warnings.append(CP1252_WARNING)
        start, consumed = consumed + 1, reader.line_num
        yield start, row

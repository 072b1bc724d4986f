"""Finding the header of a CSV and recognising which known file it is, by its columns.

LinkedIn's file names vary by era and locale but its English headers are stable,
so every file (alone or inside an archive) is recognised by its header row.
The header is found by scanning the first rows, never by skipping a fixed
number of lines: the ``Notes:`` preamble of Connections.csv has 0 to 4 lines.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from itertools import chain

from imports.readers.columns import normalise_name
from imports.readers.text import CsvRows

HEADER_SCAN_ROWS = 12


def csv_line(cells: list[str]) -> str:
    """The cells as one CSV line, quoted where they must be: a row error's raw text."""
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(cells)
    return out.getvalue()


class TableFormat(StrEnum):
    CONNECTIONS = "linkedin-connections"
    INVITATIONS = "linkedin-invitations"
    MESSAGES = "linkedin-messages"
    MEMBER_FOLLOWS = "linkedin-member-follows"
    LINKEDIN_NOTES = "linkedin-notes"
    LINKEDIN_PROFILE = "linkedin-profile"
    OWN_EXPORT = "network-crm-export"
    GOOGLE_CONTACTS = "google-contacts"
    TABLE = "csv"  # anything else: a profile list or a generic file


# Checked in order; a header matches when it holds every name of one of the sets.
_SIGNATURES: list[tuple[TableFormat, tuple[frozenset[str], ...]]] = [
    (TableFormat.OWN_EXPORT, (frozenset({"isconnection", "isfollower", "isfollowing", "tags"}),)),
    (TableFormat.CONNECTIONS, (frozenset({"firstname", "connectedon"}),)),
    (TableFormat.LINKEDIN_NOTES, (frozenset({"connectionprofileurl", "note"}),)),
    (TableFormat.INVITATIONS, (frozenset({"sentat", "direction"}),)),
    (TableFormat.MESSAGES, (frozenset({"from", "to", "date", "content"}),)),
    (TableFormat.MEMBER_FOLLOWS, (frozenset({"date", "status", "fullname"}),)),
    (
        TableFormat.LINKEDIN_PROFILE,
        (frozenset({"firstname", "lastname", "maidenname", "headline"}),),
    ),
    (
        TableFormat.GOOGLE_CONTACTS,
        (
            frozenset({"givenname", "familyname", "email1value"}),
            frozenset({"givenname", "familyname", "organization1name"}),
            frozenset({"firstname", "lastname", "email1value"}),
            frozenset({"firstname", "lastname", "organizationname", "fileas"}),
        ),
    ),
]


def classify_header(cells: list[str]) -> TableFormat | None:
    """Which known file a row is the header of, or None."""
    names = {normalise_name(cell) for cell in cells}
    for table_format, signatures in _SIGNATURES:
        if any(signature <= names for signature in signatures):
            return table_format
    return None


@dataclass
class Table:
    """A CSV's header, what it was recognised as, and its data rows still to stream."""

    format: TableFormat
    header: list[str]
    header_line: int
    rows: Iterator[tuple[int, list[str]]]
    source: CsvRows

    def __post_init__(self) -> None:
        self._names = [normalise_name(column) for column in self.header]

    def cells_by_name(self, cells: list[str]) -> dict[str, str]:
        """``{normalised column name: trimmed value}`` for one data row.

        A row wrapped whole in quotes (seen in hand-edited exports) arrives as one
        cell holding the delimiter; it is split again.
        """
        delimiter = self.source.delimiter
        if len(cells) == 1 and len(self._names) > 1 and delimiter in cells[0]:
            cells = next(csv.reader([cells[0]], delimiter=delimiter))
        return {
            name: value.strip() for name, value in zip(self._names, cells, strict=False) if name
        }


def find_table(source: CsvRows) -> Table | None:
    """Scans the first rows for a known header; else takes the first non-blank row.

    Returns None for a file with no non-blank row at all.
    """
    scanned: list[tuple[int, list[str]]] = []
    for line, cells in source.rows:
        scanned.append((line, cells))
        table_format = classify_header(cells)
        if table_format:
            return Table(table_format, _trimmed(cells), line, source.rows, source)
        if len(scanned) >= HEADER_SCAN_ROWS:
            break
    for index, (line, cells) in enumerate(scanned):
        if any(cell.strip() for cell in cells):
            rest = chain(scanned[index + 1 :], source.rows)
            return Table(TableFormat.TABLE, _trimmed(cells), line, rest, source)
    return None


def _trimmed(cells: list[str]) -> list[str]:
    return [cell.strip().strip('"').strip() for cell in cells]


def is_blank(cells: list[str]) -> bool:
    return not any(cell.strip() for cell in cells)

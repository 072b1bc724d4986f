"""CSV files, alone: recognise the table, then hand its rows to the reader for that format."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any, BinaryIO

from imports.readers import linkedin, profiles
from imports.readers.columns import header_signature, normalise_name, suggest_mapping
from imports.readers.google import read_google_contacts
from imports.readers.messages import read_messages
from imports.readers.own_export import read_own_rows
from imports.readers.tables import Table, TableFormat, find_table
from imports.readers.text import read_csv
from imports.records import Item, Section, SectionKind, UnsupportedFile

_NOT_PEOPLE = {
    TableFormat.LINKEDIN_PROFILE: (
        "This is your own LinkedIn profile (Profile.csv), not a list of people. "
        "Upload Connections.csv or the whole archive ZIP."
    ),
}


def csv_sections(
    stream: BinaryIO,
    name: str,
    declared_kind: str | None,
    mapping: dict[str, str] | None,
) -> Iterator[Section]:
    """The one section of a CSV file, read by the reader its header calls for."""
    warnings: list[str] = []
    table = find_table(read_csv(stream, warnings))
    if table is None:
        raise UnsupportedFile("The file has no rows.")
    yield table_section(
        table, name, warnings, declared_kind=declared_kind, mapping=mapping,
        bytes_total=_size(stream),
    )  # fmt: skip


def table_section(
    table: Table,
    name: str,
    warnings: list[str],
    *,
    declared_kind: str | None = None,
    mapping: dict[str, str] | None = None,
    owner: linkedin.ArchiveOwner | None = None,
    bytes_total: int = 0,
) -> Section:
    """A Section over a recognised table; raises UnsupportedFile when it holds no people."""
    if table.format in _NOT_PEOPLE:
        raise UnsupportedFile(_NOT_PEOPLE[table.format])
    kind, rows, is_snapshot = _reader_for(table, warnings, declared_kind, mapping, owner)
    return Section(
        name=name,
        kind=kind,
        rows=rows,
        is_snapshot=is_snapshot,
        bytes_total=bytes_total,
        bytes_read=lambda: table.source.bytes_read,
        warnings=warnings,
    )


def _reader_for(
    table: Table,
    warnings: list[str],
    declared_kind: str | None,
    mapping: dict[str, str] | None,
    owner: linkedin.ArchiveOwner | None,
) -> tuple[SectionKind, Iterator[Item], bool]:
    if mapping is None:
        if table.format is TableFormat.CONNECTIONS:
            return SectionKind.CONNECTIONS, linkedin.read_connections(table, warnings), True
        if table.format is TableFormat.INVITATIONS:
            return SectionKind.INVITATIONS, linkedin.read_invitations(table, owner), False
        if table.format is TableFormat.MEMBER_FOLLOWS:
            return SectionKind.FOLLOWING, linkedin.read_member_follows(table), False
        if table.format is TableFormat.LINKEDIN_NOTES:
            return SectionKind.NOTES, linkedin.read_linkedin_notes(table), False
        if table.format is TableFormat.GOOGLE_CONTACTS:
            return SectionKind.CONTACTS, read_google_contacts(table, declared_kind), False
        if table.format is TableFormat.OWN_EXPORT:
            rows = profiles.table_rows(table.header, table.rows)
            return SectionKind.CONTACTS, read_own_rows(rows, from_csv=True), False
        if table.format is TableFormat.MESSAGES:
            return SectionKind.MESSAGES, read_messages(table, warnings, owner), False
        refuse_a_file_of_no_conversations(table.header)
    chosen = profiles.mapping_for(table.header, mapping)
    rows = profiles.read_mapped_rows(
        profiles.table_rows(table.header, table.rows), chosen, declared_kind, warnings
    )
    return profiles.section_kind(mapping), rows, False


def refuse_a_file_of_no_conversations(header: list[str]) -> None:
    """LinkedIn writes "No conversations found" alone in a messages file with nothing in it."""
    if [normalise_name(column) for column in header] == ["noconversationsfound"]:
        raise UnsupportedFile(
            'This LinkedIn file holds no conversations (it says "No conversations found"): '
            "there is nobody in it to import."
        )


def csv_preview(stream: BinaryIO, rows: int) -> dict[str, Any]:
    """Preview fields of a CSV: its header, first rows and a suggested mapping."""
    table = find_table(read_csv(stream, []))
    if table is None:
        raise UnsupportedFile("The file has no rows.")
    refuse_a_file_of_no_conversations(table.header)
    first: list[list[str]] = []
    for _line, cells in table.rows:
        if len(first) >= rows:
            break
        first.append(cells)
    return {
        "format": str(table.format),
        "columns": table.header,
        "rows": first,
        "suggested_mapping": suggest_mapping(table.header),
        "signature": header_signature(table.header),
    }


def _size(stream: BinaryIO) -> int:
    try:
        return os.fstat(stream.fileno()).st_size
    except (OSError, AttributeError, ValueError):
        return 0

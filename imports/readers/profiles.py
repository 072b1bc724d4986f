"""Profile lists from export tools, and generic files with a user-confirmed column mapping.

Phantombuster, Linked Helper, naas and the like name their columns in many ways;
``columns.SYNONYMS`` maps the known names. What the people are (followers,
people I follow, connections, plain contacts) is not in such files: the user
declares it, and the reader sets that fact on every record.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

from imports.readers.columns import RecordBuilder, identifies_people, suggest_mapping
from imports.readers.implausible import ImplausibleValues
from imports.records import (
    NO_IDENTITY,
    Item,
    PersonRecord,
    RowError,
    SectionKind,
    SkippedRow,
    UnsupportedFile,
)

DECLARED_KINDS = ("connections", "followers", "following", "contacts")


def check_declared_kind(declared_kind: str | None) -> None:
    if declared_kind is not None and declared_kind not in DECLARED_KINDS:
        raise UnsupportedFile(
            f"The people in a file can be {', '.join(DECLARED_KINDS)}, not {declared_kind!r}."
        )


def mapping_for(columns: list[str], mapping: Mapping[str, str] | None) -> dict[str, str]:
    """The confirmed mapping, else one suggested from column names; refuses if nobody is named."""
    chosen = dict(mapping) if mapping is not None else suggest_mapping(columns)
    missing = sorted(set(chosen) - set(columns))
    if mapping is not None and missing:
        raise UnsupportedFile(
            f"The column mapping names columns the file does not have: {', '.join(missing)}."
        )
    if not identifies_people(chosen):
        shown = ", ".join(repr(column) for column in columns[:8])
        raise UnsupportedFile(
            f"The columns were not recognised ({shown}{', ...' if len(columns) > 8 else ''}): "
            "none holds a profile URL, an email or a name. Choose what each column holds "
            "on the import preview."
        )
    return chosen


def section_kind(mapping: Mapping[str, str] | None) -> SectionKind:
    return SectionKind.CONTACTS if mapping is not None else SectionKind.PROFILES


def declare(record: PersonRecord, declared_kind: str | None) -> PersonRecord:
    """Sets the relationship the user declared for the whole file."""
    if declared_kind == "connections":
        record.is_connection = True
    elif declared_kind == "followers":
        record.is_follower = True
    elif declared_kind == "following":
        record.is_following = True
    return record


def read_mapped_rows(
    rows: Iterable[tuple[int, Mapping[str, object] | None, str]],
    mapping: Mapping[str, str],
    declared_kind: str | None,
    warnings: list[str],
    unit: str = "line",
) -> Iterator[Item]:
    """Records from ``(line, {column: value} or None when unreadable, raw text)`` rows.

    An email that is not an address and a date to come are left out of their
    record; once the rows are read, ``warnings`` gets one line for each kind,
    naming the first row by its ``unit`` ("line", or "item" of a JSON array).
    """
    builder = RecordBuilder(mapping)
    implausible = ImplausibleValues(unit=unit)
    for line, values, raw in rows:
        if values is None:
            yield RowError(line, "not an object with named fields", raw[:1000])
            continue
        item = builder.build(line, values)
        if isinstance(item, SkippedRow) and builder.states_something(values):
            # A headline or a company with nobody to give it to is kept to be fixed.
            yield RowError(line, NO_IDENTITY, raw[:1000])
            continue
        if isinstance(item, PersonRecord):
            item = implausible.leave_out(item, raw[:1000])
        yield declare(item, declared_kind) if isinstance(item, PersonRecord) else item
    warnings.extend(implausible.warnings())


def table_rows(
    header: list[str], rows: Iterable[tuple[int, list[str]]]
) -> Iterator[tuple[int, dict[str, str], str]]:
    """CSV rows as ``(line, {column: value}, raw)`` for ``read_mapped_rows``."""
    for line, cells in rows:
        yield line, dict(zip(header, cells, strict=False)), ",".join(cells)

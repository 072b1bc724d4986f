"""Google Contacts CSV, the legacy "Google CSV" and the current labeled format.

Several values share a cell joined by `` ::: ``; the first email and phone are
kept. The LinkedIn profile is taken from the Website fields; labels and groups
the user made (not Google's own ``* myContacts``, ``* Starred``) become tags.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from imports.readers.columns import finish_record, normalise_name
from imports.readers.profiles import declare
from imports.readers.tables import Table, is_blank
from imports.records import Item, PersonRecord, SkippedRow

_MULTI = " ::: "
_LINKEDIN = re.compile(r"linkedin\.com/(?:[\w-]+/)?in/", re.IGNORECASE)


def read_google_contacts(table: Table, declared_kind: str | None) -> Iterator[Item]:
    """One record per contact row; blank rows are skipped."""
    names = [normalise_name(column) for column in table.header]
    for line, cells in table.rows:
        if is_blank(cells):
            yield SkippedRow(line, "blank row")
            continue
        row: dict[str, str] = {}
        for name, value in zip(names, cells, strict=False):
            row.setdefault(name, value.strip())
        item = finish_record(_record(line, row))
        yield declare(item, declared_kind) if isinstance(item, PersonRecord) else item


def _record(line: int, row: dict[str, str]) -> PersonRecord:
    websites = [url for key, value in row.items() if _is_value_of("website", key)
                for url in _values(value)]  # fmt: skip
    linkedin = [url for url in websites if _LINKEDIN.search(url)]
    others = [url for url in websites if not _LINKEDIN.search(url)]
    first = row.get("firstname") or row.get("givenname", "")
    last = row.get("lastname") or row.get("familyname", "")
    return PersonRecord(
        line=line,
        first_name=first,
        last_name=last,
        display_name="" if (first or last) else row.get("name", ""),
        email=_first(row, "email"),
        phone=_first(row, "phone"),
        company=row.get("organizationname") or _first_of(row.get("organization1name", "")),
        position=row.get("organizationtitle") or _first_of(row.get("organization1title", "")),
        location=row.get("address1city") or _first_of(row.get("location", "")),
        profile_url=linkedin[0] if linkedin else "",
        website=others[0] if others else "",
        notes=[row["notes"]] if row.get("notes") else [],
        tags=_labels(row.get("labels") or row.get("groupmembership", "")),
    )


def _is_value_of(kind: str, key: str) -> bool:
    return bool(re.fullmatch(rf"{kind}\d+value", key))


def _first(row: dict[str, str], kind: str) -> str:
    numbered = sorted((int(re.sub(r"\D", "", k)), k) for k in row if _is_value_of(kind, k))
    for _number, key in numbered:
        values = _values(row[key])
        if values:
            return values[0]
    return ""


def _values(cell: str) -> list[str]:
    return [value.strip() for value in cell.split(_MULTI) if value.strip()]


def _first_of(cell: str) -> str:
    values = _values(cell)
    return values[0] if values else ""


def _labels(cell: str) -> list[str]:
    return [label for label in _values(cell) if not label.startswith("*")]

"""Streaming exports of a contact queryset: CSV, JSON and vCard 3.0.

Each writer walks ``export_rows`` (plain values, a chunk at a time, with
their tags and notes), so memory stays flat however many contacts there are,
and returns how many contacts it wrote. The CSV and JSON files are the backup
format: importing them restores every contact with its relationship facts and
dates, its tags with their colours and its notes with when they were written
(``imports.readers.own_export``). The CSV holds the tags, their colours and the
notes as JSON cells, the same values as the JSON file.
"""

from __future__ import annotations

import csv
import json
from datetime import date, datetime
from typing import IO, Any

import vobject
from django.db import connection
from django.db.models import QuerySet

from contacts.export_copy import copy_csv
from contacts.export_rows import ExportRow, export_rows
from contacts.identity import profile_url
from contacts.models import Contact
from contacts.validation import is_web_address
from imports.readers.own_export import COLUMNS, FORMULA_CHARACTERS, protect

EXCEL_BOM = "\ufeff"  # Excel opens a CSV as UTF-8 only when it starts with a BOM
LIST_COLUMNS = ("tags", "tag_colours", "notes")
FIELDS = tuple(column for column in COLUMNS if column not in LIST_COLUMNS)
CARD_FIELDS = (
    "first_name", "last_name", "display_name", "email", "phone", "position", "company",
    "website", "slug", "location",
)  # fmt: skip
TAG_CELLS_KEPT = 10_000
# RFC 6350 3.2 / RFC 2426 2.6: a content line SHOULD NOT be longer than 75 octets.
CARD_LINE_OCTETS = 75
UNFOLDED = 10**9  # vobject folds by characters, so a short line of emoji can run to 300 octets
FORMULA_STARTS = "'" + FORMULA_CHARACTERS  # a cell starting with anything else needs no protect()


def _columns_of_type(*types: str) -> tuple[int, ...]:
    return tuple(
        i for i, name in enumerate(FIELDS)
        if Contact._meta.get_field(name).get_internal_type() in types
    )  # fmt: skip


# The csv module writes None as "" and a date as its ISO form already; these
# columns need more. Converting by column position, inline, keeps a million
# rows to seconds, where a converter call per cell cost twice as long.
_TEXT_COLUMNS = _columns_of_type("CharField", "TextField")
_BOOL_COLUMNS = _columns_of_type("BooleanField")
_DATETIME_COLUMNS = _columns_of_type("DateTimeField")


def _json_cell(values: list[Any] | dict[str, str]) -> str:
    return protect(json.dumps(values, ensure_ascii=False)) if values else ""


def _tag_cells(tags: tuple[tuple[str, str], ...]) -> tuple[str, str]:
    """The tags cell and the tag colours cell."""
    return _json_cell([name for name, _ in tags]), _json_cell(dict(tags))


def _dated_notes(notes: list[tuple[str, str]]) -> list[dict[str, str]]:
    return [{"body": body, "created_at": created_at} for body, created_at in notes]


def write_csv(contacts: QuerySet[Contact], out: IO[str]) -> int:
    """Writes ``contacts`` as CSV (UTF-8 with a BOM, formula-safe cells); returns the count.

    On PostgreSQL the database itself writes the rows (``export_copy``).
    """
    out.write(EXCEL_BOM)
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    if connection.vendor == "postgresql":
        return copy_csv(contacts, COLUMNS, out)
    return write_csv_rows(contacts, writer)


def write_csv_rows(contacts: QuerySet[Contact], writer: Any) -> int:
    """The data rows of ``write_csv``, built in Python (any database); returns the count."""
    count = 0
    # A few tag combinations repeat across many rows.
    tag_cells: dict[tuple[tuple[str, str], ...], tuple[str, str]] = {}
    for row in export_rows(contacts, FIELDS):
        cells = list(row.values)
        for i in _TEXT_COLUMNS:
            value = cells[i]
            if value and value[0] in FORMULA_STARTS:
                cells[i] = protect(value)
        for i in _BOOL_COLUMNS:
            cells[i] = "true" if cells[i] else "false"
        for i in _DATETIME_COLUMNS:
            if cells[i] is not None:
                cells[i] = cells[i].isoformat()
        tags_cells = tag_cells.get(row.tags)
        if tags_cells is None:
            tags_cells = _tag_cells(row.tags)
            if len(tag_cells) < TAG_CELLS_KEPT:
                tag_cells[row.tags] = tags_cells
        cells += tags_cells
        cells.append(_json_cell(_dated_notes(row.notes)))
        writer.writerow(cells)
        count += 1
    return count


def write_json(contacts: QuerySet[Contact], out: IO[str]) -> int:
    """Writes ``contacts`` as a JSON array streamed object by object; returns the count."""
    out.write("[")
    count = 0
    for row in export_rows(contacts, FIELDS):
        item = dict(zip(FIELDS, row.values, strict=True))
        item["tags"] = row.tag_names
        item["tag_colours"] = dict(row.tags)
        item["notes"] = _dated_notes(row.notes)
        out.write(",\n" if count else "\n")
        out.write(json.dumps(item, ensure_ascii=False, default=_iso))
        count += 1
    out.write("\n]\n" if count else "]\n")
    return count


def write_vcard(contacts: QuerySet[Contact], out: IO[str]) -> int:
    """Writes ``contacts`` as vCard 3.0 cards, for address books; returns the count."""
    count = 0
    for row in export_rows(contacts, CARD_FIELDS):
        card = _card(dict(zip(CARD_FIELDS, row.values, strict=True)), row)
        out.write(_folded(card.serialize(lineLength=UNFOLDED)))
        count += 1
    return count


WRITERS = {"csv": write_csv, "json": write_json, "vcard": write_vcard}


def _iso(value: Any) -> str:
    if isinstance(value, date | datetime):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def _folded(card: str) -> str:
    """The card with each line folded at 75 octets, never inside a UTF-8 character."""
    return "\r\n".join(_fold(line) for line in card.split("\r\n"))


def _fold(line: str) -> str:
    if len(line.encode()) <= CARD_LINE_OCTETS:
        return line
    pieces: list[str] = []
    piece: list[str] = []
    octets = 0
    for character in line:
        size = len(character.encode())
        if octets + size > CARD_LINE_OCTETS:
            pieces.append("".join(piece))
            piece, octets = [], 1  # a continuation line starts with a space
        piece.append(character)
        octets += size
    pieces.append("".join(piece))
    return "\r\n ".join(pieces)


def _card(contact: dict[str, Any], row: ExportRow) -> Any:
    card = vobject.vCard()
    name = contact["display_name"] or " ".join(
        part for part in (contact["first_name"], contact["last_name"]) if part
    )
    card.add("fn").value = name or contact["email"] or contact["slug"] or "Unnamed"
    card.add("n").value = vobject.vcard.Name(
        family=contact["last_name"], given=contact["first_name"]
    )
    fields = {"email": contact["email"], "tel": contact["phone"], "title": contact["position"]}
    for key, value in fields.items():
        if value:
            card.add(key).value = value
    if contact["company"]:
        card.add("org").value = [contact["company"]]
    if contact["location"]:
        # "Lyon, France": the part after the last comma is the country, as the import reads it.
        city, _, country = contact["location"].rpartition(", ")
        card.add("adr").value = vobject.vcard.Address(
            city=city or country, country=country if city else ""
        )
    # An import keeps a website as the file gave it; an address book may make a link of it.
    for url in (profile_url(contact["slug"]), contact["website"]):
        if url and is_web_address(url):
            card.add("url").value = url
    if row.tags:
        card.add("categories").value = row.tag_names
    notes = [body for body, _ in row.notes]
    if notes:
        card.add("note").value = "\n\n".join(notes)
    return card

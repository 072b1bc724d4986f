"""The CSV export on PostgreSQL, written by the database: ``COPY (SELECT ...) TO STDOUT``.

The same cells, in the same (id) order, as ``exports.write_csv`` writes row by
row in Python: formula characters protected, ``true``/``false``, ISO dates,
datetimes as Python's ``isoformat()`` in UTC, tags (sorted by code point) as a
JSON array, their colours as a JSON object and notes (oldest first) as a JSON
array of ``{"body", "created_at"}``, each spelled as Python's ``json.dumps``
spells it. PostgreSQL builds every cell
and quotes the CSV; Python only passes the bytes on, a chunk at a time, so
memory stays flat and the rate is the database's. The file differs from the
Python writer's only in how CSV spells the same values (``""`` for an empty
text, ``\\n`` line ends), which every CSV reader, and this app's import, reads
the same.
"""

from __future__ import annotations

import codecs
from typing import IO

from django.db import connection
from django.db.models import QuerySet

from contacts.models import Contact, Note, Tag, TaggedContact
from imports.readers.own_export import FORMULA_CHARACTERS

# Any run of quotes then a character a spreadsheet starts a formula with: as protect().
_FORMULA = f"'^''*[{FORMULA_CHARACTERS}]'"


def _protected(column: str) -> str:
    return f"CASE WHEN c.{column} ~ {_FORMULA} THEN '''' || c.{column} ELSE c.{column} END"


def _boolean(column: str) -> str:
    return f"CASE WHEN c.{column} THEN 'true' ELSE 'false' END"


def _date(column: str) -> str:
    return f"to_char(c.{column}, 'YYYY-MM-DD')"


def _datetime(column: str, table: str = "c") -> str:
    utc = f"({table}.{column} AT TIME ZONE 'UTC')"
    fraction = (
        f"CASE WHEN date_trunc('second', {utc}) = {utc} THEN '' ELSE to_char({utc}, '.US') END"
    )
    return f"to_char({utc}, 'YYYY-MM-DD\"T\"HH24:MI:SS') || {fraction} || '+00:00'"


def _json_text(expression: str) -> str:
    """A text as a JSON string: escaped as ``json.dumps(ensure_ascii=False)`` escapes it."""
    return f"to_json({expression})::text"


def _tags_by_contact(ids_sql: str) -> str:
    """Each chosen contact's tags, and their colours, as two JSON cells: aggregated in one
    pass, not per row. The colours object is spelled out (``json_object_agg`` writes
    ``" : "``, and ``jsonb`` orders keys by length)."""
    by_name = 'ORDER BY t.name COLLATE "C"'
    colour = f"{_json_text('t.name')} || ': ' || {_json_text('t.colour')}"
    return (
        f"SELECT tc.content_object_id AS id, json_agg(t.name {by_name})::text AS cell, "
        f"'{{' || string_agg({colour}, ', ' {by_name}) || '}}' AS colours "
        f"FROM {TaggedContact._meta.db_table} tc "
        f"JOIN {Tag._meta.db_table} t ON t.id = tc.tag_id "
        f"WHERE tc.content_object_id IN ({ids_sql}) GROUP BY tc.content_object_id"
    )


def _notes_by_contact(ids_sql: str) -> str:
    note = (
        f"""'{{"body": ' || {_json_text("n.body")} || ', "created_at": ' """
        f"|| {_json_text(_datetime('created_at', table='n'))} || '}}'"
    )
    return (
        f"SELECT n.contact_id AS id, "
        f"'[' || string_agg({note}, ', ' ORDER BY n.created_at, n.id) || ']' AS cell "
        f"FROM {Note._meta.db_table} n WHERE n.contact_id IN ({ids_sql}) GROUP BY n.contact_id"
    )


_CELLS = {
    "CharField": _protected,
    "TextField": _protected,
    "BooleanField": _boolean,
    "DateField": _date,
    "DateTimeField": _datetime,
}


def _cell(column: str) -> str:
    if column == "tags":
        return "tags.cell"
    if column == "tag_colours":
        return "tags.colours"
    if column == "notes":
        return "notes.cell"
    kind = Contact._meta.get_field(column).get_internal_type()
    return _CELLS.get(kind, lambda name: f"c.{name}")(column)


def copy_csv(contacts: QuerySet[Contact], columns: tuple[str, ...], out: IO[str]) -> int:
    """Writes the data rows of ``contacts`` (no header), in id order; returns how many.

    The queryset comes in as the ids to export, joined back to the table. Selecting
    the cells from the queryset itself reads the table once, but PostgreSQL then walks
    the primary key through other users' rows (45,617-50,034 against 55,064-64,137
    rows/s for 1.03M contacts among 6.65M, measured side by side). Tags and notes
    are aggregated per contact in one grouped pass each, joined in id order: a
    subquery per row took the COPY's SELECT from 4.5 s to 9.3 s at 1.03M contacts.
    """
    ids_sql, params = contacts.order_by().values("pk").query.sql_with_params()
    select = ", ".join(_cell(column) for column in columns)
    statement = (
        f"COPY (SELECT {select} FROM {Contact._meta.db_table} c "
        f"LEFT JOIN ({_tags_by_contact(ids_sql)}) tags ON tags.id = c.id "
        f"LEFT JOIN ({_notes_by_contact(ids_sql)}) notes ON notes.id = c.id "
        f"WHERE c.id IN ({ids_sql}) ORDER BY c.id) TO STDOUT (FORMAT csv)"
    )
    params = (*params, *params, *params)
    decoder = codecs.getincrementaldecoder("utf-8")()
    with connection.cursor() as cursor:
        with cursor.cursor.copy(statement, params) as copy:
            for chunk in copy:
                out.write(decoder.decode(chunk))
        out.write(decoder.decode(b"", final=True))
        return cursor.cursor.rowcount

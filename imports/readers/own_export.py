"""The project's own export (CSV or JSON, see ``contacts.exports``), read back as a restore.

The CSV writer protects spreadsheet users from formula injection by putting a
``'`` before a cell that starts with ``= + - @``, a tab or a CR (or with
quotes followed by one of those); ``unprotect`` removes exactly that one
character, so an export followed by an import gives back the same values.

Tags, their colours and the notes are JSON in a CSV cell, as in the JSON file:
``["Investor", "plain"]``, ``{"Investor": "#0ea5e9", "plain": "#64748b"}`` and
``[{"body": "Met at...", "created_at": "2021-06-01T09:30:00+00:00"}]``. Exports
made before colours and note dates were written (notes as a list of texts) read
as well: their tags get the default colour, their notes the time of the import.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, datetime
from typing import Any

from contacts.validation import is_tag_colour
from imports.readers.columns import finish_record
from imports.readers.dates import parse_date, parse_datetime
from imports.records import Item, PersonRecord, RowError

TEXT_FIELDS = (
    "first_name", "last_name", "display_name", "headline", "position", "company", "location",
    "email", "phone", "website", "profile_url", "invitation",
)  # fmt: skip
FACTS = ("is_connection", "is_follower", "is_following")
DATES = ("connected_on", "disconnected_on", "followed_me_on", "following_since")
DATETIMES = ("invitation_at", "last_interaction_at")
COLUMNS = (
    *TEXT_FIELDS[:11], "is_connection", "connected_on", "disconnected_on", "is_follower",
    "followed_me_on", "is_following", "following_since", "invitation", "invitation_at",
    "last_interaction_at", "message_count", "tags", "tag_colours", "notes",
)  # fmt: skip
# What a spreadsheet starts a formula with ("-" first: a literal in any regex bracket).
FORMULA_CHARACTERS = "-=+@\t\r"
_PROTECTED = re.compile(f"'+[{re.escape(FORMULA_CHARACTERS)}]")


def protect(value: str) -> str:
    """A cell value a spreadsheet will not run as a formula."""
    return "'" + value if _PROTECTED.match("'" + value) else value


def unprotect(value: str) -> str:
    """Undoes ``protect``."""
    return value[1:] if _PROTECTED.match(value) else value


def read_own_rows(
    rows: Iterable[tuple[int, Mapping[str, Any] | None, str]], *, from_csv: bool
) -> Iterator[Item]:
    """Records restored from exported rows: every fact with its date, tags and notes."""
    for line, values, raw in rows:
        if values is None:
            yield RowError(line, "not an object with named fields", raw[:1000])
            continue
        try:
            yield finish_record(_record(line, values, from_csv), split_names=False)
        except (ValueError, TypeError) as error:
            yield RowError(line, f"not a row of this app's export ({error})", raw[:1000])


def _record(line: int, values: Mapping[str, Any], from_csv: bool) -> PersonRecord:
    def text(name: str) -> str:
        value = values.get(name)
        if value is None:
            return ""
        return unprotect(str(value)) if from_csv else str(value)

    record = PersonRecord(line=line)
    for name in TEXT_FIELDS:
        setattr(record, name, text(name).strip())
    for name in FACTS:
        setattr(record, name, _fact(values.get(name)))
    for name in DATES:
        setattr(record, name, parse_date(text(name)))
    for name in DATETIMES:
        setattr(record, name, _moment(text(name)))
    record.message_count = int(text("message_count") or 0)
    record.tags = [str(tag) for tag in _list(values.get("tags"), from_csv)]
    record.tag_colours = _colours(values.get("tag_colours"), from_csv)
    notes = _list(values.get("notes"), from_csv)
    record.notes = [_note_body(note) for note in notes]
    record.note_dates = {
        _note_body(note).strip(): written_at
        for note in notes
        if isinstance(note, dict) and (written_at := _moment(str(note.get("created_at", ""))))
    }
    return record


def _moment(text: str) -> datetime | None:
    """The export's ISO 8601 moment, to the microsecond; any other date shape a hand
    edit may leave, to the second."""
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        return parse_datetime(text)
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _fact(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    text = str(value or "").strip().lower()
    return {"true": True, "false": False}.get(text)


def _cell(value: Any, from_csv: bool, shape: type, error: str) -> Any:
    """A list or object column: JSON text in a CSV cell, the value itself in a JSON file."""
    if value in (None, ""):
        return shape()
    if from_csv:
        value = json.loads(unprotect(str(value)))
    if not isinstance(value, shape):
        raise ValueError(error)
    return value


def _list(value: Any, from_csv: bool) -> list[Any]:
    return _cell(value, from_csv, list, "tags and notes must be lists")


def _colours(value: Any, from_csv: bool) -> dict[str, str]:
    """Tag name -> #rrggbb; a colour that is not one is left out (the tag gets the default)."""
    colours = _cell(value, from_csv, dict, "tag colours must be an object of tag names")
    return {
        str(name).strip(): colour.lower()
        for name, colour in colours.items()
        if isinstance(colour, str) and is_tag_colour(colour)
    }


def _note_body(note: Any) -> str:
    return str(note.get("body", "")) if isinstance(note, dict) else str(note)

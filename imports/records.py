"""What readers yield and the import pipeline consumes, whatever the file's format.

A reader turns one uploaded file into one or more ``Section``s (a plain CSV is
one section; a LinkedIn archive has one per member it understands). Each
section streams ``PersonRecord``s, ``SkippedRow``s and ``RowError``s in file
order. Readers are deterministic: reading the same file twice yields the same
items in the same order, so a job can resume after its last checkpoint by
skipping the items it already committed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum


class SectionKind(StrEnum):
    CONNECTIONS = "connections"  # LinkedIn Connections.csv
    INVITATIONS = "invitations"  # LinkedIn Invitations.csv
    MESSAGES = "messages"  # LinkedIn messages.csv, aggregated per person
    FOLLOWING = "following"  # LinkedIn Member_Follows.csv
    NOTES = "notes"  # LinkedIn Notes.csv
    PROFILES = "profiles"  # follower and profile lists from export tools
    CONTACTS = "contacts"  # address books, generic files, the project's own export


class UnsupportedFile(Exception):
    """The file cannot be imported; the message says why, in words for the user."""


@dataclass(slots=True)
class PersonRecord:
    """One person as one row describes them. Empty strings and None mean "not stated"."""

    line: int
    profile_url: str = ""
    email: str = ""
    first_name: str = ""
    last_name: str = ""
    display_name: str = ""
    headline: str = ""
    position: str = ""
    company: str = ""
    location: str = ""
    phone: str = ""
    website: str = ""
    is_connection: bool | None = None
    connected_on: date | None = None
    disconnected_on: date | None = None  # only the project's own export states it
    is_follower: bool | None = None
    followed_me_on: date | None = None
    is_following: bool | None = None
    following_since: date | None = None
    invitation: str = ""  # "sent" or "received"
    invitation_at: datetime | None = None
    last_interaction_at: datetime | None = None
    message_count: int = 0  # messages with this person found in this file
    notes: list[str] = field(default_factory=list)
    # When a note was written, where the file says it: note text -> moment.
    note_dates: dict[str, datetime] = field(default_factory=dict)
    tags: list[str] = field(default_factory=list)
    # A tag's colour (#rrggbb), where the file says it: tag name -> colour.
    tag_colours: dict[str, str] = field(default_factory=dict)

    def stated(self) -> str:
        """What the row states, as ``field: value; …``: a row error's raw text, when its
        cells are not at hand."""
        return "; ".join(
            f"{name}: {value}"
            for name in _STATED_FIELDS
            if (value := getattr(self, name)) not in ("", None, False, 0, [])
        )


NO_IDENTITY = "no name, LinkedIn profile URL or email to recognise this person by"


@dataclass(slots=True)
class SkippedRow:
    """A row that is deliberately not imported (a hidden account's date-only row, a blank row)."""

    line: int
    reason: str


@dataclass(slots=True)
class RowError:
    """A row that could not be read; kept for the downloadable error report."""

    line: int
    reason: str
    raw: str


Item = PersonRecord | SkippedRow | RowError


@dataclass
class Section:
    """One stream of rows from one file or archive member."""

    name: str
    kind: SectionKind
    rows: Iterator[Item]
    is_snapshot: bool = False  # a complete Connections list: connections absent from it are gone
    bytes_total: int = 0
    bytes_read: Callable[[], int] = lambda: 0
    warnings: list[str] = field(default_factory=list)
    # What a row's number counts: "line" (CSV, NDJSON, vCard) or "item" (a JSON array's).
    row_unit: str = "line"


_STATED_FIELDS = [
    name
    for name in PersonRecord.__dataclass_fields__
    if name not in ("line", "note_dates", "tag_colours")
]

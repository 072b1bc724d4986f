"""Turning records into contact rows: normalised the way ``Contact.save`` does, repeats merged.

A row is identified by its LinkedIn slug, else its email, else (for files with
neither, like LinkedIn's 2021 Connections.csv) by its name and connection date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from datetime import date, datetime

from contacts.identity import normalise_email, profile_slug, profile_url
from contacts.models import Contact
from imports.records import PersonRecord

TEXT_FIELDS = (
    "first_name",
    "last_name",
    "display_name",
    "headline",
    "position",
    "company",
    "location",
    "phone",
    "website",
    "invitation",
)
_MAX_LENGTH = {name: Contact._meta.get_field(name).max_length for name in TEXT_FIELDS}
# The plain form most exports write; profile_slug gives the same slug, ten times slower.
_PLAIN_PROFILE_URL = re.compile(r"https?://(?:www\.)?linkedin\.com/in/([A-Za-z0-9_-]{1,200})/?")
_UNQUOTED_SLUG = re.compile(r"[a-z0-9_.~-]+")


def _slug_of(url: str) -> str:
    if not url:
        return ""
    plain = _PLAIN_PROFILE_URL.fullmatch(url)
    return plain.group(1).lower() if plain else profile_slug(url)


def _canonical_url(slug: str) -> str:
    # Quoting leaves such a slug as it is; skipping it halves the cost of the URL.
    return (
        f"https://www.linkedin.com/in/{slug}/"
        if _UNQUOTED_SLUG.fullmatch(slug)
        else profile_url(slug)
    )


# Who a row without profile or email is: two such rows are one person when all of these
# agree (a phone tells apart two address-book people of one name).
NAME_KEY_FIELDS = ("first_name", "last_name", "display_name", "connected_on", "phone")


@dataclass(slots=True)
class ContactRow:
    """One person's values for the upsert; "" / False / None / 0 mean "not stated"."""

    line: int
    slug: str = ""
    email: str = ""
    profile_url: str = ""
    first_name: str = ""
    last_name: str = ""
    display_name: str = ""
    headline: str = ""
    position: str = ""
    company: str = ""
    location: str = ""
    phone: str = ""
    website: str = ""
    invitation: str = ""
    is_connection: bool = False
    connected_on: date | None = None
    disconnected_on: date | None = None
    is_follower: bool = False
    followed_me_on: date | None = None
    is_following: bool = False
    following_since: date | None = None
    invitation_at: datetime | None = None
    last_interaction_at: datetime | None = None
    message_count: int = 0
    # The existing contact a row without slug or email was matched to, by name and date.
    target_id: int | None = None
    notes: list[str] = field(default_factory=list)
    note_dates: dict[str, datetime] = field(default_factory=dict)  # note -> when written
    tags: list[str] = field(default_factory=list)
    tag_colours: dict[str, str] = field(default_factory=dict)  # tag -> its colour, if stated

    @property
    def key(self) -> tuple:
        if self.target_id:
            return ("id", self.target_id)
        if self.slug:
            return ("slug", self.slug)
        if self.email:
            return ("email", self.email)
        return ("name", *(getattr(self, name) for name in NAME_KEY_FIELDS))

    @property
    def name(self) -> str:
        return self.display_name or " ".join(p for p in (self.first_name, self.last_name) if p)


STAGED_FIELDS = tuple(
    f.name
    for f in fields(ContactRow)
    if f.name not in ("line", "notes", "note_dates", "tags", "tag_colours", "target_id")
)


def without_nul(value: str) -> str:
    """The text without NUL characters, which PostgreSQL cannot store (JSON can hold them)."""
    return value.replace("\x00", "")


def _text(value: str, name: str) -> str:
    if not value:
        return ""
    return " ".join(without_nul(value).split())[: _MAX_LENGTH[name]]


def _texts(values: list[str]) -> list[str]:
    """The non-empty values, trimmed and without NULs."""
    if not values:
        return []
    return [text for text in (without_nul(value).strip() for value in values) if text]


def contact_row(record: PersonRecord) -> ContactRow | None:
    """The record as a normalised row, or None when nothing in it identifies a person."""
    slug = _slug_of(record.profile_url)
    email = normalise_email(record.email) if record.email else ""
    first_name = _text(record.first_name, "first_name")
    last_name = _text(record.last_name, "last_name")
    display_name = _text(record.display_name, "display_name")
    if not (slug or email or first_name or last_name or display_name):
        return None
    invitation = _text(record.invitation, "invitation")
    return ContactRow(
        line=record.line,
        slug=slug,
        email=email,
        profile_url=_canonical_url(slug) if slug else "",
        first_name=first_name,
        last_name=last_name,
        display_name=display_name,
        headline=_text(record.headline, "headline"),
        position=_text(record.position, "position"),
        company=_text(record.company, "company"),
        location=_text(record.location, "location"),
        phone=_text(record.phone, "phone"),
        website=_text(record.website, "website"),
        # A connection has no pending invitation (see merge_rules).
        invitation=invitation
        if invitation in ("sent", "received") and not record.is_connection
        else "",
        is_connection=bool(record.is_connection),
        connected_on=record.connected_on,
        # A stated end of a connection counts only when the row does not connect again.
        disconnected_on=None if record.is_connection else record.disconnected_on,
        is_follower=bool(record.is_follower),
        followed_me_on=record.followed_me_on,
        is_following=bool(record.is_following),
        following_since=record.following_since,
        invitation_at=record.invitation_at,
        last_interaction_at=record.last_interaction_at,
        message_count=max(0, record.message_count),
        notes=_texts(record.notes),
        note_dates=record.note_dates,
        tags=_texts(record.tags),
        tag_colours=record.tag_colours,
    )


def _earliest(a: date | None, b: date | None) -> date | None:
    return min(a, b) if a and b else a or b


def _latest(a: date | None, b: date | None) -> date | None:
    return max(a, b) if a and b else a or b


def merge_into(kept: ContactRow, repeat: ContactRow) -> None:
    """Fold a later row for the same person into the first: stated values win, dates by rule."""
    for name in (*TEXT_FIELDS, "email", "profile_url"):
        value = getattr(repeat, name)
        if value:
            setattr(kept, name, value)
    kept.is_connection |= repeat.is_connection
    kept.is_follower |= repeat.is_follower
    kept.is_following |= repeat.is_following
    kept.connected_on = _earliest(kept.connected_on, repeat.connected_on)
    kept.disconnected_on = (
        None if kept.is_connection else _latest(kept.disconnected_on, repeat.disconnected_on)
    )
    kept.followed_me_on = _earliest(kept.followed_me_on, repeat.followed_me_on)
    kept.following_since = _earliest(kept.following_since, repeat.following_since)
    kept.invitation_at = _latest(kept.invitation_at, repeat.invitation_at)
    if kept.is_connection:
        kept.invitation = ""
    kept.last_interaction_at = _latest(kept.last_interaction_at, repeat.last_interaction_at)
    kept.message_count = max(kept.message_count, repeat.message_count)
    kept.notes += [note for note in repeat.notes if note not in kept.notes]
    kept.note_dates = {**repeat.note_dates, **kept.note_dates}
    kept.tags += [tag for tag in repeat.tags if tag not in kept.tags]
    kept.tag_colours = {**repeat.tag_colours, **kept.tag_colours}


def collapse(rows: list[ContactRow]) -> list[ContactRow]:
    """One row per person: rows with the same identity are merged, in first-seen order."""
    by_key: dict[tuple, ContactRow] = {}
    for row in rows:
        kept = by_key.get(row.key)
        if kept is None:
            by_key[row.key] = row
        else:
            merge_into(kept, row)
    return list(by_key.values())

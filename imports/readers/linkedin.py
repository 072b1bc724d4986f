"""LinkedIn's people files: Connections, Invitations, Member_Follows, Notes and Profile.

Columns are taken by name, so every era reads the same way (the URL column
arrived in 2023, the 2016 layout has Address/Websites/Instant Messengers).

Invitations before late 2023 and every Member_Follows row name a person but
carry no profile URL. Such a record holds the name only (``display_name``, split
into first and last) and no invented identity: it must match an existing
contact only when exactly one of the owner's contacts has that full name, and
otherwise become a plain name-only contact, so a name alone never merges two
people who share it. Unfollow rows are skipped: a name-only record cannot
clear a fact, and creating a contact for someone I stopped following is noise.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime

from contacts.identity import normalise_email, profile_slug
from imports.readers.columns import finish_record
from imports.readers.dates import parse_date, parse_datetime
from imports.readers.tables import Table, csv_line, is_blank
from imports.records import Item, PersonRecord, RowError, SkippedRow

_URL_IN_TEXT = re.compile(r"https?://[^\s,\]\[]+")
_ANONYMISED = re.compile(r"-?\d{6,}")


@dataclass
class ArchiveOwner:
    """Who the archive belongs to, so they are never created as their own contact."""

    name: str = ""
    slugs: set[str] = field(default_factory=set)


def read_connections(table: Table, warnings: list[str]) -> Iterator[Item]:
    """One PersonRecord per connection; rows holding only a date are hidden accounts."""
    unreadable_date_noted = False
    for line, cells in table.rows:
        if is_blank(cells):
            yield SkippedRow(line, "blank row")
            continue
        row = table.cells_by_name(cells)
        record = PersonRecord(
            line=line,
            first_name=row.get("firstname", ""),
            last_name=row.get("lastname", ""),
            profile_url=row.get("url", ""),
            # The 2018 archive can hold "urn:li:member:664293716" here: not an address.
            email=normalise_email(row.get("emailaddress", "")),
            company=row.get("company", ""),
            position=row.get("position", ""),
            location=row.get("address", ""),
            website=_first_url(row.get("websites", "")),
            is_connection=True,
            connected_on=parse_date(row.get("connectedon")),
        )
        if not (record.first_name or record.last_name or record.profile_url or record.email):
            yield SkippedRow(line, "hidden account: the row holds no name, only a date")
            continue
        if row.get("connectedon") and record.connected_on is None and not unreadable_date_noted:
            warnings.append(
                f"Line {line}: the date {row['connectedon']!r} was not recognised; "
                "connections with unrecognised dates are imported without one."
            )
            unreadable_date_noted = True
        yield record


def read_invitations(table: Table, owner: ArchiveOwner | None = None) -> Iterator[Item]:
    """The other party of each pending invitation, with its direction and date."""
    for line, cells in table.rows:
        if is_blank(cells):
            yield SkippedRow(line, "blank row")
            continue
        row = table.cells_by_name(cells)
        direction = row.get("direction", "").upper()
        if direction == "OUTGOING":
            name, url, own_url, invitation = (
                row.get("to", ""), row.get("inviteeprofileurl", ""),
                row.get("inviterprofileurl", ""), "sent",
            )  # fmt: skip
        elif direction == "INCOMING":
            name, url, own_url, invitation = (
                row.get("from", ""), row.get("inviterprofileurl", ""),
                row.get("inviteeprofileurl", ""), "received",
            )  # fmt: skip
        else:
            yield RowError(line, f"unknown invitation direction {direction!r}", csv_line(cells))
            continue
        if owner is not None and profile_slug(own_url):
            owner.slugs.add(profile_slug(own_url))
        if not (name or url):
            yield SkippedRow(line, "the file does not name the other person")
            continue
        if not url and _ANONYMISED.fullmatch(name):
            yield SkippedRow(line, "the other person's name is anonymised")
            continue
        yield finish_record(
            PersonRecord(
                line=line,
                display_name=name,
                profile_url=url,
                invitation=invitation,
                invitation_at=parse_datetime(row.get("sentat")),
            )
        )


def read_member_follows(table: Table) -> Iterator[Item]:
    """People I follow (Status Active); names only, no profile URL."""
    for line, cells in table.rows:
        if is_blank(cells):
            yield SkippedRow(line, "blank row")
            continue
        row = table.cells_by_name(cells)
        name = row.get("fullname", "")
        if not name:
            yield SkippedRow(line, "no name")
            continue
        if row.get("status", "").lower() == "unfollow":
            yield SkippedRow(line, "no longer followed")
            continue
        yield finish_record(
            PersonRecord(
                line=line,
                display_name=name,
                is_following=True,
                following_since=parse_date(row.get("date")),
            )
        )


def read_linkedin_notes(table: Table) -> Iterator[Item]:
    """My private notes on connections (Notes.csv, 2026+), one record per note."""
    for line, cells in table.rows:
        if is_blank(cells):
            yield SkippedRow(line, "blank row")
            continue
        row = table.cells_by_name(cells)
        note = row.get("note", "")
        if not note:
            yield SkippedRow(line, "empty note")
            continue
        yield finish_record(
            PersonRecord(
                line=line,
                first_name=row.get("connectionfirstname", ""),
                last_name=row.get("connectionlastname", ""),
                profile_url=row.get("connectionprofileurl", ""),
                notes=[note],
                note_dates=_dated(note, parse_datetime(row.get("createdon", ""))),
            )
        )


def _dated(note: str, written_at: datetime | None) -> dict[str, datetime]:
    return {note.strip(): written_at} if written_at else {}


def read_profile_owner(table: Table) -> ArchiveOwner:
    """The archive owner's name from Profile.csv (its first data row)."""
    for _line, cells in table.rows:
        if is_blank(cells):
            continue
        row = table.cells_by_name(cells)
        name = " ".join(part for part in (row.get("firstname"), row.get("lastname")) if part)
        return ArchiveOwner(name=name)
    return ArchiveOwner()


def _first_url(text: str) -> str:
    match = _URL_IN_TEXT.search(text)
    return match.group(0) if match else ""

"""LinkedIn messages.csv: the last interaction and message count per person.

People are known only by profile URL: the sender's ``SENDER PROFILE URL`` and,
from mid-2023, the comma-joined ``RECIPIENT PROFILE URLS``. The comma-joined
``TO`` names are never split (names hold commas: "Wren Hale, PhD"). A sender
without a URL (``LinkedIn Member``, sponsored InMail) is not a person. Drafts
and the SPAM folder are left out.

A person's ``message_count`` is the number of messages in the conversations
they take part in, and ``last_interaction_at`` the latest of them. Memory
grows with the number of conversations and people, not with messages.

The archive owner takes part in every conversation and is never yielded:
known from Profile.csv and Invitations.csv when the archive has them, else
the one participant common to every conversation, else (2021-era files
without recipient URLs) the most frequent recipient name.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime

from contacts.identity import profile_slug
from imports.readers.columns import finish_record, normalise_name
from imports.readers.dates import parse_datetime
from imports.readers.linkedin import ArchiveOwner
from imports.readers.tables import Table, is_blank
from imports.records import Item, PersonRecord

NO_URLS_WARNING = (
    "This messages file predates profile URLs in LinkedIn's export (2018-2020), so its "
    "messages cannot be matched to people; it was left out."
)
_DRAFT_COLUMNS = ("ismessagedraft", "isconversationdraft")


@dataclass
class _Conversation:
    slugs: set[str] = field(default_factory=set)
    last_at: datetime | None = None
    count: int = 0


@dataclass
class _Person:
    line: int
    url: str
    name: str = ""
    last_at: datetime | None = None
    count: int = 0


@dataclass
class _Tally:
    conversations: dict[str, _Conversation] = field(default_factory=dict)
    people: dict[str, _Person] = field(default_factory=dict)  # slug -> first seen
    sender_slugs_by_name: dict[str, set[str]] = field(default_factory=dict)
    recipient_names: Counter[str] = field(default_factory=Counter)


def read_messages(
    table: Table, warnings: list[str], owner: ArchiveOwner | None = None
) -> Iterator[Item]:
    """One PersonRecord per person messaged with, after the whole file has been read."""
    if "senderprofileurl" not in {normalise_name(name) for name in table.header}:
        warnings.append(NO_URLS_WARNING)
        return
    tally = _tally(table)
    owners = _owner_slugs(tally, owner or ArchiveOwner())
    for slug, conversation in _each_membership(tally):
        if slug in owners:
            continue
        person = tally.people[slug]
        person.count += conversation.count
        if conversation.last_at and (
            person.last_at is None or conversation.last_at > person.last_at
        ):
            person.last_at = conversation.last_at
    for slug, person in tally.people.items():
        if slug in owners or person.count == 0:
            continue
        yield finish_record(
            PersonRecord(
                line=person.line,
                profile_url=person.url,
                display_name=person.name,
                last_interaction_at=person.last_at,
                message_count=person.count,
            )
        )


def _tally(table: Table) -> _Tally:
    tally = _Tally()
    for line, cells in table.rows:
        if is_blank(cells):
            continue
        row = table.cells_by_name(cells)
        if any(row.get(column, "").lower() == "yes" for column in _DRAFT_COLUMNS):
            continue
        if row.get("folder", "").upper() == "SPAM":
            continue
        conversation = tally.conversations.setdefault(
            row.get("conversationid") or f"line-{line}", _Conversation()
        )
        conversation.count += 1
        moment = parse_datetime(row.get("date"))
        if moment and (conversation.last_at is None or moment > conversation.last_at):
            conversation.last_at = moment
        sender = _remember(tally, line, row.get("senderprofileurl", ""), row.get("from", ""))
        if sender:
            conversation.slugs.add(sender)
            tally.sender_slugs_by_name.setdefault(row.get("from", ""), set()).add(sender)
        recipient_urls = [url for url in row.get("recipientprofileurls", "").split(",") if url]
        lone_name = row.get("to", "") if len(recipient_urls) == 1 else ""
        for url in recipient_urls:
            recipient = _remember(tally, line, url.strip(), lone_name)
            if recipient:
                conversation.slugs.add(recipient)
        if row.get("to"):
            tally.recipient_names[row["to"]] += 1
    return tally


def _remember(tally: _Tally, line: int, url: str, name: str) -> str:
    slug = profile_slug(url)
    if not slug:
        return ""
    person = tally.people.setdefault(slug, _Person(line=line, url=url))
    if name and not person.name:
        person.name = name
    return slug


def _each_membership(tally: _Tally) -> Iterator[tuple[str, _Conversation]]:
    for conversation in tally.conversations.values():
        for slug in conversation.slugs:
            yield slug, conversation


def _owner_slugs(tally: _Tally, owner: ArchiveOwner) -> set[str]:
    known = set(owner.slugs) | tally.sender_slugs_by_name.get(owner.name, set())
    if known:
        return known
    shared = [c.slugs for c in tally.conversations.values() if len(c.slugs) >= 2]
    if shared:
        common = set.intersection(*shared)
        if len(common) == 1:
            return common
    if tally.recipient_names:
        most_named, _count = tally.recipient_names.most_common(1)[0]
        return tally.sender_slugs_by_name.get(most_named, set())
    return set()

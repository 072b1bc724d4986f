"""One timeline per contact: what happened to it, newest first.

Events that leave no other trace are rows of ``TimelineEvent``; the dated
facts stored on the contact come from ``contacts.timeline``. When many
contacts change at once (an import batch, a bulk tag) their events are
written by one ``INSERT ... SELECT`` over the contacts' ids, never row by row.
Notes and the message summary are read from where they already live.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, time
from typing import Any

from django.db import connection
from django.db.models import DateTimeField, Expression, F, QuerySet
from django.db.models.functions import Cast
from django.utils import timezone

from contacts.models import Contact, Tag, TaggedContact
from contacts.timeline import contact_timeline as dated_facts
from imports.models import ImportJob
from relations.models import TimelineEvent

EVENTS = TimelineEvent._meta.db_table
CONTACTS = Contact._meta.db_table
SHOWN_EVENTS = 200


def record_event(
    contact: Contact,
    kind: str,
    summary: str,
    *,
    details: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> TimelineEvent:
    """Add one event to one contact's timeline."""
    return TimelineEvent.objects.create(
        owner_id=contact.owner_id,
        contact=contact,
        kind=kind,
        summary=summary[:500],
        details=details or {},
        at=at or timezone.now(),
    )


def _json_parameter() -> str:
    # A parameter in a SELECT list is text; PostgreSQL wants it cast to jsonb.
    return "CAST(%s AS jsonb)" if connection.vendor == "postgresql" else "%s"


def record_events_for(
    contacts: QuerySet,
    kind: str,
    summary: str,
    *,
    details: dict[str, Any] | None = None,
    job_id: int | None = None,
    at: datetime | None = None,
    since: Expression | None = None,
) -> int:
    """Add the same event to every contact of ``contacts`` in one INSERT ... SELECT.

    ``since``, an expression over ``contacts``, fills each event's own ``since``.
    """
    chosen = contacts.order_by().values(
        "id", "owner_id", since=since if since is not None else Cast(None, DateTimeField())
    )
    sql, params = chosen.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {EVENTS} (owner_id, contact_id, kind, at, summary, details, job_id, "
            "since) "
            f"SELECT chosen.owner_id, chosen.id, %s, %s, %s, {_json_parameter()}, "
            "CAST(%s AS bigint), chosen.since "
            f"FROM ({sql}) AS chosen",
            (
                kind,
                at or timezone.now(),
                summary[:500],
                json.dumps(details or {}),
                job_id,
                *params,
            ),
        )
        return cursor.rowcount


def record_untagging(tag: Tag, contacts: QuerySet) -> int:
    """ "Untagged" events for ``contacts`` (the tag's owner's only) that carry the tag now.

    Adding a tag needs no event while the link lives: its ``tagged_at`` is on the
    timeline. The link is about to go, so its date is kept as the event's ``since``.
    """
    # A fresh queryset over the ids, so ``since`` reads the one join to this tag's links.
    carrying = Contact.objects.filter(
        pk__in=contacts.values("pk"), owner_id=tag.owner_id, tagged_items__tag=tag
    )
    return record_events_for(
        carrying,
        TimelineEvent.Kind.TAG_REMOVED,
        f"Untagged “{tag.name}”",
        details={"tag": tag.pk, "name": tag.name},
        since=F("tagged_items__tagged_at"),
    )


@dataclass
class Entry:
    """One line of a timeline as the contact page shows it."""

    at: datetime
    kind: str
    label: str
    summary: str
    details: dict[str, Any] = field(default_factory=dict)
    url: str = ""
    # A fact known to the day (connected on, follower since): shown without a time.
    whole_day: bool = False


def _event_entries(contact: Contact) -> Iterable[Entry]:
    events = contact.timeline_events.select_related("job")[:SHOWN_EVENTS]
    for event in events:
        if event.kind == TimelineEvent.Kind.TAG_REMOVED and event.since:
            yield _tagged_entry(event.since, event.details.get("tag"), event.details.get("name"))
        url = ""
        if event.job_id:
            url = _job_url(event.job_id)
        yield Entry(
            at=event.at,
            kind=event.kind,
            label=event.get_kind_display(),
            summary=event.summary,
            details=event.details,
            url=url,
        )


def _job_url(job_id: int) -> str:
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse("imports-job-detail", args=[job_id])
    except NoReverseMatch:
        return ""


def _tag_entries(contact: Contact) -> Iterable[Entry]:
    links = TaggedContact.objects.filter(content_object=contact, tagged_at__isnull=False)
    for link in links.select_related("tag").order_by("-tagged_at")[:SHOWN_EVENTS]:
        yield _tagged_entry(link.tagged_at, link.tag_id, link.tag.name)


def _tagged_entry(at: datetime, tag_id: int | None, name: str | None) -> Entry:
    return Entry(
        at=at,
        kind=TimelineEvent.Kind.TAG_ADDED,
        label=TimelineEvent.Kind.TAG_ADDED.label,
        summary=f"Tagged “{name}”",
        details={"tag": tag_id, "name": name},
    )


def _fact_entries(contact: Contact, last_interaction_shown: bool) -> Iterable[Entry]:
    """The dated facts stored on the contact itself: connected, followed, invited, first seen."""
    for fact in dated_facts(contact):
        when, whole_day = fact.when, not isinstance(fact.when, datetime)
        if whole_day:
            when = timezone.make_aware(datetime.combine(when, time.min))
        elif when == contact.last_interaction_at and last_interaction_shown:
            continue  # shown as the messages, note or talk entry
        yield Entry(at=when, kind="fact", label=fact.title, summary="", whole_day=whole_day)


def _is_last_interaction(entry: Entry, contact: Contact) -> bool:
    # record_interaction keeps whole seconds.
    return entry.at.replace(microsecond=0) == contact.last_interaction_at


def _added_by_import_entries(contact: Contact) -> Iterable[Entry]:
    if not contact.added_by_import_id:
        return
    job = (
        ImportJob.objects.filter(pk=contact.added_by_import_id, owner_id=contact.owner_id)
        .only("pk", "original_name")
        .first()
    )
    kind = TimelineEvent.Kind.IMPORT_CREATED
    yield Entry(
        at=contact.created_at,
        kind=kind,
        label=kind.label,
        # No job: it has been deleted since.
        summary=f"Added by the import of {_import_name(job)}." if job else "",
        url=_job_url(job.pk) if job else "",
    )


def _import_name(job: Any) -> str:
    return job.original_name or f"import {job.pk}"


def contact_timeline(contact: Contact) -> list[Entry]:
    """Everything known to have happened to ``contact``, newest first."""
    entries = [
        *_event_entries(contact),
        *_added_by_import_entries(contact),
        *_tag_entries(contact),
    ]
    for note in contact.notes.all()[:SHOWN_EVENTS]:
        entries.append(Entry(at=note.created_at, kind="note", label="Note", summary=note.body))
    # A note or a talk moves the last interaction too: then no message is known to be that late.
    by_hand = any(
        entry.kind in ("note", TimelineEvent.Kind.TALKED) and _is_last_interaction(entry, contact)
        for entry in entries
    )
    shown_elsewhere = by_hand or contact.message_count > 0
    entries.extend(_fact_entries(contact, last_interaction_shown=shown_elsewhere))
    if contact.message_count and contact.last_interaction_at and not by_hand:
        plural = "s" if contact.message_count != 1 else ""
        entries.append(
            Entry(
                at=contact.last_interaction_at,
                kind="messages",
                label="Messages",
                summary=f"{contact.message_count} message{plural} on LinkedIn; this is the last.",
            )
        )
    entries.sort(key=lambda entry: entry.at, reverse=True)
    return entries


def record_import_batch(job: Any, updated_ids: list[int], changes: list[dict[str, Any]]) -> None:
    """The timeline events of one import batch: a few set-based statements, whatever its size.

    The contacts it created need none: each names its job (``added_by_import``), and a
    later file of the same archive (messages after connections) updating them is no news.
    """
    name = _import_name(job)
    mine = Contact.objects.filter(owner_id=job.owner_id).exclude(added_by_import_id=job.pk)
    changed: dict[int, list[dict[str, Any]]] = {}
    for change in changes:
        changed.setdefault(change["id"], []).append(
            {"field": change["field"], "old": change["old"], "new": change["new"]}
        )
    plain = [pk for pk in updated_ids if pk not in changed]
    if plain:
        record_events_for(
            mine.filter(pk__in=plain),
            TimelineEvent.Kind.IMPORT_UPDATED,
            f"Updated by the import of {name}.",
            job_id=job.pk,
        )
    TimelineEvent.objects.bulk_create(
        TimelineEvent(
            owner_id=job.owner_id,
            contact_id=pk,
            kind=TimelineEvent.Kind.IMPORT_UPDATED,
            summary=_changes_summary(name, field_changes)[:500],
            details={"changes": field_changes},
            job_id=job.pk,
        )
        for pk, field_changes in changed.items()
    )


def _changes_summary(name: str, changes: list[dict[str, Any]]) -> str:
    described = "; ".join(
        f"{change['field']}: {change['old'] or '—'} → {change['new'] or '—'}" for change in changes
    )
    return f"Updated by the import of {name}: {described}."


def record_disconnections(job: Any, gone: QuerySet) -> int:
    """Events for the connections a complete Connections list no longer holds."""
    name = _import_name(job)
    return record_events_for(
        gone,
        TimelineEvent.Kind.DISCONNECTED,
        f"Not in the complete Connections list of {name}: no longer connected.",
        job_id=job.pk,
    )


def record_reconnections(job: Any, contacts: QuerySet) -> int:
    """Events for the connections a complete Connections list had ended, taken back."""
    return record_events_for(
        contacts,
        TimelineEvent.Kind.RECONNECTED,
        f"A connection again: the import of {_import_name(job)} was not the complete list.",
        job_id=job.pk,
    )

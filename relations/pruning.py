"""Making room under LinkedIn's 30,000-connection cap: a reasoned queue of who to remove.

The dashboard offers it from 90% of the cap (``contacts.dashboard``).
Connections are ranked by how little they are worth keeping: no notes, no
tags, in no saved list, then the longest without an interaction, then the
oldest connection. The user marks people, exports the list and removes them
on LinkedIn by hand (this product never acts on LinkedIn); the next complete
Connections import marks those gone as disconnected, which the queue shows.
"""

from __future__ import annotations

import csv
from typing import TYPE_CHECKING, Any, TextIO

from django.db.models import Exists, F, OuterRef, Q, QuerySet, Value
from django.utils import timezone

from contacts import dashboard
from contacts.filters import ContactFilter
from contacts.models import Contact, Note, SavedFilter, TaggedContact

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

EXPORT_COLUMNS = ["name", "company", "position", "profile url", "connected on", "last interaction"]


def cap_meter(owner: AbstractBaseUser) -> dashboard.CapMeter:
    """How close the owner's connections are to LinkedIn's cap (the dashboard's meter)."""
    connections = Contact.objects.for_owner(owner).connections().count()
    return dashboard.CapMeter(connections=connections, cap=dashboard.LINKEDIN_CONNECTION_CAP)


def _in_a_saved_list(owner: AbstractBaseUser) -> Q | None:
    """Contacts that one of the owner's saved lists shows, as one condition."""
    condition: Q | None = None
    for saved in SavedFilter.objects.filter(owner_id=owner.pk):
        contact_filter = ContactFilter.of_owner(owner, saved.query)
        if not contact_filter.is_valid():
            continue
        listed = Q(pk__in=contact_filter.qs.order_by().values("pk"))
        condition = listed if condition is None else condition | listed
    return condition


def prune_queue(owner: AbstractBaseUser) -> QuerySet:
    """The owner's unmarked connections, the least worth keeping first, with their reasons."""
    saved = _in_a_saved_list(owner)
    queue = (
        Contact.objects.for_owner(owner)
        .connections()
        .filter(prune_marked_at__isnull=True)
        .annotate(
            has_notes=Exists(Note.objects.filter(contact_id=OuterRef("pk"))),
            has_tags=Exists(TaggedContact.objects.filter(content_object_id=OuterRef("pk"))),
            in_saved_list=Exists(Contact.objects.filter(saved, pk=OuterRef("pk")))
            if saved
            else Value(False),
        )
    )
    return queue.order_by(
        "has_notes",
        "has_tags",
        "in_saved_list",
        F("last_interaction_at").asc(nulls_first=True),
        F("connected_on").asc(nulls_first=True),
        "id",
    )


def reasons_to_remove(contact: Contact) -> list[str]:
    """Why a queued connection ranks where it does, in words."""
    reasons = []
    if contact.last_interaction_at is None:
        reasons.append("never interacted")
    else:
        reasons.append(f"no interaction since {contact.last_interaction_at:%b %Y}")
    if not contact.has_notes:
        reasons.append("no notes")
    if not contact.has_tags:
        reasons.append("no tags")
    if not contact.in_saved_list:
        reasons.append("in no saved list")
    if contact.connected_on:
        reasons.append(f"connected since {contact.connected_on:%b %Y}")
    return reasons


def marked(owner: AbstractBaseUser) -> QuerySet:
    return Contact.objects.for_owner(owner).filter(prune_marked_at__isnull=False)


def mark(owner: AbstractBaseUser, ids: list[int]) -> int:
    """Mark the owner's connections ``ids`` for removal on LinkedIn."""
    chosen = Contact.objects.for_owner(owner).connections().filter(pk__in=ids)
    return chosen.filter(prune_marked_at__isnull=True).update(
        prune_marked_at=timezone.now(), updated_at=timezone.now()
    )


def unmark(owner: AbstractBaseUser, ids: list[int]) -> int:
    return marked(owner).filter(pk__in=ids).update(prune_marked_at=None, updated_at=timezone.now())


def progress(owner: AbstractBaseUser) -> dict[str, Any]:
    """Marked people LinkedIn's latest Connections list no longer holds, and those still there."""
    mine = marked(owner)
    return {
        "gone": mine.filter(is_connection=False).order_by("-disconnected_on", "id"),
        "still_there": mine.filter(is_connection=True).order_by("prune_marked_at", "id"),
    }


def _safe_cell(value: object) -> str:
    text = "" if value is None else str(value)
    # A cell starting with = + - @ would run as a formula in a spreadsheet.
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def write_marked_csv(owner: AbstractBaseUser, stream: TextIO) -> int:
    """The marked people still connected, with their profile links; returns the row count."""
    writer = csv.writer(stream)
    writer.writerow(EXPORT_COLUMNS)
    written = 0
    for contact in progress(owner)["still_there"].iterator(chunk_size=1000):
        writer.writerow(
            [
                _safe_cell(contact.name),
                _safe_cell(contact.company),
                _safe_cell(contact.position),
                contact.linkedin_url,
                contact.connected_on.isoformat() if contact.connected_on else "",
                contact.last_interaction_at.date().isoformat()
                if contact.last_interaction_at
                else "",
            ]
        )
        written += 1
    return written

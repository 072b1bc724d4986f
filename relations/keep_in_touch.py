"""Keep in touch: who is due, by a cadence set on the contact or on its tags.

A contact's own cadence wins; otherwise the shortest cadence among its tags
applies; without either it is never due. It is due once its last interaction
(or, never interacted with, the day it was first seen) is older than the
cadence, unless it is snoozed. Any interaction moves ``last_interaction_at``
forward: an import that finds messages, a note, a "we talked".

The condition is plain SQL over constants: "due under a tag of cadence D" is
the same as "tagged with it and last seen before now - D", and a contact is
due under the shortest of its cadences exactly when it is due under any of
them. So the query needs only the owner's few distinct cadences, never a
per-contact computation, and uses the (owner, last_interaction_at) index.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from contacts.models import Contact, Tag, TaggedContact

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser


def _quiet_since(threshold: datetime) -> Q:
    """No interaction since ``threshold`` (never interacted: first seen before it)."""
    return Q(last_interaction_at__lt=threshold) | Q(
        last_interaction_at__isnull=True, first_seen_at__lt=threshold
    )


def due_condition(owner: AbstractBaseUser, now: datetime) -> Q:
    """The SQL condition for the owner's contacts that are due at ``now``."""
    own_cadences = (
        Contact.objects.for_owner(owner)
        .filter(keep_in_touch_days__isnull=False)
        .order_by()
        .values_list("keep_in_touch_days", flat=True)
        .distinct()
    )
    condition = Q(pk__in=[])
    for days in own_cadences:
        condition |= Q(keep_in_touch_days=days) & _quiet_since(now - timedelta(days=days))
    tag_cadences = Tag.objects.for_owner(owner).filter(keep_in_touch_days__isnull=False)
    for tag in tag_cadences.values("id", "keep_in_touch_days"):
        tagged = Exists(
            TaggedContact.objects.filter(content_object_id=OuterRef("pk"), tag_id=tag["id"])
        )
        threshold = now - timedelta(days=tag["keep_in_touch_days"])
        condition |= Q(keep_in_touch_days__isnull=True) & _quiet_since(threshold) & Q(tagged)
    not_snoozed = Q(snoozed_until__isnull=True) | Q(snoozed_until__lte=timezone.localdate(now))
    return condition & not_snoozed


def due_contacts(owner: AbstractBaseUser, now: datetime | None = None) -> QuerySet:
    """The owner's due contacts, the longest silent first."""
    now = now or timezone.now()
    return (
        Contact.objects.for_owner(owner)
        .filter(due_condition(owner, now))
        .order_by("last_interaction_at", "first_seen_at", "id")
    )


def effective_cadence(contact: Contact) -> tuple[int | None, str]:
    """The cadence in days that applies to ``contact`` and where it comes from."""
    if contact.keep_in_touch_days:
        return contact.keep_in_touch_days, "this contact"
    tag = (
        Tag.objects.filter(
            tagged_contacts__content_object=contact, keep_in_touch_days__isnull=False
        )
        .order_by("keep_in_touch_days", "name")
        .first()
    )
    if tag is None:
        return None, ""
    return tag.keep_in_touch_days, f"tag “{tag.name}”"


def next_due_at(contact: Contact) -> datetime | None:
    """When ``contact`` becomes (or became) due, ignoring any snooze; None without a cadence."""
    days, _ = effective_cadence(contact)
    if days is None:
        return None
    return (contact.last_interaction_at or contact.first_seen_at) + timedelta(days=days)


def record_interaction(contact: Contact, at: datetime) -> None:
    """Move the contact's last interaction to ``at`` unless it already has a later one."""
    # Whole seconds: what exports write, so an export then import restores it exactly.
    at = at.replace(microsecond=0)
    Contact.objects.filter(pk=contact.pk).filter(
        Q(last_interaction_at__isnull=True) | Q(last_interaction_at__lt=at)
    ).update(last_interaction_at=at, updated_at=timezone.now())
    contact.refresh_from_db(fields=["last_interaction_at", "updated_at"])


def interaction_time(day: date, now: datetime | None = None) -> datetime:
    """The moment recorded for an interaction on ``day``: now for today, else that day's start."""
    now = now or timezone.now()
    if day == timezone.localdate(now):
        return now
    return timezone.make_aware(datetime.combine(day, datetime.min.time()))

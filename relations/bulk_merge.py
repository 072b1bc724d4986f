"""Merging every exact-email duplicate at once, after a preview of what will happen."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count

from contacts.models import Contact
from relations.merging import MergeError, merge_contacts
from relations.models import NotDuplicate

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

# Each merge is its own undoable record; a click merges this many groups.
GROUPS_PER_ACTION = 200


@dataclass
class EmailGroup:
    email: str
    survivor: Contact
    others: list[Contact]


def _survivor_first(contacts: list[Contact]) -> list[Contact]:
    """The contact with a LinkedIn profile, else the oldest, is kept."""
    return sorted(contacts, key=lambda contact: (not contact.slug, contact.pk))


def email_groups(owner: AbstractBaseUser, limit: int = GROUPS_PER_ACTION) -> tuple[list, int]:
    """Up to ``limit`` groups of the owner's contacts sharing an email, and how many there are."""
    mine = Contact.objects.for_owner(owner).exclude(email="")
    shared = mine.values("email").annotate(held=Count("id")).filter(held__gt=1).order_by("email")
    total = shared.count()
    emails = [row["email"] for row in shared[:limit]]
    dismissed = set(
        NotDuplicate.objects.filter(owner_id=owner.pk).values_list("first_id", "second_id")
    )
    by_email: dict[str, list[Contact]] = {}
    for contact in mine.filter(email__in=emails).order_by("email", "id"):
        by_email.setdefault(contact.email, []).append(contact)
    groups = []
    for email, contacts in by_email.items():
        survivor, *others = _survivor_first(contacts)
        others = [
            other
            for other in others
            if (min(survivor.pk, other.pk), max(survivor.pk, other.pk)) not in dismissed
        ]
        if others:
            groups.append(EmailGroup(email=email, survivor=survivor, others=others))
    return groups, total


def merge_email_groups(owner: AbstractBaseUser) -> tuple[int, int]:
    """Merge the next groups; returns (contacts merged away, groups still left)."""
    groups, _ = email_groups(owner)
    merged = 0
    for group in groups:
        for other in group.others:
            try:
                merge_contacts(group.survivor, other)
            except MergeError:
                continue
            merged += 1
            group.survivor.refresh_from_db()
    _, left = email_groups(owner, limit=0)
    return merged, left

"""Merging every exact-email duplicate at once, after a preview of what will happen."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet

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


def _groups_of(
    mine: QuerySet, emails: Iterable[str], dismissed: set[tuple[int, int]]
) -> list[EmailGroup]:
    """The groups of these emails that have someone to merge: pairs said to be two
    people stay apart."""
    by_email: dict[str, list[Contact]] = {}
    for contact in mine.filter(email__in=list(emails)).order_by("email", "id"):
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
    return groups


def email_groups(
    owner: AbstractBaseUser, limit: int = GROUPS_PER_ACTION
) -> tuple[list[EmailGroup], int]:
    """Up to ``limit`` groups of the owner's contacts sharing an email, and how many groups
    have someone to merge."""
    mine = Contact.objects.for_owner(owner).exclude(email="")
    shared = mine.values("email").annotate(held=Count("id")).filter(held__gt=1).order_by("email")
    not_duplicates = NotDuplicate.objects.filter(owner_id=owner.pk)
    dismissed = set(not_duplicates.values_list("first_id", "second_id"))
    groups = _groups_of(mine, (row["email"] for row in shared[:limit]), dismissed)
    # Only emails of contacts in a "not a duplicate" pair can be groups with nobody to merge.
    kept_apart = set(
        mine.filter(
            Q(pk__in=not_duplicates.values("first_id"))
            | Q(pk__in=not_duplicates.values("second_id")),
            email__in=shared.values("email"),
        ).values_list("email", flat=True)
    )
    nobody_to_merge = len(kept_apart) - len(_groups_of(mine, kept_apart, dismissed))
    return groups, shared.count() - nobody_to_merge


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

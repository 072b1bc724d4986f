"""Merging every exact-email duplicate at once, after a preview of what will happen.

A few groups merge in the request; more are a background ``BulkJob``
(``MERGE_EMAILS``), which merges one group per transaction with its counts.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from contacts.models import BulkJob, Contact
from relations.merging import MergeError, merge_contacts
from relations.models import NotDuplicate

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

# The preview lists this many groups.
GROUPS_SHOWN = 200
# Up to this many groups merge in the request (a merge takes about 30 ms); more are a job.
IN_REQUEST_GROUPS = 20
# The job reads the shared emails this many at a time.
EMAILS_PER_READ = 100


@dataclass
class EmailGroup:
    email: str
    survivor: Contact
    others: list[Contact]


def _survivor_first(contacts: list[Contact]) -> list[Contact]:
    """The contact with a LinkedIn profile, else the oldest, is kept."""
    return sorted(contacts, key=lambda contact: (not contact.slug, contact.pk))


def _with_email(owner: AbstractBaseUser) -> QuerySet:
    return Contact.objects.for_owner(owner).exclude(email="")


def _shared_emails(owner: AbstractBaseUser) -> QuerySet:
    """The owner's emails that more than one contact has, in order."""
    held = _with_email(owner).values("email").annotate(held=Count("id"))
    return held.filter(held__gt=1).order_by("email")


def _dismissed(owner: AbstractBaseUser) -> set[tuple[int, int]]:
    """The pairs said to be two people, as (lower id, higher id)."""
    pairs = NotDuplicate.objects.filter(owner_id=owner.pk)
    return set(pairs.values_list("first_id", "second_id"))


def _groups_of(
    owner: AbstractBaseUser, emails: Iterable[str], dismissed: set[tuple[int, int]]
) -> list[EmailGroup]:
    """The groups of these emails that have someone to merge: pairs said to be two
    people stay apart."""
    by_email: dict[str, list[Contact]] = {}
    for contact in _with_email(owner).filter(email__in=list(emails)).order_by("email", "id"):
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


def email_groups(owner: AbstractBaseUser, limit: int) -> tuple[list[EmailGroup], int]:
    """Up to ``limit`` groups of the owner's contacts sharing an email, and how many groups
    have someone to merge."""
    shared = _shared_emails(owner)
    dismissed = _dismissed(owner)
    groups = _groups_of(owner, (row["email"] for row in shared[:limit]), dismissed)
    not_duplicates = NotDuplicate.objects.filter(owner_id=owner.pk)
    # Only emails of contacts in a "not a duplicate" pair can be groups with nobody to merge.
    kept_apart = set(
        _with_email(owner)
        .filter(
            Q(pk__in=not_duplicates.values("first_id"))
            | Q(pk__in=not_duplicates.values("second_id")),
            email__in=shared.values("email"),
        )
        .values_list("email", flat=True)
    )
    nobody_to_merge = len(kept_apart) - len(_groups_of(owner, kept_apart, dismissed))
    return groups, shared.count() - nobody_to_merge


def merge_group(group: EmailGroup) -> int:
    """Merge the group's others into its survivor; returns how many were merged away.

    One that cannot be merged (merged or deleted meanwhile, say) is left as it is.
    """
    merged = 0
    for other in group.others:
        try:
            merge_contacts(group.survivor, other)
        except MergeError:
            continue
        merged += 1
        group.survivor.refresh_from_db()
    return merged


def merge_email_groups(owner: AbstractBaseUser) -> tuple[int, int]:
    """Merge the first groups, in the request; returns (contacts merged away, groups left)."""
    groups, _ = email_groups(owner, limit=IN_REQUEST_GROUPS)
    merged = sum(merge_group(group) for group in groups)
    _, left = email_groups(owner, limit=0)
    return merged, left


def _all_groups(owner: AbstractBaseUser) -> Iterator[EmailGroup]:
    """Every group with someone to merge, read a slice of emails at a time after the last
    one read, so that a group that cannot be merged is passed over, not read again."""
    after = ""
    while emails := list(
        _shared_emails(owner)
        .filter(email__gt=after)
        .values_list("email", flat=True)[:EMAILS_PER_READ]
    ):
        after = emails[-1]
        yield from _groups_of(owner, emails, _dismissed(owner))


def run_email_merge_job(job: BulkJob) -> None:
    """The ``MERGE_EMAILS`` job: each group's merges commit with the job's counts."""
    if job.total is None:
        _, job.total = email_groups(job.owner, limit=0)
        job.save(update_fields=["total"])
    for group in _all_groups(job.owner):
        with transaction.atomic():
            job.changed += merge_group(group)
            # A resumed job's total still counts the groups merged before it stopped.
            job.done = min(job.done + 1, job.total)
            job.heartbeat_at = timezone.now()
            job.save(update_fields=["done", "changed", "heartbeat_at"])

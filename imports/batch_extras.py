"""What a batch adds beside the contacts' own columns: tags, notes, snapshot membership;
and which of its contacts an earlier batch of the job already counted.

All of it is set-based: one statement per tag, one for the notes, one for the
snapshot members, whatever the batch size.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from contacts.models import Contact, Note, Tag
from contacts.tagging import add_tag_to_contacts_returning_ids
from imports.models import ImportJob, SnapshotMember
from imports.people import NAME_KEY_FIELDS, ContactRow
from relations.models import TimelineEvent


def contacts_of(owner_id: int, rows: list[ContactRow], nameless: dict[tuple, int]) -> QuerySet:
    """The owner's contacts that ``rows`` were written to.

    ``nameless`` (``nameless_created``) gives the contacts the batch created
    from rows without slug or email, by row key: only those of ``rows`` count.
    """
    slugs = [row.slug for row in rows if row.slug]
    emails = [row.email for row in rows if not row.slug and row.email]
    ids = [row.target_id for row in rows if row.target_id]
    ids += [nameless[row.key] for row in rows if row.key in nameless]
    wanted = Q(pk__in=[])
    if slugs:
        wanted |= Q(slug__in=slugs)
    if emails:
        # "Not empty" spelled out lets PostgreSQL use the partial email indexes for long lists.
        wanted |= Q(slug="", email__in=emails) & ~Q(email="")
    if ids:
        wanted |= Q(pk__in=ids)
    return Contact.objects.filter(wanted, owner_id=owner_id)


def nameless_created(nameless_ids: list[int]) -> dict[tuple, int]:
    """The contacts a batch created without slug or email (``nameless_ids``), by row key."""
    if not nameless_ids:
        return {}
    created = Contact.objects.filter(pk__in=nameless_ids).values("id", *NAME_KEY_FIELDS)
    return {("name", *(c[name] for name in NAME_KEY_FIELDS)): c["id"] for c in created}


def _rows_per_tag(job: ImportJob, rows: list[ContactRow]) -> dict[Tag, list[ContactRow]]:
    per_tag: dict[Tag, list[ContactRow]] = {tag: rows for tag in job.tags.filter(owner=job.owner)}
    named: dict[str, list[ContactRow]] = defaultdict(list)
    spelling: dict[str, str] = {}  # a new tag is created as the file first spells it
    colour: dict[str, str] = {}  # and in the colour the file first gives it
    for row in rows:
        for name in row.tags:
            named[name.lower()].append(row)
            spelling.setdefault(name.lower(), name)
            if name in row.tag_colours:
                colour.setdefault(name.lower(), row.tag_colours[name])
    for name, tagged_rows in named.items():
        tag = Tag.objects.get_or_create_named(job.owner, spelling[name], colour.get(name))
        per_tag[tag] = [*per_tag.get(tag, []), *tagged_rows]
    return per_tag


def apply_tags(job: ImportJob, rows: list[ContactRow], nameless: dict[tuple, int]) -> set[int]:
    """Add the job's tags to every row's contact, and each row's own tags to its contact.

    Returns the ids of the contacts that gained a tag.
    """
    newly_tagged: set[int] = set()
    for tag, tagged_rows in _rows_per_tag(job, rows).items():
        contacts = contacts_of(job.owner_id, tagged_rows, nameless)
        newly_tagged |= add_tag_to_contacts_returning_ids(tag, contacts)
    return newly_tagged


def add_notes(owner_id: int, rows: list[ContactRow], nameless: dict[tuple, int]) -> None:
    """Add each row's notes to its contact, unless the contact already has that exact note."""
    with_notes = [row for row in rows if row.notes]
    if not with_notes:
        return
    id_of = dict(nameless)
    for contact in contacts_of(owner_id, with_notes, nameless).values("id", "slug", "email"):
        if contact["slug"]:
            id_of[("slug", contact["slug"])] = contact["id"]
        elif contact["email"]:
            id_of[("email", contact["email"])] = contact["id"]
    written_at: dict[tuple[int, str], Any] = {}
    for row in with_notes:
        contact_id = id_of.get(row.key) or row.target_id
        for body in row.notes if contact_id else ():
            written_at.setdefault((contact_id, body), row.note_dates.get(body))
    existing = set(
        Note.objects.filter(
            contact_id__in={contact_id for contact_id, _ in written_at}
        ).values_list("contact_id", "body")
    )
    now = timezone.now()
    # In the file's order: notes written at the same moment keep it (the export's tie-break).
    added = Note.objects.bulk_create(
        Note(contact_id=contact_id, body=body, created_at=at or now)
        for (contact_id, body), at in written_at.items()
        if (contact_id, body) not in existing
    )
    # auto_now stamped them with the import's time, which the contact page reads as "edited".
    if added:
        Note.objects.filter(pk__in=[note.pk for note in added]).update(updated_at=F("created_at"))


def remember_snapshot_members(job: ImportJob, contacts: QuerySet) -> None:
    SnapshotMember.objects.bulk_create(
        (SnapshotMember(job=job, contact_id=pk) for pk in contacts.values_list("id", flat=True)),
        ignore_conflicts=True,
    )


def counted_before(job: ImportJob, updated_ids: list[int]) -> int:
    """How many of the contacts a batch updated an earlier batch of the job created or updated.

    Read from the database, so a resumed job still knows: the contacts it created
    name it (``added_by_import``), and those it updated have its timeline event.
    """
    if not updated_ids or not job.created + job.updated:
        return 0
    created = Contact.objects.filter(pk__in=updated_ids, added_by_import_id=job.pk)
    updated = TimelineEvent.objects.filter(
        job_id=job.pk, kind=TimelineEvent.Kind.IMPORT_UPDATED, contact_id__in=updated_ids
    )
    return len(
        set(created.values_list("pk", flat=True))
        | set(updated.values_list("contact_id", flat=True))
    )

"""Merging two contacts into one, and undoing it exactly.

The survivor keeps the values chosen field by field, and the union of the
two: relationship facts with their earliest dates, tags, notes, timeline.
The merged-away contact's slug and email become aliases of the survivor,
which imports consult, so the next import does not bring it back. A merge
stores a snapshot of both contacts, their tag rows, notes, events and
aliases; undoing it writes every one of them back as it was.
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from contacts.identity import profile_slug
from contacts.models import Contact, Note, TaggedContact
from imports.models import ImportJob
from relations import snapshots
from relations.models import ContactAlias, DuplicateCandidate, Merge, TimelineEvent
from relations.scanning import current_scan
from relations.timeline import record_event

CHOOSABLE_FIELDS = (
    "first_name",
    "last_name",
    "display_name",
    "headline",
    "position",
    "company",
    "location",
    "email",
    "phone",
    "website",
    "profile_url",
    "keep_in_touch_days",
    "snoozed_until",
)
SURVIVOR, OTHER = "survivor", "other"


class MergeError(Exception):
    """A merge or undo that cannot be done; the message is for the user."""


def _earliest(*values: Any) -> Any:
    stated = [value for value in values if value is not None]
    return min(stated) if stated else None


def _latest(*values: Any) -> Any:
    stated = [value for value in values if value is not None]
    return max(stated) if stated else None


def default_choice(survivor: Contact, other: Contact, field: str) -> str:
    """Keep the survivor's value unless it has none and the other has one."""
    empty = (None, "")
    if getattr(survivor, field) in empty and getattr(other, field) not in empty:
        return OTHER
    return SURVIVOR


def merged_values(survivor: Contact, other: Contact, choices: dict[str, str]) -> dict[str, Any]:
    """The survivor's columns after the merge: chosen fields, then the union of the facts."""
    values: dict[str, Any] = {}
    for field in CHOOSABLE_FIELDS:
        side = choices.get(field) or default_choice(survivor, other, field)
        values[field] = getattr(other if side == OTHER else survivor, field)
    values["slug"] = profile_slug(values["profile_url"])
    both = (survivor, other)
    values["is_connection"] = any(c.is_connection for c in both)
    values["connected_on"] = _earliest(*(c.connected_on for c in both))
    values["disconnected_on"] = (
        None if values["is_connection"] else _latest(*(c.disconnected_on for c in both))
    )
    values["is_follower"] = any(c.is_follower for c in both)
    values["followed_me_on"] = _earliest(*(c.followed_me_on for c in both))
    values["is_following"] = any(c.is_following for c in both)
    values["following_since"] = _earliest(*(c.following_since for c in both))
    inviting = survivor if survivor.invitation else other
    values["invitation"], values["invitation_at"] = inviting.invitation, inviting.invitation_at
    values["last_interaction_at"] = _latest(*(c.last_interaction_at for c in both))
    # Each held its own conversations (matched by a different identity): they add up.
    values["message_count"] = survivor.message_count + other.message_count
    values["source"] = survivor.source or other.source
    values["first_seen_at"] = _earliest(*(c.first_seen_at for c in both))
    values["last_seen_at"] = _latest(*(c.last_seen_at for c in both))
    # The timeline's "Added by the import of …" is the contact's own date and job: they go together.
    first_added = min(both, key=lambda contact: (contact.created_at, contact.pk))
    values["created_at"] = first_added.created_at
    values["added_by_import_id"] = first_added.added_by_import_id
    values["prune_marked_at"] = _earliest(*(c.prune_marked_at for c in both))
    return values


def _aliases_for(
    merge: Merge, survivor: Contact, other: Contact, values: dict[str, Any]
) -> list[ContactAlias]:
    kept = {("slug", values["slug"]), ("email", values["email"])}
    held = {("slug", c.slug) for c in (survivor, other)} | {
        ("email", c.email) for c in (survivor, other)
    }
    return [
        ContactAlias(owner_id=merge.owner_id, contact=survivor, kind=kind, value=value, merge=merge)
        for kind, value in sorted(held - kept)
        if value
    ]


def _snapshot(survivor: Contact, other: Contact) -> dict[str, Any]:
    both = (survivor.pk, other.pk)
    return {
        "survivor": snapshots.row_of(survivor),
        "merged": snapshots.row_of(other),
        "tagged": snapshots.rows_of(TaggedContact.objects.filter(content_object_id__in=both)),
        "notes": snapshots.rows_of(Note.objects.filter(contact_id=other.pk)),
        "events": list(
            TimelineEvent.objects.filter(contact_id=other.pk).values_list("id", flat=True)
        ),
        "aliases": list(
            ContactAlias.objects.filter(contact_id=other.pk).values_list("id", flat=True)
        ),
        # The pairs the merged contact was in, which go with it: undone, they are listed again.
        "candidates": snapshots.rows_of(
            DuplicateCandidate.objects.filter(Q(first_id=other.pk) | Q(second_id=other.pk))
        ),
    }


def _email_held_by_a_third(survivor: Contact, other: Contact, values: dict[str, Any]) -> bool:
    """Whether the merged contact, left without a profile, would share a profile-less
    contact's email: without a profile the email says who a contact is, once per owner."""
    if values["slug"] or not values["email"]:
        return False
    return (
        Contact.objects.filter(owner_id=survivor.owner_id, slug="", email=values["email"])
        .exclude(pk__in=[survivor.pk, other.pk])
        .exists()
    )


def _tagged_since(survivor: Contact, other: Contact) -> dict[int, Any]:
    """Each tag of either contact, with the earlier of the dates they were tagged with it."""
    since: dict[int, Any] = {}
    links = TaggedContact.objects.filter(content_object_id__in=[survivor.pk, other.pk])
    for tag_id, tagged_at in links.values_list("tag_id", "tagged_at"):
        stated = since.get(tag_id)
        since[tag_id] = tagged_at if stated is None else _earliest(stated, tagged_at)
    return since


def _tag_survivor(survivor: Contact, tagged_since: dict[int, Any]) -> None:
    """Give the survivor every tag of the two, each dated from when it was first tagged
    (the timeline's "Tagged" entry is that date)."""
    links = TaggedContact.objects.filter(content_object_id=survivor.pk)
    held = dict(links.values_list("tag_id", "tagged_at"))
    for tag_id, tagged_at in tagged_since.items():
        if tag_id in held and held[tag_id] != tagged_at:
            links.filter(tag_id=tag_id).update(tagged_at=tagged_at)
    TaggedContact.objects.bulk_create(
        TaggedContact(tag_id=tag_id, content_object_id=survivor.pk, tagged_at=tagged_at)
        for tag_id, tagged_at in tagged_since.items()
        if tag_id not in held
    )


def _record_later_addition(
    merge: Merge, survivor: Contact, other: Contact, values: dict[str, Any]
) -> None:
    """Keep on the timeline the import that added the later of the two, whose own date and
    job the survivor no longer holds; undoing the merge removes it."""
    later = max((survivor, other), key=lambda contact: (contact.created_at, contact.pk))
    if later.added_by_import_id in (None, values["added_by_import_id"]):
        return
    job = ImportJob.objects.filter(pk=later.added_by_import_id, owner_id=merge.owner_id).first()
    if job is None:
        return  # deleted since: its contact's entry said only "Added by an import"
    TimelineEvent.objects.create(
        owner_id=merge.owner_id,
        contact=survivor,
        kind=TimelineEvent.Kind.IMPORT_CREATED,
        at=later.created_at,
        job=job,
        summary=f"“{later}” was added by the import of {job.original_name or f'import {job.pk}'}.",
        details={"merge": merge.pk},
    )


def merge_contacts(
    survivor: Contact, other: Contact, choices: dict[str, str] | None = None
) -> Merge:
    """Merge ``other`` into ``survivor`` (both of one owner); returns the undoable record."""
    if survivor.owner_id != other.owner_id or survivor.pk == other.pk:
        raise MergeError("Choose two different contacts of your own to merge.")
    with transaction.atomic():
        locked = Contact.objects.select_for_update().filter(
            pk__in=[survivor.pk, other.pk], owner_id=survivor.owner_id
        )
        fresh = {contact.pk: contact for contact in locked}
        if len(fresh) != 2:
            raise MergeError("One of these contacts no longer exists.")
        survivor, other = fresh[survivor.pk], fresh[other.pk]
        values = merged_values(survivor, other, choices or {})
        if _email_held_by_a_third(survivor, other, values):
            raise MergeError(
                f"Another of your contacts has {values['email']} and no LinkedIn profile, so "
                "the merged contact cannot have that email without one: keep a LinkedIn "
                "profile, or merge that contact too."
            )
        merge = Merge.objects.create(
            owner_id=survivor.owner_id,
            survivor=survivor,
            survivor_name=str(survivor)[:300],
            merged_name=str(other)[:300],
            merged_contact_id=other.pk,
            snapshot=_snapshot(survivor, other),
        )
        tagged_since = _tagged_since(survivor, other)
        Note.objects.filter(contact_id=other.pk).update(contact_id=survivor.pk)
        TimelineEvent.objects.filter(contact_id=other.pk).update(contact_id=survivor.pk)
        ContactAlias.objects.filter(contact_id=other.pk).update(contact_id=survivor.pk)
        aliases = _aliases_for(merge, survivor, other, values)
        other.delete()
        Contact.objects.filter(pk=survivor.pk).update(**values, updated_at=timezone.now())
        _tag_survivor(survivor, tagged_since)
        ContactAlias.objects.bulk_create(aliases, ignore_conflicts=True)
        _record_later_addition(merge, survivor, other, values)
        record_event(
            survivor,
            TimelineEvent.Kind.MERGED,
            f"Merged “{merge.merged_name}” into this contact.",
            details={"merge": merge.pk},
        )
    return merge


def undo_merge(merge: Merge) -> Contact:
    """Put both contacts back exactly as they were before ``merge``; returns the restored one."""
    try:
        with transaction.atomic():
            # Read again under the lock: a second click waited for the first to finish.
            merge = Merge.objects.select_for_update().get(pk=merge.pk)
            refusal = _refusal_to_undo(merge)
            if refusal:
                raise MergeError(refusal)
            _restore(merge, merge.snapshot)
            merge.undone_at = timezone.now()
            merge.save(update_fields=["undone_at"])
    except IntegrityError:
        raise MergeError(
            "Another contact now has this person's LinkedIn profile or email, so the merge "
            "cannot be undone. Merge or edit that contact first."
        ) from None
    restored = Contact.objects.get(pk=merge.merged_contact_id)
    for contact in (merge.survivor, restored):
        record_event(
            contact,
            TimelineEvent.Kind.MERGE_UNDONE,
            f"The merge of “{merge.merged_name}” into “{merge.survivor_name}” was undone.",
            details={"merge": merge.pk},
        )
    return restored


def _refusal_to_undo(merge: Merge) -> str:
    """Why ``merge`` cannot be undone now; "" when it can."""
    if merge.undone_at is not None:
        return "This merge was already undone."
    if merge.survivor_id is None:
        merged_on = Merge.objects.filter(
            owner_id=merge.owner_id,
            merged_contact_id=merge.snapshot["survivor"]["id"],
            undone_at__isnull=True,
        ).first()
        if merged_on:
            return (
                f"“{merge.survivor_name}” has since been merged into “{merged_on.survivor_name}”: "
                "undo that merge first."
            )
        return "The contact it was merged into has since been deleted."
    # Undone first, this one would put back the survivor as it was before both, and leave
    # the later merge's notes on it; undoing that one then would bring this one's values back.
    later = Merge.objects.filter(
        survivor_id=merge.survivor_id, undone_at__isnull=True, pk__gt=merge.pk
    ).first()
    if later:
        return (
            f"“{later.merged_name}” was merged into “{later.survivor_name}” after this: "
            "undo that merge first."
        )
    return ""


def _restore(merge: Merge, snapshot: dict[str, Any]) -> None:
    survivor_id, merged_id = merge.survivor_id, merge.merged_contact_id
    merge.aliases_created.all().delete()
    snapshots.update_rows(Contact, [snapshot["survivor"]])
    snapshots.restore_rows(Contact, [snapshot["merged"]])
    TaggedContact.objects.filter(content_object_id__in=[survivor_id, merged_id]).delete()
    existing_tags = set(
        Contact.objects.get(pk=survivor_id).owner.contact_tags.values_list("id", flat=True)
    )
    # A tag deleted since the merge cannot come back on either contact.
    snapshots.restore_rows(
        TaggedContact, [row for row in snapshot["tagged"] if row["tag_id"] in existing_tags]
    )
    snapshots.update_rows(Note, snapshot["notes"])
    TimelineEvent.objects.filter(
        contact_id=survivor_id, kind=TimelineEvent.Kind.IMPORT_CREATED, details__merge=merge.pk
    ).delete()
    TimelineEvent.objects.filter(pk__in=snapshot["events"]).update(contact_id=merged_id)
    ContactAlias.objects.filter(pk__in=snapshot["aliases"]).update(contact_id=merged_id)
    snapshots.restore_rows(DuplicateCandidate, _pairs_still_listed(merge, snapshot))
    # Merges into the restored contact lost their survivor when it was merged away.
    Merge.objects.filter(
        owner_id=merge.owner_id, survivor__isnull=True, snapshot__survivor__id=merged_id
    ).update(survivor_id=merged_id)


def _pairs_still_listed(merge: Merge, snapshot: dict[str, Any]) -> list[dict[str, Any]]:
    """The merged contact's pairs from the latest scan, whose other contact is still there."""
    latest = current_scan(merge.owner)
    rows = [row for row in snapshot.get("candidates", []) if latest and row["scan_id"] == latest.pk]
    others = {row["first_id"] for row in rows} | {row["second_id"] for row in rows}
    existing = set(
        Contact.objects.filter(owner_id=merge.owner_id, pk__in=others).values_list("pk", flat=True)
    )
    return [row for row in rows if {row["first_id"], row["second_id"]} <= existing]

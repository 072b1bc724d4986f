"""Bulk actions over many matching contacts, as a background job with progress.

Up to ``IN_REQUEST_LIMIT`` contacts a bulk action runs in the request, as one
set-based statement. Past it, the request stores a ``BulkJob`` and a worker
walks the matching contacts in ascending id, ``CHUNK`` at a time: each chunk
is the same set-based statement over an id range, committed with the job's
checkpoint. Rows past the checkpoint are untouched, so the filter still
matches them as it did when the job began.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from functools import partial

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from contacts.bulk import delete_contacts, mark_as_follower, mark_as_following
from contacts.filters import ContactFilter
from contacts.models import BulkJob, Contact, SavedFilter, Tag, TaggedContact
from contacts.tagging import add_tag_to_contacts, remove_tag_from_contacts
from crm.broker import send_task

log = logging.getLogger(__name__)

# More than this many contacts is work for a worker: tagging a million takes seconds.
IN_REQUEST_LIMIT = 10_000
CHUNK = 20_000
# A job whose heartbeat is older than this lost its worker (a chunk takes about a second).
STALE_AFTER = timedelta(minutes=2)
MAX_ATTEMPTS = 3
Action = BulkJob.Action
Status = BulkJob.Status


def too_many_for_a_request(contacts: QuerySet) -> bool:
    """Whether ``contacts`` holds more than ``IN_REQUEST_LIMIT``; counts no further."""
    return contacts.order_by().values("pk")[: IN_REQUEST_LIMIT + 1].count() > IN_REQUEST_LIMIT


def start_bulk_job(
    owner: AbstractBaseUser,
    action: str,
    query: str,
    tag: Tag | None = None,
    into_tag: Tag | None = None,
) -> BulkJob:
    """Store the job and send it to a worker once the request's transaction commits."""
    from contacts.tasks import run_bulk_job

    job = BulkJob.objects.create(
        owner=owner, action=action, query=query,
        tag=tag, tag_name=tag.name if tag else "",
        into_tag=into_tag, into_tag_name=into_tag.name if into_tag else "",
    )  # fmt: skip
    # With the broker down the job waits, queued, for the sweeper (requeue_stale_jobs).
    transaction.on_commit(partial(send_task, run_bulk_job, job.pk))
    return job


def start_bulk_job_once(
    owner: AbstractBaseUser,
    action: str,
    query: str,
    tag: Tag | None = None,
    into_tag: Tag | None = None,
) -> tuple[BulkJob, bool]:
    """The unfinished job doing just this already, else a new one; and whether it is new.

    A second click, or the form sent again from the browser's history, joins the
    job the first one started rather than running the same action twice, whose
    second run would find everything done and report nobody changed.
    """
    with transaction.atomic():
        # One request at a time per owner decides, so two clicks never both start one.
        get_user_model().objects.select_for_update().filter(pk=owner.pk).first()
        twin = BulkJob.objects.filter(
            owner_id=owner.pk, action=action, query=query,
            tag_id=tag.pk if tag else None, into_tag_id=into_tag.pk if into_tag else None,
            status__in=[Status.QUEUED, Status.RUNNING],
        ).first()  # fmt: skip
        if twin is not None:
            return twin, False
        return start_bulk_job(owner, action, query, tag, into_tag), True


TAG_ACTIONS = (Action.MERGE_TAG, Action.DELETE_TAG)


class TagGone(Exception):
    """A tag the job needs was deleted while the job ran."""


class FilterUnreadable(Exception):
    """The job's filter no longer reads (a tag it names was deleted, say)."""


def unreadable_filters(owner: AbstractBaseUser, query: str) -> str:
    """What in the list's ``query`` cannot be read, in words; "" when it all reads."""
    return unreadable_in(ContactFilter.of_owner(owner, query))


def unreadable_in(contact_filter: ContactFilter) -> str:
    """What in ``contact_filter``'s query cannot be read, in words; "" when it all reads.

    Without the errors' closing full stops, so that it reads inside a sentence.
    """
    if contact_filter.is_valid():
        return ""
    return "; ".join(
        f"{name}: {' '.join(errors).rstrip('.')}" for name, errors in contact_filter.errors.items()
    )


def matching_contacts(job: BulkJob) -> QuerySet:
    """The owner's contacts the job acts on: its tag's, or those its query matches.

    A filter that no longer reads would match more than the list showed (the
    list leaves such a filter out), so the job stops instead.
    """
    owned = Contact.objects.for_owner(job.owner)
    if job.action in TAG_ACTIONS:
        return owned.filter(tagged_items__tag_id=job.tag_id).order_by()
    contact_filter = ContactFilter.of_owner(job.owner, job.query)
    if not contact_filter.is_valid():
        raise FilterUnreadable
    return contact_filter.qs.order_by()


def _owned_tag(job: BulkJob, tag_id: int | None) -> Tag:
    tag = Tag.objects.filter(pk=tag_id, owner_id=job.owner_id).first()
    if tag is None:
        raise TagGone
    return tag


def _apply(job: BulkJob, chunk: QuerySet) -> int:
    """The job's action on one chunk; returns how many contacts it changed."""
    if job.action in (Action.ADD_TAG, Action.REMOVE_TAG):
        tag = _owned_tag(job, job.tag_id)
        if job.action == Action.ADD_TAG:
            return add_tag_to_contacts(tag, chunk)
        return remove_tag_from_contacts(tag, chunk)
    if job.action in TAG_ACTIONS:
        tag = _owned_tag(job, job.tag_id)
        changed = 0
        if job.action == Action.MERGE_TAG:
            changed = add_tag_to_contacts(_owned_tag(job, job.into_tag_id), chunk)
        # As deleting the tag would: its links go, with no "untagged" event.
        links = TaggedContact.objects.filter(tag=tag, content_object__in=chunk.values("pk"))
        removed, _ = links.delete()
        return changed if job.action == Action.MERGE_TAG else removed
    if job.action == Action.MARK_FOLLOWER:
        return mark_as_follower(chunk)
    if job.action == Action.MARK_FOLLOWING:
        return mark_as_following(chunk)
    return delete_contacts(chunk)


def _claim(job_id: int) -> BulkJob | None:
    """Mark the job running for this attempt; None when it is finished (a redelivery)."""
    now = timezone.now()
    with transaction.atomic():
        job = (
            BulkJob.objects.select_for_update()
            .filter(pk=job_id, status__in=[Status.QUEUED, Status.RUNNING])
            .first()
        )
        if job is None:
            return None
        job.attempts += 1
        if job.attempts > MAX_ATTEMPTS:
            _finish(job, Status.FAILED, f"It stopped its worker {MAX_ATTEMPTS} times.")
            return None
        job.status, job.started_at, job.heartbeat_at = Status.RUNNING, job.started_at or now, now
        job.save(update_fields=["status", "attempts", "started_at", "heartbeat_at"])
    return job


def _finish(job: BulkJob, status: str, reason: str = "") -> None:
    job.status, job.reason, job.finished_at = status, reason, timezone.now()
    job.save(update_fields=["status", "reason", "finished_at"])


def run_bulk_job(job_id: int) -> BulkJob | None:
    """Run the job to its end from its checkpoint; None when it was finished already."""
    job = _claim(job_id)
    if job is None:
        return None
    try:
        if job.action == Action.MERGE_EMAILS:
            from relations.bulk_merge import run_email_merge_job  # relations builds on contacts

            run_email_merge_job(job)
        else:
            _run_chunks(job)
    except TagGone:
        if job.action == Action.DELETE_TAG:  # deleted by other means: nothing left to do
            _finish(job, Status.SUCCEEDED)
            return job
        _finish(job, Status.FAILED, "A tag this job needs was deleted while it ran.")
        return job
    except FilterUnreadable:
        reason = unreadable_filters(job.owner, job.query)
        _finish(job, Status.FAILED, f"The list's filter can no longer be read ({reason}).")
        return job
    except Exception as error:
        log.exception("bulk job %s failed", job_id)
        _finish(job, Status.FAILED, f"It stopped on an unexpected error ({type(error).__name__}).")
        raise
    _finish(job, Status.SUCCEEDED)
    return job


def _run_chunks(job: BulkJob) -> None:
    if job.total is None:
        job.total = matching_contacts(job).filter(pk__gt=job.last_id).count()
        job.save(update_fields=["total"])
    while _run_chunk(job):
        pass
    if job.action in TAG_ACTIONS:
        _drop_tag(job)


def _drop_tag(job: BulkJob) -> None:
    """The tag job's last step: its tag goes, and a merged tag's saved lists follow it."""
    owned = Tag.objects.filter(owner_id=job.owner_id)
    with transaction.atomic():
        tag = owned.filter(pk=job.tag_id).first()
        if tag is None:  # deleted by other means meanwhile
            return
        into_tag = owned.filter(pk=job.into_tag_id).first()
        if job.action == Action.MERGE_TAG and into_tag is not None:
            SavedFilter.objects.follow_merged_tag(tag, into_tag)
        tag.delete()


def _run_chunk(job: BulkJob) -> bool:
    """Act on the next ``CHUNK`` contacts after the checkpoint; False when none are left.

    The filter is read again for each chunk: one that stopped reading stops the job.
    """
    with transaction.atomic():
        after = matching_contacts(job).filter(pk__gt=job.last_id)
        ids = list(after.order_by("pk").values_list("pk", flat=True)[:CHUNK])
        if not ids:
            return False
        changed = _apply(job, after.filter(pk__lte=ids[-1]))
        job.done += len(ids)
        job.changed += changed
        job.last_id = ids[-1]
        job.heartbeat_at = timezone.now()
        job.save(update_fields=["done", "changed", "last_id", "heartbeat_at"])
    return True


def requeue_stale_jobs(now: datetime | None = None) -> list[int]:
    """Send again the unfinished jobs whose worker was lost, or whose task never left."""
    from contacts.tasks import run_bulk_job

    stale_before = (now or timezone.now()) - STALE_AFTER
    unfinished = BulkJob.objects.filter(status__in=[Status.QUEUED, Status.RUNNING])
    stale = unfinished.filter(heartbeat_at__lt=stale_before) | unfinished.filter(
        heartbeat_at__isnull=True, created_at__lt=stale_before
    )
    requeued = list(stale.values_list("pk", flat=True))
    for job_id in requeued:
        send_task(run_bulk_job, job_id)
    return requeued

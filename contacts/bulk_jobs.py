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
from types import SimpleNamespace

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils import timezone

from contacts.bulk import delete_contacts, mark_as_follower, mark_as_following
from contacts.filters import ContactFilter
from contacts.models import BulkJob, Contact, Tag
from contacts.tagging import add_tag_to_contacts, remove_tag_from_contacts
from crm.broker import send_task

log = logging.getLogger(__name__)

# More than this many contacts is work for a worker: tagging a million takes seconds.
IN_REQUEST_LIMIT = 10_000
CHUNK = 5_000
# A job whose heartbeat is older than this lost its worker (a chunk takes about a second).
STALE_AFTER = timedelta(minutes=2)
MAX_ATTEMPTS = 3
Action = BulkJob.Action
Status = BulkJob.Status


def too_many_for_a_request(contacts: QuerySet) -> bool:
    """Whether ``contacts`` holds more than ``IN_REQUEST_LIMIT``; counts no further."""
    return contacts.order_by().values("pk")[: IN_REQUEST_LIMIT + 1].count() > IN_REQUEST_LIMIT


def start_bulk_job(
    owner: AbstractBaseUser, action: str, query: str, tag: Tag | None = None
) -> BulkJob:
    """Store the job and send it to a worker once the request's transaction commits."""
    from contacts.tasks import run_bulk_job

    job = BulkJob.objects.create(
        owner=owner, action=action, query=query, tag=tag, tag_name=tag.name if tag else ""
    )
    # With the broker down the job waits, queued, for the sweeper (requeue_stale_jobs).
    transaction.on_commit(partial(send_task, run_bulk_job, job.pk))
    return job


def matching_contacts(job: BulkJob) -> QuerySet:
    """The owner's contacts the job's query matches, as the list showed them."""
    contact_filter = ContactFilter(
        QueryDict(job.query),
        queryset=Contact.objects.for_owner(job.owner),
        request=SimpleNamespace(user=job.owner),
    )
    return contact_filter.qs.order_by()


class TagGone(Exception):
    """The job's tag was deleted while the job ran."""


def _apply(job: BulkJob, chunk: QuerySet) -> int:
    """The job's action on one chunk; returns how many contacts it changed."""
    if job.action in (Action.ADD_TAG, Action.REMOVE_TAG):
        tag = Tag.objects.filter(pk=job.tag_id, owner_id=job.owner_id).first()
        if tag is None:
            raise TagGone
        if job.action == Action.ADD_TAG:
            return add_tag_to_contacts(tag, chunk)
        return remove_tag_from_contacts(tag, chunk)
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
    contacts = matching_contacts(job)
    try:
        if job.total is None:
            job.total = contacts.filter(pk__gt=job.last_id).count()
            job.save(update_fields=["total"])
        while _run_chunk(job, contacts):
            pass
    except TagGone:
        _finish(job, Status.FAILED, f"The tag “{job.tag_name}” was deleted while the job ran.")
        return job
    except Exception as error:
        log.exception("bulk job %s failed", job_id)
        _finish(job, Status.FAILED, f"It stopped on an unexpected error ({type(error).__name__}).")
        raise
    _finish(job, Status.SUCCEEDED)
    return job


def _run_chunk(job: BulkJob, contacts: QuerySet) -> bool:
    """Act on the next ``CHUNK`` contacts after the checkpoint; False when none are left."""
    with transaction.atomic():
        after = contacts.filter(pk__gt=job.last_id)
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

"""A job's life: who may run it, when it is given up, and the sweeper for jobs a worker dropped.

One worker at a time holds a job, by its ``run_token``: claiming a job draws a
new token, and every batch commits only while the token is still the job's.
A worker that was presumed dead and comes back finds its token gone, and
stops before writing anything.
"""

from __future__ import annotations

import logging
import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from imports.models import ImportJob

log = logging.getLogger(__name__)

Status = ImportJob.Status


class LeaseLost(Exception):
    """Another worker took the job over while this one was running it."""


def max_attempts() -> int:
    return settings.IMPORT_MAX_ATTEMPTS


def stale_after() -> timedelta:
    return timedelta(seconds=settings.IMPORT_STALE_AFTER_SECONDS)


def _gave_up_reason(attempts: int) -> str:
    return (
        f"The import stopped {attempts} times before it finished (the worker crashed or was "
        "killed while reading this file), so it was given up. The rows imported so far are kept."
    )


def claim(job_id: int) -> ImportJob | None:
    """Take the job for this worker; None when it is finished, held elsewhere or given up."""
    now = timezone.now()
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.is_finished:
            return None
        held_by_live_worker = (
            job.status == Status.RUNNING
            and job.heartbeat_at is not None
            and job.heartbeat_at > now - stale_after()
        )
        if held_by_live_worker:
            return None
        if job.attempts >= max_attempts():
            _mark_failed(job, _gave_up_reason(job.attempts))
            return None
        job.attempts += 1
        job.status = Status.RUNNING
        job.run_token = uuid.uuid4().hex
        job.heartbeat_at = now
        job.started_at = job.started_at or now
        job.save(update_fields=["attempts", "status", "run_token", "heartbeat_at", "started_at"])
    return job


def save_held(job: ImportJob, **values: object) -> None:
    """Write ``values`` to the job only while this worker still holds it (inside a transaction).

    The time since this worker's last write (or its claim) is added to ``seconds_worked``.
    """
    now = timezone.now()
    values["heartbeat_at"] = now
    values["seconds_worked"] = job.seconds_worked + seconds_since(job.heartbeat_at, now)
    written = ImportJob.objects.filter(pk=job.pk, run_token=job.run_token).update(**values)
    if not written:
        raise LeaseLost(f"import job {job.pk} was taken over by another worker")
    for name, value in values.items():
        setattr(job, name, value)


def seconds_since(moment: datetime | None, now: datetime) -> float:
    return max(0.0, (now - moment).total_seconds()) if moment else 0.0


def _mark_failed(job: ImportJob, reason: str) -> None:
    job.status = Status.FAILED
    job.reason = reason
    job.finished_at = timezone.now()
    job.run_token = ""
    job.save(update_fields=["status", "reason", "finished_at", "run_token"])


def fail(job: ImportJob, reason: str) -> None:
    """Record the job as failed with a reason for the user, if this worker still holds it."""
    with transaction.atomic():
        save_held(
            job, status=Status.FAILED, reason=reason, finished_at=timezone.now(), run_token=""
        )


def succeed(job: ImportJob) -> None:
    with transaction.atomic():
        save_held(job, status=Status.SUCCEEDED, finished_at=timezone.now(), run_token="")


def requeue_stale_jobs(older_than: timedelta | None = None) -> list[int]:
    """Give back to the queue the jobs no live worker is running; fail those out of attempts.

    A running job whose heartbeat is older than ``older_than`` lost its worker;
    a queued job that old lost its message. Returns the ids to enqueue again.
    """
    cutoff = timezone.now() - (older_than if older_than is not None else stale_after())
    requeued: list[int] = []
    with transaction.atomic():
        lost_worker = Q(status=Status.RUNNING, heartbeat_at__lt=cutoff)
        lost_message = Q(status=Status.QUEUED) & (
            Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, created_at__lt=cutoff)
        )
        stale = ImportJob.objects.select_for_update(skip_locked=True).filter(
            lost_worker | lost_message
        )
        for job in stale:
            if job.attempts >= max_attempts():
                _mark_failed(job, _gave_up_reason(job.attempts))
                log.warning("import job %s failed after %s attempts", job.pk, job.attempts)
                continue
            # The fresh heartbeat keeps the next sweep from enqueuing it again at once.
            ImportJob.objects.filter(pk=job.pk).update(
                status=Status.QUEUED, run_token="", heartbeat_at=timezone.now()
            )
            requeued.append(job.pk)
    return requeued

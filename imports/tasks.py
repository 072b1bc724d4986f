"""Thin Celery tasks: an id in, one call. The job's state lives in its database row."""

from __future__ import annotations

from celery import shared_task

from imports import lifecycle, pipeline, scheduled
from imports.models import ImportSource

# The job rows hold every outcome, so no task result is stored: sending a task then
# needs only the broker, not the result backend's subscription, when Redis is down.


@shared_task(name="imports.run_import", ignore_result=True)
def run_import(job_id: int) -> str:
    """Import one job's file to its end (or resume it from its checkpoint)."""
    job = pipeline.run_import(job_id)
    return job.status if job else "not run here"


@shared_task(name="imports.requeue_stale_jobs", ignore_result=True)
def requeue_stale_jobs() -> list[int]:
    """Celery beat sends this every minute: jobs whose worker died are run again."""
    requeued = lifecycle.requeue_stale_jobs()
    for job_id in requeued:
        run_import.delay(job_id)
    return requeued


@shared_task(name="imports.run_source", ignore_result=True)
def run_source(source_id: int) -> str:
    """Celery beat sends this on each source's schedule: new files become jobs."""
    return scheduled.check_source(source_id)


@shared_task(name="imports.restore_source_schedules", ignore_result=True)
def restore_source_schedules() -> int:
    """Celery beat sends this every minute: a source whose beat entry is gone is scheduled again."""
    return scheduled.restore_schedules(ImportSource.objects.all())

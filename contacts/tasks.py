"""Thin Celery tasks for the network: an id in, one call."""

from __future__ import annotations

from celery import shared_task
from django.contrib.auth import get_user_model

from contacts import bulk_jobs, dashboard, tagging


@shared_task(name="contacts.refresh_network_figures", ignore_result=True)
def refresh_network_figures(owner_id: int) -> bool:
    """Compute and store one owner's dashboard figures; False when the owner is gone."""
    owner = get_user_model().objects.filter(pk=owner_id).first()
    if owner is None:
        return False
    dashboard.store_figures(owner)
    return True


@shared_task(name="contacts.run_bulk_job", ignore_result=True)
def run_bulk_job(job_id: int) -> str:
    """Run one bulk action to its end, or resume it from its checkpoint."""
    job = bulk_jobs.run_bulk_job(job_id)
    return job.status if job else "not run here"


@shared_task(name="contacts.requeue_stale_bulk_jobs", ignore_result=True)
def requeue_stale_bulk_jobs() -> list[int]:
    """Celery beat sends this every minute: bulk jobs whose worker was lost run again."""
    return bulk_jobs.requeue_stale_jobs()


@shared_task(name="contacts.drop_orphan_tag_links", ignore_result=True)
def drop_orphan_tag_links() -> int:
    """Celery beat sends this every hour: tag links left by a contact deleted while tagged."""
    return tagging.drop_orphan_links()

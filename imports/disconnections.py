"""Taking back the disconnections of a Connections list that was not complete after all.

A complete list ends every connection missing from it (``pipeline._close_section``).
Imported by mistake as complete (a partial file, another account's file), it
ends connections that are not over, and importing the right file again cannot
tell them from an old export's: their connection dates are older than the end.
So the job's page offers to take its disconnections back.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.utils import timezone

from contacts.models import Contact
from imports.models import ImportJob
from relations.models import TimelineEvent
from relations.timeline import record_reconnections


def still_ended_by(job: ImportJob) -> QuerySet:
    """The contacts ``job`` disconnected that are still disconnected, by no later import."""
    ended = TimelineEvent.objects.filter(
        owner_id=job.owner_id, kind=TimelineEvent.Kind.DISCONNECTED
    )
    by_this_job = ended.filter(job_id=job.pk, contact_id=OuterRef("pk"))
    ended_here_first = ended.filter(job_id=job.pk, contact_id=OuterRef(OuterRef("pk")))
    later = ended.filter(
        contact_id=OuterRef("pk"), pk__gt=Subquery(ended_here_first.values("pk")[:1])
    )
    return Contact.objects.filter(
        Exists(by_this_job), ~Exists(later), owner_id=job.owner_id, is_connection=False
    ).exclude(disconnected_on=None)


def reconnect(job: ImportJob) -> int:
    """Make the connections ``job`` ended connections again; returns how many."""
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job.pk)
        record_reconnections(job, still_ended_by(job))
        count = still_ended_by(job).update(
            is_connection=True, disconnected_on=None, updated_at=timezone.now()
        )
        job.summary = {
            **job.summary,
            "reconnected_count": job.summary.get("reconnected_count", 0) + count,
        }
        job.save(update_fields=["summary"])
    return count

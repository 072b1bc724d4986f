"""Starting an import: the job row with its stored file, then the task once the row is committed."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import Any

from django.core.files import File
from django.db import transaction

from contacts.models import Tag
from crm.broker import send_task
from imports.models import ImportJob, ImportSource


def create_job(
    owner: Any,
    file: File,
    *,
    name: str = "",
    declared_kind: str = "",
    tags: Iterable[str] = (),
    snapshot: bool = True,
    mapping: dict[str, str] | None = None,
    source: ImportSource | None = None,
) -> ImportJob:
    """A queued job owning a copy of ``file``, tagging with the owner's tags of these names."""
    # A file name can hold a NUL, which PostgreSQL cannot store.
    display_name = (name or file.name or "").rsplit("/", 1)[-1].replace("\x00", "")[:255]
    with transaction.atomic():
        job = ImportJob(
            owner=owner,
            original_name=display_name,
            declared_kind=declared_kind,
            snapshot=snapshot,
            column_mapping=mapping,
            source=source,
        )
        job.file.save(display_name or "upload", file, save=False)
        job.bytes_total = job.file.size
        job.save()
        wanted = {tag.strip() for tag in tags if tag.strip()}
        job.tags.set([Tag.objects.get_or_create_named(owner, tag) for tag in sorted(wanted)])
    return job


def enqueue(job: ImportJob) -> None:
    """Hand the job to a worker once the surrounding transaction commits.

    When the broker is unreachable the job stays queued in the database, and the
    sweeper (imports.tasks.requeue_stale_jobs) sends it once the broker is back.
    """
    transaction.on_commit(partial(_send, job.pk))


def _send(job_id: int) -> None:
    from imports.tasks import run_import

    send_task(run_import, job_id)

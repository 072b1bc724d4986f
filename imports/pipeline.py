"""The import pipeline: one job's file, read section by section, written batch by batch.

Each batch's contacts, tags, notes, row errors, counters and the job's
checkpoint commit in one transaction, so a job that stops anywhere resumes
exactly where its last batch ended: readers are deterministic, and the
items a section already gave are skipped on the next run.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import InterfaceError, OperationalError, transaction
from django.db.models import Max, QuerySet
from django.utils import timezone

from contacts.models import Contact
from imports import lifecycle
from imports.batch_extras import (
    add_notes,
    apply_tags,
    contacts_of,
    counted_before,
    nameless_created,
    remember_snapshot_members,
)
from imports.matching import match_rows
from imports.models import (
    READ_CONNECTIONS,
    ROW_ERRORS_KEPT_PER_JOB,
    ImportJob,
    ImportRowError,
    SnapshotMember,
)
from imports.people import ContactRow, collapse, contact_row, without_nul
from imports.records import (
    NO_IDENTITY,
    PersonRecord,
    RowError,
    Section,
    SectionKind,
    UnsupportedFile,
)
from imports.upsert import BatchOutcome, PlannerStatistics, ensure_stage, upsert_batch
from relations.timeline import record_disconnections, record_import_batch

log = logging.getLogger(__name__)

SectionOpener = Callable[..., Iterator[Section]]
SUMMARY_LIST_CAP = 200


@dataclass
class Batch:
    """The items read since the last commit."""

    rows: list[ContactRow] = field(default_factory=list)
    skipped: int = 0
    errors: list[RowError] = field(default_factory=list)
    items: int = 0


def default_opener() -> SectionOpener:
    from imports.readers import open_sections

    return open_sections


def run_import(job_id: int, open_sections: SectionOpener | None = None) -> ImportJob | None:
    """Run the job to its end if it is this worker's to run; returns it, or None when it is not."""
    job = lifecycle.claim(job_id)
    if job is None:
        return None
    try:
        import_file(job, open_sections or default_opener())
    except UnsupportedFile as error:
        lifecycle.fail(job, str(error))
    except lifecycle.LeaseLost:
        log.warning("import job %s was taken over by another worker; stopping", job_id)
        return None
    except (OperationalError, InterfaceError):
        # The database went away mid-batch: the last checkpoint is committed, and the
        # job, still running in its row, is resumed by the sweeper once its heartbeat
        # is stale. Recording it as failed (if that even worked) would end it for good.
        log.warning("import job %s lost its database; the sweeper will resume it", job_id)
        raise
    except Exception as error:
        lifecycle.fail(job, f"The import stopped on an unexpected error ({type(error).__name__}).")
        raise
    return job


def import_file(job: ImportJob, open_sections: SectionOpener) -> None:
    """Read every section of the job's file from its checkpoint on, then close the job."""
    ensure_stage()
    sections = open_sections(
        Path(job.file.path),
        declared_kind=job.declared_kind or None,
        mapping=job.column_mapping,
    )
    statistics = PlannerStatistics(job.owner_id, written_before=job.created + job.updated)
    stored_name = Path(job.file.name).name
    for index, section in enumerate(sections):
        if index < job.checkpoint_section:
            continue
        if job.original_name:
            section.name = _as_uploaded(section.name, stored_name, job.original_name)
        if job.checkpoint_items == 0:
            _announce_section(job, section)
        _import_section(job, index, section, statistics)
    if job.created + job.updated + job.tagged + job.unchanged == 0:
        lifecycle.fail(job, _nobody_found_reason(job))
    else:
        lifecycle.succeed(job)


def _as_uploaded(section_name: str, stored_name: str, original_name: str) -> str:
    """The upload is stored under a random name: progress and errors say the user's.

    ``abc123.zip/Invitations.csv``, a member of an archive, is ``Archive.zip/Invitations.csv``.
    """
    if section_name == stored_name:
        return original_name
    if section_name.startswith(f"{stored_name}/"):
        return original_name + section_name[len(stored_name) :]
    return section_name


def _announce_section(job: ImportJob, section: Section) -> None:
    """Name the section about to be read, at 0%, before its first batch.

    Until its first batch commits (messages.csv is read whole before it), the
    page would otherwise say the previous member is still read, at 100%.
    """
    with transaction.atomic():
        lifecycle.save_held(
            job, section_name=section.name[:200], bytes_done=0, bytes_total=section.bytes_total
        )


def _import_section(
    job: ImportJob, index: int, section: Section, statistics: PlannerStatistics
) -> None:
    done = job.checkpoint_items if index == job.checkpoint_section else 0
    items = itertools.islice(section.rows, done, None)
    batch_size = settings.IMPORT_BATCH_SIZE
    batch = Batch()
    for item in items:
        batch.items += 1
        if isinstance(item, PersonRecord):
            row = contact_row(item)
            if row is None:
                batch.errors.append(RowError(item.line, NO_IDENTITY, item.stated()))
            else:
                batch.rows.append(row)
        elif isinstance(item, RowError):
            batch.errors.append(item)
        else:
            batch.skipped += 1
        if batch.items >= batch_size:
            statistics.refresh_if_grown(job.created + job.updated)
            done += batch.items
            _commit_batch(job, index, done, section, batch)
            batch = Batch()
    done += batch.items
    _commit_batch(job, index, done, section, batch)
    _close_section(job, index, section)


def _takes_snapshot(job: ImportJob, section: Section) -> bool:
    return job.snapshot and section.is_snapshot and section.kind == SectionKind.CONNECTIONS


def _commit_batch(job: ImportJob, index: int, done: int, section: Section, batch: Batch) -> None:
    owner_id = job.owner_id
    with transaction.atomic():
        people = collapse(batch.rows)
        adopted = match_rows(owner_id, people, section.kind)
        people = collapse(people)
        outcome = upsert_batch(
            owner_id,
            people,
            source=section.kind.value,
            now=timezone.now(),
            report=section.kind == SectionKind.CONNECTIONS,
            job_id=job.pk,
        )
        # A contact that adopted a profile URL was changed before the upsert saw it.
        moved = min(adopted, outcome.unchanged)
        outcome.updated, outcome.unchanged = outcome.updated + moved, outcome.unchanged - moved
        # Each person counts once a job: one an earlier batch created or updated (from
        # Connections.csv, then messages.csv) counts here as a repeat, created winning.
        again = counted_before(job, outcome.updated_ids)
        outcome.updated, outcome.unchanged = outcome.updated - again, outcome.unchanged + again
        record_import_batch(job, outcome.updated_ids, outcome.changed)
        # The contacts created without slug or email, which no key finds: read once a batch.
        nameless = nameless_created(outcome.nameless_ids)
        if people and (job.tags.exists() or any(row.tags or row.notes for row in people)):
            outcome.count_tagged(apply_tags(job, people, nameless))
            add_notes(owner_id, people, nameless)
        if people and _takes_snapshot(job, section):
            remember_snapshot_members(job, contacts_of(owner_id, people, nameless))
        _keep_row_errors(job, section, batch.errors)
        lifecycle.save_held(job, **_progress(job, index, done, section, batch, people, outcome))


def _progress(
    job: ImportJob,
    index: int,
    done: int,
    section: Section,
    batch: Batch,
    people: list[ContactRow],
    outcome: BatchOutcome,
) -> dict[str, object]:
    repeats = len(batch.rows) - len(people)
    summary = dict(job.summary)
    if section.kind == SectionKind.CONNECTIONS:
        # The job can say what changed among the connections (the dashboard's report).
        summary[READ_CONNECTIONS] = True
    _extend_capped(summary, "new_connections", outcome.new_connections)
    _extend_capped(summary, "changed", outcome.changed)
    return {
        "created": job.created + outcome.created,
        "updated": job.updated + outcome.updated,
        "unchanged": job.unchanged + outcome.unchanged + repeats,
        "tagged": job.tagged + outcome.tagged,
        "skipped": job.skipped + batch.skipped,
        "failed": job.failed + len(batch.errors),
        "rows_done": job.rows_done + batch.items,
        "bytes_done": section.bytes_read(),
        "bytes_total": section.bytes_total,
        "section_name": section.name[:200],
        "warnings": job.warnings + [w for w in section.warnings if w not in job.warnings],
        "checkpoint_section": index,
        "checkpoint_items": done,
        "summary": summary,
    }


def _extend_capped(summary: dict, key: str, entries: list[dict]) -> None:
    if not entries:
        return
    listed = summary.setdefault(key, [])
    listed.extend(entries[: max(0, SUMMARY_LIST_CAP - len(listed))])
    summary[f"{key}_count"] = summary.get(f"{key}_count", 0) + len(entries)


def _keep_row_errors(job: ImportJob, section: Section, errors: list[RowError]) -> None:
    room = max(0, ROW_ERRORS_KEPT_PER_JOB - job.failed)
    ImportRowError.objects.bulk_create(
        ImportRowError(
            job=job,
            section=section.name[:200],
            line=error.line,
            unit=section.row_unit,
            reason=without_nul(error.reason)[:500],
            raw=without_nul(error.raw)[:2000],
        )
        for error in errors[:room]
    )


def _close_section(job: ImportJob, index: int, section: Section) -> None:
    """Move the checkpoint past the section; a complete Connections list ends the others."""
    with transaction.atomic():
        values: dict[str, object] = {"checkpoint_section": index + 1, "checkpoint_items": 0}
        members = SnapshotMember.objects.filter(job=job)
        if _takes_snapshot(job, section) and members.exists():
            gone = Contact.objects.filter(owner_id=job.owner_id, is_connection=True).exclude(
                id__in=members.values("contact_id")
            )
            gone, warning = _without_connections_newer_than(members, gone)
            if warning and warning not in job.warnings:
                values["warnings"] = [*job.warnings, warning]
            listed = [
                {"id": c.pk, "name": c.name, "slug": c.slug}
                for c in gone.order_by("id")[:SUMMARY_LIST_CAP]
            ]
            record_disconnections(job, gone)
            count = gone.update(
                is_connection=False,
                disconnected_on=timezone.localdate(),
                updated_at=timezone.now(),
            )
            summary = {**job.summary, "disconnected": listed, "disconnected_count": count}
            values.update(disconnected=job.disconnected + count, summary=summary)
        members.delete()
        lifecycle.save_held(job, **values)


def _without_connections_newer_than(members: QuerySet, gone: QuerySet) -> tuple[QuerySet, str]:
    """``gone`` without the connections made after the list's newest one, and a word on them.

    An older archive's Connections.csv is complete for its day: whoever was
    connected later is missing from it, not gone.
    """
    newest = Contact.objects.filter(id__in=members.values("contact_id")).aggregate(
        newest=Max("connected_on")
    )["newest"]
    if newest is None:
        return gone, ""
    later = gone.filter(connected_on__gt=newest).count()
    if not later:
        return gone, ""
    connections = "connection" if later == 1 else "connections"
    warning = (
        f"Left connected: {later:,} {connections} made after {newest:%d %b %Y}, "
        "the newest date in this connections list."
    )
    return gone.exclude(connected_on__gt=newest), warning


def _nobody_found_reason(job: ImportJob) -> str:
    if job.rows_done == 0:
        return "The file holds no rows to import."
    first_error = job.row_errors.order_by("id").first()
    detail = (
        f" The first problem, on {first_error.where.lower()}: {first_error.reason}."
        if first_error
        else ""
    )
    skipped = "1 row was skipped" if job.skipped == 1 else f"{job.skipped:,} rows were skipped"
    return (
        f"No person was recognised in this file: {skipped} and {job.failed:,} could not "
        f"be read.{detail}"
    )

"""What a job's pages show: progress (rows, rate, time left) and what the job changed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils import timezone

from imports import lifecycle
from imports.models import ImportJob

CHANGES_LISTED = 8


@dataclass(frozen=True)
class Progress:
    percent: int
    rows_done: int
    rows_estimate: int | None  # known once the first file's bytes say how far along it is
    rows_per_second: float | None
    seconds_left: int | None
    section: str


def progress_of(job: ImportJob, now: datetime | None = None) -> Progress:
    """The job's progress; the estimates appear once there is something to estimate from.

    Bytes read give the fraction done of the file (or archive member) being read;
    rows and the time workers spent on it give the rate, not the time since it first
    started: a job resumed after its worker was lost did not run while it waited. An
    archive's members are read one after the other, so its row total is estimated
    only while the first is read.
    """
    now = now or timezone.now()
    percent = job.progress_percent
    elapsed = job.seconds_worked
    if job.status == ImportJob.Status.RUNNING:
        # Since the last batch; a worker that died counts only until it is presumed dead.
        since = lifecycle.seconds_since(job.heartbeat_at, now)
        elapsed += min(since, lifecycle.stale_after().total_seconds())
    rate = job.rows_done / elapsed if elapsed > 0 and job.rows_done else None
    rows_estimate = None
    if job.checkpoint_section == 0 and job.bytes_done and job.bytes_total and not job.is_finished:
        rows_estimate = max(job.rows_done, round(job.rows_done * job.bytes_total / job.bytes_done))
    return Progress(
        percent=percent,
        rows_done=job.rows_done,
        rows_estimate=rows_estimate,
        rows_per_second=rate,
        seconds_left=_seconds_left(job, elapsed),
        section=job.section_name.rsplit("/", 1)[-1],
    )


def _seconds_left(job: ImportJob, elapsed: float) -> int | None:
    """The time the rest of the first file or member takes at the pace so far; else None.

    From the exact fraction of bytes read, not the whole percent shown: 1.9% read
    would be taken for 1%, and the time left for twice what it is. A later member
    of an archive has no estimate: its bytes are its own, and the time so far is
    the whole job's.
    """
    if job.is_finished or job.checkpoint_section != 0 or not job.bytes_total or elapsed <= 0:
        return None
    fraction = job.bytes_done / job.bytes_total
    if not 0 < fraction < 1:
        return None
    # Never "about 0 s left" while bytes remain.
    return max(1, round(elapsed * (1 - fraction) / fraction))


def change_report(job: ImportJob, listed: int = CHANGES_LISTED) -> dict[str, Any]:
    """New connections, connections gone and changed jobs from a job's summary, capped."""
    summary = job.summary or {}
    report = {}
    for key in ("new_connections", "disconnected", "changed"):
        entries = summary.get(key) or []
        report[key] = {
            "entries": entries[:listed],
            "count": summary.get(f"{key}_count", len(entries)),
        }
        report[key]["more"] = report[key]["count"] - len(report[key]["entries"])
    return report

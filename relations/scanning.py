"""The duplicate scan as a background job: a row with status and progress, a thin task."""

from __future__ import annotations

import logging
from datetime import timedelta
from functools import partial

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from crm.broker import send_task
from relations.duplicates import find_duplicates
from relations.models import DuplicateCandidate, DuplicateScan

log = logging.getLogger(__name__)

# A scan that has not moved for this long lost its worker; a new one may start.
STALE_AFTER = timedelta(minutes=15)
WRITE_BATCH = 5000


def current_scan(owner: AbstractBaseUser) -> DuplicateScan | None:
    return DuplicateScan.objects.filter(owner_id=owner.pk).first()


def start_scan(owner: AbstractBaseUser) -> DuplicateScan:
    """Queue a scan of the owner's network, unless one is already under way."""
    from relations.tasks import run_duplicate_scan

    latest = current_scan(owner)
    fresh = timezone.now() - STALE_AFTER
    if latest and not latest.is_finished and (latest.started_at or latest.created_at) > fresh:
        return latest
    scan = DuplicateScan.objects.create(owner=owner)
    # A broker outage leaves the scan pending; it counts as stale after STALE_AFTER.
    transaction.on_commit(partial(send_task, run_duplicate_scan, scan.pk))
    return scan


def _claim(scan_id: int) -> DuplicateScan | None:
    claimed = DuplicateScan.objects.filter(
        pk=scan_id, status__in=[DuplicateScan.Status.QUEUED, DuplicateScan.Status.RUNNING]
    ).update(status=DuplicateScan.Status.RUNNING, started_at=timezone.now(), progress_percent=0)
    return DuplicateScan.objects.get(pk=scan_id) if claimed else None


def run_scan(scan_id: int) -> DuplicateScan | None:
    """Run one scan to its end; None when it is finished already (a redelivered task)."""
    scan = _claim(scan_id)
    if scan is None:
        return None

    def report(stage: str, percent: int) -> None:
        scan.stage, scan.progress_percent = stage, percent
        scan.save(update_fields=["stage", "progress_percent"])

    try:
        pairs = find_duplicates(scan.owner_id, report)
        report("Saving the pairs found", 95)
        with transaction.atomic():
            DuplicateCandidate.objects.filter(owner_id=scan.owner_id).delete()
            DuplicateCandidate.objects.bulk_create(
                (
                    DuplicateCandidate(
                        owner_id=scan.owner_id,
                        scan=scan,
                        first_id=first,
                        second_id=second,
                        reasons=reasons,
                        same_email=(first, second) in pairs.same_email,
                    )
                    for (first, second), reasons in sorted(pairs.reasons.items())
                ),
                batch_size=WRITE_BATCH,
            )
            scan.status = DuplicateScan.Status.SUCCEEDED
            scan.pairs_found = len(pairs.reasons)
            scan.truncated = pairs.truncated
            scan.stage, scan.progress_percent = "", 100
            scan.finished_at = timezone.now()
            scan.save()
    except Exception as error:
        log.exception("duplicate scan %s failed", scan_id)
        scan.status = DuplicateScan.Status.FAILED
        scan.reason = f"The scan stopped on an unexpected error ({type(error).__name__})."
        scan.finished_at = timezone.now()
        scan.save(update_fields=["status", "reason", "finished_at"])
        raise
    return scan

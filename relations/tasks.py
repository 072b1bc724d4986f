"""Thin Celery tasks: an id in, one call. A scan's state lives in its database row."""

from __future__ import annotations

from celery import shared_task

from relations import digest, scanning


@shared_task(name="relations.send_due_digests")
def send_due_digests() -> int:
    """Celery beat sends this daily: each subscribed user with someone due gets one e-mail."""
    return digest.send_due_digests()


@shared_task(name="relations.run_duplicate_scan")
def run_duplicate_scan(scan_id: int) -> str:
    """Search one user's network for duplicates, recording progress on the scan row."""
    scan = scanning.run_scan(scan_id)
    return scan.status if scan else "not run here"

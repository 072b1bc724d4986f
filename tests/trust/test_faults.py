"""Faults against real processes: Redis restarted or down, PostgreSQL stopped mid-batch.

Each time no row is lost and none duplicated, and the job completes, resumed
from its checkpoint where it had to be.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections, transaction
from django.urls import reverse

from contacts.models import Contact
from imports import tasks
from imports.jobs import create_job, enqueue
from imports.models import ImportJob, ImportSource
from tests.conftest import WorkerProcess
from tests.trust.faults import (
    PrivateRedis,
    connections_csv,
    job_status,
    point_celery_at,
    postgresql,
    wait_until,
)

PEOPLE = 12_000
BATCH = 400
OUTAGE_SECONDS = 3
STALE_AFTER_SECONDS = 10
Status = ImportJob.Status

pytestmark = pytest.mark.worker


@pytest.fixture
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    """Many batches, so a fault lands in the middle of the job; read by the worker process."""
    monkeypatch.setenv("IMPORT_BATCH_SIZE", str(BATCH))
    monkeypatch.setenv("IMPORT_STALE_AFTER_SECONDS", str(STALE_AFTER_SECONDS))


@pytest.fixture
def private_redis(settings, tmp_path: Path, small_batches: None) -> Iterator[PrivateRedis]:
    server = PrivateRedis(tmp_path)
    server.start()
    settings.REDIS_URL = server.url
    # One Redis for the broker and the cache (the rate limits' counts), as in production.
    settings.CACHES = {"default": {**settings.CACHES["default"], "LOCATION": server.url}}
    point_celery_at(server.url)
    yield server
    server.stop()
    point_celery_at(settings.CELERY_BROKER_URL)


def assert_everyone_imported_once(owner, job_id: int) -> None:
    job = job_status(job_id)
    assert job.status == Status.SUCCEEDED, job.reason
    contacts = Contact.objects.for_owner(owner)
    assert contacts.count() == PEOPLE
    assert contacts.values("slug").distinct().count() == PEOPLE
    assert job.created == PEOPLE


def start_import(owner, count: int = PEOPLE) -> int:
    with transaction.atomic():
        job = create_job(owner, ContentFile(connections_csv(count), name="Connections.csv"))
        enqueue(job)
    return job.pk


def sweep_until_finished(job_id: int, timeout: float) -> None:
    """What celery beat does every minute, more often: requeue jobs whose worker lost them.

    A job counts as lost when its heartbeat is STALE_AFTER_SECONDS old, longer than
    any batch takes here, so a job still running is never taken from its worker.
    """

    def finished() -> bool:
        if job_status(job_id).is_finished:
            return True
        tasks.requeue_stale_jobs.run()
        return False

    wait_until(finished, timeout, f"import job {job_id} to finish")


def test_a_redis_restart_mid_job_loses_and_duplicates_nothing(
    transactional_db, private_redis, alice, settings
):
    worker = WorkerProcess()
    try:
        worker.start()
        job_id = start_import(alice)
        wait_until(lambda: job_status(job_id).rows_done > 0, 60, "the job to start")
        private_redis.restart()
        settings.IMPORT_STALE_AFTER_SECONDS = STALE_AFTER_SECONDS
        sweep_until_finished(job_id, timeout=180)
    finally:
        worker.stop()
    assert_everyone_imported_once(alice, job_id)


def test_an_upload_while_redis_is_down_waits_queued_then_runs(
    transactional_db, private_redis, alice, alice_client, settings
):
    private_redis.stop()
    response = alice_client.post(
        reverse("imports-upload"),
        {"file": SimpleUploadedFile("Connections.csv", connections_csv(PEOPLE)), "snapshot": "on"},
    )
    job = ImportJob.objects.get(owner=alice)
    assert response.status_code == 302
    assert response["Location"] == reverse("imports-job-detail", args=[job.pk])
    assert job.status == Status.QUEUED

    private_redis.start()
    worker = WorkerProcess()
    try:
        worker.start()
        # The sweeper's next run sends the job whose message never reached the broker.
        settings.IMPORT_STALE_AFTER_SECONDS = STALE_AFTER_SECONDS
        assert tasks.requeue_stale_jobs.run() == []  # too fresh to be lost
        settings.IMPORT_STALE_AFTER_SECONDS = 0
        assert tasks.requeue_stale_jobs.run() == [job.pk]
        wait_until(lambda: job_status(job.pk).is_finished, 180, "the job to finish")
    finally:
        worker.stop()
    assert_everyone_imported_once(alice, job.pk)


@pytest.mark.skipif(
    os.environ.get("CRM_FAULT_TESTS") != "1",
    reason="stops the machine's PostgreSQL for a few seconds: set CRM_FAULT_TESTS=1 (CI does, "
    "for its PostgreSQL run)",
)
def test_postgresql_stopped_mid_batch_and_started_again_resumes_the_job(
    transactional_db, alice, small_batches, settings
):
    if connection.vendor != "postgresql":
        pytest.skip("stopping the database server needs PostgreSQL; SQLite is a file")
    worker = WorkerProcess()
    try:
        worker.start()
        job_id = start_import(alice)
        wait_until(lambda: job_status(job_id).rows_done > 0, 60, "the job to start")
        connections.close_all()
        postgresql("stop")
        try:
            time.sleep(OUTAGE_SECONDS)
        finally:
            postgresql("start")  # whatever happens: others share this server
        wait_until(_database_answers, 30, "PostgreSQL to accept connections")
        settings.IMPORT_STALE_AFTER_SECONDS = STALE_AFTER_SECONDS
        sweep_until_finished(job_id, timeout=180)
    finally:
        worker.stop()
    assert_everyone_imported_once(alice, job_id)
    assert job_status(job_id).attempts >= 2  # stopped by the outage, resumed by the sweeper


def _database_answers() -> bool:
    try:
        connections.close_all()
        connection.ensure_connection()
        return True
    except Exception:
        return False


def test_run_now_while_redis_is_down_says_so_instead_of_failing(
    transactional_db, private_redis, alice, alice_client
):
    source = ImportSource.objects.create(
        owner=alice, name="Nightly", url="https://example.org/connections.csv"
    )
    private_redis.stop()
    response = alice_client.post(reverse("imports-source-run", args=[source.pk]), follow=True)
    assert response.status_code == 200
    assert "cannot be checked right now: the background queue is unreachable" in (
        response.content.decode()
    )

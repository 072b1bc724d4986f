"""The promise that matters most: a worker killed mid-import loses nothing and doubles nothing."""

import csv
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files import File
from django.db import connection

from contacts.models import Contact
from imports.jobs import create_job
from imports.lifecycle import requeue_stale_jobs
from imports.models import ImportJob
from imports.tasks import run_import
from tests.conftest import WorkerProcess
from tests.factories import make_user

ROWS = 200_000

pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="200k rows through a killed worker is a PostgreSQL-sized test; SQLite's single "
        "writer runs the same checkpoint code, tested in test_checkpoint.py",
    ),
]


def write_followers(path: Path, count: int) -> None:
    with path.open("w", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["profileUrl", "firstName", "lastName", "headline", "company"])
        for n in range(count):
            writer.writerow(
                [f"https://www.linkedin.com/in/member-{n:07d}/", f"First{n}", f"Last{n}",
                 f"Engineer at Co{n % 100}", f"Co{n % 100}"]
            )  # fmt: skip


def wait_for(job: ImportJob, done: callable, timeout: float) -> ImportJob:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if done(job):
            return job
        time.sleep(0.05)
    raise AssertionError(f"job {job.pk} is {job.status} after {timeout} s: {job.counts()}")


def test_a_worker_killed_mid_import_leaves_exactly_the_right_contacts(worker, tmp_path):
    owner = make_user("alice")
    write_followers(tmp_path / "followers.csv", ROWS)
    with (tmp_path / "followers.csv").open("rb") as stream:
        job = create_job(owner, File(stream, name="followers.csv"), declared_kind="followers")
    run_import.delay(job.pk)

    wait_for(job, lambda j: j.rows_done >= 30_000, timeout=120)
    worker.kill()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.RUNNING
    assert 0 < job.rows_done < ROWS

    second = WorkerProcess()
    second.start()
    try:
        for job_id in requeue_stale_jobs(older_than=timedelta(0)):
            run_import.delay(job_id)
        wait_for(job, lambda j: j.is_finished, timeout=600)
    finally:
        second.stop()

    assert job.status == ImportJob.Status.SUCCEEDED, job.reason
    assert (job.created, job.updated, job.rows_done, job.attempts) == (ROWS, 0, ROWS, 2)
    people = Contact.objects.for_owner(owner)
    assert people.count() == ROWS
    assert people.values("slug").distinct().count() == ROWS
    assert people.followers().count() == ROWS
    assert set(people.values_list("slug", flat=True)) == {f"member-{n:07d}" for n in range(ROWS)}

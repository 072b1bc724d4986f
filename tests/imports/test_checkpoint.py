from datetime import timedelta

import pytest
from django.utils import timezone

from contacts.models import Contact
from imports.lifecycle import claim, requeue_stale_jobs
from imports.models import ImportJob
from imports.pipeline import run_import
from imports.records import SectionKind
from imports.summary import progress_of
from tests.imports.conftest import person, sections_of


class WorkerKilled(BaseException):
    """Stands for SIGKILL: nothing in the pipeline catches it, as nothing can catch a kill."""


def records(count: int) -> list:
    return [person(line, f"p{line}", first_name=f"P{line}") for line in range(2, count + 2)]


def dying_after(items: list, count: int):
    def open_sections(path, *, declared_kind, mapping):
        def rows():
            for number, item in enumerate(items):
                if number == count:
                    raise WorkerKilled
                yield item

        yield from sections_of((SectionKind.PROFILES, []))(path, declared_kind=None, mapping=None)
        yield from sections_of((SectionKind.PROFILES, rows()))(
            path, declared_kind=None, mapping=None
        )

    return open_sections


def test_a_job_killed_after_a_batch_resumes_from_its_checkpoint_with_exact_counts(
    alice, make_job, settings
):
    settings.IMPORT_BATCH_SIZE = 10
    items = records(25)
    job = make_job(alice)
    with pytest.raises(WorkerKilled):
        run_import(job.pk, dying_after(items, 15))
    job.refresh_from_db()
    assert (job.status, job.checkpoint_section, job.checkpoint_items) == ("running", 1, 10)
    assert Contact.objects.for_owner(alice).count() == 10

    assert requeue_stale_jobs(older_than=timedelta(0)) == [job.pk]
    run_import(job.pk, dying_after(items, len(items)))
    job.refresh_from_db()
    assert job.status == ImportJob.Status.SUCCEEDED
    assert (job.created, job.updated, job.unchanged, job.rows_done) == (25, 0, 0, 25)
    assert job.attempts == 2
    assert sorted(Contact.objects.for_owner(alice).values_list("slug", flat=True)) == sorted(
        f"p{line}" for line in range(2, 27)
    )


def test_a_job_resumed_after_hours_finishes_with_the_rate_of_its_work(alice, make_job, settings):
    settings.IMPORT_BATCH_SIZE = 10
    items = records(25)
    job = make_job(alice)
    with pytest.raises(WorkerKilled):
        run_import(job.pk, dying_after(items, 15))
    # The worker was down for two hours before the job was resumed.
    hours_ago = timezone.now() - timedelta(hours=2)
    ImportJob.objects.filter(pk=job.pk).update(started_at=hours_ago, heartbeat_at=hours_ago)
    requeue_stale_jobs(older_than=timedelta(0))
    run_import(job.pk, dying_after(items, len(items)))
    job.refresh_from_db()
    assert job.status == ImportJob.Status.SUCCEEDED
    assert job.seconds_worked < 60
    assert progress_of(job).rows_per_second > 1  # not 25 rows in two hours


def test_a_job_held_by_a_live_worker_is_not_run_a_second_time(alice, make_job):
    job = make_job(alice)
    assert claim(job.pk) is not None
    assert claim(job.pk) is None


def test_a_finished_job_delivered_again_does_nothing(alice, make_job):
    job = make_job(alice)
    run_import(job.pk, sections_of((SectionKind.PROFILES, records(3))))
    assert run_import(job.pk, sections_of((SectionKind.PROFILES, records(5)))) is None
    assert Contact.objects.for_owner(alice).count() == 3


def test_a_job_that_keeps_killing_its_worker_fails_with_a_clear_reason(alice, make_job, settings):
    settings.IMPORT_MAX_ATTEMPTS = 2
    job = make_job(alice)
    for _ in range(2):
        with pytest.raises(WorkerKilled):
            run_import(job.pk, dying_after(records(5), 0))
        requeue_stale_jobs(older_than=timedelta(0))
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert "stopped 2 times before it finished" in job.reason
    assert job.finished_at is not None


def test_a_worker_whose_job_was_taken_over_stops_without_writing(alice, make_job, settings):
    settings.IMPORT_BATCH_SIZE = 2
    job = make_job(alice)

    def taken_over_midway(path, *, declared_kind, mapping):
        def rows():
            yield from records(2)
            ImportJob.objects.filter(pk=job.pk).update(run_token="another-worker")
            yield from records(4)[2:]

        yield from sections_of((SectionKind.PROFILES, rows()))(
            path, declared_kind=None, mapping=None
        )

    assert run_import(job.pk, taken_over_midway) is None
    assert Contact.objects.for_owner(alice).count() == 2


def test_the_sweeper_leaves_jobs_with_a_fresh_heartbeat_alone(alice, make_job):
    job = make_job(alice)
    claim(job.pk)
    assert requeue_stale_jobs() == []

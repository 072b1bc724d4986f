"""A job's page: live progress while it runs, then its summary, row errors and history."""

import csv
import io
import re
import zipfile
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from imports.jobs import create_job
from imports.models import ImportJob, ImportRowError
from imports.pipeline import run_import
from imports.records import PersonRecord, Section, SectionKind
from imports.summary import progress_of


def a_job(owner, name="Connections.csv", **fields):
    job = create_job(owner, ContentFile(b"rows", name=name))
    if fields:
        ImportJob.objects.filter(pk=job.pk).update(**fields)
        job.refresh_from_db()
    return job


def running(owner, **fields):
    """A job a worker claimed at ``started_at`` and has run since, without a batch yet."""
    fields.setdefault("status", ImportJob.Status.RUNNING)
    fields.setdefault("started_at", timezone.now() - timedelta(seconds=10))
    fields.setdefault("heartbeat_at", fields["started_at"])
    return a_job(owner, **fields)


def test_a_running_job_shows_rows_rate_and_time_left(alice_client, alice):
    job = running(alice, rows_done=2000, bytes_done=250, bytes_total=1000,
                  section_name="Basic_LinkedInDataExport/Connections.csv")  # fmt: skip
    page = alice_client.get(reverse("imports-job-detail", args=[job.pk])).content.decode()
    assert '<progress max="100" value="25"' in page
    assert "Reading Connections.csv" in page
    assert "2,000 of about 8,000 rows read" in page
    assert re.search(r"<span>\d+ rows a second</span>", page)
    assert re.search(r"<span>about \d+ s left</span>", page)


def test_the_rate_and_time_left_come_from_the_time_since_the_job_started(alice):
    job = running(alice, rows_done=2000, bytes_done=250, bytes_total=1000)
    progress = progress_of(job, now=job.started_at + timedelta(seconds=10))
    assert (progress.rows_per_second, progress.seconds_left) == (200, 30)
    assert (progress.percent, progress.rows_estimate) == (25, 8000)


def test_the_time_left_at_the_start_comes_from_the_bytes_read_not_the_rounded_percent(alice):
    job = running(alice, rows_done=190, bytes_done=19, bytes_total=1000)
    progress = progress_of(job, now=job.started_at + timedelta(seconds=10))
    assert progress.percent == 1
    assert progress.seconds_left == 516  # 1.9% in 10 s: 98.1% more takes 516 s, not 990


def test_near_the_end_the_time_left_is_at_least_a_second(alice):
    job = running(alice, rows_done=35_000, bytes_done=890, bytes_total=1000)
    progress = progress_of(job, now=job.started_at + timedelta(seconds=2.9))
    assert progress.seconds_left == 1  # not "about 0 s left" with 11% still to read


def test_a_later_member_of_an_archive_gives_no_time_left_from_the_whole_jobs_time(alice):
    job = running(alice, rows_done=40_000, bytes_done=100, bytes_total=1000,
                  checkpoint_section=2, section_name="archive.zip/Member_Follows.csv")  # fmt: skip
    progress = progress_of(job, now=job.started_at + timedelta(seconds=60))
    assert progress.percent == 10
    assert progress.seconds_left is None  # not 540 s: most of the 60 s went to Connections.csv


def test_while_a_later_member_is_read_whole_the_page_names_it_not_the_last_one_at_100(
    alice_client, alice
):
    seen = []
    job = a_job(alice, name="Basic_LinkedInDataExport.zip")
    progress_url = reverse("imports-job-progress", args=[job.pk])

    def messages_read_whole() -> Iterator[PersonRecord]:
        # messages.csv is read to its end before its first person comes out.
        seen.append(alice_client.get(progress_url).content.decode())
        yield PersonRecord(2, profile_url="https://www.linkedin.com/in/ada/", message_count=3)

    def open_sections(path: Path, **options: object) -> Iterator[Section]:
        yield Section("archive.zip/Connections.csv", SectionKind.CONNECTIONS,
                      iter([PersonRecord(2, profile_url="https://www.linkedin.com/in/ada/")]),
                      bytes_total=100, bytes_read=lambda: 100)  # fmt: skip
        yield Section("archive.zip/messages.csv", SectionKind.MESSAGES, messages_read_whole(),
                      bytes_total=5000, bytes_read=lambda: 5000)  # fmt: skip

    run_import(job.pk, open_sections)
    [during] = seen
    assert "Reading messages.csv" in during and 'value="0"' in during
    assert "Connections.csv" not in during


def test_a_finished_job_keeps_the_rate_it_ran_at(alice):
    started = timezone.now() - timedelta(days=1)
    job = a_job(alice, status=ImportJob.Status.SUCCEEDED, rows_done=3000, started_at=started,
                finished_at=started + timedelta(seconds=2), seconds_worked=2)  # fmt: skip
    assert progress_of(job).rows_per_second == 1500


def test_a_resumed_jobs_rate_and_time_left_leave_out_the_hours_it_waited(alice_client, alice):
    # 10 s of work before its worker was lost, two hours waiting, then resumed a moment ago.
    now = timezone.now()
    job = running(alice, rows_done=2000, bytes_done=250, bytes_total=1000, seconds_worked=10,
                  started_at=now - timedelta(hours=2), heartbeat_at=now)  # fmt: skip
    progress = progress_of(job, now=now)
    assert (progress.rows_per_second, progress.seconds_left) == (200, 30)
    page = alice_client.get(reverse("imports-job-detail", args=[job.pk])).content.decode()
    # A moment after: the time since its last batch counts too, not the two hours.
    shown = re.search(r"<span>(\d+) rows a second</span>", page)
    assert shown and 150 < int(shown[1]) <= 200


def test_a_running_job_is_polled_with_htmx_and_refreshed_without_javascript(alice_client, alice):
    job = running(alice)
    page = alice_client.get(reverse("imports-job-detail", args=[job.pk])).content.decode()
    progress_url = reverse("imports-job-progress", args=[job.pk])
    assert f'hx-get="{progress_url}" hx-trigger="every 1s"' in page
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in page


def test_the_progress_partial_reloads_the_page_once_the_job_ends(alice_client, alice):
    job = a_job(alice, status=ImportJob.Status.SUCCEEDED, finished_at=timezone.now())
    url = reverse("imports-job-progress", args=[job.pk])
    response = alice_client.get(url, headers={"HX-Request": "true"})
    assert response["HX-Refresh"] == "true"
    assert 'value="100"' in response.content.decode()
    assert "hx-get" not in response.content.decode()


def test_the_job_page_says_when_it_started_or_that_it_has_not_yet(alice_client, alice):
    queued = a_job(alice)
    page = alice_client.get(reverse("imports-job-detail", args=[queued.pk])).content.decode()
    assert ", not started yet" in page
    started = running(alice)
    page = alice_client.get(reverse("imports-job-detail", args=[started.pk])).content.decode()
    assert f"Started {timezone.localtime(started.started_at):%-d %b %Y, %H:%M}" in page


def test_the_history_says_when_each_job_started_or_that_it_has_not_yet(alice_client, alice):
    uploaded = timezone.now() - timedelta(hours=3)
    queued = a_job(alice, name="waiting.csv", created_at=uploaded)
    started = running(alice, created_at=uploaded)
    page = alice_client.get(reverse("imports-jobs")).content.decode()
    assert f'<time datetime="{timezone.localtime(started.started_at):%Y-%m-%dT%H:%M:%S}' in page
    assert '<td data-label="Started"><span class="muted">not started yet</span></td>' in page
    assert f"{timezone.localtime(queued.created_at):%-d %b %Y, %H:%M}" not in page


def test_one_row_read_is_said_in_the_singular(alice_client, alice):
    job = running(alice, rows_done=1, checkpoint_section=1)
    page = alice_client.get(reverse("imports-job-progress", args=[job.pk])).content.decode()
    assert "<span>1 row read</span>" in page


def test_a_queued_job_says_it_waits_for_a_worker(alice_client, alice):
    job = a_job(alice)
    page = alice_client.get(reverse("imports-job-progress", args=[job.pk])).content.decode()
    assert "Waiting for a worker" in page and "0 rows read" in page


def test_the_estimates_wait_until_there_is_something_to_estimate_from(alice):
    progress = progress_of(running(alice))
    assert progress.rows_estimate is None and progress.seconds_left is None
    assert progress.rows_per_second is None


def test_a_finished_job_shows_its_counts_and_what_changed(alice_client, alice):
    summary = {
        "new_connections": [{"id": 1, "name": "Ada Lovelace", "slug": "ada"}],
        "new_connections_count": 1,
    }
    job = a_job(alice, status=ImportJob.Status.SUCCEEDED, finished_at=timezone.now(),
                created=7, updated=2, unchanged=40, disconnected=3, summary=summary)  # fmt: skip
    page = alice_client.get(reverse("imports-job-detail", args=[job.pk])).content.decode()
    assert "<dt>New people</dt><dd>7</dd>" in page
    assert "<dt>No longer connected</dt><dd>3</dd>" in page
    assert "Ada Lovelace" in page
    assert 'value="100"' in page


CONNECTIONS = (
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    "Ada,Lovelace,https://www.linkedin.com/in/ada,,Acme,Analyst,07 Dec 2024\n"
)
FOLLOWERS = "profileUrl,fullName\nhttps://www.linkedin.com/in/grace,Grace Hopper\n"


def imported(owner, name: str, data: bytes, **options) -> ImportJob:
    job = create_job(owner, ContentFile(data, name=name), **options)
    run_import(job.pk)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.SUCCEEDED, job.reason
    return job


def an_archive(**members: str) -> bytes:
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        for name, text in members.items():
            zipped.writestr(name, text)
    return archive.getvalue()


def job_page(client, job: ImportJob) -> str:
    return client.get(reverse("imports-job-detail", args=[job.pk])).content.decode()


def test_a_follower_lists_page_says_nothing_of_connections_it_did_not_read(alice_client, alice):
    imported(alice, "Connections.csv", CONNECTIONS.encode())
    followers = imported(alice, "followers.csv", FOLLOWERS.encode(), declared_kind="followers")
    page = job_page(alice_client, followers)
    assert "<dt>New people</dt><dd>1</dd>" in page
    assert "No longer connected" not in page
    assert "What changed" not in page and "No new connections" not in page


@pytest.mark.parametrize("kind", ["following", "contacts"])
def test_a_following_or_contacts_lists_page_has_no_connection_report(alice_client, alice, kind):
    job = imported(alice, "people.csv", FOLLOWERS.encode(), declared_kind=kind)
    page = job_page(alice_client, job)
    assert "No longer connected" not in page and "What changed" not in page


def test_a_connections_file_that_changed_nothing_still_says_so(alice_client, alice):
    imported(alice, "Connections.csv", CONNECTIONS.encode())
    again = imported(alice, "Connections (1).csv", CONNECTIONS.encode())
    page = job_page(alice_client, again)
    assert "<dt>No longer connected</dt><dd>0</dd>" in page
    assert "No new connections, nobody gone and no job changes." in page


def test_an_archive_holding_connections_shows_its_connection_report(alice_client, alice):
    job = imported(
        alice, "Basic_LinkedInDataExport.zip", an_archive(**{"Connections.csv": CONNECTIONS})
    )
    page = job_page(alice_client, job)
    assert "<dt>No longer connected</dt><dd>0</dd>" in page
    assert 'id="changes-title">What changed</h2>' in page and "Ada Lovelace" in page


def test_a_finished_job_shows_who_only_gained_its_tag(alice_client, alice):
    job = a_job(alice, status=ImportJob.Status.SUCCEEDED, finished_at=timezone.now(),
                tagged=5, unchanged=40)  # fmt: skip
    page = alice_client.get(reverse("imports-job-detail", args=[job.pk])).content.decode()
    assert "<dt>Only tagged</dt><dd>5</dd>" in page
    assert "<dt>Unchanged</dt><dd>40</dd>" in page


def test_a_job_that_tagged_nobody_shows_no_tagged_count(alice_client, alice):
    job = a_job(alice, status=ImportJob.Status.SUCCEEDED, finished_at=timezone.now(), unchanged=4)
    page = alice_client.get(reverse("imports-job-detail", args=[job.pk])).content.decode()
    assert "Only tagged" not in page


def test_a_failed_job_says_why(alice_client, alice):
    job = a_job(alice, status=ImportJob.Status.FAILED, reason="The file is empty.")
    page = alice_client.get(reverse("imports-job-detail", args=[job.pk])).content.decode()
    assert "<strong>The import failed.</strong> The file is empty." in page


def test_a_job_that_failed_at_once_says_it_stopped_and_shows_no_summary_of_zeros(
    alice_client, alice
):
    job = a_job(alice, status=ImportJob.Status.FAILED, reason="The file is binary, not text.")
    page = alice_client.get(reverse("imports-job-detail", args=[job.pk])).content.decode()
    assert '<span id="progress-label">Stopped</span>' in page
    assert "Finished" not in page and "Summary" not in page


def test_a_header_only_file_that_failed_shows_no_full_progress_bar(alice_client, alice):
    job = create_job(alice, ContentFile(b"First Name,Last Name,URL\n", name="empty.csv"))
    run_import(job.pk)
    page = alice_client.get(reverse("imports-job-detail", args=[job.pk])).content.decode()
    assert "The file holds no rows to import." in page
    assert '<span id="progress-label">Stopped</span>' in page and "0 rows read" in page
    assert "<progress" not in page and "100%" not in page


def test_a_job_that_failed_midway_still_shows_what_it_did(alice_client, alice):
    job = a_job(alice, status=ImportJob.Status.FAILED, reason="The worker stopped three times.",
                rows_done=40, created=40)  # fmt: skip
    page = alice_client.get(reverse("imports-job-detail", args=[job.pk])).content.decode()
    assert '<span id="progress-label">Stopped</span>' in page
    assert "Summary" in page and "<dd>40</dd>" in page


def test_the_error_rows_are_shown_and_downloadable_as_csv(alice_client, alice):
    job = a_job(alice, status=ImportJob.Status.SUCCEEDED, finished_at=timezone.now(), failed=2)
    ImportRowError.objects.create(job=job, section="Connections.csv", line=7,
                                  reason="no name", raw="=HYPERLINK(1)")  # fmt: skip
    ImportRowError.objects.create(job=job, section="Connections.csv", line=9, reason="bad date")
    page = alice_client.get(reverse("imports-job-detail", args=[job.pk])).content.decode()
    assert "Download the error rows (CSV)" in page
    response = alice_client.get(reverse("imports-job-errors", args=[job.pk]))
    assert response["Content-Disposition"] == f'attachment; filename="import-{job.pk}-errors.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows == [
        ["section", "where", "reason", "raw row"],
        ["Connections.csv", "Line 7", "no name", "'=HYPERLINK(1)"],
        ["Connections.csv", "Line 9", "bad date", ""],
    ]


def test_the_history_lists_my_jobs_newest_first(alice_client, alice, bob):
    a_job(alice, name="first.csv")
    a_job(alice, name="second.zip")
    a_job(bob, name="bobs.csv")
    page = alice_client.get(reverse("imports-jobs")).content.decode()
    assert page.index("second.zip") < page.index("first.csv")
    assert "bobs.csv" not in page


def test_the_history_writes_large_counts_with_thousands_separators(alice_client, alice):
    a_job(alice, status=ImportJob.Status.SUCCEEDED, finished_at=timezone.now(), created=30000)
    page = alice_client.get(reverse("imports-jobs")).content.decode()
    assert '<td data-label="New" class="num">30,000</td>' in page


def test_the_history_says_how_many_people_a_job_only_tagged(alice_client, alice):
    a_job(alice, status=ImportJob.Status.SUCCEEDED, finished_at=timezone.now(), updated=2,
          tagged=1200)  # fmt: skip
    page = alice_client.get(reverse("imports-jobs")).content.decode()
    assert '2 <span class="muted small">+ 1,200 only tagged</span>' in page


def test_the_empty_history_teaches_how_to_get_the_archive(alice_client):
    page = alice_client.get(reverse("imports-jobs")).content.decode()
    assert "No imports yet" in page and "<kbd>Get a copy of your data</kbd>" in page


def test_another_users_job_is_not_found_on_any_page(alice_client, bob):
    job = a_job(bob, status=ImportJob.Status.SUCCEEDED, failed=1)
    for name in ("imports-job-detail", "imports-job-progress", "imports-job-errors"):
        assert alice_client.get(reverse(name, args=[job.pk])).status_code == 404, name

"""A screen reader hears an import's progress when its phase or quarter changes, not every poll."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from imports.models import ImportJob
from tests.browser.chromium import sign_in, step, sync_playwright_page
from tests.factories import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COUNT_CHANGES = """() => {
  window.announcements = 0;
  new MutationObserver(() => window.announcements++).observe(
    document.getElementById("progress-announcer"),
    {childList: true, characterData: true, subtree: true});
}"""


def worker_reports(job_id: int, **progress: object) -> None:
    """The job row as a worker updates it, written from a thread of its own as a worker would."""

    def write() -> None:
        try:
            ImportJob.objects.filter(pk=job_id).update(heartbeat_at=timezone.now(), **progress)
        finally:
            connection.close()

    writer = threading.Thread(target=write)
    writer.start()
    writer.join()


def test_the_progress_is_announced_once_per_phase_and_quarter(live_server):
    jordan = make_user("jordan")
    job = ImportJob.objects.create(
        owner=jordan, file="imports/archive.zip", original_name="archive.zip",
        status=ImportJob.Status.RUNNING, rows_done=100, bytes_done=10, bytes_total=100,
        section_name="Connections.csv", started_at=timezone.now(), heartbeat_at=timezone.now(),
    )  # fmt: skip
    with sync_playwright_page() as page:
        sign_in(page, live_server.url, "jordan")
        page.goto(live_server.url + reverse("imports-job-detail", args=[job.pk]))
        announcer = page.locator("#progress-announcer")
        with step(page, "progress-announced-quarter"):
            expect(announcer).to_have_attribute("role", "status")
            page.evaluate(COUNT_CHANGES)
            worker_reports(job.pk, bytes_done=30, rows_done=300)
            expect(announcer).to_have_text("Reading Connections.csv, 25% done", timeout=10_000)
        with step(page, "progress-quiet-within-a-quarter"):
            worker_reports(job.pk, bytes_done=45, rows_done=450)
            expect(page.locator(".progress__percent")).to_have_text("45%", timeout=10_000)
            assert page.evaluate("window.announcements") == 1
        with step(page, "progress-announced-phase"):
            worker_reports(job.pk, bytes_done=5, bytes_total=10, section_name="messages.csv")
            expect(announcer).to_have_text("Reading messages.csv, 50% done", timeout=10_000)

"""In-place updates are heard: a live region the page already had says what changed.

A tag added in place, the count of a list filtered in place, and a job's progress,
once per file and per quarter rather than on every poll.
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from imports.models import ImportJob
from tests.browser.chromium import sign_in, step, sync_playwright_page
from tests.factories import make_contact, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


# The live region as the page first drew it: a screen reader speaks what changes inside a
# region it already knows, not a region that arrives with its words already in it.
REGION_KEPT = "id => { window.liveRegion = document.getElementById(id); }"
# No request on its way, no swap still settling: the focus is where htmx leaves it.
HTMX_AT_REST = "!document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')"
REGION_NOW = """id => ({same: document.getElementById(id) === window.liveRegion,
  said: window.liveRegion.textContent.trim()})"""


def assert_said_in_the_region_kept(page, region_id: str, said: str) -> None:
    """``said`` is announced by the live region ``region_id`` that the page already had."""
    expect(page.get_by_role("status").filter(has_text=said)).to_be_attached()
    page.wait_for_function(HTMX_AT_REST)
    assert page.evaluate(REGION_NOW, region_id) == {"same": True, "said": said}


def test_a_tag_added_or_removed_in_place_is_announced_in_the_messages_live_region(live_server):
    jordan = make_user("jordan")
    ada = make_contact(jordan, first_name="Ada", last_name="Lovelace")
    with sync_playwright_page() as page:
        sign_in(page, live_server.url, "jordan")
        with step(page, "a11y-tag-added-announced"):
            page.goto(f"{live_server.url}/contacts/{ada.pk}/")
            page.evaluate(REGION_KEPT, "messages")
            page.get_by_label("Add a tag").fill("investor")
            page.keyboard.press("Enter")
            assert_said_in_the_region_kept(page, "messages", "Tagged Ada Lovelace with “investor”.")
            expect(page.get_by_label("Add a tag")).to_be_focused()
        with step(page, "a11y-tag-removed-announced"):
            page.keyboard.press("Shift+Tab")
            expect(page.get_by_role("button", name="Remove the tag investor")).to_be_focused()
            page.keyboard.press("Enter")
            assert_said_in_the_region_kept(
                page, "messages", "Removed “investor” from Ada Lovelace."
            )
            expect(page.get_by_label("Add a tag")).to_be_focused()


def test_the_count_of_a_list_filtered_in_place_is_announced_in_a_live_region(live_server):
    jordan = make_user("jordan")
    make_contact(jordan, first_name="Ada", last_name="Lovelace")
    make_contact(jordan, first_name="Grace", last_name="Hopper")
    make_contact(jordan, first_name="Grace", last_name="Hopper", company="Navy")
    with sync_playwright_page() as page:
        sign_in(page, live_server.url, "jordan")
        with step(page, "a11y-list-count-announced"):
            page.goto(f"{live_server.url}/contacts/")
            page.evaluate(REGION_KEPT, "results-announcement")
            page.get_by_role("searchbox").fill("hopper")
            expect(page.locator("#results")).not_to_contain_text("Ada Lovelace")
            assert_said_in_the_region_kept(page, "results-announcement", "2 contacts match")
            expect(page.get_by_role("searchbox")).to_be_focused()


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

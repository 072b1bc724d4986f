"""A bulk action past what a request takes, in a real browser with a real worker."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from contacts import bulk_jobs
from contacts.models import Contact
from tests.browser.chromium import sign_in, step, sync_playwright_page
from tests.factories import make_contact, make_user

pytestmark = [pytest.mark.browser, pytest.mark.worker]


def test_tagging_every_match_shows_the_jobs_progress_until_it_is_done(
    live_server, worker, monkeypatch: pytest.MonkeyPatch
):
    # Three contacts stand for the 10,000 a request takes (the live server runs in this process).
    monkeypatch.setattr(bulk_jobs, "IN_REQUEST_LIMIT", 3)
    jordan = make_user("jordan")
    for n in range(5):
        make_contact(jordan, first_name=f"Acme{n}", company="Acme")
    make_contact(jordan, first_name="Elsewhere", company="Globex")
    with sync_playwright_page() as page:
        sign_in(page, live_server.url, "jordan")
        with step(page, "bulk-job-start"):
            page.goto(f"{live_server.url}/contacts/?company=acme")
            page.get_by_label(re.compile(r"^All \d+ matching$")).check()
            page.get_by_label("Action", exact=True).select_option("add_tag")
            page.get_by_label("Tag name (for tag actions)").fill("acme-2026")
            page.get_by_role("button", name="Apply", exact=True).click()
            expect(page).to_have_url(re.compile(r"/contacts/bulk/jobs/\d+/$"))
        with step(page, "bulk-job-done"):
            expect(page.locator(".status").first).to_have_text("Done", timeout=60_000)
            expect(page.locator(".message.success")).to_have_text(
                "Add a tag: 5 contacts changed, of 5 matching."
            )
    tagged = Contact.objects.filter(tags__name="acme-2026")
    assert sorted(tagged.values_list("first_name", flat=True)) == [f"Acme{n}" for n in range(5)]

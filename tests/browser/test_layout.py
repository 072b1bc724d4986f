"""The pages' layout in a real browser, with the long values real networks hold."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from playwright.sync_api import expect

from tests.browser.chromium import LAPTOP_SCREEN, sign_in, step, sync_playwright_page
from tests.factories import make_contact, make_tag, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def a_contact_with_every_column_long(owner) -> None:
    contact = make_contact(
        owner, first_name="Maximiliana", last_name="Okafor-Lindqvist", is_connection=True,
        headline="Principal Engineer, Distributed Systems and Developer Platforms",
        company="Razorpay Software Private Limited",
        position="Technical Talent Acquisition Partner",
        connected_on=date(2024, 3, 15), last_interaction_at=datetime(2025, 11, 30, tzinfo=UTC),
    )  # fmt: skip
    contact.tags.add(make_tag(owner, "followers-2026"), make_tag(owner, "conference"))


def test_the_contact_table_shows_every_column_on_a_laptop_screen(live_server):
    jordan = make_user("jordan")
    a_contact_with_every_column_long(jordan)
    with sync_playwright_page(LAPTOP_SCREEN) as page:
        sign_in(page, live_server.url, "jordan")
        with step(page, "layout-contact-table"):
            page.goto(f"{live_server.url}/contacts/")
            expect(page.get_by_role("link", name="followers-2026")).to_be_visible()
            table = page.locator("#results .table-wrap")
            assert table.evaluate("wrap => wrap.scrollWidth <= wrap.clientWidth")
            expect(page.get_by_role("columnheader", name="Tags")).to_be_in_viewport(ratio=1)

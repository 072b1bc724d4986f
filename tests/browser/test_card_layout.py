"""Cards side by side on a laptop, and a phone's cards of counts and of contacts."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.chromium import LAPTOP_SCREEN, sign_in, step, sync_playwright_page
from tests.browser.test_layout import PHONE_SCREEN, a_finished_import
from tests.factories import make_contact, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_import_pages_cards_side_by_side_start_level_and_the_next_card_keeps_its_gap(
    live_server,
):
    jordan = make_user("jordan")
    a_finished_import(jordan, "Connections.csv")
    with sync_playwright_page(LAPTOP_SCREEN) as page:
        sign_in(page, live_server.url, "jordan")
        with step(page, "cards-import-page"):
            page.goto(f"{live_server.url}/imports/")
            form = page.locator("form[data-upload-form]").bounding_box()
            help_card = page.get_by_role("complementary", name="Get your LinkedIn archive")
            aside = help_card.bounding_box()
            # The help card stood 16px lower than the form beside it.
            assert aside["y"] == form["y"]
            recent = page.get_by_role("region", name="Recent imports").bounding_box()
            # ... and the recent imports touched the card above them.
            assert recent["y"] - max(form["y"] + form["height"], aside["y"] + aside["height"]) >= 16


def test_a_phones_contact_cards_leave_out_what_the_person_has_not(live_server):
    jordan = make_user("jordan")
    make_contact(jordan, first_name="Uma", last_name="Lopez", is_follower=True, company="Contoso")
    with sync_playwright_page(PHONE_SCREEN) as page:
        sign_in(page, live_server.url, "jordan")
        with step(page, "cards-phone-contacts"):
            page.goto(f"{live_server.url}/contacts/")
            row = page.get_by_role("row").filter(has=page.get_by_role("link", name="Uma Lopez"))
            expect(row.get_by_text("Contoso")).to_be_visible()
            # Each line of a card said "Connected: —" and "Last interaction: —".
            for cell in ("Connected", "Last interaction"):
                expect(row.locator(f'td[data-label="{cell}"]')).to_be_hidden()


def test_a_phone_shows_the_dashboards_counts_two_a_row(live_server):
    jordan = make_user("jordan")
    make_contact(jordan, is_connection=True)
    with sync_playwright_page(PHONE_SCREEN) as page:
        sign_in(page, live_server.url, "jordan")
        with step(page, "cards-phone-dashboard"):
            counts = page.get_by_label("Your network by kind").locator(".stat-card")
            expect(counts).to_have_count(5)
            boxes = [count.bounding_box() for count in counts.all()]
            assert boxes[0]["y"] == boxes[1]["y"] and boxes[2]["y"] == boxes[3]["y"]
            # Everyone spans the row; one a row, the five counts took the whole first screen.
            assert boxes[4]["width"] > 1.5 * boxes[0]["width"]
            assert boxes[4]["y"] + boxes[4]["height"] < PHONE_SCREEN["height"]

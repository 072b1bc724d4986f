"""The back button in a real browser, after the list refreshed itself in place."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.chromium import sign_in, step, sync_playwright_page
from tests.factories import make_contact, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def kim_with_a_connection_and_a_follower() -> None:
    kim = make_user("kim")
    make_contact(kim, first_name="Ada", last_name="Lovelace", is_connection=True)
    make_contact(kim, first_name="Grace", last_name="Hopper", is_follower=True)


def choose_kind(page, kind: str) -> None:
    """Changes the sidebar's Kind, which refreshes the results in place."""
    page.get_by_label("Kind").select_option(kind)
    page.wait_for_url(f"**/contacts/?*kind={kind}*")


def test_back_from_a_contact_shows_the_whole_filtered_list_not_a_bare_fragment(live_server):
    kim_with_a_connection_and_a_follower()
    with sync_playwright_page() as page:
        sign_in(page, live_server.url, "kim")
        with step(page, "history-filter-in-place"):
            page.goto(f"{live_server.url}/contacts/")
            choose_kind(page, "follower")
            expect(page.get_by_role("link", name="Ada Lovelace")).to_have_count(0)
        with step(page, "history-open-contact"):
            page.get_by_role("link", name="Grace Hopper").click()
            expect(page.get_by_role("heading", name="Grace Hopper")).to_be_visible()
        with step(page, "history-back"):
            page.go_back()
            page.wait_for_url("**/contacts/?*kind=follower*")
            expect(page.get_by_role("heading", name="Filters")).to_be_visible()
            expect(page.get_by_role("link", name="Grace Hopper")).to_be_visible()
            assert page.title().startswith("Contacts")
            assert page.evaluate("getComputedStyle(document.body).fontFamily") != "Times New Roman"


def test_back_through_filters_changed_in_place_shows_each_earlier_list_whole(live_server):
    kim_with_a_connection_and_a_follower()
    with sync_playwright_page() as page:
        sign_in(page, live_server.url, "kim")
        with step(page, "history-two-filters"):
            page.goto(f"{live_server.url}/contacts/")
            choose_kind(page, "follower")
            choose_kind(page, "connection")
            expect(page.get_by_role("link", name="Grace Hopper")).to_have_count(0)
        for expected_url, shown, hidden in (
            ("**/contacts/?*kind=follower*", "Grace Hopper", "Ada Lovelace"),
            ("**/contacts/", "Ada Lovelace", None),
        ):
            with step(page, "history-back-one-filter"):
                page.go_back()
                page.wait_for_url(expected_url)
                expect(page.get_by_role("heading", name="Filters")).to_be_visible()
                expect(page.get_by_role("link", name=shown)).to_be_visible()
                if hidden:
                    expect(page.get_by_role("link", name=hidden)).to_have_count(0)

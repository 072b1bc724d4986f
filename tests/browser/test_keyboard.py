"""The contact list with a keyboard alone: reaching the search past the filter sidebar."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.chromium import sign_in, step, sync_playwright_page
from tests.factories import make_contact, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The skip link, the brand, four menu items, the account menu, two buttons: then the skip.
TABS_TO_THE_SKIP = 10


def tab_to(page: Page, name: str, most: int) -> int:
    """Presses Tab until the focused element is called ``name``; returns how many presses."""
    for presses in range(1, most + 1):
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.textContent.trim()")
        if focused == name:
            return presses
    raise AssertionError(f"{name!r} not reached in {most} presses of Tab")


def test_a_keyboard_reaches_the_search_without_tabbing_through_every_filter(live_server):
    jordan = make_user("jordan")
    make_contact(jordan, first_name="Ada", last_name="Lovelace")
    make_contact(jordan, first_name="Grace", last_name="Hopper")
    with sync_playwright_page() as page:
        sign_in(page, live_server.url, "jordan")
        with step(page, "keyboard-skip-filters"):
            page.goto(f"{live_server.url}/contacts/")
            skip = "Skip the filters, to the search and results"
            assert tab_to(page, skip, most=TABS_TO_THE_SKIP) <= TABS_TO_THE_SKIP
            expect(page.get_by_role("link", name=skip)).to_be_in_viewport()
            page.keyboard.press("Enter")
            expect(page.get_by_role("searchbox")).to_be_focused()
            page.keyboard.type("hopper")
            page.keyboard.press("Enter")
            expect(page.locator("#results")).to_contain_text("Grace Hopper")
            expect(page.locator("#results")).not_to_contain_text("Ada Lovelace")

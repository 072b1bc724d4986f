"""The contact list's sidebar in a real browser: its tag choices and saved lists."""

from __future__ import annotations

import pytest
from playwright.sync_api import Locator, expect

from tests.browser.chromium import LAPTOP_SCREEN, sign_in, step, sync_playwright_page
from tests.factories import make_contact, make_saved_filter, make_tag, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONG_TAG = "met-at-web-summit-lisbon-2025"


def line_height(element: Locator) -> float:
    return element.evaluate("element => parseFloat(getComputedStyle(element).lineHeight)")


def test_a_long_tag_name_wraps_beside_its_checkbox(live_server):
    jordan = make_user("jordan")
    make_contact(jordan).tags.add(make_tag(jordan, LONG_TAG), make_tag(jordan, "vip"))
    with sync_playwright_page(LAPTOP_SCREEN) as page:
        sign_in(page, live_server.url, "jordan")
        with step(page, "sidebar-long-tag"):
            page.goto(f"{live_server.url}/contacts/")
            for name in (LONG_TAG, "vip"):
                box = page.get_by_role("checkbox", name=name, exact=True).bounding_box()
                label = page.locator("#filters label", has_text=name)
                label_box = label.bounding_box()
                # The label fell onto the line under its checkbox, which stood alone.
                assert label_box["x"] > box["x"] + box["width"], name
                assert abs(label_box["y"] - box["y"]) < line_height(label) / 2, name


def test_a_saved_lists_name_rename_and_delete_each_keep_a_readable_width(live_server):
    jordan = make_user("jordan")
    make_contact(jordan, company="Contoso")
    make_saved_filter(jordan, "Broken", "connected_after=notadate")
    make_saved_filter(jordan, "Connections at Contoso since 2024", "company=Contoso")
    with sync_playwright_page(LAPTOP_SCREEN) as page:
        sign_in(page, live_server.url, "jordan")
        with step(page, "sidebar-saved-lists"):
            page.goto(f"{live_server.url}/contacts/")
            lists = page.get_by_role("region", name="Saved lists")
            expect(lists.get_by_text("Its filter no longer reads")).to_be_visible()
            width = lists.locator("li").first.bounding_box()["width"]
            for name in ("Broken", "Connections at Contoso since 2024"):
                link = lists.get_by_role("link", name=name, exact=True)
                # Beside the count, Rename, Delete and the reason, "Broken" took a letter a line.
                assert link.bounding_box()["width"] > width / 3, name
                assert link.bounding_box()["height"] < 2.5 * line_height(link), name
                for role, action in ("link", "Rename"), ("button", "Delete"):
                    control = lists.get_by_role(role, name=f"{action} the saved list {name}")
                    assert control.bounding_box()["height"] < 1.5 * line_height(control), action

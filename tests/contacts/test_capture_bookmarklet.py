"""The bookmarklet in a real Chromium, on a LinkedIn profile page served from a fixture."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote

import pytest
from django.db import connections
from django.test import Client

from contacts.capture.bookmarklet import bookmarklet_href
from contacts.models import Contact

pytestmark = pytest.mark.browser
playwright = pytest.importorskip("playwright.sync_api")

CHROMIUM = Path("/usr/bin/chromium")
PROFILE_PAGE = (
    Path(__file__).resolve().parent.parent / "fixtures" / "capture" / "linkedin_profile.html"
)
PROFILE_URL = "https://www.linkedin.com/in/jane-sample-456/"


@pytest.fixture
def browser_page(transactional_db, alice, live_server, monkeypatch) -> Iterator:
    """A Chromium page signed in as alice, where linkedin.com answers from fixtures."""
    if not CHROMIUM.exists():
        pytest.skip("Chromium is not installed")
    # Playwright runs an event loop in this thread; the live server does the database work.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    client = Client()
    client.force_login(alice)
    with playwright.sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        context = browser.new_context()
        context.add_cookies(
            [
                {
                    "name": "sessionid",
                    "value": client.cookies["sessionid"].value,
                    "url": live_server.url,
                }
            ]
        )
        context.route(
            "https://www.linkedin.com/**",
            lambda route: route.fulfill(
                content_type="text/html", body=PROFILE_PAGE.read_text(encoding="utf-8")
            ),
        )
        yield context.new_page()
        browser.close()
        # Database work inside Playwright's event loop used connections of that
        # context; close them here, or PostgreSQL cannot drop the test database.
        connections.close_all()


def run_bookmarklet(page, live_server) -> None:
    href = bookmarklet_href(f"{live_server.url}/capture/")
    page.evaluate(unquote(href.removeprefix("javascript:")))


def test_it_opens_the_capture_window_prefilled_and_saves_one_contact(
    browser_page, live_server, alice
):
    browser_page.goto(PROFILE_URL + "?miniProfileUrn=abc")
    with browser_page.expect_popup() as opened:
        run_bookmarklet(browser_page, live_server)
    window = opened.value
    window.wait_for_load_state()
    assert window.url.startswith(f"{live_server.url}/capture/?")
    assert window.input_value("#id_url") == PROFILE_URL
    assert window.input_value("#id_name") == "Jane Sample"
    assert window.input_value("#id_headline") == "VP Engineering · Robots that sort parcels"
    assert window.input_value("#id_company") == "Acme Robotics"
    assert window.input_value("#id_location") == "Lisbon, Portugal"
    window.check("input[name=kind][value=connection]")
    window.fill("#id_tags", "investor")
    window.get_by_role("button", name="Save").click()
    window.wait_for_url("**/capture/saved/**")
    contact = Contact.objects.for_owner(alice).get()
    assert (contact.slug, contact.display_name, contact.company) == (
        "jane-sample-456",
        "Jane Sample",
        "Acme Robotics",
    )
    assert contact.is_connection
    assert list(contact.tags.names()) == ["investor"]


def test_on_any_other_page_it_says_it_only_works_on_profiles(browser_page, live_server):
    messages: list[str] = []
    browser_page.on("dialog", lambda dialog: (messages.append(dialog.message), dialog.dismiss()))
    browser_page.goto("https://www.linkedin.com/feed/")
    run_bookmarklet(browser_page, live_server)
    assert messages == [
        "Save to Network CRM only works on LinkedIn profile pages (linkedin.com/in/...)."
    ]

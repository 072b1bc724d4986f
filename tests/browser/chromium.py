"""Debian's Chromium driven by Playwright, for the browser tests.

The browser is /usr/bin/chromium (``apt-get install -y chromium``; ``.ci/run``
installs it): a test fails, never skips, without it. A failing step saves a
screenshot under var/test/screenshots/.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Page, sync_playwright

from tests.conftest import REPO

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]  # fmt: skip
SCREENSHOTS = REPO / "var" / "test" / "screenshots"
# Playwright's default screen, named: the width of a common laptop.
LAPTOP_SCREEN = {"width": 1280, "height": 720}


@contextmanager
def sync_playwright_page(screen: dict[str, int] = LAPTOP_SCREEN) -> Iterator[Page]:
    """A page of a fresh headless Chromium whose window is ``screen``."""
    if not CHROMIUM.exists():
        pytest.fail(f"Chromium is missing at {CHROMIUM}: apt-get install -y chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        context = browser.new_context(accept_downloads=True, viewport=screen)
        context.set_default_timeout(15_000)
        try:
            yield context.new_page()
        finally:
            context.close()
            browser.close()


@contextmanager
def step(page: Page, name: str) -> Iterator[None]:
    """Runs one step of a test; on failure, keeps a screenshot of what the page showed."""
    try:
        yield
    except Exception:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
        raise


def sign_in(page: Page, url: str, username: str) -> None:
    """Signs in through the login page; ``make_user`` gives each user ``<name>-password``."""
    page.goto(f"{url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(f"{username}-password")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{url}/")

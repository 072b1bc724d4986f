"""Every page as assistive technology and a keyboard get it, checked in a real browser.

Each page of the web UI, filled with a small network, is read through Chromium's own
accessibility tree (what a screen reader is given) and its computed styles, on a laptop
and on a phone: every control has a name, every page a title of its own, one h1, its
landmarks and a language; every focusable element shows where the focus is; text is
readable against what is behind it. A page's problems are listed together, so one run
says everything that is wrong.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import timezone
from playwright.sync_api import Page

from accounts.models import ApiToken
from contacts.models import BulkJob
from imports.models import ImportJob, ImportSource
from relations.models import DuplicateCandidate, DuplicateScan
from tests.browser.accessibility import page_problems, title_problems
from tests.browser.chromium import LAPTOP_SCREEN, sign_in, step, sync_playwright_page
from tests.factories import make_contact, make_note, make_saved_filter, make_tag, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE_SCREEN = {"width": 390, "height": 844}
SCREENS = {"laptop": LAPTOP_SCREEN, "phone": PHONE_SCREEN}

# A file whose columns no reader recognises: uploading it opens the column preview.
UNKNOWN_COLUMNS_CSV = b"Who,Where they work,Notes to self\nAda Lovelace,Analytical Engines,met\n"


def a_network_on_every_page(owner) -> dict[str, str]:
    """A network that fills every page; returns the path of each page, by name."""
    done = ImportJob.objects.create(
        owner=owner, file="imports/archive.zip", original_name="Connections.csv",
        status=ImportJob.Status.SUCCEEDED, created=2, updated=1, failed=1,
        started_at=timezone.now(), finished_at=timezone.now(),
    )  # fmt: skip
    running = ImportJob.objects.create(
        owner=owner, file="imports/followers.csv", original_name="Followers.csv",
        status=ImportJob.Status.RUNNING, rows_done=1200, bytes_done=40, bytes_total=100,
        section_name="Followers.csv", started_at=timezone.now(), heartbeat_at=timezone.now(),
    )  # fmt: skip
    ada = make_contact(
        owner, first_name="Ada", last_name="Lovelace", is_connection=True,
        headline="Analyst of engines", company="Analytical Engines", location="London",
        email="ada@example.org", website="https://example.org/ada",
        connected_on=date(2024, 3, 15), last_interaction_at=datetime(2025, 11, 30, tzinfo=UTC),
        added_by_import=done,
    )  # fmt: skip
    grace = make_contact(owner, first_name="Grace", last_name="Hopper", is_follower=True)
    make_contact(owner, first_name="Grace", last_name="Hopper", company="Navy")
    investor = make_tag(owner, "investor", colour="#0a66c2")
    ada.tags.add(investor, make_tag(owner, "met-2026"))
    note = make_note(ada, "Introduced by Ama; follow up in May.")
    saved = make_saved_filter(owner, "London investors", f"tags={investor.pk}&location=London")
    scan = DuplicateScan.objects.create(
        owner=owner, status=DuplicateScan.Status.SUCCEEDED, pairs_found=1,
        finished_at=timezone.now(),
    )  # fmt: skip
    other = make_contact(owner, first_name="Grace", last_name="Hopper", company="Yale")
    DuplicateCandidate.objects.create(
        owner=owner, scan=scan, first=grace, second=other, reasons=["same name"]
    )
    bulk = BulkJob.objects.create(
        owner=owner, action=BulkJob.Action.ADD_TAG, tag_name="investor", query="company=Navy",
        status=BulkJob.Status.RUNNING, total=20_000, done=5_000, started_at=timezone.now(),
    )  # fmt: skip
    ImportSource.objects.create(owner=owner, name="Nightly export", url="https://example.org/x.csv")
    ApiToken.objects.issue(owner, "nightly sync")
    return {
        "dashboard": "/",
        "contacts": "/contacts/",
        "contacts filtered": f"/contacts/?tags={investor.pk}&company=Analytical",
        "contact": f"/contacts/{ada.pk}/",
        "contact edit": f"/contacts/{ada.pk}/edit/",
        "contact new": "/contacts/new/",
        "contact delete": f"/contacts/{ada.pk}/delete/",
        "saved list rename": f"/lists/{saved.pk}/rename/",
        "note edit": f"/contacts/{ada.pk}/notes/{note.pk}/",
        "bulk delete": f"/contacts/bulk/delete/?scope=selected&ids={ada.pk}&ids={grace.pk}",
        "bulk job": f"/contacts/bulk/jobs/{bulk.pk}/",
        "tags": "/tags/",
        "tag edit": f"/tags/{investor.pk}/",
        "tag delete": f"/tags/{investor.pk}/delete/",
        "imports": "/imports/",
        "import running": f"/imports/jobs/{running.pk}/",
        "import done": f"/imports/jobs/{done.pk}/",
        "import history": "/imports/jobs/",
        "sources": "/imports/sources/",
        "settings": "/settings/",
        "password change": "/accounts/password/",
        "password changed": "/accounts/password/done/",
        "keep in touch": "/due/",
        "duplicates": "/duplicates/",
        "prune": "/prune/",
        "not found": "/contacts/999999/",
        "a button's address": "/duplicates/same-email/merge/",
    }


def error_pages(user) -> dict[str, str]:
    """The pages a refusal or a failure shows, rendered as their views render them."""
    request = RequestFactory().get("/")
    request.user = user
    pages = {
        "bad request": "400.html", "not allowed": "403.html", "form expired": "403_csrf.html",
        "too many requests": "rate_limited.html", "file too large": "uploads/too_large.html",
        "locked out": "registration/locked.html",
    }  # fmt: skip
    context = {"message": "“archive.zip” is larger than the 200 MB upload limit."}
    shown = {name: render_to_string(t, context, request) for name, t in pages.items()}
    shown["server error"] = render_to_string("500.html")
    return shown


def open_rendered(page: Page, url: str, html: str) -> None:
    """Opens ``html`` as if the live server had sent it, with the app's static files."""
    page.route(url, lambda route: route.fulfill(body=html, content_type="text/html"))
    page.goto(url)


# (screen, colour scheme, whether to walk each page with Tab): the walks are the slow part,
# and do not change with the colours.
AUDITS = {
    "laptop": (LAPTOP_SCREEN, "light", True),
    "phone": (PHONE_SCREEN, "light", True),
    "laptop-dark": (LAPTOP_SCREEN, "dark", False),
}


@pytest.mark.parametrize("audit", AUDITS)
def test_every_page_gives_assistive_technology_and_a_keyboard_what_they_need(live_server, audit):
    screen, scheme, keyboard = AUDITS[audit]
    jordan = make_user("jordan")
    paths = a_network_on_every_page(jordan)
    rendered = error_pages(jordan)
    found, titles = {}, {}
    with sync_playwright_page(screen) as page:
        page.emulate_media(color_scheme=scheme)
        with step(page, f"a11y-{audit}-sign-in"):
            page.goto(f"{live_server.url}/accounts/login/")
            titles["sign in"] = page.title()
            found["sign in"] = page_problems(page, signed_in=False, keyboard=keyboard)
            sign_in(page, live_server.url, "jordan")
        for name, path in paths.items():
            with step(page, f"a11y-{audit}-{name}"):
                page.goto(f"{live_server.url}{path}")
                titles[name] = page.title()
                found[name] = page_problems(page, signed_in=True, keyboard=keyboard)
        with step(page, f"a11y-{audit}-column-preview"):
            page.goto(f"{live_server.url}/imports/")
            page.get_by_label("Drop your file here").set_input_files(
                {"name": "people.csv", "mimeType": "text/csv", "buffer": UNKNOWN_COLUMNS_CSV}
            )
            page.get_by_role("button", name="Import", exact=True).click()
            page.wait_for_url("**/imports/mapping/**")
            titles["column preview"] = page.title()
            found["column preview"] = page_problems(page, signed_in=True, keyboard=keyboard)
        for name, html in rendered.items():
            with step(page, f"a11y-{audit}-{name}"):
                open_rendered(page, f"{live_server.url}/shown/{name.replace(' ', '-')}/", html)
                titles[name] = page.title()
                signed_in = name != "server error"  # shown without the user's menu
                found[name] = page_problems(page, signed_in=signed_in, keyboard=keyboard)
    del titles["contacts filtered"]  # the same list, filtered: its title is the list's
    found["titles"] = title_problems(titles)
    wrong = {name: problems for name, problems in found.items() if problems}
    assert not wrong, "\n".join(f"{name}:\n  " + "\n  ".join(p) for name, p in wrong.items())

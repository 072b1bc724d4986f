"""The pages' layout in a real browser, with the long values real networks hold."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from accounts.models import ApiToken
from imports.models import ImportJob, ImportRowError
from relations.models import DuplicateCandidate, DuplicateScan
from tests.browser.chromium import LAPTOP_SCREEN, sign_in, step, sync_playwright_page
from tests.factories import make_contact, make_note, make_saved_filter, make_tag, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# A common phone held upright, in CSS pixels.
PHONE_SCREEN = {"width": 390, "height": 844}

LONG_COMPANY = "Rheinisch-Westfälische Technische Hochschule Aachen University Hospital"
# Without a hyphen or a space: nowhere a browser would break it by itself.
LONG_FILE_NAME = (
    "LinkedInDataExport_Complete_ericcgladstone_maker_org_signal_era2026_Connections.zip"
)
LONG_URL_NOTE = (
    "Her talk: https://www.linkedin.com/feed/update/urn:li:activity:7171234567890123456"
    "?utm_source=share&utm_medium=member_desktop&rcm=ACoAABcdEfGhIjKlMnOpQrStUvWxYz0123456789"
)
LONG_EMAIL = "maximiliana.okafor-lindqvist@rheinisch-westfaelische-hochschule-aachen.de"
LONG_TAG = "met-at-web-summit-lisbon-2025"


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


# Tablets held upright and on their side, in CSS pixels.
TABLET_SCREENS = {
    "768": {"width": 768, "height": 1024},
    "834": {"width": 834, "height": 1194},
    "1024": {"width": 1024, "height": 768},
}
# The contact list's columns, Kind aside: it moves beside the name when the table is narrow.
CONTACT_COLUMNS = ["Name", "Company", "Connected", "Last interaction", "Tags"]


@pytest.mark.parametrize("screen", TABLET_SCREENS)
def test_a_tablet_shows_the_contact_table_and_each_kind_without_sideways_scrolling(
    live_server, screen
):
    jordan = make_user("jordan")
    a_contact_with_every_column_long(jordan)
    make_contact(jordan, first_name="Priya", last_name="Raman", company=LONG_COMPANY)
    with sync_playwright_page(TABLET_SCREENS[screen]) as page:
        sign_in(page, live_server.url, "jordan")
        with step(page, f"layout-tablet-contact-table-{screen}"):
            page.goto(f"{live_server.url}/contacts/")
            table = page.locator("#results .table-wrap")
            expect(table).to_be_visible()
            assert table.evaluate("wrap => wrap.scrollWidth <= wrap.clientWidth")
            for column in CONTACT_COLUMNS:
                expect(page.get_by_role("columnheader", name=column)).to_be_in_viewport(ratio=1)
            for name, kind in [
                ("Maximiliana Okafor-Lindqvist", "Connection"),
                ("Priya Raman", "Contact"),
            ]:
                row = page.get_by_role("row").filter(has=page.get_by_role("link", name=name))
                expect(row.get_by_text(kind, exact=True).filter(visible=True)).to_have_count(1)


def a_finished_import(owner, name: str = LONG_FILE_NAME) -> ImportJob:
    return ImportJob.objects.create(
        owner=owner, file="imports/archive.zip", original_name=name,
        status=ImportJob.Status.SUCCEEDED, created=1, started_at=timezone.now(),
        finished_at=timezone.now(),
    )  # fmt: skip


def a_network_with_long_values(owner) -> dict[str, str]:
    """A network holding long real-world values; returns the path of each page to check."""
    job = a_finished_import(owner)
    contact = make_contact(
        owner, first_name="Maximiliana", last_name="Okafor-Lindqvist", is_connection=True,
        headline="Principal Engineer, Distributed Systems and Developer Platforms",
        company=LONG_COMPANY, position="Technical Talent Acquisition Partner",
        email=LONG_EMAIL, website="https://www.rheinisch-westfaelische-hochschule-aachen.de/",
        connected_on=date(2024, 3, 15), added_by_import=job,
    )  # fmt: skip
    contact.tags.add(make_tag(owner, LONG_TAG), make_tag(owner, "imported-followers-2026"))
    make_note(contact, LONG_URL_NOTE)
    make_contact(owner, first_name="Priya", last_name="Raman", company=LONG_COMPANY)
    one = make_contact(owner, first_name="Priya", last_name="Raman", company="Fabrikam")
    other = make_contact(
        owner, first_name="Priya", last_name="Raman", profile_url="linkedin.com/in/priya-raman-77"
    )
    scan = DuplicateScan.objects.create(
        owner=owner, status=DuplicateScan.Status.SUCCEEDED, pairs_found=1,
        finished_at=timezone.now(),
    )  # fmt: skip
    DuplicateCandidate.objects.create(
        owner=owner, scan=scan, first=one, second=other,
        reasons=["same name; only one has a LinkedIn profile"],
    )  # fmt: skip
    for name in ["nightly sync from the home server", "Zapier: new LinkedIn connections", "n8n"]:
        ApiToken.objects.issue(owner, name)
    return {
        "dashboard": "/",
        "contact": f"/contacts/{contact.pk}/",
        "tags": "/tags/",
        "duplicates": "/duplicates/",
        "import": f"/imports/jobs/{job.pk}/",
        "imports": "/imports/jobs/",
        "settings": "/settings/",
    }


# The controls each page must show whole on a phone: (role, accessible name) pairs.
PHONE_CONTROLS = {
    "dashboard": [
        ("link", "Import a file"), ("region", "Top companies"), ("link", LONG_FILE_NAME),
    ],
    "contact": [
        ("region", "Details"), ("region", "Timeline"), ("link", "Edit"), ("link", "Delete"),
        ("link", LONG_EMAIL), ("button", "Add note"), ("button", "Add"), ("button", "Log it"),
        ("button", "Snooze"), ("button", "Save cadence"),
    ],
    "tags": [
        ("link", f"Rename or recolour {LONG_TAG}"), ("link", f"Delete {LONG_TAG}"),
        ("button", "Create tag"),
    ],
    "duplicates": [
        ("link", "Compare and merge"), ("button", "Not a duplicate"),
        ("button", "Scan for duplicates"),
    ],
    "import": [("link", "Import another file"), ("link", "See your contacts")],
    "imports": [("link", LONG_FILE_NAME), ("link", "Import a file")],
    "settings": [
        ("button", "Create token"), ("button", "Revoke the token n8n"),
        ("button", "Revoke the token nightly sync from the home server"),
    ],
}  # fmt: skip

# True when the element is whole across the window and no scrolling box cuts it off.
SHOWN_WHOLE_ACROSS = """element => {
  const box = element.getBoundingClientRect();
  if (box.width === 0 || box.left < 0 || box.right > window.innerWidth) return false;
  for (let outer = element.parentElement; outer; outer = outer.parentElement) {
    if (getComputedStyle(outer).overflowX === "visible") continue;
    const clip = outer.getBoundingClientRect();
    if (box.left < clip.left - 0.5 || box.right > clip.right + 0.5) return false;
  }
  return true;
}"""


def page_width(page: Page) -> int:
    return page.evaluate("document.scrollingElement.scrollWidth")


def assert_shown_whole_across(controls: Locator) -> None:
    expect(controls.first).to_be_visible()
    for control in controls.all():
        name = control.inner_text().strip()
        assert control.evaluate(SHOWN_WHOLE_ACROSS), f"{name!r} is cut off or off-screen"


@pytest.mark.parametrize("shown", PHONE_CONTROLS)
def test_a_phone_shows_each_page_without_sideways_scrolling(live_server, shown):
    jordan = make_user("jordan")
    paths = a_network_with_long_values(jordan)
    with sync_playwright_page(PHONE_SCREEN) as page:
        sign_in(page, live_server.url, "jordan")
        with step(page, f"layout-phone-{shown}"):
            page.goto(f"{live_server.url}{paths[shown]}")
            assert page_width(page) <= PHONE_SCREEN["width"]
            for role, name in PHONE_CONTROLS[shown]:
                assert_shown_whole_across(page.get_by_role(role, name=name, exact=True))


# A tag name as long as a sentence, which the tags table used to keep on one line.
LONG_SENTENCE_TAG = (
    "Founders and operators I met at the Web Summit in Lisbon, November 2025, day two"
)
TABLE_PAGES = {"tags": "/tags/", "imports": "/imports/jobs/"}


@pytest.mark.parametrize("screen", TABLET_SCREENS)
@pytest.mark.parametrize("shown", TABLE_PAGES)
def test_a_tablet_shows_the_tags_and_import_tables_without_sideways_scrolling(
    live_server, shown, screen
):
    jordan = make_user("jordan")
    a_network_with_long_values(jordan)
    make_tag(jordan, LONG_SENTENCE_TAG)
    with sync_playwright_page(TABLET_SCREENS[screen]) as page:
        sign_in(page, live_server.url, "jordan")
        with step(page, f"layout-tablet-{shown}-{screen}"):
            page.goto(f"{live_server.url}{TABLE_PAGES[shown]}")
            table = page.locator(".table-wrap")
            expect(table).to_be_visible()
            assert table.evaluate("wrap => wrap.scrollWidth <= wrap.clientWidth")
            assert page_width(page) <= TABLET_SCREENS[screen]["width"]


LONG_POSITION = "Senior Vice President of Global Strategic Partnerships and Alliances"


def test_a_phone_shows_long_names_in_the_dashboards_top_lists_whole(live_server):
    jordan = make_user("jordan")
    for first_name in ["Maximiliana", "Priya"]:
        make_contact(jordan, first_name=first_name, company=LONG_COMPANY, position=LONG_POSITION)
    with sync_playwright_page(PHONE_SCREEN) as page:
        sign_in(page, live_server.url, "jordan")
        with step(page, "layout-phone-top-lists"):
            companies = page.get_by_role("region", name="Top companies")
            positions = page.get_by_role("region", name="Top positions")
            names = [
                # The company's link is inside the element that holds, and used to cut, the name.
                companies.get_by_role("link", name=LONG_COMPANY).locator(".."),
                positions.get_by_text(LONG_POSITION, exact=True),
            ]
            for name in names:
                expect(name).to_be_visible()
                # Cut to "Rheinisch-Westfälische Tec…", with the rest only on hover.
                assert name.evaluate("name => name.scrollWidth <= name.clientWidth")
                assert_shown_whole_across(name)


def test_a_long_note_and_a_long_file_name_in_the_timeline_fit_a_laptop_screen(live_server):
    jordan = make_user("jordan")
    contact = make_contact(jordan, added_by_import=a_finished_import(jordan))
    make_note(contact, LONG_URL_NOTE)
    with sync_playwright_page(LAPTOP_SCREEN) as page:
        sign_in(page, live_server.url, "jordan")
        with step(page, "layout-laptop-timeline"):
            page.goto(f"{live_server.url}/contacts/{contact.pk}/")
            expect(page.get_by_text(f"Added by the import of {LONG_FILE_NAME}.")).to_be_visible()
            assert page_width(page) <= LAPTOP_SCREEN["width"]


# WCAG 2.5.8: a control smaller than this square is hard to hit with a finger.
SMALLEST_TARGET_PX = 24


@pytest.mark.parametrize("screen", [PHONE_SCREEN, LAPTOP_SCREEN], ids=["phone", "laptop"])
def test_a_tags_remove_button_is_big_enough_to_hit(live_server, screen):
    jordan = make_user("jordan")
    contact = make_contact(jordan, first_name="Maximiliana")
    contact.tags.add(make_tag(jordan, "vip"), make_tag(jordan, LONG_TAG))
    with sync_playwright_page(screen) as page:
        sign_in(page, live_server.url, "jordan")
        with step(page, f"layout-tag-remove-{screen['width']}"):
            page.goto(f"{live_server.url}/contacts/{contact.pk}/")
            for name in ("vip", LONG_TAG):
                box = page.get_by_role("button", name=f"Remove the tag {name}").bounding_box()
                assert box["width"] >= SMALLEST_TARGET_PX, name
                assert box["height"] >= SMALLEST_TARGET_PX, name


def test_saved_lists_that_begin_alike_show_their_whole_names(live_server):
    jordan = make_user("jordan")
    make_contact(jordan, company="Northwind")
    names = ["Northwind investors met in Berlin 2025", "Northwind investors met in Berlin 2026"]
    for name in names:
        make_saved_filter(jordan, name, "company=Northwind")
    with sync_playwright_page(LAPTOP_SCREEN) as page:
        sign_in(page, live_server.url, "jordan")
        with step(page, "layout-saved-list-names"):
            page.goto(f"{live_server.url}/contacts/")
            for name in names:
                link = page.get_by_role("link", name=name, exact=True)
                expect(link).to_be_visible()
                assert link.evaluate("link => link.scrollWidth <= link.clientWidth"), name
                assert_shown_whole_across(link)


def test_the_complete_list_checkbox_and_its_label_stay_whole_on_a_phone(live_server):
    make_user("jordan")
    with sync_playwright_page(PHONE_SCREEN) as page:
        sign_in(page, live_server.url, "jordan")
        with step(page, "layout-phone-snapshot-checkbox"):
            page.goto(f"{live_server.url}/imports/")
            checkbox = page.get_by_role("checkbox", name="It is my complete Connections list")
            assert checkbox.bounding_box()["width"] >= 16  # it was squeezed to a dot
            label = page.locator("label[for=id_snapshot]")
            one_line = label.evaluate("label => parseFloat(getComputedStyle(label).lineHeight)")
            # Beside its help text the label broke inside a word: "Connection" / "s list".
            assert label.bounding_box()["height"] < 1.5 * one_line
            expect(page.get_by_text("Connections missing from it are marked")).to_be_visible()


def test_a_phone_keeps_the_log_it_button_apart_from_the_snooze_field(live_server):
    jordan = make_user("jordan")
    contact = make_contact(jordan, first_name="Ada")
    with sync_playwright_page(PHONE_SCREEN) as page:
        sign_in(page, live_server.url, "jordan")
        with step(page, "layout-phone-keep-in-touch"):
            page.goto(f"{live_server.url}{contact.get_absolute_url()}")
            log_it = page.get_by_role("button", name="Log it").bounding_box()
            snooze = page.locator("label[for=snooze-until]").bounding_box()
            # They touched: the label began where the button ended.
            assert snooze["y"] - (log_it["y"] + log_it["height"]) >= 16


def test_the_capture_forms_choices_stand_level_with_their_words(live_server):
    make_user("jordan")
    with sync_playwright_page({"width": 520, "height": 720}) as page:  # the bookmarklet's window
        sign_in(page, live_server.url, "jordan")
        with step(page, "layout-capture-choices"):
            page.goto(f"{live_server.url}/capture/?url=https://www.linkedin.com/in/ada/")
            for kind in ("Connection", "Follower", "Following", "Contact"):
                radio = page.get_by_role("radio", name=kind).bounding_box()
                words = page.locator("label.choice", has_text=kind)
                weight = words.evaluate("label => getComputedStyle(label).fontWeight")
                assert weight == "500", kind  # bold, as the field names above them are
                middle = words.bounding_box()["y"] + words.bounding_box()["height"] / 2
                assert abs(radio["y"] + radio["height"] / 2 - middle) < 3, kind


# True when the choice a select shows fits it whole, beside the select's arrow (about 20px).
CHOICE_SHOWN_WHOLE = """select => {
  const style = getComputedStyle(select);
  const words = document.createElement("canvas").getContext("2d");
  words.font = style.font;
  const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  return words.measureText(select.selectedOptions[0].text).width + 20 <= room;
}"""
# A tag name of the longest kind, without a space to break it at.
LONGEST_TAG = "met-at-the-web-summit-lisbon-" + "x" * 71


def test_a_phone_shows_each_select_within_its_card_and_the_kind_choice_whole(live_server, tmp_path):
    jordan = make_user("jordan")
    make_tag(jordan, LONGEST_TAG)
    generic = tmp_path / "people.csv"
    generic.write_text("Who,Employer\nAda Lovelace,Analytical Engines\n")
    with sync_playwright_page(PHONE_SCREEN) as page:
        sign_in(page, live_server.url, "jordan")
        with step(page, "layout-phone-selects"):
            page.goto(f"{live_server.url}/due/")
            tag = page.get_by_label("Tag", exact=True)
            assert_shown_whole_across(tag)
            # Too long for any phone: it ends in "…" rather than mid-letter.
            assert tag.evaluate("select => getComputedStyle(select).textOverflow") == "ellipsis"
            page.goto(f"{live_server.url}/imports/")
            kind = page.get_by_label("The people in the file are")
            assert_shown_whole_across(kind)
            assert kind.evaluate(CHOICE_SHOWN_WHOLE)
            page.get_by_label("Drop your file here").set_input_files(generic)
            page.locator("form[data-upload-form]").get_by_role("button", name="Import").click()
            page.wait_for_url(f"{live_server.url}/imports/mapping/*/")
            for column in ("Who", "Employer"):
                assert page.get_by_label(column).evaluate(CHOICE_SHOWN_WHOLE), column
            assert page_width(page) <= PHONE_SCREEN["width"]


def test_a_phone_shows_an_import_rows_problem_whole(live_server):
    jordan = make_user("jordan")
    job = a_finished_import(jordan)
    ImportJob.objects.filter(pk=job.pk).update(failed=1, rows_done=2)
    problem = f"The profile address https://www.linkedin.com/in/{LONG_FILE_NAME} is not a profile"
    ImportRowError.objects.create(
        job=job, section=f"{LONG_FILE_NAME}/Connections.csv", line=1207, reason=problem
    )
    with sync_playwright_page(PHONE_SCREEN) as page:
        sign_in(page, live_server.url, "jordan")
        with step(page, "layout-phone-row-errors"):
            page.goto(f"{live_server.url}/imports/jobs/{job.pk}/")
            errors = page.get_by_role("region", name="Rows that could not be imported")
            for words in (problem, "Line 1207", f"{LONG_FILE_NAME}/Connections.csv"):
                assert_shown_whole_across(errors.get_by_role("cell", name=words))
            assert page_width(page) <= PHONE_SCREEN["width"]

"""The whole journey in a real browser: a new user imports their LinkedIn archive and uses it.

Chromium (Debian's /usr/bin/chromium) drives the app served by ``live_server``,
while a real Celery worker process runs the import. A failing step saves a
screenshot under var/test/screenshots/.
"""

from __future__ import annotations

import csv
import re
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from contacts.models import Contact, Note
from tests.browser.chromium import step, sync_playwright_page
from tests.conftest import REPO
from tests.factories import make_user

SAMPLES = REPO / "tests" / "fixtures" / "linkedin"
ERA_2026 = "ericcgladstone-maker__org-signal__era2026_Complete_03-09-2026__"
ERA_2023 = "ericcgladstone-maker__org-signal__era2023_Basic_10-21-2023__"
IMPORT_TIMEOUT_MS = 90_000

pytestmark = [pytest.mark.browser, pytest.mark.worker]


def linkedin_archive(folder: Path) -> Path:
    """A Complete archive as LinkedIn names it, from the samples (2026 era; 2023 invitations)."""
    inside = "Complete_LinkedInDataExport_03-09-2026"
    members = {
        "Connections.csv": SAMPLES / f"{ERA_2026}Connections.csv",
        "messages.csv": SAMPLES / f"{ERA_2026}messages.csv",
        "Notes.csv": SAMPLES / f"{ERA_2026}Notes.csv",
        "Invitations.csv": SAMPLES / f"{ERA_2023}Invitations.csv",
    }
    path = folder / f"{inside}.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, sample in members.items():
            archive.write(sample, f"{inside}/{name}")
    return path


def test_a_new_user_imports_their_archive_then_finds_tags_notes_and_exports(
    live_server, worker, tmp_path
):
    make_user("jordan")
    archive = linkedin_archive(tmp_path)
    # Django's ORM refuses to run beside Playwright's event loop: the database is
    # read only after the browser is closed, from what the pages said.
    with sync_playwright_page() as page:
        matching, exported_rows = walk_through_the_app(page, live_server.url, archive, tmp_path)

    tagged = Contact.objects.filter(tags__name="met-2026")
    assert tagged.count() == matching
    assert all(contact.is_connection for contact in tagged)
    note = Note.objects.get(body="Introduced by Ama; follow up in May.")
    assert note.contact.name == "Ines Okafor-Lindqvist"
    assert Note.objects.filter(body="met at design week").exists()  # from the archive's Notes.csv
    assert sorted(row["email"] or row["first_name"] for row in exported_rows) == sorted(
        contact.email or contact.first_name for contact in tagged
    )


def walk_through_the_app(
    page: Page, url: str, archive: Path, downloads: Path
) -> tuple[int, list[dict[str, str]]]:
    """Every step of the journey; returns how many contacts matched and the exported rows."""
    with step(page, "import-flow-1-sign-in"):
        page.goto(f"{url}/")
        page.get_by_label("Username").fill("jordan")
        page.get_by_label("Password").fill("jordan-password")
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("heading", name="Start with your LinkedIn archive")).to_be_visible()

    with step(page, "import-flow-2-upload"):
        page.get_by_role("link", name="Go to Imports").click()
        page.locator("input[type=file]").set_input_files(archive)
        expect(page.locator("#upload-chosen")).to_contain_text(archive.name)
        page.get_by_label("Tags to apply").fill("archive-2026")
        page.get_by_role("button", name="Import", exact=True).click()

    with step(page, "import-flow-3-progress"):
        # The bar reaches 100% at the end of the last member, before the job's last
        # steps: the page shows "Done" when it reloads after the job has ended.
        expect(page.locator(".status").first).to_have_text("Done", timeout=IMPORT_TIMEOUT_MS)
        expect(page.locator("#job-progress progress")).to_have_attribute("value", "100")
        expect(page.get_by_role("heading", name="What changed")).to_be_visible()

    with step(page, "import-flow-4-filter"):
        page.get_by_role("link", name="Contacts", exact=True).click()
        page.get_by_label("Kind").select_option("connection")
        expect(page).to_have_url(re.compile(r"kind=connection"))
        page.get_by_label("archive-2026", exact=True).check()
        expect(page).to_have_url(re.compile(r"tags=\d+"))
        expect(page.locator("#results")).to_contain_text("Ines Okafor-Lindqvist")
        count_text = page.locator("#results .results-count strong").inner_text()
        matching = int(count_text.replace(",", ""))
        assert matching > 1

    with step(page, "import-flow-5-bulk-tag"):
        page.get_by_label(re.compile(r"^All \d+ matching$")).check()
        page.get_by_label("Action", exact=True).select_option("add_tag")
        page.get_by_label("Tag name (for tag actions)").fill("met-2026")
        page.get_by_role("button", name="Apply", exact=True).click()
        expect(page.locator("#messages")).to_contain_text(f"Tagged {matching} contacts")

    with step(page, "import-flow-6-note"):
        page.get_by_role("link", name="Ines Okafor-Lindqvist").click()
        expect(page.get_by_role("heading", name="Ines Okafor-Lindqvist")).to_be_visible()
        page.get_by_label("Note", exact=True).fill("Introduced by Ama; follow up in May.")
        page.get_by_role("button", name="Add note").click()
        expect(page.locator(".note__body")).to_have_text("Introduced by Ama; follow up in May.")

    with step(page, "import-flow-7-export"):
        page.get_by_role("link", name="Contacts", exact=True).click()
        page.get_by_label("met-2026", exact=True).check()
        expect(page).to_have_url(re.compile(r"tags=\d+"))
        with page.expect_download() as download_info:
            page.get_by_role("link", name="Export CSV").click()
        saved = downloads / "export.csv"
        download_info.value.save_as(saved)
        with saved.open(encoding="utf-8-sig", newline="") as stream:
            rows = list(csv.DictReader(stream))
        assert len(rows) == matching
    return matching, rows

"""Dropping files on the upload page in a real browser: the file it names is the one imported."""

from __future__ import annotations

import base64

import pytest

from imports.models import ImportJob
from tests.browser.chromium import sign_in, step, sync_playwright_page
from tests.factories import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CONNECTIONS = (
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    "Ada,Lovelace,https://www.linkedin.com/in/ada-lovelace,,Analytical Engines,CTO,07 Dec 2024\n"
)

# Drops the files on the drop zone as a user dragging them from the desktop does.
DROP_FILES = """files => {
  const dropped = new DataTransfer();
  for (const file of files) {
    const bytes = Uint8Array.from(atob(file.content), c => c.charCodeAt(0));
    dropped.items.add(new File([bytes], file.name, {type: "text/csv"}));
  }
  const zone = document.querySelector("[data-dropzone]");
  for (const name of ["dragenter", "dragover", "drop"]) {
    const event = {dataTransfer: dropped, bubbles: true, cancelable: true};
    zone.dispatchEvent(new DragEvent(name, event));
  }
}"""


def as_dropped(name: str) -> dict[str, str]:
    return {"name": name, "content": base64.b64encode(CONNECTIONS.encode()).decode()}


def test_it_imports_the_first_of_several_dropped_files_and_says_the_others_were_left_out(
    live_server,
):
    alice = make_user("alice")
    with sync_playwright_page() as page:
        sign_in(page, live_server.url, "alice")
        with step(page, "drop-several-files"):
            page.goto(f"{live_server.url}/imports/")
            page.evaluate(DROP_FILES, [as_dropped("first.csv"), as_dropped("second.csv")])
            chosen = page.locator("#upload-chosen").inner_text()
            assert chosen.startswith("first.csv (")
            assert "One file is imported at a time: second.csv was left out; import it next." in (
                chosen
            )
            page.locator("form[data-upload-form]").get_by_role("button", name="Import").click()
            page.wait_for_url(f"{live_server.url}/imports/jobs/*/")
            assert page.get_by_role("heading", level=1).inner_text().startswith("first.csv")
    assert list(ImportJob.objects.for_owner(alice).values_list("original_name", flat=True)) == [
        "first.csv"
    ]


def test_a_dropped_file_past_the_limit_is_refused_in_whole_kilobytes(live_server, settings):
    settings.MAX_UPLOAD_BYTES = 2048
    make_user("alice")
    big = {"name": "big.csv", "content": base64.b64encode(b"x" * 3000).decode()}
    with sync_playwright_page() as page:
        sign_in(page, live_server.url, "alice")
        with step(page, "drop-too-large"):
            page.goto(f"{live_server.url}/imports/")
            assert "at most 2\xa0KB" in page.locator("[data-dropzone] label").inner_text()
            page.evaluate(DROP_FILES, [big])
            chosen = page.locator("#upload-chosen").inner_text()
            assert chosen == "big.csv is 2.9 KB; an import can be at most 2 KB."

"""Deleting a note in a real browser: the dialog's yes deletes it, its no keeps it."""

from __future__ import annotations

import pytest

from contacts.models import Note
from tests.browser.chromium import sign_in, step, sync_playwright_page
from tests.factories import make_contact, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_note_is_deleted_once_the_dialog_says_yes_and_kept_when_it_says_no(live_server):
    jordan = make_user("jordan")
    ada = make_contact(jordan, first_name="Ada", last_name="Lovelace")
    ada.notes.create(body="Met at the engines fair")
    with sync_playwright_page() as page:
        sign_in(page, live_server.url, "jordan")
        page.goto(f"{live_server.url}{ada.get_absolute_url()}")
        delete = page.get_by_role("button", name="Delete note", exact=False)

        with step(page, "note-delete-dialog-no"):
            page.once("dialog", lambda dialog: dialog.dismiss())
            delete.click()
            page.reload()
            assert page.get_by_text("Met at the engines fair", exact=True).is_visible()

        with step(page, "note-delete-dialog-yes"):
            said = []
            page.once("dialog", lambda dialog: (said.append(dialog.message), dialog.accept()))
            delete.click()
            page.get_by_text("Note deleted.").wait_for()
            assert said == ["Delete this note?"]
    assert Note.objects.filter(contact=ada).count() == 0

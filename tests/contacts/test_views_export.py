"""Exports of the current filter or the ticked rows, streamed as CSV, JSON or vCard.

The writer runs in its own thread with its own database connection, so these
tests commit their rows (transaction=True).
"""

import csv
import io
import json

import pytest
from django.urls import reverse

from contacts.exports import WRITERS
from contacts.streaming import ExportInterrupted
from tests.factories import make_contact, make_tag

pytestmark = pytest.mark.django_db(transaction=True)
EXPORT = reverse("contacts-export")


def body_of(response) -> str:
    return b"".join(response.streaming_content).decode("utf-8-sig")


def test_it_exports_everyone_matching_the_filter_as_csv(alice_client, alice, bob):
    make_contact(alice, first_name="Ada", company="Acme").tags.add(make_tag(alice, "investor"))
    make_contact(alice, first_name="Grace", company="Globex")
    make_contact(bob, first_name="Bobs", company="Acme")
    response = alice_client.get(EXPORT, {"format": "csv", "scope": "all", "query": "company=acme"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="network-')
    rows = list(csv.DictReader(io.StringIO(body_of(response))))
    assert [(row["first_name"], row["tags"]) for row in rows] == [("Ada", '["investor"]')]


def test_it_exports_the_ticked_rows_as_json_and_vcard(alice_client, alice, bob):
    ada, _ = make_contact(alice, first_name="Ada"), make_contact(alice, first_name="Grace")
    bobs = make_contact(bob, first_name="Bobs")
    params = {"scope": "selected", "ids": [ada.pk, bobs.pk]}
    exported = json.loads(body_of(alice_client.get(EXPORT, {"format": "json", **params})))
    assert [person["first_name"] for person in exported] == ["Ada"]
    card = body_of(alice_client.get(EXPORT, {"format": "vcard", **params}))
    assert card.count("BEGIN:VCARD") == 1 and "Ada" in card


def test_the_bulk_export_action_downloads_the_selection(alice_client, alice):
    make_contact(alice, first_name="Ada", company="Acme")
    response = alice_client.post(
        reverse("contacts-bulk"),
        {"scope": "all", "query": "company=Acme", "action": "export_csv"},
        follow=True,
    )
    assert "Ada" in body_of(response)


def test_an_export_that_fails_part_way_breaks_off_instead_of_ending_as_a_whole_file(
    alice_client, alice, monkeypatch
):
    def first_row_then_failure(contacts, out) -> int:
        out.write("first_name\r\nAda\r\n")
        raise RuntimeError("the database went away")

    make_contact(alice, first_name="Ada")
    monkeypatch.setitem(WRITERS, "csv", first_row_then_failure)
    response = alice_client.get(EXPORT, {"format": "csv", "scope": "all"})
    with pytest.raises(ExportInterrupted):
        b"".join(response.streaming_content)


def test_an_unknown_format_is_explained(alice_client, alice):
    response = alice_client.get(EXPORT, {"format": "xls", "scope": "all"}, follow=True)
    assert "Choose contacts to export, and CSV, JSON or vCard." in response.content.decode()

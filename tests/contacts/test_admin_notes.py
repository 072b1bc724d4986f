"""A note's contact in the admin: picked by searching, among the user's own contacts only."""

import json

from contacts.models import Note
from tests.factories import make_contact


def test_the_note_form_does_not_list_every_contact(staff_client, alice):
    make_contact(alice, first_name="Ada", last_name="Lovelace")
    page = staff_client.get("/admin/contacts/note/add/").content.decode()
    assert "admin-autocomplete" in page
    assert "Lovelace" not in page


def test_the_contact_search_offers_only_the_users_own_contacts(staff_client, alice, bob):
    make_contact(alice, first_name="Ada", last_name="Smith")
    make_contact(bob, first_name="Bartholomew", last_name="Smith")
    response = staff_client.get(
        "/admin/autocomplete/",
        {"app_label": "contacts", "model_name": "note", "field_name": "contact", "term": "smith"},
    )
    names = [result["text"] for result in json.loads(response.content)["results"]]
    assert names == ["Ada Smith"]


def test_a_note_cannot_be_put_on_another_users_contact(staff_client, bob):
    theirs = make_contact(bob, first_name="Bartholomew")
    response = staff_client.post("/admin/contacts/note/add/", {"contact": theirs.pk, "body": "x"})
    assert "Select a valid choice" in response.content.decode()
    assert not Note.objects.exists()

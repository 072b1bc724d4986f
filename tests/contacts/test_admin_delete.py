"""Deleting a selection of contacts in the admin: confirmed by count, deleted set-based."""

import contacts.bulk_jobs
from contacts.models import Contact, Note, TaggedContact
from tests.factories import make_contact, make_note, make_tag


def delete_all(client, **extra):
    return client.post(
        "/admin/contacts/contact/",
        {"action": "delete_selected", "select_across": "1", "index": "0",
         "_selected_action": ["0"], **extra},
        follow=True,
    )  # fmt: skip


def test_the_confirmation_says_how_many_instead_of_listing_each(staff_client, alice, bob):
    make_contact(alice, first_name="Ada")
    make_contact(alice, first_name="Grace")
    make_contact(bob, first_name="Bartholomew")
    page = delete_all(staff_client).content.decode()
    assert "2 contacts, with their tags, notes and history" in page
    assert "Ada" not in page and "Bartholomew" not in page


def test_it_deletes_the_users_selection_with_its_notes_and_tags(staff_client, alice, bob):
    ada = make_contact(alice, first_name="Ada")
    make_note(ada)
    ada.tags.add(make_tag(alice, "investor"))
    theirs = make_contact(bob, first_name="Bartholomew")
    delete_all(staff_client, post="yes")
    assert list(Contact.objects.all()) == [theirs]
    assert not Note.objects.exists() and not TaggedContact.objects.exists()


def test_a_selection_too_big_for_a_request_is_refused_and_kept(staff_client, alice, monkeypatch):
    monkeypatch.setattr(contacts.bulk_jobs, "IN_REQUEST_LIMIT", 2)
    for _ in range(3):
        make_contact(alice)
    page = delete_all(staff_client, post="yes").content.decode()
    assert "delete them from the contact list" in page
    assert Contact.objects.count() == 3

from contacts.models import Note
from tests.factories import make_contact, make_note

URL = "/api/v1/notes/"


def test_it_lists_notes_on_my_contacts_only(alice_api, alice, bob):
    mine = make_note(make_contact(alice), "Met in Lisbon")
    make_note(make_contact(bob), "Bob's secret")
    rows = alice_api.get(URL).json()["results"]
    assert [(row["id"], row["body"]) for row in rows] == [(mine.pk, "Met in Lisbon")]


def test_it_lists_one_contacts_notes(alice_api, alice):
    ada, grace = make_contact(alice), make_contact(alice)
    make_note(ada, "about Ada")
    make_note(grace, "about Grace")
    rows = alice_api.get(URL, {"contact": ada.pk}).json()["results"]
    assert [row["body"] for row in rows] == ["about Ada"]


def test_it_creates_edits_and_deletes_a_note(alice_api, alice):
    contact = make_contact(alice)
    created = alice_api.post(URL, {"contact": contact.pk, "body": "Intro via Sam"}, format="json")
    assert created.status_code == 201
    note_url = f"{URL}{created.json()['id']}/"
    alice_api.patch(note_url, {"body": "Intro via Sam, 2024"}, format="json")
    assert Note.objects.get().body == "Intro via Sam, 2024"
    assert alice_api.delete(note_url).status_code == 204
    assert not Note.objects.exists()


def test_a_note_on_bobs_contact_is_rejected_and_writes_nothing(alice_api, alice, bob):
    bobs = make_contact(bob)
    response = alice_api.post(URL, {"contact": bobs.pk, "body": "sneaky"}, format="json")
    assert response.status_code == 400
    assert "does not exist" in response.json()["contact"][0]
    mine = make_note(make_contact(alice), "mine")
    moved = alice_api.patch(f"{URL}{mine.pk}/", {"contact": bobs.pk}, format="json")
    assert moved.status_code == 400
    assert list(Note.objects.values_list("contact__owner__username", "body")) == [("alice", "mine")]


def test_bobs_note_is_not_found_and_untouched(alice_api, bob):
    note = make_note(make_contact(bob), "Bob's")
    assert alice_api.get(f"{URL}{note.pk}/").status_code == 404
    assert alice_api.patch(f"{URL}{note.pk}/", {"body": "x"}, format="json").status_code == 404
    assert alice_api.delete(f"{URL}{note.pk}/").status_code == 404
    note.refresh_from_db()
    assert note.body == "Bob's"


def test_an_empty_note_is_rejected(alice_api, alice):
    response = alice_api.post(URL, {"contact": make_contact(alice).pk, "body": "  "}, format="json")
    assert response.status_code == 400


def test_a_note_too_long_is_refused_naming_its_limit(alice_api, alice):
    contact = make_contact(alice)
    response = alice_api.post(URL, {"contact": contact.pk, "body": "x" * 100_001}, format="json")
    assert response.status_code == 400
    assert response.json() == {"body": ["A note can hold at most 100,000 characters."]}
    assert not Note.objects.filter(contact=contact).exists()


def test_ids_no_row_could_have_are_not_found_rather_than_a_crash(alice_api, alice):
    huge = 99999999999999999999
    assert alice_api.get(URL, {"contact": huge}).json()["results"] == []
    response = alice_api.post(URL, {"contact": huge, "body": "x"}, format="json")
    assert response.status_code == 400
    assert not Note.objects.exists()

from contacts.models import Tag, TaggedContact
from tests.factories import make_contact, make_tag

URL = "/api/v1/tags/"


def test_it_lists_my_tags_with_how_many_contacts_carry_each(alice_api, alice, bob):
    investor = make_tag(alice, "investor")
    make_contact(alice).tags.add(investor)
    make_contact(alice).tags.add(investor)
    make_tag(bob, "bob-only")
    rows = alice_api.get(URL).json()["results"]
    assert [(row["name"], row["contact_count"]) for row in rows] == [("investor", 2)]


def test_it_creates_renames_and_deletes_a_tag(alice_api, alice):
    created = alice_api.post(URL, {"name": " mentor ", "colour": "#AA00FF"}, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["name"] == "mentor"
    assert created.json()["contact_count"] == 0
    tag_url = f"{URL}{created.json()['id']}/"
    assert alice_api.patch(tag_url, {"name": "Mentor"}, format="json").json()["name"] == "Mentor"
    assert alice_api.delete(tag_url).status_code == 204
    assert not Tag.objects.for_owner(alice).exists()


def test_a_second_tag_of_the_same_name_is_rejected(alice_api, alice, bob):
    make_tag(alice, "Investor")
    make_tag(bob, "founder")
    assert alice_api.post(URL, {"name": "investor"}, format="json").status_code == 400
    assert alice_api.post(URL, {"name": "founder"}, format="json").status_code == 201


def test_it_applies_and_removes_a_tag_on_many_contacts(alice_api, alice):
    tag = make_tag(alice, "investor")
    people = [make_contact(alice) for _ in range(3)]
    ids = [person.pk for person in people]
    applied = alice_api.post(f"{URL}{tag.pk}/apply/", {"contacts": ids}, format="json")
    assert applied.json()["contact_count"] == 3
    removed = alice_api.post(f"{URL}{tag.pk}/remove/", {"contacts": ids[:2]}, format="json")
    assert removed.json()["contact_count"] == 1
    assert list(people[2].tags.all()) == [tag]


def test_applying_a_tag_to_bobs_contact_is_rejected_and_writes_nothing(alice_api, alice, bob):
    tag = make_tag(alice, "investor")
    mine, bobs = make_contact(alice), make_contact(bob)
    response = alice_api.post(
        f"{URL}{tag.pk}/apply/", {"contacts": [mine.pk, bobs.pk]}, format="json"
    )
    assert response.status_code == 400
    assert "does not exist" in str(response.json()["contacts"])
    assert not TaggedContact.objects.exists()


def test_bobs_tag_is_not_found_and_untouched(alice_api, alice, bob):
    bobs_tag = make_tag(bob, "secret")
    mine = make_contact(alice)
    tag_url = f"{URL}{bobs_tag.pk}/"
    assert alice_api.get(tag_url).status_code == 404
    assert alice_api.patch(tag_url, {"name": "mine now"}, format="json").status_code == 404
    assert alice_api.delete(tag_url).status_code == 404
    apply = alice_api.post(f"{tag_url}apply/", {"contacts": [mine.pk]}, format="json")
    assert apply.status_code == 404
    bobs_tag.refresh_from_db()
    assert bobs_tag.name == "secret"
    assert not TaggedContact.objects.exists()


def test_applying_a_tag_to_an_id_no_row_could_have_is_a_400(alice_api, alice):
    tag = make_tag(alice, "investor")
    response = alice_api.post(
        f"{URL}{tag.pk}/apply/", {"contacts": [2**70, -1, "abc"]}, format="json"
    )
    assert response.status_code == 400
    assert not TaggedContact.objects.exists()

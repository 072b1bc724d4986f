from contacts.models import SavedFilter
from tests.factories import make_contact, make_saved_filter, make_tag

URL = "/api/v1/saved-lists/"


def test_it_creates_and_lists_my_saved_lists(alice_api, alice, bob):
    make_saved_filter(bob, "Bob's list")
    created = alice_api.post(
        URL, {"name": "Investors", "query": "?kind=connection&company=Acme"}, format="json"
    )
    assert created.status_code == 201, created.json()
    assert created.json()["query"] == "kind=connection&company=Acme"
    assert [row["name"] for row in alice_api.get(URL).json()["results"]] == ["Investors"]


def test_it_lists_who_matches_a_saved_list_now(alice_api, alice):
    tag = make_tag(alice, "investor")
    wanted = make_contact(alice, display_name="Wanted", is_connection=True)
    wanted.tags.add(tag)
    make_contact(alice, display_name="Not tagged", is_connection=True)
    saved = make_saved_filter(alice, "Investors", f"kind=connection&tags={tag.pk}")
    rows = alice_api.get(f"{URL}{saved.pk}/contacts/").json()["results"]
    assert [row["name"] for row in rows] == ["Wanted"]


def test_a_saved_list_naming_bobs_tag_is_rejected_and_writes_nothing(alice_api, alice, bob):
    bobs_tag = make_tag(bob, "secret")
    response = alice_api.post(URL, {"name": "Spy", "query": f"tags={bobs_tag.pk}"}, format="json")
    assert response.status_code == 400
    assert "tags" in response.json()["query"][0]
    assert not SavedFilter.objects.exists()


def test_a_saved_list_with_an_unreadable_date_names_the_parameter_as_typed(alice_api):
    response = alice_api.post(
        URL, {"name": "Recent", "query": "connected_after=lately"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["query"] == [
        "These filters are not valid: connected_after: Enter a valid date."
    ]
    assert not SavedFilter.objects.exists()


def test_a_saved_list_whose_tag_was_deleted_says_so_instead_of_listing_everyone(alice_api, alice):
    tag = make_tag(alice, "gone")
    make_contact(alice)
    saved = make_saved_filter(alice, "Old", f"tags={tag.pk}")
    tag.delete()
    response = alice_api.get(f"{URL}{saved.pk}/contacts/")
    assert response.status_code == 400
    assert "no longer valid" in response.json()["query"][0]


def test_bobs_saved_list_is_not_found_and_untouched(alice_api, bob):
    saved = make_saved_filter(bob, "Bob's", "kind=connection")
    for response in [
        alice_api.get(f"{URL}{saved.pk}/"),
        alice_api.get(f"{URL}{saved.pk}/contacts/"),
        alice_api.patch(f"{URL}{saved.pk}/", {"name": "mine"}, format="json"),
        alice_api.delete(f"{URL}{saved.pk}/"),
    ]:
        assert response.status_code == 404
    saved.refresh_from_db()
    assert saved.name == "Bob's"


def test_a_second_saved_list_of_the_same_name_is_rejected(alice_api, alice):
    make_saved_filter(alice, "Investors")
    assert alice_api.post(URL, {"name": "investors"}, format="json").status_code == 400

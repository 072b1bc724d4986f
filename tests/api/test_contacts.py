from datetime import date

import pytest
from django.urls import reverse

from contacts.models import Contact, Tag
from tests.factories import make_contact, make_tag

URL = "/api/v1/contacts/"


def names(response) -> list[str]:
    return [row["name"] for row in response.json()["results"]]


def test_it_lists_only_my_contacts(alice_api, alice, bob):
    make_contact(alice, first_name="Ada", last_name="Lovelace")
    make_contact(bob, first_name="Bob's", last_name="Friend")
    response = alice_api.get(URL)
    assert response.status_code == 200
    assert names(response) == ["Ada Lovelace"]


def test_it_filters_with_the_web_lists_filters(alice_api, alice):
    investor = make_tag(alice, "investor")
    wanted = make_contact(alice, display_name="Wanted", company="Acme", is_connection=True)
    wanted.tags.add(investor)
    make_contact(alice, display_name="Follower at Acme", company="Acme", is_follower=True)
    make_contact(alice, display_name="Elsewhere", company="Other", is_connection=True).tags.add(
        investor
    )
    response = alice_api.get(URL, {"kind": "connection", "tags": investor.pk, "company": "acme"})
    assert names(response) == ["Wanted"]


def test_filtering_by_another_users_tag_is_a_clear_400(alice_api, bob):
    bobs_tag = make_tag(bob, "secret")
    response = alice_api.get(URL, {"tags": bobs_tag.pk})
    assert response.status_code == 400
    assert "tags" in response.json()


def test_it_shows_one_contact_with_its_tags_by_name(alice_api, alice):
    contact = make_contact(alice, display_name="Ada", profile_url="linkedin.com/in/Ada-L")
    contact.tags.add(make_tag(alice, "mentor"), make_tag(alice, "Investor"))
    data = alice_api.get(f"{URL}{contact.pk}/").json()
    assert data["tags"] == ["Investor", "mentor"]
    assert data["slug"] == "ada-l"
    assert data["kind"] == "contact"
    assert data["linkedin_url"] == "https://www.linkedin.com/in/ada-l/"


def test_it_creates_a_contact_and_its_new_tags(alice_api, alice):
    response = alice_api.post(
        URL,
        {
            "first_name": "Grace",
            "last_name": "Hopper",
            "email": " Grace@Example.ORG ",
            "profile_url": "https://www.linkedin.com/in/grace-hopper/",
            "is_connection": True,
            "connected_on": "2024-12-07",
            "tags": ["investor", "Navy"],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    contact = Contact.objects.get(pk=response.json()["id"])
    assert contact.owner == alice
    assert contact.email == "grace@example.org"
    assert contact.slug == "grace-hopper"
    assert sorted(contact.tags.names()) == ["Navy", "investor"]
    assert response.json()["kind"] == "connection"


def test_it_reuses_my_tag_whatever_the_case_and_never_bobs(alice_api, alice, bob):
    mine = make_tag(alice, "Investor")
    bobs = make_tag(bob, "founder")
    response = alice_api.post(
        URL, {"first_name": "X", "tags": ["investor", "founder"]}, format="json"
    )
    contact = Contact.objects.get(pk=response.json()["id"])
    assert mine in contact.tags.all()
    assert bobs not in contact.tags.all()
    assert Tag.objects.for_owner(alice).count() == 2
    assert list(bobs.tagged_contacts.all()) == []


def test_updating_tags_replaces_them_and_other_fields_stay(alice_api, alice):
    contact = make_contact(alice, company="Acme", headline="CTO")
    contact.tags.add(make_tag(alice, "old"))
    response = alice_api.patch(
        f"{URL}{contact.pk}/", {"tags": ["new"], "company": "Beta"}, format="json"
    )
    assert response.status_code == 200
    contact.refresh_from_db()
    assert list(contact.tags.names()) == ["new"]
    assert (contact.company, contact.headline) == ("Beta", "CTO")


def test_it_deletes_my_contact(alice_api, alice):
    contact = make_contact(alice)
    assert alice_api.delete(f"{URL}{contact.pk}/").status_code == 204
    assert not Contact.objects.filter(pk=contact.pk).exists()


def test_bobs_contact_is_not_found_and_untouched(alice_api, bob):
    contact = make_contact(bob, company="Bob's company")
    detail = f"{URL}{contact.pk}/"
    assert alice_api.get(detail).status_code == 404
    assert alice_api.patch(detail, {"company": "Hacked"}, format="json").status_code == 404
    assert alice_api.put(detail, {"first_name": "Hacked"}, format="json").status_code == 404
    assert alice_api.delete(detail).status_code == 404
    contact.refresh_from_db()
    assert contact.company == "Bob's company"


def test_a_second_contact_with_the_same_profile_is_rejected(alice_api, alice):
    make_contact(alice, profile_url="https://www.linkedin.com/in/ada/")
    response = alice_api.post(URL, {"profile_url": "linkedin.com/in/ADA"}, format="json")
    assert response.status_code == 400
    assert "already have a contact" in response.json()["profile_url"][0]
    assert Contact.objects.for_owner(alice).count() == 1


def test_the_same_profile_as_bobs_contact_is_fine(alice_api, alice, bob):
    make_contact(bob, profile_url="https://www.linkedin.com/in/ada/")
    response = alice_api.post(URL, {"profile_url": "linkedin.com/in/ada"}, format="json")
    assert response.status_code == 201


def test_bad_input_gets_a_clear_message_and_stores_nothing(alice_api, alice):
    response = alice_api.post(
        URL,
        {"email": "not-an-email", "profile_url": "https://example.org/x", "connected_on": "soon"},
        format="json",
    )
    assert response.status_code == 400
    assert set(response.json()) == {"email", "profile_url", "connected_on"}
    assert not Contact.objects.for_owner(alice).exists()


def test_the_api_refuses_what_the_edit_form_refuses(alice_api, alice):
    contact = make_contact(alice, first_name="Ada", connected_on=date(2024, 5, 1))
    detail = f"{URL}{contact.pk}/"
    script = alice_api.patch(detail, {"website": "javascript:alert(1)"}, format="json")
    assert script.status_code == 400
    assert "Enter a web address such as https://example.org/" in script.json()["website"][0]
    # A PATCH of one date is checked against the stored others.
    ends_first = alice_api.patch(detail, {"disconnected_on": "2020-01-01"}, format="json")
    assert ends_first.json() == {"disconnected_on": ["The connection cannot end before it began."]}
    contact.refresh_from_db()
    assert (contact.website, contact.disconnected_on) == ("", None)
    plain = alice_api.patch(detail, {"website": "ada.dev"}, format="json")
    assert plain.status_code == 200 and plain.json()["website"] == "https://ada.dev"


def test_a_contact_needs_a_name_an_email_or_a_profile(alice_api, alice):
    response = alice_api.post(URL, {}, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": ["Give the contact a name, an email address or a LinkedIn profile URL."]
    }
    assert alice_api.post(URL, {"email": "ada@example.org"}, format="json").status_code == 201


def test_an_email_another_contact_has_with_a_profile_is_refused_without_a_profile(
    alice_api, alice, alice_client
):
    make_contact(alice, first_name="Rahul", email="rahul@example.com",
                 profile_url="linkedin.com/in/rahul")  # fmt: skip
    response = alice_api.post(URL, {"email": "RAHUL@example.com"}, format="json")
    assert response.json() == {"email": ["You already have a contact with this email."]}
    form = alice_client.post(reverse("contacts-create"), {"email": "rahul@example.com"})
    assert "Another of your contacts has this email address." in form.content.decode()
    assert Contact.objects.for_owner(alice).count() == 1


@pytest.mark.parametrize(
    "typed", ["connected_after", "connected_before", "interacted_after", "interacted_before"]
)
def test_a_date_filter_that_is_not_a_date_is_a_400_under_the_name_typed(alice_api, typed):
    response = alice_api.get(URL, {typed: "2024-13-45"})
    assert response.status_code == 400
    assert response.json() == {typed: ["Enter a valid date."]}


def test_each_end_of_the_connection_date_range_is_named_on_its_own(alice_api):
    response = alice_api.get(URL, {"connected_after": "soon", "connected_before": "later"})
    assert response.json() == {
        "connected_after": ["Enter a valid date."],
        "connected_before": ["Enter a valid date."],
    }


def test_a_yes_no_filter_that_is_neither_is_a_clear_400_not_ignored(alice_api, alice):
    make_contact(alice, first_name="Ada", last_name="Lovelace", email="ada@example.org")
    make_contact(alice, first_name="Grace", last_name="Hopper")
    response = alice_api.get(URL, {"has_email": "maybe"})
    assert response.status_code == 400
    assert response.json() == {"has_email": ["Choose yes (true) or no (false), or leave it empty."]}
    assert names(alice_api.get(URL, {"has_email": "true"})) == ["Ada Lovelace"]
    assert names(alice_api.get(URL, {"has_email": "false"})) == ["Grace Hopper"]

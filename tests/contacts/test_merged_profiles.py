"""A profile a merge folded into another contact is that contact's: nobody else may take it again.

Imports and the capture already follow the alias the merge left; the contact
form, the API and the admin created the merged-away duplicate anew.
"""

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from contacts.models import Contact
from relations.merging import merge_contacts
from tests.contacts.test_admin_duplicates import contact_form
from tests.factories import make_contact

SAID = (
    "This LinkedIn profile is Ada Lovelace&#x27;s: the contact that had it was merged into "
    "Ada Lovelace. Edit Ada Lovelace instead, or undo that merge on the duplicates page."
)


@pytest.fixture
def merged_away(alice):
    """Ada as kept, after a merge took in the contact with profile /in/ada-king/."""
    kept = make_contact(
        alice, first_name="Ada", last_name="Lovelace", profile_url="linkedin.com/in/ada"
    )
    other = make_contact(
        alice, first_name="Ada", last_name="King", profile_url="linkedin.com/in/ada-king"
    )
    merge_contacts(kept, other)
    return kept


def test_the_contact_form_refuses_a_new_contact_with_a_merged_away_profile(
    alice_client, alice, merged_away
):
    response = alice_client.post(
        reverse("contacts-create"),
        {"first_name": "Ada", "profile_url": "https://www.linkedin.com/in/ada-king/"},
    )
    assert SAID in response.content.decode()
    assert list(Contact.objects.for_owner(alice)) == [merged_away]


def test_the_contact_form_refuses_it_on_another_contact_but_not_on_the_one_kept(
    alice_client, alice, merged_away
):
    grace = make_contact(alice, first_name="Grace")
    form = {"first_name": "Grace", "profile_url": "linkedin.com/in/ada-king"}
    response = alice_client.post(reverse("contacts-edit", args=[grace.pk]), form)
    assert SAID in response.content.decode()
    grace.refresh_from_db()
    assert grace.slug == ""

    form = {"first_name": "Ada", "last_name": "Lovelace", "profile_url": "linkedin.com/in/ada-king"}
    alice_client.post(reverse("contacts-edit", args=[merged_away.pk]), form)
    merged_away.refresh_from_db()
    assert merged_away.slug == "ada-king"


def test_the_api_refuses_a_new_contact_with_a_merged_away_profile(alice, merged_away):
    api = APIClient()
    api.force_authenticate(alice)
    response = api.post(
        "/api/v1/contacts/",
        {"first_name": "Ada", "profile_url": "https://www.linkedin.com/in/ada-king/"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["profile_url"] == [SAID.replace("&#x27;", "'")]
    assert Contact.objects.for_owner(alice).count() == 1


def test_the_admin_refuses_a_new_contact_with_a_merged_away_profile(
    staff_client, staff_alice, merged_away
):
    response = staff_client.post(
        "/admin/contacts/contact/add/", contact_form(profile_url="linkedin.com/in/ada-king")
    )
    assert response.status_code == 200
    assert SAID in response.content.decode()
    assert Contact.objects.for_owner(staff_alice).count() == 1


def test_another_users_merges_are_no_obstacle(bob, merged_away):
    bob_client = Client()
    bob_client.force_login(bob)
    response = bob_client.post(
        reverse("contacts-create"),
        {"first_name": "Ada", "profile_url": "linkedin.com/in/ada-king"},
        follow=True,
    )
    assert "Added Ada." in response.content.decode()
    assert Contact.objects.for_owner(bob).get().slug == "ada-king"

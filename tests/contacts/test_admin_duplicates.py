"""A row the database would refuse as a duplicate is refused by the admin's form, with a message.

Each of these was a server error (IntegrityError): the admin's forms did not
check the owner's unique rows, since the owner is set after validation and the
slug and normalised email only when the contact is saved.
"""

from contacts.models import Contact, SavedFilter, Tag, TaggedContact
from tests.factories import make_contact, make_saved_filter, make_tag, make_user


def contact_form(**fields: object) -> dict[str, object]:
    """The admin's add or change form of a contact, without tags or notes."""
    return {
        "first_name": "Grace",
        "message_count": 0,
        "first_seen_at_0": "2024-01-01",
        "first_seen_at_1": "00:00:00",
        "last_seen_at_0": "2024-01-01",
        "last_seen_at_1": "00:00:00",
        "tagged_items-TOTAL_FORMS": 0,
        "tagged_items-INITIAL_FORMS": 0,
        "notes-TOTAL_FORMS": 0,
        "notes-INITIAL_FORMS": 0,
        **fields,
    }


def test_a_contact_with_a_profile_you_have_is_refused_with_a_message(staff_client, staff_alice):
    make_contact(staff_alice, profile_url="https://www.linkedin.com/in/grace/")
    response = staff_client.post(
        "/admin/contacts/contact/add/", contact_form(profile_url="linkedin.com/in/GRACE")
    )
    assert response.status_code == 200
    assert "Another contact of alice has this LinkedIn profile." in response.content.decode()
    assert Contact.objects.for_owner(staff_alice).count() == 1


def test_a_contact_with_the_email_of_a_contact_without_a_profile_is_refused(
    staff_client, staff_alice
):
    make_contact(staff_alice, email="grace@example.org")
    response = staff_client.post(
        "/admin/contacts/contact/add/", contact_form(email="Grace@Example.org")
    )
    assert "Another contact of alice has this email and no LinkedIn profile." in (
        response.content.decode()
    )
    assert Contact.objects.for_owner(staff_alice).count() == 1


def test_editing_a_contact_onto_another_ones_email_is_refused(staff_client, staff_alice):
    make_contact(staff_alice, email="grace@example.org")
    edited = make_contact(staff_alice, email="hopper@example.org")
    response = staff_client.post(
        f"/admin/contacts/contact/{edited.pk}/change/",
        contact_form(first_name=edited.first_name, email="grace@example.org"),
    )
    assert "has this email and no LinkedIn profile" in response.content.decode()
    edited.refresh_from_db()
    assert edited.email == "hopper@example.org"


def test_another_users_profile_or_email_is_no_obstacle_and_not_mentioned(
    staff_client, staff_alice, bob
):
    make_contact(bob, profile_url="linkedin.com/in/grace", email="grace@example.org")
    make_contact(bob, email="hopper@example.org")
    staff_client.post(
        "/admin/contacts/contact/add/", contact_form(profile_url="linkedin.com/in/grace")
    )
    staff_client.post("/admin/contacts/contact/add/", contact_form(email="hopper@example.org"))
    assert Contact.objects.for_owner(staff_alice).count() == 2


def test_a_superusers_contact_is_checked_against_the_owner_chosen(client, alice, bob):
    client.force_login(make_user("root", is_staff=True, is_superuser=True))
    make_contact(alice, profile_url="linkedin.com/in/grace")
    refused = client.post(
        "/admin/contacts/contact/add/",
        contact_form(owner=alice.pk, profile_url="linkedin.com/in/grace"),
    )
    assert "Another contact of alice has this LinkedIn profile." in refused.content.decode()
    client.post(
        "/admin/contacts/contact/add/",
        contact_form(owner=bob.pk, profile_url="linkedin.com/in/grace"),
    )
    assert Contact.objects.for_owner(bob).get().slug == "grace"


def test_a_tag_named_like_one_of_yours_is_refused_with_a_message(staff_client, staff_alice):
    make_tag(staff_alice, "Investor")
    response = staff_client.post(
        "/admin/contacts/tag/add/", {"name": "investor", "colour": "#64748b"}
    )
    assert response.status_code == 200
    assert "alice already has a tag called “Investor”." in response.content.decode()
    assert Tag.objects.for_owner(staff_alice).count() == 1


def test_renaming_a_tag_to_another_ones_name_is_refused(staff_client, staff_alice):
    make_tag(staff_alice, "Investor")
    renamed = make_tag(staff_alice, "mentor")
    response = staff_client.post(
        f"/admin/contacts/tag/{renamed.pk}/change/", {"name": "INVESTOR", "colour": "#64748b"}
    )
    assert "alice already has a tag called “Investor”." in response.content.decode()
    renamed.refresh_from_db()
    assert renamed.name == "mentor"


def test_a_tag_named_like_another_users_is_made_for_you(staff_client, staff_alice, bob):
    make_tag(bob, "Investor")
    staff_client.post("/admin/contacts/tag/add/", {"name": "Investor", "colour": "#64748b"})
    assert Tag.objects.for_owner(staff_alice).get().name == "Investor"


def test_a_saved_list_named_like_one_of_yours_is_refused_with_a_message(staff_client, staff_alice):
    make_saved_filter(staff_alice, "Investors", "tags=1")
    response = staff_client.post(
        "/admin/contacts/savedfilter/add/", {"name": "investors", "query": "q=x"}
    )
    assert response.status_code == 200
    assert "alice already has a saved list called “investors”." in response.content.decode()
    assert SavedFilter.objects.filter(owner=staff_alice).count() == 1


def test_a_tag_given_twice_to_a_contact_in_the_admin_is_refused(staff_client, staff_alice):
    contact = make_contact(staff_alice)
    tag = make_tag(staff_alice, "investor")
    contact.tags.add(tag)
    link = TaggedContact.objects.get()
    response = staff_client.post(
        f"/admin/contacts/contact/{contact.pk}/change/",
        contact_form(
            first_name=contact.first_name,
            last_name=contact.last_name,
            **{
                "tagged_items-TOTAL_FORMS": 2,
                "tagged_items-INITIAL_FORMS": 1,
                "tagged_items-0-id": link.pk,
                "tagged_items-0-tag": tag.pk,
                "tagged_items-0-content_object": contact.pk,
                "tagged_items-1-tag": tag.pk,
                "tagged_items-1-content_object": contact.pk,
            },
        ),
    )
    assert response.status_code == 200
    assert "The tag “investor” is given twice; keep one." in response.content.decode()
    assert TaggedContact.objects.count() == 1

from contacts.models import Contact
from tests.factories import make_contact, make_note, make_tag, make_user


def test_staff_see_only_their_own_contacts_in_the_admin(staff_client, staff_alice, bob):
    make_contact(staff_alice, first_name="Ada")
    make_contact(bob, first_name="Bartholomew")
    page = staff_client.get("/admin/contacts/contact/").content.decode()
    assert "Ada" in page
    assert "Bartholomew" not in page


def test_staff_cannot_open_another_users_contact_in_the_admin(staff_client, bob):
    theirs = make_contact(bob, first_name="Bartholomew")
    response = staff_client.get(f"/admin/contacts/contact/{theirs.pk}/change/", follow=True)
    assert "Bartholomew" not in response.content.decode()
    assert response.redirect_chain  # the admin redirects to its index for an unknown object


def test_staff_see_only_their_own_tags_notes_and_companies(staff_client, staff_alice, bob):
    make_tag(bob, "bobs-secret-tag")
    make_note(make_contact(bob, company="BobCorp"), body="bobs private note")
    make_contact(staff_alice, company="AliceCorp")
    contacts_page = staff_client.get("/admin/contacts/contact/").content.decode()
    assert "AliceCorp" in contacts_page
    assert "BobCorp" not in contacts_page
    assert "bobs-secret-tag" not in contacts_page
    assert "bobs-secret-tag" not in staff_client.get("/admin/contacts/tag/").content.decode()
    assert "bobs private note" not in staff_client.get("/admin/contacts/note/").content.decode()


def test_a_contact_added_by_staff_belongs_to_them(staff_client, staff_alice):
    staff_client.post(
        "/admin/contacts/contact/add/",
        {
            "first_name": "Grace",
            "last_name": "Hopper",
            "message_count": 0,
            "first_seen_at_0": "2024-01-01",
            "first_seen_at_1": "00:00:00",
            "last_seen_at_0": "2024-01-01",
            "last_seen_at_1": "00:00:00",
            "tagged_items-TOTAL_FORMS": 0,
            "tagged_items-INITIAL_FORMS": 0,
            "notes-TOTAL_FORMS": 0,
            "notes-INITIAL_FORMS": 0,
        },
    )
    assert Contact.objects.get(first_name="Grace").owner == staff_alice


def test_the_bulk_tag_action_tags_only_the_users_own_contacts(staff_client, staff_alice, bob):
    mine = make_contact(staff_alice)
    theirs = make_contact(bob)
    staff_client.post(
        "/admin/contacts/contact/",
        {"action": "add_tag", "tag_name": "investor", "_selected_action": [mine.pk, theirs.pk]},
    )
    assert [t.name for t in mine.tags.all()] == ["investor"]
    assert not theirs.tags.exists()
    assert mine.tags.get().owner == staff_alice


def test_the_kind_filter_narrows_the_admin_list(staff_client, staff_alice):
    make_contact(staff_alice, first_name="Connie", is_connection=True)
    make_contact(staff_alice, first_name="Felix", is_follower=True)
    page = staff_client.get("/admin/contacts/contact/?kind=follower").content.decode()
    assert "Felix" in page
    assert "Connie" not in page


def test_superusers_see_everyone(client, alice, bob):
    root = make_user("root", is_staff=True, is_superuser=True)
    client.force_login(root)
    make_contact(alice, first_name="Ada")
    make_contact(bob, first_name="Bartholomew")
    page = client.get("/admin/contacts/contact/").content.decode()
    assert "Ada" in page and "Bartholomew" in page

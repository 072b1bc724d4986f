"""Bulk actions on ticked rows or on all contacts matching the filter."""

from django.test import Client
from django.urls import reverse

from contacts.models import Contact, Tag
from tests.factories import make_contact, make_note, make_tag

BULK = reverse("contacts-bulk")


def tag_names(contact: Contact) -> set[str]:
    return {tag.name for tag in contact.tags.all()}


def test_it_tags_the_ticked_rows_creating_the_tag(alice_client, alice):
    ada, grace, linus = (make_contact(alice) for _ in range(3))
    response = alice_client.post(
        BULK,
        {"scope": "selected", "ids": [ada.pk, grace.pk], "action": "add_tag", "tag": " investor "},
        follow=True,
    )
    assert "Tagged 2 contacts with “investor”." in response.content.decode()
    assert tag_names(ada) == tag_names(grace) == {"investor"}
    assert tag_names(linus) == set()


def test_tagging_people_who_have_the_tag_says_nothing_changed(alice_client, alice):
    ada = make_contact(alice)
    ada.tags.add(make_tag(alice, "investor"))
    untagged = make_contact(alice)
    tick = {"scope": "selected", "ids": [ada.pk], "tag": "investor"}
    page = alice_client.post(BULK, {**tick, "action": "add_tag"}, follow=True).content.decode()
    assert "Nothing changed: they all have “investor” already." in page
    assert "Tagged 0 contacts" not in page
    untick = {**tick, "ids": [untagged.pk], "action": "remove_tag"}
    page = alice_client.post(BULK, untick, follow=True).content.decode()
    assert "Nothing changed: none of them has “investor”." in page
    assert "from 0 contacts" not in page


def test_it_tags_everyone_matching_the_filter_not_just_the_page(alice_client, alice, bob):
    for _ in range(60):
        make_contact(alice, company="Acme")
    make_contact(alice, company="Globex")
    bobs = make_contact(bob, company="Acme")
    response = alice_client.post(
        BULK,
        {"scope": "all", "query": "company=acme", "action": "add_tag", "tag": "acme"},
        follow=True,
    )
    assert "Tagged 60 contacts with “acme”." in response.content.decode()
    assert response.redirect_chain[-1][0] == f"{reverse('contacts-list')}?company=acme"
    assert Tag.objects.get(owner=alice, name="acme").tagged_contacts.count() == 60
    assert tag_names(bobs) == set()


def test_it_removes_a_tag_from_all_matching(alice_client, alice):
    investor = make_tag(alice, "investor")
    people = [make_contact(alice) for _ in range(3)]
    for person in people:
        person.tags.add(investor)
    response = alice_client.post(
        BULK, {"scope": "all", "query": "", "action": "remove_tag", "tag": "INVESTOR"}, follow=True
    )
    assert "Removed “investor” from 3 contacts." in response.content.decode()
    assert not investor.tagged_contacts.exists()


def test_removing_a_tag_that_does_not_exist_says_so(alice_client, alice):
    make_contact(alice)
    response = alice_client.post(
        BULK, {"scope": "all", "action": "remove_tag", "tag": "nope"}, follow=True
    )
    assert "You have no tag called “nope”." in response.content.decode()


def test_it_marks_followers_and_following_in_one_update(
    alice_client, alice, django_assert_max_num_queries
):
    people = [make_contact(alice, company="Acme") for _ in range(4)]
    make_contact(alice, company="Globex")
    with django_assert_max_num_queries(8):
        alice_client.post(
            BULK, {"scope": "all", "query": "company=Acme", "action": "mark_follower"}
        )
    response = alice_client.post(
        BULK, {"scope": "selected", "ids": [people[0].pk], "action": "mark_following"}, follow=True
    )
    assert "Marked 1 contact as people you follow." in response.content.decode()
    assert alice.contacts.filter(is_follower=True).count() == 4
    assert list(alice.contacts.filter(is_following=True)) == [people[0]]


def test_other_users_ids_are_ignored(alice_client, alice, bob):
    bobs = make_contact(bob)
    response = alice_client.post(
        BULK, {"scope": "selected", "ids": [bobs.pk], "action": "mark_follower"}, follow=True
    )
    assert "Nothing changed: they are all marked as following you already." in (
        response.content.decode()
    )
    bobs.refresh_from_db()
    assert not bobs.is_follower


def test_nothing_ticked_is_explained(alice_client, alice):
    make_contact(alice)
    response = alice_client.post(
        BULK, {"scope": "selected", "action": "add_tag", "tag": "x"}, follow=True
    )
    assert "Tick at least one contact" in response.content.decode()
    assert not Tag.objects.exists()


def test_delete_asks_first_with_the_count_then_deletes_with_notes_and_tags(
    alice_client, alice, bob
):
    investor = make_tag(alice, "investor")
    doomed = [make_contact(alice, company="Acme") for _ in range(3)]
    make_note(doomed[0])
    doomed[1].tags.add(investor)
    keeper = make_contact(alice, company="Globex")
    make_contact(bob, company="Acme")
    response = alice_client.post(
        BULK, {"scope": "all", "query": "company=Acme", "action": "delete"}, follow=True
    )
    assert "Delete 3 contacts?" in response.content.decode()
    assert alice.contacts.count() == 4
    response = alice_client.post(
        reverse("contacts-bulk-delete"), {"scope": "all", "query": "company=Acme"}, follow=True
    )
    assert "Deleted 3 contacts." in response.content.decode()
    assert list(alice.contacts.all()) == [keeper]
    assert bob.contacts.count() == 1
    assert investor.tagged_contacts.count() == 0


def test_deleting_all_matching_asks_again_when_more_match_than_were_confirmed(alice_client, alice):
    for _ in range(2):
        make_contact(alice, company="Acme")
    every_acme = {"scope": "all", "query": "company=Acme"}
    confirm = alice_client.get(reverse("contacts-bulk-delete"), every_acme).content.decode()
    assert "Delete 2 contacts?" in confirm
    assert '<input type="hidden" name="confirmed_count" value="2">' in confirm
    make_contact(alice, company="Acme")  # an import, while the question was open

    response = alice_client.post(
        reverse("contacts-bulk-delete"), {**every_acme, "confirmed_count": "2"}, follow=True
    )

    page = response.content.decode()
    assert "3 contacts match now, not the 2 you confirmed: nothing was deleted." in page
    assert "Delete 3 contacts?" in page
    assert alice.contacts.count() == 3
    alice_client.post(reverse("contacts-bulk-delete"), {**every_acme, "confirmed_count": "3"})
    assert alice.contacts.count() == 0


def test_a_second_click_on_delete_deletes_nothing_more_and_says_so(alice_client, alice):
    ada, grace = make_contact(alice), make_contact(alice)
    keeper = make_contact(alice)
    ticked = {"scope": "selected", "ids": [ada.pk, grace.pk], "confirmed_count": "2"}
    first = alice_client.post(reverse("contacts-bulk-delete"), ticked, follow=True)
    second = alice_client.post(reverse("contacts-bulk-delete"), ticked, follow=True)
    assert "Deleted 2 contacts." in first.content.decode()
    page = second.content.decode()
    assert "No contacts match any more." in page and "Deleted 0 contacts" not in page
    assert list(alice.contacts.all()) == [keeper]


def test_deleting_those_with_notes_deletes_exactly_them(alice_client, alice):
    noted = make_contact(alice)
    make_note(noted)
    make_contact(alice)
    alice_client.post(reverse("contacts-bulk-delete"), {"scope": "all", "query": "has_notes=true"})
    assert not alice.contacts.filter(pk=noted.pk).exists()
    assert alice.contacts.count() == 1


def test_bulk_posts_need_the_csrf_token(alice):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    make_contact(alice)
    assert client.post(BULK, {"scope": "all", "action": "mark_follower"}).status_code == 403
    assert client.post(reverse("contacts-bulk-delete"), {"scope": "all"}).status_code == 403
    assert alice.contacts.count() == 1 and not alice.contacts.filter(is_follower=True).exists()


def test_every_match_of_a_tag_deleted_since_the_list_was_shown_is_refused_not_everyone(
    alice_client, alice
):
    met = make_tag(alice, "met")
    make_contact(alice).tags.add(met)
    for _ in range(3):
        make_contact(alice, company="Acme")
    everyone_who_met = {"scope": "all", "query": f"tags={met.pk}"}
    met.delete()  # in another tab, while this list was open

    confirm = alice_client.get(reverse("contacts-bulk-delete"), everyone_who_met, follow=True)
    delete = alice_client.post(reverse("contacts-bulk-delete"), everyone_who_met, follow=True)
    tagging = {**everyone_who_met, "action": "add_tag", "tag": "x"}
    tag = alice_client.post(BULK, tagging, follow=True)
    export = alice_client.get(reverse("contacts-export"), everyone_who_met, follow=True)

    for response in (confirm, delete, tag, export):
        page = response.content.decode()
        assert "Fix the filter before acting on every match: tags: " in page
        assert "Delete 4 contacts" not in page
    assert Contact.objects.filter(owner=alice).count() == 4
    assert not Tag.objects.filter(owner=alice, name="x").exists()

import pytest
from django.db import IntegrityError, connection, transaction

from contacts.models import Contact, Kind, Tag
from tests.factories import make_contact, make_tag


def test_it_derives_the_slug_from_the_profile_url(alice):
    contact = make_contact(alice, profile_url="https://www.linkedin.com/in/Zo%C3%AB-Brandt/")
    assert contact.slug == "zoë-brandt"
    assert contact.linkedin_url == "https://www.linkedin.com/in/zo%C3%AB-brandt/"


def test_one_owner_cannot_hold_the_same_profile_twice(alice):
    make_contact(alice, profile_url="https://www.linkedin.com/in/jane")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_contact(alice, profile_url="http://uk.linkedin.com/in/JANE/")


def test_two_owners_can_each_hold_the_same_profile(alice, bob):
    make_contact(alice, profile_url="https://www.linkedin.com/in/jane")
    make_contact(bob, profile_url="https://www.linkedin.com/in/jane")
    assert Contact.objects.filter(slug="jane").count() == 2


def test_one_owner_cannot_hold_the_same_email_twice_without_a_profile(alice):
    make_contact(alice, email="Jane@Example.org")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_contact(alice, email="jane@example.org")


def test_the_same_email_is_allowed_on_two_distinct_profiles(alice):
    make_contact(alice, email="team@example.org", profile_url="linkedin.com/in/one")
    make_contact(alice, email="team@example.org", profile_url="linkedin.com/in/two")
    assert Contact.objects.for_owner(alice).count() == 2


def test_two_people_may_share_a_name(alice):
    make_contact(alice, first_name="Priya", last_name="Sharma", profile_url="linkedin.com/in/p-1")
    make_contact(alice, first_name="Priya", last_name="Sharma", profile_url="linkedin.com/in/p-2")
    assert Contact.objects.for_owner(alice).filter(first_name="Priya").count() == 2


@pytest.mark.parametrize(
    ("facts", "kind"),
    [
        ({"is_connection": True, "is_follower": True, "is_following": True}, Kind.CONNECTION),
        ({"is_follower": True, "is_following": True}, Kind.FOLLOWER),
        ({"is_following": True}, Kind.FOLLOWING),
        ({}, Kind.CONTACT),
    ],
)
def test_the_kind_is_derived_from_the_facts_with_connection_first(alice, facts, kind):
    contact = make_contact(alice, **facts)
    assert contact.kind == kind
    assert list(Contact.objects.for_owner(alice).of_kind(kind)) == [contact]


def test_a_connection_that_follows_me_is_counted_both_ways(alice):
    both = make_contact(alice, is_connection=True, is_follower=True)
    follower_only = make_contact(alice, is_follower=True)
    contacts = Contact.objects.for_owner(alice)
    assert set(contacts.connections()) == {both}
    assert set(contacts.followers()) == {both, follower_only}
    assert set(contacts.of_kind(Kind.FOLLOWER)) == {follower_only}


def test_an_ended_connection_keeps_its_dates(alice):
    contact = make_contact(alice, is_connection=True, connected_on="2021-03-01")
    contact.is_connection = False
    contact.disconnected_on = "2024-05-02"
    contact.save()
    contact.refresh_from_db()
    assert contact.kind == Kind.CONTACT
    assert str(contact.connected_on) == "2021-03-01"


def test_search_finds_every_word_in_name_company_and_headline(alice):
    ada = make_contact(alice, first_name="Ada", last_name="Lovelace", company="Analytical Engines")
    make_contact(alice, first_name="Ada", last_name="Byron", company="Poetry Ltd")
    assert list(Contact.objects.for_owner(alice).search("ada ENGINES")) == [ada]


def test_search_never_reaches_another_owner(alice, bob):
    make_contact(bob, first_name="Ada")
    assert not Contact.objects.for_owner(alice).search("ada").exists()


def test_tag_names_are_unique_per_owner_ignoring_case(alice, bob):
    make_tag(alice, "Investor")
    make_tag(bob, "investor")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_tag(alice, "INVESTOR")


def test_a_tag_slug_does_not_depend_on_other_owners_tags(alice, bob):
    make_tag(bob, "Investor")
    assert make_tag(alice, "Investor").slug == "investor"


def test_alices_tags_are_never_visible_to_bob(alice, bob):
    make_tag(alice, "investor")
    assert not Tag.objects.for_owner(bob).exists()
    assert Tag.objects.get_or_create_named(bob, "Investor").owner == bob
    assert Tag.objects.filter(name__iexact="investor").count() == 2


def test_tag_filters_are_any_all_and_none(alice):
    investor, mentor = make_tag(alice, "investor"), make_tag(alice, "mentor")
    both, only_investor, neither = (make_contact(alice) for _ in range(3))
    both.tags.add(investor, mentor)
    only_investor.tags.add(investor)
    contacts = Contact.objects.for_owner(alice)
    assert set(contacts.tagged_any([investor, mentor])) == {both, only_investor}
    assert set(contacts.tagged_all([investor, mentor])) == {both}
    assert set(contacts.not_tagged([investor])) == {neither}


def test_tag_filters_use_exists_not_distinct_joins(alice):
    tag = make_tag(alice, "investor")
    sql = str(Contact.objects.for_owner(alice).tagged_all([tag, tag.pk]).query).upper()
    assert "EXISTS" in sql
    assert "DISTINCT" not in sql


def test_a_tag_named_with_non_ascii_capitals_is_found_again_not_created_twice(alice):
    first = Tag.objects.get_or_create_named(alice, "ÓC Ventures")
    assert Tag.objects.get_or_create_named(alice, "ÓC Ventures") == first
    assert Tag.objects.get_or_create_named(alice, " ÓC VENTURES ") == first
    assert Tag.objects.for_owner(alice).count() == 1


@pytest.mark.parametrize(
    ("table", "column"),
    [
        ("contacts_contact", "owner_id"),
        ("contacts_taggedcontact", "tag_id"),
        ("contacts_taggedcontact", "content_object_id"),
    ],
)
def test_every_foreign_key_leads_an_index_though_it_has_no_index_of_its_own(db, table, column):
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    leading = {
        c["columns"][0]
        for c in constraints.values()
        if (c["index"] or c["unique"]) and c["columns"]  # expression indexes name no column
    }
    assert column in leading

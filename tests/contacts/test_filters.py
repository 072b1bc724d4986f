from datetime import UTC, date, datetime

import pytest
from django.test import RequestFactory

from contacts.filters import ContactFilter
from contacts.models import Contact
from tests.factories import make_contact, make_note, make_tag


def filtered(user, **params) -> list[Contact]:
    request = RequestFactory().get("/contacts/", params)
    request.user = user
    contact_filter = ContactFilter(
        request.GET, queryset=Contact.objects.for_owner(user), request=request
    )
    assert contact_filter.is_valid(), contact_filter.errors
    return list(contact_filter.qs)


def test_it_filters_by_derived_kind(alice):
    connection = make_contact(alice, is_connection=True, is_follower=True)
    follower = make_contact(alice, is_follower=True)
    assert filtered(alice, kind="connection") == [connection]
    assert filtered(alice, kind="follower") == [follower]
    assert set(filtered(alice, is_follower="true")) == {connection, follower}


@pytest.mark.parametrize(
    ("mode", "expected"), [("any", {"both", "one"}), ("all", {"both"}), ("none", {"neither"})]
)
def test_it_filters_by_tags_any_all_or_none(alice, mode, expected):
    investor, mentor = make_tag(alice, "investor"), make_tag(alice, "mentor")
    people = {name: make_contact(alice, first_name=name) for name in ("both", "one", "neither")}
    people["both"].tags.add(investor, mentor)
    people["one"].tags.add(investor)
    found = filtered(alice, tags=[investor.pk, mentor.pk], tag_mode=mode)
    assert {c.first_name for c in found} == expected


def test_another_users_tag_is_not_a_valid_choice(alice, bob):
    bobs_tag = make_tag(bob, "secret")
    request = RequestFactory().get("/contacts/", {"tags": [bobs_tag.pk]})
    request.user = alice
    contact_filter = ContactFilter(
        request.GET, queryset=Contact.objects.for_owner(alice), request=request
    )
    assert not contact_filter.is_valid()
    assert "tags" in contact_filter.errors


def test_it_filters_by_company_ignoring_case_and_by_location(alice):
    acme = make_contact(alice, company="Acme Corp", location="Berlin, Germany")
    make_contact(alice, company="Acme Corporation", location="Paris")
    assert filtered(alice, company="acme corp") == [acme]
    assert filtered(alice, location="berlin") == [acme]


def test_it_filters_by_connection_date_range(alice):
    early = make_contact(alice, is_connection=True, connected_on=date(2019, 5, 1))
    make_contact(alice, is_connection=True, connected_on=date(2023, 5, 1))
    assert filtered(alice, connected_after="2019-01-01", connected_before="2020-01-01") == [early]


def test_it_filters_by_email_and_notes(alice):
    with_email = make_contact(alice, email="a@example.org")
    with_note = make_contact(alice)
    make_note(with_note)
    assert filtered(alice, has_email="true") == [with_email]
    assert filtered(alice, has_notes="true") == [with_note]
    assert with_note in filtered(alice, has_email="false")


def test_never_interacted_counts_as_before_any_date(alice):
    recent = make_contact(alice, last_interaction_at=datetime(2025, 6, 1, tzinfo=UTC))
    old = make_contact(alice, last_interaction_at=datetime(2020, 6, 1, tzinfo=UTC))
    never = make_contact(alice)
    assert set(filtered(alice, interacted_before="2024-01-01")) == {old, never}
    assert filtered(alice, interacted_after="2024-01-01") == [recent]


def test_it_searches_and_sorts(alice):
    make_contact(alice, first_name="Zed", last_name="Alpha", company="Acme")
    make_contact(alice, first_name="Amy", last_name="Beta", company="Acme")
    make_contact(alice, first_name="Other", last_name="Gamma", company="Else")
    assert [c.last_name for c in filtered(alice, q="acme", ordering="name")] == ["Alpha", "Beta"]
    assert [c.last_name for c in filtered(alice, q="acme", ordering="-name")] == ["Beta", "Alpha"]


def test_it_never_returns_another_users_contacts(alice, bob):
    make_contact(bob, company="Acme")
    assert filtered(alice, company="Acme") == []


def test_newest_first_lists_all_my_contacts_whoever_added_rows_since(alice, bob):
    mine = [make_contact(alice, first_name=f"Mine {n}") for n in range(3)]
    make_contact(bob, first_name="Newer, not mine")
    newest_first = [contact.first_name for contact in reversed(mine)]
    assert [c.first_name for c in filtered(alice)] == newest_first
    assert [c.first_name for c in filtered(alice, ordering="-added")] == newest_first
    assert [c.first_name for c in filtered(alice, ordering="added")] == newest_first[::-1]


def test_a_user_without_contacts_lists_none(alice, bob):
    make_contact(bob)
    assert filtered(alice) == []


@pytest.mark.parametrize("tag_id", ["0", "-3", "104162325375884737826812748760088576", "x"])
def test_a_tag_id_no_row_could_have_is_an_invalid_choice_not_a_crash(alice, tag_id):
    request = RequestFactory().get("/contacts/", {"tags": [tag_id]})
    request.user = alice
    contact_filter = ContactFilter(
        request.GET, queryset=Contact.objects.for_owner(alice), request=request
    )
    assert not contact_filter.is_valid()
    assert "tags" in contact_filter.errors

"""Keep in touch: cadence by contact or tag, and every kind of interaction resetting the clock."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.test import RequestFactory
from django.utils import timezone

from contacts.filters import ContactFilter
from contacts.models import Contact
from imports.pipeline import run_import
from imports.records import SectionKind
from relations.keep_in_touch import due_contacts, effective_cadence
from tests.factories import make_contact, make_note, make_tag
from tests.imports.conftest import person, sections_of

NOW = timezone.now()


def long_ago(days: int) -> datetime:
    return NOW - timedelta(days=days)


def mentor_tag(owner, days=90):
    return make_tag(owner, "mentor", keep_in_touch_days=days)


def test_a_tag_cadence_makes_its_quiet_contacts_due(alice):
    mentor = mentor_tag(alice)
    quiet = make_contact(alice, last_interaction_at=long_ago(100))
    recent = make_contact(alice, last_interaction_at=long_ago(10))
    untagged = make_contact(alice, last_interaction_at=long_ago(400))
    quiet.tags.add(mentor)
    recent.tags.add(mentor)
    assert list(due_contacts(alice)) == [quiet]
    assert untagged not in due_contacts(alice)


def test_the_contacts_own_cadence_wins_over_its_tags(alice):
    mentor = mentor_tag(alice, days=30)
    relaxed = make_contact(alice, last_interaction_at=long_ago(60), keep_in_touch_days=365)
    relaxed.tags.add(mentor)
    assert list(due_contacts(alice)) == []
    assert effective_cadence(relaxed) == (365, "this contact")


def test_with_several_tagged_cadences_the_shortest_applies(alice):
    often, rarely = make_tag(alice, "often", keep_in_touch_days=30), mentor_tag(alice, days=180)
    both = make_contact(alice, last_interaction_at=long_ago(45))
    both.tags.add(often, rarely)
    assert list(due_contacts(alice)) == [both]
    assert effective_cadence(both) == (30, "tag “often”")


def test_a_contact_never_interacted_with_is_due_from_when_it_was_first_seen(alice):
    make_contact(alice, keep_in_touch_days=30, first_seen_at=long_ago(10))
    old = make_contact(alice, keep_in_touch_days=30, first_seen_at=long_ago(40))
    assert list(due_contacts(alice)) == [old]


def test_a_snoozed_contact_is_not_due_until_its_day(alice):
    contact = make_contact(alice, keep_in_touch_days=30, last_interaction_at=long_ago(40))
    Contact.objects.filter(pk=contact.pk).update(snoozed_until=date.today() + timedelta(days=7))
    assert list(due_contacts(alice)) == []
    later = NOW + timedelta(days=8)
    assert list(due_contacts(alice, later)) == [contact]


def test_another_users_tag_cadence_changes_nothing_for_me(alice, bob):
    bobs_mentor = mentor_tag(bob)
    mine = make_contact(alice, last_interaction_at=long_ago(400))
    bobs = make_contact(bob, last_interaction_at=long_ago(400))
    bobs.tags.add(bobs_mentor)
    assert list(due_contacts(alice)) == []
    assert mine not in due_contacts(bob)


def test_adding_a_note_counts_as_an_interaction_now(alice):
    contact = make_contact(alice, keep_in_touch_days=30, last_interaction_at=long_ago(40))
    make_note(contact, "Caught up over coffee.")
    contact.refresh_from_db()
    assert contact.last_interaction_at >= NOW.replace(microsecond=0)
    assert list(due_contacts(alice)) == []


def test_we_talked_with_a_date_resets_the_clock_and_shows_on_the_timeline(alice, alice_client):
    contact = make_contact(alice, keep_in_touch_days=30, last_interaction_at=long_ago(40))
    day = timezone.localdate() - timedelta(days=2)
    response = alice_client.post(
        f"/contacts/{contact.pk}/talked/", {"on": day.isoformat(), "summary": "Phone call"}
    )
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.last_interaction_at.date() == day
    assert list(due_contacts(alice)) == []
    page = alice_client.get(f"/contacts/{contact.pk}/")
    assert "We talked" in page.content.decode() and "Phone call" in page.content.decode()


def test_we_talked_in_the_future_is_refused_with_a_message(alice, alice_client):
    contact = make_contact(alice, last_interaction_at=None)
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = alice_client.post(
        f"/contacts/{contact.pk}/talked/", {"on": tomorrow.isoformat()}, follow=True
    )
    assert "in the future" in response.content.decode()
    contact.refresh_from_db()
    assert contact.last_interaction_at is None


def test_we_talked_on_a_mistyped_year_is_refused_whatever_the_time_zone(
    alice, alice_client, settings
):
    settings.TIME_ZONE = "Asia/Tokyo"  # the start of 1 Jan 0001 there is before year 1 in UTC
    contact = make_contact(alice, last_interaction_at=None)
    response = alice_client.post(
        f"/contacts/{contact.pk}/talked/", {"on": "0001-01-01"}, follow=True
    )
    assert "Check the year: 1 Jan 0001 is before 1900." in response.content.decode()
    assert not contact.timeline_events.exists()


def test_a_message_found_by_an_import_resets_the_clock(alice, make_job):
    contact = make_contact(
        alice, profile_url="linkedin.com/in/ada", keep_in_touch_days=30,
        last_interaction_at=long_ago(40),
    )  # fmt: skip
    message_at = NOW - timedelta(days=1)
    rows = [person(2, "ada", message_count=3, last_interaction_at=message_at)]
    run_import(make_job(alice).pk, sections_of((SectionKind.MESSAGES, rows)))
    contact.refresh_from_db()
    assert contact.last_interaction_at == message_at
    assert list(due_contacts(alice)) == []


def test_the_due_filter_finds_the_same_contacts_for_the_list_and_the_api(alice):
    mentor = mentor_tag(alice)
    due = make_contact(alice, last_interaction_at=datetime(2020, 1, 1, tzinfo=UTC))
    due.tags.add(mentor)
    fine = make_contact(alice, last_interaction_at=long_ago(1))
    fine.tags.add(mentor)
    request = RequestFactory().get("/contacts/", {"due": "true"})
    request.user = alice
    found = ContactFilter(request.GET, queryset=Contact.objects.for_owner(alice), request=request)
    assert list(found.qs) == [due]
    request = RequestFactory().get("/contacts/", {"due": "false"})
    request.user = alice
    rest = ContactFilter(request.GET, queryset=Contact.objects.for_owner(alice), request=request)
    assert list(rest.qs) == [fine]


def test_the_due_page_lists_who_is_due_and_a_tag_cadence_can_be_set_there(alice, alice_client):
    mentor = make_tag(alice, "mentor")
    contact = make_contact(alice, first_name="Grace", last_interaction_at=long_ago(100))
    contact.tags.add(mentor)
    alice_client.post("/due/tag-cadence/", {"tag": mentor.pk, "days": 90})
    page = alice_client.get("/due/").content.decode()
    assert "Grace" in page and "every 90 days" in page


def test_the_cadence_field_says_in_words_what_leaving_it_empty_does(alice, alice_client):
    mentor = make_tag(alice, "mentor", keep_in_touch_days=90)
    page = alice_client.get("/due/").content.decode()
    assert "Leave empty to take the tag's cadence away." in page
    assert "empty: none" not in page  # the placeholder it was, which vanished on typing
    alice_client.post("/due/tag-cadence/", {"tag": mentor.pk, "days": ""})
    mentor.refresh_from_db()
    assert mentor.keep_in_touch_days is None


def test_snoozing_from_the_contact_page_hides_it_until_the_day(alice, alice_client):
    contact = make_contact(alice, keep_in_touch_days=30, last_interaction_at=long_ago(40))
    until = timezone.localdate() + timedelta(days=14)
    alice_client.post(f"/contacts/{contact.pk}/snooze/", {"until": until.isoformat()})
    contact.refresh_from_db()
    assert contact.snoozed_until == until
    assert list(due_contacts(alice)) == []


def test_another_users_contact_cannot_be_snoozed(alice_client, bob):
    bobs = make_contact(bob)
    response = alice_client.post(f"/contacts/{bobs.pk}/snooze/", {"until": "2099-01-01"})
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("next_page", "lands_on"),
    [("/contacts/", "/contacts/"), ("0", "/due/"), ("https://evil.example/", "/due/"),
     ("//evil.example/", "/due/"), ("", "/due/")],
)  # fmt: skip
def test_after_setting_a_cadence_it_goes_back_only_to_a_page_of_this_site(
    alice, alice_client, next_page, lands_on
):
    mentor = make_tag(alice, "mentor")
    data = {"tag": mentor.pk, "days": 90, "next": next_page}
    response = alice_client.post("/due/tag-cadence/", data)
    assert (response.status_code, response["Location"]) == (302, lands_on)


def test_the_snooze_date_fields_offer_tomorrow_first_as_the_form_requires(alice, alice_client):
    mentor = mentor_tag(alice)
    due = make_contact(alice, last_interaction_at=long_ago(100))
    due.tags.add(mentor)
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    for page in (f"/contacts/{due.pk}/", "/due/"):
        snooze_field = alice_client.get(page).content.decode().split('name="until"')[1]
        assert f'min="{tomorrow}"' in snooze_field.split(">")[0]

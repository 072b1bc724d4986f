"""One timeline per contact: imports and their changes, notes, tags, merges, talks."""

from datetime import date, timedelta

from django.utils import timezone

from contacts.models import Contact, TaggedContact
from imports.models import ImportJob
from imports.pipeline import run_import
from imports.records import SectionKind
from relations.merging import merge_contacts
from relations.models import TimelineEvent
from relations.timeline import contact_timeline
from tests.factories import make_contact, make_note, make_tag
from tests.imports.conftest import connection, connections_file, person, sections_of


def kinds(contact) -> list[str]:
    return list(
        TimelineEvent.objects.filter(contact=contact).order_by("id").values_list("kind", flat=True)
    )


def test_an_import_records_who_it_created_and_what_it_changed(alice, make_job):
    ada = make_contact(alice, profile_url="linkedin.com/in/ada", company="Old Co",
                       is_connection=True)  # fmt: skip
    rows = [connection(2, "ada", date(2020, 1, 1), company="New Co"), connection(3, "bo")]
    job = make_job(alice)
    run_import(job.pk, connections_file(rows))
    event = TimelineEvent.objects.get(contact=ada)
    assert event.kind == TimelineEvent.Kind.IMPORT_UPDATED
    assert event.details["changes"] == [{"field": "company", "old": "Old Co", "new": "New Co"}]
    assert "company: Old Co → New Co" in event.summary
    bo = Contact.objects.get(owner=alice, slug="bo")
    assert not TimelineEvent.objects.filter(contact=bo).exists()  # it names its job instead
    added = [e for e in contact_timeline(bo) if e.kind == TimelineEvent.Kind.IMPORT_CREATED]
    assert [(e.summary, e.url) for e in added] == [
        ("Added by the import of network.csv.", f"/imports/jobs/{job.pk}/")
    ]
    assert not [e for e in contact_timeline(ada) if e.kind == TimelineEvent.Kind.IMPORT_CREATED]


def dated(record):
    record.last_interaction_at = timezone.now().replace(microsecond=0) - timedelta(days=30)
    return record


def test_an_archive_that_adds_someone_does_not_also_say_it_updated_them(alice, make_job):
    bo = make_contact(alice, profile_url="linkedin.com/in/bo")
    messages = [person(5, "ada", message_count=2), person(6, "bo", message_count=1)]
    archive = sections_of(
        (SectionKind.CONNECTIONS, [connection(2, "ada", date(2025, 7, 30))]),
        (SectionKind.MESSAGES, [dated(record) for record in messages]),
    )
    run_import(make_job(alice).pk, archive)
    ada = Contact.objects.get(owner=alice, slug="ada")
    assert ada.message_count == 2
    assert kinds(ada) == []  # "Added by the import of ..." comes from added_by_import
    assert kinds(bo) == [TimelineEvent.Kind.IMPORT_UPDATED]


def test_a_contact_whose_import_was_deleted_still_shows_it_was_imported(alice, make_job):
    job = make_job(alice)
    run_import(job.pk, connections_file([connection(2, "bo")]))
    bo = Contact.objects.get(owner=alice, slug="bo")
    ImportJob.objects.filter(pk=job.pk).delete()
    [added] = [e for e in contact_timeline(bo) if e.kind == TimelineEvent.Kind.IMPORT_CREATED]
    assert (added.label, added.summary, added.url) == ("Added by an import", "", "")


def test_another_users_job_is_never_named_on_my_timeline(alice, bob, make_job):
    bobs_job = make_job(bob)
    mine = make_contact(alice)
    Contact.objects.filter(pk=mine.pk).update(added_by_import=bobs_job.pk)
    mine.refresh_from_db()
    [added] = [e for e in contact_timeline(mine) if e.kind == TimelineEvent.Kind.IMPORT_CREATED]
    assert (added.summary, added.url) == ("", "")


def test_a_complete_connections_list_records_who_is_gone(alice, make_job):
    gone = make_contact(alice, profile_url="linkedin.com/in/gone", is_connection=True)
    run_import(make_job(alice).pk, connections_file([connection(2, "ada")]))
    assert kinds(gone) == [TimelineEvent.Kind.DISCONNECTED]


def test_a_tag_added_then_removed_shows_both_on_the_timeline(alice):
    contact = make_contact(alice)
    mentor = make_tag(alice, "mentor")
    contact.tags.add(mentor)
    TaggedContact.objects.update(tagged_at=timezone.now() - timedelta(minutes=1))
    contact.tags.remove(mentor)
    shown = [(entry.kind, entry.summary) for entry in contact_timeline(contact)]
    assert [(kind, summary) for kind, summary in shown if kind.startswith("tag")] == [
        (TimelineEvent.Kind.TAG_REMOVED, "Untagged “mentor”"),
        (TimelineEvent.Kind.TAG_ADDED, "Tagged “mentor”"),
    ]


def test_the_contact_page_shows_one_timeline_with_notes_merges_talks_and_facts(alice, alice_client):
    ada = make_contact(alice, first_name="Ada", is_connection=True, connected_on=date(2020, 1, 1))
    make_note(ada, "Likes engines.")
    merge_contacts(ada, make_contact(alice, first_name="Ada", last_name="King"))
    alice_client.post(f"/contacts/{ada.pk}/talked/", {"on": date.today().isoformat()})
    page = alice_client.get(f"/contacts/{ada.pk}/").content.decode()
    assert page.count('<ol class="timeline">') == 1
    for shown in ("Likes engines.", "Merged “Ada King” into this contact.", "We talked",
                  "Connected on LinkedIn"):  # fmt: skip
        assert shown in page


def test_a_fact_known_to_the_day_shows_its_day_without_a_time(alice, alice_client):
    ada = make_contact(alice, is_connection=True, connected_on=date(2020, 1, 14))
    page = alice_client.get(f"/contacts/{ada.pk}/").content.decode()
    assert '<time datetime="2020-01-14">14 Jan 2020</time>' in page
    assert "14 Jan 2020, 00:00" not in page


def messages_entries(contact) -> list:
    contact.refresh_from_db()
    return [entry for entry in contact_timeline(contact) if entry.kind == "messages"]


def test_a_note_written_after_the_last_message_is_not_shown_as_a_message(alice):
    last_message = timezone.now().replace(microsecond=0) - timedelta(days=300)
    ada = make_contact(alice, message_count=2, last_interaction_at=last_message)
    make_note(ada, "Called about the design role.")  # moves the last interaction to now
    assert messages_entries(ada) == []
    shown = [entry.label for entry in contact_timeline(ada)]
    assert shown.count("Note") == 1 and "Last interaction" not in shown


def test_a_talk_logged_today_is_not_shown_as_a_message(alice, alice_client):
    last_message = timezone.now().replace(microsecond=0) - timedelta(days=300)
    ada = make_contact(alice, message_count=2, last_interaction_at=last_message)
    alice_client.post(f"/contacts/{ada.pk}/talked/", {"on": timezone.localdate().isoformat()})
    page = alice_client.get(f"/contacts/{ada.pk}/").content.decode()
    assert "this is the last" not in page and "We talked" in page


def test_the_last_message_keeps_its_entry_when_the_notes_are_older(alice):
    ada = make_contact(alice, message_count=2)
    make_note(ada, "Met at a meetup.")
    last_message = timezone.now().replace(microsecond=0) + timedelta(seconds=5)
    Contact.objects.filter(pk=ada.pk).update(last_interaction_at=last_message)
    [entry] = messages_entries(ada)
    assert (entry.at, entry.summary) == (last_message, "2 messages on LinkedIn; this is the last.")

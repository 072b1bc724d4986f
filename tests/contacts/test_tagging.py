import re
import threading

import pytest
from celery.schedules import crontab
from django.conf import settings
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from contacts.bulk import delete_contacts
from contacts.models import Contact, TaggedContact
from contacts.tagging import add_tag_to_contacts, drop_orphan_links, remove_tag_from_contacts
from contacts.tasks import drop_orphan_tag_links as drop_orphans
from crm.celery import app as celery_app
from relations.models import TimelineEvent
from relations.timeline import contact_timeline
from tests.factories import make_contact, make_note, make_tag


def test_it_tags_every_matching_contact_in_one_statement(alice):
    tag = make_tag(alice, "investor")
    for _ in range(5):
        make_contact(alice, company="Acme")
    make_contact(alice, company="Other")
    matching = Contact.objects.for_owner(alice).filter(company="Acme")
    with CaptureQueriesContext(connection) as queries:
        assert add_tag_to_contacts(tag, matching) == 5
    statements = [q["sql"] for q in queries if "SAVEPOINT" not in q["sql"]]
    assert [sql.split()[:3] for sql in statements] == [
        ["INSERT", "INTO", "contacts_taggedcontact"],
    ]
    assert Contact.objects.for_owner(alice).tagged_any([tag]).count() == 5


def test_tagging_twice_adds_nothing_the_second_time(alice):
    tag = make_tag(alice, "investor")
    make_contact(alice)
    everyone = Contact.objects.for_owner(alice)
    assert add_tag_to_contacts(tag, everyone) == 1
    assert add_tag_to_contacts(tag, everyone) == 0


def test_a_tag_never_lands_on_another_owners_contacts(alice, bob):
    tag = make_tag(alice, "investor")
    make_contact(bob)
    assert add_tag_to_contacts(tag, Contact.objects.all()) == 0
    assert not Contact.objects.for_owner(bob).tagged_any([tag]).exists()


def test_it_removes_a_tag_from_matching_contacts_only(alice):
    tag = make_tag(alice, "investor")
    keep, drop = make_contact(alice, company="Keep"), make_contact(alice, company="Drop")
    keep.tags.add(tag)
    drop.tags.add(tag)
    assert remove_tag_from_contacts(tag, Contact.objects.filter(company="Drop")) == 1
    assert list(Contact.objects.tagged_any([tag])) == [keep]


def test_each_tagged_contacts_timeline_says_when_it_was_tagged_without_an_event_row(alice):
    tag = make_tag(alice, "investor")
    ada, grace = make_contact(alice), make_contact(alice)
    add_tag_to_contacts(tag, Contact.objects.for_owner(alice))
    for contact in (ada, grace):
        [entry] = [e for e in contact_timeline(contact) if e.kind == TimelineEvent.Kind.TAG_ADDED]
        assert entry.summary == "Tagged “investor”" and entry.at is not None
    assert not TimelineEvent.objects.exists()


def test_deleting_contacts_one_or_many_deletes_their_tag_links(alice):
    tag = make_tag(alice, "investor")
    one, many, kept = make_contact(alice), make_contact(alice), make_contact(alice)
    add_tag_to_contacts(tag, Contact.objects.for_owner(alice))
    one.delete()
    delete_contacts(Contact.objects.filter(pk=many.pk))
    assert list(TaggedContact.objects.values_list("content_object_id", flat=True)) == [kept.pk]


def test_deleting_a_tag_or_its_owner_deletes_the_links(alice, bob):
    investor, mentor = make_tag(alice, "investor"), make_tag(bob, "mentor")
    add_tag_to_contacts(investor, Contact.objects.filter(pk=make_contact(alice).pk))
    add_tag_to_contacts(mentor, Contact.objects.filter(pk=make_contact(bob).pk))
    investor.delete()
    assert list(TaggedContact.objects.values_list("tag__name", flat=True)) == ["mentor"]
    bob.delete()
    assert not TaggedContact.objects.exists()


def test_a_contact_selected_twice_is_tagged_once(alice):
    tag = make_tag(alice, "investor")
    ada = make_contact(alice)
    make_note(ada, "met at a conference")
    make_note(ada, "met again at a conference")
    twice = Contact.objects.for_owner(alice).filter(notes__body__contains="conference")
    assert len(twice.values_list("pk", flat=True)) == 2
    assert add_tag_to_contacts(tag, twice) == 1
    assert list(ada.tags.all()) == [tag]


def _tags_page_count(client, tag):
    page = client.get(reverse("tags-list")).content.decode()
    count = re.search(rf'>([\d,]+)<span class="visually-hidden"> contacts tagged {tag.name}', page)
    return count[1]


def test_the_sweep_drops_links_whose_contact_or_tag_is_gone_and_keeps_the_rest(alice, alice_client):
    investor, old = make_tag(alice, "investor"), make_tag(alice, "old")
    ada, gone = make_contact(alice), make_contact(alice)
    ada.tags.add(investor, old)
    gone.tags.add(investor)
    with connection.cursor() as cursor:  # what a race leaves: rows gone, their links not
        cursor.execute("DELETE FROM contacts_contact WHERE id = %s", [gone.pk])
        cursor.execute("DELETE FROM contacts_tag WHERE id = %s", [old.pk])
    assert _tags_page_count(alice_client, investor) == "2"

    assert drop_orphan_links() == 2

    assert list(TaggedContact.objects.values_list("content_object_id", "tag_id")) == [
        (ada.pk, investor.pk)
    ]
    assert _tags_page_count(alice_client, investor) == "1"


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite runs one writer at a time: no such race"
)
@pytest.mark.django_db(transaction=True)
def test_tagging_contacts_while_they_are_deleted_leaves_nothing_once_swept(alice, alice_client):
    tag = make_tag(alice, "investor")
    for _ in range(3):
        make_contact(alice)
    tagged, may_commit = threading.Event(), threading.Event()

    def tag_everyone_and_commit_late() -> None:
        try:
            with transaction.atomic():
                add_tag_to_contacts(tag, Contact.objects.for_owner(alice))
                tagged.set()
                may_commit.wait(10)
        finally:
            connection.close()

    tagger = threading.Thread(target=tag_everyone_and_commit_late)
    tagger.start()
    assert tagged.wait(10)
    assert delete_contacts(Contact.objects.for_owner(alice)) == 3
    may_commit.set()
    tagger.join(10)

    assert drop_orphan_links() == 3
    assert not TaggedContact.objects.exists()
    assert _tags_page_count(alice_client, tag) == "0"


def test_beat_sends_the_sweep_every_hour():
    [entry] = [e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == drop_orphans.name]
    assert entry["schedule"] == crontab(minute=17)
    assert drop_orphans.name in celery_app.tasks

from datetime import UTC, datetime

from django.db import connection as db_connection
from django.test.utils import CaptureQueriesContext

from contacts.models import Contact, Note
from imports.pipeline import run_import
from imports.records import SectionKind
from tests.factories import make_contact, make_note, make_tag
from tests.imports.conftest import person, sections_of


def profiles(*records):
    return sections_of((SectionKind.PROFILES, list(records)))


def test_the_jobs_tags_go_on_every_row_and_on_nobody_else(alice, make_job, settings):
    settings.IMPORT_BATCH_SIZE = 1000
    outsider = make_contact(alice, profile_url="linkedin.com/in/outsider")
    job = make_job(alice, tags=["Investor", "summit-2024"])
    records = [person(n, f"p{n}") for n in range(2, 502)]
    with CaptureQueriesContext(db_connection) as queries:
        run_import(job.pk, profiles(*records))
    tagged = Contact.objects.for_owner(alice).tagged_all(list(job.tags.all()))
    assert tagged.count() == 500
    assert not outsider.tags.exists()
    tag_inserts = [q for q in queries if q["sql"].startswith("INSERT INTO contacts_taggedcontact")]
    assert len(tag_inserts) == 2  # one statement per tag, not one per contact


def test_it_uses_the_owners_existing_tag_whatever_its_case(alice, bob, make_job):
    investor = make_tag(alice, "Investor")
    make_tag(bob, "investor")
    job = make_job(alice, tags=["investor"])
    run_import(job.pk, profiles(person(2, "ada")))
    assert list(Contact.objects.for_owner(alice).get().tags.all()) == [investor]


def test_notes_from_a_file_are_added_once_and_the_users_notes_are_kept(alice, make_job):
    ada = make_contact(alice, profile_url="linkedin.com/in/ada")
    make_note(ada, "My own note.")
    records = [person(2, "ada", notes=["Met at the summit."])]
    run_import(make_job(alice).pk, profiles(*records))
    run_import(make_job(alice).pk, profiles(*records))
    assert sorted(Note.objects.filter(contact=ada).values_list("body", flat=True)) == [
        "Met at the summit.", "My own note."
    ]  # fmt: skip


def test_a_note_the_file_dates_is_not_shown_as_edited(alice, alice_client, make_job):
    written = datetime(2025, 7, 30, 18, 20, tzinfo=UTC)
    record = person(2, "kofi", notes=["met at design week"])
    record.note_dates = {"met at design week": written}
    run_import(make_job(alice).pk, profiles(record))
    note = Note.objects.get(contact__owner=alice)
    assert note.created_at == note.updated_at == written
    page = alice_client.get(note.contact.get_absolute_url()).content.decode()
    assert "30 Jul 2025, 18:20" in page and "<span>edited</span>" not in page


def test_a_rows_own_tags_are_applied_to_its_contact(alice, make_job):
    run_import(make_job(alice).pk, profiles(person(2, "ada", tags=["vip"]), person(3, "bo")))
    assert list(Contact.objects.for_owner(alice).tagged_any(
        alice.contact_tags.named(["vip"])).values_list("slug", flat=True)) == ["ada"]  # fmt: skip


def test_a_contact_that_only_gains_the_jobs_tag_counts_as_tagged_not_unchanged(alice, make_job):
    records = [person(2, "ada", first_name="Ada"), person(3, "bo", first_name="Bo")]
    run_import(make_job(alice).pk, profiles(*records))
    Contact.objects.get(slug="bo").tags.add(make_tag(alice, "summit"))
    job = make_job(alice, tags=["summit"])
    run_import(job.pk, profiles(*records))
    job.refresh_from_db()
    assert (job.created, job.updated, job.tagged, job.unchanged) == (0, 0, 1, 1)
    assert job.counts()["tagged"] == 1


def test_the_same_tagged_file_again_is_unchanged(alice, make_job):
    records = [person(2, "ada", first_name="Ada", tags=["vip"])]
    run_import(make_job(alice, tags=["summit"]).pk, profiles(*records))
    job = make_job(alice, tags=["summit"])
    run_import(job.pk, profiles(*records))
    job.refresh_from_db()
    assert (job.created, job.updated, job.tagged, job.unchanged) == (0, 0, 0, 1)


def test_a_new_or_changed_contact_is_not_also_counted_as_tagged(alice, make_job, settings):
    settings.IMPORT_BATCH_SIZE = 2
    run_import(make_job(alice).pk, profiles(person(2, "ada", first_name="Ada")))
    job = make_job(alice, tags=["summit"])
    records = [
        person(2, "ada", first_name="Ada", company="Acme"),  # changed and tagged
        person(3, "bo", first_name="Bo"),  # new and tagged
        person(4, "ada", first_name="Ada", tags=["vip"]),  # the next batch: a tag of its own
    ]
    run_import(job.pk, profiles(*records))
    job.refresh_from_db()
    assert (job.created, job.updated, job.tagged, job.unchanged) == (1, 1, 1, 0)
    assert set(Contact.objects.get(slug="ada").tags.names()) == {"summit", "vip"}

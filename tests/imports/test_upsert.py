from datetime import UTC, date, datetime

import pytest
from django.urls import reverse

from contacts.models import Contact
from imports.pipeline import run_import
from imports.records import SectionKind
from tests.factories import make_contact
from tests.imports.conftest import connection, connections_file, person, sections_of


def profiles(*records):
    return sections_of((SectionKind.PROFILES, list(records)))


def test_it_creates_new_people_and_counts_them(alice, make_job):
    job = make_job(alice)
    rows = [connection(2, "ada", date(2020, 1, 5), first_name="Ada", company="Acme")]
    run_import(job.pk, connections_file(rows))
    job.refresh_from_db()
    assert job.status == job.Status.SUCCEEDED
    assert (job.created, job.updated, job.unchanged) == (1, 0, 0)
    ada = Contact.objects.for_owner(alice).get()
    assert (ada.slug, ada.first_name, ada.company, ada.is_connection) == (
        "ada",
        "Ada",
        "Acme",
        True,
    )
    assert ada.connected_on == date(2020, 1, 5)
    assert ada.profile_url == "https://www.linkedin.com/in/ada/"
    assert ada.source == "connections"


def test_it_updates_changed_fields_and_never_blanks_out_a_stored_value(alice, make_job):
    make_contact(
        alice, profile_url="linkedin.com/in/ada", first_name="Ada", company="Acme", phone="123"
    )
    job = make_job(alice)
    run_import(job.pk, profiles(person(2, "ADA", first_name="", company="Globex", phone="")))
    job.refresh_from_db()
    assert (job.created, job.updated, job.unchanged) == (0, 1, 0)
    ada = Contact.objects.for_owner(alice).get()
    assert (ada.first_name, ada.company, ada.phone) == ("Ada", "Globex", "123")


def test_it_counts_a_row_that_changes_nothing_as_unchanged(alice, make_job):
    make_contact(alice, profile_url="linkedin.com/in/ada", first_name="Ada", is_follower=True)
    job = make_job(alice)
    run_import(job.pk, profiles(person(2, "ada", first_name="Ada", is_follower=True)))
    job.refresh_from_db()
    assert (job.created, job.updated, job.unchanged) == (0, 0, 1)


def test_it_collapses_rows_repeated_in_one_file_into_one_person(alice, make_job):
    job = make_job(alice)
    run_import(
        job.pk,
        profiles(
            person(2, "ada", first_name="Ada", company="Acme"),
            person(3, "Ada", position="CTO"),
            person(4, "ada", company="Globex"),
        ),
    )
    job.refresh_from_db()
    ada = Contact.objects.for_owner(alice).get()
    assert (ada.first_name, ada.company, ada.position) == ("Ada", "Globex", "CTO")
    assert (job.created, job.unchanged, job.rows_done) == (1, 2, 3)


def test_it_matches_a_row_without_profile_by_the_email_of_a_contact_with_one(alice, make_job):
    make_contact(alice, profile_url="linkedin.com/in/ada", email="ada@example.org")
    job = make_job(alice)
    run_import(job.pk, profiles(person(2, email="ADA@example.org ", company="Acme")))
    ada = Contact.objects.for_owner(alice).get()
    assert (ada.slug, ada.company) == ("ada", "Acme")


def test_a_contact_known_by_email_adopts_the_profile_of_a_row_with_that_email(alice, make_job):
    make_contact(alice, email="ada@example.org", first_name="Ada")
    job = make_job(alice)
    run_import(job.pk, profiles(person(2, "ada-l", email="ada@example.org")))
    job.refresh_from_db()
    ada = Contact.objects.for_owner(alice).get()
    assert (ada.slug, ada.first_name) == ("ada-l", "Ada")
    assert (job.created, job.updated) == (0, 1)


def test_it_matches_on_the_normalised_slug_of_any_url_form(alice, make_job):
    make_contact(alice, profile_url="https://www.linkedin.com/in/zo%C3%AB/")
    job = make_job(alice)
    run_import(job.pk, profiles(person(2, "ZOË", company="Acme")))
    assert Contact.objects.for_owner(alice).get().company == "Acme"


def test_it_never_touches_another_users_contact_with_the_same_profile(alice, bob, make_job):
    bobs = make_contact(bob, profile_url="linkedin.com/in/ada", company="Bob's view")
    job = make_job(alice)
    run_import(job.pk, profiles(person(2, "ada", company="Acme")))
    bobs.refresh_from_db()
    assert bobs.company == "Bob's view"
    assert Contact.objects.for_owner(alice).get().company == "Acme"


def test_people_without_profile_or_email_are_recognised_by_name_and_date_again(alice, make_job):
    rows = [
        connection(2, "", date(2021, 3, 12), first_name="Priya", last_name="Raman"),
        connection(3, "", date(2019, 1, 1), first_name="Priya", last_name="Raman"),
    ]
    run_import(make_job(alice).pk, connections_file(rows))
    again = make_job(alice)
    run_import(again.pk, connections_file(rows))
    again.refresh_from_db()
    assert Contact.objects.for_owner(alice).count() == 2
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)


def test_the_earliest_connection_date_wins(alice, make_job):
    make_contact(alice, profile_url="linkedin.com/in/ada", is_connection=True,
                 connected_on=date(2018, 5, 1))  # fmt: skip
    run_import(make_job(alice).pk, connections_file([connection(2, "ada", date(2022, 1, 1))]))
    assert Contact.objects.for_owner(alice).get().connected_on == date(2018, 5, 1)


def test_a_connection_dated_after_its_disconnection_is_a_reconnection(alice, make_job):
    make_contact(alice, profile_url="linkedin.com/in/ada", connected_on=date(2018, 5, 1),
                 disconnected_on=date(2021, 1, 1))  # fmt: skip
    run_import(make_job(alice).pk, connections_file([connection(2, "ada", date(2023, 6, 1))]))
    ada = Contact.objects.for_owner(alice).get()
    assert (ada.is_connection, ada.connected_on, ada.disconnected_on) == (
        True, date(2023, 6, 1), None
    )  # fmt: skip


def test_an_older_export_does_not_undo_a_disconnection(alice, make_job):
    make_contact(alice, profile_url="linkedin.com/in/ada", connected_on=date(2018, 5, 1),
                 disconnected_on=date(2021, 1, 1))  # fmt: skip
    job = make_job(alice, snapshot=False)
    run_import(job.pk, connections_file([connection(2, "ada", date(2018, 5, 1))]))
    ada = Contact.objects.for_owner(alice).get()
    assert (ada.is_connection, ada.disconnected_on) == (False, date(2021, 1, 1))


def test_a_follower_list_adds_the_fact_and_keeps_the_connection(alice, make_job):
    make_contact(alice, profile_url="linkedin.com/in/ada", is_connection=True)
    run_import(make_job(alice).pk, profiles(person(2, "ada", is_follower=True)))
    ada = Contact.objects.for_owner(alice).get()
    assert (ada.is_connection, ada.is_follower) == (True, True)


def test_the_message_count_is_not_added_twice_when_messages_are_read_again(alice, make_job):
    records = [person(2, "ada", message_count=7)]
    run_import(make_job(alice).pk, sections_of((SectionKind.MESSAGES, records)))
    run_import(make_job(alice).pk, sections_of((SectionKind.MESSAGES, records)))
    assert Contact.objects.for_owner(alice).get().message_count == 7


def test_a_file_with_no_person_in_it_fails_with_a_reason(alice, make_job):
    from imports.records import RowError, SkippedRow

    job = make_job(alice)
    run_import(job.pk, profiles(SkippedRow(2, "only a date"), RowError(3, "too few columns", "x")))
    job.refresh_from_db()
    assert job.status == job.Status.FAILED
    assert job.reason == (
        "No person was recognised in this file: 1 row was skipped and 1 could not be read. "
        "The first problem, on line 3: too few columns."
    )


def test_the_fast_slug_path_agrees_with_the_contact_models_normaliser():
    from contacts.identity import profile_slug
    from imports.people import _slug_of

    for url in [
        "https://www.linkedin.com/in/Ada-Lovelace/",
        "http://linkedin.com/in/ada_l",
        "https://www.linkedin.com/in/zo%C3%AB/",
        "https://de.linkedin.com/in/ada/?trk=x",
        "https://www.linkedin.com/company/acme/",
    ]:
        assert _slug_of(url) == profile_slug(url)


@pytest.mark.parametrize("connections_first", [True, False])
def test_an_accepted_invitation_is_no_longer_pending(
    alice, alice_client, make_job, connections_first
):
    invited = person(2, "ines", first_name="Ines", invitation="sent",
                     invitation_at=datetime(2023, 2, 7, 14, 37, tzinfo=UTC))  # fmt: skip
    connected = connection(2, "ines", date(2023, 2, 8), first_name="Ines")
    sections = [(SectionKind.INVITATIONS, [invited]), (SectionKind.CONNECTIONS, [connected])]
    if connections_first:
        sections.reverse()
    for section in sections:
        run_import(make_job(alice, snapshot=False).pk, sections_of(section))
    ines = Contact.objects.get(owner=alice, slug="ines")
    assert (ines.is_connection, ines.invitation) == (True, "")
    pending = alice_client.get(reverse("contacts-list"), {"invitation": "sent"}).content.decode()
    assert "Ines" not in pending

"""People LinkedIn lists by name only are found by their name, never merged with a namesake."""

from datetime import date

from contacts.models import Contact
from imports.pipeline import run_import
from imports.records import SectionKind
from tests.factories import make_contact
from tests.imports.conftest import connection, connections_file, person, sections_of


def invitations(*records):
    return sections_of((SectionKind.INVITATIONS, list(records)))


def messages(*records):
    return sections_of((SectionKind.MESSAGES, list(records)))


def network(owner):
    return Contact.objects.for_owner(owner)


def priya_from_a_2026_export(owner):
    return make_contact(
        owner,
        profile_url="linkedin.com/in/priya-raman-77",
        first_name="Priya",
        last_name="Raman",
        is_connection=True,
        connected_on=date(2021, 3, 12),
    )


def test_a_name_only_connection_is_the_contact_of_that_name_from_a_newer_export(alice, make_job):
    priya = priya_from_a_2026_export(alice)
    job = make_job(alice)
    run_import(job.pk, connections_file([
        connection(2, "", date(2021, 3, 12), first_name="Priya", last_name="Raman"),
    ]))  # fmt: skip
    job.refresh_from_db()
    assert (job.created, job.unchanged, job.disconnected) == (0, 1, 0)
    assert list(network(alice)) == [priya]


def test_a_name_only_connection_connected_on_another_day_is_another_person(alice, make_job):
    priya_from_a_2026_export(alice)
    run_import(make_job(alice, snapshot=False).pk, connections_file([
        connection(2, "", date(2019, 1, 1), first_name="Priya", last_name="Raman"),
    ], snapshot=False))  # fmt: skip
    assert sorted(network(alice).values_list("slug", "connected_on")) == [
        ("", date(2019, 1, 1)), ("priya-raman-77", date(2021, 3, 12)),
    ]  # fmt: skip


def test_a_name_only_invitation_to_a_connection_adds_nobody(alice, make_job):
    priya = make_contact(alice, first_name="Priya", last_name="Raman", is_connection=True,
                         connected_on=date(2021, 3, 12))  # fmt: skip
    run_import(make_job(alice).pk, invitations(
        person(2, display_name="Priya Raman", first_name="Priya", last_name="Raman",
               invitation="sent"),
    ))  # fmt: skip
    assert list(network(alice)) == [priya]
    priya.refresh_from_db()
    assert priya.invitation == ""


def test_a_name_shared_by_two_contacts_picks_neither(alice, make_job):
    for slug in ("priya-sharma-1", "priya-sharma-2"):
        make_contact(alice, profile_url=f"linkedin.com/in/{slug}", first_name="Priya",
                     last_name="Sharma", is_connection=True)  # fmt: skip
    run_import(make_job(alice).pk, invitations(
        person(2, display_name="Priya Sharma", first_name="Priya", last_name="Sharma",
               invitation="received"),
    ))  # fmt: skip
    assert sorted(network(alice).values_list("slug", "invitation")) == [
        ("", "received"), ("priya-sharma-1", ""), ("priya-sharma-2", ""),
    ]  # fmt: skip


def test_a_message_sender_gives_the_name_only_connection_of_that_name_its_profile(alice, make_job):
    theo = make_contact(alice, first_name="Theo", last_name="Grant", email="theo@example.com",
                        is_connection=True, connected_on=date(2019, 11, 3))  # fmt: skip
    job = make_job(alice)
    run_import(job.pk, messages(
        person(2, "theogrant", first_name="Theo", last_name="Grant", message_count=2),
    ))  # fmt: skip
    job.refresh_from_db()
    assert (job.created, job.updated) == (0, 1)
    theo.refresh_from_db()
    assert (theo.slug, theo.message_count, theo.is_connection) == ("theogrant", 2, True)


def test_a_sender_whose_namesake_has_another_profile_is_another_person(alice, make_job):
    make_contact(alice, profile_url="linkedin.com/in/theo-grant-1", first_name="Theo",
                 last_name="Grant")  # fmt: skip
    run_import(make_job(alice).pk, messages(
        person(2, "theogrant", first_name="Theo", last_name="Grant", message_count=2),
    ))  # fmt: skip
    assert sorted(network(alice).values_list("slug", flat=True)) == ["theo-grant-1", "theogrant"]


def test_two_senders_of_one_name_leave_the_name_only_contact_alone(alice, make_job):
    make_contact(alice, first_name="Sam", last_name="Lee", is_connection=True)
    run_import(make_job(alice).pk, messages(
        person(2, "sam-lee-1", first_name="Sam", last_name="Lee", message_count=1),
        person(3, "sam-lee-2", first_name="Sam", last_name="Lee", message_count=1),
    ))  # fmt: skip
    assert sorted(network(alice).values_list("slug", flat=True)) == ["", "sam-lee-1", "sam-lee-2"]


def test_two_name_only_rows_found_as_one_contact_update_it_once(alice, make_job):
    ada = make_contact(alice, profile_url="linkedin.com/in/ada", first_name="Ada",
                       last_name="Lovelace")  # fmt: skip
    job = make_job(alice)
    run_import(job.pk, sections_of((SectionKind.PROFILES, [
        person(2, first_name="Ada", last_name="Lovelace", company="Analytical Engines"),
        person(3, display_name="Ada Lovelace", first_name="Ada", last_name="Lovelace",
               location="London"),
    ])))  # fmt: skip
    job.refresh_from_db()
    assert (job.created, job.updated, job.unchanged) == (0, 1, 1)
    ada.refresh_from_db()
    assert (ada.company, ada.location) == ("Analytical Engines", "London")


def test_a_newer_connections_file_gives_the_name_only_connections_their_profiles(alice, make_job):
    lena = make_contact(alice, first_name="Lena", last_name="Vogt", is_connection=True,
                        connected_on=date(2020, 2, 28))  # fmt: skip
    job = make_job(alice)
    run_import(job.pk, connections_file([
        connection(2, "lena-vogt", date(2020, 2, 28), first_name="Lena", last_name="Vogt"),
    ]))  # fmt: skip
    job.refresh_from_db()
    assert (job.created, job.disconnected) == (0, 0)
    assert list(network(alice).values_list("id", "slug")) == [(lena.pk, "lena-vogt")]


def test_a_follower_list_never_gives_a_contact_a_profile_by_name(alice, make_job):
    make_contact(alice, first_name="Sam", last_name="Lee", is_connection=True)
    run_import(make_job(alice).pk, sections_of((SectionKind.PROFILES, [
        person(2, "sam-lee-9", first_name="Sam", last_name="Lee", is_follower=True),
    ])))  # fmt: skip
    assert sorted(network(alice).values_list("slug", "is_follower")) == [
        ("", False), ("sam-lee-9", True),
    ]  # fmt: skip

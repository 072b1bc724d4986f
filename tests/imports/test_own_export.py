"""The project's own export read back: export then import is a backup and restore."""

import io
from datetime import UTC, date, datetime

import pytest
from django.core.management import call_command

from contacts.exports import write_csv, write_json
from contacts.models import Contact, Note
from imports.pipeline import run_import
from imports.readers.own_export import protect, unprotect
from imports.records import PersonRecord, SectionKind
from tests.factories import make_contact, make_note, make_tag
from tests.imports.conftest import sections_of
from tests.imports.readers_support import read_one, write

# Every field export then import restores.
FIELDS = (
    "first_name", "last_name", "display_name", "headline", "position", "company", "location",
    "email", "phone", "website", "slug", "is_connection", "connected_on", "disconnected_on",
    "is_follower",
    "followed_me_on", "is_following", "following_since", "invitation",
    "invitation_at", "last_interaction_at", "message_count",
)  # fmt: skip


@pytest.mark.parametrize(
    "value",
    ["=1+1", "+44 20", "-5", "@home", "\tx", "\rx", "'=already", "''=x", "'plain", "plain", ""],
)
def test_protect_and_unprotect_round_trip_every_value(value):
    assert unprotect(protect(value)) == value
    assert not protect(value).startswith(("=", "+", "-", "@", "\t", "\r"))


@pytest.fixture
def network(alice):
    ada = make_contact(
        alice, first_name="Ada", last_name="=SUM(A1:A9)", headline="-dash", company="@Engines",
        email="ada@example.org", profile_url="https://www.linkedin.com/in/ada-l",
        phone="+44 20 7946",
        is_connection=False, connected_on=date(2020, 3, 7), disconnected_on=date(2024, 1, 2),
        is_follower=True, followed_me_on=date(2021, 5, 1), invitation="sent",
        invitation_at=datetime(2023, 2, 7, 14, 37, tzinfo=UTC),
        last_interaction_at=datetime(2025, 1, 2, 10, tzinfo=UTC), message_count=7,
    )  # fmt: skip
    ada.tags.add(make_tag(alice, "investor"), make_tag(alice, "=formula tag"))
    make_note(ada, "Met at the Royal Society,\nwith Babbage.")
    make_note(ada, '=HYPERLINK("x")')
    grace = make_contact(alice, first_name="Grace", last_name="Hopper", is_following=True,
                         following_since=date(2022, 8, 1), email="grace@example.org")  # fmt: skip
    return [ada, grace]


def snapshot(owner):
    contacts = Contact.objects.for_owner(owner).order_by("email")
    return [
        (
            {name: getattr(c, name) for name in FIELDS},
            sorted(t.name for t in c.tags.all()),
            sorted(n.body for n in c.notes.all()),
        )
        for c in contacts
    ]


@pytest.mark.parametrize(("writer", "suffix"), [(write_csv, "csv"), (write_json, "json")])
def test_the_export_is_read_as_contacts_with_every_fact(tmp_path, alice, network, writer, suffix):
    out = io.StringIO()
    writer(Contact.objects.for_owner(alice), out)
    section = read_one(write(tmp_path, out.getvalue(), f"backup.{suffix}"))
    assert section.kind == SectionKind.CONTACTS
    ada = next(p for p in section.people if p.first_name == "Ada")
    assert (ada.last_name, ada.company, ada.headline) == ("=SUM(A1:A9)", "@Engines", "-dash")
    assert (ada.connected_on, ada.disconnected_on, ada.message_count) == (
        date(2020, 3, 7),
        date(2024, 1, 2),
        7,
    )
    assert sorted(ada.tags) == ["=formula tag", "investor"]


@pytest.mark.parametrize(("writer", "suffix"), [(write_csv, "csv"), (write_json, "json")])
def test_export_then_import_restores_the_network_for_another_user(
    tmp_path, alice, bob, network, writer, suffix
):
    out = io.StringIO()
    writer(Contact.objects.for_owner(alice), out)
    path = write(tmp_path, out.getvalue(), f"backup.{suffix}")
    call_command("import_network", str(path), "--user", "bob", stdout=io.StringIO())
    assert snapshot(bob) == snapshot(alice)


def test_a_stated_disconnection_is_kept_only_for_someone_not_connected_again(alice, make_job):
    ended = PersonRecord(2, profile_url="https://www.linkedin.com/in/ended", first_name="Ended",
                         is_connection=False, connected_on=date(2020, 3, 7),
                         disconnected_on=date(2024, 1, 2))  # fmt: skip
    back = PersonRecord(3, profile_url="https://www.linkedin.com/in/back", first_name="Back",
                        is_connection=True, connected_on=date(2020, 3, 7),
                        disconnected_on=date(2024, 1, 2))  # fmt: skip
    job = make_job(alice)
    run_import(job.pk, sections_of((SectionKind.CONTACTS, [ended, back])))
    stored = dict(Contact.objects.for_owner(alice).values_list("slug", "disconnected_on"))
    assert stored == {"ended": date(2024, 1, 2), "back": None}


@pytest.mark.parametrize(("writer", "suffix"), [(write_csv, "csv"), (write_json, "json")])
def test_a_restore_gives_each_person_their_own_tags_as_spelled(
    tmp_path, alice, bob, writer, suffix
):
    make_contact(alice, first_name="Ann", profile_url="linkedin.com/in/ann").tags.add(
        make_tag(alice, "Investor")
    )
    make_contact(alice, first_name="Bob", last_name="Nameonly").tags.add(make_tag(alice, "y"))
    make_contact(alice, first_name="Cat", last_name="Nameonly")
    make_contact(alice, first_name="Dan", email="dan@example.org").tags.add(make_tag(alice, "z"))
    out = io.StringIO()
    writer(Contact.objects.for_owner(alice), out)
    path = write(tmp_path, out.getvalue(), f"backup.{suffix}")
    call_command("import_network", str(path), "--user", "bob", stdout=io.StringIO())
    restored = {
        contact.first_name: sorted(tag.name for tag in contact.tags.all())
        for contact in Contact.objects.for_owner(bob)
    }
    assert restored == {"Ann": ["Investor"], "Bob": ["y"], "Cat": [], "Dan": ["z"]}


@pytest.mark.parametrize(("writer", "suffix"), [(write_csv, "csv"), (write_json, "json")])
def test_a_restore_keeps_when_each_note_was_written(tmp_path, alice, bob, writer, suffix):
    ada = make_contact(alice, first_name="Ada", email="ada@example.org")
    note = make_note(ada, "Met at the Royal Society.")
    Note.objects.filter(pk=note.pk).update(created_at=datetime(2021, 6, 1, 9, 30, tzinfo=UTC))
    out = io.StringIO()
    writer(Contact.objects.for_owner(alice), out)
    path = write(tmp_path, out.getvalue(), f"backup.{suffix}")
    call_command("import_network", str(path), "--user", "bob", stdout=io.StringIO())
    restored = Note.objects.get(contact__owner=bob)
    assert (restored.body, restored.created_at) == (
        "Met at the Royal Society.", datetime(2021, 6, 1, 9, 30, tzinfo=UTC)
    )  # fmt: skip

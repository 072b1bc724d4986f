"""A backup through the real commands: export_network, then import_network into an empty
account, gives back every contact, fact, date, tag colour and dated note."""

import contextlib
import csv
import io
import json
from datetime import UTC, date, datetime

import pytest
from django.core.management import call_command

from contacts.models import Contact, Note
from tests.factories import make_contact, make_tag, make_user
from tests.imports.readers_support import write

# Every column a restore gives back; the others (ids, source, first seen, cadence,
# snooze, prune mark) belong to the account, not to the backup (see the README).
RESTORED_FIELDS = (
    "first_name", "last_name", "display_name", "headline", "position", "company", "location",
    "email", "phone", "website", "profile_url", "slug", "is_connection", "connected_on",
    "disconnected_on", "is_follower", "followed_me_on", "is_following", "following_since",
    "invitation", "invitation_at", "last_interaction_at", "message_count",
)  # fmt: skip


def dated_note(contact: Contact, body: str, written_at: datetime) -> None:
    # Bulk-created, as an import writes notes: a note written now would count as an interaction.
    Note.objects.bulk_create([Note(contact=contact, body=body, created_at=written_at)])


@pytest.fixture
def network(alice, bob):
    """alice's network: someone with every fact set, and one of each other kind of person."""
    investor = make_tag(alice, "Investor", colour="#0ea5e9")
    formula = make_tag(alice, "=risky tag", colour="#dc2626")
    plain = make_tag(alice, "plain")  # the default colour
    make_tag(bob, "Investor", colour="#22c55e")  # bob's own, never alice's or the restore's
    make_contact(alice, first_name="Grace", last_name="Hopper", email="grace@example.org")
    ada = make_contact(
        alice, first_name="Ada", last_name="Lovelace", display_name="Ada, Countess of Lovelace",
        headline="-Mathematician & writer", position="Analyst", company="@Analytical Engines",
        location="London, UK", email="ada@example.org", phone="+44 20 7946 0000",
        website="https://ada.example.org/", profile_url="https://www.linkedin.com/in/ada-l/",
        is_connection=True, connected_on=date(2020, 3, 7), is_follower=True,
        followed_me_on=date(2019, 11, 2), is_following=True, following_since=date(2019, 10, 1),
        last_interaction_at=datetime(2025, 1, 2, 10, 15, 30, 123456, tzinfo=UTC),
        message_count=42,
    )  # fmt: skip
    ada.tags.add(investor, formula, plain)
    dated_note(
        ada, "Met at the Royal Society,\nwith Babbage.", datetime(2021, 6, 1, 9, 30, tzinfo=UTC)
    )
    dated_note(ada, '=HYPERLINK("http://evil.example")', datetime(2022, 2, 3, 4, 5, 6, tzinfo=UTC))
    dated_note(
        ada, "Sent her the notes on Bernoulli numbers.", datetime(2024, 12, 24, 18, tzinfo=UTC)
    )
    ended = make_contact(
        alice, first_name="Charles", last_name="Babbage",
        profile_url="https://www.linkedin.com/in/cbabbage/", connected_on=date(2018, 5, 4),
        disconnected_on=date(2023, 9, 30),
    )  # fmt: skip
    ended.tags.add(investor)
    make_contact(
        alice, first_name="Mary", last_name="Somerville", invitation="sent",
        invitation_at=datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC),
        profile_url="https://www.linkedin.com/in/mary-somerville/",
    )  # fmt: skip
    make_contact(
        alice, first_name="Michael", last_name="Faraday", invitation="received",
        invitation_at=datetime(2024, 7, 1, 12, 0, tzinfo=UTC),
        profile_url="https://www.linkedin.com/in/faraday/",
    )  # fmt: skip
    dated_note(
        make_contact(alice, first_name="", last_name="", display_name="Dr. Nameless"),
        "Only a name, no profile or email.",
        datetime(2020, 1, 1, tzinfo=UTC),
    )
    return alice


def export_network(owner, file_format: str) -> str:
    out = io.StringIO()
    call_command("export_network", "--user", owner.username, "--format", file_format, stdout=out)
    return out.getvalue()


def import_network(tmp_path, owner, data: str, file_format: str) -> dict:
    path = write(tmp_path, data, f"backup-of-{owner.username}.{file_format}")
    out = io.StringIO()
    with contextlib.suppress(SystemExit):  # a failed import exits 1 after its summary
        call_command("import_network", str(path), "--user", owner.username,
                     stdout=out, stderr=io.StringIO())  # fmt: skip
    return json.loads(out.getvalue().strip().splitlines()[-1])


def everything_about(owner) -> list[dict]:
    """What the database holds of the owner's network, by email, slug and name."""
    contacts = Contact.objects.for_owner(owner).prefetch_related("tags", "notes")
    return sorted(
        (
            {
                **{name: getattr(contact, name) for name in RESTORED_FIELDS},
                "tags": sorted((tag.name, tag.colour) for tag in contact.tags.all()),
                "notes": sorted((note.created_at, note.body) for note in contact.notes.all()),
            }
            for contact in contacts
        ),
        key=lambda contact: (contact["email"], contact["slug"], contact["display_name"]),
    )


@pytest.mark.parametrize("file_format", ["csv", "json"])
def test_a_restore_into_an_empty_account_gives_back_every_field(tmp_path, network, file_format):
    carol = make_user("carol")
    summary = import_network(tmp_path, carol, export_network(network, file_format), file_format)
    assert (summary["status"], summary["created"], summary["failed"]) == ("succeeded", 6, 0)
    assert everything_about(carol) == everything_about(network)


def rows_of(exported: str, file_format: str) -> list:
    """The file's rows, sorted: the export is in id order, and a restore adds a batch's
    people with a profile before those with only an email or a name."""
    if file_format == "json":
        return sorted(json.loads(exported), key=lambda item: json.dumps(item, sort_keys=True))
    header, *rows = csv.reader(io.StringIO(exported.removeprefix("\ufeff")))
    return [header, *sorted(rows)]


@pytest.mark.parametrize("file_format", ["csv", "json"])
def test_the_export_of_a_restore_holds_the_same_rows(tmp_path, network, file_format):
    carol = make_user("carol")
    exported = export_network(network, file_format)
    import_network(tmp_path, carol, exported, file_format)
    assert rows_of(export_network(carol, file_format), file_format) == rows_of(
        exported, file_format
    )


@pytest.mark.parametrize("file_format", ["csv", "json"])
def test_a_restore_never_recolours_a_tag_the_account_has(tmp_path, network, bob, file_format):
    summary = import_network(tmp_path, bob, export_network(network, file_format), file_format)
    assert summary["status"] == "succeeded"
    colours = dict(bob.contact_tags.values_list("name", "colour"))
    assert colours == {"Investor": "#22c55e", "=risky tag": "#dc2626", "plain": "#64748b"}


def test_an_export_made_before_tag_colours_and_note_dates_still_restores(tmp_path, alice):
    older_export = (
        "\ufefffirst_name,last_name,email,is_connection,is_follower,is_following,tags,notes\r\n"
        'Ada,Lovelace,ada@example.org,true,false,false,"[""investor""]","[""Met her.""]"\r\n'
    )
    summary = import_network(tmp_path, alice, older_export, "csv")
    assert summary["status"] == "succeeded"
    ada = Contact.objects.for_owner(alice).get()
    assert [(tag.name, tag.colour) for tag in ada.tags.all()] == [("investor", "#64748b")]
    assert [note.body for note in ada.notes.all()] == ["Met her."]


@pytest.mark.parametrize("batch_size", [1000, 1])  # one batch, or each row matched to the last
def test_namesakes_known_only_by_their_phones_are_restored_as_two_people(
    tmp_path, alice, settings, batch_size
):
    settings.IMPORT_BATCH_SIZE = batch_size
    plumber = make_contact(alice, first_name="John", last_name="Smith", phone="+1 555 0100",
                           company="Acme Plumbing")  # fmt: skip
    dentist = make_contact(alice, first_name="John", last_name="Smith", phone="+1 555 0199",
                           company="Bright Smiles")  # fmt: skip
    dated_note(plumber, "Fixed the boiler.", datetime(2024, 3, 1, tzinfo=UTC))
    dated_note(dentist, "Check-up in May.", datetime(2024, 4, 1, tzinfo=UTC))
    carol = make_user("carol")
    summary = import_network(tmp_path, carol, export_network(alice, "csv"), "csv")
    assert (summary["created"], summary["unchanged"]) == (2, 0)
    assert everything_about(carol) == everything_about(alice)

"""Every sample through the real pipeline (import_network): the right people, and a re-import
changes nothing."""

import contextlib
import io
import json
from datetime import UTC, date, datetime

import pytest
from django.core.management import call_command

from contacts.models import Contact
from tests.imports.readers_support import SAMPLES
from tests.imports.test_archive import build_archive, complete_2026

CONNECTIONS_SAMPLES = {
    "AbhiramJayasankar__six-hops__tests_fixtures_Connections.csv": (4, 1),
    "alexjmiller5__people-sync__tests_fixtures_linkedin_connections.csv": (2, 1),
    "davidlifschitz__job-swarm__tests_fixtures_linkedin_connections.csv": (3, 0),
    "ericcgladstone-maker__org-signal__era2021_Basic_05-14-2021__Connections.csv": (3, 0),
    "ericcgladstone-maker__org-signal__era2026_Complete_03-09-2026__Connections.csv": (3, 1),
    "orielcoding__JobRadar__tests_fixtures_linkedin_connections.csv": (3, 0),
    "paarth-s__sourcer__tests_fixtures_Connections.csv": (3, 0),
}


def import_network(path, *options: str) -> dict:
    out = io.StringIO()
    with contextlib.suppress(SystemExit):  # a failed import exits 1 after its summary
        call_command("import_network", str(path), "--user", "alice", *options,
                     stdout=out, stderr=io.StringIO())  # fmt: skip
    return json.loads(out.getvalue().strip().splitlines()[-1])


def counts(summary: dict) -> tuple[int, int, int, int]:
    return summary["created"], summary["updated"], summary["unchanged"], summary["skipped"]


def contacts(owner):
    return Contact.objects.for_owner(owner)


@pytest.mark.parametrize(
    ("name", "expected"), CONNECTIONS_SAMPLES.items(), ids=lambda v: str(v)[:40]
)
def test_a_connections_sample_imports_its_connections_once(alice, name, expected):
    people, skipped = expected
    first = import_network(SAMPLES / name)
    assert (first["status"], counts(first)) == ("succeeded", (people, 0, 0, skipped))
    assert contacts(alice).connections().count() == people
    assert not contacts(alice).filter(connected_on=None).exists()
    again = import_network(SAMPLES / name)
    assert counts(again) == (0, 0, people, skipped)


def test_namesakes_in_six_hops_stay_two_people(alice):
    import_network(SAMPLES / "AbhiramJayasankar__six-hops__tests_fixtures_Connections.csv")
    priyas = contacts(alice).filter(first_name="Priya", last_name="Sharma").order_by("slug")
    assert [(p.slug, p.connected_on) for p in priyas] == [
        ("priya-sharma-1", date(2021, 3, 12)), ("priya-sharma-2", date(2022, 2, 1)),
    ]  # fmt: skip


def test_the_google_contacts_sample_imports_plain_contacts(alice):
    summary = import_network(
        SAMPLES / "Remulous__constellation__tests_fixtures_google_contacts.csv"
    )
    assert counts(summary) == (2, 0, 0, 1)
    assert sorted(contacts(alice).values_list("email", "company")) == [
        ("jerry@example.com", "Example Partners"), ("zoe@example.com", "Unicode Works"),
    ]  # fmt: skip
    assert {c.kind for c in contacts(alice)} == {"contact"}
    assert counts(
        import_network(SAMPLES / "Remulous__constellation__tests_fixtures_google_contacts.csv")
    ) == (0, 0, 2, 1)


@pytest.mark.parametrize(
    ("name", "invitations"),
    [
        ("ericcgladstone-maker__org-signal__era2021_Basic_05-14-2021__Invitations.csv",
         {("Priya", "sent"), ("Jonas", "received")}),
        ("ericcgladstone-maker__org-signal__era2023_Basic_10-21-2023__Invitations.csv",
         {("Ines", "sent"), ("Ama", "received")}),
    ],
)  # fmt: skip
def test_an_invitations_sample_imports_the_other_party(alice, name, invitations):
    assert counts(import_network(SAMPLES / name))[0] == 2
    assert set(contacts(alice).values_list("first_name", "invitation")) == invitations
    assert counts(import_network(SAMPLES / name)) == (0, 0, 2, 0)


def test_the_anonymised_invitations_sample_fails_with_a_reason(alice):
    summary = import_network(
        SAMPLES / "Mostafa-Elnagar__linkedin-dashboard__data_Invitations_anonymised__head15.csv"
    )
    assert (summary["status"], summary["skipped"]) == ("failed", 15)
    assert "No person was recognised" in summary["reason"]
    assert not contacts(alice).exists()


def test_the_learning_coach_sample_fails_with_a_reason(alice):
    summary = import_network(
        SAMPLES
        / "ericcgladstone-maker__org-signal__era2026_Complete_03-09-2026__LearningCoachMessages.csv"
    )
    assert summary["status"] == "failed"
    assert "No conversations found" in summary["reason"]


@pytest.mark.parametrize(
    ("era", "people"),
    [
        ("era2021_Basic_05-14-2021", {"priya-raman-77": 2, "theogrant": 2, "lena-vogt": 2}),
        ("era2023_Basic_10-21-2023", {"ines-okafor-l-3b2a91": 2, "tomasreyes": 2, "wren-hale": 2}),
        ("era2026_Complete_03-09-2026",
         {"zoë-brandt": 4, "kofi-mensah-1188": 2, "ines-okafor-l-3b2a91": 2}),
    ],
)  # fmt: skip
def test_a_messages_sample_imports_interactions_without_the_owner(alice, era, people):
    path = SAMPLES / f"ericcgladstone-maker__org-signal__{era}__messages.csv"
    assert counts(import_network(path))[0] == 3
    assert dict(contacts(alice).values_list("slug", "message_count")) == people
    assert counts(import_network(path)) == (0, 0, 3, 0)


def test_the_notes_sample_adds_the_note_once(alice):
    path = SAMPLES / "ericcgladstone-maker__org-signal__era2026_Complete_03-09-2026__Notes.csv"
    import_network(path)
    import_network(path)
    (kofi,) = contacts(alice)
    assert [(n.body, n.created_at) for n in kofi.notes.all()] == [
        ("met at design week", datetime(2025, 7, 30, 18, 20, tzinfo=UTC))
    ]


def test_a_complete_archive_imports_every_network_file_and_again_changes_nothing(alice, tmp_path):
    path = complete_2026(tmp_path)
    first = import_network(path)
    assert first["status"] == "succeeded"
    network = contacts(alice)
    assert not network.filter(slug="jordanpike").exists()
    assert not network.filter(first_name="Jordan", last_name="Pike").exists()
    zoe = network.get(slug="zoë-brandt")
    assert (zoe.kind, zoe.connected_on, zoe.message_count) == ("connection", date(2026, 1, 14), 4)
    assert zoe.last_interaction_at == datetime(2026, 2, 10, 14, 20, tzinfo=UTC)
    assert network.get(slug="kofi-mensah-1188").notes.count() == 1
    assert network.get(first_name="Grace", last_name="Hopper").kind == "following"
    assert network.get(slug="ama-owusu").invitation == "received"
    before = sorted(network.values_list("id", "updated_at"))
    again = import_network(path)
    assert (again["status"], again["created"], again["updated"]) == ("succeeded", 0, 0)
    assert sorted(contacts(alice).values_list("id", "updated_at")) == before


def test_a_2021_archive_has_each_person_once_though_only_messages_give_profile_urls(
    alice, tmp_path
):
    era = "ericcgladstone-maker__org-signal__era2021_Basic_05-14-2021__"
    folder = "Basic_LinkedInDataExport_05-14-2021"
    path = build_archive(tmp_path / f"{folder}.zip", {
        f"{folder}/{member}.csv": (SAMPLES / f"{era}{member}.csv").read_bytes()
        for member in ("Connections", "Invitations", "messages")
    })  # fmt: skip
    first = import_network(path)
    assert (first["status"], first["created"]) == ("succeeded", 4)
    people = contacts(alice).order_by("first_name")
    assert [(c.name, c.slug, c.kind, c.connected_on, c.invitation, c.message_count)
            for c in people] == [
        ("Jonas Berg", "", "contact", None, "received", 0),
        ("Lena Vogt", "lena-vogt", "connection", date(2020, 2, 28), "", 2),
        ("Priya Raman", "priya-raman-77", "connection", date(2021, 3, 12), "", 2),
        ("Theo Grant", "theogrant", "connection", date(2019, 11, 3), "", 2),
    ]  # fmt: skip
    again = import_network(path)
    assert counts(again) == (0, 0, 8, 0)

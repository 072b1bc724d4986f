"""Every real-structure sample (tests/fixtures/linkedin), read at the reader level."""

from datetime import UTC, date, datetime
from pathlib import Path

from imports.records import SectionKind
from tests.imports.readers_support import SAMPLES, read_one


def sample(name: str) -> Path:
    return SAMPLES / name


def test_six_hops_connections_keeps_namesakes_apart_and_skips_the_hidden_account():
    section = read_one(sample("AbhiramJayasankar__six-hops__tests_fixtures_Connections.csv"))
    assert section.kind == SectionKind.CONNECTIONS and section.is_snapshot
    assert [(p.profile_url.rsplit("/", 1)[1], p.connected_on) for p in section.people] == [
        ("priya-sharma-1", date(2021, 3, 12)),
        ("rahul-iyer", date(2020, 1, 5)),
        ("priya-sharma-2", date(2022, 2, 1)),
        ("anita-rao", date(2019, 7, 20)),
    ]
    assert section.people[1].email == "rahul@example.com"
    assert section.people[2].company == "Razorpay Software Pvt Ltd"
    assert [s.line for s in section.skipped] == [9]


def test_people_sync_connections_with_a_synthetic_preamble():
    section = read_one(sample("alexjmiller5__people-sync__tests_fixtures_linkedin_connections.csv"))
    assert section.names == ["Test Person", "Jane Sample"]
    assert section.people[1].email == "jane@example.com"
    assert [p.connected_on for p in section.people] == [date(2020, 1, 1), date(2021, 2, 15)]
    assert len(section.skipped) == 1


def test_job_swarm_connections_without_a_final_newline():
    section = read_one(sample("davidlifschitz__job-swarm__tests_fixtures_linkedin_connections.csv"))
    assert section.names == ["Jamie Example", "Alex Sample", "Taylor Demo"]
    assert section.people[-1].connected_on == date(2026, 6, 15)
    assert section.skipped == []


def test_jobradar_connections():
    section = read_one(sample("orielcoding__JobRadar__tests_fixtures_linkedin_connections.csv"))
    assert section.names == ["Dana Levi", "Avi Cohen", "Noa Bar"]
    assert [p.company for p in section.people] == ["WSC Sports", "Acme Ltd", "Globex"]


def test_sourcer_connections_with_a_quoted_company():
    section = read_one(sample("paarth-s__sourcer__tests_fixtures_Connections.csv"))
    assert section.names == ["Priya Shah", "Sam Lee", "Alex Kim"]
    assert section.people[0].company == "Nestwise, Inc."
    assert section.people[2].connected_on == date(2023, 2, 5)


def test_org_signal_2021_connections_have_no_url_column():
    section = read_one(
        sample("ericcgladstone-maker__org-signal__era2021_Basic_05-14-2021__Connections.csv")
    )
    assert section.names == ["Priya Raman", "Theo Grant", "Lena Vogt"]
    assert all(p.profile_url == "" for p in section.people)
    assert section.people[1].email == "theo.grant@example.com"
    assert (section.people[1].company, section.people[2].position) == (
        "Contoso, Ltd.", "Engineer, Platform",
    )  # fmt: skip


def test_org_signal_2026_connections_with_percent_encoded_urls_and_a_hidden_account():
    section = read_one(
        sample("ericcgladstone-maker__org-signal__era2026_Complete_03-09-2026__Connections.csv")
    )
    assert section.names == ["Ines Okafor-Lindqvist", "Kofi Mensah", "Zoë Brandt"]
    assert section.people[2].profile_url == "https://www.linkedin.com/in/zo%C3%AB-brandt"
    assert section.people[2].position == '"Chief" of Staff'
    assert section.people[2].connected_on == date(2026, 1, 14)
    assert [s.line for s in section.skipped] == [8]


def test_org_signal_2021_invitations_name_the_other_party_without_a_url():
    section = read_one(
        sample("ericcgladstone-maker__org-signal__era2021_Basic_05-14-2021__Invitations.csv")
    )
    assert section.kind == SectionKind.INVITATIONS
    assert [
        (n, p.invitation, p.profile_url) for n, p in zip(section.names, section.people, strict=True)
    ] == [
        ("Priya Raman", "sent", ""),
        ("Jonas Berg", "received", ""),
    ]
    assert section.people[0].invitation_at == datetime(2021, 3, 12, 16, 5, tzinfo=UTC)


def test_org_signal_2023_invitations_take_the_other_partys_profile_url():
    section = read_one(
        sample("ericcgladstone-maker__org-signal__era2023_Basic_10-21-2023__Invitations.csv")
    )
    assert [(p.profile_url, p.invitation) for p in section.people] == [
        ("https://www.linkedin.com/in/ines-okafor-l-3b2a91", "sent"),
        ("https://www.linkedin.com/in/ama-owusu", "received"),
    ]
    assert section.people[1].invitation_at == datetime(2023, 10, 2, 11, 5, tzinfo=UTC)


def test_anonymised_invitations_yield_no_people_only_skipped_rows():
    section = read_one(
        sample("Mostafa-Elnagar__linkedin-dashboard__data_Invitations_anonymised__head15.csv")
    )
    assert section.people == []
    assert len(section.skipped) == 15
    assert section.skipped[0].reason == "the file does not name the other person"
    assert {s.reason for s in section.skipped[1:]} == {"the other person's name is anonymised"}


def test_org_signal_2026_notes_attach_a_note_to_the_connection():
    section = read_one(
        sample("ericcgladstone-maker__org-signal__era2026_Complete_03-09-2026__Notes.csv")
    )
    assert section.kind == SectionKind.NOTES
    (person,) = section.people
    assert person.profile_url == "https://www.linkedin.com/in/kofi-mensah-1188"
    assert person.notes == ["met at design week"]

"""The LinkedIn archive ZIP: members found by content, read in place, the owner left out."""

import zipfile
from datetime import UTC, date, datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from contacts.models import Contact
from imports.jobs import create_job
from imports.models import ImportJob
from imports.pipeline import run_import
from imports.readers import open_sections, preview
from imports.records import SectionKind, UnsupportedFile
from tests.factories import make_contact
from tests.imports.conftest import connection, person, sections_of
from tests.imports.readers_support import SAMPLES, read_all

ERA_2026 = "ericcgladstone-maker__org-signal__era2026_Complete_03-09-2026__"
ERA_2023 = "ericcgladstone-maker__org-signal__era2023_Basic_10-21-2023__"
PROFILE = (
    "First Name,Last Name,Maiden Name,Address,Birth Date,Headline,Summary,Industry,Zip Code,"
    "Geo Location,Twitter Handles,Websites,Instant Messengers\n"
    "Jordan,Pike,,,Mar 31,Engineering lead,,,,Oslo,[],[],[]\n"
)
FOLLOWS = (
    "Date,Status,FullName\r\n"
    "2026-04-06 14:48:23,Active,Grace Hopper\r\n"
    "2025-01-02 09:00:00,Unfollow,Alan Turing\r\n"
)


def build_archive(path, members: dict[str, bytes | str]):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def complete_2026(tmp_path):
    folder = "Complete_LinkedInDataExport_03-09-2026"
    return build_archive(
        tmp_path / "Complete_LinkedInDataExport_03-09-2026.zip",
        {
            f"{folder}/messages.csv": (SAMPLES / f"{ERA_2026}messages.csv").read_bytes(),
            f"{folder}/Connections.csv": (SAMPLES / f"{ERA_2026}Connections.csv").read_bytes(),
            f"{folder}/Notes.csv": (SAMPLES / f"{ERA_2026}Notes.csv").read_bytes(),
            f"{folder}/LearningCoachMessages.csv": (
                SAMPLES / f"{ERA_2026}LearningCoachMessages.csv"
            ).read_bytes(),
            f"{folder}/learning_coach_messages.csv": (
                SAMPLES / f"{ERA_2026}messages.csv"
            ).read_bytes(),
            f"{folder}/Invitations.csv": (SAMPLES / f"{ERA_2023}Invitations.csv").read_bytes(),
            f"{folder}/Member_Follows_123456.csv": FOLLOWS,
            f"{folder}/Profile.csv": PROFILE,
            f"{folder}/Logins.csv": "Login Date,IP Address\nMon Mar 28 2022,10.0.0.1\n",
            f"{folder}/Articles/Articles/post.html": "<html><body>Hi</body></html>",
            f"__MACOSX/{folder}/._Connections.csv": b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X",
        },
    )


def test_it_reads_each_network_file_of_an_archive_in_a_fixed_order(tmp_path):
    sections = read_all(complete_2026(tmp_path))
    assert [(s.name.rsplit("/", 1)[1], s.kind) for s in sections] == [
        ("Connections.csv", SectionKind.CONNECTIONS),
        ("Invitations.csv", SectionKind.INVITATIONS),
        ("Member_Follows_123456.csv", SectionKind.FOLLOWING),
        ("Notes.csv", SectionKind.NOTES),
        ("messages.csv", SectionKind.MESSAGES),
    ]
    connections, invitations, follows, notes, messages = sections
    assert connections.is_snapshot and connections.names == [
        "Ines Okafor-Lindqvist", "Kofi Mensah", "Zoë Brandt",
    ]  # fmt: skip
    assert len(connections.skipped) == 1
    assert [p.invitation for p in invitations.people] == ["sent", "received"]
    (grace,) = follows.people
    assert (grace.first_name, grace.last_name, grace.profile_url) == ("Grace", "Hopper", "")
    assert (grace.is_following, grace.following_since) == (True, date(2026, 4, 6))
    assert [s.reason for s in follows.skipped] == ["no longer followed"]
    assert notes.people[0].notes == ["met at design week"]
    assert {p.profile_url.rsplit("/", 1)[1]: p.message_count for p in messages.people} == {
        "zo%C3%AB-brandt": 4, "kofi-mensah-1188": 2, "ines-okafor-l-3b2a91": 2,
    }  # fmt: skip


def test_the_archive_owner_is_never_a_person_of_any_section(tmp_path):
    sections = read_all(complete_2026(tmp_path))
    urls = {p.profile_url for s in sections for p in s.people}
    names = {n for s in sections for n in s.names}
    assert "https://www.linkedin.com/in/jordanpike" not in urls
    assert "Jordan Pike" not in names


def test_the_preview_of_an_archive_lists_the_files_it_will_read(tmp_path):
    shown = preview(complete_2026(tmp_path))
    assert shown.format == "linkedin-archive"
    assert sorted(holds for _name, holds in shown.rows) == [
        "linkedin-connections", "linkedin-invitations", "linkedin-member-follows",
        "linkedin-messages", "linkedin-notes", "linkedin-profile",
    ]  # fmt: skip


def test_a_zip_without_network_files_is_refused(tmp_path):
    path = build_archive(tmp_path / "x.zip", {"Profile.csv": PROFILE, "notes.txt": "hello"})
    with pytest.raises(UnsupportedFile, match="no LinkedIn network files"):
        read_all(path)


def test_an_excel_workbook_is_refused_with_what_to_do(tmp_path):
    path = build_archive(
        tmp_path / "book.zip", {"[Content_Types].xml": "<x/>", "xl/workbook.xml": "<x/>"}
    )
    with pytest.raises(UnsupportedFile, match="save it as CSV"):
        read_all(path)


def test_members_are_read_without_extracting_anything_to_disk(tmp_path):
    path = complete_2026(tmp_path)
    before = sorted(p.name for p in tmp_path.iterdir())
    read_all(path)
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_sections_report_the_bytes_read_of_each_member(tmp_path):
    path = complete_2026(tmp_path)
    sizes = {}
    for section in open_sections(path):
        list(section.rows)
        sizes[section.name.rsplit("/", 1)[1]] = (section.bytes_read(), section.bytes_total)
    assert sizes["Connections.csv"][0] == sizes["Connections.csv"][1] > 0


def test_a_network_file_of_the_archive_that_does_not_read_is_said_not_skipped_silently(
    tmp_path, alice, alice_client
):
    folder = "Basic_LinkedInDataExport_05-14-2021"
    path = build_archive(
        tmp_path / "half.zip",
        {
            f"{folder}/Profile.csv": PROFILE,
            f"{folder}/Connections.csv": (SAMPLES / f"{ERA_2026}Connections.csv").read_bytes(),
            f"{folder}/messages.csv": bytes(range(256)) * 40,
        },
    )
    job = create_job(alice, ContentFile(path.read_bytes(), name="half.zip"))
    run_import(job.pk)
    job.refresh_from_db()
    said = f"{folder}/messages.csv in the archive could not be read, and was skipped."
    assert job.status == job.Status.SUCCEEDED and said in job.warnings
    assert said in alice_client.get(reverse("imports-job-detail", args=[job.pk])).content.decode()


def test_an_archive_counts_each_person_once_with_created_winning(tmp_path, alice):
    # Kofi is known with an old company: Connections.csv updates him, then messages.csv.
    make_contact(
        alice, profile_url="linkedin.com/in/kofi-mensah-1188", first_name="Kofi", company="Old Co"
    )
    path = complete_2026(tmp_path)
    job = create_job(alice, ContentFile(path.read_bytes(), name=path.name))
    run_import(job.pk)
    job.refresh_from_db()
    people = Contact.objects.for_owner(alice)
    assert job.updated == 1
    assert job.created == people.filter(added_by_import=job).count() == people.count() - 1


def test_each_person_counts_once_across_sections_after_a_resume(alice, make_job, settings):
    settings.IMPORT_BATCH_SIZE = 1
    make_contact(alice, profile_url="linkedin.com/in/known", first_name="Known", company="Old Co")
    connections = [
        connection(2, "new-one", first_name="New"),
        connection(3, "known", first_name="Known", company="New Co"),
    ]
    messages = [
        person(2, "new-one", last_interaction_at=datetime(2026, 1, 5, tzinfo=UTC)),
        person(3, "known", last_interaction_at=datetime(2026, 1, 5, tzinfo=UTC)),
    ]
    job = make_job(alice)
    run_import(job.pk, sections_of((SectionKind.CONNECTIONS, connections)))
    # The same job resumed at a later section, as after a worker was lost.
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.QUEUED)
    run_import(
        job.pk,
        sections_of((SectionKind.CONNECTIONS, connections), (SectionKind.MESSAGES, messages)),
    )
    job.refresh_from_db()
    assert (job.created, job.updated, job.unchanged) == (1, 1, 2)
    known = Contact.objects.for_owner(alice).get(slug="known")
    assert (known.company, known.last_interaction_at.year) == ("New Co", 2026)

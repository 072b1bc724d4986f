import csv
import io
import json
import zipfile
from pathlib import Path

from django.core.files.base import ContentFile
from django.urls import reverse

from imports.jobs import create_job
from imports.models import ROW_ERRORS_KEPT_PER_JOB
from imports.pipeline import run_import
from imports.records import PersonRecord, RowError, SectionKind
from imports.reports import write_row_errors_csv
from tests.imports.conftest import person, sections_of

# An Invitations.csv whose first row has a direction LinkedIn never writes: a row error.
INVITATIONS_ONE_SIDEWAYS = (
    "From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl\n"
    'Jordan Pike,Ines Ruiz,"2/7/23, 2:37 PM",,SIDEWAYS,'
    "https://www.linkedin.com/in/jordan,https://www.linkedin.com/in/ines\n"
    'Jordan Pike,Ada L,"2/8/23, 9:00 AM",,OUTGOING,'
    "https://www.linkedin.com/in/jordan,https://www.linkedin.com/in/ada\n"
)


def test_row_errors_are_kept_up_to_the_cap_and_all_counted(alice, make_job):
    errors = [RowError(line, "too few columns", f"raw {line}") for line in range(2, 1102)]
    job = make_job(alice)
    run_import(job.pk, sections_of((SectionKind.PROFILES, [person(1, "ada"), *errors])))
    job.refresh_from_db()
    assert job.failed == 1100
    assert job.row_errors.count() == ROW_ERRORS_KEPT_PER_JOB
    assert job.status == job.Status.SUCCEEDED


def test_row_errors_download_as_csv_with_formulas_defused(alice, make_job):
    job = make_job(alice)
    rows = [person(2, "ada"), RowError(3, "no name", "=HYPERLINK(evil)")]
    run_import(job.pk, sections_of((SectionKind.PROFILES, rows)))
    out = io.StringIO()
    assert write_row_errors_csv(job, out) == 1
    assert list(csv.reader(io.StringIO(out.getvalue()))) == [
        ["section", "where", "reason", "raw row"],
        ["section-0", "Line 3", "no name", "'=HYPERLINK(evil)"],
    ]


def test_the_progress_names_the_file_as_uploaded_not_as_stored(alice):
    rows = b"First Name,Last Name,URL,Email Address\nAda,Lovelace,https://www.linkedin.com/in/ada,\n,,,\n"
    job = create_job(alice, ContentFile(rows, name="my connections.csv"), declared_kind="contacts")
    assert Path(job.file.name).name != "my connections.csv"
    run_import(job.pk)
    job.refresh_from_db()
    assert job.section_name == "my connections.csv"


def test_an_archives_row_errors_name_the_archive_as_uploaded_not_as_stored(alice_client, alice):
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as members:
        members.writestr("Invitations.csv", INVITATIONS_ONE_SIDEWAYS)
    upload = ContentFile(archive.getvalue(), name="Basic_LinkedInDataExport.zip")
    job = create_job(alice, upload)
    run_import(job.pk)
    [error] = job.row_errors.all()
    assert error.section == "Basic_LinkedInDataExport.zip/Invitations.csv"
    page = alice_client.get(reverse("imports-job-detail", args=[job.pk])).content.decode()
    file_cell = '<td data-label="File" class="break-anywhere">Basic_LinkedInDataExport.zip/'
    assert f"{file_cell}Invitations.csv</td>" in page
    assert Path(job.file.name).stem not in page


def test_a_follower_lists_row_with_nobody_in_it_is_counted_and_downloads_as_an_error(
    alice_client, alice
):
    rows = (
        "profileUrl,fullName,occupation\n"
        "https://www.linkedin.com/in/grace-h,Grace Hopper,Admiral\n"
        ",,=cmd|' /C calc'!A0\n"
        ",,\n"
    )
    upload = ContentFile(rows.encode(), name="followers.csv")
    job = create_job(alice, upload, declared_kind="followers")
    run_import(job.pk)
    job.refresh_from_db()
    assert (job.created, job.failed, job.skipped) == (1, 1, 1)
    errors_url = reverse("imports-job-errors", args=[job.pk])
    download = alice_client.get(errors_url).content.decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(download)))[1] == [
        "followers.csv",
        "Line 3",
        "no name, LinkedIn profile URL or email to recognise this person by",
        ",,=cmd|' /C calc'!A0",
    ]
    page = alice_client.get(reverse("imports-job-detail", args=[job.pk])).content.decode()
    problem = '<td data-label="Problem" class="break-anywhere">'
    assert f"{problem}No name, LinkedIn profile URL or email to recognise" in page


def test_a_row_with_nobody_to_recognise_keeps_what_it_states(alice, make_job):
    job = make_job(alice)
    nobody = PersonRecord(3, company="Acme, Inc.", headline="CTO")
    run_import(job.pk, sections_of((SectionKind.PROFILES, [person(2, "ada"), nobody])))
    [error] = job.row_errors.all()
    assert (error.line, error.raw) == (3, "headline: CTO; company: Acme, Inc.")


def test_an_invitation_row_in_error_keeps_its_cells_as_a_csv_line(tmp_path, alice, make_job):
    job = create_job(alice, ContentFile(INVITATIONS_ONE_SIDEWAYS.encode(), name="Invitations.csv"))
    run_import(job.pk)
    [error] = job.row_errors.all()
    assert error.reason == "unknown invitation direction 'SIDEWAYS'"
    assert next(csv.reader([error.raw]))[2] == "2/7/23, 2:37 PM"


FOLLOWERS_ONE_NAMELESS = [
    {"fullName": "Ada Lovelace", "profileUrl": "https://www.linkedin.com/in/ada"},
    {"occupation": "Analyst"},
]


def test_a_json_arrays_bad_row_is_named_by_its_item_on_the_page_and_in_the_download(
    alice_client, alice
):
    content = json.dumps(FOLLOWERS_ONE_NAMELESS, indent=2).encode()
    job = create_job(alice, ContentFile(content, name="followers.json"), declared_kind="followers")
    run_import(job.pk)
    page = alice_client.get(reverse("imports-job-detail", args=[job.pk])).content.decode()
    assert '<th scope="col">Where</th>' in page
    assert '<td data-label="Where" class="nowrap">Item 2</td>' in page
    download = alice_client.get(reverse("imports-job-errors", args=[job.pk]))
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert [row[:2] for row in rows] == [["section", "where"], ["followers.json", "Item 2"]]


def test_an_ndjson_files_bad_row_is_named_by_its_line(alice_client, alice):
    lines = [json.dumps(FOLLOWERS_ONE_NAMELESS[0]), "", json.dumps(FOLLOWERS_ONE_NAMELESS[1])]
    content = "\n".join(lines).encode()
    job = create_job(
        alice, ContentFile(content, name="followers.ndjson"), declared_kind="followers"
    )
    run_import(job.pk)
    page = alice_client.get(reverse("imports-job-detail", args=[job.pk])).content.decode()
    assert '<td data-label="Where" class="nowrap">Line 3</td>' in page


def test_a_json_array_in_which_nobody_is_a_person_fails_naming_the_first_bad_item(alice):
    content = json.dumps([{"fullName": "", "occupation": "Analyst"}]).encode()
    job = create_job(alice, ContentFile(content, name="people.json"), declared_kind="followers")
    run_import(job.pk)
    job.refresh_from_db()
    assert "The first problem, on item 1: no name" in job.reason


def test_a_json_arrays_left_out_value_is_named_by_its_item(alice):
    people = [
        {"fullName": "Ada Lovelace"},
        {"fullName": "Alan Turing", "email": "not-an-email"},
    ]
    content = json.dumps(people).encode()
    job = create_job(alice, ContentFile(content, name="people.json"), declared_kind="followers")
    run_import(job.pk)
    job.refresh_from_db()
    assert job.warnings == [
        "1 row has an email that is not an email address (item 2: 'not-an-email'); "
        "it was imported without the email."
    ]

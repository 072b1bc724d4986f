import io
import time
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.throttling import SimpleRateThrottle

from imports import pipeline
from imports.models import ImportJob, ImportRowError

URL = "/api/v1/imports/"
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "linkedin"
CONNECTIONS = (FIXTURES / "paarth-s__sourcer__tests_fixtures_Connections.csv").read_bytes()


def linkedin_archive() -> bytes:
    """A LinkedIn "Basic" data archive holding one Connections.csv."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("Connections.csv", CONNECTIONS)
    return buffer.getvalue()


def upload(client, content: bytes = CONNECTIONS, name: str = "Connections.csv", **fields):
    file = SimpleUploadedFile(name, content, content_type="application/octet-stream")
    return client.post(URL, {"file": file, **fields}, format="multipart")


def test_an_upload_queues_a_job_with_its_tags(alice_api, alice):
    response = upload(alice_api, tags=["investor", "2024 export"], snapshot="false")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert (data["status"], data["is_finished"]) == ("queued", False)
    assert data["original_name"] == "Connections.csv"
    assert data["tags"] == ["2024 export", "investor"]
    job = ImportJob.objects.get(pk=data["id"])
    assert (job.owner, job.snapshot) == (alice, False)
    assert job.file.read() == CONNECTIONS


def test_a_finished_job_reports_its_counts(alice_api, alice):
    job_id = upload(alice_api, linkedin_archive(), "Basic_LinkedInDataExport.zip").json()["id"]
    pipeline.run_import(job_id)
    data = alice_api.get(f"{URL}{job_id}/").json()
    assert (data["status"], data["is_finished"], data["progress_percent"]) == (
        "succeeded",
        True,
        100,
    )
    assert data["created"] == alice.contacts.count() > 0


def test_a_header_only_file_that_failed_reports_no_progress_percent(alice_api):
    job_id = upload(alice_api, b"First Name,Last Name,URL\n", "empty.csv").json()["id"]
    pipeline.run_import(job_id)
    data = alice_api.get(f"{URL}{job_id}/").json()
    assert (data["status"], data["reason"]) == ("failed", "The file holds no rows to import.")
    assert (data["is_finished"], data["progress_percent"], data["rows_done"]) == (True, None, 0)
    listed = alice_api.get(URL).json()["results"]
    assert [job["progress_percent"] for job in listed] == [None]


def test_a_job_that_only_tags_known_people_reports_them_as_tagged(alice_api, alice):
    pipeline.run_import(upload(alice_api).json()["id"])
    job_id = upload(alice_api, tags="summit").json()["id"]
    pipeline.run_import(job_id)
    data = alice_api.get(f"{URL}{job_id}/").json()
    known = alice.contacts.count()
    assert [data[key] for key in ("created", "updated", "tagged", "unchanged")] == [0, 0, known, 0]


def test_it_lists_a_jobs_row_errors_in_file_order(alice_api, alice):
    job_id = upload(alice_api).json()["id"]
    for line in (9, 4):
        ImportRowError.objects.create(job_id=job_id, line=line, reason="no name", raw="x,,")
    rows = alice_api.get(f"{URL}{job_id}/errors/").json()["results"]
    assert [(row["line"], row["where"], row["reason"]) for row in rows] == [
        (9, "Line 9", "no name"),
        (4, "Line 4", "no name"),
    ]


def test_a_json_arrays_row_error_says_it_is_an_item_not_a_line(alice_api, alice):
    people = b'[{"fullName": "Ada Lovelace"}, {"occupation": "Analyst"}]'
    job_id = upload(alice_api, people, "followers.json", declared_kind="followers").json()["id"]
    pipeline.run_import(job_id)
    (row,) = alice_api.get(f"{URL}{job_id}/errors/").json()["results"]
    assert (row["line"], row["unit"], row["where"]) == (2, "item", "Item 2")


def test_a_file_over_the_size_limit_is_refused_and_nothing_is_stored(alice_api, settings):
    settings.MAX_UPLOAD_BYTES = 100
    response = upload(alice_api)
    assert response.status_code == 413
    assert "larger than the 100\xa0bytes upload limit" in response.json()["detail"]
    assert not ImportJob.objects.exists()


def test_an_upload_without_a_file_or_with_a_bad_kind_is_refused(alice_api):
    assert "file" in alice_api.post(URL, {}, format="multipart").json()
    assert "declared_kind" in upload(alice_api, declared_kind="enemies").json()
    assert not ImportJob.objects.exists()


def test_uploads_have_their_own_rate_limit(monkeypatch, alice_api):
    rates = {**SimpleRateThrottle.THROTTLE_RATES, "uploads": "2/hour"}
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", rates)
    assert [upload(alice_api).status_code for _ in range(3)] == [201, 201, 429]
    assert ImportJob.objects.count() == 2


def test_bobs_jobs_are_invisible(alice_api, bob_api):
    job_id = upload(bob_api).json()["id"]
    ImportRowError.objects.create(job_id=job_id, line=2, reason="secret", raw="bob's row")
    assert alice_api.get(URL).json()["results"] == []
    assert alice_api.get(f"{URL}{job_id}/").status_code == 404
    assert alice_api.get(f"{URL}{job_id}/errors/").status_code == 404


@pytest.mark.worker
def test_a_script_uploads_an_archive_polls_it_and_finds_tagged_connections_at_a_company(
    worker, alice_api, alice
):
    job = upload(alice_api, linkedin_archive(), "export.zip", tags=["investor"]).json()
    deadline = time.monotonic() + 60
    while not job["is_finished"] and time.monotonic() < deadline:
        time.sleep(0.2)
        job = alice_api.get(f"{URL}{job['id']}/").json()
    assert job["status"] == "succeeded", job
    investor = alice.contact_tags.get(name="investor")
    found = alice_api.get(
        "/api/v1/contacts/",
        {"kind": "connection", "tags": investor.pk, "company": "nestwise, inc."},
    ).json()["results"]
    assert [(c["first_name"], c["last_name"], c["tags"]) for c in found] == [
        ("Priya", "Shah", ["investor"])
    ]


GENERIC = b"Person,Org,Linky\nKarla Ortiz,Globex,https://www.linkedin.com/in/karla\n"
FOLLOWER_LIST = (
    b"profileUrl,fullName,occupation\nhttps://www.linkedin.com/in/karla,Karla Ortiz,CTO\n"
)


def test_a_follower_list_whose_column_names_say_who_is_who_needs_no_mapping(alice_api, alice):
    response = upload(alice_api, FOLLOWER_LIST, "followers.csv", declared_kind="followers")
    assert response.status_code == 201, response.json()
    pipeline.run_import(response.json()["id"])
    karla = alice.contacts.get()
    assert (karla.first_name, karla.last_name, karla.headline, karla.is_follower) == (
        "Karla", "Ortiz", "CTO", True
    )  # fmt: skip


def test_a_file_of_unknown_columns_needs_a_mapping_then_it_is_remembered(alice_api, alice):
    refused = upload(alice_api, GENERIC, "people.csv")
    assert refused.status_code == 400
    assert refused.json()["mapping"] == [
        "Say which of the file's columns holds what (“Person”, “Org”, “Linky”)."
    ]
    assert not ImportJob.objects.exists()
    no_one = upload(alice_api, GENERIC, "people.csv", mapping='{"Org": "company"}')
    assert "nobody in the file can be recognised" in no_one.json()["mapping"][0]
    mapping = '{"Person": "full_name", "Org": "company", "Linky": "profile_url"}'
    job_id = upload(alice_api, GENERIC, "people.csv", mapping=mapping).json()["id"]
    pipeline.run_import(job_id)
    karla = alice.contacts.get()
    assert (karla.first_name, karla.last_name, karla.company, karla.slug) == (
        "Karla", "Ortiz", "Globex", "karla"
    )  # fmt: skip
    again = upload(alice_api, GENERIC.replace(b"Karla Ortiz", b"Karl Ortiz"), "more.csv")
    assert again.status_code == 201
    assert ImportJob.objects.get(pk=again.json()["id"]).column_mapping["Person"] == "full_name"

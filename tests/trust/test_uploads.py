"""Uploads: capped while they stream, typed by content, stored under generated names, not served."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory

from contacts.templatetags.contacts_ui import url_if_exists
from crm.uploads import SizeCappedUploadHandler, UploadTooLarge
from imports import pipeline
from imports.jobs import create_job
from imports.models import ImportJob

CAP = 64 * 1024
API_UPLOAD = "/api/v1/imports/"
CONNECTIONS = (
    b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    b"Ada,Lovelace,https://www.linkedin.com/in/ada-lovelace,,Engines,CTO,07 Dec 2024\n"
)
PNG = b"\x89PNG\r\n\x1a\n" + bytes(200)


@pytest.fixture
def small_cap(settings, tmp_path: Path) -> Path:
    """A 64 KB cap, files spooled to disk past 1 KB, in a temporary folder the test can see."""
    settings.MAX_UPLOAD_BYTES = CAP
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    return tmp_path


def web_upload_url() -> str:
    # The import page once it exists; until then any page: the cap is enforced before routing.
    return url_if_exists("imports-upload") or url_if_exists("capture")


def stored_import_files() -> list[Path]:
    folder = Path(settings.MEDIA_ROOT) / "imports"
    return sorted(folder.iterdir()) if folder.exists() else []


def test_the_handler_stops_at_the_first_chunk_past_the_cap(rf: RequestFactory, small_cap):
    handler = SizeCappedUploadHandler(rf.post("/"))
    handler.new_file("file", "network.csv", "text/csv", None)
    assert handler.receive_data_chunk(b"x" * CAP, 0) == b"x" * CAP
    with pytest.raises(UploadTooLarge) as refusal:
        handler.receive_data_chunk(b"x", CAP)
    assert str(refusal.value) == (
        "“network.csv” is larger than the 64\xa0KB upload limit, so nothing was stored."
    )


def test_a_file_exactly_at_the_cap_arrives_whole(rf: RequestFactory, small_cap):
    request = rf.post("/", {"file": SimpleUploadedFile("network.csv", b"x" * CAP)})
    assert request.FILES["file"].size == CAP


def test_the_web_refuses_a_file_past_the_cap_with_a_page_and_stores_nothing(
    alice_client, small_cap
):
    before = stored_import_files()
    response = alice_client.post(
        web_upload_url(), {"file": SimpleUploadedFile("big.csv", b"x" * (CAP + 1))}
    )
    assert response.status_code == 413
    page = response.content.decode()
    assert "That file is too large" in page
    assert "“big.csv” is larger than the 64\xa0KB upload limit, so nothing was stored." in page
    assert stored_import_files() == before
    assert not ImportJob.objects.exists()
    assert list(small_cap.iterdir()) == []  # the spooled part was deleted too


def test_the_api_refuses_a_file_past_the_cap_with_json(alice_client, small_cap):
    response = alice_client.post(
        API_UPLOAD, {"file": SimpleUploadedFile("big.zip", b"x" * (CAP + 1))}
    )
    assert response.status_code == 413
    assert response.json() == {
        "detail": "“big.zip” is larger than the 64\xa0KB upload limit, so nothing was stored.",
        "code": "upload_too_large",
    }
    assert not ImportJob.objects.exists()


def test_a_request_declaring_more_than_the_cap_is_refused_before_it_is_read(
    alice_client, small_cap
):
    response = alice_client.generic(
        "POST",
        API_UPLOAD,
        b"--xyz--",  # far less than it declares: reading it would fail the test
        content_type="multipart/form-data; boundary=xyz",
        CONTENT_LENGTH=str(50 * 1024 * 1024),
    )
    assert response.status_code == 413
    assert "larger than the 64\xa0KB upload limit" in response.json()["detail"]


def test_an_api_request_without_a_file_is_held_to_the_form_limit(alice_client, alice, settings):
    # Django refuses to read such a body (RequestDataTooBig): the API answered with the
    # web's HTML page of a request that "could not be read", not JSON saying why.
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = CAP
    body = json.dumps({"name": "investor", "padding": "x" * CAP})
    response = alice_client.post("/api/v1/tags/", body, content_type="application/json")
    assert response.status_code == 413
    assert response.json() == {
        "detail": "The request is larger than the 64\xa0KB limit of a request without a "
        "file, so it was not read. Send a file to import as multipart/form-data.",
        "code": "request_too_large",
    }
    assert not alice.contact_tags.exists()
    small = json.dumps({"name": "investor"})
    assert (
        alice_client.post("/api/v1/tags/", small, content_type="application/json").json()["name"]
        == "investor"
    )


def test_a_stored_upload_gets_a_generated_name_whatever_it_was_called(alice):
    job = create_job(alice, ContentFile(CONNECTIONS, name="../../etc/<script>x.csv"))
    assert re.fullmatch(r"imports/[0-9a-f]{32}\.csv", job.file.name)
    assert Path(job.file.path).resolve().is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    assert job.original_name == "<script>x.csv"  # shown to its owner, escaped, never a path


def test_a_stored_upload_is_never_served_back(alice_client, alice):
    job = create_job(alice, ContentFile(CONNECTIONS, name="Connections.csv"))
    response = alice_client.get(settings.MEDIA_URL + job.file.name)
    assert response.status_code == 404
    assert b"Lovelace" not in response.content


def test_the_format_comes_from_the_content_not_the_name(alice):
    job = create_job(alice, ContentFile(CONNECTIONS, name="holiday-photo.png"))
    pipeline.run_import(job.pk)
    job.refresh_from_db()
    assert (job.status, job.created) == (ImportJob.Status.SUCCEEDED, 1)
    assert alice.contacts.get().slug == "ada-lovelace"


def test_an_image_named_like_a_csv_fails_with_a_reason(alice):
    job = create_job(alice, ContentFile(PNG, name="Connections.csv"))
    pipeline.run_import(job.pk)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert job.reason == "This is a PNG image, not a contact or network export."
    assert not alice.contacts.exists()

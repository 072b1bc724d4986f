"""The upload page: a file becomes a job, a generic file's columns are confirmed first."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from contacts.exports import write_json
from contacts.models import Contact
from imports import pipeline
from imports.models import ColumnMapping, ImportJob
from tests.factories import make_contact
from tests.imports.readers_support import SAMPLES

CONNECTIONS = "ericcgladstone-maker__org-signal__era2026_Complete_03-09-2026__Connections.csv"
GENERIC = b"Who,Mail,Employer\nAda Lovelace,ada@example.org,Analytical Engines\n"


def upload(client, name, data, **fields):
    fields.setdefault("snapshot", "on")
    return client.post(
        reverse("imports-upload"), {"file": SimpleUploadedFile(name, data), **fields}
    )


def test_the_upload_page_offers_drag_and_drop_and_the_file_picker(alice_client):
    page = alice_client.get(reverse("imports-upload")).content.decode()
    assert "Drop your file here" in page and 'type="file"' in page
    assert 'for="id_declared_kind">The people in the file are</label>' in page
    assert 'for="id_tags">Tags to apply</label>' in page
    assert "<kbd>Download larger data archive</kbd>" in page


# The LinkedIn archive's steps, as the new user's dashboard, contact list, import history and
# upload page each show them: one version, the same on all of them.
ARCHIVE_STEPS = [
    "On LinkedIn, open <kbd>Me</kbd> → <kbd>Settings &amp; Privacy</kbd> → <kbd>Data privacy</kbd>"
    " → <kbd>Get a copy of your data</kbd>.",
    "Choose <kbd>Download larger data archive</kbd> (connections, messages, invitations, notes,"
    " people you follow) and select <kbd>Request archive</kbd>. For a quick start, choose only"
    " <kbd>Connections</kbd> instead.",
    "LinkedIn e-mails you when the ZIP file is ready: Connections in about ten minutes, the whole"
    " archive within a day.",
]


@pytest.mark.parametrize("page", ["home", "contacts-list", "imports-jobs", "imports-upload"])
def test_each_page_teaching_the_archive_gives_the_same_steps(alice_client, page):
    shown = alice_client.get(reverse(page)).content.decode()
    for number, step in enumerate(ARCHIVE_STEPS, start=1):
        assert f"<li>{step}</li>" in shown, number
    assert "Your followers are not in LinkedIn's archive" in shown


def test_the_upload_page_says_to_drop_the_archive_on_its_own_form(alice_client):
    page = alice_client.get(reverse("imports-upload")).content.decode()
    assert (
        "Drop the ZIP file, as it is, where this page says <strong>Drop your file here</strong>."
    ) in page
    assert "import page" not in page and "Imports page" not in page
    assert "{#" not in page


@pytest.mark.parametrize("page", ["home", "contacts-list", "imports-jobs"])
def test_other_pages_say_to_drop_the_archive_on_the_import_page(alice_client, page):
    shown = alice_client.get(reverse(page)).content.decode()
    link = f'<a href="{reverse("imports-upload")}">import page</a>'
    assert f"Drop the ZIP file, as it is, on the {link}. No need to unpack it." in shown


def test_a_linkedin_file_becomes_a_queued_job_with_its_kind_and_tags(alice_client, alice):
    data = (SAMPLES / CONNECTIONS).read_bytes()
    response = upload(alice_client, "Connections.csv", data, tags="investor, Oslo")
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("imports-job-detail", args=[job.pk])
    assert (job.owner, job.original_name, job.status) == (alice, "Connections.csv", "queued")
    assert sorted(job.tags.values_list("name", flat=True)) == ["Oslo", "investor"]
    assert job.column_mapping is None and job.snapshot


def test_the_declared_kind_is_kept_on_the_job(alice_client):
    upload(alice_client, "Connections.csv", (SAMPLES / CONNECTIONS).read_bytes(),
           declared_kind="followers", snapshot="")  # fmt: skip
    job = ImportJob.objects.get()
    assert job.declared_kind == "followers" and not job.snapshot


def test_the_upload_page_says_its_size_limit_without_a_decimal_zero(alice_client):
    page = alice_client.get(reverse("imports-upload")).content.decode()
    assert "or choose it from your computer · at most 200\xa0MB</span>" in page


def test_a_file_over_the_size_cap_is_refused_with_a_clear_message(alice_client, settings):
    settings.MAX_UPLOAD_BYTES = 1000
    response = upload(alice_client, "big.csv", b"x" * 5000)
    assert response.status_code == 413
    assert "“big.csv” is larger than the 1000\xa0bytes upload limit" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_a_file_that_is_not_an_export_fails_its_job_with_a_reason(alice_client, alice):
    response = upload(alice_client, "report.pdf", b"%PDF-1.7 not a network")
    job = ImportJob.objects.get()
    assert response.status_code == 302
    pipeline.run_import(job.pk)
    page = alice_client.get(reverse("imports-job-detail", args=[job.pk])).content.decode()
    assert "The import failed." in page
    assert "This is a PDF document, not a contact or network export." in page


def test_a_generic_file_asks_which_column_holds_what(alice_client):
    response = upload(alice_client, "people.csv", GENERIC)
    assert response.status_code == 302 and "/imports/mapping/" in response["Location"]
    assert not ImportJob.objects.exists()
    page = alice_client.get(response["Location"]).content.decode()
    assert "What does each column hold?" in page
    assert "Ada Lovelace" in page and "Analytical Engines" in page
    assert '<label for="id_column_0">Who</label>' in page


def test_confirming_the_columns_starts_the_job_and_remembers_them(alice_client, alice):
    mapping_url = upload(alice_client, "people.csv", GENERIC, tags="met")["Location"]
    response = alice_client.post(
        mapping_url, {"column_0": "full_name", "column_1": "email", "column_2": "company"}
    )
    job = ImportJob.objects.get()
    assert response["Location"] == reverse("imports-job-detail", args=[job.pk])
    assert job.column_mapping == {"Who": "full_name", "Mail": "email", "Employer": "company"}
    assert list(job.tags.values_list("name", flat=True)) == ["met"]
    remembered = ColumnMapping.objects.get(owner=alice)
    assert remembered.mapping == job.column_mapping
    pipeline.run_import(job.pk)
    job.refresh_from_db()
    assert (job.status, job.created) == ("succeeded", 1)


def test_a_file_of_the_same_shape_reuses_the_confirmed_columns(alice_client):
    first = upload(alice_client, "people.csv", GENERIC)["Location"]
    alice_client.post(first, {"column_0": "display_name", "column_1": "email"})
    again = upload(alice_client, "more-people.csv", GENERIC)["Location"]
    page = alice_client.get(again).content.decode()
    assert "These are the choices you confirmed for a file with the same columns" in page
    assert '<option value="display_name" selected>' in page


def test_columns_that_name_nobody_are_refused(alice_client):
    mapping_url = upload(alice_client, "people.csv", GENERIC)["Location"]
    response = alice_client.post(mapping_url, {"column_2": "company"})
    assert response.status_code == 400
    assert "Choose at least one column holding a name, an email or a LinkedIn" in (
        response.content.decode()
    )
    assert not ImportJob.objects.exists()


def test_two_columns_cannot_hold_the_same_field(alice_client):
    mapping_url = upload(alice_client, "people.csv", GENERIC)["Location"]
    response = alice_client.post(mapping_url, {"column_0": "email", "column_1": "email"})
    assert "Two columns hold Email: “Who” and “Mail”. Keep one." in response.content.decode()


def test_cancelling_the_columns_imports_nothing(alice_client):
    mapping_url = upload(alice_client, "people.csv", GENERIC)["Location"]
    response = alice_client.post(mapping_url + "cancel/", follow=True)
    assert "The upload was cancelled; nothing was imported." in response.content.decode()
    assert alice_client.get(mapping_url).status_code == 404
    assert not ImportJob.objects.exists()


def test_another_users_waiting_upload_is_not_found(alice_client, bob):
    mapping_url = upload(alice_client, "people.csv", GENERIC)["Location"]
    bobs_client = Client()
    bobs_client.force_login(bob)
    assert bobs_client.get(mapping_url).status_code == 404
    assert bobs_client.post(mapping_url, {"column_1": "email"}).status_code == 404
    assert not ImportJob.objects.exists()


def test_the_upload_page_needs_a_sign_in(client):
    response = client.get(reverse("imports-upload"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_this_apps_own_json_export_restores_without_asking_for_columns(alice_client, alice):
    make_contact(alice, first_name="Ada", is_connection=True)
    backup = io.StringIO()
    write_json(Contact.objects.for_owner(alice), backup)
    response = upload(alice_client, "backup.json", backup.getvalue().encode())
    job = ImportJob.objects.get()
    assert response["Location"] == reverse("imports-job-detail", args=[job.pk])
    assert job.column_mapping is None


def test_a_messages_file_of_no_conversations_fails_with_that_reason_not_a_mapping(
    alice_client, alice
):
    name = (
        "ericcgladstone-maker__org-signal__era2026_Complete_03-09-2026__LearningCoachMessages.csv"
    )
    response = upload(alice_client, "LearningCoachMessages.csv", (SAMPLES / name).read_bytes())
    job = ImportJob.objects.get()
    assert response["Location"] == reverse("imports-job-detail", args=[job.pk])
    pipeline.run_import(job.pk)
    page = alice_client.get(response["Location"]).content.decode()
    assert "This LinkedIn file holds no conversations" in page


def test_two_files_waiting_for_their_columns_in_two_tabs_are_both_imported(alice_client, alice):
    first = upload(alice_client, "people.csv", GENERIC)["Location"]
    other = b"Name,Org\nGrace Hopper,Navy\n"
    second = upload(alice_client, "other.csv", other)["Location"]
    assert (
        alice_client.post(first, {"column_0": "full_name", "column_1": "email"}).status_code == 302
    )
    assert (
        alice_client.post(second, {"column_0": "full_name", "column_1": "company"}).status_code
        == 302
    )
    assert sorted(ImportJob.objects.values_list("original_name", flat=True)) == [
        "other.csv", "people.csv"
    ]  # fmt: skip
    assert alice_client.post(first, {"column_0": "full_name"}).status_code == 404  # taken once

"""The admin of import jobs and scheduled sources: the same checks as the pages."""

import pytest
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.urls import reverse

from imports.jobs import create_job
from imports.models import ImportSource
from imports.pipeline import run_import
from imports.scheduled import schedule_source
from tests.factories import make_user


@pytest.fixture
def root_client(client, db):
    client.force_login(make_user("root", is_staff=True, is_superuser=True))
    return client


def source_form(owner, **fields):
    return {
        "owner": owner.pk, "name": "Exports", "inbox_folder": "", "url": "",
        "declared_kind": "connections", "snapshot": "on", "interval_minutes": "60",
        "enabled": "on", "files-TOTAL_FORMS": "0", "files-INITIAL_FORMS": "0",
        **fields,
    }  # fmt: skip


@pytest.mark.parametrize(
    ("place", "said"),
    [
        ({"inbox_folder": "../../etc"}, "Not allowed: the inbox folder must be inside"),
        ({"url": "http://example.org/export.csv"}, "Only https:// addresses are fetched."),
        ({"inbox_folder": "exports", "url": "https://example.org/export.csv"},
         "Give an inbox folder or an HTTPS URL, not both."),
        ({"url": "https://example.org/export.csv", "interval_minutes": "1"},
         "Check at most every 5 minutes."),
    ],
)  # fmt: skip
def test_the_admin_refuses_a_source_the_page_refuses(root_client, alice, place, said):
    response = root_client.post("/admin/imports/importsource/add/", source_form(alice, **place))
    assert said in response.content.decode()
    assert not ImportSource.objects.exists()


def test_the_admin_never_gives_two_owners_one_folder(root_client, alice, bob):
    ImportSource.objects.create(owner=bob, name="Bob's", inbox_folder="exports")
    response = root_client.post(
        "/admin/imports/importsource/add/", source_form(alice, inbox_folder="exports/alice")
    )
    assert "another user&#x27;s source reads this folder" in response.content.decode()
    assert not ImportSource.objects.filter(owner=alice).exists()


def test_the_admin_refuses_an_edit_onto_another_source_of_the_same_owner(root_client, alice):
    ImportSource.objects.create(owner=alice, name="Connections", inbox_folder="alice")
    followers = ImportSource.objects.create(owner=alice, name="Followers", inbox_folder="other")
    response = root_client.post(
        f"/admin/imports/importsource/{followers.pk}/change/",
        source_form(alice, name="Followers", inbox_folder="alice"),
    )
    assert "your source “Connections” reads this folder already" in response.content.decode()
    followers.refresh_from_db()
    assert followers.inbox_folder == "other"


def test_the_admin_gives_a_folder_source_to_another_owner(root_client, alice, bob):
    source = ImportSource.objects.create(owner=alice, name="Exports", inbox_folder="exports")
    response = root_client.post(
        f"/admin/imports/importsource/{source.pk}/change/",
        source_form(bob, inbox_folder="exports"),
    )
    assert response.status_code == 302  # its own folder is not another user's
    source.refresh_from_db()
    assert source.owner == bob


def test_the_admin_adds_a_folder_source_for_any_owner(root_client, alice):
    response = root_client.post(
        "/admin/imports/importsource/add/", source_form(alice, inbox_folder="alice-exports")
    )
    assert response.status_code == 302
    assert ImportSource.objects.get().owner == alice


def test_an_import_job_is_shown_in_the_admin_but_never_changed(root_client, alice):
    job = create_job(alice, ContentFile(b"rows", name="network.csv"))
    page = root_client.get(f"/admin/imports/importjob/{job.pk}/change/").content.decode()
    assert "network.csv" in page and 'name="_save"' not in page
    root_client.post(f"/admin/imports/importjob/{job.pk}/change/", {"declared_kind": "followers"})
    job.refresh_from_db()
    assert job.declared_kind == ""


def test_the_admin_has_one_tags_section_the_users_own(root_client):
    page = root_client.get("/admin/").content.decode()
    assert "/admin/contacts/tag/" in page and "/admin/taggit/" not in page


def test_staff_never_see_nor_run_another_users_source_in_celery_beats_admin(client, alice):
    source = ImportSource.objects.create(owner=alice, name="Alice's exports", url="https://e.org/x")
    schedule_source(source)
    staff = make_user("carol", is_staff=True)
    staff.user_permissions.set(
        Permission.objects.filter(content_type__app_label="django_celery_beat")
    )
    client.force_login(staff)
    task_url = reverse(
        "admin:django_celery_beat_periodictask_change", args=[source.periodic_task_id]
    )
    assert (
        client.get(reverse("admin:django_celery_beat_periodictask_changelist")).status_code == 403
    )
    assert client.get(task_url).status_code == 403
    assert "Alice" not in client.get(reverse("admin:index")).content.decode()
    run = client.post(
        reverse("admin:django_celery_beat_periodictask_changelist"),
        {"action": "run_tasks", "_selected_action": [source.periodic_task_id]},
    )
    assert run.status_code == 403


def test_a_superuser_still_manages_celery_beats_entries(root_client, alice):
    source = ImportSource.objects.create(owner=alice, name="Alice's exports", url="https://e.org/x")
    schedule_source(source)
    page = root_client.get(reverse("admin:django_celery_beat_periodictask_changelist"))
    assert "import source" in page.content.decode()


def test_the_admin_names_a_json_arrays_bad_row_by_its_item(root_client, alice):
    content = b'[{"fullName": "Ada Lovelace"}, {"fullName": "", "occupation": "Analyst"}]'
    job = create_job(alice, ContentFile(content, name="f.json"), declared_kind="followers")
    run_import(job.pk)
    page = root_client.get(reverse("admin:imports_importjob_change", args=[job.pk]))
    assert "Item 2" in page.content.decode()

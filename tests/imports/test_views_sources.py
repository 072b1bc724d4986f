"""Scheduled sources: add one, pause it, run it now, see its last result; only my own."""

import pytest
from django.conf import settings
from django.urls import reverse
from django_celery_beat.models import PeriodicTask

from imports.models import ImportSource


def add_source(client, **fields):
    fields.setdefault("name", "Exports folder")
    fields.setdefault("interval_minutes", "60")
    return client.post(reverse("imports-sources"), fields)


def a_source(owner, name="Inbox", **fields):
    fields.setdefault("inbox_folder", "inbox")
    return ImportSource.objects.create(owner=owner, name=name, **fields)


@pytest.fixture
def staff_client(alice, alice_client):
    alice.is_staff = True
    alice.save()
    return alice_client


def test_adding_a_folder_source_schedules_it(staff_client, alice):
    response = add_source(staff_client, inbox_folder="linkedin", tag_names="weekly",
                          declared_kind="followers")  # fmt: skip
    source = ImportSource.objects.get()
    assert response["Location"] == reverse("imports-sources")
    assert (source.owner, source.inbox_folder, source.declared_kind) == (
        alice, "linkedin", "followers",
    )  # fmt: skip
    assert list(source.tags.values_list("name", flat=True)) == ["weekly"]
    assert source.periodic_task.enabled and source.periodic_task.interval.every == 60


def test_a_source_needs_a_folder_or_an_https_url(staff_client):
    page = add_source(staff_client).content.decode()
    assert page.count("Give an inbox folder or an HTTPS URL.") == 1
    page = add_source(staff_client, url="http://example.org/export.csv").content.decode()
    assert "Only https:// addresses are fetched." in page
    assert not ImportSource.objects.exists()


def test_a_user_who_is_not_staff_can_add_an_https_source_but_never_name_a_folder(alice_client, bob):
    page = alice_client.get(reverse("imports-sources")).content.decode()
    assert 'name="inbox_folder"' not in page and str(settings.IMPORT_INBOX_ROOT) not in page
    # Another user's folder, say: the field is not there to fill.
    response = add_source(alice_client, inbox_folder="bobs-exports")
    assert response.status_code == 400 and "This field is required." in response.content.decode()
    assert not ImportSource.objects.exists()
    add_source(alice_client, inbox_folder="bobs-exports", url="https://example.org/f.csv")
    assert list(ImportSource.objects.values_list("inbox_folder", "url")) == [
        ("", "https://example.org/f.csv")
    ]


def test_a_folder_outside_the_inbox_root_is_refused(staff_client):
    response = add_source(staff_client, inbox_folder="../../etc")
    assert response.status_code == 400
    assert "Not allowed: the inbox folder must be inside" in response.content.decode()


@pytest.mark.parametrize("folder", ["bob", "bob/linkedin", "."])
def test_a_folder_another_users_source_reads_is_refused(staff_client, alice, bob, folder):
    a_source(bob, inbox_folder="bob")
    response = add_source(staff_client, inbox_folder=folder)
    assert response.status_code == 400
    assert "Not allowed: another user&#x27;s source reads this folder" in response.content.decode()
    assert not ImportSource.objects.filter(owner=alice).exists()


def test_my_own_folders_may_sit_beside_another_users(staff_client, alice, bob):
    a_source(bob, inbox_folder="bob")
    add_source(staff_client, inbox_folder="alice")
    add_source(staff_client, inbox_folder="alice/followers", name="Followers")
    mine = ImportSource.objects.filter(owner=alice).values_list("inbox_folder", flat=True)
    assert sorted(mine) == ["alice", "alice/followers"]


def test_a_second_source_of_mine_on_the_same_folder_is_refused(staff_client, alice):
    a_source(alice, name="Connections", inbox_folder="alice")
    response = add_source(staff_client, inbox_folder="alice/./", name="Followers")
    assert response.status_code == 400
    assert (
        "Not allowed: your source “Connections” reads this folder already, so each file would be "
        "imported twice." in response.content.decode()
    )
    assert ImportSource.objects.filter(owner=alice).count() == 1


def test_pausing_stops_the_schedule_and_resuming_restarts_it(staff_client, alice):
    add_source(staff_client, inbox_folder="linkedin")
    source = ImportSource.objects.get()
    response = staff_client.post(reverse("imports-source-toggle", args=[source.pk]), follow=True)
    source.refresh_from_db()
    assert not source.enabled and not PeriodicTask.objects.get().enabled
    assert "Exports folder is paused" in response.content.decode()
    staff_client.post(reverse("imports-source-toggle", args=[source.pk]))
    source.refresh_from_db()
    assert source.enabled and PeriodicTask.objects.get().enabled


def test_run_now_queues_a_check_and_says_so(alice_client, alice):
    source = a_source(alice)
    response = alice_client.post(reverse("imports-source-run", args=[source.pk]), follow=True)
    assert "Checking Inbox now." in response.content.decode()


def test_a_paused_source_is_not_run(alice_client, alice):
    source = a_source(alice, enabled=False)
    response = alice_client.post(reverse("imports-source-run", args=[source.pk]), follow=True)
    assert "Inbox is paused; resume it to check it." in response.content.decode()


def test_the_list_shows_each_sources_last_result(alice_client, alice, bob):
    a_source(alice, last_result="2 new files queued")
    a_source(bob, name="Bob's secret folder")
    page = alice_client.get(reverse("imports-sources")).content.decode()
    assert "2 new files queued" in page
    assert "secret folder" not in page


def test_deleting_a_source_removes_its_schedule(staff_client, alice):
    add_source(staff_client, inbox_folder="linkedin")
    source = ImportSource.objects.get()
    staff_client.post(reverse("imports-source-delete", args=[source.pk]), {"confirmed": "yes"})
    assert not ImportSource.objects.exists() and not PeriodicTask.objects.exists()


def test_a_source_deleted_without_javascript_is_asked_about_first(staff_client):
    add_source(staff_client, inbox_folder="linkedin", name="Weekly archive")
    source = ImportSource.objects.get()
    page = staff_client.post(reverse("imports-source-delete", args=[source.pk])).content.decode()
    assert "Delete the source Weekly archive?" in page
    assert "the imports it made, and their contacts, stay." in page
    assert ImportSource.objects.filter(pk=source.pk).exists()


def test_another_users_source_is_not_found(alice_client, bob):
    source = a_source(bob)
    for name in ("imports-source-toggle", "imports-source-run", "imports-source-delete"):
        assert alice_client.post(reverse(name, args=[source.pk])).status_code == 404, name
    source.refresh_from_db()
    assert source.enabled

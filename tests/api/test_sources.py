from django_celery_beat.models import PeriodicTask

from imports.models import ImportSource
from tests.factories import make_tag

URL = "/api/v1/sources/"
FEED = "https://exports.example.org/network/Connections.csv"


def test_it_creates_a_scheduled_url_source_with_tags(alice_api, alice):
    mine = make_tag(alice, "Investor")
    response = alice_api.post(
        URL,
        {"name": "Nightly", "url": FEED, "interval_minutes": 1440, "tags": ["investor", "feed"]},
        format="json",
    )
    assert response.status_code == 201, response.json()
    source = ImportSource.objects.get(owner=alice)
    assert mine in source.tags.all()
    assert response.json()["tags"] == ["feed", "Investor"]
    assert source.periodic_task.interval.every == 1440
    assert source.periodic_task.enabled


def test_disabling_a_source_pauses_its_schedule_and_deleting_removes_it(alice_api, alice):
    source_id = alice_api.post(URL, {"name": "Feed", "url": FEED}, format="json").json()["id"]
    alice_api.patch(f"{URL}{source_id}/", {"enabled": False}, format="json")
    assert not ImportSource.objects.get().periodic_task.enabled
    assert alice_api.delete(f"{URL}{source_id}/").status_code == 204
    assert not PeriodicTask.objects.filter(task="imports.run_source").exists()


def test_a_source_needs_exactly_one_https_place(alice_api):
    assert alice_api.post(URL, {"name": "x"}, format="json").status_code == 400
    plain = alice_api.post(URL, {"name": "x", "url": "http://example.org/f.csv"}, format="json")
    assert "https://" in plain.json()["url"][0]
    assert not ImportSource.objects.exists()


def test_only_staff_can_name_a_server_folder(alice_api, alice):
    response = alice_api.post(URL, {"name": "Inbox", "inbox_folder": "alice"}, format="json")
    assert "Only staff" in response.json()["inbox_folder"][0]
    alice.is_staff = True
    alice.save()
    outside = alice_api.post(URL, {"name": "Inbox", "inbox_folder": "../../etc"}, format="json")
    assert outside.status_code == 400
    inside = alice_api.post(URL, {"name": "Inbox", "inbox_folder": "alice"}, format="json")
    assert inside.status_code == 201


def test_staff_cannot_name_a_folder_another_users_source_reads(alice_api, alice, bob):
    ImportSource.objects.create(owner=bob, name="Bob's", inbox_folder="shared/bob")
    alice.is_staff = True
    alice.save()
    response = alice_api.post(URL, {"name": "Inbox", "inbox_folder": "shared"}, format="json")
    assert response.status_code == 400
    assert "another user's source reads this folder" in response.json()["inbox_folder"][0]
    assert not ImportSource.objects.filter(owner=alice).exists()


def test_a_source_edited_onto_the_folder_of_another_of_mine_is_refused(alice_api, alice):
    alice.is_staff = True
    alice.save()
    ImportSource.objects.create(owner=alice, name="Connections", inbox_folder="alice")
    created = alice_api.post(URL, {"name": "Followers", "inbox_folder": "other"}, format="json")
    source_id = created.json()["id"]
    kept = alice_api.patch(f"{URL}{source_id}/", {"name": "Follows"}, format="json")
    assert kept.status_code == 200
    moved = alice_api.patch(f"{URL}{source_id}/", {"inbox_folder": "alice"}, format="json")
    assert moved.status_code == 400
    assert "your source “Connections” reads this folder" in moved.json()["inbox_folder"][0]
    assert ImportSource.objects.get(pk=source_id).inbox_folder == "other"


def test_bobs_sources_are_invisible_and_untouched(alice_api, bob_api):
    source_id = bob_api.post(URL, {"name": "Bob's", "url": FEED}, format="json").json()["id"]
    assert alice_api.get(URL).json()["results"] == []
    assert (
        alice_api.patch(f"{URL}{source_id}/", {"url": FEED + "?x"}, format="json").status_code
        == 404
    )
    assert alice_api.delete(f"{URL}{source_id}/").status_code == 404
    assert ImportSource.objects.get().url == FEED

"""The dashboard's figures: kept for a while, renewed by a worker after imports and bulk actions."""

import time
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from contacts import bulk_jobs
from contacts.dashboard import FRESH_FOR, REFRESH_RETRY
from contacts.models import BulkJob, NetworkSnapshot
from contacts.tasks import refresh_network_figures
from tests.contacts.dashboard_support import finished_job
from tests.factories import make_contact


def test_the_figures_are_kept_for_a_while_and_renewed_on_request(alice_client, alice):
    make_contact(alice, is_connection=True)
    alice_client.get(reverse("home"))
    make_contact(alice, is_connection=True)
    assert "1 of 30,000 connections" in alice_client.get(reverse("home")).content.decode()
    page = alice_client.get(reverse("home") + "?refresh=1").content.decode()
    assert "2 of 30,000 connections" in page


def test_the_figures_are_renewed_as_soon_as_an_import_finishes(alice_client, alice):
    alice_client.get(reverse("home"))
    make_contact(alice, is_connection=True)
    finished_job(alice)
    assert "1 of 30,000 connections" in alice_client.get(reverse("home")).content.decode()


def test_the_figures_are_renewed_as_soon_as_a_background_bulk_action_finishes(alice_client, alice):
    make_contact(alice, is_follower=True)
    following = '?is_following=true">{}</a>'
    assert following.format(0) in alice_client.get(reverse("home")).content.decode()
    job = BulkJob.objects.create(owner=alice, action=BulkJob.Action.MARK_FOLLOWING)
    bulk_jobs.run_bulk_job(job.pk)
    assert following.format(1) in alice_client.get(reverse("home")).content.decode()


@pytest.fixture
def large_network(monkeypatch):
    """Networks of 3 contacts or more count as large: their figures are computed by a worker."""
    monkeypatch.setattr("contacts.dashboard.SMALL_NETWORK", 3)


def make_connections(owner, count):
    return [make_contact(owner, is_connection=True) for _ in range(count)]


def test_a_large_networks_first_visit_shows_a_counting_notice_and_asks_a_worker_once(
    alice_client, alice, large_network, django_capture_on_commit_callbacks
):
    make_connections(alice, 3)
    with django_capture_on_commit_callbacks() as sent:
        page = alice_client.get(reverse("home")).content.decode()
    assert "Counting your network" in page
    assert '<meta http-equiv="refresh" content="3">' in page
    assert "Start with your LinkedIn archive" not in page
    assert len(sent) == 1
    with django_capture_on_commit_callbacks() as sent_again:
        alice_client.get(reverse("home"))
    assert sent_again == []


def test_the_worker_stores_the_figures_the_page_then_shows(alice_client, alice, large_network):
    make_connections(alice, 3)
    alice_client.get(reverse("home"))
    assert refresh_network_figures(alice.pk) is True
    page = alice_client.get(reverse("home")).content.decode()
    assert "3 of 30,000 connections (under 1%)" in page
    assert "Counting your network" not in page and 'http-equiv="refresh"' not in page
    assert NetworkSnapshot.objects.get(owner=alice).refresh_requested_at is None


def test_old_figures_stay_on_the_page_while_new_ones_are_computed(
    alice_client, alice, large_network, django_capture_on_commit_callbacks
):
    make_connections(alice, 3)
    refresh_network_figures(alice.pk)
    NetworkSnapshot.objects.filter(owner=alice).update(
        computed_at=timezone.now() - FRESH_FOR - timedelta(seconds=1)
    )
    make_connections(alice, 1)
    with django_capture_on_commit_callbacks() as sent:
        page = alice_client.get(reverse("home")).content.decode()
    assert "3 of 30,000 connections" in page
    assert "New figures are being computed in the background" in page
    assert 'http-equiv="refresh"' not in page  # not known to be wrong: no reloading
    assert len(sent) == 1
    refresh_network_figures(alice.pk)
    assert "4 of 30,000 connections" in alice_client.get(reverse("home")).content.decode()


# What the header says about when the figures are counted again, after their time.
RECOUNTED = "recounted when you come back after two minutes, and after each import or bulk change"


def test_figures_from_an_earlier_day_say_which_day(alice_client, alice, large_network):
    make_connections(alice, 3)
    refresh_network_figures(alice.pk)
    three_days_ago = timezone.now() - timedelta(days=3)
    NetworkSnapshot.objects.filter(owner=alice).update(computed_at=three_days_ago)
    page = alice_client.get(reverse("home")).content.decode()
    assert f"Updated {timezone.localtime(three_days_ago):%-d %b %Y, %H:%M} · {RECOUNTED}" in page
    refresh_network_figures(alice.pk)
    computed_at = NetworkSnapshot.objects.get(owner=alice).computed_at
    page = alice_client.get(reverse("home")).content.decode()
    assert f"Updated {timezone.localtime(computed_at):%H:%M} · {RECOUNTED}" in page


def test_figures_older_than_a_finished_import_make_the_page_reload_until_renewed(
    alice_client, alice, large_network
):
    make_connections(alice, 3)
    refresh_network_figures(alice.pk)
    finished_job(alice)
    page = alice_client.get(reverse("home")).content.decode()
    assert "3 of 30,000 connections" in page
    assert '<meta http-equiv="refresh" content="3">' in page


def test_a_refresh_lost_with_its_worker_is_asked_for_again(
    alice_client, alice, large_network, django_capture_on_commit_callbacks
):
    make_connections(alice, 3)
    alice_client.get(reverse("home"))
    NetworkSnapshot.objects.filter(owner=alice).update(
        refresh_requested_at=timezone.now() - REFRESH_RETRY - timedelta(seconds=1)
    )
    with django_capture_on_commit_callbacks() as sent:
        alice_client.get(reverse("home"))
    assert len(sent) == 1


def test_the_worker_computes_only_its_owners_figures(alice, bob):
    make_connections(alice, 2)
    make_connections(bob, 5)
    refresh_network_figures(alice.pk)
    stored = NetworkSnapshot.objects.get(owner=alice).figures
    assert stored["counts"]["connections"] == 2
    assert not NetworkSnapshot.objects.filter(owner=bob).exists()


def test_a_refresh_for_a_deleted_user_does_nothing(alice):
    owner_id = alice.pk
    alice.delete()
    assert refresh_network_figures(owner_id) is False
    assert not NetworkSnapshot.objects.exists()


@pytest.mark.worker
def test_a_real_worker_fills_in_a_large_networks_dashboard(
    alice_client, alice, large_network, worker
):
    make_connections(alice, 4)
    assert "Counting your network" in alice_client.get(reverse("home")).content.decode()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        page = alice_client.get(reverse("home")).content.decode()
        if "Counting your network" not in page:
            break
        time.sleep(0.5)
    assert "4 of 30,000 connections (under 1%)" in page

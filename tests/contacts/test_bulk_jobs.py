"""Bulk actions over more contacts than a request takes: a background job with progress."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from contacts import bulk_jobs
from contacts.models import BulkJob, Contact, Tag, TaggedContact
from tests.factories import make_contact, make_tag

BULK = reverse("contacts-bulk")


@pytest.fixture
def three_in_a_request(monkeypatch: pytest.MonkeyPatch) -> None:
    """Three contacts stand for the 10,000 a request takes; chunks of two for 20,000."""
    monkeypatch.setattr(bulk_jobs, "IN_REQUEST_LIMIT", 3)
    monkeypatch.setattr(bulk_jobs, "CHUNK", 2)


def five_at_acme_and_one_elsewhere(owner) -> list[Contact]:
    acme = [make_contact(owner, company="Acme") for _ in range(5)]
    make_contact(owner, first_name="Elsewhere", company="Globex")
    return acme


def all_matching(action: str, query: str = "company=acme", **fields: str) -> dict[str, str]:
    return {"scope": "all", "query": query, "action": action, **fields}


def test_tagging_more_than_a_request_takes_runs_in_the_background(
    three_in_a_request, alice_client, alice
):
    acme = five_at_acme_and_one_elsewhere(alice)
    response = alice_client.post(BULK, all_matching("add_tag", tag="vip"))
    job = BulkJob.objects.get(owner=alice)
    assert response["Location"] == job.get_absolute_url()
    assert not Contact.objects.filter(tags__name="vip").exists()  # nothing done in the request
    assert "Waiting for a worker" in alice_client.get(job.get_absolute_url()).content.decode()

    bulk_jobs.run_bulk_job(job.pk)
    tagged = set(Contact.objects.filter(tags__name="vip").values_list("pk", flat=True))
    assert tagged == {contact.pk for contact in acme}
    job.refresh_from_db()
    assert (job.status, job.total, job.done, job.changed) == ("succeeded", 5, 5, 5)
    page = alice_client.get(job.get_absolute_url()).content.decode()
    assert "Add a tag: 5 contacts changed, of 5 matching." in page
    assert "<title>Add a tag “vip” · " in page
    assert 'href="/contacts/?company=acme"' in page


def test_a_few_matching_contacts_are_still_tagged_in_the_request(
    three_in_a_request, alice_client, alice
):
    make_contact(alice, company="Acme")
    alice_client.post(BULK, all_matching("add_tag", tag="vip"))
    assert Contact.objects.filter(tags__name="vip").count() == 1
    assert not BulkJob.objects.exists()


def test_a_job_resumes_after_its_checkpoint_and_changes_nobody_twice(three_in_a_request, alice):
    five_at_acme_and_one_elsewhere(alice)
    job = bulk_jobs.start_bulk_job(alice, BulkJob.Action.MARK_FOLLOWER, "company=acme")
    claimed = bulk_jobs._claim(job.pk)
    assert bulk_jobs._run_chunk(claimed)
    # The worker is lost here; the task is delivered again.
    bulk_jobs.run_bulk_job(job.pk)
    job.refresh_from_db()
    assert (job.status, job.attempts, job.done, job.changed) == ("succeeded", 2, 5, 5)
    assert Contact.objects.filter(owner=alice, is_follower=True).count() == 5


def test_deleting_all_matching_runs_in_the_background_and_deletes_only_them(
    three_in_a_request, alice_client, alice, bob
):
    five_at_acme_and_one_elsewhere(alice)
    bobs = make_contact(bob, company="Acme")
    alice_client.post(reverse("contacts-bulk-delete"), {"scope": "all", "query": "company=acme"})
    job = BulkJob.objects.get(owner=alice, action=BulkJob.Action.DELETE)
    assert Contact.objects.filter(owner=alice).count() == 6  # nothing deleted in the request
    bulk_jobs.run_bulk_job(job.pk)
    assert list(Contact.objects.filter(owner=alice).values_list("first_name", flat=True)) == [
        "Elsewhere"
    ]
    assert Contact.objects.filter(pk=bobs.pk).exists()
    page = alice_client.get(reverse("contacts-bulk-job", args=[job.pk])).content.decode()
    assert "Deleted 5 contacts, of 5 matching." in page


def test_removing_a_tag_deleted_meanwhile_stops_with_a_reason(three_in_a_request, alice):
    vip = make_tag(alice, "vip")
    for contact in five_at_acme_and_one_elsewhere(alice):
        contact.tags.add(vip)
    job = bulk_jobs.start_bulk_job(alice, BulkJob.Action.REMOVE_TAG, "company=acme", vip)
    vip.delete()
    bulk_jobs.run_bulk_job(job.pk)
    job.refresh_from_db()
    assert job.status == "failed"
    assert job.reason == "A tag this job needs was deleted while it ran."


def test_a_filter_whose_tag_is_deleted_meanwhile_stops_the_job_not_widens_it(
    three_in_a_request, alice
):
    met = make_tag(alice, "met")
    for contact in five_at_acme_and_one_elsewhere(alice)[:4]:
        contact.tags.add(met)
    job = bulk_jobs.start_bulk_job(alice, BulkJob.Action.MARK_FOLLOWING, f"tags={met.pk}")
    claimed = bulk_jobs._claim(job.pk)
    assert bulk_jobs._run_chunk(claimed)
    met.delete()  # the list would now leave the tag filter out and show everyone
    bulk_jobs.run_bulk_job(job.pk)
    job.refresh_from_db()
    assert job.status == "failed"
    assert job.reason.startswith("The list's filter can no longer be read (tags: ")
    assert Contact.objects.filter(owner=alice, is_following=True).count() == 2  # the first chunk


def test_acting_on_every_match_of_a_filter_that_does_not_read_is_refused(
    three_in_a_request, alice_client, alice
):
    five_at_acme_and_one_elsewhere(alice)
    response = alice_client.post(
        BULK, all_matching("mark_follower", query="connected_after=notadate"), follow=True
    )
    assert "Fix the filter before acting on every match" in response.content.decode()
    assert not BulkJob.objects.exists()
    assert not Contact.objects.filter(is_follower=True).exists()


def test_merging_a_tag_of_many_contacts_runs_in_the_background(
    three_in_a_request, alice_client, alice
):
    met, friends = make_tag(alice, "met"), make_tag(alice, "friends")
    acme = five_at_acme_and_one_elsewhere(alice)
    for contact in acme:
        contact.tags.add(met)
    acme[0].tags.add(friends)
    response = alice_client.post(reverse("tags-merge"), {"source": met.pk, "target": friends.pk})
    job = BulkJob.objects.get(owner=alice, action=BulkJob.Action.MERGE_TAG)
    assert response["Location"] == job.get_absolute_url()
    bulk_jobs.run_bulk_job(job.pk)
    job.refresh_from_db()
    assert (job.status, job.done, job.changed) == ("succeeded", 5, 4)
    assert not Tag.objects.filter(pk=met.pk).exists()
    with_friends = set(Contact.objects.filter(tags=friends).values_list("pk", flat=True))
    assert with_friends == {contact.pk for contact in acme}
    page = alice_client.get(job.get_absolute_url()).content.decode()
    assert "Merge a tag “met” into “friends”" in page and 'href="/tags/"' in page


def test_deleting_a_tag_of_many_contacts_runs_in_the_background(
    three_in_a_request, alice_client, alice
):
    met = make_tag(alice, "met")
    acme = five_at_acme_and_one_elsewhere(alice)
    for contact in acme:
        contact.tags.add(met)
    alice_client.post(reverse("tags-delete", args=[met.pk]))
    job = BulkJob.objects.get(owner=alice, action=BulkJob.Action.DELETE_TAG)
    assert Tag.objects.filter(pk=met.pk).exists()  # nothing deleted in the request
    bulk_jobs.run_bulk_job(job.pk)
    assert not Tag.objects.filter(pk=met.pk).exists()
    assert not TaggedContact.objects.filter(tag_id=met.pk).exists()
    assert Contact.objects.filter(owner=alice).count() == 6  # the contacts stay


def test_a_job_that_keeps_losing_its_worker_fails_with_a_reason(alice):
    job = bulk_jobs.start_bulk_job(alice, BulkJob.Action.MARK_FOLLOWING, "")
    BulkJob.objects.filter(pk=job.pk).update(attempts=bulk_jobs.MAX_ATTEMPTS)
    assert bulk_jobs.run_bulk_job(job.pk) is None
    job.refresh_from_db()
    assert (job.status, job.reason) == ("failed", "It stopped its worker 3 times.")


def test_the_sweeper_sends_again_only_the_jobs_whose_worker_was_lost(
    alice, monkeypatch: pytest.MonkeyPatch
):
    sent: list[int] = []
    monkeypatch.setattr(bulk_jobs, "send_task", lambda task, job_id: sent.append(job_id))
    long_ago = timezone.now() - bulk_jobs.STALE_AFTER - timedelta(seconds=1)
    never_sent = bulk_jobs.start_bulk_job(alice, BulkJob.Action.MARK_FOLLOWER, "")
    lost = bulk_jobs.start_bulk_job(alice, BulkJob.Action.MARK_FOLLOWER, "")
    alive = bulk_jobs.start_bulk_job(alice, BulkJob.Action.MARK_FOLLOWER, "")
    done = bulk_jobs.start_bulk_job(alice, BulkJob.Action.MARK_FOLLOWER, "")
    BulkJob.objects.filter(pk=never_sent.pk).update(created_at=long_ago)
    BulkJob.objects.filter(pk=lost.pk).update(status="running", heartbeat_at=long_ago)
    BulkJob.objects.filter(pk=alive.pk).update(status="running", heartbeat_at=timezone.now())
    BulkJob.objects.filter(pk=done.pk).update(status="succeeded", created_at=long_ago)
    assert sorted(bulk_jobs.requeue_stale_jobs()) == sorted([never_sent.pk, lost.pk])
    assert sorted(sent) == sorted([never_sent.pk, lost.pk])


def test_the_progress_is_polled_and_the_page_reloads_when_the_job_ends(alice_client, alice):
    job = bulk_jobs.start_bulk_job(alice, BulkJob.Action.MARK_FOLLOWER, "")
    BulkJob.objects.filter(pk=job.pk).update(status="running", total=10_000, done=2_500)
    polled = {"HX-Request": "true", "HX-Target": "bulk-progress"}
    running = alice_client.get(job.get_absolute_url(), headers=polled)
    assert "2,500 of 10,000 contacts done" in running.content.decode()
    assert '<progress max="100" value="25"' in running.content.decode()
    assert "HX-Refresh" not in running
    BulkJob.objects.filter(pk=job.pk).update(status="succeeded")
    assert alice_client.get(job.get_absolute_url(), headers=polled)["HX-Refresh"] == "true"


def test_another_users_bulk_job_is_not_found(alice_client, bob):
    job = bulk_jobs.start_bulk_job(bob, BulkJob.Action.DELETE, "")
    assert alice_client.get(job.get_absolute_url()).status_code == 404


@pytest.mark.worker
def test_a_real_worker_runs_a_bulk_tag_started_from_the_list(
    three_in_a_request, alice, alice_client, worker
):
    acme = five_at_acme_and_one_elsewhere(alice)
    alice_client.post(BULK, all_matching("add_tag", tag="vip"))
    job = BulkJob.objects.get(owner=alice)
    deadline = time.monotonic() + 60
    while not job.is_finished and time.monotonic() < deadline:
        time.sleep(0.3)
        job.refresh_from_db()
    assert job.status == "succeeded", job.reason
    tagged = set(Contact.objects.filter(tags__name="vip").values_list("pk", flat=True))
    assert tagged == {contact.pk for contact in acme}


def test_a_second_click_joins_the_running_job_rather_than_starting_another(
    three_in_a_request, alice_client, alice
):
    five_at_acme_and_one_elsewhere(alice)
    tagging = all_matching("add_tag", tag="vip")
    first = alice_client.post(BULK, tagging, follow=True)
    second = alice_client.post(BULK, tagging, follow=True)

    job = BulkJob.objects.get(owner=alice)
    assert first.redirect_chain[-1][0] == second.redirect_chain[-1][0] == job.get_absolute_url()
    assert "Add a tag: already running in the background, so it was not started twice." in (
        second.content.decode()
    )
    bulk_jobs.run_bulk_job(job.pk)
    page = alice_client.get(job.get_absolute_url()).content.decode()
    assert "Add a tag: 5 contacts changed, of 5 matching." in page
    # Once it has ended, the same action is a job of its own.
    alice_client.post(BULK, tagging)
    assert BulkJob.objects.filter(owner=alice).count() == 2


def test_another_action_or_tag_is_a_job_of_its_own(three_in_a_request, alice_client, alice):
    five_at_acme_and_one_elsewhere(alice)
    alice_client.post(BULK, all_matching("add_tag", tag="vip"))
    alice_client.post(BULK, all_matching("add_tag", tag="met"))
    alice_client.post(BULK, all_matching("mark_follower"))
    alice_client.post(BULK, all_matching("mark_follower", query=""))
    assert BulkJob.objects.filter(owner=alice).count() == 4


def test_a_second_click_on_a_tag_merge_joins_its_job(three_in_a_request, alice_client, alice):
    met, friends = make_tag(alice, "met"), make_tag(alice, "friends")
    for contact in five_at_acme_and_one_elsewhere(alice):
        contact.tags.add(met)
    merge = {"source": met.pk, "target": friends.pk}
    alice_client.post(reverse("tags-merge"), merge)
    second = alice_client.post(reverse("tags-merge"), merge, follow=True)
    assert BulkJob.objects.filter(owner=alice).count() == 1
    assert "Merge a tag: already running in the background" in second.content.decode()

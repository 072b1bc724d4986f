"""Merging every same-email group: more than a request should merge run as a background job."""

import pytest

from contacts.models import BulkJob, Contact
from contacts.tasks import run_bulk_job
from relations import merging
from relations.bulk_merge import IN_REQUEST_GROUPS, email_groups, merge_group
from relations.models import Merge
from tests.factories import make_contact

pytestmark = pytest.mark.django_db


def make_groups(owner, how_many: int, start: int = 0) -> None:
    for n in range(start, start + how_many):
        email = f"person{n}@example.org"
        make_contact(owner, first_name=f"P{n}", email=email, profile_url=f"linkedin.com/in/p{n}")
        make_contact(owner, first_name=f"P{n}", email=email, phone=f"+44 {n}")


def test_a_few_groups_merge_at_once_in_the_request(alice, alice_client):
    make_groups(alice, IN_REQUEST_GROUPS)
    page = alice_client.post("/duplicates/same-email/merge/", follow=True).content.decode()
    assert f"Merged {IN_REQUEST_GROUPS} contacts into the ones sharing their email." in page
    assert Contact.objects.for_owner(alice).count() == IN_REQUEST_GROUPS
    assert not BulkJob.objects.exists()


def test_more_groups_are_merged_by_a_background_job_with_its_page(
    alice, alice_client, django_capture_on_commit_callbacks
):
    make_groups(alice, IN_REQUEST_GROUPS + 5)
    preview = alice_client.get("/duplicates/same-email/").content.decode()
    assert f"Merge these {IN_REQUEST_GROUPS + 5} groups" in preview
    with django_capture_on_commit_callbacks():
        started = alice_client.post("/duplicates/same-email/merge/", follow=True)
    job = BulkJob.objects.get(owner=alice)
    assert job.action == BulkJob.Action.MERGE_EMAILS
    assert started.redirect_chain[-1][0] == job.get_absolute_url()
    page = started.content.decode()
    assert f"Merging {IN_REQUEST_GROUPS + 5} groups in the background" in page
    assert "Every group of contacts sharing an email" in page
    assert Contact.objects.for_owner(alice).count() == 2 * (IN_REQUEST_GROUPS + 5)

    assert run_bulk_job(job.pk) == "succeeded"

    assert Contact.objects.for_owner(alice).count() == IN_REQUEST_GROUPS + 5
    assert Merge.objects.filter(owner=alice).count() == IN_REQUEST_GROUPS + 5
    assert Contact.objects.get(owner=alice, email="person3@example.org").phone == "+44 3"
    done = alice_client.get(job.get_absolute_url()).content.decode()
    assert "Merged 25 contacts into the ones sharing their email, in 25 groups." in done
    assert "Back to duplicates" in done


def test_a_second_click_joins_the_running_merge(alice, alice_client):
    make_groups(alice, IN_REQUEST_GROUPS + 1)
    alice_client.post("/duplicates/same-email/merge/")
    again = alice_client.post("/duplicates/same-email/merge/", follow=True).content.decode()
    assert BulkJob.objects.filter(owner=alice).count() == 1
    assert "Merge same-email duplicates: already running in the background" in again


def test_a_resumed_merge_finishes_the_groups_left_and_counts_each_once(alice, alice_client):
    make_groups(alice, IN_REQUEST_GROUPS + 10)
    alice_client.post("/duplicates/same-email/merge/")
    job = BulkJob.objects.get(owner=alice)
    # The first worker merged ten groups, then was lost.
    groups, total = email_groups(alice, limit=10)
    for group in groups:
        merge_group(group)
    BulkJob.objects.filter(pk=job.pk).update(status="running", total=total, done=10, changed=10)

    assert run_bulk_job(job.pk) == "succeeded"

    job.refresh_from_db()
    assert (job.total, job.done, job.changed) == (30, 30, 30)
    assert Contact.objects.for_owner(alice).count() == 30
    assert run_bulk_job(job.pk) == "not run here"


def test_a_group_that_cannot_be_merged_is_passed_over(alice, alice_client, monkeypatch):
    make_groups(alice, IN_REQUEST_GROUPS + 2)
    real_merge = merging.merge_contacts

    def refuse_one(survivor, other, choices=None):
        if survivor.email == "person4@example.org":
            raise merging.MergeError("Another of your contacts has person4@example.org.")
        return real_merge(survivor, other, choices)

    monkeypatch.setattr("relations.bulk_merge.merge_contacts", refuse_one)
    alice_client.post("/duplicates/same-email/merge/")
    job = BulkJob.objects.get(owner=alice)

    assert run_bulk_job(job.pk) == "succeeded"

    job.refresh_from_db()
    assert (job.done, job.changed) == (IN_REQUEST_GROUPS + 2, IN_REQUEST_GROUPS + 1)
    assert Contact.objects.filter(owner=alice, email="person4@example.org").count() == 2


def test_the_job_merges_only_its_owners_contacts(alice, bob, alice_client):
    make_groups(alice, IN_REQUEST_GROUPS + 1)
    make_groups(bob, 3)
    alice_client.post("/duplicates/same-email/merge/")

    run_bulk_job(BulkJob.objects.get(owner=alice).pk)

    assert Contact.objects.for_owner(bob).count() == 6
    assert not Merge.objects.filter(owner=bob).exists()


def test_another_users_merge_job_is_not_found(alice, bob, alice_client, client):
    make_groups(alice, IN_REQUEST_GROUPS + 1)
    alice_client.post("/duplicates/same-email/merge/")
    job = BulkJob.objects.get(owner=alice)
    client.force_login(bob)
    assert client.get(job.get_absolute_url()).status_code == 404


def test_past_the_groups_listed_the_button_merges_them_all(alice, alice_client, monkeypatch):
    monkeypatch.setattr("relations.views.duplicates.GROUPS_SHOWN", 3)
    make_groups(alice, 5)
    preview = alice_client.get("/duplicates/same-email/").content.decode()
    assert "The first 3 groups are listed; the others are merged the same way." in preview
    assert "Merge all 5 groups" in preview

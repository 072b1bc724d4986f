"""Duplicate candidates: each rule and its reason, "not a duplicate", the scan, bulk merge."""

import pytest

from contacts.models import Contact
from relations.duplicates import find_duplicates
from relations.models import DuplicateCandidate, DuplicateScan, Merge
from relations.scanning import run_scan, start_scan
from relations.tasks import run_duplicate_scan
from tests.factories import make_contact


def reasons_between(owner, one, other) -> list[str]:
    pairs = find_duplicates(owner.pk)
    return pairs.reasons.get(tuple(sorted((one.pk, other.pk))), [])


def test_two_contacts_with_the_same_email_are_a_pair(alice):
    one = make_contact(alice, email="ada@example.org", profile_url="linkedin.com/in/ada")
    other = make_contact(alice, email="ADA@example.org")
    assert reasons_between(alice, one, other) == ["same email ada@example.org"]


def test_the_same_name_and_company_is_a_pair_unless_both_have_different_profiles(alice):
    one = make_contact(alice, first_name="Ada", last_name="Lovelace", company="Engines")
    other = make_contact(alice, first_name="ada", last_name="lovelace", company="ENGINES",
                         email="a@x.org")  # fmt: skip
    assert "same name and company" in reasons_between(alice, one, other)
    two = make_contact(alice, first_name="Bo", last_name="Lind", company="Acme",
                       profile_url="linkedin.com/in/bo-1")  # fmt: skip
    profiles = make_contact(alice, first_name="Bo", last_name="Lind", company="Acme",
                            profile_url="linkedin.com/in/bo-2")  # fmt: skip
    assert reasons_between(alice, two, profiles) == []


def test_a_name_captured_without_a_profile_pairs_with_the_imported_profile(alice):
    captured = make_contact(alice, first_name="Grace", last_name="Hopper")
    imported = make_contact(alice, first_name="Grace", last_name="Hopper",
                            profile_url="linkedin.com/in/grace-hopper")  # fmt: skip
    assert reasons_between(alice, captured, imported) == [
        "same name; only one has a LinkedIn profile"
    ]


def test_near_identical_names_without_profiles_are_a_pair_with_their_likeness(alice):
    one = make_contact(alice, first_name="John", last_name="Smith", email="j@home.example")
    other = make_contact(alice, first_name="Jon", last_name="Smith", email="j@work.example")
    far = make_contact(alice, first_name="Joan", last_name="Baez")
    assert reasons_between(alice, one, other) == [
        "near-identical names (95% alike), no LinkedIn profile"
    ]
    assert reasons_between(alice, one, far) == []


def test_pairs_never_cross_owners(alice, bob):
    make_contact(alice, email="same@example.org")
    make_contact(bob, email="same@example.org")
    assert find_duplicates(alice.pk).reasons == {}


def test_not_a_duplicate_is_remembered_by_later_scans(alice, alice_client):
    one = make_contact(alice, email="ada@example.org", profile_url="linkedin.com/in/ada")
    other = make_contact(alice, email="ada@example.org")
    alice_client.post(f"/duplicates/{one.pk}/{other.pk}/not-duplicate/")
    assert reasons_between(alice, one, other) == []


def test_the_scan_job_records_its_pairs_and_a_redelivered_task_does_nothing(alice):
    make_contact(alice, email="ada@example.org", profile_url="linkedin.com/in/ada")
    make_contact(alice, email="ada@example.org")
    scan = DuplicateScan.objects.create(owner=alice)
    assert run_duplicate_scan(scan.pk) == "succeeded"
    scan.refresh_from_db()
    assert (scan.pairs_found, scan.progress_percent) == (1, 100)
    assert DuplicateCandidate.objects.filter(scan=scan).count() == 1
    assert run_scan(scan.pk) is None


def test_starting_a_scan_while_one_runs_reuses_it(alice, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks():
        first = start_scan(alice)
    assert start_scan(alice) == first


def test_the_page_reloads_once_the_scan_it_polls_has_ended(alice, alice_client):
    scan = DuplicateScan.objects.create(owner=alice, status=DuplicateScan.Status.RUNNING)
    page = alice_client.get("/duplicates/").content.decode()
    assert 'hx-get="/duplicates/scan/status/"' in page
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in page
    polled = alice_client.get("/duplicates/scan/status/", headers={"HX-Request": "true"})
    assert "HX-Refresh" not in polled.headers
    DuplicateScan.objects.filter(pk=scan.pk).update(status=DuplicateScan.Status.SUCCEEDED)
    polled = alice_client.get("/duplicates/scan/status/", headers={"HX-Request": "true"})
    # Else "1 pair found" would sit above "No pairs to review" until the user reloads.
    assert polled.headers["HX-Refresh"] == "true"
    assert "<noscript>" not in alice_client.get("/duplicates/").content.decode()


@pytest.mark.worker
def test_a_real_worker_runs_the_scan_started_from_the_page(alice, alice_client, worker):
    import time

    make_contact(alice, email="ada@example.org", profile_url="linkedin.com/in/ada")
    make_contact(alice, email="ada@example.org")
    alice_client.post("/duplicates/scan/")
    deadline = time.monotonic() + 60
    scan = DuplicateScan.objects.get(owner=alice)
    while not scan.is_finished and time.monotonic() < deadline:
        time.sleep(0.5)
        scan.refresh_from_db()
    assert scan.status == DuplicateScan.Status.SUCCEEDED
    page = alice_client.get("/duplicates/").content.decode()
    assert "same email ada@example.org" in page


def test_bulk_merge_previews_then_merges_every_same_email_group(alice, alice_client):
    kept = make_contact(alice, first_name="Ada", email="ada@example.org",
                        profile_url="linkedin.com/in/ada")  # fmt: skip
    make_contact(alice, first_name="Ada", email="ada@example.org", phone="+44 1")
    make_contact(alice, first_name="Bo", email="bo@example.org")
    preview = alice_client.get("/duplicates/same-email/").content.decode()
    assert "ada@example.org" in preview and "bo@example.org" not in preview
    alice_client.post("/duplicates/same-email/merge/")
    assert Contact.objects.for_owner(alice).count() == 2
    kept.refresh_from_db()
    assert kept.phone == "+44 1"
    assert Merge.objects.filter(owner=alice).count() == 1


def test_merging_every_same_email_group_counts_no_group_of_people_kept_apart(alice, alice_client):
    ada = make_contact(alice, first_name="Ada", email="ada@example.org",
                       profile_url="linkedin.com/in/ada")  # fmt: skip
    other_ada = make_contact(alice, first_name="Ada", email="ada@example.org")
    make_contact(alice, first_name="Bo", email="bo@example.org", profile_url="linkedin.com/in/bo")
    make_contact(alice, first_name="Bo", email="bo@example.org")
    alice_client.post(f"/duplicates/{ada.pk}/{other_ada.pk}/not-duplicate/")
    preview = alice_client.get("/duplicates/same-email/").content.decode()
    assert "1 email address belongs to more than one contact." in preview
    merged = alice_client.post("/duplicates/same-email/merge/", follow=True)
    assert "Merged 1 contact into the ones sharing their email." in merged.content.decode()
    assert "left, listed below" not in merged.content.decode()
    assert Contact.objects.filter(pk__in=[ada.pk, other_ada.pk]).count() == 2
    after = alice_client.get("/duplicates/same-email/").content.decode()
    assert "0 email addresses belong to more than one contact." in after
    assert "Nothing to merge" in after

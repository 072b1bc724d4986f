from datetime import date

from django.utils import timezone

from contacts.models import Contact
from imports.pipeline import run_import
from tests.factories import make_contact
from tests.imports.conftest import connection, connections_file


def test_a_complete_connections_list_marks_the_connections_missing_from_it_as_gone(
    alice, bob, make_job
):
    make_contact(alice, profile_url="linkedin.com/in/ada", is_connection=True)
    gone = make_contact(alice, profile_url="linkedin.com/in/bo", first_name="Bo",
                        last_name="Lind", is_connection=True)  # fmt: skip
    follower = make_contact(alice, profile_url="linkedin.com/in/cy", is_follower=True)
    bobs = make_contact(bob, profile_url="linkedin.com/in/dee", is_connection=True)
    job = make_job(alice)
    run_import(job.pk, connections_file([connection(2, "ada", date(2020, 1, 1))]))
    job.refresh_from_db()
    gone.refresh_from_db()
    assert (gone.is_connection, gone.disconnected_on) == (False, timezone.localdate())
    assert job.disconnected == 1
    assert job.summary["disconnected"] == [{"id": gone.pk, "name": "Bo Lind", "slug": "bo"}]
    assert Contact.objects.get(pk=follower.pk).is_follower
    assert Contact.objects.get(pk=bobs.pk).is_connection


def test_a_partial_file_marks_nobody_as_gone(alice, make_job):
    kept = make_contact(alice, profile_url="linkedin.com/in/bo", is_connection=True)
    job = make_job(alice, snapshot=False)
    run_import(job.pk, connections_file([connection(2, "ada", date(2020, 1, 1))]))
    job.refresh_from_db()
    assert job.disconnected == 0
    assert Contact.objects.get(pk=kept.pk).is_connection


def test_the_summary_lists_new_connections_and_changed_companies_and_positions(alice, make_job):
    make_contact(alice, profile_url="linkedin.com/in/ada", first_name="Ada", last_name="L",
                 company="Acme", position="CTO", is_connection=True)  # fmt: skip
    job = make_job(alice)
    rows = [
        connection(2, "ada", first_name="Ada", last_name="L", company="Globex", position="CTO"),
        connection(3, "cy", first_name="Cy", last_name="Young"),
    ]
    run_import(job.pk, connections_file(rows))
    job.refresh_from_db()
    assert [entry["name"] for entry in job.summary["new_connections"]] == ["Cy Young"]
    [change] = job.summary["changed"]
    assert (change["name"], change["field"], change["old"], change["new"]) == (
        "Ada L", "company", "Acme", "Globex"
    )  # fmt: skip


def test_reimporting_the_same_snapshot_changes_nothing(alice, make_job):
    rows = [connection(2, "ada", date(2020, 1, 1), first_name="Ada"), connection(3, "bo")]
    run_import(make_job(alice).pk, connections_file(rows))
    again = make_job(alice)
    run_import(again.pk, connections_file(rows))
    again.refresh_from_db()
    assert again.counts() == {
        "created": 0, "updated": 0, "unchanged": 2, "tagged": 0, "skipped": 0, "failed": 0,
        "disconnected": 0,
    }  # fmt: skip
    assert again.summary.get("new_connections", []) == []


def test_an_older_connections_list_leaves_the_connections_made_after_it_connected(alice, make_job):
    later = make_contact(alice, profile_url="linkedin.com/in/zoe", is_connection=True,
                         connected_on=date(2026, 1, 14))  # fmt: skip
    gone = make_contact(alice, profile_url="linkedin.com/in/bo", is_connection=True,
                        connected_on=date(2019, 5, 1))  # fmt: skip
    job = make_job(alice)
    run_import(job.pk, connections_file([connection(2, "ada", date(2021, 3, 12))]))
    job.refresh_from_db()
    assert job.disconnected == 1
    assert Contact.objects.get(pk=later.pk).is_connection
    assert not Contact.objects.get(pk=gone.pk).is_connection
    assert job.warnings == [
        "Left connected: 1 connection made after 12 Mar 2021, the newest date in this "
        "connections list."
    ]

"""A generic file's emails that are not addresses and dates still to come: left out, said once."""

import json
from datetime import date, timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from contacts.models import Contact
from imports import lifecycle
from imports.jobs import create_job
from imports.lifecycle import requeue_stale_jobs
from imports.models import ImportJob
from imports.pipeline import run_import
from tests.imports.readers_support import read_one, write

MAPPING = {"Person": "full_name", "Mail": "email", "Since": "connected_on"}


def import_csv(owner: object, text: str, **options: object) -> ImportJob:
    job = create_job(owner, ContentFile(text.encode(), name="people.csv"), **options)
    run_import(job.pk)
    job.refresh_from_db()
    return job


def stored(owner: object) -> dict[str, tuple[str, date | None]]:
    return {
        c.first_name: (c.email, c.connected_on)
        for c in Contact.objects.for_owner(owner).order_by("id")
    }


def test_a_date_in_the_future_is_left_out_and_the_job_says_so_once(alice):
    job = import_csv(
        alice,
        "Person,Mail,Since\n"
        "Ada Lovelace,ada@example.org,2090-01-01\n"
        "Grace Hopper,grace@example.org,2020-05-01\n"
        "Alan Turing,alan@example.org,01 Jan 2099\n",
        mapping=MAPPING,
        declared_kind="connections",
    )
    assert stored(alice) == {
        "Ada": ("ada@example.org", None),
        "Grace": ("grace@example.org", date(2020, 5, 1)),
        "Alan": ("alan@example.org", None),
    }
    assert job.status == ImportJob.Status.SUCCEEDED
    assert job.created == 3
    assert job.warnings == [
        "2 rows have a date in the future (the first on line 2: connection date 2090-01-01); "
        "they were imported without the date."
    ]


def test_an_email_that_is_not_an_address_is_not_stored_and_the_row_still_imports(alice):
    job = import_csv(
        alice,
        "Person,Mail,Since\n"
        "Ada Lovelace,not-an-email,2020-01-01\n"
        "Grace Hopper,grace@@example.org,2020-01-01\n"
        "Alan Turing,alan turing@example.org,2020-01-01\n"
        "Kofi Mensah,KOFI@Example.org,2020-01-01\n",
        mapping=MAPPING,
    )
    assert stored(alice) == {
        "Ada": ("", date(2020, 1, 1)),
        "Grace": ("", date(2020, 1, 1)),
        "Alan": ("", date(2020, 1, 1)),
        "Kofi": ("kofi@example.org", date(2020, 1, 1)),
    }
    assert (job.created, job.failed) == (4, 0)
    assert job.warnings == [
        "3 rows have an email that is not an email address (the first on line 2: "
        "'not-an-email'); they were imported without the email."
    ]


def test_a_row_that_only_a_bad_email_names_is_a_row_error_saying_so(alice):
    job = import_csv(
        alice,
        "Mail,Since\nbad@,2020-01-01\nada@example.org,2020-01-01\n",
        mapping={"Mail": "email", "Since": "connected_on"},
    )
    assert list(Contact.objects.for_owner(alice).values_list("email", flat=True)) == [
        "ada@example.org"
    ]
    (error,) = job.row_errors.all()
    assert error.line == 2
    assert error.reason.startswith("the email 'bad@' is not an email address")
    assert (job.created, job.failed, job.warnings) == (1, 1, [])


def test_one_row_with_both_gets_both_warnings_each_in_the_singular(alice):
    job = import_csv(alice, "Person,Mail,Since\nAda Lovelace,ada@,2090-01-01\n", mapping=MAPPING)
    assert stored(alice) == {"Ada": ("", None)}
    assert job.warnings == [
        "1 row has an email that is not an email address (line 2: 'ada@'); "
        "it was imported without the email.",
        "1 row has a date in the future (line 2: connection date 2090-01-01); "
        "it was imported without the date.",
    ]


def test_tomorrow_is_kept_for_a_file_written_in_a_time_zone_ahead(alice):
    tomorrow = timezone.now().date() + timedelta(days=1)
    job = import_csv(
        alice,
        f"Person,Since\nAda Lovelace,{tomorrow:%Y-%m-%d}\n",
        mapping={"Person": "full_name", "Since": "connected_on"},
    )
    assert stored(alice) == {"Ada": ("", tomorrow)}
    assert job.warnings == []


def test_a_follower_lists_future_follow_date_found_by_its_column_name_is_left_out(tmp_path):
    data = "profileUrl,fullName,followedAt\nhttps://www.linkedin.com/in/ada,Ada L,2091-03-04\n"
    section = read_one(write(tmp_path, data), declared_kind="followers")
    (ada,) = section.people
    assert ada.followed_me_on is None
    assert section.warnings == [
        "1 row has a date in the future (line 2: followed-you date 2091-03-04); "
        "it was imported without the date."
    ]


def test_a_json_file_gets_the_same_checks(alice):
    people = [
        {"name": "Ada Lovelace", "email": "ada at example", "lastInteraction": "2095-01-01"},
        {"name": "Grace Hopper", "email": "grace@example.org"},
    ]
    mapping = {"name": "full_name", "email": "email", "lastInteraction": "last_interaction_at"}
    job = create_job(
        alice, ContentFile(json.dumps(people).encode(), name="p.json"), mapping=mapping
    )
    run_import(job.pk)
    job.refresh_from_db()
    ada = Contact.objects.for_owner(alice).get(first_name="Ada")
    assert (ada.email, ada.last_interaction_at) == ("", None)
    assert len(job.warnings) == 2
    # A JSON array's rows are items, not lines.
    assert "item 1: 'ada at example'" in job.warnings[0]
    assert "item 1: last interaction 2095-01-01" in job.warnings[1]


def test_a_file_of_many_batches_says_it_once_with_the_whole_count(alice, settings):
    settings.IMPORT_BATCH_SIZE = 2
    rows = "".join(f"P{n} Example,p{n}@,2020-01-01\n" for n in range(5))
    job = import_csv(alice, f"Person,Mail,Since\n{rows}", mapping=MAPPING)
    assert job.warnings == [
        "5 rows have an email that is not an email address (the first on line 2: 'p0@'); "
        "they were imported without the email."
    ]


class WorkerKilled(BaseException):
    """Stands for SIGKILL: nothing in the pipeline catches it."""


def test_a_job_resumed_after_a_kill_counts_each_row_once(alice, settings, monkeypatch):
    settings.IMPORT_BATCH_SIZE = 2
    rows = "".join(f"P{n} Example,p{n}@,2020-01-01\n" for n in range(5))
    job = create_job(
        alice, ContentFile(f"Person,Mail,Since\n{rows}".encode(), name="p.csv"), mapping=MAPPING
    )
    save_held = lifecycle.save_held
    saves = []

    def dies_on_the_second_batch(held: ImportJob, **values: object) -> None:
        saves.append(values)
        if len(saves) == 2:
            raise WorkerKilled
        save_held(held, **values)

    monkeypatch.setattr(lifecycle, "save_held", dies_on_the_second_batch)
    with pytest.raises(WorkerKilled):
        run_import(job.pk)
    monkeypatch.setattr(lifecycle, "save_held", save_held)
    assert requeue_stale_jobs(older_than=timedelta(0)) == [job.pk]
    run_import(job.pk)
    job.refresh_from_db()
    assert (job.status, job.created, job.attempts) == (ImportJob.Status.SUCCEEDED, 5, 2)
    assert job.warnings == [
        "5 rows have an email that is not an email address (the first on line 2: 'p0@'); "
        "they were imported without the email."
    ]

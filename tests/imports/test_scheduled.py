import shutil
from pathlib import Path

import pytest
from django.db import IntegrityError
from django_celery_beat.models import PeriodicTask

from contacts.models import Contact
from imports.models import ImportedFile, ImportJob, ImportSource
from imports.pipeline import run_import
from imports.scheduled import check_source, schedule_source

SAMPLES = Path(__file__).resolve().parent.parent / "fixtures" / "linkedin"
CONNECTIONS = SAMPLES / "paarth-s__sourcer__tests_fixtures_Connections.csv"


@pytest.fixture
def inbox(settings, tmp_path):
    settings.IMPORT_INBOX_ROOT = tmp_path
    (tmp_path / "alice").mkdir()
    return tmp_path / "alice"


@pytest.fixture
def source(alice, inbox):
    return ImportSource.objects.create(owner=alice, name="Exports", inbox_folder="alice")


def test_a_file_dropped_into_the_inbox_is_imported_exactly_once(alice, inbox, source):
    shutil.copy(CONNECTIONS, inbox / "Connections.csv")
    assert check_source(source.pk) == "1 new file queued"
    assert check_source(source.pk) == "no new file"
    [job] = ImportJob.objects.for_owner(alice)
    run_import(job.pk)
    job.refresh_from_db()
    assert (job.status, job.created, job.source) == ("succeeded", 3, source)
    assert Contact.objects.for_owner(alice).count() == 3
    source.refresh_from_db()
    assert source.last_result == "no new file"
    assert source.last_run_at is not None


def test_the_same_content_under_a_new_name_is_not_imported_again(alice, inbox, source):
    shutil.copy(CONNECTIONS, inbox / "Connections.csv")
    check_source(source.pk)
    shutil.copy(CONNECTIONS, inbox / "Connections (1).csv")
    assert check_source(source.pk) == "no new file"
    assert ImportJob.objects.for_owner(alice).count() == 1


def test_the_database_refuses_a_file_taken_twice_by_racing_runs(source):
    ImportedFile.objects.create(source=source, sha256="a" * 64)
    with pytest.raises(IntegrityError):
        ImportedFile.objects.create(source=source, sha256="a" * 64)


def test_a_folder_outside_the_inbox_root_is_refused(alice, inbox):
    escaping = ImportSource.objects.create(owner=alice, name="etc", inbox_folder="../../etc")
    assert "must be inside" in check_source(escaping.pk)
    assert not ImportJob.objects.exists()


def test_a_source_gets_a_celery_beat_entry_that_follows_its_settings(source):
    source.interval_minutes = 15
    schedule_source(source)
    task = PeriodicTask.objects.get(import_source=source)
    assert (task.task, task.args, task.interval.every, task.enabled) == (
        "imports.run_source", f"[{source.pk}]", 15, True
    )  # fmt: skip
    source.enabled = False
    schedule_source(source)
    task.refresh_from_db()
    assert not task.enabled
    source.delete()
    assert not PeriodicTask.objects.filter(pk=task.pk).exists()

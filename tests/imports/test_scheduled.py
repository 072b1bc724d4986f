import os
import shutil
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.db import IntegrityError
from django_celery_beat.models import PeriodicTask

from contacts.models import Contact
from imports import scheduled
from imports.models import ImportedFile, ImportJob, ImportSource
from imports.pipeline import run_import
from imports.scheduled import check_source, schedule_source

SAMPLES = Path(__file__).resolve().parent.parent / "fixtures" / "linkedin"
CONNECTIONS = SAMPLES / "paarth-s__sourcer__tests_fixtures_Connections.csv"


@pytest.fixture
def inbox(settings, tmp_path):
    settings.IMPORT_INBOX_ROOT = tmp_path
    settings.IMPORT_INBOX_SETTLE_SECONDS = 0
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


def test_a_file_taken_before_is_not_read_again_until_it_changes(inbox, source, monkeypatch):
    shutil.copy(CONNECTIONS, inbox / "Connections.csv")
    assert check_source(source.pk) == "1 new file queued"
    hashed: list[str] = []
    hash_of = scheduled._sha256
    monkeypatch.setattr(
        scheduled, "_sha256", lambda stream: hashed.append("read") or hash_of(stream)
    )
    assert check_source(source.pk) == "no new file"
    assert hashed == []
    with open(inbox / "Connections.csv", "a") as connections:
        connections.write("Ada,Lovelace,https://www.linkedin.com/in/ada,,Acme,CTO,01 Jan 2020\n")
    assert check_source(source.pk) == "1 new file queued"
    assert hashed == ["read"]


def test_the_same_content_under_a_new_name_is_not_imported_again(alice, inbox, source):
    shutil.copy(CONNECTIONS, inbox / "Connections.csv")
    check_source(source.pk)
    shutil.copy(CONNECTIONS, inbox / "Connections (1).csv")
    assert check_source(source.pk) == "no new file"
    assert ImportJob.objects.for_owner(alice).count() == 1


def test_a_copy_of_content_taken_before_is_read_once_not_on_every_check(
    alice, inbox, source, monkeypatch
):
    shutil.copy(CONNECTIONS, inbox / "Connections.csv")
    check_source(source.pk)
    shutil.copy(CONNECTIONS, inbox / "Connections (1).csv")
    hashed: list[str] = []
    hash_of = scheduled._sha256
    monkeypatch.setattr(
        scheduled, "_sha256", lambda stream: hashed.append("read") or hash_of(stream)
    )
    assert check_source(source.pk) == "no new file"
    assert check_source(source.pk) == "no new file"
    assert hashed == ["read"]
    with open(inbox / "Connections (1).csv", "a") as copy:
        copy.write("Ada,Lovelace,https://www.linkedin.com/in/ada,,Acme,CTO,01 Jan 2020\n")
    assert check_source(source.pk) == "1 new file queued"
    assert hashed == ["read", "read"]
    assert ImportJob.objects.for_owner(alice).count() == 2


def test_a_file_that_changed_a_moment_ago_is_left_for_a_later_check(alice, inbox, source, settings):
    settings.IMPORT_INBOX_SETTLE_SECONDS = 60
    shutil.copy(CONNECTIONS, inbox / "Connections.csv")
    assert check_source(source.pk) == (
        "no new file; 1 file still being written (changed less than 60 s ago), "
        "taken on a later check"
    )
    assert not ImportJob.objects.exists()
    settings.IMPORT_INBOX_SETTLE_SECONDS = 0
    assert check_source(source.pk) == "1 new file queued"


def _write_slowly(path: Path, rows: int, chunks: int, pause: float) -> None:
    lines = ["First Name,Last Name,URL,Email Address,Company,Position,Connected On"] + [
        f"Slow{i},Writer,https://www.linkedin.com/in/slow-writer-{i},,Acme,Eng,01 Jan 2024"
        for i in range(rows)
    ]
    data = ("\n".join(lines) + "\n").encode()
    step = len(data) // chunks + 1
    with path.open("wb") as out:
        for start in range(0, len(data), step):
            out.write(data[start : start + step])
            out.flush()
            time.sleep(pause)


def test_a_file_still_being_copied_in_is_imported_only_once_complete(
    alice, inbox, source, settings
):
    settings.IMPORT_INBOX_SETTLE_SECONDS = 1
    writer = threading.Thread(target=_write_slowly, args=(inbox / "Big.csv", 2000, 8, 0.3))
    writer.start()
    while not (inbox / "Big.csv").exists():
        time.sleep(0.01)
    while writer.is_alive():
        assert "no new file; 1 file still being written" in check_source(source.pk)
        time.sleep(0.1)
    time.sleep(1.1)
    assert check_source(source.pk) == "1 new file queued"
    [job] = ImportJob.objects.for_owner(alice)
    run_import(job.pk)
    job.refresh_from_db()
    assert (job.status, job.created) == ("succeeded", 2000)


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


def test_a_file_name_that_is_not_utf8_is_imported_under_a_readable_name(alice, inbox, source):
    shutil.copy(CONNECTIONS, os.fsdecode(bytes(inbox) + b"/Connexions caf\xe9.csv"))
    assert check_source(source.pk) == "1 new file queued"
    [job] = ImportJob.objects.for_owner(alice)
    assert job.original_name == "Connexions caf\ufffd.csv"


def test_a_file_over_the_upload_limit_is_named_and_the_others_are_still_taken(
    alice, inbox, source, settings
):
    settings.MAX_UPLOAD_BYTES = 2 * 1024**2
    (inbox / "Archive.zip").write_bytes(b"\0" * (settings.MAX_UPLOAD_BYTES + 1))
    shutil.copy(CONNECTIONS, inbox / "Connections.csv")
    assert check_source(source.pk) == (
        "1 new file queued; 1 file not imported: Archive.zip (larger than the 2 MB limit)"
    )
    assert [job.original_name for job in ImportJob.objects.all()] == ["Connections.csv"]


@pytest.fixture
def readable_by_nobody_else(settings):
    """An inbox root that the unprivileged user can reach (pytest's tmp_path is root's only)."""
    root = Path(tempfile.mkdtemp())
    root.chmod(0o755)
    (root / "alice").mkdir(mode=0o755)
    settings.IMPORT_INBOX_ROOT = root
    settings.IMPORT_INBOX_SETTLE_SECONDS = 0
    yield root / "alice"
    shutil.rmtree(root)


@contextmanager
def as_an_unprivileged_user() -> Iterator[None]:
    """Root reads a file whatever its mode: a permission check needs another user."""
    if os.geteuid() != 0:
        yield
        return
    os.seteuid(65534)
    try:
        yield
    finally:
        os.seteuid(0)


def test_a_file_the_server_cannot_read_is_named_in_the_result(alice, readable_by_nobody_else):
    locked = readable_by_nobody_else / "Connections.csv"
    shutil.copy(CONNECTIONS, locked)
    locked.chmod(0)
    source = ImportSource.objects.create(owner=alice, name="Exports", inbox_folder="alice")
    with as_an_unprivileged_user():
        result = check_source(source.pk)
    assert result == "no new file; 1 file not imported: Connections.csv (Permission denied)"
    source.refresh_from_db()
    assert source.last_result == result
    assert not ImportJob.objects.exists()
    assert not ImportedFile.objects.exists()


def test_links_pipes_and_folders_in_the_inbox_are_passed_over(alice, inbox, source):
    (inbox / "passwd.csv").symlink_to("/etc/passwd")
    (inbox / "etc").symlink_to("/etc")
    (inbox / "folder.csv").mkdir()
    os.mkfifo(inbox / "pipe.csv")
    assert check_source(source.pk) == "no new file"


def test_a_source_sharing_its_folder_with_an_older_one_imports_nothing_and_says_why(
    alice, inbox, source
):
    # Saved before such a folder was refused: two sources of alice read the same files.
    later = ImportSource.objects.create(owner=alice, name="Connections", inbox_folder="alice/")
    shutil.copy(CONNECTIONS, inbox / "Connections.csv")
    assert check_source(later.pk) == (
        "not checked: your source “Exports” reads this folder too and imports its files; "
        "delete this source, or give it a folder of its own"
    )
    later.refresh_from_db()
    assert later.last_result.startswith("not checked: your source “Exports”")
    assert not ImportJob.objects.exists()
    assert check_source(source.pk) == "1 new file queued"
    assert [job.source for job in ImportJob.objects.for_owner(alice)] == [source]


def test_a_source_sharing_its_folder_with_a_paused_one_reads_it(alice, inbox, source):
    source.enabled = False
    source.save(update_fields=["enabled"])
    later = ImportSource.objects.create(owner=alice, name="Connections", inbox_folder="alice")
    shutil.copy(CONNECTIONS, inbox / "Connections.csv")
    assert check_source(later.pk) == "1 new file queued"
    assert [job.source for job in ImportJob.objects.for_owner(alice)] == [later]


def _replace_keeping_size_and_mtime(path: Path, content: bytes) -> None:
    """What ``cp -p`` of another file of the same size over ``path`` leaves."""
    before = path.stat()
    assert len(content) == before.st_size
    time.sleep(0.02)  # past the clock tick of the file's last status change
    path.write_bytes(content)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)


ADA = b"First Name,Last Name,URL\nAda,Lovelace,https://www.linkedin.com/in/ada\n"
EVE = b"First Name,Last Name,URL\nEve,Lovelace,https://www.linkedin.com/in/eve\n"


def test_a_file_replaced_by_one_of_the_same_size_and_time_is_imported(alice, inbox, source):
    (inbox / "people.csv").write_bytes(ADA)
    assert check_source(source.pk) == "1 new file queued"
    _replace_keeping_size_and_mtime(inbox / "people.csv", EVE)
    assert check_source(source.pk) == "1 new file queued"
    for job in ImportJob.objects.for_owner(alice):
        run_import(job.pk)
    names = Contact.objects.for_owner(alice).values_list("first_name", flat=True)
    assert sorted(names) == ["Ada", "Eve"]
    assert check_source(source.pk) == "no new file"


def test_a_copy_passed_over_then_replaced_the_same_way_is_imported(alice, inbox, source):
    (inbox / "people.csv").write_bytes(ADA)
    check_source(source.pk)
    (inbox / "people (1).csv").write_bytes(ADA)
    assert check_source(source.pk) == "no new file"
    _replace_keeping_size_and_mtime(inbox / "people (1).csv", EVE)
    assert check_source(source.pk) == "1 new file queued"
    assert ImportJob.objects.for_owner(alice).count() == 2

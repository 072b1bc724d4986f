"""Scheduled imports: each source's new files become jobs, each file exactly once.

A file is known by the SHA-256 of its content; an inbox file a check took, or
found to hold content taken before (a copy under another name), is passed over,
unread, while its name, size, modification and status-change times and inode
stay the same (``FileVersion``). Recording it and creating its
job happen in one transaction guarded by a unique constraint on (source,
hash), so two runs racing over the same file (two beats, a slow worker)
create one job between them. An inbox file is taken only once it has not
changed for IMPORT_INBOX_SETTLE_SECONDS, and only if it did not change while
it was read: a file still being copied in is left for a later run.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import stat
import tempfile
import time
from pathlib import Path
from typing import IO, NamedTuple

from django.conf import settings
from django.core.files import File
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from imports.fetching import FetchRefused, fetch_https, too_large
from imports.jobs import create_job, enqueue
from imports.models import ImportedFile, ImportSource, PassedOverFile

log = logging.getLogger(__name__)
_CHUNK = 1024 * 1024


class SourceUnavailable(Exception):
    """The source's folder or URL cannot be read; the message says why."""


class StillBeingWritten(Exception):
    """The inbox file changed a moment ago or while it was read: a later run takes it."""


class FileVersion(NamedTuple):
    """What a check remembers of an inbox file, to pass it over unread while it stays so.

    Size and modification time alone miss a file of the same size copied over it
    with its modification time kept (``cp -p``, rsync): the status-change time is
    set by the system on every write, and a file moved in place of it has another
    inode.
    """

    size: int
    modified_ns: int
    changed_ns: int
    inode: int


def inbox_root() -> Path:
    return Path(settings.IMPORT_INBOX_ROOT).resolve()


def inbox_path(folder: str) -> Path:
    """The source's folder inside IMPORT_INBOX_ROOT; refuses any path that leaves it."""
    path = (inbox_root() / folder).resolve()
    if not path.is_relative_to(inbox_root()):
        raise SourceUnavailable(f"the inbox folder must be inside {inbox_root()}")
    return path


def _sha256(stream: IO[bytes]) -> str:
    digest = hashlib.sha256()
    for chunk in iter(lambda: stream.read(_CHUNK), b""):
        digest.update(chunk)
    stream.seek(0)
    return digest.hexdigest()


def _file_version(stream: IO[bytes]) -> FileVersion:
    status = os.fstat(stream.fileno())
    # Stored in a signed 64-bit column and only compared: a larger inode wraps round.
    inode = status.st_ino - 2**64 if status.st_ino >= 2**63 else status.st_ino
    return FileVersion(status.st_size, status.st_mtime_ns, status.st_ctime_ns, inode)


def _check_settled(version: FileVersion) -> None:
    # ctime too: a copy that keeps the original's mtime (cp -p) still moves the ctime.
    changed = max(version.modified_ns, version.changed_ns) / 1e9
    if time.time() - changed < settings.IMPORT_INBOX_SETTLE_SECONDS:
        raise StillBeingWritten


def _inbox_sha256(stream: IO[bytes], before: FileVersion) -> str:
    """The hash of a settled inbox file (``before``: its ``_file_version`` when opened),
    refused if the file changed while it was read."""
    _check_settled(before)
    sha256 = _sha256(stream)
    if _file_version(stream) != before:
        raise StillBeingWritten
    return sha256


def _take_file(
    source: ImportSource,
    stream: IO[bytes],
    name: str,
    sha256: str,
    version: FileVersion | None = None,
) -> bool:
    """Create a job for the file unless this source took the same content before.

    ``version`` is an inbox file's, kept with it.
    """
    if ImportedFile.objects.filter(source=source, sha256=sha256).exists():
        return False
    kept = version._asdict() if version else {}
    try:
        with transaction.atomic():
            record = ImportedFile.objects.create(
                source=source, sha256=sha256, name=name[:255], **kept
            )
            job = create_job(
                source.owner,
                File(stream, name=name),
                declared_kind=source.declared_kind,
                tags=source.tags.values_list("name", flat=True),
                snapshot=source.snapshot,
                source=source,
            )
            record.job = job
            record.save(update_fields=["job"])
            enqueue(job)
    except IntegrityError:
        return False  # another run took this file a moment ago
    return True


def _files_in_inbox(source: ImportSource) -> list[Path]:
    folder = inbox_path(source.inbox_folder)
    if not folder.is_dir():
        raise SourceUnavailable(f"the inbox folder {folder} does not exist")
    return sorted(
        path
        for path in folder.iterdir()
        if path.is_file() and not path.is_symlink() and not path.name.startswith(".")
    )


def _open_regular_file(path: Path) -> IO[bytes] | None:
    """The file at ``path``, or None if it became a link, a pipe or a folder since listed."""
    stream = os.fdopen(os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK), "rb")
    if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
        stream.close()
        return None
    return stream


def _first_source_of_the_folder(source: ImportSource) -> ImportSource | None:
    """An enabled source of the same owner, added before ``source``, that reads its folder.

    New and edited sources are refused such a folder (``inbox_folders.folder_refusal``),
    but two saved before that refusal can still share one.
    """
    folder = inbox_path(source.inbox_folder)
    earlier = ImportSource.objects.filter(
        owner_id=source.owner_id, enabled=True, pk__lt=source.pk
    ).exclude(inbox_folder="")
    for other in earlier.order_by("pk"):
        try:
            if inbox_path(other.inbox_folder) == folder:
                return other
        except SourceUnavailable:
            continue  # a folder outside the inbox root reads nothing
    return None


def _take_inbox(source: ImportSource) -> str:
    """Take each settled new file; one the server cannot read is named, and the rest go on."""
    if first := _first_source_of_the_folder(source):
        # Each file would become two jobs, one for each source: only the first reads it.
        return (
            f"not checked: your source “{first.name}” reads this folder too and imports its "
            "files; delete this source, or give it a folder of its own"
        )
    taken = waiting = 0
    unread: list[str] = []
    limit = settings.MAX_UPLOAD_BYTES
    remembered = ("name", *FileVersion._fields)
    already_taken = set(source.files.exclude(size=None).values_list(*remembered))
    already_taken.update(source.passed_over.values_list(*remembered))
    for path in _files_in_inbox(source):
        # A name that is not UTF-8 (from another system's archive) cannot be stored as it is.
        name = os.fsencode(path.name).decode("utf-8", "replace")
        try:
            stream = _open_regular_file(path)
        except FileNotFoundError:
            continue  # moved away since the folder was listed
        except OSError as error:
            unread.append(f"{name} ({error.strerror or error})")
            continue
        if stream is None:
            continue
        with stream:
            version = _file_version(stream)
            if (name[:255], *version) in already_taken:
                continue  # taken by an earlier check, and not changed since: not read again
            if version.size > limit:
                unread.append(f"{name} (larger than the {limit // 1024**2} MB limit)")
                continue
            try:
                sha256 = _inbox_sha256(stream, version)
            except StillBeingWritten:
                waiting += 1
                continue
            except OSError as error:
                unread.append(f"{name} ({error.strerror or error})")
                continue
            if _take_file(source, stream, name, sha256, version):
                taken += 1
            else:
                _pass_over(source, name[:255], version)
    result = _queued(taken)
    if waiting:
        result += (
            f"; {_files(waiting)} still being written (changed less than "
            f"{settings.IMPORT_INBOX_SETTLE_SECONDS} s ago), taken on a later check"
        )
    if unread:
        result += f"; {_files(len(unread))} not imported: {', '.join(unread)}"
    return result


def _pass_over(source: ImportSource, name: str, version: FileVersion) -> None:
    """Remember a file holding content the source took before, so it is not read again."""
    PassedOverFile.objects.update_or_create(source=source, name=name, defaults=version._asdict())


def _files(count: int) -> str:
    return f"{count} file{'s' if count != 1 else ''}"


def _queued(taken: int) -> str:
    return f"{taken} new file{'s' if taken != 1 else ''} queued" if taken else "no new file"


def _take_url(source: ImportSource) -> str:
    limit = settings.MAX_UPLOAD_BYTES
    name = source.url.rstrip("/").rsplit("/", 1)[-1].split("?")[0] or "download"
    with tempfile.TemporaryFile() as spool:
        try:
            copied = fetch_https(source.url, spool, limit)
        except FetchRefused as error:
            raise SourceUnavailable(str(error)) from error
        if copied > limit:
            raise SourceUnavailable(too_large(source.url, None, limit))
        spool.seek(0)
        return _queued(int(_take_file(source, spool, name, _sha256(spool))))


def check_source(source_id: int) -> str:
    """Import the source's new files; records and returns the run's result."""
    source = ImportSource.objects.filter(pk=source_id, enabled=True).first()
    if source is None:
        return "no such enabled source"
    try:
        result = _take_inbox(source) if source.inbox_folder else _take_url(source)
    except SourceUnavailable as error:
        result = str(error)
    except Exception as error:
        _record_result(
            source,
            f"the check stopped on an unexpected error ({type(error).__name__}); "
            "the server's log has the details, and the next check tries again",
        )
        raise
    _record_result(source, result)
    return result


def _record_result(source: ImportSource, result: str) -> None:
    ImportSource.objects.filter(pk=source.pk).update(
        last_run_at=timezone.now(), last_result=result[:500]
    )


def _beat_entry_fields(source: ImportSource) -> dict[str, object]:
    """The beat entry the source's own settings make, but for its interval."""
    return {
        "name": f"import source {source.pk}: {source.name}"[:200],
        "task": "imports.run_source",
        "args": json.dumps([source.pk]),
        "kwargs": "{}",
        "enabled": source.enabled,
        # Set in the admin, any of these would run the entry on another schedule, or stop it.
        "crontab_id": None,
        "solar_id": None,
        "clocked_id": None,
        "one_off": False,
        "start_time": None,
        "expires": None,
        "expire_seconds": None,
    }


def _every(source: ImportSource) -> tuple[int, str]:
    return max(1, source.interval_minutes), IntervalSchedule.MINUTES


def _is_scheduled_as_stored(source: ImportSource) -> bool:
    task = source.periodic_task
    return (
        task is not None
        and task.interval is not None
        and (task.interval.every, task.interval.period) == _every(source)
        and all(getattr(task, name) == value for name, value in _beat_entry_fields(source).items())
    )


def schedule_source(source: ImportSource) -> None:
    """Create or update the source's celery beat entry to match its interval and switch."""
    every, period = _every(source)
    interval, _ = IntervalSchedule.objects.get_or_create(every=every, period=period)
    # save(), not update(): the beat scheduler notices changes through the model's signals.
    task = source.periodic_task or PeriodicTask()
    for name, value in {**_beat_entry_fields(source), "interval": interval}.items():
        setattr(task, name, value)
    task.save()
    if source.periodic_task_id != task.pk:
        source.periodic_task = task
        source.save(update_fields=["periodic_task"])


def restore_schedules(sources: QuerySet[ImportSource]) -> int:
    """Schedule again each source whose beat entry was deleted or changed outside it
    (in the admin, or with a deleted interval); returns how many.

    The source is the truth and its entry is made from it, so a source never
    shows a schedule that beat does not have for longer than one check.
    """
    drifted = [
        source.pk
        for source in sources.select_related("periodic_task__interval")
        if not _is_scheduled_as_stored(source)
    ]
    restored = 0
    for source_id in drifted:
        with transaction.atomic():
            # Locked and read again: a pause saved meanwhile is not undone by a stale row.
            source = ImportSource.objects.select_for_update().filter(pk=source_id).first()
            if source is None or _is_scheduled_as_stored(source):
                continue
            log.warning(
                "import source %s: its beat entry was missing or changed; restored", source.pk
            )
            schedule_source(source)
            restored += 1
    return restored


def unschedule_deleted_source(sender: type, instance: ImportSource, **kwargs: object) -> None:
    """Connected to post_delete: a deleted source's beat entry goes with it."""
    if instance.periodic_task_id:
        PeriodicTask.objects.filter(pk=instance.periodic_task_id).delete()

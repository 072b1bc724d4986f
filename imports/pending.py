"""Uploads waiting for the user to confirm a column mapping, before they become a job.

A generic file is not a job until its mapping is confirmed: a queued job would
be picked up by a worker (or the sweeper) and read with a guessed mapping. The
files wait under MEDIA_ROOT/imports/pending/<user id>/ and their options in the
session, each under its own token, so that two tabs can each map a file. Past
``MAX_WAITING`` the oldest is dropped; a file no session names any more goes
after a day.
"""

from __future__ import annotations

import time
import uuid
from pathlib import Path, PurePath
from typing import Any

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.core.files.uploadedfile import UploadedFile

SESSION_KEY = "pending_imports"
MAX_WAITING = 5
FORGOTTEN_AFTER_SECONDS = 24 * 3600


def _folder(owner: Any) -> Path:
    return Path(settings.MEDIA_ROOT) / "imports" / "pending" / str(owner.pk)


def _waiting(session: SessionBase) -> dict[str, dict[str, Any]]:
    waiting = session.get(SESSION_KEY)
    return dict(waiting) if isinstance(waiting, dict) else {}


def hold(session: SessionBase, owner: Any, upload: UploadedFile, options: dict[str, Any]) -> str:
    """Keep ``upload`` and its options until the mapping is confirmed; returns its token."""
    waiting = _waiting(session)
    while len(waiting) >= MAX_WAITING:
        oldest = next(iter(waiting))
        _delete(owner, waiting.pop(oldest))
    folder = _folder(owner)
    folder.mkdir(parents=True, exist_ok=True)
    _drop_forgotten(folder, {entry["file"] for entry in waiting.values()})
    token = uuid.uuid4().hex
    suffix = PurePath(upload.name or "").suffix.lower()[:10]
    path = folder / f"{token}{suffix if suffix[1:].isalnum() else ''}"
    with path.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    waiting[token] = {"token": token, "file": path.name, **options}
    session[SESSION_KEY] = waiting
    return token


def held(session: SessionBase, owner: Any, token: str) -> tuple[Path, dict[str, Any]] | None:
    """The waiting file and its options, when ``token`` is one of this user's waiting uploads."""
    entry = _waiting(session).get(token)
    if not entry:
        return None
    path = _folder(owner) / entry["file"]
    if not path.is_file():
        return None
    return path, entry


def discard(session: SessionBase, owner: Any, token: str) -> None:
    """Forget the waiting upload ``token`` and delete its file."""
    waiting = _waiting(session)
    entry = waiting.pop(token, None)
    if entry:
        _delete(owner, entry)
    session[SESSION_KEY] = waiting


def _delete(owner: Any, entry: dict[str, Any]) -> None:
    (_folder(owner) / PurePath(entry["file"]).name).unlink(missing_ok=True)


def _drop_forgotten(folder: Path, kept: set[str]) -> None:
    """Files of sessions that ended with their upload waiting."""
    cutoff = time.time() - FORGOTTEN_AFTER_SECONDS
    for path in folder.iterdir():
        if path.name not in kept and path.is_file() and path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)

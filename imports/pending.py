"""Uploads waiting for the user to confirm a column mapping, before they become a job.

A generic file is not a job until its mapping is confirmed: a queued job would
be picked up by a worker (or the sweeper) and read with a guessed mapping. The
file waits under MEDIA_ROOT/imports/pending/<user id>/, one per user, and its
options wait in the session; starting another upload drops the older one.
"""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path, PurePath
from typing import Any

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.core.files.uploadedfile import UploadedFile

SESSION_KEY = "pending_import"


def _folder(owner: Any) -> Path:
    return Path(settings.MEDIA_ROOT) / "imports" / "pending" / str(owner.pk)


def hold(session: SessionBase, owner: Any, upload: UploadedFile, options: dict[str, Any]) -> str:
    """Keep ``upload`` and its options until the mapping is confirmed; returns its token."""
    discard(session, owner)
    folder = _folder(owner)
    folder.mkdir(parents=True, exist_ok=True)
    token = uuid.uuid4().hex
    suffix = PurePath(upload.name or "").suffix.lower()[:10]
    path = folder / f"{token}{suffix if suffix[1:].isalnum() else ''}"
    with path.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    session[SESSION_KEY] = {"token": token, "file": path.name, **options}
    return token


def held(session: SessionBase, owner: Any, token: str) -> tuple[Path, dict[str, Any]] | None:
    """The waiting file and its options, when ``token`` is this user's waiting upload."""
    entry = session.get(SESSION_KEY)
    if not entry or entry.get("token") != token:
        return None
    path = _folder(owner) / entry["file"]
    if not path.is_file():
        return None
    return path, entry


def discard(session: SessionBase, owner: Any) -> None:
    """Forget the waiting upload and delete every file of this user's waiting folder."""
    session.pop(SESSION_KEY, None)
    shutil.rmtree(_folder(owner), ignore_errors=True)

"""What an upload looks like before it becomes a job, and whether its columns need a mapping."""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Mapping
from pathlib import Path

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.files.uploadedfile import UploadedFile

from imports.models import ColumnMapping
from imports.readers import Preview, UnsupportedFile, preview
from imports.readers.columns import check_mapping, identifies_people

log = logging.getLogger(__name__)

# Previews in these formats are a table whose columns the readers do not know:
# the user says what each column holds before the job is created.
MAPPED_FORMATS = {"csv", "json"}


def preview_of_upload(upload_file: UploadedFile) -> Preview | None:
    """The readers' preview of the upload; None when they cannot read it (the job says why)."""
    try:
        if hasattr(upload_file, "temporary_file_path"):
            return preview(Path(upload_file.temporary_file_path()))
        return _preview_in_memory(upload_file)
    except UnsupportedFile:
        return None
    except Exception:
        # The preview only chooses what comes next; the job itself reports what is wrong.
        log.exception("the preview of an upload failed")
        return None
    finally:
        upload_file.seek(0)


def _preview_in_memory(upload_file: UploadedFile) -> Preview:
    with tempfile.NamedTemporaryFile() as spool:
        for chunk in upload_file.chunks():
            spool.write(chunk)
        spool.flush()
        return preview(Path(spool.name))


def needs_mapping(file_preview: Preview | None) -> bool:
    return file_preview is not None and file_preview.format in MAPPED_FORMATS


def remembered_mapping(owner: AbstractBaseUser, file_preview: Preview) -> ColumnMapping | None:
    """The mapping the owner confirmed for files of this shape, if any."""
    return ColumnMapping.objects.filter(
        owner_id=owner.pk, header_signature=file_preview.signature
    ).first()


def remember_mapping(
    owner: AbstractBaseUser, file_preview: Preview, mapping: dict[str, str]
) -> None:
    ColumnMapping.objects.update_or_create(
        owner=owner, header_signature=file_preview.signature, defaults={"mapping": mapping}
    )


def mapping_problem(mapping: Mapping[str, str], columns: list[str]) -> str:
    """What is wrong with ``mapping`` (file column -> contact field) for these columns; ""."""
    strangers = sorted(set(mapping) - set(columns))
    if strangers:
        return f"The file has no column {', '.join(map(repr, strangers))}."
    try:
        check_mapping(mapping)
    except ValueError as error:
        return str(error)
    if not identifies_people(mapping):
        return (
            "Map at least one column holding a name, an email or a LinkedIn profile URL: "
            "without one, nobody in the file can be recognised."
        )
    return ""


class MappingRefused(ValueError):
    """The mapping sent for a file does not fit its columns; the message says why."""


def chosen_mapping(
    owner: AbstractBaseUser, file_preview: Preview, sent: dict[str, str] | None
) -> dict[str, str] | None:
    """The mapping to read a file of unknown columns with, outside the web's preview page.

    ``sent`` is checked against the file's columns (``MappingRefused``) and then
    remembered for files of the same columns; without one, the mapping last
    confirmed for them, or None.
    """
    if sent is None:
        remembered = remembered_mapping(owner, file_preview)
        return remembered.mapping if remembered else None
    problem = mapping_problem(sent, file_preview.columns)
    if problem:
        raise MappingRefused(problem)
    remember_mapping(owner, file_preview, sent)
    return sent

"""Uploading a file: the form, the size cap, and the column mapping of a generic file."""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from contacts.api.throttles import UploadThrottle
from crm.ratelimits import limited_by
from imports import pending
from imports.forms import MappingForm, UploadForm
from imports.jobs import create_job, enqueue
from imports.models import ColumnMapping, ImportJob
from imports.readers import Preview, UnsupportedFile, preview

log = logging.getLogger(__name__)

# Previews in these formats are a table whose columns the readers do not know:
# the user says what each column holds before the job is created.
MAPPED_FORMATS = {"csv", "json"}


@login_required
@require_http_methods(["GET", "POST"])
@limited_by(UploadThrottle)
def upload(request: HttpRequest) -> HttpResponse:
    """The upload form; a file past MAX_UPLOAD_BYTES never gets here (crm/uploads.py)."""
    if request.method != "POST":
        return _upload_page(request, UploadForm())
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _upload_page(request, form, status=400)
    options = {
        "declared_kind": form.cleaned_data["declared_kind"],
        "tags": form.cleaned_data["tags"],
        "snapshot": form.cleaned_data["snapshot"],
    }
    upload_file: UploadedFile = form.cleaned_data["file"]
    file_preview = _preview_of_upload(upload_file)
    if file_preview and file_preview.format in MAPPED_FORMATS:
        token = pending.hold(
            request.session, request.user, upload_file, {"name": upload_file.name, **options}
        )
        return redirect("imports-mapping", token=token)
    job = _start_job(request, upload_file, upload_file.name, options)
    return redirect("imports-job-detail", pk=job.pk)


def _upload_page(request: HttpRequest, form: UploadForm, status: int = 200) -> HttpResponse:
    context = {
        "form": form,
        "max_upload_bytes": settings.MAX_UPLOAD_BYTES,
        "recent_jobs": list(ImportJob.objects.for_owner(request.user)[:5]),
    }
    return render(request, "imports/upload.html", context, status=status)


def _preview_of_upload(upload_file: UploadedFile) -> Preview | None:
    """The readers' preview of the upload; None when they cannot read it (the job says why)."""
    try:
        if hasattr(upload_file, "temporary_file_path"):
            return preview(Path(upload_file.temporary_file_path()))
        return _preview_in_memory(upload_file)
    except UnsupportedFile:
        return None
    except Exception:
        # The preview only chooses the next page; the job itself reports what is wrong.
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


def _start_job(
    request: HttpRequest,
    file: File,
    name: str,
    options: dict[str, Any],
    mapping: dict[str, str] | None = None,
) -> ImportJob:
    with transaction.atomic():
        job = create_job(
            request.user,
            file,
            name=name,
            declared_kind=options["declared_kind"],
            tags=options["tags"],
            snapshot=options["snapshot"],
            mapping=mapping,
        )
        enqueue(job)
    messages.success(request, f"Importing {job.original_name}. You can leave this page.")
    return job


@login_required
@require_http_methods(["GET", "POST"])
def mapping(request: HttpRequest, token: str) -> HttpResponse:
    waiting = pending.held(request.session, request.user, token)
    if waiting is None:
        raise Http404("No upload is waiting for a column mapping.")
    path, entry = waiting
    try:
        file_preview = preview(path)
    except UnsupportedFile as error:
        pending.discard(request.session, request.user)
        messages.error(request, f"This file cannot be imported: {error}")
        return redirect("imports-upload")
    remembered = ColumnMapping.objects.filter(
        owner_id=request.user.pk, header_signature=file_preview.signature
    ).first()
    initial = remembered.mapping if remembered else file_preview.suggested_mapping
    form = MappingForm(request.POST or None, columns=file_preview.columns, initial_mapping=initial)
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data["mapping"]
        ColumnMapping.objects.update_or_create(
            owner=request.user,
            header_signature=file_preview.signature,
            defaults={"mapping": chosen},
        )
        with path.open("rb") as stream:
            stored = File(stream, name=entry["name"])
            job = _start_job(request, stored, entry["name"], entry, chosen)
        pending.discard(request.session, request.user)
        return redirect("imports-job-detail", pk=job.pk)
    context = {
        "form": form,
        "preview": file_preview,
        "name": entry["name"],
        "remembered": remembered,
        "token": token,
    }
    return render(request, "imports/mapping.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["POST"])
def mapping_cancel(request: HttpRequest, token: str) -> HttpResponse:
    pending.discard(request.session, request.user)
    messages.info(request, "The upload was cancelled; nothing was imported.")
    return redirect("imports-upload")

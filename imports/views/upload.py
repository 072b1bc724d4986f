"""Uploading a file: the form, the size cap, and the column mapping of a generic file."""

from __future__ import annotations

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
from imports.models import ImportJob
from imports.previews import needs_mapping, preview_of_upload, remember_mapping, remembered_mapping
from imports.readers import UnsupportedFile, preview


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
    file_preview = preview_of_upload(upload_file)
    if needs_mapping(file_preview):
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
        pending.discard(request.session, request.user, token)
        messages.error(request, f"This file cannot be imported: {error}")
        return redirect("imports-upload")
    remembered = remembered_mapping(request.user, file_preview)
    initial = remembered.mapping if remembered else file_preview.suggested_mapping
    form = MappingForm(request.POST or None, columns=file_preview.columns, initial_mapping=initial)
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data["mapping"]
        remember_mapping(request.user, file_preview, chosen)
        with path.open("rb") as stream:
            stored = File(stream, name=entry["name"])
            job = _start_job(request, stored, entry["name"], entry, chosen)
        pending.discard(request.session, request.user, token)
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
    pending.discard(request.session, request.user, token)
    messages.info(request, "The upload was cancelled; nothing was imported.")
    return redirect("imports-upload")

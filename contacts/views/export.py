"""Exporting the current filter or the ticked rows as CSV, JSON or vCard, streamed."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_GET

from contacts.api.throttles import ExportThrottle
from contacts.bulk_jobs import FilterUnreadable
from contacts.exports import WRITERS
from contacts.streaming import stream_writer
from contacts.views.bulk import refuse_unreadable, selection
from crm.ratelimits import limited_by

CONTENT_TYPES = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "json": ("application/json; charset=utf-8", "json"),
    "vcard": ("text/vcard; charset=utf-8", "vcf"),
}


@login_required
@require_GET
@limited_by(ExportThrottle)
def contacts_export(request: HttpRequest) -> HttpResponse:
    export_format = request.GET.get("format", "csv")
    try:
        contacts = selection(request, request.GET)
    except FilterUnreadable as error:
        return refuse_unreadable(request, request.GET, error)
    if export_format not in WRITERS or contacts is None:
        messages.error(request, "Choose contacts to export, and CSV, JSON or vCard.")
        return redirect("contacts-list")
    content_type, extension = CONTENT_TYPES[export_format]
    response = StreamingHttpResponse(
        stream_writer(WRITERS[export_format], contacts), content_type=content_type
    )
    filename = f"network-{timezone.localdate():%Y-%m-%d}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response

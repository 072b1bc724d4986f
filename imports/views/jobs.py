"""An import job's page (live progress, then its summary), its row errors, and the history."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from imports.disconnections import reconnect, still_ended_by
from imports.models import ImportJob
from imports.reports import write_row_errors_csv
from imports.summary import change_report, progress_of

JOBS_PER_PAGE = 30
ERRORS_SHOWN = 20
POLL_SECONDS = 1


def _get_job_for_user(request: HttpRequest, pk: int) -> ImportJob:
    """The signed-in user's import job ``pk``; 404 for anything not theirs."""
    return get_object_or_404(ImportJob.objects.for_owner(request.user), pk=pk)


def _job_context(job: ImportJob) -> dict[str, object]:
    return {"job": job, "progress": progress_of(job), "poll_seconds": POLL_SECONDS}


@login_required
@require_GET
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = _get_job_for_user(request, pk)
    context = _job_context(job)
    if job.is_finished:
        context.update(
            changes=change_report(job, listed=200),
            row_errors=list(job.row_errors.order_by("id")[:ERRORS_SHOWN]),
            tags=list(job.tags.all()),
            still_ended=still_ended_by(job).count() if job.disconnected else 0,
        )
    return render(request, "imports/job_detail.html", context)


@login_required
@require_POST
def job_reconnect(request: HttpRequest, pk: int) -> HttpResponse:
    """Take back the disconnections of a Connections list that was not complete after all."""
    job = _get_job_for_user(request, pk)
    count = reconnect(job)
    people = f"{count:,} {'contact is a connection' if count == 1 else 'contacts are connections'}"
    messages.success(request, f"{people} again, as before this import.")
    return redirect("imports-job-detail", pk=job.pk)


@login_required
@require_GET
def job_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress bar alone, polled by htmx; once the job ends the whole page reloads."""
    job = _get_job_for_user(request, pk)
    response = render(request, "imports/_progress.html", _job_context(job))
    if job.is_finished and request.htmx:
        response["HX-Refresh"] = "true"
    return response


@login_required
@require_GET
def job_errors_csv(request: HttpRequest, pk: int) -> HttpResponse:
    job = _get_job_for_user(request, pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="import-{job.pk}-errors.csv"'
    response.write("\ufeff")  # the BOM makes Excel read the file as UTF-8
    write_row_errors_csv(job, response)
    return response


@login_required
@require_GET
def job_list(request: HttpRequest) -> HttpResponse:
    jobs = ImportJob.objects.for_owner(request.user).order_by("-created_at", "-id")
    page = Paginator(jobs, JOBS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "imports/jobs.html", {"page": page, "jobs": page.object_list})

"""Duplicates: the scan and its pairs, "not a duplicate", and merging every same-email group."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.views.decorators.http import require_POST

from contacts.bulk_jobs import start_bulk_job_once
from contacts.models import BulkJob
from contacts.views.bulk import show_background_job
from relations.bulk_merge import (
    GROUPS_SHOWN,
    IN_REQUEST_GROUPS,
    email_groups,
    merge_email_groups,
)
from relations.models import DuplicateCandidate, Merge, NotDuplicate
from relations.scanning import current_scan, start_scan
from relations.views.merge import PAIR_GONE, contacts_still_there

PAIRS_PER_PAGE = 50


@login_required
def duplicate_list(request: HttpRequest) -> HttpResponse:
    candidates = DuplicateCandidate.objects.filter(owner_id=request.user.pk).select_related(
        "first", "second"
    )
    page = Paginator(candidates, PAIRS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "scan": current_scan(request.user),
        "page": page,
        "merges": Merge.objects.filter(owner_id=request.user.pk)[:20],
    }
    return render(request, "relations/duplicates.html", context)


@login_required
def scan_status(request: HttpRequest) -> HttpResponse:
    """The scan's progress, polled by the duplicates page while it runs; once it ends the
    whole page reloads, so that its pairs are listed."""
    scan = current_scan(request.user)
    response = render(request, "relations/_scan_status.html", {"scan": scan})
    if request.htmx and (scan is None or scan.is_finished):
        response["HX-Refresh"] = "true"
    return response


@login_required
@require_POST
def scan_start(request: HttpRequest) -> HttpResponse:
    start_scan(request.user)
    messages.info(request, "Looking for duplicates in the background; this page shows progress.")
    return redirect("relations-duplicates")


@login_required
@require_POST
def not_duplicate(request: HttpRequest, first: int, second: int) -> HttpResponse:
    pair = contacts_still_there(request, first, second)
    if pair is None:
        messages.error(request, PAIR_GONE)
        return redirect("relations-duplicates")
    one, other = pair
    low, high = sorted((one.pk, other.pk))
    NotDuplicate.objects.get_or_create(owner=request.user, first_id=low, second_id=high)
    DuplicateCandidate.objects.filter(
        owner_id=request.user.pk, first_id=low, second_id=high
    ).delete()
    messages.success(request, f"{one} and {other} are kept apart; later scans will not pair them.")
    return redirect("relations-duplicates")


@login_required
def email_merge_preview(request: HttpRequest) -> HttpResponse:
    groups, total = email_groups(request.user, limit=GROUPS_SHOWN)
    return render(request, "relations/email_merge.html", {"groups": groups, "total": total})


@login_required
@require_POST
def email_merge(request: HttpRequest) -> HttpResponse:
    _, total = email_groups(request.user, limit=0)
    if total > IN_REQUEST_GROUPS:
        job, started = start_bulk_job_once(request.user, BulkJob.Action.MERGE_EMAILS, query="")
        starting = f"Merging {total:,} groups in the background: each merge can be undone."
        return show_background_job(request, job, started, starting)
    merged, left = merge_email_groups(request.user)
    done = f"Merged {merged} contact{pluralize(merged)} into the ones sharing their email."
    if left:
        messages.success(request, f"{done} {left} group{pluralize(left)} left, listed below.")
        return redirect("relations-email-merge-preview")
    messages.success(request, done)
    return redirect("relations-duplicates")

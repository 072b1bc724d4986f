"""The prune queue: who to remove on LinkedIn to make room under the connection cap."""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from contacts.row_ids import row_ids
from relations import pruning

QUEUE_PER_PAGE = 50


def _chosen_ids(request: HttpRequest) -> list[int]:
    return row_ids(request.POST.getlist("contact"))


@login_required
def prune_queue(request: HttpRequest) -> HttpResponse:
    page = Paginator(pruning.prune_queue(request.user), QUEUE_PER_PAGE).get_page(
        request.GET.get("page")
    )
    for contact in page.object_list:
        contact.reasons = pruning.reasons_to_remove(contact)
    context = {
        "page": page,
        "meter": pruning.cap_meter(request.user),
        **pruning.progress(request.user),
    }
    return render(request, "relations/prune.html", context)


@login_required
@require_POST
def prune_mark(request: HttpRequest) -> HttpResponse:
    count = pruning.mark(request.user, _chosen_ids(request))
    messages.success(request, f"Marked {count} to remove on LinkedIn. Export the list when ready.")
    return redirect("relations-prune")


@login_required
@require_POST
def prune_unmark(request: HttpRequest) -> HttpResponse:
    count = pruning.unmark(request.user, _chosen_ids(request))
    messages.success(request, f"{count} back in the queue.")
    return redirect("relations-prune")


@login_required
def prune_export(request: HttpRequest) -> HttpResponse:
    buffer = io.StringIO()
    pruning.write_marked_csv(request.user, buffer)
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    filename = f"connections-to-remove-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response

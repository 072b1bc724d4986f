"""Scheduled sources: a server folder or an HTTPS URL checked for new files on a schedule."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from contacts.models import Tag
from crm.broker import send_task
from crm.confirmation import ask_to_confirm, is_confirmed
from imports.forms import SourceForm
from imports.models import ImportSource
from imports.scheduled import restore_schedules, schedule_source
from imports.tasks import run_source


def _get_source_for_user(request: HttpRequest, pk: int) -> ImportSource:
    """The signed-in user's source ``pk``; 404 for anything not theirs."""
    return get_object_or_404(ImportSource.objects.filter(owner_id=request.user.pk), pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def source_list(request: HttpRequest) -> HttpResponse:
    """The user's sources and the form to add one."""
    form = SourceForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            source = form.save(commit=False)
            source.owner = request.user
            source.save()
            source.tags.set(
                [Tag.objects.get_or_create_named(request.user, name)
                 for name in form.cleaned_data["tag_names"]]
            )  # fmt: skip
            schedule_source(source)
        messages.success(
            request, f"{source.name} is checked every {source.interval_minutes} minutes."
        )
        return redirect("imports-sources")
    own = ImportSource.objects.filter(owner_id=request.user.pk)
    # A beat entry deleted in the admin since beat's last check: back before the page says so.
    restore_schedules(own)
    sources = own.prefetch_related("tags")
    return render(
        request,
        "imports/sources.html",
        {"form": form, "sources": sources},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def source_toggle(request: HttpRequest, pk: int) -> HttpResponse:
    """Pause a source, or resume a paused one."""
    source = _get_source_for_user(request, pk)
    with transaction.atomic():
        source.enabled = not source.enabled
        source.save(update_fields=["enabled"])
        schedule_source(source)
    state = "resumed" if source.enabled else "paused: it is not checked until you resume it"
    messages.success(request, f"{source.name} is {state}.")
    return redirect("imports-sources")


@login_required
@require_POST
def source_run(request: HttpRequest, pk: int) -> HttpResponse:
    source = _get_source_for_user(request, pk)
    if not source.enabled:
        messages.error(request, f"{source.name} is paused; resume it to check it.")
        return redirect("imports-sources")
    if send_task(run_source, source.pk):
        messages.success(
            request, f"Checking {source.name} now. New files appear in the import history."
        )
    else:
        messages.error(
            request,
            f"{source.name} cannot be checked right now: the background queue is unreachable. "
            "It is checked on its schedule once the queue is back.",
        )
    return redirect("imports-sources")


@login_required
@require_POST
def source_delete(request: HttpRequest, pk: int) -> HttpResponse:
    source = _get_source_for_user(request, pk)
    if not is_confirmed(request):
        return ask_to_confirm(
            request,
            question=f"Delete the source {source.name}?",
            consequence="It is no longer checked; the imports it made, and their contacts, stay.",
            button="Delete the source",
            cancel_url=reverse("imports-sources"),
        )
    source.delete()
    messages.success(request, f"{source.name} is deleted; its past imports are kept.")
    return redirect("imports-sources")

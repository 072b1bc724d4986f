"""Bulk actions on the selected rows or on every contact matching the list's filter."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from contacts.bulk import delete_contacts, mark_as_follower, mark_as_following
from contacts.bulk_jobs import (
    TAG_ACTIONS,
    FilterUnreadable,
    start_bulk_job_once,
    too_many_for_a_request,
    unreadable_in,
)
from contacts.forms import TagNameForm
from contacts.models import BulkJob, Contact, Tag
from contacts.row_ids import row_ids
from contacts.tagging import add_tag_to_contacts, remove_tag_from_contacts
from contacts.views.ownership import contact_filter_for

ALREADY_RUNNING = "{action}: already running in the background, so it was not started twice."
EXPORT_ACTIONS = {"export_csv": "csv", "export_json": "json", "export_vcard": "vcard"}


def _plural(count: int, word: str = "contact") -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def selection(request: HttpRequest, data: QueryDict) -> QuerySet | None:
    """The contacts an action is about: the ticked rows, or all matching the saved query.

    Either way only the user's own contacts; None when nothing was chosen. A
    query that does not read (it names a tag deleted since, say) raises
    ``FilterUnreadable``: the list leaves such a filter out, so "all matching"
    would mean more contacts than the user chose, up to everyone.
    """
    if data.get("scope") == "all":
        contact_filter = contact_filter_for(request, QueryDict(data.get("query", "")))
        unreadable = unreadable_in(contact_filter)
        if unreadable:
            raise FilterUnreadable(unreadable)
        return contact_filter.qs
    ids = row_ids(data.getlist("ids"))
    if not ids:
        return None
    return Contact.objects.for_owner(request.user).filter(pk__in=ids)


def _clean_query(data: QueryDict) -> str:
    """The list's query string as sent back by the browser, re-encoded so it is only a query."""
    return QueryDict(data.get("query", "")).urlencode()


def _back_to_list(data: QueryDict) -> HttpResponseRedirect:
    query = _clean_query(data)
    return redirect(f"{reverse('contacts-list')}{'?' + query if query else ''}")


def _selection_params(data: QueryDict) -> str:
    """The selection as a query string, for the confirmation page and the export."""
    return urlencode(
        {
            "scope": data.get("scope", "selected"),
            "query": _clean_query(data),
            "ids": data.getlist("ids"),
        },
        doseq=True,
    )


def _runs_in_background(data: QueryDict, contacts: QuerySet) -> bool:
    return data.get("scope") == "all" and too_many_for_a_request(contacts)


def refuse_unreadable(
    request: HttpRequest, data: QueryDict, error: FilterUnreadable
) -> HttpResponseRedirect:
    messages.error(request, f"Fix the filter before acting on every match: {error}.")
    return _back_to_list(data)


def _background(
    request: HttpRequest, action: str, data: QueryDict, tag: Tag | None = None
) -> HttpResponse:
    job, started = start_bulk_job_once(request.user, action, _clean_query(data), tag)
    return show_background_job(
        request, job, started, f"{job.get_action_display()}: running in the background."
    )


def show_background_job(
    request: HttpRequest, job: BulkJob, started: bool, starting: str
) -> HttpResponse:
    """The job's page, saying ``starting`` for a job just started, or that it ran already."""
    if started:
        messages.info(request, starting)
    else:
        messages.info(request, ALREADY_RUNNING.format(action=job.get_action_display()))
    return redirect(job)


def _say_marked(request: HttpRequest, changed: int, as_what: str) -> None:
    if changed:
        messages.success(request, f"Marked {_plural(changed)} as {as_what}.")
    else:
        messages.info(request, f"Nothing changed: they are all marked as {as_what} already.")


@login_required
@require_POST
def contacts_bulk(request: HttpRequest) -> HttpResponse:
    data = request.POST
    action = data.get("action", "")
    try:
        contacts = selection(request, data)
    except FilterUnreadable as error:
        return refuse_unreadable(request, data, error)
    if contacts is None:
        messages.error(request, "Tick at least one contact, or choose “All matching”.")
        return _back_to_list(data)
    if action in ("add_tag", "remove_tag"):
        return _tag_contacts(request, contacts, data, add=action == "add_tag")
    if action in ("mark_follower", "mark_following") and _runs_in_background(data, contacts):
        return _background(request, action, data)
    if action == "mark_follower":
        _say_marked(request, mark_as_follower(contacts), "following you")
    elif action == "mark_following":
        _say_marked(request, mark_as_following(contacts), "people you follow")
    elif action in EXPORT_ACTIONS:
        params = f"format={EXPORT_ACTIONS[action]}&{_selection_params(data)}"
        return redirect(f"{reverse('contacts-export')}?{params}")
    elif action == "delete":
        return redirect(f"{reverse('contacts-bulk-delete')}?{_selection_params(data)}")
    else:
        messages.error(request, "Choose an action from the list.")
    return _back_to_list(data)


def _tag_contacts(
    request: HttpRequest, contacts: QuerySet, data: QueryDict, *, add: bool
) -> HttpResponse:
    form = TagNameForm(data)
    if not form.is_valid():
        messages.error(request, "Type the name of the tag to add or remove.")
        return _back_to_list(data)
    name = form.cleaned_data["tag"]
    if add:
        tag = Tag.objects.get_or_create_named(request.user, name)
        if _runs_in_background(data, contacts):
            return _background(request, BulkJob.Action.ADD_TAG, data, tag)
        added = add_tag_to_contacts(tag, contacts)
        if added:
            messages.success(request, f"Tagged {_plural(added)} with “{tag.name}”.")
        else:
            messages.info(request, f"Nothing changed: they all have “{tag.name}” already.")
        return _back_to_list(data)
    tag = Tag.objects.for_owner(request.user).named([name]).first()
    if tag is None:
        messages.error(request, f"You have no tag called “{name}”.")
        return _back_to_list(data)
    if _runs_in_background(data, contacts):
        return _background(request, BulkJob.Action.REMOVE_TAG, data, tag)
    removed = remove_tag_from_contacts(tag, contacts)
    if removed:
        messages.success(request, f"Removed “{tag.name}” from {_plural(removed)}.")
    else:
        messages.info(request, f"Nothing changed: none of them has “{tag.name}”.")
    return _back_to_list(data)


@login_required
@require_http_methods(["GET", "POST"])
def contacts_bulk_delete(request: HttpRequest) -> HttpResponse:
    """Asks first, with the exact count; deletes on the confirming POST."""
    data = request.POST if request.method == "POST" else request.GET
    try:
        contacts = selection(request, data)
    except FilterUnreadable as error:
        return refuse_unreadable(request, data, error)
    if contacts is None:
        messages.error(request, "Tick at least one contact, or choose “All matching”.")
        return _back_to_list(data)
    count = contacts.count()
    if request.method == "POST" and not _confirmed_another_count(request, data, count):
        if _runs_in_background(data, contacts):
            return _background(request, BulkJob.Action.DELETE, data)
        deleted = delete_contacts(contacts)
        messages.success(request, f"Deleted {_plural(deleted)}.")
        return _back_to_list(data)
    context = {
        "count": count,
        "sample": list(contacts.only("id", "first_name", "last_name", "display_name")[:5]),
        "scope": data.get("scope", "selected"),
        "query": data.get("query", ""),
        "ids": data.getlist("ids"),
    }
    return render(request, "contacts/bulk_delete.html", context)


def _confirmed_another_count(request: HttpRequest, data: QueryDict, count: int) -> bool:
    """Whether the confirmation page showed another count than match now; says so if it did.

    Contacts come and go between the question and the answer (an import, another
    window): the user confirmed deleting that many, so they are asked again.
    """
    confirmed = data.get("confirmed_count", "")
    if not (confirmed.isascii() and confirmed.isdigit()) or int(confirmed) == count:
        return False
    if count:
        matches = "matches" if count == 1 else "match"
        messages.warning(
            request,
            f"{_plural(count)} {matches} now, not the {int(confirmed):,} you confirmed: "
            "nothing was deleted. Check them and confirm again.",
        )
    return True


@login_required
@require_GET
def bulk_job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A background bulk action: live progress, then what it did."""
    job = get_object_or_404(BulkJob.objects.filter(owner_id=request.user.pk), pk=pk)
    if job.action in TAG_ACTIONS:
        context = {"job": job, "list_url": reverse("tags-list"), "back_to": "Tags"}
    elif job.action == BulkJob.Action.MERGE_EMAILS:
        context = {"job": job, "list_url": reverse("relations-duplicates"), "back_to": "Duplicates"}
    else:
        query = QueryDict(job.query).urlencode()
        list_url = f"{reverse('contacts-list')}{'?' + query if query else ''}"
        context = {"job": job, "list_url": list_url, "back_to": "Contacts"}
    if request.htmx and request.htmx.target == "bulk-progress":
        response = render(request, "contacts/_bulk_job_progress.html", context)
        if job.is_finished:
            response["HX-Refresh"] = "true"
        return response
    return render(request, "contacts/bulk_job.html", context)

"""The tags page: counts, rename and colour, merge two tags, delete."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from contacts.bulk_jobs import start_bulk_job_once, too_many_for_a_request
from contacts.forms import TagForm, TagMergeForm
from contacts.models import BulkJob, Contact, SavedFilter, Tag
from contacts.tagging import add_tag_to_contacts
from contacts.views.bulk import show_background_job
from contacts.views.ownership import _get_tag_for_user


@login_required
@require_http_methods(["GET", "POST"])
def tag_list(request: HttpRequest) -> HttpResponse:
    """Lists the tags with their counts; a POST creates a tag."""
    create_form = TagForm(request.POST or None, owner=request.user, prefix="new")
    if request.method == "POST" and create_form.is_valid():
        tag = create_form.save(commit=False)
        tag.owner = request.user
        tag.save()
        messages.success(request, f"Created the tag “{tag.name}”.")
        return redirect("tags-list")
    tags = Tag.objects.for_owner(request.user).annotate(contact_count=Count("tagged_contacts"))
    context = {
        "tags": tags,
        "create_form": create_form,
        "merge_form": TagMergeForm(owner=request.user),
    }
    return render(request, "contacts/tags.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def tag_edit(request: HttpRequest, pk: int) -> HttpResponse:
    tag = _get_tag_for_user(request, pk)
    form = TagForm(request.POST or None, instance=tag, owner=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"Saved the tag “{tag.name}”.")
        return redirect("tags-list")
    return render(request, "contacts/tag_edit.html", {"tag": tag, "form": form})


@login_required
@require_POST
def tag_merge(request: HttpRequest) -> HttpResponse:
    form = TagMergeForm(request.POST, owner=request.user)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect("tags-list")
    source, target = form.cleaned_data["source"], form.cleaned_data["target"]
    tagged_with_source = Contact.objects.filter(tagged_items__tag=source)
    if too_many_for_a_request(tagged_with_source):
        job, started = start_bulk_job_once(
            request.user, BulkJob.Action.MERGE_TAG, "", source, into_tag=target
        )
        return show_background_job(
            request,
            job,
            started,
            f"Merging “{source.name}” into “{target.name}” in the background.",
        )
    with transaction.atomic():
        add_tag_to_contacts(target, tagged_with_source)
        lists = SavedFilter.objects.follow_merged_tag(source, target)
        source.delete()
    followed = f" {_saved_lists_now_filter_by(lists, target)}" if lists else ""
    messages.success(request, f"Merged “{source.name}” into “{target.name}”.{followed}")
    return redirect("tags-list")


def _saved_lists_now_filter_by(lists: int, target: Tag) -> str:
    if lists == 1:
        return f"A saved list now filters by “{target.name}”."
    return f"{lists} saved lists now filter by “{target.name}”."


@login_required
@require_http_methods(["GET", "POST"])
def tag_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Asks first with the count of contacts that lose the tag; deletes on POST."""
    tag = _get_tag_for_user(request, pk)
    if request.method == "POST":
        if too_many_for_a_request(Contact.objects.filter(tagged_items__tag=tag)):
            job, started = start_bulk_job_once(request.user, BulkJob.Action.DELETE_TAG, "", tag)
            return show_background_job(
                request, job, started, f"Deleting the tag “{tag.name}” in the background."
            )
        tag.delete()
        messages.success(request, f"Deleted the tag “{tag.name}”. The contacts are untouched.")
        return redirect("tags-list")
    context = {
        "tag": tag,
        "count": tag.tagged_contacts.count(),
        "saved_lists": SavedFilter.objects.naming_tag(tag),
    }
    return render(request, "contacts/tag_delete.html", context)

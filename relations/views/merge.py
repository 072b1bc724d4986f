"""The side-by-side merge page, and undoing a merge."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from contacts.models import Contact
from relations.merging import (
    CHOOSABLE_FIELDS,
    OTHER,
    SURVIVOR,
    MergeError,
    default_choice,
    merge_contacts,
    undo_merge,
)
from relations.models import Merge


def _field_rows(survivor: object, other: object) -> list[dict[str, object]]:
    rows = []
    for name in CHOOSABLE_FIELDS:
        mine, theirs = getattr(survivor, name), getattr(other, name)
        rows.append(
            {
                "name": name,
                "label": survivor._meta.get_field(name).verbose_name.capitalize(),
                "survivor": mine,
                "other": theirs,
                "differs": mine != theirs,
                "choice": default_choice(survivor, other, name),
            }
        )
    return rows


PAIR_GONE = "One of these two contacts is no longer there: it was merged or deleted since."


def contacts_still_there(request: HttpRequest, *pks: int) -> list[Contact] | None:
    """The user's contacts ``pks``; None when one is not there (merged, deleted, not theirs).

    A pair's pages are opened from lists that go stale, and a double click sends a merge twice.
    """
    mine = Contact.objects.for_owner(request.user)
    contacts = [mine.filter(pk=pk).first() for pk in pks]
    return None if None in contacts else contacts


def _pair_gone(request: HttpRequest, survivor_pk: int, other_pk: int) -> HttpResponse:
    done = (
        Merge.objects.filter(
            owner_id=request.user.pk,
            survivor_id=survivor_pk,
            merged_contact_id=other_pk,
            undone_at__isnull=True,
        )
        .select_related("survivor")
        .first()
    )
    if done:
        messages.info(request, f"“{done.merged_name}” is merged into “{done.survivor_name}”.")
        return redirect(done.survivor.get_absolute_url())
    messages.error(request, PAIR_GONE)
    return redirect("relations-duplicates")


@login_required
def merge_page(request: HttpRequest, survivor_pk: int, other_pk: int) -> HttpResponse:
    """GET compares the two; POST merges the right-hand contact into the left-hand one."""
    pair = contacts_still_there(request, survivor_pk, other_pk)
    if pair is None:
        return _pair_gone(request, survivor_pk, other_pk)
    survivor, other = pair
    if survivor.pk == other.pk:
        messages.error(request, "A contact cannot be merged with itself.")
        return redirect("relations-duplicates")
    if request.method == "POST":
        choices = {
            name: request.POST.get(name)
            for name in CHOOSABLE_FIELDS
            if request.POST.get(name) in (SURVIVOR, OTHER)
        }
        try:
            merge = merge_contacts(survivor, other, choices)
        except MergeError as error:
            messages.error(request, str(error))
            return redirect("relations-duplicates")
        messages.success(request, f"Merged “{merge.merged_name}” into “{merge.survivor_name}”.")
        return redirect(survivor.get_absolute_url())
    context = {
        "survivor": survivor,
        "other": other,
        "rows": _field_rows(survivor, other),
        "survivor_tags": survivor.tags.all(),
        "other_tags": other.tags.all(),
        "other_notes": other.notes.count(),
    }
    return render(request, "relations/merge.html", context)


@login_required
@require_POST
def merge_undo(request: HttpRequest, pk: int) -> HttpResponse:
    merge = get_object_or_404(Merge.objects.filter(owner_id=request.user.pk), pk=pk)
    try:
        restored = undo_merge(merge)
    except MergeError as error:
        messages.error(request, str(error))
        return redirect("relations-duplicates")
    messages.success(request, f"Undone: “{restored}” is a contact of its own again.")
    return redirect(restored.get_absolute_url())

"""Saved lists: a name for the list page's current filter."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from contacts.forms import SavedFilterForm, SavedFilterNameForm
from contacts.models import SavedFilter
from contacts.views.ownership import _get_saved_filter_for_user
from crm.confirmation import ask_to_confirm, is_confirmed


def _named(request: HttpRequest, name: str) -> SavedFilter | None:
    """The user's saved list of this name (any case, spaces as the form keeps them)."""
    name = " ".join(name.split())
    return SavedFilter.objects.filter(owner_id=request.user.pk, name__iexact=name).first()


@login_required
@require_POST
def saved_list_create(request: HttpRequest) -> HttpResponse:
    """Save the filter under a name; under a name taken, replace that list's filter, once
    the user confirms."""
    taken = _named(request, request.POST.get("name", ""))
    taken_name = taken.name if taken else ""  # the form's validation renames the instance
    form = SavedFilterForm(request.POST, owner=request.user, instance=taken)
    list_url = reverse("contacts-list")
    query = QueryDict(request.POST.get("query", "")).urlencode()
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect(f"{list_url}?{query}" if query else list_url)
    if taken is not None and not is_confirmed(request):
        return ask_to_confirm(
            request,
            question=f"Replace the filter of the saved list “{taken_name}”?",
            consequence="It will show the contacts of the filter you are saving now, "
            "instead of those of its own filter.",
            button="Replace its filter",
            cancel_url=f"{list_url}?{query}" if query else list_url,
            carried={"name": request.POST["name"], "query": request.POST.get("query", "")},
        )
    saved = form.save(commit=False)
    saved.owner = request.user
    saved.save()
    if taken is not None:
        messages.success(request, f"The saved list “{saved.name}” now shows this filter.")
    else:
        messages.success(request, f"Saved the list “{saved.name}”; it is in the sidebar.")
    return redirect(f"{list_url}?{saved.query}")


@login_required
@require_http_methods(["GET", "POST"])
def saved_list_rename(request: HttpRequest, pk: int) -> HttpResponse:
    saved = _get_saved_filter_for_user(request, pk)
    form = SavedFilterNameForm(request.POST or None, owner=request.user, instance=saved)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"Renamed the saved list to “{saved.name}”.")
        return redirect(f"{reverse('contacts-list')}?{saved.query}")
    return render(request, "contacts/saved_list_rename.html", {"saved": saved, "form": form})


@login_required
@require_POST
def saved_list_delete(request: HttpRequest, pk: int) -> HttpResponse:
    saved = _get_saved_filter_for_user(request, pk)
    if not is_confirmed(request):
        return ask_to_confirm(
            request,
            question=f"Delete the saved list “{saved.name}”?",
            consequence="The contacts it shows stay; only the list's name and filter go.",
            button="Delete the list",
            cancel_url=f"{reverse('contacts-list')}?{saved.query}",
        )
    saved.delete()
    messages.success(request, f"Deleted the saved list “{saved.name}”. Its contacts are untouched.")
    return redirect("contacts-list")

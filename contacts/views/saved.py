"""Saved lists: a name for the list page's current filter."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from contacts.forms import SavedFilterForm
from contacts.views.ownership import _get_saved_filter_for_user
from crm.confirmation import ask_to_confirm, is_confirmed


@login_required
@require_POST
def saved_list_create(request: HttpRequest) -> HttpResponse:
    form = SavedFilterForm(request.POST, owner=request.user)
    list_url = reverse("contacts-list")
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        query = QueryDict(request.POST.get("query", "")).urlencode()
        return redirect(f"{list_url}?{query}" if query else list_url)
    saved = form.save(commit=False)
    saved.owner = request.user
    saved.save()
    messages.success(request, f"Saved the list “{saved.name}”; it is in the sidebar.")
    return redirect(f"{list_url}?{saved.query}")


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

"""The capture window the bookmarklet opens: a same-origin page with a CSRF-protected form."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from contacts.capture.forms import CaptureForm
from contacts.models import Contact

PREFILLED_FIELDS = ("url", "name", "headline", "company", "location")


def _prefilled(request: HttpRequest) -> dict[str, str]:
    """The bookmarklet's values, each cut to what its field takes, so saving them never fails."""
    fields = CaptureForm.base_fields
    return {
        key: request.GET[key][: fields[key].max_length]
        for key in PREFILLED_FIELDS
        if key in request.GET
    }


@login_required
def capture(request: HttpRequest) -> HttpResponse:
    """GET prefills the form from the bookmarklet's query string; POST saves the contact."""
    if request.method == "POST":
        form = CaptureForm(request.POST, owner=request.user)
        if form.is_valid():
            contact, created = form.save()
            done = f"Added {contact} to" if created else f"Updated {contact} in"
            messages.success(request, f"{done} your network.")
            return redirect("capture-saved", pk=contact.pk)
        status = 400
    else:
        form = CaptureForm(initial=_prefilled(request), owner=request.user)
        status = 200
    context = {"form": form, "existing": form.existing}
    return render(request, "contacts/capture/form.html", context, status=status)


@login_required
def capture_saved(request: HttpRequest, pk: int) -> HttpResponse:
    contact = get_object_or_404(Contact.objects.for_owner(request.user), pk=pk)
    return render(request, "contacts/capture/saved.html", {"contact": contact})

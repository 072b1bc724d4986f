"""The settings page: API tokens and the capture bookmarklet."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_POST

from accounts.forms import NewTokenForm
from accounts.models import ApiToken
from contacts.capture.bookmarklet import bookmarklet_href


def _settings_page(
    request: HttpRequest, form: NewTokenForm, new_token: str = "", status: int = 200
) -> HttpResponse:
    context = {
        "form": form,
        "new_token": new_token,
        "tokens": ApiToken.objects.for_owner(request.user),
        "bookmarklet": bookmarklet_href(request.build_absolute_uri(reverse("capture"))),
    }
    return render(request, "accounts/settings.html", context, status=status)


@login_required
def settings_page(request: HttpRequest) -> HttpResponse:
    """GET shows the page; POST creates a token and shows its secret this once."""
    if request.method != "POST":
        return _settings_page(request, NewTokenForm(owner=request.user))
    form = NewTokenForm(request.POST, owner=request.user)
    if not form.is_valid():
        return _settings_page(request, form, status=400)
    # Rendered, not redirected: the secret is never put in a session or a cookie.
    _, plaintext = ApiToken.objects.issue(request.user, form.cleaned_data["name"])
    response = _settings_page(
        request, NewTokenForm(owner=request.user), new_token=plaintext, status=201
    )
    # Kept by no cache, so the browser's Back button cannot show the secret again.
    add_never_cache_headers(response)
    return response


@login_required
@require_POST
def revoke_token(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken.objects.for_owner(request.user), pk=pk)
    token.delete()
    messages.success(request, f"Revoked the token “{token.name}”. Scripts using it now get 401.")
    return redirect("accounts-settings")

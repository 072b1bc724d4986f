"""A web address that only a form or button sends to, opened in the browser, gets a page.

Django answers a GET of a POST-only view (``require_POST``, the logout view) with
an empty 405, which a browser shows as a blank page: what a bookmarked or pasted
address of a merge, a bulk action or a note's delete would show. The REST API
keeps its own JSON answers.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import render
from django.urls import Resolver404, get_script_prefix, resolve


def form_target_page(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    """Renders ``405.html`` in place of Django's empty 405 for an address opened in the web."""

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        if not _is_an_empty_refusal_of_a_visit(request, response):
            return response
        page = render(
            request,
            "405.html",
            {"belongs_to": _page_it_belongs_to(request.path_info)},
            status=405,
        )
        page["Allow"] = response["Allow"]
        # Django logged the refusal already; without this it logs the page as a second one.
        page._has_been_logged = getattr(response, "_has_been_logged", False)
        return page

    return middleware


def _is_an_empty_refusal_of_a_visit(request: HttpRequest, response: HttpResponse) -> bool:
    return (
        isinstance(response, HttpResponseNotAllowed)
        and not response.content
        and request.method in ("GET", "HEAD")
        and not request.path_info.startswith("/api/")
    )


def _page_it_belongs_to(path: str) -> str | None:
    """The nearest address above ``path`` that the app has (``/duplicates/same-email/``
    for ``/duplicates/same-email/merge/``); None when only the dashboard is."""
    parts = path.strip("/").split("/")
    for end in range(len(parts) - 1, 0, -1):
        candidate = "/" + "/".join(parts[:end]) + "/"
        try:
            resolve(candidate)
        except Resolver404:
            continue
        return get_script_prefix() + candidate[1:]
    return None

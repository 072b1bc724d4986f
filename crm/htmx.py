"""Pages that htmx also asks for in part say so to the browser's cache."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers


def vary_on_htmx_request(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    """Adds ``Vary: HX-Request`` to every response.

    The list answers its own address with the whole page, or, asked by htmx
    (``HX-Request``), with the results alone, whose address htmx then puts in
    the history. Without the header, the back button to that address could
    get the cached results alone: a bare fragment, without styles or menus.
    """

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        patch_vary_headers(response, ("HX-Request",))
        return response

    return middleware

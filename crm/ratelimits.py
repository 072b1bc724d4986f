"""The API's per-user rate limits, applied to the web pages that do the same costly work.

A web upload and an API upload count against one limit, as do web and API
exports: the same throttle class, so the same cache key per user.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from rest_framework.throttling import SimpleRateThrottle

View = Callable[..., HttpResponse]


def limited_by(throttle_class: type[SimpleRateThrottle]) -> Callable[[View], View]:
    """Refuse the view with a 429 page once the user has used up ``throttle_class``'s rate."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
            throttle = throttle_class()
            if not throttle.allow_request(request, None):
                wait = throttle.wait()
                context = {"wait_seconds": int(wait) if wait else None}
                return render(request, "rate_limited.html", context, status=429)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator

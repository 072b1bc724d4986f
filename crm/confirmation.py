"""Asking before a change that cannot be undone (a delete), with or without JavaScript.

A delete button marked ``data-confirm`` asks in the browser, and ``app.js``
sends ``confirmed=yes`` with the form once the user said yes. A form that
arrives without it (no JavaScript) gets a page asking the same question, whose
button sends it again with ``confirmed=yes``: nothing is deleted on one click.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

CONFIRMED_FIELD = "confirmed"


def is_confirmed(request: HttpRequest) -> bool:
    """Whether the user said yes to the delete this request asks for."""
    return request.POST.get(CONFIRMED_FIELD) == "yes"


def ask_to_confirm(
    request: HttpRequest,
    *,
    question: str,
    consequence: str,
    button: str,
    cancel_url: str,
    carried: dict[str, str] | None = None,
) -> HttpResponse:
    """The page asking ``question``, whose button sends the request again, confirmed.

    ``carried``: the fields the request is sent again with (a form's values).
    """
    return render(
        request,
        "confirm.html",
        {
            "question": question,
            "consequence": consequence,
            "button": button,
            "cancel_url": cancel_url,
            "confirmed_field": CONFIRMED_FIELD,
            "carried": (carried or {}).items(),
        },
    )

"""The dashboard: the network at a glance, and what the last import changed."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from contacts import dashboard
from imports.summary import change_report


@login_required
def home(request: HttpRequest) -> HttpResponse:
    owner = request.user
    shown = dashboard.network_figures(owner, refresh="refresh" in request.GET)
    last_import = dashboard.last_finished_import(owner)
    context = {
        "shown": shown,
        "recent_imports": dashboard.recent_imports(owner),
        "last_import": last_import,
        "changes": change_report(last_import) if last_import else None,
        **_figures_context(shown.figures),
    }
    return render(request, "contacts/home.html", context)


def _figures_context(figures: dashboard.NetworkFigures | None) -> dict[str, Any]:
    if figures is None:
        return {"figures": None}
    gains = figures.gains
    return {
        "figures": figures,
        # Stored figures can be days old (a large network's worker is down): say the day too.
        "figures_from_today": timezone.localdate(figures.computed_at) == timezone.localdate(),
        "counts": figures.counts,
        "meter": dashboard.cap_meter(figures.counts),
        "gains": gains,
        "chart_data": {
            "labels": [month.strftime("%b %Y") for month, _ in gains.months],
            "values": [gained for _, gained in gains.months],
        },
        "top_companies": figures.top_companies,
        "top_positions": figures.top_positions,
    }

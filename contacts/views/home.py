"""The dashboard: the network at a glance, and what the last import changed."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from contacts import dashboard
from imports.summary import change_report


@login_required
def home(request: HttpRequest) -> HttpResponse:
    owner = request.user
    figures = dashboard.network_figures(owner, refresh="refresh" in request.GET)
    gains = figures.gains
    last_import = dashboard.last_finished_import(owner)
    context = {
        "figures": figures,
        "counts": figures.counts,
        "meter": dashboard.cap_meter(figures.counts),
        "gains": gains,
        "chart_data": {
            "labels": [month.strftime("%b %Y") for month, _ in gains.months],
            "values": [gained for _, gained in gains.months],
        },
        "top_companies": figures.top_companies,
        "top_positions": figures.top_positions,
        "recent_imports": dashboard.recent_imports(owner),
        "last_import": last_import,
        "changes": change_report(last_import) if last_import else None,
    }
    return render(request, "contacts/home.html", context)

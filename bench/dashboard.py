"""``make bench-dashboard``: the dashboard at a million contacts: each figure, then the page.

The figures are computed by a worker ("figures, worker" below) and the page
reads what it stored: "page" when they are current, "page, renewing" when they
are older than two minutes and a worker is computing new ones meanwhile.

Uses the list benchmark's generated data (bench/list_data.py). Needs PostgreSQL:
DATABASE_URL=postgres://... make bench-dashboard
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django

django.setup()

from django.contrib.messages.storage.cookie import CookieStorage
from django.core.management import call_command
from django.db import connection
from django.test import RequestFactory
from django.utils import timezone

from bench.list_data import bench_user, fill
from bench.list_page import OTHER_USERS_CONTACTS, measure, percentiles
from contacts import dashboard
from contacts.models import NetworkSnapshot
from contacts.views.home import home

CONTACTS = int(os.environ.get("BENCH_CONTACTS", 1_000_000))


def page(owner: object, query: dict[str, str]) -> Callable[[], None]:
    def run() -> None:
        request = RequestFactory().get("/", query)
        request.user = owner
        request._messages = CookieStorage(request)
        assert home(request).status_code == 200

    return run


def renewing(owner: object) -> Callable[[], None]:
    """The page while figures older than FRESH_FOR are being renewed by a worker."""
    show_page = page(owner, {})

    def run() -> None:
        now = timezone.now()
        NetworkSnapshot.objects.filter(owner_id=owner.pk).update(
            computed_at=now - dashboard.FRESH_FOR - timedelta(seconds=1),
            refresh_requested_at=now,  # already sent: measure the page, not the broker
        )
        show_page()

    return run


def main() -> None:
    if connection.vendor != "postgresql":
        sys.exit("make bench-dashboard needs PostgreSQL: set DATABASE_URL=postgres://...")
    call_command("migrate", verbosity=0)
    owner, other = bench_user("bench-owner"), bench_user("bench-other")
    fill(owner, CONTACTS)
    fill(other, OTHER_USERS_CONTACTS)
    cases: list[tuple[str, Callable[[], object]]] = [
        ("counts by kind", lambda: dashboard.kind_counts(owner)),
        ("gains by month", lambda: dashboard.connections_gained_by_month(owner)),
        ("top companies", lambda: dashboard.top_values(owner, "company")),
        ("top positions", lambda: dashboard.top_values(owner, "position")),
        ("recent imports", lambda: dashboard.recent_imports(owner)),
        ("figures, worker", lambda: dashboard.store_figures(owner)),
        ("page", page(owner, {})),
        ("page, renewing", renewing(owner)),
    ]
    print(f"{CONTACTS:,} contacts (+{OTHER_USERS_CONTACTS:,} of another user)")
    print(f"{'figure':<16} {'p50':>9} {'p95':>9}")
    for name, run in cases:
        times, _ = measure(run)
        p50, p95 = percentiles(times)
        print(f"{name:<16} {p50:>7.1f}ms {p95:>7.1f}ms")


if __name__ == "__main__":
    main()

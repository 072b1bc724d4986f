"""``make bench-dashboard``: the dashboard at a million contacts: each figure, then the page.

Uses the list benchmark's generated data (bench/list_data.py). Needs PostgreSQL:
DATABASE_URL=postgres://... make bench-dashboard
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django

django.setup()

from django.contrib.messages.storage.cookie import CookieStorage
from django.core.management import call_command
from django.db import connection
from django.test import RequestFactory

from bench.list_data import bench_user, fill
from bench.list_page import OTHER_USERS_CONTACTS, measure, percentiles
from contacts import dashboard
from contacts.views.home import home

CONTACTS = int(os.environ.get("BENCH_CONTACTS", 1_000_000))


def page(owner: object, query: dict[str, str]) -> Callable[[], None]:
    def run() -> None:
        request = RequestFactory().get("/", query)
        request.user = owner
        request._messages = CookieStorage(request)
        assert home(request).status_code == 200

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
        ("page, computed", page(owner, {"refresh": "1"})),
        ("page, cached", page(owner, {})),
    ]
    print(f"{CONTACTS:,} contacts (+{OTHER_USERS_CONTACTS:,} of another user)")
    print(
        f"{'figure':<16} {'p50':>9} {'p95':>9}"
    )  # the page is served from the cache between imports
    for name, run in cases:
        times, _ = measure(run)
        p50, p95 = percentiles(times)
        print(f"{name:<16} {p50:>7.1f}ms {p95:>7.1f}ms")


if __name__ == "__main__":
    main()

"""``make bench-list``: the contact list page at a million contacts, next to hand-written SQL.

For each filter (and a few combinations) it times, server-side, the list view
answering an htmx filter change (50 rows, their tags, the capped count,
rendered), and the database time inside it, against one hand-written SQL
page (the same 51 rows, their tags and the capped count) in the same run.

Needs PostgreSQL: DATABASE_URL=postgres://... make bench-list
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django

django.setup()

from django.contrib.messages.storage.cookie import CookieStorage
from django.core.management import call_command
from django.db import connection
from django.test import RequestFactory
from django_htmx.middleware import HtmxDetails

from bench.list_data import bench_user, fill
from contacts.models import Tag
from contacts.views.list import contact_list

CONTACTS = int(os.environ.get("BENCH_CONTACTS", 1_000_000))
OTHER_USERS_CONTACTS = int(os.environ.get("BENCH_OTHER_CONTACTS", 100_000))
RUNS = int(os.environ.get("BENCH_RUNS", 30))

COLUMNS = (
    "c.id, c.owner_id, c.first_name, c.last_name, c.display_name, c.headline, c.position, "
    "c.company, c.location, c.slug, c.is_connection, c.is_follower, c.is_following, "
    "c.connected_on, c.last_interaction_at"
)
TAGGED = "EXISTS (SELECT 1 FROM contacts_taggedcontact t WHERE t.content_object_id = c.id AND t.tag_id = {})"


def cases(common_tag: int, rare_tag: int) -> list[tuple[str, dict, str, str]]:
    """(name, query string, hand-written WHERE after the owner, ORDER BY)."""
    newest = "c.id DESC"
    return [
        ("everyone", {}, "", newest),
        ("search one word", {"q": "founder"}, "c.search_text LIKE '%%founder%%'", newest),
        ("search rare word", {"q": "name4711"}, "c.search_text LIKE '%%name4711%%'", newest),
        ("search two words", {"q": "ada company 12"},
         "c.search_text LIKE '%%ada%%' AND c.search_text LIKE '%%company%%' AND c.search_text LIKE '%%12%%'", newest),
        ("kind=connection", {"kind": "connection"}, "c.is_connection", newest),
        ("kind=follower", {"kind": "follower"}, "NOT c.is_connection AND c.is_follower", newest),
        ("kind=contact", {"kind": "contact"},
         "NOT c.is_connection AND NOT c.is_follower AND NOT c.is_following", newest),
        ("tag (common)", {"tags": common_tag}, TAGGED.format(common_tag), newest),
        ("tag (rare)", {"tags": rare_tag}, TAGGED.format(rare_tag), newest),
        ("tags all", {"tags": [common_tag, rare_tag], "tag_mode": "all"},
         f"{TAGGED.format(common_tag)} AND {TAGGED.format(rare_tag)}", newest),
        ("tags none", {"tags": [common_tag], "tag_mode": "none"}, f"NOT {TAGGED.format(common_tag)}", newest),
        ("company", {"company": "company 42"}, "UPPER(c.company) = UPPER('company 42')", newest),
        ("location", {"location": "city 7,"}, "UPPER(c.location) LIKE UPPER('%%city 7,%%')", newest),
        ("connected range", {"connected_after": "2020-01-01", "connected_before": "2020-03-31"},
         "c.connected_on BETWEEN '2020-01-01' AND '2020-03-31'", newest),
        ("has email", {"has_email": "true"}, "c.email <> ''", newest),
        ("has notes", {"has_notes": "true"},
         "EXISTS (SELECT 1 FROM contacts_note n WHERE n.contact_id = c.id)", newest),
        ("interacted after", {"interacted_after": "2025-01-01"},
         "c.last_interaction_at >= '2025-01-01'", newest),
        ("interacted before", {"interacted_before": "2021-01-01"},
         "(c.last_interaction_at < '2021-01-01' OR c.last_interaction_at IS NULL)", newest),
        ("invitation", {"invitation": "sent"}, "c.invitation = 'sent'", newest),
        ("source", {"source": "csv"}, "c.source = 'csv'", newest),
        ("sort name", {"ordering": "name"}, "", "c.last_name, c.first_name, c.id"),
        ("sort connected desc", {"ordering": "-connected_on"}, "",
         "c.connected_on DESC NULLS LAST, c.id DESC"),
        ("sort company, page 200", {"ordering": "company", "page": 200}, "", "c.company, c.id"),
        ("connection+tag+company", {"kind": "connection", "tags": common_tag, "company": "company 42"},
         f"c.is_connection AND {TAGGED.format(common_tag)} AND UPPER(c.company) = UPPER('company 42')", newest),
        ("search+follower", {"q": "engineer", "kind": "follower"},
         "c.search_text LIKE '%%engineer%%' AND NOT c.is_connection AND c.is_follower", newest),
        ("range+email+sort", {"connected_after": "2019-01-01", "has_email": "true", "ordering": "-connected_on"},
         "c.connected_on >= '2019-01-01' AND c.email <> ''", "c.connected_on DESC NULLS LAST, c.id DESC"),
    ]  # fmt: skip


def hand_written(owner_id: int, where: str, order: str, page: int) -> Callable[[], None]:
    condition = f"c.owner_id = {owner_id}" + (f" AND {where}" if where else "")
    page_condition = condition
    if order.startswith("c.id DESC"):
        # As the view bounds its page, and as anyone tuning this by hand would: the
        # primary key walk starts at the owner's newest row, not at other users' newer ones.
        newest = f"SELECT max(id) FROM contacts_contact WHERE owner_id = {owner_id}"
        page_condition += f" AND c.id <= ({newest})"
    page_sql = (
        f"SELECT {COLUMNS} FROM contacts_contact c WHERE {page_condition} "
        f"ORDER BY {order} LIMIT 51 OFFSET {(page - 1) * 50}"
    )
    count_sql = (
        f"SELECT count(*) FROM (SELECT 1 FROM contacts_contact c WHERE {condition} LIMIT 10001) s"
    )
    tags_sql = (
        "SELECT tc.content_object_id, t.id, t.name, t.colour FROM contacts_taggedcontact tc "
        "JOIN contacts_tag t ON t.id = tc.tag_id WHERE tc.content_object_id = ANY(%s)"
    )

    def run() -> None:
        with connection.cursor() as cursor:
            cursor.execute(page_sql)
            ids = [row[0] for row in cursor.fetchall()]
            cursor.execute(tags_sql, [ids])
            cursor.fetchall()
            if len(ids) == 51 or page > 1:
                cursor.execute(count_sql)
                cursor.fetchone()

    return run


class DatabaseTime:
    """Adds up the time spent in the database while it is installed."""

    def __init__(self) -> None:
        self.seconds = 0.0

    def __call__(
        self, execute: Callable, sql: str, params: object, many: bool, context: dict
    ) -> object:
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - start


def view_runner(user: object, params: dict) -> Callable[[], float]:
    factory = RequestFactory()

    def run() -> float:
        request = factory.get("/contacts/", params, HTTP_HX_REQUEST="true")
        request.user = user
        request.htmx = HtmxDetails(request)
        request._messages = CookieStorage(request)
        db = DatabaseTime()
        with connection.execute_wrapper(db):
            response = contact_list(request)
        assert response.status_code == 200, response.status_code
        return db.seconds

    return run


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered) * 1000, p95 * 1000


def measure(run: Callable[[], object]) -> tuple[list[float], list[object]]:
    for _ in range(3):
        run()
    times, results = [], []
    for _ in range(RUNS):
        start = time.perf_counter()
        results.append(run())
        times.append(time.perf_counter() - start)
    return times, results


def main() -> None:
    if connection.vendor != "postgresql":
        sys.exit("make bench-list needs PostgreSQL: set DATABASE_URL=postgres://...")
    call_command("migrate", verbosity=0)
    owner, other = bench_user("bench-owner"), bench_user("bench-other")
    started = time.perf_counter()
    fill(owner, CONTACTS)
    fill(other, OTHER_USERS_CONTACTS)
    print(f"data ready in {time.perf_counter() - started:.0f} s: {CONTACTS:,} contacts "
          f"(+{OTHER_USERS_CONTACTS:,} of another user), {RUNS} runs per case, {date.today()}")  # fmt: skip
    tags = list(Tag.objects.for_owner(owner).order_by("name"))
    common, rare = tags[0].pk, tags[-1].pk
    header = f"{'case':<24} {'view p50':>9} {'view p95':>9} {'its SQL p95':>11} {'hand SQL p50':>12} {'hand SQL p95':>12} {'ratio':>6}"
    print(header)
    print("-" * len(header))
    missed = []
    for name, params, where, order in cases(common, rare):
        view_times, db_times = measure(view_runner(owner, params))
        sql_times, _ = measure(hand_written(owner.pk, where, order, int(params.get("page", 1))))
        view_p50, view_p95 = percentiles(view_times)
        _, db_p95 = percentiles(db_times)
        sql_p50, sql_p95 = percentiles(sql_times)
        ratio = db_p95 / sql_p95
        flag = "" if view_p95 <= 50 and ratio <= 1.5 else "  <- missed"
        if flag:
            missed.append(name)
        print(f"{name:<24} {view_p50:>7.1f}ms {view_p95:>7.1f}ms {db_p95:>9.1f}ms "
              f"{sql_p50:>10.1f}ms {sql_p95:>10.1f}ms {ratio:>5.2f}x{flag}")  # fmt: skip
    print(
        f"\ntargets: view p95 <= 50 ms, its SQL p95 <= 1.5x hand-written; missed: {missed or 'none'}"
    )


if __name__ == "__main__":
    main()

"""Counting matches within a time budget, and the planner's estimate when that runs out.

A capped count of a selective filter can still read most of a million rows to
find its matches (a location substring, a common search word): the page's
fifty rows come quickly, the count does not. The list counts within a budget;
past it, the statement is cancelled and the page says "about N", from the
planner's estimate, instead of making the user wait for a figure.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import DatabaseError, connection, transaction
from django.db.models import QuerySet

# PostgreSQL's code for a statement cancelled by statement_timeout.
QUERY_CANCELED = "57014"
# How often (in SQLite virtual machine instructions) SQLite asks whether time is up.
SQLITE_CHECK_EVERY = 10_000


class OutOfTime(Exception):
    """The statement ran past its budget and was cancelled; nothing else went wrong."""


def capped_count(queryset: QuerySet, cap: int) -> int:
    """How many rows match, counting no further than ``cap + 1``."""
    return queryset.order_by()[: cap + 1].count()


def capped_count_within(queryset: QuerySet, cap: int, milliseconds: int) -> int | None:
    """``capped_count``, or None when counting takes longer than ``milliseconds``."""
    try:
        with time_limit(milliseconds):
            return capped_count(queryset, cap)
    except OutOfTime:
        return None


def estimated_count(queryset: QuerySet) -> int | None:
    """The planner's estimate of how many rows match (PostgreSQL), None where there is none."""
    if connection.vendor != "postgresql":
        return None
    sql, params = queryset.order_by().query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


@contextmanager
def time_limit(milliseconds: int) -> Iterator[None]:
    """Cancels the statements run inside after ``milliseconds`` and raises ``OutOfTime``.

    For statements that only read: they run in a savepoint (or a transaction)
    that is rolled back at the end, which leaves the surrounding transaction
    usable after a cancelled statement and ends the limit with it.
    """
    limit = _postgresql_limit if connection.vendor == "postgresql" else _sqlite_limit
    with limit(milliseconds):
        yield


@contextmanager
def _postgresql_limit(milliseconds: int) -> Iterator[None]:
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                # At least 1 ms: PostgreSQL reads 0 as "no limit".
                cursor.execute(
                    "SELECT set_config('statement_timeout', %s, true)",
                    [f"{max(1, milliseconds)}ms"],
                )
            yield
            # Released, the savepoint would keep the limit to the end of the transaction.
            transaction.set_rollback(True)
    except DatabaseError as error:
        if getattr(error.__cause__, "sqlstate", None) == QUERY_CANCELED:
            raise OutOfTime from error
        raise


@contextmanager
def _sqlite_limit(milliseconds: int) -> Iterator[None]:
    connection.ensure_connection()
    deadline = time.monotonic() + milliseconds / 1000
    fired = False

    def out_of_time() -> bool:
        nonlocal fired
        fired = time.monotonic() > deadline
        return fired

    sqlite = connection.connection
    sqlite.set_progress_handler(out_of_time, SQLITE_CHECK_EVERY)
    try:
        with transaction.atomic():
            yield
            transaction.set_rollback(True)
    except DatabaseError as error:
        if fired:
            raise OutOfTime from error
        raise
    finally:
        sqlite.set_progress_handler(None, 0)

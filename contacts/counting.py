"""Statements within a time budget, counts, and the planner's estimate when time runs out.

A capped count of a selective filter can still read most of a million rows to
find its matches (a location substring, a common search word): the page's
fifty rows come quickly, the count does not. The list runs such statements
within a budget; past it, the statement is cancelled and the page says "about
N", from the planner's estimate, instead of making the user wait for a figure.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager

from django.core.exceptions import EmptyResultSet
from django.db import DatabaseError, connection, transaction
from django.db.models import QuerySet

# PostgreSQL's code for a statement cancelled by statement_timeout.
QUERY_CANCELED = "57014"
# A timeout that fires as the statement finishes is left pending and cancels
# the next statement on the connection, whatever it is (4% of statements that
# end near their budget, tests/contacts/test_counting.py). A statement after
# it in the same message takes that cancel, as a timeout of this message.
CATCH_LATE_TIMEOUT = "SELECT 1"
# How often (in SQLite virtual machine instructions) SQLite asks whether time is up.
SQLITE_CHECK_EVERY = 10_000


# Runs one statement with its parameters and returns its rows.
Execute = Callable[[str, Sequence[object]], list[tuple]]


class OutOfTime(Exception):
    """The statement ran past its budget and was cancelled; nothing else went wrong."""


def capped_count(queryset: QuerySet, cap: int) -> int:
    """How many rows match, counting no further than ``cap + 1``."""
    return queryset.order_by()[: cap + 1].count()


def capped_count_within(queryset: QuerySet, cap: int, milliseconds: int) -> int | None:
    """``capped_count``, or None when counting takes longer than ``milliseconds``."""
    compiled = sql_of(queryset.order_by().values("pk")[: cap + 1])
    if compiled is None:
        return 0
    sql, params = compiled
    rows = rows_within(f"SELECT COUNT(*) FROM ({sql}) capped", params, milliseconds)
    return None if rows is None else rows[0][0]


def sql_of(queryset: QuerySet) -> tuple[str, Sequence[object]] | None:
    """The queryset's SQL and parameters; None when it cannot match anything (``.none()``)."""
    try:
        return queryset.query.sql_with_params()
    except EmptyResultSet:
        return None


def rows_within(
    sql: str,
    params: Sequence[object],
    milliseconds: int,
    planner: Mapping[str, str] | None = None,
) -> list[tuple] | None:
    """The rows of the read-only ``sql``, or None when it runs longer than ``milliseconds``.

    ``planner`` holds PostgreSQL planner settings (``{"enable_indexscan": "off"}``)
    for this statement alone; SQLite has none and ignores them.
    """
    try:
        with time_limit(milliseconds, planner) as execute:
            return execute(sql, params)
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
def time_limit(milliseconds: int, planner: Mapping[str, str] | None = None) -> Iterator[Execute]:
    """Gives a function that runs read-only statements, cancelled after ``milliseconds``.

    A cancelled statement raises ``OutOfTime``, and the surrounding transaction,
    if any, stays usable. Only for statements that read: outside a transaction,
    each one commits on its own.
    """
    limit = _postgresql_limit if connection.vendor == "postgresql" else _sqlite_limit
    with limit(milliseconds, planner or {}) as execute:
        yield execute


@contextmanager
def _postgresql_limit(milliseconds: int, planner: Mapping[str, str]) -> Iterator[Execute]:
    # At least 1 ms: PostgreSQL reads 0 as "no limit".
    settings = {"statement_timeout": f"{max(1, milliseconds)}ms", **planner}
    set_local = "SELECT " + ", ".join("set_config(%s, %s, true)" for _ in settings)
    set_params = [part for setting in settings.items() for part in setting]

    def execute(sql: str, params: Sequence[object]) -> list[tuple]:
        # One message, one round trip: Django's psycopg cursors bind parameters on
        # the client, so the settings and the statement travel together. Outside a
        # transaction the message is a transaction of its own, which ends the
        # settings with it; inside one, the savepoint below rolls them back.
        with connection.cursor() as cursor:
            cursor.execute(f"{set_local}; {sql}; {CATCH_LATE_TIMEOUT}", [*set_params, *params])
            cursor.nextset()
            return cursor.fetchall()

    try:
        if connection.get_autocommit() and not connection.in_atomic_block:
            yield execute
        else:
            with transaction.atomic():
                yield execute
                transaction.set_rollback(True)
    except DatabaseError as error:
        if getattr(error.__cause__, "sqlstate", None) == QUERY_CANCELED:
            raise OutOfTime from error
        raise


@contextmanager
def _sqlite_limit(milliseconds: int, planner: Mapping[str, str]) -> Iterator[Execute]:
    connection.ensure_connection()
    deadline = time.monotonic() + milliseconds / 1000
    fired = False

    def out_of_time() -> bool:
        nonlocal fired
        fired = time.monotonic() > deadline
        return fired

    def execute(sql: str, params: Sequence[object]) -> list[tuple]:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    sqlite = connection.connection
    sqlite.set_progress_handler(out_of_time, SQLITE_CHECK_EVERY)
    try:
        with transaction.atomic():
            yield execute
            transaction.set_rollback(True)
    except DatabaseError as error:
        if fired:
            raise OutOfTime from error
        raise
    finally:
        sqlite.set_progress_handler(None, 0)

"""Pages of a contact list that stay fast at a million rows.

A full ``COUNT(*)`` over a million rows costs more than the page itself, so
the count stops at ``COUNT_CAP`` ("10,000+"), and pages go no deeper than the
cap: past it, the user narrows the filter instead of paging.

A page is two statements, each within a budget. The first finds the page's
rows, their tags, and how many matches came before and with it, in the list's
order (``PAGE_BUDGET_MS``); a page that is the last one counts itself. The
second counts the matches up to the cap in no order, so that PostgreSQL may
count them from whichever index holds them (``COUNT_BUDGET_MS``): the first
10,001 followers newest first walk 100,000 rows of the primary key, 33 ms at a
million, where the kind index counts them in 10 ms. When matches are too
sparse for the count (a location substring, a common search word), the page
shows the planner's estimate ("about 12,000").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db import connection
from django.db.models import F, OrderBy, QuerySet

from contacts.counting import capped_count_within, estimated_count, rows_within, sql_of
from contacts.page_statement import page_rows, page_statement

PAGE_SIZE = 50
COUNT_CAP = 10_000
LAST_PAGE = COUNT_CAP // PAGE_SIZE
# The page's rows in the list's order, and the capped count in no order, each
# within its budget. Tags and rendering add 10-20 ms to an htmx refresh at a
# million contacts, so a page stays under 50 ms (make bench-list).
PAGE_BUDGET_MS = 30
COUNT_BUDGET_MS = 10
# When the user asks for the exact count of a page that showed an estimate.
EXACT_COUNT_BUDGET_MS = 10_000
# A page whose matches are sparse in the list's order is found from bitmaps of
# every index that narrows the filter, then sorted. Past this budget too, the
# page as planned would walk an index through every row: a search no follower
# matches takes 1.4 s from bitmaps where the trigram index holds 5.4M contacts
# of nine owners, and 2.5 s more as planned (make bench).
FROM_BITMAPS = {"enable_indexscan": "off", "enable_indexonlyscan": "off"}
SPARSE_BUDGET_MS = 2_000
# The API's pages (KeysetPagination): the page's ids alone, as the planner would
# find them, then from bitmaps; then as planned, unbounded. The list's page ran
# as planned within PAGE_BUDGET_MS already, and then takes the first
# COUNT_CAP + 1 matches from bitmaps, page and count in one.
PAGE_PLANS: tuple[tuple[dict[str, str], int], ...] = (
    ({}, 30),
    (FROM_BITMAPS, SPARSE_BUDGET_MS),
)


def page_number(raw: str | None) -> int:
    """The page asked for, clamped to 1..LAST_PAGE; nonsense means the first page."""
    try:
        number = int(raw or 1)
    except ValueError:
        return 1
    return min(max(number, 1), LAST_PAGE)


@dataclass(frozen=True)
class ContactPage:
    rows: list
    number: int
    # None: counting ran out of time and there is no estimate (SQLite).
    count: int | None
    more_than_cap: bool
    has_next: bool
    # The count is the planner's estimate: counting ran out of time.
    is_estimate: bool = False

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def start(self) -> int:
        return (self.number - 1) * PAGE_SIZE + 1 if self.rows else 0

    @property
    def end(self) -> int:
        return self.start + len(self.rows) - 1 if self.rows else 0

    @property
    def count_text(self) -> str:
        """The count as the page says it: "1,234", "10,000+", "about 12,000" or "many"."""
        if self.count is None:
            return "many"
        if self.is_estimate:
            return f"about {self.count:,}"
        if self.more_than_cap:
            return f"{COUNT_CAP:,}+"
        return f"{self.count:,}"


def contact_page(
    queryset: QuerySet,
    number: int,
    columns: Sequence[str],
    owner: AbstractBaseUser,
    *,
    exact_count: bool = False,
) -> ContactPage:
    """One page of the owner's ``queryset`` and its count, capped at ``COUNT_CAP``.

    Each row has only ``columns`` loaded, and ``tag_ids``, the ids of its tags.
    One statement finds the page's rows with their tags (``page_statement``,
    ``_rows_and_count_if_seen``). When it did not see every match, a second
    counts them in no order up to the cap, within ``COUNT_BUDGET_MS``
    (``EXACT_COUNT_BUDGET_MS`` when ``exact_count``); past it, the count is the
    planner's estimate (``is_estimate``).

    Newest first, the ids are bounded by the owner's newest id
    (``no_newer_than_newest_of``), so that PostgreSQL does not walk the primary
    key past other users' newer rows.
    """
    offset = (number - 1) * PAGE_SIZE
    ordered_ids = queryset.values_list("pk", flat=True)
    if is_newest_first(queryset):
        ordered_ids = ordered_ids.no_newer_than_newest_of(owner)
    rows, count = _rows_and_count_if_seen(queryset, ordered_ids, offset, columns)
    has_next = len(rows) > PAGE_SIZE and number < LAST_PAGE
    rows = rows[:PAGE_SIZE]
    if count is None:
        budget = EXACT_COUNT_BUDGET_MS if exact_count else COUNT_BUDGET_MS
        count = capped_count_within(queryset, COUNT_CAP, budget)
    if count is None:
        return ContactPage(
            rows=rows,
            number=number,
            count=rounded_estimate(queryset, at_least=offset + len(rows) + has_next),
            more_than_cap=False,
            has_next=has_next,
            is_estimate=True,
        )
    return ContactPage(
        rows=rows,
        number=number,
        count=min(count, COUNT_CAP),
        more_than_cap=count > COUNT_CAP,
        has_next=has_next,
    )


def _rows_and_count_if_seen(
    queryset: QuerySet, ordered_ids: QuerySet, offset: int, columns: Sequence[str]
) -> tuple[list, int | None]:
    """The page's rows and one more, and how many match when finding them showed it.

    As planned, the first matches up to the page's end; past ``PAGE_BUDGET_MS``
    they are sparse in the list's order, so the first ``COUNT_CAP + 1`` from
    bitmaps (``FROM_BITMAPS``); past that budget too, the page's ids alone.
    Finding fewer matches than it looked for, or the cap's worth, a statement
    counted them; so does a page with no row after it.
    """
    attempts = (
        (offset + PAGE_SIZE + 1, PAGE_BUDGET_MS, None),
        (COUNT_CAP + 1, SPARSE_BUDGET_MS, FROM_BITMAPS),
    )
    for looking_for, budget, settings in attempts:
        found = page_within(queryset, ordered_ids, offset, columns, looking_for, budget, settings)
        if found is not None:
            rows, seen = found
            return rows, seen if seen < looking_for or looking_for > COUNT_CAP else None
    ids = list(ordered_ids[offset : offset + PAGE_SIZE + 1])  # as planned, unbounded
    rows = rows_of(queryset, ids, columns)
    if len(rows) > PAGE_SIZE or (offset and not rows):
        return rows, None
    return rows, offset + len(rows)


def page_within(
    queryset: QuerySet,
    ordered_ids: QuerySet,
    offset: int,
    columns: Sequence[str],
    looking_for: int,
    milliseconds: int,
    planner: Mapping[str, str] | None = None,
) -> tuple[list, int] | None:
    """The page's rows at ``offset`` and one more, from the first ``looking_for``
    matches in the list's order, and how many of those there are.

    None when the statement takes longer than ``milliseconds``. ``planner``:
    PostgreSQL planner settings for it (``rows_within``).
    """
    compiled = sql_of(ordered_ids[:looking_for])
    if compiled is None:
        return [], 0
    statement = page_statement(queryset.model, *compiled, columns, offset, PAGE_SIZE + 1)
    rows = rows_within(statement.sql, statement.params, milliseconds, planner)
    if rows is None:
        return None
    return page_rows(queryset.model, statement, rows)


def page_ids_as_planned(ordered_ids: QuerySet, offset: int, size: int = PAGE_SIZE + 1) -> list[int]:
    """The ``size`` ids at ``offset``: each of ``PAGE_PLANS`` in turn, then as planned.

    For the list's pages and the API's (``KeysetPagination``).
    """
    page = ordered_ids[offset : offset + size]
    compiled = sql_of(page) if connection.vendor == "postgresql" else None
    if compiled is not None:
        for planner, milliseconds in PAGE_PLANS:
            rows = rows_within(*compiled, milliseconds, planner)
            if rows is not None:
                return [row[0] for row in rows]
    return list(page)


def rows_of(queryset: QuerySet, ids: list[int], columns: Sequence[str]) -> list:
    """The contacts with ``ids`` in the queryset's order, with ``columns`` and ``tag_ids``.

    The same statement as a counted page, over these ids alone: 51 primary keys.
    """
    if not ids:
        return []
    chosen = queryset.model._base_manager.filter(pk__in=ids)
    if queryset.query.order_by:
        chosen = chosen.order_by(*queryset.query.order_by)
    sql, params = chosen.values_list("pk").query.sql_with_params()
    statement = page_statement(queryset.model, sql, params, columns, 0, len(ids))
    with connection.cursor() as cursor:
        cursor.execute(statement.sql, statement.params)
        rows = cursor.fetchall()
    return page_rows(queryset.model, statement, rows)[0]


def rounded_estimate(queryset: QuerySet, at_least: int) -> int | None:
    """The planner's estimate to two significant figures, never below what the page saw."""
    estimate = estimated_count(queryset)
    if estimate is None:
        return None
    estimate = max(estimate, at_least)
    digits = len(str(estimate))
    if digits <= 2:
        return estimate
    unit = 10 ** (digits - 2)
    return max((estimate + unit // 2) // unit * unit, at_least)


def is_newest_first(queryset: QuerySet) -> bool:
    """Ordered by id, descending, first: explicitly or by the model's default ordering."""
    query = queryset.query
    order = query.order_by or (queryset.model._meta.ordering if query.default_ordering else ())
    if not order:
        return False
    first = order[0]
    if isinstance(first, str):
        return first in ("-id", "-pk")
    return (
        isinstance(first, OrderBy)
        and first.descending
        and isinstance(first.expression, F)
        and first.expression.name in ("id", "pk")
    )

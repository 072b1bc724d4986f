"""Pages of a contact list that stay fast at a million rows.

A full ``COUNT(*)`` over a million rows costs more than the page itself, so
the count stops at ``COUNT_CAP`` ("10,000+"), and pages go no deeper than the
cap: past it, the user narrows the filter instead of paging. Even capped, a
count can read most of the rows to find its matches, so it gets what is left
of ``PAGE_BUDGET_MS`` after the rows (at least ``COUNT_BUDGET_MS``); past
that, the page shows the planner's estimate ("about 12,000").
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import F, OrderBy, QuerySet

from contacts.counting import capped_count_within, estimated_count

PAGE_SIZE = 50
COUNT_CAP = 10_000
LAST_PAGE = COUNT_CAP // PAGE_SIZE
# The page's rows and its count share PAGE_BUDGET_MS: the count gets what the
# rows left, and never less than COUNT_BUDGET_MS. Tags and rendering add 10-20
# ms to an htmx refresh at a million contacts, so a page stays near 40 ms
# (make bench-list).
PAGE_BUDGET_MS = 20
COUNT_BUDGET_MS = 5
# When the user asks for the exact count of a page that showed an estimate.
EXACT_COUNT_BUDGET_MS = 10_000


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
    """One page of the owner's ``queryset`` and its count; one query fewer at the end.

    The count is capped at ``COUNT_CAP`` and given what the rows left of
    ``PAGE_BUDGET_MS`` (``EXACT_COUNT_BUDGET_MS`` when ``exact_count``); past
    that, it is the planner's estimate (``is_estimate``).

    The page's ids are a subquery of their own, which PostgreSQL plans apart
    (it has a LIMIT): it can be answered from an index alone (every sort has
    an index starting with the owner), and PostgreSQL then picks the owner's
    index instead of walking the primary key past other users' newer rows.
    Newest first, the ids are also bounded by the owner's newest id
    (``no_newer_than_newest_of``); the count is not, as the bound makes the
    planner count from the oldest row of all users. The page's ``columns``
    are fetched by those ids, in the same statement.
    """
    started = time.monotonic()
    offset = (number - 1) * PAGE_SIZE
    page_ids = queryset.values_list("pk", flat=True)
    if is_newest_first(queryset):
        page_ids = page_ids.no_newer_than_newest_of(owner)
    in_page = queryset.model._base_manager.filter(
        pk__in=page_ids[offset : offset + PAGE_SIZE + 1]
    ).only(*columns)
    if queryset.query.order_by:
        in_page = in_page.order_by(*queryset.query.order_by)
    rows = list(in_page)
    has_next = len(rows) > PAGE_SIZE and number < LAST_PAGE
    rows = rows[:PAGE_SIZE]
    if len(rows) < PAGE_SIZE and (rows or number == 1):
        count = offset + len(rows)
    else:
        left = PAGE_BUDGET_MS - round((time.monotonic() - started) * 1000)
        budget = EXACT_COUNT_BUDGET_MS if exact_count else max(left, COUNT_BUDGET_MS)
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

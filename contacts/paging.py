"""Pages of a contact list that stay fast at a million rows.

A full ``COUNT(*)`` over a million rows costs more than the page itself, so
the count stops at ``COUNT_CAP`` ("10,000+"), and pages go no deeper than the
cap: past it, the user narrows the filter instead of paging.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import F, OrderBy, QuerySet

PAGE_SIZE = 50
COUNT_CAP = 10_000
LAST_PAGE = COUNT_CAP // PAGE_SIZE


def capped_count(queryset: QuerySet, cap: int) -> int:
    """How many rows match, counting no further than ``cap + 1``."""
    return queryset.order_by()[: cap + 1].count()


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
    count: int
    more_than_cap: bool
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def start(self) -> int:
        return (self.number - 1) * PAGE_SIZE + 1 if self.rows else 0

    @property
    def end(self) -> int:
        return self.start + len(self.rows) - 1 if self.rows else 0


def contact_page(
    queryset: QuerySet, number: int, columns: Sequence[str], owner: AbstractBaseUser
) -> ContactPage:
    """One page of the owner's ``queryset`` and the capped count; one query fewer at the end.

    The page's ids come first, on their own: that query can be answered from
    an index alone (every sort has an index starting with the owner), and
    PostgreSQL then picks the owner's index instead of walking the primary
    key past other users' newer rows. Newest first, the ids are also bounded
    by the owner's newest id (``no_newer_than_newest_of``); the count is not,
    as the bound makes the planner count from the oldest row of all users.
    The page's ``columns`` are fetched by id after.
    """
    offset = (number - 1) * PAGE_SIZE
    page_ids = queryset.values_list("pk", flat=True)
    if is_newest_first(queryset):
        page_ids = page_ids.no_newer_than_newest_of(owner)
    ids = list(page_ids[offset : offset + PAGE_SIZE + 1])
    has_next = len(ids) > PAGE_SIZE and number < LAST_PAGE
    ids = ids[:PAGE_SIZE]
    by_id = queryset.model._base_manager.filter(pk__in=ids).only(*columns)
    found = {row.pk: row for row in by_id}
    rows = [found[pk] for pk in ids if pk in found]
    if len(rows) < PAGE_SIZE and (rows or number == 1):
        count = offset + len(rows)
    else:
        count = capped_count(queryset, COUNT_CAP)
    return ContactPage(
        rows=rows,
        number=number,
        count=min(count, COUNT_CAP),
        more_than_cap=count > COUNT_CAP,
        has_next=has_next,
    )


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

"""The dashboard's figures: a few aggregate queries over one owner's contacts and jobs.

Each figure is one aggregate query and every list is capped. At a million
contacts each aggregate still reads every row of the owner (a few hundred
ms), so the contact figures are kept in the cache for CACHE_SECONDS, and
computed afresh as soon as an import finishes or the user asks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from contacts.models import Contact
from contacts.querysets import KIND_FILTERS
from imports.models import ImportJob

LINKEDIN_CONNECTION_CAP = 30_000
CAP_WARNING_FROM = 0.9
TOP_LIMIT = 8
RECENT_IMPORTS = 5
CHART_MONTHS = 120  # ten years by month; older connections are summed into one figure
CACHE_SECONDS = 120


@dataclass(frozen=True)
class KindCounts:
    connections: int
    followers: int
    following: int
    contacts: int
    everyone: int


@dataclass(frozen=True)
class CapMeter:
    """Connections against LinkedIn's cap; a warning from CAP_WARNING_FROM of it."""

    connections: int
    cap: int

    @property
    def percent(self) -> int:
        return min(100, int(100 * self.connections / self.cap))

    @property
    def warn_at(self) -> int:
        return int(self.cap * CAP_WARNING_FROM)

    @property
    def room_left(self) -> int:
        return max(0, self.cap - self.connections)

    @property
    def is_near(self) -> bool:
        return self.connections >= self.warn_at


@dataclass(frozen=True)
class MonthlyGains:
    """Connections gained per month, oldest first, with empty months filled with 0."""

    months: list[tuple[date, int]]
    earlier: int  # gained before the first month shown

    @property
    def total(self) -> int:
        return self.earlier + sum(count for _, count in self.months)


@dataclass(frozen=True)
class NetworkFigures:
    """The figures computed over every contact of the owner, as of ``computed_at``."""

    counts: KindCounts
    gains: MonthlyGains
    top_companies: list[tuple[str, int]]
    top_positions: list[tuple[str, int]]
    computed_at: datetime


def network_figures(owner: Any, refresh: bool = False) -> NetworkFigures:
    """The owner's contact figures, from the cache unless stale, refreshed or an import ended."""
    key = _cache_key(owner)
    figures = None if refresh else cache.get(key)
    if figures is None:
        figures = NetworkFigures(
            counts=kind_counts(owner),
            gains=connections_gained_by_month(owner),
            top_companies=top_values(owner, "company"),
            top_positions=top_values(owner, "position"),
            computed_at=timezone.now(),
        )
        cache.set(key, figures, CACHE_SECONDS)
    return figures


def _cache_key(owner: Any) -> str:
    # The join date tells apart two users who got the same id (a test database
    # rolled back); the last finished job makes an import's results show at once.
    last_finished = (
        ImportJob.objects.for_owner(owner)
        .filter(finished_at__isnull=False)
        .order_by("-finished_at")
        .values_list("pk", flat=True)
        .first()
    )
    return f"dashboard:{owner.pk}:{owner.date_joined.timestamp()}:{last_finished}"


def kind_counts(owner: Any) -> KindCounts:
    """Everyone by relationship, in one pass over the owner's kind index.

    Connections, followers and following overlap (a connection can follow me);
    ``contacts`` is everyone with none of the three ties.
    """
    figures = Contact.objects.for_owner(owner).aggregate(
        connections=Count("id", filter=Q(is_connection=True)),
        followers=Count("id", filter=Q(is_follower=True)),
        following=Count("id", filter=Q(is_following=True)),
        contacts=Count("id", filter=KIND_FILTERS["contact"]),
        everyone=Count("id"),
    )
    return KindCounts(**figures)


def cap_meter(counts: KindCounts) -> CapMeter:
    return CapMeter(connections=counts.connections, cap=LINKEDIN_CONNECTION_CAP)


def connections_gained_by_month(owner: Any, today: date | None = None) -> MonthlyGains:
    """How many people became connections each month, from their ``connected_on`` date.

    People who later disconnected still count in the month they connected: it
    is a record of growth, and it keeps the query on the (owner, connected_on) index.
    """
    rows = (
        Contact.objects.for_owner(owner)
        .filter(connected_on__isnull=False)
        .annotate(month=TruncMonth("connected_on"))
        .values("month")
        .annotate(gained=Count("id"))
        .order_by("month")
    )
    by_month = {_first_of_month(row["month"]): row["gained"] for row in rows}
    if not by_month:
        return MonthlyGains(months=[], earlier=0)
    today = today or timezone.localdate()
    last = max(_first_of_month(today), max(by_month))
    first = max(min(by_month), _months_before(last, CHART_MONTHS - 1))
    months = []
    month = first
    while month <= last:
        months.append((month, by_month.get(month, 0)))
        month = _months_before(month, -1)
    earlier = sum(count for month, count in by_month.items() if month < first)
    return MonthlyGains(months=months, earlier=earlier)


def top_values(owner: Any, field: str, limit: int = TOP_LIMIT) -> list[tuple[str, int]]:
    """The most frequent non-empty values of ``field`` (company, position) and their counts."""
    rows = (
        Contact.objects.for_owner(owner)
        .exclude(**{field: ""})
        .values(field)
        .annotate(people=Count("id"))
        .order_by("-people", field)[:limit]
    )
    return [(row[field], row["people"]) for row in rows]


def recent_imports(owner: Any, limit: int = RECENT_IMPORTS) -> list[ImportJob]:
    return list(ImportJob.objects.for_owner(owner).order_by("-created_at", "-id")[:limit])


def last_finished_import(owner: Any) -> ImportJob | None:
    """The newest import that ran to its end: its summary says what changed."""
    return (
        ImportJob.objects.for_owner(owner)
        .filter(status=ImportJob.Status.SUCCEEDED)
        .order_by("-finished_at", "-id")
        .first()
    )


def _first_of_month(day: date) -> date:
    return day.replace(day=1)


def _months_before(month: date, count: int) -> date:
    """The first of the month ``count`` months before ``month`` (after it when negative)."""
    index = month.year * 12 + month.month - 1 - count
    return date(index // 12, index % 12 + 1, 1)

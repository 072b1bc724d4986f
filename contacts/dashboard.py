"""The dashboard's figures: a few aggregate queries over one owner's contacts and jobs.

Each figure is one aggregate query and every list is capped. At a million
contacts the aggregates still read every row of the owner (about two seconds
in all), so the figures are stored in a NetworkSnapshot: a small network's are
computed in the request, a large one's by a worker while the page shows the
stored ones. They are renewed after FRESH_FOR, when an import finishes, or on
request.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from functools import partial
from typing import Any

from django.db import transaction
from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from contacts.counting import capped_count
from contacts.models import BulkJob, Contact, NetworkSnapshot
from contacts.querysets import KIND_FILTERS
from crm.broker import send_task
from imports.models import READ_CONNECTIONS, ImportJob

LINKEDIN_CONNECTION_CAP = 30_000
CAP_WARNING_FROM = 0.9
TOP_LIMIT = 8
RECENT_IMPORTS = 5
CHART_MONTHS = 120  # ten years by month; older connections are summed into one figure
FRESH_FOR = timedelta(minutes=2)
REFRESH_RETRY = timedelta(minutes=2)  # a refresh not done by then is sent again
SMALL_NETWORK = 20_000  # contacts; below this the figures take tens of ms


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
    def share(self) -> str:
        """The percent used, as the page says it: a few connections are not "0%"."""
        # In tenths of a percent, rounded down as the whole percents are: 9.96% is not "10%".
        tenths = 1000 * self.connections // self.cap
        if self.connections > 0 and tenths < 10:
            return "under 1%"
        if tenths < 100 and tenths % 10:
            return f"{tenths // 10}.{tenths % 10}%"
        return f"{self.percent}%"

    @property
    def warn_at(self) -> int:
        return int(self.cap * CAP_WARNING_FROM)

    @property
    def room_left(self) -> int:
        return max(0, self.cap - self.connections)

    @property
    def is_near(self) -> bool:
        return self.connections >= self.warn_at

    @property
    def is_full(self) -> bool:
        return self.connections >= self.cap


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

    def as_json(self) -> dict[str, Any]:
        return {
            "counts": asdict(self.counts),
            "months": [[month.isoformat(), gained] for month, gained in self.gains.months],
            "earlier": self.gains.earlier,
            "top_companies": self.top_companies,
            "top_positions": self.top_positions,
        }

    @classmethod
    def from_json(cls, stored: dict[str, Any], computed_at: datetime) -> NetworkFigures:
        months = [(date.fromisoformat(month), gained) for month, gained in stored["months"]]
        return cls(
            counts=KindCounts(**stored["counts"]),
            gains=MonthlyGains(months=months, earlier=stored["earlier"]),
            top_companies=[(value, people) for value, people in stored["top_companies"]],
            top_positions=[(value, people) for value, people in stored["top_positions"]],
            computed_at=computed_at,
        )


@dataclass(frozen=True)
class DashboardFigures:
    """What the dashboard shows: the stored figures, if any, and whether newer ones are coming.

    ``behind_import`` says an import finished after the figures were computed, so
    they are known to be out of date and the page reloads itself until they are not.
    """

    figures: NetworkFigures | None
    updating: bool
    behind_import: bool


def network_figures(owner: Any, refresh: bool = False) -> DashboardFigures:
    """The owner's figures: computed here for a small network, else by a worker.

    Figures are renewed after FRESH_FOR, as soon as an import (or a background
    bulk action) finishes, or when
    the user asks. A network of SMALL_NETWORK contacts or more keeps showing its
    stored figures while a worker computes new ones.
    """
    snapshot, _ = NetworkSnapshot.objects.get_or_create(owner_id=owner.pk)
    stored = (
        NetworkFigures.from_json(snapshot.figures, snapshot.computed_at)
        if snapshot.figures is not None and snapshot.computed_at is not None
        else None
    )
    behind_import = stored is not None and _finished_job_since(owner, stored.computed_at)
    fresh = stored is not None and stored.computed_at > timezone.now() - FRESH_FOR
    if stored is not None and fresh and not behind_import and not refresh:
        return DashboardFigures(figures=stored, updating=False, behind_import=False)
    if is_small_network(owner):
        return DashboardFigures(figures=store_figures(owner), updating=False, behind_import=False)
    request_refresh(owner)
    return DashboardFigures(
        figures=stored, updating=True, behind_import=stored is None or behind_import
    )


def compute_figures(owner: Any) -> NetworkFigures:
    return NetworkFigures(
        counts=kind_counts(owner),
        gains=connections_gained_by_month(owner),
        top_companies=top_values(owner, "company"),
        top_positions=top_values(owner, "position"),
        computed_at=timezone.now(),
    )


def store_figures(owner: Any) -> NetworkFigures:
    """Compute the owner's figures and keep them; a refresh asked for meanwhile stays asked."""
    figures = compute_figures(owner)
    NetworkSnapshot.objects.update_or_create(
        owner_id=owner.pk,
        defaults={"figures": figures.as_json(), "computed_at": figures.computed_at},
    )
    NetworkSnapshot.objects.filter(
        owner_id=owner.pk, refresh_requested_at__lte=figures.computed_at
    ).update(refresh_requested_at=None)
    return figures


def request_refresh(owner: Any) -> bool:
    """Send the owner's refresh to a worker, unless one was sent in the last REFRESH_RETRY.

    The conditional update lets one of two simultaneous page views send it. A
    refresh lost with its worker is sent again by the first view after REFRESH_RETRY.
    """
    from contacts.tasks import refresh_network_figures

    now = timezone.now()
    not_asked_lately = Q(refresh_requested_at__isnull=True) | Q(
        refresh_requested_at__lt=now - REFRESH_RETRY
    )
    claimed = (
        NetworkSnapshot.objects.filter(owner_id=owner.pk)
        .filter(not_asked_lately)
        .update(refresh_requested_at=now)
    )
    if claimed:
        transaction.on_commit(partial(send_task, refresh_network_figures, owner.pk))
    return bool(claimed)


def is_small_network(owner: Any) -> bool:
    """Fewer than SMALL_NETWORK contacts: counted up to that many on the owner's index."""
    return capped_count(Contact.objects.for_owner(owner), SMALL_NETWORK) < SMALL_NETWORK


def _finished_job_since(owner: Any, moment: datetime) -> bool:
    """Whether an import or a background bulk action of the owner's ended after ``moment``."""
    return (
        ImportJob.objects.for_owner(owner).filter(finished_at__gt=moment).exists()
        or BulkJob.objects.filter(owner_id=owner.pk, finished_at__gt=moment).exists()
    )


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
    """The newest import that ran to its end and read connections: its summary says what
    changed among them. A follower list imported since has no such report to hide it;
    an owner who never imported connections gets the newest import."""
    finished = ImportJob.objects.for_owner(owner).filter(status=ImportJob.Status.SUCCEEDED)
    newest_first = finished.order_by("-finished_at", "-id")
    return (
        newest_first.filter(**{f"summary__{READ_CONNECTIONS}": True}).first()
        or newest_first.first()
    )


def _first_of_month(day: date) -> date:
    return day.replace(day=1)


def _months_before(month: date, count: int) -> date:
    """The first of the month ``count`` months before ``month`` (after it when negative)."""
    index = month.year * 12 + month.month - 1 - count
    return date(index // 12, index % 12 + 1, 1)

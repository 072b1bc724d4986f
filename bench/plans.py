"""EXPLAIN checks of the contact list's queries at a million contacts.

For each filter the list page's own query (its first page of 51 rows, built
by the shared ContactFilter exactly as the view builds it) is explained with
ANALYZE, and three things are checked: an index is used, no DISTINCT appears
(tag filters are EXISTS, never a join made unique again), and a selective
filter (matching under 1% of the owner's contacts) never reads the whole
contact table with a sequential scan.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.http import QueryDict
from django.test import RequestFactory

from bench.network import Network
from contacts.models import Contact
from contacts.paging import PAGE_SIZE
from contacts.views.list import LIST_COLUMNS
from contacts.views.ownership import contact_filter_for

SELECTIVE = 0.01


@dataclass
class PlanCheck:
    name: str
    matching: int
    milliseconds: float
    scans: list[str] = field(default_factory=list)
    rows_read_and_dropped: int = 0  # "Rows Removed by Filter", summed over the plan
    uses_index: bool = False
    has_distinct: bool = False
    seq_scan_on_contacts: bool = False
    selective: bool = False

    @property
    def problems(self) -> list[str]:
        found = []
        if not self.uses_index:
            found.append("no index used")
        if self.has_distinct:
            found.append("DISTINCT")
        if self.selective and self.seq_scan_on_contacts:
            found.append("sequential scan on a selective filter")
        return found


def check(network: Network, name: str, params: dict[str, Any]) -> PlanCheck:
    """The plan of one list filter's first page for the network's owner."""
    request = RequestFactory().get("/contacts/", params)
    request.user = network.owner
    contact_filter = contact_filter_for(request, QueryDict(request.GET.urlencode()))
    queryset = contact_filter.qs.only(*LIST_COLUMNS)
    sql, sql_params = queryset[: PAGE_SIZE + 1].query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}", sql_params)
        [plan] = cursor.fetchone()[0]
    nodes = list(_nodes(plan["Plan"]))
    matching = contact_filter.qs.order_by().count()
    return PlanCheck(
        name=name,
        matching=matching,
        selective=matching < SELECTIVE * network.contacts,
        milliseconds=plan["Execution Time"],
        scans=[_describe(node) for node in nodes if "Scan" in node["Node Type"]],
        rows_read_and_dropped=sum(
            int(node.get("Rows Removed by Filter", 0)) * int(node.get("Actual Loops", 1))
            for node in nodes
        ),
        uses_index=any("Index" in node["Node Type"] for node in nodes),
        has_distinct="DISTINCT" in sql.upper()
        or any(node["Node Type"] == "Unique" for node in nodes),
        seq_scan_on_contacts=any(
            node["Node Type"] == "Seq Scan" and node.get("Relation Name") == Contact._meta.db_table
            for node in nodes
        ),
    )


def _nodes(node: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield node
    for child in node.get("Plans", []):
        yield from _nodes(child)


def _describe(node: dict[str, Any]) -> str:
    index = node.get("Index Name")
    relation = node.get("Relation Name", "")
    return f"{node['Node Type']} {index or relation}".strip()

"""What a user does to the whole network at once: bulk tag and export.

Each function measures one operation on a prepared network and returns its
figures; the suite prints them next to their targets.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import IO

from django.db import connection, transaction

from bench.measure import PeakMemory, timed
from bench.network import Network
from contacts.exports import write_csv
from contacts.models import Contact, Tag, TaggedContact
from contacts.tagging import (
    add_tag_to_contacts,
    drop_orphan_links,
    new_links_insert,
    remove_tag_from_contacts,
)


@dataclass(frozen=True)
class BulkTag:
    contacts: int
    tag_seconds: float
    untag_seconds: float
    links: int  # in the whole database, while the bulk tag is on
    sweep_seconds: float  # the hourly sweep for orphan links, over all of them


@dataclass(frozen=True)
class TagCost:
    """Where a bulk tag's time goes, from EXPLAIN ANALYZE of its INSERT on a slice."""

    rows: int
    total_ms: float
    insert_ms: float  # the rows and their index entries
    triggers_ms: dict[str, float]  # each foreign key's check


class _RolledBack(Exception):
    pass


@dataclass(frozen=True)
class Export:
    rows: int
    seconds: float
    cpu_seconds: float  # this process's own; the rest is PostgreSQL or waiting for a core
    memory_growth_mb: float

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds


class Discard(IO[str]):
    """A text sink that keeps nothing, so an export measures the writer, not a disk."""

    def write(self, text: str) -> int:
        return len(text)


def bulk_tag(network: Network) -> BulkTag:
    """Tag every follower of the owner (the "Follows me" filter), then untag them."""
    tag, _ = Tag.objects.get_or_create(owner=network.owner, name="bench-bulk")
    everyone = Contact.objects.for_owner(network.owner)
    remove_tag_from_contacts(tag, everyone)  # left over by an interrupted run
    followers = everyone.followers()
    try:
        [tag_seconds] = timed(lambda: add_tag_to_contacts(tag, followers), runs=1, warmups=0)
        tagged = tag.tagged_contacts.count()
        links = TaggedContact.objects.count()
        [sweep_seconds] = timed(drop_orphan_links, runs=1, warmups=0)
        [untag_seconds] = timed(lambda: remove_tag_from_contacts(tag, followers), runs=1, warmups=0)
    finally:
        tag.delete()
    return BulkTag(tagged, tag_seconds, untag_seconds, links, sweep_seconds)


def bulk_tag_cost(network: Network, rows: int) -> TagCost:
    """The bulk tag's INSERT (as ``add_tag_to_contacts``) for ``rows`` followers, explained, rolled back.

    Foreign keys are checked immediately here, so that EXPLAIN ANALYZE
    reports their time; deferred, the same checks run at commit.
    """
    tag = network.tags["vip"]
    first = Contact.objects.for_owner(network.owner).followers().order_by("pk")[:rows]
    insert, params = new_links_insert(tag, Contact.objects.filter(pk__in=first.values("pk")))
    plan: dict = {}
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {insert}", params)
            [plan] = cursor.fetchone()[0]
            raise _RolledBack
    except _RolledBack:
        pass
    return TagCost(
        rows=rows,
        total_ms=plan["Execution Time"],
        insert_ms=plan["Plan"]["Actual Total Time"],
        triggers_ms={t["Constraint Name"]: t["Time"] for t in plan.get("Triggers", [])},
    )


def export_csv(network: Network, only_connections: bool = False) -> Export:
    """The owner's contacts (or only the connections) written as the CSV backup."""
    contacts = Contact.objects.for_owner(network.owner)
    if only_connections:
        contacts = contacts.connections()
    with PeakMemory() as memory:
        rows = 0

        def run() -> None:
            nonlocal rows
            rows = write_csv(contacts, Discard())

        cpu_started = time.process_time()
        [seconds] = timed(run, runs=1, warmups=0)
        cpu_seconds = time.process_time() - cpu_started
    return Export(rows, seconds, cpu_seconds, memory_growth_mb=memory.growth_mb)

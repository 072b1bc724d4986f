"""``make bench``: the whole benchmark suite in one run, written to docs/benchmarks.md.

Builds the network (two owners, each with ``--followers`` followers and 30k
connections), measures what this suite owns on it (EXPLAIN of the list
filters, bulk tag, export, the import job against django-import-export), then runs the other benchmark targets (``make
bench-import``, ``bench-list``, ``bench-dashboard``, ``bench-duplicates``) and
copies their output in, so every figure comes from the same run on the same
machine.

    DATABASE_URL=postgres://... python bench/suite.py [--followers 1000000]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django

django.setup()

from django.conf import settings
from django.core.management import call_command
from django.db import connection

from bench import list_page, machine, network, operations, others, plans
from bench.report import Report, Target
from bench.versus_import_export import compare
from crm import embedded_redis


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--followers", type=int, default=1_000_000)
    parser.add_argument("--versus-rows", type=int, default=10_000)
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "benchmarks.md")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("make bench needs PostgreSQL: set DATABASE_URL=postgres://...")
    create_database_if_missing()
    # The dashboard caches in Redis: without REDIS_URL, the embedded one, for every part.
    socket = settings.EMBEDDED_REDIS_SOCKET
    started = settings.USES_EMBEDDED_REDIS and embedded_redis.start_in_background(socket)
    try:
        run_suite(args)
    finally:
        if started:
            embedded_redis.stop(socket)


def run_suite(args: argparse.Namespace) -> None:
    report = Report(started=datetime.now(UTC), machine=machine.describe())
    call_command("migrate", verbosity=0)

    started = time.perf_counter()
    networks = network.build_all(args.followers)
    alice = networks[0]
    report.section(
        "The network",
        [
            f"{len(networks)} owners, each with {alice.contacts:,} contacts "
            f"({args.followers:,} followers and {network.CONNECTIONS:,} connections), "
            f"tags {', '.join(f'{name} (1 in {every})' for name, every in network.TAGS)}, "
            f"a note on 1 in 200; ready in {time.perf_counter() - started:.0f} s.",
        ],
    )
    cost = network.insert_cost(rows=50_000)
    report.section(
        "What one contact row costs to write",
        [
            f"One `INSERT ... SELECT` of {cost.rows:,} generated contacts (rolled back): "
            f"{cost.contact_table_seconds:.1f} s into `contacts_contact` with its "
            f"{cost.indexes} indexes, {cost.bare_table_seconds:.2f} s into a bare table of "
            f"the same columns: {cost.contact_table_seconds / cost.bare_table_seconds:.0f}x. "
            "Every import, whatever its code, pays the first figure.",
        ],
    )
    run_plans(report, alice)
    run_operations(report, alice)
    run_versus(report, args.versus_rows)
    with tempfile.TemporaryDirectory() as folder:
        memory_200k = (
            others.job_memory_mb(200_000, Path(folder)) if args.followers >= 200_000 else None
        )
    outputs = {
        target: others.run(report, target, make_args)
        for target, make_args in others.make_arguments(args.followers).items()
    }
    others.import_targets(report, outputs["bench-import"], memory_200k)
    others.list_targets(report, outputs["bench-list"])
    others.dashboard_targets(report, outputs["bench-dashboard"])
    report.machine.append(f"- load average when the run ended: {machine.load_average()}")
    report.write(args.out)
    print(f"\nwritten to {args.out}")


def create_database_if_missing() -> None:
    """A fresh clone's first ``make bench`` creates its database (crm_bench by default)."""
    name = connection.settings_dict["NAME"]
    with connection._nodb_cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')


def run_plans(report: Report, owner_network: network.Network) -> None:
    checks = [
        plans.check(owner_network, name, params) for name, params in plan_filters(owner_network)
    ]
    lines = [
        "| filter | matching | ms (EXPLAIN ANALYZE) | scans | rows read and dropped | problems |",
        "|---|---:|---:|---|---:|---|",
    ]
    for found in checks:
        lines.append(
            f"| {found.name} | {found.matching:,}{' (selective)' if found.selective else ''} "
            f"| {found.milliseconds:.1f} | {'; '.join(found.scans)} "
            f"| {found.rows_read_and_dropped:,} | {', '.join(found.problems) or 'none'} |"
        )
    problems = [found.name for found in checks if found.problems]
    report.section("List queries: EXPLAIN of the first page, per filter", lines)
    report.target(
        Target(
            "list plans: index used, no DISTINCT, no seq scan when selective",
            "every filter",
            f"{len(checks) - len(problems)} of {len(checks)} clean",
            met=not problems,
        )
    )


def plan_filters(owner_network: network.Network) -> list[tuple[str, dict]]:
    """The list benchmark's filter cases, with this network's common and rare tags."""
    common, rare = owner_network.tags["newsletter"].pk, owner_network.tags["vip"].pk
    return [(name, params) for name, params, *_ in list_page.cases(common, rare)]


def run_operations(report: Report, owner_network: network.Network) -> None:
    tagged = operations.bulk_tag(owner_network)
    cost = operations.bulk_tag_cost(owner_network, rows=100_000)
    checks = "; ".join(f"{name} {ms / 1000:.1f} s" for name, ms in cost.triggers_ms.items())
    report.section(
        "Bulk tag",
        [
            f'`add_tag_to_contacts` on the "Follows me" filter: {tagged.contacts:,} contacts '
            f"tagged in {tagged.tag_seconds:.1f} s; untagged in {tagged.untag_seconds:.1f} s.",
            "",
            f"Where the time goes: EXPLAIN ANALYZE of the same INSERT for {cost.rows:,} followers "
            f"(foreign keys checked immediately, rolled back) took {cost.total_ms / 1000:.1f} s: "
            f"{cost.insert_ms / 1000:.1f} s writing the rows and their index entries, and "
            + (
                f"the foreign-key checks {checks}."
                if checks
                else "no foreign-key checks (the tag links have none in the database)."
            ),
            "",
            f"The hourly sweep for tag links whose contact or tag is gone "
            f"(`contacts.tagging.drop_orphan_links`), meanwhile, over all {tagged.links:,} links "
            f"of the database: {tagged.sweep_seconds:.1f} s.",
        ],
    )
    report.target(
        Target("bulk tag 1M", "<= 10 s", f"{tagged.tag_seconds:.1f} s", tagged.tag_seconds <= 10)
    )
    small = operations.export_csv(owner_network, only_connections=True)
    full = operations.export_csv(owner_network)
    report.section(
        "Export (CSV backup format, `contacts.exports.write_csv`)",
        [
            "| rows | seconds | rows/s | rows per CPU second of the writer | peak memory growth |",
            "|---:|---:|---:|---:|---:|",
            *(
                f"| {run.rows:,} | {run.seconds:.1f} | {run.rows_per_second:,.0f} "
                f"| {run.rows / run.cpu_seconds:,.0f} | {run.memory_growth_mb:.1f} MB |"
                for run in (small, full)
            ),
        ],
    )
    report.target(
        Target(
            "export rate",
            ">= 100k rows/s",
            f"{full.rows_per_second:,.0f} rows/s",
            full.rows_per_second >= 100_000,
        )
    )
    growth = full.memory_growth_mb - small.memory_growth_mb
    report.target(
        Target(
            "export memory flat",
            f"{full.rows:,} rows grow no more than {small.rows:,} (+8 MB)",
            f"{small.memory_growth_mb:.1f} MB -> {full.memory_growth_mb:.1f} MB",
            growth <= 8,
        )
    )


def run_versus(report: Report, rows: int) -> None:
    result = compare(rows)
    report.section(
        "Import job vs django-import-export",
        [
            f"The same {rows:,}-row follower CSV, each into an empty network: the import job "
            f"{result.ours_seconds:.2f} s ({rows / result.ours_seconds:,.0f} rows/s), "
            f"django-import-export {result.theirs_seconds:.1f} s "
            f"({rows / result.theirs_seconds:,.0f} rows/s): {result.ratio:.0f}x.",
        ],
    )
    report.target(
        Target("vs django-import-export", ">= 100x", f"{result.ratio:.0f}x", result.ratio >= 100)
    )


if __name__ == "__main__":
    main()

"""The benchmark's key figures at 30k rows, each allowed to be ten times worse than today.

Not a benchmark (that is ``make bench``, at a million rows): a tripwire, so a
change that makes importing, the list, bulk tagging or exporting about ten
times slower fails CI. The ratios compare with PostgreSQL doing the same work
in the same moment, so a slow or busy machine moves both sides alike. Each
bound is a tenth of what docs/benchmarks.md measured, or of the target when
that is met.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from bench import list_page
from bench.import_speed import copy_baseline, write_followers
from bench.measure import p50_p95_ms, timed
from bench.network import Network, analyze, build
from bench.operations import bulk_tag, export_csv
from contacts.bulk import delete_contacts
from contacts.models import Contact
from tests.factories import make_user

ROWS = 30_000

pytestmark = [
    pytest.mark.bench_smoke,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="the benchmark smoke check measures PostgreSQL (COPY, the planner at 30k rows); "
        "SQLite's speed is make bench-import's",
    ),
]


@pytest.fixture(scope="module")
def network(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> Iterator[Network]:
    """Two owners with 30k contacts each, built once for the module and removed after it."""
    with django_db_blocker.unblock():
        networks = [build(name, followers=27_000, connections=3_000) for name in ("smk1", "smk2")]
        analyze(vacuum=False)
        yield networks[0]
        for built in networks:
            delete_contacts(Contact.objects.for_owner(built.owner))
            built.owner.delete()


def test_importing_30k_new_followers_keeps_within_reach_of_a_binary_copy(
    db: None, tmp_path: Path
) -> None:
    path = tmp_path / "followers.csv"
    write_followers(path, ROWS)
    owner = make_user("importer")
    copy_seconds = copy_baseline(path)
    [import_seconds] = timed(
        lambda: call_command(
            "import_network", str(path), user=owner.username, declared_kind="followers",
            stdout=io.StringIO(),
        ),
        runs=1, warmups=0,
    )  # fmt: skip

    assert Contact.objects.for_owner(owner).count() == ROWS
    # target >= 0.5x the speed of COPY, missed: about 0.03x today; this fails below 0.004x
    assert copy_seconds / import_seconds >= 0.004, (copy_seconds, import_seconds)


@pytest.mark.parametrize("case", ["everyone", "tag (rare)", "company", "search one word"])
def test_the_list_page_queries_take_under_fifteen_times_hand_written_sql(
    db: None, network: Network, case: str
) -> None:
    common, rare = network.tags["newsletter"].pk, network.tags["vip"].pk
    [(params, where, order)] = [
        (params, where, order)
        for name, params, where, order in list_page.cases(common, rare)
        if name == case
    ]
    view = list_page.view_runner(network.owner, params)
    view_database_seconds: list[float] = []
    timed(lambda: view_database_seconds.append(view()), runs=15)
    hand_written = timed(list_page.hand_written(network.owner.pk, where, order, 1), runs=15)

    _, view_p95 = p50_p95_ms(view_database_seconds[2:])
    _, sql_p95 = p50_p95_ms(hand_written)
    # target: <= 1.5x the hand-written SQL; this fails past 15x. The view runs four
    # queries more than the hand-written page (ids, capped count, tags, exists), a
    # fixed 10-15 ms at 30k rows while a selective hand-written page takes 1 ms; that
    # fixed part is allowed 20 ms, so a page ten times slower still fails.
    assert view_p95 <= 15 * sql_p95 + 20, (view_p95, sql_p95)


def test_tagging_every_follower_of_30k_takes_under_three_seconds(
    db: None, network: Network
) -> None:
    tagged = bulk_tag(network)

    assert tagged.contacts == Contact.objects.for_owner(network.owner).followers().count()
    # target: 1M in <= 10 s, so 30k in 0.3 s; this fails past 3 s
    assert tagged.tag_seconds <= 3, tagged


def test_exporting_30k_contacts_writes_over_ten_thousand_rows_a_second(
    db: None, network: Network
) -> None:
    exported = export_csv(network)

    assert exported.rows == network.contacts
    # target: >= 100k rows/s; this fails below 10k
    assert exported.rows_per_second >= 10_000, exported

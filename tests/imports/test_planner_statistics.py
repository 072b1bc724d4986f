"""A growing import keeps the contact table's statistics true, so its probes stay on the index."""

import pytest
from django.db import connection

from imports.pipeline import run_import
from imports.records import SectionKind
from tests.imports.conftest import person, sections_of

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the statistics are PostgreSQL's planner's"
)


def estimated_contacts() -> float:
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'contacts_contact'")
        return cursor.fetchone()[0]


def test_an_import_analyses_the_table_once_it_has_grown(alice, make_job, settings):
    settings.IMPORT_BATCH_SIZE = 1_000
    people = [person(n, f"member-{n}", first_name=f"First{n}") for n in range(12_000)]
    assert estimated_contacts() < 1_000

    run_import(make_job(alice).pk, sections_of((SectionKind.PROFILES, people)))

    # Analysed at 5,000 rows written, then at 10,000: the planner counts at least those.
    assert estimated_contacts() >= 10_000

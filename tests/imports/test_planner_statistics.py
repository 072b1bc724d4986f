"""A growing import keeps the contact table's statistics true, so its probes stay on the index."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from contacts.counting import estimated_count
from contacts.models import Contact
from imports.pipeline import run_import
from imports.records import SectionKind
from imports.upsert import PlannerStatistics
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

    # Analysed at 5,000 rows written: the planner now counts alice's contacts
    # (about 60 without statistics) within the undercount the import allows.
    estimate = estimated_count(Contact.objects.filter(owner=alice))
    assert estimate * PlannerStatistics.UNDERCOUNT_ALLOWED >= 12_000


def test_an_import_does_not_analyse_a_table_the_planner_already_counts_right(
    alice, make_job, settings
):
    settings.IMPORT_BATCH_SIZE = 1_000
    Contact.objects.bulk_create(Contact(owner=alice, slug=f"old-{n}") for n in range(12_000))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE contacts_contact")
    people = [person(n, f"member-{n}", first_name=f"First{n}") for n in range(6_000)]

    with CaptureQueriesContext(connection) as queries:
        run_import(make_job(alice).pk, sections_of((SectionKind.PROFILES, people)))

    assert Contact.objects.filter(owner=alice).count() == 18_000
    assert not [q for q in queries if q["sql"].startswith("ANALYZE")]

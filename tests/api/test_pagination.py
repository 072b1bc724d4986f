import base64
import json
from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL
from django.test.utils import CaptureQueriesContext

from contacts import paging
from contacts.querysets import ContactQuerySet
from imports.jobs import create_job
from tests.contacts.test_counting import SLOW
from tests.factories import make_contact

URL = "/api/v1/contacts/"


def walk(client, params: dict) -> list[int]:
    """Every id, following `next` from the first page to the last."""
    ids: list[int] = []
    response = client.get(URL, params)
    while True:
        assert response.status_code == 200, response.content
        ids += [row["id"] for row in response.json()["results"]]
        if not response.json()["next"]:
            return ids
        response = client.get(response.json()["next"])


def test_it_pages_newest_first_by_default(alice_api, alice):
    ids = [make_contact(alice).pk for _ in range(7)]
    first = alice_api.get(URL, {"page_size": 3}).json()
    assert [row["id"] for row in first["results"]] == ids[::-1][:3]
    assert "cursor=" in first["next"]
    assert walk(alice_api, {"page_size": 3}) == ids[::-1]


def test_it_pages_through_ties_in_the_sort_field_without_losing_anyone(alice_api, alice):
    contacts = [make_contact(alice, company=["Acme", "Beta"][n % 2]) for n in range(9)]
    expected = [c.pk for c in sorted(contacts, key=lambda c: (c.company, c.pk))]
    assert walk(alice_api, {"ordering": "company", "page_size": 2}) == expected


def test_empty_dates_come_last_in_either_direction(alice_api, alice):
    old = make_contact(alice, connected_on=date(2019, 1, 1))
    new = make_contact(alice, connected_on=date(2024, 1, 1))
    never = [make_contact(alice).pk for _ in range(3)]
    assert walk(alice_api, {"ordering": "connected_on", "page_size": 2}) == [old.pk, new.pk, *never]
    assert walk(alice_api, {"ordering": "-connected_on", "page_size": 2}) == [
        new.pk,
        old.pk,
        *never[::-1],
    ]


@pytest.mark.parametrize("ordering", ["connected_on", "-connected_on"])
def test_after_a_dated_cursor_the_dated_and_the_undated_are_read_as_two_ranges(
    alice_api, alice, ordering
):
    dated = [make_contact(alice, connected_on=date(2020, 1, day)) for day in (1, 2, 3)]
    undated = [make_contact(alice).pk for _ in range(2)]
    first = alice_api.get(URL, {"ordering": ordering, "page_size": 2}).json()
    with CaptureQueriesContext(connection) as queries:
        second = alice_api.get(first["next"]).json()
    by_date = [c.pk for c in sorted(dated, key=lambda c: c.connected_on, reverse="-" in ordering)]
    assert [row["id"] for row in second["results"]] == [
        by_date[2],
        undated[0 if "-" not in ordering else 1],
    ]
    reads = [q["sql"] for q in queries if 'FROM "contacts_contact"' in q["sql"]]
    assert not any('OR "contacts_contact"."connected_on" IS NULL' in sql for sql in reads)


def test_a_filtered_list_pages_within_the_filter(alice_api, alice):
    acme = [make_contact(alice, company="Acme").pk for _ in range(5)]
    make_contact(alice, company="Other")
    assert walk(alice_api, {"company": "Acme", "page_size": 2}) == acme[::-1]


def cursor_of(*payload: object) -> str:
    """A cursor as the paginator writes one: base64 of [field, descending, value, id]."""
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    ("ordering", "cursor"),
    [
        ("connected_on", "garbage"),
        ("connected_on", "%%%"),
        ("connected_on", cursor_of("connected_on", False)),
        ("connected_on", cursor_of("connected_on", False, "not-a-date", 1)),
        ("connected_on", cursor_of("connected_on", False, {"a": 1}, 1)),
        ("connected_on", cursor_of("connected_on", False, None, "1")),
        ("connected_on", cursor_of("company", False, "Acme", 1)),  # another ordering's
        ("company", cursor_of("company", False, "Ac\x00me", 1)),
        ("company", cursor_of("company", False, ["Acme"], 1)),
    ],
)
def test_a_garbled_cursor_is_a_400_naming_the_cursor(alice_api, alice, ordering, cursor):
    make_contact(alice, company="Acme")
    response = alice_api.get(URL, {"cursor": cursor, "ordering": ordering})
    assert response.status_code == 400
    assert list(response.json()) == ["cursor"]
    assert response.json()["cursor"][0].startswith("Invalid cursor")
    assert "first page" in response.json()["cursor"][0]


@pytest.mark.parametrize(
    "url", ["/api/v1/imports/", "/api/v1/tags/", "/api/v1/notes/", "/api/v1/saved-lists/"]
)
def test_every_list_answers_a_garbled_cursor_with_the_same_400(alice_api, url):
    response = alice_api.get(url, {"cursor": "garbage"})
    assert response.status_code == 400
    assert response.json()["cursor"][0].startswith("Invalid cursor")


def test_a_jobs_row_errors_answer_a_garbled_cursor_with_a_400(alice_api, alice):
    job = create_job(alice, ContentFile(b"Name\nAda", name="people.csv"))
    response = alice_api.get(f"/api/v1/imports/{job.pk}/errors/", {"cursor": "garbage"})
    assert response.status_code == 400
    assert response.json()["cursor"][0].startswith("Invalid cursor")


@pytest.mark.parametrize("ordering", ["name", "-name", "company", "-company"])
def test_a_page_after_a_cursor_starts_the_index_at_the_cursor(alice_api, alice, ordering):
    contacts = [
        make_contact(alice, last_name=["Byron", "Ada"][n % 2], company=["Acme", "Beta"][n % 3 % 2])
        for n in range(7)
    ]
    field = "last_name" if "name" in ordering else "company"
    descending = ordering.startswith("-")
    expected = sorted(contacts, key=lambda c: (getattr(c, field), c.pk), reverse=descending)
    with CaptureQueriesContext(connection) as queries:
        ids = walk(alice_api, {"ordering": ordering, "page_size": 2})
    assert ids == [c.pk for c in expected]
    # Each later page bounds the sort column by the cursor's value, which an index can
    # seek to; the OR of "after the value, or the same value and a later id" alone
    # made PostgreSQL read the index from its first row (0.5-0.8 s deep into a million).
    pages = [q["sql"] for q in queries if "LIMIT 3" in q["sql"] and '"id" ' in q["sql"]]
    bound = f'"contacts_contact"."{field}" {"<=" if descending else ">="}'
    assert len(pages) == 4 and all(bound in sql for sql in pages[1:])


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the other plans are PostgreSQL's")
def test_a_page_whose_plan_runs_out_of_time_is_found_by_the_next_plan(
    alice_api, alice, monkeypatch
):
    engineers = [make_contact(alice, headline="Engineer").pk for _ in range(4)]
    make_contact(alice, headline="Designer")
    slow_search = ContactQuerySet.search
    monkeypatch.setattr(ContactQuerySet, "search", lambda queryset, words: slow_search(
        queryset.filter(RawSQL(SLOW, [], output_field=BooleanField())), words
    ))  # fmt: skip
    monkeypatch.setattr(paging, "PAGE_PLANS", (({}, 1), ({"enable_indexscan": "off"}, 30_000)))
    with CaptureQueriesContext(connection) as queries:
        response = alice_api.get(URL, {"q": "engineer", "page_size": 3})
    assert [row["id"] for row in response.json()["results"]] == engineers[::-1][:3]
    assert response.json()["next"]
    assert any("enable_indexscan" in query["sql"] for query in queries)

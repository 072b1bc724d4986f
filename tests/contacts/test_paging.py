"""Pages of the contact list: the page and its count from the first matches, in one statement."""

from datetime import date

import pytest
from django.db import connection
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL
from django.test.utils import CaptureQueriesContext

from contacts import paging
from contacts.filters import ContactFilter
from contacts.models import Contact
from contacts.paging import COUNT_CAP, PAGE_SIZE, contact_page, is_newest_first
from tests.contacts.test_counting import SLOW
from tests.factories import make_contact, make_tag

# The time limit wraps the statement in a savepoint inside a transaction (tests run in one).
SAVEPOINTS = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT")


def ordered(owner, ordering: str = "") -> object:
    data = {"ordering": ordering} if ordering else {}
    return ContactFilter(data, queryset=Contact.objects.for_owner(owner)).qs


@pytest.mark.parametrize(
    ("ordering", "newest_first"),
    [("", True), ("-added", True), ("added", False), ("name", False), ("-connected_on", False)],
)
def test_it_knows_which_orderings_are_newest_first(alice, ordering, newest_first):
    assert is_newest_first(ordered(alice, ordering)) is newest_first


def test_a_newest_first_page_holds_all_my_contacts_whoever_added_rows_since(alice, bob):
    mine = [make_contact(alice, first_name=f"Mine {n}") for n in range(PAGE_SIZE + 2)]
    make_contact(bob, first_name="Newer, not mine")
    page = contact_page(ordered(alice), 1, ["first_name"], alice)
    assert [row.first_name for row in page.rows] == [c.first_name for c in mine[::-1][:PAGE_SIZE]]
    assert page.count == PAGE_SIZE + 2 and page.has_next


def test_the_page_is_bounded_by_my_newest_id_and_counted_in_no_order(alice, bob):
    newest = [make_contact(alice) for _ in range(PAGE_SIZE + 1)][-1]
    make_contact(bob)
    with CaptureQueriesContext(connection) as queries:
        page = contact_page(ordered(alice), 1, ["first_name"], alice)
    pages = [q["sql"] for q in queries if f"LIMIT {PAGE_SIZE + 1}" in q["sql"]]
    assert len(pages) == 1 and f'"id" <= {newest.pk}' in pages[0]
    (count,) = [q["sql"] for q in queries if f"LIMIT {COUNT_CAP + 1}" in q["sql"]]
    assert "ORDER BY" not in count
    assert page.count == PAGE_SIZE + 1 and not page.is_estimate


def test_one_statement_gives_the_rows_their_tags_and_the_count(alice):
    ada = make_contact(alice, first_name="Ada", connected_on=date(2024, 12, 7), is_connection=True)
    grace = make_contact(alice, first_name="Grace")
    vip, speaker = make_tag(alice, "vip"), make_tag(alice, "speaker")
    ada.tags.add(vip, speaker)
    with CaptureQueriesContext(connection) as queries:
        page = contact_page(ordered(alice, "name"), 1, ["first_name", "connected_on"], alice)
    statements = [q["sql"] for q in queries if not q["sql"].startswith(SAVEPOINTS)]
    assert len(statements) == 1
    assert [(row.pk, sorted(row.tag_ids)) for row in page.rows] == [
        (ada.pk, sorted([vip.pk, speaker.pk])),
        (grace.pk, []),
    ]
    assert page.rows[0].connected_on == date(2024, 12, 7) and page.count == 2


def test_the_rows_hold_the_columns_asked_for_as_the_orm_would_load_them(alice):
    make_contact(alice, first_name="Ada", company="Analytical", is_follower=True)
    (row,) = contact_page(ordered(alice), 1, ["first_name", "company", "is_follower"], alice).rows
    assert (row.first_name, row.company, row.is_follower) == ("Ada", "Analytical", True)
    assert row.get_deferred_fields() >= {"headline", "email"}


def test_a_deep_page_comes_from_the_same_first_matches(alice):
    contacts = [make_contact(alice, first_name=f"P{n:03d}") for n in range(2 * PAGE_SIZE + 3)]
    page = contact_page(ordered(alice, "added"), 3, ["first_name"], alice)
    assert [row.first_name for row in page.rows] == [c.first_name for c in contacts[-3:]]
    assert page.count == 2 * PAGE_SIZE + 3 and not page.has_next and page.start == 101


def test_a_page_past_the_last_one_is_empty_and_still_counts(alice):
    for _ in range(3):
        make_contact(alice)
    page = contact_page(ordered(alice), 4, ["first_name"], alice)
    assert page.rows == [] and page.count == 3 and not page.has_next


def test_it_says_ten_thousand_and_more_past_the_cap(alice, monkeypatch):
    monkeypatch.setattr(paging, "COUNT_CAP", 60)
    for _ in range(61):
        make_contact(alice)
    page = contact_page(ordered(alice), 1, ["first_name"], alice)
    assert page.more_than_cap and page.count == 60 and page.count_text == "60+"
    assert len(page.rows) == PAGE_SIZE and page.has_next


def test_a_page_out_of_time_is_found_alone_and_its_count_estimated(alice, monkeypatch):
    monkeypatch.setattr(paging, "PAGE_BUDGET_MS", 1)
    monkeypatch.setattr(paging, "SPARSE_BUDGET_MS", 1)
    monkeypatch.setattr(paging, "COUNT_BUDGET_MS", 1)
    contacts = [make_contact(alice, first_name=f"P{n:03d}") for n in range(PAGE_SIZE + 5)]
    slow = ordered(alice, "added").filter(RawSQL(SLOW, [], output_field=BooleanField()))
    contacts[0].tags.add(make_tag(alice, "vip"))
    page = contact_page(slow, 1, ["first_name"], alice)
    assert [row.first_name for row in page.rows] == [c.first_name for c in contacts[:PAGE_SIZE]]
    assert len(page.rows[0].tag_ids) == 1 and page.rows[1].tag_ids == []
    assert page.is_estimate and page.has_next


def test_a_page_out_of_time_as_planned_is_found_with_its_count_from_bitmaps(alice, monkeypatch):
    monkeypatch.setattr(paging, "PAGE_BUDGET_MS", 1)
    monkeypatch.setattr(paging, "SPARSE_BUDGET_MS", 30_000)
    monkeypatch.setattr(paging, "COUNT_BUDGET_MS", 1)
    contacts = [make_contact(alice, first_name=f"P{n:03d}") for n in range(PAGE_SIZE + 5)]
    slow = ordered(alice, "added").filter(RawSQL(SLOW, [], output_field=BooleanField()))
    with CaptureQueriesContext(connection) as queries:
        page = contact_page(slow, 1, ["first_name"], alice)
    assert [row.first_name for row in page.rows] == [c.first_name for c in contacts[:PAGE_SIZE]]
    assert (page.count, page.is_estimate, page.has_next) == (PAGE_SIZE + 5, False, True)
    if connection.vendor == "postgresql":
        (sparse,) = [q["sql"] for q in queries if f"LIMIT {COUNT_CAP + 1}" in q["sql"]]
        assert "enable_indexscan" in sparse


@pytest.mark.parametrize("matching", [0, 3, PAGE_SIZE])
def test_out_of_time_a_page_with_no_row_after_it_still_counts_exactly(alice, monkeypatch, matching):
    monkeypatch.setattr(paging, "PAGE_BUDGET_MS", 1)
    monkeypatch.setattr(paging, "SPARSE_BUDGET_MS", 1)
    for n in range(matching):
        make_contact(alice, first_name=f"P{n:03d}")
    slow = ordered(alice, "added").filter(RawSQL(SLOW, [], output_field=BooleanField()))
    page = contact_page(slow, 1, ["first_name"], alice)
    assert (page.count, page.count_text, page.is_estimate) == (matching, str(matching), False)
    assert not page.has_next


@pytest.mark.parametrize("count_budget_ms", [10_000, 1])
def test_out_of_time_a_page_past_the_last_one_is_counted_or_estimated_never_none(
    alice, monkeypatch, count_budget_ms
):
    monkeypatch.setattr(paging, "PAGE_BUDGET_MS", 1)
    monkeypatch.setattr(paging, "SPARSE_BUDGET_MS", 1)
    monkeypatch.setattr(paging, "COUNT_BUDGET_MS", count_budget_ms)
    make_contact(alice)
    slow = ordered(alice, "added").filter(RawSQL(SLOW, [], output_field=BooleanField()))
    page = contact_page(slow, 3, ["first_name"], alice)
    assert page.rows == [] and page.count != 0
    if count_budget_ms > 1:
        assert (page.count, page.is_estimate) == (1, False)
    else:
        assert page.is_estimate


def test_a_page_past_the_last_one_found_in_time_counts_the_matches_before_it(alice):
    for _ in range(3):
        make_contact(alice)
    with CaptureQueriesContext(connection) as queries:
        page = contact_page(ordered(alice), 2, ["first_name"], alice)
    assert (page.rows, page.count, page.is_estimate) == ([], 3, False)
    assert not [q for q in queries if f"LIMIT {COUNT_CAP + 1}" in q["sql"]]

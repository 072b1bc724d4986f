"""Pages of the contact list: newest-first pages bounded by the owner's newest id, counts not."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from contacts.filters import ContactFilter
from contacts.models import Contact
from contacts.paging import PAGE_SIZE, contact_page, is_newest_first
from tests.factories import make_contact


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


def test_only_the_page_query_is_bounded_by_my_newest_id_not_the_count(alice, bob):
    newest = [make_contact(alice) for _ in range(PAGE_SIZE + 1)][-1]
    make_contact(bob)
    with CaptureQueriesContext(connection) as queries:
        contact_page(ordered(alice), 1, ["first_name"], alice)
    bound = f'"id" <= {newest.pk}'
    page_ids = next(q["sql"] for q in queries if "LIMIT 51" in q["sql"])
    count = next(q["sql"] for q in queries if "COUNT(" in q["sql"])
    assert bound in page_ids and bound not in count

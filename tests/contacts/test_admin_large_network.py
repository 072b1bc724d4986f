"""The contacts changelist of a large network: counted only so far, searched and sorted by index."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from contacts.admin import CappedCountPaginator, CompanyFilter
from tests.factories import make_contact


def test_it_says_more_than_the_cap_instead_of_counting_every_contact(
    staff_client, staff_alice, monkeypatch
):
    monkeypatch.setattr(CappedCountPaginator, "COUNT_CAP", 3)
    for _ in range(5):
        make_contact(staff_alice)
    page = staff_client.get("/admin/contacts/contact/").content.decode()
    assert "More than 3 contacts" in page
    assert "5 contacts" not in page
    assert "Select all matching contacts (more than 3)" in page


def test_it_still_gives_the_exact_count_under_the_cap(staff_client, staff_alice):
    make_contact(staff_alice)
    make_contact(staff_alice)
    page = staff_client.get("/admin/contacts/contact/").content.decode()
    assert "2 contacts" in page and "More than" not in page


def test_the_changelist_never_runs_a_full_count(staff_client, staff_alice):
    make_contact(staff_alice)
    with CaptureQueriesContext(connection) as queries:
        staff_client.get("/admin/contacts/contact/")
    counts = [q["sql"] for q in queries if "COUNT(" in q["sql"] and "contacts_contact" in q["sql"]]
    assert counts and all("LIMIT" in sql for sql in counts)


def test_a_staff_users_page_starts_at_their_newest_contact(staff_client, staff_alice, bob):
    mine = make_contact(staff_alice, first_name="Ada")
    make_contact(bob, first_name="Bartholomew")
    with CaptureQueriesContext(connection) as queries:
        page = staff_client.get("/admin/contacts/contact/").content.decode()
    assert "Ada" in page and "Bartholomew" not in page
    page_query = [q["sql"] for q in queries if 'contacts_contact"."first_name"' in q["sql"]]
    assert any(f'"contacts_contact"."id" <= {mine.pk}' in sql for sql in page_query)


def test_the_admin_search_finds_a_position_through_the_search_text(staff_client, staff_alice):
    make_contact(staff_alice, first_name="Grace", position="Rear Admiral")
    make_contact(staff_alice, first_name="Linus", position="Engineer")
    with CaptureQueriesContext(connection) as queries:
        page = staff_client.get("/admin/contacts/contact/?q=ADMIRAL grace").content.decode()
    assert "Grace" in page and "Linus" not in page
    searched = [q["sql"] for q in queries if "admiral" in q["sql"]]
    assert searched and not any("UPPER(" in sql for sql in searched)


def test_only_indexed_columns_sort_the_changelist(staff_client, staff_alice):
    make_contact(staff_alice)
    page = staff_client.get("/admin/contacts/contact/").content.decode()
    assert "?o=3" in page  # company
    assert "?o=5" in page  # connected on
    assert "?o=4" not in page and "?o=6" not in page  # position, email


def test_the_company_filter_offers_the_latest_contacts_companies_and_filters_them_all(
    staff_client, staff_alice, monkeypatch
):
    monkeypatch.setattr(CompanyFilter, "SAMPLE", 2)
    make_contact(staff_alice, first_name="Ivan", company="Initech")
    make_contact(staff_alice, first_name="Olga", company="Acme")
    make_contact(staff_alice, first_name="Nina", company="Acme")
    make_contact(staff_alice, first_name="Gus", company="Globex")
    page = staff_client.get("/admin/contacts/contact/").content.decode()
    assert "?company=Acme" in page and "?company=Globex" in page
    assert "?company=Initech" not in page
    acme = staff_client.get("/admin/contacts/contact/?company=Acme").content.decode()
    assert "Olga" in acme and "Nina" in acme and "Gus" not in acme

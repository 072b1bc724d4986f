"""The contact list: search, every filter, sorting, pages, saved lists, and bad query strings."""

from datetime import UTC, date, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from contacts.paging import PAGE_SIZE
from tests.factories import make_contact, make_note, make_saved_filter, make_tag

LIST = reverse("contacts-list")


def names_on(response) -> list[str]:
    return [str(contact) for contact in response.context["page"].rows]


def test_a_new_user_is_taught_how_to_get_their_linkedin_archive(alice_client):
    page = alice_client.get(LIST).content.decode()
    assert "Get a copy of your data" in page
    assert "Settings &amp; Privacy" in page


def test_a_new_user_is_not_promised_followers_from_the_archive(alice_client):
    # LinkedIn's archive lists who you follow (Member_Follows.csv), not who follows you.
    page = alice_client.get(LIST).content.decode()
    assert "connections, messages, invitations, notes, people you follow" in page
    assert "followers, messages" not in page and "every connection, follower" not in page
    assert "Your followers are not in LinkedIn's archive" in page


def test_it_lists_only_the_users_own_contacts(alice_client, alice, bob):
    make_contact(alice, first_name="Ada", last_name="Lovelace")
    make_contact(bob, first_name="Bobs", last_name="Secret")
    page = alice_client.get(LIST).content.decode()
    assert "Ada Lovelace" in page
    assert "Bobs Secret" not in page
    assert "<strong>1</strong> contact" in page


def test_the_count_of_a_filter_reads_as_a_sentence(alice_client, alice):
    make_contact(alice, first_name="Ada", company="Acme")
    make_contact(alice, first_name="Grace", company="Acme")
    make_contact(alice, first_name="Kofi", company="Adatum")
    one = alice_client.get(LIST, {"company": "Adatum"}).content.decode()
    assert "<strong>1</strong> contact matches</p>" in one
    two = alice_client.get(LIST, {"company": "Acme"}).content.decode()
    assert "<strong>2</strong> contacts match</p>" in two


def test_the_search_box_finds_name_company_headline_and_email(alice_client, alice):
    make_contact(alice, first_name="Ada", company="Acme", headline="CTO", email="ada@ex.org")
    make_contact(alice, first_name="Grace", company="Globex")
    for words in ("ada", "acme", "cto", "ada@ex.org", "ACME cto"):
        assert names_on(alice_client.get(LIST, {"q": words})) == ["Ada Example"], words


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"kind": "follower"}, {"Follower"}),
        ({"company": "acme corp"}, {"Connected"}),
        ({"location": "berlin"}, {"Connected"}),
        ({"connected_after": "2020-01-01", "connected_before": "2020-12-31"}, {"Connected"}),
        ({"has_email": "true"}, {"Follower"}),
        ({"has_notes": "true"}, {"Connected"}),
        ({"interacted_after": "2024-01-01"}, {"Connected"}),
        ({"interacted_before": "2024-01-01"}, {"Follower", "Invited"}),
        ({"invitation": "sent"}, {"Invited"}),
        ({"source": "csv"}, {"Invited"}),
        ({"is_follower": "true"}, {"Follower", "Connected"}),
        ({"is_following": "false"}, {"Follower", "Connected", "Invited"}),
    ],
)
def test_each_filter_narrows_the_list(alice_client, alice, params, expected):
    connected = make_contact(
        alice, first_name="Connected", last_name="", is_connection=True, is_follower=True,
        connected_on=date(2020, 5, 1), company="Acme Corp", location="Berlin, Germany",
        last_interaction_at=datetime(2025, 1, 1, tzinfo=UTC),
    )  # fmt: skip
    make_note(connected)
    make_contact(alice, first_name="Follower", last_name="", is_follower=True, email="f@ex.org")
    make_contact(alice, first_name="Invited", last_name="", invitation="sent", source="csv")
    assert set(names_on(alice_client.get(LIST, params))) == expected


def test_the_source_filter_suggests_the_sources_in_words(alice_client, alice):
    make_contact(alice)
    page = alice_client.get(LIST).content.decode()
    assert 'list="id_source_suggestions"' in page
    assert '<option value="profiles">Follower or profile list</option>' in page


@pytest.mark.parametrize(
    "typed", ["profiles", "Follower or profile list", " follower OR profile list "]
)
def test_the_source_filter_takes_the_words_the_contact_page_shows(alice_client, alice, typed):
    make_contact(alice, first_name="Listed", last_name="", source="profiles")
    make_contact(alice, first_name="ByHand", last_name="", source="manual")
    assert names_on(alice_client.get(LIST, {"source": typed})) == ["Listed"]


@pytest.mark.parametrize("mode", ["any", "all", "none"])
def test_it_filters_by_tags_with_any_all_or_none(alice_client, alice, mode):
    investor, mentor = make_tag(alice, "investor"), make_tag(alice, "mentor")
    both = make_contact(alice, first_name="Both", last_name="")
    both.tags.add(investor, mentor)
    make_contact(alice, first_name="One", last_name="").tags.add(investor)
    make_contact(alice, first_name="Neither", last_name="")
    response = alice_client.get(LIST, {"tags": [investor.pk, mentor.pk], "tag_mode": mode})
    expected = {"any": {"Both", "One"}, "all": {"Both"}, "none": {"Neither"}}[mode]
    assert set(names_on(response)) == expected


@pytest.mark.parametrize(
    "query",
    [
        {"tags": "abc"},
        {"connected_after": "notadate"},
        {"ordering": "password"},
        {"page": "-3"},
        {"page": "x"},
        {"kind": "boss"},
        {"has_email": "maybe"},
        {"interacted_before": "2024-13-45"},
    ],
)
def test_a_bad_query_string_is_explained_not_an_error(alice_client, alice, query):
    make_contact(alice, first_name="Ada", last_name="")
    response = alice_client.get(LIST, query)
    assert response.status_code == 200
    assert names_on(response) == ["Ada"]


@pytest.mark.parametrize(
    ("typed", "named"),
    [
        ("connected_after", "Connected on or after (<code>connected_after</code>)"),
        ("connected_before", "Connected on or before (<code>connected_before</code>)"),
        ("interacted_after", "Last interaction on or after (<code>interacted_after</code>)"),
    ],
)
def test_a_filter_it_cannot_read_is_named_on_the_page_as_typed(alice_client, alice, typed, named):
    make_contact(alice)
    page = alice_client.get(LIST, {typed: "notadate"}).content.decode()
    assert "These filters were left out" in page
    assert f"{named}: Enter a valid date." in page
    assert f'id="id_{typed}_error"' in page  # and under its own box in the sidebar


def test_the_readable_end_of_a_half_bad_date_range_still_filters(alice_client, alice):
    make_contact(alice, first_name="Early", last_name="", connected_on=date(2019, 5, 1))
    make_contact(alice, first_name="Late", last_name="", connected_on=date(2023, 5, 1))
    response = alice_client.get(
        LIST, {"connected_after": "notadate", "connected_before": "2020-01-01"}
    )
    assert names_on(response) == ["Early"]
    assert "(<code>connected_before</code>)" not in response.content.decode()


def test_another_users_tag_id_does_not_filter_or_leak(alice_client, alice, bob):
    bobs_tag = make_tag(bob, "secret")
    make_contact(alice, first_name="Ada", last_name="")
    response = alice_client.get(LIST, {"tags": bobs_tag.pk})
    assert names_on(response) == ["Ada"]
    assert "secret" not in response.content.decode()


@pytest.mark.parametrize(
    ("ordering", "expected"),
    [
        ("name", ["Ada Adams", "Bea Brown", "Cy Cole"]),
        ("-name", ["Cy Cole", "Bea Brown", "Ada Adams"]),
        ("company", ["Bea Brown", "Cy Cole", "Ada Adams"]),
        ("-connected_on", ["Cy Cole", "Ada Adams", "Bea Brown"]),
        ("connected_on", ["Ada Adams", "Cy Cole", "Bea Brown"]),
    ],
)
def test_columns_sort_both_ways_with_missing_dates_last(alice_client, alice, ordering, expected):
    make_contact(
        alice, first_name="Ada", last_name="Adams", company="C", connected_on=date(2019, 1, 1)
    )
    make_contact(alice, first_name="Bea", last_name="Brown", company="A")
    make_contact(
        alice, first_name="Cy", last_name="Cole", company="B", connected_on=date(2021, 1, 1)
    )
    assert names_on(alice_client.get(LIST, {"ordering": ordering})) == expected


def test_a_column_header_links_to_the_other_direction_and_keeps_the_filter(alice_client, alice):
    make_contact(alice, company="Acme")
    page = alice_client.get(LIST, {"company": "Acme", "ordering": "name"}).content.decode()
    assert 'aria-sort="ascending"' in page
    assert 'href="?company=Acme&amp;ordering=-name"' in page


def test_it_pages_fifty_at_a_time(alice_client, alice):
    for n in range(PAGE_SIZE + 3):
        make_contact(alice, first_name=f"P{n:03d}", last_name="")
    first = alice_client.get(LIST, {"ordering": "added"})
    assert len(first.context["page"].rows) == PAGE_SIZE
    assert "Showing 1\u201350 of 53" in first.content.decode()
    second = alice_client.get(LIST, {"ordering": "added", "page": 2})
    assert names_on(second) == ["P050", "P051", "P052"]
    assert 'rel="prev" href="?ordering=added&amp;page=1"' in second.content.decode()


def test_past_the_cap_the_count_reads_as_a_floor(alice_client, alice, monkeypatch):
    from contacts import paging
    from contacts.views import list as list_view

    for _ in range(5):
        make_contact(alice)
    monkeypatch.setattr(paging, "COUNT_CAP", 3)
    monkeypatch.setattr(list_view, "COUNT_CAP", 3)
    monkeypatch.setattr(paging, "PAGE_SIZE", 2)
    page = alice_client.get(LIST).content.decode()
    assert "<strong>3+</strong> contacts" in page


def test_htmx_gets_only_the_results_and_the_url_keeps_the_filter(alice_client, alice):
    make_contact(alice, first_name="Ada", last_name="", company="Acme")
    response = alice_client.get(LIST, {"company": "Acme"}, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert page.lstrip().startswith('<section id="results"')
    assert "<html" not in page
    assert 'name="query" value="company=Acme"' in page


def test_saving_a_list_keeps_the_filter_and_the_sidebar_counts_it(alice_client, alice, bob):
    make_contact(alice, company="Acme")
    make_contact(alice, company="Acme")
    make_contact(bob, company="Acme")
    response = alice_client.post(
        reverse("saved-lists-create"),
        {"name": " Acme  people ", "query": "company=Acme&page=3"},
        follow=True,
    )
    page = response.content.decode()
    assert "Saved the list “Acme people”" in page
    assert alice.saved_filters.get().query == "company=Acme"
    assert response.context["saved_lists"][0][1] == 2


def test_saving_under_a_name_taken_asks_before_replacing_that_lists_filter(
    alice_client, alice, bob
):
    investors = make_saved_filter(alice, "Investors", "tag_mode=any&company=Acme")
    make_saved_filter(bob, "Mentors", "company=Bobs")
    saving = {"name": "investors", "query": "company=Globex"}

    page = alice_client.post(reverse("saved-lists-create"), saving).content.decode()
    assert "Replace the filter of the saved list “Investors”?" in page
    assert '<input type="hidden" name="query" value="company=Globex">' in page
    investors.refresh_from_db()
    assert investors.query == "tag_mode=any&company=Acme"

    response = alice_client.post(
        reverse("saved-lists-create"), {**saving, "confirmed": "yes"}, follow=True
    )
    assert "The saved list “investors” now shows this filter." in response.content.decode()
    assert list(alice.saved_filters.values_list("name", "query")) == [
        ("investors", "company=Globex")
    ]

    response = alice_client.post(
        reverse("saved-lists-create"), {"name": "Mentors", "query": ""}, follow=True
    )
    assert "Saved the list “Mentors”" in response.content.decode()
    assert bob.saved_filters.get().query == "company=Bobs"


def test_a_saved_list_is_renamed_and_keeps_its_filter(alice_client, alice, bob):
    investors = make_saved_filter(alice, "Investors", "company=Acme")
    make_saved_filter(alice, "Mentors")
    url = reverse("saved-lists-rename", args=[investors.pk])
    assert "Rename the saved list Investors" in alice_client.get(url).content.decode()

    page = alice_client.post(url, {"name": "mentors"}).content.decode()
    assert "You already have a saved list called “mentors”." in page

    response = alice_client.post(url, {"name": "Angel investors"}, follow=True)
    assert "Renamed the saved list to “Angel investors”." in response.content.decode()
    investors.refresh_from_db()
    assert (investors.name, investors.query) == ("Angel investors", "company=Acme")

    bobs = make_saved_filter(bob, "Bob's")
    assert alice_client.get(reverse("saved-lists-rename", args=[bobs.pk])).status_code == 404
    assert (
        alice_client.post(reverse("saved-lists-rename", args=[bobs.pk]), {"name": "x"}).status_code
        == 404
    )


def test_deleting_a_saved_list_leaves_the_contacts(alice_client, alice, bob):
    saved = make_saved_filter(alice, "Investors", "tag_mode=any")
    make_contact(alice)
    url = reverse("saved-lists-delete", args=[saved.pk])
    response = alice_client.post(url, {"confirmed": "yes"}, follow=True)
    assert "Deleted the saved list “Investors”" in response.content.decode()
    assert not alice.saved_filters.exists() and alice.contacts.count() == 1


def test_a_saved_list_deleted_without_javascript_is_asked_about_first(alice_client, alice):
    saved = make_saved_filter(alice, "Investors", "tag_mode=any")
    page = alice_client.post(reverse("saved-lists-delete", args=[saved.pk])).content.decode()
    assert "Delete the saved list “Investors”?" in page
    assert f'href="{LIST}?tag_mode=any">Cancel</a>' in page
    assert alice.saved_filters.filter(name="Investors").exists()


def test_another_users_saved_list_is_not_found(alice_client, bob):
    bobs = make_saved_filter(bob, "Bob's")
    assert alice_client.post(reverse("saved-lists-delete", args=[bobs.pk])).status_code == 404
    assert bob.saved_filters.exists()
    assert "Bob&#x27;s" not in alice_client.get(LIST).content.decode()


def test_contacts_without_a_name_show_their_email_at_no_extra_query(
    alice_client, alice, django_assert_max_num_queries
):
    make_contact(alice, first_name="Ada", last_name="Lovelace")
    alice_client.get(LIST)  # the session and first-visit queries, out of the count
    with django_assert_max_num_queries(20) as with_names:
        alice_client.get(LIST)
    for n in range(5):
        make_contact(alice, first_name="", last_name="", email=f"nameless{n}@example.org")
    with django_assert_max_num_queries(len(with_names.captured_queries)):
        page = alice_client.get(LIST).content.decode()
    assert all(f"nameless{n}@example.org" in page for n in range(5))
    assert '<a class="person__name" href="/contacts/' in page


def test_each_row_shows_its_own_tags_in_name_order(alice_client, alice):
    ada, grace = make_contact(alice, first_name="Ada"), make_contact(alice, first_name="Grace")
    zeta, alpha, mid = make_tag(alice, "zeta"), make_tag(alice, "alpha"), make_tag(alice, "mid")
    ada.tags.add(zeta, alpha)
    grace.tags.add(mid)
    rows = {str(row): row.tag_list for row in alice_client.get(LIST).context["page"].rows}
    assert [tag.name for tag in rows["Ada Example"]] == ["alpha", "zeta"]
    assert [tag.name for tag in rows["Grace Example"]] == ["mid"]


def test_each_row_links_to_its_own_contact_page(alice_client, alice):
    ada, grace = make_contact(alice, first_name="Ada"), make_contact(alice, first_name="Grace")
    page = alice_client.get(LIST).content.decode()
    for contact in (ada, grace):
        assert f'href="{contact.get_absolute_url()}" hx-boost="false">{contact}</a>' in page


def test_a_yes_no_filter_that_is_neither_is_said_to_be_left_out(alice_client, alice):
    make_contact(alice, first_name="Ada", last_name="", email="ada@example.org")
    response = alice_client.get(LIST, {"has_email": "maybe"})
    assert "Some filters could not be read and were left out" in response.content.decode()
    assert names_on(response) == ["Ada"]


def test_a_filter_matching_nobody_keeps_the_filters_and_an_empty_network_teaches(
    alice_client, alice, bob
):
    make_contact(bob, first_name="Bobs")
    empty = alice_client.get(reverse("contacts-list")).content.decode()
    assert "Bring in your LinkedIn network" in empty
    make_contact(alice, first_name="Ada")
    with CaptureQueriesContext(connection) as queries:
        nobody = alice_client.get(reverse("contacts-list"), {"q": "zzz"}).content.decode()
    assert "Bring in your LinkedIn network" not in nobody
    assert 'id="id_q"' in nobody
    # Read newest first from the owner's rows: a bare EXISTS scanned the table (0.3 s at 5.4M).
    statements = [query["sql"] for query in queries]
    assert not [
        sql for sql in statements if sql.startswith('SELECT 1 AS "a" FROM "contacts_contact"')
    ]
    assert [sql for sql in statements if sql.endswith("ORDER BY 1 DESC LIMIT 1")]

"""The contact list and its export answer any query string, never with a server error."""

from urllib.parse import urlencode

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.throttling import SimpleRateThrottle

from tests.conftest import throttle_key_of_its_own
from tests.factories import make_contact, make_tag

PARAMETERS = (
    "q", "kind", "is_connection", "is_follower", "is_following", "tags", "tag_mode",
    "company", "location", "connected_after", "connected_before", "has_email", "has_notes",
    "interacted_after", "interacted_before", "invitation", "source", "due", "ordering",
    "page", "count",
)  # fmt: skip
NASTY = st.sampled_from(
    ["", "0", "-1", "1e9", "99999999999999999999", "true", "false", "unknown", "2024-02-30",
     "2024-01-01", "0001-01-01", "9999-12-31", "%", "_", "\\", "'", '"', "\x00", " ",
     "\u00e9\u0301", "\U0001f600",
     "-name", "name", "-connected_on", "last_interaction", "-added", "all", "none", "any",
     "connection", "follower", "sent", "exact", "1,2", "NaN"]
)  # fmt: skip
VALUES = st.one_of(NASTY, st.text(max_size=30), st.integers().map(str))
QUERIES = st.lists(st.tuples(st.sampled_from(PARAMETERS), VALUES), max_size=6)


EXAMPLES = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def a_network(alice, bob) -> None:
    if not alice.contacts.exists():
        make_contact(alice, first_name="Ada", company="Analytical").tags.add(make_tag(alice, "vip"))
        make_contact(bob, first_name="Bob's")


@EXAMPLES
@given(query=QUERIES)
def test_any_query_string_gives_a_page(alice_client, alice, bob, query):
    a_network(alice, bob)
    for htmx in (False, True):
        headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
        response = alice_client.get("/contacts/", query, **headers)
        assert response.status_code == 200, (query, response.status_code)
        assert "Bob&#x27;s" not in response.content.decode()


@EXAMPLES
@given(query=QUERIES, export_format=st.sampled_from(["csv", "json", "vcard", "xml", ""]))
def test_any_filter_exports_or_says_what_is_wrong(alice_client, alice, bob, query, export_format):
    a_network(alice, bob)
    SimpleRateThrottle.cache_format = throttle_key_of_its_own()
    response = alice_client.get(
        "/contacts/export/", {"format": export_format, "scope": "all", "query": urlencode(query)}
    )
    assert response.status_code in (200, 302), (query, response.status_code)
    if response.status_code == 200:
        assert "Bob" not in b"".join(response.streaming_content).decode()


ACTIONS = st.sampled_from(
    ["add_tag", "remove_tag", "mark_follower", "mark_following", "export_csv", "export_json",
     "export_vcard", "delete", "", "explode"]
)  # fmt: skip
IDS = st.lists(st.one_of(NASTY, st.integers().map(str), st.sampled_from(["²", "٣", "1²"])))


@EXAMPLES
@given(query=QUERIES, action=ACTIONS, scope=st.sampled_from(["all", "selected", ""]), ids=IDS,
       tag=VALUES)  # fmt: skip
def test_any_bulk_request_acts_or_says_what_is_wrong(
    alice_client, alice, bob, query, action, scope, ids, tag
):
    a_network(alice, bob)
    SimpleRateThrottle.cache_format = throttle_key_of_its_own()
    data = {"action": action, "scope": scope, "query": urlencode(query), "ids": ids, "tag": tag}
    response = alice_client.post("/contacts/bulk/", data)
    assert response.status_code in (200, 302), (data, response.status_code)
    assert bob.contacts.filter(first_name="Bob's", is_follower=False, is_following=False).exists()

"""Every route answers any form or query input without a server error, and only on my rows.

Each example picks a route, fills its ids with my own objects, and sends random
values for the fields the app's forms and views read, as a query string and
as a form; whatever the values, the answer is a page, a redirect or a refusal.
"""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.throttling import SimpleRateThrottle

from tests.conftest import throttle_key_of_its_own
from tests.trust.routes import PLAIN_VALUES, PUBLIC_OR_NO_ID, Route, every_route, object_for
from tests.trust.snapshots import changed_models, rows_of
from tests.trust.test_isolation_routes import world_of

# What the app's forms and views read (templates' inputs, forms' fields, request.GET/POST).
FIELDS = (
    "q", "page", "ordering", "count", "format", "scope", "query", "ids", "action", "tag",
    "tags", "tag_name", "name", "colour", "body", "source", "target", "first_name",
    "last_name", "display_name", "email", "profile_url", "company", "position", "headline",
    "location", "phone", "website", "connected_on", "is_connection", "is_follower",
    "is_following", "keep_in_touch_days", "days", "on", "until", "summary", "note", "next",
    "contact", "kind", "declared_kind", "snapshot", "url", "folder", "schedule", "enabled",
    "send_digest", "old_password", "new_password1", "new_password2", "confirm", "survivor",
    "other", "first", "second", "mapping", "connected_after", "connected_before",
)  # fmt: skip
ODD = st.sampled_from(
    ["", "0", "-1", "²", "1e999", "9" * 30, "true", "on", "2024-02-30", "0001-01-01",
     "9999-12-31", "%", "'", "\x00", "<script>", "javascript:alert(1)", "https://example.org/",
     "file:///etc/passwd", "../../x", " ", "a" * 300, "ﬀ", "\u202e", "null", "[]", "{}"]
)  # fmt: skip
VALUE = st.one_of(
    ODD, st.text(max_size=20), st.integers(min_value=-(2**70), max_value=2**70).map(str)
)
FORM = st.dictionaries(
    st.sampled_from(FIELDS), st.one_of(VALUE, st.lists(VALUE, max_size=3)), max_size=6
)
ROUTES = [
    route
    for route in every_route()
    if not route.is_admin and route.name not in PUBLIC_OR_NO_ID and route.name != "logout"
]


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_any_input_to_any_route_is_answered_without_a_server_error(client, alice, bob, data):
    if not hasattr(alice, "world"):
        alice.world, bob.world = world_of(alice, "alicemarker"), world_of(bob, "bobmarker")
    SimpleRateThrottle.cache_format = throttle_key_of_its_own()
    route = data.draw(st.sampled_from(ROUTES), label="route")
    # My own objects' ids, or ids past any row, past a bigint even.
    odd_id = data.draw(st.sampled_from(["", "0", "9" * 25]), label="odd id")
    try:
        url = reverse(route.name, kwargs=_kwargs(route, alice.world, odd_id))
    except NoReverseMatch:  # the route's converter takes no such id (a token)
        url = reverse(route.name, kwargs=_kwargs(route, alice.world, ""))
    form = data.draw(FORM, label="form")
    before = rows_of(bob)
    client.force_login(alice)
    client.raise_request_exception = False
    for response in (client.get(url, form), client.post(url, form)):
        assert response.status_code < 500, (route.name, url, form, response.status_code)
        assert b"bobmarker" not in getattr(response, "content", b""), (route.name, form)
    assert changed_models(before, rows_of(bob)) == [], (route.name, form)


def _kwargs(route: Route, world: dict[str, str], odd_id: str) -> dict[str, str]:
    return {
        p: PLAIN_VALUES[p] if p in PLAIN_VALUES else odd_id or world[object_for(route, p)]
        for p in route.parameters
    }

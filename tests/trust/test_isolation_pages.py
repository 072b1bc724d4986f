"""Lists, searches, counts, exports, job pages and the dashboard never show bob's rows to alice.

Bob's rows carry the marker "bobmarker" (names, emails, tags, notes, jobs, row
errors, sources, tokens, saved lists); it must appear in none of alice's pages.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.trust.routes import PUBLIC_OR_NO_ID, every_route
from tests.trust.test_isolation_routes import no_rate_limits, world_of  # noqa: F401

MARKER = b"bobmarker"
SEARCH = "obmarke"


def searches(bobs: dict[str, str]) -> list[dict[str, str]]:
    """Query strings a list, search, filter or autocomplete might read, naming bob's rows.

    Searches use a part of the marker, so a page echoing the query is no false alarm.
    """
    tag, saved = bobs["tag"], bobs["saved_list"]
    return [
        {},
        {"q": SEARCH, "search": SEARCH, "term": SEARCH, "name": SEARCH, "email": SEARCH},
        {"tags": tag, "tag": tag, "tags_all": tag, "tags_none": tag, "saved": saved},
        {"contact": bobs["contact"], "job": bobs["job"], "source": bobs["source"]},
        {"format": "csv", "scope": "all", "as": "json"},
        {"scope": "selected", "ids": bobs["contact"], "format": "json"},
    ]  # fmt: skip


def reads_without_an_id() -> list[str]:
    return [
        route.name
        for route in every_route()
        if not route.is_admin and not route.parameters and route.name not in PUBLIC_OR_NO_ID
    ]


@pytest.mark.django_db(transaction=True)  # exports stream from a thread with its own connection
def test_no_page_or_api_list_shows_bobs_rows_to_alice(client, alice, bob):
    bobs = world_of(bob, "bobmarker")
    world_of(alice, "alicemarker")
    client.force_login(alice)
    shown = []
    for name in reads_without_an_id():
        for params in searches(bobs):
            response = client.get(reverse(name), params)
            content = (
                b"".join(response.streaming_content) if response.streaming else response.content
            )
            if MARKER in content:
                shown.append(f"{name} {params}")
    assert shown == [], "\n".join(shown)


def test_alices_own_rows_do_show_so_the_search_is_real(client, alice, bob):
    world_of(bob, "bobmarker")
    world_of(alice, "alicemarker")
    client.force_login(alice)
    page = client.get(reverse("contacts-list"), {"q": "alicemarker"}).content
    assert b"alicemarker" in page
    assert MARKER not in page
    api = client.get(reverse("api-contacts-list"), {"search": "alicemarker"}).content
    assert b"alicemarker" in api

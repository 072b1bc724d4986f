"""Alice, signed in, tries every route with bob's objects and every method: she gets nothing.

Routes come from the resolver (tests/trust/routes.py), so a route added later
is tried too, or fails the coverage test until it is named there.
"""

from __future__ import annotations

import itertools
import json
import uuid
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from rest_framework.throttling import SimpleRateThrottle

from accounts.models import ApiToken
from contacts.models import BulkJob
from imports.jobs import create_job
from imports.models import ImportRowError, ImportSource
from relations.merging import merge_contacts
from tests.factories import make_contact, make_note, make_saved_filter, make_tag
from tests.trust.routes import (
    ALSO_ALLOWED,
    PLAIN_VALUES,
    PUBLIC_OR_NO_ID,
    Route,
    every_route,
    object_for,
)
from tests.trust.routes import uncovered as uncovered_routes
from tests.trust.snapshots import changed_models, rows_of

METHODS = ("get", "post", "put", "patch", "delete")
NOT_YOURS = {403, 404, 405}
ADMIN_SIGN_IN = {"admin:login", "admin:logout"}


def world_of(user: Any, marker: str) -> dict[str, str]:
    """One object of each kind for ``user``, by the names routes.py gives them, as URL values."""
    contact = make_contact(user, first_name=marker, email=f"{marker}@example.org")
    contact2 = make_contact(user, first_name=f"{marker}2", email=f"{marker}2@example.org")
    merged = make_contact(user, first_name=f"{marker}3", email=f"{marker}3@example.org")
    tag = make_tag(user, f"{marker}-tag")
    contact.tags.add(tag)
    job = create_job(user, ContentFile(b"First Name\n", name=f"{marker}.csv"))
    ImportRowError.objects.create(job=job, line=2, reason=marker, raw=marker)
    source = ImportSource.objects.create(owner=user, name=marker, url="https://example.org/x.csv")
    token, _ = ApiToken.objects.issue(user, marker)
    merge = merge_contacts(contact2, merged)
    bulk_job = BulkJob.objects.create(owner=user, action=BulkJob.Action.DELETE, query=f"q={marker}")
    return {
        "contact": str(contact.pk),
        "contact2": str(contact2.pk),
        "tag": str(tag.pk),
        "note": str(make_note(contact, f"{marker} note").pk),
        "saved_list": str(make_saved_filter(user, marker, "company=x").pk),
        "job": str(job.pk),
        "source": str(source.pk),
        "token": str(token.pk),
        "merge": str(merge.pk),
        "bulk_job": str(bulk_job.pk),
        "pending_upload": uuid.uuid4().hex,
        "forged_token": "eyJ1c2VyIjoxfQ:forged:signature",
    }


@pytest.fixture(autouse=True)
def no_rate_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    """Hundreds of requests in a row: a limit would answer 429 before the ownership check."""
    scopes = ("writes", "uploads", "exports", "user", "anon")
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", dict.fromkeys(scopes, "1000000/s"))
    monkeypatch.setattr(
        SimpleRateThrottle, "cache_format", f"t_{uuid.uuid4().hex}_%(scope)s_%(ident)s"
    )


def body_naming(objects: dict[str, str]) -> dict[str, Any]:
    """Form fields that name the objects, as bulk actions, merges and forms would."""
    contacts = [objects["contact"], objects["contact2"]]
    return {
        "ids": contacts, "contact": contacts, "contacts": contacts, "pk": objects["contact"],
        "id": objects["contact"], "tag": objects["tag"], "tags": [objects["tag"]],
        "source": objects["tag"], "target": objects["tag"], "survivor": objects["contact"],
        "other": objects["contact2"], "first": objects["contact"], "second": objects["contact2"],
        "note": objects["note"], "scope": "selected", "action": "delete", "name": "x",
        "body": "x", "first_name": "x", "query": "", "confirm": "yes",
    }  # fmt: skip


def send(client: Any, method: str, url: str, body: dict[str, Any]) -> Any:
    if method == "get":
        return client.get(url)
    if method == "post":
        return client.post(url, body)
    return getattr(client, method)(url, json.dumps(body), content_type="application/json")


def kwargs_sets(route: Route, bobs: dict[str, str], alices: dict[str, str]) -> list[dict]:
    """Every way to fill the route's ids with bob's and alice's objects, at least one bob's."""
    ids = [p for p in route.parameters if p not in PLAIN_VALUES]
    plain = {p: PLAIN_VALUES[p] for p in route.parameters if p in PLAIN_VALUES}
    sets = []
    for owners in itertools.product((bobs, alices), repeat=len(ids)):
        if ids and all(owner is alices for owner in owners):
            continue
        values = {p: owner[object_for(route, p)] for p, owner in zip(ids, owners, strict=True)}
        sets.append({**values, **plain})
    return sets


def test_every_route_with_an_id_is_covered_by_the_matrix():
    routes = every_route()
    unnamed = [r.route for r in routes if not r.is_admin and r.name in ("", "None")]
    assert unnamed == [], "routes the matrix cannot reverse"
    assert uncovered_routes(routes) == [], "name these parameters in tests/trust/routes.py"


def test_alice_reaches_none_of_bobs_objects_by_any_route_or_method(client, alice, bob):
    bobs = world_of(bob, "bobmarker")
    alices = world_of(alice, "alicemarker")
    before = rows_of(bob)
    failures = []
    client.raise_request_exception = False  # a server error is listed with the others
    for route in every_route():
        if route.is_admin or route.name in PUBLIC_OR_NO_ID:
            continue
        for kwargs in kwargs_sets(route, bobs, alices):
            url = reverse(route.name, kwargs=kwargs)
            for method in METHODS:
                client.force_login(alice)
                response = send(client, method, url, body_naming(bobs))
                id_route = any(p not in PLAIN_VALUES for p in route.parameters)
                expected = NOT_YOURS | ALSO_ALLOWED.get(route.name, (set(), ""))[0]
                allowed = response.status_code in expected if id_route else True
                if not allowed or response.status_code >= 500:
                    failures.append(
                        f"{method.upper()} {url} ({route.name}): {response.status_code}"
                    )
                if b"bobmarker" in getattr(response, "content", b""):
                    failures.append(f"{method.upper()} {url} ({route.name}) shows bob's marker")
        changed = changed_models(before, rows_of(bob))
        if changed:
            failures.append(f"{route.name} changed bob's {changed}")
            before = rows_of(bob)
    assert failures == [], "\n".join(failures)


def test_a_forged_unsubscribe_link_changes_nobody(client, alice, bob):
    bobs = world_of(bob, "bobmarker")
    before = rows_of(bob)
    url = reverse("relations-unsubscribe", kwargs={"token": bobs["forged_token"]})
    for method in METHODS:
        response = send(client, method, url, {})
        assert response.status_code < 500, (method, response.status_code)
        assert b"bobmarker" not in response.content
    assert changed_models(before, rows_of(bob)) == []


def test_the_admin_sends_a_user_who_is_not_staff_to_its_sign_in(client, alice, bob):
    bobs = world_of(bob, "bobmarker")
    before = rows_of(bob)
    client.force_login(alice)
    for route in every_route():
        if not route.is_admin or route.name in ADMIN_SIGN_IN or route.name.endswith(":None"):
            continue
        values = {"object_id": bobs["contact"], "content_type_id": "1", "id": bobs["contact"],
                  "app_label": "contacts", "url": "x"}  # fmt: skip
        url = reverse(route.name, kwargs={p: values[p] for p in route.parameters})
        for method in ("get", "post"):
            response = send(client, method, url, body_naming(bobs))
            assert response.status_code == 302, (method, url, response.status_code)
            assert response["Location"].startswith("/admin/login/"), (method, url)
    assert changed_models(before, rows_of(bob)) == []

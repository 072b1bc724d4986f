"""Every URL the project serves, found from the resolver, and which rows fill its parameters.

A route whose parameter this table does not name, and that is not on the
allow-list with a reason, makes the isolation test fail: a new route is
covered the day it is added, or the test says why not.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern

# Routes that take no object of anyone's, or whose parameter is not a row id.
PUBLIC_OR_NO_ID = {
    "healthz": "the services' health for monitors, no user's data (503 while no worker runs)",
    "relations-unsubscribe": "a signed link e-mailed to its user: the signature is the authority "
    "(tested with a forged token below)",
}

# Answers besides 403/404/405 that a route may give another user's id, and why that is safe.
ALSO_ALLOWED: dict[str, tuple[set[int], str]] = {
    "imports-mapping-cancel": (
        {302},
        "drops the signed-in user's own pending upload (kept in their session), whatever the "
        "token says, and redirects: nobody else's upload is reachable",
    ),
    **{
        name: (
            {302},
            "a pair that is not all the user's own reads as a pair merged or deleted since: "
            "back to the duplicates page with the same message as for ids of nobody's",
        )
        for name in ("relations-merge", "relations-not-duplicate")
    },
}

# (route name pattern, parameter) -> which object of the world fills it.
PARAMETER_OBJECTS: list[tuple[str, str, str]] = [
    (r"^api-contacts-", "pk", "contact"),
    (r"^api-tags-", "pk", "tag"),
    (r"^api-notes-", "pk", "note"),
    (r"^api-saved-lists-", "pk", "saved_list"),
    (r"^api-imports-", "pk", "job"),
    (r"^api-sources-", "pk", "source"),
    (r"^api-tokens-", "pk", "token"),
    (r"^capture-saved$", "pk", "contact"),
    (r"^imports-job-", "pk", "job"),
    (r"^imports-source-", "pk", "source"),
    (r"^imports-mapping", "token", "pending_upload"),
    (r"^accounts-token-", "pk", "token"),
    (r"^contacts-bulk-job$", "pk", "bulk_job"),
    (r"^contacts-", "pk", "contact"),
    (r"^contacts-tag-remove$", "tag_pk", "tag"),
    (r"^contacts-note-", "note_pk", "note"),
    (r"^saved-lists-", "pk", "saved_list"),
    (r"^tags-", "pk", "tag"),
    (r"^relations-(talked|snooze|contact-cadence)$", "pk", "contact"),
    (r"^relations-not-duplicate$", "first", "contact"),
    (r"^relations-not-duplicate$", "second", "contact2"),
    (r"^relations-merge$", "survivor_pk", "contact"),
    (r"^relations-merge$", "other_pk", "contact2"),
    (r"^relations-merge-undo$", "pk", "merge"),
    (r"^relations-unsubscribe$", "token", "forged_token"),
]
# Not ids: a format suffix the REST framework adds to every API route.
PLAIN_VALUES = {"format": "json"}


@dataclass(frozen=True)
class Route:
    name: str  # with its namespace: "admin:contacts_contact_change"
    route: str
    parameters: tuple[str, ...]

    @property
    def is_admin(self) -> bool:
        # crm/urls.py puts one route of its own under admin/ (the admin's "View on site").
        return self.name.startswith("admin:") or self.route.startswith("admin/")


def _parameters(pattern: object) -> tuple[str, ...]:
    if isinstance(pattern, RoutePattern):
        return tuple(pattern.converters)
    return tuple(pattern.regex.groupindex)


def every_route() -> list[Route]:
    """Each URL pattern of the project, with the parameters of its whole path."""
    return list(_walk(get_resolver(), "", "", ()))


def _walk(resolver: URLResolver, prefix: str, namespace: str, parameters: tuple) -> Iterator[Route]:
    for entry in resolver.url_patterns:
        path = prefix + str(entry.pattern)
        found = parameters + _parameters(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = ":".join(part for part in (namespace, entry.namespace or "") if part)
            yield from _walk(entry, path, inner, found)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace else str(entry.name)
            yield Route(name=name, route=path, parameters=found)


def object_for(route: Route, parameter: str) -> str | None:
    """The world's object that fills ``parameter`` of ``route``, or None when none is named."""
    for pattern, name, kind in PARAMETER_OBJECTS:
        if name == parameter and re.search(pattern, route.name):
            return kind
    return None


def uncovered(routes: list[Route]) -> list[str]:
    """Routes with a parameter the table does not fill (admin routes are tested apart)."""
    missing = []
    for route in routes:
        if route.is_admin:
            continue
        for parameter in route.parameters:
            if parameter not in PLAIN_VALUES and object_for(route, parameter) is None:
                missing.append(f"{route.name} ({route.route}): {parameter}")
    return missing

"""Every row one user owns, in every app, found from the models themselves.

A model belongs to a user through a foreign key to the user model, directly
(``owner``) or through one or two other foreign keys (a note through its
contact, a row error through its job). New models are picked up without a
change here, so tests comparing snapshots keep covering them.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models

Snapshot = dict[str, list[dict[str, Any]]]
MAX_HOPS = 3
# Framework bookkeeping that changes on any request, not data a user owns.
NOT_USER_DATA = {"sessions.session", "admin.logentry", "axes.accesslog", "axes.accessattempt"}


def owner_paths(model: type[models.Model]) -> list[str]:
    """Lookups from ``model`` to a user (``owner``, ``contact__owner``), at most MAX_HOPS long."""
    user_model = get_user_model()
    if model is user_model:
        return ["pk"]
    found: list[str] = []

    def walk(current: type[models.Model], prefix: str, hops: int) -> None:
        for field in current._meta.get_fields():
            if not (field.many_to_one or field.one_to_one) or not field.concrete:
                continue
            target = field.related_model
            path = f"{prefix}{field.name}"
            if target is user_model:
                found.append(path)
            elif hops < MAX_HOPS and target is not current:
                walk(target, f"{path}__", hops + 1)

    walk(model, "", 1)
    return found


def user_owned_models() -> dict[type[models.Model], list[str]]:
    """Each model that rows of a user live in, with its lookups to that user."""
    owned = {}
    for model in apps.get_models():
        if model._meta.label_lower in NOT_USER_DATA:
            continue
        paths = owner_paths(model)
        if paths:
            owned[model] = paths
    return owned


def rows_of(user: models.Model) -> Snapshot:
    """Every column of every row ``user`` owns, by model, in primary-key order."""
    snapshot: Snapshot = {}
    for model, paths in user_owned_models().items():
        query = models.Q()
        for path in paths:
            query |= models.Q(**{path: user.pk})
        rows = model._default_manager.filter(query).distinct().order_by("pk").values()
        snapshot[model._meta.label] = [dict(row) for row in rows]
    return snapshot


def changed_models(before: Snapshot, after: Snapshot) -> list[str]:
    """The models whose rows differ between two snapshots."""
    return sorted(
        label for label in before.keys() | after.keys() if before.get(label) != after.get(label)
    )

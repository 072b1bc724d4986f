"""Exact copies of rows as JSON, and their restoration, for undoing a merge.

Values are kept at full precision (Django's JSON serialiser cuts datetimes to
milliseconds) and written back with ``update()`` or ``bulk_create`` followed
by ``update()``, so ``auto_now`` fields keep the stored values too.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db import models


def _columns(model: type[models.Model]) -> list[models.Field]:
    return [
        field
        for field in model._meta.concrete_fields
        if not isinstance(field, models.GeneratedField)
    ]


def row_of(instance: models.Model) -> dict[str, Any]:
    """Every stored column of ``instance`` as JSON-safe values."""
    row: dict[str, Any] = {}
    for field in _columns(type(instance)):
        value = field.value_from_object(instance)
        if isinstance(value, datetime | date):
            value = value.isoformat()
        row[field.attname] = value
    return row


def values_of(model: type[models.Model], row: dict[str, Any]) -> dict[str, Any]:
    """A stored row turned back into field values, keyed by attribute name."""
    values: dict[str, Any] = {}
    for field in _columns(model):
        if field.attname not in row:
            continue
        value = row[field.attname]
        if value is not None and isinstance(field, models.DateField | models.DateTimeField):
            value = field.to_python(value)
        values[field.attname] = value
    return values


def rows_of(queryset: models.QuerySet) -> list[dict[str, Any]]:
    return [row_of(instance) for instance in queryset.order_by("pk")]


def restore_rows(model: type[models.Model], rows: list[dict[str, Any]]) -> None:
    """Re-insert deleted rows with their own ids and every column as it was."""
    if not rows:
        return
    objects = [model(**values_of(model, row)) for row in rows]
    model._default_manager.bulk_create(objects)
    overwritten = [
        field.attname
        for field in _columns(model)
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
    ]
    if overwritten:
        for row in rows:
            values = values_of(model, row)
            model._default_manager.filter(pk=values["id"]).update(
                **{name: values[name] for name in overwritten}
            )


def update_rows(model: type[models.Model], rows: list[dict[str, Any]]) -> None:
    """Write the stored columns back onto existing rows, ``auto_now`` ones included."""
    for row in rows:
        values = values_of(model, row)
        model._default_manager.filter(pk=values.pop("id")).update(**values)

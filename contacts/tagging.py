"""Tagging many contacts at once, in set-based SQL rather than one row at a time."""

from __future__ import annotations

from django.db import connection, transaction
from django.db.models import QuerySet

from contacts.models import Tag, TaggedContact
from relations.timeline import record_tag_change


def _matching_ids_sql(tag: Tag, contacts: QuerySet) -> tuple[str, tuple]:
    ids = contacts.filter(owner_id=tag.owner_id).order_by().values("id")
    return ids.query.sql_with_params()


def add_tag_to_contacts(tag: Tag, contacts: QuerySet) -> int:
    """Tag the contacts that belong to the tag's owner; returns how many were new."""
    sql, params = _matching_ids_sql(tag, contacts)
    table = TaggedContact._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        record_tag_change(tag, contacts, added=True)
        cursor.execute(
            f"INSERT INTO {table} (tag_id, content_object_id) "
            f"SELECT %s, matching.id FROM ({sql}) AS matching WHERE true "
            "ON CONFLICT DO NOTHING",
            (tag.pk, *params),
        )
        return cursor.rowcount


def remove_tag_from_contacts(tag: Tag, contacts: QuerySet) -> int:
    """Untag every contact in ``contacts``; returns how many lost the tag."""
    sql, params = _matching_ids_sql(tag, contacts)
    table = TaggedContact._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        record_tag_change(tag, contacts, added=False)
        cursor.execute(
            f"DELETE FROM {table} WHERE tag_id = %s AND content_object_id IN ({sql})",
            (tag.pk, *params),
        )
        return cursor.rowcount

"""Changing many contacts at once, each as a few set-based statements, never row by row."""

from __future__ import annotations

from django.db import connection, models, transaction
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from contacts.models import Contact

_DOOMED = "bulk_doomed_contacts"


def mark_as_follower(contacts: QuerySet) -> int:
    """Record that these contacts follow me; one UPDATE. Returns how many changed."""
    return contacts.order_by().filter(is_follower=False).update(is_follower=True)


def mark_as_following(contacts: QuerySet) -> int:
    """Record that I follow these contacts; one UPDATE. Returns how many changed."""
    return contacts.order_by().filter(is_following=False).update(is_following=True)


def delete_contacts(contacts: QuerySet) -> int:
    """Delete the contacts and every row hanging on them; returns how many contacts went.

    The ids are first copied into a temporary table: the selection may depend
    on the very rows deleted first (a "has notes" filter loses its notes), so
    it is fixed before anything changes.
    """
    ids_sql, params = contacts.order_by().values("id").query.sql_with_params()
    doomed = RawSQL(f"SELECT id FROM {_DOOMED}", ())
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {_DOOMED}")
        cursor.execute(f"CREATE TEMPORARY TABLE {_DOOMED} AS {ids_sql}", params)
        for relation in Contact._meta.related_objects:
            related = relation.related_model._base_manager.filter(
                **{f"{relation.field.name}__in": doomed}
            )
            if relation.on_delete is models.CASCADE:
                related.delete()
            elif relation.on_delete is models.SET_NULL:
                related.update(**{relation.field.name: None})
        cursor.execute(
            f"DELETE FROM {Contact._meta.db_table} WHERE id IN (SELECT id FROM {_DOOMED})"
        )
        deleted = cursor.rowcount
        cursor.execute(f"DROP TABLE {_DOOMED}")
    return deleted

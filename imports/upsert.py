"""Writing one batch of contact rows in set-based SQL: the only module that knows the vendor.

The batch is loaded into a temporary staging table (PostgreSQL: binary COPY;
SQLite: executemany), and the rows that would change nothing are dropped from
it first, by one join per kind of key against ``contacts_contact``: a
re-import of an unchanged file writes nothing and locks no row. What is left
is merged into ``contacts_contact`` by a few statements that are the same on
both: ``INSERT ... SELECT ... ON CONFLICT (owner, slug) DO UPDATE ... WHERE
<something changed>``, the same on (owner, email) for contacts without a
slug, and an ``UPDATE ... FROM`` for rows matched by name and date.
``RETURNING`` reports the rows written, and ``xmax = 0`` (PostgreSQL) or an
id above the table's previous maximum (SQLite, whose writers are serialised)
tells a new row from an updated one. The merge rules are in ``merge_rules``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from operator import attrgetter
from typing import Any

from django.db import connection

from contacts.counting import estimated_count
from contacts.models import Contact
from imports.merge_rules import TIMESTAMPS, set_clause_and_change_test
from imports.people import STAGED_FIELDS, ContactRow

CONTACTS = "contacts_contact"
STAGE = "import_stage"
# The columns the per-row probes find stored contacts by (``_KEYS``), with the owner.
PROBED_COLUMNS = ("owner_id", "slug", "email")
REPORTED = ("id", "slug", "first_name", "last_name", "display_name", "company", "position")

_BOOLEANS = ("is_connection", "is_follower", "is_following")
_DATES = ("connected_on", "disconnected_on", "followed_me_on", "following_since")
_COLUMN_TYPES = {
    **{name: "text" for name in STAGED_FIELDS},
    **{name: "boolean" for name in _BOOLEANS},
    **{name: "date" for name in _DATES},
    **{name: "timestamptz" for name in TIMESTAMPS},
    "message_count": "integer",
    "target_id": "bigint",
}
_STAGE_COLUMNS = (*STAGED_FIELDS, "target_id")
_staged_values = attrgetter(*_STAGE_COLUMNS)
# Each kind of staged row: which staged rows are of that kind, and the stored contact
# ``{c}`` such a row matches. The stored side repeats the predicate of the partial unique
# index, so that the index is used.
_KEYS = {
    "slug": (f"{STAGE}.slug <> ''", "{c}.slug = " + STAGE + ".slug AND NOT ({c}.slug = '')"),
    "email": (
        f"{STAGE}.slug = '' AND {STAGE}.email <> ''",
        "{c}.slug = '' AND NOT ({c}.email = '') AND {c}.email = " + STAGE + ".email",
    ),
    "target": (f"{STAGE}.target_id IS NOT NULL", "{c}.id = " + STAGE + ".target_id"),
}


@dataclass
class BatchOutcome:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    # Rows whose contact changed only by a tag the import put on it (``count_tagged``).
    tagged: int = 0
    new_connections: list[dict[str, Any]] = field(default_factory=list)
    changed: list[dict[str, Any]] = field(default_factory=list)
    # Ids of contacts this batch created without slug or email, which no key finds again.
    nameless_ids: list[int] = field(default_factory=list)
    created_ids: list[int] = field(default_factory=list)
    # Ids of the contacts updated, for their timelines (a created one names its job itself).
    updated_ids: list[int] = field(default_factory=list)

    def count_tagged(self, newly_tagged: set[int]) -> None:
        """Count as tagged, not unchanged, the rows whose contact only gained a tag."""
        only_tagged = newly_tagged.difference(self.created_ids, self.updated_ids)
        # Never more than the unchanged, so the counts still add up to the rows: a contact
        # that adopted a profile URL was moved to updated by number, not by id.
        self.tagged = min(len(only_tagged), self.unchanged)
        self.unchanged -= self.tagged


def _is_postgresql() -> bool:
    return connection.vendor == "postgresql"


_INSERTED = (
    *STAGED_FIELDS, "owner_id", "source", "added_by_import_id", "first_seen_at", "last_seen_at"
)  # fmt: skip


def _insert_select(where: str) -> str:
    columns = ", ".join((*_INSERTED, "created_at", "updated_at"))
    staged = ", ".join(f"incoming.{column}" for column in STAGED_FIELDS)
    return (
        f"INSERT INTO {CONTACTS} ({columns}) "
        f"SELECT {staged}, %s, %s, %s, %s, %s, %s, %s FROM {STAGE} AS incoming WHERE {where}"
    )


def _returning(created_test: str) -> str:
    columns = ", ".join(f"{CONTACTS}.{column}" for column in (*REPORTED, "is_connection"))
    return f" RETURNING {columns}, {created_test}"


def ensure_stage() -> None:
    """Create this connection's staging table, once per database session."""
    if _is_postgresql():
        columns = ", ".join(f"{c} {_COLUMN_TYPES[c]}" for c in _STAGE_COLUMNS)
        ddl = f"CREATE TEMP TABLE IF NOT EXISTS {STAGE} ({columns}) ON COMMIT DELETE ROWS"
    else:
        ddl = f"CREATE TEMP TABLE IF NOT EXISTS {STAGE} ({', '.join(_STAGE_COLUMNS)})"
    with connection.cursor() as cursor:
        cursor.execute(ddl)


def _load_stage(cursor: Any, rows: list[ContactRow]) -> None:
    cursor.execute(f"DELETE FROM {STAGE}")
    columns = ", ".join(_STAGE_COLUMNS)
    if _is_postgresql():
        copy_sql = f"COPY {STAGE} ({columns}) FROM STDIN (FORMAT BINARY)"
        with cursor.cursor.copy(copy_sql) as copy:
            copy.set_types([_COLUMN_TYPES[c] for c in _STAGE_COLUMNS])
            write_row = copy.write_row
            for row in rows:
                write_row(_staged_values(row))
        return
    cursor.executemany(
        f"INSERT INTO {STAGE} ({columns}) VALUES ({', '.join(['%s'] * len(_STAGE_COLUMNS))})",
        [_sqlite_values(row) for row in rows],
    )


_TIMESTAMP_POSITIONS = [_STAGE_COLUMNS.index(name) for name in TIMESTAMPS]


def _sqlite_values(row: ContactRow) -> tuple:
    values = _staged_values(row)
    if any(values[i] is not None for i in _TIMESTAMP_POSITIONS):
        # Stored the way Django stores them on SQLite (naive UTC text); dates adapt alone.
        adapt = connection.ops.adapt_datetimefield_value
        values = tuple(adapt(v) if i in _TIMESTAMP_POSITIONS else v for i, v in enumerate(values))
    return values


def _kinds_of(rows: list[ContactRow]) -> set[str]:
    """Which kinds of row (slug, email, target, nameless) the batch holds."""
    kinds: set[str] = set()
    for row in rows:
        if row.slug:
            kinds.add("slug")
        elif row.email:
            kinds.add("email")
        else:
            kinds.add("target" if row.target_id else "nameless")
    return kinds


def _fence() -> str:
    # On PostgreSQL, OFFSET 0 keeps a subquery from being turned into a join: it stays one
    # index probe per staged row. As a join, the planner, whose row counts lag behind a
    # bulk import, hashes the owner's whole table for every batch.
    return " OFFSET 0" if _is_postgresql() else ""


@contextmanager
def _index_probes(cursor: Any) -> Iterator[None]:
    """Per-row subqueries probe an index, never scan the table, while inside."""
    if not _is_postgresql():
        yield
        return
    # Statistics lag behind a bulk import (a table analysed while small looks empty),
    # and a sequential scan per staged row is quadratic: probe the owner's index.
    cursor.execute("SET LOCAL enable_seqscan = off")
    try:
        yield
    finally:
        cursor.execute("SET LOCAL enable_seqscan = on")


class PlannerStatistics:
    """Keeps the contact table's statistics true while one import grows it (PostgreSQL).

    The per-row index probes are planned from the table's statistics. Taken while
    the owner had few contacts, they make any index that starts with the owner
    look as good as the unique one, and a probe that walks all the owner's rows
    for each staged row is quadratic. So the table is analysed when the job has
    written its first batches, then each time its count doubles (a handful of
    times for a million rows), and at once when a job resumes; each time only
    if the planner counts fewer than a quarter of the contacts the job has
    written (an ANALYZE costs 0.3-1 s on a table of millions). Counted four
    times too few, the owner still looks large enough for the unique index to
    win; counted as none, it does not.
    """

    FIRST_AT = 5_000
    UNDERCOUNT_ALLOWED = 4

    def __init__(self, owner_id: int, written_before: int) -> None:
        self.owner_id = owner_id
        self.next_at = written_before or self.FIRST_AT

    def refresh_if_grown(self, written: int) -> None:
        """Call outside the batch's transaction, so that no lock is held while it runs."""
        if written < self.next_at or not _is_postgresql():
            return
        self.next_at = 2 * written
        estimate = estimated_count(Contact.objects.filter(owner_id=self.owner_id)) or 0
        if estimate * self.UNDERCOUNT_ALLOWED >= written:
            return
        with connection.cursor() as cursor:
            # Only the columns the probes look up by: 0.3 s instead of 0.6-0.8 s over
            # the bench's 3.6M rows (psql \timing). The row count is renewed either way.
            cursor.execute(f"ANALYZE {CONTACTS} ({', '.join(PROBED_COLUMNS)})")


def _drop_unchanged(cursor: Any, owner_id: int, kinds: set[str]) -> int:
    """Delete from the stage the rows that would change nothing; returns how many."""
    _, changed = set_clause_and_change_test(CONTACTS, STAGE)
    dropped = 0
    for kind in sorted(kinds & _KEYS.keys()):
        rows_of_kind, stored = _KEYS[kind]
        cursor.execute(
            f"DELETE FROM {STAGE} WHERE {rows_of_kind} AND EXISTS (SELECT 1 FROM {CONTACTS} "
            f"WHERE {CONTACTS}.owner_id = %s AND {stored.format(c=CONTACTS)} "
            f"AND NOT ({changed}){_fence()})",
            [owner_id],
        )
        dropped += cursor.rowcount
    return dropped


def _stored_before(cursor: Any, owner_id: int, kinds: set[str]) -> dict[int, tuple[str, str, bool]]:
    """Company, position and connection of the stored contacts this batch matches."""
    columns = "c.id, c.company, c.position, c.is_connection"
    selects = []
    for kind in sorted(kinds & _KEYS.keys()):
        rows_of_kind, stored = _KEYS[kind]
        if _is_postgresql():
            matched = (
                f"CROSS JOIN LATERAL (SELECT * FROM {CONTACTS} WHERE {CONTACTS}.owner_id = %s "
                f"AND {stored.format(c=CONTACTS)}{_fence()}) AS c"
            )
        else:
            matched = f"JOIN {CONTACTS} AS c ON c.owner_id = %s AND {stored.format(c='c')}"
        selects.append(f"SELECT {columns} FROM {STAGE} {matched} WHERE {rows_of_kind}")
    if not selects:
        return {}
    cursor.execute(" UNION ALL ".join(selects), [owner_id] * len(selects))
    return {row[0]: (row[1], row[2], bool(row[3])) for row in cursor.fetchall()}


def _statements(
    owner_id: int,
    kinds: set[str],
    created_test: str,
    source: str,
    job_id: int | None,
    now: datetime,
) -> list[tuple[str, str, list[Any]]]:
    """(kind of row, SQL, parameters) of the statements that write the staged rows."""
    assignments, changed = set_clause_and_change_test(CONTACTS, "excluded")
    insert_params = [owner_id, source, job_id, now, now, now, now]
    returning = _returning(created_test)
    statements = [
        (
            "slug",
            _insert_select("incoming.slug <> ''")
            + " ON CONFLICT (owner_id, slug) WHERE NOT (slug = '')"
            + f" DO UPDATE SET {assignments} WHERE {changed}{returning}",
            [*insert_params, now, now],
        ),
        (
            "email",
            _insert_select("incoming.slug = '' AND incoming.email <> ''")
            + " ON CONFLICT (owner_id, email) WHERE (slug = '' AND NOT (email = ''))"
            + f" DO UPDATE SET {assignments} WHERE {changed}{returning}",
            [*insert_params, now, now],
        ),
        (
            "target",
            f"UPDATE {CONTACTS} SET {assignments} FROM {STAGE} AS excluded "
            f"WHERE {CONTACTS}.id = excluded.target_id AND {CONTACTS}.owner_id = %s "
            f"AND {changed}{_returning('false')}",
            [now, now, owner_id],
        ),
        (
            "nameless",
            _insert_select(
                "incoming.slug = '' AND incoming.email = '' AND incoming.target_id IS NULL"
            )
            + _returning("true"),
            insert_params,
        ),
    ]
    return [statement for statement in statements if statement[0] in kinds]


def upsert_batch(
    owner_id: int,
    rows: list[ContactRow],
    *,
    source: str,
    now: datetime,
    report: bool,
    job_id: int | None = None,
) -> BatchOutcome:
    """Merge ``rows`` (one per person) into the owner's contacts, in the caller's transaction.

    The contacts it creates remember ``job_id``, the import that added them.
    """
    outcome = BatchOutcome()
    if not rows:
        return outcome
    kinds = _kinds_of(rows)
    with connection.cursor() as cursor:
        _load_stage(cursor, rows)
        with _index_probes(cursor):
            if _drop_unchanged(cursor, owner_id, kinds) == len(rows):
                outcome.unchanged = len(rows)
                return outcome
            before = _stored_before(cursor, owner_id, kinds) if report else {}
        if _is_postgresql():
            created_test = f"({CONTACTS}.xmax = 0)"
        else:
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {CONTACTS}")
            created_test = f"({CONTACTS}.id > {int(cursor.fetchone()[0])})"
        for kind, sql, params in _statements(owner_id, kinds, created_test, source, job_id, now):
            cursor.execute(sql, params)
            returned_rows = cursor.fetchall()
            for returned in returned_rows:
                _count(outcome, returned, before, report)
            if kind == "nameless":
                # Rows without slug or email that were inserted: no key finds them again.
                outcome.nameless_ids = [returned[0] for returned in returned_rows]
    outcome.unchanged = len(rows) - outcome.created - outcome.updated
    return outcome


def _count(
    outcome: BatchOutcome,
    returned: tuple,
    before: dict[int, tuple[str, str, bool]],
    report: bool,
) -> None:
    contact = dict(zip(REPORTED, returned, strict=False))
    is_connection, created = bool(returned[-2]), bool(returned[-1])
    if created:
        outcome.created += 1
        outcome.created_ids.append(contact["id"])
    else:
        outcome.updated += 1
        outcome.updated_ids.append(contact["id"])
    if not report:
        return
    was = before.get(contact["id"])
    if is_connection and (was is None or not was[2]):
        outcome.new_connections.append(_person(contact))
    if was is None:
        return
    for column, old in (("company", was[0]), ("position", was[1])):
        if old and old != contact[column]:
            outcome.changed.append(
                {**_person(contact), "field": column, "old": old, "new": contact[column]}
            )


def _person(contact: dict[str, Any]) -> dict[str, Any]:
    name = contact["display_name"] or " ".join(
        p for p in (contact["first_name"], contact["last_name"]) if p
    )
    return {"id": contact["id"], "name": name, "slug": contact["slug"]}

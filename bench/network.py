"""The benchmark network, generated inside PostgreSQL in one statement per table.

Each owner gets ``followers`` people who follow them and 30,000 connections
(LinkedIn's cap), a third of whom also follow; a few tags from common to rare
and notes on one contact in 200. Two owners of the same size share the
tables, so every figure is measured with owner scoping doing real work.
``INSERT ... SELECT generate_series`` writes a million rows in about a minute
where ORM saves would take an hour.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import connection, transaction

from contacts.bulk import delete_contacts
from contacts.models import Contact, Note, Tag, TaggedContact

CONNECTIONS = 30_000
OWNERS = ("net-alice", "net-bob")

# (tag name, on one contact in every N). "vip" is rare, "newsletter" common.
TAGS = (("newsletter", 3), ("investor", 50), ("speaker", 400), ("vip", 5000))

# Each column as SQL over ``n``, the row number; rows 1..{connections} are connections.
_COLUMNS = {
    "first_name": "(ARRAY['Ada','Grace','Linus','Margaret','Tim','Zoe','Ravi','Mei','Omar','Sofia'])[1 + mod(n, 10)]",
    "last_name": "'Surname' || mod(n, 7919)",
    "display_name": "''",
    "headline": "(ARRAY['CTO','Engineer','Founder','Recruiter','Designer','Investor'])[1 + mod(n, 6)] || ' at Company ' || mod(n, 997)",
    "position": "(ARRAY['CTO','Engineer','Founder','Recruiter','Designer','Investor'])[1 + mod(n, 6)]",
    "company": "'Company ' || mod(n, 997)",
    "location": "'City ' || mod(n, 89) || ', Country'",
    "email": "CASE WHEN n <= {connections} AND mod(n, 3) = 0 THEN 'member' || n || '@example.org' ELSE '' END",
    "phone": "''",
    "website": "''",
    "profile_url": "'https://www.linkedin.com/in/member-' || n || '/'",
    "slug": "'member-' || n",
    "is_connection": "n <= {connections}",
    "connected_on": "CASE WHEN n <= {connections} THEN DATE '2012-01-01' + mod(n * 7919, 4700)::int END",
    "disconnected_on": "NULL",
    "is_follower": "n > {connections} OR mod(n, 3) = 1",
    "followed_me_on": "CASE WHEN n > {connections} OR mod(n, 3) = 1 THEN DATE '2015-01-01' + mod(n * 31, 3900)::int END",
    "is_following": "n <= {connections}",
    "following_since": "NULL",
    "invitation": "CASE WHEN mod(n, 1000) = 7 THEN 'sent' ELSE '' END",
    "invitation_at": "CASE WHEN mod(n, 1000) = 7 THEN now() - mod(n, 300) * interval '1 day' END",
    "last_interaction_at": "CASE WHEN n <= {connections} AND mod(n, 4) = 1 THEN now() - mod(n * 31, 2000) * interval '1 day' END",
    "message_count": "CASE WHEN n <= {connections} AND mod(n, 4) = 1 THEN 1 + mod(n, 40) ELSE 0 END",
    "source": "'linkedin'",
    "first_seen_at": "now()",
    "last_seen_at": "now()",
    "created_at": "now()",
    "updated_at": "now()",
}  # fmt: skip


@dataclass(frozen=True)
class Network:
    owner: AbstractBaseUser
    contacts: int
    tags: dict[str, Tag]


def owner_named(username: str) -> AbstractBaseUser:
    user, _ = get_user_model().objects.get_or_create(username=username)
    return user


def build(username: str, followers: int, connections: int = CONNECTIONS) -> Network:
    """``username``'s network of followers and connections; kept when already that size."""
    owner = owner_named(username)
    size = followers + connections
    tags = {name: Tag.objects.get_or_create(owner=owner, name=name)[0] for name, _ in TAGS}
    if Contact.objects.for_owner(owner).count() != size:
        delete_contacts(Contact.objects.for_owner(owner))
        _insert(owner, size, connections, tags)
    return Network(owner=owner, contacts=size, tags=tags)


def build_all(followers: int) -> list[Network]:
    """Both owners' networks, then fresh statistics and visibility maps for the planner."""
    networks = [build(username, followers) for username in OWNERS]
    analyze(vacuum=True)
    return networks


def analyze(vacuum: bool) -> None:
    """Fresh planner statistics; VACUUM too (not possible inside a transaction) for index-only scans."""
    with connection.cursor() as cursor:
        for model in (Contact, TaggedContact, Note):
            cursor.execute(f"{'VACUUM ' if vacuum else ''}ANALYZE {model._meta.db_table}")


@dataclass(frozen=True)
class InsertCost:
    """The same generated rows into the contact table and into a bare copy of its columns."""

    rows: int
    indexes: int
    contact_table_seconds: float
    bare_table_seconds: float


class _RolledBack(Exception):
    pass


def insert_cost(rows: int) -> InsertCost:
    """Times ``rows`` new contacts written by one INSERT ... SELECT, both ways, rolled back."""
    contacts = Contact._meta.db_table
    columns = {name: sql.replace("{connections}", "0") for name, sql in _COLUMNS.items()}
    select = f"SELECT %s, {', '.join(columns.values())} FROM generate_series(1, %s) AS n"
    seconds: dict[str, float] = {}
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            probe = owner_named("net-probe")
            cursor.execute(
                f"CREATE TEMPORARY TABLE bare_contacts (LIKE {contacts} INCLUDING IDENTITY INCLUDING GENERATED)"
            )
            for table in (contacts, "bare_contacts"):
                started = time.perf_counter()
                cursor.execute(
                    f"INSERT INTO {table} (owner_id, {', '.join(columns)}) {select}",
                    [probe.pk, rows],
                )
                seconds[table] = time.perf_counter() - started
            cursor.execute("SELECT count(*) FROM pg_indexes WHERE tablename = %s", [contacts])
            [indexes] = cursor.fetchone()
            raise _RolledBack
    except _RolledBack:
        pass
    return InsertCost(rows, indexes, seconds[contacts], seconds["bare_contacts"])


def _insert(owner: AbstractBaseUser, size: int, connections: int, tags: dict[str, Tag]) -> None:
    contacts = Contact._meta.db_table
    columns = {
        name: sql.replace("{connections}", str(connections)) for name, sql in _COLUMNS.items()
    }
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {contacts} (owner_id, {', '.join(columns)}) "
            f"SELECT %s, {', '.join(columns.values())} FROM generate_series(1, %s) AS n",
            [owner.pk, size],
        )
        every = [every for _, every in TAGS]
        cursor.execute(
            f"INSERT INTO {TaggedContact._meta.db_table} (tag_id, content_object_id) "
            f"SELECT t.id, c.id FROM {contacts} c "
            "JOIN unnest(%s::bigint[], %s::int[]) AS t(id, every) ON mod(c.id, t.every) = 0 "
            "WHERE c.owner_id = %s",
            [[tags[name].pk for name, _ in TAGS], every, owner.pk],
        )
        cursor.execute(
            f"INSERT INTO {Note._meta.db_table} (contact_id, body, created_at, updated_at) "
            f"SELECT id, 'Met at a conference.', now(), now() FROM {contacts} "
            "WHERE owner_id = %s AND mod(id, 200) = 3",
            [owner.pk],
        )

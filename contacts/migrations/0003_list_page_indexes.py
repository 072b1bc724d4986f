"""On PostgreSQL, the indexes that keep every contact-list page fast at a million rows.

Each one answers a plan ``make bench-list`` showed as slow (EXPLAIN):
- the default order (newest first) walked the primary key and skipped every
  other user's newer rows; (owner, id) starts at the owner's own;
- "newest connection / interaction first" puts missing dates last, an order
  the ascending indexes can only give by sorting all the owner's rows;
- company (case-insensitive equality) and location (substring) had no index
  for their UPPER(...) forms, nor pending invitations and source.
Built CONCURRENTLY, so upgrading a large database does not lock imports out.
SQLite plans these lists well enough at laptop sizes without them.
"""

from django.db import migrations

INDEXES = {
    "contact_owner_recent": "ON contacts_contact (owner_id, id)",
    "contact_connected_on_desc": (
        "ON contacts_contact (owner_id, connected_on DESC NULLS LAST, id DESC)"
    ),
    "contact_last_interaction_desc": (
        "ON contacts_contact (owner_id, last_interaction_at DESC NULLS LAST, id DESC)"
    ),
    "contact_company_upper": "ON contacts_contact (owner_id, upper(company::text))",
    "contact_location_trgm": "ON contacts_contact USING gin (upper(location::text) gin_trgm_ops)",
    "contact_pending_invitation": "ON contacts_contact (owner_id, invitation, id) WHERE invitation <> ''",
    "contact_source": "ON contacts_contact (owner_id, source, id)",
}


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, definition in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {name} {definition}")


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {name}")


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("contacts", "0002_search_trigram_index")]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]

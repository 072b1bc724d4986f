"""On PostgreSQL, a trigram index makes ``Contact.objects.search()`` fast at a million rows.

One GIN index over the generated ``search_text`` column rather than one per
searched column: each trigram index is paid for on every imported row.
SQLite has no trigram index; its LIKE scan is fine at laptop sizes.
"""

from django.db import migrations


def create_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS contact_search_trgm "
        "ON contacts_contact USING gin (search_text gin_trgm_ops)"
    )


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS contact_search_trgm")


class Migration(migrations.Migration):
    dependencies = [("contacts", "0001_initial")]

    operations = [migrations.RunPython(create_trigram_index, drop_trigram_index)]

"""Merges into a contact that was merged away and then restored, undone before the
undo re-linked them (748defe), point at that contact again, so they can be undone."""

from django.db import migrations


def relink(apps, schema_editor) -> None:
    Contact = apps.get_model("contacts", "Contact")
    Merge = apps.get_model("relations", "Merge")
    for merge in Merge.objects.filter(survivor__isnull=True, undone_at__isnull=True).iterator():
        survivor_id = (merge.snapshot or {}).get("survivor", {}).get("id")
        if Contact.objects.filter(pk=survivor_id, owner_id=merge.owner_id).exists():
            Merge.objects.filter(pk=merge.pk).update(survivor_id=survivor_id)


class Migration(migrations.Migration):
    dependencies = [
        ("relations", "0003_timeline_reconnected"),
        ("contacts", "0013_notes_have_a_length_cap"),
    ]

    operations = [migrations.RunPython(relink, migrations.RunPython.noop)]

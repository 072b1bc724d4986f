"""A connection has no pending invitation: imports before this kept an accepted one."""

from django.db import migrations


def clear_accepted_invitations(apps, schema_editor):
    Contact = apps.get_model("contacts", "Contact")
    Contact.objects.filter(is_connection=True).exclude(invitation="").update(invitation="")


class Migration(migrations.Migration):
    dependencies = [("contacts", "0010_bulk_job")]

    operations = [migrations.RunPython(clear_accepted_invitations, migrations.RunPython.noop)]

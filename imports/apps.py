from django.apps import AppConfig
from django.db.models.signals import post_delete


class ImportsConfig(AppConfig):
    name = "imports"
    verbose_name = "Imports"

    def ready(self) -> None:
        from imports.models import ImportSource
        from imports.scheduled import unschedule_deleted_source

        post_delete.connect(unschedule_deleted_source, sender=ImportSource)

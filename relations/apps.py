from django.apps import AppConfig


class RelationsConfig(AppConfig):
    name = "relations"
    verbose_name = "Relationships"

    def ready(self) -> None:
        from relations import signals  # noqa: F401  (connects the receivers)

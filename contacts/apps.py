from django.apps import AppConfig


class ContactsConfig(AppConfig):
    name = "contacts"
    verbose_name = "Network"

    def ready(self) -> None:
        from contacts import signals  # noqa: F401  (connects the receivers)

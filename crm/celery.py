"""The Celery application, wired the way Celery's Django guide shows."""

import os

from celery import Celery
from celery.signals import worker_ready

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crm.settings")

app = Celery("crm")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
app.autodiscover_tasks(["crm"])


@worker_ready.connect
def record_heartbeat_when_ready(**kwargs: object) -> None:
    from crm.health import record_worker_heartbeat

    record_worker_heartbeat()

"""A source's celery beat entry is made from the source: deleted or changed, it comes back."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask

from crm.celery import app as celery_app
from imports.models import ImportSource
from imports.scheduled import schedule_source
from imports.tasks import restore_source_schedules
from tests.factories import make_user


@pytest.fixture
def root_client(db):
    client = Client()
    client.force_login(make_user("root", is_staff=True, is_superuser=True))
    return client


def a_scheduled_source(owner, name="Inbox", **fields):
    fields.setdefault("url", "https://example.org/export.csv")
    source = ImportSource.objects.create(owner=owner, name=name, **fields)
    schedule_source(source)
    return source


def beat_entry_of(source):
    """(enabled, every, unit, task, args) of the source's entry, read back from the database."""
    task = PeriodicTask.objects.filter(import_source=source).select_related("interval").first()
    if task is None or task.interval is None:
        return None
    return (task.enabled, task.interval.every, task.interval.period, task.task, task.args)


def scheduled_as(source, enabled=True, every=60):
    return (enabled, every, IntervalSchedule.MINUTES, "imports.run_source", f"[{source.pk}]")


def test_an_entry_deleted_in_the_admin_is_back_when_the_owner_opens_the_page(
    root_client, alice, alice_client
):
    source = a_scheduled_source(alice)
    root_client.post(
        reverse("admin:django_celery_beat_periodictask_delete", args=[source.periodic_task_id]),
        {"post": "yes"},
    )
    assert not PeriodicTask.objects.filter(name__startswith="import source").exists()

    page = alice_client.get(reverse("imports-sources")).content.decode()
    assert "every 60 min" in page and ">Pause</button>" in page and "Paused" not in page
    assert beat_entry_of(source) == scheduled_as(source)


def test_deleting_an_interval_in_the_admin_reschedules_every_source_on_it(root_client, alice, bob):
    alices = a_scheduled_source(alice)
    bobs = a_scheduled_source(bob, name="Bob's export")
    paused = a_scheduled_source(bob, name="Old export", enabled=False)
    root_client.post(
        reverse("admin:django_celery_beat_intervalschedule_delete",
                args=[alices.periodic_task.interval_id]),
        {"post": "yes"},
    )  # fmt: skip
    assert not PeriodicTask.objects.filter(name__startswith="import source").exists()

    assert restore_source_schedules() == 3
    assert beat_entry_of(alices) == scheduled_as(alices)
    assert beat_entry_of(bobs) == scheduled_as(bobs)
    assert beat_entry_of(paused) == scheduled_as(paused, enabled=False)


def test_an_entry_paused_or_rescheduled_in_the_admin_is_put_back_as_the_source_says(alice):
    every_hour = a_scheduled_source(alice, name="Hourly")
    paused = a_scheduled_source(alice, name="Paused", enabled=False)
    PeriodicTask.objects.filter(import_source=every_hour).update(enabled=False)
    task = paused.periodic_task
    task.enabled, task.interval = True, None
    task.crontab = CrontabSchedule.objects.create(minute="*")
    task.save()

    assert restore_source_schedules() == 2
    assert beat_entry_of(every_hour) == scheduled_as(every_hour)
    assert beat_entry_of(paused) == scheduled_as(paused, enabled=False)
    assert not PeriodicTask.objects.filter(import_source=paused, crontab__isnull=False).exists()


def test_entries_that_match_their_sources_are_left_as_they_are(alice):
    source = a_scheduled_source(alice)
    changed = PeriodicTask.objects.get(import_source=source).date_changed
    assert restore_source_schedules() == 0
    assert PeriodicTask.objects.get(import_source=source).date_changed == changed


def test_beat_restores_the_entries_every_minute():
    [entry] = [
        e for e in settings.CELERY_BEAT_SCHEDULE.values()
        if e["task"] == restore_source_schedules.name
    ]  # fmt: skip
    assert entry["schedule"] == 60.0
    assert restore_source_schedules.name in celery_app.tasks


def test_run_now_checks_a_source_whose_entry_was_deleted(alice, alice_client):
    source = a_scheduled_source(alice)
    PeriodicTask.objects.get(import_source=source).delete()
    response = alice_client.post(reverse("imports-source-run", args=[source.pk]), follow=True)
    assert "Checking Inbox now." in response.content.decode()

"""Sending a task when the broker may be down: the database row stays the truth."""

from __future__ import annotations

import logging

from celery import Task
from kombu.exceptions import OperationalError

log = logging.getLogger(__name__)


def send_task(task: Task, *args: object) -> bool:
    """Send ``task`` now; False (and a warning) when the broker cannot be reached."""
    try:
        task.delay(*args)
    except OperationalError as error:
        log.warning("%s%r not sent: the broker is unreachable (%s)", task.name, args, error)
        return False
    return True

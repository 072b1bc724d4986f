import json
import time

import pytest

from crm.health import HEARTBEAT_KEY, redis_client
from crm.tasks import ping


@pytest.fixture
def fresh_heartbeat_key():
    redis_client().delete(HEARTBEAT_KEY)
    yield
    redis_client().delete(HEARTBEAT_KEY)


def test_health_is_503_while_no_worker_has_been_seen(client, db, fresh_heartbeat_key):
    response = client.get("/healthz")
    assert response.status_code == 503
    report = json.loads(response.content)
    assert report == {**report, "database": "ok", "broker": "ok", "worker": "down"}


def test_the_ping_task_answers_pong_and_makes_health_green(client, db, fresh_heartbeat_key):
    assert ping() == "pong"
    response = client.get("/healthz")
    assert response.status_code == 200
    assert json.loads(response.content)["status"] == "ok"


def test_a_stale_heartbeat_reads_as_no_worker(client, db, fresh_heartbeat_key, settings):
    redis_client().set(HEARTBEAT_KEY, str(time.time() - settings.WORKER_HEARTBEAT_MAX_AGE - 5))
    assert json.loads(client.get("/healthz").content)["worker"] == "down"


def test_health_reports_a_broker_that_is_down(client, db, fresh_heartbeat_key, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content)["broker"] == "down"

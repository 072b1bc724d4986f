import json

import pytest

from crm.tasks import ping


@pytest.mark.worker
def test_a_real_worker_answers_the_ping_task_through_the_broker(worker, client):
    result = ping.delay()
    assert result.get(timeout=60) == "pong"
    assert json.loads(client.get("/healthz").content)["worker"] == "ok"

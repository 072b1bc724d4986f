import pytest
from rest_framework.throttling import SimpleRateThrottle

from contacts.models import Tag


@pytest.fixture
def three_writes_a_minute(monkeypatch: pytest.MonkeyPatch) -> None:
    rates = {**SimpleRateThrottle.THROTTLE_RATES, "writes": "3/minute"}
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", rates)


def test_writes_past_the_limit_get_429_and_store_nothing(three_writes_a_minute, alice_api, alice):
    statuses = [
        alice_api.post("/api/v1/tags/", {"name": f"t{n}"}, format="json").status_code
        for n in range(5)
    ]
    assert statuses == [201, 201, 201, 429, 429]
    assert Tag.objects.for_owner(alice).count() == 3


def test_reads_are_not_limited(three_writes_a_minute, alice_api):
    assert {alice_api.get("/api/v1/tags/").status_code for _ in range(6)} == {200}


def test_each_user_has_their_own_limit(three_writes_a_minute, alice_api, bob_api):
    for n in range(3):
        alice_api.post("/api/v1/tags/", {"name": f"t{n}"}, format="json")
    limited = alice_api.post("/api/v1/tags/", {"name": "one more"}, format="json")
    assert limited.status_code == 429
    assert "Retry-After" in limited
    assert bob_api.post("/api/v1/tags/", {"name": "bob's"}, format="json").status_code == 201

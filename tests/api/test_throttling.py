import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.throttling import SimpleRateThrottle

from contacts.models import Tag
from imports.models import ImportJob
from tests.imports.readers_support import SAMPLES

CONNECTIONS = (
    SAMPLES / "ericcgladstone-maker__org-signal__era2026_Complete_03-09-2026__Connections.csv"
)


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


@pytest.fixture
def cache_unreachable(settings) -> None:
    """The cache, which holds the rate-limit counts, at an address where nothing answers."""
    settings.CACHES = {
        "default": {**settings.CACHES["default"], "LOCATION": "redis://127.0.0.1:9/0"}
    }


def test_while_the_cache_is_down_writes_uploads_and_exports_still_go_through(
    cache_unreachable, alice_api, alice_client, alice
):
    assert alice_api.post("/api/v1/tags/", {"name": "kept"}, format="json").status_code == 201
    assert Tag.objects.for_owner(alice).get().name == "kept"
    sample = (
        SAMPLES / "ericcgladstone-maker__org-signal__era2026_Complete_03-09-2026__Connections.csv"
    )
    connections = SimpleUploadedFile("Connections.csv", sample.read_bytes())
    uploaded = alice_client.post(reverse("imports-upload"), {"file": connections})
    job = ImportJob.objects.get(owner=alice)
    assert uploaded.status_code == 302
    assert uploaded["Location"] == reverse("imports-job-detail", args=[job.pk])
    exported = alice_client.get(reverse("contacts-export"), {"format": "csv", "scope": "all"})
    assert exported.status_code == 200
    assert exported["Content-Type"] == "text/csv; charset=utf-8"

"""Web uploads and exports share the API's per-user limits."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.throttling import SimpleRateThrottle

from imports.models import ImportJob

CSV = b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"


@pytest.fixture
def low_rates(monkeypatch):
    rates = {**SimpleRateThrottle.THROTTLE_RATES, "uploads": "2/hour", "exports": "2/hour"}
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", rates)


def upload(client):
    return client.post(
        reverse("imports-upload"), {"file": SimpleUploadedFile("Connections.csv", CSV)}
    )


def test_uploads_past_the_hourly_limit_are_refused_with_a_page(alice_client, low_rates):
    assert [upload(alice_client).status_code for _ in range(2)] == [302, 302]
    refused = upload(alice_client)
    assert refused.status_code == 429
    assert "Too many in a short time" in refused.content.decode()
    assert ImportJob.objects.count() == 2


def test_the_upload_page_itself_is_not_counted(alice_client, low_rates):
    for _ in range(3):
        assert alice_client.get(reverse("imports-upload")).status_code == 200
    assert upload(alice_client).status_code == 302


def test_exports_past_the_hourly_limit_are_refused(alice_client, low_rates):
    statuses = [
        alice_client.get(reverse("contacts-export"), {"format": "csv"}).status_code
        for _ in range(3)
    ]
    assert 429 not in statuses[:2]
    assert statuses[2] == 429


def test_one_users_limit_does_not_touch_another(alice_client, client, bob, low_rates):
    for _ in range(3):
        upload(alice_client)
    client.force_login(bob)
    assert upload(client).status_code == 302

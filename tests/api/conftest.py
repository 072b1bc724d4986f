"""API clients for alice and bob."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from accounts.models import ApiToken


def token_client(user: object) -> APIClient:
    """A client that signs in the way a script does: with a personal API token."""
    _, plaintext = ApiToken.objects.issue(user, "tests")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {plaintext}")
    return client


@pytest.fixture
def alice_api(alice: object) -> APIClient:
    return token_client(alice)


@pytest.fixture
def bob_api(bob: object) -> APIClient:
    return token_client(bob)

"""Fixtures of the contacts tests: alice as a staff user of the admin."""

import pytest
from django.contrib.auth.models import Permission


@pytest.fixture
def staff_alice(alice):
    """Alice, staff with every permission on contacts (not a superuser)."""
    alice.is_staff = True
    alice.save()
    alice.user_permissions.set(Permission.objects.filter(content_type__app_label="contacts"))
    return alice


@pytest.fixture
def staff_client(client, staff_alice):
    client.force_login(staff_alice)
    return client

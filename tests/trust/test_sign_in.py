from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.test import Client

WRONG = {"username": "alice", "password": "not-her-password"}
RIGHT = {"username": "alice", "password": "alice-password"}


def sign_in(
    client: Client,
    credentials: dict[str, str],
    ip: str = "203.0.113.7",
    path: str = "/accounts/login/",
):
    return client.post(path, credentials, REMOTE_ADDR=ip)


@pytest.fixture
def locked_out(client, alice, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, WRONG)
    return client


def test_the_right_password_signs_in(client, alice):
    response = sign_in(client, RIGHT)
    assert response.status_code == 302
    assert client.get("/").wsgi_request.user == alice


def test_after_too_many_wrong_passwords_even_the_right_one_is_refused(locked_out):
    response = sign_in(locked_out, RIGHT)
    assert response.status_code == 429
    assert "Too many failed sign-ins" in response.content.decode()
    assert not locked_out.get("/").wsgi_request.user.is_authenticated


def test_a_lockout_from_one_address_does_not_lock_the_user_out_everywhere(locked_out):
    assert sign_in(Client(), RIGHT, ip="198.51.100.20").status_code == 302


def test_a_lockout_ends_after_the_cool_off(locked_out, settings):
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.first().attempt_time
        - timedelta(hours=settings.AXES_COOLOFF_TIME, minutes=1)
    )
    assert sign_in(locked_out, RIGHT).status_code == 302


def test_the_admin_sign_in_is_guarded_too(client, alice, settings):
    alice.is_staff = True
    alice.save()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, WRONG, path="/admin/login/")
    assert sign_in(client, RIGHT, path="/admin/login/").status_code == 429


def test_a_post_without_a_csrf_token_is_refused(alice):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", RIGHT)
    assert response.status_code == 403
    assert not client.get("/").wsgi_request.user.is_authenticated

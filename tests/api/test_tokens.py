from datetime import timedelta

from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import TOKENS_PER_USER, ApiToken, hash_token

URL = "/api/v1/tokens/"


def bearer(plaintext: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {plaintext}")
    return client


def test_a_token_signs_a_script_in_as_its_owner(alice, bob):
    _, plaintext = ApiToken.objects.issue(alice, "sync")
    response = bearer(plaintext).get("/api/v1/tokens/")
    assert response.status_code == 200
    assert [row["name"] for row in response.json()["results"]] == ["sync"]


def test_it_stores_only_the_hash_and_records_the_last_use(alice):
    token, plaintext = ApiToken.objects.issue(alice, "sync")
    assert plaintext.startswith("crm_") and len(plaintext) > 40
    assert token.key_hash == hash_token(plaintext)
    assert not ApiToken.objects.filter(key_hash=plaintext).exists()
    assert plaintext.startswith(token.prefix)
    bearer(plaintext).get(URL)
    token.refresh_from_db()
    assert timezone.now() - token.last_used_at < timedelta(seconds=30)


def test_no_token_a_wrong_token_or_a_revoked_one_get_401(alice):
    token, plaintext = ApiToken.objects.issue(alice, "sync")
    assert APIClient().get(URL).status_code == 401
    assert bearer("crm_not-a-real-token").get(URL).status_code == 401
    token.delete()
    response = bearer(plaintext).get(URL)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


def test_a_deactivated_users_token_stops_working(alice):
    _, plaintext = ApiToken.objects.issue(alice, "sync")
    alice.is_active = False
    alice.save()
    assert bearer(plaintext).get(URL).status_code == 401


def test_the_browser_session_works_for_reads_and_needs_csrf_for_writes(alice):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(alice)
    assert client.get("/api/v1/contacts/").status_code == 200
    response = client.post("/api/v1/tags/", {"name": "x"}, format="json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


def test_it_creates_a_token_over_the_api_and_shows_it_once(alice_api, alice):
    created = alice_api.post(URL, {"name": "laptop"}, format="json")
    assert created.status_code == 201
    assert "no-store" in created["Cache-Control"]
    plaintext = created.json()["token"]
    assert bearer(plaintext).get(URL).status_code == 200
    listed = alice_api.get(URL).json()["results"]
    assert all("token" not in row for row in listed)
    assert sorted(row["name"] for row in listed) == ["laptop", "tests"]


def test_it_revokes_a_token_over_the_api(alice_api, alice):
    token, plaintext = ApiToken.objects.issue(alice, "old")
    assert alice_api.delete(f"{URL}{token.pk}/").status_code == 204
    assert bearer(plaintext).get(URL).status_code == 401


def test_bobs_tokens_are_invisible_and_cannot_be_revoked(alice_api, bob):
    token, plaintext = ApiToken.objects.issue(bob, "bob's")
    assert "bob's" not in str(alice_api.get(URL).json())
    assert alice_api.delete(f"{URL}{token.pk}/").status_code == 404
    assert bearer(plaintext).get(URL).status_code == 200


def test_the_api_refuses_a_token_past_the_most_an_account_holds(alice, alice_api):
    for n in range(TOKENS_PER_USER - 1):  # and the token alice_api signs in with
        ApiToken.objects.issue(alice, f"script {n}")
    response = alice_api.post(URL, {"name": "one more"}, format="json")
    assert response.status_code == 400
    assert response.json()["non_field_errors"][0].startswith(f"You have {TOKENS_PER_USER} tokens")
    assert ApiToken.objects.for_owner(alice).count() == TOKENS_PER_USER

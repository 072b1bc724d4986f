from datetime import UTC, datetime
from urllib.parse import unquote

from django.test import Client

from accounts.models import TOKENS_PER_USER, ApiToken, hash_token


def test_it_needs_a_signed_in_user(client):
    response = client.get("/settings/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_new_token_is_shown_once_and_stored_hashed(alice_client, alice):
    response = alice_client.post("/settings/", {"name": " nightly sync "})
    assert response.status_code == 201
    # No cache keeps the page, so the browser's Back button cannot show the secret again.
    assert "no-store" in response["Cache-Control"]
    plaintext = response.context["new_token"]
    assert plaintext in response.content.decode()
    token = ApiToken.objects.for_owner(alice).get()
    assert (token.name, token.key_hash) == ("nightly sync", hash_token(plaintext))
    again = alice_client.get("/settings/").content.decode()
    assert "nightly sync" in again
    assert plaintext not in again


def test_a_token_needs_a_name(alice_client, alice):
    response = alice_client.post("/settings/", {"name": "  "})
    assert response.status_code == 400
    page = response.content.decode()
    assert "This field is required." in page
    # The help and the error are the texts the field's aria-describedby names.
    assert 'aria-describedby="id_name_helptext id_name_error"' in page
    assert 'id="id_name_helptext"' in page and 'id="id_name_error"' in page
    assert not ApiToken.objects.exists()


def test_past_the_most_tokens_an_account_holds_it_asks_to_revoke_one(alice_client, alice, bob):
    for n in range(TOKENS_PER_USER):
        ApiToken.objects.issue(alice, f"script {n}")
    ApiToken.objects.issue(bob, "bob's")
    response = alice_client.post("/settings/", {"name": "one more"})
    assert response.status_code == 400
    assert (
        f"You have {TOKENS_PER_USER} tokens, the most an account can hold: revoke one you "
        "no longer use, then create this one."
    ) in response.content.decode()
    assert ApiToken.objects.for_owner(alice).count() == TOKENS_PER_USER
    ApiToken.objects.for_owner(alice).first().delete()
    assert alice_client.post("/settings/", {"name": "one more"}).status_code == 201


def test_it_revokes_my_token(alice_client, alice):
    token, _ = ApiToken.objects.issue(alice, "old laptop")
    response = alice_client.post(f"/settings/tokens/{token.pk}/revoke/", follow=True)
    assert "Revoked the token “old laptop”" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_bobs_token_cannot_be_revoked_or_seen(alice_client, bob):
    token, _ = ApiToken.objects.issue(bob, "bob's script")
    assert "bob&#x27;s script" not in alice_client.get("/settings/").content.decode()
    assert alice_client.post(f"/settings/tokens/{token.pk}/revoke/").status_code == 404
    assert ApiToken.objects.filter(pk=token.pk).exists()


def test_revoking_needs_a_post_with_csrf(alice, alice_client):
    token, _ = ApiToken.objects.issue(alice, "x")
    assert alice_client.get(f"/settings/tokens/{token.pk}/revoke/").status_code == 405
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(alice)
    assert strict.post(f"/settings/tokens/{token.pk}/revoke/").status_code == 403
    assert ApiToken.objects.filter(pk=token.pk).exists()


def test_it_offers_the_bookmarklet_pointed_at_this_server(alice_client):
    response = alice_client.get("/settings/", HTTP_HOST="localhost")
    href = response.context["bookmarklet"]
    assert href.startswith("javascript:")
    code = unquote(href.removeprefix("javascript:"))
    assert '"http://localhost/capture/"' in code
    assert "linkedin" in code and "window.open" in code
    assert "/*" not in code and "\n" not in code
    assert 'href="javascript:' in response.content.decode()


def test_a_tokens_dates_read_as_every_other_date_of_the_app(alice_client, alice):
    token, _ = ApiToken.objects.issue(alice, "old laptop")
    ApiToken.objects.filter(pk=token.pk).update(created_at=datetime(2026, 3, 9, 14, 5, tzinfo=UTC))
    page = alice_client.get("/settings/").content.decode()
    # It said "2026-03-09 14:05", where the imports and the contact page say "9 Mar 2026, 14:05".
    assert '<td data-label="Created" class="nowrap">9 Mar 2026, 14:05</td>' in page
    assert '<td data-label="Last used" class="nowrap">never</td>' in page

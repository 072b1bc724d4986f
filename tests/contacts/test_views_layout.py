"""The frame every page shares: navigation, titles, sign in and out, password change."""

import re

from django.urls import reverse


def test_it_shows_the_main_navigation_with_the_current_page_marked(alice_client):
    page = alice_client.get(reverse("home")).content.decode()
    assert '<nav class="app-nav" aria-label="Main">' in page
    assert f'<a href="{reverse("home")}" aria-current="page">Dashboard</a>' in page
    assert "<title>Dashboard · Network CRM</title>" in page


def test_it_serves_htmx_from_its_own_static_files(alice_client):
    page = alice_client.get(reverse("home")).content.decode()
    assert "/static/vendor/htmx-2.0.11/htmx.min.js" in page
    script_and_link_urls = re.findall(r'<(?:script[^>]*\ssrc|link[^>]*\shref)="([^"]+)"', page)
    assert script_and_link_urls
    assert all(not url.startswith(("http:", "https:", "//")) for url in script_and_link_urls)


def test_the_sign_in_page_labels_both_fields(client):
    page = client.get(reverse("login")).content.decode()
    assert '<label for="id_username">Username</label>' in page
    assert '<label for="id_password">Password</label>' in page
    assert "<title>Sign in · Network CRM</title>" in page


def test_a_wrong_password_says_so(client, alice):
    response = client.post(reverse("login"), {"username": "alice", "password": "wrong"})
    assert "Your username and password didn't match." in response.content.decode()


def test_signing_out_says_you_are_signed_out(alice_client):
    response = alice_client.post(reverse("logout"), follow=True)
    assert "You are signed out." in response.content.decode()
    assert response.wsgi_request.user.is_anonymous


def test_changing_the_password_confirms_it(alice_client, alice):
    response = alice_client.post(
        reverse("password_change"),
        {
            "old_password": "alice-password",
            "new_password1": "a-much-longer-passphrase-42",
            "new_password2": "a-much-longer-passphrase-42",
        },
        follow=True,
    )
    assert "Your new password is saved." in response.content.decode()
    alice.refresh_from_db()
    assert alice.check_password("a-much-longer-passphrase-42")


def test_pages_need_a_signed_in_user(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))

"""Error pages in the app's own layout, never Django's bare ones (tests run with DEBUG off)."""

from django.test import Client, RequestFactory
from django.views.defaults import server_error

from tests.factories import make_contact


def test_a_missing_page_has_the_apps_layout_and_a_way_back(alice_client):
    response = alice_client.get("/no-such-page/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "<title>Page not found · Network CRM</title>" in page
    assert 'aria-label="Main"' in page  # the navigation bar
    assert 'href="/">Back to the dashboard</a>' in page


def test_another_users_contact_is_the_same_friendly_not_found(alice_client, bob):
    bobs = make_contact(bob, first_name="Bob's", last_name="Secret")
    response = alice_client.get(bobs.get_absolute_url())
    page = response.content.decode()
    assert response.status_code == 404
    assert "Page not found" in page and "Secret" not in page


def test_an_expired_form_says_what_happened_and_what_to_do(alice):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    response = client.post("/tags/", {"name": "investor"})
    page = response.content.decode()
    assert response.status_code == 403
    assert "The form had expired" in page and "Nothing was saved" in page
    assert "CSRF verification failed" not in page


def test_a_server_error_page_renders_without_a_request_context(db):
    response = server_error(RequestFactory().get("/"))
    page = response.content.decode()
    assert response.status_code == 500
    assert "<title>Something went wrong · Network CRM</title>" in page
    assert 'href="/">Back to the dashboard</a>' in page


def test_a_request_django_refuses_to_read_gets_the_apps_bad_request_page(alice_client, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    response = alice_client.post("/contacts/bulk/", {"ids": [str(n) for n in range(20)]})
    page = response.content.decode()
    assert response.status_code == 400
    assert "<title>Bad request · Network CRM</title>" in page and "Nothing was changed" in page

"""Error pages in the app's own layout, never Django's bare ones (tests run with DEBUG off)."""

from django.test import Client, RequestFactory
from django.views.defaults import server_error

from tests.factories import make_contact, make_note


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


def test_a_merge_address_opened_in_the_browser_says_a_button_sends_to_it(alice_client):
    response = alice_client.get("/duplicates/same-email/merge/")
    page = response.content.decode()
    assert (response.status_code, response["Allow"]) == (405, "POST")
    assert "<title>Not a page to open · Network CRM</title>" in page
    assert "This address is where a button sends its form" in page
    assert "Nothing was changed." in page and 'aria-label="Main"' in page
    assert 'href="/duplicates/same-email/">Go to the page it belongs to</a>' in page
    assert 'href="/">Back to the dashboard</a>' in page


def test_a_bulk_action_and_a_note_delete_opened_in_the_browser_lead_to_their_pages(
    alice_client, alice
):
    ada = make_contact(alice, first_name="Ada")
    note = make_note(ada, "Met at the summit.")
    for address, page_above in [
        ("/contacts/bulk/", "/contacts/"),
        (f"/contacts/{ada.pk}/notes/{note.pk}/delete/", f"/contacts/{ada.pk}/notes/{note.pk}/"),
    ]:
        response = alice_client.get(address)
        page = response.content.decode()
        assert (response.status_code, response["Allow"]) == (405, "POST"), address
        assert "This address is where a button sends its form" in page, address
        assert f'href="{page_above}">Go to the page it belongs to</a>' in page, address
    assert ada.notes.get() == note


def test_an_address_with_no_page_above_it_leads_to_the_dashboard(alice_client):
    response = alice_client.get("/merges/1/undo/")
    page = response.content.decode()
    assert response.status_code == 405
    assert "Go to the page it belongs to" not in page
    assert 'href="/">Back to the dashboard</a>' in page

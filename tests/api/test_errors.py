"""The API answers its errors in JSON, as a script reads them, never with a web page."""

import pytest

from contacts.api.views import ContactViewSet
from tests.factories import make_tag


def test_it_answers_an_id_that_is_not_a_number_as_json_like_a_missing_one(alice_api):
    missing = alice_api.get("/api/v1/contacts/999999/")
    not_a_number = alice_api.get("/api/v1/contacts/abc/")
    assert not_a_number.status_code == missing.status_code == 404
    assert not_a_number["Content-Type"] == "application/json"
    assert "Ids are numbers" in not_a_number.json()["detail"]


@pytest.mark.parametrize(
    "path", ["/api/", "/api/v1/people/", "/api/v1/tags/abc/apply/", "/api/v1/contacts/1/notes/"]
)
def test_it_answers_an_address_it_does_not_have_as_json(alice_api, path):
    response = alice_api.get(path)
    assert response.status_code == 404
    assert response.json()["detail"].startswith("Not found: the API has no such address.")


def test_it_answers_a_server_error_as_json(alice_api, monkeypatch):
    def fail(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the database went away")

    monkeypatch.setattr(ContactViewSet, "list", fail)
    alice_api.raise_request_exception = False
    response = alice_api.get("/api/v1/contacts/")
    assert response.status_code == 500
    assert response.json() == {
        "detail": "Server error: the request was not completed, and the error was logged."
    }


def test_the_web_keeps_its_own_not_found_page(alice_client):
    response = alice_client.get("/contacts/abc/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_it_answers_a_request_django_refuses_before_any_view_as_json(alice_api):
    response = alice_api.get("/api/v1/contacts/", HTTP_HOST="not-this-server.example")
    assert response.status_code == 400
    assert response.json() == {"detail": "Bad request: the server could not read it."}


def test_the_api_still_answers_a_method_it_does_not_take_in_json(alice_api, alice):
    tag = make_tag(alice, "investor")
    response = alice_api.get(f"/api/v1/tags/{tag.pk}/apply/")
    assert (response.status_code, response["Allow"]) == (405, "POST, OPTIONS")
    assert response.json() == {"detail": 'Method "GET" not allowed.'}

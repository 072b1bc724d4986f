"""The OpenAPI schema, its docs page, and schemathesis probing every operation in-process."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, given, settings
from rest_framework.throttling import SimpleRateThrottle
from schemathesis.checks import not_a_server_error

from accounts.models import ApiToken
from crm.wsgi import application
from tests.factories import make_contact, make_note, make_saved_filter, make_tag

# Enough to reach every operation with valid and invalid input, within a minute.
EXAMPLES_PER_OPERATION = 20


def test_the_schema_is_openapi_3_and_covers_every_endpoint(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/json")
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    for path in ["contacts/", "tags/{id}/apply/", "notes/", "saved-lists/{id}/contacts/",
                 "imports/", "imports/{id}/errors/", "sources/", "tokens/"]:  # fmt: skip
        assert f"/api/v1/{path}" in schema["paths"]
    assert schema["components"]["securitySchemes"]["apiToken"]["scheme"] == "bearer"


def test_the_upload_documents_its_multipart_fields_and_the_size_refusal(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    upload = schema["paths"]["/api/v1/imports/"]["post"]
    body = upload["requestBody"]["content"]["multipart/form-data"]["schema"]["$ref"]
    fields = schema["components"]["schemas"][body.rsplit("/", 1)[-1]]["properties"]
    assert {"file", "declared_kind", "tags", "snapshot", "mapping"} <= set(fields)
    assert "413" in upload["responses"]


def test_the_docs_load_their_assets_from_this_server_not_a_cdn(client):
    page = client.get("/api/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in page
    for cdn in ["cdn.", "unpkg", "jsdelivr", "cdnjs"]:
        assert cdn not in page
    assert (
        client.get("/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui.css").status_code
        == 200
    )


@pytest.fixture
def open_test_connection(db):
    """Keep the test's transaction open across WSGI calls, as Django's own test client does.

    The WSGI handler closes the database connection when a request ends; in a
    test that would close the transaction holding the test's data.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def alice_world(open_test_connection, alice, bob, monkeypatch) -> str:
    """Alice's and bob's networks, no rate limits, and alice's token for the requests."""
    rates = {scope: "100000/minute" for scope in SimpleRateThrottle.THROTTLE_RATES}
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", rates)
    for owner in (alice, bob):
        contact = make_contact(owner, profile_url=f"linkedin.com/in/{owner.username}-friend")
        contact.tags.add(make_tag(owner, "investor"))
        make_note(contact)
        make_saved_filter(owner, "Connections", "kind=connection")
    return ApiToken.objects.issue(alice, "schemathesis")[1]


def _operations() -> list:
    # The schema the app serves, generated in-process; requests go to the WSGI app directly.
    schema = schemathesis.openapi.from_dict(SchemaGenerator().get_schema(public=True))
    schema.app = application
    return [result.ok() for result in schema.get_all_operations()]


@pytest.mark.parametrize("operation", _operations(), ids=lambda op: op.label)
def test_no_generated_request_makes_a_server_error(operation, alice_world):
    headers = {"Authorization": f"Bearer {alice_world}"}

    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def probe(case) -> None:
        case.call_and_validate(headers=headers, checks=[not_a_server_error])

    probe()

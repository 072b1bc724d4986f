import csv
import io

import pytest
from rest_framework.throttling import SimpleRateThrottle

from tests.factories import make_contact, make_tag

URL = "/api/v1/contacts/export/"

# The export streams from a thread with its own database connection, which
# sees only committed rows: these tests commit theirs.
pytestmark = pytest.mark.usefixtures("transactional_db")


def rows_of(response) -> list[dict[str, str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_it_streams_the_filtered_contacts_as_csv_and_never_bobs(alice_api, alice, bob):
    investor = make_tag(alice, "investor")
    make_contact(alice, first_name="Ada", is_connection=True).tags.add(investor)
    make_contact(alice, first_name="Grace", is_connection=True)
    make_contact(bob, first_name="Bob's friend", is_connection=True)
    response = alice_api.get(URL, {"kind": "connection", "tags": investor.pk, "as": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    assert [row["first_name"] for row in rows_of(response)] == ["Ada"]


def test_it_answers_with_the_file_whatever_the_accept_header(alice_api, alice):
    make_contact(alice, first_name="Ada")
    response = alice_api.get(URL, {"as": "vcard"}, HTTP_ACCEPT="text/vcard")
    assert response.status_code == 200
    assert "FN:Ada" in b"".join(response.streaming_content).decode()


def test_an_unknown_file_type_is_a_clear_400(alice_api):
    response = alice_api.get(URL, {"as": "xlsx"})
    assert response.status_code == 400
    assert "csv, json, vcard" in response.json()["as"][0]


def test_exports_have_their_own_rate_limit(monkeypatch, alice_api):
    rates = {**SimpleRateThrottle.THROTTLE_RATES, "exports": "2/hour"}
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", rates)
    statuses = [alice_api.get(URL, {"as": "json"}).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]

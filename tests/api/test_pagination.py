from datetime import date

from tests.factories import make_contact

URL = "/api/v1/contacts/"


def walk(client, params: dict) -> list[int]:
    """Every id, following `next` from the first page to the last."""
    ids: list[int] = []
    response = client.get(URL, params)
    while True:
        assert response.status_code == 200, response.content
        ids += [row["id"] for row in response.json()["results"]]
        if not response.json()["next"]:
            return ids
        response = client.get(response.json()["next"])


def test_it_pages_newest_first_by_default(alice_api, alice):
    ids = [make_contact(alice).pk for _ in range(7)]
    first = alice_api.get(URL, {"page_size": 3}).json()
    assert [row["id"] for row in first["results"]] == ids[::-1][:3]
    assert "cursor=" in first["next"]
    assert walk(alice_api, {"page_size": 3}) == ids[::-1]


def test_it_pages_through_ties_in_the_sort_field_without_losing_anyone(alice_api, alice):
    contacts = [make_contact(alice, company=["Acme", "Beta"][n % 2]) for n in range(9)]
    expected = [c.pk for c in sorted(contacts, key=lambda c: (c.company, c.pk))]
    assert walk(alice_api, {"ordering": "company", "page_size": 2}) == expected


def test_empty_dates_come_last_in_either_direction(alice_api, alice):
    old = make_contact(alice, connected_on=date(2019, 1, 1))
    new = make_contact(alice, connected_on=date(2024, 1, 1))
    never = [make_contact(alice).pk for _ in range(3)]
    assert walk(alice_api, {"ordering": "connected_on", "page_size": 2}) == [old.pk, new.pk, *never]
    assert walk(alice_api, {"ordering": "-connected_on", "page_size": 2}) == [
        new.pk,
        old.pk,
        *never[::-1],
    ]


def test_a_filtered_list_pages_within_the_filter(alice_api, alice):
    acme = [make_contact(alice, company="Acme").pk for _ in range(5)]
    make_contact(alice, company="Other")
    assert walk(alice_api, {"company": "Acme", "page_size": 2}) == acme[::-1]


def test_a_tampered_cursor_is_a_404_not_a_crash(alice_api, alice):
    make_contact(alice)
    for cursor in ["garbage", "WyJjb25uZWN0ZWRfb24iLCBmYWxzZSwgIm5vdC1hLWRhdGUiLCAxXQ"]:
        response = alice_api.get(URL, {"cursor": cursor, "ordering": "connected_on"})
        assert response.status_code == 404
        assert "Invalid cursor" in response.json()["detail"]

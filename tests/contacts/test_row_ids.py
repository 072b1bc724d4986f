"""Ids from forms and addresses: only ASCII digits within a bigint are ids."""

import pytest

from contacts.row_ids import LARGEST_ID, row_id, row_ids
from tests.factories import make_contact

NOT_IDS = ["", "0", "-3", "²", "٣", "1²", "1.0", " 7", "0x1f", str(LARGEST_ID + 1), "9" * 40]


@pytest.mark.parametrize("value", NOT_IDS)
def test_it_is_not_an_id_unless_ascii_digits_within_a_bigint(value):
    assert row_id(value) is None


def test_it_keeps_the_ids_and_leaves_out_the_rest():
    assert row_ids(["12", "²", str(LARGEST_ID), "x", "7"]) == [12, LARGEST_ID, 7]


def test_a_bulk_action_on_odd_ids_acts_on_the_real_ones(alice_client, alice):
    ada = make_contact(alice, first_name="Ada")
    data = {"action": "mark_follower", "scope": "selected", "ids": [str(ada.pk), *NOT_IDS]}
    assert alice_client.post("/contacts/bulk/", data).status_code == 302
    ada.refresh_from_db()
    assert ada.is_follower


def test_marking_odd_ids_for_pruning_marks_nobody(alice_client, alice):
    ada = make_contact(alice, first_name="Ada")
    response = alice_client.post("/prune/mark/", {"contact": NOT_IDS})
    assert response.status_code == 302
    ada.refresh_from_db()
    assert ada.prune_marked_at is None

"""Two requests naming the same new tag at once (a double click) get the one tag, not an error."""

import threading

import pytest
from django.db import connection, transaction

from contacts.models import Tag
from tests.factories import make_user

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_tag_created_by_another_request_since_the_lookup_is_returned():
    alice = make_user("alice")
    inserted, creating = threading.Event(), threading.Event()

    def first_request() -> None:
        try:
            with transaction.atomic():
                Tag.objects.create(owner=alice, name="Investor")
                inserted.set()
                creating.wait(10)  # the second request has looked and found nothing
                threading.Event().wait(0.3)  # ...and is inside its own insert when this commits
        finally:
            connection.close()

    first = threading.Thread(target=first_request)
    first.start()
    assert inserted.wait(10)
    found_before = Tag.objects.for_owner(alice).named(["investor"]).exists()
    creating.set()
    tag = Tag.objects.get_or_create_named(alice, "investor")
    first.join()

    assert found_before is False
    assert (tag.name, tag.owner_id) == ("Investor", alice.pk)
    assert list(Tag.objects.for_owner(alice).values_list("name", flat=True)) == ["Investor"]

"""The prune queue: ranked by how little a connection is worth, marked, exported, confirmed."""

from datetime import UTC, date, datetime

from contacts import dashboard
from contacts.models import Contact
from imports.pipeline import run_import
from relations import pruning
from tests.factories import make_contact, make_note, make_saved_filter, make_tag
from tests.imports.conftest import connection, connections_file


def ranked(owner) -> list[str]:
    return [contact.first_name for contact in pruning.prune_queue(owner)]


def test_connections_with_nothing_to_keep_them_come_first_with_their_reasons(alice):
    noted = make_contact(alice, first_name="Noted", is_connection=True)
    make_note(noted)
    tagged = make_contact(alice, first_name="Tagged", is_connection=True)
    tagged.tags.add(make_tag(alice, "friend"))
    make_contact(alice, first_name="Listed", is_connection=True, company="Keepers")
    make_saved_filter(alice, "Keepers", "company=Keepers")
    make_contact(alice, first_name="Recent", is_connection=True,
                 last_interaction_at=datetime(2025, 1, 1, tzinfo=UTC))  # fmt: skip
    make_contact(alice, first_name="Stale", is_connection=True,
                 last_interaction_at=datetime(2019, 1, 1, tzinfo=UTC))  # fmt: skip
    make_contact(alice, first_name="Old", is_connection=True, connected_on=date(2012, 1, 1))
    make_contact(alice, first_name="Newer", is_connection=True, connected_on=date(2020, 1, 1))
    make_contact(alice, first_name="Follower", is_follower=True)
    assert ranked(alice) == [
        "Old", "Newer", "Stale", "Recent", "Listed", "Tagged", "Noted",
    ]  # fmt: skip
    old = pruning.prune_queue(alice)[0]
    assert pruning.reasons_to_remove(old) == [
        "never interacted", "no notes", "no tags", "in no saved list", "connected since Jan 2012",
    ]  # fmt: skip


def test_the_dashboard_offers_the_queue_from_ninety_percent_of_the_cap(
    alice, alice_client, monkeypatch
):
    # A cap of 10 stands for 30,000: the same 90% rule without creating 27,000 rows.
    monkeypatch.setattr(dashboard, "LINKEDIN_CONNECTION_CAP", 10)
    Contact.objects.bulk_create(
        Contact(owner=alice, first_name=f"P{n}", is_connection=True) for n in range(8)
    )
    # ?refresh skips the dashboard's two-minute cache of the figures.
    assert "Make room" not in alice_client.get("/?refresh=1").content.decode()
    make_contact(alice, is_connection=True)
    page = alice_client.get("/?refresh=1").content.decode()
    assert "Make room: the prune queue" in page and 'href="/prune/"' in page


def test_the_queue_page_says_how_much_room_is_left_under_the_cap(alice, alice_client):
    make_contact(alice, is_connection=True)
    page = alice_client.get("/prune/").content.decode()
    assert "1 of 30,000 connections (under 1%); room for 29,999 more." in page


def test_marked_people_are_exported_with_profile_links_and_confirmed_gone_by_the_next_import(
    alice, alice_client, make_job
):
    stay = make_contact(alice, first_name="Stay", profile_url="linkedin.com/in/stay",
                        is_connection=True)  # fmt: skip
    gone = make_contact(alice, first_name="Gone", profile_url="linkedin.com/in/gone",
                        is_connection=True)  # fmt: skip
    kept = make_contact(alice, first_name="Kept", profile_url="linkedin.com/in/kept",
                        is_connection=True)  # fmt: skip
    alice_client.post("/prune/mark/", {"contact": [stay.pk, gone.pk]})
    assert ranked(alice) == ["Kept"]
    export = alice_client.get("/prune/export.csv").content.decode()
    assert "https://www.linkedin.com/in/gone/" in export and "Kept" not in export
    rows = [connection(2, "stay"), connection(3, "kept")]
    run_import(make_job(alice).pk, connections_file(rows))
    progress = pruning.progress(alice)
    assert [c.pk for c in progress["gone"]] == [gone.pk]
    assert [c.pk for c in progress["still_there"]] == [stay.pk]
    assert kept.pk not in [c.pk for c in progress["gone"]]
    page = alice_client.get("/prune/").content.decode()
    assert "Marked and gone: 1" in page and "Marked, still connected: 1" in page


def test_another_users_connections_cannot_be_marked(alice_client, bob):
    bobs = make_contact(bob, is_connection=True)
    alice_client.post("/prune/mark/", {"contact": [bobs.pk]})
    bobs.refresh_from_db()
    assert bobs.prune_marked_at is None

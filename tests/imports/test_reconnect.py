"""Taking back what a Connections list imported as complete by mistake ended."""

from datetime import date

from django.urls import reverse

from contacts.models import Contact
from imports.pipeline import run_import
from relations.models import TimelineEvent
from tests.imports.conftest import connection, connections_file

# Bo connected before Ada: a list without him ends him (a list older than him would not).
EVERYONE = [connection(2, "ada", date(2021, 2, 2)), connection(3, "bo", date(2020, 1, 1))]
ONLY_ADA = [connection(2, "ada", date(2021, 2, 2))]


def connected(owner) -> dict[str, bool]:
    return dict(Contact.objects.for_owner(owner).values_list("slug", "is_connection"))


def test_reimporting_the_complete_list_does_not_bring_back_what_a_wrong_one_ended(alice, make_job):
    run_import(make_job(alice).pk, connections_file(EVERYONE))
    run_import(make_job(alice).pk, connections_file(ONLY_ADA))
    run_import(make_job(alice).pk, connections_file(EVERYONE))
    # Bo's connection date is older than the end: the file could be an old export.
    assert connected(alice) == {"ada": True, "bo": False}


def test_the_job_page_takes_back_its_disconnections_once(alice, alice_client, make_job):
    run_import(make_job(alice).pk, connections_file(EVERYONE))
    wrong = make_job(alice)
    run_import(wrong.pk, connections_file(ONLY_ADA))
    page = alice_client.get(reverse("imports-job-detail", args=[wrong.pk])).content.decode()
    assert "Undo: 1 still connected" in page

    response = alice_client.post(reverse("imports-job-reconnect", args=[wrong.pk]), follow=True)

    page = response.content.decode()
    assert "1 contact is a connection again, as before this import." in page
    assert "Undone: 1 of them are connections again." in page and "Undo: " not in page
    assert connected(alice) == {"ada": True, "bo": True}
    bo = Contact.objects.get(owner=alice, slug="bo")
    assert (bo.connected_on, bo.disconnected_on) == (date(2020, 1, 1), None)
    assert TimelineEvent.objects.filter(contact=bo, kind="reconnected", job=wrong).exists()
    alice_client.post(reverse("imports-job-reconnect", args=[wrong.pk]))
    assert TimelineEvent.objects.filter(contact=bo, kind="reconnected").count() == 1


def test_only_the_latest_list_that_ended_someone_can_take_it_back(alice, alice_client, make_job):
    run_import(make_job(alice).pk, connections_file(EVERYONE))
    first = make_job(alice)
    run_import(first.pk, connections_file(ONLY_ADA))
    Contact.objects.filter(owner=alice, slug="bo").update(is_connection=True, disconnected_on=None)
    later = make_job(alice)
    run_import(later.pk, connections_file(ONLY_ADA))
    alice_client.post(reverse("imports-job-reconnect", args=[first.pk]))
    assert connected(alice)["bo"] is False
    alice_client.post(reverse("imports-job-reconnect", args=[later.pk]))
    assert connected(alice)["bo"] is True


def test_another_users_job_cannot_be_undone(alice, bob, alice_client, make_job):
    run_import(make_job(bob).pk, connections_file(EVERYONE))
    wrong = make_job(bob)
    run_import(wrong.pk, connections_file(ONLY_ADA))
    response = alice_client.post(reverse("imports-job-reconnect", args=[wrong.pk]))
    assert response.status_code == 404
    assert connected(bob) == {"ada": True, "bo": False}

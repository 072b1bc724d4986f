"""Saved lists whose filter stops reading: the sidebar, saving one, their tag merged or deleted."""

from django.urls import reverse

from contacts import bulk_jobs
from contacts.models import BulkJob
from tests.factories import make_contact, make_saved_filter, make_tag

LIST = reverse("contacts-list")


def sidebar_of(response) -> dict[str, tuple[int | None, str]]:
    return {row.saved.name: (row.count, row.unreadable) for row in response.context["saved_lists"]}


def test_a_saved_list_whose_tag_was_deleted_is_not_counted_as_everyone(alice_client, alice):
    investor = make_tag(alice, "investor")
    make_contact(alice).tags.add(investor)
    make_contact(alice)
    make_contact(alice)
    make_saved_filter(alice, "Investors", f"tags={investor.pk}")
    assert sidebar_of(alice_client.get(LIST))["Investors"] == (1, "")

    investor.delete()
    response = alice_client.get(LIST)

    count, unreadable = sidebar_of(response)["Investors"]
    assert count is None and unreadable.startswith("tags: Select a valid choice")
    page = response.content.decode()
    assert ">filter broken</span>" in page
    assert "Its filter no longer reads (tags: Select a valid choice" in page


def test_a_list_saved_with_a_value_that_does_not_read_says_so(alice_client, alice):
    make_contact(alice)
    make_saved_filter(alice, "Recent", "connected_after=last-week")
    make_saved_filter(alice, "Everyone", "")
    response = alice_client.get(LIST)
    sidebar = sidebar_of(response)
    assert sidebar["Recent"] == (None, "connected_after: Enter a valid date")
    assert sidebar["Everyone"] == (1, "")
    assert (
        "Its filter no longer reads (connected_after: Enter a valid date). To mend it, "
        "filter the list "
        "and save it as “Recent”."
    ) in response.content.decode()


def test_a_filter_that_does_not_read_is_not_saved_as_a_list(alice_client, alice):
    response = alice_client.post(
        reverse("saved-lists-create"),
        {"name": "Maybe", "query": "has_email=maybe&company=Acme"},
        follow=True,
    )
    assert not alice.saved_filters.exists()
    assert response.redirect_chain[-1][0] == f"{LIST}?has_email=maybe&company=Acme"
    assert (
        "Fix the filter before saving it as a list: has_email: Choose yes (true) or no (false), "
        "or leave it empty." in response.content.decode()
    )


def test_a_filter_naming_another_users_tag_is_not_saved_as_a_list(alice_client, alice, bob):
    bobs = make_tag(bob, "bob's")
    alice_client.post(reverse("saved-lists-create"), {"name": "Spy", "query": f"tags={bobs.pk}"})
    assert not alice.saved_filters.exists()


def test_a_saved_list_follows_its_tag_merged_into_another(alice_client, alice, bob):
    angels, investors, mentor = (
        make_tag(alice, name) for name in ("angels", "investors", "mentor")
    )
    make_contact(alice).tags.add(angels)
    make_contact(alice).tags.add(investors)
    make_contact(alice)
    both = make_saved_filter(alice, "Money", f"tags={angels.pk}&tags={investors.pk}&tag_mode=any")
    only = make_saved_filter(alice, "Angels", f"tags={angels.pk}&tags={mentor.pk}")
    other = make_saved_filter(alice, "Mentors", f"tags={mentor.pk}")
    bobs = make_saved_filter(bob, "Bob's", f"tags={angels.pk}")

    response = alice_client.post(
        reverse("tags-merge"), {"source": angels.pk, "target": investors.pk}, follow=True
    )

    assert "Merged “angels” into “investors”. 2 saved lists now filter by “investors”." in (
        response.content.decode()
    )
    for saved in (both, only, other, bobs):
        saved.refresh_from_db()
    assert both.query == f"tags={investors.pk}&tag_mode=any"
    assert only.query == f"tags={investors.pk}&tags={mentor.pk}"
    assert other.query == f"tags={mentor.pk}" and bobs.query == f"tags={angels.pk}"
    assert sidebar_of(alice_client.get(LIST))["Money"] == (2, "")


def test_a_saved_list_follows_a_merge_run_in_the_background(alice_client, alice, monkeypatch):
    monkeypatch.setattr(bulk_jobs, "IN_REQUEST_LIMIT", 1)
    angels, investors = make_tag(alice, "angels"), make_tag(alice, "investors")
    for _ in range(3):
        make_contact(alice).tags.add(angels)
    saved = make_saved_filter(alice, "Angels", f"tags={angels.pk}")
    alice_client.post(reverse("tags-merge"), {"source": angels.pk, "target": investors.pk})
    job = BulkJob.objects.get(owner=alice, action=BulkJob.Action.MERGE_TAG)
    saved.refresh_from_db()
    assert saved.query == f"tags={angels.pk}"  # until the job ends, the tag is there

    bulk_jobs.run_bulk_job(job.pk)

    saved.refresh_from_db()
    assert saved.query == f"tags={investors.pk}"
    assert sidebar_of(alice_client.get(LIST))["Angels"] == (3, "")


def test_deleting_a_tag_names_the_saved_lists_that_filter_by_it(alice_client, alice, bob):
    angels, mentor = make_tag(alice, "angels"), make_tag(alice, "mentor")
    make_saved_filter(alice, "Angels", f"tags={angels.pk}&tags={mentor.pk}")
    make_saved_filter(alice, "Mentors", f"tags={mentor.pk}")
    make_saved_filter(bob, "Bob's", f"tags={angels.pk}")
    page = alice_client.get(reverse("tags-delete", args=[angels.pk])).content.decode()
    assert "Saved lists that filter by this tag: “Angels”. Once the tag is deleted" in page
    assert "Mentors" not in page and "Bob" not in page
    page = alice_client.get(reverse("tags-delete", args=[mentor.pk])).content.decode()
    assert "filter by this tag: “Angels”, “Mentors”." in page

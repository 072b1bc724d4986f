"""Saved lists whose filter no longer reads: the sidebar and saving a list."""

from django.urls import reverse

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
    assert "A filter of this list no longer reads (tags: Select a valid choice" in page


def test_a_list_saved_with_a_value_that_does_not_read_says_so(alice_client, alice):
    make_contact(alice)
    make_saved_filter(alice, "Recent", "connected_after=last-week")
    make_saved_filter(alice, "Everyone", "")
    sidebar = sidebar_of(alice_client.get(LIST))
    assert sidebar["Recent"] == (None, "connected_after: Enter a valid date")
    assert sidebar["Everyone"] == (1, "")


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

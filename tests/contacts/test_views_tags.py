"""The tags page: counts, create, rename and colour, merge, delete."""

from django.urls import reverse

from contacts.models import Tag
from tests.factories import make_contact, make_tag

TAGS = reverse("tags-list")


def test_it_lists_the_users_tags_with_their_counts(alice_client, alice, bob):
    investor = make_tag(alice, "investor")
    for _ in range(3):
        make_contact(alice).tags.add(investor)
    make_tag(bob, "bobs-secret")
    page = alice_client.get(TAGS).content.decode()
    assert "investor" in page and "bobs-secret" not in page
    assert '>3<span class="visually-hidden"> contacts tagged investor' in page


def test_a_tag_is_created_and_a_duplicate_refused(alice_client, alice):
    response = alice_client.post(
        TAGS, {"new-name": "  Investor ", "new-colour": "#0A66C2"}, follow=True
    )
    assert "Created the tag “Investor”." in response.content.decode()
    assert Tag.objects.get(owner=alice).colour == "#0a66c2"
    response = alice_client.post(TAGS, {"new-name": "investor", "new-colour": "#000000"})
    assert "You already have a tag called “Investor”.<" in response.content.decode()
    assert Tag.objects.filter(owner=alice).count() == 1


def test_renaming_a_tag_to_another_tags_name_points_to_the_merge(alice_client, alice):
    make_tag(alice, "Investor")
    vc = make_tag(alice, "vc")
    response = alice_client.post(
        reverse("tags-edit", args=[vc.pk]), {"name": "INVESTOR", "colour": "#067647"}
    )
    assert (
        "You already have a tag called “Investor”; to join the two, merge this one into it."
        in response.content.decode()
    )
    vc.refresh_from_db()
    assert vc.name == "vc"


def test_a_tag_is_renamed_and_recoloured(alice_client, alice):
    tag = make_tag(alice, "invstor")
    response = alice_client.post(
        reverse("tags-edit", args=[tag.pk]), {"name": "investor", "colour": "#067647"}, follow=True
    )
    assert "Saved the tag “investor”." in response.content.decode()
    tag.refresh_from_db()
    assert (tag.name, tag.colour) == ("investor", "#067647")


def test_a_colour_that_is_not_hex_is_refused(alice_client, alice):
    tag = make_tag(alice, "x")
    response = alice_client.post(
        reverse("tags-edit", args=[tag.pk]), {"name": "x", "colour": "red;}"}
    )
    assert "Choose a colour" in response.content.decode()


def test_merging_moves_every_contact_and_removes_the_first_tag(alice_client, alice):
    vc, investor = make_tag(alice, "vc"), make_tag(alice, "investor")
    both, only_vc = make_contact(alice), make_contact(alice)
    both.tags.add(vc, investor)
    only_vc.tags.add(vc)
    response = alice_client.post(
        reverse("tags-merge"), {"source": vc.pk, "target": investor.pk}, follow=True
    )
    assert "Merged “vc” into “investor”." in response.content.decode()
    assert not Tag.objects.filter(pk=vc.pk).exists()
    assert set(investor.tagged_contacts.values_list("content_object", flat=True)) == {
        both.pk,
        only_vc.pk,
    }


def test_merging_into_another_users_tag_is_refused(alice_client, alice, bob):
    mine, bobs = make_tag(alice, "mine"), make_tag(bob, "bobs")
    make_contact(alice).tags.add(mine)
    response = alice_client.post(
        reverse("tags-merge"), {"source": mine.pk, "target": bobs.pk}, follow=True
    )
    assert "Select a valid choice" in response.content.decode()
    assert Tag.objects.filter(pk=mine.pk).exists() and not bobs.tagged_contacts.exists()


def test_deleting_a_tag_asks_with_the_count_and_keeps_the_contacts(alice_client, alice):
    tag = make_tag(alice, "old")
    make_contact(alice).tags.add(tag)
    assert (
        "1 contact loses this tag"
        in alice_client.get(reverse("tags-delete", args=[tag.pk])).content.decode()
    )
    response = alice_client.post(reverse("tags-delete", args=[tag.pk]), follow=True)
    assert "Deleted the tag “old”." in response.content.decode()
    assert not Tag.objects.exists() and alice.contacts.count() == 1


def test_another_users_tag_is_not_found(alice_client, bob):
    tag = make_tag(bob, "secret")
    assert alice_client.get(reverse("tags-edit", args=[tag.pk])).status_code == 404
    assert alice_client.post(reverse("tags-delete", args=[tag.pk])).status_code == 404
    assert Tag.objects.filter(pk=tag.pk).exists()


def test_the_merge_form_asks_to_choose_each_tag_in_words(alice_client, alice):
    make_tag(alice, "investor")
    make_tag(alice, "angel")
    page = alice_client.get(TAGS).content.decode()
    assert page.count('<option value="" selected>Choose a tag…</option>') == 2
    assert "---------" not in page

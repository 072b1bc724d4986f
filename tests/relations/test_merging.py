"""Merging two contacts keeps the union of both, and undoing it restores them exactly."""

import importlib
from datetime import UTC, date, datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from contacts.models import Contact, Note, TaggedContact
from imports.models import ImportJob
from imports.pipeline import run_import
from imports.records import SectionKind
from relations import snapshots
from relations.merging import MergeError, merge_contacts, undo_merge
from relations.models import ContactAlias, DuplicateCandidate, DuplicateScan, Merge
from relations.timeline import contact_timeline
from tests.factories import make_contact, make_note, make_tag
from tests.imports.conftest import connection, connections_file, person, sections_of


@pytest.fixture
def pair(alice):
    imported = make_contact(
        alice, first_name="Ada", last_name="Lovelace", profile_url="linkedin.com/in/ada",
        company="Analytical", is_connection=True, connected_on=date(2021, 5, 1),
        is_following=True, following_since=date(2022, 1, 1), message_count=3,
        last_interaction_at=datetime(2023, 1, 2, 3, 4, 5, 678901, tzinfo=UTC),
    )  # fmt: skip
    captured = make_contact(
        alice, first_name="Ada", last_name="King", email="ada@example.org", phone="+44 1",
        is_follower=True, followed_me_on=date(2019, 3, 3), is_connection=True,
        connected_on=date(2018, 7, 7), message_count=2,
    )  # fmt: skip
    investor, mentor = make_tag(alice, "investor"), make_tag(alice, "mentor")
    imported.tags.add(investor)
    captured.tags.add(investor, mentor)
    make_note(captured, "Met at the Royal Society.")
    return imported, captured


def state_of(*contact_ids):
    """Everything a merge touches, as stored: contacts, tag rows and notes."""
    return {
        "contacts": snapshots.rows_of(Contact.objects.filter(pk__in=contact_ids)),
        "tagged": snapshots.rows_of(
            TaggedContact.objects.filter(content_object_id__in=contact_ids)
        ),
        "notes": snapshots.rows_of(Note.objects.filter(contact_id__in=contact_ids)),
    }


def test_a_merge_keeps_the_union_of_facts_with_their_earliest_dates(pair):
    imported, captured = pair
    merge_contacts(imported, captured)
    merged = Contact.objects.get(pk=imported.pk)
    assert not Contact.objects.filter(pk=captured.pk).exists()
    assert (merged.is_connection, merged.connected_on) == (True, date(2018, 7, 7))
    assert (merged.is_follower, merged.followed_me_on) == (True, date(2019, 3, 3))
    assert (merged.is_following, merged.following_since) == (True, date(2022, 1, 1))
    assert merged.message_count == 5
    assert {tag.name for tag in merged.tags.all()} == {"investor", "mentor"}
    assert [note.body for note in merged.notes.all()] == ["Met at the Royal Society."]


def test_a_merge_takes_the_chosen_values_and_fills_empty_ones_from_the_other(pair):
    imported, captured = pair
    merge_contacts(imported, captured, {"last_name": "other"})
    merged = Contact.objects.get(pk=imported.pk)
    assert merged.last_name == "King"
    assert merged.company == "Analytical"
    assert (merged.email, merged.phone) == ("ada@example.org", "+44 1")
    assert merged.slug == "ada"


def test_undo_restores_both_contacts_their_tags_and_notes_exactly(pair):
    imported, captured = pair
    before = state_of(imported.pk, captured.pk)
    merge = merge_contacts(imported, captured, {"last_name": "other"})
    restored = undo_merge(merge)
    assert restored.pk == captured.pk
    assert state_of(imported.pk, captured.pk) == before
    assert Merge.objects.get(pk=merge.pk).undone_at is not None
    assert not ContactAlias.objects.exists()


def test_a_merge_cannot_be_undone_twice(pair):
    merge = merge_contacts(*pair)
    undo_merge(merge)
    with pytest.raises(MergeError, match="already undone"):
        undo_merge(Merge.objects.get(pk=merge.pk))


def test_contacts_of_two_users_cannot_be_merged(alice, bob):
    with pytest.raises(MergeError):
        merge_contacts(make_contact(alice), make_contact(bob))


def test_a_merge_that_would_give_a_third_contacts_email_to_a_profileless_contact_says_so(
    alice_client, alice
):
    with_profile = make_contact(alice, profile_url="linkedin.com/in/ada", email="ada@example.org")
    without = make_contact(alice, email="ada@home.example")
    third = make_contact(alice, email="ada@example.org")  # no profile: it holds the email
    page = alice_client.post(
        f"/merge/{with_profile.pk}/{without.pk}/",
        {"profile_url": "other", "email": "survivor"},
        follow=True,
    ).content.decode()
    assert "Another of your contacts has ada@example.org and no LinkedIn profile" in page
    assert set(Contact.objects.for_owner(alice).values_list("pk", flat=True)) == {
        with_profile.pk, without.pk, third.pk,
    }  # fmt: skip
    assert Contact.objects.get(pk=with_profile.pk).slug == "ada"
    assert not Merge.objects.exists()


def test_an_import_of_the_merged_away_slug_updates_the_surviving_contact(alice, make_job):
    kept = make_contact(alice, first_name="Ada", profile_url="linkedin.com/in/ada-lovelace")
    gone = make_contact(alice, first_name="Ada", profile_url="linkedin.com/in/ada-old")
    merge_contacts(kept, gone)
    rows = [connection(2, "ada-old", date(2017, 1, 1), company="Analytical Engines")]
    run_import(make_job(alice, snapshot=False).pk, connections_file(rows, snapshot=False))
    assert Contact.objects.for_owner(alice).count() == 1
    survivor = Contact.objects.get(pk=kept.pk)
    assert (survivor.slug, survivor.company) == ("ada-lovelace", "Analytical Engines")
    assert survivor.connected_on == date(2017, 1, 1)


def test_an_import_of_the_merged_away_email_updates_the_survivor_and_keeps_its_email(
    alice, make_job
):
    kept = make_contact(alice, first_name="Ada", email="ada@work.example")
    gone = make_contact(alice, first_name="Ada", email="ada@home.example")
    merge_contacts(kept, gone)
    rows = [person(2, email="ada@home.example", phone="+44 2")]
    run_import(make_job(alice).pk, sections_of((SectionKind.CONTACTS, rows)))
    assert Contact.objects.for_owner(alice).count() == 1
    survivor = Contact.objects.get(pk=kept.pk)
    assert (survivor.email, survivor.phone) == ("ada@work.example", "+44 2")


def test_the_merge_page_merges_with_the_chosen_fields_and_undo_brings_it_back(alice_client, pair):
    imported, captured = pair
    page = alice_client.get(f"/merge/{imported.pk}/{captured.pk}/").content.decode()
    assert "Lovelace" in page and "King" in page
    alice_client.post(f"/merge/{imported.pk}/{captured.pk}/", {"last_name": "other"})
    assert Contact.objects.get(pk=imported.pk).last_name == "King"
    contact_page = alice_client.get(f"/contacts/{imported.pk}/").content.decode()
    assert "Undo that merge" in contact_page and "Merged" in contact_page
    merge = Merge.objects.get()
    alice_client.post(f"/merges/{merge.pk}/undo/")
    assert Contact.objects.get(pk=captured.pk).last_name == "King"
    assert Contact.objects.get(pk=imported.pk).last_name == "Lovelace"


def test_another_users_contacts_cannot_be_opened_or_merged_and_read_as_not_there(
    alice_client, alice, bob
):
    one, other = make_contact(bob, first_name="Bobs"), make_contact(bob, first_name="Bobs")
    mine = make_contact(alice)
    for url in (f"/merge/{one.pk}/{other.pk}/", f"/merge/{mine.pk}/{other.pk}/"):
        for send in (alice_client.get, alice_client.post):
            page = send(url, follow=True).content.decode()
            assert "One of these two contacts is no longer there" in page
            assert "Bobs" not in page
    assert Contact.objects.for_owner(bob).count() == 2
    assert not Merge.objects.exists()


def test_a_second_click_on_merge_opens_the_merged_contact(alice_client, pair):
    imported, captured = pair
    alice_client.post(f"/merge/{imported.pk}/{captured.pk}/")
    again = alice_client.post(f"/merge/{imported.pk}/{captured.pk}/", follow=True)
    assert again.redirect_chain[-1][0] == f"/contacts/{imported.pk}/"
    assert "“Ada King” is merged into “Ada Lovelace”." in again.content.decode()
    assert Merge.objects.count() == 1


def test_a_pair_merged_or_deleted_since_the_list_was_shown_says_so(alice_client, pair, alice):
    imported, captured = pair
    third = make_contact(alice, first_name="Ada", last_name="Lovelace")
    merge_contacts(imported, captured)
    Contact.objects.filter(pk=third.pk).delete()
    for url in (
        f"/merge/{imported.pk}/{third.pk}/",
        f"/duplicates/{captured.pk}/{imported.pk}/not-duplicate/",
    ):
        response = alice_client.post(url, follow=True)
        assert response.redirect_chain[-1][0] == reverse("relations-duplicates")
        assert "One of these two contacts is no longer there" in response.content.decode()


def test_undoing_a_merge_lists_its_pair_again_unless_a_scan_ran_since(pair, alice, alice_client):
    imported, captured = pair
    scan = DuplicateScan.objects.create(owner=alice, status=DuplicateScan.Status.SUCCEEDED)
    DuplicateCandidate.objects.create(
        owner=alice, scan=scan, first=imported, second=captured, reasons=["same name"]
    )
    undo_merge(merge_contacts(imported, captured))
    assert list(DuplicateCandidate.objects.values_list("first_id", "second_id")) == [
        (imported.pk, captured.pk)
    ]
    page = alice_client.get(reverse("relations-duplicates")).content.decode()
    assert "Possible duplicates: <strong>1</strong>" in page

    merge = merge_contacts(imported, captured)
    DuplicateScan.objects.create(owner=alice, status=DuplicateScan.Status.SUCCEEDED)
    undo_merge(merge)
    assert not DuplicateCandidate.objects.exists()


def test_a_merge_keeps_the_date_each_tag_was_first_given(pair):
    imported, captured = pair
    investor, mentor = (link.tag for link in TaggedContact.objects.filter(content_object=captured))
    TaggedContact.objects.filter(content_object=captured, tag=investor).update(
        tagged_at=datetime(2019, 1, 1, tzinfo=UTC)
    )
    TaggedContact.objects.filter(content_object=captured, tag=mentor).update(
        tagged_at=datetime(2020, 2, 2, tzinfo=UTC)
    )
    merge_contacts(imported, captured)
    dates = dict(
        TaggedContact.objects.filter(content_object=imported).values_list("tag__name", "tagged_at")
    )
    assert dates == {
        "investor": datetime(2019, 1, 1, tzinfo=UTC),
        "mentor": datetime(2020, 2, 2, tzinfo=UTC),
    }


def test_an_earlier_merge_into_a_contact_waits_for_the_later_one_to_be_undone(alice_client, alice):
    kept = make_contact(alice, first_name="Ada", profile_url="linkedin.com/in/ada")
    first = make_contact(alice, first_name="Ada", email="ada@example.org")
    second = make_contact(alice, first_name="Ada", last_name="King", phone="+44 1")
    before = state_of(kept.pk, first.pk, second.pk)
    earlier = merge_contacts(kept, first)
    merge_contacts(Contact.objects.get(pk=kept.pk), second)
    page = alice_client.post(f"/merges/{earlier.pk}/undo/", follow=True).content.decode()
    assert "“Ada King” was merged into “Ada Example” after this: undo that merge first." in page
    assert Contact.objects.get(pk=kept.pk).email == "ada@example.org"
    assert not Contact.objects.filter(pk=first.pk).exists()

    for merge in Merge.objects.order_by("-pk"):
        undo_merge(merge)
    assert state_of(kept.pk, first.pk, second.pk) == before


def test_a_merge_into_a_contact_merged_away_since_is_undone_once_that_merge_is(alice_client, alice):
    kept = make_contact(alice, first_name="Ada", profile_url="linkedin.com/in/ada")
    gone = make_contact(alice, first_name="Ada", email="ada@example.org")
    elsewhere = make_contact(alice, first_name="Augusta", profile_url="linkedin.com/in/augusta")
    into_kept = merge_contacts(kept, gone)
    into_elsewhere = merge_contacts(elsewhere, Contact.objects.get(pk=kept.pk))
    page = alice_client.post(f"/merges/{into_kept.pk}/undo/", follow=True).content.decode()
    assert "“Ada Example” has since been merged into “Augusta Example”: undo that merge" in page

    alice_client.post(f"/merges/{into_elsewhere.pk}/undo/")
    contact_page = alice_client.get(f"/contacts/{kept.pk}/").content.decode()
    assert "was merged into this contact" in contact_page
    alice_client.post(f"/merges/{into_kept.pk}/undo/")
    assert Contact.objects.get(pk=gone.pk).email == "ada@example.org"
    assert Contact.objects.get(pk=kept.pk).email == ""


def test_a_second_click_on_undo_says_it_was_undone(pair):
    merge = merge_contacts(*pair)
    read_by_the_second_click = Merge.objects.get(pk=merge.pk)
    undo_merge(Merge.objects.get(pk=merge.pk))
    with pytest.raises(MergeError, match="already undone"):
        undo_merge(read_by_the_second_click)
    assert Contact.objects.filter(pk__in=[c.pk for c in pair]).count() == 2


def test_a_merge_keeps_when_and_by_which_import_each_contact_was_added(alice, make_job):
    first_job, later_job = make_job(alice), make_job(alice)
    ImportJob.objects.filter(pk=first_job.pk).update(original_name="Connections.csv")
    ImportJob.objects.filter(pk=later_job.pk).update(original_name="followers.json")
    kept = make_contact(alice, first_name="Ada", profile_url="linkedin.com/in/ada")
    older = make_contact(alice, first_name="Ada", last_name="King", email="ada@example.org")
    Contact.objects.filter(pk=kept.pk).update(
        created_at=datetime(2024, 6, 1, tzinfo=UTC), added_by_import=later_job
    )
    Contact.objects.filter(pk=older.pk).update(
        created_at=datetime(2020, 1, 1, tzinfo=UTC), added_by_import=first_job
    )

    def added_entries():
        timeline = contact_timeline(Contact.objects.get(pk=kept.pk))
        return {(entry.at, entry.summary) for entry in timeline if entry.kind == "import_created"}

    before = added_entries()
    merge = merge_contacts(Contact.objects.get(pk=kept.pk), Contact.objects.get(pk=older.pk))
    assert added_entries() == {
        (datetime(2020, 1, 1, tzinfo=UTC), "Added by the import of Connections.csv."),
        (
            datetime(2024, 6, 1, tzinfo=UTC),
            "“Ada Example” was added by the import of followers.json.",
        ),
    }
    undo_merge(merge)
    assert (
        added_entries()
        == before
        == {(datetime(2024, 6, 1, tzinfo=UTC), "Added by the import of followers.json.")}
    )


def test_the_migration_relinks_merges_whose_survivor_was_restored_before_undo_relinked_them(
    alice, bob
):
    from django.apps import apps

    relink = importlib.import_module(
        "relations.migrations.0004_relink_merges_into_restored_contacts"
    ).relink
    restored = make_contact(alice, first_name="Ada")
    bobs = make_contact(bob, first_name="Bo")

    def merge_into(owner, survivor_id: int, **fields) -> Merge:
        return Merge.objects.create(
            owner=owner, survivor=None, survivor_name="Ada", merged_name="Ada K",
            merged_contact_id=survivor_id + 1000, snapshot={"survivor": {"id": survivor_id}},
            **fields,
        )  # fmt: skip

    lost = merge_into(alice, restored.pk)
    undone = merge_into(alice, restored.pk, undone_at=timezone.now())
    not_alices = merge_into(alice, bobs.pk)
    gone = merge_into(alice, restored.pk + bobs.pk + 1)

    relink(apps, None)

    assert Merge.objects.get(pk=lost.pk).survivor_id == restored.pk
    for merge in (undone, not_alices, gone):
        assert Merge.objects.get(pk=merge.pk).survivor_id is None

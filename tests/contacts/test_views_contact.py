"""The contact page: facts with dates, safe links, tags in place, notes, edit, create, delete."""

from datetime import UTC, date, datetime
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse

from contacts.models import SOURCE_LABELS, Contact
from imports.records import SectionKind
from tests.factories import make_contact, make_note, make_tag


def page_of(client, contact) -> str:
    return client.get(contact.get_absolute_url()).content.decode()


def test_it_shows_every_fact_with_its_date(alice_client, alice):
    contact = make_contact(
        alice, is_connection=True, connected_on=date(2019, 3, 4), is_follower=True,
        followed_me_on=date(2020, 1, 2), is_following=True, following_since=date(2021, 5, 6),
        invitation="sent", invitation_at=datetime(2024, 7, 8, tzinfo=UTC), message_count=12,
        last_interaction_at=datetime(2025, 2, 3, tzinfo=UTC),
    )  # fmt: skip
    page = page_of(alice_client, contact)
    for text in ("Connected on <time", "4 March 2019", "since <time", "2 January 2020",
                 "6 May 2021", "Sent by me", "8 July 2024", ">12<", "3 Feb 2025",
                 "You sent an invitation to connect"):  # fmt: skip
        assert text in page, text


def test_a_disconnection_is_shown_with_both_dates(alice_client, alice):
    contact = make_contact(alice, connected_on=date(2018, 1, 1), disconnected_on=date(2023, 1, 1))
    page = page_of(alice_client, contact)
    assert "Disconnected on" in page and "1 January 2023" in page and "No longer connected" in page


def test_the_linkedin_link_is_built_from_the_slug_over_https(alice_client, alice):
    contact = make_contact(alice, profile_url="http://de.linkedin.com/in/Zo%C3%AB-Brandt?trk=x")
    assert 'href="https://www.linkedin.com/in/zo%C3%AB-brandt/"' in page_of(alice_client, contact)


def test_only_http_addresses_are_ever_links(alice_client, alice):
    contact = make_contact(alice, profile_url="javascript:alert(1)", website="javascript:alert(2)")
    page = page_of(alice_client, contact)
    assert 'href="javascript' not in page
    assert "LinkedIn profile" not in page


def test_another_users_contact_is_not_found_on_every_page(alice_client, bob):
    bobs = make_contact(bob)
    note = make_note(bobs)
    tag = make_tag(bob, "secret")
    pages = [
        ("contacts-detail", [bobs.pk]),
        ("contacts-edit", [bobs.pk]),
        ("contacts-delete", [bobs.pk]),
        ("contacts-note-edit", [bobs.pk, note.pk]),
    ]
    for name, args in pages:
        assert alice_client.get(reverse(name, args=args)).status_code == 404, name
    actions = [
        ("contacts-note-add", [bobs.pk]),
        ("contacts-note-delete", [bobs.pk, note.pk]),
        ("contacts-tag-add", [bobs.pk]),
        ("contacts-tag-remove", [bobs.pk, tag.pk]),
        ("contacts-delete", [bobs.pk]),
    ]
    for name, args in actions:
        assert (
            alice_client.post(reverse(name, args=args), {"body": "x", "tag": "x"}).status_code
            == 404
        )
    assert Contact.objects.filter(pk=bobs.pk).exists() and bobs.notes.count() == 1


def test_tags_are_added_and_removed_in_place(alice_client, alice):
    contact = make_contact(alice)
    response = alice_client.post(
        reverse("contacts-tag-add", args=[contact.pk]), {"tag": "Investor"}, HTTP_HX_REQUEST="true"
    )
    fragment = response.content.decode()
    assert fragment.lstrip().startswith('<section class="card" id="contact-tags"')
    assert "Investor" in fragment and "Tagged" in fragment and 'hx-swap-oob="innerHTML"' in fragment
    tag = contact.tags.get()
    alice_client.post(
        reverse("contacts-tag-remove", args=[contact.pk, tag.pk]), HTTP_HX_REQUEST="true"
    )
    assert not contact.tags.exists()


def test_tagging_without_javascript_goes_back_to_the_page_with_a_message(alice_client, alice):
    contact = make_contact(alice)
    make_tag(alice, "investor")
    response = alice_client.post(
        reverse("contacts-tag-add", args=[contact.pk]), {"tag": "INVESTOR"}, follow=True
    )
    assert "Tagged" in response.content.decode()
    assert [t.name for t in contact.tags.all()] == ["investor"]


def test_notes_are_added_newest_first_edited_and_deleted(alice_client, alice):
    contact = make_contact(alice)
    add = reverse("contacts-note-add", args=[contact.pk])
    alice_client.post(add, {"body": "  first  "})
    response = alice_client.post(add, {"body": "second"}, follow=True)
    page = response.content.decode()
    assert "Note added." in page
    assert page.index("second") < page.index("first")
    assert [n.body for n in contact.notes.all()] == ["second", "first"]
    note = contact.notes.get(body="first")
    response = alice_client.post(
        reverse("contacts-note-edit", args=[contact.pk, note.pk]), {"body": "edited"}, follow=True
    )
    assert "Note saved." in response.content.decode()
    response = alice_client.post(
        reverse("contacts-note-delete", args=[contact.pk, note.pk]), {"confirmed": "yes"},
        follow=True,
    )  # fmt: skip
    assert "Note deleted." in response.content.decode()
    assert [n.body for n in contact.notes.all()] == ["second"]


def test_a_note_deleted_without_javascript_is_asked_about_first(alice_client, alice):
    contact = make_contact(alice, first_name="Ada", last_name="Lovelace")
    note = contact.notes.create(body="Met at the <b>engines</b> fair")
    url = reverse("contacts-note-delete", args=[contact.pk, note.pk])

    page = alice_client.post(url).content.decode()
    assert '<h1 id="confirm-title">Delete this note on Ada Lovelace?</h1>' in page
    assert "“Met at the &lt;b&gt;engines&lt;/b&gt; fair”. This cannot be undone." in page
    assert '<input type="hidden" name="confirmed" value="yes">' in page
    assert f'href="{contact.get_absolute_url()}#notes">Cancel</a>' in page
    assert contact.notes.count() == 1

    alice_client.post(url, {"confirmed": "yes"})
    assert contact.notes.count() == 0


def test_an_empty_note_is_refused(alice_client, alice):
    contact = make_contact(alice)
    response = alice_client.post(
        reverse("contacts-note-add", args=[contact.pk]), {"body": "   "}, follow=True
    )
    assert "Write something" in response.content.decode()
    assert not contact.notes.exists()


def test_a_note_too_long_is_refused_with_its_length_and_the_page_keeps_a_limit(alice_client, alice):
    contact = make_contact(alice)
    make_note(contact, "Met at the fair.")
    add = reverse("contacts-note-add", args=[contact.pk])
    response = alice_client.post(add, {"body": "x" * 100_001}, follow=True)
    page = response.content.decode()
    assert "A note can hold at most 100,000 characters; this one has 100001." in page
    assert [note.body for note in contact.notes.all()] == ["Met at the fair."]
    assert 'maxlength="100000"' in page


def test_a_note_edited_too_long_keeps_its_text(alice_client, alice):
    contact = make_contact(alice)
    note = make_note(contact, "Met at the fair.")
    edit = reverse("contacts-note-edit", args=[contact.pk, note.pk])
    page = alice_client.post(edit, {"body": "x" * 100_001}).content.decode()
    assert "A note can hold at most 100,000 characters" in page
    note.refresh_from_db()
    assert note.body == "Met at the fair."


def test_the_edit_form_normalises_email_and_profile_url(alice_client, alice):
    contact = make_contact(alice)
    data = {
        "first_name": " Ada ",
        "last_name": "Lovelace",
        "email": " Ada@Example.ORG ",
        "profile_url": "linkedin.com/in/Ada-L/",
        "website": "ada.dev",
    }
    response = alice_client.post(reverse("contacts-edit", args=[contact.pk]), data, follow=True)
    assert "Saved Ada Lovelace." in response.content.decode()
    contact.refresh_from_db()
    assert (contact.first_name, contact.email) == ("Ada", "ada@example.org")
    assert (contact.profile_url, contact.slug) == ("https://www.linkedin.com/in/ada-l/", "ada-l")
    assert contact.website == "https://ada.dev"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("email", "not-an-email", "Enter an email address"),
        ("profile_url", "https://example.org/in/ada", "This is not a LinkedIn profile address"),
        ("website", "ftp://ada.dev", "(http and https only)"),
        ("website", "not a url at all", "Enter a web address such as https://example.org/"),
        ("website", "javascript:alert(1)", "Enter a web address such as https://example.org/"),
    ],
)
def test_the_edit_form_explains_bad_values(alice_client, alice, field, value, message):
    contact = make_contact(alice, first_name="Ada")
    data = {"first_name": "Ada", field: value}
    response = alice_client.post(reverse("contacts-edit", args=[contact.pk]), data)
    assert message in response.content.decode()
    contact.refresh_from_db()
    assert getattr(contact, field) == ""


@pytest.mark.parametrize(
    ("dates", "message"),
    [
        ({"connected_on": "2030-01-01"}, "This date is in the future."),
        ({"connected_on": "2024-05-01", "disconnected_on": "2020-01-01"},
         "The connection cannot end before it began."),
        ({"is_connection": "on", "disconnected_on": "2020-01-01"},
         "A current connection has not ended: untick “Connection” or clear this date."),
    ],
)  # fmt: skip
def test_the_edit_form_refuses_relationship_dates_that_cannot_be(
    alice_client, alice, dates, message
):
    contact = make_contact(alice, first_name="Ada")
    edit = reverse("contacts-edit", args=[contact.pk])
    response = alice_client.post(edit, {"first_name": "Ada", **dates})
    assert response.status_code == 200 and message in response.content.decode()
    contact.refresh_from_db()
    assert (contact.connected_on, contact.disconnected_on) == (None, None)
    ended = {"connected_on": "2020-01-01", "disconnected_on": "2024-05-01"}
    alice_client.post(edit, {"first_name": "Ada", **ended})
    contact.refresh_from_db()
    assert str(contact.disconnected_on) == "2024-05-01"


class FormAsShown(HTMLParser):
    """The values a browser would send for the page's form: inputs, ticked boxes, selections."""

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, str] = {}
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {key: value or "" for key, value in attrs}
        if tag == "input" and "name" in attr:
            if attr.get("type") not in ("checkbox", "radio"):
                self.values[attr["name"]] = attr.get("value", "")
            elif "checked" in attr:
                self.values[attr["name"]] = attr.get("value", "on")
        elif tag == "select":
            self._select = attr.get("name")
            self.values.setdefault(self._select, "")
        elif tag == "option" and self._select and "selected" in attr:
            self.values[self._select] = attr.get("value", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None


def form_as_shown(page: str) -> dict[str, str]:
    parser = FormAsShown()
    parser.feed(page)
    return parser.values


def test_a_save_keeps_what_an_import_changed_while_the_form_was_open(alice_client, alice):
    contact = make_contact(alice, first_name="Ada", company="Acme", phone="")
    edit = reverse("contacts-edit", args=[contact.pk])
    shown = form_as_shown(alice_client.get(edit).content.decode())
    # An import, while the form is open: a new company, and she is now a connection.
    Contact.objects.filter(pk=contact.pk).update(
        company="Babbage & Co", is_connection=True, connected_on=date(2024, 5, 1)
    )

    response = alice_client.post(edit, {**shown, "phone": "+44 20 7946 0000"}, follow=True)

    contact.refresh_from_db()
    assert contact.phone == "+44 20 7946 0000"
    assert (contact.company, contact.is_connection) == ("Babbage & Co", True)
    assert contact.connected_on == date(2024, 5, 1)
    assert (
        "Saved Ada Example. Changed meanwhile (by an import, say), and kept: Company, "
        "Connection, Connected on." in response.content.decode()
    )


def test_what_the_user_changed_wins_and_a_field_can_still_be_cleared(alice_client, alice):
    contact = make_contact(alice, first_name="Ada", company="Acme", position="CTO")
    edit = reverse("contacts-edit", args=[contact.pk])
    shown = form_as_shown(alice_client.get(edit).content.decode())
    Contact.objects.filter(pk=contact.pk).update(company="Babbage & Co")

    response = alice_client.post(edit, {**shown, "company": "Analytical", "position": ""})

    contact.refresh_from_db()
    assert (contact.company, contact.position) == ("Analytical", "")
    assert response.status_code == 302


def test_a_form_sent_again_after_an_error_still_keeps_the_imports_change(alice_client, alice):
    contact = make_contact(alice, first_name="Ada", company="Acme")
    edit = reverse("contacts-edit", args=[contact.pk])
    shown = form_as_shown(alice_client.get(edit).content.decode())
    Contact.objects.filter(pk=contact.pk).update(company="Babbage & Co")
    refused = alice_client.post(edit, {**shown, "email": "ada@"})
    assert "Enter an email address" in refused.content.decode()

    alice_client.post(edit, {**form_as_shown(refused.content.decode()), "email": "ada@x.org"})

    contact.refresh_from_db()
    assert (contact.email, contact.company) == ("ada@x.org", "Babbage & Co")


def test_two_contacts_cannot_share_a_profile(alice_client, alice, bob):
    make_contact(alice, profile_url="https://www.linkedin.com/in/ada/")
    make_contact(bob, profile_url="https://www.linkedin.com/in/grace/")
    response = alice_client.post(
        reverse("contacts-create"), {"first_name": "A", "profile_url": "linkedin.com/in/ada"}
    )
    assert "Another of your contacts has this LinkedIn profile." in response.content.decode()
    response = alice_client.post(
        reverse("contacts-create"),
        {"first_name": "G", "profile_url": "linkedin.com/in/grace"},
        follow=True,
    )
    assert "Added G." in response.content.decode()


def test_a_contact_is_created_by_hand(alice_client, alice):
    response = alice_client.post(
        reverse("contacts-create"),
        {"first_name": "Grace", "last_name": "Hopper", "is_following": "on"},
        follow=True,
    )
    contact = alice.contacts.get()
    assert response.redirect_chain[-1][0] == contact.get_absolute_url()
    assert contact.is_following and contact.source == "manual"


def test_the_source_is_shown_in_words_and_an_unknown_one_as_written(alice_client, alice):
    imported = make_contact(alice, source="profiles")
    from_an_api_client = make_contact(alice, source="crm-sync")
    assert "<dd>Follower or profile list</dd>" in page_of(alice_client, imported)
    assert "<dd>crm-sync</dd>" in page_of(alice_client, from_an_api_client)


def test_every_kind_of_file_section_has_its_source_in_words():
    assert {kind.value for kind in SectionKind} <= SOURCE_LABELS.keys()


def test_deleting_one_contact_asks_first(alice_client, alice):
    contact = make_contact(alice, first_name="Ada", last_name="")
    assert (
        "Delete Ada?"
        in alice_client.get(reverse("contacts-delete", args=[contact.pk])).content.decode()
    )
    response = alice_client.post(reverse("contacts-delete", args=[contact.pk]), follow=True)
    assert "Deleted Ada." in response.content.decode()
    assert not alice.contacts.exists()


def test_contact_posts_need_the_csrf_token(alice):
    contact = make_contact(alice)
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    assert (
        client.post(reverse("contacts-note-add", args=[contact.pk]), {"body": "x"}).status_code
        == 403
    )
    assert client.post(reverse("contacts-delete", args=[contact.pk])).status_code == 403
    assert alice.contacts.exists() and not contact.notes.exists()

from django.core.files.base import ContentFile
from django.test import Client

from contacts.models import Contact, Note
from imports.jobs import create_job
from imports.pipeline import run_import
from relations.merging import merge_contacts
from tests.factories import make_contact, make_tag
from tests.imports.conftest import connection, connections_file

PROFILE = "https://www.linkedin.com/in/Jane-Sample-456/"


def capture(client, **fields):
    data = {"url": PROFILE, "kind": "contact", **fields}
    return client.post("/capture/", data)


def test_it_prefills_the_form_from_the_bookmarklets_query_string(alice_client):
    response = alice_client.get(
        "/capture/",
        {
            "url": PROFILE,
            "name": "Jane Sample",
            "headline": "CTO at Acme",
            "company": "Acme",
            "location": "Berlin",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    for value in [PROFILE, "Jane Sample", "CTO at Acme", "Acme", "Berlin"]:
        assert f'value="{value}"' in page
    assert 'name="csrfmiddlewaretoken"' in page


def test_a_value_longer_than_its_field_is_cut_so_it_saves(alice_client, alice):
    response = alice_client.get(
        "/capture/", {"url": PROFILE, "name": "N" * 400, "location": "L" * 400}
    )
    page = response.content.decode()
    assert f'value="{"N" * 300}"' in page and f'value="{"L" * 200}"' in page
    assert capture(alice_client, **response.context["form"].initial).status_code == 302
    contact = Contact.objects.for_owner(alice).get()
    assert (contact.display_name, contact.location) == ("N" * 300, "L" * 200)


def test_it_asks_a_signed_out_user_to_sign_in_and_comes_back(client):
    response = client.get("/capture/", {"url": PROFILE})
    assert response.status_code == 302
    assert "/accounts/login/?next=/capture/" in response["Location"]


def test_saving_twice_leaves_one_contact(alice_client, alice):
    capture(alice_client, name="Jane Sample", company="Acme", kind="follower")
    response = capture(alice_client, url="linkedin.com/in/jane-sample-456", kind="connection")
    assert response.status_code == 302
    contact = Contact.objects.for_owner(alice).get()
    assert contact.slug == "jane-sample-456"
    assert (contact.is_follower, contact.is_connection) == (True, True)
    assert contact.source == "capture"


def test_it_keeps_the_canonical_profile_url_not_the_pages_address(alice_client, alice):
    page = "https://de.linkedin.com/mwlite/in/J%C3%BCrgen-1a/overlay/contact-info/?locale=de_DE"
    capture(alice_client, url=page, name="Jürgen")
    contact = Contact.objects.for_owner(alice).get()
    assert contact.profile_url == "https://www.linkedin.com/in/j%C3%BCrgen-1a/"
    assert contact.slug == "jürgen-1a"


def test_it_says_whether_it_added_or_updated_the_person(alice_client):
    added = capture(alice_client, name="Jane Sample")
    page = alice_client.get(added["Location"]).content.decode()
    assert "Added Jane Sample to your network." in page
    updated = capture(alice_client, name="Jane Sample", headline="CTO")
    page = alice_client.get(updated["Location"]).content.decode()
    assert "Updated Jane Sample in your network." in page


def test_it_updates_an_existing_contact_without_blanking_what_is_stored(alice_client, alice):
    existing = make_contact(
        alice,
        profile_url="https://www.linkedin.com/in/jane-sample-456",
        company="Acme",
        location="Berlin",
        headline="Old headline",
        is_connection=True,
    )
    page = alice_client.get("/capture/", {"url": PROFILE}).content.decode()
    assert "You already have" in page
    capture(alice_client, headline="New headline", company="", location="   ")
    existing.refresh_from_db()
    assert (existing.company, existing.location) == ("Acme", "Berlin")
    assert existing.headline == "New headline"
    assert existing.is_connection


def test_for_someone_i_have_it_says_which_of_my_values_saving_replaces(alice_client, alice):
    make_contact(
        alice,
        first_name="Jane",
        last_name="Sample",
        profile_url=PROFILE,
        company="<b>Acme</b> GmbH",
        headline="CTO at Acme",
        is_connection=True,
    )
    captured = {"url": PROFILE, "name": "Jane Sample", "headline": "CTO at Acme", "company": "Acme"}
    page = alice_client.get("/capture/", captured).content.decode()
    replaced = "saving replaces it. Empty the field to keep it."
    assert f"You have “&lt;b&gt;Acme&lt;/b&gt; GmbH”; {replaced}" in page
    assert page.count(replaced) == 1  # the same name and headline replace nothing
    assert 'value="connection" id="id_kind_0" required checked' in page


def test_the_name_i_have_stays_open_to_the_next_import(alice_client, alice):
    contact = make_contact(alice, first_name="Jane", last_name="Sample", profile_url=PROFILE)
    capture(alice_client, name="jane  Sample", headline="CTO at Acme")
    contact.refresh_from_db()
    assert (contact.display_name, contact.headline) == ("", "CTO at Acme")
    renamed = [connection(1, "jane-sample-456", first_name="Jane", last_name="Doe")]
    job = create_job(alice, ContentFile(b"rows", name="Connections.csv"), snapshot=False)
    run_import(job.pk, connections_file(renamed, snapshot=False))
    contact.refresh_from_db()
    assert contact.name == "Jane Doe"


def test_a_profile_merged_into_another_contact_updates_that_contact(alice_client, alice):
    kept = make_contact(alice, display_name="Jane Sample", profile_url="linkedin.com/in/jane-s")
    merged_away = make_contact(alice, display_name="Jane S.", profile_url=PROFILE)
    merge_contacts(kept, merged_away)
    page = alice_client.get("/capture/", {"url": PROFILE}).content.decode()
    assert "You already have" in page and "Jane Sample" in page
    response = capture(alice_client, headline="CTO at Acme")
    contact = Contact.objects.for_owner(alice).get()
    assert (contact.pk, contact.slug, contact.headline) == (kept.pk, "jane-s", "CTO at Acme")
    saved = alice_client.get(response["Location"]).content.decode()
    assert "Updated Jane Sample in your network." in saved


def test_someone_imported_by_email_gets_the_profile_instead_of_a_duplicate(alice_client, alice):
    known = make_contact(alice, first_name="Jane", last_name="Sample", email="jane@example.org")
    page = alice_client.get("/capture/", {"url": PROFILE, "name": "Jane  Sample"}).content.decode()
    assert "Save onto the Jane Sample you have (jane@example.org)" in page
    assert 'name="onto_namesake" id="id_onto_namesake" checked' in page
    response = capture(alice_client, name="Jane Sample", company="Acme", onto_namesake="on")
    contact = Contact.objects.for_owner(alice).get()
    assert (contact.pk, contact.slug, contact.email) == (known.pk, "jane-sample-456", known.email)
    assert contact.profile_url == "https://www.linkedin.com/in/jane-sample-456/"
    assert contact.company == "Acme"
    saved = alice_client.get(response["Location"]).content.decode()
    assert "Updated Jane Sample in your network." in saved


def test_unticked_or_when_the_name_does_not_tell_it_adds_a_new_contact(alice_client, alice):
    make_contact(alice, first_name="Jane", last_name="Sample", email="jane@example.org")
    capture(alice_client, name="Jane Sample")  # the box unticked
    assert Contact.objects.for_owner(alice).filter(slug="jane-sample-456").exists()
    make_contact(alice, first_name="Ann", last_name="Lee", email="ann@example.org")
    make_contact(alice, first_name="Ann", last_name="Lee", email="ann.lee@example.org")
    other = "https://www.linkedin.com/in/ann-lee"
    page = alice_client.get("/capture/", {"url": other, "name": "Ann Lee"}).content.decode()
    assert "Save onto" not in page
    capture(alice_client, url=other, name="Ann Lee", onto_namesake="on")
    assert Contact.objects.for_owner(alice).count() == 5


def test_it_tags_and_notes_the_captured_person(alice_client, alice):
    make_tag(alice, "Investor")
    capture(alice_client, tags="investor, speaker, , Speaker", note="Met at PyCon")
    contact = Contact.objects.for_owner(alice).get()
    assert sorted(contact.tags.names()) == ["Investor", "speaker"]
    assert Note.objects.get(contact=contact).body == "Met at PyCon"


def test_it_never_touches_bobs_contact_with_the_same_profile(alice_client, alice, bob):
    bobs = make_contact(bob, profile_url=PROFILE, company="Bob's view")
    capture(alice_client, company="Alice's view")
    bobs.refresh_from_db()
    assert bobs.company == "Bob's view"
    assert Contact.objects.for_owner(alice).get().company == "Alice's view"


def test_a_page_that_is_not_a_profile_is_refused_with_a_message(alice_client, alice):
    response = capture(alice_client, url="https://www.linkedin.com/company/acme/")
    assert response.status_code == 400
    page = response.content.decode()
    assert "not a LinkedIn profile URL" in page
    # The tags' help is the text the field's aria-describedby names.
    assert 'aria-describedby="id_tags_helptext"' in page and 'id="id_tags_helptext"' in page
    assert not Contact.objects.exists()


def test_saving_needs_the_csrf_token(alice):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(alice)
    assert strict.post("/capture/", {"url": PROFILE, "kind": "contact"}).status_code == 403
    assert not Contact.objects.exists()


def test_the_saved_page_shows_the_contact_and_only_to_its_owner(alice_client, alice, bob):
    response = capture(alice_client, name="Jane Sample", tags="investor")
    saved = alice_client.get(response["Location"]).content.decode()
    assert "Jane Sample" in saved and "investor" in saved
    bobs = make_contact(bob)
    assert alice_client.get(f"/capture/saved/{bobs.pk}/").status_code == 404

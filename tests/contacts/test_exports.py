"""Exports of one user's network: CSV for Excel, a streamed JSON array, vCard 3.0."""

import csv
import io
import json
from datetime import date, datetime

import pytest
import vobject
from django.core.management import CommandError, call_command

from contacts.exports import write_csv, write_json, write_vcard
from contacts.models import Contact
from tests.factories import make_contact, make_note, make_tag
from tests.imports.readers_support import read_one, write


@pytest.fixture
def ada(alice):
    contact = make_contact(
        alice, first_name="Ada", last_name="=Lovelace", company="+Engines", position="@lead",
        email="ada@example.org", profile_url="https://www.linkedin.com/in/ada-l",
        is_connection=True, connected_on=date(2020, 3, 7), is_follower=True,
    )  # fmt: skip
    contact.tags.add(make_tag(alice, "investor"))
    make_note(contact, "Met at the Royal Society")
    return contact


def exported(writer, queryset) -> str:
    out = io.StringIO()
    writer(queryset, out)
    return out.getvalue()


def test_the_csv_starts_with_a_bom_for_excel_and_neutralises_formulas(alice, ada):
    text = exported(write_csv, Contact.objects.for_owner(alice))
    assert text.startswith("\ufeff")
    (row,) = list(csv.DictReader(io.StringIO(text[1:])))
    assert (row["last_name"], row["company"], row["position"]) == (
        "'=Lovelace",
        "'+Engines",
        "'@lead",
    )
    assert (row["is_connection"], row["connected_on"], row["is_following"]) == (
        "true",
        "2020-03-07",
        "false",
    )
    assert json.loads(row["tags"]) == ["investor"]
    assert json.loads(row["tag_colours"]) == {"investor": "#64748b"}
    (note,) = json.loads(row["notes"])
    assert note["body"] == "Met at the Royal Society"
    assert datetime.fromisoformat(note["created_at"]) == ada.notes.get().created_at


def test_the_json_export_is_an_array_with_facts_dates_tags_and_dated_notes(alice, ada):
    (item,) = json.loads(exported(write_json, Contact.objects.for_owner(alice)))
    assert item["last_name"] == "=Lovelace"
    assert (item["is_connection"], item["connected_on"], item["is_follower"]) == (
        True,
        "2020-03-07",
        True,
    )
    assert item["tags"] == ["investor"]
    assert item["tag_colours"] == {"investor": "#64748b"}
    assert item["notes"][0]["body"] == "Met at the Royal Society"
    assert item["notes"][0]["created_at"]


def test_an_empty_network_exports_an_empty_json_array(alice):
    assert json.loads(exported(write_json, Contact.objects.for_owner(alice))) == []


def test_the_vcard_export_is_vcard_3_an_address_book_reads(alice, ada):
    (card,) = vobject.readComponents(exported(write_vcard, Contact.objects.for_owner(alice)))
    assert card.version.value == "3.0"
    assert (card.fn.value, card.email.value, card.org.value) == (
        "Ada =Lovelace",
        "ada@example.org",
        ["+Engines"],
    )
    assert card.url.value == "https://www.linkedin.com/in/ada-l/"
    assert card.categories.value == ["investor"]


def test_a_vcard_holds_only_web_addresses_an_address_book_may_open(alice):
    make_contact(alice, first_name="Grace", website="https://grace.example/")
    make_contact(alice, first_name="Eve", website="javascript:alert(1)")
    cards = vobject.readComponents(exported(write_vcard, Contact.objects.for_owner(alice)))
    urls = {card.fn.value: [url.value for url in card.contents.get("url", [])] for card in cards}
    assert urls == {"Grace Example": ["https://grace.example/"], "Eve Example": []}


def test_a_vcard_folds_lines_at_75_octets_and_the_import_reads_them_back(alice, tmp_path):
    # 41 characters, 165 octets: short in characters, so vobject left the line whole.
    rockets = "Launch " + "🚀" * 34
    contact = make_contact(alice, first_name="Zoë", last_name="Ünal", company="Ångström" * 12)
    make_note(contact, rockets)
    text = exported(write_vcard, Contact.objects.for_owner(alice))

    assert max(len(line.encode()) for line in text.split("\r\n")) <= 75
    (person,) = read_one(write(tmp_path, text, "network.vcf"), declared_kind="contacts").people
    assert (person.first_name, person.company, person.notes) == ("Zoë", "Ångström" * 12, [rockets])


@pytest.mark.parametrize(
    "location, city, country",
    [
        ("Lyon, Auvergne-Rhône-Alpes, France", "Lyon, Auvergne-Rhône-Alpes", "France"),
        ("San Francisco Bay Area", "San Francisco Bay Area", ""),
    ],
)
def test_a_vcard_gives_the_location_as_an_address_the_import_reads_back(
    alice, tmp_path, location, city, country
):
    make_contact(alice, first_name="Zoë", location=location)
    text = exported(write_vcard, Contact.objects.for_owner(alice))
    (card,) = vobject.readComponents(text)
    assert (card.adr.value.city, card.adr.value.country) == (city, country)
    (person,) = read_one(write(tmp_path, text, "network.vcf"), declared_kind="contacts").people
    assert person.location == location


def test_a_vcard_has_no_address_without_a_location(alice):
    make_contact(alice, first_name="Zoë")
    (card,) = vobject.readComponents(exported(write_vcard, Contact.objects.for_owner(alice)))
    assert "adr" not in card.contents


def test_the_writers_count_what_they_wrote(alice, ada):
    make_contact(alice, first_name="Grace")
    for writer in (write_csv, write_json, write_vcard):
        assert writer(Contact.objects.for_owner(alice), io.StringIO()) == 2


def test_export_network_writes_only_that_users_contacts_to_stdout(alice, bob, ada):
    make_contact(bob, first_name="Bobs", last_name="Secret")
    out = io.StringIO()
    call_command("export_network", "--user", "alice", "--format", "json", stdout=out)
    assert [item["first_name"] for item in json.loads(out.getvalue())] == ["Ada"]


def test_export_network_refuses_an_unknown_user(alice):
    with pytest.raises(CommandError, match="no user named 'nobody'"):
        call_command("export_network", "--user", "nobody", stdout=io.StringIO())


def test_it_reads_tags_and_notes_once_per_chunk_of_contacts_not_once_per_contact(
    alice, monkeypatch, django_assert_num_queries
):
    monkeypatch.setattr("contacts.export_rows.CHUNK_SIZE", 2)
    tag = make_tag(alice, "investor")
    people = [make_contact(alice, first_name=f"Person {n}") for n in range(5)]
    for person in people:
        person.tags.add(tag)
    make_note(people[-1], "The last one, alone in its chunk")

    # the contacts in one query, then each chunk's tags and notes in one query apiece
    # (the JSON writer; on PostgreSQL the CSV is one COPY statement)
    with django_assert_num_queries(1 + 2 * 3):
        text = exported(write_json, Contact.objects.for_owner(alice))

    rows = json.loads(text)
    assert [row["first_name"] for row in rows] == [f"Person {n}" for n in range(5)]
    assert all(row["tags"] == ["investor"] for row in rows)
    assert [note["body"] for note in rows[-1]["notes"]] == ["The last one, alone in its chunk"]

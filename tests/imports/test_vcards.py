"""vCard 3.0 and 4.0: names, emails, phones, organisation, title, LinkedIn URL from URL fields."""

import io

from django.core.files.base import ContentFile

from contacts.exports import write_vcard
from contacts.models import Contact
from imports.jobs import create_job
from imports.pipeline import run_import
from imports.readers.text import CP1252_WARNING
from imports.records import RowError, SectionKind
from tests.factories import make_contact
from tests.imports.readers_support import read_one, write

CARDS = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Lovelace\r\nN:Lovelace;Ada;;;\r\n"
    "item1.EMAIL;type=INTERNET;type=pref:ada@example.org\r\nTEL;TYPE=CELL:+44 20 7946 0000\r\n"
    "ORG:Analytical Engines\\, Ltd;Research\r\nTITLE:Analyst\r\n"
    "URL:https://ada.example.org\r\nitem2.URL:https://www.linkedin.com/in/ada-l\r\n"
    "NOTE:Met at the Royal Society\\, 1843.\\nFollow up.\r\nCATEGORIES:math,history\r\n"
    "END:VCARD\r\n"
    "BEGIN:VCARD\nVERSION:4.0\nFN:Grace Hopper\nN:Hopper;Grace;;;\nEMAIL;TYPE=work:grace@exa\n"
    " mple.org\nBDAY:--1209\nADR;TYPE=work:;;1 Navy Way;Arlington;VA;22201;USA\nEND:VCARD\n"
)


def test_it_reads_every_card_with_its_fields(tmp_path):
    section = read_one(write(tmp_path, CARDS, "people.vcf"), declared_kind="contacts")
    assert section.kind == SectionKind.CONTACTS
    ada, grace = section.people
    assert (ada.first_name, ada.last_name, ada.email, ada.phone) == (
        "Ada", "Lovelace", "ada@example.org", "+44 20 7946 0000",
    )  # fmt: skip
    assert (ada.company, ada.position) == ("Analytical Engines, Ltd", "Analyst")
    assert (ada.profile_url, ada.website) == (
        "https://www.linkedin.com/in/ada-l",
        "https://ada.example.org",
    )
    assert ada.notes == ["Met at the Royal Society, 1843.\nFollow up."]
    assert ada.tags == ["math", "history"]
    assert (grace.email, grace.location) == ("grace@example.org", "Arlington, USA")


def test_a_card_that_cannot_be_parsed_is_one_row_error_not_the_end(tmp_path):
    data = "BEGIN:VCARD\nVERSION:3.0\nthis is not a property\nEND:VCARD\n" + CARDS
    section = read_one(write(tmp_path, data, "people.vcf"))
    assert isinstance(section.items[0], RowError)
    assert section.names[:2] == ["Ada Lovelace", "Grace Hopper"]


def test_a_last_card_cut_short_is_a_row_error_not_dropped(tmp_path):
    data = CARDS + "BEGIN:VCARD\nVERSION:3.0\nFN:Bob Cut\nEMAIL:bob@example.org\n"
    section = read_one(write(tmp_path, data, "people.vcf"))
    assert section.names == ["Ada Lovelace", "Grace Hopper"]
    (error,) = section.errors
    assert error.line == 23 and "END:VCARD" in error.reason
    assert "Bob Cut" in error.raw


def test_a_card_without_its_end_before_the_next_is_a_row_error(tmp_path):
    data = "BEGIN:VCARD\nVERSION:3.0\nFN:Bob Cut\n" + CARDS
    section = read_one(write(tmp_path, data, "people.vcf"))
    assert section.names == ["Ada Lovelace", "Grace Hopper"]
    assert [error.line for error in section.errors] == [1]


def test_a_windows_1252_card_is_read_and_warned_about_as_a_csv_is(tmp_path):
    data = "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Müller;Jürgen;;;\r\nEND:VCARD\r\n".encode("cp1252")
    section = read_one(write(tmp_path, data, "people.vcf"))
    assert section.names == ["Jürgen Müller"]
    assert section.warnings == [CP1252_WARNING]


def test_a_vcard_4_phone_given_as_a_tel_uri_is_stored_as_the_number(tmp_path):
    data = (
        "BEGIN:VCARD\nVERSION:4.0\nFN:Grace Hopper\n"
        'TEL;VALUE=uri;TYPE="voice,cell":tel:+1-555-555-5555;ext=102\nEND:VCARD\n'
    )
    (grace,) = read_one(write(tmp_path, data, "people.vcf")).people
    assert grace.phone == "+1-555-555-5555;ext=102"


def test_an_exported_card_of_someone_known_only_by_email_comes_back_without_a_name(alice, bob):
    make_contact(alice, first_name="", last_name="", email="only@example.org")
    exported = io.StringIO()
    write_vcard(Contact.objects.for_owner(alice), exported)
    job = create_job(bob, ContentFile(exported.getvalue().encode(), name="network.vcf"))
    run_import(job.pk)
    assert list(Contact.objects.for_owner(bob).values_list(
        "email", "first_name", "last_name", "display_name"
    )) == [("only@example.org", "", "", "")]  # fmt: skip

"""LinkedIn Connections.csv of every era since 2016, read by column name."""

import pytest

from imports.records import SectionKind
from tests.imports.readers_support import read_one, write

PREAMBLE = (
    "Notes:\n"
    '"When exporting your connection data, you may notice that some of the email addresses '
    'are missing. You will only see email addresses for connections who have allowed it."\n'
    "\n"
)
HEADER_2023 = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
ROW_2023 = "Ines,Okafor,https://www.linkedin.com/in/ines-okafor,,Northwind,Director,08 Feb 2023\n"


@pytest.mark.parametrize(
    "preamble",
    [
        "",
        "Notes:\n",
        "Notes:,,,,,,\n",
        PREAMBLE,
        "Notes:,,\n" + PREAMBLE.replace("Notes:\n", ""),
        "Notes:\n\n\n\n",
    ],
    ids=["none", "notes-only", "excel-padded", "three-lines", "excel-four-lines", "blank-lines"],
)
def test_it_finds_the_header_after_any_preamble(tmp_path, preamble):
    section = read_one(write(tmp_path, preamble + HEADER_2023 + ROW_2023))
    assert section.kind == SectionKind.CONNECTIONS
    assert section.is_snapshot is True
    (person,) = section.people
    assert (person.first_name, person.profile_url) == (
        "Ines",
        "https://www.linkedin.com/in/ines-okafor",
    )
    assert person.is_connection is True
    assert person.connected_on.isoformat() == "2023-02-08"


def test_it_maps_columns_by_name_wherever_the_url_column_is(tmp_path):
    data = (
        "Connected On,Company,URL,Position,Last Name,First Name,Email Address\n"
        "07 Dec 2024,Adatum,https://www.linkedin.com/in/kofi,Designer,Mensah,Kofi,k@example.com\n"
    )
    (person,) = read_one(write(tmp_path, data)).people
    assert (person.first_name, person.last_name, person.company, person.position) == (
        "Kofi", "Mensah", "Adatum", "Designer",
    )  # fmt: skip
    assert (person.email, person.profile_url) == (
        "k@example.com",
        "https://www.linkedin.com/in/kofi",
    )


def test_it_reads_the_2016_layout_with_address_websites_and_messengers(tmp_path):
    data = (
        "First Name,Last Name,Address,Email Address,Company,Position,Connected On,Websites,"
        "Instant Messengers\r\n"
        'Ann,Lee,"Oslo, Norway",ann@example.com,Acme,CTO,"12/22/16, 9:55 AM",'
        '"[COMPANY:https://acme.example/ann]",[SKYPE:ann.lee]\r\n'
    )
    (person,) = read_one(write(tmp_path, data)).people
    assert (person.location, person.website) == ("Oslo, Norway", "https://acme.example/ann")
    assert person.connected_on.isoformat() == "2016-12-22"
    assert person.profile_url == ""


def test_a_2018_member_urn_in_the_email_column_is_not_an_email(tmp_path):
    data = (
        "First Name,Last Name,Email Address,Company,Position,Connected On\n"
        'Raj,Patel,urn:li:member:664293716,Globex,Analyst,"1/8/18, 6:14 PM"\n'
    )
    (person,) = read_one(write(tmp_path, data)).people
    assert person.email == ""
    assert person.connected_on.isoformat() == "2018-01-08"


@pytest.mark.parametrize(
    ("written", "day"),
    [
        ("07 Dec 2024", "2024-12-07"),
        ('"12/22/16, 9:55 AM"', "2016-12-22"),
        ("2023-01-15", "2023-01-15"),
        ("23-Nov-21", "2021-11-23"),
        ("16.09.2021", "2021-09-16"),
        ("30-oct-09", "2009-10-30"),
        ("5-Jan-26", "2026-01-05"),
    ],
)
def test_it_reads_every_connected_on_date_shape(tmp_path, written, day):
    data = f"First Name,Last Name,Company,Position,Connected On\nAnn,Lee,Acme,CTO,{written}\n"
    (person,) = read_one(write(tmp_path, data)).people
    assert person.connected_on.isoformat() == day


def test_an_empty_date_leaves_connected_on_unknown_without_a_warning(tmp_path):
    section = read_one(write(tmp_path, "First Name,Last Name,Connected On\nAnn,Lee,\n"))
    assert section.people[0].connected_on is None
    assert section.warnings == []


def test_an_unrecognised_date_keeps_the_person_and_warns_once(tmp_path):
    data = "First Name,Last Name,Connected On\nAnn,Lee,someday\nBo,Ek,never\n"
    section = read_one(write(tmp_path, data))
    assert [p.connected_on for p in section.people] == [None, None]
    assert len(section.warnings) == 1
    assert "'someday'" in section.warnings[0]


@pytest.mark.parametrize(
    "hidden_row", [",,,,,,07 Jun 2022", ",,,,,07 Jun 2022", '"","","","","","","07 Jun 2022"']
)
def test_rows_with_only_a_date_are_skipped_as_hidden_accounts(tmp_path, hidden_row):
    section = read_one(write(tmp_path, HEADER_2023 + ROW_2023 + hidden_row + "\n"))
    assert len(section.people) == 1
    (skipped,) = section.skipped
    assert skipped.line == 3
    assert "hidden account" in skipped.reason


def test_it_trims_spaces_and_keeps_credentials_with_commas_in_last_names(tmp_path):
    data = HEADER_2023 + 'Bohdana ,"Božić, Ph.D. ",,,  Acme ,Dev,07 Dec 2024\n'
    (person,) = read_one(write(tmp_path, data)).people
    assert (person.first_name, person.last_name, person.company) == (
        "Bohdana", "Božić, Ph.D.", "Acme",
    )  # fmt: skip


def test_a_row_wrapped_whole_in_quotes_is_split_again(tmp_path):
    data = HEADER_2023 + '"Laura,Herbst,,,Acme,Dev,07 Dec 2024"\n'
    (person,) = read_one(write(tmp_path, data)).people
    assert (person.first_name, person.last_name, person.company) == ("Laura", "Herbst", "Acme")


def test_a_header_without_rows_is_an_empty_snapshot(tmp_path):
    section = read_one(write(tmp_path, PREAMBLE + HEADER_2023))
    assert section.items == []

"""Follower and profile lists from export tools: columns by synonyms, the kind declared."""

import pytest

from imports.records import SectionKind, UnsupportedFile
from tests.imports.readers_support import read_one, write

PHANTOM_FOLLOWERS = (
    "profileLink,firstName,lastName,occupation,followers\n"
    "https://linkedin.com/in/ada-l,Ada,Lovelace,Analyst at Engines,1200\n"
    "https://linkedin.com/in/alan-t,Alan,Turing,Codebreaker,Not provided by LinkedIn\n"
)


def test_it_maps_phantombuster_follower_columns_and_declares_followers(tmp_path):
    section = read_one(write(tmp_path, PHANTOM_FOLLOWERS), declared_kind="followers")
    assert section.kind == SectionKind.PROFILES
    assert section.is_snapshot is False
    ada, alan = section.people
    assert (ada.first_name, ada.last_name, ada.headline) == (
        "Ada",
        "Lovelace",
        "Analyst at Engines",
    )
    assert ada.profile_url == "https://linkedin.com/in/ada-l"
    assert (ada.is_follower, ada.is_following, ada.is_connection) == (True, None, None)
    assert alan.is_follower is True


@pytest.mark.parametrize(
    ("declared", "fact"),
    [("following", "is_following"), ("connections", "is_connection"), ("contacts", None)],
)
def test_the_declared_kind_sets_the_matching_fact(tmp_path, declared, fact):
    (person, _) = read_one(write(tmp_path, PHANTOM_FOLLOWERS), declared_kind=declared).people
    facts = {"is_follower", "is_following", "is_connection"}
    assert {name for name in facts if getattr(person, name)} == ({fact} if fact else set())


def test_it_splits_a_full_name_into_first_and_last(tmp_path):
    data = (
        "profile_url,full_name,headline,current_company,location_name\n"
        "https://www.linkedin.com/in/grace-h,Grace Brewster Hopper,Admiral,US Navy,Arlington\n"
    )
    (person,) = read_one(write(tmp_path, data), declared_kind="following").people
    assert (person.first_name, person.last_name, person.display_name) == (
        "Grace", "Brewster Hopper", "",
    )  # fmt: skip
    assert (person.company, person.location, person.headline) == ("US Navy", "Arlington", "Admiral")


def test_it_reads_sales_navigator_exports_with_title_as_the_position(tmp_path):
    data = (
        "profileUrl,fullName,firstName,lastName,companyName,title,location\n"
        "https://www.linkedin.com/in/kofi,Kofi Mensah,Kofi,Mensah,Adatum,Lead Designer,Accra\n"
    )
    (person,) = read_one(write(tmp_path, data), declared_kind="contacts").people
    assert (person.first_name, person.last_name) == ("Kofi", "Mensah")
    assert (person.company, person.position) == ("Adatum", "Lead Designer")


def test_a_url_that_is_not_a_linkedin_profile_becomes_the_website(tmp_path):
    data = "Name,URL\nAda Lovelace,https://ada.example.org\n"
    (person,) = read_one(write(tmp_path, data)).people
    assert (person.profile_url, person.website) == ("", "https://ada.example.org")


def test_a_blank_row_is_skipped(tmp_path):
    data = "profileUrl,firstName,lastName,occupation\nhttps://linkedin.com/in/ada,Ada,,\n,,,\n"
    section = read_one(write(tmp_path, data), declared_kind="followers")
    assert [s.reason for s in section.skipped] == ["no name, profile URL or email"]
    assert section.errors == []


def test_a_row_stating_a_headline_for_nobody_is_a_row_error_with_its_line(tmp_path):
    data = "profileUrl,firstName,lastName,occupation\n,,,Analyst\n"
    section = read_one(write(tmp_path, data), declared_kind="followers")
    assert section.people == [] and section.skipped == []
    [error] = section.errors
    assert (error.line, error.raw) == (2, ",,,Analyst")
    assert error.reason == "no name, LinkedIn profile URL or email to recognise this person by"


def test_unrecognised_columns_are_refused_with_the_column_names(tmp_path):
    path = write(tmp_path, "colour,size\nred,10\n")
    with pytest.raises(UnsupportedFile, match=r"columns were not recognised.*'colour'"):
        read_one(path)


def test_an_unknown_declared_kind_is_refused(tmp_path):
    with pytest.raises(UnsupportedFile, match="not 'friends'"):
        read_one(write(tmp_path, PHANTOM_FOLLOWERS), declared_kind="friends")


def test_the_naas_follower_columns_are_recognised(tmp_path):
    data = (
        "PROFILE_URN,PROFILE_ID,FIRSTNAME,LASTNAME,OCCUPATION,FOLLOWER_COUNT\n"
        "urn:li:fsd_profile:ACoAA,ACoAA,Lin,Wei,Engineer,12\n"
    )
    (person,) = read_one(write(tmp_path, data), declared_kind="followers").people
    assert (person.first_name, person.last_name, person.headline) == ("Lin", "Wei", "Engineer")
    assert person.is_follower is True


def test_an_outlook_csv_takes_the_position_from_job_title_not_the_honorific_title(tmp_path):
    # Outlook, and LinkedIn's own pre-2016 export, put "Title" (Mr., Dr.) before "Job Title".
    data = (
        '"Title","First Name","Last Name","E-mail Address","Company","Job Title"\n'
        '"Dr.","Olga","Kowalski","olga@example.org","Contoso","Buyer"\n'
    )
    (olga,) = read_one(write(tmp_path, data), declared_kind="contacts").people
    assert (olga.first_name, olga.company, olga.position) == ("Olga", "Contoso", "Buyer")


def test_an_outlook_web_page_is_the_website_and_a_linkedin_one_the_profile(tmp_path):
    data = (
        '"First Name","Last Name","E-mail Address","Web Page","Personal Web Page"\n'
        '"Olga","Kowalski","olga@example.org","https://contoso.example/olga","https://olga.example"\n'
        '"Lena","Berg","","http://www.linkedin.com/in/lena-berg",""\n'
    )
    olga, lena = read_one(write(tmp_path, data), declared_kind="contacts").people
    assert (olga.website, olga.profile_url) == ("https://contoso.example/olga", "")
    assert (lena.website, lena.profile_url) == ("", "http://www.linkedin.com/in/lena-berg")

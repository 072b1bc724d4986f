"""Google Contacts CSV, legacy and labeled, with ` ::: ` multi-values."""

from imports.records import SectionKind
from tests.imports.readers_support import SAMPLES, read_one, write


def test_the_constellation_sample_of_the_legacy_format():
    section = read_one(SAMPLES / "Remulous__constellation__tests_fixtures_google_contacts.csv")
    assert section.kind == SectionKind.CONTACTS
    jerry, zoe = section.people
    assert (jerry.first_name, jerry.last_name, jerry.email, jerry.phone) == (
        "Jerry", "Mathis", "jerry@example.com", "(757) 555-0101",
    )  # fmt: skip
    assert (jerry.company, jerry.position) == ("Example Partners", "Founder")
    assert (zoe.first_name, zoe.last_name, zoe.company) == ("Zoë", "Smith", "Unicode Works")
    assert [s.line for s in section.skipped] == [4]


def test_the_labeled_format_takes_linkedin_from_websites_and_labels_as_tags(tmp_path):
    data = (
        "First Name,Middle Name,Last Name,File As,Organization Name,Organization Title,Notes,"
        "Labels,E-mail 1 - Label,E-mail 1 - Value,Phone 1 - Label,Phone 1 - Value,"
        "Website 1 - Label,Website 1 - Value,Website 2 - Label,Website 2 - Value\n"
        "Sam,,Ortiz,,Globex,CTO,Met at PyCon,* myContacts ::: * Starred ::: Investors,"
        "* Work,sam@example.com ::: sam2@example.com,Mobile,+1 555 0100,"
        "Profile,https://www.linkedin.com/in/sam-ortiz,Blog,https://sam.example.com\n"
        ",,,,,,,,,,,,,,,\n"
    )
    section = read_one(write(tmp_path, "\ufeff" + data), declared_kind="contacts")
    (sam,) = section.people
    assert (sam.email, sam.phone, sam.company, sam.position) == (
        "sam@example.com", "+1 555 0100", "Globex", "CTO",
    )  # fmt: skip
    assert (sam.profile_url, sam.website) == (
        "https://www.linkedin.com/in/sam-ortiz", "https://sam.example.com",
    )  # fmt: skip
    assert (sam.tags, sam.notes) == (["Investors"], ["Met at PyCon"])
    assert len(section.skipped) == 1

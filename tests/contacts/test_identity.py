import csv
from pathlib import Path

import pytest

from contacts.identity import normalise_email, profile_slug, profile_url

SAMPLES = Path(__file__).resolve().parents[1] / "fixtures" / "linkedin"


@pytest.mark.parametrize(
    ("url", "slug"),
    [
        ("https://www.linkedin.com/in/jane-sample-456", "jane-sample-456"),
        ("https://www.linkedin.com/in/jane-sample-456/", "jane-sample-456"),
        ("http://www.linkedin.com/in/jane-sample-456", "jane-sample-456"),
        ("www.linkedin.com/in/jane-sample-456", "jane-sample-456"),
        ("linkedin.com/in/jane-sample-456", "jane-sample-456"),
        ("https://uk.linkedin.com/in/jane-sample-456", "jane-sample-456"),
        ("https://de.linkedin.com/in/Jane-Sample-456/?originalSubdomain=de", "jane-sample-456"),
        ("https://www.linkedin.com/in/jane-sample-456?trk=people-guest#top", "jane-sample-456"),
        ("https://www.linkedin.com/in/jane-sample-456/details/experience/", "jane-sample-456"),
        ("https://www.linkedin.com/mwlite/in/jane-sample-456", "jane-sample-456"),
        ("  HTTPS://WWW.LINKEDIN.COM/IN/JANE-SAMPLE-456  ", "jane-sample-456"),
        ("https://www.linkedin.com/in/zo%C3%AB-brandt", "zoë-brandt"),
        ("https://www.linkedin.com/in/ZO%C3%8B-Brandt", "zoë-brandt"),
        ("https://www.linkedin.com/in/linnéa-blixt-hr-mildef", "linnéa-blixt-hr-mildef"),
        # "e" followed by a combining acute accent (NFD) is the same person as "é" (NFC).
        ("https://www.linkedin.com/in/linne\u0301a-blixt", "linnéa-blixt"),
    ],
)
def test_it_reduces_every_profile_url_form_to_one_slug(url, slug):
    assert profile_slug(url) == slug


@pytest.mark.parametrize(
    "value",
    [
        "",
        None,
        "https://www.linkedin.com/company/acme",
        "https://www.linkedin.com/in/",
        "https://example.com/in/jane",
        "https://notlinkedin.com/in/jane",
        "javascript:alert(1)//linkedin.com/in/jane",
        "ftp://www.linkedin.com/in/jane",
        "https://www.linkedin.com/help/linkedin/answer/261",
    ],
)
def test_it_finds_no_slug_in_what_is_not_a_profile_url(value):
    assert profile_slug(value) == ""


def _sample_profile_urls() -> list[str]:
    urls = []
    for path in sorted(SAMPLES.glob("*.csv")):
        text = path.read_text(encoding="utf-8-sig")
        for row in csv.reader(text.splitlines()):
            urls += [cell for cell in row if "linkedin.com/in/" in cell]
    return urls


def test_the_samples_hold_profile_urls():
    assert len(_sample_profile_urls()) >= 20


@pytest.mark.parametrize("url", _sample_profile_urls())
def test_it_normalises_every_profile_url_in_the_samples(url):
    slug = profile_slug(url)
    assert slug
    assert slug == slug.lower()
    assert "%" not in slug and "/" not in slug
    assert profile_slug(profile_url(slug)) == slug


def test_a_percent_encoded_sample_slug_is_decoded():
    assert "zoë-brandt" in {profile_slug(url) for url in _sample_profile_urls()}


@pytest.mark.parametrize(
    ("raw", "email"),
    [
        ("Jane@Example.ORG", "jane@example.org"),
        ("  jane@example.org ", "jane@example.org"),
        ("mailto:jane@example.org", "jane@example.org"),
        ("urn:li:member:664293716", ""),
        ("not an email", ""),
        ("", ""),
    ],
)
def test_it_normalises_emails(raw, email):
    assert normalise_email(raw) == email

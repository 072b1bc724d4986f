"""The identity normalisers on any text: they never crash, and normalising twice changes nothing."""

from __future__ import annotations

from urllib.parse import quote

from hypothesis import given
from hypothesis import strategies as st

from contacts.identity import normalise_email, profile_slug, profile_url

_host = st.sampled_from(["", "www.", "uk.", "m.", "HTTPS://www.", "http://"])
_tail = st.sampled_from(["", "/", "?trk=x", "#top", "/details/"])


@given(st.text())
def test_a_slug_normalised_again_is_the_same_slug(text):
    slug = profile_slug(text)
    assert profile_slug(profile_url(slug)) == slug


@given(host=_host, raw=st.text(min_size=1, max_size=60), tail=_tail, encode=st.booleans())
def test_any_linkedin_url_gives_a_slug_that_its_canonical_url_gives_back(host, raw, tail, encode):
    path = quote(raw, safe="") if encode else raw
    slug = profile_slug(f"{host}linkedin.com/in/{path}{tail}")
    assert slug == slug.strip()
    assert profile_slug(profile_url(slug)) == slug


@given(st.text())
def test_an_email_normalised_again_is_the_same_email(text):
    email = normalise_email(text)
    assert normalise_email(email) == email
    assert email == email.strip().lower() or email == ""


@given(local=st.text(min_size=1, max_size=20), domain=st.text(min_size=1, max_size=20))
def test_any_address_like_text_normalises_idempotently(local, domain):
    email = normalise_email(f" {local}@{domain}.org ")
    assert normalise_email(email) == email

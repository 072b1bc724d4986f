"""How a person is recognised: their LinkedIn profile slug, then their email.

Both normalisers are idempotent: normalising a normalised value changes nothing.
"""

import re
import unicodedata
from urllib.parse import quote, unquote, urlsplit

_LINKEDIN_HOST = re.compile(r"^(?:[a-z0-9-]+\.)*linkedin\.com$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# Path prefixes LinkedIn puts before /in/ on mobile and lite pages.
_PROFILE_PREFIXES = ("mwlite", "m")


def profile_slug(value: str | None) -> str:
    """The canonical slug of a LinkedIn profile URL, or "" when it is not one.

    Accepts ``https://``, ``http://`` and scheme-less URLs, ``www.`` and country
    subdomains, trailing slashes, query strings and fragments; the slug is
    percent-decoded, lower-cased and in Unicode NFC.
    """
    if not value:
        return ""
    text = unicodedata.normalize("NFC", value.strip())
    if not text:
        return ""
    if "://" not in text:
        text = "https://" + text.lstrip("/")
    try:
        parts = urlsplit(text)
    except ValueError:
        return ""
    if parts.scheme.lower() not in ("http", "https"):
        return ""
    host = (parts.hostname or "").lower()
    if not _LINKEDIN_HOST.match(host):
        return ""
    segments = [segment for segment in parts.path.split("/") if segment]
    while segments and segments[0].lower() in _PROFILE_PREFIXES:
        segments = segments[1:]
    if len(segments) < 2 or segments[0].lower() != "in":
        return ""
    slug = unquote(segments[1], errors="strict") if _decodes(segments[1]) else segments[1]
    slug = unicodedata.normalize("NFC", slug).strip().lower()
    if not slug or "/" in slug or any(ch.isspace() or _is_control(ch) for ch in slug):
        return ""
    return slug[:200]


def _is_control(char: str) -> bool:
    # A percent-encoded NUL or other control character is in no real slug or address.
    return unicodedata.category(char) == "Cc"


def _decodes(segment: str) -> bool:
    try:
        unquote(segment, errors="strict")
    except UnicodeDecodeError:
        return False
    return True


def profile_url(slug: str) -> str:
    """The canonical public URL of a profile slug."""
    return f"https://www.linkedin.com/in/{quote(slug, safe='')}/" if slug else ""


def normalise_email(value: str | None) -> str:
    """A trimmed, lower-cased email address, or "" when the value is not one."""
    if not value:
        return ""
    text = unicodedata.normalize("NFC", value.strip()).lower()
    if text.startswith("mailto:"):
        text = text.removeprefix("mailto:")
    if len(text) > 254 or not _EMAIL.match(text) or any(_is_control(ch) for ch in text):
        return ""
    return text

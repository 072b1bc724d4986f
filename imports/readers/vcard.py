"""vCard 3.0 and 4.0 files (Apple, Google, Outlook, phones), one record per card.

Cards are cut from the stream line by line and each is parsed alone with
vobject, so a broken card is one row error and memory holds one card.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import vobject

from imports.readers.columns import finish_record
from imports.readers.profiles import declare
from imports.readers.text import CP1252_WARNING, DecodedLines
from imports.records import Item, PersonRecord, RowError

MAX_CARD_CHARS = 1024 * 1024
_LINKEDIN = re.compile(r"linkedin\.com/(?:[\w-]+/)?in/", re.IGNORECASE)
# vCard 4.0 writes a phone as a URI (TEL;VALUE=uri:tel:+1-555-0100): keep the number.
_TEL_URI = re.compile(r"^tel:", re.IGNORECASE)


def read_vcards(
    lines: DecodedLines, declared_kind: str | None, warnings: list[str]
) -> Iterator[Item]:
    """A record per card; a card vobject cannot parse is a row error.

    The Windows-1252 fallback warning goes to ``warnings`` when it first happens.
    """
    for line, text, ended in _cards(lines):
        if lines.fell_back_to_cp1252 and CP1252_WARNING not in warnings:
            warnings.append(CP1252_WARNING)
        if not ended:
            yield RowError(line, "the card has no END:VCARD (is the file cut short?)", text[:1000])
            continue
        if len(text) > MAX_CARD_CHARS:
            yield RowError(line, "the card is larger than 1 MB", text[:1000])
            continue
        try:
            card = vobject.readOne(text)
            item = finish_record(_record(line, card))
        except Exception as error:
            yield RowError(line, f"not a readable vCard ({type(error).__name__})", text[:1000])
            continue
        yield declare(item, declared_kind) if isinstance(item, PersonRecord) else item


def _cards(lines: DecodedLines) -> Iterator[tuple[int, str, bool]]:
    """``(first line, text, whether it ended)`` per card; a card cut short is yielded too."""
    card: list[str] = []
    size = 0
    start = 0
    for number, line in enumerate(lines, start=1):
        keyword = line.strip().upper()
        if keyword == "BEGIN:VCARD":
            if card:
                yield start, "".join(card), False
            card, size, start = [line], len(line), number
        elif card:
            if size <= MAX_CARD_CHARS:
                card.append(line)
                size += len(line)
            if keyword == "END:VCARD":
                yield start, "".join(card), True
                card = []
    if card:
        yield start, "".join(card), False


def _record(line: int, card: Any) -> PersonRecord:
    contents = card.contents
    record = PersonRecord(line=line)
    if "n" in contents:
        name = contents["n"][0].value
        record.first_name = _text(name.given)
        record.last_name = _text(name.family)
    record.email = _first(contents, "email")
    if "fn" in contents and not (record.first_name or record.last_name):
        # A card without a name must still have an FN: address books, and this app's
        # export, give it the email address, which is no name to store.
        name = _text(contents["fn"][0].value)
        record.display_name = "" if name.casefold() == record.email.casefold() else name
    record.phone = _TEL_URI.sub("", _first(contents, "tel"))
    if "org" in contents:
        org = contents["org"][0].value
        record.company = _text(org[0] if isinstance(org, list) and org else org)
    record.position = _first(contents, "title")
    urls = [
        _text(item.value) for key in ("url", "x-socialprofile") for item in contents.get(key, [])
    ]
    linkedin = [url for url in urls if _LINKEDIN.search(url)]
    others = [url for url in urls if not _LINKEDIN.search(url)]
    record.profile_url = linkedin[0] if linkedin else ""
    record.website = others[0] if others else ""
    if "adr" in contents:
        address = contents["adr"][0].value
        record.location = ", ".join(
            part for part in (_text(address.city), _text(address.country)) if part
        )
    record.notes = [_text(item.value) for item in contents.get("note", []) if _text(item.value)]
    record.tags = [
        _text(tag) for item in contents.get("categories", []) for tag in item.value if _text(tag)
    ]
    return record


def _first(contents: dict[str, list[Any]], key: str) -> str:
    for item in contents.get(key, []):
        value = _text(item.value)
        if value:
            return value
    return ""


def _text(value: Any) -> str:
    if isinstance(value, list):
        return " ".join(_text(part) for part in value if _text(part))
    return str(value or "").strip()

"""Columns by name: header normalisation, name synonyms, and rows into PersonRecords.

Files from export tools name the same thing many ways (``profileUrl``,
``profile_url``, ``LinkedIn URL``); comparing names with case, spaces and
punctuation removed lets one synonym list cover them. A user-confirmed mapping
uses the same record builder, so every tabular format fills records alike.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping

from imports.readers.dates import parse_date, parse_datetime
from imports.records import PersonRecord, SkippedRow

FULL_NAME = "full_name"  # a mapping target that is split into first and last name
TEXT_FIELDS = (
    "profile_url", "email", "first_name", "last_name", "display_name", "headline",
    "position", "company", "location", "phone", "website",
)  # fmt: skip
DATE_FIELDS = ("connected_on", "followed_me_on", "following_since")
DATETIME_FIELDS = ("last_interaction_at", "invitation_at")
LIST_FIELDS = ("tags", "notes")
MAPPING_TARGETS = (*TEXT_FIELDS, FULL_NAME, *DATE_FIELDS, *DATETIME_FIELDS, *LIST_FIELDS)

# Normalised source names (see ``normalise_name``) for each record field, after FORMATS.md §3.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "profile_url": (
        "profileurl", "profilelink", "linkedinprofileurl", "linkedinurl", "linkedinprofile",
        "linkedin", "url", "publicprofileurl", "defaultprofileurl", "profile", "publicurl",
    ),
    "email": ("email", "emailaddress", "mail", "email1", "emailaddress1", "workemail"),
    "first_name": ("firstname", "givenname", "first", "forename"),
    "last_name": ("lastname", "familyname", "surname", "last"),
    FULL_NAME: ("fullname", "name", "displayname", "contactname"),
    "headline": ("headline", "occupation", "tagline", "summarytitle"),
    # "jobtitle" first: where a file has both, "Title" is an honorific (Outlook: Mr., Dr.).
    "position": ("jobtitle", "title", "position", "currentcompanyposition", "role"),
    "company": ("company", "companyname", "currentcompany", "organization", "organisation",
                "employer"),
    "location": ("location", "locationname", "geolocation", "city"),
    "phone": ("phone", "phonenumber", "mobile", "telephone", "tel", "phone1"),
    # Outlook's "Web Page" is the business page; its "Personal Web Page" comes second.
    "website": ("website", "web", "homepage", "site", "website1", "webpage", "personalwebpage"),
    "connected_on": ("connectedon", "connectedat", "connectiondate", "connecteddate"),
    "followed_me_on": ("followedon", "followedat", "followersince", "followedmeon"),
    "following_since": ("followingsince",),
    "tags": ("tags", "labels"),
    "notes": ("note", "notes"),
}  # fmt: skip
_SYNONYM_TO_FIELD = {synonym: target for target, names in SYNONYMS.items() for synonym in names}
_SYNONYM_RANK = {synonym: rank for names in SYNONYMS.values() for rank, synonym in enumerate(names)}
_NOT_ALNUM = re.compile(r"[\W_]+")
# Cheap on every row; the pipeline canonicalises the slug of what passes.
_LINKEDIN_PROFILE = re.compile(r"linkedin\.com/(?:[\w-]+/)?in/[^/?#\s]", re.IGNORECASE)
_LIST_SPLIT = re.compile(r"\s*[;,]\s*")


def normalise_name(column: str) -> str:
    """``" Profile URL "`` -> ``"profileurl"``: case, spaces and punctuation ignored."""
    return _NOT_ALNUM.sub("", column.strip().strip('"').lower())


def header_signature(columns: list[str]) -> str:
    """A short stable string naming a header's shape, to store a confirmed mapping under."""
    shape = "\x1f".join(normalise_name(column) for column in columns)
    return hashlib.sha256(shape.encode()).hexdigest()[:32]


def suggest_mapping(columns: list[str]) -> dict[str, str]:
    """Source column -> record field, for every column whose name is a known synonym.

    When several columns name one field, the earliest synonym in ``SYNONYMS`` wins,
    then the first such column.
    """
    best: dict[str, tuple[int, int, str]] = {}
    for index, column in enumerate(columns):
        name = normalise_name(column)
        target = _SYNONYM_TO_FIELD.get(name)
        if target and (target not in best or (_SYNONYM_RANK[name], index) < best[target][:2]):
            best[target] = (_SYNONYM_RANK[name], index, column)
    chosen = sorted((index, column, target) for target, (_rank, index, column) in best.items())
    return {column: target for _index, column, target in chosen}


def check_mapping(mapping: Mapping[str, str]) -> None:
    """Raises ValueError naming a target that is not a record field."""
    unknown = sorted(set(mapping.values()) - set(MAPPING_TARGETS))
    if unknown:
        raise ValueError(f"Unknown fields in the column mapping: {', '.join(unknown)}.")


def identifies_people(mapping: Mapping[str, str]) -> bool:
    """Whether mapped columns can say who a row is: a profile, an email or a name."""
    targets = set(mapping.values())
    return bool(targets & {"profile_url", "email", "first_name", "last_name", FULL_NAME,
                           "display_name"})  # fmt: skip


def split_full_name(full_name: str) -> tuple[str, str]:
    """``"Ada King Lovelace"`` -> ``("Ada", "King Lovelace")``; a credential suffix stays last."""
    words = full_name.split()
    if not words:
        return "", ""
    return words[0], " ".join(words[1:])


class RecordBuilder:
    """Builds records from rows through one mapping; the mapping is sorted out once, up front."""

    def __init__(self, mapping: Mapping[str, str]) -> None:
        self._text = [
            (source, target) for source, target in mapping.items() if target in TEXT_FIELDS
        ]
        self._other = [
            (source, target) for source, target in mapping.items() if target not in TEXT_FIELDS
        ]

    def states_something(self, values: Mapping[str, object]) -> bool:
        """Whether the row holds text (a headline, a company...) for someone.

        A row of empty cells does not, nor a row of dates alone: LinkedIn's hidden accounts.
        """
        return any(str(values.get(source) or "").strip() for source, _target in self._text)

    def build(self, line: int, values: Mapping[str, object]) -> PersonRecord | SkippedRow:
        """A record from one row's ``{source column: value}``."""
        get = values.get
        texts = {
            target: str(value).strip() for source, target in self._text if (value := get(source))
        }
        record = PersonRecord(line, **texts)
        for source, target in self._other:
            value = get(source)
            if value is None or value == "":
                continue
            if target in LIST_FIELDS:
                setattr(record, target, getattr(record, target) + _as_list(value, target))
            elif target == FULL_NAME:
                record.display_name = record.display_name or str(value).strip()
            elif target in DATE_FIELDS:
                setattr(record, target, parse_date(str(value)))
            else:
                setattr(record, target, parse_datetime(str(value)))
        return finish_record(record)


def finish_record(record: PersonRecord, *, split_names: bool = True) -> PersonRecord | SkippedRow:
    """Fills first/last from a full name, moves a non-LinkedIn URL to website, or skips.

    ``split_names=False`` is for files whose first and last names are already exact
    (this app's own export), where an empty first name means exactly that.
    """
    if split_names and record.display_name and not (record.first_name or record.last_name):
        record.first_name, record.last_name = split_full_name(record.display_name)
        if " ".join((record.first_name, record.last_name)).strip() == record.display_name:
            record.display_name = ""
    if not record.profile_url and _LINKEDIN_PROFILE.search(record.website):
        # A LinkedIn profile given as the web page (Outlook, older export tools) says who it is.
        record.profile_url, record.website = record.website, ""
    if record.profile_url and not _LINKEDIN_PROFILE.search(record.profile_url):
        record.website = record.website or record.profile_url
        record.profile_url = ""
    if not (record.profile_url or record.email or record.first_name or record.last_name
            or record.display_name):  # fmt: skip
        return SkippedRow(record.line, "no name, profile URL or email")
    return record


def _as_list(value: object, target: str) -> list[str]:
    if isinstance(value, list):
        return [str(item).strip() for item in value if str(item).strip()]
    text = str(value).strip()
    if target == "notes":
        return [text] if text else []
    return [part for part in _LIST_SPLIT.split(text) if part]

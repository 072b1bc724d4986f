"""Every date shape LinkedIn exports and Excel re-saves produce (FORMATS.md §5).

Times without a zone are LinkedIn's, which writes UTC; they are returned as
aware UTC datetimes. Month names are matched in English and in the languages
Excel re-saves were seen in (Spanish, plus German, French and Danish, whose
abbreviations do not clash with them).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january", "ene", "enero", "janv", "janvier", "januar"),
            ("feb", "february", "febrero", "fév", "févr", "février", "februar"),
            ("mar", "march", "marzo", "mär", "märz", "mars", "marts"),
            ("apr", "april", "abr", "abril", "avr", "avril"),
            ("may", "mayo", "mai", "maj"),
            ("jun", "june", "junio", "juin", "juni"),
            ("jul", "july", "julio", "juil", "juillet", "juli"),
            ("aug", "august", "ago", "agosto", "août"),
            ("sep", "sept", "september", "septiembre", "septembre"),
            ("oct", "october", "octubre", "okt", "octobre", "oktober"),
            ("nov", "november", "noviembre", "novembre"),
            ("dec", "december", "dic", "diciembre", "dez", "déc", "décembre", "dezember"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month_name>[^\W\d_]{3,10})\.?"
_TIME = (
    r"(?:[ T,]+(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2})(?:\.\d+)?)?\s*(?P<ampm>[AaPp][Mm])?)?"
)
_ZONE = r"\s*(?:UTC|GMT|Z|(?P<offset>[+-]\d{2}:?\d{2}))?"
_PATTERNS = [
    # 2024-12-16 18:24:37 UTC, 2019-11-06T02:08:20, 2023-01-15, 2024/12/07 14:51:07 UTC
    re.compile(rf"(?P<y>\d{{4}})[-/](?P<m>\d{{1,2}})[-/](?P<d>\d{{1,2}}){_TIME}{_ZONE}"),
    # 07 Dec 2024, 23-Nov-21, 30-oct-09, 5-Jan-26
    re.compile(rf"(?P<d>\d{{1,2}})[ -]{_MONTH}[ -](?P<y>\d{{4}}|\d{{2}}){_TIME}{_ZONE}"),
    # 12/22/16, 9:55 AM; 11/27/24, 09:51 AM; 1/8/2018 (US order, as LinkedIn writes it)
    re.compile(rf"(?P<m>\d{{1,2}})/(?P<d>\d{{1,2}})/(?P<y>\d{{4}}|\d{{2}}){_TIME}{_ZONE}"),
    # 16.09.2021 (European Excel)
    re.compile(rf"(?P<d>\d{{1,2}})\.(?P<m>\d{{1,2}})\.(?P<y>\d{{4}}|\d{{2}}){_TIME}{_ZONE}"),
    # Sat Dec 14 08:57:55 UTC 2024 (Java Date.toString)
    re.compile(
        rf"[^\W\d_]{{3}} {_MONTH} (?P<d>\d{{1,2}}) (?P<h>\d{{1,2}}):(?P<mi>\d{{2}}):(?P<s>\d{{2}})"
        rf" (?:UTC|GMT) (?P<y>\d{{4}})"
    ),
    # Dec 14, 2024
    re.compile(rf"{_MONTH} (?P<d>\d{{1,2}}),? (?P<y>\d{{4}}){_TIME}{_ZONE}"),
]


def parse_datetime(text: str | None) -> datetime | None:
    """The moment ``text`` names, in UTC, or None when it is empty or not a date."""
    if not text:
        return None
    return _parse(text.strip().strip('"').strip())


@lru_cache(maxsize=4096)  # a file repeats its dates: parse each distinct one once
def _parse(value: str) -> datetime | None:
    for pattern in _PATTERNS:
        match = pattern.fullmatch(value)
        if match:
            return _build(match)
    return None


def parse_date(text: str | None) -> date | None:
    """The calendar day ``text`` names, or None when it is empty or not a date."""
    moment = parse_datetime(text)
    return moment.date() if moment else None


def normalise_date(text: str | None) -> str:
    """``text`` as an ISO day (``2024-12-07``), or "" when it is not a date. Idempotent."""
    day = parse_date(text)
    return day.isoformat() if day else ""


def _build(match: re.Match[str]) -> datetime | None:
    parts = match.groupdict()
    name = parts.get("month_name")
    month = _MONTHS.get(name.lower()) if name else int(parts["m"])
    if month is None:
        return None
    year, day = _full_year(parts["y"]), int(parts["d"])
    hour, minute, second = (int(parts.get(key) or 0) for key in ("h", "mi", "s"))
    ampm = (parts.get("ampm") or "").lower()
    if ampm:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ampm == "pm" else 0)
    try:
        moment = datetime(year, month, day, hour, minute, second, tzinfo=UTC)
    except ValueError:
        return None
    offset = parts.get("offset")
    if offset:
        sign = 1 if offset[0] == "+" else -1
        digits = offset[1:].replace(":", "")
        moment -= sign * timedelta(minutes=int(digits[:2]) * 60 + int(digits[2:]))
    return moment


def _full_year(text: str) -> int:
    year = int(text)
    if len(text) == 4:
        return year
    # Two-digit years come from Excel re-saves of LinkedIn dates (LinkedIn started in 2003).
    this_year = datetime.now(UTC).year % 100
    return 2000 + year if year <= this_year + 1 else 1900 + year

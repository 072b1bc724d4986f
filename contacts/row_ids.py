"""Row ids as a form or an address sends them: only what can be a primary key counts.

``str.isdigit`` alone lets through "²" and "٣", which ``int`` refuses, and numbers past
a bigint, which the database refuses: each was a server error.
"""

from __future__ import annotations

from collections.abc import Iterable

# The largest key PostgreSQL's bigint and SQLite's INTEGER hold.
LARGEST_ID = 2**63 - 1


def row_id(value: str | int | None) -> int | None:
    """The id ``value`` is, or spells in ASCII digits; None when it is not one."""
    value = str(value) if isinstance(value, int) else value
    if not value or not (value.isascii() and value.isdigit()):
        return None
    number = int(value)
    return number if 0 < number <= LARGEST_ID else None


def row_ids(values: Iterable[str]) -> list[int]:
    """The ids among ``values``; the others are left out."""
    return [number for number in map(row_id, values) if number is not None]

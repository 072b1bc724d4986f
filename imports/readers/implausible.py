"""Values a generic file states that are not kept: an email that is no address, a date to come.

A CSV or JSON of the user's own can hold anything in a column mapped to the
email or to a date. Such a value is left out of its record and the row still
imports; the section then carries one warning for each kind, with how many
rows and the first of them, never one per row. A row that only an unusable
email identified cannot be imported: it is a row error that says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.utils import timezone

from contacts.identity import normalise_email
from imports.records import PersonRecord, RowError

# A file written in a time zone ahead of the server's can date a connection "tomorrow".
FUTURE_GRACE = timedelta(days=1)
# What has happened by the time a file is written: none of it can be in the future.
PAST_FACTS = {
    "connected_on": "connection date",
    "followed_me_on": "followed-you date",
    "following_since": "following-since date",
    "invitation_at": "invitation date",
    "last_interaction_at": "last interaction",
}
SHOWN_CHARACTERS = 80


def _shown(value: str) -> str:
    """The value as a warning quotes it: short, and with any control character escaped."""
    text = value if len(value) <= SHOWN_CHARACTERS else value[:SHOWN_CHARACTERS] + "…"
    return repr(text)


@dataclass
class LeftOut:
    """The rows that had one kind of value left out: how many, and the first of them."""

    count: int = 0
    first_line: int = 0
    first: str = ""

    def add(self, line: int, what: str) -> None:
        if not self.count:
            self.first_line, self.first = line, what
        self.count += 1

    def warning(self, problem: str, left_out: str, unit: str = "line") -> str:
        if self.count == 1:
            return (
                f"1 row has {problem} ({unit} {self.first_line}: {self.first}); "
                f"it was imported without {left_out}."
            )
        return (
            f"{self.count:,} rows have {problem} (the first on {unit} {self.first_line}: "
            f"{self.first}); they were imported without {left_out}."
        )


class ImplausibleValues:
    """Takes out of records the emails that are not addresses and the dates still to come."""

    def __init__(self, now: datetime | None = None, unit: str = "line") -> None:
        self.unit = unit  # what a row's number counts: "line", or "item" of a JSON array
        self.latest_moment = (now or timezone.now()) + FUTURE_GRACE
        self.bad_emails = LeftOut()
        self.future_dates = LeftOut()

    def leave_out(self, record: PersonRecord, raw: str) -> PersonRecord | RowError:
        """The record without such values, or a row error when nothing else names the person."""
        # The contact form's and the API's test, so an import keeps what they would.
        if record.email and not normalise_email(record.email):
            if not (record.profile_url or record.first_name or record.last_name
                    or record.display_name):  # fmt: skip
                return RowError(
                    record.line,
                    f"the email {_shown(record.email)} is not an email address, and the row "
                    "has no name or LinkedIn profile URL to recognise this person by",
                    raw,
                )
            self.bad_emails.add(record.line, _shown(record.email))
            record.email = ""
        future = [
            name
            for name in PAST_FACTS
            if (value := getattr(record, name)) is not None and self._is_future(value)
        ]
        if future:
            first = getattr(record, future[0])
            self.future_dates.add(record.line, f"{PAST_FACTS[future[0]]} {first:%Y-%m-%d}")
            for name in future:
                setattr(record, name, None)
        return record

    def warnings(self) -> list[str]:
        """One warning for each kind of value left out, in words for the job's page."""
        warnings = []
        if self.bad_emails.count:
            warnings.append(
                self.bad_emails.warning(
                    "an email that is not an email address", "the email", self.unit
                )
            )
        if self.future_dates.count:
            warnings.append(
                self.future_dates.warning("a date in the future", "the date", self.unit)
            )
        return warnings

    def _is_future(self, value: date) -> bool:
        if isinstance(value, datetime):
            return value > self.latest_moment
        return value > self.latest_moment.date()

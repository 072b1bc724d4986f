"""The date normaliser: every LinkedIn and Excel shape, and idempotent on anything."""

from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from imports.readers.dates import normalise_date, parse_date, parse_datetime


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("07 Dec 2024", date(2024, 12, 7)),
        ("7 Dec 2024", date(2024, 12, 7)),
        ('"12/22/16, 9:55 AM"', date(2016, 12, 22)),
        ("11/27/24, 09:51 AM", date(2024, 11, 27)),
        ("2023-01-15", date(2023, 1, 15)),
        ("23-Nov-21", date(2021, 11, 23)),
        ("16.09.2021", date(2021, 9, 16)),
        ("30-oct-09", date(2009, 10, 30)),
        ("15-ene-19", date(2019, 1, 15)),
        ("2024-12-16 18:24:37 UTC", date(2024, 12, 16)),
        ("2019-11-06T02:08:20", date(2019, 11, 6)),
        ("2024/12/07 14:51:07 UTC", date(2024, 12, 7)),
        ("Sat Dec 14 08:57:55 UTC 2024", date(2024, 12, 14)),
        ("2026-04-06 14:48:23", date(2026, 4, 6)),
    ],
)
def test_it_reads_every_documented_date_shape(text, day):
    assert parse_date(text) == day


@pytest.mark.parametrize(
    "text", ["", "   ", None, "someday", "31 Feb 2020", "13/45/20", "2 weeks ago"]
)
def test_empty_or_impossible_dates_are_unknown(text):
    assert parse_date(text) is None
    assert normalise_date(text) == ""


def test_twelve_hour_times_become_utc_datetimes():
    assert parse_datetime("12/15/24, 12:47 AM") == datetime(2024, 12, 15, 0, 47, tzinfo=UTC)
    assert parse_datetime("12/15/24, 7:47 PM") == datetime(2024, 12, 15, 19, 47, tzinfo=UTC)


def test_an_offset_is_converted_to_utc():
    assert parse_datetime("2023-01-15T01:00:00+02:00") == datetime(2023, 1, 14, 23, tzinfo=UTC)


@given(st.text(max_size=40))
def test_normalising_is_idempotent_on_any_text(text):
    once = normalise_date(text)
    assert normalise_date(once) == once


@given(st.dates(min_value=date(1970, 1, 1), max_value=date(2069, 12, 31)))
def test_every_written_shape_of_a_day_reads_back_as_that_day(day):
    shapes = [
        day.strftime("%d %b %Y"),
        day.isoformat(),
        day.strftime("%d.%m.%Y"),
        day.strftime("%m/%d/%Y"),
    ]
    assert {parse_date(shape) for shape in shapes} == {day}

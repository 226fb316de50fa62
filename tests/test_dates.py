"""Indonesian dates: day first, Indonesian names, weekday checked."""

from __future__ import annotations

import contextlib
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desacoop.dates import MONTHS, WEEKDAYS, format_date, parse_date
from desacoop.errors import InvalidDate, ValidationError


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Rabu (13/4/2022)", dt.date(2022, 4, 13)),
        ("13 April 2022", dt.date(2022, 4, 13)),
        ("13 Mei 2022", dt.date(2022, 5, 13)),
        ("Rabu, 13 April 2022", dt.date(2022, 4, 13)),
        ("2022-04-13", dt.date(2022, 4, 13)),
        ("2022-04-05", dt.date(2022, 4, 5)),
        ("4/5/2022", dt.date(2022, 5, 4)),
        ("13-04-2022", dt.date(2022, 4, 13)),
        ("13 Agustus 2019", dt.date(2019, 8, 13)),
        ("7 Agt 2019", dt.date(2019, 8, 7)),
        ("1 Desember 2023", dt.date(2023, 12, 1)),
        ("Jum'at, 15 April 2022", dt.date(2022, 4, 15)),
        ("Jumat 15 April 2022", dt.date(2022, 4, 15)),
        ("Ahad, 17 April 2022", dt.date(2022, 4, 17)),
        ("Minggu 17/4/2022", dt.date(2022, 4, 17)),
        ("29 Februari 2024", dt.date(2024, 2, 29)),
        ("  13 april 2022 ", dt.date(2022, 4, 13)),
        ("Wednesday, 13 April 2022", dt.date(2022, 4, 13)),
    ],
)
def test_indonesian_forms(text: str, expected: dt.date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("Kamis, 13 April 2022", "says Kamis, but 13 April 2022 is a Rabu"),
        ("Selasa (13/4/2022)", "is a Rabu"),
        ("13/4/22", "four-digit year"),
        ("April 2022", "incomplete"),
        ("13 April", "four-digit year"),
        ("2022-02-30", "no such date"),
        ("29 Februari 2023", "not a date"),
        ("31/4/2022", "not a date"),
        ("13 Foo 2022", "not a date"),
        ("13 April 2022 10:00", "without a time"),
        ("Rabu Kamis 13 April 2022", "two weekdays"),
        ("", "four-digit year"),
    ],
)
def test_bad_dates(text: str, fragment: str) -> None:
    with pytest.raises(InvalidDate, match=fragment):
        parse_date(text)


@pytest.mark.parametrize("value", [None, 20220413, dt.datetime(2022, 4, 13, 10)])
def test_non_text_is_rejected(value: object) -> None:
    with pytest.raises(InvalidDate):
        parse_date(value)


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_written_dates_read_back(day: dt.date) -> None:
    assert parse_date(format_date(day)) == day
    assert parse_date(format_date(day, weekday=False)) == day
    assert parse_date(f"{day.day}/{day.month}/{day.year}") == day
    assert parse_date(day.isoformat()) == day


@given(st.text(max_size=30))
def test_never_another_exception(text: str) -> None:
    with contextlib.suppress(ValidationError):
        parse_date(text)


def test_names() -> None:
    assert MONTHS[4] == "Mei"
    assert WEEKDAYS[dt.date(2022, 4, 13).weekday()] == "Rabu"
    assert format_date(dt.date(2022, 4, 13)) == "Rabu, 13 April 2022"

"""Indonesian dates: reading them the way they are written, and writing them back.

Numeric dates are day first (``13/4/2022`` is 13 April 2022); month and weekday names
are Indonesian (English is accepted too). A weekday that contradicts the date is an
error, not something to ignore.

>>> parse_date("Rabu (13/4/2022)")
datetime.date(2022, 4, 13)
>>> parse_date("13 Mei 2022")
datetime.date(2022, 5, 13)
>>> format_date(parse_date("2022-04-13"))
'Rabu, 13 April 2022'
>>> parse_date("Kamis, 13 April 2022")
Traceback (most recent call last):
...
desacoop.errors.InvalidDate: 'Kamis, 13 April 2022' says Kamis, but 13 April 2022 is a Rabu
"""

from __future__ import annotations

import datetime as dt
import re

from dateutil import parser as du_parser

from desacoop._checks import date_argument
from desacoop.errors import InvalidDate, ValidationError, shown

__all__ = ["MONTHS", "WEEKDAYS", "format_date", "parse_date"]

#: Indonesian month names, January first.
MONTHS: tuple[str, ...] = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
)  # fmt: skip

#: Indonesian weekday names, Monday (Senin) first, as :meth:`datetime.date.weekday`.
WEEKDAYS: tuple[str, ...] = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")

_WEEKDAY_NAMES: dict[str, int] = {}
for _i, _names in enumerate(
    [
        ("senin", "monday", "mon"),
        ("selasa", "tuesday", "tue"),
        ("rabu", "wednesday", "wed"),
        ("kamis", "thursday", "thu"),
        ("jumat", "friday", "fri"),
        ("sabtu", "saturday", "sat"),
        ("minggu", "ahad", "sunday", "sun"),
    ]
):
    for _name in _names:
        _WEEKDAY_NAMES[_name] = _i


class _IndonesianInfo(du_parser.parserinfo):
    MONTHS: list[tuple[str, ...]] = [  # type: ignore[assignment]  # noqa: RUF012
        ("Jan", "Januari", "January"),
        ("Feb", "Februari", "February"),
        ("Mar", "Maret", "March"),
        ("Apr", "April"),
        ("Mei", "May"),
        ("Jun", "Juni", "June"),
        ("Jul", "Juli", "July"),
        ("Agu", "Agt", "Agustus", "Aug", "August"),
        ("Sep", "Sept", "September"),
        ("Okt", "Oktober", "Oct", "October"),
        ("Nov", "Nopember", "November"),
        ("Des", "Desember", "Dec", "December"),
    ]
    WEEKDAYS: list[tuple[str, ...]] = []  # type: ignore[assignment]  # noqa: RUF012

    def __init__(self) -> None:
        super().__init__(dayfirst=True, yearfirst=False)


_INFO = _IndonesianInfo()
_ISO = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_FOUR_DIGIT_YEAR = re.compile(r"(?<![0-9])[0-9]{4}(?![0-9])")
_WORD = re.compile(r"[^\W\d_]+")
_PUNCTUATION = re.compile(r"[(),]")
_NUMERIC = re.compile(r"([0-9]{1,2})([/. -])([0-9]{1,2})\2([0-9]{4})")
#: No date is written in more characters than this (a longer text is refused unread).
_LONGEST = 200
_DEFAULTS = (dt.datetime(2001, 1, 1), dt.datetime(2002, 2, 2))


def parse_date(text: object) -> dt.date:
    """Read a date written in Indonesian (or ISO 8601) into a :class:`datetime.date`.

    Accepts ``"Rabu (13/4/2022)"``, ``"13 April 2022"``, ``"Rabu, 13 April 2022"``,
    ``"13-04-2022"`` and ``"2022-04-13"``. Numbers are day first, always: a month past 12
    is an error, never a sign that the writer meant month first. The year has four digits;
    day, month and year are all required. Raises :class:`~desacoop.errors.InvalidDate`.

    >>> parse_date("4/13/2022")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    desacoop.errors.InvalidDate: '4/13/2022': numeric dates are read day first ... no month 13 ...
    """
    if isinstance(text, dt.datetime) or not isinstance(text, str | dt.date):
        raise InvalidDate(f"a date is a text like '13 April 2022', not {shown(text)}")
    if isinstance(text, dt.date):
        return text
    raw = text.strip()
    if len(raw) > _LONGEST:
        raise InvalidDate(f"too long to be a date ({len(raw):,} characters): {shown(text)}")
    if _ISO.fullmatch(raw):
        try:
            return dt.date.fromisoformat(raw)
        except ValueError:
            raise InvalidDate(f"no such date: {shown(text)}") from None
    cleaned = _PUNCTUATION.sub(" ", raw.replace("'", "").replace("’", ""))
    weekday: int | None = None
    kept: list[str] = []
    for token in cleaned.split():
        name = token.lower().rstrip(".")
        if name in _WEEKDAY_NAMES:
            if weekday is not None:
                raise InvalidDate(f"two weekdays in {shown(text)}")
            weekday = _WEEKDAY_NAMES[name]
        else:
            kept.append(token)
    rest = " ".join(kept)
    numeric = _NUMERIC.fullmatch(rest)
    if numeric:
        day = _day_first(text, int(numeric[1]), int(numeric[3]), int(numeric[4]))
    else:
        day = _with_names(text, rest)
    if weekday is not None and weekday != day.weekday():
        raise InvalidDate(
            f"{shown(text)} says {WEEKDAYS[weekday]}, but {format_date(day, weekday=False)} "
            f"is a {WEEKDAYS[day.weekday()]}"
        )
    return day


def _day_first(text: str, day: int, month: int, year: int) -> dt.date:
    """A numeric date, day first; a month past 12 is refused, never swapped."""
    if month > 12:
        hint = (
            f" ({day}/{month}/{year} written day first is {month}/{day}/{year})"
            if (day <= 12)
            else ""
        )
        raise InvalidDate(
            f"{shown(text)}: numeric dates are read day first (DD/MM/YYYY), and there is no "
            f"month {month}{hint}"
        )
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise InvalidDate(f"not a date: {shown(text)} (no such day; read day first)") from None


def _with_names(text: str, rest: str) -> dt.date:
    """A date with a month name (or another layout dateutil reads day first)."""
    if not _FOUR_DIGIT_YEAR.search(rest):
        raise InvalidDate(f"a date needs a four-digit year: {shown(text)}")
    try:
        first, second = (
            du_parser.parse(rest, parserinfo=_INFO, dayfirst=True, default=d) for d in _DEFAULTS
        )
    except (ValueError, OverflowError, TypeError):
        raise InvalidDate(f"not a date: {shown(text)}") from None
    if first != second:
        raise InvalidDate(f"incomplete date (day, month and year are needed): {shown(text)}")
    if first.time() != dt.time(0, 0):
        raise InvalidDate(f"a date without a time of day was expected: {shown(text)}")
    return first.date()


def format_date(day: dt.date, *, weekday: bool = True, language: str = "id") -> str:
    """Write a date for people: ``"Rabu, 13 April 2022"`` (``language="en"``:
    ``"Wednesday, 13 April 2022"``).

    >>> format_date(dt.date(2022, 5, 13), weekday=False)
    '13 Mei 2022'
    >>> format_date(dt.date(2024, 12, 31), weekday=False, language="en")
    '31 December 2024'
    """
    day = date_argument("day", day)
    if language not in ("id", "en"):
        raise ValidationError(f"language must be 'id' or 'en', not {shown(language)}")
    from babel.dates import format_date as cldr  # CLDR, loaded when a date is written

    return cldr(day, "EEEE, d MMMM y" if weekday else "d MMMM y", locale=language)

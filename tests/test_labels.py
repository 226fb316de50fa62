"""Languages, labels, and the way the presentation writes numbers (:mod:`desacoop._formats`)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, localcontext

import pytest

from desacoop._formats import (
    format_day,
    format_money,
    format_number,
    format_percent,
    format_points,
    format_score,
)
from desacoop.errors import ValidationError
from desacoop.labels import Language
from desacoop.monitoring import Direction


@pytest.mark.parametrize("language", ["id", "en", Language.ID, Language.EN])
def test_the_two_languages_are_accepted_as_codes_or_values(language: object) -> None:
    assert Language.parse(language) in (Language.ID, Language.EN)
    assert format_percent(Decimal("0.5"), language) in ("50.0%", "50,0%")  # type: ignore[arg-type]
    assert Direction.INCREASE.label(language) in ("naik", "increase")  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", ["ID", "EN", "Indonesian", "jv", "", None, 1, b"id"])
def test_anything_else_is_refused_everywhere_never_read_as_english(bad: object) -> None:
    with pytest.raises(ValidationError, match="language"):
        Language.parse(bad)
    with pytest.raises(ValidationError, match="language"):
        format_percent(Decimal("0.5"), bad)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="language"):
        format_number(Decimal(5), bad)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="language"):
        Direction.INCREASE.label(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "percent", "number"),
    [
        (Decimal("-0"), "0.0%", "0"),
        (Decimal("-0.0001"), "0.0%", "0.00"),  # rounds to zero: no "-0.0%"
        (Decimal("4E+28"), "4" + ",000" * 10 + ".0%", "40" + ",000" * 9),
        (Decimal("1E-30"), "0.0%", "0.00"),
    ],
)
def test_formatting_runs_in_its_own_context(value: Decimal, percent: str, number: str) -> None:

    with localcontext() as ctx:
        ctx.prec = 8  # the caller's context never changes a report, nor breaks it
        assert format_percent(value) == percent
        assert format_number(value) == number


@pytest.mark.parametrize("bad", [0.5, "0.5", Decimal("NaN"), Decimal("Infinity"), 1])
def test_formatting_refuses_what_is_not_a_finite_decimal(bad: object) -> None:
    with pytest.raises(ValidationError):
        format_percent(bad)  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        format_number(bad)  # type: ignore[arg-type]


def test_unknown_is_a_dash() -> None:
    assert (format_percent(None), format_number(None, "id")) == ("–", "–")


@pytest.mark.parametrize(
    ("share", "language", "points"),
    [
        (Decimal("0.0139"), "en", "1.4"),  # 1.39 % rounds to 1.4
        (Decimal("0.0139"), "id", "1,4"),
        (Decimal("12.3456"), "en", "1,234.6"),  # 1234.56: grouped, then rounded half even
        (Decimal("12.3456"), "id", "1.234,6"),
        (Decimal("-0.00001"), "en", "0.0"),  # never a negative zero
    ],
)
def test_a_number_of_percentage_points_is_the_percentage_without_its_sign(
    share: Decimal, language: str, points: str
) -> None:
    # CLDR attaches the sign in both languages ("71,4%", as PUEBI writes it)
    assert format_points(share, language) == points
    assert format_percent(share, language) == f"{points}%"


def test_unknown_points_stay_a_dash_and_bad_shares_are_refused() -> None:
    assert format_points(None, "id") == "–"
    with pytest.raises(ValidationError):
        format_points(0.5)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "language", "money", "score"),
    [
        (Decimal("3302753000"), "id", "Rp3.302.753.000", "3302753000"),
        (Decimal("1500.5"), "en", "Rp1,500.50", "1500.5"),
        (Decimal("0.6190"), "id", "Rp0,62", "0,6190"),  # a score keeps every digit
        (Decimal("-0.00001"), "en", "Rp0.00", "-0.00001"),
    ],
)
def test_rupiah_and_scores(value: Decimal, language: str, money: str, score: str) -> None:
    assert format_money(value, language) == money
    assert format_score(value, language) == score


def test_dates_are_written_by_cldr() -> None:
    day = dt.date(2022, 4, 13)
    assert format_day(day, "id", weekday=True) == "Rabu, 13 April 2022"
    assert format_day(day, "en", weekday=True) == "Wednesday, 13 April 2022"
    assert format_day(dt.date(2024, 5, 1), "id") == "1 Mei 2024"

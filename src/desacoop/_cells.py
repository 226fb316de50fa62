"""Cells read as what they mean: a number typed in Indonesian or English form, a reporting
period, a date, yes or no, and an indicator's :class:`~desacoop.monitoring.Value` from the
cells of one row. The one reader of a cell for every table door (entry workbooks and CSV);
its messages say what was expected and what the cell held.

>>> parse_number("1.234,5"), parse_number("12,5"), parse_number("Rp 1.500.000")
(Decimal('1234.5'), Decimal('12.5'), Decimal('1500000'))
>>> parse_number("1.234")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
desacoop.errors.ValidationError: ambiguous number "1.234": write 1234 if it is in the thousands, ...
>>> str(parse_period("2024Q1"))
'2024-01-01/2024-03-31'
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from desacoop._checks import number
from desacoop.dates import parse_date
from desacoop.errors import ValidationError, shown
from desacoop.monitoring import Aggregation, Indicator, Measure, Period, Value, value_problem

__all__ = [
    "as_text",
    "described",
    "parse_date_cell",
    "parse_number",
    "parse_period",
    "value_of",
]

# --- numbers and periods ------------------------------------------------------------------

_PLAIN = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
_GROUPED_DOT = re.compile(r"-?[1-9][0-9]{0,2}(?:\.[0-9]{3})+(?:,[0-9]+)?")  # 1.234.567,5
_GROUPED_COMMA = re.compile(r"-?[1-9][0-9]{0,2}(?:,[0-9]{3})+(?:\.[0-9]+)?")  # 1,234,567.5
_DECIMAL_COMMA = re.compile(r"-?[0-9]+,[0-9]+")  # 12,5
_AMBIGUOUS = re.compile(r"-?[1-9][0-9]{0,2}[.,][0-9]{3}")  # 1.234 or 1,234


def parse_number(value: object) -> Decimal:
    """A number typed in a cell: a spreadsheet number, or a text in Indonesian or English
    form where the form is unambiguous (``1.234,5``, ``12,5``, ``1,234.5``, ``12.5``,
    ``Rp 1.500.000``, ``Rp1.500.000,-``). ``1.234`` and ``1,234`` are refused as ambiguous
    (except after ``Rp``: sen have two digits, so ``Rp 2.000`` is two thousand), and a
    percent sign is not a number (a percentage is entered as numerator and denominator).
    """
    if isinstance(value, bool) or value is None or type(value).__name__ == "bool_":
        raise ValidationError(f"expected a number, got {described(value)}")
    if not isinstance(value, str):
        try:  # a spreadsheet or numpy number; a NaN or an infinity is refused
            return number(value, "value")
        except ValidationError:
            raise ValidationError(f"expected a number, got {described(value)}") from None
    text = value.strip().replace("\u00a0", " ")
    rupiah = text[:2].lower() == "rp"
    if rupiah:
        text = text[2:].lstrip(" .")
        if text.endswith((",-", ".-")):  # Rp1.500.000,-: no cents
            text = text[:-2]
    text = text.replace(" ", "")
    if rupiah and _AMBIGUOUS.fullmatch(text):
        text = re.sub("[.,]", "", text)  # Rp 2.000: sen have two digits, so thousands
    if _AMBIGUOUS.fullmatch(text):
        whole, fraction = re.split("[.,]", text)
        raise ValidationError(
            f"ambiguous number {described(value)}: write {whole}{fraction} if it is in the "
            f"thousands, or {whole},{fraction}0 if it is {whole} and a fraction (the extra 0 "
            "marks a decimal comma)"
        )
    if _PLAIN.fullmatch(text):
        digits = text
    elif _GROUPED_DOT.fullmatch(text):
        digits = text.replace(".", "").replace(",", ".")
    elif _GROUPED_COMMA.fullmatch(text):
        digits = text.replace(",", "")
    elif _DECIMAL_COMMA.fullmatch(text):
        digits = text.replace(",", ".")
    else:
        raise ValidationError(f"expected a number, got {described(value)}")
    try:
        return Decimal(digits)
    except InvalidOperation:  # pragma: no cover - the patterns admit only numbers
        raise ValidationError(f"expected a number, got {described(value)}") from None


def described(value: object) -> str:
    """A cell's content for a message: quoted and cut at 40 characters."""
    if value is None:
        return "an empty cell"
    if isinstance(value, str):
        return '"' + (value if len(value) <= 40 else value[:40] + "…") + '"'
    return shown(value)


_PERIOD = re.compile(r"([0-9]{4})(?:([QqSs])([1-4])|-?[Mm]?([0-9]{2}))?")


def parse_period(text: object) -> Period:
    """A reporting period: ``2024`` (year), ``2024S1`` (half year), ``2024Q1`` (quarter) or
    ``2024-03`` (month)."""
    match = _PERIOD.fullmatch(text.strip()) if isinstance(text, str) else None
    if match is None:
        raise ValidationError(
            f"a period is written 2024, 2024S1, 2024Q1 or 2024-03, not {shown(text)}"
        )
    year = int(match.group(1))
    if not 1900 <= year <= 2200:
        raise ValidationError(f"no such reporting year: {year}")
    kind, number, month = match.group(2), match.group(3), match.group(4)
    if kind is None and month is None:
        first, months = 1, 12
    elif kind is not None:
        size = 3 if kind.upper() == "Q" else 6
        if int(number) > 12 // size:
            raise ValidationError(f"no such period: {text!r}")
        first, months = (int(number) - 1) * size + 1, size
    else:
        if not 1 <= int(month) <= 12:
            raise ValidationError(f"no such month: {text!r}")
        first, months = int(month), 1
    start = dt.date(year, first, 1)
    after = dt.date(year + (first + months > 12), (first + months - 1) % 12 + 1, 1)
    return Period(start, after - dt.timedelta(days=1))


def as_text(value: object) -> str:
    """A cell's value as the text a table shows: decimals in plain notation, dates in
    ISO 8601, true and false, ``""`` for nothing."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def parse_date_cell(value: object) -> dt.date:
    """A date cell: a spreadsheet date (at midnight), or a text :func:`parse_date` reads."""
    if isinstance(value, dt.datetime):
        if value.time() != dt.time(0):
            raise ValidationError(
                f"expected a date, got a date and time {value.isoformat(sep=' ')}: write the "
                f"date alone ({value:%d/%m/%Y}) in a cell formatted as a date"
            )
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        day, _, time = value.strip().partition(" ")
        if time and _CLOCK.fullmatch(time.strip()):
            try:
                alone = parse_date(day)
            except ValidationError:
                pass
            else:
                raise ValidationError(
                    f"expected a date, got a date and time {described(value)}: write the date "
                    f"alone ({alone:%d/%m/%Y})"
                )
        return parse_date(value)
    raise ValidationError(f"expected a date, got {described(value)}")


_CLOCK = re.compile(r"[0-9]{1,2}[:.][0-9]{2}(?:[:.][0-9]{2}(?:\.[0-9]+)?)?")


_YES = {"ya", "yes", "true", "1", "y", "tercapai", "met"}
_NO = {"tidak", "no", "false", "0", "n", "belum", "not met"}

#: (column, message) for each cell of a row that cannot be read.
Failures = list[tuple[str, str]]


def value_of(ind: Indicator | None, cells: Mapping[str, object]) -> tuple[Value | None, Failures]:
    """The value of ``ind`` that a row's ``value``, ``numerator`` and ``denominator``
    cells hold, or ``None`` and the (column, message) of every cell that cannot be read.

    The one reader of a value cell, for entry files and for :func:`~desacoop.dataframe.
    from_frame` alike: a number is read by :func:`parse_number` (``"12,5"`` is 12.5 by
    both routes), a count is stored as a whole number (``"1.250,0"`` is 1250), a level
    matches its scale whatever its capitals (``Maju`` is ``maju``), and a value that does
    not fit the indicator (:func:`~desacoop.monitoring.value_problem`) is a failure at its
    cell, never an exception. Without the indicator (``None``) the value is a number or
    a ratio."""
    failures: Failures = []
    try:
        value = _value(ind, cells, failures)
    except ValidationError as exc:
        column = exc.field if exc.field in ("numerator", "denominator") else "value"
        return None, [*failures, (column, exc.message)]
    if failures or value is None:
        return None, failures
    why = None if ind is None else value_problem(ind, value)
    if why is not None:
        return None, [("numerator" if value.numerator is not None else "value", why)]
    return value, []


def _number_in(column: str, value: object, failures: Failures) -> Decimal | None:
    try:
        return parse_number(value)
    except ValidationError as exc:
        failures.append((column, exc.message))
        return None


def _value(ind: Indicator | None, cells: Mapping[str, object], failures: Failures) -> Value | None:
    raw, num, den = cells.get("value"), cells.get("numerator"), cells.get("denominator")
    m = None if ind is None else ind.measure
    if num is not None or den is not None or m is Measure.PERCENTAGE:
        return _ratio(ind, raw, num, den, failures)
    if raw is None:
        failures.append(("value", "expected a value, got an empty cell"))
        return None
    if m in (None, Measure.COUNT, Measure.AMOUNT):
        return _amount(m, raw, failures)
    if m is Measure.MILESTONE:
        if isinstance(raw, bool) or type(raw).__name__ == "bool_":
            return Value(met=bool(raw))
        word = str(raw).strip().lower() if isinstance(raw, str | int) else ""
        if word in _YES or word in _NO:
            return Value(met=word in _YES)
        failures.append(
            ("value", f"expected ya or tidak (yes or no, True or False), got {described(raw)}")
        )
        return None
    given = as_text(raw)
    if not given.strip():
        failures.append(("value", "expected a text, got an empty cell"))
        return None
    if m is not Measure.ORDINAL:
        return Value(text=given)  # as written: a text is kept whole
    level = given.strip().casefold()
    levels = () if ind is None or ind.scale is None else ind.scale.levels
    return Value(level=next((lv for lv in levels if lv.casefold() == level), given.strip()))


def _amount(m: Measure | None, raw: object, failures: Failures) -> Value | None:
    if isinstance(raw, str) and raw.strip().endswith("%"):
        kind = "a count" if m is Measure.COUNT else "an amount" if m else "this value"
        example = "12" if m is Measure.COUNT else "1.500.000" if m else "12,5"
        failures.append(
            (
                "value",
                f"expected a number, got {described(raw)}: {kind} is written without %, "
                f"as a number such as {example}",
            )
        )
        return None
    amount = _number_in("value", raw, failures)
    if amount is None:
        return None
    if m is Measure.COUNT and amount == amount.to_integral_value():
        amount = amount.to_integral_value()  # "1.250,0" is the count 1250, not 1250.0
    return Value(amount=amount)


def _ratio(
    ind: Indicator | None, raw: object, num: object, den: object, failures: Failures
) -> Value | None:
    m = None if ind is None else ind.measure
    if m not in (None, Measure.PERCENTAGE):
        for column, given in (("numerator", num), ("denominator", den)):
            if given is not None:
                failures.append((column, f"a {m.value} indicator takes a value, not a {column}"))
        return None
    if raw is not None and (num is not None or den is not None):
        failures.append(("value", "give numerator and denominator, or a percent, not both"))
        return None
    if raw is not None:
        return _percent(ind, raw, failures)
    if num is None or den is None:
        column = "numerator" if num is None else "denominator"
        failures.append((column, "a percentage needs both parts, numerator and denominator"))
        return None
    n, d = _number_in("numerator", num, failures), _number_in("denominator", den, failures)
    if n is None or d is None:
        return None
    if d <= 0:
        failures.append(("denominator", f"a denominator must be above 0, not {format(d, 'f')}"))
        return None
    return Value.ratio(n, d)


def _percent(ind: Indicator | None, raw: object, failures: Failures) -> Value | None:
    text = raw.strip() if isinstance(raw, str) else ""
    if not text.endswith("%"):
        failures.append(
            (
                "value",
                "a percentage is entered as numerator and denominator, or as a percent like "
                f"12,5 %; got {described(raw)}",
            )
        )
        return None
    if ind is not None and ind.aggregation is Aggregation.RATIO:
        failures.append(
            (
                "value",
                f"{ind.id} adds up numerators and denominators over regions (the province's "
                f"figure is their sum over the sum), so a percent alone cannot be used: enter "
                f"the numerator and denominator instead of {described(raw)} (for example 173 "
                "of 200 desa)",
            )
        )
        return None
    percent = _number_in("value", text[:-1], failures)
    return None if percent is None else Value.ratio(percent, 100)

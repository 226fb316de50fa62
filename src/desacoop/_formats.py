"""Numbers, percentages, rupiah and dates as people read them, in Indonesian and English:
CLDR's patterns through Babel, imported here when something is written (``import desacoop``
never loads Babel). The presentation's one place for a number format: the reports, the
HTML page and the notebook views (:mod:`desacoop._presentation`, :mod:`desacoop.html`)
write every number through these; dates are :func:`desacoop.dates.format_date`'s.

Each runs in its own decimal context (the caller's precision or traps never change a
report):

>>> format_percent(Decimal("0.655"), "id"), format_number(Decimal("1234.5"), "en")
('65,5%', '1,234.50')
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_EVEN, Context, Decimal, localcontext

from desacoop.dates import format_date
from desacoop.errors import ValidationError, shown
from desacoop.labels import Language

__all__ = [
    "FORMAT_CONTEXT",
    "format_day",
    "format_money",
    "format_number",
    "format_percent",
    "format_points",
    "format_score",
    "plural_form",
]


#: The decimal context every formatting runs in (independent of the caller's context).
FORMAT_CONTEXT = Context(prec=60, rounding=ROUND_HALF_EVEN, Emax=999_999, Emin=-999_999)

#: Numbers beyond this decimal exponent cannot be written (validation accepts far less).
_LARGEST_EXPONENT = FORMAT_CONTEXT.Emax // 2
#: CLDR patterns (Babel): a percentage to one decimal, a figure whole or to two decimals,
#: rupiah whole or to two decimals.
_PERCENT, _POINTS = "#,##0.0%", "#,##0.0"
_WHOLE, _CENTS = "#,##0", "#,##0.00"


def _checked(value: object, name: str) -> Decimal | None:
    if value is None:
        return None
    if not isinstance(value, Decimal) or not value.is_finite():
        raise ValidationError(f"{name} must be a finite Decimal or None, not {shown(value)}")
    if abs(value.adjusted()) > _LARGEST_EXPONENT:
        raise ValidationError(f"{name} is too large or too small to write: {shown(value)}")
    return value


def _cldr(value: Decimal, pattern: str, language: Language, *, scale: int = 0) -> str:
    """``value`` × 10**scale in a CLDR ``pattern`` of the language's locale (Babel, loaded
    here, when something is written), rounded half even, never a negative zero."""
    from babel.numbers import format_decimal

    with localcontext(FORMAT_CONTEXT) as ctx:
        ctx.prec = max(FORMAT_CONTEXT.prec, value.adjusted() + 8)
        number = value.scaleb(scale)
        step = Decimal(1).scaleb(-pattern.count("0", pattern.find(".")) if "." in pattern else 0)
        if number.quantize(step).is_zero():
            number = abs(number.quantize(step))
        return format_decimal(number, pattern, locale=language.value, decimal_quantization=True)


def format_percent(value: Decimal | None, language: Language | str = "en") -> str:
    """A share as a percentage to one decimal, the sign attached as CLDR writes it in each
    language (``71,4%``, as PUEBI writes it; ``71.4%``); ``'–'`` when unknown.

    >>> format_percent(Decimal("0.655")), format_percent(Decimal("0.655"), "id")
    ('65.5%', '65,5%')
    >>> format_percent(Decimal("-0.0001"))
    '0.0%'
    """
    lang = Language.parse(language)
    share = _checked(value, "a share")
    if share is None:
        return "–"
    return _cldr(share, _PERCENT.replace("%", ""), lang, scale=2) + "%"


def format_points(value: Decimal | None, language: Language | str = "en") -> str:
    """A share as a number of percentage points, for the caller to name (``2,8`` poin
    persen): the percentage without its sign; ``'–'`` when unknown.

    >>> format_points(Decimal("0.028"), "id"), format_points(Decimal("12.3456"))
    ('2,8', '1,234.6')
    """
    lang = Language.parse(language)
    share = _checked(value, "a share")
    return "–" if share is None else _cldr(share, _POINTS, lang, scale=2)


def format_number(value: Decimal | None, language: Language | str = "en") -> str:
    """A figure with thousands separators, whole or to two decimals; ``'–'`` when unknown.

    >>> format_number(Decimal("3302753000")), format_number(Decimal("1234.5"), "id")
    ('3,302,753,000', '1.234,50')
    >>> format_number(Decimal("4E+28"))
    '40,000,000,000,000,000,000,000,000,000'
    """
    lang = Language.parse(language)
    number = _checked(value, "a number")
    if number is None:
        return "–"
    whole = number == number.to_integral_value()
    return _cldr(number, _WHOLE if whole else _CENTS, lang)


def format_score(value: Decimal | None, language: Language | str = "en") -> str:
    """An index or score as computed or published, every digit kept (``0.6190``;
    Indonesian ``0,6190``): rounding it would hide the gap to the next status.

    >>> format_score(Decimal("0.6190"), "id"), format_score(Decimal("0.6190"))
    ('0,6190', '0.6190')
    """
    lang = Language.parse(language)
    number = _checked(value, "a score")
    if number is None:
        return "–"
    exponent = number.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return _cldr(number, "0." + "0" * places if places else "0", lang)


def format_money(value: Decimal | None, language: Language | str = "en") -> str:
    """Rupiah: ``Rp3.302.753.000`` (CLDR's ``IDR`` in Indonesian), ``Rp3,302,753,000`` in
    English (the rupiah's own sign, English digits); ``'–'`` when unknown.

    >>> format_money(Decimal("3302753000"), "id"), format_money(Decimal("1500.5"))
    ('Rp3.302.753.000', 'Rp1,500.50')
    """
    lang = Language.parse(language)
    number = format_number(value, lang)
    if number == "–":
        return number
    from babel.numbers import get_currency_symbol

    return get_currency_symbol("IDR", locale="id") + number


def plural_form(n: int, language: Language | str = "en") -> str:
    """The CLDR plural category of ``n`` in ``language`` (``"one"``, ``"other"``, ...):
    the one rule every counted word follows.

    >>> plural_form(1), plural_form(2), plural_form(1, "id")
    ('one', 'other', 'other')
    """
    lang = Language.parse(language)
    if not isinstance(n, int) or isinstance(n, bool):
        raise ValidationError(f"a count must be a whole number, not {shown(n)}")
    from babel import Locale

    return str(Locale.parse(lang.value).plural_form(n))


def format_day(day: dt.date, language: Language | str = "en", *, weekday: bool = False) -> str:
    """A date in words, as CLDR writes it (:func:`desacoop.dates.format_date`):
    ``13 April 2022``, ``Rabu, 13 April 2022``.

    >>> format_day(dt.date(2022, 4, 13), "id", weekday=True), format_day(dt.date(2024, 5, 1))
    ('Rabu, 13 April 2022', '1 May 2024')
    """
    lang = Language.parse(language)
    if not isinstance(day, dt.date) or isinstance(day, dt.datetime):
        raise ValidationError(f"expected a date, not {shown(day)}")
    return format_date(day, weekday=weekday, language=lang.value)

"""Enumerations that carry an Indonesian and an English label, the report languages, and
how numbers are written in each.

Every enum of desacoop is a :class:`LabelledEnum`: its value is a stable, lower-case
code (what JSON stores), and each member has ``label_id`` (Bahasa Indonesia) and
``label_en`` (English).

>>> class Colour(LabelledEnum):
...     RED = "red", "merah", "red"
>>> Colour.RED.value, Colour.RED.label_id, Colour("red") is Colour.RED
('red', 'merah', True)
>>> Colour.parse("Merah")
Colour.RED
>>> Colour.RED.label("en"), Colour.RED.label(Language.ID)
('red', 'merah')

Numbers are written the way each language writes them, in their own decimal context (the
caller's precision or traps never change a report):

>>> format_percent(Decimal("0.655"), "id"), format_number(Decimal("1234.5"), "en")
('65,5%', '1,234.50')
"""

from __future__ import annotations

import datetime as dt
import enum
from decimal import ROUND_HALF_EVEN, Context, Decimal, localcontext
from typing import Any, Self

from desacoop.errors import ValidationError, shown

__all__ = [
    "FORMAT_CONTEXT",
    "LabelledEnum",
    "Language",
    "counted",
    "format_day",
    "format_money",
    "format_number",
    "format_percent",
    "format_points",
    "format_score",
    "plural_form",
]


def counted(count: int, singular: str, plural: str | None = None) -> str:
    """A count with its English noun in the number CLDR's plural rule gives it (the rule
    :func:`desacoop._presentation.counted` follows in both languages).

    >>> counted(1, "area"), counted(2, "area"), counted(1, "child", "children")
    ('1 area', '2 areas', '1 child')
    """
    if not isinstance(count, int) or isinstance(count, bool):
        raise ValidationError(f"count must be a whole number, not {shown(count)}", field="count")
    for name, word in (("singular", singular), ("plural", plural)):
        if word is not None and not isinstance(word, str):
            raise ValidationError(f"{name} must be a text, not {shown(word)}", field=name)
    if not isinstance(singular, str):
        raise ValidationError(f"singular must be a text, not {shown(singular)}", field="singular")
    one = plural_form(count) == "one"  # CLDR's rule, as every counted word of the reports
    return f"{count} {singular if one else (plural or singular + 's')}"


class LabelledEnum(enum.Enum):
    """An enum whose members are ``CODE = "value", "label in Indonesian", "label in English"``."""

    _value_: str
    label_id: str
    label_en: str

    def __new__(cls, value: str, label_id: str, label_en: str) -> Any:
        member = object.__new__(cls)
        member._value_ = value
        member.label_id = label_id
        member.label_en = label_en
        return member

    def __str__(self) -> str:
        return self._value_

    def __repr__(self) -> str:
        return f"{type(self).__name__}.{self.name}"

    @classmethod
    def parse(cls, text: object) -> Self:
        """The member whose value, Indonesian label or English label is ``text``.

        The value is matched exactly first, then any of the three ignoring case and
        surrounding blanks. Raises :class:`~desacoop.errors.ValidationError` listing the
        accepted values.
        """
        if isinstance(text, cls):
            return text
        if isinstance(text, str):
            for member in cls:
                if member._value_ == text:
                    return member
            wanted = text.strip().casefold()
            for member in cls:
                names = (member._value_, member.label_id, member.label_en)
                if wanted in (n.casefold() for n in names):
                    return member
        allowed = ", ".join(repr(m._value_) for m in cls)
        raise ValidationError(f"{shown(text)} is not a {cls.__name__}; expected one of {allowed}")

    def label(self, language: Language | str = "id") -> str:
        """The label in ``"id"`` (Indonesian, the default) or ``"en"`` (English)."""
        return self.label_en if Language.parse(language) is Language.EN else self.label_id


class Language(LabelledEnum):
    """The languages of labels and reports: Bahasa Indonesia and English.

    :meth:`parse` is strict: a :class:`Language`, ``"id"`` or ``"en"``, nothing else (a
    ``"ID"`` might be meant as Indonesian or as an identifier; it is refused, never read as
    English).

    >>> Language.parse("id"), Language.parse(Language.EN)
    (Language.ID, Language.EN)
    >>> Language.parse("ID")
    Traceback (most recent call last):
    ...
    desacoop.errors.ValidationError: unknown language 'ID'; use 'id' or 'en'
    """

    ID = "id", "Bahasa Indonesia", "Indonesian"
    EN = "en", "Bahasa Inggris", "English"

    @classmethod
    def parse(cls, text: object) -> Language:
        """The language ``text`` names: a :class:`Language`, ``"id"`` or ``"en"``."""
        if isinstance(text, Language):
            return text
        if text == "id":
            return cls.ID
        if text == "en":
            return cls.EN
        raise ValidationError(f"unknown language {shown(text)}; use 'id' or 'en'")


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
    """A date in words, as CLDR writes it (Babel): ``13 April 2022``, ``Rabu, 13 April 2022``.

    >>> format_day(dt.date(2022, 4, 13), "id", weekday=True), format_day(dt.date(2024, 5, 1))
    ('Rabu, 13 April 2022', '1 May 2024')
    """
    lang = Language.parse(language)
    if not isinstance(day, dt.date) or isinstance(day, dt.datetime):
        raise ValidationError(f"expected a date, not {shown(day)}")
    from babel.dates import format_date

    return format_date(day, "EEEE, d MMMM y" if weekday else "d MMMM y", locale=lang.value)

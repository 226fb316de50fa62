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
('65,5 %', '1,234.50')
"""

from __future__ import annotations

import enum
from decimal import ROUND_HALF_EVEN, Context, Decimal, localcontext
from typing import Any, Self

from desacoop.errors import ValidationError, shown

__all__ = [
    "FORMAT_CONTEXT",
    "LabelledEnum",
    "Language",
    "counted",
    "format_number",
    "format_percent",
]


def counted(count: int, singular: str, plural: str | None = None) -> str:
    """A count with its English noun in the right number.

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
    return f"{count} {singular if count == 1 else (plural or singular + 's')}"


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

#: Indonesian writes ``1.234,5`` where English writes ``1,234.5``.
_INDONESIAN_DIGITS = str.maketrans({",": ".", ".": ","})
#: Numbers beyond this decimal exponent cannot be written (validation accepts far less).
_LARGEST_EXPONENT = FORMAT_CONTEXT.Emax // 2
_TENTH = Decimal("0.1")
_CENT = Decimal("0.01")


def _checked(value: object, name: str) -> Decimal | None:
    if value is None:
        return None
    if not isinstance(value, Decimal) or not value.is_finite():
        raise ValidationError(f"{name} must be a finite Decimal or None, not {shown(value)}")
    if abs(value.adjusted()) > _LARGEST_EXPONENT:
        raise ValidationError(f"{name} is too large or too small to write: {shown(value)}")
    return value


def _written(text: str, language: Language) -> str:
    return text.translate(_INDONESIAN_DIGITS) if language is Language.ID else text


def _quantized(value: Decimal, step: Decimal) -> str:
    """``value`` rounded to ``step``, with thousands separators, in plain notation."""
    with localcontext(FORMAT_CONTEXT) as ctx:
        ctx.prec = max(FORMAT_CONTEXT.prec, value.adjusted() + 4)
        rounded = value.quantize(step, rounding=ROUND_HALF_EVEN)
        return f"{abs(rounded) if rounded.is_zero() else rounded:,}"  # never a negative zero


def format_percent(
    value: Decimal | None, language: Language | str = "en", *, suffix: str = " %"
) -> str:
    """A share as a percentage to one decimal; ``'–'`` when unknown.

    ``suffix`` follows the number: ``""`` writes a number of percentage points for the
    caller to name (``2.8 percentage points``).

    >>> format_percent(Decimal("0.655")), format_percent(Decimal("0.655"), "id")
    ('65.5 %', '65,5 %')
    >>> format_percent(Decimal("-0.0001"))
    '0.0 %'
    >>> format_percent(Decimal("0.028"), "id", suffix="")
    '2,8'
    """
    lang = Language.parse(language)
    if not isinstance(suffix, str):
        raise ValidationError(f"suffix must be a text, not {shown(suffix)}")
    share = _checked(value, "a share")
    if share is None:
        return "–"
    with localcontext(FORMAT_CONTEXT) as ctx:
        ctx.prec = max(FORMAT_CONTEXT.prec, share.adjusted() + 6)
        percent = share * 100
    return _written(_quantized(percent, _TENTH), lang) + suffix


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
    return _written(_quantized(number, Decimal(1) if whole else _CENT), lang)

"""Enumerations that carry an Indonesian and an English label, and the report languages.

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

How numbers and dates are written for people (CLDR, through Babel) belongs to the
presentation: :mod:`desacoop._formats` (issue 22).
"""

from __future__ import annotations

import enum
from typing import Any, Self

from desacoop.errors import ValidationError, shown

__all__ = ["LabelledEnum", "Language", "counted"]


def counted(count: int, singular: str, plural: str | None = None) -> str:
    """A count with its English noun, for the short reprs: the singular for exactly 1, as
    CLDR's English plural rule has it for whole numbers (the reports count their words
    with :func:`desacoop._presentation.counted`, in both languages).

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

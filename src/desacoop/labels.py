"""Enumerations that carry an Indonesian and an English label.

Every enum of desacoop is a :class:`LabelledEnum`: its value is a stable, lower-case
code (what JSON stores), and each member has ``label_id`` (Bahasa Indonesia) and
``label_en`` (English).

>>> class Colour(LabelledEnum):
...     RED = "red", "merah", "red"
>>> Colour.RED.value, Colour.RED.label_id, Colour("red") is Colour.RED
('red', 'merah', True)
>>> Colour.parse("Merah")
Colour.RED
"""

from __future__ import annotations

import enum
from typing import Any, Self

from desacoop.errors import ValidationError

__all__ = ["LabelledEnum"]


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
        raise ValidationError(f"{text!r} is not a {cls.__name__}; expected one of {allowed}")

    def label(self, language: str = "id") -> str:
        """The label in ``"id"`` (Indonesian, the default) or ``"en"`` (English)."""
        if language == "id":
            return self.label_id
        if language == "en":
            return self.label_en
        raise ValidationError(f"unknown language {language!r}; use 'id' or 'en'")

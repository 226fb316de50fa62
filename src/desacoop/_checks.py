"""attrs validators shared by the evaluation, product, enterprise and cadre records.

Private: each raises :class:`~desacoop.errors.ValidationError` naming the field, so a wrong
type or value given to a constructor never surfaces as a ``TypeError``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import attrs

from desacoop.errors import ValidationError
from desacoop.regions import RegionCode, to_region_code

__all__: list[str] = []

Validator = Callable[[Any, "attrs.Attribute[Any]", Any], None]

_ID = re.compile(r"[a-z0-9][a-z0-9._-]*")


def text(instance: Any, attribute: attrs.Attribute[Any], value: object) -> None:
    """A non-blank text."""
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(
            f"{attribute.name} must be a non-empty text, not {value!r}", field=attribute.name
        )


def optional_text(instance: Any, attribute: attrs.Attribute[Any], value: object) -> None:
    """``None`` or a non-blank text."""
    if value is not None:
        text(instance, attribute, value)


def any_text(instance: Any, attribute: attrs.Attribute[Any], value: object) -> None:
    """Any text, blank allowed (names copied from published data)."""
    if not isinstance(value, str):
        raise ValidationError(
            f"{attribute.name} must be a text, not {type(value).__name__}", field=attribute.name
        )


def identifier(instance: Any, attribute: attrs.Attribute[Any], value: object) -> None:
    """A short lower-case key such as ``"keripik-pisang-01"``."""
    if not isinstance(value, str) or not _ID.fullmatch(value):
        raise ValidationError(
            f"{attribute.name} must be a short lower-case key such as 'bumdes-01' "
            f"(letters, digits, '.', '_', '-'), not {value!r}",
            field=attribute.name,
        )


def optional_identifier(instance: Any, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        identifier(instance, attribute, value)


def _within(name: str, value: Any, minimum: Any, maximum: Any) -> None:
    """Raise unless ``minimum <= value <= maximum`` (either bound may be ``None``)."""
    if minimum is not None and value < minimum:
        raise ValidationError(f"{name} must be at least {minimum}, not {value}", field=name)
    if maximum is not None and value > maximum:
        raise ValidationError(f"{name} must be at most {maximum}, not {value}", field=name)


def integer(minimum: int | None = None, maximum: int | None = None) -> Validator:
    """An ``int`` (not a ``bool``) within the given bounds."""

    def check(instance: Any, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, int) or isinstance(value, bool):
            raise ValidationError(
                f"{attribute.name} must be a whole number, not {value!r}", field=attribute.name
            )
        _within(attribute.name, value, minimum, maximum)

    return check


def decimal(minimum: Decimal | None = None, maximum: Decimal | None = None) -> Validator:
    """A finite :class:`~decimal.Decimal` within the given bounds (never a float)."""

    def check(instance: Any, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, Decimal) or not value.is_finite():
            raise ValidationError(
                f"{attribute.name} must be a finite Decimal (write Decimal('0.61'), "
                f"never a float), not {value!r}",
                field=attribute.name,
            )
        _within(attribute.name, value, minimum, maximum)

    return check


def optional(check: Validator) -> Validator:
    """``None`` or whatever ``check`` accepts."""

    def run(instance: Any, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is not None:
            check(instance, attribute, value)

    return run


def instance_of(cls: type[Any], description: str | None = None) -> Validator:
    """An instance of ``cls`` (``bool`` is not accepted for ``int``)."""
    what = description or cls.__name__

    def check(instance: Any, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, cls) or (cls is int and isinstance(value, bool)):
            raise ValidationError(
                f"{attribute.name} must be a {what}, not {value!r}", field=attribute.name
            )

    return check


def date(instance: Any, attribute: attrs.Attribute[Any], value: object) -> None:
    """A calendar date (not a datetime)."""
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise ValidationError(
            f"{attribute.name} must be a date, not {value!r}", field=attribute.name
        )


def optional_date(instance: Any, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        date(instance, attribute, value)


def tuple_of(cls: type[Any], description: str | None = None) -> Validator:
    """A tuple whose items are all ``cls``."""
    what = description or cls.__name__

    def check(instance: Any, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, tuple):
            raise ValidationError(
                f"{attribute.name} must be a tuple of {what}, not {type(value).__name__}",
                field=attribute.name,
            )
        for index, item in enumerate(value):
            if (
                not isinstance(item, cls)
                or (cls is int and isinstance(item, bool))
                or (cls is str and not item.strip())
            ):
                raise ValidationError(
                    f"{attribute.name}[{index}] must be a {what}, not {item!r}",
                    field=f"{attribute.name}[{index}]",
                )

    return check


def to_decimal(value: object) -> object:
    """attrs converter: an ``int`` becomes a Decimal; anything else is left for the validator
    (so a float is refused, never converted)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    return value


def to_tuple(value: object) -> object:
    """attrs converter: a list becomes a tuple; anything else is left for the validator."""
    return tuple(value) if isinstance(value, list) else value


def region_codes(value: object) -> tuple[RegionCode, ...]:
    """attrs converter: a sequence of codes (texts or :class:`RegionCode`) as a tuple."""
    if isinstance(value, str) or not isinstance(value, (tuple, list)):
        raise ValidationError(f"expected a list of region codes, not {value!r}")
    return tuple(to_region_code(item) for item in value)


def unique(what: str, keys: list[Any], field: str) -> None:
    """Raise when ``keys`` has a duplicate."""
    seen: set[Any] = set()
    for key in keys:
        if key in seen:
            raise ValidationError(f"{what} {key} appears twice", field=field)
        seen.add(key)


def argument(name: str, value: object, cls: type[Any] | tuple[type[Any], ...]) -> None:
    """A function argument that must be ``None`` or an instance of ``cls``."""
    if value is not None and not isinstance(value, cls):
        names = cls.__name__ if isinstance(cls, type) else " or ".join(c.__name__ for c in cls)
        raise ValidationError(f"{name} must be a {names}, not {value!r}", field=name)

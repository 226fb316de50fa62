"""attrs validators and argument checks shared by the records and the queries.

Private: each raises :class:`~desacoop.errors.ValidationError` naming the field, so a wrong
type or value given to a constructor never surfaces as a ``TypeError``.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import numbers
import operator
import re
from collections.abc import Callable, Iterable, Mapping
from decimal import ROUND_HALF_EVEN, Context, Decimal, InvalidOperation
from typing import Any, ParamSpec, TypeVar, cast

import attrs

from desacoop.errors import ValidationError, shown
from desacoop.regions import Level, RegionCode, VillageKind, to_region_code

__all__: list[str] = []

Validator = Callable[[Any, "attrs.Attribute[Any]", Any], None]
T = TypeVar("T")
P = ParamSpec("P")

_ID = re.compile(r"[a-z0-9][a-z0-9._-]*")


#: What a blank text is made of: Python's whitespace (``str.isspace``, which counts the
#: separators U+001C-U+001F and U+0085) and the byte-order mark U+FEFF (whitespace to
#: JavaScript). The JSON Schema's pattern for a non-blank text is this set's complement, so
#: the schema and the reader agree in Python and JavaScript alike.
BLANK_PATTERN = r"[^\s\x1c-\x1f\x85\ufeff]"


def blank(value: str) -> bool:
    """Whether a text holds nothing but whitespace and byte-order marks.

    >>> blank(" \ufeff"), blank("\x85"), blank("Desa")
    (True, True, False)
    """
    return not value.replace("\ufeff", "").strip()


def text(instance: Any, attribute: attrs.Attribute[Any], value: object) -> None:
    """A non-blank text (:func:`blank`)."""
    if not isinstance(value, str) or blank(value):
        raise ValidationError(
            f"{attribute.name} must be a non-empty text, not {shown(value)}", field=attribute.name
        )


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
            f"(letters, digits, '.', '_', '-'), not {shown(value)}",
            field=attribute.name,
        )


def _within(name: str, value: Any, minimum: Any, maximum: Any) -> None:
    """Raise unless ``minimum <= value <= maximum`` (either bound may be ``None``)."""
    if minimum is not None and value < minimum:
        raise ValidationError(
            f"{name} must be at least {minimum}, not {_bounded(value)}", field=name
        )
    if maximum is not None and value > maximum:
        raise ValidationError(
            f"{name} must be at most {maximum}, not {_bounded(value)}", field=name
        )


def _bounded(value: object) -> str:
    """``str(value)`` for a message, bounded (a whole number of 5,000 digits is described)."""
    if isinstance(value, int):
        return shown(value)
    text = str(value)
    return text if len(text) <= 60 else f"{text[:60]}... ({len(text)} characters)"


@attrs.frozen(slots=True)
class _Integer:
    """The validator of :func:`integer` (a class, as attrs' own validators, so a reader can
    tell what it checks by its type and fields instead of its closure)."""

    minimum: int | None
    maximum: int | None

    def __call__(self, instance: Any, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, int) or isinstance(value, bool):
            raise ValidationError(
                f"{attribute.name} must be a whole number, not {shown(value)}",
                field=attribute.name,
            )
        _within(attribute.name, value, self.minimum, self.maximum)


def integer(minimum: int | None = None, maximum: int | None = None) -> Validator:
    """An ``int`` (not a ``bool``) within the given bounds."""
    return _Integer(minimum, maximum)


@attrs.frozen(slots=True)
class _Decimal:
    """The validator of :func:`decimal`."""

    minimum: Decimal | None
    maximum: Decimal | None

    def __call__(self, instance: Any, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, Decimal) or not value.is_finite():
            raise ValidationError(
                f"{attribute.name} must be a finite Decimal (write Decimal('0.61'), "
                f"never a float), not {shown(value)}",
                field=attribute.name,
            )
        if value and abs(value.adjusted()) > EXPONENT_LIMIT:
            raise ValidationError(
                f"{attribute.name} is out of range ({shown(value)}): its exponent passes "
                f"{EXPONENT_LIMIT}",
                field=attribute.name,
            )
        _within(attribute.name, value, self.minimum, self.maximum)


def decimal(minimum: Decimal | None = None, maximum: Decimal | None = None) -> Validator:
    """A finite :class:`~decimal.Decimal` within the given bounds (never a float)."""
    return _Decimal(minimum, maximum)


@attrs.frozen(slots=True)
class _Optional:
    """The validator of :func:`optional`."""

    check: Validator

    def __call__(self, instance: Any, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is not None:
            self.check(instance, attribute, value)


def optional(check: Validator) -> Validator:
    """``None`` or whatever ``check`` accepts."""
    return _Optional(check)


def _a(what: str) -> str:
    """The noun with its article: "an Official", "a date"."""
    return f"{'an' if what[:1].lower() in 'aeiou' else 'a'} {what}"


@attrs.frozen(slots=True)
class _InstanceOf:
    """The validator of :func:`instance_of`."""

    cls: type[Any]
    what: str

    def __call__(self, instance: Any, attribute: attrs.Attribute[Any], value: object) -> None:
        cls = self.cls
        if not isinstance(value, cls) or (cls is int and isinstance(value, bool)):
            raise ValidationError(
                f"{attribute.name} must be {_a(self.what)}, not {shown(value)}",
                field=attribute.name,
            )


def instance_of(cls: type[Any], description: str | None = None) -> Validator:
    """An instance of ``cls`` (``bool`` is not accepted for ``int``)."""
    return _InstanceOf(cls, description or cls.__name__)


def to_date(value: dt.date) -> dt.date:
    """A pandas ``Timestamp`` or a numpy ``datetime64`` at midnight without a time zone as
    its calendar date; anything else as given, for the :func:`date` check to judge.

    The converter of every date field and of :func:`date_argument`: a date taken from a
    DataFrame is a date, as :func:`~desacoop.dataframe.from_frame` reads it.

    >>> import datetime as dt
    >>> to_date(dt.date(2024, 6, 30))
    datetime.date(2024, 6, 30)
    """
    if type(value) is dt.date:
        return value
    kind = type(value)
    if kind.__name__ == "datetime64" and kind.__module__ == "numpy":
        numpy_day: Any = cast(Any, value).astype("datetime64[D]")
        if numpy_day == value:  # midnight (NaT is unequal to itself: refused by the check)
            day = numpy_day.item()
            return day if isinstance(day, dt.date) else value
        return value
    if (
        isinstance(value, dt.datetime)
        and kind.__name__ == "Timestamp"
        and kind.__module__.startswith("pandas")
        and value.tzinfo is None
        and value.time() == dt.time()
        and not getattr(value, "nanosecond", 0)
    ):
        return dt.date(value.year, value.month, value.day)
    return value


def to_optional_date(value: dt.date | None) -> dt.date | None:
    """:func:`to_date` for an optional date (``None`` stays ``None``)."""
    return None if value is None else to_date(value)


def _not_a_date(name: str, value: object) -> ValidationError:
    """The error for a value that is not a date, with the fix."""
    if isinstance(value, dt.datetime) or type(value).__name__ == "datetime64":
        hint = (
            "a date is a day without a time: give the datetime.date (a pandas Timestamp or "
            "a numpy datetime64 is taken as its day only at midnight without a time zone)"
        )
    elif isinstance(value, str):
        hint = "read a text with desacoop.parse_date, e.g. parse_date('2024-06-30')"
    else:
        hint = "give a datetime.date, e.g. datetime.date(2024, 6, 30)"
    return ValidationError(f"{name} must be a date, not {shown(value)}: {hint}", field=name)


def date(instance: Any, attribute: attrs.Attribute[Any], value: object) -> None:
    """A calendar date (not a datetime)."""
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise _not_a_date(attribute.name, value)


@attrs.frozen(slots=True)
class _TupleOf:
    """The validator of :func:`tuple_of`."""

    cls: type[Any]
    what: str

    def __call__(self, instance: Any, attribute: attrs.Attribute[Any], value: object) -> None:
        cls, what = self.cls, self.what
        if not isinstance(value, tuple):
            raise ValidationError(
                f"{attribute.name} must be a tuple of {what}, not {type(value).__name__}",
                field=attribute.name,
            )
        for index, item in enumerate(value):
            if (
                not isinstance(item, cls)
                or (cls is int and isinstance(item, bool))
                or (cls is str and blank(item))
            ):
                raise ValidationError(
                    f"{attribute.name}[{index}] must be {_a(what)}, not {shown(item)}",
                    field=f"{attribute.name}[{index}]",
                )


def tuple_of(cls: type[Any], description: str | None = None) -> Validator:
    """A tuple whose items are all ``cls``."""
    return _TupleOf(cls, description or cls.__name__)


def to_decimal(value: object) -> object:
    """attrs converter: an ``int`` becomes a Decimal; anything else is left for the validator
    (so a float is refused, never converted)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    return value


def to_tuple(value: Iterable[Any]) -> tuple[Any, ...]:
    """attrs converter: a list becomes a tuple; anything else is left for the validator.

    Typed as taking an iterable, so a type checker refuses ``parties=42`` in a constructor
    (at run time the validator still explains any value it is given).
    """
    return tuple(value) if isinstance(value, list) else value  # type: ignore[return-value]


def to_int(value: object) -> object:
    """attrs converter: a whole number of another integral type (``numpy.int64``) becomes an
    ``int``; anything else (a bool, a float) is left for the validator."""
    if isinstance(value, numbers.Integral) and not isinstance(value, bool | int):
        return operator.index(value)
    return value


def trusted(cls: type[T]) -> Callable[..., T]:
    """A constructor of the frozen attrs class ``cls`` that takes every field positionally
    and runs no converter, validator or ``__attrs_post_init__``: for package code that
    computed each value itself (the fast evaluation paths), never for caller input.

    >>> @attrs.frozen
    ... class Pair:
    ...     a: int = attrs.field(validator=integer(0))
    ...     b: int = 0
    >>> trusted(Pair)(1, 2) == Pair(1, 2)
    True
    """
    names = [field.name for field in attrs.fields(cast(Any, cls))]
    setters = {f"set_{n}": getattr(cls, n).__set__ for n in names} if attrs.has(cls) else {}
    namespace: dict[str, Any] = {"new": object.__new__, "cls": cls, **setters}
    body = "".join(f"    set_{n}(self, {n})\n" for n in names)
    exec(f"def build({', '.join(names)}):\n    self = new(cls)\n{body}    return self\n", namespace)
    build: Callable[..., T] = namespace["build"]
    build.__qualname__ = build.__name__ = f"trusted_{cls.__name__}"
    return build


def region_codes(value: object) -> tuple[RegionCode, ...]:
    """attrs converter: a sequence of codes (texts or :class:`RegionCode`) as a tuple."""
    if isinstance(value, str) or not isinstance(value, (tuple, list)):
        raise ValidationError(f"expected a list of region codes, not {shown(value)}")
    return tuple(to_region_code(item) for item in value)


def unique(what: str, keys: list[Any], field: str) -> None:
    """Raise when ``keys`` has a duplicate."""
    seen: set[Any] = set()
    for key in keys:
        if key in seen:
            raise ValidationError(f"{what} {key} appears twice", field=field)
        seen.add(key)


def argument(name: str, value: object, cls: type[Any] | tuple[type[Any], ...]) -> None:
    """A function argument that must be ``None`` or an instance of ``cls`` (a ``bool`` is
    not an ``int`` here)."""
    kinds = (cls,) if isinstance(cls, type) else cls
    if value is not None and (
        not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds)
    ):
        names = " or ".join(c.__name__ for c in kinds)
        raise ValidationError(f"{name} must be {a(names)}, not {shown(value)}", field=name)


def a(word: str) -> str:
    """``word`` with its indefinite article, for messages.

    >>> a("amount"), a("count"), a("Level")
    ('an amount', 'a count', 'a Level')
    """
    return f"{'an' if word[:1].lower() in 'aeiou' else 'a'} {word}"


def all_at_once(*checks: Callable[[], object]) -> None:
    """Run every argument check and report every failure together: a function given
    several bad arguments says so once, not one argument per call.

    >>> all_at_once(lambda: argument("limit", "5", int), lambda: date_argument("on", 1))
    Traceback (most recent call last):
    ...
    desacoop.errors.ValidationError: 2 problems:
      $.limit: limit must be an int, not '5'
      $.on: on must be a date, not 1: give a datetime.date, e.g. datetime.date(2024, 6, 30)
    """
    failed = []
    for check in checks:
        try:
            check()
        except ValidationError as exc:
            failed.append(exc)
    if len(failed) == 1:
        raise failed[0]
    if failed:
        problems = [p for exc in failed for p in exc.problems]
        raise ValidationError.from_problems(problems)


def items(name: str, value: object, cls: type[T]) -> tuple[T, ...]:
    """A function argument that must be a collection (not a text) of ``cls``, as a tuple.

    >>> items("products", [1, 2], int)
    (1, 2)
    >>> items("products", None, int)
    Traceback (most recent call last):
    ...
    desacoop.errors.ValidationError: products must be a collection of int, not None
    """
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        raise ValidationError(
            f"{name} must be a collection of {cls.__name__}, not {shown(value)}", field=name
        )
    found = tuple(value)
    for item in found:
        if not isinstance(item, cls):
            raise ValidationError(
                f"expected a {cls.__name__}, not {type(item).__name__}", field=name
            )
    return found


def counting(find: Callable[P, tuple[Any, ...]], doc: str) -> Callable[P, int]:
    """``count_X`` from ``find_X``: the same parameters (seen by the type checker through
    the ParamSpec, and by :func:`inspect.signature`), the number found as result."""

    @functools.wraps(find)
    def count(*args: P.args, **kwargs: P.kwargs) -> int:
        return len(find(*args, **kwargs))

    count.__name__ = count.__qualname__ = find.__name__.replace("find_", "count_", 1)
    count.__doc__ = doc
    count.__annotations__ = {**find.__annotations__, "return": "int"}
    return count


# -- numbers from Python, pandas and numpy --------------------------------------------

#: The one arithmetic context of the computations (progress, evaluation schemes): 28
#: significant digits, half even, independent of the caller's thread context.
DECIMAL_CONTEXT = Context(prec=28, rounding=ROUND_HALF_EVEN)

#: Largest decimal exponent accepted in a number read from text (``1e-999999`` would make
#: exact arithmetic crawl).
EXPONENT_LIMIT = 1000

#: The missing-value markers of pandas (``pd.NA``, ``pd.NaT``), recognised by type name so
#: that the core never imports pandas.
MISSING_TYPES = frozenset({"NAType", "NaTType"})


def number(value: object, name: str, *, text: bool = False) -> Decimal:
    """A finite number as an exact :class:`~decimal.Decimal`, for scores, indices, shares
    and measured values.

    Accepts a Decimal, an ``int`` (and any integral such as ``numpy.int64``), and a finite
    float (``numpy.float64`` included) taken through its shortest repr, so ``0.4907`` is
    ``Decimal('0.4907')``; with ``text=True`` also a numeric text. A NaN is a missing value
    and an infinity is refused, each with a :class:`ValidationError` naming ``name``.

    >>> number(0.4907, "iks"), number(3, "count"), number("0.61", "iks", text=True)
    (Decimal('0.4907'), Decimal('3'), Decimal('0.61'))
    >>> number(float("nan"), "iks")
    Traceback (most recent call last):
    ...
    desacoop.errors.ValidationError: iks is missing (NaN); give a number
    """
    result: Decimal
    if isinstance(value, bool):
        raise ValidationError(f"{name} must be a number, not {value!r}", field=name)
    if value is None or type(value).__name__ in MISSING_TYPES:
        raise ValidationError(f"{name} is missing ({value}); give a number", field=name)
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, float):
        if math.isnan(value):
            raise ValidationError(f"{name} is missing (NaN); give a number", field=name)
        result = Decimal(repr(float(value)))
    elif isinstance(value, numbers.Integral):
        result = Decimal(operator.index(value))
    elif isinstance(value, numbers.Real) and not isinstance(value, numbers.Rational):
        # numpy.float32 and kin: their str() is the shortest text at their precision.
        if math.isnan(float(value)):
            raise ValidationError(f"{name} is missing (NaN); give a number", field=name)
        result = _from_text(str(value), name)
    elif text and isinstance(value, str):
        result = _from_text(value.strip(), name)
    else:
        kinds = "a number or a numeric text" if text else "a number"
        raise ValidationError(
            f"{name} must be {kinds} (Decimal, int or float), not {shown(value)}", field=name
        )
    if not result.is_finite():
        raise ValidationError(f"{name} must be a finite number, not {shown(value)}", field=name)
    if result and abs(result.adjusted()) > EXPONENT_LIMIT:
        raise ValidationError(
            f"{name} is out of range ({shown(value)}): its exponent passes {EXPONENT_LIMIT}",
            field=name,
        )
    return result


def _from_text(text: str, name: str) -> Decimal:
    try:
        return Decimal(text)
    except InvalidOperation:
        raise ValidationError(f"{name} is not a number: {shown(text)}", field=name) from None


def to_number(value: object) -> object:
    """attrs converter for measured values: an int, integral or finite float becomes an exact
    Decimal (floats through their shortest repr); anything else is left for the validator."""
    if value is None or isinstance(value, bool | Decimal):
        return value
    if isinstance(value, numbers.Real) and not isinstance(value, numbers.Rational | Decimal):
        return number(value, "value")
    if isinstance(value, numbers.Integral):
        return Decimal(operator.index(value))
    return value


def money(value: object, name: str = "amount") -> Decimal:
    """An amount in rupiah: an ``int`` (or integral) or a finite Decimal, never a float.

    >>> money(1_500_000)
    Decimal('1500000')
    >>> money(1.5)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    desacoop.errors.ValidationError: amount is money: ... Decimal('1.5'), never a float ...
    """
    if isinstance(value, float):
        raise ValidationError(
            f"{name} is money: give whole rupiah as an int or a Decimal such as "
            f"Decimal({str(value)!r}), never a float (floats cannot hold every amount exactly)",
            field=name,
        )
    if isinstance(value, bool) or not isinstance(value, Decimal | numbers.Integral):
        raise ValidationError(
            f"{name} is money: an int or a Decimal of rupiah, not {shown(value)}", field=name
        )
    return number(value, name)


# -- region codes -------------------------------------------------------------------


def village(owner: str, field: str = "village") -> Callable[[object], RegionCode]:
    """attrs converter: a village code (``PP.KK.CC.VVVV``) given as text or RegionCode.

    ``owner`` words the error, e.g. ``"a cadre serves"`` gives "a cadre serves a village
    (PP.KK.CC.VVVV), not the district 63.71.01".
    """

    def convert(value: object) -> RegionCode:
        code = region_code(value, field)
        if code.level is not Level.VILLAGE:
            raise ValidationError(
                f"{owner} a village (PP.KK.CC.VVVV), not the {code.level.value} {code}",
                field=field,
            )
        return code

    return convert


def villages(value: object) -> tuple[RegionCode, ...]:
    """attrs converter: distinct village codes, as a tuple."""
    codes = region_codes(value)
    for position, code in enumerate(codes):
        if code.level is not Level.VILLAGE:
            raise ValidationError(
                f"{code} is a {code.level.value} code, not a village code (PP.KK.CC.VVVV)",
                field=f"villages[{position}]",
            )
    unique("village", [str(c) for c in codes], "villages")
    return codes


def desa(code: RegionCode, what: str, field: str) -> None:
    """Refuse a kelurahan where only a desa (or desa adat) can stand: a BUM Desa, a KPMD or
    KPM, a Prudes belong to a desa (UU 6/2014); a kelurahan is part of a regency's or city's
    administration and has none."""
    if isinstance(code, RegionCode) and code.village_kind is VillageKind.KELURAHAN:
        raise ValidationError(
            f"{what} belongs to a desa; {code} is a kelurahan (its village part starts with 1)",
            field=field,
        )


def region_code(value: object, name: str = "region") -> RegionCode:
    """A region code given as text or :class:`RegionCode` (any other type is refused)."""
    if not isinstance(value, RegionCode | str):
        raise ValidationError(
            f"{name} must be a region code such as '63.71.01.1001', not {shown(value)}",
            field=name,
        )
    return to_region_code(value)


def optional_region(value: object, name: str = "region") -> RegionCode | None:
    """``None``, or a region code given as text or :class:`RegionCode`."""
    return None if value is None else region_code(value, name)


def date_argument(name: str, value: object) -> dt.date:
    """A function argument that must be a calendar date (not a datetime): the date itself,
    or the day of a midnight pandas Timestamp or numpy datetime64 (:func:`to_date`)."""
    value = to_date(cast(dt.date, value))
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise _not_a_date(name, value)
    return value

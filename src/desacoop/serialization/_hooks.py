"""The one cattrs converter and every hook it uses.

Reading is strict: each primitive hook refuses what is not already of its JSON type (no
coercion), enums are read by value, tuples and attrs classes collect every problem, and a
class's cross-field rules run on what could be read (:func:`_rules_on_what_was_read`).
:func:`_problems` turns cattrs' nested errors into :class:`~desacoop.errors.Problem` with
JSON paths.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
import typing
from collections.abc import Callable, Iterator, Mapping
from decimal import Decimal
from types import MappingProxyType
from typing import Any, TypeVar

import attrs
import cattrs
from cattrs.errors import (
    AttributeValidationNote,
    BaseValidationError,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from dateutil.relativedelta import relativedelta

from desacoop._checks import EXPONENT_LIMIT
from desacoop.agreement import Source
from desacoop.errors import MAX_PROBLEMS, Problem, ValidationError, shown
from desacoop.regions import RegionCode
from desacoop.scope import Area, ScopeArea

__all__ = ["PATTERNS", "PLAIN_EXPONENT_LIMIT", "VALUE_TYPES", "converter"]

T = TypeVar("T")


class _StructureError(ValidationError):
    """A value of the wrong JSON type or form (internal; callers see ValidationError)."""


def _describe(obj: object) -> str:
    names = {
        bool: "a boolean",
        int: "a number",
        float: "a number",
        str: "a text",
        list: "a list",
        dict: "an object",
        type(None): "null",
    }
    kind = names.get(type(obj), type(obj).__name__)
    if isinstance(obj, dict | list):
        return kind
    text = shown(obj)
    return text if text.startswith(("a ", "an ")) else f"{kind} {text}"


# -- primitive hooks ---------------------------------------------------------------


_SURROGATE = re.compile("[\ud800-\udfff]")


def _structure_str(obj: object, _: type) -> str:
    if not isinstance(obj, str):
        raise _StructureError(f"expected a text, got {_describe(obj)}")
    if not obj.isascii() and _SURROGATE.search(obj):
        raise _StructureError(
            f"not valid Unicode: a lone surrogate in {shown(obj)} (it cannot be written as UTF-8)"
        )
    return obj


def _structure_int(obj: object, _: type) -> int:
    if isinstance(obj, bool) or not isinstance(obj, int):
        raise _StructureError(f"expected a whole number, got {_describe(obj)}")
    return obj


def _structure_bool(obj: object, _: type) -> bool:
    if not isinstance(obj, bool):
        raise _StructureError(f"expected true or false, got {_describe(obj)}")
    return obj


_DECIMAL = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]{1,4})?")

#: Decimals are written in plain notation while their exponent stays within this
#: bound (``0.0000001``, not ``1E-7``); beyond it, in scientific notation.
PLAIN_EXPONENT_LIMIT = 40


def _structure_decimal(obj: object, _: type) -> Decimal:
    if isinstance(obj, bool):
        raise _StructureError(f"expected a number, got {_describe(obj)}")
    if isinstance(obj, float):
        raise _StructureError(
            f'a decimal is written as a text (e.g. "{shown(obj)}") or a whole number, never '
            f"a floating-point number: {shown(obj)}"
        )
    if (isinstance(obj, int) and obj.bit_length() <= _LARGEST_BITS) or (
        isinstance(obj, str) and _DECIMAL.fullmatch(obj)
    ):
        value = Decimal(obj)
    elif isinstance(obj, int):
        raise _StructureError(f"out of range: {shown(obj)} (more than {EXPONENT_LIMIT} digits)")
    else:
        raise _StructureError(
            f'expected a decimal number as a text like "12.5", got {_describe(obj)}'
        )
    if value and abs(value.adjusted()) > EXPONENT_LIMIT:
        raise _StructureError(f"out of range: {shown(obj)} (its exponent passes {EXPONENT_LIMIT})")
    return value


#: Whole numbers with more bits than this have more than EXPONENT_LIMIT digits.
_LARGEST_BITS = int(EXPONENT_LIMIT * 3.3219280948873626) + 1


def _unstructure_decimal(value: Decimal) -> str:
    text = str(value)
    if "E" not in text and value.is_finite():  # already plain: str() is format(value, "f")
        return text
    if not value.is_finite():
        raise ValidationError(f"{value} cannot be written: only finite decimals can")
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)  # finite
    if abs(exponent) <= PLAIN_EXPONENT_LIMIT:
        return format(value, "f")
    return str(value)


_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _iso(
    obj: object, pattern: re.Pattern[str], parse: Callable[[str], T], what: str, shape: str
) -> T:
    """``parse(obj)`` for a text of ``pattern``; a text of that shape that names no real
    moment (2023-02-30) is "no such {what}", anything else "expected a {what} {shape}"."""
    if isinstance(obj, str) and pattern.fullmatch(obj):
        try:
            return parse(obj)
        except ValueError:
            raise _StructureError(f"no such {what}: {obj!r}") from None
    raise _StructureError(f"expected a {what} {shape}, got {_describe(obj)}")


def _structure_date(obj: object, _: type) -> dt.date:
    return _iso(obj, _DATE, dt.date.fromisoformat, "date", "as YYYY-MM-DD")


_DATETIME = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,6})?)?"
    r"(?:Z|[+-][0-9]{2}:[0-9]{2})"
)


def _structure_datetime(obj: object, _: type) -> dt.datetime:
    shape = "with its offset, like 2022-04-13T10:00:00+08:00"
    return _iso(obj, _DATETIME, dt.datetime.fromisoformat, "date and time", shape)


def _unstructure_datetime(value: dt.datetime) -> str:
    return value.isoformat()


def _structure_region(obj: object, _: type) -> RegionCode:
    if not isinstance(obj, str):
        raise _StructureError(f"expected a region code as a text, got {_describe(obj)}")
    return RegionCode(obj)


def _structure_area(obj: object, _: type) -> ScopeArea | Area:
    """A scope area: a text is a catalog code, an object an agreement's own area."""
    if isinstance(obj, dict):
        area: Area = converter.structure(obj, Area)
        return area
    if isinstance(obj, str) and obj in _CATALOG:
        return _CATALOG[obj]
    raise _StructureError(
        f"{_describe(obj)} is not a ScopeArea; expected one of {', '.join(map(repr, _CATALOG))}"
        ", or an object for the agreement's own area (id, label_id, label_en, catalog)"
    )


def _structure_source(obj: object, _: type) -> Source | str:
    """A source: a free text (as older documents have them) or a Source record."""
    if isinstance(obj, dict):
        source: Source = converter.structure(obj, Source)
        return source
    if isinstance(obj, str):
        return _structure_str(obj, str)
    raise _StructureError(
        f"expected a text, got {_describe(obj)} (a source may also be an object: id, outlet, "
        "author, address, published_on)"
    )


def _structure_area_ref(obj: object, _: type) -> ScopeArea | str:
    """An area reference: a catalog code, or the id of one of the agreement's own areas."""
    if not isinstance(obj, str):
        raise _StructureError(f"expected a scope area id as a text, got {_describe(obj)}")
    return _CATALOG.get(obj, obj)


_CATALOG = {a.value: a for a in ScopeArea}

_DURATION = re.compile(r"P(?:([0-9]+)Y)?(?:([0-9]+)M)?(?:([0-9]+)W)?(?:([0-9]+)D)?")


def _structure_duration(obj: object, _: type) -> relativedelta:
    match = _DURATION.fullmatch(obj) if isinstance(obj, str) else None
    if match is None or obj == "P":
        raise _StructureError(
            f"expected an ISO 8601 duration such as 'P3Y' or 'P1Y6M', got {_describe(obj)}"
        )
    years, months, weeks, days = (int(g) if g else 0 for g in match.groups())
    return relativedelta(years=years, months=months, days=days + 7 * weeks)


#: The texts each kind of value is read from, as regular expressions that must match the
#: whole text: the converter reads with them and the JSON Schemas
#: (:mod:`desacoop.schema`) publish them.
PATTERNS: Mapping[str, re.Pattern[str]] = MappingProxyType(
    {"decimal": _DECIMAL, "date": _DATE, "datetime": _DATETIME, "duration": _DURATION}
)


def _unstructure_duration(value: relativedelta) -> str:
    if value.hours or value.minutes or value.seconds or value.microseconds:
        raise ValidationError("only durations in years, months and days can be written")
    text = "P"
    for amount, unit in ((value.years, "Y"), (value.months, "M"), (value.days, "D")):
        if amount < 0:
            raise ValidationError("a negative duration cannot be written")
        if amount:
            text += f"{amount}{unit}"
    return text if text != "P" else "P0D"


def _structure_enum_factory(cl: type[enum.Enum]) -> Callable[[object, type], enum.Enum]:
    values = {m.value: m for m in cl}

    def structure(obj: object, _: type) -> enum.Enum:
        try:
            return values[obj]
        except (KeyError, TypeError):
            allowed = ", ".join(repr(v) for v in values)
            raise _StructureError(
                f"{_describe(obj)} is not a {cl.__name__}; expected one of {allowed}"
            ) from None

    return structure


def _is_tuple(tp: Any) -> bool:
    return typing.get_origin(tp) is tuple


def _structure_tuple_factory(tp: Any) -> Callable[[object, type], tuple[Any, ...]]:
    args = typing.get_args(tp)
    if len(args) != 2 or args[1] is not Ellipsis:
        raise TypeError(f"only homogeneous tuples are serializable: {tp}")  # a model bug
    element = args[0]

    def structure(obj: object, _: type) -> tuple[Any, ...]:
        if not isinstance(obj, list):
            raise _StructureError(f"expected a list, got {_describe(obj)}")
        hook = converter.get_structure_hook(element)
        out: list[Any] = []
        errors: list[Exception] = []
        for i, item in enumerate(obj):
            try:
                out.append(hook(item, element))
            except Exception as exc:
                exc.__notes__ = [*getattr(exc, "__notes__", []), _index_note(i, element)]
                errors.append(exc)
                if len(errors) >= MAX_PROBLEMS and i + 1 < len(obj):  # bounded time and memory
                    errors.append(
                        _StructureError(
                            f"reading stopped after {MAX_PROBLEMS} problems in this list; "
                            f"{len(obj) - i - 1:,} more items were not read"
                        )
                    )
                    break
        if errors:
            raise IterableValidationError(f"While structuring {tp}", errors, tuple)
        return tuple(out)

    return structure


def _index_note(index: int, tp: Any) -> IterableValidationNote:
    return IterableValidationNote(f"Structuring @ index {index}", index, tp)


def _structure_attrs_factory(cl: type) -> Callable[[object, type], Any]:
    inner: Callable[[Any, type], Any] = cattrs.gen.make_dict_structure_fn(
        cl, converter, _cattrs_forbid_extra_keys=True
    )

    def structure(obj: object, _: type) -> Any:
        if not isinstance(obj, dict):
            raise _StructureError(f"expected an object ({cl.__name__}), got {_describe(obj)}")
        try:
            return inner(obj, cl)
        except ClassValidationError as exc:
            more = _rules_on_what_was_read(cl, obj)
            if not more:
                raise
            raise ClassValidationError(
                exc.message, [*exc.exceptions, ValidationError.from_problems(more)], cl
            ) from None

    return structure


def _rules_on_what_was_read(cl: type, obj: dict[str, Any]) -> list[Problem]:
    """The class's cross-field rules run on the fields that were read, when others were
    not: every mistake of a document is reported at once, not field errors first and the
    rules that relate fields in a second round.

    The rules are the methods a class names in ``_RULES`` (each yields problems on its
    own), or its ``_problems`` method. They run on a stand-in holding what could be read,
    down to the fields of nested objects and list items (a party whose abbreviation is
    wrong still has its id). A rule stops at the first field it needs that could not be
    read (an unset slot), so it never reports a consequence of a mistake already listed.
    """
    rules: tuple[str, ...] = getattr(cl, "_RULES", ("_problems",))
    if not hasattr(cl, rules[0]):
        return []
    stand_in, unread = _stand_in(cl, obj)
    if not unread:
        return []  # every field was read: the rules themselves raised, and said it all
    found: list[Problem] = []
    for rule in rules:
        try:
            for problem in getattr(stand_in, rule)():
                found.append(problem)
        except Exception:  # the rule reached a field that was not read: its error says why
            continue
    return found


class _Unread:
    """A value that could not be read (its field error is reported already)."""


_UNREAD = _Unread()


def _stand_in(cl: type, obj: dict[str, Any]) -> tuple[Any, int]:
    """An instance of ``cl`` without running its checks, holding every field of ``obj``
    that can be read (nested objects and list items as stand-ins too), and how many
    fields could not be read; those stay unset."""
    stand_in: Any = object.__new__(cl)
    unread = 0
    for a in attrs.fields(cl):
        if not a.init:
            continue
        key = a.alias or a.name
        if key in obj:
            value = _readable(obj[key], a.type)
            if value is _UNREAD:
                unread += 1
                continue
        elif a.default is attrs.NOTHING:
            unread += 1
            continue
        elif isinstance(a.default, attrs.Factory):  # type: ignore[arg-type]
            try:
                factory = a.default.factory
                value = factory(stand_in) if a.default.takes_self else factory()
            except Exception:  # a default computed from a field that was not read
                unread += 1
                continue
        else:
            value = a.default
        object.__setattr__(stand_in, a.name, value)
    return stand_in, unread


def _readable(value: object, tp: Any) -> Any:
    """``value`` structured as ``tp``; failing that, a stand-in for an object or a tuple
    of them (a list item that is not even an object makes the whole list unread)."""
    try:
        return converter.structure(value, tp)
    except Exception:  # already reported as a field error
        pass
    if isinstance(tp, str):
        return _UNREAD
    if attrs.has(tp) and isinstance(value, dict):
        return _stand_in(tp, value)[0]
    args = typing.get_args(tp)
    if _is_tuple(tp) and len(args) == 2 and args[1] is Ellipsis and isinstance(value, list):
        items = []
        for item in value:  # stops at the first item that cannot be read
            found = _readable(item, args[0])
            if found is _UNREAD:
                return _UNREAD
            items.append(found)
        return tuple(items)
    if type(None) in args and value is not None:  # X | None
        for option in args:
            if option is not type(None):
                found = _readable(value, option)
                if found is not _UNREAD:
                    return found
    return _UNREAD


def _unstructure_tuple(value: tuple[Any, ...]) -> list[Any]:
    return [converter.unstructure(v) for v in value]


def _unstructure_tuple_factory(tp: Any) -> Callable[[tuple[Any, ...]], list[Any]]:
    """For ``tuple[X, ...]``: the element's hook found once, not per element."""
    args = typing.get_args(tp)
    if len(args) != 2 or args[1] is not Ellipsis or not isinstance(args[0], type):
        return _unstructure_tuple
    hook = converter.get_unstructure_hook(args[0])

    def unstructure(value: tuple[Any, ...]) -> list[Any]:
        if type(value) is not tuple or any(type(v) is not args[0] for v in value):
            return _unstructure_tuple(value)  # a subclass or a mixed tuple: dispatch each
        return [hook(v) for v in value]

    return unstructure


class _Converter(cattrs.Converter):
    """cattrs' converter whose every failure is a :class:`ValidationError` listing each
    problem with its JSON path, for desacoop's classes and for a user's own attrs classes
    built from them (never cattrs' ``ClassValidationError`` or a bare ``TypeError``)."""

    def structure(self, obj: Any, cl: Any) -> Any:
        try:
            return super().structure(obj, cl)
        except (ValidationError, RecursionError):
            raise
        except Exception as exc:
            raise ValidationError.from_problems(_problems(exc, "$")) from None


def _make_converter() -> cattrs.Converter:
    conv = _Converter(forbid_extra_keys=True, detailed_validation=True)
    conv.register_structure_hook(str, _structure_str)
    conv.register_structure_hook(int, _structure_int)
    conv.register_structure_hook(bool, _structure_bool)
    conv.register_structure_hook(Decimal, _structure_decimal)
    conv.register_unstructure_hook(Decimal, _unstructure_decimal)
    conv.register_structure_hook(dt.datetime, _structure_datetime)
    conv.register_unstructure_hook(dt.datetime, _unstructure_datetime)
    conv.register_structure_hook(dt.date, _structure_date)
    conv.register_unstructure_hook(dt.date, dt.date.isoformat)
    conv.register_structure_hook(RegionCode, _structure_region)
    conv.register_unstructure_hook(RegionCode, str)
    conv.register_structure_hook(relativedelta, _structure_duration)
    conv.register_structure_hook(ScopeArea | Area, _structure_area)
    conv.register_structure_hook(ScopeArea | str, _structure_area_ref)
    conv.register_structure_hook(Source | str, _structure_source)
    conv.register_unstructure_hook(relativedelta, _unstructure_duration)
    conv.register_structure_hook_factory(
        lambda t: isinstance(t, type) and issubclass(t, enum.Enum), _structure_enum_factory
    )
    conv.register_structure_hook_factory(_is_tuple, _structure_tuple_factory)
    conv.register_unstructure_hook_factory(_is_tuple, _unstructure_tuple_factory)
    conv.register_structure_hook_factory(attrs.has, _structure_attrs_factory)
    return conv


#: The one converter. Use it through the functions of this module, or to read your own attrs
#: classes built from desacoop's (see "Your own classes" in the format guide): every failure
#: is a ValidationError with the path of each problem.
converter: cattrs.Converter = _make_converter()

# -- errors --------------------------------------------------------------------


def _join(path: str, suffix: str | None) -> str:
    if not suffix:
        return path
    if suffix.startswith("$"):
        suffix = suffix[1:]
        if not suffix:
            return path
    return path + suffix if suffix.startswith(("[", ".")) else f"{path}.{suffix}"


def _problems(exc: BaseException, path: str) -> Iterator[Problem]:
    if isinstance(exc, BaseValidationError):
        for sub in exc.exceptions:
            yield from _problems(sub, _join(path, _note_suffix(sub)))
        return
    if isinstance(exc, ForbiddenExtraKeysError):
        for key in sorted(exc.extra_fields):
            yield Problem(_join(path, _key(key)), f"unknown key {shown(key)}")
        return
    if isinstance(exc, ValidationError):
        for problem in exc.problems:  # never empty (errors.ValidationError)
            yield Problem(_join(path, problem.path), problem.message)
        return
    if isinstance(exc, KeyError):
        yield Problem(path, "required but missing")
        return
    yield Problem(path, f"invalid value ({type(exc).__name__}: {shown(str(exc), 200)})")


def _key(key: object) -> str:
    """A key as a path part, bounded (a 10 MB key is not repeated whole in a message)."""
    text = key if isinstance(key, str) else shown(key)
    return text if len(text) <= 60 else f"{text[:60]}..."


def _note_suffix(exc: BaseException) -> str | None:
    for note in getattr(exc, "__notes__", ()):
        if isinstance(note, AttributeValidationNote):
            return f".{note.name}"
        if isinstance(note, IterableValidationNote):
            return f"[{note.index}]"
    return None


#: Value types written as a single JSON text inside documents, never as documents.
VALUE_TYPES: tuple[type, ...] = (RegionCode,)

"""Strict JSON in and out for every public desacoop class.

This module owns the one cattrs converter and every hook. Reading is strict:

- unknown keys are rejected by name; required keys must be present;
- no silent coercion: ``5`` is not a name, ``"12"`` is not a count, ``true`` is not
  a number, a text is not a list;
- enums by value, dates as ISO 8601 (``2022-04-13``), aware datetimes with their
  offset, region codes dotted, durations as ISO 8601 (``P3Y``), money and other
  decimals as an integer or a decimal string, never a float;
- every problem in a document is collected and reported in one
  :class:`~desacoop.errors.ValidationError`, each with its JSON path;
- a key repeated in one object is refused (never "the last one wins"); texts, bytes and
  files follow one encoding rule (UTF-8, a UTF-8 byte-order mark allowed); numbers are
  bounded (exponents up to ``EXPONENT_LIMIT``, 1000); only regular files are read, and
  at most :data:`MAX_DOCUMENT_SIZE` bytes of them.

Writing never loses data: :func:`dump` replaces a file atomically (:func:`write_atomic`).
Large collections are JSON Lines, one document a line, written and read one record at a
time (:func:`dump_jsonl`, :func:`iter_jsonl`); a monitoring plan may keep its observations
in such a file (``dump(plan, path, observations_file=...)``).

A document's root carries ``"format": "desacoop/1"`` and ``"document"``, the class name
(no public class has a field of either name).

>>> from desacoop.regions import Village
>>> v = Village("63.71.01.1001", "Mantuil")
>>> print(to_json(v))
{
  "format": "desacoop/1",
  "document": "Village",
  "code": "63.71.01.1001",
  "name": "Mantuil",
  "kind": "kelurahan"
}
>>> from_json(to_json(v)) == v
True
>>> bad = {"format": "desacoop/1", "document": "Village", "code": "63.71.01.0001",
...        "name": 5, "extra": 1}
>>> from_dict(bad)  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
desacoop.errors.ValidationError: 3 problems:
  $.code: village part '0001' must start with 1 (kelurahan), 2 (desa) or 3 (desa adat) ...
  $.name: expected a text, got a number 5
  $.extra: unknown key 'extra'

"""

from __future__ import annotations

import codecs
import contextlib
import datetime as dt
import enum
import functools
import gc
import importlib
import inspect
import json
import os
import re
import secrets
import stat
import types
import typing
from collections.abc import Callable, Iterable, Iterator, Mapping
from decimal import Decimal
from pathlib import Path
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

from desacoop import _checks
from desacoop._checks import EXPONENT_LIMIT
from desacoop.agreement import Source
from desacoop.errors import Problem, ValidationError, shown
from desacoop.regions import RegionCode
from desacoop.scope import Area, ScopeArea

__all__ = [
    "DOCUMENTS",
    "FORMAT",
    "VALUE_TYPES",
    "converter",
    "document_kinds",
    "dump",
    "dump_jsonl",
    "from_dict",
    "from_json",
    "iter_jsonl",
    "json_schema",
    "load",
    "to_dict",
    "to_json",
    "write_atomic",
]

#: The format tag every desacoop document carries at its root.
FORMAT = "desacoop/1"

#: The largest document :func:`from_json` and :func:`load` read, in characters for a text
#: and in bytes for bytes or a file (50 MB). Collections larger than this are JSON Lines,
#: where the limit applies to each record.
MAX_DOCUMENT_SIZE = 50_000_000

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


def _structure_date(obj: object, _: type) -> dt.date:
    if isinstance(obj, str) and _DATE.fullmatch(obj):
        try:
            return dt.date.fromisoformat(obj)
        except ValueError:
            raise _StructureError(f"no such date: {obj!r}") from None
    raise _StructureError(f"expected a date as YYYY-MM-DD, got {_describe(obj)}")


_DATETIME = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,6})?)?"
    r"(?:Z|[+-][0-9]{2}:[0-9]{2})"
)


def _structure_datetime(obj: object, _: type) -> dt.datetime:
    if isinstance(obj, str) and _DATETIME.fullmatch(obj):
        try:
            return dt.datetime.fromisoformat(obj)
        except ValueError:
            raise _StructureError(f"no such date and time: {obj!r}") from None
    raise _StructureError(
        "expected a date and time with its offset, like 2022-04-13T10:00:00+08:00, "
        f"got {_describe(obj)}"
    )


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
        items = [_readable(item, args[0]) for item in value]
        return _UNREAD if any(item is _UNREAD for item in items) else tuple(items)
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


def _make_converter() -> cattrs.Converter:
    conv = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
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


#: The one converter. Use it through the functions of this module.
converter: cattrs.Converter = _make_converter()

# -- errors --------------------------------------------------------------------


def _join(path: str, suffix: str | None) -> str:
    if not suffix:
        return path
    if suffix.startswith("$"):
        suffix = suffix[1:]
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
        if exc.problems:
            for problem in exc.problems:
                yield Problem(_join(path, problem.path), problem.message)
        else:
            yield Problem(_join(path, exc.field), exc.message)
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


# -- public API ----------------------------------------------------------------


#: Value types written as a single JSON text inside documents, never as documents.
VALUE_TYPES: tuple[type, ...] = (RegionCode,)

#: The document registry: every class a desacoop document may carry at its root, listed
#: under the module that exports it. A document's ``"document"`` tag is the class name, so
#: these names are part of the file format (``desacoop/1``): renaming one changes it.
DOCUMENTS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "desacoop.errors": ("Problem",),
        "desacoop.regions": ("Province", "Region", "Village"),
        "desacoop.registry": ("RegionDiff", "Renaming"),
        "desacoop.agreement": (
            "Agreement", "AgreementChanges", "Amendment", "BudgetLine", "Citation",
            "InstrumentRef", "Official", "Party", "Place", "Programme", "Purpose",
            "ScopeCommitment", "Signatory", "Signing", "Source", "Term", "Witness",
        ),
        "desacoop.scope": ("Area",),
        "desacoop.monitoring": (
            "AreaWeight", "Baseline", "Indicator", "Milestone", "MonitoringPlan",
            "Observation", "OrdinalScale", "Period", "Target", "Value",
        ),
        "desacoop.rollup": ("MilestoneState", "ProgressFigure", "ProgressReport", "Tolerance"),
        "desacoop.evaluation": (
            "Actor", "DimensionValue", "DimensionWeight", "EvaluationInputs",
            "EvaluationResult", "Finding", "IndeksDesa", "IndicatorScore", "ProdeskelResult",
            "ProdeskelScheme", "PublishedSummary", "RegionSummary", "StatusCount",
            "StatusThresholds", "Transition", "VillageEvaluation", "WeightedScheme",
        ),
        "desacoop.idm": ("Gain", "ImprovementPlan", "PlanStep"),
        "desacoop.products": ("Certification", "Owner", "Product", "RuralArea", "TradeMissionDeal"),
        "desacoop.enterprises": (
            "BusinessUnit", "Enterprise", "LegalRegistration", "Ranking", "RankingThresholds",
            "Transformation",
        ),
        "desacoop.cadres": ("Cadre", "Training"),
    }
)  # fmt: skip


@functools.cache
def document_kinds() -> Mapping[str, type]:
    """Every registered document class by its tag (the class name), imported on first use.

    >>> document_kinds()["Agreement"]
    <class 'desacoop.agreement.Agreement'>
    """
    kinds: dict[str, type] = {}
    for module_name, names in DOCUMENTS.items():
        module = importlib.import_module(module_name)
        for name in names:
            kinds[name] = getattr(module, name)
    return MappingProxyType(kinds)


@functools.cache
def _tags() -> Mapping[type, str]:
    return MappingProxyType({cls: tag for tag, cls in document_kinds().items()})


def json_schema(cls: type) -> dict[str, Any]:
    """The JSON Schema (Draft 2020-12) of a document kind: :func:`desacoop.schema.json_schema`
    (imported on first use, as the schema is built from this module's rules)."""
    from desacoop.schema import json_schema as build

    return build(cls)


def _not_a_document(cls: type) -> ValidationError:
    return ValidationError(
        f"not a desacoop document: {cls.__name__} (documents are the classes "
        "listed in desacoop.serialization.DOCUMENTS)"
    )


def to_dict(obj: Any) -> dict[str, Any]:
    """A JSON-ready dict of a desacoop document, with ``format`` and ``document``.

    Only registered classes (:data:`DOCUMENTS`) are documents: what :func:`from_dict`
    cannot read back is refused here.
    """
    tag = _tags().get(type(obj))
    if tag is None:
        raise _not_a_document(type(obj))
    kind: type = type(obj)
    body = _fast_dict(kind)(obj)
    return {"format": FORMAT, "document": tag, **body}


@typing.overload
def from_dict(data: object, cls: type[T]) -> T: ...
@typing.overload
def from_dict(data: object, cls: None = None) -> Any: ...
def from_dict(data: object, cls: type[T] | None = None) -> T | Any:
    """Read a dict made by :func:`to_dict` (or parsed from JSON) back into an object.

    ``cls`` is the expected class; without it the document's ``document`` tag decides.
    Raises one :class:`~desacoop.errors.ValidationError` listing every problem.
    """
    if not isinstance(data, dict):
        raise ValidationError.from_problems(
            [Problem("$", f"a desacoop document is a JSON object, not {_describe(data)}")]
        )
    header = []
    fmt, kind = data.get("format"), data.get("document")
    if fmt != FORMAT:
        header.append(
            Problem("$.format", f"expected {FORMAT!r}, got {shown(fmt)}")
            if "format" in data
            else Problem("$.format", f"required but missing (expected {FORMAT!r})")
        )
    kinds = document_kinds()
    if cls is None:
        target = kinds.get(kind) if isinstance(kind, str) else None
        if target is None:
            header.append(
                Problem("$.document", f"unknown document kind {shown(kind)}")
                if "document" in data
                else Problem("$.document", "required but missing")
            )
    else:
        if not isinstance(cls, type) or cls not in _tags():
            raise ValidationError(f"not a desacoop document class: {shown(cls)}")
        target = cls
        if kind != cls.__name__:
            header.append(Problem("$.document", f"expected {cls.__name__!r}, got {shown(kind)}"))
    if header or target is None:
        raise ValidationError.from_problems(header)
    try:
        result: T = _structure_document(data, target)
    except RecursionError:
        raise ValidationError.from_problems(
            [Problem("$", "the document is nested too deeply")]
        ) from None
    except Exception as exc:  # every failure of a bad document becomes a ValidationError
        problems = list(_problems(exc, "$"))
        raise ValidationError.from_problems(problems) from None
    return result


def to_json(obj: Any, *, indent: int | None = 2) -> str:
    """The object as a JSON document (UTF-8 text, keys in field order)."""
    return json.dumps(to_dict(obj), indent=indent, ensure_ascii=False)


@typing.overload
def from_json(text: str | bytes, cls: type[T]) -> T: ...
@typing.overload
def from_json(text: str | bytes, cls: None = None) -> Any: ...
def from_json(text: str | bytes, cls: type[T] | None = None) -> T | Any:
    """Read a JSON document made by :func:`to_json`; see :func:`from_dict`.

    Bytes follow the rule :func:`load` follows for files: UTF-8, with or without a byte-order
    mark; UTF-16 and UTF-32 are refused with a hint. A key that appears twice in one object
    is refused, never silently overwritten:

    >>> from_json('{"format": "desacoop/1", "format": "desacoop/1"}')
    Traceback (most recent call last):
    ...
    desacoop.errors.ValidationError: 1 problem:
      $.format: the key 'format' appears 2 times in one object
    """
    if not isinstance(text, str | bytes):
        raise ValidationError(f"a JSON document is a text, not {type(text).__name__}")
    return from_dict(_parse(_decoded(text)), cls)


def _too_large(size: int, unit: str, limit: int) -> ValidationError:
    return ValidationError.from_problems(
        [
            Problem(
                "$",
                f"the document is larger than {limit:,} {unit} ({size:,}); write large "
                "collections as JSON Lines (one record a line)",
            )
        ]
    )


def _decoded(data: str | bytes, limit: int | None = None) -> str:
    """The text of a document: one rule for texts, bytes and files (UTF-8, an optional
    UTF-8 byte-order mark; UTF-16/32 refused with a hint; invalid bytes located)."""
    limit = MAX_DOCUMENT_SIZE if limit is None else limit
    if isinstance(data, str):
        if len(data) > limit:
            raise _too_large(len(data), "characters", limit)
        return data[1:] if data.startswith("\ufeff") else data
    if len(data) > limit:
        raise _too_large(len(data), "bytes", limit)
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    elif data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)) or (
        data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
        or (len(data) >= 2 and 0 in data[:2])
    ):
        raise ValidationError.from_problems(
            [
                Problem(
                    "$",
                    "the text is UTF-16 or UTF-32 (as some editors save 'Unicode'); "
                    "save it as UTF-8",
                )
            ]
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ValidationError.from_problems(
            [
                Problem(
                    "$",
                    f"not UTF-8 text: byte 0x{data[exc.start]:02x} at line {line}, byte "
                    f"{column} cannot be read (saved in another encoding, such as "
                    "Windows-1252? save it as UTF-8)",
                )
            ]
        ) from None


class _Repeated(dict[str, Any]):
    """An object in which a key appeared more than once (marked while parsing)."""

    repeated: dict[str, int]


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) == len(pairs):
        return result
    marked = _Repeated(result)
    counts: dict[str, int] = {}
    for key, _ in pairs:
        counts[key] = counts.get(key, 0) + 1
    marked.repeated = {k: n for k, n in counts.items() if n > 1}
    _repeats[0] += 1  # tells _parse to look for the marked objects
    return marked


#: How many objects with a repeated key were parsed (only ever grows; a change during one
#: parse means that document has one, whichever thread the other changes came from).
_repeats = [0]


def _repeated_keys(value: Any, path: str) -> Iterator[Problem]:
    stack = [(value, path)]
    while stack:
        value, path = stack.pop()
        if isinstance(value, dict):
            if isinstance(value, _Repeated):
                for key, count in value.repeated.items():
                    yield Problem(
                        _join(path, _key(key)),
                        f"the key {shown(key)} appears {count} times in one object",
                    )
            stack.extend((v, _join(path, k)) for k, v in reversed(value.items()))
        elif isinstance(value, list):
            stack.extend((v, f"{path}[{i}]") for i, v in reversed(list(enumerate(value))))


def _parse(text: str) -> Any:
    """Parse JSON strictly: no NaN/Infinity, no repeated key, bounded nesting."""
    before = _repeats[0]
    try:
        data = _DECODER.decode(text)
    except RecursionError:
        raise ValidationError.from_problems(
            [Problem("$", "the document is nested too deeply")]
        ) from None
    except ValueError as exc:  # JSONDecodeError, and the int-to-text digit limit
        raise ValidationError.from_problems(
            [Problem("$", f"not valid JSON: {shown(str(exc), 200)}")]
        ) from None
    if _repeats[0] != before and _has_repeated(data):
        raise ValidationError.from_problems(sorted(_repeated_keys(data, "$"), key=str))
    return data


def _has_repeated(value: Any) -> bool:
    stack = [value]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            if isinstance(value, _Repeated):
                return True
            stack.extend(v for v in value.values() if isinstance(v, dict | list))
        elif isinstance(value, list):
            stack.extend(v for v in value if isinstance(v, dict | list))
    return False


def _int(text: str) -> int:
    if len(text) > EXPONENT_LIMIT + 1:
        raise ValueError(f"a whole number of {len(text)} digits (at most {EXPONENT_LIMIT})")
    return int(text)


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


_DECODER = json.JSONDecoder(
    object_pairs_hook=_object, parse_int=_int, parse_constant=_reject_constant
)


@typing.overload
def load(path: str | os.PathLike[str], cls: type[T]) -> T: ...
@typing.overload
def load(path: str | os.PathLike[str], cls: None = None) -> Any: ...
def load(path: str | os.PathLike[str], cls: type[T] | None = None) -> T | Any:
    """Read a desacoop JSON file; a file that cannot be read is a ValidationError too.

    Only regular files are read (a pipe or a device is refused without waiting on it), at
    most :data:`MAX_DOCUMENT_SIZE` bytes of them, by the rule of :func:`from_json`. A
    monitoring plan whose ``observations_file`` names a JSON Lines file of observations
    (relative to the plan's file, see :func:`dump`) gets them from there.
    """
    file = _file(path)
    data = _read(file)
    try:
        text = _decoded(data)
    except ValidationError as exc:
        raise ValidationError.from_problems(
            [Problem(p.path, f"cannot read {path}: {p.message}") for p in exc.problems]
        ) from None
    with _collector_paused():  # a file holds many objects and no cycles
        document = _parse(text)
        if isinstance(document, dict) and OBSERVATIONS_FILE in document:
            plan: T = _plan_with_observations(document, file, cls)
            return plan
        result: T = from_dict(document, cls)
        return result


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """The garbage collector paused while a document's objects are built, then back as it
    was (the many new objects would otherwise trigger collections that find nothing)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def _reference_problems(reference: object) -> list[Problem]:
    where = f"$.{OBSERVATIONS_FILE}"
    if not isinstance(reference, str) or not reference.strip():
        return [Problem(where, f"expected a file name as a text, got {_describe(reference)}")]
    parts = Path(reference).parts
    if Path(reference).is_absolute() or ".." in parts or "\0" in reference:
        return [
            Problem(
                where,
                f"{shown(reference)} must be a path relative to the plan's folder, without '..'",
            )
        ]
    return []


def _plan_with_observations(document: dict[str, Any], file: Path, cls: type[Any] | None) -> Any:
    """A plan whose observations are in the JSON Lines file its document names."""
    body = dict(document)
    reference = body.pop(OBSERVATIONS_FILE)
    problems = _reference_problems(reference)
    if body.get("document") != "MonitoringPlan":
        problems.append(
            Problem(
                f"$.{OBSERVATIONS_FILE}", "only a MonitoringPlan refers to an observations file"
            )
        )
    if body.get("observations", []) != []:
        problems.append(
            Problem("$.observations", f"observations are listed here or in {OBSERVATIONS_FILE}")
        )
    if problems:
        raise ValidationError.from_problems(problems)
    source = file.parent / reference
    name = str(source)
    observations: list[Any] = []
    lines: list[int] = []
    try:
        for number, observation in _records(source, document_kinds()["Observation"], name):
            observations.append(observation)
            lines.append(number)
    except ValidationError as exc:
        problems.extend(
            Problem(f"$.{OBSERVATIONS_FILE}", p.message) if p.path == "$" else p
            for p in exc.problems
        )
    body.pop("observations", None)
    try:
        plan = from_dict(body, cls)
    except ValidationError as exc:
        problems[:0] = exc.problems
    if problems:
        raise ValidationError.from_problems(problems)
    try:
        return attrs.evolve(plan, observations=tuple(observations))
    except ValidationError as exc:  # the plan's rules about its observations
        found = exc.problems or (Problem(exc.field or "", exc.message),)
        raise ValidationError.from_problems(_located(p, name, lines) for p in found) from None


_OBSERVATION_PATH = re.compile(r"observations\[([0-9]+)\](.*)")


def _located(problem: Problem, name: str, lines: list[int]) -> Problem:
    """A plan problem about its ``observations[i]`` as ``file:line: $...``."""
    match = _OBSERVATION_PATH.fullmatch(problem.path)
    if match and int(match[1]) < len(lines):
        return Problem(f"{name}:{lines[int(match[1])]}: ${match[2]}", problem.message)
    return Problem(_join("$", problem.path), problem.message)


def _cannot(verb: str, path: object, exc: BaseException) -> ValidationError:
    reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    return ValidationError.from_problems([Problem("$", f"cannot {verb} {path}: {reason}")])


@contextlib.contextmanager
def _opened(file: Path) -> Iterator[int]:
    """A descriptor of a regular file, opened without blocking on a pipe."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(file, flags)
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the name
        raise _cannot("read", file, exc) from None
    try:
        try:
            mode = os.fstat(fd).st_mode
        except OSError as exc:  # pragma: no cover - fstat of an open descriptor
            raise _cannot("read", file, exc) from None
        if not stat.S_ISREG(mode):
            what = "a directory" if stat.S_ISDIR(mode) else "a pipe, a device or a socket"
            raise ValidationError.from_problems(
                [Problem("$", f"cannot read {file}: it is {what}, not a regular file")]
            )
        yield fd
    finally:
        os.close(fd)


def _read(file: Path) -> bytes:
    """The bytes of a regular file, refused as soon as they pass the document limit."""
    limit = MAX_DOCUMENT_SIZE
    with _opened(file) as fd:
        chunks: list[bytes] = []
        size = 0
        while True:
            try:
                chunk = os.read(fd, 1 << 20)
            except OSError as exc:
                raise _cannot("read", file, exc) from None
            if not chunk:
                return b"".join(chunks)
            size += len(chunk)
            if size > limit:
                raise _too_large(size, "bytes", limit)
            chunks.append(chunk)


def dump(obj: Any, path: str | os.PathLike[str], *, observations_file: str | None = None) -> None:
    """Write an object as a desacoop JSON file (UTF-8, indented, final newline).

    The file is replaced atomically (see :func:`write_atomic`): a failure leaves it as it
    was. A document larger than :data:`MAX_DOCUMENT_SIZE` is refused (it could not be read
    back). For a :class:`~desacoop.monitoring.MonitoringPlan`, ``observations_file`` (a path
    relative to ``path``'s folder) writes the observations there as JSON Lines, first, and
    the plan refers to it; :func:`load` follows the reference.
    """
    file = _file(path)
    if observations_file is not None:
        _dump_plan(obj, file, observations_file)
        return
    data = _encoded(to_json(obj) + "\n", path)
    if len(data) > MAX_DOCUMENT_SIZE:
        hint = (
            "; write its observations as JSON Lines: dump(plan, path, "
            "observations_file='observations.jsonl')"
            if type(obj).__name__ == "MonitoringPlan"
            else "; write large collections with dump_jsonl"
        )
        raise ValidationError(
            f"cannot write {path}: the document would be {len(data):,} bytes, more than "
            f"the {MAX_DOCUMENT_SIZE:,} any reader accepts{hint}"
        )
    write_atomic(file, data)


def _dump_plan(obj: object, file: Path, reference: str) -> None:
    if type(obj) is not document_kinds()["MonitoringPlan"]:
        raise ValidationError(
            f"observations_file is for a MonitoringPlan, not {type(obj).__name__}"
        )
    plan: Any = obj
    problems = _reference_problems(reference)
    if problems:
        raise ValidationError(f"observations_file: {problems[0].message}")
    dump_jsonl(file.parent / reference, plan.observations)
    body = to_dict(attrs.evolve(plan, observations=()))
    document = {
        (OBSERVATIONS_FILE if key == "observations" else key): (
            reference if key == "observations" else value
        )
        for key, value in body.items()
    }
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    write_atomic(file, _encoded(text, file))


def _encoded(text: str, path: object) -> bytes:
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValidationError(
            f"cannot write {path}: the text is not valid Unicode (a lone surrogate "
            f"{text[exc.start]!r} at character {exc.start})"
        ) from None


def write_atomic(path: str | os.PathLike[str], data: str | bytes) -> None:
    """Replace a file's content all at once: readers see the old file or the new one, and a
    failure (a full disk, a text that cannot be encoded) leaves the old file intact.

    A text is written as UTF-8. The data go to a temporary file in the same directory,
    are flushed to the disk (``fsync``) and the temporary file is renamed over ``path``;
    an existing file keeps its permissions, and a symbolic link is followed (the file it
    points to is replaced). Every failure is a :class:`~desacoop.errors.ValidationError`.
    """
    file = _file(path)
    if isinstance(data, str):
        data = _encoded(data, path)
    elif not isinstance(data, bytes):
        raise ValidationError(f"the data to write are a text or bytes, not {shown(data)}")
    with _replacing(file) as fd:
        view = memoryview(data)
        for start in range(0, len(view), _CHUNK):
            _write_all(fd, view[start : start + _CHUNK])


#: Bytes handed to the operating system per write.
_CHUNK = 1 << 20


def _write_all(fd: int, data: bytes | memoryview) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


@contextlib.contextmanager
def _replacing(file: Path) -> Iterator[int]:
    """A descriptor of a new temporary file beside ``file`` that replaces it on success
    (after an fsync) and is removed on failure."""
    try:
        target = Path(os.path.realpath(file))
        try:
            mode: int | None = stat.S_IMODE(os.stat(target).st_mode)
        except FileNotFoundError:
            mode = None
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
        for _ in range(100):
            temp = target.with_name(f".{target.name}.{secrets.token_hex(6)}.tmp")
            try:
                fd = os.open(temp, flags, 0o666)
                break
            except FileExistsError:  # pragma: no cover - 48 random bits
                continue
        else:  # pragma: no cover
            raise FileExistsError(f"no free temporary name beside {file}")
    except (OSError, ValueError) as exc:
        raise _cannot("write", file, exc) from None
    try:
        if mode is not None:
            os.chmod(temp, mode)
        yield fd
        os.fsync(fd)
        os.close(fd)
        fd = -1
        os.replace(temp, target)
    except BaseException as exc:
        if fd >= 0:
            with contextlib.suppress(OSError):
                os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(temp)
        if isinstance(exc, OSError | ValueError) and not isinstance(exc, ValidationError):
            raise _cannot("write", file, exc) from None
        raise
    _sync_directory(target.parent)


def _sync_directory(directory: Path) -> None:
    """Make a rename durable (POSIX); best effort elsewhere."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:  # pragma: no cover - Windows cannot open a directory
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover - some file systems refuse
        pass
    finally:
        os.close(fd)


def _file(path: object) -> Path:
    """A file path given as text or path-like; anything else is a ValidationError."""
    if not isinstance(path, str | os.PathLike):
        raise ValidationError(f"a file path is a text or a Path, not {shown(path)}")
    return Path(path)


# -- JSON Lines: collections that stream --------------------------------------------------

#: The most problems one reading of a JSON Lines file collects before it stops.
MAX_PROBLEMS = 100

#: The key of a monitoring plan document that refers to a JSON Lines file of its
#: observations (a path relative to the plan's file), instead of listing them inline.
OBSERVATIONS_FILE = "observations_file"


def dump_jsonl(path: str | os.PathLike[str], records: Iterable[Any]) -> int:
    """Write documents as JSON Lines: one compact ``desacoop/1`` document a line.

    ``records`` may be any iterable, a generator included: records are encoded and written
    one at a time (memory stays bounded), and the file is replaced atomically at the end
    (see :func:`write_atomic`), so a failure half-way leaves the old file as it was.
    Returns the number of records written.

    >>> import tempfile, pathlib
    >>> from desacoop.regions import Village
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> dump_jsonl(folder / "villages.jsonl", [Village("63.71.01.1001", "Mantuil")])
    1
    >>> print((folder / "villages.jsonl").read_text(encoding="utf-8"), end="")
    {"format":"desacoop/1","document":"Village","code":"63.71.01.1001","name":"Mantuil","kind":"kelurahan"}
    >>> [village.name for village in iter_jsonl(folder / "villages.jsonl", Village)]
    ['Mantuil']
    """
    file = _file(path)
    if isinstance(records, str | bytes | Mapping) or not isinstance(records, Iterable):
        raise ValidationError(f"records are an iterable of documents, not {shown(records)}")
    texts: dict[type, Callable[[Any], str]] = {}
    count = 0
    with _replacing(file) as fd:
        lines: list[str] = []
        size = 0
        for count, record in enumerate(records, 1):
            try:
                kind = type(record)
                text = texts.get(kind) or texts.setdefault(kind, _document_text(kind))
                line = text(record)
            except ValidationError as exc:
                raise ValidationError(
                    f"cannot write {path}: record {count}: {exc.message}"
                ) from None
            lines.append(line)
            size += len(line)
            if size >= _CHUNK:
                _write_all(fd, _utf8(lines, count - len(lines), path))
                lines.clear()
                size = 0
        _write_all(fd, _utf8(lines, count - len(lines), path))
    return count


_COMPACT = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def _utf8(lines: list[str], before: int, path: object) -> bytes:
    """Lines of JSON text as UTF-8, each ended by a newline; ``before`` records precede them
    (a line that cannot be encoded is named by its record number)."""
    if not lines:
        return b""
    try:
        return ("\n".join(lines) + "\n").encode("utf-8")
    except UnicodeEncodeError:
        for number, line in enumerate(lines, before + 1):
            try:
                _encoded_line(line)
            except ValidationError as exc:
                raise ValidationError(
                    f"cannot write {path}: record {number}: {exc.message}"
                ) from None
        raise  # pragma: no cover - the whole cannot fail while every line encodes


def _encoded_line(text: str) -> bytes:
    try:
        return text.encode("utf-8") + b"\n"
    except UnicodeEncodeError as exc:
        raise ValidationError(
            f"the text is not valid Unicode (a lone surrogate {text[exc.start]!r})"
        ) from None


def _line(record: object) -> bytes:
    """One record of a JSON Lines file, as written (compact, ``format`` and ``document``
    first, then the fields in order)."""
    return _encoded_line(_document_text(type(record))(record))


@typing.overload
def iter_jsonl(path: str | os.PathLike[str], cls: type[T]) -> Iterator[T]: ...
@typing.overload
def iter_jsonl(path: str | os.PathLike[str], cls: None = None) -> Iterator[Any]: ...
def iter_jsonl(path: str | os.PathLike[str], cls: type[Any] | None = None) -> Iterator[Any]:
    """Read a JSON Lines file of documents one record at a time (bounded memory).

    Each line is one ``desacoop/1`` document (blank lines are skipped), read by the rules
    of :func:`from_json`, :data:`MAX_DOCUMENT_SIZE` applying to each line. Records are
    yielded while the file is good; from the first bad line on, nothing more is yielded,
    the rest of the file is checked, and one :class:`~desacoop.errors.ValidationError` is
    raised at the end listing every problem (up to :data:`MAX_PROBLEMS`) as
    ``file:line: $.path: message``.
    """
    file = _file(path)
    if cls is not None and (not isinstance(cls, type) or cls not in _tags()):
        raise ValidationError(f"not a desacoop document class: {shown(cls)}")
    with _opened(file):  # refuse a missing file, a directory or a pipe now, not on first use
        pass
    return (record for _, record in _records(file, cls, str(path)))


def _records(file: Path, cls: type[Any] | None, name: str) -> Iterator[tuple[int, Any]]:
    """(line number, record) for each good line; one ValidationError at the end.

    Records are read in batches with the garbage collector paused (nothing read can form a
    cycle; a collection per few hundred new objects would make reading a national file
    slower than linear) and handed out with the collector back as it was.
    """
    problems: list[Problem] = []
    limit = MAX_DOCUMENT_SIZE
    ready: list[tuple[int, Any]] = []
    collecting = gc.isenabled()
    with _opened(file) as fd, open(fd, "rb", buffering=1 << 20, closefd=False) as handle:
        number = 0
        try:
            gc.disable()
            while True:
                try:
                    raw = handle.readline(limit + 1)
                except OSError as exc:
                    problems.append(Problem(f"{name}:{number + 1}: $", f"cannot read: {exc}"))
                    break
                if not raw:
                    break
                number += 1
                if len(raw) > limit and not raw.endswith(b"\n"):
                    problems.append(_too_long(name, number, limit))
                    while raw and not raw.endswith(b"\n"):  # skip the rest of the line
                        raw = handle.readline(1 << 20)
                    continue
                if number == 1 and raw.startswith(codecs.BOM_UTF8):
                    raw = raw[len(codecs.BOM_UTF8) :]
                if not raw or raw.isspace():
                    continue
                try:
                    record = from_dict(_parse(_decoded(raw)), cls)
                except ValidationError as exc:
                    found = exc.problems or (Problem("$", exc.message),)
                    problems.extend(Problem(f"{name}:{number}: {p.path}", p.message) for p in found)
                    if number == 1 and "UTF-16" in exc.message:
                        break  # the whole file is in another encoding
                    if len(problems) >= MAX_PROBLEMS:
                        problems.append(
                            Problem(f"{name}:{number}", f"stopped after {len(problems)} problems")
                        )
                        break
                    continue
                if not problems:
                    ready.append((number, record))
                    if len(ready) >= _BATCH:
                        if collecting:
                            gc.enable()
                        yield from ready
                        ready.clear()
                        gc.disable()
        finally:
            if collecting:
                gc.enable()
    yield from ready
    if problems:
        raise ValidationError.from_problems(problems)


#: Records read with the garbage collector paused before they are handed out.
_BATCH = 1024


def _too_long(name: str, number: int, limit: int) -> Problem:
    return Problem(
        f"{name}:{number}: $", f"the record is longer than {limit:,} bytes (the document limit)"
    )


# -- the fast decode path -------------------------------------------------------------------
#
# For each document class a generated function reads a parsed JSON object straight into the
# attrs class: the same hooks and the same attrs validators as the converter, without its
# per-field bookkeeping. It is optimistic: on the first failure of any kind it gives up and
# the converter reads the document again, so errors (every problem, with its JSON path)
# come from one place and are the same on both paths. Valid text dates and region codes are
# shared from small caches (both are immutable).


class _Slow(Exception):
    """The fast path cannot read a value; the converter will (internal)."""


_MISSING = object()
_CACHE_SIZE = 1 << 14


def _memo(parse: Callable[[str], T]) -> Callable[[str], T]:
    """``parse`` with its results for texts kept (immutable values; a failure is not kept).

    At most ``_CACHE_SIZE`` texts are kept; when full, the cache starts again. Cheaper than
    ``functools.lru_cache`` both ways, which matters where most texts are new (a village's
    code in a national list).
    """
    kept: dict[str, T] = {}
    get = kept.get

    def memo(text: str) -> T:
        value = get(text)
        if value is None:
            value = parse(text)
            if len(kept) >= _CACHE_SIZE:
                kept.clear()
            kept[text] = value
        return value

    return memo


_date_of = _memo(lambda text: _structure_date(text, dt.date))
_region_of = _memo(RegionCode)
_decimal_of = _memo(lambda text: _structure_decimal(text, Decimal))


def _fast_date(obj: object) -> dt.date:
    if type(obj) is str:
        return _date_of(obj)
    raise _Slow


def _fast_region(obj: object) -> RegionCode:
    if type(obj) is str:
        return _region_of(obj)
    raise _Slow


def _fast_str(obj: object) -> str:
    if type(obj) is str and (obj.isascii() or not _SURROGATE.search(obj)):
        return obj
    raise _Slow


def _fast_int(obj: object) -> int:
    if type(obj) is int:
        return obj
    raise _Slow


def _fast_bool(obj: object) -> bool:
    if type(obj) is bool:
        return obj
    raise _Slow


def _fast_decimal(obj: object) -> Decimal:
    if type(obj) is str:
        return _decimal_of(obj)
    return _structure_decimal(obj, Decimal)


_FAST_PRIMITIVES: dict[Any, Callable[[Any], Any]] = {
    str: _fast_str,
    int: _fast_int,
    bool: _fast_bool,
    Decimal: _fast_decimal,
    dt.date: _fast_date,
    RegionCode: _fast_region,
}


def _fast_enum(cl: type[enum.Enum]) -> Callable[[Any], Any]:
    values = {m.value: m for m in cl}
    get = values.get

    def structure(obj: object) -> Any:
        if type(obj) is str or type(obj) is int:
            found = get(obj)
            if found is not None:
                return found
        raise _Slow

    return structure


def _fast_optional(inner: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def structure(obj: object) -> Any:
        return None if obj is None else inner(obj)

    return structure


def _fast_tuple(inner: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def structure(obj: object) -> tuple[Any, ...]:
        if type(obj) is not list:
            raise _Slow
        return tuple([inner(item) for item in obj])

    return structure


def _fast_other(tp: Any) -> Callable[[Any], Any]:
    hook = converter.get_structure_hook(tp)

    def structure(obj: object) -> Any:
        return hook(obj, tp)

    return structure


@functools.cache
def _fast_hook(tp: Any) -> Callable[[Any], Any]:
    """The fast reader of one type (raises anything on failure)."""
    if tp in _FAST_PRIMITIVES:
        return _FAST_PRIMITIVES[tp]
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return _fast_enum(tp)
    args = typing.get_args(tp)
    if typing.get_origin(tp) in (typing.Union, types.UnionType) and type(None) in args:
        rest = [a for a in args if a is not type(None)]
        if len(rest) == 1:
            return _fast_optional(_fast_hook(rest[0]))
    if typing.get_origin(tp) is tuple and len(args) == 2 and args[1] is Ellipsis:
        return _fast_tuple(_fast_hook(args[0]))
    if attrs.has(tp) and tp not in VALUE_TYPES:
        if tp in _building:  # a class reached again while its reader is being generated
            return _Lazy(tp)
        return _fast_class(tp)
    return _fast_other(tp)


_building: set[type] = set()


@functools.cache
def _allowed(cls: type, root: bool = False) -> frozenset[str]:
    names = {a.name for a in attrs.fields(cls) if a.init}
    return frozenset(names | {"format", "document"} if root else names)


@functools.cache
def _fast_class(cls: type) -> Callable[..., Any]:
    """Generated: ``structure(obj, allowed=<the class's keys>)`` for one attrs class."""
    _building.add(cls)
    try:
        return _generate(cls)
    finally:
        _building.discard(cls)


def _generate(cls: type) -> Callable[..., Any]:
    hints = typing.get_type_hints(cls)
    trusted = _trusted_builder(cls, hints)
    if trusted is not None:
        return trusted
    namespace: dict[str, Any] = {
        "cls": cls,
        "_Slow": _Slow,
        "M": _MISSING,
        "ALLOWED": _allowed(cls),
    }
    arguments: list[str] = []
    factories = False
    lines: list[str] = []
    for i, field in enumerate(attrs.fields(cls)):
        if not field.init:
            continue
        hook = f"h{i}"
        namespace[hook] = _fast_hook(hints[field.name])
        name = field.alias
        if field.default is attrs.NOTHING:
            arguments.append(f"{name}={hook}(obj[{field.name!r}])")
        elif isinstance(field.default, attrs.Factory):  # type: ignore[arg-type]
            factories = True
            lines.append(f"    v = obj.get({field.name!r}, M)")
            lines.append(f"    if v is not M: kw[{name!r}] = {hook}(v)")
        else:
            default = f"d{i}"
            namespace[default] = field.default
            arguments.append(
                f"{name}={hook}(v) if (v := obj.get({field.name!r}, M)) is not M else {default}"
            )
    body = [
        "def structure(obj, allowed=ALLOWED):",
        "    if type(obj) is not dict or not allowed.issuperset(obj):",
        "        raise _Slow",
    ]
    if factories:
        body += ["    kw = {}", *lines, f"    return cls({', '.join(arguments)}, **kw)"]
    else:
        body.append(f"    return cls({', '.join(arguments)})")
    exec("\n".join(body), namespace)  # the way attrs and cattrs generate their functions
    generated: Callable[..., Any] = namespace["structure"]
    return generated


# Validators trusting already-checked primitives: a value the fast path read is already of
# its field's type, so a validator that checks only the type (``instance_of(Value)``, an
# unbounded ``decimal()``, ``date``, ``tuple_of(Indicator)``) cannot fail and is skipped;
# every other validator, every converter that may change a value and the class's
# ``__attrs_post_init__`` run as attrs would run them. A validator not recognised here runs.


def _optional_of(hint: Any) -> Any:
    """``X`` for ``X | None``, else ``None``."""
    args = typing.get_args(hint)
    if typing.get_origin(hint) in (typing.Union, types.UnionType) and type(None) in args:
        rest = [a for a in args if a is not type(None)]
        return rest[0] if len(rest) == 1 else None
    return None


def _checks_only_type(validator: Any, hint: Any) -> bool:
    """Whether ``validator`` accepts every value of ``hint`` the fast path produces."""
    if validator is _checks.date:
        return hint is dt.date
    if validator is _checks.any_text:
        return hint is str
    name = getattr(validator, "__qualname__", "")
    if getattr(validator, "__module__", None) != _checks.__name__ or "<locals>" not in name:
        return False
    free = inspect.getclosurevars(validator).nonlocals
    kind = name.split(".")[0]
    if kind == "instance_of":
        return free.get("cls") is hint
    if kind in ("decimal", "integer"):
        wanted = Decimal if kind == "decimal" else int
        return hint is wanted and free.get("minimum") is None and free.get("maximum") is None
    if kind == "optional":
        inner = _optional_of(hint)
        return inner is not None and _checks_only_type(free.get("check"), inner)
    if kind == "tuple_of":
        args = typing.get_args(hint)
        return (
            typing.get_origin(hint) is tuple
            and len(args) == 2
            and args[0] is free.get("cls")
            and args[0] is not str
        )
    return False


def _keeps(converter: Any, hint: Any) -> bool:
    """Whether ``converter`` returns every value of ``hint`` the fast path produces as is."""
    if converter is None:
        return True
    inner = _optional_of(hint) or hint
    if converter is _checks.to_tuple:
        return typing.get_origin(inner) is tuple
    if converter in (_checks.to_number, _checks.to_decimal):
        return inner is Decimal
    if converter is _checks.to_int:
        return inner is int
    return False


def _trusted_builder(cls: type, hints: dict[str, Any]) -> Callable[..., Any] | None:
    """A reader that builds ``cls`` without the checks the fast path already made, or
    ``None`` when the class does something this cannot follow (factories, fields outside
    ``__init__``, a pre-init hook, a cached hash, non-slotted storage)."""
    fields = attrs.fields(cls)
    if (
        any(not f.init or isinstance(f.default, attrs.Factory) for f in fields)  # type: ignore[arg-type]
        or hasattr(cls, "__attrs_pre_init__")
        or any("hash" in slot for slot in getattr(cls, "__slots__", ()))
        or not all(
            isinstance(getattr(cls, f.name, None), types.MemberDescriptorType) for f in fields
        )
    ):
        return None
    namespace: dict[str, Any] = {
        "new": object.__new__,
        "cls": cls,
        "_Slow": _Slow,
        "M": _MISSING,
        "ALLOWED": _allowed(cls),
    }
    body = [
        "def structure(obj, allowed=ALLOWED):",
        "    if type(obj) is not dict or not allowed.issuperset(obj):",
        "        raise _Slow",
    ]
    setters: list[str] = []
    checks: list[str] = []
    for i, field in enumerate(fields):
        hint = hints[field.name]
        namespace[f"h{i}"] = _fast_hook(hint)
        namespace[f"set{i}"] = getattr(cls, field.name).__set__
        if field.default is attrs.NOTHING:
            body.append(f"    v{i} = h{i}(obj[{field.name!r}])")
        else:
            namespace[f"d{i}"] = field.default
            body.append(
                f"    v{i} = h{i}(v) if (v := obj.get({field.name!r}, M)) is not M else d{i}"
            )
        if not _keeps(field.converter, hint):
            namespace[f"c{i}"] = field.converter
            body.append(f"    v{i} = c{i}(v{i})")
        setters.append(f"    set{i}(self, v{i})")
        if field.validator is not None and not _checks_only_type(field.validator, hint):
            namespace[f"val{i}"] = field.validator
            namespace[f"a{i}"] = field
            checks.append(f"    val{i}(self, a{i}, v{i})")
    body += ["    self = new(cls)", *setters, *checks]
    if hasattr(cls, "__attrs_post_init__"):
        body.append("    self.__attrs_post_init__()")
    body.append("    return self")
    exec("\n".join(body), namespace)
    built: Callable[..., Any] = namespace["structure"]
    return built


class _Lazy:
    """A fast hook resolved on first call (lets classes refer to each other)."""

    __slots__ = ("hook", "tp")

    def __init__(self, tp: Any) -> None:
        self.tp = tp
        self.hook: Callable[[Any], Any] | None = None

    def __call__(self, obj: Any) -> Any:
        hook = self.hook
        if hook is None:
            hook = self.hook = _fast_class(self.tp)
        return hook(obj)


def _structure_document(data: dict[str, Any], target: type[T]) -> T:
    """The document's body as ``target``: the fast path, or the converter's word on it."""
    cls: type = target
    try:
        result: T = _fast_class(cls)(data, _allowed(cls, True))
        return result
    except Exception:
        pass
    body = {k: v for k, v in data.items() if k not in ("format", "document")}
    slow: T = converter.structure(body, target)
    return slow


# -- the fast encode path -------------------------------------------------------------------
#
# The converter's unstructuring, generated once per class without its per-field dispatch:
# the same hooks (decimals in plain notation, dates ISO, region codes dotted, enums by
# value), the same keys in the same order. Types it does not know go through the converter.


def _same(value: Any) -> Any:
    return value


def _enum_value(value: enum.Enum) -> Any:
    return value.value


@functools.cache
def _fast_out(tp: Any) -> Callable[[Any], Any]:
    """The fast unstructure function of one declared type."""
    if tp in (str, int, bool):
        return _same
    known: dict[Any, Callable[[Any], Any]] = {
        Decimal: _unstructure_decimal,
        dt.date: dt.date.isoformat,
        dt.datetime: _unstructure_datetime,
        RegionCode: str,
        relativedelta: _unstructure_duration,
    }
    if tp in known:
        return known[tp]
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return _enum_value
    inner = _optional_of(tp)
    if inner is not None:
        some = _fast_out(inner)
        return lambda value: None if value is None else some(value)
    args = typing.get_args(tp)
    if typing.get_origin(tp) is tuple and len(args) == 2 and args[1] is Ellipsis:
        item = _fast_out(args[0])
        if item is _same:
            return list
        return lambda value: [item(v) for v in value]
    if attrs.has(tp) and tp not in VALUE_TYPES:
        if tp in _writing:
            return lambda value: _fast_dict(tp)(value)
        return _fast_dict(tp)
    return converter.unstructure


_writing: set[type] = set()


@functools.cache
def _fast_dict(cls: type) -> Callable[[Any], dict[str, Any]]:
    """Generated: the dict of an instance of ``cls``, keys in field order."""
    _writing.add(cls)
    try:
        hints = typing.get_type_hints(cls)
        namespace: dict[str, Any] = {}
        items = []
        for i, field in enumerate(attrs.fields(cls)):
            out = _fast_out(hints[field.name])
            if out is _same:
                items.append(f"{field.name!r}: o.{field.name}")
            else:
                namespace[f"u{i}"] = out
                items.append(f"{field.name!r}: u{i}(o.{field.name})")
        exec(f"def unstructure(o):\n    return {{{', '.join(items)}}}", namespace)
    finally:
        _writing.discard(cls)
    generated: Callable[[Any], dict[str, Any]] = namespace["unstructure"]
    return generated


# -- the fast text path ---------------------------------------------------------------------
#
# JSON Lines records are written as text straight from the objects: one f-string generated
# per class, with nested classes inlined, giving the very text ``_COMPACT.encode(to_dict(obj))``
# gives (the round-trip tests compare the two for every document kind) without the
# intermediate dicts. Texts are escaped by the standard encoder's own function; decimals,
# dates and region codes are written from characters that need no escaping. Types it does
# not know go through the dict path.

_quote: Callable[[str], str] = json.encoder.encode_basestring


def _text_of_int(value: int) -> str:
    return int.__repr__(value) if value.__class__ is int else _COMPACT.encode(value)


def _text_of_other(value: Any) -> str:
    return _COMPACT.encode(converter.unstructure(value))


class _Text:
    """Builds the text function of one class. Each declared type gives tokens, literal
    JSON text or an expression giving text, rendered as an f-string at the top and as a
    concatenation inside expressions (a tuple's items, an optional value)."""

    def __init__(self) -> None:
        self.namespace: dict[str, Any] = {
            "q": _quote,
            "i": _text_of_int,
            "d": _unstructure_decimal,
            "D": dt.date.isoformat,
            "R": RegionCode.__str__,
        }
        self.inlined: list[type] = []

    def name(self, value: Any) -> str:
        name = f"h{len(self.namespace)}"
        self.namespace[name] = value
        return name

    def tokens(self, tp: Any, access: str) -> list[tuple[bool, str]]:
        """``(is_expression, text)`` pairs that write the value at ``access`` of type ``tp``."""
        quoted = {
            # a finite Decimal's str() is its plain notation when it has no exponent (and
            # ends in a digit: 'NaN' and 'Infinity' do not); the rest is _unstructure_decimal's
            Decimal: f'(t if "E" not in (t := str({access})) and t[-1] <= "9" else d({access}))',
            dt.date: f"D({access})",
            dt.datetime: f"({access}).isoformat()",
            RegionCode: f"R({access})",
        }
        if tp in quoted:
            return [(False, '"'), (True, quoted[tp]), (False, '"')]
        if attrs.has(tp) and tp not in VALUE_TYPES and tp not in self.inlined:
            self.inlined.append(tp)
            try:
                hints = typing.get_type_hints(tp)
                result: list[tuple[bool, str]] = [(False, "{")]
                for n, f in enumerate(attrs.fields(tp)):
                    result.append((False, f"{',' if n else ''}{json.dumps(f.name)}:"))
                    result += self.tokens(hints[f.name], f"{access}.{f.name}")
                return [*result, (False, "}")]
            finally:
                self.inlined.pop()
        return [(True, self.expression(tp, access))]

    def expression(self, tp: Any, access: str) -> str:
        """An expression giving the text of the value at ``access`` of type ``tp``."""
        if tp is str:
            return f"q({access})"
        if tp is int:
            return f"i({access})"
        if isinstance(tp, type) and issubclass(tp, enum.Enum):
            table = {m.name: _COMPACT.encode(m.value) for m in tp}  # names hash fast
            return f"{self.name(table)}[{access}._name_]"
        inner = _optional_of(tp)
        if inner is not None:
            return f'("null" if {access} is None else {self.expression(inner, access)})'
        args = typing.get_args(tp)
        if typing.get_origin(tp) is tuple and len(args) == 2 and args[1] is Ellipsis:
            item = self.expression(args[0], "v")
            return f'("[" + ",".join([{item} for v in {access}]) + "]" if {access} else "[]")'
        if attrs.has(tp) and tp not in VALUE_TYPES and tp in self.inlined:
            built = _Later(tp) if tp in _texting else _fast_text(tp)
            return f"{self.name(built)}({access})"
        if tp in (Decimal, dt.date, dt.datetime, RegionCode) or attrs.has(tp):
            return self.concatenation(self.tokens(tp, access))
        return f"{self.name(_text_of(tp))}({access})"

    @staticmethod
    def concatenation(tokens: list[tuple[bool, str]]) -> str:
        merged: list[tuple[bool, str]] = []
        for is_expression, text in tokens:
            if merged and not is_expression and not merged[-1][0]:
                merged[-1] = (False, merged[-1][1] + text)
            else:
                merged.append((is_expression, text))
        return "(" + " + ".join(f"({t})" if e else repr(t) for e, t in merged) + ")"

    @staticmethod
    def fstring(tokens: list[tuple[bool, str]]) -> str:
        return "".join(
            f"{{{t}}}" if e else t.replace("{", "{{").replace("}", "}}") for e, t in tokens
        )


class _Later:
    """The generated text function of a class, looked up on first call (classes may nest
    themselves)."""

    __slots__ = ("cls", "function")

    def __init__(self, cls: type) -> None:
        self.cls = cls
        self.function: Callable[[Any], str] | None = None

    def __call__(self, value: Any) -> str:
        if self.function is None:
            self.function = _fast_text(self.cls)
        return self.function(value)


_texting: set[type] = set()


def _text_of(tp: Any) -> Callable[[Any], str]:
    if tp is bool or tp is float:
        return _COMPACT.encode
    return _text_of_other


@functools.cache
def _fast_text(cls: type, header: str = "") -> Callable[[Any], str]:
    """Generated: the compact JSON text of an instance of ``cls``, keys in field order,
    after the JSON members in ``header`` (``'"a":1,'``)."""
    text = _Text()
    _texting.add(cls)
    try:
        tokens = text.tokens(cls, "o")
    finally:
        _texting.discard(cls)
    if header:
        tokens.insert(1, (False, header if len(tokens) > 2 else header[:-1]))
    exec(f"def text(o):\n    return f'''{text.fstring(tokens)}'''", text.namespace)
    generated: Callable[[Any], str] = text.namespace["text"]
    return generated


def _document_text(cls: type) -> Callable[[Any], str]:
    """The JSON text of a document of class ``cls``: what ``to_dict`` gives, compact."""
    tag = _tags().get(cls)
    if tag is None:
        raise _not_a_document(cls)
    return _fast_text(cls, f'"format":{_COMPACT.encode(FORMAT)},"document":{_COMPACT.encode(tag)},')

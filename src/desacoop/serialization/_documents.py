"""Documents: the registry of classes a ``desacoop/1`` document may carry, dicts and JSON
texts in and out, and the strict JSON parser (repeated keys refused, numbers bounded, one
encoding rule for texts and bytes).
"""

from __future__ import annotations

import codecs
import functools
import importlib
import json
import typing
from collections.abc import Callable, Iterator, Mapping
from types import MappingProxyType
from typing import Any, TypeVar

from desacoop._checks import EXPONENT_LIMIT, a
from desacoop.errors import Problem, ValidationError, shown
from desacoop.serialization._fast import (
    _COMPACT,
    _allowed,
    _fast_class,
    _fast_dict,
    _generate_text,
    _per_class,
)
from desacoop.serialization._hooks import _describe, _join, _key, _problems, converter

__all__ = [
    "DOCUMENTS",
    "FORMAT",
    "MAX_DOCUMENT_SIZE",
    "document_kinds",
    "from_dict",
    "from_json",
    "json_schema",
    "parse_json",
    "to_dict",
    "to_json",
]

T = TypeVar("T")


#: The format tag every desacoop document carries at its root.
FORMAT = "desacoop/1"

#: The largest document :func:`from_json` and :func:`load` read, in characters for a text
#: and in bytes for bytes or a file (50 MB). Collections larger than this are JSON Lines,
#: where the limit applies to each record.
MAX_DOCUMENT_SIZE = 50_000_000

#: The document registry: every class a desacoop document may carry at its root, listed
#: under the module that exports it. A document's ``"document"`` tag is the class name, so
#: these names are part of the file format (``desacoop/1``): renaming one changes it.
DOCUMENTS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "desacoop.errors": ("Problem",),
        "desacoop.regions": ("Province", "Region", "Village"),
        "desacoop.registry": ("RegionDiff", "Renaming"),
        "desacoop.agreement": (
            "Agreement", "AgreementChanges", "Amendment", "Attendee", "BudgetLine", "Citation",
            "InstrumentRef", "Official", "Party", "PartyNumber", "Place", "Programme", "Purpose",
            "Reading", "ScopeCommitment", "Signatory", "Signing", "Source", "Term",
            "Uncertainty", "Witness",
        ),
        "desacoop.scope": ("Area",),
        "desacoop.monitoring": (
            "AreaWeight", "Baseline", "Indicator", "Milestone", "MonitoringPlan",
            "Observation", "OrdinalScale", "Period", "Target", "Value",
        ),
        "desacoop.rollup": (
            "DataFinding", "HeldBack", "MilestoneState", "ProgressFigure", "ProgressReport", "Rule",
            "Tolerance",
        ),
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


def json_schema(cls: type | str) -> dict[str, Any]:
    """The JSON Schema (Draft 2020-12) of a document kind, or of its name (``"Agreement"``):
    :func:`desacoop.schema.json_schema` (imported on first use, as the schema is built from
    this module's rules)."""
    from desacoop.schema import json_schema as build

    return build(cls)


def _not_a_document(cls: type) -> ValidationError:
    bases = [b.__name__ for b in getattr(cls, "__mro__", ())[1:] if b in _tags()]
    hint = (
        f"; a subclass of {bases[0]} is not one: compose instead, an attrs class of your own "
        f"with {a(bases[0])} field, read and written by desacoop.serialization.converter "
        "(the format guide, 'Your own classes')"
        if bases
        else ""
    )
    return ValidationError(
        f"not a desacoop document: {cls.__name__} (documents are the classes "
        f"listed in desacoop.serialization.DOCUMENTS){hint}"
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


def parse_json(data: str | bytes, limit: int | None = None) -> Any:
    """Any JSON text (not only a desacoop document) read by the strict rule of
    :func:`from_json`: UTF-8, at most ``limit`` characters or bytes (default
    :data:`MAX_DOCUMENT_SIZE`), no NaN or Infinity, no key repeated in an object, bounded
    nesting and digits. Every failure is a :class:`~desacoop.errors.ValidationError`.

    >>> parse_json('{"village": "63.71.01.1001", "village": "x"}')
    Traceback (most recent call last):
    ...
    desacoop.errors.ValidationError: 1 problem:
      $.village: the key 'village' appears 2 times in one object
    """
    if not isinstance(data, str | bytes):
        raise ValidationError(f"a JSON text is a text or bytes, not {type(data).__name__}")
    return _parse(_decoded(data, limit))


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


def _generate_document_text(cls: type) -> Callable[[Any], str]:
    """The JSON text of a document of class ``cls``: what ``to_dict`` gives, compact."""
    tag = _tags().get(cls)
    if tag is None:
        raise _not_a_document(cls)
    header = f'"format":{_COMPACT.encode(FORMAT)},"document":{_COMPACT.encode(tag)},'
    return _generate_text(cls, header)


_document_text = _per_class(_generate_document_text)

"""JSON Schema (Draft 2020-12) for every desacoop document, generated from the classes.

The schema mirrors what :mod:`desacoop.serialization` reads: an object per attrs class with
its fields as properties (``additionalProperties: false``, required fields without a
default), dates as ``YYYY-MM-DD``, aware date-times with their offset, decimals as an
integer or a decimal text (never a float), region codes dotted or compact, durations as
ISO 8601, enums by value, tuples as arrays, ``null`` for optional fields, and the root's
``"format": "desacoop/1"`` and ``"document"`` tag. Nothing is written by hand: a new field or
class shows up in the schema by itself.

The schema is looser than desacoop where a rule spans fields (a period ends after it
starts, a value holds exactly one form) or needs arithmetic on decimals written as texts:
each class's description lists the rules desacoop checks beyond the schema, taken from the
messages the class raises.

>>> from desacoop.monitoring import Period
>>> schema = json_schema(Period)
>>> schema["$schema"]
'https://json-schema.org/draft/2020-12/schema'
>>> sorted(schema["required"])
['document', 'end', 'format', 'start']
>>> schema["properties"]["start"]["$ref"]
'#/$defs/date'
>>> "a period ends (<end>) before it starts (<start>)" in schema["description"]
True
"""

from __future__ import annotations

import ast
import copy
import datetime as dt
import enum
import functools
import inspect
import textwrap
import types
import typing
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import attrs
from dateutil.relativedelta import relativedelta

from desacoop import _checks
from desacoop.errors import ValidationError, shown
from desacoop.regions import PROVINCES, RegionCode
from desacoop.serialization import FORMAT, PATTERNS, document_kinds

__all__ = ["DIALECT", "ID_BASE", "all_schemas", "cross_field_rules", "json_schema", "schema_id"]

#: The JSON Schema dialect of every schema made here.
DIALECT = "https://json-schema.org/draft/2020-12/schema"

#: The base of each schema's ``$id`` (the document kind is appended).
ID_BASE = "https://desacoop.invalid/schema/desacoop-1/"


def _anchored(pattern: str) -> str:
    return f"^{pattern}$"


def _region_pattern() -> str:
    provinces = "|".join(sorted(PROVINCES))
    part = "(?!00)[0-9]{2}"
    dotted = f"(?:{provinces})(?:\\.{part}(?:\\.{part}(?:\\.[1-3][0-9]{{3}})?)?)?"
    compact = f"(?:{provinces})(?:{part}(?:{part}(?:[1-3][0-9]{{3}})?)?)?"
    return f"^\\s*(?:{dotted}|{compact})\\s*$"


#: What the reader takes as a date and time (serialization's pattern), each part bounded.
_DATETIME_PATTERN = (
    "^(?!0000)[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])"
    "T(?:[01][0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9](?:\\.[0-9]{1,6})?)?"
    "(?:Z|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])$"
)


def _value_defs() -> dict[str, Any]:
    """The schemas of the values serialization writes as one JSON text or number."""
    return {
        "date": {
            "type": "string",
            "pattern": "^(?!0000)" + PATTERNS["date"].pattern + "$",
            "format": "date",
            "description": "A calendar date, YYYY-MM-DD (from the year 0001).",
        },
        "datetime": {
            # Not format "date-time": RFC 3339 wants the seconds, which the reader (and ISO
            # 8601) lets a writer leave out. The pattern bounds every part instead.
            "type": "string",
            "pattern": _DATETIME_PATTERN,
            "description": "A date and time with its UTC offset, e.g. 2022-04-13T10:00:00+08:00 "
            "(the seconds may be left out: 2022-04-13T10:00+08:00). The day must exist in its "
            "month (no 31 April), which this pattern does not check.",
        },
        "decimal": {
            "anyOf": [
                {"type": "integer"},
                {"type": "string", "pattern": _anchored(PATTERNS["decimal"].pattern)},
            ],
            "description": 'An exact number: a whole number or a decimal text such as "12.5", '
            "never a floating-point number.",
        },
        "region_code": {
            "type": "string",
            "pattern": _region_pattern(),
            "description": "A Kemendagri region code, dotted (63.71.01.1001) or compact "
            "(6371011001): province, regency, district or village.",
        },
        "duration": {
            "type": "string",
            # at least one digit other than 0: a term of no time (P0D) is refused
            "pattern": "^P(?=[0-9YMWD]*[1-9])" + PATTERNS["duration"].pattern[1:] + "$",
            "description": "An ISO 8601 duration in years, months, weeks and days, e.g. P3Y; "
            "not zero.",
        },
    }


_VALUE_REFS: dict[Any, str] = {
    dt.datetime: "datetime",
    dt.date: "date",
    Decimal: "decimal",
    RegionCode: "region_code",
    relativedelta: "duration",
}


def _validator_keywords(check: Any) -> dict[str, Any]:
    """JSON Schema keywords for the field validators of :mod:`desacoop._checks`."""
    if check is None:
        return {}
    inner_checks = getattr(check, "_validators", None)  # attrs' and_() of several
    if isinstance(inner_checks, tuple):
        merged: dict[str, Any] = {}
        for inner in inner_checks:
            merged.update(_validator_keywords(inner))
        return merged
    if check is _checks.text:
        return {"pattern": _checks.BLANK_PATTERN}
    if check is _checks.identifier:
        return {"pattern": _anchored(_checks._ID.pattern)}
    if isinstance(check, _checks._Optional):
        return _validator_keywords(check.check)
    keywords: dict[str, Any] = {}
    if isinstance(check, _checks._Integer):
        if check.minimum is not None:
            keywords["minimum"] = check.minimum
        if check.maximum is not None:
            keywords["maximum"] = check.maximum
    return keywords


#: Calls and attributes that only change how a value is shown: a placeholder names the
#: value itself (``shown(self.end)`` and ``self.end.isoformat()`` are both "end").
_SHOWING_CALLS = frozenset({"shown", "str", "repr", "sorted", "tuple", "list", "_join", "a"})
_COUNTING_CALLS = {"len": "the number of", "sum": "the number of", "min": "the earliest of"}
_SHOWING_ATTRIBUTES = frozenset(
    {"isoformat", "label_id", "label_en", "value", "name", "__name__", "compact", "id"}
)


def _named(node: ast.expr) -> str:
    """The words for the value a placeholder shows: ``{self.end.isoformat()}`` is ``end``,
    ``{len(self.parties)}`` the number of parties."""
    if isinstance(node, ast.FormattedValue):
        return _named(node.value)
    if isinstance(node, ast.Call):
        function = node.func
        if isinstance(function, ast.Name) and node.args:
            if function.id in _SHOWING_CALLS:
                return _named(node.args[0])
            if function.id in _COUNTING_CALLS:
                return f"{_COUNTING_CALLS[function.id]} {_named(node.args[0])}"
            if function.id == "type":
                return f"the kind of {_named(node.args[0])}"
        if isinstance(function, ast.Attribute):
            if function.attr == "join" and node.args:
                return _named(node.args[0])
            if function.attr in _SHOWING_ATTRIBUTES or not node.args:
                return _named(function.value)
    if isinstance(node, ast.Attribute):
        if isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"):
            return node.attr.replace("_", " ")
        if node.attr in _SHOWING_ATTRIBUTES:
            return _named(node.value)
        return f"{_named(node.value)} {node.attr.replace('_', ' ')}"
    if isinstance(node, ast.Name):
        return node.id.replace("_", " ").strip()
    if isinstance(node, ast.Subscript):
        return _named(node.value)
    if isinstance(node, ast.GeneratorExp | ast.ListComp):
        return _named(node.elt)
    if isinstance(node, ast.IfExp):
        return _named(node.body)
    if isinstance(node, ast.BoolOp):
        return _named(node.values[0])
    if isinstance(node, ast.Constant):
        return str(node.value)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        if isinstance(node.right, ast.Constant):  # a position counted from 1
            return _named(node.left)
        return f"{_named(node.left)} + {_named(node.right)}"
    return ast.unparse(node)


def _message(arg: ast.expr) -> str | None:
    """A message written as a text or an f-string, each placeholder written out as the
    value it shows, in angle brackets (``the term ends (<end>) before it starts
    (<start>)``)."""
    parts: list[str] = []

    def walk(node: ast.expr) -> bool:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            parts.append(node.value)
        elif isinstance(node, ast.JoinedStr):
            for value in node.values:
                if isinstance(value, ast.Constant) and isinstance(value.value, str):
                    parts.append(value.value)
                else:
                    parts.append(f"<{_named(value)}>")
        elif isinstance(node, ast.BinOp):
            return walk(node.left) and walk(node.right)
        else:
            return False
        return True

    return "".join(parts).strip() if walk(arg) else None


def _messages(function: ast.AST) -> Iterator[str | None]:
    """The messages of ``raise ValidationError(...)`` and ``Problem(path, ...)``."""
    for node in ast.walk(function):
        if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call) and node.exc.args:
            yield _message(node.exc.args[0])
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "Problem"
            and len(node.args) == 2
        ):
            yield _message(node.args[1])


def _called_methods(function: ast.AST) -> Iterator[str]:
    for node in ast.walk(function):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "self"
        ):
            yield node.func.attr


def cross_field_rules(cls: type) -> tuple[str, ...]:
    """The rules a class checks across its fields (``__attrs_post_init__`` and the methods it
    calls), as written in the messages it raises, each placeholder written out as the value
    it shows.

    >>> from desacoop.monitoring import Period
    >>> cross_field_rules(Period)
    ('a period ends (<end>) before it starts (<start>)',)
    """
    if not isinstance(cls, type) or not attrs.has(cls):
        raise ValidationError(f"not an attrs class: {shown(cls)}")
    if "__attrs_post_init__" not in cls.__dict__:
        return ()
    rules: list[str] = []
    # the post-init hook, the methods it calls, and the rule methods a class lists in _RULES
    pending, seen = ["__attrs_post_init__", *getattr(cls, "_RULES", ())], set()
    while pending:
        name = pending.pop(0)
        method = cls.__dict__.get(name)
        if name in seen or not callable(method):
            continue
        seen.add(name)
        try:
            tree = ast.parse(textwrap.dedent(inspect.getsource(method)))
        except (OSError, TypeError, SyntaxError):  # pragma: no cover - no source
            continue
        for rule in _messages(tree):
            if rule and rule.strip("<> ") and rule not in rules:
                rules.append(rule)
        pending.extend(_called_methods(tree))
    return tuple(rules) or ("further rules across fields (see the class's documentation)",)


def _summary(cls: type) -> str:
    doc = inspect.getdoc(cls) or cls.__name__
    return doc.split("\n\n")[0].replace("\n", " ").strip()


class _Builder:
    def __init__(self) -> None:
        self.defs: dict[str, Any] = {}

    def ref(self, name: str) -> dict[str, Any]:
        return {"$ref": f"#/$defs/{name}"}

    def of_type(self, tp: Any) -> dict[str, Any]:
        origin = typing.get_origin(tp)
        if origin in (typing.Union, types.UnionType):
            options = [self.of_type(a) for a in typing.get_args(tp)]
            return {"anyOf": options}
        if tp is type(None):
            return {"type": "null"}
        if origin is tuple:
            args = typing.get_args(tp)
            if len(args) != 2 or args[1] is not Ellipsis:
                raise ValidationError(f"only homogeneous tuples have a schema: {shown(tp)}")
            return {"type": "array", "items": self.of_type(args[0])}
        if tp in _VALUE_REFS:
            name = _VALUE_REFS[tp]
            self.defs.setdefault(name, _value_defs()[name])
            return self.ref(name)
        if tp is bool:
            return {"type": "boolean"}
        if tp is int:
            return {"type": "integer"}
        if tp is str:
            return {"type": "string"}
        if isinstance(tp, type) and issubclass(tp, enum.Enum):
            if tp.__name__ not in self.defs:
                self.defs[tp.__name__] = {
                    "enum": [m.value for m in tp],
                    "description": _summary(tp),
                }
            return self.ref(tp.__name__)
        if isinstance(tp, type) and attrs.has(tp):
            if tp.__name__ not in self.defs:
                self.defs[tp.__name__] = {}  # a placeholder: classes may nest themselves
                self.defs[tp.__name__] = self.of_class(tp)
            return self.ref(tp.__name__)
        raise ValidationError(f"no JSON Schema for the type {shown(tp)}")

    def of_class(self, cls: type) -> dict[str, Any]:
        hints = typing.get_type_hints(cls)
        properties: dict[str, Any] = {}
        required: list[str] = []
        for field in attrs.fields(cls):
            if not field.init:
                continue
            prop = self.of_type(hints[field.name])
            keywords = _validator_keywords(field.validator)
            if keywords:
                prop = _constrain(prop, keywords)
            if field.default is attrs.NOTHING:
                required.append(field.name)
            properties[field.name] = prop
        description = _summary(cls)
        rules = cross_field_rules(cls)
        if rules:
            description += (
                " Rules across fields that desacoop checks and this schema does not: "
                + "; ".join(rules)
                + "."
            )
        return {
            "type": "object",
            "description": description,
            "properties": properties,
            "required": required,
            "additionalProperties": False,
        }


def _constrain(prop: dict[str, Any], keywords: dict[str, Any]) -> dict[str, Any]:
    """Apply validator keywords to the non-null branch of a property."""
    if "anyOf" in prop:
        return {
            "anyOf": [
                option if option.get("type") == "null" else _constrain(option, keywords)
                for option in prop["anyOf"]
            ]
        }
    if prop.get("type") in ("string", "integer"):
        return {**prop, **keywords}
    return prop


def _document_class(cls: object) -> type:
    if isinstance(cls, str) and cls in document_kinds():  # by name, as the CLI takes it
        return document_kinds()[cls]
    if not isinstance(cls, type) or cls not in set(document_kinds().values()):
        raise ValidationError(
            f"not a desacoop document class: {shown(cls)} (see "
            "desacoop.serialization.document_kinds())"
        )
    return cls


def schema_id(cls: type | str) -> str:
    """The ``$id`` of a document kind's schema."""
    return f"{ID_BASE}{_document_class(cls).__name__}.json"


@functools.cache
def _cached(cls: type) -> dict[str, Any]:
    builder = _Builder()
    body = builder.of_class(cls)
    properties = {
        "format": {"const": FORMAT, "description": "The desacoop file format."},
        "document": {"const": cls.__name__, "description": "The document kind."},
        **body["properties"],
    }
    schema: dict[str, Any] = {
        "$schema": DIALECT,
        "$id": schema_id(cls),
        "title": f"desacoop {cls.__name__}",
        **body,
        "properties": properties,
        "required": ["format", "document", *body["required"]],
    }
    if cls.__name__ == "MonitoringPlan":  # a saved plan may keep its observations apart
        schema["properties"]["observations_file"] = {
            "type": "string",
            "minLength": 1,
            "description": "A JSON Lines file of the plan's observations, relative to this "
            "file (serialization.dump(plan, path, observations_file=...)); the "
            "observations are then not listed here.",
        }
    if builder.defs:
        schema["$defs"] = dict(sorted(builder.defs.items()))
    return schema


def json_schema(cls: type | str) -> dict[str, Any]:
    """The JSON Schema (Draft 2020-12) of a document kind, as a new dict.

    ``cls`` is one of :func:`desacoop.serialization.document_kinds`, or its name as a
    document names it (``"Agreement"``, as ``desacoop schema Agreement`` takes it); anything
    else is a ValidationError.

    >>> from desacoop.regions import Village
    >>> s = json_schema(Village)
    >>> s["properties"]["document"], s["additionalProperties"]
    ({'const': 'Village', 'description': 'The document kind.'}, False)
    >>> json_schema("Village") == s
    True
    """
    return copy.deepcopy(_cached(_document_class(cls)))


def all_schemas() -> dict[str, dict[str, Any]]:
    """Every document kind's schema, by kind."""
    return {name: json_schema(cls) for name, cls in sorted(document_kinds().items())}

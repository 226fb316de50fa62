"""The fast paths, generated once per class from the converter's own hooks.

- Reading (``_fast_class``): a parsed JSON object straight into the attrs class, without
  cattrs' per-field bookkeeping; optimistic, any failure hands the document to the converter,
  so every error comes from one place.
- Writing a dict (``_fast_dict``): the converter's unstructuring without its dispatch.
- Writing text (``_fast_text``): compact JSON text straight from the objects (JSON Lines).

The round-trip tests hold each path to the converter's output for every document kind.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import json
import types
import typing
from collections.abc import Callable
from decimal import Decimal
from typing import Any, Generic, TypeVar

import attrs
from dateutil.relativedelta import relativedelta

from desacoop import _checks
from desacoop.regions import RegionCode
from desacoop.serialization._hooks import (
    _SURROGATE,
    VALUE_TYPES,
    _structure_date,
    _structure_decimal,
    _unstructure_datetime,
    _unstructure_decimal,
    _unstructure_duration,
    converter,
)

__all__: list[str] = []  # the package re-exports what is public

T = TypeVar("T")


_COMPACT = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


# -- the fast decode path -------------------------------------------------------------------
#
# For each document class a generated function reads a parsed JSON object straight into the
# attrs class: the same hooks and the same attrs validators as the converter, without its
# per-field bookkeeping. It is optimistic: on the first failure of any kind it gives up and
# the converter reads the document again, so errors (every problem, with its JSON path)
# come from one place and are the same on both paths. Valid decimal texts, dates and region
# codes are shared from small caches (all three are immutable).


class _Slow(Exception):
    """The fast path cannot read a value; the converter will (internal)."""


_MISSING = object()
_CACHE_SIZE = 1 << 14


class _Memo(Generic[T]):
    """``parse`` with its results for texts kept (immutable values; a failure is not kept).

    At most ``_CACHE_SIZE`` texts are kept; when full, the cache starts again. Cheaper than
    ``functools.lru_cache`` both ways, which matters where most texts are new (a village's
    code in a national list). ``get`` looks a text up without parsing it (generated readers
    call it inline).
    """

    __slots__ = ("get", "kept", "parse")

    def __init__(self, parse: Callable[[str], T]) -> None:
        self.kept: dict[str, T] = {}
        self.get = self.kept.get
        self.parse = parse

    def __call__(self, text: str) -> T:
        value = self.get(text)
        if value is None:
            value = self.parse(text)
            if len(self.kept) >= _CACHE_SIZE:
                self.kept.clear()
            self.kept[text] = value
        return value


_date_of = _Memo(lambda text: _structure_date(text, dt.date))
_region_of = _Memo(RegionCode)
_decimal_of = _Memo(lambda text: _structure_decimal(text, Decimal))


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
        return _fast_class(tp)
    return _fast_other(tp)


@functools.cache
def _allowed(cls: type, root: bool = False) -> frozenset[str]:
    names = {a.name for a in attrs.fields(cls) if a.init}
    return frozenset(names | {"format", "document"} if root else names)


def _generate(cls: type) -> Callable[..., Any]:
    """Generated: ``structure(obj, allowed=<the class's keys>)`` for one attrs class."""
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
    """Whether ``validator`` accepts every value of ``hint`` the fast path produces: told by
    its class and fields (:mod:`desacoop._checks` writes its validators as attrs does), so
    a validator that looks alike but checks more is never mistaken for one of these."""
    if validator is _checks.date:
        return hint is dt.date
    if validator is _checks.any_text:
        return hint is str
    kind = type(validator)
    if kind is _checks._InstanceOf:
        return bool(validator.cls is hint)
    if kind in (_checks._Decimal, _checks._Integer):
        wanted = Decimal if kind is _checks._Decimal else int
        return hint is wanted and validator.minimum is None and validator.maximum is None
    if kind is _checks._Optional:
        inner = _optional_of(hint)
        return inner is not None and _checks_only_type(validator.check, inner)
    if kind is _checks._TupleOf:
        args = typing.get_args(hint)
        return (
            typing.get_origin(hint) is tuple
            and len(args) == 2
            and args[0] is validator.cls
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
    if converter in (_checks.to_date, _checks.to_optional_date):
        return inner is dt.date
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
        read = _inline(hint, f"v{i}", namespace) or [f"v{i} = h{i}(v)"]
        if field.default is attrs.NOTHING:
            body.append(f"    v = obj[{field.name!r}]")
            body += [f"    {line}" for line in read]
        else:
            namespace[f"d{i}"] = field.default
            body += [
                f"    v = obj.get({field.name!r}, M)",
                f"    if v is M: v{i} = d{i}",
                "    else:",
            ]
            body += [f"        {line}" for line in read]
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


def _text_enum(hint: Any) -> bool:
    """Whether ``hint`` is an enum whose values are all texts."""
    return (
        isinstance(hint, type)
        and issubclass(hint, enum.Enum)
        and all(type(m.value) is str for m in hint)
    )


def _inline(hint: Any, target: str, namespace: dict[str, Any]) -> list[str] | None:
    """Statements reading ``v`` (a parsed JSON value) of type ``hint`` into ``target`` as the
    fast hook would, without calling it (``raise _Slow`` where the hook would fail); ``None``
    for a type read by calling its hook. Cached decimals and dates are looked up inline."""
    namespace.update(
        _Slow=_Slow,
        SURROGATE=_SURROGATE.search,
        DECIMAL_KEPT=_decimal_of.get,
        DECIMAL=_fast_decimal,
        DATE_KEPT=_date_of.get,
        DATE=_fast_date,
    )
    if hint is str:
        return [
            "if type(v) is not str or not (v.isascii() or not SURROGATE(v)): raise _Slow",
            f"{target} = v",
        ]
    if hint is int or hint is bool:
        return [f"if type(v) is not {hint.__name__}: raise _Slow", f"{target} = v"]
    if hint is Decimal or hint is dt.date:
        kind = "DECIMAL" if hint is Decimal else "DATE"
        return [
            f"{target} = {kind}_KEPT(v) if type(v) is str else None",
            f"if {target} is None: {target} = {kind}(v)",  # not kept yet, or not a text
        ]
    if _text_enum(hint):
        members = f"E_{hint.__name__}_{id(hint):x}"
        namespace[members] = {m.value: m for m in hint}.get
        return [
            f"{target} = {members}(v) if type(v) is str else None",
            f"if {target} is None: raise _Slow",
        ]
    inner = _optional_of(hint)
    if inner is not None and (lines := _inline(inner, target, namespace)) is not None:
        return [f"if v is None: {target} = None", "else:", *(f"    {line}" for line in lines)]
    return None


class _Lazy:
    """A class's generated function, looked up on its first call: what a class reached again
    while its own function is being generated gets (classes may nest themselves)."""

    __slots__ = ("cls", "function", "get")

    def __init__(self, get: Callable[[type], Callable[..., Any]], cls: type) -> None:
        self.get, self.cls = get, cls
        self.function: Callable[..., Any] | None = None

    def __call__(self, *args: Any) -> Any:
        function = self.function
        if function is None:
            function = self.function = self.get(self.cls)
        return function(*args)


_F = TypeVar("_F", bound=Callable[..., Any])


def _per_class(generate: Callable[[type], _F]) -> Callable[[type], _F]:
    """``generate`` run once per class, its function kept; a class reached again while its
    own function is being generated gets a :class:`_Lazy` stand-in."""
    done: dict[type, _F] = {}
    busy: set[type] = set()

    def get(cls: type) -> _F:
        found = done.get(cls)
        if found is None:
            if cls in busy:
                return typing.cast(_F, _Lazy(get, cls))
            busy.add(cls)
            try:
                found = done[cls] = generate(cls)
            finally:
                busy.discard(cls)
        return found

    return get


_fast_class = _per_class(_generate)


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
        return _fast_dict(tp)
    return converter.unstructure


def _generate_dict(cls: type) -> Callable[[Any], dict[str, Any]]:
    """Generated: the dict of an instance of ``cls``, keys in field order."""
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
    generated: Callable[[Any], dict[str, Any]] = namespace["unstructure"]
    return generated


_fast_dict = _per_class(_generate_dict)


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
            return f"{self.name(_fast_text(tp))}({access})"
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


def _text_of(tp: Any) -> Callable[[Any], str]:
    if tp is bool or tp is float:
        return _COMPACT.encode
    return _text_of_other


def _generate_text(cls: type, header: str = "") -> Callable[[Any], str]:
    """Generated: the compact JSON text of an instance of ``cls``, keys in field order,
    after the JSON members in ``header`` (``'"a":1,'``)."""
    text = _Text()
    tokens = text.tokens(cls, "o")
    if header:
        tokens.insert(1, (False, header if len(tokens) > 2 else header[:-1]))
    exec(f"def text(o):\n    return f'''{text.fstring(tokens)}'''", text.namespace)
    generated: Callable[[Any], str] = text.namespace["text"]
    return generated


_fast_text = _per_class(_generate_text)

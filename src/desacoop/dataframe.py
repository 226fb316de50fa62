"""DataFrame export for analysts (``pip install 'desacoop[pandas]'``).

:func:`to_frame` turns any sequence of desacoop records into a :class:`pandas.DataFrame`,
one row per record, nested records flattened into dotted column names:

>>> import desacoop
>>> frame = to_frame(desacoop.example_agreement().signatories)
>>> list(frame.columns)
['party', 'official.name', 'official.position', 'authority']
>>> frame["official.name"].tolist()
['Faried Fakhmansyah', 'Soekaryo']

Values keep their meaning: enums become their stable value (``"bum-desa"``), region
codes their dotted text, dates stay :class:`datetime.date`, and decimals stay
:class:`~decimal.Decimal` (money is never turned into a float; convert explicitly with
``frame[col].astype(float)`` when an approximation is what you want). Lists of records
stay in one cell as tuples.
"""

from __future__ import annotations

import enum
import typing
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import attrs

from desacoop.errors import ValidationError, shown
from desacoop.regions import RegionCode

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["flatten", "to_frame"]


def _value(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, RegionCode):
        return str(value)
    if isinstance(value, tuple):
        return tuple(_value(v) for v in value)
    return value


def flatten(record: Any, prefix: str = "") -> dict[str, Any]:
    """One record as a flat dict with dotted keys (nested records expanded).

    >>> from desacoop.agreement import Official
    >>> flatten(Official("Soekaryo", "Kepala DPMD"))
    {'name': 'Soekaryo', 'position': 'Kepala DPMD'}
    """
    if not attrs.has(type(record)):
        raise ValidationError(f"not a desacoop record: {type(record).__name__}")
    row: dict[str, Any] = {}
    cls = type(record)
    for field in attrs.fields(attrs.resolve_types(cls)):
        value = getattr(record, field.name)
        key = f"{prefix}{field.name}"
        nested = _record_class(field.type)
        if value is None and nested is not None:
            row.update(dict.fromkeys(_columns(nested, prefix=f"{key}.")))
        elif attrs.has(type(value)) and not isinstance(value, RegionCode):
            row.update(flatten(value, prefix=f"{key}."))
        else:
            row[key] = _value(value)
    return row


def _record_class(tp: Any) -> type | None:
    """The record class of an ``X | None`` field type, if X is a record."""
    for arg in typing.get_args(tp) or (tp,):
        if isinstance(arg, type) and attrs.has(arg) and arg is not RegionCode:
            return arg
    return None


def _columns(cls: type, prefix: str) -> list[str]:
    names: list[str] = []
    for field in attrs.fields(attrs.resolve_types(cls)):
        nested = _record_class(field.type)
        key = f"{prefix}{field.name}"
        names += _columns(nested, f"{key}.") if nested is not None else [key]
    return names


def to_frame(records: Iterable[Any]) -> pd.DataFrame:
    """A DataFrame with one row per record; columns are the union of flattened keys.

    Records of one class give the same columns in field order; an optional nested
    record that is ``None`` in one row leaves its columns missing (pandas' NA) there.
    """
    try:
        import pandas as pd
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError("DataFrame export needs pandas: pip install 'desacoop[pandas]'") from exc
    if isinstance(records, str | bytes) or not isinstance(records, Iterable):
        raise ValidationError(f"expected a sequence of desacoop records, not {shown(records)}")
    rows = [flatten(r) for r in records]
    columns: dict[str, None] = {}
    for row in rows:
        columns.update(dict.fromkeys(row))
    return pd.DataFrame.from_records(
        [{c: row.get(c) for c in columns} for row in rows], columns=list(columns)
    )

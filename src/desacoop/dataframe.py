"""Tidy DataFrames for analysts, and observations from them (``pip install 'desacoop[pandas]'``).

:func:`to_frame` gives one row per fact and one column per measure:

- a :class:`~desacoop.rollup.ProgressReport`: one row per figure (total, scope area,
  indicator) per scope (the whole agreement, each party, each region), see
  :func:`report_frame`;
- village evaluations: one row per village-year, a column per index dimension (``iks``,
  ``ike``, ``ikl``, or Indeks Desa's six), see :func:`evaluations_frame`;
- status summaries (:func:`~desacoop.evaluation.summarise`): one row per region-year and a
  column per status count, or one row per region, year and status with
  ``summary_frame(..., long=True)``;
- observations: one row per observation with ``region``, ``date`` and ``value`` columns,
  which :func:`from_frame` reads back;
- any other records: one row per record, nested records flattened into dotted columns.

>>> import desacoop
>>> frame = to_frame(desacoop.example_agreement().signatories)
>>> list(frame.columns)[:4]
['party', 'official.name', 'official.position', 'authority']
>>> frame["official.name"].tolist()
['Faried Fakhmansyah', 'Soekaryo']

Numbers stay exact by default (``numbers="decimal"``): a :class:`~decimal.Decimal` column
is a pandas ``ArrowDtype`` decimal when pyarrow is installed, else an ``object`` column of
Decimals (``numbers="object"`` asks for the latter). ``numbers="float"`` gives ``float64``
columns and ``datetime64`` dates for analysis (plots, statistics libraries), an
approximation made on request only. pandas' own ``frame.describe()`` leaves Arrow decimal
columns out; :func:`describe` summarises every column of the default frame, the exact ones
exactly. Enums become their stable value (``"bum-desa"``), development statuses an ordered
categorical (Sangat Tertinggal < ... < Mandiri: sorts and crosstabs go by rank, not by
alphabet), region codes their dotted text; tuples of codes
or ids in a figure become counts; lists of other records stay in one cell as tuples
(generic records only).
"""

from __future__ import annotations

import datetime as dt
import enum
import importlib
import math
import numbers as _numbers
import typing
from collections.abc import Callable, Hashable, Iterable, Mapping
from decimal import Decimal
from types import ModuleType
from typing import TYPE_CHECKING, Any, Literal

import attrs

from desacoop._cells import value_of
from desacoop._presentation import figure_facts
from desacoop.dates import parse_date
from desacoop.errors import Problem, ValidationError, shown
from desacoop.evaluation.records import RegionSummary, VillageEvaluation
from desacoop.evaluation.schemes import Dimension
from desacoop.evaluation.status import DevelopmentStatus
from desacoop.export import EVALUATION_COLUMNS, evaluation_rows, region_names
from desacoop.monitoring import (
    Indicator,
    MonitoringPlan,
    Observation,
    Value,
)
from desacoop.regions import Region, RegionCode, to_region_code
from desacoop.rollup import FigureKind, ProgressFigure, ProgressReport

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "FRAME_FIELDS",
    "Numbers",
    "describe",
    "evaluations_frame",
    "flatten",
    "from_frame",
    "observations_frame",
    "report_frame",
    "summary_frame",
    "to_frame",
]

#: How numbers are written into a frame: exact decimals (Arrow if pyarrow is installed),
#: Decimal objects, or float64 for analysis.
Numbers = Literal["decimal", "float", "object"]
_NUMBERS = typing.get_args(Numbers)

#: The fields :func:`from_frame` reads (``columns=`` maps them to other column names).
#: ``region`` and ``date`` are required; ``value`` or ``numerator`` and ``denominator``
#: give the value; the rest are optional.
FRAME_FIELDS = (
    "id",
    "indicator",
    "region",
    "date",
    "period_start",
    "value",
    "numerator",
    "denominator",
    "recorded_on",
    "source",
    "note",
    "supersedes",
)

_Kind = Literal["decimal", "int", "date", "bool", "text", "status", "any"]

#: A development status column's categories, lowest first: an ordered categorical sorts,
#: compares and crosstabs by rank (Sangat Tertinggal < ... < Mandiri), not alphabetically.
_STATUS_ORDER = tuple(s.value for s in sorted(DevelopmentStatus, key=lambda s: s.rank))


# -- pandas, pyarrow and typed columns -------------------------------------------------


def _pandas() -> ModuleType:
    try:
        return importlib.import_module("pandas")
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError("DataFrame export needs pandas: pip install 'desacoop[pandas]'") from exc


def _arrow() -> ModuleType | None:
    """pyarrow if installed (exact decimal and date columns), else ``None``."""
    try:
        return importlib.import_module("pyarrow")
    except ImportError:
        return None


def _numbers_argument(numbers: object) -> Numbers:
    if numbers not in _NUMBERS:
        raise ValidationError(
            f"numbers must be one of {', '.join(map(repr, _NUMBERS))}, not {shown(numbers)}",
            field="numbers",
        )
    return typing.cast(Numbers, numbers)


def _arrow_decimal(pa: ModuleType, values: list[Any]) -> Any:
    """The narrowest Arrow decimal type holding every value exactly, or ``None`` if none
    does (more than 76 digits): then the column keeps Decimal objects."""
    scale = whole = 0
    for v in values:
        if v is None:
            continue
        _, digits, exponent = v.as_tuple()
        assert isinstance(exponent, int)  # finite: every Decimal in a record is
        scale = max(scale, -exponent)
        whole = max(whole, len(digits) + exponent)
    precision = max(whole + scale, 1)
    if precision <= 38:
        return pa.decimal128(precision, scale)
    if precision <= 76:
        return pa.decimal256(precision, scale)
    return None


def _column(pd: ModuleType, values: list[Any], kind: _Kind, numbers: Numbers) -> Any:
    """One column with the dtype its kind and ``numbers`` ask for (missing is ``None``)."""
    pa = _arrow() if numbers == "decimal" else None
    if kind == "decimal":
        if numbers == "float":
            return pd.array([math.nan if v is None else float(v) for v in values], "float64")
        if pa is not None:
            decimal_type = _arrow_decimal(pa, values)
            if decimal_type is not None:
                return pd.array(values, dtype=pd.ArrowDtype(decimal_type))
        return pd.array(values, dtype=object)
    if kind == "int":
        return pd.array(values, dtype="Int64")
    if kind == "bool":
        return pd.array(values, dtype="boolean")
    if kind == "date":
        if numbers == "float":
            return pd.array([pd.NaT if v is None else pd.Timestamp(v) for v in values]).astype(
                "datetime64[s]"
            )
        if pa is not None:
            return pd.array(values, dtype=pd.ArrowDtype(pa.date32()))
        return pd.array(values, dtype=object)
    if kind == "status":
        return pd.Categorical(values, categories=_STATUS_ORDER, ordered=True)
    if kind == "text" and any(v is not None for v in values):
        return pd.Series(values).array
    return pd.array(values, dtype=object)


def _frame(
    rows: list[dict[str, Any]], kinds: Mapping[str, _Kind], numbers: Numbers
) -> pd.DataFrame:
    pandas = _pandas()
    columns = {
        name: _column(pandas, [row.get(name) for row in rows], kind, numbers)
        for name, kind in kinds.items()
    }
    frame: pd.DataFrame = pandas.DataFrame(columns, index=pandas.RangeIndex(len(rows)))
    return frame


def _kind_of(values: list[Any]) -> _Kind:
    """The kind of a column found from its values (generic records)."""
    present = [v for v in values if v is not None]
    if not present:
        return "any"
    if all(isinstance(v, Decimal) for v in present):
        return "decimal"
    if all(isinstance(v, bool) for v in present):
        return "bool"
    if all(isinstance(v, int) and not isinstance(v, bool) for v in present):
        return "int"
    if all(isinstance(v, dt.date) and not isinstance(v, dt.datetime) for v in present):
        return "date"
    if all(isinstance(v, str) for v in present):
        return "text"
    return "any"


# -- region names ------------------------------------------------------------------------


def _namer(regions: object) -> Callable[[RegionCode | None], str | None] | None:
    """A look-up of region names from a plan, a registry, a mapping or regions; ``None``
    when no names are given."""
    if regions is None:
        return None
    names: dict[str, str]
    if isinstance(regions, MonitoringPlan):
        names = {str(r.code): r.name for r in regions.regions}
    elif isinstance(regions, Mapping):
        names = {}
        for code, name in regions.items():
            if not isinstance(code, RegionCode | str) or not isinstance(name, str):
                raise ValidationError(
                    f"regions maps region codes to names, not {shown(code)} to {shown(name)}",
                    field="regions",
                )
            names[str(to_region_code(code))] = name
    elif callable(getattr(regions, "get", None)) and not isinstance(regions, Iterable | str):
        lookup = getattr(regions, "get")  # noqa: B009 - a registry's get, found by duck typing

        def registry_name(code: RegionCode | None) -> str | None:
            found = None if code is None else lookup(code)
            return found.name if isinstance(found, Region) else None

        return registry_name
    elif isinstance(regions, Iterable) and not isinstance(regions, str | bytes):
        items = list(regions)
        if not all(isinstance(r, Region) for r in items):
            raise ValidationError(
                "regions must be a plan, a region registry, a mapping of code to name or "
                f"Region records, not {shown(regions)}",
                field="regions",
            )
        names = {str(r.code): r.name for r in items}
    else:
        raise ValidationError(
            "regions must be a plan, a region registry, a mapping of code to name or Region "
            f"records, not {shown(regions)}",
            field="regions",
        )
    return lambda code: None if code is None else names.get(str(code))


def _with_names(
    rows: list[dict[str, Any]],
    kinds: dict[str, _Kind],
    regions: object,
    column: str = "region",
) -> dict[str, _Kind]:
    """Add ``region_name`` after ``column`` when names are given."""
    namer = _namer(regions)
    if namer is None:
        return kinds
    for row in rows:
        code = row.get(column)
        row["region_name"] = namer(None if code is None else RegionCode(code))
    placed: dict[str, _Kind] = {}
    for name, kind in kinds.items():
        placed[name] = kind
        if name == column:
            placed["region_name"] = "text"
    return placed


# -- progress reports ------------------------------------------------------------------

_FIGURE_KINDS: dict[str, _Kind] = {
    "kind": "text",
    "key": "text",
    "area": "text",
    "label_id": "text",
    "label_en": "text",
    "region": "text",
    "status": "text",
    "status_label_id": "text",
    "status_label_en": "text",
    "value": "decimal",
    "raw": "decimal",
    "expected": "decimal",
    "coverage": "decimal",
    "weight": "decimal",
    "actual": "decimal",
    "projected": "decimal",
    "unit": "text",
    "numerator": "decimal",
    "denominator": "decimal",
    "baseline": "decimal",
    "baseline_on": "date",
    "target": "decimal",
    "target_by": "date",
    "final_by": "date",
    "periods_due": "int",
    "periods_reported": "int",
    "observation_count": "int",
    "missing_count": "int",
    "late_count": "int",
    "held_back_count": "int",
    "text": "text",
}
_SCOPE_KINDS: dict[str, _Kind] = {"as_of": "date", "scope": "text", "scope_key": "text"}


def _figure_row(figure: ProgressFigure, area: str | None) -> dict[str, Any]:
    """The figure's shared facts (as the export writes them) and the frame's own columns;
    the columns' order is that of ``_FIGURE_KINDS``."""
    return {
        **figure_facts(figure),
        "area": area,
        "status_label_id": figure.status.label_id,
        "status_label_en": figure.status.label_en,
        "raw": figure.raw,
        "projected": figure.projected,
        "final_by": figure.final_by,
        "periods_due": figure.periods_due,
        "periods_reported": figure.periods_reported,
        "observation_count": len(figure.observations),
        "missing_count": len(figure.missing),
        "late_count": len(figure.late),
        "held_back_count": len(figure.held_back),
        "text": figure.text,
    }


def _figure_rows(figure: ProgressFigure, area: str | None = None) -> list[dict[str, Any]]:
    """The figure and every figure below it, depth first; ``area`` is the scope area a
    figure belongs to (the area's own key for an area)."""
    if figure.kind is FigureKind.AREA:
        area = figure.key
    rows = [_figure_row(figure, area)]
    for child in figure.children:
        rows += _figure_rows(child, area)
    return rows


def report_frame(
    report: ProgressReport, *, numbers: Numbers = "decimal", regions: object = None
) -> pd.DataFrame:
    """One row per figure (total, scope area, indicator) per scope of a progress report.

    ``scope`` is ``"whole"`` (the agreement), ``"party"`` or ``"region"`` (or
    ``"undeclared"``: data from regions not declared, shown apart from every total, when the
    report has them) and ``scope_key`` the agreement id, party id or region code of the
    scope's root figure; ``kind`` and ``key`` name the figure,
    ``area`` its scope area. Status comes as its value and both labels; ``value``,
    ``expected``, ``coverage``, ``actual``, ``baseline``, ``target`` and their dates as
    columns; the figure's tuples as counts (``observation_count``, ``missing_count``...).
    ``regions`` (the plan, a region registry or a mapping of code to name) adds
    ``region_name``. ``frame.attrs`` keeps ``plan``, ``agreement``, ``as_of``,
    ``recorded_on`` and ``illustrative``.
    """
    if not isinstance(report, ProgressReport):
        raise ValidationError(f"expected a ProgressReport, not {shown(report)}", field="report")
    numbers = _numbers_argument(numbers)
    scopes = [("whole", report.total)]
    scopes += [("party", figure) for figure in report.by_party]
    scopes += [("region", figure) for figure in report.by_region]
    scopes += [("undeclared", figure) for figure in getattr(report, "undeclared", ())]
    rows = []
    for scope, root in scopes:
        for row in _figure_rows(root):
            rows.append({"as_of": report.as_of, "scope": scope, "scope_key": root.key, **row})
    kinds = _with_names(rows, {**_SCOPE_KINDS, **_FIGURE_KINDS}, regions)
    frame = _frame(rows, kinds, numbers)
    frame.attrs.update(
        plan=report.plan,
        agreement=report.agreement,
        as_of=report.as_of,
        recorded_on=report.recorded_on,
        illustrative=report.illustrative,
    )
    return frame


def _figures_frame(
    figures: list[ProgressFigure], numbers: Numbers, regions: object
) -> pd.DataFrame:
    rows = [_figure_row(f, f.key if f.kind is FigureKind.AREA else None) for f in figures]
    return _frame(rows, _with_names(rows, dict(_FIGURE_KINDS), regions), numbers)


# -- evaluations and summaries ---------------------------------------------------------

_STATUS_COLUMNS = {s: s.value.replace("-", "_") for s in DevelopmentStatus}


def _dimension_column(dimension: Dimension) -> str:
    return str(dimension.value).replace("-", "_")


def evaluations_frame(
    evaluations: Iterable[VillageEvaluation],
    *,
    numbers: Numbers = "decimal",
    regions: object = None,
) -> pd.DataFrame:
    """One row per village-year, in the one tidy layout of evaluations that ``desacoop
    export --what evaluations`` writes too (:func:`desacoop.export.evaluation_rows`,
    :data:`~desacoop.export.EVALUATION_COLUMNS`): the village, its province, regency and
    district with their names (the record's own village name, else from ``regions``; the
    province names are known), the method, the index's dimensions as columns (``iks``,
    ``ike``, ``ikl``; Indeks Desa's six when present), the index ``value``, status and what
    the next one takes, the ministry's published summary, and the number of findings.
    Indicator scores are left out (one row stays a few hundred bytes)."""
    numbers = _numbers_argument(numbers)
    items = _records("evaluations", evaluations, VillageEvaluation)
    present = {d.dimension for e in items for d in e.inputs.dimensions}
    dimensions = [_dimension_column(d) for d in Dimension if d in present]
    kinds: dict[str, _Kind] = {}
    for column in EVALUATION_COLUMNS:
        if column in ("iks", "ike", "ikl"):
            continue
        kinds[column] = _EVALUATION_KINDS.get(column, "decimal")
        if column == "method":
            kinds |= dict.fromkeys(dimensions, "decimal")
    namer = _namer(regions)
    provinces = region_names()

    def name(code: RegionCode) -> str:
        return (namer(code) if namer is not None else None) or provinces(code)

    return _frame(evaluation_rows(items, name), kinds, numbers)


_EVALUATION_KINDS: dict[str, _Kind] = {
    **dict.fromkeys(
        ("village", "village_name", "province", "province_name", "regency", "regency_name",
         "district", "method"),
        "text",
    ),
    **dict.fromkeys(
        ("status", "next_status", "published_status", "published_target_status"), "status"
    ),
    "year": "int",
    "finding_count": "int",
}  # fmt: skip


def summary_frame(
    summaries: Iterable[RegionSummary], *, long: bool = False, regions: object = None
) -> pd.DataFrame:
    """Status summaries (:func:`~desacoop.evaluation.summarise`) as a tidy frame.

    Wide (default): one row per region and year, a column per status count
    (``sangat_tertinggal`` ... ``mandiri``), then the movements. ``long=True``: one row per
    region, year and status with its ``count`` (for plotting and group-bys).
    """
    items = _records("summaries", summaries, RegionSummary)
    if not isinstance(long, bool):
        raise ValidationError(f"long must be True or False, not {shown(long)}", field="long")
    rows: list[dict[str, Any]] = []
    kinds: dict[str, _Kind]
    if long:
        kinds = {"region": "text", "year": "int", "status": "status", "count": "int"}
        for s in items:
            rows += [
                {"region": str(s.region), "year": s.year, "status": st.value, "count": s.count(st)}
                for st in DevelopmentStatus
            ]
    else:
        kinds = {
            "region": "text",
            "year": "int",
            "compared_with": "int",
            "total": "int",
            **dict.fromkeys(_STATUS_COLUMNS.values(), "int"),
            "moved_up": "int",
            "moved_down": "int",
            "reached_mandiri": "int",
        }
        for s in items:
            rows.append(
                {
                    "region": str(s.region),
                    "year": s.year,
                    "compared_with": s.compared_with,
                    "total": s.total,
                    **{column: s.count(st) for st, column in _STATUS_COLUMNS.items()},
                    "moved_up": s.moved_up,
                    "moved_down": s.moved_down,
                    "reached_mandiri": s.reached_mandiri,
                }
            )
    return _frame(rows, _with_names(rows, kinds, regions), "decimal")


# -- observations ------------------------------------------------------------------------

_OBSERVATION_KINDS: dict[str, _Kind] = {
    "id": "text",
    "indicator": "text",
    "region": "text",
    "date": "date",
    "period_start": "date",
    "value": "any",
    "numerator": "decimal",
    "denominator": "decimal",
    "recorded_on": "date",
    "source": "text",
    "note": "text",
    "supersedes": "text",
}


def _plain(value: Value) -> object:
    """What a value puts in the ``value`` column (a ratio goes to numerator/denominator)."""
    for item in (value.amount, value.level, value.text, value.met):
        if item is not None:
            return item
    return None


def observations_frame(
    observations: Iterable[Observation],
    *,
    numbers: Numbers = "decimal",
    regions: object = None,
) -> pd.DataFrame:
    """One row per observation: ``id``, ``indicator``, ``region``, ``date``,
    ``period_start``, ``value`` (an amount, a level, a text or met), ``numerator`` and
    ``denominator`` (a percentage's parts), ``recorded_on``, ``source``, ``note``,
    ``supersedes``. :func:`from_frame` reads it back."""
    numbers = _numbers_argument(numbers)
    items = _records("observations", observations, Observation)
    rows = [
        {
            "id": o.id,
            "indicator": o.indicator,
            "region": str(o.region),
            "date": o.on,
            "period_start": o.period_start,
            "value": _plain(o.value),
            "numerator": o.value.numerator,
            "denominator": o.value.denominator,
            "recorded_on": o.recorded_on,
            "source": o.source,
            "note": o.note,
            "supersedes": o.supersedes,
        }
        for o in items
    ]
    kinds = dict(_OBSERVATION_KINDS)
    found = _kind_of([row["value"] for row in rows])
    kinds["value"] = "decimal" if found in ("decimal", "int") else found
    return _frame(rows, _with_names(rows, kinds, regions), numbers)


# -- generic records -------------------------------------------------------------------


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


def _records(name: str, records: object, cls: type[Any]) -> list[Any]:
    if isinstance(records, str | bytes | Mapping) or not isinstance(records, Iterable):
        raise ValidationError(
            f"{name} must be a sequence of {cls.__name__}, not {shown(records)}", field=name
        )
    items = list(records)
    for position, item in enumerate(items):
        if not isinstance(item, cls):
            raise ValidationError(
                f"{name}[{position}] must be a {cls.__name__}, not {shown(item)}",
                field=f"{name}[{position}]",
            )
    return items


def to_frame(
    records: ProgressReport | ProgressFigure | Iterable[Any],
    *,
    numbers: Numbers = "decimal",
    regions: object = None,
) -> pd.DataFrame:
    """A tidy DataFrame of a progress report, a figure, or a sequence of records.

    A report gives :func:`report_frame`; a figure its rows and those below it; village
    evaluations :func:`evaluations_frame`; region summaries :func:`summary_frame`;
    observations :func:`observations_frame`; a sequence of figures one row each; other
    records one row each, flattened (columns are the union of the dotted keys, in field
    order; an optional nested record that is ``None`` leaves its columns missing).
    ``regions`` (a plan, a registry or a mapping of code to name) adds region names.
    """
    numbers = _numbers_argument(numbers)
    if isinstance(records, ProgressReport):
        return report_frame(records, numbers=numbers, regions=regions)
    if isinstance(records, ProgressFigure):
        rows = _figure_rows(records)
        return _frame(rows, _with_names(rows, dict(_FIGURE_KINDS), regions), numbers)
    if isinstance(records, str | bytes | Mapping) or not isinstance(records, Iterable):
        raise ValidationError(f"expected a sequence of desacoop records, not {shown(records)}")
    items = list(records)
    for cls, build in (
        (VillageEvaluation, evaluations_frame),
        (RegionSummary, lambda x, numbers, regions: summary_frame(x, regions=regions)),
        (Observation, observations_frame),
        (ProgressFigure, lambda x, numbers, regions: _figures_frame(x, numbers, regions)),
    ):
        if items and all(isinstance(item, cls) for item in items):
            frame: pd.DataFrame = build(items, numbers=numbers, regions=regions)
            return frame
    rows = [flatten(r) for r in items]
    columns: dict[str, None] = {}
    for row in rows:
        columns.update(dict.fromkeys(row))
    kinds = {c: _kind_of([row.get(c) for row in rows]) for c in columns}
    return _frame(rows, kinds, numbers)


# -- statistics on exact columns ---------------------------------------------------------


def _is_decimal_column(column: pd.Series) -> bool:
    """An exact column: Arrow decimals, or objects that are all Decimals (``numbers="object"``)."""
    pyarrow_dtype = getattr(column.dtype, "pyarrow_dtype", None)
    if pyarrow_dtype is not None:
        return str(pyarrow_dtype).startswith("decimal")
    if column.dtype != object:
        return False
    present = [v for v in column if not _missing(v)]
    return bool(present) and all(isinstance(v, Decimal) for v in present)


def _quantile(ordered: list[Decimal], fraction: Decimal) -> Decimal:
    """pandas' default (``linear``) quantile, computed on Decimals."""
    position = fraction * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def _decimal_statistics(column: pd.Series, fractions: list[Decimal]) -> list[object]:
    """count, mean, std, min, the percentiles and max of an exact column, as Decimals."""
    values = sorted(v for v in column if not _missing(v))
    if not values:
        return [0] + [None] * (len(fractions) + 4)
    count = len(values)
    mean = sum(values, Decimal(0)) / count
    spread = sum(((v - mean) ** 2 for v in values), Decimal(0))
    std = (spread / (count - 1)).sqrt() if count > 1 else None
    quantiles = [_quantile(values, f) for f in fractions]
    return [count, mean, std, values[0], *quantiles, values[-1]]


def describe(
    frame: pd.DataFrame, *, percentiles: Iterable[float] = (0.25, 0.5, 0.75)
) -> pd.DataFrame:
    """``frame.describe()`` with the exact decimal columns in it, computed exactly.

    pandas leaves Arrow decimal columns out of ``DataFrame.describe()`` without a word
    (and ``Series.describe()`` or ``describe(include="all")`` fail on them), so the default
    frame's scores and amounts would be missing from its summary. Here every numeric and
    date column is described as pandas does, and every decimal column (``numbers="decimal"``
    or ``"object"``) gets the same statistics as Decimals: count, mean, sample standard
    deviation (28 significant digits), min, the ``percentiles`` (pandas' linear
    interpolation) and max. Columns keep the frame's order.

    >>> import pandas as pd
    >>> from decimal import Decimal as D
    >>> frame = pd.DataFrame({"value": pd.array([D("0.5"), D("0.25")], dtype=object)})
    >>> described = describe(frame)["value"]
    >>> described[["count", "mean", "min", "25%", "max"]].tolist()
    [2, Decimal('0.375'), Decimal('0.25'), Decimal('0.3125'), Decimal('0.5')]
    >>> round(described["std"], 6)  # √(((0.5 - 0.375)² + (0.25 - 0.375)²) / 1)
    Decimal('0.176777')
    """
    pandas = _pandas()
    if not isinstance(frame, pandas.DataFrame):
        raise ValidationError(f"expected a pandas DataFrame, not {shown(frame)}", field="frame")
    shares = list(percentiles) if isinstance(percentiles, Iterable) else [percentiles]
    if not all(isinstance(p, float | int) and not isinstance(p, bool) for p in shares) or not all(
        0 <= p <= 1 for p in shares
    ):
        raise ValidationError(
            f"percentiles must be numbers between 0 and 1, not {shown(percentiles)}",
            field="percentiles",
        )
    shares = sorted(set(shares))
    index = ["count", "mean", "std", "min", *(f"{p * 100:g}%" for p in shares), "max"]
    fractions = [Decimal(str(p)) for p in shares]
    exact = [c for c in frame.columns if _is_decimal_column(frame[c])]
    rest = frame.drop(columns=exact).select_dtypes(include=["number", "datetime"])
    described: dict[Hashable, Any] = {}
    if len(rest.columns):
        base = rest.describe(percentiles=shares).reindex(index)
        described.update({c: base[c] for c in base.columns})
    for c in exact:
        described[c] = pandas.Series(
            _decimal_statistics(frame[c], fractions), index=index, dtype=object
        )
    result: pd.DataFrame = pandas.DataFrame(
        {c: described[c] for c in frame.columns if c in described}, index=index
    )
    return result


# -- observations from a frame ---------------------------------------------------------


def _missing(value: object) -> bool:
    """None, pandas' NA and NaT, a float, numpy or Decimal NaN, or a blank text."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, Decimal):
        return value.is_nan()
    if type(value).__name__ in ("NAType", "NaTType"):
        return True
    try:
        unequal = value != value  # NaN and NaT are not equal to themselves
    except Exception:  # an object without a usable comparison is not missing
        return False
    return type(unequal).__name__ in ("bool", "bool_") and bool(unequal)


def _date_cell(value: object, name: str) -> dt.date:
    """A date from a cell: a date, a pandas Timestamp or numpy datetime64 at midnight, or
    a text :func:`~desacoop.dates.parse_date` reads."""
    if type(value).__name__ == "datetime64":
        value = _pandas().Timestamp(value)
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None or value.time() != dt.time():
            raise ValidationError(f"{name} must be a date, not the time {shown(value)}")
        return value.date()
    if isinstance(value, dt.date | str):
        return parse_date(value)
    raise ValidationError(f"{name} must be a date, not {shown(value)}")


def _text_cell(value: object, name: str) -> str:
    if not isinstance(value, str):
        raise ValidationError(f"{name} must be a text, not {shown(value)}")
    return value


def _region_cell(value: object, name: str) -> RegionCode:
    if isinstance(value, _numbers.Number) and not isinstance(value, bool):
        raise ValidationError(
            f"{name} must be a region code written as text such as '35.07', not the number "
            f"{shown(value)} (read the column as text, e.g. dtype=str, to keep its dots and "
            "zeros)"
        )
    if not isinstance(value, RegionCode | str):
        raise ValidationError(f"{name} must be a region code such as '35.07', not {shown(value)}")
    return to_region_code(value)


def _value_cell(
    indicator: Indicator | None, value: object, numerator: object, denominator: object, name: str
) -> Value:
    """The observed value from the value cell or the numerator and denominator cells, read
    as an entry file's cells are (:func:`desacoop._cells.value_of`): ``"12,5"`` is 12.5
    here too, a count is a whole number, a level matches its scale whatever its capitals."""
    if value is None and numerator is None and denominator is None:
        raise ValidationError(f"{name} is missing (empty or NaN)")
    found, failures = value_of(
        indicator, {"value": value, "numerator": numerator, "denominator": denominator}
    )
    if found is not None:
        return found
    column, message = failures[0]
    if indicator is None and isinstance(value, str) and column == "value":
        message += "; pass the Indicator itself (not its id) to read levels, texts or met"
    raise ValidationError(message, field=column)


def from_frame(
    frame: pd.DataFrame,
    indicator: Indicator | str,
    *,
    columns: Mapping[str, str] | None = None,
    recorded_on: dt.date | None = None,
) -> tuple[Observation, ...]:
    """Observations of ``indicator`` from a DataFrame, one per row.

    The frame has ``region`` and ``date`` columns and either ``value`` or ``numerator`` and
    ``denominator``; optionally ``id``, ``period_start``, ``recorded_on``, ``source``,
    ``note``, ``supersedes`` and ``indicator`` (which must then name ``indicator``).
    ``columns`` maps these names to the frame's own (``{"region": "kode_wilayah"}``);
    other columns are ignored. ``recorded_on`` is the recording date of rows without one.
    Without an ``id`` column, ids are ``<indicator>-<region digits>-<date>``.

    Numbers may be Decimals, ints, floats (read through their shortest repr) or numpy
    scalars; an empty cell, ``None``, NaN or NaT is missing. Given the :class:`Indicator`
    (not only its id), each value is read as its measure asks (a level, a text, met) and
    checked against it. Every problem of every row is reported at once, as
    ``row 14: region: ...`` (the row's index label), in one :class:`ValidationError`.

    >>> import pandas as pd
    >>> frame = pd.DataFrame({"region": ["35.07", "63.71"],
    ...                       "date": ["2023-12-31", "31 Desember 2023"], "value": [120, 95]})
    >>> found = from_frame(frame, "kader-aktif", recorded_on=dt.date(2024, 1, 15))
    >>> for o in found:
    ...     print(o.id, o.region, o.on, o.value.amount)
    kader-aktif-3507-2023-12-31 35.07 2023-12-31 120
    kader-aktif-6371-2023-12-31 63.71 2023-12-31 95
    """
    pandas = _pandas()
    if not isinstance(frame, pandas.DataFrame):
        raise ValidationError(f"expected a pandas DataFrame, not {shown(frame)}", field="frame")
    problems: list[Problem] = []
    full: Indicator | None = None
    if isinstance(indicator, Indicator):
        full, indicator_id = indicator, indicator.id
    elif isinstance(indicator, str) and indicator.strip():
        indicator_id = indicator.strip()
    else:
        raise ValidationError(
            f"indicator must be an Indicator or its id, not {shown(indicator)}", field="indicator"
        )
    if recorded_on is not None and (
        not isinstance(recorded_on, dt.date) or isinstance(recorded_on, dt.datetime)
    ):
        problems.append(Problem("recorded_on", f"must be a date, not {shown(recorded_on)}"))
    if columns is None:
        columns = {}
    if not isinstance(columns, Mapping):
        raise ValidationError(
            f"columns must map field names to column names, not {shown(columns)}",
            field="columns",
        )
    names: dict[str, str] = {}
    for field, column in columns.items():
        if field not in FRAME_FIELDS:
            problems.append(
                Problem(
                    f"columns[{field!r}]", f"not a field; the fields are {', '.join(FRAME_FIELDS)}"
                )
            )
        elif not isinstance(column, Hashable) or column not in frame.columns:
            problems.append(Problem(f"columns[{field!r}]", f"the frame has no column {column!r}"))
        else:
            names[field] = column
    for field in FRAME_FIELDS:
        if field not in columns and field in frame.columns:
            names[field] = field
    for field in ("region", "date"):
        if field not in names and field not in columns:
            problems.append(
                Problem(field, f"the frame has no {field!r} column (columns= maps one)")
            )
    if not {"value", "numerator", "denominator"} & set(names) and "value" not in columns:
        problems.append(
            Problem("value", "the frame has no 'value' column, nor numerator and denominator")
        )
    if "recorded_on" not in names and recorded_on is None:
        problems.append(
            Problem(
                "recorded_on",
                "no 'recorded_on' column and no recorded_on= date: say when the values were "
                "recorded",
            )
        )
    for field, column in names.items():
        if isinstance(frame[column], pandas.DataFrame):
            problems.append(Problem(field, f"the frame has several columns named {column!r}"))
    if problems:
        raise ValidationError.from_problems(problems)
    cells = {field: frame[column].tolist() for field, column in names.items()}
    found: list[Observation] = []
    first_row: dict[str, object] = {}
    for position, label in enumerate(frame.index.tolist()):
        row = {f: None if _missing(v[position]) else v[position] for f, v in cells.items()}
        reader = _RowReader(f"row {label}", row, names, problems)
        values = reader.values(full, indicator_id, recorded_on)
        if values is None:
            continue
        identifier = values.pop("id")
        if identifier is None:
            identifier = f"{indicator_id}-{values['region'].compact}-{values['on'].isoformat()}"
        if identifier in first_row:
            reader.problem(
                "id", f"{identifier!r} appears twice (first in row {first_row[identifier]})"
            )
            continue
        first_row[identifier] = label
        try:
            found.append(Observation(id=identifier, indicator=indicator_id, **values))
        except ValidationError as exc:
            reader.problem({"on": "date"}.get(exc.field or "", exc.field or "date"), exc.message)
    if problems:
        raise ValidationError.from_problems(problems)
    return tuple(found)


@attrs.define
class _RowReader:
    """Reads one row's cells, collecting a problem per bad cell (``row 14: region: ...``)."""

    where: str
    row: dict[str, Any]
    names: dict[str, str]
    problems: list[Problem]

    def problem(self, field: str, message: str) -> None:
        self.problems.append(Problem(f"{self.where}: {self.names.get(field, field)}", message))

    def read(self, field: str, reader: Callable[[object, str], Any]) -> Any:
        if self.row.get(field) is None:
            return None
        try:
            return reader(self.row[field], self.names[field])
        except ValidationError as exc:
            self.problem(field, exc.message)
            return None

    def values(
        self, full: Indicator | None, indicator_id: str, recorded_on: dt.date | None
    ) -> dict[str, Any] | None:
        """The observation's fields, or ``None`` when a cell has a problem."""
        before = len(self.problems)
        row = self.row
        values: dict[str, Any] = {
            "id": self.read("id", _text_cell),
            "region": self.read("region", _region_cell),
            "on": self.read("date", _date_cell),
            "period_start": self.read("period_start", _date_cell),
            "recorded_on": self.read("recorded_on", _date_cell) or recorded_on,
            "source": self.read("source", _text_cell),
            "note": self.read("note", _text_cell),
            "supersedes": self.read("supersedes", _text_cell),
        }
        required = ["region", "date"] + [f for f in ("id",) if f in self.names]
        if recorded_on is None:
            required.append("recorded_on")
        for field in required:
            if row.get(field) is None:
                self.problem(field, f"{field} is missing (empty or NaN)")
        named = self.read("indicator", _text_cell)
        if named is not None and named != indicator_id:
            self.problem("indicator", f"the row is of {named!r}, not of {indicator_id!r}")
        try:
            value = _value_cell(
                full,
                row.get("value"),
                row.get("numerator"),
                row.get("denominator"),
                self.names.get("value", "value"),
            )
            values["value"] = value
        except ValidationError as exc:
            blamed = exc.field if exc.field in self.names else None
            if blamed is None:
                blamed = "numerator" if "value" not in self.names else "value"
            self.problem(blamed, exc.message)
        return None if len(self.problems) > before else values

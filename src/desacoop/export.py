"""Tidy exports: one row per fact with its region code and name, as CSV (the :mod:`csv`
module, nothing to install) or Parquet (``pip install 'desacoop[parquet]'``), for DuckDB,
Polars, Spark or a spreadsheet.

- :func:`observation_rows`, :func:`figure_rows`, :func:`evaluation_rows`: the rows of each
  kind, with the columns :data:`OBSERVATION_COLUMNS`, :data:`FIGURE_COLUMNS`,
  :data:`EVALUATION_COLUMNS`.
- :func:`write_rows`: rows to a CSV or Parquet file, replaced atomically
  (:func:`~desacoop.serialization.write_atomic`), or to a text stream.

Outputs are data, not code, and keep their types:

- a CSV text cell that a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``, a
  tab or a carriage return first) gets a leading ``'`` (OWASP); numbers stay numbers;
- every Parquet export of a kind has one schema (:func:`arrow_schema`), whatever the data:
  amounts, numerators and denominators as ``decimal128(38, 12)`` (26 digits before the
  point, 12 after: any rupiah amount, exactly), computed ratios rounded to that scale,
  counts and years as integers, codes as strings. A recorded number that the type cannot
  hold exactly is refused, never rounded. Two exports always concatenate.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from desacoop._cells import as_text
from desacoop._checks import DECIMAL_CONTEXT
from desacoop._neutral import for_cell
from desacoop._presentation import figure_facts
from desacoop.errors import ValidationError, shown
from desacoop.evaluation.records import VillageEvaluation
from desacoop.monitoring import MonitoringPlan
from desacoop.regions import PROVINCES, Level, RegionCode
from desacoop.rollup import ProgressFigure, ProgressReport
from desacoop.serialization import read_bytes, write_atomic

__all__ = [
    "DECIMAL_PRECISION",
    "DECIMAL_SCALE",
    "EVALUATION_COLUMNS",
    "FIGURE_COLUMNS",
    "OBSERVATION_COLUMNS",
    "PACKAGE_FILE",
    "arrow_schema",
    "csv_text",
    "evaluation_rows",
    "figure_rows",
    "observation_rows",
    "region_names",
    "table_schema",
    "write_rows",
]

Row = dict[str, Any]
Names = Callable[[RegionCode], str]

# --- region names -------------------------------------------------------------------------


def region_names(
    plan: MonitoringPlan | None = None, registry: Any = None
) -> Callable[[RegionCode], str]:
    """A name for each region code: the plan's region list first, then ``registry`` (a
    :class:`~desacoop.registry.RegionRegistry` or anything with ``get(code)``), then the
    province names; ``""`` when none knows it."""
    if plan is not None and not isinstance(plan, MonitoringPlan):
        raise ValidationError(f"plan must be a MonitoringPlan or None, not {shown(plan)}")
    if registry is not None and not callable(getattr(registry, "get", None)):
        raise ValidationError(f"registry must have get(code), not {shown(registry)}")
    known: dict[RegionCode, str] = {}
    if plan is not None:
        known.update((r.code, r.name) for r in plan.regions)

    def name(code: RegionCode) -> str:
        if code in known:
            return known[code]
        if registry is not None:
            region = registry.get(code)
            if region is not None:
                return str(region.name)
        province = PROVINCES.get(code.compact) if len(code.compact) == 2 else None
        return province.name if province is not None else ""

    return name


def _names(names: object) -> Names | None:
    if names is not None and not callable(names):
        raise ValidationError(f"names must be a function of a region code, not {shown(names)}")
    return names


# --- exports ----------------------------------------------------------------------------

#: Columns of :func:`observation_rows`.
OBSERVATION_COLUMNS = (
    "observation", "indicator", "indicator_label", "area", "region", "region_name",
    "region_level", "on", "period_start", "form", "amount", "numerator", "denominator",
    "percent", "level", "text", "met", "unit", "recorded_on", "source", "note", "supersedes",
    "current",
)  # fmt: skip

#: Columns of :func:`figure_rows`.
FIGURE_COLUMNS = (
    "as_of", "tree", "parent", "depth", "kind", "key", "label_en", "label_id", "region",
    "region_name", "status", "value", "expected", "coverage", "weight", "actual", "unit",
    "numerator", "denominator", "baseline", "baseline_on", "target", "target_by",
    "observations",
)  # fmt: skip

#: Columns of :func:`evaluation_rows`: the one tidy layout of village evaluations, for the
#: export and for :func:`desacoop.dataframe.to_frame` alike (a frame also has a column for
#: each further dimension present, after ``ikl``).
EVALUATION_COLUMNS = (
    "village", "village_name", "province", "province_name", "regency", "regency_name",
    "district", "year", "method", "iks", "ike", "ikl", "value", "exact", "status",
    "next_status", "minimum_for_next", "gap", "published_score", "published_status",
    "published_target_status", "published_minimum", "published_gap", "finding_count",
)  # fmt: skip


def observation_rows(plan: MonitoringPlan, names: Names | None = None) -> list[Row]:
    """One row per observation of the plan, corrections included (``current`` is false for
    a superseded one)."""
    if not isinstance(plan, MonitoringPlan):
        raise ValidationError(f"expected a MonitoringPlan, not {shown(plan)}")
    name = _names(names) or region_names(plan)
    indicators = {i.id: i for i in plan.indicators}
    superseded = {o.supersedes for o in plan.observations if o.supersedes}
    rows = []
    for o in plan.observations:
        ind = indicators.get(o.indicator)
        v = o.value
        percent = None
        if v.numerator is not None and v.denominator:
            percent = DECIMAL_CONTEXT.divide(v.numerator * 100, v.denominator)
        rows.append(
            {
                "observation": o.id, "indicator": o.indicator,
                "indicator_label": ind.label_en if ind else None,
                "area": getattr(ind.area, "value", ind.area) if ind else None,
                "region": str(o.region),
                "region_name": name(o.region), "region_level": o.region.level.value,
                "on": o.on, "period_start": o.period_start, "form": v.form, "amount": v.amount,
                "numerator": v.numerator, "denominator": v.denominator, "percent": percent,
                "level": v.level, "text": v.text, "met": v.met,
                "unit": ind.unit if ind else None, "recorded_on": o.recorded_on,
                "source": o.source, "note": o.note, "supersedes": o.supersedes,
                "current": o.id not in superseded,
            }
        )  # fmt: skip
    return rows


def figure_rows(report: ProgressReport, names: Names | None = None) -> list[Row]:
    """One row per figure of a progress report: the whole, per party and per region trees,
    each node with its parent's key."""
    if not isinstance(report, ProgressReport):
        raise ValidationError(f"expected a ProgressReport, not {shown(report)}")
    name = _names(names) or region_names()
    rows: list[Row] = []

    def walk(figure: ProgressFigure, tree: str, parent: str | None, depth: int) -> None:
        row = figure_facts(figure)  # the facts the DataFrame shows under the same names
        row.update(
            as_of=report.as_of, tree=tree, parent=parent, depth=depth,
            region_name=name(figure.region) if figure.region else None,
            observations=" ".join(figure.observations),
        )  # fmt: skip
        rows.append({column: row[column] for column in FIGURE_COLUMNS})
        for child in figure.children:
            walk(child, tree, figure.key, depth + 1)

    walk(report.total, "total", None, 0)
    for tree, figures in (
        ("party", report.by_party),
        ("region", report.by_region),
        ("undeclared", report.undeclared),
    ):
        for figure in figures:
            walk(figure, tree, None, 0)
    return rows


def evaluation_rows(
    evaluations: Iterable[VillageEvaluation], names: Names | None = None
) -> list[Row]:
    """One row per village evaluation (village, year, method) in the columns of
    :data:`EVALUATION_COLUMNS`, and one more per dimension beyond IDM's three (Indeks
    Desa's), named by the dimension with ``_`` for ``-``. A village's name is the record's
    own, else ``names``'; an unknown name is empty (None)."""
    if isinstance(evaluations, str | bytes) or not isinstance(evaluations, Iterable):
        raise ValidationError(f"expected village evaluations, not {shown(evaluations)}")
    name = _names(names) or region_names()
    rows = []
    for e in evaluations:
        if not isinstance(e, VillageEvaluation):
            raise ValidationError(f"expected a VillageEvaluation, not {shown(e)}")
        r, published = e.result, e.published
        province, regency = e.village.at_level(Level.PROVINCE), e.village.at_level(Level.REGENCY)
        row: Row = {
            "village": str(e.village), "village_name": e.name or name(e.village) or None,
            "province": str(province), "province_name": name(province) or None,
            "regency": str(regency), "regency_name": name(regency) or None,
            "district": str(e.village.at_level(Level.DISTRICT)), "year": e.year,
            "method": r.method.value,
            **{d.dimension.value.replace("-", "_"): d.value for d in e.inputs.dimensions},
            "value": r.value, "exact": r.exact, "status": r.status.value,
            "next_status": r.next_status.value if r.next_status else None,
            "minimum_for_next": r.minimum_for_next, "gap": r.gap,
            "finding_count": len(e.findings),
        }  # fmt: skip
        if published is not None:
            row.update(
                published_score=published.score,
                published_status=published.status.value,
                published_target_status=published.target_status.value,
                published_minimum=published.minimum,
                published_gap=published.gap,
            )
        rows.append(row)
    return rows


# --- writing --------------------------------------------------------------------------------


def write_rows(
    rows: Sequence[Row],
    columns: Sequence[str],
    target: str | os.PathLike[str] | io.TextIOBase | Any,
    *,
    format: str = "csv",
    package: bool = True,
) -> None:
    """Write rows as CSV (``target`` a path or a text stream) or Parquet (a path; needs
    pyarrow). A file is replaced atomically: a failure leaves it as it was. Decimals stay
    exact: plain decimal text in CSV, the kind's fixed decimal type in Parquet
    (:func:`arrow_schema`); dates stay dates; a text that a spreadsheet would run as a
    formula gets a leading ``'``.

    A CSV file (unless ``package`` is false) gets its column types beside it, in the
    Frictionless ``datapackage.json`` of its folder (:func:`table_schema`; a resource of
    another file in it is kept), so that a reader keeps region codes as text and amounts
    exact."""
    if format not in ("csv", "parquet"):
        raise ValidationError(f"format is csv or parquet, not {shown(format)}")
    _check_rows(rows)
    _check_columns(columns)
    if not isinstance(target, str | os.PathLike) and not callable(getattr(target, "write", None)):
        raise ValidationError(f"target must be a file name or a text stream, not {shown(target)}")
    if format == "parquet":
        if not isinstance(target, str | os.PathLike):
            raise ValidationError("Parquet is written to a file: give its path")
        write_atomic(target, _parquet(rows, columns))
        return
    if isinstance(target, str | os.PathLike):
        descriptor = _package_with(Path(target), columns) if package and Path(target).name else None
        write_atomic(target, csv_text(rows, columns))
        if descriptor is not None:
            write_atomic(Path(target).with_name(PACKAGE_FILE), descriptor)
        return
    target.write(csv_text(rows, columns))


def _check_rows(rows: object) -> None:
    if isinstance(rows, str | bytes | Mapping) or not isinstance(rows, Sequence):
        raise ValidationError(f"rows must be a list of dicts, not {shown(rows)}")
    if not all(isinstance(row, Mapping) for row in rows):
        raise ValidationError("rows must be a list of dicts (column name to value)")


def _check_columns(columns: object) -> None:
    if isinstance(columns, str | bytes) or not isinstance(columns, Sequence):
        raise ValidationError(f"columns must be a list of names, not {shown(columns)}")
    if not all(isinstance(c, str) for c in columns):
        raise ValidationError(f"columns must be names (texts), not {shown(columns)}")


def csv_text(rows: Sequence[Mapping[str, object]], columns: Sequence[str]) -> str:
    """Rows as CSV text: a header, then each row's cells as text; a text a spreadsheet
    would run as a formula gets a leading ``'``."""
    _check_rows(rows)
    _check_columns(columns)
    handle = io.StringIO()
    writer = csv.writer(handle, lineterminator="\n")
    # The csv module quotes a field with a line feed but not one with a lone carriage
    # return, which a reader takes for the end of the row: such a row is quoted whole.
    quoted = csv.writer(handle, lineterminator="\n", quoting=csv.QUOTE_ALL)
    for cells in ([for_cell(c) for c in columns], *_texts(rows, columns)):
        (quoted if any("\r" in c for c in cells) else writer).writerow(cells)
    return handle.getvalue()


def _texts(rows: Sequence[Mapping[str, object]], columns: Sequence[str]) -> Iterator[list[str]]:
    for row in rows:
        yield [_csv_cell(row.get(c)) for c in columns]


def _csv_cell(value: object) -> str:
    return for_cell(value) if isinstance(value, str) else as_text(value)


# --- Parquet: one schema per kind ------------------------------------------------------------

#: Digits of every decimal column of a Parquet export, and how many of them come after the
#: point: 26 before it hold any rupiah amount (a national budget has 16).
DECIMAL_PRECISION, DECIMAL_SCALE = 38, 12

_EXACT = "exact"  # a recorded number: refused unless the type holds it exactly
_ROUNDED = "rounded"  # a computed ratio or score: rounded half-even to the scale

_TYPES: dict[str, tuple[str, ...]] = {
    "date": (
        "on", "period_start", "recorded_on", "as_of", "baseline_on", "target_by",
    ),
    "bool": ("met", "current"),
    "int": ("depth", "year", "finding_count"),
    _EXACT: ("amount", "numerator", "denominator", "baseline", "target", "actual"),
    _ROUNDED: (
        "percent", "value", "expected", "coverage", "weight", "score", "gap", "iks", "ike",
        "ikl", "exact", "minimum_for_next", "published_score", "published_minimum",
        "published_gap",
    ),
}  # fmt: skip
_KIND = {column: kind for kind, names in _TYPES.items() for column in names}


def arrow_schema(columns: Sequence[str]) -> Any:
    """The Arrow schema of an export with these columns (needs pyarrow): the same for every
    export of a kind, whatever its data. Dates as ``date32``, flags as ``bool``, counts and
    years as ``int64``, numbers as ``decimal128(38, 12)``, everything else (codes, names,
    ids, labels) as ``string``; every column nullable."""
    _check_columns(columns)
    pa = _pyarrow()
    kinds = {
        "date": pa.date32(),
        "bool": pa.bool_(),
        "int": pa.int64(),
        _EXACT: pa.decimal128(DECIMAL_PRECISION, DECIMAL_SCALE),
        _ROUNDED: pa.decimal128(DECIMAL_PRECISION, DECIMAL_SCALE),
    }
    return pa.schema([pa.field(c, kinds.get(_KIND.get(c, ""), pa.string())) for c in columns])


def _pyarrow() -> Any:
    try:
        import pyarrow
    except ImportError:  # pragma: no cover - depends on the environment
        raise ValidationError(
            "Parquet export needs pyarrow: pip install 'desacoop[parquet]'"
        ) from None
    return pyarrow


_QUANTUM = Decimal(1).scaleb(-DECIMAL_SCALE)
_LARGEST = Decimal(10) ** (DECIMAL_PRECISION - DECIMAL_SCALE)


def _typed(kind: str, value: object, column: str, number: int) -> object:
    """A cell as its column's Arrow type takes it, or a ValidationError naming the cell."""
    if value is None:
        return None
    if kind == "date":
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
    elif kind == "bool":
        if isinstance(value, bool):
            return value
    elif kind == "int":
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) < 2**63:
            return value
    elif kind in (_EXACT, _ROUNDED):
        if isinstance(value, int | Decimal) and not isinstance(value, bool):
            try:
                fitted = Decimal(value).quantize(_QUANTUM, context=DECIMAL_CONTEXT)
            except InvalidOperation:
                fitted = None
            if (
                fitted is not None
                and abs(fitted) < _LARGEST
                and (kind == _ROUNDED or fitted == value)
            ):
                return fitted
            raise ValidationError(
                f"row {number}, column {column}: {shown(value)} does not fit the Parquet "
                f"decimal type ({DECIMAL_PRECISION - DECIMAL_SCALE} digits before the point, "
                f"{DECIMAL_SCALE} after); export it as CSV"
            )
    else:
        return value if isinstance(value, str) else as_text(value)
    raise ValidationError(f"row {number}, column {column}: expected a {kind}, got {shown(value)}")


def _parquet(rows: Sequence[Row], columns: Sequence[str]) -> bytes:
    pa = _pyarrow()
    import pyarrow.parquet as pq

    schema = arrow_schema(columns)
    arrays = []
    for field in schema:
        kind = _KIND.get(field.name, "string")
        values = [_typed(kind, row.get(field.name), field.name, n) for n, row in enumerate(rows, 1)]
        arrays.append(pa.array(values, field.type))
    table = pa.Table.from_arrays(arrays, schema=schema)
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink)
    return bytes(sink.getvalue().to_pybytes())


# --- Frictionless: the types of a CSV export beside it ------------------------------------

#: The descriptor written beside a CSV export (Frictionless Data Package).
PACKAGE_FILE = "datapackage.json"
_PACKAGE_LIMIT = 10_000_000
_FRICTIONLESS: dict[str, dict[str, Any]] = {
    "date": {"type": "date"},
    "bool": {"type": "boolean", "trueValues": ["true"], "falseValues": ["false"]},
    "int": {"type": "integer"},
    _EXACT: {"type": "number"},  # decimal text, read exactly by Frictionless readers
    _ROUNDED: {"type": "number"},
}


def table_schema(columns: Sequence[str]) -> dict[str, Any]:
    """The Frictionless Table Schema of an export with these columns: dates as ``date``,
    flags as ``boolean`` (``true``/``false``), counts and years as ``integer``, amounts and
    ratios as ``number`` (decimal text: exact), everything else, region codes first, as
    ``string``; an empty cell is missing.

    >>> [f["type"] for f in table_schema(["region", "on", "amount", "year"])["fields"]]
    ['string', 'date', 'number', 'integer']
    """
    _check_columns(columns)
    fields = [
        {"name": c, **_FRICTIONLESS.get(_KIND.get(c, ""), {"type": "string"})} for c in columns
    ]
    return {"fields": fields, "missingValues": [""]}


def _resource(path: Path, columns: Sequence[str]) -> dict[str, Any]:
    name = re.sub(r"[^a-z0-9._-]+", "-", path.stem.lower()).strip("-") or "table"
    return {
        "name": name,
        "path": path.name,
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "dialect": {"delimiter": ",", "header": True},
        "schema": table_schema(columns),
    }


def _package_with(target: Path, columns: Sequence[str]) -> bytes:
    """The folder's ``datapackage.json`` with ``target``'s resource added or replaced."""
    beside = target.with_name(PACKAGE_FILE)
    package: dict[str, Any] = {"profile": "tabular-data-package", "resources": []}
    if beside.exists():
        try:
            found = json.loads(read_bytes(beside, _PACKAGE_LIMIT))
        except (ValidationError, ValueError):
            found = None
        resources = found.get("resources") if isinstance(found, dict) else None
        if not isinstance(resources, list) or not all(isinstance(r, dict) for r in resources):
            raise ValidationError(
                f"{beside} is not a data package desacoop can add {target.name} to: move it "
                "away or write the export into another folder"
            )
        package = found
    resource = _resource(target, columns)
    package["resources"] = [
        r for r in package["resources"] if r.get("path") != resource["path"]
    ] + [resource]
    return (json.dumps(package, indent=2, ensure_ascii=False) + "\n").encode("utf-8")

"""Tables in and out: tidy exports, data-entry templates and their import.

- **Exports** (:func:`observation_rows`, :func:`figure_rows`, :func:`evaluation_rows`,
  :func:`write_rows`): one row per fact with its region code and name, as CSV (the
  :mod:`csv` module, nothing to install) or Parquet (``pip install 'desacoop[parquet]'``),
  for DuckDB, Polars, Spark or a spreadsheet.
- **Templates** (:func:`template_rows`, :func:`write_template`): a data-entry workbook for a
  monitoring plan, one sheet per indicator and one row per expected reporting region,
  with data validation and a read-me in Indonesian and English (``.xlsx`` needs
  ``pip install 'desacoop[excel]'``); the same as one CSV table.
- **Import** (:func:`import_entries`): the filled workbook or CSV back into the plan. Every
  problem is reported at once with its sheet and cell (``Kalsel!D14: expected a number,
  got "12,5 %"``); Indonesian number forms are read where unambiguous; a re-import adds
  nothing; a changed value becomes a correction (``Observation.supersedes``) that keeps
  the history.

>>> parse_number("1.234,5"), parse_number("12,5"), parse_number("Rp 1.500.000")
(Decimal('1234.5'), Decimal('12.5'), Decimal('1500000'))
>>> parse_number("1.234")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
desacoop.errors.ValidationError: ambiguous number "1.234": write 1234 if it is thousands, ...
>>> str(parse_period("2024Q1"))
'2024-01-01/2024-03-31'
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, NamedTuple

import attrs

from desacoop._checks import DECIMAL_CONTEXT
from desacoop._presentation import figure_facts
from desacoop.dates import parse_date
from desacoop.errors import Problem, ValidationError, shown
from desacoop.evaluation.records import VillageEvaluation
from desacoop.monitoring import (
    Indicator,
    Measure,
    MonitoringPlan,
    Observation,
    Period,
    Reporters,
    TimeBehaviour,
    Value,
    value_problem,
)
from desacoop.regions import PROVINCES, Level, RegionCode
from desacoop.rollup import ProgressFigure, ProgressReport

__all__ = [
    "ENTRY_COLUMNS",
    "EVALUATION_COLUMNS",
    "FIGURE_COLUMNS",
    "OBSERVATION_COLUMNS",
    "ImportResult",
    "RejectedRow",
    "evaluation_rows",
    "expected_regions",
    "figure_rows",
    "import_entries",
    "observation_rows",
    "parse_number",
    "parse_period",
    "region_names",
    "template_rows",
    "write_rejected",
    "write_rows",
    "write_template",
]

Row = dict[str, Any]
Names = Callable[[RegionCode], str]

# --- numbers and periods ------------------------------------------------------------------

_PLAIN = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
_GROUPED_DOT = re.compile(r"-?[1-9][0-9]{0,2}(?:\.[0-9]{3})+(?:,[0-9]+)?")  # 1.234.567,5
_GROUPED_COMMA = re.compile(r"-?[1-9][0-9]{0,2}(?:,[0-9]{3})+(?:\.[0-9]+)?")  # 1,234,567.5
_DECIMAL_COMMA = re.compile(r"-?[0-9]+,[0-9]+")  # 12,5
_AMBIGUOUS = re.compile(r"-?[1-9][0-9]{0,2}[.,][0-9]{3}")  # 1.234 or 1,234


def parse_number(value: object) -> Decimal:
    """A number typed in a cell: a spreadsheet number, or a text in Indonesian or English
    form where the form is unambiguous (``1.234,5``, ``12,5``, ``1,234.5``, ``12.5``,
    ``Rp 1.500.000``). ``1.234`` and ``1,234`` are refused as ambiguous, and a percent
    sign is not a number (a percentage is entered as numerator and denominator).
    """
    if isinstance(value, bool) or value is None:
        raise ValidationError(f"expected a number, got {_cell_text(value)}")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValidationError(f"expected a number, got {_cell_text(value)}")
        return Decimal(repr(value))
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValidationError(f"expected a number, got {_cell_text(value)}")
        return value
    if not isinstance(value, str):
        raise ValidationError(f"expected a number, got {shown(value)}")
    text = value.strip().replace("\u00a0", " ")
    if text[:2].lower() == "rp":
        text = text[2:].lstrip(" .")
    text = text.replace(" ", "")
    if _AMBIGUOUS.fullmatch(text):
        whole, fraction = re.split("[.,]", text)
        raise ValidationError(
            f"ambiguous number {_cell_text(value)}: write {whole}{fraction} if it is thousands, "
            f"or {whole},{fraction}0 if it has decimals"
        )
    if _PLAIN.fullmatch(text):
        digits = text
    elif _GROUPED_DOT.fullmatch(text):
        digits = text.replace(".", "").replace(",", ".")
    elif _GROUPED_COMMA.fullmatch(text):
        digits = text.replace(",", "")
    elif _DECIMAL_COMMA.fullmatch(text):
        digits = text.replace(",", ".")
    else:
        raise ValidationError(f"expected a number, got {_cell_text(value)}")
    try:
        return Decimal(digits)
    except InvalidOperation:  # pragma: no cover - the patterns admit only numbers
        raise ValidationError(f"expected a number, got {_cell_text(value)}") from None


def _cell_text(value: object) -> str:
    if value is None:
        return "an empty cell"
    if isinstance(value, str):
        return '"' + (value if len(value) <= 40 else value[:40] + "…") + '"'
    return shown(value)


_PERIOD = re.compile(r"([0-9]{4})(?:([QqSs])([1-4])|-?[Mm]?([0-9]{2}))?")


def parse_period(text: object) -> Period:
    """A reporting period: ``2024`` (year), ``2024S1`` (half year), ``2024Q1`` (quarter) or
    ``2024-03`` (month)."""
    match = _PERIOD.fullmatch(text.strip()) if isinstance(text, str) else None
    if match is None:
        raise ValidationError(
            f"a period is written 2024, 2024S1, 2024Q1 or 2024-03, not {shown(text)}"
        )
    year = int(match.group(1))
    if not 1900 <= year <= 2200:
        raise ValidationError(f"no such reporting year: {year}")
    kind, number, month = match.group(2), match.group(3), match.group(4)
    if kind is None and month is None:
        first, months = 1, 12
    elif kind is not None:
        size = 3 if kind.upper() == "Q" else 6
        if int(number) > 12 // size:
            raise ValidationError(f"no such period: {text!r}")
        first, months = (int(number) - 1) * size + 1, size
    else:
        if not 1 <= int(month) <= 12:
            raise ValidationError(f"no such month: {text!r}")
        first, months = int(month), 1
    start = dt.date(year, first, 1)
    after = dt.date(year + (first + months > 12), (first + months - 1) % 12 + 1, 1)
    return Period(start, after - dt.timedelta(days=1))


# --- region names ---------------------------------------------------------------------------


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

#: Columns of :func:`evaluation_rows`.
EVALUATION_COLUMNS = (
    "village", "village_name", "province", "province_name", "regency", "regency_name",
    "year", "method", "score", "status", "next_status", "gap", "iks", "ike", "ikl", "findings",
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
    """One row per village evaluation (village, year, method), with its province and
    regency."""
    if isinstance(evaluations, str | bytes) or not isinstance(evaluations, Iterable):
        raise ValidationError(f"expected village evaluations, not {shown(evaluations)}")
    name = _names(names) or region_names()
    rows = []
    for e in evaluations:
        if not isinstance(e, VillageEvaluation):
            raise ValidationError(f"expected a VillageEvaluation, not {shown(e)}")
        r = e.result
        dims = {d.dimension.value: d.value for d in r.inputs.dimensions}
        province, regency = e.village.at_level(Level.PROVINCE), e.village.at_level(Level.REGENCY)
        rows.append(
            {
                "village": str(e.village), "village_name": e.name or name(e.village),
                "province": str(province), "province_name": name(province),
                "regency": str(regency), "regency_name": name(regency), "year": e.year,
                "method": r.method.value, "score": r.value, "status": r.status.value,
                "next_status": r.next_status.value if r.next_status else None, "gap": r.gap,
                "iks": dims.get("iks"), "ike": dims.get("ike"), "ikl": dims.get("ikl"),
                "findings": len(e.findings),
            }
        )  # fmt: skip
    return rows


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def write_rows(
    rows: Sequence[Row],
    columns: Sequence[str],
    target: str | os.PathLike[str] | io.TextIOBase | Any,
    *,
    format: str = "csv",
) -> None:
    """Write rows as CSV (``target`` a path or a text stream) or Parquet (a path; needs
    pyarrow). Decimals stay exact: plain decimal text in CSV, a decimal column in Parquet
    (text when a column's numbers do not fit one decimal type); dates stay dates."""
    if format not in ("csv", "parquet"):
        raise ValidationError(f"format is csv or parquet, not {shown(format)}")
    if isinstance(rows, str | bytes | Mapping) or not isinstance(rows, Sequence):
        raise ValidationError(f"rows must be a list of dicts, not {shown(rows)}")
    if not all(isinstance(row, Mapping) for row in rows):
        raise ValidationError("rows must be a list of dicts (column name to value)")
    if isinstance(columns, str | bytes) or not isinstance(columns, Sequence):
        raise ValidationError(f"columns must be a list of names, not {shown(columns)}")
    if not all(isinstance(c, str) for c in columns):
        raise ValidationError(f"columns must be names (texts), not {shown(columns)}")
    if not isinstance(target, str | os.PathLike) and not callable(getattr(target, "write", None)):
        raise ValidationError(f"target must be a file name or a text stream, not {shown(target)}")
    if format == "parquet":
        if not isinstance(target, str | os.PathLike):
            raise ValidationError("Parquet is written to a file: give its path")
        _write_parquet(rows, columns, Path(target))
        return
    if isinstance(target, str | os.PathLike):
        try:
            with Path(target).open("w", encoding="utf-8", newline="") as handle:
                _write_csv(rows, columns, handle)
        except (OSError, ValueError) as exc:  # ValueError: a NUL in the name
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
            raise ValidationError(f"cannot write {shown(target)}: {reason}") from None
        return
    _write_csv(rows, columns, target)


def _write_csv(rows: Sequence[Row], columns: Sequence[str], handle: Any) -> None:
    writer = csv.writer(handle, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_text(row.get(c)) for c in columns])


def _write_parquet(rows: Sequence[Row], columns: Sequence[str], path: Path) -> None:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:  # pragma: no cover - depends on the environment
        raise ValidationError(
            "Parquet export needs pyarrow: pip install 'desacoop[parquet]'"
        ) from None
    arrays = []
    for column in columns:
        values = [row.get(column) for row in rows]
        try:
            array = pa.array(values)
        except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError):
            array = pa.array([None if v is None else _text(v) for v in values], pa.string())
        arrays.append(array)
    table = pa.Table.from_arrays(arrays, names=list(columns))
    try:
        pq.write_table(table, str(path))
    except (OSError, ValueError) as exc:
        raise ValidationError(f"cannot write {path}: {exc}") from None


# --- templates --------------------------------------------------------------------------

#: The columns of a data-entry sheet, in order (A to J).
ENTRY_COLUMNS = (
    "indicator", "region_code", "region_name", "value", "numerator", "denominator", "date",
    "period_start", "source", "note",
)  # fmt: skip
_LETTER = {name: chr(ord("A") + i) for i, name in enumerate(ENTRY_COLUMNS)}
_README = "Baca saya - Read me"
_META = "_desacoop"

_README_TEXT = (
    ("Lembar isian desacoop", "desacoop data-entry workbook"),
    (
        "Satu lembar per indikator, satu baris per wilayah pelapor.",
        "One sheet per indicator, one row per reporting region.",
    ),
    (
        "Isi kolom value (jumlah, nilai rupiah, tingkatan, teks, atau ya/tidak), atau "
        "numerator dan denominator untuk persentase.",
        "Fill in value (a count, an amount in rupiah, a level, a text, or yes/no), or "
        "numerator and denominator for a percentage.",
    ),
    (
        "Angka boleh ditulis 1.234,5 atau 1234.5; 1.234 dan 1,234 ditolak karena ambigu.",
        "Numbers may be written 1.234,5 or 1234.5; 1.234 and 1,234 are refused as ambiguous.",
    ),
    (
        "Kolom date sudah terisi akhir periode; ubah bila nilai untuk tanggal lain.",
        "The date column holds the period's end; change it if the value is for another date.",
    ),
    (
        "Baris yang kosong dilewati. Nilai yang diubah menjadi koreksi; riwayat tetap tersimpan.",
        "Empty rows are skipped. A changed value becomes a correction; the history is kept.",
    ),
    ("Jangan ubah kode wilayah dan nama lembar.", "Do not change region codes or sheet names."),
)


def expected_regions(
    plan: MonitoringPlan, indicator: Indicator, registry: Any = None
) -> tuple[RegionCode, ...]:
    """The regions expected to report ``indicator``: its declared reporters (listed, or
    the regions with a target at its level, or every region of the responsible provinces
    from ``registry``); for an open rule, the plan's regions at the indicator's level
    within the responsible provinces."""
    if not isinstance(plan, MonitoringPlan) or not isinstance(indicator, Indicator):
        raise ValidationError("expected a MonitoringPlan and one of its indicators")
    level = indicator.level
    homes = [p.home_province for p in plan.agreement.parties if p.id == indicator.party] or [
        p.home_province for p in plan.agreement.parties
    ]
    provinces = [p for p in homes if p is not None]

    def within(code: RegionCode) -> bool:
        return code.level is level and any(code.is_within(p) for p in provinces)

    rule = indicator.reporter_rule
    found: list[RegionCode] = []
    if rule is Reporters.LISTED:
        found = list(indicator.reporters)
    elif rule is Reporters.TARGETS:
        found = [t.region for t in indicator.targets if t.region is not None and within(t.region)]
    elif rule is Reporters.ALL and registry is not None:
        for province in provinces:
            found += [c for c in registry.descendants(province, level) if within(c)]
    if not found:
        found = [r.code for r in plan.regions if within(r.code)]
    if not found and level is Level.PROVINCE:
        found = provinces
    return tuple(sorted(set(found)))


def _entry_value(indicator: Indicator, value: Value) -> Row:
    if value.numerator is not None:
        return {"numerator": value.numerator, "denominator": value.denominator}
    if value.met is not None:
        return {"value": "ya" if value.met else "tidak"}
    return {"value": value.amount if value.amount is not None else value.level or value.text}


def template_rows(
    plan: MonitoringPlan,
    indicators: Sequence[str] | None,
    period: Period | str,
    registry: Any = None,
) -> list[Row]:
    """The rows of a data-entry template: per indicator (default: every indicator), one row
    per expected region, dated at the period's end, with the value already recorded for
    that date if there is one (so a re-import of an untouched template adds nothing)."""
    if not isinstance(plan, MonitoringPlan):
        raise ValidationError(f"expected a MonitoringPlan, not {shown(plan)}")
    span = parse_period(period) if isinstance(period, str) else period
    if not isinstance(span, Period):
        raise ValidationError(f"period must be a Period or a text like 2024Q1, not {shown(period)}")
    chosen = _indicators(plan, indicators)
    name = region_names(plan, registry)
    current = _current(plan)
    rows = []
    for ind in chosen:
        for code in expected_regions(plan, ind, registry):
            row: Row = dict.fromkeys(ENTRY_COLUMNS)
            row |= {"indicator": ind.id, "region_code": str(code), "region_name": name(code)}
            row |= {"date": span.end}
            if ind.time is TimeBehaviour.PER_PERIOD:
                row["period_start"] = span.start
            known = current.get((ind.id, code, span.end))
            if known is not None:
                row |= _entry_value(ind, known.value)
                row |= {"source": known.source, "note": known.note}
                row["period_start"] = known.period_start
            rows.append(row)
    return rows


def _indicators(plan: MonitoringPlan, ids: Sequence[str] | None) -> list[Indicator]:
    by_id = {i.id: i for i in plan.indicators}
    if ids is None:
        return list(plan.indicators)
    if isinstance(ids, str) or not isinstance(ids, Sequence):
        raise ValidationError(f"indicators must be a list of ids, not {shown(ids)}")
    unknown = [i for i in ids if i not in by_id]
    if unknown:
        raise ValidationError(
            f"no such indicator in plan {plan.id}: {', '.join(map(str, unknown))} "
            f"(it has {', '.join(by_id)})"
        )
    return [by_id[i] for i in dict.fromkeys(ids)]


def _current(plan: MonitoringPlan) -> dict[tuple[str, RegionCode, dt.date], Observation]:
    superseded = {o.supersedes for o in plan.observations if o.supersedes}
    return {(o.indicator, o.region, o.on): o for o in plan.observations if o.id not in superseded}


def write_template(
    plan: MonitoringPlan,
    path: str | os.PathLike[str],
    *,
    indicators: Sequence[str] | None = None,
    period: Period | str,
    registry: Any = None,
) -> int:
    """Write a data-entry template: ``.xlsx`` (one sheet per indicator, data validation, a
    read-me in Indonesian and English; needs openpyxl) or ``.csv`` (one table). Returns
    the number of rows to fill in."""
    if not isinstance(path, str | os.PathLike):
        raise ValidationError(f"path must be a file name, not {shown(path)}")
    rows = template_rows(plan, indicators, period, registry)
    target = Path(path)
    if target.suffix.lower() == ".csv":
        write_rows(rows, ENTRY_COLUMNS, target)
        return len(rows)
    if target.suffix.lower() != ".xlsx":
        raise ValidationError(f"a template is a .xlsx or .csv file, not {target.name}")
    openpyxl = _openpyxl()
    from openpyxl.styles import Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    book = openpyxl.Workbook()
    readme = book.active
    readme.title = _README
    readme.append(["Bahasa Indonesia", "English"])
    for pair in _README_TEXT:
        readme.append(list(pair))
    readme.append([f"Rencana: {plan.id} ({plan.title})", f"Plan: {plan.id} ({plan.title})"])
    span = parse_period(period) if isinstance(period, str) else period
    readme.append([f"Periode: {span}", f"Period: {span}"])
    readme.column_dimensions["A"].width = readme.column_dimensions["B"].width = 90
    for cell in readme[1]:
        cell.font = Font(bold=True)
    meta = book.create_sheet(_META)
    meta.append(["format", "desacoop-entry/1"])
    meta.append(["plan", plan.id])
    meta.append(["period", str(span)])
    meta.sheet_state = "hidden"
    by_indicator: dict[str, list[Row]] = {}
    for row in rows:
        by_indicator.setdefault(row["indicator"], []).append(row)
    unused = PatternFill("solid", fgColor="DDDDDD")
    for ind in _indicators(plan, indicators):
        sheet = book.create_sheet(ind.id[:31])
        sheet.append(list(ENTRY_COLUMNS))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in by_indicator.get(ind.id, []):
            sheet.append([row[c] for c in ENTRY_COLUMNS])
            cells = sheet[sheet.max_row]
            cells[1].number_format = "@"  # region codes stay texts (35.10 is not 35.1)
            for cell in cells[6:8]:
                cell.number_format = "yyyy-mm-dd"
        last = max(sheet.max_row, 2)
        widths = (28, 15, 30, 14, 12, 12, 12, 12, 24, 30)
        for letter, width in zip("ABCDEFGHIJ", widths, strict=True):
            sheet.column_dimensions[letter].width = width
        for rule, columns in _validations(ind):
            sheet.add_data_validation(rule)
            for column in columns:
                rule.add(f"{_LETTER[column]}2:{_LETTER[column]}{last + 200}")
        dates = DataValidation(type="date", operator="greaterThan", formula1="1")
        dates.error, dates.errorTitle = "Tanggal / a date", "desacoop"
        sheet.add_data_validation(dates)
        dates.add(f"G2:H{last + 200}")
        used = {"numerator", "denominator"} if ind.measure is Measure.PERCENTAGE else {"value"}
        for column in ("value", "numerator", "denominator"):
            if column not in used:
                sheet[f"{_LETTER[column]}1"].fill = unused
        sheet.freeze_panes = "D2"
        sheet.cell(row=1, column=12, value=f"{ind.label_id} / {ind.label_en} ({ind.unit})")
    try:
        book.save(target)
    except OSError as exc:
        raise ValidationError(f"cannot write {target}: {exc.strerror or exc}") from None
    return len(rows)


def _validations(ind: Indicator) -> list[tuple[Any, tuple[str, ...]]]:
    from openpyxl.worksheet.datavalidation import DataValidation

    def rule(**kwargs: Any) -> Any:
        made = DataValidation(allow_blank=True, showErrorMessage=True, **kwargs)
        made.errorTitle = "desacoop"
        return made

    m = ind.measure
    if m is Measure.COUNT:
        made = rule(type="whole", operator="greaterThanOrEqual", formula1="0")
        made.error = "Bilangan bulat ≥ 0 / a whole number ≥ 0"
        return [(made, ("value",))]
    if m is Measure.AMOUNT:
        made = rule(type="decimal", operator="greaterThanOrEqual", formula1="0")
        made.error = "Angka ≥ 0 / a number ≥ 0"
        return [(made, ("value",))]
    if m is Measure.PERCENTAGE:
        parts = rule(type="decimal", operator="greaterThanOrEqual", formula1="0")
        parts.error = "Angka ≥ 0 / a number ≥ 0"
        return [(parts, ("numerator", "denominator"))]
    if m is Measure.ORDINAL and ind.scale is not None:
        levels = ",".join(ind.scale.levels)
        if len(levels) < 250:
            made = rule(type="list", formula1=f'"{levels}"')
            made.error = f"Salah satu / one of: {levels}"
            return [(made, ("value",))]
    if m is Measure.MILESTONE:
        made = rule(type="list", formula1='"ya,tidak"')
        made.error = "ya atau tidak / yes or no"
        return [(made, ("value",))]
    return []


def _openpyxl() -> Any:
    try:
        import openpyxl
    except ImportError:  # pragma: no cover - depends on the environment
        raise ValidationError("spreadsheets need openpyxl: pip install 'desacoop[excel]'") from None
    return openpyxl


# --- import ---------------------------------------------------------------------------------


class RejectedRow(NamedTuple):
    """A row of an entry sheet that was not imported, with every reason."""

    #: ``Sheet!14`` style: the sheet (or the CSV file's name) and the row number.
    where: str
    cells: Mapping[str, object]
    problems: tuple[Problem, ...]


class ImportResult(NamedTuple):
    """What an import did: the plan with the new observations, and every row's fate."""

    plan: MonitoringPlan
    added: tuple[Observation, ...]
    corrections: tuple[Observation, ...]
    unchanged: int
    empty: int
    rejected: tuple[RejectedRow, ...]

    @property
    def problems(self) -> tuple[Problem, ...]:
        """Every problem of every rejected row, in sheet and row order."""
        return tuple(p for row in self.rejected for p in row.problems)


class _Entry(NamedTuple):
    sheet: str
    row: int
    cells: dict[str, object]


def _read_entries(path: Path, plan_id: str) -> Iterator[_Entry]:
    """The rows of an entry file (xlsx or csv) with their sheet and row number."""
    if path.suffix.lower() == ".csv":
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise ValidationError(f"cannot read {path}: {exc}") from None
        yield from _entries(path.stem, list(csv.reader(io.StringIO(text))))
        return
    if path.suffix.lower() != ".xlsx":
        raise ValidationError(f"an entry file is a .xlsx or .csv file, not {path.name}")
    openpyxl = _openpyxl()
    try:
        book = openpyxl.load_workbook(path, data_only=True, read_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is no workbook
        raise ValidationError(f"cannot read {path} as a workbook: {exc}") from None
    try:
        if _META in book.sheetnames:
            made_for = dict(r[:2] for r in book[_META].iter_rows(values_only=True) if r)
            if made_for.get("plan") not in (None, plan_id):
                raise ValidationError(
                    f"{path.name} was made for plan {made_for.get('plan')}, not {plan_id}"
                )
        for sheet in book.worksheets:
            if sheet.title in (_README, _META):
                continue
            yield from _entries(sheet.title, [[_cell(c) for c in r] for r in sheet.iter_rows()])
    finally:
        book.close()


def _cell(cell: Any) -> object:
    """A cell's value; a number shown as a percentage (12,5 % is 0.125 in the file) comes
    back as the percent the user typed, as text, so only a percentage column takes it."""
    value = cell.value
    shown_as = getattr(cell, "number_format", None) or ""
    if isinstance(value, int | float) and not isinstance(value, bool) and "%" in shown_as:
        try:
            percent = parse_number(value) * 100
        except ValidationError:
            return value
        return f"{format(percent.normalize(), 'f')} %"
    return value


def _entries(sheet: str, table: list[list[Any]]) -> Iterator[_Entry]:
    if not table:
        return
    header = [str(h).strip().lower() if h is not None else "" for h in table[0]]
    missing = [c for c in ("indicator", "region_code", "date") if c not in header]
    if missing:
        raise ValidationError.from_problems(
            [Problem(f"{sheet}!1", f"the header lacks {', '.join(missing)} (is this a template?)")]
        )
    positions = {name: header.index(name) for name in ENTRY_COLUMNS if name in header}
    for number, values in enumerate(table[1:], 2):
        cells = {name: values[i] if i < len(values) else None for name, i in positions.items()}
        cells = {k: (None if isinstance(v, str) and not v.strip() else v) for k, v in cells.items()}
        yield _Entry(sheet, number, cells)


def _address(entry: _Entry, column: str) -> str:
    letter = _LETTER.get(column, "?")
    return f"{entry.sheet}!{letter}{entry.row}"


def _optional_text(value: object) -> str | None:
    if value is None:
        return None
    text = _text(value) if not isinstance(value, str) else value
    return text.strip() or None


def _date_cell(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        if value.time() != dt.time(0):
            raise ValidationError(f"expected a date, got a date and time {value.isoformat()}")
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        return parse_date(value)
    raise ValidationError(f"expected a date, got {_cell_text(value)}")


_YES = {"ya", "yes", "true", "1", "y", "tercapai", "met"}
_NO = {"tidak", "no", "false", "0", "n", "belum", "not met"}


def _value(ind: Indicator, entry: _Entry, problems: list[Problem]) -> Value | None:
    cells = entry.cells
    raw, num, den = cells.get("value"), cells.get("numerator"), cells.get("denominator")
    m = ind.measure

    def fail(column: str, message: str) -> None:
        problems.append(Problem(_address(entry, column), message))

    def number(column: str, value: object) -> Decimal | None:
        try:
            return parse_number(value)
        except ValidationError as exc:
            fail(column, exc.message)
            return None

    if m is Measure.PERCENTAGE:
        if raw is not None and (num is not None or den is not None):
            fail("value", "give numerator and denominator, or a percent, not both")
            return None
        if raw is not None:
            text = raw.strip() if isinstance(raw, str) else ""
            if not text.endswith("%"):
                fail(
                    "value",
                    f"a percentage is entered as numerator and denominator, or as a percent "
                    f"like 12,5 %; got {_cell_text(raw)}",
                )
                return None
            percent = number("value", text[:-1])
            return None if percent is None else Value.ratio(percent, 100)
        if num is None or den is None:
            fail("numerator" if num is None else "denominator", "a percentage needs both parts")
            return None
        n, d = number("numerator", num), number("denominator", den)
        if n is None or d is None:
            return None
        if d <= 0:
            fail("denominator", f"a denominator must be above 0, not {format(d, 'f')}")
            return None
        return Value.ratio(n, d)
    for column, given in (("numerator", num), ("denominator", den)):
        if given is not None:
            fail(column, f"a {m.value} indicator takes a value, not a {column}")
    if m in (Measure.COUNT, Measure.AMOUNT):
        amount = number("value", raw)
        return None if amount is None else Value(amount=amount)
    if m is Measure.MILESTONE:
        if isinstance(raw, bool):
            return Value(met=raw)
        word = str(raw).strip().lower() if isinstance(raw, str | int) else ""
        if word in _YES or word in _NO:
            return Value(met=word in _YES)
        fail("value", f"expected ya or tidak (yes or no), got {_cell_text(raw)}")
        return None
    given = _optional_text(raw)
    if given is None:
        fail("value", "expected a text, got an empty cell")
        return None
    return Value(level=given) if m is Measure.ORDINAL else Value(text=given)


def import_entries(
    plan: MonitoringPlan,
    path: str | os.PathLike[str],
    *,
    recorded_on: dt.date | None = None,
    partial: bool = False,
) -> ImportResult:
    """Read a filled entry file (``.xlsx`` or ``.csv``) into ``plan``.

    Each filled row becomes an observation recorded on ``recorded_on`` (default: today),
    keyed by indicator, region and date: a row equal to what the plan already holds adds
    nothing (a changed source or note alone is not a correction), a changed value or period
    becomes a correction that supersedes it. Rows with nothing
    filled in are skipped. Every problem of every row is collected with its sheet and cell;
    unless ``partial``, any problem raises one :class:`~desacoop.errors.ValidationError`
    listing them all and nothing is imported. With ``partial``, the valid rows are imported
    and the rejected ones returned with their reasons.
    """
    if not isinstance(plan, MonitoringPlan):
        raise ValidationError(f"expected a MonitoringPlan, not {shown(plan)}")
    if not isinstance(path, str | os.PathLike):
        raise ValidationError(f"path must be a file name, not {shown(path)}")
    if recorded_on is not None and (
        not isinstance(recorded_on, dt.date) or isinstance(recorded_on, dt.datetime)
    ):
        raise ValidationError(f"recorded_on must be a date, not {shown(recorded_on)}")
    today = recorded_on or dt.date.today()
    indicators = {i.id: i for i in plan.indicators}
    current = _current(plan)
    ids = {o.id for o in plan.observations}
    accepted: list[tuple[_Entry, Observation]] = []
    rejected: list[RejectedRow] = []
    unchanged = empty = 0
    seen: dict[tuple[str, RegionCode, dt.date], _Entry] = {}
    sheets: dict[str, int] = {}
    for entry in _read_entries(Path(path), plan.id):
        sheets.setdefault(entry.sheet, len(sheets))
        cells = entry.cells
        if all(cells.get(c) is None for c in ("value", "numerator", "denominator")):
            empty += 1
            continue
        problems: list[Problem] = []
        ind = indicators.get(str(cells.get("indicator") or "").strip())
        if ind is None:
            problems.append(
                Problem(
                    _address(entry, "indicator"),
                    f"no such indicator in plan {plan.id}: {_cell_text(cells.get('indicator'))}",
                )
            )
        region: RegionCode | None = None
        raw_region = cells.get("region_code")
        try:
            if isinstance(raw_region, bool) or not isinstance(raw_region, str | int):
                raise ValidationError(f"expected a region code, got {_cell_text(raw_region)}")
            region = RegionCode(str(raw_region))
        except ValidationError as exc:
            problems.append(Problem(_address(entry, "region_code"), exc.message))
        on = start = None
        for column in ("date", "period_start"):
            value = cells.get(column)
            if value is None:
                if column == "date":
                    problems.append(Problem(_address(entry, column), "a date is required"))
                continue
            try:
                day = _date_cell(value)
            except ValidationError as exc:
                problems.append(Problem(_address(entry, column), exc.message))
                continue
            if column == "date":
                on = day
            else:
                start = day
        value = _value(ind, entry, problems) if ind is not None else None
        if ind is not None and value is not None:
            why = value_problem(ind, value)
            if why is not None:
                column = "numerator" if value.numerator is not None else "value"
                problems.append(Problem(_address(entry, column), why))
        if problems or ind is None or region is None or on is None or value is None:
            rejected.append(RejectedRow(f"{entry.sheet}!{entry.row}", cells, tuple(problems)))
            continue
        key = (ind.id, region, on)
        if key in seen:
            first = seen[key]
            rejected.append(
                RejectedRow(
                    f"{entry.sheet}!{entry.row}",
                    cells,
                    (
                        Problem(
                            _address(entry, "date"),
                            f"the same indicator, region and date as {first.sheet}!{first.row}",
                        ),
                    ),
                )
            )
            continue
        seen[key] = entry
        source, note = _optional_text(cells.get("source")), _optional_text(cells.get("note"))
        known = current.get(key)
        if known is not None and known.value == value and known.period_start == start:
            unchanged += 1
            continue
        base = f"{ind.id}-{region.compact}-{on:%Y%m%d}"
        new_id, version = base, 1
        while new_id in ids:
            version += 1
            new_id = f"{base}-r{version}"
        try:
            observation = Observation(
                id=new_id, indicator=ind.id, region=region, on=on, value=value,
                recorded_on=today, period_start=start, source=source, note=note,
                supersedes=known.id if known is not None else None,
            )  # fmt: skip
        except ValidationError as exc:
            column = {"recorded_on": "date", "period_start": "period_start"}.get(
                exc.field or "", "date"
            )
            rejected.append(
                RejectedRow(
                    f"{entry.sheet}!{entry.row}",
                    cells,
                    (Problem(_address(entry, column), exc.message),),
                )
            )
            continue
        ids.add(new_id)
        accepted.append((entry, observation))
    new_plan, accepted, late = _combined(plan, accepted, partial or not rejected)
    rejected += late
    rejected.sort(
        key=lambda r: (sheets[r.where.rpartition("!")[0]], int(r.where.rpartition("!")[2]))
    )
    if rejected and not partial:
        raise ValidationError.from_problems([p for row in rejected for p in row.problems])
    added = tuple(o for _, o in accepted if o.supersedes is None)
    corrections = tuple(o for _, o in accepted if o.supersedes is not None)
    return ImportResult(new_plan, added, corrections, unchanged, empty, tuple(rejected))


_OBSERVATION_PATH = re.compile(r"observations\[([0-9]+)\]")


def _combined(
    plan: MonitoringPlan, accepted: list[tuple[_Entry, Observation]], retry: bool
) -> tuple[MonitoringPlan, list[tuple[_Entry, Observation]], list[RejectedRow]]:
    """The plan with the accepted observations; rows the plan's own rules refuse (an
    overlapping period, say) are rejected with the plan's reason, at the row's date cell."""
    rejected: list[RejectedRow] = []
    kept = list(accepted)
    for _ in range(len(accepted) + 1):
        try:
            combined = attrs.evolve(plan, observations=(*plan.observations, *(o for _, o in kept)))
        except ValidationError as exc:
            blamed: dict[int, list[Problem]] = {}
            for problem in exc.problems or (Problem("$", exc.message),):
                # The new observation may be named in the path or, when the plan blames an
                # older one it collides with, in the message.
                mentioned = _OBSERVATION_PATH.findall(f"{problem.path} {problem.message}")
                for index in mentioned:
                    position = int(index) - len(plan.observations)
                    if 0 <= position < len(kept):
                        blamed.setdefault(position, []).append(problem)
                        break
            if not blamed:
                raise
            for position, problems in sorted(blamed.items()):
                entry, _observation = kept[position]
                rejected.append(
                    RejectedRow(
                        f"{entry.sheet}!{entry.row}",
                        entry.cells,
                        tuple(
                            Problem(_address(entry, _column_of(p.path)), p.message)
                            for p in problems
                        ),
                    )
                )
            kept = [item for i, item in enumerate(kept) if i not in blamed]
            if not retry:
                return plan, [], rejected
            continue
        return combined, kept, rejected
    raise AssertionError("unreachable")  # pragma: no cover


def _column_of(path: str) -> str:
    """The entry column a plan's problem path points at (the date unless it names one)."""
    return "period_start" if path.endswith("period_start") else "date"


def write_rejected(rejected: Sequence[RejectedRow], target: str | os.PathLike[str]) -> None:
    """Write rejected rows as CSV: where, the reasons, then the row's cells."""
    if isinstance(rejected, str | bytes) or not isinstance(rejected, Sequence):
        raise ValidationError(f"rejected must be a list of RejectedRow, not {shown(rejected)}")
    if not all(isinstance(r, RejectedRow) for r in rejected):
        raise ValidationError("rejected must be a list of RejectedRow")
    rows = [
        {
            "where": r.where,
            "reasons": "; ".join(f"{p.path}: {p.message}" for p in r.problems),
            **{c: r.cells.get(c) for c in ENTRY_COLUMNS},
        }
        for r in rejected
    ]
    write_rows(rows, ("where", "reasons", *ENTRY_COLUMNS), target)

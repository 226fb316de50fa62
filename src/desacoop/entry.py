"""Data entry: a template for a monitoring plan, and the filled template read back.

- **Templates** (:func:`template_rows`, :func:`write_template`): a data-entry workbook for a
  monitoring plan, one sheet per indicator and one row per expected reporting region,
  with data validation and a read-me in Indonesian and English (``.xlsx`` needs
  ``pip install 'desacoop[excel]'``); the same as one CSV table.
- **Import** (:func:`import_entries`): the filled workbook or CSV back into the plan. Every
  problem is reported at once with its sheet and cell (``Kalsel!D14: expected a number,
  got "12,5 %"``); Indonesian number forms are read where unambiguous; a re-import adds
  nothing; a changed value becomes a correction (``Observation.supersedes``) that keeps
  the history.

An entry file is read as strictly as a JSON document: at most :data:`MAX_ENTRY_FILE_SIZE`
bytes of a regular file (a pipe or a device is refused unread), at most
:func:`max_entry_rows` rows (the plan's indicators × regions × months, at least
:data:`MIN_ENTRY_ROWS`) and :data:`MAX_ENTRY_COLUMNS` columns, cells of at most
32,767 characters, and nothing but :class:`~desacoop.errors.ValidationError` comes out.
What a template writes reads back unchanged: texts stay texts (a source beginning with
``=`` is no formula), numbers keep every digit.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple

import attrs

from desacoop import _xlsx
from desacoop._cells import as_text, described, parse_date_cell, parse_period, value_of
from desacoop._neutral import from_cell
from desacoop.errors import Problem, ValidationError, shown
from desacoop.export import region_names, write_rows
from desacoop.monitoring import (
    Indicator,
    Measure,
    MonitoringPlan,
    Observation,
    Period,
    Reporters,
    TimeBehaviour,
    Value,
    overlapping_periods,
    value_problem,
)
from desacoop.regions import Level, RegionCode
from desacoop.serialization import read_bytes, write_atomic

__all__ = [
    "ENTRY_COLUMNS",
    "MAX_ENTRY_COLUMNS",
    "MAX_ENTRY_FILE_SIZE",
    "MIN_ENTRY_ROWS",
    "ImportResult",
    "RejectedRow",
    "expected_regions",
    "import_entries",
    "max_entry_rows",
    "template_rows",
    "write_rejected",
    "write_template",
]

Row = dict[str, Any]

# --- templates ------------------------------------------------------------------------------

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


#: The columns of an entry sheet: the template's ten, its label cell (L1), one to spare.
MAX_ENTRY_COLUMNS = 13
#: The largest entry file read, in bytes (a workbook is also limited in what it unpacks to).
MAX_ENTRY_FILE_SIZE = 50_000_000
#: The fewest rows an entry file may hold, whatever the plan (a template made with a region
#: registry lists regions the plan does not name).
MIN_ENTRY_ROWS = 100_000
#: The most rows any entry file may hold (an Excel sheet's own limit).
_MOST_ROWS = 1_048_576


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
    chosen = _chosen(plan, indicators)
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


def _chosen(plan: MonitoringPlan, ids: Sequence[str] | None) -> list[Indicator]:
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
    read-me in Indonesian and English; needs openpyxl) or ``.csv`` (one table), replaced
    atomically. Returns the number of rows to fill in."""
    if not isinstance(path, str | os.PathLike):
        raise ValidationError(f"path must be a file name, not {shown(path)}")
    rows = template_rows(plan, indicators, period, registry)
    target = Path(path)
    if target.suffix.lower() == ".csv":
        write_rows(rows, ENTRY_COLUMNS, target)
        return len(rows)
    if target.suffix.lower() != ".xlsx":
        raise ValidationError(f"a template is a .xlsx or .csv file, not {target.name}")
    span = parse_period(period) if isinstance(period, str) else period
    readme = [
        ["Bahasa Indonesia", "English"],
        *([a, b] for a, b in _README_TEXT),
        [f"Rencana: {plan.id} ({plan.title})", f"Plan: {plan.id} ({plan.title})"],
        [f"Periode: {span}", f"Period: {span}"],
    ]
    sheets = [
        _xlsx.Sheet(_README, readme, {"A": 90, "B": 90}),
        _xlsx.Sheet(
            _META,
            [["format", "desacoop-entry/1"], ["plan", plan.id], ["period", str(span)]],
            {},
            state="hidden",
        ),
    ]
    by_indicator: dict[str, list[Row]] = {}
    for row in rows:
        by_indicator.setdefault(row["indicator"], []).append(row)
    sheets += [_sheet(ind, by_indicator.get(ind.id, [])) for ind in _chosen(plan, indicators)]
    write_atomic(target, _xlsx.workbook_bytes(sheets))
    return len(rows)


def _sheet(ind: Indicator, filled: list[Row]) -> _xlsx.Sheet:
    """The entry sheet of one indicator: its rows, data validation, the columns it uses."""
    last = max(len(filled) + 1, 2) + 200
    used = {"numerator", "denominator"} if ind.measure is Measure.PERCENTAGE else {"value"}
    validations = [
        (keywords, error, [f"{_LETTER[c]}2:{_LETTER[c]}{last}" for c in columns])
        for keywords, error, columns in _validations(ind)
    ]
    validations.append(
        ({"type": "date", "operator": "greaterThan", "formula1": "1"}, "Tanggal / a date",
         [f"G2:H{last}"])
    )  # fmt: skip
    return _xlsx.Sheet(
        ind.id[:31],
        [list(ENTRY_COLUMNS), *([row[c] for c in ENTRY_COLUMNS] for row in filled)],
        dict(zip("ABCDEFGHIJ", (28, 15, 30, 14, 12, 12, 12, 12, 24, 30), strict=True)),
        formats={2: "@", 7: "yyyy-mm-dd", 8: "yyyy-mm-dd"},  # 35.10 is not 35.1
        validations=validations,
        greyed=[f"{_LETTER[c]}1" for c in ("value", "numerator", "denominator") if c not in used],
        freeze="D2",
        notes={"L1": f"{ind.label_id} / {ind.label_en} ({ind.unit})"},
    )


def _validations(ind: Indicator) -> list[tuple[dict[str, Any], str, tuple[str, ...]]]:
    """(rule, error message, columns) of the data validation of an indicator's sheet."""
    at_least_0 = {"type": "decimal", "operator": "greaterThanOrEqual", "formula1": "0"}
    m = ind.measure
    if m is Measure.COUNT:
        whole = {"type": "whole", "operator": "greaterThanOrEqual", "formula1": "0"}
        return [(whole, "Bilangan bulat ≥ 0 / a whole number ≥ 0", ("value",))]
    if m is Measure.AMOUNT:
        return [(at_least_0, "Angka ≥ 0 / a number ≥ 0", ("value",))]
    if m is Measure.PERCENTAGE:
        return [(at_least_0, "Angka ≥ 0 / a number ≥ 0", ("numerator", "denominator"))]
    if m is Measure.ORDINAL and ind.scale is not None:
        levels = ",".join(ind.scale.levels)
        if len(levels) < 250 and '"' not in levels:
            rule = {"type": "list", "formula1": f'"{levels}"'}
            return [(rule, f"Salah satu / one of: {levels}", ("value",))]
    if m is Measure.MILESTONE:
        rule = {"type": "list", "formula1": '"ya,tidak"'}
        return [(rule, "ya atau tidak / yes or no", ("value",))]
    return []


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

    letters: Mapping[str, str]  # column name → its letter in this sheet

    def at(self, column: str) -> str:
        """``Sheet!D14``: the cell of ``column`` in this row."""
        return f"{self.sheet}!{self.letters.get(column, _LETTER.get(column, '?'))}{self.row}"

    @property
    def where(self) -> str:
        return f"{self.sheet}!{self.row}"


def max_entry_rows(plan: MonitoringPlan) -> int:
    """The most rows an entry file of ``plan`` may hold: one per indicator, region and month
    of the monitoring window (at least :data:`MIN_ENTRY_ROWS`, at most 1,048,576)."""
    if not isinstance(plan, MonitoringPlan):
        raise ValidationError(f"expected a MonitoringPlan, not {shown(plan)}")
    window = plan.monitoring_window
    months = (window.end.year - window.start.year) * 12 + window.end.month - window.start.month
    regions = len(plan.regions) + sum(len(i.reporters) + len(i.targets) for i in plan.indicators)
    expected = max(len(plan.indicators), 1) * max(regions, 1) * (months + 1)
    return min(max(expected, MIN_ENTRY_ROWS), _MOST_ROWS)


class _Limit:
    """Rows counted against the file's limit; problems counted against the cap."""

    def __init__(self, rows: int) -> None:
        self.rows, self.seen = rows, 0

    def count(self, where: str) -> None:
        self.seen += 1
        if self.seen > self.rows:
            raise ValidationError.from_problems(
                [Problem(where, f"more than the {self.rows:,} rows an entry file may hold")]
            )


def _read_entries(path: Path, plan: MonitoringPlan) -> Iterator[_Entry]:
    """The rows of an entry file (xlsx or csv) with their sheet and row number."""
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise ValidationError(f"an entry file is a .xlsx or .csv file, not {path.name}")
    data = read_bytes(path, MAX_ENTRY_FILE_SIZE)
    limit = _Limit(max_entry_rows(plan))
    if suffix == ".csv":
        yield from _csv_entries(data, path.stem, limit)
        return
    for sheet in _xlsx.read_workbook(
        data, path.name, max_rows=limit.rows + 1, max_columns=MAX_ENTRY_COLUMNS
    ):
        if sheet.title == _META:
            made_for = {as_text(r.get(1)): r.get(2) for _, r in sheet.rows}
            if made_for.get("plan") not in (None, plan.id):
                raise ValidationError(
                    f"{path.name} was made for plan {as_text(made_for.get('plan'))[:80]}, "
                    f"not {plan.id}"
                )
            continue
        if sheet.title == _README:
            continue
        table = (
            (n, [row.get(c) for c in range(1, max(row, default=0) + 1)]) for n, row in sheet.rows
        )
        for entry in _entries(sheet.title, table, limit):
            if sheet.state != "visible" and entry.cells.get("value") is not None:
                raise ValidationError.from_problems(
                    [
                        Problem(
                            entry.where,
                            f"a filled row on a {sheet.state} sheet, which Excel does not show: "
                            "show the sheet (or delete it) and check it before importing",
                        )
                    ]
                )
            yield entry


def _csv_entries(data: bytes, name: str, limit: _Limit) -> Iterator[_Entry]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ValidationError.from_problems(
            [Problem(f"{name}:{line}", "not UTF-8 text (save the CSV as UTF-8)")]
        ) from None
    reader = csv.reader(io.StringIO(text, newline=""))

    def rows() -> Iterator[tuple[int, list[object]]]:
        number = 0
        try:
            for number, values in enumerate(reader, 1):
                for column, value in enumerate(values, 1):
                    if len(value) > _xlsx.MAX_CELL_LENGTH:
                        raise ValidationError.from_problems(
                            [
                                Problem(
                                    f"{name}!{_xlsx.column_letter(column)}{number}",
                                    f"a text longer than {_xlsx.MAX_CELL_LENGTH:,} characters",
                                )
                            ]
                        )
                yield number, [from_cell(v) for v in values]
        except csv.Error as exc:  # a field past the csv module's limit, a NUL, a bad quote
            raise ValidationError.from_problems(
                [Problem(f"{name}:{reader.line_num}", f"cannot read the CSV: {exc}")]
            ) from None

    yield from _entries(name, rows(), limit)


def _entries(
    sheet: str, table: Iterator[tuple[int, list[object]]], limit: _Limit
) -> Iterator[_Entry]:
    header_row = next(table, None)
    if header_row is None:
        return
    number, head = header_row
    header = [str(h).strip().lower() if h is not None else "" for h in head]
    missing = [c for c in ("indicator", "region_code", "date") if c not in header]
    if missing:
        raise ValidationError.from_problems(
            [
                Problem(
                    f"{sheet}!{number}",
                    f"the header lacks {', '.join(missing)} (is this a template?)",
                )
            ]
        )
    positions = {name: header.index(name) for name in ENTRY_COLUMNS if name in header}
    letters = {name: _xlsx.column_letter(i + 1) for name, i in positions.items()}
    for number, values in table:
        limit.count(f"{sheet}!{number}")
        if len(values) > MAX_ENTRY_COLUMNS and any(
            v not in (None, "") for v in values[MAX_ENTRY_COLUMNS:]
        ):
            raise ValidationError.from_problems(
                [
                    Problem(
                        f"{sheet}!{_xlsx.column_letter(MAX_ENTRY_COLUMNS + 1)}{number}",
                        f"a cell past column {_xlsx.column_letter(MAX_ENTRY_COLUMNS)}, the last "
                        "of an entry sheet: delete it or move it into the note column",
                    )
                ]
            )
        cells = {name: values[i] if i < len(values) else None for name, i in positions.items()}
        cells = {k: (None if isinstance(v, str) and not v.strip() else v) for k, v in cells.items()}
        yield _Entry(sheet, number, cells, letters)


def _optional_text(value: object) -> str | None:
    if value is None:
        return None
    return as_text(value).strip() or None


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
    listing them all (the first :data:`~desacoop.errors.MAX_PROBLEMS`, then how many
    more) and nothing is imported. With ``partial``, the valid rows are imported and the
    rejected ones returned with their reasons. A file that cannot be read at all (too
    large, not a workbook, a row past the limits) raises, ``partial`` or not.
    """
    if not isinstance(plan, MonitoringPlan):
        raise ValidationError(f"expected a MonitoringPlan, not {shown(plan)}")
    if not isinstance(path, str | os.PathLike):
        raise ValidationError(f"path must be a file name, not {shown(path)}")
    if recorded_on is not None and (
        not isinstance(recorded_on, dt.date) or isinstance(recorded_on, dt.datetime)
    ):
        raise ValidationError(f"recorded_on must be a date, not {shown(recorded_on)}")
    reading = _Reading(plan, recorded_on or dt.date.today())
    for entry in _read_entries(Path(path), plan):
        reading.read(entry)
    new_plan, accepted, late = _combined(plan, reading.accepted, partial or not reading.rejected)
    rejected = reading.rejected + late
    order = reading.sheets
    rejected.sort(
        key=lambda r: (order[r.where.rpartition("!")[0]], int(r.where.rpartition("!")[2]))
    )
    if rejected and not partial:
        raise ValidationError.from_problems([p for row in rejected for p in row.problems])
    added = tuple(o for _, o in accepted if o.supersedes is None)
    corrections = tuple(o for _, o in accepted if o.supersedes is not None)
    return ImportResult(
        new_plan, added, corrections, reading.unchanged, reading.empty, tuple(rejected)
    )


Key = tuple[str, RegionCode, dt.date]


class _Reading:
    """The state of one import: each row read into an observation or a rejected row."""

    def __init__(self, plan: MonitoringPlan, today: dt.date) -> None:
        self.plan, self.today = plan, today
        self.indicators = {i.id: i for i in plan.indicators}
        self.current = _current(plan)
        self.ids = {o.id for o in plan.observations}
        self.accepted: list[tuple[_Entry, Observation]] = []
        self.rejected: list[RejectedRow] = []
        self.unchanged = self.empty = 0
        self.seen: dict[Key, _Entry] = {}
        self.sheets: dict[str, int] = {}

    def read(self, entry: _Entry) -> None:
        self.sheets.setdefault(entry.sheet, len(self.sheets))
        cells = entry.cells
        if all(cells.get(c) is None for c in ("value", "numerator", "denominator")):
            self.empty += 1
            return
        problems: list[Problem] = []
        parsed = self._parsed(entry, problems)
        if problems or parsed is None:
            self.rejected.append(RejectedRow(entry.where, cells, tuple(problems)))
            return
        ind, region, on, start, value = parsed
        key = (ind.id, region, on)
        first = self.seen.get(key)
        if first is not None:
            why = f"the same indicator, region and date as {first.where}"
            self.rejected.append(RejectedRow(entry.where, cells, (Problem(entry.at("date"), why),)))
            return
        self.seen[key] = entry
        known = self.current.get(key)
        if known is not None and known.value == value and known.period_start == start:
            self.unchanged += 1
            return
        base = f"{ind.id}-{region.compact}-{on:%Y%m%d}"
        new_id, version = base, 1
        while new_id in self.ids:
            version += 1
            new_id = f"{base}-r{version}"
        try:
            observation = Observation(
                id=new_id, indicator=ind.id, region=region, on=on, value=value,
                recorded_on=self.today, period_start=start,
                source=_optional_text(cells.get("source")), note=_optional_text(cells.get("note")),
                supersedes=known.id if known is not None else None,
            )  # fmt: skip
        except ValidationError as exc:
            column = "period_start" if exc.field == "period_start" else "date"
            problem = Problem(entry.at(column), exc.message)
            self.rejected.append(RejectedRow(entry.where, cells, (problem,)))
            return
        self.ids.add(new_id)
        self.accepted.append((entry, observation))

    def _parsed(
        self, entry: _Entry, problems: list[Problem]
    ) -> tuple[Indicator, RegionCode, dt.date, dt.date | None, Value] | None:
        cells = entry.cells
        ind = self.indicators.get(as_text(cells.get("indicator")).strip())
        if ind is None:
            problems.append(
                Problem(
                    entry.at("indicator"),
                    f"no such indicator in plan {self.plan.id}: "
                    f"{described(cells.get('indicator'))}",
                )
            )
        region: RegionCode | None = None
        raw_region = cells.get("region_code")
        try:
            if isinstance(raw_region, bool) or not isinstance(raw_region, str | int):
                raise ValidationError(f"expected a region code, got {described(raw_region)}")
            region = RegionCode(str(raw_region))
        except ValidationError as exc:
            problems.append(Problem(entry.at("region_code"), exc.message))
        days: dict[str, dt.date] = {}
        for column in ("date", "period_start"):
            given = cells.get(column)
            if given is None:
                if column == "date":
                    problems.append(Problem(entry.at(column), "a date is required"))
                continue
            try:
                days[column] = parse_date_cell(given)
            except ValidationError as exc:
                problems.append(Problem(entry.at(column), exc.message))
        if ind is None:
            return None
        value, failures = value_of(ind, cells)
        problems.extend(Problem(entry.at(column), message) for column, message in failures)
        if value is not None:
            why = value_problem(ind, value)
            if why is not None:
                column = "numerator" if value.numerator is not None else "value"
                problems.append(Problem(entry.at(column), why))
        if value is None or region is None or "date" not in days:
            return None
        return ind, region, days["date"], days.get("period_start"), value


def _blamed_index(path: str) -> int | None:
    """``N`` of a plan problem at ``observations[N]...``; None for any other path."""
    head = "observations["
    if not path.startswith(head) or "]" not in path:
        return None
    number = path[len(head) : path.index("]")]
    return int(number) if number.isdigit() else None


def _combined(
    plan: MonitoringPlan, accepted: list[tuple[_Entry, Observation]], retry: bool
) -> tuple[MonitoringPlan, list[tuple[_Entry, Observation]], list[RejectedRow]]:
    """The plan with the accepted observations; rows the plan's own rules refuse (an
    overlapping period, say) are rejected with the plan's reason, at the row's date cell.

    The plan says which observations it refuses by their index (a problem's path, and
    :func:`~desacoop.monitoring.overlapping_periods` for a new value that overlaps an old
    one); each round removes every refused row at once, so there are few rounds."""
    rejected: list[RejectedRow] = []
    kept = list(accepted)
    old = len(plan.observations)
    indicators = {i.id: i for i in plan.indicators}
    while True:
        observations = (*plan.observations, *(o for _, o in kept))
        try:
            combined = attrs.evolve(plan, observations=observations)
        except ValidationError as exc:
            blamed: dict[int, list[Problem]] = {}
            for problem in exc.problems or (Problem("$", exc.message),):
                index = _blamed_index(problem.path)
                if index is not None and index >= old:
                    blamed.setdefault(index - old, []).append(problem)
            for i, owner in overlapping_periods(observations, indicators):
                if i < old <= owner:  # an old value blamed for a new one's period
                    why = (
                        f"this value overlaps {plan.observations[i].id} (period values are "
                        "added up, so each day belongs to one value)"
                    )
                    blamed.setdefault(owner - old, []).append(Problem("period_start", why))
            if not blamed:
                raise
            for position, problems in sorted(blamed.items()):
                entry, _observation = kept[position]
                rejected.append(
                    RejectedRow(
                        entry.where,
                        entry.cells,
                        tuple(Problem(entry.at(_column_of(p.path)), p.message) for p in problems),
                    )
                )
            kept = [item for i, item in enumerate(kept) if i not in blamed]
            if not retry:
                return plan, [], rejected
            continue
        return combined, kept, rejected


def _column_of(path: str) -> str:
    """The entry column a plan's problem path points at (the date unless it names one)."""
    return "period_start" if path.endswith("period_start") else "date"


#: The columns of a rejected-rows CSV.
REJECTED_COLUMNS = ("where", "reasons", *ENTRY_COLUMNS)


def write_rejected(rejected: Sequence[RejectedRow], target: str | os.PathLike[str]) -> None:
    """Write rejected rows as CSV, replaced atomically: where, the reasons, then the row's
    cells."""
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
    write_rows(rows, REJECTED_COLUMNS, target)

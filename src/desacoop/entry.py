"""Data entry: a template for a monitoring plan (:func:`template_rows`,
:func:`write_template`) and the filled template read back (:func:`import_entries`), one row
at a time, each an observation or its problems at their cells. What a clerk sees of both is
told once, in :mod:`desacoop.spreadsheet`, the documented face of this module.

An entry file is read as strictly as a JSON document: at most :data:`MAX_ENTRY_FILE_SIZE`
bytes of a regular file (a pipe or a device is refused unread), at most
:func:`max_entry_rows` rows (the plan's indicators × regions × months, at least
:data:`MIN_ENTRY_ROWS`) and :data:`MAX_ENTRY_COLUMNS` columns, cells of at most
32,767 characters, and nothing but :class:`~desacoop.errors.ValidationError` comes out.
What a template writes reads back unchanged: texts stay texts (a source beginning with
``=`` is no formula), numbers keep every digit.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple

import attrs

from desacoop import _xlsx
from desacoop._cells import as_text, described, parse_date_cell, parse_period, value_of
from desacoop._entry_rows import (
    ENTRY_COLUMNS,
    LETTER,
    MAX_ENTRY_COLUMNS,
    MAX_ENTRY_FILE_SIZE,
    META,
    README,
    Entry,
    read_entries,
)
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
)
from desacoop.regions import Level, RegionCode
from desacoop.serialization import write_atomic

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


README_TEXT = (
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
    window = plan.monitoring_window
    if span.end not in window:
        raise ValidationError(
            f"the period {period} ends on {span.end}, outside the plan's monitoring window "
            f"({window.start} to {window.end}): its values would not count in any report"
        )
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
        write_rows(rows, ENTRY_COLUMNS, target, package=False)
        return len(rows)
    if target.suffix.lower() != ".xlsx":
        raise ValidationError(f"a template is a .xlsx or .csv file, not {target.name}")
    span = parse_period(period) if isinstance(period, str) else period
    readme = [
        ["Bahasa Indonesia", "English"],
        *([a, b] for a, b in README_TEXT),
        [f"Rencana: {plan.id} ({plan.title})", f"Plan: {plan.id} ({plan.title})"],
        [f"Periode: {span}", f"Period: {span}"],
    ]
    sheets = [
        _xlsx.Sheet(README, readme, {"A": 90, "B": 90}),
        _xlsx.Sheet(
            META,
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
        (keywords, error, [f"{LETTER[c]}2:{LETTER[c]}{last}" for c in columns])
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
        greyed=[f"{LETTER[c]}1" for c in ("value", "numerator", "denominator") if c not in used],
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
    """What an import did: the plan with the new observations, every row's fate, and what
    was read but not imported (``notices``: a sheet that is no entry sheet, a column that
    is no entry column, a region name that differs from the plan's)."""

    plan: MonitoringPlan
    added: tuple[Observation, ...]
    corrections: tuple[Observation, ...]
    unchanged: int
    empty: int
    rejected: tuple[RejectedRow, ...]
    notices: tuple[Problem, ...] = ()

    @property
    def problems(self) -> tuple[Problem, ...]:
        """Every problem of every rejected row, in sheet and row order."""
        return tuple(p for row in self.rejected for p in row.problems)


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
    large, not a workbook, a row past the limits) raises, ``partial`` or not. A CSV file
    may be separated by commas, semicolons (Excel and LibreOffice in Indonesian) or tabs.
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
    accepted: list[tuple[Entry, Observation]] = []
    rejected: list[RejectedRow] = []
    for entry in read_entries(Path(path), plan.id, max_entry_rows(plan), reading.notices):
        outcome = reading.read_row(entry)
        if isinstance(outcome, Observation):
            accepted.append((entry, outcome))
        elif outcome:
            rejected.append(RejectedRow(entry.where, entry.cells, outcome))
    new_plan, accepted, late = _combined(plan, accepted, partial or not rejected)
    rejected += late
    order = reading.sheets
    rejected.sort(
        key=lambda r: (order[r.where.rpartition("!")[0]], int(r.where.rpartition("!")[2]))
    )
    if rejected and not partial:
        raise ValidationError.from_problems([p for row in rejected for p in row.problems])
    added = tuple(o for _, o in accepted if o.supersedes is None)
    corrections = tuple(o for _, o in accepted if o.supersedes is not None)
    return ImportResult(
        new_plan, added, corrections, reading.unchanged, reading.empty, tuple(rejected),
        tuple(reading.notices),
    )  # fmt: skip


Key = tuple[str, RegionCode, dt.date]
#: A row read: its observation, the problems that keep it out, or None (empty, unchanged).
Outcome = Observation | tuple[Problem, ...] | None
_CODE_LIKE = re.compile(r"[0-9]{2}(?:\.[0-9]+){1,3}")


class _Reading:
    """The state of one import: each row read into an observation or its problems."""

    def __init__(self, plan: MonitoringPlan, today: dt.date) -> None:
        self.plan, self.today = plan, today
        self.indicators = {i.id: i for i in plan.indicators}
        self.current = _current(plan)
        self.ids = {o.id for o in plan.observations}
        self.names: Callable[[RegionCode], str] = region_names(plan)
        self.unchanged = self.empty = 0
        self.seen: dict[Key, Entry] = {}
        self.sheets: dict[str, int] = {}
        self.notices: list[Problem] = []

    def read_row(self, entry: Entry) -> Outcome:
        """The observation a row holds, its problems, or None when it adds nothing."""
        self.sheets.setdefault(entry.sheet, len(self.sheets))
        if all(entry.cells.get(c) is None for c in ("value", "numerator", "denominator")):
            self.empty += 1
            return None
        problems: list[Problem] = []
        ind = self._indicator(entry, problems)
        region = self._region(entry, problems)
        on, start = self._dates(entry, problems)
        value: Value | None = None
        if ind is not None:
            value, failures = value_of(ind, entry.cells)
            problems += [Problem(entry.at(column), why) for column, why in failures]
        if problems or ind is None or region is None or on is None or value is None:
            return tuple(problems)
        key = (ind.id, region, on)
        first = self.seen.get(key)
        if first is not None:
            why = (
                f"the same indicator, region and date as {first.at('date')}: one value per "
                "region and date (delete one of the rows, or correct its date)"
            )
            return (Problem(entry.at("date"), why),)
        self.seen[key] = entry
        known = self.current.get(key)
        if known is not None and known.value == value and known.period_start == start:
            self.unchanged += 1
            return None
        return self._observation(entry, ind, region, on, start, value, known)

    def _indicator(self, entry: Entry, problems: list[Problem]) -> Indicator | None:
        given = entry.cells.get("indicator")
        ind = self.indicators.get(as_text(given).strip())
        if ind is None:
            problems.append(
                Problem(
                    entry.at("indicator"),
                    f"no such indicator in plan {self.plan.id}: {described(given)} (the "
                    f"indicators are {', '.join(self.indicators)})",
                )
            )
        return ind

    def _region(self, entry: Entry, problems: list[Problem]) -> RegionCode | None:
        raw, named = entry.cells.get("region_code"), entry.cells.get("region_name")
        try:
            if isinstance(raw, bool) or not isinstance(raw, str | int):
                raise ValidationError(f"expected a region code, got {described(raw)}")
            region = RegionCode(str(raw))
        except ValidationError as exc:
            problems.append(Problem(entry.at("region_code"), exc.message + self._hint(raw, named)))
            return None
        known = self.names(region)
        if known and named is not None and as_text(named).strip().casefold() != known.casefold():
            self.notices.append(
                Problem(
                    entry.at("region_name"),
                    f"the region name {described(named)} is not {region}'s name in the plan "
                    f'("{known}"): names are not imported, the code decides (check that '
                    f"{region} is the region meant)",
                )
            )
        return region

    def _hint(self, raw: object, named: object) -> str:
        """``(did you mean 35.10, ...)`` for a code that lost its last zero (``35.1``, as a
        number a spreadsheet saved) when the row's region name says so."""
        text = as_text(raw).strip()
        if not _CODE_LIKE.fullmatch(text) or named is None:
            return ""
        try:
            code = RegionCode(text + "0")
        except ValidationError:
            return ""
        known = self.names(code)
        if known and known.casefold() == as_text(named).strip().casefold():
            return (
                f" (did you mean {code}, {known}, as the region name in this row says? A "
                "spreadsheet that took the code for a number dropped its last 0: format the "
                "column as text)"
            )
        return ""

    def _dates(
        self, entry: Entry, problems: list[Problem]
    ) -> tuple[dt.date | None, dt.date | None]:
        days: dict[str, dt.date] = {}
        for column in ("date", "period_start"):
            given = entry.cells.get(column)
            if given is None:
                if column == "date":
                    problems.append(Problem(entry.at(column), "a date is required"))
                continue
            try:
                days[column] = parse_date_cell(given)
            except ValidationError as exc:
                problems.append(Problem(entry.at(column), exc.message))
        window = self.plan.monitoring_window
        on = days.get("date")
        if on is not None and on not in window:
            problems.append(
                Problem(
                    entry.at("date"),
                    f"{on} is outside the plan's monitoring window ({window.start} to "
                    f"{window.end}): no report would count this value",
                )
            )
        return on, days.get("period_start")

    def _observation(
        self,
        entry: Entry,
        ind: Indicator,
        region: RegionCode,
        on: dt.date,
        start: dt.date | None,
        value: Value,
        known: Observation | None,
    ) -> Outcome:
        base = f"{ind.id}-{region.compact}-{on:%Y%m%d}"
        new_id, version = base, 1
        while new_id in self.ids:
            version += 1
            new_id = f"{base}-r{version}"
        cells = entry.cells
        try:
            observation = Observation(
                id=new_id, indicator=ind.id, region=region, on=on, value=value,
                recorded_on=self.today, period_start=start,
                source=_optional_text(cells.get("source")), note=_optional_text(cells.get("note")),
                supersedes=known.id if known is not None else None,
            )  # fmt: skip
        except ValidationError as exc:
            return (Problem(entry.at(_column_of(exc.field or "")), exc.message),)
        self.ids.add(new_id)
        return observation


def _optional_text(value: object) -> str | None:
    if value is None:
        return None
    return as_text(value).strip() or None


def _combined(
    plan: MonitoringPlan, accepted: list[tuple[Entry, Observation]], retry: bool
) -> tuple[MonitoringPlan, list[tuple[Entry, Observation]], list[RejectedRow]]:
    """The plan with the accepted observations; rows the plan's own rules refuse (an
    overlapping period, a region outside the parties' provinces) are rejected with the
    plan's reason, at the cell the reason is about.

    The plan names the observations it refuses by their index, as data
    (:meth:`~desacoop.monitoring.MonitoringPlan.observation_refusals`, and
    :func:`~desacoop.monitoring.overlapping_periods` for a new value that overlaps an old
    one); each round removes every refused row at once, so there are few rounds."""
    rejected: list[RejectedRow] = []
    kept = list(accepted)
    old = len(plan.observations)
    indicators = {i.id: i for i in plan.indicators}
    while True:
        observations = (*plan.observations, *(o for _, o in kept))
        blamed: dict[int, list[tuple[str, str]]] = {}
        for refusal in plan.observation_refusals(observations):
            if refusal.observation >= old:
                blamed.setdefault(refusal.observation - old, []).append(
                    (_column_of(refusal.field), refusal.message)
                )
        for i, owner in overlapping_periods(observations, indicators):
            if i < old <= owner:  # an old value blamed for a new one's period
                why = (
                    f"this value overlaps {plan.observations[i].id} (period values are "
                    "added up, so each day belongs to one value)"
                )
                blamed.setdefault(owner - old, []).append(("period_start", why))
        if not blamed:
            return attrs.evolve(plan, observations=observations), kept, rejected
        for position, problems in sorted(blamed.items()):
            entry = kept[position][0]
            cells = tuple(Problem(entry.at(column), why) for column, why in problems)
            rejected.append(RejectedRow(entry.where, entry.cells, cells))
        kept = [item for i, item in enumerate(kept) if i not in blamed]
        if not retry:
            return plan, [], rejected


def _column_of(field: str) -> str:
    """The entry column an observation's field is in: the region code, the value, the
    period's start, or else the date."""
    return {
        "region": "region_code",
        "value": "value",
        "period_start": "period_start",
    }.get(field, "date")


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
    write_rows(rows, REJECTED_COLUMNS, target, package=False)

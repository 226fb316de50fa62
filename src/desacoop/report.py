"""Rendering a :class:`~desacoop.progress.ProgressReport` as text, Markdown or JSON.

Text and Markdown show a bar per scope area and per province (``█`` achieved, ``│`` where
the schedule expects it), the status and coverage of each, the indicators that hold progress
back most, the regions furthest behind and the milestones. A report of an illustrative plan
says ``ILLUSTRATIVE`` at its top and bottom. JSON is the strict desacoop format and reads back
with ``from_json(text, ProgressReport)``.

>>> import datetime as dt
>>> from desacoop.example import example_plan
>>> from desacoop.progress import progress
>>> text = render(progress(example_plan(), as_of=dt.date(2023, 12, 31)))
>>> text.splitlines()[0]
'ILLUSTRATIVE: made-up figures to show the tool, not official data (ILUSTRASI: bukan data resmi)'
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import ROUND_HALF_EVEN, Decimal

from desacoop.errors import ValidationError
from desacoop.monitoring import MilestoneStatus
from desacoop.progress import (
    FigureKind,
    ProgressFigure,
    ProgressReport,
    ProgressStatus,
)
from desacoop.progress import format_number as _num
from desacoop.progress import format_percent as _pct
from desacoop.scope import ScopeArea
from desacoop.serialization import to_json

__all__ = ["FORMATS", "ILLUSTRATIVE_BANNER", "bar", "render"]

#: The output formats :func:`render` knows.
FORMATS: tuple[str, ...] = ("text", "markdown", "json")

#: The first and last line of every report of an illustrative plan.
ILLUSTRATIVE_BANNER = (
    "ILLUSTRATIVE: made-up figures to show the tool, not official data "
    "(ILUSTRASI: bukan data resmi)"
)

#: Width of a progress bar, in characters.
BAR_WIDTH = 20


def render(report: ProgressReport, format: str = "text", language: str = "en") -> str:
    """The report as ``"text"``, ``"markdown"`` or ``"json"``.

    ``language`` (``"en"`` or ``"id"``) picks the labels of text and Markdown.
    """
    if not isinstance(report, ProgressReport):
        raise ValidationError(f"expected a ProgressReport, not {type(report).__name__}")
    if language not in ("en", "id"):
        raise ValidationError(f"unknown language {language!r}; use 'id' or 'en'")
    if format == "json":
        return to_json(report)
    if format == "text":
        return "\n".join(_text(report, language)) + "\n"
    if format == "markdown":
        return "\n".join(_markdown(report, language)) + "\n"
    raise ValidationError(f"unknown format {format!r}; use one of {', '.join(FORMATS)}")


def bar(value: Decimal | None, expected: Decimal | None = None, width: int = BAR_WIDTH) -> str:
    """A text bar: ``█`` for progress, ``░`` for the rest, ``│`` at the expected point.

    >>> bar(Decimal("0.5"), Decimal("0.75"), width=8)
    '████░░│░'
    >>> bar(None, width=4)
    '····'
    """
    if value is None:
        return "·" * width
    filled = int((value * width).to_integral_value(rounding=ROUND_HALF_EVEN))
    cells = ["█"] * filled + ["░"] * (width - filled)
    if expected is not None:
        mark = min(int((expected * width).to_integral_value(rounding=ROUND_HALF_EVEN)), width - 1)
        if mark >= filled:
            cells[mark] = "│"
    return "".join(cells)


def _label(f: ProgressFigure, language: str) -> str:
    return f.label_en if language == "en" else f.label_id


def _status(status: ProgressStatus, language: str) -> str:
    return status.label(language)


_WORDS = {
    "en": {
        "title": "Progress report",
        "agreement": "Agreement",
        "as_of": "as of",
        "recorded": "as recorded on",
        "all_records": "all records",
        "overall": "Overall",
        "expected": "expected",
        "coverage": "coverage",
        "areas": "By scope area",
        "parties": "By province",
        "back": "Holding progress back most",
        "regions": "Regions furthest behind",
        "milestones": "Milestones",
        "rules": "Rules",
        "none": "none",
        "late": "late",
        "days": "days",
        "due": "due",
        "met": "met",
        "partly_met": "partly met",
        "no_value": "without a value (no data or no target)",
        "shortfall": "shortfall",
        "target": "target",
        "by": "by",
        "actual": "actual",
    },
    "id": {
        "title": "Laporan kemajuan",
        "agreement": "Perjanjian",
        "as_of": "per",
        "recorded": "sesuai catatan per",
        "all_records": "semua catatan",
        "overall": "Keseluruhan",
        "expected": "seharusnya",
        "coverage": "cakupan data",
        "areas": "Per ruang lingkup",
        "parties": "Per provinsi",
        "back": "Paling menghambat kemajuan",
        "regions": "Wilayah paling tertinggal",
        "milestones": "Tonggak capaian",
        "rules": "Aturan",
        "none": "tidak ada",
        "late": "terlambat",
        "days": "hari",
        "due": "tenggat",
        "met": "tercapai",
        "partly_met": "tercapai sebagian",
        "no_value": "tanpa nilai (tidak ada data atau target)",
        "shortfall": "kekurangan",
        "target": "target",
        "by": "pada",
        "actual": "realisasi",
    },
}


def _rules(report: ProgressReport, language: str) -> str:
    t = report.tolerance
    if language == "id":
        return (
            f"sesuai jadwal bila capaian ≥ {_pct(t.on_track, language)} dari yang seharusnya, "
            f"berisiko bila ≥ {_pct(t.at_risk, language)}; jadwal linear dari baseline ke "
            "tiap target; data kosong tidak dihitung nol (lihat cakupan data)"
        )
    return (
        f"on track when progress ≥ {_pct(t.on_track, language)} of expected, at risk from "
        f"{_pct(t.at_risk, language)}; the schedule is linear from the baseline to each target; "
        "missing data is never counted as zero (see coverage)"
    )


def _header(report: ProgressReport, language: str) -> Iterator[str]:
    w = _WORDS[language]
    recorded = (
        report.recorded_on.isoformat() if report.recorded_on is not None else w["all_records"]
    )
    yield f"{w['title']}: {report.title}"
    yield (
        f"{w['agreement']}: {report.agreement} · {w['as_of']} {report.as_of.isoformat()} · "
        f"{w['recorded']}: {recorded}"
    )


def _line(f: ProgressFigure, language: str) -> str:
    w = _WORDS[language]
    return (
        f"{bar(f.value, f.expected)} {_pct(f.value, language):>8} "
        f"({w['expected']} {_pct(f.expected, language)}) · "
        f"{_status(f.status, language)} · {w['coverage']} {_pct(f.coverage, language)}"
    )


def _indicator_line(f: ProgressFigure, language: str) -> str:
    w = _WORDS[language]
    unit = f" {f.unit}" if f.unit else ""
    target = ""
    if f.target is not None and f.target_by is not None:
        target = f", {w['target']} {_num(f.target, language)} {w['by']} {f.target_by.isoformat()}"
    if f.text is not None:
        return f"{_label(f, language)}: {f.text!r} ({_status(f.status, language)})"
    if f.status is ProgressStatus.REPORTED:
        return f"{_label(f, language)}: {len(f.observations)} × ({_status(f.status, language)})"
    partial = ""
    if f.value is not None and f.coverage < 1:
        partial = f" · {w['coverage']} {_pct(f.coverage, language)}"
    return (
        f"{_label(f, language)}: {_pct(f.value, language)} · "
        f"{w['actual']} {_num(f.actual, language)}{unit}"
        f"{target} · {_status(f.status, language)}{partial}"
    )


def _behind(report: ProgressReport) -> tuple[list[ProgressFigure], int]:
    valued = [r for r in report.by_region if r.value is not None and r.expected is not None]
    valued.sort(key=lambda r: (r.value or Decimal(0)) - (r.expected or Decimal(0)))
    return valued[:10], len(report.by_region) - len(valued)


def _milestone_line(report: ProgressReport, language: str) -> Iterator[str]:
    w = _WORDS[language]
    for m in report.milestones:
        label = m.label_en if language == "en" else m.label_id
        word = w["partly_met"] if m.status is MilestoneStatus.PARTIALLY_MET else w["met"]
        met = f", {word} {m.met_on.isoformat()}" if m.met_on else ""
        late = f" · {w['late']} {m.days_late} {w['days']}" if m.late else ""
        yield (
            f"{label} ({m.area.number}): {w['due']} {m.due.isoformat()}{met} · "
            f"{m.status.label(language)}{late}"
        )


def _text(report: ProgressReport, language: str) -> Iterator[str]:
    w = _WORDS[language]
    if report.illustrative:
        yield ILLUSTRATIVE_BANNER
        yield ""
    yield from _header(report, language)
    yield ""
    yield f"{w['overall']}: {_line(report.total, language)}"
    yield ""
    yield f"{w['areas']}:"
    for area in report.total.children:
        yield f"  {_area_number(area):>2} {_label(area, language)}"
        yield f"     {_line(area, language)}"
        for ind in area.children:
            yield f"       - {_indicator_line(ind, language)}"
    yield ""
    yield f"{w['parties']}:"
    for party in report.by_party:
        yield f"  {_label(party, language)}"
        yield f"     {_line(party, language)}"
    yield ""
    yield f"{w['back']}:"
    held = report.holding_back()
    if not held:
        yield f"  {w['none']}"
    for i, (ind, gap) in enumerate(held, start=1):
        yield (
            f"  {i}. {_label(ind, language)} [{ind.key}]: {_pct(ind.value, language)} "
            f"({w['expected']} {_pct(ind.expected, language)}), {_status(ind.status, language)}, "
            f"{w['shortfall']} {_pct(gap, language)} {w['overall'].lower()}"
        )
    if report.by_region:
        behind, missing = _behind(report)
        level = report.region_level.label(language) if report.region_level else ""
        yield ""
        yield f"{w['regions']} ({level}):"
        for region in behind:
            label = _label(region, language)
            yield f"  {region.key if label.endswith(region.key) else f'{region.key} {label}'}"
            yield f"     {_line(region, language)}"
        if missing:
            yield f"  + {missing} {w['no_value']}"
    if report.milestones:
        yield ""
        yield f"{w['milestones']}:"
        for line in _milestone_line(report, language):
            yield f"  {line}"
    yield ""
    yield f"{w['rules']}: {_rules(report, language)}"
    if report.illustrative:
        yield ""
        yield ILLUSTRATIVE_BANNER


_AREAS = {area.value: area for area in ScopeArea}


def _area_number(area: ProgressFigure) -> str:
    found = _AREAS.get(area.key)
    return str(found.number) if found is not None else ""


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _markdown(report: ProgressReport, language: str) -> Iterator[str]:
    w = _WORDS[language]
    if report.illustrative:
        yield f"> **{ILLUSTRATIVE_BANNER}**"
        yield ""
    yield f"# {w['title']}: {_cell(report.title)}"
    yield ""
    recorded = report.recorded_on.isoformat() if report.recorded_on else w["all_records"]
    yield (
        f"{w['agreement']} `{report.agreement}` · {w['as_of']} {report.as_of.isoformat()} · "
        f"{w['recorded']}: {recorded}"
    )
    yield ""
    total = report.total
    yield (
        f"**{w['overall']}:** `{bar(total.value, total.expected)}` {_pct(total.value, language)} "
        f"({w['expected']} {_pct(total.expected, language)}) · {_status(total.status, language)} · "
        f"{w['coverage']} {_pct(total.coverage, language)}"
    )
    yield ""
    yield from _table(w["areas"], report.total.children, language, numbered=True)
    yield from _table(w["parties"], report.by_party, language, numbered=False)
    yield f"## {w['back']}"
    yield ""
    held = report.holding_back()
    if not held:
        yield f"- {w['none']}"
    for ind, gap in held:
        yield (
            f"- **{_cell(_label(ind, language))}** (`{ind.key}`): {_pct(ind.value, language)} "
            f"({w['expected']} {_pct(ind.expected, language)}), {_status(ind.status, language)}, "
            f"{w['shortfall']} {_pct(gap, language)}"
        )
    yield ""
    if report.by_region:
        behind, missing = _behind(report)
        yield from _table(w["regions"], behind, language, numbered=False)
        if missing:
            yield f"+ {missing} {w['no_value']}"
            yield ""
    yield f"## {w['areas']}: indicators"
    yield ""
    for area in report.total.children:
        if not area.children:
            continue
        yield f"### {_area_number(area)}. {_cell(_label(area, language))}"
        yield ""
        for ind in area.children:
            yield f"- {_cell(_indicator_line(ind, language))}"
        yield ""
    if report.milestones:
        yield f"## {w['milestones']}"
        yield ""
        for line in _milestone_line(report, language):
            yield f"- {_cell(line)}"
        yield ""
    yield f"*{w['rules']}: {_rules(report, language)}*"
    if report.illustrative:
        yield ""
        yield f"> **{ILLUSTRATIVE_BANNER}**"


def _table(
    title: str,
    rows: tuple[ProgressFigure, ...] | list[ProgressFigure],
    language: str,
    *,
    numbered: bool,
) -> Iterator[str]:
    w = _WORDS[language]
    yield f"## {title}"
    yield ""
    yield f"| | | progress | {w['expected']} | status | {w['coverage']} |"
    yield "|---|---|---|---|---|---|"
    for f in rows:
        first = _area_number(f) if numbered else (str(f.region) if f.region else "")
        if f.kind is FigureKind.REGION:
            first = f.key
        yield (
            f"| {first} | {_cell(_label(f, language))} | `{bar(f.value, f.expected)}` "
            f"{_pct(f.value, language)} | {_pct(f.expected, language)} | "
            f"{_status(f.status, language)} | {_pct(f.coverage, language)} |"
        )
    yield ""

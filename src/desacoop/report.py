"""Every renderer: progress reports as text, Markdown or JSON, the explanation of one
figure, and the plain-text summary of an agreement.

Text and Markdown show a bar per scope area and per province (``█`` achieved, ``│`` where
the schedule expects it), the status and coverage of each, the indicators that hold progress
back most, the regions furthest behind and the milestones. A report of an illustrative plan
says ``ILLUSTRATIVE`` at its top and bottom. JSON is the strict desacoop format and reads back
with ``from_json(text, ProgressReport)``.

>>> import datetime as dt
>>> from desacoop.example import example_plan
>>> from desacoop.rollup import progress
>>> text = render(progress(example_plan(), as_of=dt.date(2023, 12, 31)))
>>> text.splitlines()[0]
'ILLUSTRATIVE: made-up figures to show the tool, not official data (ILUSTRASI: bukan data resmi)'
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import ROUND_HALF_EVEN, Decimal, localcontext

from desacoop._checks import date_argument
from desacoop.agreement import Agreement
from desacoop.dates import format_date
from desacoop.errors import ValidationError, shown
from desacoop.labels import FORMAT_CONTEXT, Language
from desacoop.labels import format_number as _num
from desacoop.labels import format_percent as _pct
from desacoop.monitoring import MilestoneStatus
from desacoop.rollup import (
    FigureKind,
    ProgressFigure,
    ProgressReport,
    ProgressStatus,
)
from desacoop.scope import ScopeArea

__all__ = [
    "BAR_WIDTH",
    "FORMATS",
    "ILLUSTRATIVE_BANNER",
    "LISTED",
    "bar",
    "format_agreement",
    "render",
]

#: The output formats :func:`render` knows.
FORMATS: tuple[str, ...] = ("text", "markdown", "json", "html")

#: The first and last line of every report of an illustrative plan.
ILLUSTRATIVE_BANNER = (
    "ILLUSTRATIVE: made-up figures to show the tool, not official data "
    "(ILUSTRASI: bukan data resmi)"
)

#: Width of a progress bar, in characters.
BAR_WIDTH = 20


def render(report: ProgressReport, format: str = "text", language: Language | str = "en") -> str:
    """The report as ``"text"``, ``"markdown"``, ``"json"`` or ``"html"``.

    ``language`` (``"en"`` or ``"id"``) picks the labels of text, Markdown and HTML. HTML
    is one standalone page (:func:`desacoop.html.page`): inline CSS and SVG, no script.
    """
    if not isinstance(report, ProgressReport):
        raise ValidationError(f"expected a ProgressReport, not {type(report).__name__}")
    lang = Language.parse(language).value
    if format == "json":
        from desacoop.serialization import to_json

        return to_json(report)
    if format == "text":
        return "\n".join(_text(report, lang)) + "\n"
    if format == "markdown":
        return "\n".join(_markdown(report, lang)) + "\n"
    if format == "html":
        from desacoop.html import page

        return page(report, lang)
    raise ValidationError(f"unknown format {format!r}; use one of {', '.join(FORMATS)}")


def bar(value: Decimal | None, expected: Decimal | None = None, width: int = BAR_WIDTH) -> str:
    """A text bar: ``█`` for progress, ``░`` for the rest, ``│`` at the expected point.

    >>> bar(Decimal("0.5"), Decimal("0.75"), width=8)
    '████░░│░'
    >>> bar(None, width=4)
    '····'
    """
    if not isinstance(width, int) or isinstance(width, bool) or not 1 <= width <= 1000:
        raise ValidationError(f"width must be a whole number from 1 to 1000, not {shown(width)}")
    for name, share in (("value", value), ("expected", expected)):
        if share is not None and (not isinstance(share, Decimal) or not share.is_finite()):
            raise ValidationError(f"{name} must be a finite Decimal or None, not {shown(share)}")
    if value is None:
        return "·" * width
    with localcontext(FORMAT_CONTEXT):
        filled = _cells(value, width)
        cells = ["█"] * filled + ["░"] * (width - filled)
        if expected is not None:
            mark = min(_cells(expected, width), width - 1)
            if mark >= filled:
                cells[mark] = "│"
    return "".join(cells)


def _cells(share: Decimal, width: int) -> int:
    """How many of ``width`` cells a share in [0, 1] fills (clamped)."""
    clamped = min(max(share, Decimal(0)), Decimal(1))
    return int((clamped * width).to_integral_value(rounding=ROUND_HALF_EVEN))


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
        "gaps": "Data gaps and what was left out",
        "missing": "expected to report, no data yet from",
        "late_obs": "recorded after the deadline",
        "apart": "not expected to report: shown apart, in no total",
        "more": "more",
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
        "gaps": "Kekurangan data dan yang tidak dihitung",
        "missing": "wajib melapor, belum ada data dari",
        "late_obs": "dicatat melewati tenggat",
        "apart": "tidak wajib melapor: ditampilkan terpisah, tidak masuk total",
        "more": "lainnya",
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
        return f"{f.label(language)}: {f.text!r} ({_status(f.status, language)})"
    if f.status is ProgressStatus.REPORTED:
        return f"{f.label(language)}: {len(f.observations)} × ({_status(f.status, language)})"
    partial = ""
    if f.value is not None and f.coverage < 1:
        partial = f" · {w['coverage']} {_pct(f.coverage, language)}"
    return (
        f"{f.label(language)}: {_pct(f.value, language)} · "
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


#: How many region codes or observation ids a report line lists before "and N more".
LISTED = 10


def _listed(items: tuple[str, ...], language: str) -> str:
    more = len(items) - LISTED
    tail = f" (+{more} {_WORDS[language]['more']})" if more > 0 else ""
    return ", ".join(items[:LISTED]) + tail


def _gaps(report: ProgressReport, language: str) -> list[str]:
    """Declared reporters without data, late observations, the engine's findings and data
    shown apart, one line each (indicators of the whole report)."""
    w = _WORDS[language]
    lines = []
    for f in report.total.walk():
        if f.kind is not FigureKind.INDICATOR:
            continue
        name = f"{f.label(language)} [{f.key}]"
        if f.missing:
            lines.append(f"{name}: {w['missing']} {_listed(f.missing, language)}")
        if f.late:
            lines.append(f"{name}: {w['late_obs']}: {_listed(f.late, language)}")
    lines.extend(report.findings)
    for f in report.undeclared:
        unit = f" {f.unit}" if f.unit else ""
        lines.append(
            f"{f.label(language)} [{f.key}] {f.region}: {w['actual']} "
            f"{_num(f.actual, language)}{unit} ({w['apart']})"
        )
    return lines


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
        yield f"  {_area_number(area):>2} {area.label(language)}"
        yield f"     {_line(area, language)}"
        for ind in area.children:
            yield f"       - {_indicator_line(ind, language)}"
    yield ""
    yield f"{w['parties']}:"
    for party in report.by_party:
        yield f"  {party.label(language)}"
        yield f"     {_line(party, language)}"
    yield ""
    yield f"{w['back']}:"
    held = report.holding_back()
    if not held:
        yield f"  {w['none']}"
    for i, (ind, gap) in enumerate(held, start=1):
        yield (
            f"  {i}. {ind.label(language)} [{ind.key}]: {_pct(ind.value, language)} "
            f"({w['expected']} {_pct(ind.expected, language)}), {_status(ind.status, language)}, "
            f"{w['shortfall']} {_pct(gap, language)} {w['overall'].lower()}"
        )
    if report.by_region:
        behind, missing = _behind(report)
        level = report.region_level.label(language) if report.region_level else ""
        yield ""
        yield f"{w['regions']} ({level}):"
        for region in behind:
            label = region.label(language)
            yield f"  {region.key if label.endswith(region.key) else f'{region.key} {label}'}"
            yield f"     {_line(region, language)}"
        if missing:
            yield f"  + {missing} {w['no_value']}"
    gaps = _gaps(report, language)
    if gaps:
        yield ""
        yield f"{w['gaps']}:"
        for line in gaps:
            yield f"  - {line}"
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
            f"- **{_cell(ind.label(language))}** (`{ind.key}`): {_pct(ind.value, language)} "
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
        yield f"### {_area_number(area)}. {_cell(area.label(language))}"
        yield ""
        for ind in area.children:
            yield f"- {_cell(_indicator_line(ind, language))}"
        yield ""
    gaps = _gaps(report, language)
    if gaps:
        yield f"## {w['gaps']}"
        yield ""
        for line in gaps:
            yield f"- {_cell(line)}"
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
            f"| {first} | {_cell(f.label(language))} | `{bar(f.value, f.expected)}` "
            f"{_pct(f.value, language)} | {_pct(f.expected, language)} | "
            f"{_status(f.status, language)} | {_pct(f.coverage, language)} |"
        )
    yield ""


# -- agreements ------------------------------------------------------------------------


def format_agreement(agreement: Agreement, *, as_of: dt.date | None = None) -> str:
    """A readable, plain-text summary of an agreement (Indonesian labels first).

    >>> from desacoop.example import example_agreement
    >>> format_agreement(example_agreement()).splitlines()[2]
    'Perjanjian Kerja Sama (PKS) (cooperation agreement)'
    """
    if not isinstance(agreement, Agreement):
        raise ValidationError(f"expected an Agreement, not {shown(agreement)}")
    if as_of is not None:
        date_argument("as_of", as_of)
    lines: list[str] = []
    add = lines.append
    add(agreement.title)
    add("=" * min(len(agreement.title), 88))
    add(f"{agreement.kind.label_id} ({agreement.kind.label_en})")
    if agreement.basis is not None:
        add(f"Dasar / basis: {agreement.basis.label_id} ({agreement.basis.label_en})")
    if as_of is not None:
        status = agreement.status(as_of)
        add(
            f"Status per {format_date(as_of, weekday=False)}: {status.label_id} ({status.label_en})"
        )
    add("")
    add("Para pihak / parties:")
    for party in agreement.parties:
        province = party.province.province_info
        add(f"  [{party.id}] {party.name}")
        add(f"      provinsi {province.name} ({party.province}), {province.time_zone.value}")
    add("")
    add("Penandatangan / signatories:")
    if not agreement.signatories:
        add("  (none recorded)")
    for s in agreement.signatories:
        authority = f"; authority: {s.authority}" if s.authority else ""
        add(f"  {s.official.name}, {s.official.position} (for {s.party}){authority}")
    add("")
    add("Saksi / witnesses:")
    if not agreement.witnesses:
        add("  (none recorded)")
    for w in agreement.witnesses:
        for_party = f" (for {w.party})" if w.party else ""
        add(f"  {w.official.name}, {w.official.position}{for_party}")
        if w.represented_by is not None:
            rep = w.represented_by
            add(f"      diwakili oleh / represented by {rep.name}, {rep.position}")
        else:
            add("      hadir langsung / in person")
    add("")
    signing = agreement.signing
    if signing is None:
        add("Penandatanganan / signing: not signed")
    else:
        where = ""
        if signing.place is not None:
            place = signing.place
            zone = f", {place.time_zone.value}" if place.time_zone else ""
            region = f" ({place.region})" if place.region else ""
            where = f" at {place.name}{region}{zone}"
            if place.venue:
                where += f"; {place.venue}"
        when = f" {signing.at.isoformat()}" if signing.at else ""
        add(f"Penandatanganan / signing: {format_date(signing.on)}{when}{where}")
    term = agreement.term
    if term.is_known:
        parts = []
        if term.start:
            parts.append(f"from {term.start.isoformat()}")
        end = term.end_date
        if end:
            parts.append(f"until {end.isoformat()}")
        add(f"Jangka waktu / term: {' '.join(parts) or 'partly known'}")
    else:
        add("Jangka waktu / term: unknown (not stated in the sources)")
    if agreement.purpose:
        add("")
        add("Tujuan / purpose:")
        add(f"  {agreement.purpose}")
    add("")
    add(f"Ruang lingkup / scope ({len(agreement.scope)} areas):")
    for c in agreement.scope:
        lead = f" [lead: {c.lead}]" if c.lead else ""
        add(f"  {c.area.number:>2}. {c.area.label_id}{lead}")
        add(f"      {c.area.label_en}")
        if c.description:
            add(f"      {c.description}")
    if agreement.programmes:
        add("")
        add("Program terkait / related programmes:")
        for p in agreement.programmes:
            launched = f", launched {p.launched_on.isoformat()}" if p.launched_on else ""
            owner = f" ({p.owner})" if p.owner else ""
            add(f"  - {p.name}{owner}: {p.kind.label_id} / {p.kind.label_en}{launched}")
            if p.note:
                add(f"      {p.note}")
    if agreement.amendments:
        add("")
        add("Perubahan / amendments:")
        for a in agreement.amendments:
            fields = ", ".join(a.after.changed())
            add(f"  {a.number}. {a.on.isoformat()}: {a.description} ({fields}); why: {a.rationale}")
    if agreement.notes:
        add("")
        add("Catatan / notes:")
        for note in agreement.notes:
            add(f"  - {note}")
    if agreement.sources:
        add("")
        add("Sumber / sources:")
        for source in agreement.sources:
            add(f"  - {source}")
    return "\n".join(lines) + "\n"

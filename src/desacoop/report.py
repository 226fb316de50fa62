"""Every renderer: progress reports as text, Markdown, JSON or HTML (one standalone page,
made by :mod:`desacoop.html`), the explanation of one figure, and the plain-text summary of
an agreement.

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
from collections.abc import Callable, Iterator
from decimal import ROUND_HALF_EVEN, Decimal, localcontext
from typing import Any

from desacoop._checks import date_argument
from desacoop._neutral import for_markdown, for_terminal
from desacoop._presentation import ILLUSTRATIVE_BANNER, WORDS, behind
from desacoop.agreement import Agreement, InstrumentLink, Party, ProgrammeKind, Source
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
from desacoop.scope import Area, area_id

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
        return for_terminal("\n".join(_text(report, lang)) + "\n")
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


def _rules(report: ProgressReport, language: str) -> str:
    t = report.tolerance
    if language == "id":
        return (
            f"sesuai jadwal bila capaian ≥ {_pct(t.on_track, language)} dari yang seharusnya, "
            f"perlu perhatian bila ≥ {_pct(t.at_risk, language)}; jadwal linear dari nilai awal "
            "(baseline) ke tiap target; data yang belum masuk tidak pernah dihitung nol, "
            "bagiannya ditunjukkan oleh 'data masuk'"
        )
    return (
        f"on track when progress ≥ {_pct(t.on_track, language)} of expected, at risk from "
        f"{_pct(t.at_risk, language)}; the schedule is linear from the baseline to each target; "
        "missing data is never counted as zero: 'data received' says what share of the "
        "expected data has arrived"
    )


def _header(report: ProgressReport, language: str) -> Iterator[str]:
    w = WORDS[language]
    recorded = (
        _date(report.recorded_on, language) if report.recorded_on is not None else w["all_records"]
    )
    yield f"{w['title']}: {report.title}"
    yield (
        f"{w['agreement']}: {report.agreement} · {w['as_of']} {_date(report.as_of, language)} · "
        f"{w['recorded']}: {recorded}"
    )


def _line(f: ProgressFigure, language: str) -> str:
    w = WORDS[language]
    return (
        f"{bar(f.value, f.expected)} {_pct(f.value, language):>8} "
        f"({w['expected']} {_pct(f.expected, language)}) · "
        f"{_status(f.status, language)} · {w['coverage']} {_pct(f.coverage, language)}"
    )


def _indicator_line(f: ProgressFigure, language: str) -> str:
    """An indicator: its measured progress beside the actual, target and (when not 0)
    baseline it is computed from, then a labelled projection and what is missing."""
    w = WORDS[language]
    if f.text is not None:
        return f"{f.label(language)}: {f.text!r} ({_status(f.status, language)})"
    if f.status is ProgressStatus.REPORTED:
        return f"{f.label(language)}: {len(f.observations)} {w['statements']}"
    numbers = f"{w['actual']} {_amount(f.actual, f.unit, language)}"
    if f.target is not None and f.target_by is not None:
        numbers += (
            f", {w['target']} {_amount(f.target, _short(f.unit), language)} {w['by']} "
            f"{_date(f.target_by, language)}"
        )
    if f.baseline:
        numbers += f", {w['baseline']} {_amount(f.baseline, _short(f.unit), language)}"
    line = f"{f.label(language)}: {_pct(f.value, language)} · {numbers}"
    if f.projected_value is not None:
        line += f" ({w['projected'].format(value=_pct(f.projected_value, language))})"
    line += f" · {_status(f.status, language)}"
    gaps = _missing(f, language)
    if gaps:
        line += f" · {gaps}"
    elif f.value is not None and f.coverage < 1:
        line += f" · {w['coverage']} {_pct(f.coverage, language)}"
    return line


def _missing(f: ProgressFigure, language: str) -> str:
    """What an indicator's figure lacks: ``data from 5 of 6 reporters, 10 of 12 periods;
    63.04 2024S2 missing``."""
    w = WORDS[language]
    parts = []
    if f.missing and f.reporters:
        reported = f.reporters - len(f.missing)
        parts.append(
            w["reported_of"].format(reported=reported, expected=f.reporters, whom=w["whom"])
        )
    if f.periods_due:
        parts.append(w["periods_of"].format(reported=f.periods_reported, due=f.periods_due))
    text = ", ".join(parts)
    shown_missing = (*f.missing, *f.missing_periods)
    if shown_missing:
        text += f"{'; ' if text else ''}{_listed(shown_missing, language)} {w['missing_periods']}"
    return text


#: Units written as a currency before the number (``Rp3.302.753.000``).
RUPIAH_UNITS = frozenset({"rupiah", "rp", "idr"})


def _amount(value: Decimal | None, unit: str | None, language: str) -> str:
    """A number with its unit: ``90 % desa``, ``Rp3.302.753.000``, ``2.451 orang``."""
    number = _num(value, language)
    if value is None or not unit:
        return number
    if unit.lower() in RUPIAH_UNITS:
        return f"Rp{number}"
    return f"{number} {unit}"


def _short(unit: str | None) -> str | None:
    """A unit without its explanation: ``peringkat (0 perintis, ...)`` → ``peringkat``."""
    return unit.split(" (", 1)[0] if unit else unit


def _date(day: dt.date, language: str) -> str:
    return format_date(day, weekday=False, language=language)


def _milestone_line(report: ProgressReport, language: str) -> Iterator[str]:
    """One line a milestone: its due date and one state that never contradicts itself
    ("not yet met, 366 days past the due date", never "scheduled · late 366 days")."""
    w = WORDS[language]
    for m in report.milestones:
        label = m.label_en if language == "en" else m.label_id
        due = f"{w['due']} {_date(m.due, language)}"
        if m.status is MilestoneStatus.MET and m.met_on is not None:
            state = f"{w['met_on']} {_date(m.met_on, language)}"
            state += f", {m.days_late} {w['after_due']}" if m.late else f" ({w['on_time']})"
        elif m.status is MilestoneStatus.PARTIALLY_MET:
            on = f" {_date(m.met_on, language)}" if m.met_on else ""
            state = f"{w['partly_on']}{on}"
            if m.late:
                state += f"; {w['not_full']}, {m.days_late} {w['past_due']}"
        elif m.status is MilestoneStatus.NOT_MET:
            state = w["not_met"]
        elif m.late:
            state = f"{w['not_yet']}, {m.days_late} {w['past_due']}"
        else:
            state = m.status.label(language)
        yield f"{label} ({_area_number(report, area_id(m.area))}): {due} · {state}"


#: How many region codes or observation ids a report line lists before "and N more".
LISTED = 10


def _listed(items: tuple[str, ...], language: str) -> str:
    more = len(items) - LISTED
    tail = f" (+{more} {WORDS[language]['more']})" if more > 0 else ""
    return ", ".join(items[:LISTED]) + tail


def _gaps(report: ProgressReport, language: str) -> list[str]:
    """Declared reporters without data, late observations, the engine's findings and data
    shown apart, one line each (indicators of the whole report)."""
    w = WORDS[language]
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
    w = WORDS[language]
    if report.illustrative:
        yield w["banner"]
        yield ""
    yield from _header(report, language)
    for note in report.notes:
        yield f"  * {note}"
    yield ""
    yield f"{w['overall']}: {_line(report.total, language)}"
    yield ""
    yield f"{w['areas']}:"
    for area in report.total.children:
        if not area.children:
            continue
        yield f"  {_area_number(report, area.key):>2} {area.label(language)}"
        yield f"     {_line(area, language)}"
        for ind in area.children:
            yield f"       - {_indicator_line(ind, language)}"
    empty = _empty_areas(report, language)
    if empty:
        yield f"  {empty}"
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
            f"{w['shortfall']} {_points(gap, language)}"
        )
    if report.by_region:
        furthest, missing = behind(report)
        level = report.region_level.label(language) if report.region_level else ""
        yield ""
        yield f"{w['regions']} ({level}):"
        for region in furthest:
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
        yield w["banner"]


def _points(share: Decimal, language: str) -> str:
    """A share of the overall figure as percentage points: ``2,8 poin persen``."""
    return f"{_pct(share, language, suffix='')} {WORDS[language]['points']}"


def _empty_areas(report: ProgressReport, language: str) -> str:
    """The committed areas without indicators, on one line instead of one line each."""
    empty = [a for a in report.total.children if not a.children]
    if not empty:
        return ""
    w = WORDS[language]
    listed = "; ".join(f"{_area_number(report, a.key)} {a.label(language)}" for a in empty)
    noun = w["areas_word"] if len(empty) > 1 else w["area_word"]
    return f"{w['no_indicators']} ({len(empty)} {noun}): {listed}"


def _area_number(report: ProgressReport, key: str) -> str:
    """An area's number in its agreement's own order (the total's areas are in that order)."""
    keys = [f.key for f in report.total.children]
    return str(keys.index(key) + 1) if key in keys else ""


def _cell(text: str) -> str:
    return for_markdown(text)


def _markdown(report: ProgressReport, language: str) -> Iterator[str]:
    w = WORDS[language]
    if report.illustrative:
        yield f"> **{w['banner']}**"
        yield ""
    yield f"# {w['title']}: {_cell(report.title)}"
    yield ""
    recorded = _date(report.recorded_on, language) if report.recorded_on else w["all_records"]
    yield (
        f"{w['agreement']} `{report.agreement}` · {w['as_of']} {_date(report.as_of, language)} · "
        f"{w['recorded']}: {recorded}"
    )
    yield ""
    for note in report.notes:
        yield f"> {_cell(note)}"
    if report.notes:
        yield ""
    total = report.total
    yield (
        f"**{w['overall']}:** `{bar(total.value, total.expected)}` {_pct(total.value, language)} "
        f"({w['expected']} {_pct(total.expected, language)}) · {_status(total.status, language)} · "
        f"{w['coverage']} {_pct(total.coverage, language)}"
    )
    yield ""
    yield from _table(
        w["areas"], [a for a in report.total.children if a.children], language, numbered=report
    )
    empty = _empty_areas(report, language)
    if empty:
        yield empty
        yield ""
    yield from _table(w["parties"], report.by_party, language, numbered=None)
    yield f"## {w['back']}"
    yield ""
    held = report.holding_back()
    if not held:
        yield f"- {w['none']}"
    for ind, gap in held:
        yield (
            f"- **{_cell(ind.label(language))}** (`{ind.key}`): {_pct(ind.value, language)} "
            f"({w['expected']} {_pct(ind.expected, language)}), {_status(ind.status, language)}, "
            f"{w['shortfall']} {_points(gap, language)}"
        )
    yield ""
    if report.by_region:
        furthest, missing = behind(report)
        yield from _table(w["regions"], furthest, language, numbered=None)
        if missing:
            yield f"+ {missing} {w['no_value']}"
            yield ""
    yield f"## {w['indicators']}"
    yield ""
    for area in report.total.children:
        if not area.children:
            continue
        yield f"### {_area_number(report, area.key)}. {_cell(area.label(language))}"
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
        yield f"> **{w['banner']}**"


def _table(
    title: str,
    rows: tuple[ProgressFigure, ...] | list[ProgressFigure],
    language: str,
    *,
    numbered: ProgressReport | None,
) -> Iterator[str]:
    w = WORDS[language]
    yield f"## {title}"
    yield ""
    yield f"| | | {w['progress']} | {w['expected']} | {w['status']} | {w['coverage']} |"
    yield "|---|---|---|---|---|---|"
    for f in rows:
        if numbered is not None:
            first = _area_number(numbered, f.key)
        else:
            first = str(f.region) if f.region else ""
        if f.kind is FigureKind.REGION:
            first = f.key
        yield (
            f"| {first} | {_cell(f.label(language))} | `{bar(f.value, f.expected)}` "
            f"{_pct(f.value, language)} | {_pct(f.expected, language)} | "
            f"{_status(f.status, language)} | {_pct(f.coverage, language)} |"
        )
    yield ""


# -- agreements ------------------------------------------------------------------------


def format_agreement(
    agreement: Agreement,
    *,
    as_of: dt.date | None = None,
    language: Language | str | None = None,
) -> str:
    """A readable, plain-text summary of an agreement: Indonesian labels first, with the
    English beside them; ``language="id"`` or ``"en"`` writes one language only (the
    agreement's own texts, such as notes, stay as written).

    >>> from desacoop.example import example_agreement
    >>> format_agreement(example_agreement()).splitlines()[2]
    'Perjanjian Kerja Sama (PKS) (cooperation agreement)'
    >>> format_agreement(example_agreement(), language="id").splitlines()[2]
    'Perjanjian Kerja Sama (PKS)'
    """
    if not isinstance(agreement, Agreement):
        raise ValidationError(f"expected an Agreement, not {shown(agreement)}")
    if as_of is not None:
        as_of = date_argument("as_of", as_of)
    mode = None if language is None else Language.parse(language).value

    def t(indonesian: str, english: str) -> str:
        """A label in the chosen language, or both ("Indonesian / English")."""
        if mode == "id":
            return indonesian
        if mode == "en":
            return english
        return f"{indonesian} / {english}"

    def e(indonesian: str, english: str) -> str:
        """A word the bilingual summary has always written in English only."""
        return indonesian if mode == "id" else english

    def iso(value: dt.date) -> str:
        """A date: ISO in the bilingual summary (as it always was), else in words."""
        return value.isoformat() if mode is None else day(value, False)

    def lab(item: Any) -> str:
        """An enum's or an area's label: both (Indonesian first, English in brackets)."""
        if mode is None:
            return f"{item.label_id} ({item.label_en})"
        return str(item.label_id if mode == "id" else item.label_en)

    def day(value: dt.date, weekday: bool = True) -> str:
        return format_date(value, weekday=weekday, language="en" if mode == "en" else "id")

    def doubt(path: str) -> str:
        """The mark of a fact the sources disagree on (see the uncertain facts below)."""
        found = agreement.uncertainty(path) is not None
        return f" ({t('tidak pasti', 'uncertain')})" if found else ""

    lines: list[str] = []
    add = lines.append
    add(agreement.title)
    add("=" * min(len(agreement.title), 88))
    document_number = f" {t('Nomor', 'No.')} {agreement.number}" if agreement.number else ""
    add(f"{lab(agreement.kind)}{doubt('kind')}{document_number}")
    for n in agreement.numbers:
        add(f"  {t('Nomor', 'No.')} [{n.party}] {n.number}")
    _chain_lines(agreement, add, t, day)
    if agreement.basis is not None:
        add(f"{t('Dasar', 'basis')}: {lab(agreement.basis)}")
    if agreement.legal_basis:
        add(f"{t('Dasar hukum', 'legal basis')}: {'; '.join(agreement.legal_basis)}")
    if as_of is not None:
        status = agreement.status(as_of)
        word = e("Status per", "Status as of") if mode else "Status per"
        add(f"{word} {day(as_of, False)}: {lab(status)}")
    add("")
    add(f"{t('Para pihak', 'parties')}:")
    for party in agreement.parties:
        add(f"  [{party.id}] {party.name}")
        add(f"      {_party_line(party, t)}")
        if party.villages:
            add(f"      {t('desa', 'villages')}: {', '.join(map(str, party.villages))}")
        if party.members is not None:
            add(f"      {t('jumlah desa', 'number of villages')}: {party.members}")
    add("")
    add(f"{t('Penandatangan', 'signatories')}:")
    if not agreement.signatories:
        add(f"  ({e('tidak dicatat', 'none recorded')})")
    lang = "id" if mode == "id" else "en"
    for i, s in enumerate(agreement.signatories):
        authority = f"; {e('kewenangan', 'authority')}: {s.authority}" if s.authority else ""
        official = s.official.describe(lang) + doubt(f"signatories[{i}]")
        add(f"  {official} ({e('untuk', 'for')} {s.party}){authority}")
        if s.capacity is not None:
            by = s.authorised_by
            whom = f" {by.describe(lang)}" if by is not None else ""
            add(f"      {t(s.capacity.label_id, s.capacity.label_en)}{whom}")
    add("")
    add(f"{t('Saksi', 'witnesses')}:")
    if not agreement.witnesses:
        add(f"  ({e('tidak dicatat', 'none recorded')})")
    for i, w in enumerate(agreement.witnesses):
        for_party = f" ({e('untuk', 'for')} {w.party})" if w.party else ""
        add(f"  {w.official.describe(lang)}{doubt(f'witnesses[{i}]')}{for_party}")
        if w.represented_by is not None:
            rep = w.represented_by.describe(lang)
            add(f"      {t('diwakili oleh', 'represented by')} {rep}")
        elif w.in_person is None:
            add(f"      {t('kehadiran tidak disebut', 'attendance not stated')}")
        else:
            add(f"      {t('hadir langsung', 'in person')}")
    if agreement.attendees:
        add("")
        add(f"{t('Hadir', 'present')}:")
        for i, person in enumerate(agreement.attendees):
            for_party = f" ({e('untuk', 'for')} {person.party})" if person.party else ""
            add(f"  {person.official.describe(lang)}{doubt(f'attendees[{i}]')}{for_party}")
            if person.represented_by is not None:
                stood_in = person.represented_by.describe(lang)
                add(f"      {t('diwakili oleh', 'represented by')} {stood_in}")
    add("")
    signing = agreement.signing
    if signing is None:
        add(f"{t('Penandatanganan', 'signing')}: {e('belum ditandatangani', 'not signed')}")
    else:
        where = ""
        if signing.place is not None:
            place = signing.place
            zone = f", {place.time_zone.value}" if place.time_zone else ""
            region = f" ({place.region})" if place.region else ""
            where = f" {e('di', 'at')} {place.name}{region}{zone}"
            if place.venue:
                where += f"; {place.venue}"
        when = f" {signing.at.isoformat()}" if signing.at else ""
        on = day(signing.on) if signing.on is not None else _undated(t)
        add(f"{t('Penandatanganan', 'signing')}: {on}{when}{where}{doubt('signing')}")
    term = agreement.term
    if term.is_known:
        parts = []
        if term.start:
            parts.append(f"{e('mulai', 'from')} {iso(term.start)}")
        end = term.end_date
        if end:
            parts.append(f"{e('sampai', 'until')} {iso(end)}")
        known = " ".join(parts) or e("sebagian diketahui", "partly known")
        add(f"{t('Jangka waktu', 'term')}: {known}")
    else:
        unknown = e(
            "tidak diketahui (tidak disebut di sumber)", "unknown (not stated in the sources)"
        )
        add(f"{t('Jangka waktu', 'term')}: {unknown}")
    original = agreement.original_purpose
    if original is not None:
        add("")
        for word, text, gloss in (
            ("Maksud", original.maksud, original.maksud_en),
            ("Tujuan", original.tujuan, original.tujuan_en),
        ):
            if text is not None:
                add(f"{word} ({t('kutipan', 'verbatim')}):")
                add(f"  {text}")
                if gloss is not None and mode != "id":
                    add(f"  (en) {gloss}")
    if agreement.purpose:
        add("")
        add(f"{t('Tujuan', 'purpose') if mode is None else e('Tujuan (ringkasan)', 'Purpose')}:")
        add(f"  {agreement.purpose}")
    if agreement.budget:
        add("")
        add(f"{t('Anggaran', 'budget')}:")
        for line in agreement.budget:
            year = f" {t('tahun', 'year')} {line.year}" if line.year is not None else ""
            amount = f"Rp{_num(line.amount, 'id')}"
            add(f"  - [{line.party}] {amount} ({line.fund.label_id}){year}")
            if line.note:
                add(f"      {line.note}")
    add("")
    count = len(agreement.scope)
    if not count:
        add(f"{t('Ruang lingkup', 'scope')}: {e('tidak disebut', 'not stated')}")
    areas = e("bidang", "area" if count == 1 else "areas")
    if count:
        add(f"{t('Ruang lingkup', 'scope')} ({count} {areas}){doubt('scope')}:")
    for number, c in enumerate(agreement.scope, start=1):
        lead = f" [{e('penanggung jawab', 'lead')}: {c.lead}]" if c.lead else ""
        first = c.area.label_en if mode == "en" else c.area.label_id
        add(f"  {number:>2}. {first}{lead}")
        if mode is None:
            add(f"      {c.area.label_en}")
        if isinstance(c.area, Area) and c.area.catalog is not None:
            linked = c.area.catalog
            name = linked.label_en if mode == "en" else linked.label_id
            add(f"      {t('katalog', 'catalog')}: {linked.number}. {name} ({linked.id})")
        if c.description:
            add(f"      {c.description}")
    if agreement.programmes:
        add("")
        add(f"{t('Program terkait', 'related programmes')}:")
        for p in agreement.programmes:
            launched = ""
            if p.launched_on:
                launched = f", {e('diluncurkan', 'launched')} {iso(p.launched_on)}"
            owner = f" ({p.owner})" if p.owner else ""
            other = p.kind is ProgrammeKind.OTHER
            kind = "" if other else f": {t(p.kind.label_id, p.kind.label_en)}"
            add(f"  - {p.name}{owner}{kind}{launched}")
            if p.note:
                add(f"      {p.note}")
    if agreement.amendments:
        add("")
        add(f"{t('Perubahan', 'amendments')}:")
        for a in agreement.amendments:
            fields = ", ".join(a.after.changed())
            why = e("alasan", "why")
            add(f"  {a.number}. {iso(a.on)}: {a.description} ({fields}); {why}: {a.rationale}")
    if agreement.uncertain:
        add("")
        add(f"{t('Fakta tidak pasti', 'uncertain facts')}:")
        for u in agreement.uncertain:
            readings = "; ".join(f"{r.value} [{', '.join(r.sources)}]" for r in u.readings)
            add(f"  - {u.fact}: {readings}")
            if u.note:
                add(f"      {u.note}")
    if agreement.notes:
        add("")
        add(f"{t('Catatan', 'notes')}:")
        for note in agreement.notes:
            add(f"  - {note}")
    if agreement.sources:
        add("")
        add(f"{t('Sumber', 'sources')}:")
        for source in agreement.sources:
            key = f"[{source.id}] " if isinstance(source, Source) else ""
            add(f"  - {key}{source}")
    if agreement.citations:
        add("")
        add(f"{t('Asal fakta', 'where the facts come from')}:")
        for citation in agreement.citations:
            cited = f" [{citation.source}]" if citation.source else ""
            derived = ""
            if citation.derived:
                derived = f" {t('diturunkan', 'derived')}: {citation.derived}"
            add(f"  - {citation.fact}:{cited}{derived}")
    return for_terminal("\n".join(lines) + "\n")


def _party_line(party: Party, t: Callable[[str, str], str]) -> str:
    """What a party is and where: kind, region (with its province's name) and time zone."""
    home = party.home_province
    try:
        info = home.province_info if home is not None else None
    except ValidationError:  # a code outside the list of provinces: the code only
        info = None
    where = f"{t('provinsi', 'province')} {info.name}, {info.time_zone.value}" if info else ""
    if party.kind is None:
        return f"{where} ({party.province})" if info is not None else f"({party.province})"
    kind = t(party.kind.label_id, party.kind.label_en)
    if party.region is None:
        return f"{kind} ({where})" if where else kind
    return f"{kind}: {party.region}" + (f" ({where})" if where else "")


def _undated(t: Callable[[str, str], str]) -> str:
    return t("ditandatangani, tanggal tidak disebut", "signed, date not stated")


def _chain_lines(
    agreement: Agreement,
    add: Callable[[str], None],
    t: Callable[[str, str], str],
    day: Callable[[dt.date], str],
) -> None:
    """The chain of instruments: the Kesepakatan Bersama a PKS implements, then the PKS."""
    ref = agreement.implements
    if ref is None:
        return
    add(f"{t('Rangkaian instrumen', 'chain of instruments')}:")
    signed = day(ref.signed_on) if ref.signed_on else t("tanggal tidak disebut", "date not stated")
    title = f" {ref.title}" if ref.title else ""
    number = f" {t('Nomor', 'No.')} {ref.number}" if ref.number else ""
    add(f"  1. {ref.kind.label_id} [{ref.id}]{title}{number} · {signed}")
    if ref.link is not InstrumentLink.IMPLEMENTS:
        add(f"     {t(ref.link.label_id, ref.link.label_en)}")
    signing = agreement.signing
    if signing is None:
        when = t("belum ditandatangani", "not signed")
    else:
        when = day(signing.on) if signing.on is not None else _undated(t)
    this = t("dokumen ini", "this document")
    add(f"  2. {agreement.kind.label_id} [{agreement.id}] ({this}) · {when}")

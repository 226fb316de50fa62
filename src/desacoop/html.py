"""HTML for people: the standalone progress report page and the pieces notebooks show.

One renderer. :func:`fragment` turns a progress report, a figure, an agreement, a
monitoring plan, a village evaluation (or its result), region summaries or a region list
into a piece of HTML; :func:`page` wraps the report's piece into a whole document that
opens offline and prints on A4; :func:`notebook` is what the classes' ``_repr_html_``
methods return (the same piece with the style sheet scoped to it).

Everything is inline: CSS in a ``<style>`` element, charts as ``<svg>``; no script, no
font, image or style sheet fetched from anywhere. Every text is escaped. Charts have a
text alternative (``role="img"``, ``aria-label`` and ``<title>``), tables have header
cells with ``scope``, headings go down one level at a time, and every colour comes with
the status written beside it.

>>> import datetime as dt
>>> from desacoop.example import example_plan
>>> from desacoop.rollup import progress
>>> text = page(progress(example_plan(), as_of=dt.date(2024, 12, 31)), "id")
>>> text.startswith("<!DOCTYPE html>"), '<html lang="id">' in text, "<script" in text
(True, True, False)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import NamedTuple, Protocol

from desacoop._neutral import for_html
from desacoop._presentation import WORDS as REPORT_WORDS
from desacoop._presentation import behind
from desacoop.agreement import Agreement, Official
from desacoop.dates import format_date
from desacoop.errors import ValidationError, shown
from desacoop.evaluation.records import RegionSummary, VillageEvaluation
from desacoop.evaluation.schemes import EvaluationResult
from desacoop.evaluation.status import DevelopmentStatus
from desacoop.labels import Language
from desacoop.labels import format_number as _num
from desacoop.labels import format_percent as _pct
from desacoop.monitoring import Indicator, MilestoneStatus, MonitoringPlan
from desacoop.regions import Level, Region, RegionCode
from desacoop.registry import RegionRegistry
from desacoop.rollup import FigureKind, MilestoneState, ProgressFigure, ProgressReport
from desacoop.rollup import ProgressStatus as S

__all__ = ["STYLE", "fragment", "notebook", "page"]


class _Names(Protocol):
    """What the page needs of a region list to name a region: ``get(code)``."""

    def get(self, code: RegionCode | str) -> Region | None: ...


#: The style sheet of every page and fragment, scoped to ``.desacoop``; A4 when printed.
STYLE = """\
.desacoop{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;
 color:#1b1f24;line-height:1.4;font-size:15px;max-width:62rem;margin:0 auto;padding:0 1rem}
.desacoop h1{font-size:1.5rem;margin:.6rem 0 .2rem}
.desacoop h2{font-size:1.2rem;margin:1.6rem 0 .5rem;border-bottom:1px solid #c9ced6;
 padding-bottom:.15rem}
.desacoop h3{font-size:1.02rem;margin:.8rem 0 .3rem}
.desacoop h4,.desacoop h5,.desacoop h6{font-size:.95rem;margin:.6rem 0 .2rem}
.desacoop .meta{color:#4a5361;margin:.1rem 0 .6rem}
.desacoop .banner{border:3px solid #8a1c1c;background:#fff3f3;color:#6b1111;padding:.5rem .8rem;
 font-weight:600;margin:.6rem 0}
.desacoop table{border-collapse:collapse;width:100%;margin:.3rem 0 .6rem;font-size:.93rem}
.desacoop caption{text-align:left;color:#4a5361;font-size:.85rem;padding:.2rem 0;
 caption-side:bottom}
.desacoop th,.desacoop td,.desacoop li,.desacoop dd,.desacoop p,.desacoop h1,.desacoop h2,
.desacoop h3,.desacoop caption,.desacoop figcaption{overflow-wrap:anywhere;unicode-bidi:isolate}
.desacoop th,.desacoop td{border-bottom:1px solid #dde1e6;padding:.28rem .4rem;text-align:left;
 vertical-align:top}
.desacoop thead th{border-bottom:2px solid #8c95a1;font-size:.85rem;color:#333a44}
.desacoop td.n,.desacoop th.n{text-align:right;font-variant-numeric:tabular-nums}
.desacoop td.n{white-space:nowrap}
.desacoop td.q{text-align:right;font-variant-numeric:tabular-nums;min-width:6rem}
.desacoop td.bar{width:11rem;white-space:nowrap}.desacoop td.d{white-space:nowrap}
.desacoop td.outcome{min-width:12rem}
.desacoop th.label{min-width:13rem}
.desacoop svg{vertical-align:middle}
.desacoop .status{white-space:nowrap;font-weight:600}
.desacoop .mark{display:inline-block;width:1.1em;text-align:center}
.desacoop .good{color:#1d6b2c}.desacoop .warn{color:#8a5300}.desacoop .bad{color:#a51d1d}
.desacoop .none{color:#59616d}
.desacoop .overall{display:flex;flex-wrap:wrap;align-items:baseline;gap:.2rem 1.2rem}
.desacoop .big{font-size:2.4rem;font-weight:700;font-variant-numeric:tabular-nums}
.desacoop figure{margin:.4rem 0 .8rem}
.desacoop figcaption{color:#4a5361;font-size:.85rem}
.desacoop .cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(16rem,1fr));gap:.8rem}
.desacoop .card{border:1px solid #c9ced6;border-radius:6px;padding:.4rem .8rem .6rem}
.desacoop .card .big{font-size:1.8rem}
.desacoop dl{display:grid;grid-template-columns:max-content 1fr;gap:.15rem 1rem;margin:.4rem 0}
.desacoop dt{font-weight:600;color:#333a44}.desacoop dd{margin:0}
.desacoop .small{font-size:.85rem;color:#4a5361}
.desacoop footer{margin-top:1.6rem;border-top:1px solid #c9ced6;padding-top:.4rem}
@page{size:A4;margin:14mm 12mm}
@media print{
 .desacoop{font-size:10pt;max-width:none;padding:0}
 .desacoop *{-webkit-print-color-adjust:exact;print-color-adjust:exact}
 .desacoop h2,.desacoop h3{break-after:avoid;page-break-after:avoid}
 .desacoop tr,.desacoop figure,.desacoop .card,.desacoop li{break-inside:avoid;
  page-break-inside:avoid}
 .desacoop .cards{grid-template-columns:1fr 1fr}
 .desacoop .banner{border-width:2px}
 .desacoop h1{font-size:16pt}.desacoop h2{font-size:13pt}.desacoop .big{font-size:20pt}
 .desacoop th,.desacoop td{padding:.15rem .25rem}
 .desacoop td.bar{width:auto}.desacoop td.bar svg{width:80px;height:auto}
}
"""

#: (CSS class, mark) per status: the mark and the status text always go with the colour.
_LOOK: dict[S, tuple[str, str]] = {
    S.ACHIEVED: ("good", "✔"),
    S.ON_TRACK: ("good", "✓"),
    S.AT_RISK: ("warn", "!"),
    S.OFF_TRACK: ("bad", "✗"),
    S.INCOMPLETE: ("warn", "?"),
    S.OVERDUE: ("bad", "✗"),
    S.NOT_STARTED: ("none", "○"),
    S.NO_DATA: ("none", "–"),
    S.NO_TARGET: ("none", "–"),
    S.REPORTED: ("none", "i"),
    S.NOT_SCORED: ("none", "–"),
}
_FILL = {"good": "#2e7d32", "warn": "#c77c02", "bad": "#c62828", "none": "#9aa1ab"}

_OWN_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "plan": "Monitoring plan",
        "progress": "Progress",
        "expected": "Expected",
        "status": "Status",
        "arrived": "Data arrived",
        "arrived_long": "share of the expected data that has arrived",
        "arrived_sentence": "{share} of the expected data has arrived",
        "expected_on": "expected {share} on {date}",
        "area": "Scope area",
        "no": "No.",
        "compare": "Scope areas, party by party",
        "shortfall": (
            "at its expected value would raise the overall figure by {share} percentage points"
        ),
        "region": "Region",
        "code": "Code",
        "no_value": "{n} more without a value (no data or no target)",
        "milestone": "Milestone",
        "due": "Due",
        "outcome": "Outcome",
        "met_on": "met on {date}",
        "partly_on": "partly met on {date}",
        "days_after": "{n} days after the due date",
        "overdue_by": "not met, {n} days past the due date",
        "not_yet": "due in {n} days",
        "due_today": "due today",
        "indicator": "Indicator",
        "actual": "Actual",
        "target": "Target",
        "missing": "Expected to report, no data yet from",
        "late_obs": "Recorded after the deadline",
        "apart": "Shown apart, counted in no total (not expected to report)",
        "findings": "Left out of the figures",
        "notes": "Notes",
        "rules": "How to read this report",
        "bar": "{value} against {expected} expected, {status}",
        "bar_none": "no value, {status}",
        "timeline": "Milestone timeline: due dates (open circles), dates met (filled), "
        "the report date (vertical line)",
        "today": "report date",
        "parties_word": "Parties",
        "signatories": "Signatories",
        "signing": "Signing",
        "term": "Term",
        "unknown": "unknown",
        "scope": "Scope",
        "lead": "Lead",
        "name": "Name",
        "province": "Province",
        "position": "Position",
        "for": "For",
        "undated": "signed, date not stated",
        "numbers": "Each party's number",
        "present": "Present",
        "uncertain": "uncertain",
        "uncertain_facts": "Uncertain facts",
        "not_stated": "name not stated",
        "amendments": "Amendments",
        "window": "Monitoring window",
        "frequency": "Reporting",
        "counts": "Contents",
        "n_indicators": "{n} indicators",
        "n_observations": "{n} observations",
        "n_milestones": "{n} milestones",
        "n_regions": "{n} named regions",
        "observations": "Observations",
        "reports": "{n} reports",
        "m_met": "met",
        "m_met_late": "met late",
        "m_partly": "partly met",
        "m_not_met": "not met",
        "m_scheduled": "scheduled",
        "m_overdue": "overdue",
        "targets": "Targets",
        "unit": "Unit",
        "evaluation": "Village evaluation",
        "result": "Evaluation result",
        "method": "Method",
        "score": "Score",
        "next": "Next status",
        "minimum": "Minimum for the next status",
        "gap": "Gap",
        "dimension": "Dimension",
        "value": "Value",
        "scores": "{n} indicator scores",
        "published": "As published",
        "findings_eval": "Findings",
        "summary": "Evaluations of {region} in {year}",
        "summaries": "Evaluations by region",
        "total": "Total",
        "villages": "Villages",
        "moved_up": "moved up",
        "moved_down": "moved down",
        "reached_mandiri": "reached Mandiri",
        "since": "since {year}",
        "registry": "Region list, edition {edition}",
        "level": "Level",
        "count": "Regions",
        "village": "Village",
        "year": "Year",
        "more": "and {n} more",
        "n_more": "+{n} more",
        "status_of": "Status on {date}",
    },
    "id": {
        "plan": "Rencana pemantauan",
        "progress": "Kemajuan",
        "expected": "Seharusnya",
        "status": "Status",
        "arrived": "Data masuk",
        "arrived_long": "bagian data yang seharusnya ada dan sudah masuk",
        "arrived_sentence": "{share} dari data yang seharusnya ada sudah masuk",
        "expected_on": "seharusnya {share} pada {date}",
        "area": "Ruang lingkup",
        "no": "No.",
        "compare": "Ruang lingkup per pihak",
        "shortfall": "bila sesuai jadwal menaikkan capaian keseluruhan sebesar {share} poin persen",
        "region": "Wilayah",
        "code": "Kode",
        "no_value": "{n} lainnya tanpa nilai (tidak ada data atau target)",
        "milestone": "Tonggak",
        "due": "Tenggat",
        "outcome": "Hasil",
        "met_on": "tercapai pada {date}",
        "partly_on": "tercapai sebagian pada {date}",
        "days_after": "{n} hari setelah tenggat",
        "overdue_by": "belum tercapai, {n} hari melewati tenggat",
        "not_yet": "tenggat {n} hari lagi",
        "due_today": "tenggat hari ini",
        "indicator": "Indikator",
        "actual": "Realisasi",
        "target": "Target",
        "missing": "Wajib melapor, belum ada data dari",
        "late_obs": "Dicatat melewati tenggat",
        "apart": "Ditampilkan terpisah, tidak masuk total (tidak wajib melapor)",
        "findings": "Tidak dihitung dalam angka",
        "notes": "Catatan",
        "rules": "Cara membaca laporan ini",
        "bar": "{value} dari seharusnya {expected}, {status}",
        "bar_none": "tanpa nilai, {status}",
        "timeline": "Lini waktu tonggak: tenggat (lingkaran kosong), tanggal tercapai "
        "(lingkaran penuh), tanggal laporan (garis tegak)",
        "today": "tanggal laporan",
        "parties_word": "Para pihak",
        "signatories": "Penandatangan",
        "signing": "Penandatanganan",
        "term": "Jangka waktu",
        "unknown": "tidak diketahui",
        "scope": "Ruang lingkup",
        "lead": "Penanggung jawab",
        "name": "Nama",
        "province": "Provinsi",
        "position": "Jabatan",
        "for": "Untuk",
        "undated": "ditandatangani, tanggal tidak disebut",
        "numbers": "Nomor para pihak",
        "present": "Hadir",
        "uncertain": "tidak pasti",
        "uncertain_facts": "Fakta tidak pasti",
        "not_stated": "nama tidak disebut",
        "amendments": "Perubahan",
        "window": "Masa pemantauan",
        "frequency": "Pelaporan",
        "counts": "Isi",
        "n_indicators": "{n} indikator",
        "n_observations": "{n} observasi",
        "n_milestones": "{n} tonggak",
        "n_regions": "{n} wilayah bernama",
        "observations": "Observasi",
        "reports": "{n} laporan",
        "m_met": "tercapai",
        "m_met_late": "tercapai terlambat",
        "m_partly": "tercapai sebagian",
        "m_not_met": "tidak tercapai",
        "m_scheduled": "terjadwal",
        "m_overdue": "melewati tenggat",
        "targets": "Target",
        "unit": "Satuan",
        "evaluation": "Evaluasi desa",
        "result": "Hasil evaluasi",
        "method": "Metode",
        "score": "Skor",
        "next": "Status berikutnya",
        "minimum": "Skor minimal status berikutnya",
        "gap": "Kekurangan",
        "dimension": "Dimensi",
        "value": "Nilai",
        "scores": "{n} skor indikator",
        "published": "Sesuai publikasi",
        "findings_eval": "Temuan",
        "summary": "Evaluasi {region} tahun {year}",
        "summaries": "Evaluasi per wilayah",
        "total": "Jumlah",
        "villages": "Desa",
        "moved_up": "naik",
        "moved_down": "turun",
        "reached_mandiri": "menjadi Mandiri",
        "since": "sejak {year}",
        "registry": "Daftar wilayah, edisi {edition}",
        "level": "Tingkat",
        "count": "Wilayah",
        "village": "Desa",
        "year": "Tahun",
        "more": "dan {n} lainnya",
        "n_more": "+{n} lainnya",
        "status_of": "Status per {date}",
    },
}

#: The report's vocabulary (desacoop.report) with the words only this page needs, so a
#: phrase is chosen once for every format.
_WORDS: dict[str, dict[str, str]] = {
    language: {**REPORT_WORDS[language], **own} for language, own in _OWN_WORDS.items()
}

#: Rows a table of many items shows before it says how many more there are.
_ROWS = 50


# -- public ---------------------------------------------------------------------------


def page(
    report: ProgressReport, language: Language | str = "en", *, names: _Names | None = None
) -> str:
    """The progress report as one standalone HTML document (``render(report, "html")``).

    ``names`` (a :class:`~desacoop.registry.RegionRegistry`) names the regions the report
    leaves unnamed.
    """
    if not isinstance(report, ProgressReport):
        raise ValidationError(f"expected a ProgressReport, not {shown(report)}")
    lang = Language.parse(language).value
    _names_argument(names)
    w = _WORDS[lang]
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(w['title'])}: {_e(report.title)}</title>\n"
        f"<style>\n{STYLE}</style>\n</head>\n"
        f'<body>\n<main class="desacoop">\n{_report(report, lang, names, 1)}</main>\n'
        "</body>\n</html>\n"
    )


def fragment(obj: object, language: Language | str = "en") -> str:
    """The HTML piece for ``obj``: a progress report or figure, an agreement, a monitoring
    plan, a village evaluation or evaluation result, a region summary or a sequence of
    them (or of village evaluations), a region list (a summary: counts per level).

    >>> from desacoop.example import example_agreement
    >>> fragment(example_agreement(), "en").startswith("<article")
    True
    """
    lang = Language.parse(language).value
    if isinstance(obj, ProgressReport):
        return _report(obj, lang, None, 1)
    if isinstance(obj, ProgressFigure):
        return _figure(obj, lang)
    if isinstance(obj, Agreement):
        return _agreement(obj, lang)
    if isinstance(obj, MonitoringPlan):
        return _plan(obj, lang)
    if isinstance(obj, VillageEvaluation):
        return _evaluation(obj, lang)
    if isinstance(obj, EvaluationResult):
        return _result(obj, lang)
    if isinstance(obj, RegionSummary):
        return _summaries((obj,), lang)
    if isinstance(obj, RegionRegistry):
        return _registry(obj, lang)
    if isinstance(obj, Sequence) and not isinstance(obj, str | bytes) and obj:
        if all(isinstance(item, RegionSummary) for item in obj):
            return _summaries(list(obj), lang)
        if all(isinstance(item, VillageEvaluation) for item in obj):
            return _evaluations(list(obj), lang)
    raise ValidationError(f"no HTML view of {shown(obj)}")


def notebook(obj: object, language: Language | str = "en") -> str:
    """:func:`fragment` with the style sheet, for a notebook's ``_repr_html_``."""
    body = fragment(obj, language)
    return f'<div class="desacoop">\n<style>\n{STYLE}</style>\n{body}</div>\n'


# -- small pieces ------------------------------------------------------------------------


def _e(text: object) -> str:
    """Any text, escaped for an element or an attribute."""
    return for_html(str(text))


def _code(text: object) -> str:
    """A code or an id, escaped: ``<code>63.71</code>``."""
    return f"<code>{_e(text)}</code>"


def _names_argument(names: object) -> None:
    if names is not None and not callable(getattr(names, "get", None)):
        raise ValidationError(
            f"names must be a region list such as a RegionRegistry, not {shown(names)}"
        )


def _plain_date(day: dt.date, language: str) -> str:
    return format_date(day, weekday=False, language=language)


def _date(day: dt.date, language: str) -> str:
    return f'<time datetime="{day.isoformat()}">{_e(_plain_date(day, language))}</time>'


def _area_key(area: object) -> str:
    """The id of a scope area: a catalog member's code, an agreement's own area's id, or
    the id an indicator or milestone refers to it by."""
    if isinstance(area, str):
        return area
    for name in ("id", "value"):
        found = getattr(area, name, None)
        if isinstance(found, str):
            return found
    return str(area)


def _area_label(area: object, language: str) -> str:
    """A scope area's label in ``language`` (its id when it is only referred to)."""
    label = getattr(area, "label", None)
    return str(label(language)) if callable(label) else _area_key(area)


def _own_label(item: MilestoneState | Indicator, language: str) -> str:
    """A milestone's or an indicator's own label in ``language``."""
    return item.label_en if language == "en" else item.label_id


def _h(level: int, text: str, ident: str | None = None) -> str:
    """A heading (``text`` is markup); below ``<h6>`` stays ``<h6>``."""
    level = min(level, 6)
    anchor = f' id="{_e(ident)}"' if ident else ""
    return f"<h{level}{anchor}>{text}</h{level}>\n"


def _section(ident: str, level: int, title: str) -> str:
    """The opening of a section of the report, labelled by its heading (``title`` a text)."""
    return f'<section aria-labelledby="{ident}">\n{_h(level, _e(title), ident)}'


def _banner(language: str) -> str:
    """The ILLUSTRATIVE note of a made-up plan."""
    return f'<p class="banner" role="note">{_e(_WORDS[language]["banner"])}</p>'


def _list(items: Iterable[str]) -> str:
    """A bulleted list of markup items."""
    return "<ul>\n" + "".join(f"<li>{item}</li>\n" for item in items) + "</ul>\n"


def _badge(look: str, mark: str, text: str) -> str:
    """A state as its mark and its word in its colour (``look``): never the colour alone."""
    return (
        f'<span class="status {look}"><span class="mark" aria-hidden="true">{mark}</span> '
        f"{_e(text)}</span>"
    )


def _status(status: S, language: str) -> str:
    look, mark = _LOOK[status]
    return _badge(look, mark, status.label(language))


# -- tables ------------------------------------------------------------------------------


class _Col(NamedTuple):
    """A column header other than a plain text: over numbers (right-aligned) or several
    columns wide."""

    text: str
    numeric: bool = False
    span: int = 1


def _n(text: str) -> _Col:
    """The header of a column of numbers."""
    return _Col(text, numeric=True)


def _head(*columns: str | _Col) -> str:
    """A table's header row: one ``scope="col"`` cell a column, every text escaped.

    >>> _head("Name", _n("Score"))
    '<thead><tr><th scope="col">Name</th><th scope="col" class="n">Score</th></tr></thead>\\n'
    """
    cells = []
    for column in columns:
        col = column if isinstance(column, _Col) else _Col(column)
        span = f' colspan="{col.span}"' if col.span > 1 else ""
        look = ' class="n"' if col.numeric else ""
        cells.append(f'<th scope="col"{span}{look}>{_e(col.text)}</th>')
    return f"<thead><tr>{''.join(cells)}</tr></thead>\n"


def _table(head: str, rows: Iterable[str], caption: str = "") -> str:
    """A whole table: its caption (markup), header row (:func:`_head`) and rows (:func:`_row`)."""
    return f"<table>\n{caption}{head}<tbody>\n{''.join(rows)}</tbody></table>\n"


def _row(*cells: str) -> str:
    """A table row of cells (:func:`_th`, :func:`_td`)."""
    return f"<tr>{''.join(cells)}</tr>\n"


def _th(content: str, look: str = "") -> str:
    """The header cell of a row: ``content`` is markup (escape texts first)."""
    cls = f' class="{look}"' if look else ""
    return f'<th scope="row"{cls}>{content}</th>'


def _td(content: object, look: str = "", span: int = 1) -> str:
    """A data cell: ``content`` is markup (escape texts first), ``look`` its CSS class
    (``n`` for a number), ``span`` how many columns it covers."""
    wide = f' colspan="{span}"' if span > 1 else ""
    cls = f' class="{look}"' if look else ""
    return f"<td{wide}{cls}>{content}</td>"


def _bar_label(f: ProgressFigure, language: str) -> str:
    w = _WORDS[language]
    status = f.status.label(language)
    if f.value is None:
        return w["bar_none"].format(status=status)
    return w["bar"].format(
        value=_pct(f.value, language), expected=_pct(f.expected, language), status=status
    )


def _share(value: Decimal | None) -> float:
    """A share in [0, 1] as a float for drawing only (never for a figure)."""
    if value is None:
        return 0.0
    return min(max(float(value), 0.0), 1.0)


def _bar(f: ProgressFigure, language: str, width: int = 160, height: int = 14) -> str:
    """A bar for the value, a dark mark where the schedule expects it."""
    label = _e(_bar_label(f, language))
    look, _ = _LOOK[f.status]
    filled = round(_share(f.value) * width, 1)
    parts = [
        f'<svg role="img" aria-label="{label}" width="{width + 4}" height="{height + 6}" '
        f'viewBox="-2 -3 {width + 4} {height + 6}">',
        f"<title>{label}</title>",
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#eceef1" '
        'stroke="#aeb5bf" stroke-width="0.6"/>',
    ]
    if f.value is not None:
        parts.append(f'<rect x="0" y="0" width="{filled}" height="{height}" fill="{_FILL[look]}"/>')
    if f.expected is not None:
        x = round(_share(f.expected) * width, 1)
        x = min(max(x, 1.0), width - 1.0)
        parts.append(
            f'<line x1="{x}" x2="{x}" y1="-3" y2="{height + 3}" stroke="#111" stroke-width="2.2"/>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _figure_cells(f: ProgressFigure, language: str) -> str:
    return (
        _td(_bar(f, language), "bar")
        + _td(_pct(f.value, language), "n")
        + _td(_pct(f.expected, language), "n")
        + _td(_status(f.status, language))
        + _td(_pct(f.coverage, language), "n")
    )


def _figure_table(language: str, first: Sequence[str], rows: Iterable[str]) -> str:
    """Figures, one row each: the ``first`` columns, then the bar, value, expected value,
    status and the share of data arrived (:func:`_figure_cells`)."""
    w = _WORDS[language]
    head = _head(*first, w["progress"], _n("%"), _n(w["expected"]), w["status"], _n(w["arrived"]))
    caption = (
        f"<caption>{_e(w['arrived'])}: {_e(w['arrived_long'])}. "
        f"{_e(w['expected'])}: {_e(_expected_hint(language))}</caption>\n"
    )
    return _table(head, rows, caption)


def _expected_hint(language: str) -> str:
    if language == "id":
        return "garis hitam pada batang"
    return "the black mark on the bar"


# -- the progress report ----------------------------------------------------------------


def _report(report: ProgressReport, language: str, names: _Names | None, level: int) -> str:
    w = _WORDS[language]
    out: list[str] = ['<article class="report">\n']
    add = out.append
    if report.illustrative:
        add(f"{_banner(language)}\n")
    add(_h(level, f"{_e(w['title'])}: {_e(report.title)}"))
    recorded = (
        _date(report.recorded_on, language)
        if report.recorded_on is not None
        else _e(w["all_records"])
    )
    add(
        f'<p class="meta">{_e(w["agreement"])} {_code(report.agreement)} · '
        f"{_e(w['as_of'])} {_date(report.as_of, language)} · {_e(w['recorded'])}: "
        f"{recorded}</p>\n"
    )
    add(_overall(report, language, level + 1))
    add(_areas(report, language, level + 1))
    if report.by_party:
        add(_parties(report, language, level + 1))
    add(_holding_back(report, language, level + 1))
    if report.by_region:
        add(_regions(report, language, names, level + 1))
    if report.milestones:
        add(_milestones(report, language, level + 1))
    add(_indicators(report, language, level + 1))
    add(_gaps(report, language, level + 1))
    add(_closing(report, language, level + 1))
    add("</article>\n")
    return "".join(out)


def _overall(report: ProgressReport, language: str, level: int) -> str:
    w = _WORDS[language]
    total = report.total
    arrived = w["arrived_sentence"].format(share=_pct(total.coverage, language))
    expected = w["expected_on"].format(
        share=_pct(total.expected, language), date=_plain_date(report.as_of, language)
    )
    return (
        f"{_section('overall', level, w['overall'])}"
        f'<div class="overall"><span class="big">{_pct(total.value, language)}</span>'
        f"<span>{_e(expected)}</span>{_status(total.status, language)}"
        f"<span>{_e(arrived)}</span></div>\n"
        f"<figure>{_bar(total, language, width=600, height=22)}"
        f"<figcaption>{_e(_bar_label(total, language))}</figcaption></figure>\n</section>\n"
    )


def _areas(report: ProgressReport, language: str, level: int) -> str:
    w = _WORDS[language]
    rows: list[str] = []
    empty: list[str] = []
    for number, area in enumerate(report.total.children, start=1):
        name = _e(area.label(language))
        if not area.children:
            empty.append(f"{number}. {name}")
            continue
        rows.append(_row(_td(number, "n"), _th(name), _figure_cells(area, language)))
    out = [
        _section("areas", level, w["areas"]),
        _figure_table(language, (w["no"], w["area"]), rows),
    ]
    if empty:
        out.append(
            f"<p><strong>{_e(w['no_indicators'])} ({len(empty)}):</strong> "
            f"{'; '.join(empty)}.</p>\n"
        )
    out.append("</section>\n")
    return "".join(out)


def _parties(report: ProgressReport, language: str, level: int) -> str:
    w = _WORDS[language]
    out = [_section("parties", level, w["parties"]), '<div class="cards">\n']
    for party in report.by_party:
        arrived = w["arrived_sentence"].format(share=_pct(party.coverage, language))
        expected = w["expected_on"].format(
            share=_pct(party.expected, language), date=_plain_date(report.as_of, language)
        )
        out.append(
            f'<div class="card">{_h(level + 1, _e(party.label(language)))}'
            f'<div><span class="big">{_pct(party.value, language)}</span> '
            f"{_status(party.status, language)}</div>"
            f"<div>{_bar(party, language, width=240, height=16)}</div>"
            f'<div class="small">{_e(expected)}; {_e(arrived)}</div></div>\n'
        )
    out.append("</div>\n")
    # The same areas side by side: one row per area with data in any province.
    keys = [a.key for a in report.total.children if a.children]
    by_key = [{a.key: a for a in party.children} for party in report.by_party]
    rows = []
    for key in keys:
        figure = next(a for a in report.total.children if a.key == key)
        cells = [_th(_e(figure.label(language)))]
        for table in by_key:
            found = table.get(key)
            if found is None or (found.status is S.NO_TARGET and found.value is None):
                cells.append(_td(_e(w["none"]), "none", span=3))
                continue
            cells.append(_td(_bar(found, language, width=110, height=12), "bar"))
            cells.append(_td(_pct(found.value, language), "n"))
            cells.append(_td(_status(found.status, language)))
        rows.append(_row(*cells))
    head = _head(w["area"], *(_Col(p.label(language), span=3) for p in report.by_party))
    out.append(_h(level + 1, _e(w["compare"])))
    out.append(_table(head, rows))
    out.append("</section>\n")
    return "".join(out)


def _holding_back(report: ProgressReport, language: str, level: int) -> str:
    w = _WORDS[language]
    held = report.holding_back()
    out = [_section("back", level, w["back"])]
    if not held:
        out.append(f"<p>{_e(w['none'])}</p>\n</section>\n")
        return "".join(out)
    out.append("<ol>\n")
    for ind, gap in held:
        out.append(
            f"<li><strong>{_e(ind.label(language))}</strong>: {_pct(ind.value, language)} "
            f"({_e(w['expected'].lower())} {_pct(ind.expected, language)}), "
            f"{_status(ind.status, language)}; "
            f"{_e(w['shortfall'].format(share=_pct(gap, language, suffix='')))}</li>\n"
        )
    out.append("</ol>\n</section>\n")
    return "".join(out)


def _region_name(region: ProgressFigure, language: str, names: _Names | None) -> str:
    label = region.label(language)
    if not label.endswith(region.key):
        return label
    if names is not None:
        found: object = names.get(region.key)
        if isinstance(found, Region):
            return found.name
        if isinstance(found, str) and found.strip():
            return found
    return "–"


def _regions(report: ProgressReport, language: str, names: _Names | None, level: int) -> str:
    w = _WORDS[language]
    furthest, missing = behind(report)
    where = f" ({report.region_level.label(language)})" if report.region_level else ""
    rows = (
        _row(
            _td(_code(region.key)),
            _th(_e(_region_name(region, language, names))),
            _figure_cells(region, language),
        )
        for region in furthest
    )
    out = [
        _section("regions", level, w["regions"] + where),
        _figure_table(language, (w["code"], w["region"]), rows),
    ]
    if missing:
        out.append(f"<p>{_e(w['no_value'].format(n=missing))}</p>\n")
    out.append("</section>\n")
    return "".join(out)


def _milestone_outcome(m: MilestoneState, as_of: dt.date, language: str) -> str:
    """What happened, in words that never contradict the status."""
    w = _WORDS[language]
    if m.met_on is not None and m.status in (MilestoneStatus.MET, MilestoneStatus.PARTIALLY_MET):
        key = "partly_on" if m.status is MilestoneStatus.PARTIALLY_MET else "met_on"
        text = w[key].format(date=_plain_date(m.met_on, language))
        late = (m.met_on - m.due).days
        if late > 0:
            text += f", {w['days_after'].format(n=late)}"
        return text
    if m.status is MilestoneStatus.NOT_MET:
        return w["not_met"]
    days = (m.due - as_of).days
    if days > 0:
        return w["not_yet"].format(n=days)
    if days == 0:
        return w["due_today"]
    return w["overdue_by"].format(n=-days)


def _milestone_look(m: MilestoneState, as_of: dt.date) -> tuple[str, str, str]:
    """(CSS class, mark, word) of a milestone's state on the report date: the recorded
    status, with lateness derived (a scheduled milestone past its due date is overdue)."""
    if m.status is MilestoneStatus.MET:
        if m.met_on is not None and m.met_on > m.due:
            return "warn", "!", "m_met_late"
        return "good", "✓", "m_met"
    if m.status is MilestoneStatus.PARTIALLY_MET:
        return "warn", "◐", "m_partly"
    if m.status is MilestoneStatus.NOT_MET:
        return "bad", "✗", "m_not_met"
    if m.due < as_of:
        return "bad", "✗", "m_overdue"
    return "none", "○", "m_scheduled"


def _milestones(report: ProgressReport, language: str, level: int) -> str:
    w = _WORDS[language]
    numbers = {a.key: i for i, a in enumerate(report.total.children, start=1)}
    labels = {a.key: a.label(language) for a in report.total.children}
    rows = []
    for i, m in enumerate(report.milestones, start=1):
        key = _area_key(m.area)
        area = f"{numbers[key]}. {labels[key]}" if key in numbers else key
        look, mark, word = _milestone_look(m, report.as_of)
        rows.append(
            _row(
                _td(i, "n"),
                _th(_e(_own_label(m, language))),
                _td(_e(area)),
                _td(_date(m.due, language), "d"),
                _td(_badge(look, mark, w[word])),
                _td(_e(_milestone_outcome(m, report.as_of, language)), "outcome"),
            )
        )
    head = _head(_n("#"), w["milestone"], w["area"], w["due"], w["status"], w["outcome"])
    return (
        f"{_section('milestones', level, w['milestones'])}{_timeline(report, language)}"
        f"{_table(head, rows)}</section>\n"
    )


def _timeline(report: ProgressReport, language: str) -> str:
    """The milestones on a time axis, one row each, numbered as in the table below."""
    w = _WORDS[language]
    days = [d for m in report.milestones for d in (m.due, m.met_on) if d is not None]
    first = dt.date(min([*days, report.as_of]).year, 1, 1)
    latest = max([*days, report.as_of]).year
    last = dt.date(latest + 1, 1, 1) if latest < dt.MAXYEAR else dt.date.max  # 9999 ends there
    span = (last - first).days
    left, width, row = 28, 700, 24
    height = 34 + row * len(report.milestones)

    def x(day: dt.date) -> float:
        return round(left + width * (day - first).days / span, 1)

    description = [w["timeline"] + "."]
    for i, m in enumerate(report.milestones, start=1):
        description.append(
            f"{i}. {_own_label(m, language)}: {w['due'].lower()} {_plain_date(m.due, language)}; "
            f"{_milestone_outcome(m, report.as_of, language)}."
        )
    alt = _e(" ".join(description))
    full = left + width + 10
    parts = [
        f'<figure><svg role="img" aria-label="{alt}" width="100%" '
        f'style="max-width:{full * 4 // 3}px" viewBox="0 0 {full} {height}" '
        'font-size="11" font-family="sans-serif">',
        f"<title>{alt}</title>",
    ]
    step = max(1, (last.year - first.year) // 20)  # at most about 20 ticks, whatever the span
    for year in range(first.year, last.year + 1, step):
        tick = x(dt.date(year, 1, 1))
        parts.append(f'<line x1="{tick}" x2="{tick}" y1="14" y2="{height}" stroke="#d5d9df"/>')
        if year < last.year:
            parts.append(f'<text x="{tick + 3}" y="11" fill="#4a5361">{year}</text>')
    now = x(report.as_of)
    parts.append(
        f'<line x1="{now}" x2="{now}" y1="14" y2="{height}" stroke="#111" stroke-width="1.5" '
        f'stroke-dasharray="4 2"/><text x="{now - 3}" y="{height - 3}" text-anchor="end" '
        f'fill="#111">{_e(w["today"])}</text>'
    )
    for i, m in enumerate(report.milestones, start=1):
        y = 14 + row * i
        look, _, _ = _milestone_look(m, report.as_of)
        colour = _FILL[look]
        due = x(m.due)
        parts.append(f'<text x="4" y="{y + 4}" fill="#1b1f24">{i}</text>')
        end = m.met_on if m.met_on is not None else (report.as_of if m.due < report.as_of else None)
        if end is not None and end != m.due:
            dashes = "" if m.met_on else ' stroke-dasharray="5 3"'
            parts.append(
                f'<line x1="{due}" x2="{x(end)}" y1="{y}" y2="{y}" stroke="{colour}" '
                f'stroke-width="3"{dashes}/>'
            )
        parts.append(
            f'<circle cx="{due}" cy="{y}" r="6" fill="#fff" stroke="{colour}" stroke-width="2.5"/>'
        )
        if m.met_on is not None:
            parts.append(f'<circle cx="{x(m.met_on)}" cy="{y}" r="5" fill="{colour}"/>')
    parts.append(f"</svg><figcaption>{_e(w['timeline'])}.</figcaption></figure>\n")
    return "".join(parts)


def _indicators(report: ProgressReport, language: str, level: int) -> str:
    w = _WORDS[language]
    out = [_section("indicators", level, w["indicators"])]
    for number, area in enumerate(report.total.children, start=1):
        if not area.children:
            continue
        out.append(_h(level + 1, f"{number}. {_e(area.label(language))}"))
        out.append(_indicator_table(area.children, language))
    out.append("</section>\n")
    return "".join(out)


def _indicator_table(indicators: Sequence[ProgressFigure], language: str) -> str:
    w = _WORDS[language]
    rows = []
    for ind in indicators:
        unit = f" {_e(ind.unit)}" if ind.unit else ""
        if ind.text is not None or ind.status is S.REPORTED:
            latest = f"“{_e(ind.text)}”, " if ind.text is not None else ""
            actual = latest + _e(w["reports"].format(n=len(ind.observations)))
            target = "–"
        else:
            actual = f"{_num(ind.actual, language)}{unit}" if ind.actual is not None else "–"
            target = "–"
            if ind.target is not None:
                by = (
                    f" {_e(w['by'])} {_date(ind.target_by, language)}"
                    if ind.target_by is not None
                    else ""
                )
                target = f"{_num(ind.target, language)}{unit}{by}"
        rows.append(
            _row(
                _th(_e(ind.label(language)), "label"),
                _td(_bar(ind, language, width=110, height=12), "bar"),
                _td(_pct(ind.value, language), "n"),
                _td(actual, "q"),
                _td(target, "q"),
                _td(_status(ind.status, language)),
                _td(_pct(ind.coverage, language), "n"),
            )
        )
    head = _head(
        w["indicator"],
        w["progress"],
        _n("%"),
        _n(w["actual"]),
        _n(w["target"]),
        w["status"],
        _n(w["arrived"]),
    )
    return _table(head, rows)


#: How many region codes or observation ids a cell lists before "+ N more".
_LISTED = 10


def _listed(items: Sequence[str], language: str) -> str:
    shown_ = ", ".join(_code(item) for item in items[:_LISTED])
    more = len(items) - _LISTED
    return shown_ + (f" ({_e(_WORDS[language]['n_more'].format(n=more))})" if more > 0 else "")


def _gaps(report: ProgressReport, language: str, level: int) -> str:
    """Declared reporters without data, late observations, the engine's findings and the
    data shown apart (as the text report's 'Data gaps'); nothing when there are none."""
    w = _WORDS[language]
    indicators = [
        f for f in report.total.walk() if f.kind is FigureKind.INDICATOR and (f.missing or f.late)
    ]
    undeclared = report.undeclared
    if not indicators and not report.findings and not undeclared:
        return ""
    out = [_section("gaps", level, w["gaps"])]
    if indicators:
        rows = (
            _row(
                _th(f"{_e(f.label(language))} {_code(f.key)}"),
                _td(_listed(f.missing, language) or "–"),
                _td(_listed(f.late, language) or "–"),
            )
            for f in indicators
        )
        out.append(_table(_head(w["indicator"], w["missing"], w["late_obs"]), rows))
    if report.findings:
        out.append(_h(level + 1, _e(w["findings"])))
        out.append(_list(_e(f) for f in report.findings))
    if undeclared:
        out.append(_h(level + 1, _e(w["apart"])))
        rows = (
            _row(
                _th(f"{_e(f.label(language))} {_code(f.key)}"),
                _td(_code(f.region or "")),
                _td(f"{_e(_num(f.actual, language))}{_e(f' {f.unit}' if f.unit else '')}", "n"),
            )
            for f in undeclared
        )
        out.append(_table(_head(w["indicator"], w["region"], _n(w["actual"])), rows))
    out.append("</section>\n")
    return "".join(out)


def _rules(report: ProgressReport, language: str) -> str:
    t = report.tolerance
    on, risk = _pct(t.on_track, language), _pct(t.at_risk, language)
    if language == "id":
        return (
            f"Sesuai jadwal bila kemajuan ≥ {on} dari yang seharusnya, berisiko bila ≥ {risk}, "
            "tertinggal bila kurang. Jadwal bergerak linear dari baseline ke tiap target. "
            "Data yang belum masuk tidak dihitung nol: kolom “Data masuk” menunjukkan "
            "bagian data yang seharusnya ada dan sudah masuk."
        )
    return (
        f"On track when progress is at least {on} of what the schedule expects, at risk from "
        f"{risk}, off track below. The schedule runs linearly from the baseline to each "
        "target. Missing data is never counted as zero: “Data arrived” is the share of the "
        "expected data that has arrived."
    )


def _closing(report: ProgressReport, language: str, level: int) -> str:
    w = _WORDS[language]
    out = [_section("rules", level, w["rules"])]
    out.append(f"<p>{_e(_rules(report, language))}</p>\n")
    if report.notes:
        out.append(_h(level + 1, _e(w["notes"])))
        out.append(_list(_e(n) for n in report.notes))
    out.append("</section>\n")
    if report.illustrative:
        out.append(f"<footer>{_banner(language)}</footer>\n")
    return "".join(out)


# -- one figure -------------------------------------------------------------------------


def _figure(f: ProgressFigure, language: str) -> str:
    w = _WORDS[language]
    kind = f.kind.label(language)
    where = f" · {_code(f.region)}" if f.region is not None else ""
    arrived = w["arrived_sentence"].format(share=_pct(f.coverage, language))
    out = [
        '<article class="figure">\n',
        _h(3, f"{_e(f.label(language))}"),
        f'<p class="meta">{_e(kind)} {_code(f.key)}{where}</p>\n',
        f'<div class="overall"><span class="big">{_pct(f.value, language)}</span>'
        f"<span>{_e(w['expected'].lower())} {_pct(f.expected, language)}</span>"
        f"{_status(f.status, language)}<span>{_e(arrived)}</span></div>\n",
        f"<div>{_bar(f, language, width=400, height=18)}</div>\n",
    ]
    if f.children:
        if all(c.kind is FigureKind.INDICATOR for c in f.children):
            out.append(_indicator_table(f.children, language))
        else:
            rows = (
                _row(_th(_e(child.label(language))), _figure_cells(child, language))
                for child in f.children
            )
            out.append(_figure_table(language, (w["area"],), rows))
    out.append("</article>\n")
    return "".join(out)


# -- agreements and plans -----------------------------------------------------------------


def _dl(rows: Iterable[tuple[str, str]]) -> str:
    items = "".join(f"<dt>{_e(term)}</dt><dd>{value}</dd>" for term, value in rows)
    return f"<dl>{items}</dl>\n"


def _agreement(a: Agreement, language: str) -> str:
    w = _WORDS[language]
    kind = a.kind.label(language) + (
        f" ({w['uncertain']})" if a.uncertainty("kind") is not None else ""
    )
    facts: list[tuple[str, str]] = [("id", _code(a.id))]

    def doubt(path: str) -> str:
        return f" ({_e(w['uncertain'])})" if a.uncertainty(path) is not None else ""

    def person(official: Official) -> str:
        return _e(official.name) if official.name else f"({_e(w['not_stated'])})"

    if a.signing is not None:
        place = f", {_e(a.signing.place.name)}" if a.signing.place is not None else ""
        on = a.signing.on
        when = _date(on, language) if on is not None else _e(w["undated"])
        facts.append((w["signing"], f"{when}{place}{doubt('signing')}"))
    for n in a.numbers:
        facts.append((w["numbers"], f"{_code(n.party)} {_e(n.number)}"))
    term = a.term
    if term.is_known:
        start = _date(term.start, language) if term.start else "…"
        end = _date(term.end_date, language) if term.end_date else "…"
        facts.append((w["term"], f"{start} – {end}"))
    else:
        facts.append((w["term"], _e(w["unknown"])))
    if a.amendments:
        facts.append((w["amendments"], str(len(a.amendments))))
    parties = []
    for party in a.parties:
        try:
            home = party.home_province
            province = home.province_info.name if home is not None else "–"
        except ValidationError:  # a code outside the list of provinces: show the code only
            province = "–"
        parties.append(
            _row(
                _td(_code(party.id)),
                _th(_e(party.name)),
                _td(f"{_e(province)} ({_code(party.home_region or '–')})"),
            )
        )
    out = [
        '<article class="agreement">\n',
        _h(3, _e(a.title)),
        f'<p class="meta">{_e(kind)}</p>\n',
        _dl(facts),
        _h(4, _e(w["parties_word"])),
        _table(_head("id", w["name"], w["province"]), parties),
    ]
    if a.signatories:
        out.append(_h(4, _e(w["signatories"])))
        rows = (
            _row(
                _th(person(s.official) + doubt(f"signatories[{i}]")),
                _td(_e(s.official.position)),
                _td(_code(s.party)),
            )
            for i, s in enumerate(a.signatories)
        )
        out.append(_table(_head(w["name"], w["position"], w["for"]), rows))
    if a.attendees:
        out.append(_h(4, _e(w["present"])))
        rows = (
            _row(
                _th(person(p.official)),
                _td(_e(p.official.position)),
                _td(_code(p.party) if p.party else "–"),
            )
            for p in a.attendees
        )
        out.append(_table(_head(w["name"], w["position"], w["for"]), rows))
    if a.uncertain:
        out.append(_h(4, _e(w["uncertain_facts"])))
        items = "".join(
            f"<li>{_code(u.fact)}: "
            + "; ".join(f"{_e(r.value)} [{_e(', '.join(r.sources))}]" for r in u.readings)
            + (f" ({_e(u.note)})" if u.note else "")
            + "</li>\n"
            for u in a.uncertain
        )
        out.append(f"<ul>\n{items}</ul>\n")
    if a.scope:
        out.append(_h(4, f"{_e(w['scope'])} ({len(a.scope)})"))
        rows = (
            _row(
                _td(number, "n"),
                _th(_e(_area_label(c.area, language))),
                _td(_code(c.lead) if c.lead else "–"),
            )
            for number, c in enumerate(a.scope, start=1)
        )
        out.append(_table(_head(_n(w["no"]), w["area"], w["lead"]), rows))
    out.append("</article>\n")
    return "".join(out)


def _plan(plan: MonitoringPlan, language: str) -> str:
    w = _WORDS[language]
    window = plan.monitoring_window
    counts = ", ".join(
        (
            w["n_indicators"].format(n=len(plan.indicators)),
            w["n_observations"].format(n=len(plan.observations)),
            w["n_milestones"].format(n=len(plan.milestones)),
            w["n_regions"].format(n=len(plan.regions)),
        )
    )
    out = ['<article class="plan">\n']
    if plan.illustrative:
        out.append(f"{_banner(language)}\n")
    out.append(_h(3, _e(plan.title)))
    out.append(
        _dl(
            (
                ("id", _code(plan.id)),
                (w["agreement"], _code(plan.agreement.id)),
                (
                    w["window"],
                    f"{_date(window.start, language)} – {_date(window.end, language)}",
                ),
                (w["frequency"], _e(plan.frequency.label(language))),
                (w["counts"], _e(counts)),
            )
        )
    )
    areas = {_area_key(c.area): _area_label(c.area, language) for c in plan.agreement.scope}
    observed: dict[str, int] = {}
    for o in plan.observations:
        observed[o.indicator] = observed.get(o.indicator, 0) + 1
    rows = (
        _row(
            _td(_e(areas.get(_area_key(ind.area), _area_label(ind.area, language)))),
            _th(f"{_e(_own_label(ind, language))} {_code(ind.id)}"),
            _td(_e(ind.unit)),
            _td(len(ind.targets), "n"),
            _td(observed.get(ind.id, 0), "n"),
        )
        for ind in plan.indicators[:_ROWS]
    )
    head = _head(w["area"], w["indicator"], w["unit"], _n(w["targets"]), _n(w["observations"]))
    out.append(_table(head, rows))
    out.append(_more(len(plan.indicators), language))
    out.append("</article>\n")
    return "".join(out)


def _more(count: int, language: str) -> str:
    if count <= _ROWS:
        return ""
    return f"<p>{_e(_WORDS[language]['more'].format(n=count - _ROWS))}</p>\n"


# -- evaluations ----------------------------------------------------------------------------


def _score(value: Decimal | None, language: str) -> str:
    """An index or score as computed or published, every digit kept (``0.6190``; Indonesian
    ``0,6190``): rounding it to two places would hide the gap to the next status."""
    if value is None:
        return "–"
    text = f"{value:f}"
    return text.replace(".", ",") if language == "id" else text


def _result_facts(r: EvaluationResult, language: str) -> list[tuple[str, str]]:
    w = _WORDS[language]
    facts = [
        (w["method"], _e(r.method.label(language))),
        (w["score"], _e(_score(r.value, language))),
        (w["status"], f"<strong>{_e(r.status.label(language))}</strong>"),
    ]
    if r.next_status is not None:
        facts.append((w["next"], _e(r.next_status.label(language))))
        facts.append((w["minimum"], _e(_score(r.minimum_for_next, language))))
        facts.append((w["gap"], _e(_score(r.gap, language))))
    return facts


def _dimensions(r: EvaluationResult, language: str) -> str:
    w = _WORDS[language]
    rows = (
        _row(_th(_e(d.dimension.label(language))), _td(_e(_score(d.value, language)), "n"))
        for d in r.inputs.dimensions
    )
    out = [_table(_head(w["dimension"], _n(w["value"])), rows)]
    if r.inputs.indicators:
        out.append(f"<p>{_e(w['scores'].format(n=len(r.inputs.indicators)))}</p>\n")
    return "".join(out)


def _result(r: EvaluationResult, language: str) -> str:
    w = _WORDS[language]
    return (
        f'<article class="evaluation">\n{_h(3, _e(w["result"]))}'
        f"{_dl(_result_facts(r, language))}{_dimensions(r, language)}</article>\n"
    )


def _evaluation(e: VillageEvaluation, language: str) -> str:
    w = _WORDS[language]
    name = f"{e.name} " if e.name else ""
    out = [
        '<article class="evaluation">\n',
        _h(3, f"{_e(w['evaluation'])}: {_e(name)}{_code(e.village)}, {e.year}"),
        _dl(_result_facts(e.result, language)),
        _dimensions(e.result, language),
    ]
    if e.published is not None:
        p = e.published
        out.append(_h(4, _e(w["published"])))
        out.append(
            _dl(
                (
                    (w["score"], _e(_score(p.score, language))),
                    (w["status"], _e(p.status.label(language))),
                    (w["next"], _e(p.target_status.label(language))),
                    (w["minimum"], _e(_score(p.minimum, language))),
                    (w["gap"], _e(_score(p.gap, language))),
                )
            )
        )
    if e.findings:
        out.append(_h(4, f"{_e(w['findings_eval'])} ({len(e.findings)})"))
        out.append(
            _list(
                f"{_e(finding.kind.label(language))}: {_e(finding.message)} {_code(finding.path)}"
                for finding in e.findings[:_ROWS]
            )
        )
        out.append(_more(len(e.findings), language))
    out.append("</article>\n")
    return "".join(out)


def _evaluations(items: list[VillageEvaluation], language: str) -> str:
    w = _WORDS[language]
    rows = (
        _row(
            _th(_code(e.village) + (f" {_e(e.name)}" if e.name else "")),
            _td(e.year, "n"),
            _td(_e(e.method.label(language))),
            _td(_e(_score(e.result.value, language)), "n"),
            _td(_e(e.status.label(language))),
        )
        for e in items[:_ROWS]
    )
    head = _head(w["village"], _n(w["year"]), w["method"], _n(w["score"]), w["status"])
    return (
        f'<article class="evaluations">\n{_table(head, rows)}'
        f"{_more(len(items), language)}</article>\n"
    )


def _summaries(items: Sequence[RegionSummary], language: str) -> str:
    w = _WORDS[language]
    statuses = list(DevelopmentStatus)
    compared = any(s.compared_with is not None for s in items)
    moves = ("moved_up", "moved_down", "reached_mandiri") if compared else ()
    title = (
        w["summary"].format(region=items[0].region, year=items[0].year)
        if len(items) == 1
        else w["summaries"]
    )
    head = _head(
        w["region"],
        _n(w["year"]),
        _n(w["total"]),
        *(_n(s.label(language)) for s in statuses),
        *(_n(w[k]) for k in moves),
    )
    rows = []
    for s in items[:_ROWS]:
        since = f" ({_e(w['since'].format(year=s.compared_with))})" if s.compared_with else ""
        moved = (s.moved_up, s.moved_down, s.reached_mandiri) if compared else ()
        rows.append(
            _row(
                _th(_code(s.region)),
                _td(f"{s.year}{since}", "n"),
                _td(s.total, "n"),
                *(_td(s.count(status), "n") for status in statuses),
                *(_td(count, "n") for count in moved),
            )
        )
    return (
        f'<article class="summaries">\n{_h(3, _e(title))}{_table(head, rows)}'
        f"{_more(len(items), language)}</article>\n"
    )


def _registry(registry: RegionRegistry, language: str) -> str:
    w = _WORDS[language]
    rows = [
        _row(
            _th(_e(level.label(language))),
            _td(_e(_num(Decimal(registry.count(level)), language)), "n"),
        )
        for level in Level
    ]
    rows.append(_row(_th(_e(w["total"])), _td(_e(_num(Decimal(len(registry)), language)), "n")))
    return (
        f'<article class="registry">\n{_h(3, _e(w["registry"].format(edition=registry.edition)))}'
        f"{_table(_head(w['level'], _n(w['count'])), rows)}</article>\n"
    )

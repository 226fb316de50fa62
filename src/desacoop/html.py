"""HTML for people: the standalone progress report page and the pieces notebooks show.

One renderer. :func:`fragment` turns a progress report, a figure, an agreement, a
monitoring plan, a village evaluation (or its result), region summaries or a region list
into a piece of HTML; :func:`page` wraps the report's piece into a whole document that
opens offline, fits a phone (tables become cards under 600 px, bars are fluid SVG) and
prints on A4; :func:`notebook` is what the classes' ``_repr_html_`` methods return (the
same piece with the style sheet scoped to it, strong enough to win over JupyterLab's).

The report and the agreement are Jinja2 templates (``desacoop/templates``, autoescape on)
reading the views of :mod:`desacoop._presentation`; :func:`markdown` is the Markdown
report from its template. Everything is inline: CSS in a ``<style>`` element, charts as
``<svg>``; no script, no font, image or style sheet fetched from anywhere. Every text is
escaped. Charts have a text alternative (``role="img"``, ``aria-label`` and ``<title>``),
tables have header cells with ``scope``, headings go down one level at a time, and every
colour comes with the status written beside it.

>>> import datetime as dt
>>> from desacoop.example import example_plan
>>> from desacoop.rollup import progress
>>> text = page(progress(example_plan(), as_of=dt.date(2024, 12, 31)), "id")
>>> text.startswith("<!DOCTYPE html>"), '<html lang="id">' in text, "<script" in text
(True, True, False)
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any, NamedTuple, Protocol

from desacoop._formats import format_day, format_number, format_score
from desacoop._neutral import for_html, for_markdown
from desacoop._presentation import (
    ROWS,
    WORDS,
    ReportView,
    agreement_view,
    counted,
    figure_row,
    more,
    view,
    words,
)
from desacoop.agreement import Agreement
from desacoop.errors import ValidationError, shown
from desacoop.evaluation.idm import ImprovementPlan
from desacoop.evaluation.records import RegionSummary, VillageEvaluation
from desacoop.evaluation.schemes import EvaluationResult
from desacoop.evaluation.status import DevelopmentStatus
from desacoop.labels import Language
from desacoop.monitoring import Indicator, MonitoringPlan
from desacoop.regions import Level, Region, RegionCode
from desacoop.registry import RegionRegistry
from desacoop.rollup import ProgressFigure, ProgressReport

__all__ = ["STYLE", "fragment", "markdown", "notebook", "page"]


class _Names(Protocol):
    """What the page needs of a region list to name a region: ``get(code)``."""

    def get(self, code: RegionCode | str) -> Region | None: ...


#: The colour of a bar per look (the status word and mark always go with it).
FILL = {"good": "#2e7d32", "warn": "#c77c02", "bad": "#c62828", "none": "#9aa1ab"}


def _cap(text: object) -> str:
    """A word with its first letter upper-cased (``BUM Desa`` stays as it is)."""
    word = str(text)
    return word[:1].upper() + word[1:]


@functools.cache
def _environment(markup: bool) -> Any:
    """The Jinja2 environment of the package's templates (loaded when something is
    rendered): HTML autoescaped; Markdown with every value kept from ending a table cell."""
    import jinja2
    import markupsafe

    def inert(value: object) -> object:
        """Every value a template writes made inert for its format (desacoop._neutral):
        escaped for HTML (bidirectional controls shown as escapes), or kept on one line of a
        Markdown table or list (no pipe, raw HTML, link or emphasis)."""
        if isinstance(value, markupsafe.Markup) or not isinstance(value, str):
            return value
        return markupsafe.Markup(for_html(value)) if markup else for_markdown(value)

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("desacoop", "templates"),
        autoescape=markup,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        finalize=inert,
    )
    env.filters["cap"] = _cap
    env.globals["FILL"] = FILL
    return env


def _render(template: str, **context: Any) -> str:
    return str(_environment(template.endswith(".html.j2")).get_template(template).render(**context))


#: The style sheet of the page, scoped to ``.desacoop``; A4 when printed.
STYLE = _render("style.css.j2", s=".desacoop")


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
    v = view(report, lang)
    body = _report(v, names, 1)
    return _render("page.html.j2", v=v, body=_markup(body), s=".desacoop")


def markdown(report: ProgressReport, language: Language | str = "en") -> str:
    """The progress report as Markdown (``render(report, "markdown")``)."""
    v = view(report, Language.parse(language).value)
    return _render("report.md.j2", v=v)


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
        return _report(view(obj, lang), None, 1)
    if isinstance(obj, ProgressFigure):
        return _figure(obj, lang)
    if isinstance(obj, Agreement):
        return _render("agreement.html.j2", a=agreement_view(obj, lang), w=words(lang))
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
    if isinstance(obj, ImprovementPlan):
        return _improvement(obj, lang)
    if isinstance(obj, Sequence) and not isinstance(obj, str | bytes) and obj:
        if all(isinstance(item, RegionSummary) for item in obj):
            return _summaries(list(obj), lang)
        if all(isinstance(item, VillageEvaluation) for item in obj):
            return _evaluations(list(obj), lang)
    raise ValidationError(f"no HTML view of {shown(obj)}")


def notebook(obj: object, language: Language | str = "en") -> str:
    """:func:`fragment` with the style sheet scoped to it, for a notebook's ``_repr_html_``.

    The scope ``.desacoop.dc-nb.dc-nb`` (three classes) outranks JupyterLab's own rules
    (``:not(.jp-RenderedMarkdown).jp-RenderedHTMLCommon td``: two classes and a tag), which
    would otherwise right-align every cell."""
    body = _markup(fragment(obj, language))
    return _render("notebook.html.j2", body=body, s=".desacoop.dc-nb.dc-nb")


# -- the report -----------------------------------------------------------------------


def _markup(text: str) -> Any:
    import markupsafe

    return markupsafe.Markup(text)


def _report(v: ReportView, names: _Names | None, level: int) -> str:
    regions = {r.number: _region_name(r.number, r.label, names) for r in v.regions}
    return _render(
        "report.html.j2", v=v, level=level, region_names=regions, timeline=_markup(_timeline(v))
    )


def _region_name(code: str, label: str, names: _Names | None) -> str:
    if label:
        return label
    if names is not None:
        found: object = names.get(code)
        if isinstance(found, Region):
            return found.name
        if isinstance(found, str) and found.strip():
            return found
    return "–"


def _figure(f: ProgressFigure, language: str) -> str:
    rows = [figure_row(c, language) for c in f.children]
    return _render(
        "figure.html.j2",
        f=figure_row(f, language),
        kind=f.kind.label(language),
        region=f.region,
        rows=rows,
        w=words(language),
    )


def _timeline(v: ReportView) -> str:
    """The milestones on a time axis, one row each, numbered as in the table below."""
    if not v.milestones:
        return ""
    w = v.words
    report = v.report
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
    for m in v.milestones:
        description.append(f"{m.number}. {m.label}: {w['due_on'].format(date=m.due)}; {m.outcome}.")
    alt = _e(" ".join(description))
    full = left + width + 10
    parts = [
        f'<figure><svg class="timeline" role="img" aria-label="{alt}" '
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
    for m, state in zip(v.milestones, report.milestones, strict=True):
        y = 14 + row * m.number
        colour = FILL[m.look]
        due = x(state.due)
        parts.append(f'<text x="4" y="{y + 4}" fill="#1b1f24">{m.number}</text>')
        end = state.met_on or (report.as_of if state.due < report.as_of else None)
        if end is not None and end != state.due:
            dashes = "" if state.met_on else ' stroke-dasharray="5 3"'
            parts.append(
                f'<line x1="{due}" x2="{x(end)}" y1="{y}" y2="{y}" stroke="{colour}" '
                f'stroke-width="3"{dashes}/>'
            )
        parts.append(
            f'<circle cx="{due}" cy="{y}" r="6" fill="#fff" stroke="{colour}" stroke-width="2.5"/>'
        )
        if state.met_on is not None:
            parts.append(f'<circle cx="{x(state.met_on)}" cy="{y}" r="5" fill="{colour}"/>')
    parts.append(f"</svg><figcaption>{_e(w['timeline'])}.</figcaption></figure>")
    return "".join(parts)


# -- small pieces of the other views ----------------------------------------------------


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


def _date(day: dt.date, language: str) -> str:
    return f'<time datetime="{day.isoformat()}">{_e(format_day(day, language))}</time>'


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


def _own_label(item: Indicator, language: str) -> str:
    """An indicator's own label in ``language``."""
    return item.label_en if language == "en" else item.label_id


def _h(level: int, text: str) -> str:
    """A heading (``text`` is markup); below ``<h6>`` stays ``<h6>``."""
    level = min(level, 6)
    return f"<h{level}>{text}</h{level}>\n"


def _banner(language: str) -> str:
    """The ILLUSTRATIVE note of a made-up plan."""
    return f'<p class="banner" role="note">{_e(WORDS[language]["banner"])}</p>'


def _list(items: Iterable[str]) -> str:
    """A bulleted list of markup items."""
    return "<ul>\n" + "".join(f"<li>{item}</li>\n" for item in items) + "</ul>\n"


class _Col(NamedTuple):
    """A column header other than a plain text: over numbers (right-aligned)."""

    text: str
    numeric: bool = False


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
        look = ' class="n"' if col.numeric else ""
        cells.append(f'<th scope="col"{look}>{_e(_cap(col.text))}</th>')
    return f"<thead><tr>{''.join(cells)}</tr></thead>\n"


def _table(head: str, rows: Iterable[str]) -> str:
    """A whole table: its header row (:func:`_head`) and rows (:func:`_row`)."""
    return f"<table>\n{head}<tbody>\n{''.join(rows)}</tbody></table>\n"


def _row(*cells: str) -> str:
    """A table row of cells (:func:`_th`, :func:`_td`)."""
    return f"<tr>{''.join(cells)}</tr>\n"


def _th(content: str) -> str:
    """The header cell of a row: ``content`` is markup (escape texts first)."""
    return f'<th scope="row">{content}</th>'


def _td(content: object, look: str = "") -> str:
    """A data cell: ``content`` is markup (escape texts first), ``look`` its CSS class
    (``n`` for a number)."""
    cls = f' class="{look}"' if look else ""
    return f"<td{cls}>{content}</td>"


def _dl(rows: Iterable[tuple[str, str]]) -> str:
    items = "".join(f"<dt>{_e(_cap(term))}</dt><dd>{value}</dd>" for term, value in rows)
    return f"<dl>{items}</dl>\n"


def _plan(plan: MonitoringPlan, language: str) -> str:
    w = words(language)
    window = plan.monitoring_window
    counts = ", ".join(
        (
            counted(len(plan.indicators), "indicator", language),
            counted(len(plan.observations), "observation", language),
            counted(len(plan.milestones), "milestone", language),
            counted(len(plan.regions), "named_region", language),
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
        for ind in plan.indicators[:ROWS]
    )
    head = _head(w["area"], w["indicator"], w["unit"], _n(w["targets"]), _n(w["observations"]))
    out.append(_table(head, rows))
    out.append(_more(len(plan.indicators), language))
    out.append("</article>\n")
    return "".join(out)


def _more(count: int, language: str) -> str:
    tail = more(count, ROWS, language)
    return f"<p>{_e(tail)}</p>\n" if tail else ""


# -- evaluations ----------------------------------------------------------------------------


# A village's development status is named as the ministry names it (Berkembang, Maju), in
# both languages, as the text and the command line write it.


def _result_facts(r: EvaluationResult, language: str) -> list[tuple[str, str]]:
    w = words(language)
    facts = [
        (w["method"], _e(r.method.label(language))),
        (w["score"], _e(format_score(r.value, language))),
        (w["status"], f"<strong>{_e(r.status.label_id)}</strong>"),
    ]
    if r.next_status is not None:
        facts.append((w["next"], _e(r.next_status.label_id)))
        facts.append((w["minimum"], _e(format_score(r.minimum_for_next, language))))
        facts.append((w["gap"], _e(format_score(r.gap, language))))
    return facts


def _dimensions(r: EvaluationResult, language: str) -> str:
    w = words(language)
    rows = (
        _row(_th(_e(d.dimension.label(language))), _td(_e(format_score(d.value, language)), "n"))
        for d in r.inputs.dimensions
    )
    out = [_table(_head(w["dimension"], _n(w["value"])), rows)]
    if r.inputs.indicators:
        out.append(f"<p>{_e(counted(len(r.inputs.indicators), 'score', language))}</p>\n")
    return "".join(out)


def _result(r: EvaluationResult, language: str) -> str:
    w = words(language)
    return (
        f'<article class="evaluation">\n{_h(3, _e(w["result"]))}'
        f"{_dl(_result_facts(r, language))}{_dimensions(r, language)}</article>\n"
    )


def _evaluation(e: VillageEvaluation, language: str) -> str:
    w = words(language)
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
                    (w["score"], _e(format_score(p.score, language))),
                    (w["status"], _e(p.status.label_id)),
                    (w["next"], _e(p.target_status.label_id)),
                    (w["minimum"], _e(format_score(p.minimum, language))),
                    (w["gap"], _e(format_score(p.gap, language))),
                )
            )
        )
    if e.findings:
        out.append(_h(4, f"{_e(w['findings'])} ({len(e.findings)})"))
        out.append(
            _list(
                f"{_e(finding.kind.label(language))}: {_e(finding.message)} {_code(finding.path)}"
                for finding in e.findings[:ROWS]
            )
        )
        out.append(_more(len(e.findings), language))
    out.append("</article>\n")
    return "".join(out)


def _evaluations(items: list[VillageEvaluation], language: str) -> str:
    w = words(language)
    rows = (
        _row(
            _th(_code(e.village) + (f" {_e(e.name)}" if e.name else "")),
            _td(e.year, "n"),
            _td(_e(e.method.label(language))),
            _td(_e(format_score(e.result.value, language)), "n"),
            _td(_e(e.status.label_id)),
        )
        for e in items[:ROWS]
    )
    head = _head(w["village"], _n(w["year"]), w["method"], _n(w["score"]), w["status"])
    return (
        f'<article class="evaluations">\n{_table(head, rows)}'
        f"{_more(len(items), language)}</article>\n"
    )


def _summaries(items: Sequence[RegionSummary], language: str) -> str:
    w = words(language)
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
        *(_n(s.label_id) for s in statuses),
        *(_n(w[k]) for k in moves),
    )
    rows = []
    for s in items[:ROWS]:
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
    w = words(language)
    rows = [
        _row(
            _th(_e(level.label(language))),
            _td(_e(format_number(Decimal(registry.count(level)), language)), "n"),
        )
        for level in Level
    ]
    rows.append(
        _row(_th(_e(w["total"])), _td(_e(format_number(Decimal(len(registry)), language)), "n"))
    )
    return (
        f'<article class="registry">\n{_h(3, _e(w["registry"].format(edition=registry.edition)))}'
        f"{_table(_head(w['level'], _n(w['count'])), rows)}</article>\n"
    )


def _improvement(p: ImprovementPlan, language: str) -> str:
    """An IDM improvement plan: the score now and after, then one row a step."""
    w = words(language)
    facts = [
        (w["minimum"], _e(format_score(p.minimum, language))),
        (w["start"], _e(format_score(p.start, language))),
        (w["after"], f"{_e(format_score(p.value, language))} ({_e(p.status.label_id)})"),
    ]
    rows = (
        _row(
            _th(f"{_e(s.indicator.dimension.label(language))} {s.indicator.number}"),
            _td(_e(s.indicator.name or "–")),
            _td(f"{s.indicator.score} → {s.to_score}", "n"),
            _td(_e(format_score(s.gain, language)), "n"),
            _td(_e(", ".join(a.level.label(language) for a in s.actors) or "–")),
        )
        for s in p.steps
    )
    head = _head(w["indicator"], w["name"], _n(w["raise_to"]), _n(w["gain_col"]), w["actors"])
    title = w["improvement"].format(status=p.target.label_id)
    return (
        f'<article class="improvement">\n{_h(3, _e(title))}{_dl(facts)}'
        f"<p>{_e(counted(len(p.steps), 'step', language))}</p>\n{_table(head, rows)}</article>\n"
    )

"""Every renderer: progress reports as text, Markdown, JSON or HTML (one standalone page,
made by :mod:`desacoop.html`), and the plain-text summary of an agreement.

Text and Markdown show a bar per scope area and per province (``█`` achieved, ``│`` where
the schedule expects it), the status and coverage of each, the indicators that hold progress
back most, the regions furthest behind and the milestones. A report of an illustrative plan
says ``ILLUSTRATIVE`` at its top and bottom. JSON is the strict desacoop format and reads back
with ``from_json(text, ProgressReport)``. Every format reads the same view of the report
(:func:`desacoop._presentation.view`); Markdown and HTML are Jinja2 templates.

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
from decimal import Decimal

from desacoop._checks import date_argument
from desacoop._neutral import for_terminal
from desacoop._presentation import BAR_WIDTH, ILLUSTRATIVE_BANNER, LISTED, agreement_view, text_bar
from desacoop._presentation import view as report_view
from desacoop.agreement import Agreement
from desacoop.errors import ValidationError, shown
from desacoop.labels import Language
from desacoop.rollup import ProgressReport

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


def render(report: ProgressReport, format: str = "text", language: Language | str = "en") -> str:
    """The report as ``"text"``, ``"markdown"``, ``"json"`` or ``"html"``.

    ``language`` (``"en"`` or ``"id"``) picks the words of text, Markdown and HTML. HTML
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
        from desacoop.html import markdown

        return markdown(report, lang)
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
    return text_bar(value, expected, width)


def _text(report: ProgressReport, language: str) -> Iterator[str]:
    v = report_view(report, language)
    w = v.words
    if v.banner:
        yield from (v.banner, "")
    yield f"{w['title']}: {v.title}"
    yield v.meta
    yield from (f"  * {note}" for note in v.notes)
    yield ""
    yield f"{w['overall']}: {v.overall.line}"
    yield from ("", f"{w['areas']}:")
    for area in v.areas:
        yield f"  {area.figure.number:>2} {area.figure.label}"
        yield f"     {area.figure.line}"
        yield from (f"       - {ind.line}" for ind in area.indicators)
    if v.empty_areas:
        yield f"  {v.empty_areas}"
    yield from ("", f"{w['parties']}:")
    for party in v.parties:
        yield from (f"  {party.label}", f"     {party.line}")
    yield from ("", f"{w['back']}:")
    yield from (f"  {h.rank}. {h.line}" for h in v.held) if v.held else (f"  {w['none']}",)
    if v.has_regions:
        yield from ("", f"{v.regions_title}:")
        for region in v.regions:
            yield f"  {region.number} {region.label}".rstrip()
            yield f"     {region.line}"
        if v.without_value:
            yield f"  + {v.without_value}"
    if v.gaps:
        yield from ("", f"{w['gaps']}:")
        yield from (f"  - {line}" for line in v.gaps)
    if v.milestones:
        yield from ("", f"{w['milestones']}:")
        yield from (f"  {m.line}" for m in v.milestones)
    yield from ("", f"{w['rules_title']}: {v.rules}")
    if v.banner:
        yield from ("", v.banner)


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
    v = agreement_view(agreement, mode, as_of)
    lines = [v.title, "=" * min(len(v.title), 88), *v.heading]
    for section in v.sections:
        lines.append("")
        if section.title:
            lines.append(f"{section.title}:")
        pad, inner = ("  ", "      ") if section.title else ("", "  ")
        for line, details in section.items:
            lines.append(f"{pad}{line}")
            lines.extend(f"{inner}{d}" for d in details if d)
    return for_terminal("\n".join(lines) + "\n")

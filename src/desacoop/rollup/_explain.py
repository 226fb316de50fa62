"""Where a figure comes from, in sentences: observations, baseline, target, weights, rules."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal, localcontext

from desacoop.errors import ValidationError, shown
from desacoop.labels import FORMAT_CONTEXT, Language
from desacoop.labels import format_number as _num
from desacoop.labels import format_percent as _pct
from desacoop.rollup._figures import FigureKind, ProgressFigure
from desacoop.rollup._judge import counted

__all__ = ["explain"]


def explain(figure: ProgressFigure, language: Language | str = "en") -> str:
    """Where a figure comes from: observations, baseline, target, weights, rules.

    ``language`` picks the labels (``"en"`` or ``"id"``); the figure's ``explain()``
    method calls this.
    """
    if not isinstance(figure, ProgressFigure):
        raise ValidationError(f"expected a ProgressFigure, not {shown(figure)}")
    lang = Language.parse(language).value
    return "\n".join(_explain(figure, lang))


def _explain(f: ProgressFigure, language: str) -> Iterator[str]:
    label = f.label(language)
    where = f" in {f.region}" if f.region is not None and f.kind is FigureKind.INDICATOR else ""
    yield f"{label} [{f.kind.value} {f.key}]{where}: {f.status.label(language)}"
    if f.kind is FigureKind.INDICATOR:
        yield from _explain_indicator(f)
        yield from _explain_gaps(f)
        return
    yield (
        f"  value {_pct(f.value)} against expected {_pct(f.expected)}, coverage {_pct(f.coverage)}"
    )
    yield (
        "  rule: Σ weight × value / Σ weight over the children with a value; coverage = "
        "Σ weight × coverage / Σ weight; children of weight 0, qualitative ones and areas "
        "without indicators count for nothing"
    )
    parts = counted(f.children)
    with localcontext(FORMAT_CONTEXT):
        total = sum((c.weight for c in parts), Decimal(0))
    for c in parts:
        yield (
            f"  - {c.label(language)} [{c.key}]: weight {_num(c.weight)} of {_num(total)}, "
            f"value {_pct(c.value)}, expected {_pct(c.expected)}, coverage {_pct(c.coverage)}, "
            f"{c.status.label(language)}"
        )
    yield from _explain_gaps(f)


def _explain_indicator(f: ProgressFigure) -> Iterator[str]:
    unit = f" {f.unit}" if f.unit else ""
    n = len(f.observations)
    if n:
        listed = ", ".join(f.observations[:10])
        more = f" and {n - 10} more" if n > 10 else ""
        yield f"  observations ({n}): {listed}{more}"
    else:
        yield "  observations: none as of the report date"
    if f.text is not None:
        yield f"  latest statement: {f.text!r} (qualitative, not scored)"
    if f.actual_rule:
        yield f"  actual: {_num(f.actual)}{unit} = {f.actual_rule}"
    if f.numerator is not None:
        yield f"    numerators {_num(f.numerator)} / denominators {_num(f.denominator)}"
    if f.periods_due:
        yield (
            f"  reporting periods with a value: {f.periods_reported} of {f.periods_due} "
            "(declared reporters × periods past their deadline); a missing period is never "
            "counted as zero or estimated in the measured figure"
        )
    if f.baseline_rule:
        on = f" on {f.baseline_on.isoformat()}" if f.baseline_on else ""
        yield f"  baseline: {_num(f.baseline)}{unit}{on} ({f.baseline_rule})"
    if f.target_rule:
        by = f" by {f.target_by.isoformat()}" if f.target_by else ""
        yield f"  governing target: {_num(f.target)}{unit}{by} ({f.target_rule})"
    if f.raw is not None:
        if f.target is not None and f.target == f.baseline:
            yield (
                f"  progress: the target equals the baseline ({_num(f.target)}), so the ratio "
                "is undefined; the rule: 100 % when the actual is at or beyond the target in "
                f"the indicator's direction, else 0 % → {_pct(f.raw)}"
            )
        else:
            yield (
                f"  progress (measured): ({_num(f.actual)} − {_num(f.baseline)}) / "
                f"({_num(f.target)} − {_num(f.baseline)}) = {_pct(f.raw)}, clamped to "
                f"{_pct(f.value)}"
            )
    if f.projected_value is not None:
        yield (
            f"  projected, not measured: at the pace of the periods reported the actual would "
            f"be {_num(f.projected)}{unit} ({_pct(f.projected_value)}): each reporting region's "
            "missing periods due by the final target date filled at its own pace; never used "
            "for the status"
        )
    if f.expected is not None:
        yield (
            f"  expected: {_pct(f.expected)} (planned value linear from the baseline date to "
            "each target date, read against the governing target)"
        )
    yield f"  weight {_num(f.weight)} in its scope area; coverage {_pct(f.coverage)}"


def _explain_gaps(f: ProgressFigure) -> Iterator[str]:
    """Missing reporters, late observations and what holds the status back."""
    if f.missing:
        yield (
            f"  missing: {', '.join(f.missing)} (declared reporters without data: never "
            "counted as zero or as success)"
        )
    if f.missing_periods:
        shown_periods = ", ".join(f.missing_periods[:10])
        more = f" and {len(f.missing_periods) - 10} more" if len(f.missing_periods) > 10 else ""
        yield (
            f"  periods missing: {shown_periods}{more} (past their deadline without a value: "
            "never counted as zero)"
        )
    if f.late:
        yield f"  late: {', '.join(f.late)} (recorded after their reporting period's deadline)"
    if f.held_back:
        yield f"  held back to {f.status.label_en}: never good while one of these is not:"
        for reason in f.held_back:
            yield f"    - {reason}"

"""Baselines, targets and the expected progress of an indicator in one scope.

One hierarchy of regions (:func:`~._rules.enclosing`): a baseline or target is the one
stated for the scope; else, for a sum, the sum of those stated for the outermost regions in
it (all of them: a silent region's target stays, as its missing data is named); for the
other aggregations, the one of the nearest enclosing region, else those of the regions in
it *that reported*, combined as the values are (a silent region leaves the actual and the
target alike).
"""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

import attrs

from desacoop.monitoring import Aggregation, Measure
from desacoop.regions import RegionCode
from desacoop.rollup._figures import Rule, RuleKind, RuleOf
from desacoop.rollup._index import EXACT, Leaf, exact_sum
from desacoop.rollup._rules import Rules, enclosing

__all__ = ["Schedule", "expected_progress", "governing", "schedule"]

_ZERO = Decimal(0)
_ONE = Decimal(1)
Series = list[tuple[dt.date, Decimal]]


@attrs.frozen
class Schedule:
    """Resolved baseline and targets of one indicator for one scope, with their rules."""

    baseline: Decimal | None
    baseline_rule: Rule | None
    targets: Series
    target_rule: Rule | None


def schedule(r: Rules, scope: str, pairs: list[tuple[str, Leaf]]) -> Schedule:
    """The schedule of indicator ``r`` in ``scope``, given the regions that reported."""
    agg = r.indicator.aggregation
    present = [code for code, _ in pairs]
    weights: dict[str, Decimal] = {}
    if agg is Aggregation.RATIO:
        stated = {*r.baselines, *r.targets}
        for code, leaf in pairs:
            if not leaf.denominator:
                continue
            for k in stated:
                if code.startswith(k):
                    weights[k] = EXACT.add(weights.get(k, _ZERO), leaf.denominator)
    base, base_rule = _resolve(
        r.baselines, r.outermost("baselines", scope), scope, agg, RuleOf.BASELINE, weights, present
    )
    if base is None and r.indicator.measure is Measure.MILESTONE and not r.baselines:
        base = [(r.start, _ZERO)]
        base_rule = Rule(RuleOf.BASELINE, RuleKind.MILESTONE_START)
    targets, target_rule = _resolve(
        r.targets, r.outermost("targets", scope), scope, agg, RuleOf.TARGET, weights, present
    )
    return Schedule(
        baseline=base[0][1] if base else None,
        baseline_rule=base_rule,
        targets=targets or [],
        target_rule=target_rule,
    )


def _code(scope: str) -> RegionCode | None:
    """A scope key as a region (``""``, the whole plan, is ``None``)."""
    return RegionCode(scope) if scope else None


def _resolve(
    series: dict[str, Series],
    parts: list[str],
    scope: str,
    aggregation: Aggregation,
    what: RuleOf,
    weights: dict[str, Decimal],
    present: list[str],
) -> tuple[Series | None, Rule | None]:
    where = _code(scope)
    if scope in series:
        return series[scope], Rule(what, RuleKind.STATED, region=where)
    if aggregation is Aggregation.SUM:
        if parts:
            return _combined(series, parts, what, where, aggregation, None)
        for around in enclosing(scope):
            if around in series:
                if all(number == 0 for _, number in series[around]):
                    return series[around], Rule(what, RuleKind.ZERO_AROUND, region=_code(around))
                break
        return None, Rule(what, RuleKind.NONE_BELOW, region=where)
    for around in enclosing(scope):
        if around in series:
            return series[around], Rule(what, RuleKind.FROM_AROUND, region=_code(around))
    reported = [k for k in parts if any(code.startswith(k) for code in present)] if parts else []
    if reported:
        return _combined(series, reported, what, where, aggregation, weights)
    if parts:
        return None, Rule(what, RuleKind.NONE_REPORTED, region=where)
    return None, Rule(what, RuleKind.NONE_AROUND, region=where)


def _combined(
    series: dict[str, Series],
    parts: list[str],
    what: RuleOf,
    where: RegionCode | None,
    how: Aggregation,
    weights: dict[str, Decimal] | None,
) -> tuple[Series | None, Rule | None]:
    """The parts' series combined date by date: sum, ratio (weighted by denominators),
    mean, min or max; sums exact."""
    if weights is not None and how is Aggregation.RATIO:
        parts = [k for k in parts if weights.get(k)]
        if not parts:
            return None, Rule(what, RuleKind.NO_DENOMINATOR, region=where)
    dates = [[d for d, _ in series[k]] for k in parts]
    if any(d != dates[0] for d in dates):
        return None, Rule(what, RuleKind.DIFFERENT_DATES, region=where)
    combined: Series = []
    for i, d in enumerate(dates[0]):
        numbers = [series[k][i][1] for k in parts]
        if how is Aggregation.SUM:
            number = exact_sum(numbers)
        elif how is Aggregation.RATIO:
            assert weights is not None
            total = exact_sum(weights[k] for k in parts)
            number = exact_sum(
                EXACT.multiply(n, weights[k]) for n, k in zip(numbers, parts, strict=True)
            )
            number /= total
        elif how is Aggregation.MEAN:
            number = exact_sum(numbers) / len(numbers)
        elif how is Aggregation.MIN:
            number = min(numbers)
        else:
            number = max(numbers)
        combined.append((d, number))
    regions = tuple(RegionCode(k) for k in parts)
    return combined, Rule(what, RuleKind.COMBINED, len(parts), how, region=where, regions=regions)


def governing(targets: Series, as_of: dt.date) -> tuple[dt.date, Decimal]:
    """The first target due on or after ``as_of``; after the last, the last."""
    for by, number in targets:
        if by >= as_of:
            return by, number
    return targets[-1]


def expected_progress(
    baseline: Decimal, targets: Series, start: dt.date, as_of: dt.date, target: Decimal
) -> Decimal:
    """The planned value on ``as_of``, linear between the baseline and each target, read as
    progress against the governing target, clamped to [0, 1]."""
    points = [(start, baseline), *targets]
    planned = points[-1][1]
    if as_of <= start:
        planned = baseline
    else:
        for (d0, v0), (d1, v1) in itertools.pairwise(points):
            if as_of <= d1:
                span = (d1 - d0).days
                share = Decimal((as_of - d0).days) / Decimal(span) if span > 0 else _ONE
                planned = v0 + (v1 - v0) * share
                break
    if target == baseline:
        return _ZERO if as_of <= start else _ONE
    return min(max((planned - baseline) / (target - baseline), _ZERO), _ONE)

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
    baseline_rule: str | None
    targets: Series
    target_rule: str | None


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
        r.baselines, r.outermost("baselines", scope), scope, agg, "baseline", weights, present
    )
    if base is None and r.indicator.measure is Measure.MILESTONE and not r.baselines:
        base = [(r.start, _ZERO)]
        base_rule = "a milestone indicator starts from 'not met' (0)"
    targets, target_rule = _resolve(
        r.targets, r.outermost("targets", scope), scope, agg, "target", weights, present
    )
    return Schedule(
        baseline=base[0][1] if base else None,
        baseline_rule=base_rule,
        targets=targets or [],
        target_rule=target_rule,
    )


def _resolve(
    series: dict[str, Series],
    parts: list[str],
    scope: str,
    aggregation: Aggregation,
    what: str,
    weights: dict[str, Decimal],
    present: list[str],
) -> tuple[Series | None, str | None]:
    where = scope or "the whole plan"
    if scope in series:
        return series[scope], f"{what} stated for {where}"
    if aggregation is Aggregation.SUM:
        if parts:
            return _combined(series, parts, what, where, "sum", None)
        for around in enclosing(scope):
            if around in series:
                if all(number == 0 for _, number in series[around]):
                    source = str(RegionCode(around)) if around else "the whole plan"
                    return series[around], (
                        f"{what} of {source} is 0, so every region in it has 0 (values "
                        "are never negative)"
                    )
                break
        return None, f"no {what} for {where} or the regions in it"
    for around in enclosing(scope):
        if around in series:
            source = str(RegionCode(around)) if around else "the whole plan"
            return series[around], f"{what} of {source} (applies to the regions in it)"
    reported = [k for k in parts if any(code.startswith(k) for code in present)] if parts else []
    if reported:
        return _combined(series, reported, what, where, aggregation.value, weights)
    if parts:
        return None, f"no {what} for {where}: none of the regions with one has reported"
    return None, f"no {what} for {where} or a region around it"


def _combined(
    series: dict[str, Series],
    parts: list[str],
    what: str,
    where: str,
    how: str,
    weights: dict[str, Decimal] | None,
) -> tuple[Series | None, str | None]:
    """The parts' series combined date by date: sum, ratio (weighted by denominators),
    mean, min or max; sums exact."""
    if weights is not None and how == "ratio":
        parts = [k for k in parts if weights.get(k)]
        if not parts:
            return None, f"no {what} for {where}: the parts with one have no denominator yet"
    dates = [[d for d, _ in series[k]] for k in parts]
    if any(d != dates[0] for d in dates):
        return None, f"the {what}s of the regions in {where} have different dates"
    combined: Series = []
    for i, d in enumerate(dates[0]):
        numbers = [series[k][i][1] for k in parts]
        if how == "sum":
            number = exact_sum(numbers)
        elif how == "ratio":
            assert weights is not None
            total = exact_sum(weights[k] for k in parts)
            number = exact_sum(
                EXACT.multiply(n, weights[k]) for n, k in zip(numbers, parts, strict=True)
            )
            number /= total
        elif how == "mean":
            number = exact_sum(numbers) / len(numbers)
        elif how == "min":
            number = min(numbers)
        else:
            number = max(numbers)
        combined.append((d, number))
    names = ", ".join(str(RegionCode(k)) for k in parts[:6])
    more = f" and {len(parts) - 6} more" if len(parts) > 6 else ""
    rule = {
        "sum": f"sum of the {what}s stated for {names}{more}",
        "ratio": f"the {what}s of {names}{more} weighted by their denominators",
    }.get(how, f"{how} of the {what}s stated for {names}{more}")
    return combined, f"{what}: {rule}"


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

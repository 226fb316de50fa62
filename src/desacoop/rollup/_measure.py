"""An indicator's measured figure in one scope: the actual of the data received, its
baseline and target, and progress = (actual − baseline) / (target − baseline).

Sums and comparisons are exact; only the final division is rounded (28 digits). A
projection (per-period sums with periods missing, at each region's pace) is computed apart
and never replaces the measured figure.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import attrs

from desacoop.monitoring import Aggregation, Direction, Measure, TimeBehaviour
from desacoop.regions import RegionCode
from desacoop.rollup._figures import Rule, RuleKind, RuleOf
from desacoop.rollup._index import EXACT, Leaf, exact_sum
from desacoop.rollup._rules import Rules
from desacoop.rollup._schedule import Schedule, expected_progress, governing, schedule

__all__ = ["Measured", "actual_of", "measure", "ratio"]

_ZERO = Decimal(0)
_ONE = Decimal(1)
_HUNDRED = Decimal(100)


@attrs.frozen
class Measured:
    """What the data received says about one indicator in one scope."""

    schedule: Schedule
    actual: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    rule: Rule | None = None
    target: Decimal | None = None
    target_by: dt.date | None = None
    raw: Decimal | None = None
    value: Decimal | None = None
    expected: Decimal | None = None
    #: Whether the actual is at or beyond the governing target (compared exactly).
    reached: bool = False
    projected: Decimal | None = None
    projected_value: Decimal | None = None


def ratio(direction: Direction, actual: Decimal, baseline: Decimal, target: Decimal) -> Decimal:
    """(actual − baseline) / (target − baseline), the differences exact; when target equals
    baseline, 1 if the actual is at or beyond it in the indicator's direction, else 0."""
    if target == baseline:
        ahead = actual >= target if direction is Direction.INCREASE else actual <= target
        return _ONE if ahead else _ZERO
    result = EXACT.subtract(actual, baseline) / EXACT.subtract(target, baseline)
    return result if result else _ZERO  # never a negative zero


def _reached(direction: Direction, exact: Fraction | Decimal, target: Decimal) -> bool:
    """Whether ``exact`` (an exact sum, or the exact fraction of a mean or ratio) is at or
    beyond ``target`` in the indicator's direction: compared without rounding."""
    goal: Fraction | Decimal = target if isinstance(exact, Decimal) else Fraction(target)
    return exact >= goal if direction is Direction.INCREASE else exact <= goal


def _clamp(raw: Decimal) -> Decimal:
    return min(max(raw, _ZERO), _ONE)


def measure(r: Rules, scope: str, pairs: list[tuple[str, Leaf]], as_of: dt.date) -> Measured:
    """The measured figure of indicator ``r`` in ``scope`` from the regions that reported."""
    if r.indicator.aggregation in (Aggregation.MIN, Aggregation.MAX):
        return _extreme(r, scope, pairs, as_of)
    sched = schedule(r, scope, pairs)
    leaves = [leaf for _, leaf in pairs]
    found = actual_of(r, leaves)
    if found is None:
        return _against(r, sched, as_of, None, None, None, None, None, None)
    actual, exact, numerator, denominator, rule = found
    projected = _projected(r, leaves, actual)
    return _against(r, sched, as_of, actual, exact, numerator, denominator, rule, projected)


def _against(
    r: Rules,
    sched: Schedule,
    as_of: dt.date,
    actual: Decimal | None,
    exact: Fraction | Decimal | None,
    numerator: Decimal | None,
    denominator: Decimal | None,
    rule: Rule | None,
    projected: Decimal | None,
) -> Measured:
    """The actual read against the schedule: target, progress, expected, projection."""
    base = sched.baseline
    if not sched.targets:
        return Measured(sched, actual, numerator, denominator, rule, projected=projected)
    target_by, target = governing(sched.targets, as_of)
    if base is None:
        return Measured(
            sched, actual, numerator, denominator, rule, target, target_by, projected=projected
        )
    expected = expected_progress(base, sched.targets, r.start, as_of, target)
    if actual is None or exact is None:
        return Measured(sched, None, None, None, None, target, target_by, expected=expected)
    direction = r.indicator.direction
    raw = ratio(direction, actual, base, target)
    projected_value = None
    if projected is not None:
        projected_value = _clamp(ratio(direction, projected, base, target))
    return Measured(
        schedule=sched,
        actual=actual,
        numerator=numerator,
        denominator=denominator,
        rule=rule,
        target=target,
        target_by=target_by,
        raw=raw,
        value=_clamp(raw),
        expected=expected,
        reached=_reached(direction, exact, target),
        projected=projected,
        projected_value=projected_value,
    )


def _actual(
    kind: RuleKind,
    r: Rules,
    count: int,
    aggregation: Aggregation | None = None,
    region: RegionCode | None = None,
    number: Decimal | None = None,
) -> Rule:
    """The rule of an actual over ``count`` regions (the latest value of each, or the
    values added up since the baseline date)."""
    cumulative = r.indicator.time is TimeBehaviour.CUMULATIVE
    return Rule(RuleOf.ACTUAL, kind, count, aggregation, cumulative, region, number=number)


def actual_of(
    r: Rules, leaves: list[Leaf]
) -> tuple[Decimal, Fraction | Decimal, Decimal | None, Decimal | None, Rule] | None:
    """(actual, its exact value, numerator, denominator, rule) over the regions that
    reported, or ``None`` without a number. A sum is exact as it is; a mean or a ratio keeps
    its exact fraction beside the rounded value."""
    ind = r.indicator
    agg = ind.aggregation
    if ind.measure is Measure.PERCENTAGE:  # ratio: Σ numerators / Σ denominators
        reporting = [leaf for leaf in leaves if leaf.denominator]
        if not reporting:
            return None
        num = exact_sum(leaf.numerator or _ZERO for leaf in reporting)
        den = exact_sum(leaf.denominator or _ZERO for leaf in reporting)
        rule = _actual(RuleKind.RATIO_OF_SUMS, r, len(reporting))
        return _HUNDRED * num / den, Fraction(num) * 100 / Fraction(den), num, den, rule
    numbers = [leaf.number for leaf in leaves if leaf.number is not None]
    if not numbers:
        return None
    total = exact_sum(numbers)
    rule = _actual(RuleKind.AGGREGATED, r, len(numbers), aggregation=agg)
    if agg is Aggregation.MEAN:
        return total / len(numbers), Fraction(total) / len(numbers), None, None, rule
    return total, total, None, None, rule


def _projected(r: Rules, leaves: list[Leaf], actual: Decimal) -> Decimal | None:
    """The actual with each region's missing periods due by the final target date filled
    at its pace: only for sums added up per period; ``None`` when nothing is filled."""
    if r.indicator.aggregation is not Aggregation.SUM:
        return None
    extra = [leaf.pace * leaf.to_project for leaf in leaves if leaf.pace and leaf.to_project]
    if not extra:
        return None
    return actual + sum(extra, _ZERO)


def _extreme(r: Rules, scope: str, pairs: list[tuple[str, Leaf]], as_of: dt.date) -> Measured:
    """Minimum or maximum: each region against its own baseline and target; the figure is
    the region with the lowest (MIN) or highest (MAX) progress, so its actual, baseline and
    target are printed together."""
    lowest = r.indicator.aggregation is Aggregation.MIN
    best: tuple[Decimal, str, Measured] | None = None
    numbers: list[Decimal] = []  # each reporting region's actual, for a figure without target
    for code, leaf in pairs:
        found = actual_of(r, [leaf])
        if found is None:
            continue
        actual, exact, numerator, denominator, _ = found
        numbers.append(actual)
        one = _against(
            r,
            schedule(r, code, [(code, leaf)]),
            as_of,
            actual,
            exact,
            numerator,
            denominator,
            None,
            None,
        )
        if one.raw is None:
            continue
        key = (one.raw, code)
        if best is None or (key < best[:2] if lowest else key > best[:2]):
            best = (one.raw, code, one)
    if best is None:
        sched = schedule(r, scope, pairs)
        if not numbers:
            return Measured(sched)
        actual = min(numbers) if lowest else max(numbers)
        agg = r.indicator.aggregation
        rule = Rule(RuleOf.ACTUAL, RuleKind.EXTREME_NO_TARGET, len(numbers), aggregation=agg)
        return _against(r, sched, as_of, actual, actual, None, None, rule, None)
    _, code, chosen = best
    rule = _actual(
        RuleKind.EXTREME,
        r,
        len(numbers),
        aggregation=r.indicator.aggregation,
        region=RegionCode(code),
        number=chosen.actual,
    )
    return attrs.evolve(chosen, rule=rule)

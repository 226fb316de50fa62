"""One pass over the observations: what each region contributes to each indicator.

:func:`index` is pure: it takes the plan, the indicators' :class:`~._rules.Rules` and the
dates, and returns an :class:`Index` of leaves (one per indicator and region), the findings
(every value the engine does not use, and why), the late observations and the values of
undeclared regions. Sums are exact (:data:`EXACT`): no rounding before a comparison.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import MAX_EMAX, MAX_PREC, MIN_EMIN, Context, Decimal, localcontext
from typing import Any

import attrs

from desacoop.monitoring import Measure, MonitoringPlan, Observation, TimeBehaviour, numeric
from desacoop.rollup._figures import DataFinding, DataFindingKind
from desacoop.rollup._rules import Rules

__all__ = ["EXACT", "Index", "Leaf", "exact_sum", "index", "later", "window_leaf"]

_ZERO = Decimal(0)
_K = DataFindingKind

#: Exact addition and multiplication: as many digits as the operands need. Never divide in
#: it (a third would never end); divisions use the 28-digit context of the computation.
EXACT = Context(prec=MAX_PREC, Emax=MAX_EMAX, Emin=MIN_EMIN)


def exact_sum(numbers: Iterable[Decimal]) -> Decimal:
    """The exact sum of ``numbers`` (``10**28 + 6`` stays ``10**28 + 6``)."""
    with localcontext(EXACT):
        return sum(numbers, _ZERO)


@attrs.define
class Leaf:
    """What one region contributes to one indicator."""

    #: The region's number: the latest value (cumulative) or the values added up.
    number: Decimal | None
    numerator: Decimal | None
    denominator: Decimal | None
    ids: list[str]
    text: str | None = None
    #: Reporting periods due with a value: per period, those whose whole span is covered;
    #: cumulative, 1 when the latest value falls in the latest period due (or none is due).
    reported: int = 0
    #: Labels of the periods due without a value.
    missing: tuple[str, ...] = ()
    #: Per-period sums: the values of the periods due ÷ the periods reported (the pace).
    pace: Decimal | None = None
    #: Per-period sums: missing periods due by the final target date (what a projection
    #: fills at ``pace``).
    to_project: int = 0


@attrs.frozen
class Index:
    """The observations as the engine uses them."""

    leaves: dict[str, dict[str, Leaf]]
    findings: tuple[DataFinding, ...]
    late: frozenset[str]
    #: Values of regions that are not declared reporters, by indicator and region.
    strays: dict[str, dict[str, list[Observation]]]
    #: The largest percentage observed per indicator (for fraction-looking targets).
    largest: dict[str, Decimal]


def later(a: Observation, b: Observation) -> bool:
    """Whether ``a`` is the more recent value: later date, then later record, then id."""
    if a.on != b.on:
        return a.on > b.on
    if a.recorded_on != b.recorded_on:
        return a.recorded_on > b.recorded_on
    return a.id > b.id


def index(
    plan: MonitoringPlan,
    rules: dict[str, Rules],
    as_of: dt.date,
    recorded_on: dt.date | None,
) -> Index:
    """Group the observations by indicator and region in one pass: the latest value
    (cumulative) or every value after the baseline (per period)."""
    observations: Sequence[Observation] = plan.observations
    if recorded_on is not None:
        observations = [o for o in observations if o.recorded_on <= recorded_on]
    superseded = {o.supersedes for o in observations if o.supersedes is not None}
    late = _late(plan, observations)
    window = plan.monitoring_window
    first_day, last_day = window.start, window.end
    findings: list[DataFinding] = []
    strays: dict[str, dict[str, list[Observation]]] = {}
    latest: dict[str, dict[str, Observation]] = {}
    spread: dict[str, dict[str, list[Observation]]] = {}
    # per indicator, the few facts the loop reads: (declared, opened, start, its bucket,
    # cumulative?), so each observation costs one dictionary look-up
    facts: dict[str, tuple[frozenset[str] | None, tuple[str, ...], dt.date, dict[str, Any], bool]]
    facts = {}
    for ind_id, r in rules.items():
        cumulative = r.indicator.time is TimeBehaviour.CUMULATIVE
        bucket: dict[str, Any] = {}
        (latest if cumulative else spread)[ind_id] = bucket
        facts[ind_id] = (r.declared, r.opened, r.start, bucket, cumulative)
    for o in observations:  # the hot loop: the cheap tests first
        on = o.on
        if on > as_of or (superseded and o.id in superseded):
            continue
        declared, opened, start, bucket, cumulative = facts[o.indicator]
        code = o.region.compact
        begins = o.period_start or on
        if on < first_day or begins > last_day:
            findings.append(
                DataFinding(
                    _K.OUTSIDE_WINDOW, o.indicator, o.id, o.region, begins, on, window=window
                )
            )
            continue
        if declared is not None and code not in declared and not code.startswith(opened):
            findings.append(DataFinding(_K.UNDECLARED, o.indicator, o.id, o.region, begins, on))
            strays.setdefault(o.indicator, {}).setdefault(code, []).append(o)
            continue
        if cumulative:
            if on < start:
                findings.append(
                    DataFinding(
                        _K.BEFORE_BASELINE, o.indicator, o.id, o.region, begins, on, on=start
                    )
                )
                continue
            prev = bucket.get(code)
            if prev is None or on > prev.on or (on == prev.on and later(o, prev)):
                bucket[code] = o
            continue
        if on <= start:
            findings.append(
                DataFinding(_K.BY_BASELINE, o.indicator, o.id, o.region, begins, on, on=start)
            )
            continue
        if code in bucket:
            bucket[code].append(o)
        else:
            bucket[code] = [o]
    leaves: dict[str, dict[str, Leaf]] = {}
    for ind_id, r in rules.items():
        if ind_id in latest:
            chosen = latest[ind_id]
            due = r.due[-1].start if r.due else None
            leaves[ind_id] = {code: single_leaf(r, chosen[code], due) for code in sorted(chosen)}
        else:
            values = spread[ind_id]
            leaves[ind_id] = {
                code: window_leaf(r, values[code], findings) for code in sorted(values)
            }
    return Index(leaves, tuple(findings), late, strays, _largest(rules, latest, spread))


def _largest(
    rules: dict[str, Rules],
    latest: dict[str, dict[str, Observation]],
    spread: dict[str, dict[str, list[Observation]]],
) -> dict[str, Decimal]:
    """The largest percentage among the values used, per percentage indicator."""
    found: dict[str, Decimal] = {}
    for ind_id, r in rules.items():
        if r.indicator.measure is not Measure.PERCENTAGE:
            continue
        used: Iterable[Observation] = (
            latest[ind_id].values()
            if ind_id in latest
            else (o for values in spread[ind_id].values() for o in values)
        )
        shares = [numeric(r.indicator, o.value) for o in used if o.value.denominator]
        found[ind_id] = max((x for x in shares if x is not None), default=_ZERO)
    return found


def _late(plan: MonitoringPlan, observations: Sequence[Observation]) -> frozenset[str]:
    """Observations recorded after their period's deadline. A correction is late only when
    the first report of its chain was: correcting an on-time value later is no late report."""
    if plan.deadline_days is None:
        return frozenset()
    ends = [p.end for p in plan.reporting_periods()]
    deadline = dt.timedelta(days=plan.deadline_days)
    by_id = {o.id: o for o in observations}
    root: dict[str, Observation] = {}

    def first_of(o: Observation) -> Observation:
        chain = []
        current = o
        while current.id not in root and current.supersedes in by_id:
            chain.append(current)
            current = by_id[current.supersedes]
        found = root.get(current.id, current)
        for link in chain:
            root[link.id] = found
        return found

    late: set[str] = set()
    for o in observations:
        first = first_of(o) if o.supersedes is not None else o
        i = bisect.bisect_left(ends, first.on)
        if i < len(ends) and first.recorded_on > ends[i] + deadline:
            late.add(o.id)
    return frozenset(late)


def single_leaf(r: Rules, o: Observation, latest_due: dt.date | None = None) -> Leaf:
    """A cumulative region: its latest value. When a period is due and the value falls
    before it (``latest_due``: that period's first day), the region's latest period is
    missing (the older value is still the latest known, and says so)."""
    v = o.value
    if latest_due is None and r.due:
        latest_due = r.due[-1].start
    missing = (r.due_labels[-1],) if latest_due is not None and o.on < latest_due else ()
    reported = 0 if missing else 1
    if v.amount is not None:  # the usual case first
        return Leaf(v.amount, None, None, [o.id], None, reported, missing)
    if v.text is not None:
        return Leaf(None, None, None, [o.id], v.text, reported, missing)
    if v.numerator is not None:
        return Leaf(None, v.numerator, v.denominator, [o.id], None, reported, missing)
    return Leaf(numeric(r.indicator, v), None, None, [o.id], None, reported, missing)


def window_leaf(r: Rules, observations: list[Observation], findings: list[DataFinding]) -> Leaf:
    """A per-period region: its values added up, and which periods due they cover.

    A value without ``period_start`` stands for the reporting period it falls in; one with
    ``period_start`` covers its span only, so a period counts as reported when the spans of
    its values cover every day of it (a quarterly value in a semester plan reports half).
    """
    observations.sort(key=lambda o: (o.on, o.id))
    due = r.due
    ends = [p.end for p in due]
    whole: set[int] = set()  # periods a single value covers from end to end
    covered: dict[int, list[tuple[dt.date, dt.date]]] = {}  # the parts of the others
    for o in observations:
        if o.period_start is None:
            i = bisect.bisect_left(ends, o.on)
            if i < len(due) and due[i].start <= o.on:
                whole.add(i)
            continue
        first = bisect.bisect_left(ends, o.period_start)
        for i in range(first, min(bisect.bisect_left(ends, o.on) + 1, len(due))):
            p = due[i]
            if o.period_start <= p.start and o.on >= p.end:
                whole.add(i)
            elif o.period_start <= p.end and o.on >= p.start:
                covered.setdefault(i, []).append((max(o.period_start, p.start), min(o.on, p.end)))
    full = whole | {
        i
        for i, spans in covered.items()
        if i not in whole and _covers(spans, due[i].start, due[i].end)
    }
    region = observations[0].region
    for i in sorted(set(covered) - full):
        findings.append(
            DataFinding(
                DataFindingKind.PARTIAL_PERIOD,
                r.id,
                region=region,
                first=due[i].start,
                last=due[i].end,
                period=r.due_labels[i],
            )
        )
    missing = tuple(label for i, label in enumerate(r.due_labels) if i not in full)
    ids = [o.id for o in observations]
    if r.indicator.measure is Measure.PERCENTAGE:
        num = exact_sum(o.value.numerator or _ZERO for o in observations)
        den = exact_sum(o.value.denominator or _ZERO for o in observations)
        return Leaf(None, num, den, ids, reported=len(full), missing=missing)
    total = exact_sum(o.value.amount or _ZERO for o in observations)
    pace = None
    to_project = 0
    if full and missing:
        last_due = due[-1].end
        in_due = exact_sum(o.value.amount or _ZERO for o in observations if o.on <= last_due)
        pace = in_due / len(full)
        final = r.final_by
        to_project = sum(
            1 for i, p in enumerate(due) if i not in full and (final is None or p.end <= final)
        )
    return Leaf(total, None, None, ids, None, len(full), missing, pace, to_project)


def _covers(spans: list[tuple[dt.date, dt.date]], start: dt.date, end: dt.date) -> bool:
    """Whether the spans together cover every day from ``start`` to ``end``."""
    reach = start - dt.timedelta(days=1)
    for first, last in sorted(spans):
        if first > reach + dt.timedelta(days=1):
            return False
        reach = max(reach, last)
    return reach >= end

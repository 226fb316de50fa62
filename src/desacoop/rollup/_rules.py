"""What the engine decides about each indicator before it reads a single value.

As attrs' ``_make.py`` computes its ``ClassProps`` first, :func:`plan_rules` turns every
indicator of a plan into one frozen :class:`Rules` record (who must report, from when,
which reporting periods are due, whether missing data can only raise the figure); every later
step reads the record instead of asking the plan again.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterator
from decimal import Decimal

import attrs

from desacoop.errors import ValidationError
from desacoop.monitoring import (
    Aggregation,
    Direction,
    Frequency,
    Indicator,
    Measure,
    MonitoringPlan,
    Period,
    Reporters,
    TimeBehaviour,
    numeric,
)
from desacoop.regions import LEVEL_DIGITS, RegionCode
from desacoop.rollup._figures import DataFinding, DataFindingKind, RegionList

__all__ = ["Rules", "enclosing", "fraction_findings", "period_label", "plan_rules"]

#: Code lengths of the enclosing regions, finest first, and 0 for the whole plan.
_LEVEL_SIZES = (*sorted(LEVEL_DIGITS.values(), reverse=True), 0)


@attrs.frozen
class Rules:
    """One indicator's rules in a plan, as of the report's date."""

    indicator: Indicator
    #: Compact codes of the provinces the indicator covers.
    homes: tuple[str, ...]
    #: The scope key of the whole indicator: its one province, or "" for several.
    whole: str
    #: Compact codes of the declared reporters; ``None`` when any region may report.
    declared: frozenset[str] | None
    #: Regions whose target is stated above the indicator's level: any region in them may
    #: report (the regions expected there are not listed). A value counts when its region is
    #: declared, lies in one of these, or reporting is open.
    opened: tuple[str, ...]
    #: The schedule's start: the baseline date, else the monitoring window's start.
    start: dt.date
    #: Reporting periods after ``start`` whose deadline has passed by the report's date:
    #: the periods every declared reporter owes a value for.
    due: tuple[Period, ...]
    #: Their labels ("2024Q3", "2024S1", "2024", "2024-03").
    due_labels: tuple[str, ...]
    #: The last target's date (``None`` without targets).
    final_by: dt.date | None
    #: Whether data still missing could only raise the measured figure: an increasing sum
    #: of values that are never negative, added up per period.
    only_rises: bool
    #: The stated baselines and targets as numbers, by scope key, targets sorted by date.
    baselines: dict[str, list[tuple[dt.date, Decimal]]] = attrs.field(eq=False)
    targets: dict[str, list[tuple[dt.date, Decimal]]] = attrs.field(eq=False)
    #: The longest code with a stated baseline or target (no region finer has parts below).
    deepest: int = attrs.field(init=False)
    #: Answers already given by :meth:`expected_in` and :meth:`outermost`: the record's
    #: facts do not change, so neither do they.
    _known: dict[tuple[str, str], list[str]] = attrs.field(
        eq=False, init=False, factory=dict, repr=False
    )

    @deepest.default
    def _deepest(self) -> int:
        return max((len(k) for k in (*self.baselines, *self.targets)), default=0)

    @property
    def id(self) -> str:
        return self.indicator.id

    def scope_of(self, region: RegionCode | None) -> str:
        """The scope key of a figure in ``region`` (``None``: the whole indicator)."""
        return self.whole if region is None else region.compact

    def expected_in(self, scope: str) -> list[str]:
        """The declared reporters inside ``scope``, sorted (none when reporting is open)."""
        if self.declared is None:
            return []
        key = ("declared", scope)
        found = self._known.get(key)
        if found is None:
            declared = self.declared or ()
            found = self._known[key] = sorted(c for c in declared if c.startswith(scope))
        return found

    def outermost(self, what: str, scope: str) -> list[str]:
        """The outermost regions strictly inside ``scope`` with a stated ``what``
        ("baselines" or "targets"), sorted."""
        key = (what, scope)
        found = self._known.get(key)
        if found is None:
            series = self.baselines if what == "baselines" else self.targets
            if len(scope) >= self.deepest:
                return []  # nothing is stated below a region this fine (the usual case)
            below = [k for k in series if k.startswith(scope) and len(k) > len(scope)]
            found = self._known[key] = sorted(
                k for k in below if not any(j != k and k.startswith(j) for j in below)
            )
        return found


def plan_rules(
    plan: MonitoringPlan, as_of: dt.date, registry: RegionList | None
) -> dict[str, Rules]:
    """The rules of every indicator of ``plan``, by id."""
    periods = plan.reporting_periods()
    deadline = dt.timedelta(days=plan.deadline_days or 0)
    window_start = plan.monitoring_window.start
    rules: dict[str, Rules] = {}
    for ind in plan.indicators:
        homes = plan.home_provinces(ind)
        start = ind.baseline_date or window_start
        due = tuple(p for p in periods if p.end > start and p.end + deadline < as_of)
        rules[ind.id] = Rules(
            indicator=ind,
            homes=homes,
            whole=homes[0] if len(homes) == 1 else "",
            declared=_declared(ind, homes, registry),
            opened=_opened(ind),
            start=start,
            due=due,
            due_labels=tuple(period_label(p, plan.frequency) for p in due),
            final_by=max((t.by for t in ind.targets), default=None),
            only_rises=(
                ind.aggregation is Aggregation.SUM
                and ind.direction is Direction.INCREASE
                and ind.time is TimeBehaviour.PER_PERIOD
                and ind.measure in (Measure.COUNT, Measure.AMOUNT)
            ),
            **_series(ind, homes[0] if len(homes) == 1 else ""),
        )
    return rules


def _series(ind: Indicator, whole: str) -> dict[str, dict[str, list[tuple[dt.date, Decimal]]]]:
    """The indicator's baselines and targets as numbers, by scope key."""
    baselines: dict[str, list[tuple[dt.date, Decimal]]] = {}
    for b in ind.baselines:
        number = numeric(ind, b.value)
        assert number is not None
        baselines[whole if b.region is None else b.region.compact] = [(b.on, number)]
    targets: dict[str, list[tuple[dt.date, Decimal]]] = {}
    for t in ind.targets:
        number = numeric(ind, t.value)
        assert number is not None
        targets.setdefault(whole if t.region is None else t.region.compact, []).append(
            (t.by, number)
        )
    for series in targets.values():
        series.sort()
    return {"baselines": baselines, "targets": targets}


def _declared(
    ind: Indicator, homes: tuple[str, ...], registry: RegionList | None
) -> frozenset[str] | None:
    """Compact codes of the regions expected to report ``ind``; ``None`` when open."""
    rule = ind.reporter_rule
    digits = LEVEL_DIGITS[ind.level]
    if rule is Reporters.LISTED:
        return frozenset(c.compact for c in ind.reporters)
    if rule is Reporters.TARGETS:
        stated = {
            t.region.compact
            for t in ind.targets
            if t.region is not None and len(t.region.compact) == digits
        }
        return frozenset(stated) or None
    if rule is Reporters.ALL:
        if registry is None:
            raise ValidationError(
                f"{ind.id} is reported by every {ind.level.value} of the responsible "
                "provinces: pass the region list (registry=RegionRegistry...) to progress()"
            )
        found: set[str] = set()
        for home in homes:
            if digits == len(home):
                found.add(home)
            else:
                found.update(c.compact for c in registry.descendants(home, ind.level))
        return frozenset(found)
    return None


def _opened(ind: Indicator) -> tuple[str, ...]:
    if ind.reporter_rule is not Reporters.TARGETS:
        return ()
    return tuple(
        "" if t.region is None else t.region.compact
        for t in ind.targets
        if t.region is None or len(t.region.compact) < LEVEL_DIGITS[ind.level]
    )


def period_label(period: Period, frequency: Frequency) -> str:
    """A reporting period's short name, from its last day: ``2024Q3``, ``2024S1``, ``2024``,
    ``2024-03``.

    >>> period_label(Period(dt.date(2024, 7, 1), dt.date(2024, 9, 30)), Frequency.QUARTERLY)
    '2024Q3'
    """
    end = period.end
    if frequency is Frequency.ANNUAL:
        return str(end.year)
    if frequency is Frequency.SEMESTER:
        return f"{end.year}S{1 if end.month <= 6 else 2}"
    if frequency is Frequency.QUARTERLY:
        return f"{end.year}Q{(end.month - 1) // 3 + 1}"
    return f"{end.year}-{end.month:02d}"


@functools.lru_cache(maxsize=65536)
def enclosing(scope: str) -> tuple[str, ...]:
    """The regions around ``scope``, nearest first, ending with "" (the whole plan)."""
    return tuple(scope[:size] for size in _LEVEL_SIZES if size < len(scope))


def fraction_findings(ind: Indicator, observed: Decimal | None = None) -> Iterator[DataFinding]:
    """Percentage targets that look like fractions: ≤ 1 while the baseline or the largest
    value observed (``observed``) is above 1."""
    if ind.measure is not Measure.PERCENTAGE:
        return
    bases = [numeric(ind, b.value) for b in ind.baselines]
    if not any(b is not None and b > 1 for b in [*bases, observed]):
        return
    for t in ind.targets:
        aim = numeric(ind, t.value)
        if aim is not None and aim <= 1:
            yield DataFinding(
                DataFindingKind.FRACTION_TARGET, ind.id, region=t.region, on=t.by, number=aim
            )

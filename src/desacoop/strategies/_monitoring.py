"""Monitoring plans: values, periods, scales, indicators with baselines and targets,
observations (some corrected), milestones, area weights."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import attrs
from hypothesis import strategies as st

from desacoop.agreement import ScopeCommitment
from desacoop.monitoring import (
    Aggregation,
    AreaWeight,
    Baseline,
    Direction,
    Frequency,
    Indicator,
    Measure,
    Milestone,
    MilestoneStatus,
    MonitoringPlan,
    Observation,
    OrdinalScale,
    Period,
    Target,
    TimeBehaviour,
    Value,
)
from desacoop.regions import PROVINCES, Level
from desacoop.scope import AnyArea, ScopeArea
from desacoop.strategies._agreement import agreements
from desacoop.strategies._common import amounts, dates, identifiers, inside, texts
from desacoop.strategies._regions import region_codes

__all__ = [
    "PLAN_END",
    "PLAN_START",
    "STRATEGIES",
    "area_weights",
    "indicators",
    "milestones",
    "monitoring_plans",
    "observations",
    "ordinal_scales",
    "periods",
    "values",
]

#: The monitoring window of drawn plans; baselines sit at its start, targets at its end.
PLAN_START = dt.date(2022, 1, 1)
PLAN_END = dt.date(2024, 12, 31)

_MEASURE_AGGREGATIONS = {
    Measure.COUNT: (Aggregation.SUM, Aggregation.MEAN, Aggregation.MIN, Aggregation.MAX),
    Measure.AMOUNT: (Aggregation.SUM, Aggregation.MEAN, Aggregation.MIN, Aggregation.MAX),
    Measure.PERCENTAGE: (Aggregation.RATIO, Aggregation.MIN, Aggregation.MAX),
    Measure.ORDINAL: (Aggregation.MIN, Aggregation.MAX),
    Measure.MILESTONE: (Aggregation.MEAN, Aggregation.MIN, Aggregation.MAX),
    Measure.QUALITATIVE: (Aggregation.SUM,),
}


def values() -> st.SearchStrategy[Value]:
    """Values in each of their five forms."""
    return st.one_of(
        amounts().map(Value.of),
        st.integers(1, 500).flatmap(
            lambda den: st.integers(0, den).map(lambda num: Value.ratio(num, den))
        ),
        identifiers().map(lambda level: Value(level=level)),
        texts().map(lambda text: Value(text=text)),
        st.booleans().map(lambda met: Value(met=met)),
    )


@st.composite
def periods(draw: st.DrawFn) -> Period:
    """Spans of days, end not before start."""
    start = draw(dates())
    return Period(start, draw(dates(min_value=start)))


def ordinal_scales() -> st.SearchStrategy[OrdinalScale]:
    """Named scales of two to five distinct levels."""
    return st.builds(
        OrdinalScale,
        name=texts(),
        levels=st.lists(identifiers(), min_size=2, max_size=5, unique=True).map(tuple),
    )


def area_weights(areas: list[AnyArea]) -> st.SearchStrategy[tuple[AreaWeight, ...]]:
    """Weights for some of ``areas``, each at most once."""
    return st.lists(st.sampled_from(areas), unique_by=lambda a: a.id, max_size=len(areas)).flatmap(
        lambda chosen: st.tuples(
            *(st.builds(AreaWeight, area=st.just(a), weight=amounts(5)) for a in chosen)
        )
    )


def _number_value(measure: Measure, scale: OrdinalScale | None, number: int) -> Value:
    if measure is Measure.ORDINAL:
        assert scale is not None
        return Value(level=scale.levels[number])
    if measure is Measure.MILESTONE:
        return Value(met=bool(number))
    return Value.of(number)


@st.composite
def indicators(
    draw: st.DrawFn,
    areas: list[AnyArea] | None = None,
    party_ids: list[str] | None = None,
) -> Indicator:
    """Consistent indicators of every measure: aggregation allowed for the measure, targets
    on the right side of the baseline, dates after the baseline date, per-period ones
    increasing."""
    area = draw(st.sampled_from(areas or list(ScopeArea)))
    party = draw(st.none() | st.sampled_from(party_ids)) if party_ids else None
    measure = draw(st.sampled_from(list(Measure)))
    scale = draw(ordinal_scales()) if measure is Measure.ORDINAL else None
    scored = measure is not Measure.QUALITATIVE
    direction = Direction.INCREASE
    if measure not in (Measure.MILESTONE, Measure.ORDINAL, Measure.QUALITATIVE):
        direction = draw(st.sampled_from(list(Direction)))
    time = TimeBehaviour.CUMULATIVE
    if direction is Direction.INCREASE and measure in (
        Measure.COUNT,
        Measure.AMOUNT,
        Measure.PERCENTAGE,
    ):
        time = draw(st.sampled_from(list(TimeBehaviour)))
    top = len(scale.levels) - 1 if scale is not None else 1 if measure is Measure.MILESTONE else 100
    base = draw(st.integers(0, top))
    aim = draw(st.integers(base, top) if direction is Direction.INCREASE else st.integers(0, base))
    baselines: tuple[Baseline, ...] = ()
    targets: tuple[Target, ...] = ()
    if scored:
        baselines = (Baseline(_number_value(measure, scale, base), PLAN_START),)
        targets = (Target(_number_value(measure, scale, aim), PLAN_END),)
    return Indicator(
        id=draw(identifiers()),
        label_id=draw(texts()),
        label_en=draw(texts()),
        area=area,
        unit=draw(texts(10)),
        measure=measure,
        direction=direction,
        time=time,
        aggregation=draw(st.sampled_from(_MEASURE_AGGREGATIONS[measure])),
        weight=draw(amounts(5)) if scored else Decimal(0),
        party=party,
        level=draw(st.sampled_from([Level.PROVINCE, Level.REGENCY])),
        scale=scale,
        baselines=baselines,
        targets=targets,
        definition=draw(st.none() | texts()),
    )


def _observed_value(draw: st.DrawFn, indicator: Indicator) -> Value:
    measure = indicator.measure
    if measure is Measure.PERCENTAGE:
        den = draw(st.integers(1, 100))
        return Value.ratio(draw(st.integers(0, den)), den)
    if measure is Measure.ORDINAL:
        assert indicator.scale is not None
        return Value(level=draw(st.sampled_from(indicator.scale.levels)))
    if measure is Measure.QUALITATIVE:
        return Value(text=draw(texts()))
    if measure is Measure.MILESTONE:
        return Value(met=draw(st.booleans()))
    return Value.of(draw(amounts(200)))


@st.composite
def observations(
    draw: st.DrawFn,
    indicator: Indicator | None = None,
    provinces: list[str] | None = None,
    max_size: int = 6,
) -> tuple[Observation, ...]:
    """Observations of one indicator (drawn when not given) at its level inside
    ``provinces`` (codes, drawn when not given), one per region and date, in date order,
    period values of a region never overlapping; some corrected later (a correction
    supersedes, never deletes)."""
    if indicator is None:
        indicator = draw(indicators())
    if not provinces:
        provinces = draw(st.lists(st.sampled_from(sorted(PROVINCES)), min_size=1, max_size=2))
    keys = draw(
        st.lists(
            st.tuples(
                region_codes(indicator.level, draw(st.sampled_from(provinces))),
                dates(PLAN_START, PLAN_END),
            ),
            unique=True,
            max_size=max_size,
        )
    )
    keys.sort(key=lambda key: key[1])
    #: The latest date observed in each region: a period value starts after it, so that
    #: period values never overlap (each day belongs to one value).
    latest: dict[str, dt.date] = {}
    found: list[Observation] = []
    for i, (region, on) in enumerate(keys):
        period_start = None
        if indicator.time is TimeBehaviour.PER_PERIOD and draw(st.booleans()):
            earliest = on - dt.timedelta(days=90)
            if region.compact in latest:
                earliest = max(earliest, latest[region.compact] + dt.timedelta(days=1))
            period_start = draw(dates(earliest, on))
        latest[region.compact] = on
        first = Observation(
            id=f"{indicator.id}.{i}",
            indicator=indicator.id,
            region=region,
            on=on,
            value=_observed_value(draw, indicator),
            recorded_on=draw(dates(on, on + dt.timedelta(days=60))),
            period_start=period_start,
            source=draw(st.none() | texts()),
            note=draw(st.none() | texts()),
        )
        found.append(first)
        if draw(st.booleans()):
            found.append(
                attrs.evolve(
                    first,
                    id=f"{first.id}.r",
                    value=_observed_value(draw, indicator),
                    recorded_on=draw(
                        dates(first.recorded_on, first.recorded_on + dt.timedelta(days=60))
                    ),
                    supersedes=first.id,
                )
            )
    return tuple(found)


@st.composite
def milestones(
    draw: st.DrawFn, areas: list[AnyArea] | None = None, party_ids: list[str] | None = None
) -> Milestone:
    """Milestones in every status, with a date met where the status allows it."""
    status = draw(st.sampled_from(list(MilestoneStatus)))
    due = draw(dates(PLAN_START, PLAN_END))
    met_on = None
    if status is MilestoneStatus.MET or (
        status is MilestoneStatus.PARTIALLY_MET and draw(st.booleans())
    ):
        met_on = draw(dates(due - dt.timedelta(days=120), due + dt.timedelta(days=120)))
    return Milestone(
        id=draw(identifiers()),
        label_id=draw(texts()),
        label_en=draw(texts()),
        area=draw(st.sampled_from(areas or list(ScopeArea))),
        due=due,
        met_on=met_on,
        status=status,
        party=draw(st.none() | st.sampled_from(party_ids)) if party_ids else None,
        note=draw(st.none() | texts()),
    )


@st.composite
def monitoring_plans(draw: st.DrawFn, max_indicators: int = 4) -> MonitoringPlan:
    """Valid plans for drawn agreements: indicators in committed areas, observations in the
    responsible parties' provinces, milestones, area weights, a monitoring window."""
    agreement = draw(agreements(max_amendments=0))
    if not agreement.scope:
        agreement = attrs.evolve(agreement, scope=(ScopeCommitment(ScopeArea.CADRES),))
    areas = list(agreement.scope_areas)
    party_ids = [p.id for p in agreement.parties]
    # Only a party with a province reports observations (a non-government party may have none).
    reporting = [p.id for p in agreement.parties if p.home_province is not None]
    found: list[Indicator] = []
    for ind in draw(st.lists(indicators(areas, reporting), max_size=max_indicators)):
        if all(ind.id != other.id for other in found):
            found.append(ind)
    observed: list[Observation] = []
    for ind in found:
        provinces = [
            p.home_province.compact
            for p in agreement.parties
            if ind.party in (None, p.id) and p.home_province is not None
        ]
        if provinces:
            observed.extend(draw(observations(ind, provinces)))
    stones: list[Milestone] = []
    for ms in draw(st.lists(milestones(areas, party_ids), max_size=3)):
        if all(ms.id != other.id for other in stones):
            stones.append(ms)
    return MonitoringPlan(
        id=draw(identifiers()),
        title=draw(texts()),
        agreement=agreement,
        illustrative=draw(st.booleans()),
        indicators=tuple(found),
        observations=tuple(observed),
        milestones=tuple(stones),
        frequency=draw(st.sampled_from(list(Frequency))),
        window=Period(PLAN_START, PLAN_END),
        area_weights=draw(area_weights(areas)),
        sources=tuple(draw(st.lists(texts(), max_size=2))),
        notes=tuple(draw(st.lists(texts(), max_size=2))),
    )


#: A strategy for every public class of the area (the catalogue's entries).
STRATEGIES: dict[type, Callable[[], st.SearchStrategy[Any]]] = {
    AreaWeight: lambda: area_weights([*ScopeArea]).filter(bool).flatmap(st.sampled_from),
    Baseline: lambda: inside(indicators(), Baseline),
    Indicator: indicators,
    Milestone: milestones,
    MonitoringPlan: monitoring_plans,
    Observation: lambda: observations().filter(bool).flatmap(st.sampled_from),
    OrdinalScale: ordinal_scales,
    Period: periods,
    Target: lambda: inside(indicators(), Target),
    Value: values,
}

"""Village evaluations: statuses, IDM indices and indicator tables, thresholds, schemes,
results, summaries, transitions, improvement plans."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import attrs
from hypothesis import strategies as st

from desacoop.evaluation import (
    INDEKS_DESA_DIMENSIONS,
    ActingLevel,
    Actor,
    DevelopmentStatus,
    Dimension,
    DimensionValue,
    DimensionWeight,
    EvaluationInputs,
    EvaluationResult,
    EvaluationScheme,
    Finding,
    FindingKind,
    IndeksDesa,
    IndicatorScore,
    Method,
    ProdeskelResult,
    ProdeskelScheme,
    PublishedSummary,
    RegionSummary,
    StatusCount,
    StatusThresholds,
    Transition,
    VillageEvaluation,
    WeightedScheme,
)
from desacoop.evaluation.schemes import IndexAggregation
from desacoop.idm import (
    SCHEME,
    Gain,
    ImprovementPlan,
    PlanStep,
    evaluate,
    evaluate_scores,
    gains,
    plan,
)
from desacoop.regions import Level, VillageKind
from desacoop.strategies._common import inside, texts
from desacoop.strategies._regions import region_codes

__all__ = [
    "STRATEGIES",
    "actors",
    "evaluation_results",
    "evaluation_schemes",
    "findings",
    "idm_indices",
    "improvement_plans",
    "indeks_desa_schemes",
    "indicator_blocks",
    "indicator_scores",
    "prodeskel_results",
    "prodeskel_schemes",
    "published_summaries",
    "region_summaries",
    "status_thresholds",
    "status_transitions",
    "statuses",
    "village_evaluations",
    "weighted_schemes",
]


def statuses() -> st.SearchStrategy[DevelopmentStatus]:
    """The five development statuses."""
    return st.sampled_from(list(DevelopmentStatus))


def idm_indices() -> st.SearchStrategy[Decimal]:
    """Dimension indices or scores between 0 and 1, up to four decimals."""
    return st.integers(0, 10**4).map(lambda n: Decimal(n).scaleb(-4))


@st.composite
def status_thresholds(draw: st.DrawFn) -> StatusThresholds:
    """Any four rising minimums, at two to six decimals."""
    places = draw(st.integers(2, 6))
    cuts = sorted(draw(st.sets(st.integers(1, 10**places), min_size=4, max_size=4)))
    return StatusThresholds(tuple(Decimal(c).scaleb(-places) for c in cuts), places=places)


def weighted_schemes() -> st.SearchStrategy[WeightedScheme]:
    """The IDM scheme with drawn thresholds."""
    return status_thresholds().map(lambda t: attrs.evolve(SCHEME, thresholds=t))


def actors() -> st.SearchStrategy[Actor]:
    """Who acts on an indicator, at which level."""
    return st.builds(Actor, level=st.sampled_from(list(ActingLevel)), who=texts())


@st.composite
def indicator_blocks(
    draw: st.DrawFn, dimension: Dimension = Dimension.IKS, max_size: int = 4
) -> list[IndicatorScore]:
    """One dimension's indicators, numbered from 1, with optional published details."""
    size = draw(st.integers(1, max_size))
    return [
        IndicatorScore(
            dimension=dimension,
            number=number,
            score=draw(st.integers(0, 5)),
            name=draw(st.just("") | texts()),
            meaning=draw(st.none() | texts()),
            activity=draw(st.none() | texts()),
            actors=tuple(draw(st.lists(actors(), max_size=2))),
            published_gain=draw(st.none() | idm_indices()),
        )
        for number in range(1, size + 1)
    ]


def indicator_scores() -> st.SearchStrategy[IndicatorScore]:
    """Single indicator scores of any dimension."""
    return st.sampled_from(list(Dimension)).flatmap(indicator_blocks).flatmap(st.sampled_from)


def _indicator_tables(draw: st.DrawFn) -> EvaluationResult:
    return evaluate_scores(
        social=draw(indicator_blocks(Dimension.IKS)),
        economic=draw(indicator_blocks(Dimension.IKE)),
        ecological=draw(indicator_blocks(Dimension.IKL, max_size=3)),
    )


@st.composite
def evaluation_results(draw: st.DrawFn) -> EvaluationResult:
    """IDM results, from dimension indices or from indicator tables."""
    if draw(st.booleans()):
        iks, ike, ikl = draw(idm_indices()), draw(idm_indices()), draw(idm_indices())
        return evaluate(iks=iks, ike=ike, ikl=ikl)
    return _indicator_tables(draw)


def findings() -> st.SearchStrategy[Finding]:
    """Findings of any kind."""
    return st.builds(
        Finding,
        kind=st.sampled_from(list(FindingKind)),
        path=texts(),
        message=texts(),
        published=st.none() | texts(),
        computed=st.none() | texts(),
    )


def published_summaries() -> st.SearchStrategy[PublishedSummary]:
    """Summaries as a ministry might publish them (not necessarily consistent)."""
    return st.builds(
        PublishedSummary,
        score=idm_indices(),
        status=statuses(),
        target_status=statuses(),
        minimum=idm_indices(),
        gap=st.integers(-(10**6), 10**6).map(lambda n: Decimal(n).scaleb(-6)),
    )


@st.composite
def village_evaluations(
    draw: st.DrawFn, years: tuple[int, int] = (2016, 2030), province: str | None = None
) -> VillageEvaluation:
    """IDM evaluations of villages, with or without a published summary and findings (IDM
    and Indeks Desa evaluate desa only, never a kelurahan)."""
    result = draw(evaluation_results())
    codes = region_codes(Level.VILLAGE, province=province)
    if result.method in (Method.IDM, Method.INDEKS_DESA):
        codes = codes.filter(lambda code: code.village_kind is not VillageKind.KELURAHAN)
    return VillageEvaluation(
        village=draw(codes),
        year=draw(st.integers(*years)),
        result=result,
        published=draw(st.none() | published_summaries()),
        findings=tuple(draw(st.lists(findings(), max_size=2))),
        name=draw(st.none() | texts()),
    )


@st.composite
def status_transitions(draw: st.DrawFn) -> Transition:
    """A village's status in one year and a later one."""
    start = draw(st.integers(2016, 2029))
    return Transition(
        village=draw(region_codes(Level.VILLAGE)),
        from_year=start,
        to_year=draw(st.integers(start + 1, 2030)),
        before=draw(statuses()),
        after=draw(statuses()),
    )


@st.composite
def region_summaries(draw: st.DrawFn) -> RegionSummary:
    """Counts per status for a region, with movements."""
    numbers = [draw(st.integers(0, 1000)) for _ in DevelopmentStatus]
    return RegionSummary(
        region=draw(region_codes(draw(st.sampled_from([Level.PROVINCE, Level.REGENCY])))),
        year=draw(st.integers(2016, 2030)),
        total=sum(numbers),
        counts=tuple(StatusCount(s, n) for s, n in zip(DevelopmentStatus, numbers, strict=True)),
        compared_with=draw(st.none() | st.integers(2016, 2030)),
        moved_up=draw(st.integers(0, 100)),
        moved_down=draw(st.integers(0, 100)),
        reached_mandiri=draw(st.integers(0, 100)),
    )


@st.composite
def indeks_desa_schemes(draw: st.DrawFn) -> IndeksDesa:
    """Indeks Desa with caller-chosen weights and thresholds (none are confirmed)."""
    weights = tuple(
        DimensionWeight(d, Decimal(draw(st.integers(1, 100)))) for d in INDEKS_DESA_DIMENSIONS
    )
    aggregation = draw(st.sampled_from(list(IndexAggregation)))
    score_range = None
    if aggregation is IndexAggregation.WEIGHTED_SUM_MIN_MAX:
        low = draw(st.integers(0, 100))
        score_range = (Decimal(low), Decimal(low + draw(st.integers(1, 10**4))))
    return IndeksDesa(weights, draw(status_thresholds()), aggregation, score_range=score_range)


@st.composite
def prodeskel_schemes(draw: st.DrawFn) -> ProdeskelScheme:
    """Prodeskel cut-offs chosen by the caller (the classes are single-sourced)."""
    cuts = sorted(draw(st.sets(st.integers(1, 9999), min_size=3, max_size=3)))
    return ProdeskelScheme(tuple(Decimal(c).scaleb(-2) for c in cuts), places=2)


@st.composite
def prodeskel_results(draw: st.DrawFn) -> ProdeskelResult:
    """Prodeskel classifications."""
    maximum = draw(st.integers(1, 500))
    return draw(prodeskel_schemes()).evaluate(score=draw(st.integers(0, maximum)), maximum=maximum)


@st.composite
def improvement_plans(draw: st.DrawFn) -> ImprovementPlan:
    """Plans to the next status for villages below Mandiri."""
    found = plan(_indicator_tables(draw))
    if found is None:
        found = plan(
            evaluate_scores(social=[0], economic=[0], ecological=[0]),
            target=DevelopmentStatus.MAJU,
        )
    assert found is not None
    return found


#: A strategy for every public class of the area (the catalogue's entries).
def evaluation_schemes() -> st.SearchStrategy[EvaluationScheme]:
    """Schemes that score inputs into a development status: IDM as the ministry applies it,
    IDM with drawn thresholds, and Indeks Desa with drawn weights and thresholds (Prodeskel
    scores a whole number out of a maximum into its own classes: not one of them)."""
    return st.one_of(st.just(SCHEME), weighted_schemes(), indeks_desa_schemes())


STRATEGIES: dict[type, Callable[[], st.SearchStrategy[Any]]] = {
    Actor: actors,
    DimensionValue: lambda: inside(evaluation_results(), DimensionValue),
    DimensionWeight: lambda: inside(indeks_desa_schemes(), DimensionWeight),
    EvaluationInputs: lambda: inside(evaluation_results(), EvaluationInputs),
    EvaluationResult: evaluation_results,
    EvaluationScheme: evaluation_schemes,  # a protocol
    Finding: findings,
    Gain: lambda: inside(evaluation_results().map(gains), Gain),
    ImprovementPlan: improvement_plans,
    IndeksDesa: indeks_desa_schemes,
    IndicatorScore: indicator_scores,
    PlanStep: lambda: inside(improvement_plans(), PlanStep),
    ProdeskelResult: prodeskel_results,
    ProdeskelScheme: prodeskel_schemes,
    PublishedSummary: published_summaries,
    RegionSummary: region_summaries,
    StatusCount: lambda: inside(region_summaries(), StatusCount),
    StatusThresholds: status_thresholds,
    Transition: status_transitions,
    VillageEvaluation: village_evaluations,
    WeightedScheme: weighted_schemes,
}

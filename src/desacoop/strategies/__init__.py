"""Hypothesis strategies for desacoop's public classes, for reuse by other projects.

Install with ``pip install 'desacoop[hypothesis]'``. Every strategy draws valid
objects only; ``from_json(to_json(x)) == x`` holds for each.
"""

from __future__ import annotations

import functools
import operator

from hypothesis import strategies as st

__all__: list[str] = []

# --- foundation (regions, agreements) ---

import datetime as _dt
from zoneinfo import ZoneInfo as _ZoneInfo

from dateutil.relativedelta import relativedelta as _relativedelta

from desacoop.agreement import (
    Agreement,
    AgreementKind,
    CooperationBasis,
    Official,
    Party,
    Place,
    Programme,
    ProgrammeKind,
    ScopeCommitment,
    Signatory,
    Signing,
    Term,
    Witness,
)
from desacoop.regions import PROVINCES, Level, Region, RegionCode, Village
from desacoop.registry import RegionDiff, Renaming
from desacoop.scope import ScopeArea

__all__ += [
    "agreements",
    "dates",
    "durations",
    "identifiers",
    "officials",
    "parties",
    "places",
    "programmes",
    "region_codes",
    "region_diffs",
    "regions",
    "scope_commitments",
    "signings",
    "terms",
    "texts",
    "villages",
    "witnesses",
]

_PROVINCE_CODES = sorted(PROVINCES)


def texts(max_size: int = 40) -> st.SearchStrategy[str]:
    """Non-blank texts without surrogates (anything a JSON file can hold)."""
    return st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=max_size).filter(
        lambda t: bool(t.strip())
    )


def identifiers() -> st.SearchStrategy[str]:
    """Short lower-case keys such as ``kalsel``."""
    return st.from_regex(r"[a-z0-9][a-z0-9._-]{0,11}", fullmatch=True)


def dates(
    min_value: _dt.date = _dt.date(2000, 1, 1), max_value: _dt.date = _dt.date(2040, 12, 31)
) -> st.SearchStrategy[_dt.date]:
    """Dates in a plausible range for agreements."""
    return st.dates(min_value=min_value, max_value=max_value)


@st.composite
def region_codes(
    draw: st.DrawFn, level: Level | None = None, province: str | None = None
) -> RegionCode:
    """Structurally valid Kemendagri codes (any level, or the one given)."""
    lvl = level if level is not None else draw(st.sampled_from(list(Level)))
    code = province if province is not None else draw(st.sampled_from(_PROVINCE_CODES))
    if lvl is not Level.PROVINCE:
        code += f"{draw(st.integers(1, 99)):02d}"
    if lvl in (Level.DISTRICT, Level.VILLAGE):
        code += f"{draw(st.integers(1, 99)):02d}"
    if lvl is Level.VILLAGE:
        code += f"{draw(st.integers(1, 3))}{draw(st.integers(1, 999)):03d}"
    return RegionCode(code)


def villages() -> st.SearchStrategy[Village]:
    """Villages whose kind agrees with their code."""
    return st.builds(Village, code=region_codes(Level.VILLAGE), name=texts())


def regions() -> st.SearchStrategy[Region]:
    """Rows of a region list."""
    return st.builds(Region, code=region_codes(), name=texts())


def region_diffs() -> st.SearchStrategy[RegionDiff]:
    """Differences between two editions."""
    codes = st.lists(region_codes(), max_size=4).map(tuple)
    renamings = st.lists(
        st.builds(Renaming, code=region_codes(), old=texts(), new=texts()), max_size=3
    ).map(tuple)
    return st.builds(RegionDiff, added=codes, removed=codes, renamed=renamings)


def officials() -> st.SearchStrategy[Official]:
    """People in office."""
    return st.builds(Official, name=texts(), position=texts())


def durations() -> st.SearchStrategy[_relativedelta]:
    """Positive durations in whole years, months and days."""
    return st.builds(
        _relativedelta,
        years=st.integers(0, 10),
        months=st.integers(0, 11),
        days=st.integers(0, 30),
    ).filter(lambda d: bool(d.years or d.months or d.days))


@st.composite
def terms(draw: st.DrawFn) -> Term:
    """Terms with any combination of start, end and duration, consistent when all known."""
    start = draw(st.none() | dates())
    duration = draw(st.none() | durations())
    if start is not None and duration is not None and draw(st.booleans()):
        return Term(start, start + duration, duration)
    end = None
    if duration is None or start is None:
        low = start if start is not None else _dt.date(2000, 1, 1)
        end = draw(st.none() | dates(min_value=low))
    return Term(start, end, duration)


def places() -> st.SearchStrategy[Place]:
    """Places with a region (time zone derived) or without one."""
    with_region = st.builds(
        Place,
        name=texts(),
        region=region_codes(),
        venue=st.none() | texts(),
    )
    without = st.builds(Place, name=texts(), region=st.none(), time_zone=st.none())
    return with_region | without


@st.composite
def signings(draw: st.DrawFn, on: _dt.date | None = None) -> Signing:
    """Signings, optionally with an aware time that falls on the signing date."""
    day = on if on is not None else draw(dates())
    place = draw(st.none() | places())
    at = None
    if draw(st.booleans()):
        clock = draw(st.times())
        if place is not None and place.time_zone is not None:
            tz: _dt.tzinfo = _ZoneInfo(place.time_zone.zone)
        else:
            tz = _dt.timezone(_dt.timedelta(hours=draw(st.integers(-12, 14))))
        at = _dt.datetime.combine(day, clock, tzinfo=tz)
    return Signing(on=day, place=place, at=at)


@st.composite
def witnesses(draw: st.DrawFn, party_ids: list[str]) -> Witness:
    """Witnesses for the given parties; a representative is never the witness."""
    official = draw(officials())
    representative = draw(st.none() | officials().filter(lambda o: o.name != official.name))
    return Witness(
        official=official,
        party=draw(st.none() | st.sampled_from(party_ids)),
        represented_by=representative,
    )


def scope_commitments(party_ids: list[str]) -> st.SearchStrategy[tuple[ScopeCommitment, ...]]:
    """Commitments to distinct scope areas, led by one of the parties or shared."""
    return st.lists(st.sampled_from(list(ScopeArea)), unique=True, max_size=6).flatmap(
        lambda areas: st.tuples(
            *(
                st.builds(
                    ScopeCommitment,
                    area=st.just(a),
                    description=st.none() | texts(),
                    lead=st.none() | st.sampled_from(party_ids),
                )
                for a in areas
            )
        )
    )


def programmes(party_ids: list[str]) -> st.SearchStrategy[Programme]:
    """Related programmes."""
    return st.builds(
        Programme,
        kind=st.sampled_from(list(ProgrammeKind)),
        name=texts(),
        owner=st.none() | st.sampled_from(party_ids),
        launched_on=st.none() | dates(),
        note=st.none() | texts(),
    )


@st.composite
def parties(draw: st.DrawFn, min_size: int = 2, max_size: int = 4) -> tuple[Party, ...]:
    """Parties with distinct ids, each an agency of a province."""
    ids = draw(st.lists(identifiers(), min_size=min_size, max_size=max_size, unique=True))
    return tuple(
        Party(
            id=i,
            name=draw(texts()),
            province=draw(region_codes(Level.PROVINCE)),
            abbreviation=draw(st.none() | texts()),
        )
        for i in ids
    )


@st.composite
def agreements(draw: st.DrawFn, max_amendments: int = 2) -> Agreement:
    """Valid agreements: drafts and signed ones, some terminated, some amended."""
    members = draw(parties())
    ids = [p.id for p in members]
    signed = draw(st.booleans())
    signing = draw(signings()) if signed else None
    signatories = tuple(
        Signatory(party=i, official=draw(officials()), authority=draw(st.none() | texts()))
        for i in ids
        if signed or draw(st.booleans())
    )
    term = draw(terms())
    if signing is not None and term.end_date is not None and term.end_date < signing.on:
        term = Term()
    terminated = None
    if signing is not None and draw(st.booleans()):
        terminated = draw(dates(min_value=signing.on))
    agreement = Agreement(
        id=draw(identifiers()),
        title=draw(texts()),
        parties=members,
        kind=draw(st.sampled_from(list(AgreementKind))),
        basis=draw(st.none() | st.sampled_from(list(CooperationBasis))),
        signatories=signatories,
        witnesses=tuple(draw(st.lists(witnesses(ids), max_size=3))),
        signing=signing,
        purpose=draw(st.none() | texts()),
        scope=draw(scope_commitments(ids)),
        term=term,
        programmes=tuple(draw(st.lists(programmes(ids), max_size=2))),
        terminated_on=terminated,
        sources=tuple(draw(st.lists(texts(), max_size=2))),
        notes=tuple(draw(st.lists(texts(), max_size=2))),
    )
    if signing is None:
        return agreement
    day = signing.on
    for _ in range(draw(st.integers(0, max_amendments))):
        day = draw(dates(min_value=day))
        title, purpose = agreement.title, agreement.purpose
        if draw(st.booleans()):
            changes: dict[str, object] = {
                "title": draw(texts().filter(functools.partial(operator.ne, title)))
            }
        else:
            changes = {"purpose": draw(texts().filter(functools.partial(operator.ne, purpose)))}
        scope = draw(scope_commitments(ids))
        if scope != agreement.scope:
            changes["scope"] = scope
        agreement = agreement.amend(
            day, rationale=draw(texts()), description=draw(texts()), **changes
        )
    return agreement


# --- evaluations, products, enterprises, cadres (issue 4) ---

from decimal import Decimal as _Decimal  # noqa: E402

from desacoop import idm as _idm  # noqa: E402
from desacoop.evaluation import (  # noqa: E402
    INDEKS_DESA_DIMENSIONS as _ID_DIMENSIONS,
)
from desacoop.evaluation import (  # noqa: E402
    ActingLevel,
    Actor,
    DevelopmentStatus,
    Dimension,
    DimensionWeight,
    EvaluationResult,
    Finding,
    FindingKind,
    IndeksDesa,
    IndicatorScore,
    ProdeskelResult,
    ProdeskelScheme,
    PublishedSummary,
    RegionSummary,
    StatusCount,
    StatusThresholds,
    Transition,
    VillageEvaluation,
)
from desacoop.idm import ImprovementPlan  # noqa: E402

__all__ += [
    "evaluation_results",
    "findings",
    "idm_indices",
    "improvement_plans",
    "indeks_desa_schemes",
    "indicator_blocks",
    "prodeskel_results",
    "prodeskel_schemes",
    "published_summaries",
    "region_summaries",
    "status_thresholds",
    "status_transitions",
    "statuses",
    "village_evaluations",
]


def statuses() -> st.SearchStrategy[DevelopmentStatus]:
    """The five development statuses."""
    return st.sampled_from(list(DevelopmentStatus))


def idm_indices() -> st.SearchStrategy[_Decimal]:
    """Dimension indices or scores between 0 and 1, up to four decimals."""
    return st.integers(0, 10**4).map(lambda n: _Decimal(n).scaleb(-4))


@st.composite
def status_thresholds(draw: st.DrawFn) -> StatusThresholds:
    """Any four rising minimums, at two to six decimals."""
    places = draw(st.integers(2, 6))
    cuts = sorted(draw(st.sets(st.integers(1, 10**places), min_size=4, max_size=4)))
    return StatusThresholds(tuple(_Decimal(c).scaleb(-places) for c in cuts), places=places)


def _actors() -> st.SearchStrategy[tuple[Actor, ...]]:
    actor = st.builds(Actor, level=st.sampled_from(list(ActingLevel)), who=texts())
    return st.lists(actor, max_size=2).map(tuple)


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
            actors=draw(_actors()),
            published_gain=draw(st.none() | idm_indices()),
        )
        for number in range(1, size + 1)
    ]


@st.composite
def evaluation_results(draw: st.DrawFn) -> EvaluationResult:
    """IDM results, from dimension indices or from indicator tables."""
    if draw(st.booleans()):
        iks, ike, ikl = draw(idm_indices()), draw(idm_indices()), draw(idm_indices())
        return _idm.evaluate(iks=iks, ike=ike, ikl=ikl)
    return _idm.evaluate_scores(
        social=draw(indicator_blocks(Dimension.IKS)),
        economic=draw(indicator_blocks(Dimension.IKE)),
        ecological=draw(indicator_blocks(Dimension.IKL, max_size=3)),
    )


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
        gap=st.integers(-(10**6), 10**6).map(lambda n: _Decimal(n).scaleb(-6)),
    )


@st.composite
def village_evaluations(
    draw: st.DrawFn, years: tuple[int, int] = (2016, 2030), province: str | None = None
) -> VillageEvaluation:
    """IDM evaluations of villages, with or without a published summary and findings."""
    return VillageEvaluation(
        village=draw(region_codes(Level.VILLAGE, province=province)),
        year=draw(st.integers(*years)),
        result=draw(evaluation_results()),
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
    weights = tuple(DimensionWeight(d, _Decimal(draw(st.integers(1, 100)))) for d in _ID_DIMENSIONS)
    return IndeksDesa(weights, draw(status_thresholds()))


@st.composite
def prodeskel_schemes(draw: st.DrawFn) -> ProdeskelScheme:
    """Prodeskel cut-offs chosen by the caller (the classes are single-sourced)."""
    cuts = sorted(draw(st.sets(st.integers(1, 9999), min_size=3, max_size=3)))
    return ProdeskelScheme(tuple(_Decimal(c).scaleb(-2) for c in cuts), places=2)


@st.composite
def prodeskel_results(draw: st.DrawFn) -> ProdeskelResult:
    """Prodeskel classifications."""
    maximum = draw(st.integers(1, 500))
    return draw(prodeskel_schemes()).evaluate(score=draw(st.integers(0, maximum)), maximum=maximum)


@st.composite
def improvement_plans(draw: st.DrawFn) -> ImprovementPlan:
    """Plans to the next status for villages below Mandiri."""
    result = _idm.evaluate_scores(
        social=draw(indicator_blocks(Dimension.IKS)),
        economic=draw(indicator_blocks(Dimension.IKE)),
        ecological=draw(indicator_blocks(Dimension.IKL, max_size=3)),
    )
    plan = _idm.plan(result)
    if plan is None:
        plan = _idm.plan(
            _idm.evaluate_scores(social=[0], economic=[0], ecological=[0]),
            target=DevelopmentStatus.MAJU,
        )
    assert plan is not None
    return plan


# (issue 4: products, enterprises and cadres)

from desacoop.cadres import Cadre, CadreRole, Training  # noqa: E402
from desacoop.enterprises import (  # noqa: E402
    PERINTIS_BELOW as _PERINTIS_BELOW,
)
from desacoop.enterprises import (  # noqa: E402
    BusinessUnit,
    Enterprise,
    EnterpriseKind,
    LegalRegistration,
    Ranking,
    RankingClass,
    RankingThresholds,
    Transformation,
)
from desacoop.products import (  # noqa: E402
    Certification,
    CertificationKind,
    MarketReach,
    Owner,
    OwnerKind,
    Product,
    ProductKind,
    RuralArea,
    TradeMissionDeal,
)

__all__ += [
    "cadres",
    "certifications",
    "enterprises",
    "products",
    "ranking_thresholds",
    "rankings",
    "rupiah_amounts",
    "trainings",
]


def rupiah_amounts() -> st.SearchStrategy[_Decimal]:
    """Amounts of rupiah: whole, or with sen."""
    return st.integers(0, 10**13).map(_Decimal) | st.integers(0, 10**12).map(
        lambda n: _Decimal(n).scaleb(-2)
    )


@st.composite
def _periods(draw: st.DrawFn) -> tuple[_dt.date, _dt.date | None]:
    start = draw(dates())
    end = draw(st.none() | dates(min_value=start))
    return start, end


@st.composite
def certifications(draw: st.DrawFn) -> Certification:
    """Certificates with an expiry on or after their issue date (or none)."""
    issued, expires = draw(_periods())
    kind = draw(st.sampled_from(list(CertificationKind)))
    return Certification(kind, draw(texts()), issued, expires)


def _village_tuple(min_size: int, max_size: int) -> st.SearchStrategy[tuple[RegionCode, ...]]:
    return st.lists(
        region_codes(Level.VILLAGE), min_size=min_size, max_size=max_size, unique=True
    ).map(tuple)


@st.composite
def products(draw: st.DrawFn) -> Product:
    """Products of every programme, each obeying its programme's rules."""
    kind = draw(st.sampled_from(list(ProductKind)))
    rural_area = None
    if kind is ProductKind.ONE_PESANTREN_ONE_PRODUCT:
        villages: tuple[RegionCode, ...] = ()
        owner = Owner(
            OwnerKind.PESANTREN,
            draw(texts()),
            draw(st.none() | region_codes(Level.VILLAGE)),
            draw(st.none() | identifiers()),
        )
    else:
        if kind is ProductKind.PRUKADES:
            area = draw(_village_tuple(2, 5))
            villages = tuple(
                draw(st.lists(st.sampled_from(area), min_size=2, max_size=len(area), unique=True))
            )
            rural_area = RuralArea(draw(identifiers()), draw(texts()), area)
        else:
            villages = draw(_village_tuple(1, 1))
        owner_kind = draw(
            st.sampled_from([OwnerKind.VILLAGE, OwnerKind.BUM_DESA, OwnerKind.PRODUCER_GROUP])
        )
        place = draw(st.sampled_from(villages)) if owner_kind is OwnerKind.VILLAGE else None
        owner = Owner(owner_kind, draw(texts()), place, draw(st.none() | identifiers()))
    deals = st.builds(
        TradeMissionDeal,
        event=texts(),
        date=dates(),
        buyers=st.lists(texts(), max_size=3).map(tuple),
        deal_value=rupiah_amounts(),
        place=st.none() | texts(),
    )
    return Product(
        id=draw(identifiers()),
        name=draw(texts()),
        kind=kind,
        category=draw(texts()),
        owner=owner,
        villages=villages,
        rural_area=rural_area,
        certifications=tuple(draw(st.lists(certifications(), max_size=3))),
        market_reach=draw(st.none() | st.sampled_from(list(MarketReach))),
        trade_missions=tuple(draw(st.lists(deals, max_size=2))),
    )


@st.composite
def ranking_thresholds(draw: st.DrawFn) -> RankingThresholds:
    """Caller-chosen Berkembang and Maju minimums above the confirmed 55."""
    low, high = sorted(draw(st.sets(st.integers(56, 100), min_size=2, max_size=2)))
    return RankingThresholds(berkembang=_Decimal(low), maju=_Decimal(high))


@st.composite
def rankings(draw: st.DrawFn, year: int | None = None) -> Ranking:
    """Rankings that respect "Perintis below 55"."""
    score = draw(st.integers(0, 10000).map(lambda n: _Decimal(n).scaleb(-2)))
    if score < _PERINTIS_BELOW:
        ranking_class = RankingClass.PERINTIS
    else:
        ranking_class = draw(st.sampled_from(list(RankingClass)[1:]))
    when = year if year is not None else draw(st.integers(2015, 2030))
    return Ranking(when, score, ranking_class)


@st.composite
def enterprises(draw: st.DrawFn) -> Enterprise:
    """BUM Desa of the three kinds, with rankings in distinct years."""
    kind = draw(st.sampled_from(list(EnterpriseKind)))
    single = kind is EnterpriseKind.BUM_DESA
    villages = draw(_village_tuple(1, 1) if single else _village_tuple(2, 4))
    years = draw(st.lists(st.integers(2015, 2030), max_size=3, unique=True))
    transformation = None
    if kind is EnterpriseKind.BUM_DESA_BERSAMA_LKD:
        transformation = Transformation(
            draw(texts()), draw(dates()), draw(st.none() | rupiah_amounts())
        )
    units = st.builds(BusinessUnit, name=texts(), sector=texts(), started=st.none() | dates())
    return Enterprise(
        id=draw(identifiers()),
        name=draw(texts()),
        kind=kind,
        villages=villages,
        registration=draw(st.none() | st.builds(LegalRegistration, number=texts(), date=dates())),
        rankings=tuple(draw(rankings(year)) for year in years),
        units=tuple(draw(st.lists(units, max_size=2))),
        transformation=transformation,
    )


@st.composite
def trainings(draw: st.DrawFn) -> Training:
    """Trainings ending on or after their start."""
    start, end = draw(_periods())
    return Training(
        draw(texts()),
        start,
        end,
        draw(st.none() | texts()),
        draw(st.none() | st.integers(1, 500)),
        draw(st.none() | texts()),
    )


@st.composite
def cadres(draw: st.DrawFn) -> Cadre:
    """KPMD and KPM with their trainings."""
    appointed, ended = draw(st.none() | _periods()) or (None, None)
    return Cadre(
        id=draw(identifiers()),
        name=draw(texts()),
        role=draw(st.sampled_from(list(CadreRole))),
        village=draw(region_codes(Level.VILLAGE)),
        appointed=appointed,
        decree=draw(st.none() | texts()),
        ended=ended,
        trainings=tuple(draw(st.lists(trainings(), max_size=3))),
    )


# --- monitoring and progress (issue 3) ---

import attrs as _attrs  # noqa: E402

from desacoop.monitoring import (  # noqa: E402
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
from desacoop.progress import ProgressReport, Tolerance, progress  # noqa: E402

__all__ += [
    "area_weights",
    "indicators",
    "milestones",
    "monitoring_plans",
    "observations",
    "ordinal_scales",
    "periods",
    "progress_reports",
    "tolerances",
    "values",
]

_MEASURE_AGGREGATIONS = {
    Measure.COUNT: (Aggregation.SUM, Aggregation.MEAN, Aggregation.MIN, Aggregation.MAX),
    Measure.AMOUNT: (Aggregation.SUM, Aggregation.MEAN, Aggregation.MIN, Aggregation.MAX),
    Measure.PERCENTAGE: (Aggregation.RATIO, Aggregation.MIN, Aggregation.MAX),
    Measure.ORDINAL: (Aggregation.MIN, Aggregation.MAX),
    Measure.MILESTONE: (Aggregation.MEAN, Aggregation.MIN, Aggregation.MAX),
    Measure.QUALITATIVE: (Aggregation.SUM,),
}
_PLAN_START = _dt.date(2022, 1, 1)
_PLAN_END = _dt.date(2024, 12, 31)


def _amounts(max_value: int = 10_000) -> st.SearchStrategy[_Decimal]:
    return st.integers(0, max_value).map(_Decimal)


def values() -> st.SearchStrategy[Value]:
    """Values in each of their five forms."""
    return st.one_of(
        _amounts().map(Value.of),
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


def tolerances() -> st.SearchStrategy[Tolerance]:
    """Status thresholds with at-risk ≤ on-track, both in [0, 1]."""
    share = st.integers(0, 100).map(lambda n: _Decimal(n) / 100)
    return st.tuples(share, share).map(lambda p: Tolerance(max(p), min(p)))


def area_weights(areas: list[ScopeArea]) -> st.SearchStrategy[tuple[AreaWeight, ...]]:
    """Weights for some of ``areas``, each at most once."""
    return st.lists(st.sampled_from(areas), unique=True, max_size=len(areas)).flatmap(
        lambda chosen: st.tuples(
            *(st.builds(AreaWeight, area=st.just(a), weight=_amounts(5)) for a in chosen)
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
    areas: list[ScopeArea] | None = None,
    party_ids: list[str] | None = None,
) -> Indicator:
    """Consistent indicators of every measure: aggregation allowed for the measure, targets
    on the right side of the baseline, dates after the baseline date."""
    area = draw(st.sampled_from(areas or list(ScopeArea)))
    party = draw(st.none() | st.sampled_from(party_ids)) if party_ids else None
    measure = draw(st.sampled_from(list(Measure)))
    scale = draw(ordinal_scales()) if measure is Measure.ORDINAL else None
    scored = measure is not Measure.QUALITATIVE
    direction = Direction.INCREASE
    if measure not in (Measure.MILESTONE, Measure.ORDINAL, Measure.QUALITATIVE):
        direction = draw(st.sampled_from(list(Direction)))
    time = TimeBehaviour.CUMULATIVE
    if measure in (Measure.COUNT, Measure.AMOUNT, Measure.PERCENTAGE):
        time = draw(st.sampled_from(list(TimeBehaviour)))
    top = len(scale.levels) - 1 if scale is not None else 1 if measure is Measure.MILESTONE else 100
    base = draw(st.integers(0, top))
    aim = draw(st.integers(base, top) if direction is Direction.INCREASE else st.integers(0, base))
    baselines: tuple[Baseline, ...] = ()
    targets: tuple[Target, ...] = ()
    if scored:
        baselines = (Baseline(_number_value(measure, scale, base), _PLAN_START),)
        targets = (Target(_number_value(measure, scale, aim), _PLAN_END),)
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
        weight=draw(_amounts(5)) if scored else _Decimal(0),
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
    return Value.of(draw(_amounts(200)))


@st.composite
def observations(
    draw: st.DrawFn, indicator: Indicator, provinces: list[str], max_size: int = 6
) -> tuple[Observation, ...]:
    """Observations of one indicator at its level inside ``provinces``, one per region and
    date; some corrected later (a correction supersedes, never deletes)."""
    keys = draw(
        st.lists(
            st.tuples(
                region_codes(indicator.level, draw(st.sampled_from(provinces))),
                dates(_PLAN_START, _PLAN_END),
            ),
            unique=True,
            max_size=max_size,
        )
    )
    found: list[Observation] = []
    for i, (region, on) in enumerate(keys):
        period_start = None
        if indicator.time is TimeBehaviour.PER_PERIOD and draw(st.booleans()):
            period_start = draw(dates(on - _dt.timedelta(days=90), on))
        first = Observation(
            id=f"{indicator.id}.{i}",
            indicator=indicator.id,
            region=region,
            on=on,
            value=_observed_value(draw, indicator),
            recorded_on=draw(dates(on, on + _dt.timedelta(days=60))),
            period_start=period_start,
            source=draw(st.none() | texts()),
            note=draw(st.none() | texts()),
        )
        found.append(first)
        if draw(st.booleans()):
            found.append(
                _attrs.evolve(
                    first,
                    id=f"{first.id}.r",
                    value=_observed_value(draw, indicator),
                    recorded_on=draw(
                        dates(first.recorded_on, first.recorded_on + _dt.timedelta(days=60))
                    ),
                    supersedes=first.id,
                )
            )
    return tuple(found)


@st.composite
def milestones(
    draw: st.DrawFn, areas: list[ScopeArea] | None = None, party_ids: list[str] | None = None
) -> Milestone:
    """Milestones in every status, with a date met where the status allows it."""
    status = draw(st.sampled_from(list(MilestoneStatus)))
    due = draw(dates(_PLAN_START, _PLAN_END))
    met_on = None
    if status is MilestoneStatus.MET or (
        status is MilestoneStatus.PARTIALLY_MET and draw(st.booleans())
    ):
        met_on = draw(dates(due - _dt.timedelta(days=120), due + _dt.timedelta(days=120)))
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
        agreement = _attrs.evolve(agreement, scope=(ScopeCommitment(ScopeArea.CADRES),))
    areas = list(agreement.scope_areas)
    party_ids = [p.id for p in agreement.parties]
    found: list[Indicator] = []
    for ind in draw(st.lists(indicators(areas, party_ids), max_size=max_indicators)):
        if all(ind.id != other.id for other in found):
            found.append(ind)
    observed: list[Observation] = []
    for ind in found:
        provinces = [p.province.compact for p in agreement.parties if ind.party in (None, p.id)]
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
        window=Period(_PLAN_START, _PLAN_END),
        area_weights=draw(area_weights(areas)),
        sources=tuple(draw(st.lists(texts(), max_size=2))),
        notes=tuple(draw(st.lists(texts(), max_size=2))),
    )


@st.composite
def progress_reports(draw: st.DrawFn) -> ProgressReport:
    """Reports of drawn plans as of a drawn date, some as recorded on an earlier date."""
    plan = draw(monitoring_plans())
    as_of = draw(dates(_dt.date(2021, 6, 1), _dt.date(2025, 12, 31)))
    recorded_on = draw(st.none() | dates(_dt.date(2021, 6, 1), _dt.date(2025, 12, 31)))
    level = draw(st.none() | st.sampled_from(list(Level)))
    return progress(
        plan, as_of=as_of, recorded_on=recorded_on, tolerance=draw(tolerances()), region_level=level
    )

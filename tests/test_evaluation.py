"""Evaluation schemes, statuses, series, summaries and counts (DOMAIN.md section 3)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desacoop import html, idm
from desacoop import strategies as s
from desacoop.errors import ValidationError
from desacoop.evaluation import (
    INDEKS_DESA_DIMENSIONS,
    DevelopmentStatus,
    Dimension,
    DimensionValue,
    DimensionWeight,
    EvaluationInputs,
    EvaluationResult,
    EvaluationScheme,
    IndeksDesa,
    IndicatorScore,
    Method,
    Movement,
    ProdeskelClass,
    ProdeskelResult,
    ProdeskelScheme,
    PublishedSummary,
    RegionSummary,
    StatusThresholds,
    Transition,
    VillageEvaluation,
    WeightedScheme,
    count_moved,
    count_reaching,
    count_villages,
    latest,
    result_from_exact,
    round_half_up,
    series,
    summarise,
    to_decimal,
    transitions,
)
from desacoop.evaluation.schemes import (
    IndexAggregation,
)
from desacoop.regions import Level, RegionCode

from .utils import need

D = Decimal
ST, T, B, MJ, MD = list(DevelopmentStatus)


# --- statuses -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("SANGAT TERTINGGAL", ST),
        ("Sangat Tertinggal", ST),
        ("sangat-tertinggal", ST),
        ("Pratama", ST),
        ("TERTINGGAL", T),
        ("Pra-Madya", T),
        ("Pra Madya", T),
        ("Berkembang", B),
        ("Madya", B),
        ("MAJU", MJ),
        ("Pra-Sembada", MJ),
        ("Mandiri", MD),
        ("SEMBADA", MD),
    ],
)
def test_status_names_and_alternates(text, status):
    assert DevelopmentStatus.parse(text) is status


@pytest.mark.parametrize("bad", ["", "Luar biasa", None, 3])
def test_status_parse_rejects(bad):
    with pytest.raises(ValidationError):
        DevelopmentStatus.parse(bad)


def test_status_order_and_next():
    assert ST < T < B < MJ < MD
    assert [x.next for x in DevelopmentStatus] == [T, B, MJ, MD, None]
    assert [x.alternate_name for x in DevelopmentStatus] == [
        "Pratama",
        "Pra-Madya",
        "Madya",
        "Pra-Sembada",
        "Sembada",
    ]
    assert MD.label_id == "Mandiri"
    assert sorted([MD, ST, B]) == [ST, B, MD]


# --- thresholds ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "minimums",
    [
        (D("0.4"), D("0.5"), D("0.6")),  # three
        (D("0.4"), D("0.5"), D("0.6"), D("0.7"), D("0.8")),  # five
        (D("0.5"), D("0.4"), D("0.6"), D("0.7")),  # not rising
        (D("0.5"), D("0.5"), D("0.6"), D("0.7")),  # equal
        (D("0.41234"), D("0.5"), D("0.6"), D("0.7")),  # more decimals than kept
        (0.4, 0.5, 0.6, 0.7),  # floats
        (D("NaN"), D("0.5"), D("0.6"), D("0.7")),
        "0.4",
    ],
)
def test_thresholds_are_checked(minimums):
    with pytest.raises(ValidationError):
        StatusThresholds(minimums, places=4)


def test_thresholds_from_upper_bounds_and_bounds():
    t = StatusThresholds.from_upper_bounds((D("10"), D("20"), D("30"), D("40")), places=1)
    assert t.minimums == (D("10.1"), D("20.1"), D("30.1"), D("40.1"))
    assert t.upper_bound(ST) == D("10.0")
    assert t.upper_bound(MD) is None
    assert t.minimum_for(ST) is None
    assert t.classify(D("10.04")) is ST
    assert t.classify(D("10.05")) is T


def test_round_half_up():
    assert round_half_up(D("0.00005"), 4) == D("0.0001")
    assert round_half_up(D("-0.00005"), 4) == D("-0.0001")
    assert round_half_up(Fraction(-1, 20000), 4) == D("-0.0001")
    assert round_half_up(Fraction(2, 3), 2) == D("0.67")


# --- schemes ------------------------------------------------------------------------------


def test_builtin_schemes_follow_the_protocol():
    thresholds = StatusThresholds((D(1), D(2), D(3), D(4)), places=0)
    assert isinstance(idm.SCHEME, EvaluationScheme)
    assert isinstance(IndeksDesa.equal_weights(thresholds), EvaluationScheme)


ID_THRESHOLDS = StatusThresholds((D("40"), D("55"), D("70"), D("85")), places=2)


def _id_inputs(**values: str) -> EvaluationInputs:
    base = dict.fromkeys(INDEKS_DESA_DIMENSIONS, D("50"))
    for key, value in values.items():
        base[next(d for d in Dimension if d.value == key)] = D(value)
    return EvaluationInputs.of(base)


def test_indeks_desa_uses_the_callers_weights_and_thresholds():
    # Weights 3 for basic services, 1 elsewhere: (3 x 90 + 5 x 50) / 8 = 520 / 8 = 65.
    weights = tuple(
        DimensionWeight(d, D(3) if d is Dimension.BASIC_SERVICES else D(1))
        for d in INDEKS_DESA_DIMENSIONS
    )
    scheme = IndeksDesa(weights, ID_THRESHOLDS)
    result = scheme.evaluate(_id_inputs(**{"layanan-dasar": "90"}))
    assert result.method is Method.INDEKS_DESA
    assert result.exact == D(65)
    assert result.value == D("65.00")
    assert result.status is B
    assert result.next_status is MJ
    assert result.minimum_for_next == D("70")
    assert result.gap == D(5)
    # Equal weights: (90 + 5 x 50) / 6 = 56.67 -> still Berkembang; 40 everywhere -> Tertinggal.
    equal = IndeksDesa.equal_weights(ID_THRESHOLDS)
    assert equal.evaluate(_id_inputs(**{"layanan-dasar": "90"})).value == D("56.67")
    flat = EvaluationInputs.of(dict.fromkeys(INDEKS_DESA_DIMENSIONS, D(40)))
    assert equal.evaluate(flat).status is T


def test_indeks_desa_needs_its_six_dimensions():
    thresholds = ID_THRESHOLDS
    with pytest.raises(ValidationError, match="six dimensions"):
        IndeksDesa((DimensionWeight(Dimension.SOCIAL, D(1)),), thresholds)
    with pytest.raises(ValidationError, match="six dimensions"):
        IndeksDesa(
            tuple(DimensionWeight(d, D(1)) for d in (*INDEKS_DESA_DIMENSIONS[:5], Dimension.IKS)),
            thresholds,
        )
    scheme = IndeksDesa.equal_weights(thresholds)
    missing = EvaluationInputs.of(dict.fromkeys(INDEKS_DESA_DIMENSIONS[:5], D(50)))
    with pytest.raises(ValidationError, match="missing"):
        scheme.evaluate(missing)
    idm_inputs = EvaluationInputs.of(dict.fromkeys(idm.DIMENSIONS, D("0.5")))
    with pytest.raises(ValidationError):
        scheme.evaluate(idm_inputs)


@pytest.mark.parametrize("weight", [D(0), D(-1), 1.0, 2])
def test_weights_must_be_positive_decimals(weight):
    with pytest.raises(ValidationError):
        DimensionWeight(Dimension.SOCIAL, weight)


@settings(max_examples=50)
@given(scheme=s.indeks_desa_schemes(), other=s.status_thresholds())
def test_indeks_desa_swapping_thresholds_changes_only_the_classification(scheme, other):
    # The weighted mean (the default aggregation): the strategy draws every aggregation.
    scheme = IndeksDesa(scheme.weights, scheme.thresholds)
    inputs = _id_inputs(sosial="12.5", ekonomi="99")
    ours = scheme.evaluate(inputs)
    swapped = IndeksDesa(scheme.weights, other).evaluate(inputs)
    assert (swapped.method, swapped.inputs, swapped.exact) == (ours.method, ours.inputs, ours.exact)
    assert swapped.status is other.classify(ours.exact)
    weighted = sum(
        (Fraction(w.weight) * Fraction(inputs.value_of(w.dimension)) for w in scheme.weights),
        Fraction(0),
    )
    exact = weighted / sum((Fraction(w.weight) for w in scheme.weights), Fraction(0))
    assert abs(Fraction(ours.exact) - exact) < Fraction(1, 10**20)


# --- Prodeskel ----------------------------------------------------------------------------

# The single source (DPMD Bengkulu) as one caller might read it: > 90 fast, 60-90, 30-60, < 30;
# which class 60 and 30 fall in is the caller's choice (here: the higher one).
BENGKULU = ProdeskelScheme((D("30"), D("60"), D("90.01")), places=2)


@pytest.mark.parametrize(
    ("score", "maximum", "expected"),
    [
        (0, 100, ProdeskelClass.KURANG_BERKEMBANG),
        (2999, 10000, ProdeskelClass.KURANG_BERKEMBANG),
        (30, 100, ProdeskelClass.LAMBAN_BERKEMBANG),
        (59, 100, ProdeskelClass.LAMBAN_BERKEMBANG),
        (60, 100, ProdeskelClass.BERKEMBANG),
        (90, 100, ProdeskelClass.BERKEMBANG),
        (9001, 10000, ProdeskelClass.CEPAT_BERKEMBANG),
        (100, 100, ProdeskelClass.CEPAT_BERKEMBANG),
        (9, 10, ProdeskelClass.BERKEMBANG),  # 90 %
        (2, 3, ProdeskelClass.BERKEMBANG),  # 66.67 %
    ],
)
def test_prodeskel_classes(score, maximum, expected):
    result = BENGKULU.evaluate(score=score, maximum=maximum)
    assert result.development_class is expected
    if expected is ProdeskelClass.CEPAT_BERKEMBANG:
        assert result.next_class is None
        assert result.gap is None
    else:
        assert result.minimum_for_next is not None
        assert result.gap is not None
        # the gap has the scheme's digits: value + gap = minimum, as shown
        assert result.gap == result.minimum_for_next - result.value


@pytest.mark.parametrize(
    ("score", "maximum"), [(101, 100), (-1, 100), (1, 0), (True, 100), (1.5, 100)]
)
def test_prodeskel_rejects(score, maximum):
    with pytest.raises(ValidationError):
        BENGKULU.evaluate(score=score, maximum=maximum)


def test_prodeskel_needs_three_cutoffs():
    with pytest.raises(ValidationError):
        ProdeskelScheme((D(30), D(60)))


# --- records, series and counts -----------------------------------------------------------


def _ev(code: str, year: int, value: str) -> VillageEvaluation:
    return VillageEvaluation(code, year, idm.evaluate(iks=D(value), ike=D(value), ikl=D(value)))


# Status of each value: 0.45 ST, 0.55 T, 0.65 B, 0.75 MJ, 0.85 MD.
HISTORY = [
    _ev("63.10.01.2001", 2021, "0.55"),
    _ev("63.10.01.2001", 2022, "0.65"),  # up
    _ev("63.10.01.2001", 2023, "0.85"),  # up, reaches Mandiri
    _ev("63.01.02.2001", 2022, "0.75"),
    _ev("63.01.02.2001", 2023, "0.65"),  # down
    _ev("63.01.02.2002", 2022, "0.85"),
    _ev("63.01.02.2002", 2023, "0.85"),  # same, already Mandiri
    _ev("35.07.01.2001", 2022, "0.45"),
    _ev("35.07.01.2001", 2023, "0.85"),  # up, reaches Mandiri
    _ev("35.07.01.2002", 2023, "0.55"),  # new in 2023
]


def test_evaluation_needs_a_village_code():
    result = idm.evaluate(iks=D("0.5"), ike=D("0.5"), ikl=D("0.5"))
    for code in ("63.71", "63.71.01", "63.71.01.0001"):
        with pytest.raises(ValidationError):
            VillageEvaluation(code, 2023, result)
    with pytest.raises(ValidationError):
        VillageEvaluation("63.10.01.2001", "2023", result)
    with pytest.raises(ValidationError):
        VillageEvaluation("63.10.01.2001", 2023, "Mandiri")  # type: ignore[arg-type]


def test_series_and_latest():
    got = series(HISTORY, "63.10.01.2001")
    assert [e.year for e in got] == [2021, 2022, 2023]
    assert [e.status for e in got] == [T, B, MD]
    newest = latest(HISTORY)
    assert newest[RegionCode("63.01.02.2001")].year == 2023
    assert latest(HISTORY, year=2022)[RegionCode("63.10.01.2001")].year == 2022


def test_transitions():
    found = transitions(HISTORY, region="63")
    assert [(str(t.village), t.from_year, t.to_year, t.movement) for t in found] == [
        ("63.01.02.2001", 2022, 2023, Movement.DOWN),
        ("63.01.02.2002", 2022, 2023, Movement.SAME),
        ("63.10.01.2001", 2021, 2022, Movement.UP),
        ("63.10.01.2001", 2022, 2023, Movement.UP),
    ]
    with pytest.raises(ValidationError):
        Transition("63.10.01.2001", 2023, 2023, T, B)


def test_duplicate_years_are_rejected():
    with pytest.raises(ValidationError, match="two evaluations"):
        count_villages([*HISTORY, _ev("63.10.01.2001", 2023, "0.45")], year=2023)


def test_summaries_per_province_and_regency():
    provinces = summarise(HISTORY, year=2023, compared_with=2022)
    assert [str(p.region) for p in provinces] == ["35", "63"]
    jatim, kalsel = provinces
    assert (jatim.total, jatim.count(MD), jatim.count(T)) == (2, 1, 1)
    assert (jatim.moved_up, jatim.moved_down, jatim.reached_mandiri) == (1, 0, 1)
    assert (kalsel.total, kalsel.count(MD), kalsel.count(B)) == (3, 2, 1)
    assert (kalsel.moved_up, kalsel.moved_down, kalsel.reached_mandiri) == (1, 1, 1)
    regencies = summarise(HISTORY, year=2023, level=Level.REGENCY, within="63")
    assert [(str(r.region), r.total) for r in regencies] == [("63.01", 2), ("63.10", 1)]
    assert regencies[0].compared_with is None
    assert regencies[0].moved_up == 0
    with pytest.raises(ValidationError):
        summarise(HISTORY, year=2023, level=Level.VILLAGE)


def test_counts_as_indicator_sources():
    kalsel = RegionCode("63")
    assert count_villages(HISTORY, region=kalsel, year=2023, status=MD) == 2
    assert count_villages(HISTORY, region="35", year=2023) == 2
    assert count_villages(HISTORY, year=2023, at_least=B) == 4
    assert count_villages(HISTORY, year=2023, method=Method.INDEKS_DESA) == 0
    assert count_moved(HISTORY, from_year=2022, to_year=2023) == 2
    assert count_moved(HISTORY, from_year=2022, to_year=2023, movement=Movement.DOWN) == 1
    assert count_moved(HISTORY, region="63.10", from_year=2021, to_year=2023) == 1
    assert count_reaching(HISTORY, year=2023, since=2022) == 2
    assert count_reaching(HISTORY, year=2023, since=2022, region="63") == 1
    assert count_reaching(HISTORY, year=2023, since=2022, status=MJ) == 2


# --- model invariants ---------------------------------------------------------------------


def test_result_invariants():
    good = idm.evaluate(iks=D("0.5"), ike=D("0.5"), ikl=D("0.5"))
    with pytest.raises(ValidationError):
        EvaluationResult(
            good.method, good.inputs, good.exact, good.value, good.status, None, None, None
        )
    with pytest.raises(ValidationError, match="gap"):
        EvaluationResult(
            good.method, good.inputs, good.exact, good.value, good.status, B, D("0.5990"), D(1)
        )
    with pytest.raises(ValidationError):
        EvaluationResult(
            good.method,
            good.inputs,
            good.exact,
            good.value,
            good.status,
            ST,
            D("0.4908"),
            D("0.4908") - good.exact,
        )


def test_inputs_invariants():
    with pytest.raises(ValidationError):
        EvaluationInputs((DimensionValue(Dimension.IKS, D(1)), DimensionValue(Dimension.IKS, D(0))))
    with pytest.raises(ValidationError):
        EvaluationInputs(
            (DimensionValue(Dimension.IKS, D(1)),),
            (IndicatorScore(Dimension.IKS, 1, 3), IndicatorScore(Dimension.IKS, 1, 4)),
        )
    with pytest.raises(ValidationError):
        IndicatorScore(Dimension.IKS, 0, 3)
    with pytest.raises(ValidationError):
        IndicatorScore(Dimension.IKS, 1, 6)
    with pytest.raises(ValidationError):
        DimensionValue(Dimension.IKS, float("nan"))
    with pytest.raises(ValidationError):
        DimensionValue(Dimension.IKS, "0.5")
    with pytest.raises(ValidationError):
        EvaluationInputs.of({}).value_of(Dimension.IKS)


def test_weighted_scheme_needs_weights():
    with pytest.raises(ValidationError):
        WeightedScheme(Method.OTHER, (), idm.THRESHOLDS)


# --- serialization ------------------------------------------------------------------------


def test_strict_reading_of_an_evaluation():
    from desacoop import serialization

    evaluation = HISTORY[0]
    data = serialization.to_dict(evaluation)
    data["result"]["value"] = 0.55  # a float is never accepted for a score
    with pytest.raises(ValidationError) as info:
        serialization.from_dict(data, VillageEvaluation)
    assert "$.result.value" in str(info.value)


def test_round_trip_of_tiny_decimals():
    from desacoop import serialization

    summary = PublishedSummary(D("1E-7"), T, B, D("0.5990"), D("0E-8"))
    assert serialization.from_json(serialization.to_json(summary), PublishedSummary) == summary


@pytest.mark.parametrize(
    "call",
    [
        lambda: count_villages(HISTORY, year=2023, status="mandiri"),  # type: ignore[arg-type]
        lambda: count_villages(HISTORY, year=2023, method="idm"),  # type: ignore[arg-type]
        lambda: count_moved(HISTORY, from_year=2022, to_year=2023, movement="up"),  # type: ignore[arg-type]
        lambda: count_reaching(HISTORY, year=2023, since=2022, status="mandiri"),  # type: ignore[arg-type]
        lambda: summarise(HISTORY, year=2023, level="province"),  # type: ignore[arg-type]
        lambda: count_villages(HISTORY, year=2023, region="63.7"),
        lambda: count_villages([*HISTORY, "not an evaluation"], year=2023),  # type: ignore[list-item]
        lambda: idm.plan(HISTORY[0].result, target="maju"),  # type: ignore[arg-type]
    ],
)
def test_bad_query_arguments_are_validation_errors(call):
    with pytest.raises(ValidationError):
        call()


# -- evaluations as a source of progress observations ---------------------------------


def _village_evaluation(code: str, year: int, index: str) -> VillageEvaluation:
    from desacoop import idm

    return VillageEvaluation(code, year, idm.evaluate(iks=index, ike=index, ikl=index))


#: Two regencies of Kalsel, hand-classified: 0.90 Mandiri, 0.75 Maju, 0.50 Tertinggal.
_EVALUATIONS = [
    _village_evaluation("63.03.01.2001", 2023, "0.90"),
    _village_evaluation("63.03.01.2002", 2023, "0.75"),
    _village_evaluation("63.03.02.2001", 2023, "0.50"),
    _village_evaluation("63.04.01.2001", 2023, "0.90"),
    _village_evaluation("63.04.01.2002", 2023, "0.90"),
    _village_evaluation("63.04.01.2003", 2022, "0.90"),  # another year: not counted
]


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"status": DevelopmentStatus.MANDIRI}, {"63.03": (1, None), "63.04": (2, None)}),
        ({"at_least": DevelopmentStatus.MAJU}, {"63.03": (2, None), "63.04": (2, None)}),
        ({"status": DevelopmentStatus.MANDIRI, "share": True}, {"63.03": (1, 3), "63.04": (2, 2)}),
    ],
)
def test_status_observations_count_per_region(kwargs, expected) -> None:
    from desacoop.evaluation import status_observations

    found = status_observations(
        _EVALUATIONS, "mandiri", year=2023, recorded_on=dt.date(2024, 2, 1), **kwargs
    )
    got: dict[str, tuple[int, int | None]] = {}
    for o in found:
        v = o.value
        if v.denominator is None:
            assert v.amount is not None
            got[str(o.region)] = (int(v.amount), None)
        else:
            assert v.numerator is not None
            got[str(o.region)] = (int(v.numerator), int(v.denominator))
        assert o.on == dt.date(2023, 12, 31)
        assert o.id == f"mandiri-{o.region.compact}-2023"
    assert got == expected


def test_status_observations_feed_the_progress_engine() -> None:
    from desacoop import progress
    from desacoop.evaluation import status_observations
    from desacoop.example import example_agreement
    from desacoop.monitoring import (
        Baseline,
        Indicator,
        Measure,
        MonitoringPlan,
        Period,
        Target,
        Value,
    )
    from desacoop.regions import Level
    from desacoop.scope import ScopeArea

    indicator = Indicator(
        id="mandiri-kalsel",
        label_id="Desa berstatus Mandiri di Kalsel",
        label_en="Villages with status Mandiri in Kalsel",
        area=ScopeArea.DEVELOPMENT_EVALUATION,
        unit="desa",
        measure=Measure.COUNT,
        level=Level.REGENCY,
        party="kalsel",
        baselines=(Baseline(Value.of(0), dt.date(2022, 12, 31)),),
        targets=(Target(Value.of(6), dt.date(2024, 12, 31)),),
    )
    plan = MonitoringPlan(
        id="idm-uji",
        title="Uji",
        agreement=example_agreement(),
        illustrative=True,
        indicators=(indicator,),
        observations=status_observations(
            _EVALUATIONS,
            "mandiri-kalsel",
            year=2023,
            recorded_on=dt.date(2024, 2, 1),
            status=DevelopmentStatus.MANDIRI,
        ),
        window=Period(dt.date(2022, 4, 13), dt.date(2024, 12, 31)),
    )
    figure = progress(plan, as_of=dt.date(2024, 1, 31)).find("mandiri-kalsel")
    assert figure is not None
    # 1 + 2 Mandiri villages against a target of 6 from a baseline of 0: 3 / 6.
    assert figure.actual == 3
    assert figure.value == Decimal("0.5")


def test_status_observations_need_one_criterion() -> None:
    from desacoop.evaluation import status_observations

    with pytest.raises(ValidationError, match="exactly one"):
        status_observations(_EVALUATIONS, "x", year=2023, recorded_on=dt.date(2024, 1, 1))


# --- one promise: bad arguments are ValidationErrors (issue 7, point 4) ---------------------


def test_summarise_refuses_a_missing_level():
    with pytest.raises(ValidationError, match="level"):
        summarise(HISTORY, year=2023, level=None)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "call",
    [
        lambda: count_moved(HISTORY, from_year="2022", to_year=2023),  # type: ignore[arg-type]
        lambda: count_moved(HISTORY, from_year=2022, to_year=None),  # type: ignore[arg-type]
        lambda: count_moved(HISTORY, from_year=2022, to_year=2023, movement=None),  # type: ignore[arg-type]
        lambda: count_moved(HISTORY, from_year=2023, to_year=2022),  # backwards
        lambda: count_reaching(HISTORY, year=2023, since="x"),  # type: ignore[arg-type]
        lambda: count_reaching(HISTORY, year=2023, since=2022, status=None),  # type: ignore[arg-type]
        lambda: count_villages(HISTORY, year="2023"),  # type: ignore[arg-type]
        lambda: count_villages(HISTORY, year=True),
        lambda: summarise(HISTORY, year=None),  # type: ignore[arg-type]
        lambda: summarise(HISTORY, year=2023, compared_with="2022"),  # type: ignore[arg-type]
        lambda: summarise(HISTORY, year=2022, compared_with=2023),  # not an earlier year
        lambda: summarise(5, year=2023),  # type: ignore[arg-type]
        lambda: summarise(HISTORY, year=2023, within=63),  # type: ignore[arg-type]
        lambda: transitions(HISTORY, region=63),  # type: ignore[arg-type]
        lambda: series(HISTORY, 6310012001),  # type: ignore[arg-type]
        lambda: series(HISTORY, "63.71"),
        lambda: latest(HISTORY, year="2023"),  # type: ignore[arg-type]
        lambda: latest(HISTORY, method="idm"),  # type: ignore[arg-type]
        lambda: HISTORY[0].findings_of("status-disagrees"),  # type: ignore[arg-type]
        lambda: summarise(HISTORY, year=2023)[0].count("mandiri"),  # type: ignore[arg-type]
        lambda: HISTORY[0].inputs.value_of("iks"),  # type: ignore[arg-type]
        lambda: HISTORY[0].inputs.block(None),  # type: ignore[arg-type]
        lambda: EvaluationInputs.of([D(1)]),  # type: ignore[arg-type]
        lambda: idm.THRESHOLDS.minimum_for("maju"),  # type: ignore[arg-type]
        lambda: idm.THRESHOLDS.upper_bound(None),  # type: ignore[arg-type]
        lambda: idm.THRESHOLDS.classify("0.5"),  # type: ignore[arg-type]
        lambda: idm.THRESHOLDS.cut_points(0),
        lambda: StatusThresholds.from_upper_bounds(("a", "0.2", "0.3", "0.4")),
        lambda: StatusThresholds.from_upper_bounds((0.1, 0.2, 0.3, 0.4)),  # type: ignore[arg-type]
        lambda: StatusThresholds.from_upper_bounds(D("0.1")),  # type: ignore[arg-type]
        lambda: round_half_up(D("0.5"), "4"),  # type: ignore[arg-type]
        lambda: round_half_up("0.5", 4),  # type: ignore[arg-type]
        lambda: to_decimal(0.5),  # type: ignore[arg-type]
        lambda: result_from_exact(Method.IDM, HISTORY[0].inputs, 0.5, idm.THRESHOLDS),  # type: ignore[arg-type]
        lambda: result_from_exact("idm", HISTORY[0].inputs, Fraction(1, 2), idm.THRESHOLDS),  # type: ignore[arg-type]
        lambda: idm.SCHEME.exact_score({"iks": 1}),  # type: ignore[arg-type]
        lambda: BENGKULU.minimum_for("berkembang"),  # type: ignore[arg-type]
        lambda: BENGKULU.minimum_for(None),  # type: ignore[arg-type]
        lambda: BENGKULU.classify(float("inf")),
        lambda: RegionSummary(63, 2023, 0, ()),
    ],
)
def test_more_bad_arguments_are_validation_errors(call):
    with pytest.raises(ValidationError):
        call()


def test_latest_refuses_two_evaluations_of_one_year_like_every_query():
    indeks_desa = IndeksDesa.equal_weights(ID_THRESHOLDS).evaluate(_id_inputs())
    twice = [*HISTORY, VillageEvaluation("63.10.01.2001", 2023, indeks_desa)]
    with pytest.raises(ValidationError, match="two evaluations"):
        latest(twice)
    with pytest.raises(ValidationError, match="two evaluations"):
        count_villages(twice, year=2023)
    # Choosing a method resolves it, as for the other queries.
    assert latest(twice, method=Method.IDM) == latest(HISTORY)
    only = latest(twice, method=Method.INDEKS_DESA)
    assert list(only) == [RegionCode("63.10.01.2001")]
    assert only[RegionCode("63.10.01.2001")].method is Method.INDEKS_DESA


def test_status_observations_check_their_arguments_even_without_evaluations():
    from desacoop.evaluation import status_observations

    good: dict[str, Any] = {"year": 2023, "recorded_on": dt.date(2024, 1, 1), "status": MD}
    for changed in (
        {"recorded_on": "2024-01-01"},
        {"recorded_on": dt.datetime(2024, 1, 1)},
        {"on": "2023-12-31"},
        {"year": "2023"},
        {"level": None},
        {"source": 5},
        {"share": "yes"},
    ):
        with pytest.raises(ValidationError):
            status_observations([], "x", **{**good, **changed})
    with pytest.raises(ValidationError):
        status_observations([], 5, **good)  # type: ignore[arg-type]
    assert status_observations([], "x", **good) == ()


# --- counts go through one selection each (issue 7, point 6) --------------------------------


def test_counts_are_their_selections_counted():
    from desacoop.evaluation import changes, find_villages

    found = find_villages(HISTORY, year=2023, region="63", at_least=B)
    assert [str(e.village) for e in found] == ["63.01.02.2001", "63.01.02.2002", "63.10.01.2001"]
    assert count_villages(HISTORY, year=2023, region="63", at_least=B) == len(found)
    pairs = changes(HISTORY, from_year=2022, to_year=2023)
    assert [(str(t.village), t.movement) for t in pairs] == [
        ("35.07.01.2001", Movement.UP),
        ("63.01.02.2001", Movement.DOWN),
        ("63.01.02.2002", Movement.SAME),
        ("63.10.01.2001", Movement.UP),
    ]
    assert [t.reached(MD) for t in pairs] == [True, False, False, True]
    assert count_reaching(HISTORY, year=2023, since=2022) == 2
    # 2021 -> 2023 skips the 2022 evaluation in between.
    (skip,) = changes(HISTORY, from_year=2021, to_year=2023)
    assert (skip.before, skip.after) == (T, MD)


# --- numbers from notebooks (issue 7, point 5) ----------------------------------------------


def test_measured_values_accept_finite_floats_through_their_shortest_repr():
    assert DimensionValue(Dimension.IKS, 0.4907).value == D("0.4907")
    assert DimensionValue(Dimension.IKS, 0.1 + 0.2).value == D("0.30000000000000004")
    assert EvaluationInputs.of({Dimension.IKS: 0.5}).value_of(Dimension.IKS) == D("0.5")
    assert IndicatorScore(Dimension.IKS, 1, 3, published_gain=0.00952381).published_gain == D(
        "0.00952381"
    )
    published = PublishedSummary(0.6190476, B, MJ, 0.7073, 0.0882524)
    assert (published.score, published.minimum, published.gap) == (
        D("0.6190476"),
        D("0.7073"),
        D("0.0882524"),
    )
    assert idm.THRESHOLDS.classify(0.4907) is ST
    assert idm.THRESHOLDS.classify(0.49075) is T
    assert round_half_up(0.49075, 4) == D("0.4908")
    assert BENGKULU.classify(90.005) is ProdeskelClass.CEPAT_BERKEMBANG


def test_numpy_numbers_are_accepted():
    np = need("numpy")
    assert DimensionValue(Dimension.IKS, np.float64(0.4907)).value == D("0.4907")
    assert DimensionValue(Dimension.IKS, np.int64(1)).value == D(1)
    assert IndicatorScore(Dimension.IKS, np.int64(2), np.int64(3)).score == 3
    assert type(IndicatorScore(Dimension.IKS, 1, np.int32(3)).score) is int
    result = BENGKULU.evaluate(score=np.int64(61), maximum=np.int64(100))
    assert result.development_class is ProdeskelClass.BERKEMBANG
    assert (type(result.score), type(result.maximum)) == (int, int)
    assert idm.THRESHOLDS.classify(np.float32(0.9)) is MD


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), float("-inf")])
def test_nan_and_infinities_are_refused(bad):
    with pytest.raises(ValidationError):
        DimensionValue(Dimension.IKS, bad)
    with pytest.raises(ValidationError):
        PublishedSummary(bad, B, MJ, D("0.7073"), D("0.08"))
    with pytest.raises(ValidationError):
        idm.THRESHOLDS.classify(bad)
    with pytest.raises(ValidationError):
        round_half_up(bad, 4)


@pytest.mark.parametrize("method", [Method.IDM, Method.INDEKS_DESA])
def test_idm_and_indeks_desa_evaluate_desa_not_kelurahan(method: Method) -> None:
    # Issue 20: IDM (Permendesa PDTT 2/2016) and Indeks Desa (9/2024) measure desa only.
    result = attrs.evolve(idm.evaluate(iks=D("0.7"), ike=D("0.7"), ikl=D("0.7")), method=method)
    with pytest.raises(ValidationError, match=r"63\.71\.01\.1001 is a kelurahan .* desa only"):
        VillageEvaluation("63.71.01.1001", 2023, result)
    VillageEvaluation("63.71.01.2001", 2023, result)  # a desa code
    VillageEvaluation("63.71.01.3001", 2023, result)  # a desa adat is a desa
    # Another method (a Prodeskel-style profile covers kelurahan) may evaluate a kelurahan.
    VillageEvaluation("63.71.01.1001", 2023, attrs.evolve(result, method=Method.OTHER))


THRESHOLDS = StatusThresholds((D(20), D(40), D(60), D(80)), places=2)


GEOMETRIC = IndeksDesa.equal_weights(THRESHOLDS, IndexAggregation.GEOMETRIC_MEAN)


ARITHMETIC = IndeksDesa.equal_weights(THRESHOLDS)


SOCIAL_ECONOMY = WeightedScheme(
    Method.OTHER,
    (DimensionWeight(Dimension.SOCIAL, D(1)), DimensionWeight(Dimension.ECONOMY, D(3))),
    THRESHOLDS,
)


PRODESKEL = ProdeskelScheme((D("30"), D("60"), D("90.01")), places=2)


def _indeks_desa(*values: int | str) -> EvaluationInputs:
    """Inputs for the six dimensions of Indeks Desa, in the regulation's order."""
    return EvaluationInputs.of(
        {d: D(v) for d, v in zip(INDEKS_DESA_DIMENSIONS, values, strict=True)}
    )


def _raises(call: Callable[[], object], field: str | None, *shown: str) -> ValidationError:
    """``call`` raises a ValidationError naming ``field`` and showing each of ``shown``."""
    with pytest.raises(ValidationError) as info:
        call()
    assert info.value.field == field
    for text in shown:
        assert text in info.value.message, (text, info.value.message)
    return info.value


class TestRoundingAndThresholds:
    """evaluation.status: rounding half up and thresholds, by hand.

    Cases a mutation run (mutmut; benchmarks/README.md, "Mutation testing") found untested.
    """

    @pytest.mark.parametrize(
        ("value", "places", "expected"),
        [
            (D("0.00005"), 4, "0.0001"),  # half a unit rounds up
            (D("0.000049999"), 4, "0.0000"),
            (D("-0.00005"), 4, "-0.0001"),  # half up is away from zero
            (D("2.5"), 0, "3"),
            (D("0.123456789"), 28, "0.1234567890000000000000000000"),
        ],
    )
    def test_round_half_up_by_hand(self, value, places, expected):
        assert str(round_half_up(value, places)) == expected

    def test_round_half_up_refuses_places_outside_0_to_28(self):
        for places in (-1, 29):
            with pytest.raises(ValidationError, match="places"):
                round_half_up(D(1), places)

    def test_thresholds_upper_bounds_and_minimums_by_hand(self):
        # IDM: minimum = bound + 0.0001 and upper bound = next minimum - 0.0001.
        assert idm.THRESHOLDS.minimum_for(T) == D("0.4908")
        assert idm.THRESHOLDS.upper_bound(ST) == D("0.4907")
        assert idm.THRESHOLDS.upper_bound(MJ) == D("0.8155")
        assert idm.THRESHOLDS.upper_bound(MD) is None
        assert idm.THRESHOLDS.minimum_for(ST) is None
        # Cut points over 6300 (IDM's common denominator 15 x lcm(35, 12, 3)): the least n
        # with round4(n / 6300) >= 0.4908 is ceil(0.49075 x 6300) = ceil(3091.725) = 3092.
        assert idm.THRESHOLDS.cut_points(6300)[0] == 3092


_NOT_RISING = (D("0.2"), D("0.2"), D("0.6"), D("0.8"))


class TestStatusesAndThresholds:
    """evaluation.status: status names, comparisons, rounding, thresholds.

    Cases a mutation run (mutmut; benchmarks/README.md, "Mutation testing") found untested.
    """

    def test_status_names_with_underscores_and_errors(self):
        assert DevelopmentStatus.parse("sangat_tertinggal") is ST
        assert DevelopmentStatus.parse(" Pra_Sembada ") is MJ
        with pytest.raises(ValidationError, match=r"^a status is a text, not 5$"):
            DevelopmentStatus.parse(5)
        with pytest.raises(ValidationError) as info:
            DevelopmentStatus.parse("maju sekali")
        assert info.value.message == (
            "unknown development status 'maju sekali'; use one of Sangat Tertinggal, Tertinggal, "
            "Berkembang, Maju, Mandiri"
        )

    @pytest.mark.parametrize(
        "compare", [lambda s: s < 3, lambda s: s <= 3, lambda s: s > 3, lambda s: s >= 3]
    )
    def test_statuses_compare_only_with_statuses(self, compare):
        assert MJ < MD
        assert MJ <= MJ
        assert MD > MJ
        assert MD >= MD
        with pytest.raises(TypeError):
            compare(MJ)

    def test_to_decimal_takes_fractions_and_ints(self):
        from desacoop.evaluation import to_decimal

        assert to_decimal(3) == D(3)
        assert str(to_decimal(Fraction(1, 8))) == "0.125"
        for bad in (True, 0.5, D("0.5")):
            with pytest.raises(ValidationError, match="to_decimal takes a Fraction, not") as info:
                to_decimal(bad)  # type: ignore[arg-type]
            assert info.value.field == "value"

    def test_rounding_ignores_the_callers_decimal_context(self):
        import decimal

        with decimal.localcontext() as context:
            context.prec = 2
            assert str(round_half_up(D("123456.785"), 2)) == "123456.79"
            assert str(round_half_up(Fraction(123456785, 1000), 2)) == "123456.79"
            # The thresholds' whole-number minimums and a classification are unchanged.
            assert idm.THRESHOLDS.scaled() == (10_000, (4908, 5990, 7073, 8156))
            fresh = StatusThresholds((D("0.4908"), D("0.5990"), D("0.7073"), D("0.8156")), places=4)
            assert fresh.scaled() == (10_000, (4908, 5990, 7073, 8156))
            assert idm.evaluate(iks=D("0.8"), ike=D("0.8"), ikl=D("0.8")).status is MJ

    def test_rounding_a_large_number_keeps_every_digit(self):
        # 10**200 at 28 decimals needs 229 digits, beyond the 100-digit working context.
        assert str(round_half_up(D("1E+200"), 28)) == "1" + "0" * 200 + "." + "0" * 28
        assert round_half_up(Fraction(10**200) + Fraction(1, 2), 0) == D(10**200 + 1)
        assert str(round_half_up(D(0), 3)) == "0.000"

    @pytest.mark.parametrize(
        ("minimums", "field", "words"),
        [
            (
                (D("0.2"), 0.4, D("0.6"), D("0.8")),
                "minimums[1]",
                r"minimums\[1\] must be a Decimal,",
            ),
            (
                (D("0.2"), D("Inf"), D("0.6"), D("0.8")),
                "minimums",
                "threshold values must be finite",
            ),
            (_NOT_RISING, "minimums", "minimums must rise strictly from one status to the next"),
            ((D("0.2"), D("0.4"), D("0.6")), "minimums", "give exactly four minimums: Tertinggal,"),
            (
                (D("0.2"), D("0.45"), D("0.6"), D("0.8")),
                "minimums",
                "0.45 has more decimals than the 1",
            ),
        ],
    )
    def test_thresholds_refuse_bad_minimums(self, minimums, field, words):
        with pytest.raises(ValidationError, match=words) as info:
            StatusThresholds(minimums, places=1)
        assert info.value.field == field

    def test_thresholds_from_upper_bounds(self):
        # Four decimals by default: each minimum is the bound + 0.0001.
        thresholds = StatusThresholds.from_upper_bounds(["0.4907", D("0.5989"), D("0.7072"), 1])
        assert thresholds.places == 4
        assert thresholds.minimums == (D("0.4908"), D("0.5990"), D("0.7073"), D("1.0001"))
        whole = StatusThresholds.from_upper_bounds([0, 1, 2, 3], places=0)
        assert whole.minimums == (D(1), D(2), D(3), D(4))
        with pytest.raises(ValidationError, match="bounds must be a sequence of four") as info:
            StatusThresholds.from_upper_bounds("0.1")
        assert info.value.field == "bounds"
        with pytest.raises(
            ValidationError, match=r"bounds\[1\] is a rule parameter: write Decimal\('0.5'\)"
        ) as info:
            StatusThresholds.from_upper_bounds([D("0.4"), 0.5, D("0.6"), D("0.7")])  # type: ignore[list-item]
        assert info.value.field == "bounds[1]"
        with pytest.raises(ValidationError, match="places must be a whole number from 0 to 28"):
            StatusThresholds.from_upper_bounds([0, 1, 2, 3], places=29)

    def test_threshold_questions_check_their_arguments(self):
        with pytest.raises(ValidationError, match="score must be a number") as info:
            idm.THRESHOLDS.round("0.5")  # type: ignore[arg-type]
        assert info.value.field == "score"
        for ask in (idm.THRESHOLDS.minimum_for, idm.THRESHOLDS.upper_bound):
            with pytest.raises(ValidationError, match="status must be a DevelopmentStatus") as info:
                ask("maju")  # type: ignore[arg-type]
            assert info.value.field == "status"
        with pytest.raises(ValidationError) as info:
            idm.THRESHOLDS.cut_points(0)
        assert info.value.message == "denominator must be a whole number from 1 or more, not 0"
        assert info.value.field == "denominator"

    def test_cut_points_start_at_zero(self):
        # Minimums 0, 1, 2, 3 at no decimals: Tertinggal from -0.5 (so from 0), Berkembang from
        # 0.5, Maju from 1.5, Mandiri from 2.5; over tenths: 0, 5, 15, 25.
        thresholds = StatusThresholds((D(0), D(1), D(2), D(3)), places=0)
        assert thresholds.cut_points(10) == (0, 5, 15, 25)


def _idm_inputs(a: str, b: str, c: str) -> EvaluationInputs:
    return EvaluationInputs(
        tuple(DimensionValue(d, D(v)) for d, v in zip(idm.DIMENSIONS, (a, b, c), strict=True))
    )


class TestResultFromExact:
    """evaluation.schemes: a result from its exact value, schemes and their arguments.

    Cases a mutation run (mutmut; benchmarks/README.md, "Mutation testing") found untested.
    """

    def test_result_from_exact_by_hand(self):
        # 13/21 = 0.619047...: written 0.6190, Berkembang; Maju from 0.7073, gap 0.7073 - 0.6190.
        inputs = _idm_inputs("0.6", "0.6", "0.6")
        result = result_from_exact(Method.IDM, inputs, Fraction(13, 21), idm.THRESHOLDS)
        assert (result.method, result.inputs) == (Method.IDM, inputs)
        assert str(result.exact) == "0.6190476190476190476190476190"
        assert (result.value, result.status, result.next_status) == (D("0.6190"), B, MJ)
        assert (result.minimum_for_next, str(result.gap)) == (D("0.7073"), "0.0883")
        for name, arguments in (
            ("method", ("idm", inputs, Fraction(1), idm.THRESHOLDS)),
            ("inputs", (Method.IDM, None, Fraction(1), idm.THRESHOLDS)),
            ("exact", (Method.IDM, inputs, 0.5, idm.THRESHOLDS)),
            ("thresholds", (Method.IDM, inputs, Fraction(1), None)),
        ):
            with pytest.raises(ValidationError, match=f"^{name} must be") as info:
                result_from_exact(*arguments)
            assert info.value.field == name

    def test_a_result_keeps_its_status_sequence_and_gap(self):
        good = idm.evaluate(iks=D("0.6"), ike=D("0.6"), ikl=D("0.6"))
        fields: dict[str, Any] = {
            "method": good.method,
            "inputs": good.inputs,
            "exact": good.exact,
            "value": good.value,
            "status": good.status,
            "next_status": good.next_status,
            "minimum_for_next": good.minimum_for_next,
            "gap": good.gap,
        }
        with pytest.raises(ValidationError) as info:
            EvaluationResult(**{**fields, "next_status": MD})
        assert info.value.message == "after Berkembang comes Maju, not Mandiri"
        assert info.value.field == "next_status"
        with pytest.raises(ValidationError) as info:
            EvaluationResult(**{**fields, "status": MD, "next_status": MJ})
        assert info.value.message == "after Mandiri comes no other status, not Maju"
        with pytest.raises(ValidationError) as info:
            EvaluationResult(**{**fields, "next_status": None})
        assert info.value.message == "after Berkembang comes Maju, not nothing"
        with pytest.raises(ValidationError) as info:
            EvaluationResult(**{**fields, "gap": None})
        assert info.value.message == (
            "the next status, its minimum and the gap are given together, or none of them "
            "(only for the highest status)"
        )
        assert info.value.field == "gap"
        with pytest.raises(
            ValidationError, match=r"^the gap must be minimum_for_next - value = 0.1073, not 0.1$"
        ) as info:
            EvaluationResult(**{**fields, "gap": D("0.1")})
        assert info.value.field == "gap"
        # a gap written before it took the scheme's digits (minimum - exact) reads as today's
        legacy = EvaluationResult(**{**fields, "exact": D("0.59995"), "gap": D("0.10735")})
        assert legacy.gap == D("0.7073") - D("0.6000") == D("0.1073")

    def test_weights_and_dimension_values_must_fit(self):
        with pytest.raises(ValidationError) as info:
            DimensionWeight(Dimension.IKS, D(0))
        assert (info.value.message, info.value.field) == ("a weight must be above zero", "weight")
        inputs = EvaluationInputs.of({Dimension.IKS: 1, Dimension.SOCIAL: 1})
        with pytest.raises(ValidationError) as info:
            idm.SCHEME.evaluate(inputs)
        assert info.value.message == (
            "the dimension values do not fit the method (missing Indeks Ketahanan Ekonomi (IKE), "
            "Indeks Ketahanan Lingkungan/Ekologi (IKL); not used by this method: sosial)"
        )
        assert info.value.field == "dimensions"

    def test_a_weighted_mean_beyond_the_exact_context_uses_fractions(self):
        # Weights 1 and 3 with a value of 1E-900: the sum needs 900 digits (fractions).
        scheme = WeightedScheme(
            Method.OTHER,
            (DimensionWeight(Dimension.SOCIAL, D(1)), DimensionWeight(Dimension.ECONOMY, D(3))),
            StatusThresholds((D("0.2"), D("0.4"), D("0.6"), D("0.8")), places=1),
        )
        inputs = EvaluationInputs.of({Dimension.SOCIAL: D("1E-900"), Dimension.ECONOMY: D(1)})
        assert scheme.exact_score(inputs) == (Fraction(1, 10**900) + 3) / 4
        assert scheme.evaluate(inputs).value == D("0.8")  # 0.75 + 2.5E-901, half up at one decimal

    def test_prodeskel_minimums_by_class(self):
        from desacoop.evaluation import ProdeskelClass, ProdeskelScheme

        scheme = ProdeskelScheme((D("30"), D("60"), D("90.01")), places=2)
        assert scheme.minimum_for(ProdeskelClass.KURANG_BERKEMBANG) is None
        assert scheme.minimum_for(ProdeskelClass.LAMBAN_BERKEMBANG) == D("30")
        assert scheme.minimum_for(ProdeskelClass.CEPAT_BERKEMBANG) == D("90.01")
        with pytest.raises(ValidationError, match=r"^development_class must be a ProdeskelClass"):
            scheme.minimum_for(None)  # type: ignore[arg-type]
        # A maximum of 1 is allowed: 1 of 1 is 100 %, cepat berkembang.
        assert (
            scheme.evaluate(score=1, maximum=1).development_class is ProdeskelClass.CEPAT_BERKEMBANG
        )
        with pytest.raises(ValidationError, match="maximum must be a whole number from 1") as info:
            scheme.evaluate(score=0, maximum=0)
        assert info.value.field == "maximum"


class TestGeometricMean:
    """evaluation.schemes: the geometric mean of Indeks Desa.

    Cases a mutation run (mutmut; benchmarks/README.md, "Mutation testing") found untested.
    """

    @pytest.mark.parametrize(
        ("values", "exact"),
        [
            # sqrt(10 x 90) = sqrt(900) = 30, exactly: not 30.00000000000000000000000001
            # (logarithms taken at only 28 digits) nor 30.00000000000002 (at 16).
            ((10, 90, 10, 90, 10, 90), "30"),
            # (2 x 4 x 8) ** (1/3) = 64 ** (1/3) = 4, exactly.
            ((2, 4, 8, 2, 4, 8), "4"),
            # sqrt(1 x 2) = sqrt(2) = 1.41421356237309504880168872420969807...: 28 digits,
            # the 29th is 2 (rounded down).
            ((1, 2, 1, 2, 1, 2), "1.414213562373095048801688724"),
            # Every value 1: the mean is 1 (a value of 1 is not a value of 0).
            ((1, 1, 1, 1, 1, 1), "1"),
            # (1 x 90^5) ** (1/6) = 90 ** (5/6) = 42.51433834863077942716360551746... (at 60
            # digits), rounded up at the 29th digit (7).
            ((1, 90, 90, 90, 90, 90), "42.51433834863077942716360552"),
        ],
    )
    def test_the_geometric_mean_is_correct_to_28_significant_digits(
        self, values: tuple[int, ...], exact: str
    ) -> None:
        assert str(GEOMETRIC.evaluate(_indeks_desa(*values)).exact) == exact

    def test_one_value_of_1_among_90s_by_hand(self) -> None:
        # (1 x 90^5) ** (1/6) = 90 ** (5/6) = 42.514...: between 40 and 60, Berkembang; a value
        # of 1 counts as 1 (only a value of 0 makes the mean 0).
        result = GEOMETRIC.evaluate(_indeks_desa(1, 90, 90, 90, 90, 90))
        assert (result.value, result.status) == (D("42.51"), B)

    def test_unequal_weights_give_the_weighted_geometric_mean(self) -> None:
        # Weights 3 on the 10s, 1 on the 90s: (10^9 x 90^3) ** (1/12) = (10^3 x 90) ** (1/4)
        # = 90000 ** (1/4) = sqrt(300) = 10 sqrt(3) = 17.32050807568877293527446341505872...,
        # 28 digits rounded up at the 29th (5).
        weights = tuple(
            DimensionWeight(d, D(w))
            for d, w in zip(INDEKS_DESA_DIMENSIONS, [3, 1] * 3, strict=True)
        )
        scheme = IndeksDesa(weights, THRESHOLDS, IndexAggregation.GEOMETRIC_MEAN)
        result = scheme.evaluate(_indeks_desa(10, 90, 10, 90, 10, 90))
        assert str(result.exact) == "17.32050807568877293527446342"

    @given(
        values=st.lists(st.integers(1, 100), min_size=6, max_size=6),
        factor=st.integers(1, 100),
    )
    def test_a_geometric_mean_scales_with_its_values(self, values: list[int], factor: int) -> None:
        # The geometric mean of c x values is c times their mean; of equal values, that value.
        mean = GEOMETRIC.evaluate(_indeks_desa(*values)).exact
        scaled = GEOMETRIC.evaluate(_indeks_desa(*(v * factor for v in values))).exact
        # Both are correct to 28 significant digits: a relative difference below 10^-26.
        assert abs(scaled - mean * factor) <= scaled * D("1E-26")
        assert min(values) <= mean <= max(values)
        same = GEOMETRIC.evaluate(_indeks_desa(*[values[0]] * 6)).exact
        assert same == values[0]

    @pytest.mark.parametrize(
        ("values", "shown"),
        [
            ((-5, 90, 90, 90, 90, 90), ["-5"]),
            ((10, -5, 10, -1, 10, 90), ["-5", "-1"]),
            # A negative value with a zero: refused, not silently a mean of 0.
            ((0, -2, 90, 90, 90, 90), ["-2"]),
        ],
    )
    def test_a_geometric_mean_refuses_negative_values_and_names_them(
        self, values: tuple[int, ...], shown: list[str]
    ) -> None:
        error = _raises(lambda: GEOMETRIC.evaluate(_indeks_desa(*values)), "dimensions", *shown)
        # The arithmetic mean takes them (a weighted mean of any numbers).
        assert ARITHMETIC.evaluate(_indeks_desa(*values)).exact < 90
        assert "at least 0" in error.message

    def test_the_geometric_mean_checks_its_inputs(self) -> None:
        _raises(lambda: GEOMETRIC.evaluate("inputs"), "inputs", "'inputs'")  # type: ignore[arg-type]
        # None too (it raised AttributeError before, found by the mutation run).
        _raises(lambda: GEOMETRIC.evaluate(None), "inputs", "None")  # type: ignore[arg-type]
        # The dimensions must fit, as for the arithmetic mean.
        _raises(
            lambda: GEOMETRIC.evaluate(EvaluationInputs.of({Dimension.IKS: 1})),
            "dimensions",
            "missing layanan dasar",
            "not used by this method: Indeks Ketahanan Sosial (IKS)",
        )


class TestInputs:
    """evaluation.schemes: inputs, their repr and their errors.

    Cases a mutation run (mutmut; benchmarks/README.md, "Mutation testing") found untested.
    """

    def test_a_dimension_argument_must_be_a_dimension(self) -> None:
        inputs = EvaluationInputs.of({Dimension.IKS: D("0.5")})
        _raises(lambda: inputs.value_of("iks"), "dimension", "'iks'")  # type: ignore[arg-type]
        _raises(lambda: inputs.block(5), "dimension", "5")  # type: ignore[arg-type]
        # A missing dimension is named by its label.
        _raises(lambda: inputs.value_of(Dimension.IKE), None, "Indeks Ketahanan Ekonomi (IKE)")
        assert inputs.block(Dimension.IKS) == ()

    def test_inputs_of_takes_a_mapping(self) -> None:
        _raises(lambda: EvaluationInputs.of([1, 2]), "values", "[1, 2]")  # type: ignore[arg-type]

    def test_a_dimension_or_an_indicator_given_twice_is_named(self) -> None:
        iks = DimensionValue(Dimension.IKS, D("0.5"))
        _raises(lambda: EvaluationInputs((iks, iks)), "dimensions", "dimension iks")
        first = IndicatorScore(Dimension.IKS, 1, 3)
        _raises(
            lambda: EvaluationInputs((iks,), (first, IndicatorScore(Dimension.IKS, 1, 4))),
            "indicators",
            "indicator iks #1",
        )
        # The same number in another dimension is another indicator.
        assert len(
            EvaluationInputs((iks,), (first, IndicatorScore(Dimension.IKE, 1, 4))).indicators
        )

    def test_inputs_repr_is_pasteable_or_short(self) -> None:
        inputs = EvaluationInputs.of({Dimension.IKS: D("0.5"), Dimension.IKE: D("0.6")})
        namespace = {
            "EvaluationInputs": EvaluationInputs,
            "DimensionValue": DimensionValue,
            "Dimension": Dimension,
            "Decimal": Decimal,
        }
        assert eval(repr(inputs), namespace) == inputs
        with_scores = EvaluationInputs(
            inputs.dimensions,
            (IndicatorScore(Dimension.IKS, 1, 3), IndicatorScore(Dimension.IKS, 2, 5)),
        )
        assert repr(with_scores) == "<EvaluationInputs iks 0.5, ike 0.6; 2 indicator scores>"

    def test_a_result_shows_itself_in_a_notebook(self) -> None:
        result = idm.evaluate(iks=D("0.6"), ike=D("0.6"), ikl=D("0.6"))
        assert result._repr_html_() == html.notebook(result)

    def test_result_from_exact_shows_the_bad_value(self) -> None:
        inputs = EvaluationInputs.of({Dimension.IKS: 1})
        _raises(lambda: result_from_exact(Method.IDM, inputs, 0.5, THRESHOLDS), "exact", "0.5")  # type: ignore[arg-type]


class TestWeightedSchemes:
    """evaluation.schemes: weighted schemes check their weights and inputs.

    Cases a mutation run (mutmut; benchmarks/README.md, "Mutation testing") found untested.
    """

    def test_a_weighted_scheme_checks_its_weights(self) -> None:
        social = DimensionWeight(Dimension.SOCIAL, D(1))
        _raises(lambda: WeightedScheme(Method.OTHER, (), THRESHOLDS), "weights", "at least one")
        _raises(lambda: WeightedScheme(Method.OTHER, (social, 1), THRESHOLDS), "weights[1]", "1")
        _raises(
            lambda: WeightedScheme(Method.OTHER, (social, social), THRESHOLDS),
            "weights",
            "dimension sosial",
        )

    def test_a_weighted_scheme_checks_its_inputs(self) -> None:
        _raises(lambda: SOCIAL_ECONOMY.exact_score("x"), "inputs", "'x'")  # type: ignore[arg-type]
        # None too (it raised AttributeError before, found by the mutation run).
        _raises(lambda: SOCIAL_ECONOMY.exact_score(None), "inputs", "None")  # type: ignore[arg-type]
        error = _raises(lambda: SOCIAL_ECONOMY.evaluate("x"), None, "str")  # type: ignore[arg-type]
        assert "EvaluationInputs" in error.message
        # Two dimensions not used, both named.
        inputs = EvaluationInputs.of(
            {Dimension.SOCIAL: 1, Dimension.ECONOMY: 1, Dimension.IKS: 1, Dimension.IKE: 1}
        )
        _raises(
            lambda: SOCIAL_ECONOMY.evaluate(inputs),
            "dimensions",
            "Indeks Ketahanan Sosial (IKS)",
            "Indeks Ketahanan Ekonomi (IKE)",
        )

    @pytest.mark.parametrize("scheme", [SOCIAL_ECONOMY, ARITHMETIC, GEOMETRIC])
    def test_a_scheme_classifies_by_its_thresholds(
        self, scheme: WeightedScheme | IndeksDesa
    ) -> None:
        # Minimums 20, 40, 60, 80 at two decimals: 39.995 rounds to 40.00, Berkembang.
        assert scheme.classify(D("39.994")) is T
        assert scheme.classify(D("39.995")) is B
        assert scheme.classify(80) is MD
        assert scheme.minimum_for(MJ) == D(60)
        assert scheme.minimum_for(ST) is None

    def test_indeks_desa_weighs_exactly_its_six_dimensions(self) -> None:
        five = tuple(DimensionWeight(d, D(1)) for d in INDEKS_DESA_DIMENSIONS[:5])
        _raises(
            lambda: IndeksDesa(five, THRESHOLDS),
            "weights",
            "layanan dasar",
            "tata kelola pemerintahan desa",
        )
        _raises(lambda: IndeksDesa((), THRESHOLDS), "weights")
        _raises(lambda: IndeksDesa((*five, "x"), THRESHOLDS), "weights[5]", "'x'")


class TestProdeskel:
    """evaluation.schemes: the Prodeskel scheme.

    Cases a mutation run (mutmut; benchmarks/README.md, "Mutation testing") found untested.
    """

    @pytest.mark.parametrize("minimums", [(D(30), D(60)), (D(30), D(60), D(90), D(95))])
    def test_prodeskel_takes_three_minimums(self, minimums: tuple[Decimal, ...]) -> None:
        _raises(lambda: ProdeskelScheme(minimums), "minimums", "three")

    def test_prodeskel_minimums_rise_strictly_and_are_decimals(self) -> None:
        _raises(lambda: ProdeskelScheme((D(60), D(30), D(90))), "minimums", "rise")
        _raises(lambda: ProdeskelScheme((D(30), 60.0, D(90))), "minimums[1]", "60.0")

    def test_a_prodeskel_score_is_at_most_its_maximum(self) -> None:
        # 101 of 100: refused, naming the score and the range 0 to 100.
        _raises(lambda: PRODESKEL.evaluate(score=101, maximum=100), "score", "101", "100")
        _raises(lambda: PRODESKEL.evaluate(score="5", maximum=10), "score", "'5'")  # type: ignore[arg-type]
        # A result built by hand is checked too: 11 of 10.
        _raises(
            lambda: ProdeskelResult(
                11, 10, D(110), D(110), ProdeskelClass.CEPAT_BERKEMBANG, None, None, None
            ),
            "score",
            "11",
            "10",
        )
        # 10 of 10 is 100 %: cepat berkembang, the highest class.
        result = PRODESKEL.evaluate(score=10, maximum=10)
        assert (result.value, result.development_class, result.next_class) == (
            D("100.00"),
            ProdeskelClass.CEPAT_BERKEMBANG,
            None,
        )

    def test_prodeskel_arguments_name_their_parameter(self) -> None:
        _raises(lambda: PRODESKEL.classify("ninety"), "percent", "'ninety'")  # type: ignore[arg-type]
        _raises(lambda: PRODESKEL.minimum_for("berkembang"), "development_class", "'berkembang'")  # type: ignore[arg-type]
        # 60 % exactly is berkembang (its minimum), 59.994 rounds to 59.99: lamban berkembang.
        assert PRODESKEL.classify(D(60)) is ProdeskelClass.BERKEMBANG
        assert PRODESKEL.classify(D("59.994")) is ProdeskelClass.LAMBAN_BERKEMBANG

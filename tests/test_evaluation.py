"""Evaluation schemes, statuses, series, summaries and counts (DOMAIN.md section 3)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs
import pytest
from hypothesis import given, settings

from desacoop import idm
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

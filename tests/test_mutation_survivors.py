"""Tests the mutation runs asked for: each case is a mutant that survived the module's own
test file (``mutmut``, see benchmarks/README.md, "Mutation testing"), written as a rule with
its arithmetic worked out by hand.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest

from desacoop import idm
from desacoop.errors import ValidationError
from desacoop.evaluation import (
    DevelopmentStatus,
    Dimension,
    DimensionValue,
    DimensionWeight,
    EvaluationInputs,
    EvaluationResult,
    IndicatorScore,
    Method,
    StatusThresholds,
    WeightedScheme,
    result_from_exact,
    round_half_up,
)
from desacoop.evaluation.bulk import evaluate_sums
from desacoop.regions import (
    Level,
    RegencyKind,
    Region,
    RegionCode,
    TimeZone,
    Village,
    VillageKind,
    compact,
    level_digits,
    province_time_zone,
    validate,
)

from .utils import need

D = Decimal
ST, T, B, MJ, MD = list(DevelopmentStatus)


# --- evaluation.idm -----------------------------------------------------------------------


def test_a_gain_is_never_negative_and_may_be_zero():
    indicator = IndicatorScore(Dimension.IKS, 1, 3)
    assert idm.Gain(indicator, D(0)).value == D("0E-8")  # an indicator at 5 adds nothing
    with pytest.raises(ValidationError, match="at least 0"):
        idm.Gain(indicator, D("-1E-28"))


def test_gain_of_one_social_indicator_by_hand():
    # 35 social indicators, one at 3: raising it to 5 adds (5 - 3) / (5 x 35) / 3 = 2/525
    # = 0.0038095238..., published at 8 decimals as 0.00380952.
    result = idm.evaluate_scores(social=[3] + [5] * 34, economic=[5] * 12, ecological=[5] * 3)
    first = idm.gains(result)[0]
    assert (first.indicator.number, first.value) == (1, D("0.00380952"))
    assert str(first.exact) == "0.003809523809523809523809523810"


def test_a_plan_that_reaches_the_boundary_exactly():
    # Weights IKS 1, IKE 1, IKL 2 (total 4); statuses from 0.2, 0.4, 0.6, 0.8 at one decimal.
    # Scores: IKS [0] -> 0, IKE [1] -> 1/5, IKL [0] -> 0; score (0 + 0.2 + 0) / 4 = 0.05,
    # written 0.1: Sangat Tertinggal. Tertinggal starts at 0.2, reached from 0.15 (half up).
    # One IKL point adds 2 x (1/5) / 4 = 0.1: 0.05 + 0.1 = 0.15 exactly, so a plan whose
    # need is met with nothing left over (left == 0) is feasible: one indicator, one point.
    scheme = WeightedScheme(
        Method.OTHER,
        (
            DimensionWeight(Dimension.IKS, D(1)),
            DimensionWeight(Dimension.IKE, D(1)),
            DimensionWeight(Dimension.IKL, D(2)),
        ),
        StatusThresholds((D("0.2"), D("0.4"), D("0.6"), D("0.8")), places=1),
    )
    result = idm.evaluate_scores(social=[0], economic=[1], ecological=[0], scheme=scheme)
    assert (result.value, result.status) == (D("0.1"), ST)
    plan = idm.plan(result, scheme=scheme)
    assert plan is not None
    assert [(s.indicator.dimension, s.indicator.score, s.to_score) for s in plan.steps] == [
        (Dimension.IKL, 0, 1)
    ]
    assert (plan.exact, plan.value, plan.status, plan.points) == (D("0.15"), D("0.2"), T, 1)


@pytest.mark.parametrize("zero", [0, D(0), D("0.0000"), 0.0, "0"])
def test_a_dimension_index_of_exactly_zero_or_one(zero):
    low = idm.evaluate(iks=zero, ike=zero, ikl=zero)
    assert (str(low.value), low.status, low.gap) == ("0.0000", ST, D("0.4908"))
    top = idm.evaluate(iks=1, ike=D("1.0"), ikl="1")
    assert (top.value, top.status, top.gap) == (D("1.0000"), MD, None)
    for bad in (D("-1E-28"), D("1.0000000000000000000000000001"), -0.0001):
        with pytest.raises(ValidationError, match="between 0 and 1"):
            idm.evaluate(iks=bad, ike=zero, ikl=zero)


def test_indicator_scores_at_the_ends_of_0_to_5():
    # One indicator a dimension at 0 and at 5: (0 + 0 + 0) / 3 and (1 + 1 + 1) / 3.
    assert idm.evaluate_scores(social=[0], economic=[0], ecological=[0]).value == D("0.0000")
    assert idm.evaluate_scores(social=[5], economic=[5], ecological=[5]).value == D("1.0000")
    for bad in (-1, 6):
        with pytest.raises(ValidationError, match=r"social\[0\] must be a score from 0 to 5"):
            idm.evaluate_scores(social=[bad], economic=[0], ecological=[0])


# --- evaluation.status --------------------------------------------------------------------


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
def test_round_half_up_by_hand(value, places, expected):
    assert str(round_half_up(value, places)) == expected


def test_round_half_up_refuses_places_outside_0_to_28():
    for places in (-1, 29):
        with pytest.raises(ValidationError, match="places"):
            round_half_up(D(1), places)


def test_thresholds_upper_bounds_and_minimums_by_hand():
    # IDM: minimum = bound + 0.0001 and upper bound = next minimum - 0.0001.
    assert idm.THRESHOLDS.minimum_for(T) == D("0.4908")
    assert idm.THRESHOLDS.upper_bound(ST) == D("0.4907")
    assert idm.THRESHOLDS.upper_bound(MJ) == D("0.8155")
    assert idm.THRESHOLDS.upper_bound(MD) is None
    assert idm.THRESHOLDS.minimum_for(ST) is None
    # Cut points over 6300 (IDM's common denominator 15 x lcm(35, 12, 3)): the least n
    # with round4(n / 6300) >= 0.4908 is ceil(0.49075 x 6300) = ceil(3091.725) = 3092.
    assert idm.THRESHOLDS.cut_points(6300)[0] == 3092


# --- evaluation.bulk ----------------------------------------------------------------------


def test_summarise_sums_limits_are_five_points_an_indicator():
    # sizes (1, 2, 3): sums go up to 5, 10 and 15; all at the top is Mandiri.
    villages = ["63.71.01.1001"]
    top = idm.summarise_sums(villages, [5], [10], [15], year=2024, sizes=(1, 2, 3))
    assert (top[0].count(MD), top[0].total) == (1, 1)
    for social, economic, ecological, where in (
        (6, 10, 15, "social[0]"),
        (5, 11, 15, "economic[0]"),
        (5, 10, 16, "ecological[0]"),
        (-1, 0, 0, "social[0]"),
    ):
        with pytest.raises(ValidationError, match="whole number of points") as info:
            idm.summarise_sums(
                villages, [social], [economic], [ecological], year=2024, sizes=(1, 2, 3)
            )
        assert info.value.field == where


@pytest.mark.parametrize(
    "columns",
    [
        (["63.71.01.1001", "63.71.01.1002"], [0], [0], [0]),
        (["63.71.01.1001"], [0, 0], [0], [0]),
        (["63.71.01.1001"], [0], [0, 0], [0]),
        (["63.71.01.1001"], [0], [0], [0, 0]),
    ],
)
def test_summarise_sums_columns_of_different_lengths(columns):
    with pytest.raises(ValidationError, match="same length"):
        idm.summarise_sums(*columns, year=2024)


@pytest.mark.parametrize("sizes", [(35, 12, 0), (0, 12, 3), (35, -1, 3), (35, 12), (35, 12, 3, 1)])
def test_summarise_sums_sizes_are_three_whole_numbers_above_zero(sizes):
    with pytest.raises(ValidationError, match="sizes"):
        idm.summarise_sums(["63.71.01.1001"], [0], [0], [0], year=2024, sizes=sizes)
    with pytest.raises(ValidationError, match="sizes"):
        evaluate_sums(social=[0], economic=[0], ecological=[0], sizes=sizes)


def test_summarise_sums_counts_every_status_at_its_boundary():
    # sizes (1, 1, 1): score = (s + e + g) / 15; statuses at 0.4908, 0.5990, 0.7073, 0.8156.
    # 7/15 = 0.4667 ST, 8/15 = 0.5333 T, 9/15 = 0.6 B, 11/15 = 0.7333 MJ, 13/15 = 0.8667 MD.
    sums = [(2, 2, 3), (3, 3, 2), (3, 3, 3), (4, 4, 3), (5, 4, 4)]
    villages = [f"63.71.01.100{k}" for k in range(1, 6)]
    (summary,) = idm.summarise_sums(
        villages, *(list(column) for column in zip(*sums, strict=True)), year=2024, sizes=(1, 1, 1)
    )
    assert [summary.count(s) for s in DevelopmentStatus] == [1, 1, 1, 1, 1]


# --- regions ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "words"),
    [
        ("63.00", "regency part is 00"),
        ("6300", "regency part is 00"),
        ("63.00.01.1001", "regency part is 00"),
        ("63.71.00", "district part is 00"),
        ("63.71.00.1001", "district part is 00"),
        ("63.71.01.0001", "must start with 1"),
        ("63.71.01.4001", "must start with 1"),
    ],
)
def test_zero_parts_are_refused(code, words):
    with pytest.raises(ValidationError, match=words):
        validate(code)
    with pytest.raises(ValidationError, match=words):
        RegionCode(code)


@pytest.mark.parametrize(
    ("code", "kind"),
    [
        ("63.01", RegencyKind.KABUPATEN),
        ("63.69", RegencyKind.KABUPATEN),
        ("63.70", None),  # DOMAIN.md: 01-69 kabupaten, 71-99 kota; 70 is neither
        ("63.71", RegencyKind.KOTA),
        ("63.72.01.1001", RegencyKind.KOTA),
        ("63.99", RegencyKind.KOTA),
    ],
)
def test_the_kota_cut_off_is_71(code, kind):
    assert RegionCode(code).regency_kind is kind


# --- evaluation.idm: score lists ----------------------------------------------------------


@pytest.mark.parametrize(
    ("social", "field", "words"),
    [
        ([], "social", "social needs a non-empty list of 0-5 scores"),
        ("55", "social", "social must be a list of 0-5 scores"),
        (
            [IndicatorScore(Dimension.IKE, 1, 5)],
            "social[0]",
            "is indicator ike #1, expected iks #1",
        ),
        (
            [IndicatorScore(Dimension.IKS, 2, 5)],
            "social[0]",
            "is indicator iks #2, expected iks #1",
        ),
        ([5, IndicatorScore(Dimension.IKS, 1, 5)], "social[1]", "iks #1, expected iks #2"),
        ([5, None], "social[1]", r"social\[1\] is missing \(None\); give a score"),
        ([5, "5"], "social[1]", r"social\[1\] must be a score from 0 to 5, not '5'$"),
        ([True], "social[0]", r"social\[0\] must be a score from 0 to 5, not True$"),
        ([4.0], "social[0]", r"not 4\.0 \(scores are whole numbers"),
    ],
)
def test_a_bad_score_list_names_its_place(social, field, words):
    with pytest.raises(ValidationError, match=words) as info:
        idm.evaluate_scores(social=social, economic=[0], ecological=[0])
    assert info.value.field == field


def test_indicator_scores_may_be_given_as_objects_in_order():
    # IKS #1 = 5 and #2 = 0: (5 + 0) / 10 = 0.5; with IKE [5] and IKL [5]: (0.5 + 1 + 1) / 3
    # = 0.8333, Mandiri.
    social = [IndicatorScore(Dimension.IKS, 1, 5), IndicatorScore(Dimension.IKS, 2, 0)]
    result = idm.evaluate_scores(social=social, economic=[5], ecological=[5])
    assert (result.value, result.status) == (D("0.8333"), MD)
    assert result.inputs.block(Dimension.IKS) == tuple(social)
    assert idm.from_rows(result) == result


def test_from_rows_needs_every_block():
    result = idm.evaluate(iks=D("0.5"), ike=D("0.5"), ikl=D("0.5"))
    with pytest.raises(ValidationError, match="no indicator scores for every dimension"):
        idm.from_rows(result)


def test_from_rows_keeps_the_scheme():
    # Thresholds at one decimal: (0.5 + 1 + 1) / 3 = 0.8333 is written 0.8 (half up).
    scheme = WeightedScheme(
        Method.OTHER,
        idm.SCHEME.weights,
        StatusThresholds((D("0.2"), D("0.4"), D("0.6"), D("0.9")), places=1),
    )
    result = idm.evaluate_scores(social=[5, 0], economic=[5], ecological=[5], scheme=scheme)
    again = idm.from_rows(result, scheme=scheme)
    assert (again.method, again.value, again.status) == (Method.OTHER, D("0.8"), MJ)


def test_an_index_out_of_range_names_its_dimension():
    with pytest.raises(ValidationError, match=r"ike must lie between 0 and 1, not 1\.5") as info:
        idm.evaluate(iks=0, ike=1.5, ikl=0)
    assert info.value.field == "ike"


def test_a_plan_for_the_status_already_held_is_none():
    result = idm.evaluate_scores(social=[3], economic=[3], ecological=[3])  # 0.6: Berkembang
    assert result.status is B
    assert idm.plan(result, target=B) is None
    assert idm.plan(result, target=T) is None
    assert idm.plan(result, target=MJ) is not None
    with pytest.raises(ValidationError, match="target must be a DevelopmentStatus"):
        idm.plan(result, target="maju")  # type: ignore[arg-type]


def test_a_plan_needs_indicator_scores():
    result = idm.evaluate(iks=D("0.5"), ike=D("0.5"), ikl=D("0.5"))
    with pytest.raises(ValidationError, match="a plan needs the indicator scores"):
        idm.plan(result)


def _scheme_1_1_2() -> WeightedScheme:
    """IKS 1, IKE 1, IKL 2; statuses from 0.2, 0.4, 0.6, 0.8 at one decimal."""
    return WeightedScheme(
        Method.OTHER,
        (
            DimensionWeight(Dimension.IKS, D(1)),
            DimensionWeight(Dimension.IKE, D(1)),
            DimensionWeight(Dimension.IKL, D(2)),
        ),
        StatusThresholds((D("0.2"), D("0.4"), D("0.6"), D("0.8")), places=1),
    )


def test_one_indicator_whose_full_gain_is_exactly_the_need_suffices():
    # IKS [0, 1] -> 1/10, IKE [0, 0] -> 0, IKL [3, 5] -> 8/10: (0.1 + 0 + 2 x 0.8) / 4 =
    # 0.425, written 0.4: Berkembang. Maju from 0.6, reached from 0.55: need 0.125.
    # A point adds 1/(4 x 10) = 0.025 on IKS or IKE, 2/(4 x 10) = 0.05 on IKL. IKS #1 or
    # IKE #1 from 0 to 5 adds 5 x 0.025 = 0.125, exactly the need: one indicator, 5
    # points (IKL can add at most 2 x 0.05 = 0.1 alone).
    scheme = _scheme_1_1_2()
    result = idm.evaluate_scores(social=[0, 1], economic=[0, 0], ecological=[3, 5], scheme=scheme)
    assert (result.exact, result.value, result.status) == (D("0.425"), D("0.4"), B)
    plan = idm.plan(result, scheme=scheme)
    assert plan is not None
    assert len(plan.steps) == 1
    (step,) = plan.steps
    assert (step.indicator.dimension in (Dimension.IKS, Dimension.IKE), step.indicator.number) == (
        True,
        1,
    )
    assert (step.to_score, step.gain, plan.points) == (5, D("0.125"), 5)
    assert (plan.exact, plan.value, plan.status) == (D("0.55"), D("0.6"), MJ)


def test_among_plans_of_equal_points_the_larger_gain_wins():
    # IDM. IKS [5, 4] -> 0.9, IKE [2] -> 0.4, IKL [2] -> 0.4: 1.7 / 3 = 0.56667, Tertinggal.
    # Berkembang from 0.5990 (reached from 0.59895): need 0.03228. One point adds 1/30 on
    # IKS (0.0333) or 1/15 on IKE or IKL (0.0667): each needs one point of one indicator;
    # the larger gain wins, so the step is on IKE or IKL, never IKS #2.
    result = idm.evaluate_scores(social=[5, 4], economic=[2], ecological=[2])
    assert (result.value, result.status) == (D("0.5667"), T)
    plan = idm.plan(result)
    assert plan is not None
    (step,) = plan.steps
    assert step.indicator.dimension in (Dimension.IKE, Dimension.IKL)
    assert (step.indicator.score, step.to_score, plan.points) == (2, 3, 1)
    assert str(plan.exact) == "0.6333333333333333333333333333"  # 1.9 / 3
    assert (plan.value, plan.status) == (D("0.6333"), B)


@pytest.mark.parametrize("bad", [D("1.5"), D("-0.1"), D("1E-1001"), D("Infinity")])
@pytest.mark.parametrize("name", ["iks", "ike", "ikl"])
def test_a_decimal_index_out_of_range_is_refused_for_each_dimension(name, bad):
    indices = {"iks": D("0.5"), "ike": D("0.5"), "ikl": D("0.5"), name: bad}
    with pytest.raises(ValidationError) as info:
        idm.evaluate(**indices)
    assert info.value.field == name


def test_an_index_at_the_exponent_limit_is_still_read():
    # 1E-1000 is the smallest exponent accepted; (1E-1000 + 0.5 + 0.5) / 3 rounds to 0.3333.
    result = idm.evaluate(iks=D("1E-1000"), ike=D("0.5"), ikl=D("0.5"))
    assert (result.value, result.status) == (D("0.3333"), ST)


_ONE = idm.evaluate_scores(social=[0], economic=[0], ecological=[0])


@pytest.mark.parametrize(
    ("call", "field", "words"),
    [
        (
            lambda: idm.evaluate(iks=0, ike=0, ikl=0, scheme="idm"),  # type: ignore[arg-type]
            "scheme",
            "such as idm.SCHEME, not 'idm'",
        ),
        (
            lambda: idm.gains(_ONE, scheme=idm.THRESHOLDS),  # type: ignore[arg-type]
            "scheme",
            "must be a WeightedScheme such as idm.SCHEME, not StatusThresholds",
        ),
        (lambda: idm.gains("result"), "result", "expected an EvaluationResult, not str"),  # type: ignore[arg-type]
        (lambda: idm.plan(None), "result", "expected an EvaluationResult, not NoneType"),  # type: ignore[arg-type]
    ],
)
def test_wrong_arguments_name_their_parameter(call, field, words):
    with pytest.raises(ValidationError, match=words) as info:
        call()
    assert info.value.field == field


def test_a_plan_step_raises_the_score():
    indicator = IndicatorScore(Dimension.IKL, 1, 3)
    assert idm.PlanStep(indicator, 4, D("0.0222")).to_score == 4
    for to_score in (3, 2):
        with pytest.raises(ValidationError, match="a step raises the indicator's score") as info:
            idm.PlanStep(indicator, to_score, D(0))
        assert info.value.field == "to_score"


def test_score_lists_are_one_dimensional_and_sized():
    np = need("numpy")
    with pytest.raises(ValidationError, match="social must be a list of 0-5 scores") as info:
        idm.evaluate_scores(social=np.full((2, 2), 5), economic=[5], ecological=[5])
    assert info.value.field == "social"
    for bad in ((s for s in [5]), {5}, {"a": 5}, 5):
        with pytest.raises(ValidationError, match="must be a list of 0-5 scores"):
            idm.evaluate_scores(social=bad, economic=[5], ecological=[5])  # type: ignore[arg-type]
    # A sized, one-dimensional iterable that is not a sequence (a dict's values) is read.
    result = idm.evaluate_scores(social={"a": 5}.values(), economic=[5], ecological=[5])  # type: ignore[arg-type]
    assert result.value == D("1.0000")


def test_a_plan_fills_the_most_valuable_points_first():
    # IKS [3] -> 0.6, IKE [5, 0] -> 0.5, IKL [5, 0, 1] -> 6/15 = 0.4: IDM 1.5 / 3 = 0.5.
    # Mandiri is reached from 0.81555: need 0.31555. A point is worth 1/15 on IKS (one
    # indicator), 1/30 on IKE (two), 1/45 on IKL (three). Full gains: IKE #2 5/30 = 0.1667,
    # IKS #1 2/15 = 0.1333, IKL #2 5/45 = 0.1111, IKL #3 4/45: two give 0.3 < 0.31555, so
    # three indicators. Fewest points: IKS's 2 (0.1333) and IKE #2's 5 (0.1667) give 0.3,
    # and one IKL point (0.0222) the rest, on IKL #2 (most room): 8 points in all.
    result = idm.evaluate_scores(social=[3], economic=[5, 0], ecological=[5, 0, 1])
    assert (result.value, result.status) == (D("0.5000"), T)
    plan = idm.plan(result, target=MD)
    assert plan is not None
    assert [(s.indicator.dimension, s.indicator.number, s.to_score) for s in plan.steps] == [
        (Dimension.IKS, 1, 5),
        (Dimension.IKE, 2, 5),
        (Dimension.IKL, 2, 1),
    ]
    assert plan.points == 8
    assert str(plan.exact) == "0.8222222222222222222222222222"  # 0.5 + 2/15 + 5/30 + 1/45
    assert (plan.value, plan.status) == (D("0.8222"), MD)


def test_a_plan_raising_two_indicators_of_one_dimension():
    # IKS [4, 5] -> 0.9, IKE [2, 5] -> 0.7, IKL [3, 0] -> 0.3: IDM 1.9 / 3 = 0.6333. Every
    # point is worth 1/30 (blocks of two); Mandiri needs 0.81555 - 0.63333 = 0.18222, i.e.
    # 6 points (5.47 rounded up). The largest rooms are 5 (IKL #2) and 3 (IKE #1): two
    # indicators, 6 points, the score 0.6333 + 6/30 = 0.8333.
    result = idm.evaluate_scores(social=[4, 5], economic=[2, 5], ecological=[3, 0])
    plan = idm.plan(result, target=MD)
    assert plan is not None
    assert (len(plan.steps), plan.points) == (2, 6)
    assert sum(s.to_score - s.indicator.score for s in plan.steps) == 6
    assert all(s.indicator.score < s.to_score <= 5 for s in plan.steps)
    assert str(plan.exact) == "0.8333333333333333333333333333"
    assert sum((s.gain for s in plan.steps), D(0)) == D("0.2000000000000000000000000000")
    assert (plan.value, plan.status) == (D("0.8333"), MD)


def test_a_target_out_of_reach_says_so():
    # Dimension values all 0 and one IKS indicator known (at 0): raising it to 5 adds
    # 5 x 1/(3 x 5) = 1/3 of IDM, short of Mandiri's 0.81555.
    inputs = EvaluationInputs(
        tuple(DimensionValue(d, D(0)) for d in idm.DIMENSIONS),
        (IndicatorScore(Dimension.IKS, 1, 0),),
    )
    result = idm.SCHEME.evaluate(inputs)
    with pytest.raises(ValidationError, match=r"^Mandiri cannot be reached even with every"):
        idm.plan(result, target=MD)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: idm.from_rows(idm.evaluate(iks=0, ike=0, ikl=0)),
            "the result has no indicator scores for every dimension",
        ),
        (
            lambda: idm.plan(idm.evaluate(iks=0, ike=0, ikl=0)),
            "a plan needs the indicator scores, and this result has none",
        ),
        (
            lambda: idm.PlanStep(IndicatorScore(Dimension.IKS, 1, 3), 3, D(0)),
            "a step raises the indicator's score",
        ),
    ],
)
def test_messages_in_full(call, message):
    with pytest.raises(ValidationError) as info:
        call()
    assert info.value.message == message


@pytest.mark.parametrize("item", ["abc", Fraction(10**400, 3), [5]])
def test_a_score_that_is_not_a_number_gets_no_float_hint(item):
    with pytest.raises(ValidationError, match=r"must be a score from 0 to 5, not ") as info:
        idm.evaluate_scores(social=[item], economic=[0], ecological=[0])
    assert "whole numbers" not in info.value.message


# --- regions: survivors of the mutation run -------------------------------------------------


def test_ancestors_leave_out_the_code_itself():
    district = RegionCode("63.71.01")
    assert district.ancestors() == (RegionCode("63"), RegionCode("63.71"))
    assert RegionCode("63.71.01.1001").ancestors()[-1] == district
    assert RegionCode("63").ancestors() == ()


def test_at_level_of_its_own_level_is_the_code():
    for text in ("63", "63.71", "63.71.01", "63.71.01.1001"):
        code = RegionCode(text)
        assert code.at_level(code.level) == code


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("", "empty region code"),
        ("6371010", "'6371010' looks like a BPS district code (7 digits); Kemendagri district"),
        ("637101100", "wrong length: '637101100' has 9 digits; a Kemendagri code has 2, 4, 6 or"),
        ("99.71", "unknown province '99' in '99.71'"),
        ("63.7a", "not a dotted Kemendagri code (PP.KK.CC.VVVV): '63.7a'"),
        ("63x71", "not a region code: '63x71' (only digits and dots are allowed)"),
        ("63.00", "regency part is 00 in '63.00'"),
        ("63.71.00", "district part is 00 in '63.71.00'"),
        ("63.71.01.0001", "village part '0001' must start with 1 (kelurahan), 2 (desa) or 3 "
         "(desa adat) in '63.71.01.0001' (this looks like a BPS code)"),
    ],
)  # fmt: skip
def test_region_code_messages_name_the_code(code, message):
    with pytest.raises(ValidationError) as info:
        validate(code)
    assert message in info.value.message


def test_a_village_part_from_4_to_9_gets_no_bps_hint():
    with pytest.raises(ValidationError) as info:
        validate("63.71.01.4001")
    assert info.value.message.endswith("in '63.71.01.4001'")


def test_region_code_type_errors_name_the_type():
    for bad, words in ((5, "a region code is a text, not int: 5"), (None, "not NoneType: None")):
        with pytest.raises(ValidationError, match=words):
            validate(bad)
    with pytest.raises(ValidationError, match="a region code is a text, not 5"):
        compact(5)  # type: ignore[arg-type]


def test_level_digits_refuses_what_is_not_a_level():
    assert level_digits(Level.VILLAGE) == 10
    with pytest.raises(ValidationError, match="level must be a Level, not 'village'") as info:
        level_digits("village")
    assert info.value.field == "level"


@pytest.mark.parametrize("name", ["", "   ", 5, None])
def test_a_village_and_a_region_need_a_name(name):
    for cls in (Village, Region):
        with pytest.raises(ValidationError, match="name must be a non-empty text") as info:
            cls("63.71.01.1001", name)
        assert info.value.field == "name"


def test_a_village_kind_must_be_a_village_kind():
    assert Village("63.71.01.1001", "Kelayan").kind is VillageKind.KELURAHAN  # part 1xxx
    with pytest.raises(ValidationError, match="kind must be a VillageKind, not 'desa'") as info:
        Village("63.71.01.2001", "Desa", kind="desa")  # type: ignore[arg-type]
    assert info.value.field == "kind"


def test_province_time_zone_takes_a_code_or_a_text():
    assert province_time_zone("63") is province_time_zone(RegionCode("63.71")) is TimeZone.WITA


# --- evaluation.status: survivors of the mutation run ---------------------------------------


def test_status_names_with_underscores_and_errors():
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
def test_statuses_compare_only_with_statuses(compare):
    assert MJ < MD
    assert MJ <= MJ
    assert MD > MJ
    assert MD >= MD
    with pytest.raises(TypeError):
        compare(MJ)


def test_to_decimal_takes_fractions_and_ints():
    from desacoop.evaluation import to_decimal

    assert to_decimal(3) == D(3)
    assert str(to_decimal(Fraction(1, 8))) == "0.125"
    for bad in (True, 0.5, D("0.5")):
        with pytest.raises(ValidationError, match="to_decimal takes a Fraction, not") as info:
            to_decimal(bad)  # type: ignore[arg-type]
        assert info.value.field == "value"


def test_rounding_ignores_the_callers_decimal_context():
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


def test_rounding_a_large_number_keeps_every_digit():
    # 10**200 at 28 decimals needs 229 digits, beyond the 100-digit working context.
    assert str(round_half_up(D("1E+200"), 28)) == "1" + "0" * 200 + "." + "0" * 28
    assert round_half_up(Fraction(10**200) + Fraction(1, 2), 0) == D(10**200 + 1)
    assert str(round_half_up(D(0), 3)) == "0.000"


_NOT_RISING = (D("0.2"), D("0.2"), D("0.6"), D("0.8"))


@pytest.mark.parametrize(
    ("minimums", "field", "words"),
    [
        ((D("0.2"), 0.4, D("0.6"), D("0.8")), "minimums[1]", r"minimums\[1\] must be a Decimal,"),
        ((D("0.2"), D("Inf"), D("0.6"), D("0.8")), "minimums", "threshold values must be finite"),
        (_NOT_RISING, "minimums", "minimums must rise strictly from one status to the next"),
        ((D("0.2"), D("0.4"), D("0.6")), "minimums", "give exactly four minimums: Tertinggal,"),
        (
            (D("0.2"), D("0.45"), D("0.6"), D("0.8")),
            "minimums",
            "0.45 has more decimals than the 1",
        ),
    ],
)
def test_thresholds_refuse_bad_minimums(minimums, field, words):
    with pytest.raises(ValidationError, match=words) as info:
        StatusThresholds(minimums, places=1)
    assert info.value.field == field


def test_thresholds_from_upper_bounds():
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


def test_threshold_questions_check_their_arguments():
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


def test_cut_points_start_at_zero():
    # Minimums 0, 1, 2, 3 at no decimals: Tertinggal from -0.5 (so from 0), Berkembang from
    # 0.5, Maju from 1.5, Mandiri from 2.5; over tenths: 0, 5, 15, 25.
    thresholds = StatusThresholds((D(0), D(1), D(2), D(3)), places=0)
    assert thresholds.cut_points(10) == (0, 5, 15, 25)


# --- evaluation.bulk: second pass -----------------------------------------------------------


@pytest.mark.parametrize("code", ["63.71.01.4101", "6371014101", "63.71.01.0301", "6371010201"])
def test_a_village_part_starting_outside_1_to_3_is_refused_in_bulk(code):
    # The second digit (1-3) must not make the first one (0 or 4) pass.
    with pytest.raises(ValidationError, match="is not a village code") as info:
        idm.summarise_sums(["63.71.01.1001", code], [0, 0], [0, 0], [0, 0], year=2024)
    assert info.value.field == "villages[1]"


@pytest.mark.parametrize(("social", "bad"), [([301, 0], 0), ([0, -1], 1)])
def test_sums_of_large_blocks_keep_their_range(social, bad):
    # 60 social indicators: sums from 0 to 300, beyond what fits a byte.
    ok = idm.summarise_sums(["63.71.01.1001"], [300], [60], [15], year=2024, sizes=(60, 12, 3))
    assert ok[0].count(MD) == 1
    with pytest.raises(ValidationError, match="from 0 to 300") as info:
        idm.summarise_sums(
            ["63.71.01.1001", "63.71.01.1002"], social, [0, 0], [0, 0], year=2024, sizes=(60, 12, 3)
        )
    assert info.value.field == f"social[{bad}]"


# --- evaluation.schemes: survivors of the mutation run ---------------------------------------


def _idm_inputs(a: str, b: str, c: str) -> EvaluationInputs:
    return EvaluationInputs(
        tuple(DimensionValue(d, D(v)) for d, v in zip(idm.DIMENSIONS, (a, b, c), strict=True))
    )


def test_result_from_exact_by_hand():
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


def test_a_result_keeps_its_status_sequence_and_gap():
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


def test_weights_and_dimension_values_must_fit():
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


def test_a_weighted_mean_beyond_the_exact_context_uses_fractions():
    # Weights 1 and 3 with a value of 1E-900: the sum needs 900 digits (fractions).
    scheme = WeightedScheme(
        Method.OTHER,
        (DimensionWeight(Dimension.SOCIAL, D(1)), DimensionWeight(Dimension.ECONOMY, D(3))),
        StatusThresholds((D("0.2"), D("0.4"), D("0.6"), D("0.8")), places=1),
    )
    inputs = EvaluationInputs.of({Dimension.SOCIAL: D("1E-900"), Dimension.ECONOMY: D(1)})
    assert scheme.exact_score(inputs) == (Fraction(1, 10**900) + 3) / 4
    assert scheme.evaluate(inputs).value == D("0.8")  # 0.75 + 2.5E-901, half up at one decimal


def test_prodeskel_minimums_by_class():
    from desacoop.evaluation import ProdeskelClass, ProdeskelScheme

    scheme = ProdeskelScheme((D("30"), D("60"), D("90.01")), places=2)
    assert scheme.minimum_for(ProdeskelClass.KURANG_BERKEMBANG) is None
    assert scheme.minimum_for(ProdeskelClass.LAMBAN_BERKEMBANG) == D("30")
    assert scheme.minimum_for(ProdeskelClass.CEPAT_BERKEMBANG) == D("90.01")
    with pytest.raises(ValidationError, match=r"^development_class must be a ProdeskelClass"):
        scheme.minimum_for(None)  # type: ignore[arg-type]
    # A maximum of 1 is allowed: 1 of 1 is 100 %, cepat berkembang.
    assert scheme.evaluate(score=1, maximum=1).development_class is ProdeskelClass.CEPAT_BERKEMBANG
    with pytest.raises(ValidationError, match="maximum must be a whole number from 1") as info:
        scheme.evaluate(score=0, maximum=0)
    assert info.value.field == "maximum"

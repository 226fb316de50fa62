"""IDM (Permendesa PDTT 2/2016): boundaries, indicator tables, plans, the 574 Kemendes records.

Expected values are worked out by hand or from the published records, never taken from
the code under test.
"""

from __future__ import annotations

import copy
import itertools
import json
import random
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desacoop import idm
from desacoop.errors import ValidationError
from desacoop.evaluation import (
    ActingLevel,
    DevelopmentStatus,
    Dimension,
    DimensionValue,
    DimensionWeight,
    EvaluationInputs,
    FindingKind,
    IndicatorScore,
    Method,
    StatusThresholds,
    WeightedScheme,
    summarise,
)
from desacoop.regions import Level, RegionCode

from .utils import missing, need, shared_file

D = Decimal
ST, T, B, MJ, MD = (
    DevelopmentStatus.SANGAT_TERTINGGAL,
    DevelopmentStatus.TERTINGGAL,
    DevelopmentStatus.BERKEMBANG,
    DevelopmentStatus.MAJU,
    DevelopmentStatus.MANDIRI,
)

SAMPLE = Path(__file__).parents[2] / "shared" / "data" / "idm" / "kemendes-idm-sample.jsonl"


@pytest.fixture
def _sample() -> Path:
    return shared_file("idm", "kemendes-idm-sample.jsonl")


#: A test that reads the Kemendes sample (skipped without it, failed in CI and with --slow).
needs_sample = pytest.mark.usefixtures("_sample")


# The rule as DOMAIN.md section 3 states it, written independently of desacoop.
def _round4(x: Fraction) -> Fraction:
    scaled = x * 10000
    return Fraction(int(scaled + Fraction(1, 2)), 10000)


def _status_by_hand(x: Fraction) -> DevelopmentStatus:
    v = _round4(x)
    if v <= Fraction("0.4907"):
        return ST
    if v <= Fraction("0.5989"):
        return T
    if v <= Fraction("0.7072"):
        return B
    if v <= Fraction("0.8155"):
        return MJ
    return MD


_BY_NAME = {
    "SANGAT TERTINGGAL": ST,
    "TERTINGGAL": T,
    "BERKEMBANG": B,
    "MAJU": MJ,
    "MANDIRI": MD,
}

# --- boundaries ---------------------------------------------------------------------------

BOUNDARIES = [
    # (score, value kept at 4 decimals, status, next status, minimum for next)
    ("0", "0.0000", ST, T, "0.4908"),
    ("0.4907", "0.4907", ST, T, "0.4908"),
    ("0.49074", "0.4907", ST, T, "0.4908"),
    ("0.490749999", "0.4907", ST, T, "0.4908"),
    ("0.49075", "0.4908", T, B, "0.5990"),
    ("0.4908", "0.4908", T, B, "0.5990"),
    ("0.5989", "0.5989", T, B, "0.5990"),
    ("0.59894", "0.5989", T, B, "0.5990"),
    ("0.59895", "0.5990", B, MJ, "0.7073"),
    ("0.5990", "0.5990", B, MJ, "0.7073"),
    ("0.7072", "0.7072", B, MJ, "0.7073"),
    ("0.70724", "0.7072", B, MJ, "0.7073"),
    ("0.70725", "0.7073", MJ, MD, "0.8156"),
    ("0.7073", "0.7073", MJ, MD, "0.8156"),
    ("0.8155", "0.8155", MJ, MD, "0.8156"),
    ("0.81554", "0.8155", MJ, MD, "0.8156"),
    ("0.81555", "0.8156", MD, None, None),
    ("0.8156", "0.8156", MD, None, None),
    ("1", "1.0000", MD, None, None),
]


@pytest.mark.parametrize(("score", "value", "status", "following", "minimum"), BOUNDARIES)
def test_boundaries_from_equal_indices(score, value, status, following, minimum):
    result = idm.evaluate(iks=D(score), ike=D(score), ikl=D(score))
    assert result.exact == D(score)
    assert result.value == D(value)
    assert str(result.value) == value  # four decimals, as printed in status decrees
    assert result.status is status
    assert result.next_status is following
    if minimum is None:
        assert result.minimum_for_next is None
        assert result.gap is None
    else:
        assert result.minimum_for_next == D(minimum)
        # the gap has the score's four decimals: score + gap = minimum, as both are shown
        assert result.gap == D(minimum) - D(value)
        assert result.value + result.gap == result.minimum_for_next


@pytest.mark.parametrize(
    ("iks", "ike", "ikl", "mean", "status"),
    [
        # 0.4907 + 0.4907 + 0.4908 = 1.4722; / 3 = 0.490733... -> 0.4907
        ("0.4907", "0.4907", "0.4908", Fraction(14722, 30000), ST),
        # 0.49 + 0.49 + 0.49225 = 1.47225; / 3 = 0.49075 exactly -> half up 0.4908
        ("0.49", "0.49", "0.49225", Fraction(49075, 100000), T),
        # 0.6 + 0.6 + 0.5967 = 1.7967; / 3 = 0.5989 exactly
        ("0.6", "0.6", "0.5967", Fraction(5989, 10000), T),
        # 0.6 + 0.6 + 0.59685 = 1.79685; / 3 = 0.59895 -> 0.5990
        ("0.6", "0.6", "0.59685", Fraction(59895, 100000), B),
        # 0.7 + 0.7 + 0.7216 = 2.1216; / 3 = 0.7072
        ("0.7", "0.7", "0.7216", Fraction(7072, 10000), B),
        # 0.7 + 0.7 + 0.72175 = 2.12175; / 3 = 0.70725 -> 0.7073
        ("0.7", "0.7", "0.72175", Fraction(70725, 100000), MJ),
        # 0.8 + 0.8 + 0.8465 = 2.4465; / 3 = 0.8155
        ("0.8", "0.8", "0.8465", Fraction(8155, 10000), MJ),
        # 0.8 + 0.8 + 0.84665 = 2.44665; / 3 = 0.81555 -> 0.8156
        ("0.8", "0.8", "0.84665", Fraction(81555, 100000), MD),
        # 0.8155 + 0.8155 + 0.8156 = 2.4466; / 3 = 0.815533... -> 0.8155
        ("0.8155", "0.8155", "0.8156", Fraction(24466, 30000), MJ),
    ],
)
def test_mean_of_indices_on_a_boundary(iks, ike, ikl, mean, status):
    result = idm.evaluate(iks=D(iks), ike=D(ike), ikl=D(ikl))
    assert result.status is status
    assert Fraction(result.value) == _round4(mean)
    assert abs(Fraction(result.exact) - mean) < Fraction(1, 10**26)


def test_published_example_domain_section_3():
    # DOMAIN.md §3: a Maju village's target is Mandiri at 0.8156; the gap is target - current.
    result = idm.evaluate(iks=D("0.8"), ike=D("0.8"), ikl=D("0.8"))
    assert (result.status, result.next_status, result.minimum_for_next) == (MJ, MD, D("0.8156"))
    assert result.gap == D("0.0156")
    # First record of the sample (1101022001, 2021), as published.
    result = idm.evaluate(
        iks=D("0.65714285714286"), ike=D("0.53333333333333"), ikl=D("0.66666666666667")
    )
    assert result.status is B
    assert result.next_status is MJ
    assert result.minimum_for_next == D("0.7073")
    # published PENAMBAHAN 0.08825238095238008 is 0.7073 - the unrounded score; as shown,
    # 0.6190 + 0.0883 = 0.7073
    assert (result.value, result.gap) == (D("0.6190"), D("0.0883"))


@pytest.mark.parametrize(
    "bad",
    [
        float("nan"),
        float("inf"),
        1.0001,
        -0.1,
        True,
        "abc",
        D("1.0001"),
        D("-0.1"),
        D("NaN"),
        D("Infinity"),
        None,
        [D("0.5")],
    ],
)
def test_evaluate_rejects_bad_indices(bad):
    with pytest.raises(ValidationError) as info:
        idm.evaluate(iks=bad, ike=D("0.5"), ikl=D("0.5"))
    assert info.value.field == "iks"


def test_evaluate_nan_says_missing():
    with pytest.raises(ValidationError, match="missing"):
        idm.evaluate(iks=float("nan"), ike=D("0.5"), ikl=D("0.5"))


def test_evaluate_accepts_floats_through_their_shortest_repr():
    # The ministry classifies 0.4907 as Sangat Tertinggal; the float 0.4907 is read as
    # Decimal("0.4907"), never as 0.49070000000000002504...
    result = idm.evaluate(iks=0.4907, ike=0.4907, ikl=0.4907)
    assert result.status is ST
    assert result.exact == D("0.4907")
    assert result.inputs.value_of(Dimension.IKS) == D("0.4907")
    assert idm.evaluate(iks=0.49075, ike=0.49075, ikl=0.49075).status is T
    decimal = idm.evaluate(iks=D("0.7"), ike=D("0.6"), ikl=D("0.8"))
    assert idm.evaluate(iks=0.7, ike=0.6, ikl=0.8) == decimal
    assert idm.evaluate(iks="0.7", ike="0.6", ikl="0.8") == decimal  # texts as before
    assert decimal.status is B


def test_evaluate_accepts_numpy_numbers():
    np = need("numpy")
    result = idm.evaluate(iks=np.float64(0.4907), ike=np.float32(0.4907), ikl=np.int64(0))
    assert result.inputs.value_of(Dimension.IKE) == D("0.4907")
    assert result.inputs.value_of(Dimension.IKL) == D(0)
    with pytest.raises(ValidationError):
        idm.evaluate(iks=np.float64("nan"), ike=D("0.5"), ikl=D("0.5"))


# --- indicator tables ---------------------------------------------------------------------


def _scores(total: int, count: int) -> list[int]:
    """``count`` scores of 0-5 adding up to ``total``."""
    full, rest = divmod(total, 5)
    return ([5] * full + ([rest] if rest else []) + [0] * count)[:count]


@pytest.mark.parametrize(
    ("social", "economic", "ecological", "exact", "status"),
    [
        ([0] * 35, [0] * 12, [0] * 3, Fraction(0), ST),
        ([5] * 35, [5] * 12, [5] * 3, Fraction(1), MD),
        ([3] * 35, [3] * 12, [3] * 3, Fraction(3, 5), B),  # 0.6000 > 0.5989
        # 1 + 0 + 10/15 = 5/3; / 3 = 5/9 = 0.5556
        ([5] * 35, [0] * 12, [5, 5, 0], Fraction(5, 9), T),
        # 105/175 + 36/60 + 9/15 = 0.6 + 0.6 + 0.6 ... with one social point less:
        # (104/175 + 0.6 + 0.6) / 3 = 0.598857... -> 0.5989 Tertinggal
        ([3] * 34 + [2], [3] * 12, [3] * 3, (Fraction(104, 175) + Fraction(6, 5)) / 3, T),
        # (1 + 1 + 0) / 3 = 0.6667
        ([5] * 35, [5] * 12, [0, 0, 0], Fraction(2, 3), B),
    ],
)
def test_scores_from_indicator_tables(social, economic, ecological, exact, status):
    result = idm.evaluate_scores(social=social, economic=economic, ecological=ecological)
    assert result.status is status
    assert _status_by_hand(exact) is status
    assert Fraction(result.value) == _round4(exact)
    assert abs(Fraction(result.exact) - exact) < Fraction(1, 10**26)
    iks = result.inputs.value_of(Dimension.IKS)
    assert abs(Fraction(iks) - Fraction(sum(social), 175)) < Fraction(1, 10**26)
    assert len(result.inputs.indicators) == 50
    if result.minimum_for_next is not None:
        assert result.gap is not None
        assert result.gap == result.minimum_for_next - result.value


@pytest.mark.parametrize(
    "bad", [[6], [-1], ["3"], [True], [], [2.0], [float("nan")], "35", None, {3}, {1: 3}, 3]
)
def test_scores_rejects_bad_tables(bad):
    with pytest.raises(ValidationError):
        idm.evaluate_scores(social=bad, economic=[1], ecological=[1])


def test_scores_accept_tuples_and_numpy_arrays():
    np = need("numpy")
    expected = idm.evaluate_scores(social=[5] * 35, economic=[4] * 12, ecological=[5, 5, 0])
    assert (
        idm.evaluate_scores(social=(5,) * 35, economic=(4,) * 12, ecological=(5, 5, 0)) == expected
    )
    arrays = idm.evaluate_scores(
        social=np.full(35, 5, dtype=np.int64),
        economic=np.full(12, 4, dtype=np.int32),
        ecological=np.array([5, 5, 0]),
    )
    assert arrays == expected
    assert all(type(i.score) is int for i in arrays.inputs.indicators)
    for bad in (np.array([[5, 5], [5, 5]]), np.array([2.0]), np.array([True])):
        with pytest.raises(ValidationError):
            idm.evaluate_scores(social=bad, economic=[1], ecological=[1])


@given(
    social=st.integers(0, 175),
    economic=st.integers(0, 60),
    ecological=st.integers(0, 15),
)
def test_scores_agree_with_the_rule(social, economic, ecological):
    exact = (Fraction(social, 175) + Fraction(economic, 60) + Fraction(ecological, 15)) / 3
    result = idm.evaluate_scores(
        social=_scores(social, 35),
        economic=_scores(economic, 12),
        ecological=_scores(ecological, 3),
    )
    assert result.status is _status_by_hand(exact)
    assert Fraction(result.value) == _round4(exact)


# --- properties ---------------------------------------------------------------------------

unit_decimals = st.decimals(min_value=0, max_value=1, places=6, allow_nan=False)


@given(a=unit_decimals, b=unit_decimals)
def test_status_never_decreases_as_score_rises(a, b):
    low, high = sorted((a, b))
    assert (
        idm.evaluate(iks=low, ike=low, ikl=low).status
        <= idm.evaluate(iks=high, ike=high, ikl=high).status
    )
    assert idm.THRESHOLDS.classify(low) <= idm.THRESHOLDS.classify(high)


@st.composite
def other_thresholds(draw: st.DrawFn) -> StatusThresholds:
    cuts = sorted(draw(st.sets(st.integers(1, 9999), min_size=4, max_size=4)))
    return StatusThresholds(tuple(D(c).scaleb(-4) for c in cuts), places=4)


@given(iks=unit_decimals, ike=unit_decimals, ikl=unit_decimals, thresholds=other_thresholds())
def test_replacing_the_scheme_changes_classification_only(iks, ike, ikl, thresholds):
    ours = idm.evaluate(iks=iks, ike=ike, ikl=ikl)
    other_scheme = WeightedScheme(Method.IDM, idm.SCHEME.weights, thresholds)
    other = idm.evaluate(iks=iks, ike=ike, ikl=ikl, scheme=other_scheme)
    assert (other.method, other.inputs, other.exact, other.value) == (
        ours.method,
        ours.inputs,
        ours.exact,
        ours.value,
    )
    assert other.status is thresholds.classify(ours.value)
    rank = bisect_rank(thresholds.minimums, ours.value)
    assert other.status.rank == rank


def bisect_rank(minimums: tuple[Decimal, ...], value: Decimal) -> int:
    return sum(1 for m in minimums if value >= m)


@given(numerator=st.integers(0, 6300), denominator=st.sampled_from([6300, 100, 7, 1, 12345]))
def test_cut_points_agree_with_classify(numerator, denominator):
    numerator = numerator % (denominator + 1)
    cuts = idm.THRESHOLDS.cut_points(denominator)
    rank = sum(1 for c in cuts if numerator >= c)
    assert rank == _status_by_hand(Fraction(numerator, denominator)).rank


def test_classifying_many_scores():
    values = [D("0.4907"), D("0.49075"), D("0.9")]
    assert [idm.THRESHOLDS.classify(v) for v in values] == [ST, T, MD]


# --- gains and plans ----------------------------------------------------------------------


def test_gains_formula():
    result = idm.evaluate_scores(
        social=[5] * 34 + [1], economic=[0] + [5] * 11, ecological=[2, 5, 5]
    )
    found = {(g.indicator.dimension, g.indicator.number): g for g in idm.gains(result)}
    # (5 - score) / (5 x block size) / 3
    assert Fraction(found[(Dimension.IKS, 35)].exact) == pytest.approx(Fraction(4, 525), abs=1e-25)
    assert found[(Dimension.IKS, 35)].value == D("0.00761905")
    assert found[(Dimension.IKE, 1)].value == D("0.02777778")  # 5/180
    assert found[(Dimension.IKL, 1)].value == D("0.06666667")  # 3/45
    assert found[(Dimension.IKL, 2)].value == 0


def test_plan_single_ecological_point_pair():
    # (1 + 1 + 0) / 3 = 0.6667 Berkembang; Maju needs 0.70725 unrounded: + 0.040583;
    # one IKL point adds 1/45 = 0.0222, two add 0.0444: one indicator raised to 2.
    result = idm.evaluate_scores(social=[5] * 35, economic=[5] * 12, ecological=[0, 0, 0])
    plan = idm.plan(result)
    assert plan is not None
    assert plan.target is MJ
    assert plan.minimum == D("0.7073")
    assert [(s.indicator.dimension, s.indicator.score, s.to_score) for s in plan.steps] == [
        (Dimension.IKL, 0, 2)
    ]
    assert plan.points == 2
    assert plan.status is MJ
    assert plan.value == D("0.7111")  # (2 + 2/15) / 3 = 0.71111


def test_plan_none_when_already_there():
    result = idm.evaluate_scores(social=[5] * 35, economic=[5] * 12, ecological=[5] * 3)
    assert idm.plan(result) is None
    assert idm.plan(result, target=MJ) is None


def test_plan_needs_indicators():
    result = idm.evaluate(iks=D("0.5"), ike=D("0.5"), ikl=D("0.5"))
    with pytest.raises(ValidationError):
        idm.plan(result)


def _brute_force(social, economic, ecological, target):
    """Fewest indicators, then fewest points, by trying every raise of every indicator."""
    blocks = [social, economic, ecological]
    cells = [(b, i) for b, block in enumerate(blocks) for i in range(len(block))]
    best = None
    ranges = [range(blocks[b][i], 6) for b, i in cells]
    for raised in itertools.product(*ranges):
        sums = [0, 0, 0]
        for (b, _), score in zip(cells, raised, strict=True):
            sums[b] += score
        exact = (
            sum(
                (Fraction(s, 5 * len(block)) for s, block in zip(sums, blocks, strict=True)),
                Fraction(0),
            )
            / 3
        )
        if _status_by_hand(exact) < target:
            continue
        changed = sum(1 for (b, i), s in zip(cells, raised, strict=True) if s != blocks[b][i])
        points = sum(s - blocks[b][i] for (b, i), s in zip(cells, raised, strict=True))
        key = (changed, points)
        if best is None or key < best:
            best = key
    return best


@pytest.mark.slow
@settings(max_examples=60, deadline=None)
@given(
    social=st.lists(st.integers(0, 5), min_size=1, max_size=3),
    economic=st.lists(st.integers(0, 5), min_size=1, max_size=2),
    ecological=st.lists(st.integers(0, 5), min_size=1, max_size=1),
    target=st.sampled_from([T, B, MJ, MD]),
)
def test_plan_is_minimal(social, economic, ecological, target):
    result = idm.evaluate_scores(social=social, economic=economic, ecological=ecological)
    plan = idm.plan(result, target=target)
    if result.status >= target:
        assert plan is None
        return
    assert plan is not None
    assert plan.status >= target
    assert (len(plan.steps), plan.points) == _brute_force(social, economic, ecological, target)
    # The plan's figures add up: start + gains = exact.
    total = Fraction(plan.start) + sum(Fraction(s.gain) for s in plan.steps)
    assert abs(total - Fraction(plan.exact)) < Fraction(1, 10**25)


# --- the ministry's published records -----------------------------------------------------


def _records() -> list[dict[str, Any]]:
    with SAMPLE.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines]


@pytest.fixture(scope="module")
def records():
    if not SAMPLE.exists():
        missing(f"Kemendes IDM sample not found at {SAMPLE}")
    return _records()


def _rows_disagree(response: dict[str, Any]) -> bool:
    rows = response["mapData"]["ROW"]
    block: list[int] = []
    for row in rows:
        if row["NO"] is not None:
            block.append(row["SKOR"])
            continue
        title = row["INDIKATOR"].split()[0]
        if title in ("IKS", "IKE", "IKL"):
            published = Fraction(D(repr(row["SKOR"])))
            if abs(Fraction(sum(block), 5 * len(block)) - published) > Fraction(1, 10**10):
                return True
            block = []
    return False


@needs_sample
def test_all_published_records(records):
    assert len(records) == 574
    mandiri = 0
    for record in records:
        summary = record["response"]["mapData"]["SUMMARIES"]
        evaluation = idm.from_kemendes(record["response"])
        where = f"{record['village']} {record['year']}"
        assert evaluation.village == RegionCode(record["village"]), where
        assert evaluation.year == record["year"], where
        assert evaluation.method is Method.IDM
        assert len(evaluation.inputs.indicators) == 50, where
        assert evaluation.status is _BY_NAME[summary["STATUS"]], where
        assert evaluation.result.value == D(repr(summary["SKOR_SAAT_INI"])).quantize(
            D("0.0001"), rounding="ROUND_HALF_UP"
        ), where
        assert abs(evaluation.result.exact - D(repr(summary["SKOR_SAAT_INI"]))) < D("1e-12")
        published = evaluation.published
        assert published is not None
        assert published.minimum == D(summary["SKOR_MINIMAL"])
        if evaluation.status is MD:
            mandiri += 1
            # The service's quirk is documented as a finding, not copied.
            assert evaluation.result.next_status is None
            assert evaluation.result.minimum_for_next is None
            assert evaluation.result.gap is None
            assert summary["TARGET_STATUS"] == "MANDIRI"
            assert evaluation.findings_of(FindingKind.MANDIRI_TARGET_QUIRK), where
        else:
            assert evaluation.result.next_status is _BY_NAME[summary["TARGET_STATUS"]], where
            assert evaluation.result.minimum_for_next == D(summary["SKOR_MINIMAL"]), where
            gap = evaluation.result.gap
            assert gap is not None
            assert gap == evaluation.result.minimum_for_next - evaluation.result.value, where
            # the ministry's PENAMBAHAN is the minimum - the unrounded score
            unrounded = evaluation.result.minimum_for_next - evaluation.result.exact
            assert abs(unrounded - D(repr(summary["PENAMBAHAN"]))) < D("1e-9"), where
            assert not evaluation.findings_of(FindingKind.GAP_DISAGREES), where
            assert not evaluation.findings_of(FindingKind.MANDIRI_TARGET_QUIRK)
        # Nothing but the known kinds of disagreement appear in the sample.
        kinds = {f.kind for f in evaluation.findings}
        assert kinds <= {FindingKind.MANDIRI_TARGET_QUIRK, FindingKind.ROWS_DISAGREE_WITH_INDEX}
        assert bool(evaluation.findings_of(FindingKind.ROWS_DISAGREE_WITH_INDEX)) == (
            _rows_disagree(record["response"])
        ), where
    assert mandiri > 0


@needs_sample
def test_rows_disagreeing_records_are_flagged(records):
    flagged = []
    for record in records:
        evaluation = idm.from_kemendes(record["response"])
        for finding in evaluation.findings_of(FindingKind.ROWS_DISAGREE_WITH_INDEX):
            flagged.append((record["village"], record["year"]))
            assert finding.path.startswith("$.mapData.ROW[")
            assert finding.path.endswith("].SKOR")
            assert finding.published is not None
            assert finding.computed is not None
    expected = [(r["village"], r["year"]) for r in records if _rows_disagree(r["response"])]
    assert expected  # the README says 2024 has some
    assert flagged == expected
    assert {year for _, year in flagged} == {2024}


@needs_sample
def test_published_gains_match_nilai(records):
    for record in records[:50]:
        evaluation = idm.from_kemendes(record["response"])
        published = [
            D(row["NILAI"]) for row in record["response"]["mapData"]["ROW"] if row["NO"] is not None
        ]
        assert [g.value for g in idm.gains(evaluation.result)] == published


@needs_sample
def test_indicator_rows_are_kept(records):
    record = records[0]
    evaluation = idm.from_kemendes(record["response"])
    first = evaluation.inputs.indicators[0]
    row = record["response"]["mapData"]["ROW"][0]
    assert (first.name, first.score, first.meaning) == (
        row["INDIKATOR"].strip(),
        row["SKOR"],
        row["KETERANGAN"],
    )
    assert first.activity is None  # "-" means none
    assert [a.level for a in first.actors] == [ActingLevel.REGENCY]
    assert first.actors[0].who == "Dinkes, PU"
    assert first.published_gain == D(row["NILAI"])
    assert evaluation.name == record["response"]["mapData"]["IDENTITAS"][0]["nama_desa"]


@needs_sample
def test_plans_for_published_records_reach_the_target(records):
    for record in records[::7]:
        evaluation = idm.from_kemendes(record["response"])
        plan = idm.plan(evaluation.result)
        if evaluation.status is MD:
            assert plan is None
            continue
        assert plan is not None
        following, minimum = evaluation.result.next_status, evaluation.result.minimum_for_next
        assert following is not None
        assert minimum is not None
        assert plan.status >= following
        # Greedy by full gain gives the fewest indicators.
        full = sorted((g.exact for g in idm.gains(evaluation.result)), reverse=True)
        need = Fraction(minimum) - Fraction(1, 20000)
        need -= Fraction(evaluation.result.exact)
        count, total = 0, Fraction(0)
        while total < need - Fraction(1, 10**20):
            total += Fraction(full[count])
            count += 1
        assert len(plan.steps) == count
        for step in plan.steps:
            assert step.actors == step.indicator.actors


@needs_sample
def test_false_texts_read_as_none(records):
    odd = [r for r in records if r["village"] == "1214032014" and r["year"] == 2021]
    assert odd, "the sample record with a 'false' KETERANGAN is missing"
    evaluation = idm.from_kemendes(odd[0]["response"])
    row16 = evaluation.inputs.block(Dimension.IKS)[15]
    assert row16.meaning is None
    assert row16.activity is None


# --- findings on altered records ----------------------------------------------------------


@pytest.fixture
def response(records):
    return copy.deepcopy(records[0]["response"])


@needs_sample
def test_status_disagreement_is_a_finding(response):
    response["mapData"]["SUMMARIES"]["STATUS"] = "MAJU"
    evaluation = idm.from_kemendes(response)
    (finding,) = evaluation.findings_of(FindingKind.STATUS_DISAGREES)
    assert finding.path == "$.mapData.SUMMARIES.STATUS"
    assert evaluation.status is B  # ours follows the score, not the published status
    assert evaluation.findings_of(FindingKind.SUMMARY_ROW_DISAGREES)  # the STATUS row says B


@needs_sample
@pytest.mark.parametrize(
    ("key", "value", "kind"),
    [
        ("TARGET_STATUS", "MANDIRI", FindingKind.TARGET_DISAGREES),
        ("SKOR_MINIMAL", "0.7072", FindingKind.MINIMUM_DISAGREES),
        ("PENAMBAHAN", 0.1, FindingKind.GAP_DISAGREES),
        ("SKOR_SAAT_INI", 0.62, FindingKind.SCORE_DISAGREES_WITH_INDICES),
    ],
)
def test_summary_disagreements_are_findings(response, key, value, kind):
    response["mapData"]["SUMMARIES"][key] = value
    evaluation = idm.from_kemendes(response)
    (finding,) = evaluation.findings_of(kind)
    assert finding.path == f"$.mapData.SUMMARIES.{key}"


@needs_sample
def test_gain_disagreement_is_a_finding(response):
    response["mapData"]["ROW"][1]["NILAI"] = "0.5"
    evaluation = idm.from_kemendes(response)
    (finding,) = evaluation.findings_of(FindingKind.GAIN_DISAGREES)
    assert finding.path == "$.mapData.ROW[1].NILAI"
    assert finding.computed == "0.00952381"


@needs_sample
def test_rows_changed_are_flagged(response):
    response["mapData"]["ROW"][1]["SKOR"] = 5  # was 0; the IKS row is unchanged
    response["mapData"]["ROW"][1]["NILAI"] = "0"
    evaluation = idm.from_kemendes(response)
    (finding,) = evaluation.findings_of(FindingKind.ROWS_DISAGREE_WITH_INDEX)
    assert finding.path == "$.mapData.ROW[35].SKOR"
    assert evaluation.status is B  # the result follows the published index


# --- malformed responses ------------------------------------------------------------------


def _problem_paths(error: ValidationError) -> list[str]:
    return [p.path for p in error.problems]


@needs_sample
@pytest.mark.parametrize(
    ("change", "path"),
    [
        (lambda r: r["mapData"]["ROW"][3].__setitem__("SKOR", "5"), "$.mapData.ROW[3].SKOR"),
        (lambda r: r["mapData"]["ROW"][3].__setitem__("SKOR", 6), "$.mapData.ROW[3].SKOR"),
        (lambda r: r["mapData"]["ROW"][3].__setitem__("SKOR", None), "$.mapData.ROW[3].SKOR"),
        (lambda r: r["mapData"]["ROW"][3].__delitem__("SKOR"), "$.mapData.ROW[3].SKOR"),
        (lambda r: r["mapData"]["ROW"][3].__setitem__("NILAI", "x"), "$.mapData.ROW[3].NILAI"),
        (lambda r: r["mapData"]["ROW"].__setitem__(3, "row"), "$.mapData.ROW[3]"),
        (lambda r: r["mapData"]["ROW"][35].__setitem__("SKOR", True), "$.mapData.ROW[35].SKOR"),
        (lambda r: r["mapData"]["ROW"][35].__setitem__("SKOR", 1.5), "$.mapData.ROW[35].SKOR"),
        (
            lambda r: r["mapData"]["ROW"][54].__setitem__("SKOR", "Hebat"),
            "$.mapData.ROW[54].SKOR",
        ),
        (
            lambda r: r["mapData"]["SUMMARIES"].__delitem__("SKOR_SAAT_INI"),
            "$.mapData.SUMMARIES.SKOR_SAAT_INI",
        ),
        (
            lambda r: r["mapData"]["SUMMARIES"].__setitem__("STATUS", "LUAR BIASA"),
            "$.mapData.SUMMARIES.STATUS",
        ),
        (
            lambda r: r["mapData"]["SUMMARIES"].__setitem__("TAHUN", "2021"),
            "$.mapData.SUMMARIES.TAHUN",
        ),
        (
            lambda r: r["mapData"]["IDENTITAS"][0].__setitem__("id_desa", "1101020001"),
            "$.mapData.IDENTITAS[0].id_desa",
        ),
        (lambda r: r["mapData"].__setitem__("ROW", {}), "$.mapData.ROW"),
        (lambda r: r.__delitem__("mapData"), "$.mapData"),
        (lambda r: r.__setitem__("error", True), "$.error"),
    ],
)
def test_malformed_responses_name_the_path(response, change, path):
    change(response)
    with pytest.raises(ValidationError) as info:
        idm.from_kemendes(response)
    assert path in _problem_paths(info.value)
    assert path in str(info.value)


def test_not_a_response():
    bad: object
    for bad in (None, [], "text", 5):
        with pytest.raises(ValidationError) as info:
            idm.from_kemendes(bad)  # type: ignore[arg-type]
        assert _problem_paths(info.value) == ["$"]


# --- bulk summary -------------------------------------------------------------------------


def test_summarise_sums_matches_per_village_evaluation():
    rng = random.Random(20240413)
    villages = [f"63.{r:02d}.01.2{v:03d}" for r in (1, 2, 71) for v in range(1, 40)]
    villages += [f"35.07.0{d}.2001" for d in range(1, 8)]
    sums = [(rng.randint(0, 175), rng.randint(0, 60), rng.randint(0, 15)) for _ in villages]
    bulk = idm.summarise_sums(
        villages,
        [s for s, _, _ in sums],
        [e for _, e, _ in sums],
        [g for _, _, g in sums],
        year=2023,
        level=Level.REGENCY,
    )
    from desacoop.evaluation import VillageEvaluation

    one_by_one = [
        VillageEvaluation(
            code,
            2023,
            idm.evaluate_scores(
                social=_scores(s, 35), economic=_scores(e, 12), ecological=_scores(g, 3)
            ),
        )
        for code, (s, e, g) in zip(villages, sums, strict=True)
    ]
    assert bulk == summarise(one_by_one, year=2023, level=Level.REGENCY)
    by_hand = sum(
        1
        for s, e, g in sums
        if _status_by_hand((Fraction(s, 175) + Fraction(e, 60) + Fraction(g, 15)) / 3) is MD
    )
    assert sum(summary.count(MD) for summary in bulk) == by_hand


@pytest.mark.parametrize(
    ("villages", "sums"),
    [
        (["63.71.01.0001"], (1, 1, 1)),  # BPS-style village part
        (["6371"], (1, 1, 1)),
        (["63.71.01.2001"], (176, 1, 1)),
        (["63.71.01.2001"], (1, 61, 1)),
        (["63.71.01.2001", "63.71.01.2002"], (1, 1, 1)),  # lengths differ
    ],
)
def test_summarise_sums_rejects_bad_input(villages, sums):
    with pytest.raises(ValidationError):
        idm.summarise_sums(villages, [sums[0]], [sums[1]], [sums[2]], year=2023)


def test_summarise_sums_accepts_every_code_form():
    dotted: list[RegionCode | str] = ["63.71.01.2001", "63.71.01.2002", "35.07.01.2001"]
    compact: list[RegionCode | str] = [str(c).replace(".", "") for c in dotted]
    objects: list[RegionCode | str] = [RegionCode(c) for c in dotted]
    mixed: list[RegionCode | str] = [dotted[0], compact[1], objects[2]]
    sums = ([175, 0, 100], [60, 0, 30], [15, 0, 10])
    results = {
        level: [
            idm.summarise_sums(v, *sums, year=2024, level=level)
            for v in (dotted, compact, objects, mixed)
        ]
        for level in (Level.PROVINCE, Level.REGENCY, Level.DISTRICT)
    }
    for level, found in results.items():
        assert all(x == found[0] for x in found), level
    assert [str(x.region) for x in results[Level.DISTRICT][0]] == ["35.07.01", "63.71.01"]
    kalsel = results[Level.PROVINCE][0][1]
    assert (kalsel.count(MD), kalsel.count(ST), kalsel.total) == (1, 1, 2)


@pytest.mark.parametrize(
    ("social", "where"),
    [
        ([True, 0], "social[0]"),
        ([0, 1.0], "social[1]"),
        ([0, -1], "social[1]"),
        ([0, "3"], "social[1]"),
    ],
)
def test_summarise_sums_rejects_non_integer_sums(social, where):
    with pytest.raises(ValidationError) as info:
        idm.summarise_sums(["63.71.01.2001", "63.71.01.2002"], social, [0, 0], [0, 0], year=2024)
    assert info.value.field == where


@needs_sample
def test_published_records_round_trip_through_json(records):
    serialization = need("desacoop.serialization")
    from desacoop.evaluation import VillageEvaluation

    for record in records[::25]:
        evaluation = idm.from_kemendes(record["response"])
        text = serialization.to_json(evaluation)
        assert serialization.from_json(text, VillageEvaluation) == evaluation


def test_summarise_sums_accepts_numpy_columns():
    np = need("numpy")
    villages = ["63.71.01.2001", "63.71.01.2002", "35.07.01.2001"]
    expected = idm.summarise_sums(villages, [175, 0, 100], [60, 0, 30], [15, 0, 10], year=2024)
    got = idm.summarise_sums(
        np.array(villages),
        np.array([175, 0, 100]),
        np.array([60, 0, 30], dtype=np.int32),
        np.array([15, 0, 10]),
        year=np.int64(2024),
    )
    assert got == expected


@pytest.mark.parametrize(
    "change",
    [
        {"year": "2024"},
        {"year": None},
        {"level": None},
        {"level": "province"},
        {"sizes": (35, 12)},
        {"sizes": (35, 12, 0)},
        {"sizes": "abc"},
        {"sizes": (35, 12, 3.0)},
        {"thresholds": None},
        {"villages": 5},
        {"social": "1"},
    ],
)
def test_summarise_sums_refuses_bad_arguments(change):
    arguments = {
        "villages": ["63.71.01.2001"],
        "social": [1],
        "economic": [1],
        "ecological": [1],
        "year": 2024,
        **change,
    }
    with pytest.raises(ValidationError):
        idm.summarise_sums(**arguments)


@pytest.mark.parametrize(
    "call",
    [
        lambda: idm.gains("result"),  # type: ignore[arg-type]
        lambda: idm.gains(idm.evaluate(iks=0, ike=0, ikl=0), scheme=None),  # type: ignore[arg-type]
        lambda: idm.plan(idm.evaluate_scores(social=[0], economic=[0], ecological=[0]), scheme=3),  # type: ignore[arg-type]
        lambda: idm.from_rows(None),  # type: ignore[arg-type]
        lambda: idm.evaluate(iks=0, ike=0, ikl=0, scheme="idm"),  # type: ignore[arg-type]
        lambda: idm.evaluate_scores(social=[0], economic=[0], ecological=[0], scheme=None),  # type: ignore[arg-type]
    ],
)
def test_bad_idm_arguments_are_validation_errors(call):
    with pytest.raises(ValidationError):
        call()


@needs_sample
def test_one_bad_indicator_row_is_one_problem(response):
    """A score of 7 in row 3 is one problem; the rows after it keep their numbers (it used
    to add 'expected indicator N, found N+1' for every later row of the block)."""
    response["mapData"]["ROW"][3]["SKOR"] = 7
    with pytest.raises(ValidationError) as info:
        idm.from_kemendes(response)
    assert _problem_paths(info.value) == ["$.mapData.ROW[3].SKOR"]


def test_the_gap_has_the_schemes_digits_and_old_documents_still_read():
    """Issue 21, point 14: score + gap = minimum as shown (IDM: four decimals)."""
    import json

    import desacoop
    from desacoop.evaluation import VillageEvaluation

    result = idm.evaluate(iks=D("0.7"), ike=D("0.6"), ikl=D("0.81"))
    # (0.7 + 0.6 + 0.81) / 3 = 0.70333... → 0.7033 Berkembang; Maju from 0.7073
    assert (result.value, result.minimum_for_next, result.gap) == (
        D("0.7033"), D("0.7073"), D("0.0040"),
    )  # fmt: skip
    assert result.gap is not None
    assert result.value + result.gap == result.minimum_for_next
    evaluation = VillageEvaluation("63.03.01.2001", 2024, result)  # a desa
    document = json.loads(desacoop.to_json(evaluation))
    assert document["result"]["gap"] == "0.0040"
    # written before: 0.7073 - 0.7033333333333333333333333333 (28 digits)
    document["result"]["gap"] = "0.0039666666666666666666666667"
    again = desacoop.from_dict(document)
    assert again == evaluation
    document["result"]["gap"] = "0.004"  # the same number as 0.0040
    assert desacoop.from_dict(document).result.gap == D("0.0040")
    document["result"]["gap"] = "0.0041"
    with pytest.raises(ValidationError, match=r"\$\.result\.gap: the gap must be"):
        desacoop.from_dict(document)


class TestGainsAndIndices:
    """evaluation.idm: gains, plans at a boundary, indices and scores at their ends.

    Cases a mutation run (mutmut; benchmarks/README.md, "Mutation testing") found untested.
    """

    def test_a_gain_is_never_negative_and_may_be_zero(self):
        indicator = IndicatorScore(Dimension.IKS, 1, 3)
        assert idm.Gain(indicator, D(0)).value == D("0E-8")  # an indicator at 5 adds nothing
        with pytest.raises(ValidationError, match="at least 0"):
            idm.Gain(indicator, D("-1E-28"))

    def test_gain_of_one_social_indicator_by_hand(self):
        # 35 social indicators, one at 3: raising it to 5 adds (5 - 3) / (5 x 35) / 3 = 2/525
        # = 0.0038095238..., published at 8 decimals as 0.00380952.
        result = idm.evaluate_scores(social=[3] + [5] * 34, economic=[5] * 12, ecological=[5] * 3)
        first = idm.gains(result)[0]
        assert (first.indicator.number, first.value) == (1, D("0.00380952"))
        assert str(first.exact) == "0.003809523809523809523809523810"

    def test_a_plan_that_reaches_the_boundary_exactly(self):
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
    def test_a_dimension_index_of_exactly_zero_or_one(self, zero):
        low = idm.evaluate(iks=zero, ike=zero, ikl=zero)
        assert (str(low.value), low.status, low.gap) == ("0.0000", ST, D("0.4908"))
        top = idm.evaluate(iks=1, ike=D("1.0"), ikl="1")
        assert (top.value, top.status, top.gap) == (D("1.0000"), MD, None)
        for bad in (D("-1E-28"), D("1.0000000000000000000000000001"), -0.0001):
            with pytest.raises(ValidationError, match="between 0 and 1"):
                idm.evaluate(iks=bad, ike=zero, ikl=zero)

    def test_indicator_scores_at_the_ends_of_0_to_5(self):
        # One indicator a dimension at 0 and at 5: (0 + 0 + 0) / 3 and (1 + 1 + 1) / 3.
        assert idm.evaluate_scores(social=[0], economic=[0], ecological=[0]).value == D("0.0000")
        assert idm.evaluate_scores(social=[5], economic=[5], ecological=[5]).value == D("1.0000")
        for bad in (-1, 6):
            with pytest.raises(ValidationError, match=r"social\[0\] must be a score from 0 to 5"):
                idm.evaluate_scores(social=[bad], economic=[0], ecological=[0])


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


_ONE = idm.evaluate_scores(social=[0], economic=[0], ecological=[0])


class TestScoreListsAndPlans:
    """evaluation.idm: score lists, plans and the messages of wrong arguments.

    Cases a mutation run (mutmut; benchmarks/README.md, "Mutation testing") found untested.
    """

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
    def test_a_bad_score_list_names_its_place(self, social, field, words):
        with pytest.raises(ValidationError, match=words) as info:
            idm.evaluate_scores(social=social, economic=[0], ecological=[0])
        assert info.value.field == field

    def test_indicator_scores_may_be_given_as_objects_in_order(self):
        # IKS #1 = 5 and #2 = 0: (5 + 0) / 10 = 0.5; with IKE [5] and IKL [5]: (0.5 + 1 + 1) / 3
        # = 0.8333, Mandiri.
        social = [IndicatorScore(Dimension.IKS, 1, 5), IndicatorScore(Dimension.IKS, 2, 0)]
        result = idm.evaluate_scores(social=social, economic=[5], ecological=[5])
        assert (result.value, result.status) == (D("0.8333"), MD)
        assert result.inputs.block(Dimension.IKS) == tuple(social)
        assert idm.from_rows(result) == result

    def test_from_rows_needs_every_block(self):
        result = idm.evaluate(iks=D("0.5"), ike=D("0.5"), ikl=D("0.5"))
        with pytest.raises(ValidationError, match="no indicator scores for every dimension"):
            idm.from_rows(result)

    def test_from_rows_keeps_the_scheme(self):
        # Thresholds at one decimal: (0.5 + 1 + 1) / 3 = 0.8333 is written 0.8 (half up).
        scheme = WeightedScheme(
            Method.OTHER,
            idm.SCHEME.weights,
            StatusThresholds((D("0.2"), D("0.4"), D("0.6"), D("0.9")), places=1),
        )
        result = idm.evaluate_scores(social=[5, 0], economic=[5], ecological=[5], scheme=scheme)
        again = idm.from_rows(result, scheme=scheme)
        assert (again.method, again.value, again.status) == (Method.OTHER, D("0.8"), MJ)

    def test_an_index_out_of_range_names_its_dimension(self):
        with pytest.raises(
            ValidationError, match=r"ike must lie between 0 and 1, not 1\.5"
        ) as info:
            idm.evaluate(iks=0, ike=1.5, ikl=0)
        assert info.value.field == "ike"

    def test_a_plan_for_the_status_already_held_is_none(self):
        result = idm.evaluate_scores(social=[3], economic=[3], ecological=[3])  # 0.6: Berkembang
        assert result.status is B
        assert idm.plan(result, target=B) is None
        assert idm.plan(result, target=T) is None
        assert idm.plan(result, target=MJ) is not None
        with pytest.raises(ValidationError, match="target must be a DevelopmentStatus"):
            idm.plan(result, target="maju")  # type: ignore[arg-type]

    def test_a_plan_needs_indicator_scores(self):
        result = idm.evaluate(iks=D("0.5"), ike=D("0.5"), ikl=D("0.5"))
        with pytest.raises(ValidationError, match="a plan needs the indicator scores"):
            idm.plan(result)

    def test_one_indicator_whose_full_gain_is_exactly_the_need_suffices(self):
        # IKS [0, 1] -> 1/10, IKE [0, 0] -> 0, IKL [3, 5] -> 8/10: (0.1 + 0 + 2 x 0.8) / 4 =
        # 0.425, written 0.4: Berkembang. Maju from 0.6, reached from 0.55: need 0.125.
        # A point adds 1/(4 x 10) = 0.025 on IKS or IKE, 2/(4 x 10) = 0.05 on IKL. IKS #1 or
        # IKE #1 from 0 to 5 adds 5 x 0.025 = 0.125, exactly the need: one indicator, 5
        # points (IKL can add at most 2 x 0.05 = 0.1 alone).
        scheme = _scheme_1_1_2()
        result = idm.evaluate_scores(
            social=[0, 1], economic=[0, 0], ecological=[3, 5], scheme=scheme
        )
        assert (result.exact, result.value, result.status) == (D("0.425"), D("0.4"), B)
        plan = idm.plan(result, scheme=scheme)
        assert plan is not None
        assert len(plan.steps) == 1
        (step,) = plan.steps
        assert (
            step.indicator.dimension in (Dimension.IKS, Dimension.IKE),
            step.indicator.number,
        ) == (
            True,
            1,
        )
        assert (step.to_score, step.gain, plan.points) == (5, D("0.125"), 5)
        assert (plan.exact, plan.value, plan.status) == (D("0.55"), D("0.6"), MJ)

    def test_among_plans_of_equal_points_the_larger_gain_wins(self):
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
    def test_a_decimal_index_out_of_range_is_refused_for_each_dimension(self, name, bad):
        indices = {"iks": D("0.5"), "ike": D("0.5"), "ikl": D("0.5"), name: bad}
        with pytest.raises(ValidationError) as info:
            idm.evaluate(**indices)
        assert info.value.field == name

    def test_an_index_at_the_exponent_limit_is_still_read(self):
        # 1E-1000 is the smallest exponent accepted; (1E-1000 + 0.5 + 0.5) / 3 rounds to 0.3333.
        result = idm.evaluate(iks=D("1E-1000"), ike=D("0.5"), ikl=D("0.5"))
        assert (result.value, result.status) == (D("0.3333"), ST)

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
    def test_wrong_arguments_name_their_parameter(self, call, field, words):
        with pytest.raises(ValidationError, match=words) as info:
            call()
        assert info.value.field == field

    def test_a_plan_step_raises_the_score(self):
        indicator = IndicatorScore(Dimension.IKL, 1, 3)
        assert idm.PlanStep(indicator, 4, D("0.0222")).to_score == 4
        for to_score in (3, 2):
            with pytest.raises(
                ValidationError, match="a step raises the indicator's score"
            ) as info:
                idm.PlanStep(indicator, to_score, D(0))
            assert info.value.field == "to_score"

    def test_score_lists_are_one_dimensional_and_sized(self):
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

    def test_a_plan_fills_the_most_valuable_points_first(self):
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

    def test_a_plan_raising_two_indicators_of_one_dimension(self):
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

    def test_a_target_out_of_reach_says_so(self):
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
    def test_messages_in_full(self, call, message):
        with pytest.raises(ValidationError) as info:
            call()
        assert info.value.message == message

    @pytest.mark.parametrize("item", ["abc", Fraction(10**400, 3), [5]])
    def test_a_score_that_is_not_a_number_gets_no_float_hint(self, item):
        with pytest.raises(ValidationError, match=r"must be a score from 0 to 5, not ") as info:
            idm.evaluate_scores(social=[item], economic=[0], ecological=[0])
        assert "whole numbers" not in info.value.message

"""The engine's small pure steps, one rule at a time, with their arithmetic by hand:
``_measure.ratio``, ``_index.later``, ``_schedule.governing``, ``expected_progress`` and
``_combined``, ``_measure.actual_of``. Many of these cases were mutants that survived the
engine's other tests (``mutmut``, see benchmarks/README.md, "Mutation testing").
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest

from desacoop.monitoring import (
    Aggregation,
    Baseline,
    Direction,
    Indicator,
    Measure,
    Observation,
    Target,
    TimeBehaviour,
    Value,
)
from desacoop.regions import RegionCode
from desacoop.rollup import Rule, RuleKind, RuleOf
from desacoop.rollup._index import Leaf
from desacoop.rollup._index import later as _later
from desacoop.rollup._measure import actual_of
from desacoop.rollup._measure import ratio as _ratio
from desacoop.rollup._rules import Rules, plan_rules
from desacoop.rollup._schedule import _combined, expected_progress
from desacoop.rollup._schedule import governing as _governing

from .builders import END, MID, START, figure, indicator, make_plan, obs

D = dt.date
Dec = Decimal
UP, DOWN = Direction.INCREASE, Direction.DECREASE


# --- _ratio: progress from the baseline to the target ---------------------------------------


@pytest.mark.parametrize(
    ("direction", "actual", "baseline", "target", "ratio"),
    [
        # Target equal to the baseline: 1 at or beyond it in the indicator's direction, else 0.
        (UP, 100, 100, 100, 1),
        (UP, 101, 100, 100, 1),
        (UP, 99, 100, 100, 0),
        (DOWN, 100, 100, 100, 1),
        (DOWN, 99, 100, 100, 1),
        (DOWN, 101, 100, 100, 0),
        # Otherwise (actual - baseline) / (target - baseline):
        (UP, 150, 100, 300, "0.25"),  # 50 / 200
        (UP, 50, 100, 300, "-0.25"),  # -50 / 200: behind the baseline
        (DOWN, 75, 100, 50, "0.5"),  # -25 / -50
        (DOWN, 100, 100, 50, 0),  # 0 / -50 is -0 in Decimal: given as 0
        (UP, 400, 100, 300, "1.5"),  # 300 / 200
    ],
)
def test_ratio_by_hand(
    direction: Direction, actual: int, baseline: int, target: int, ratio: int | str
) -> None:
    result = _ratio(direction, Dec(actual), Dec(baseline), Dec(target))
    assert result == Dec(ratio)
    assert not result.is_signed() or result < 0  # never a negative zero


@pytest.mark.parametrize(
    ("direction", "actual", "raw"),
    [(UP, 100, 1), (UP, 99, 0), (DOWN, 100, 1), (DOWN, 101, 0), (DOWN, 99, 1)],
)
def test_a_target_equal_to_the_baseline_is_met_or_not(
    direction: Direction, actual: int, raw: int
) -> None:
    # Baseline 100 and target 100: keeping 100 (or doing better) is the whole target.
    ind = indicator(
        direction=direction,
        baselines=(Baseline(Value.of(100), START),),
        targets=(Target(Value.of(100), END),),
    )
    assert figure(ind, (obs("35.07", D(2022, 12, 31), actual),)).raw == raw


# --- _later: which of two observations of one region is the latest ---------------------------


def _observation(id: str, on: dt.date, recorded_on: dt.date) -> Observation:
    return Observation(id, "ind", "35.07", on, Value.of(1), recorded_on)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # A later date wins, whatever was recorded when and whatever the ids.
        (("o1", D(2022, 6, 2), D(2022, 6, 2)), ("o9", D(2022, 6, 1), D(2022, 9, 1))),
        # The same date: the later record wins (a correction recorded afterwards).
        (("o1", D(2022, 6, 1), D(2022, 6, 3)), ("o9", D(2022, 6, 1), D(2022, 6, 2))),
        # The same date and record date: the larger id.
        (("o9", D(2022, 6, 1), D(2022, 6, 2)), ("o1", D(2022, 6, 1), D(2022, 6, 2))),
    ],
)
def test_later_breaks_ties_by_record_date_then_id(
    a: tuple[str, dt.date, dt.date], b: tuple[str, dt.date, dt.date]
) -> None:
    first, second = _observation(*a), _observation(*b)
    assert _later(first, second)
    assert not _later(second, first)
    assert not _later(first, first)


def test_the_latest_value_does_not_depend_on_the_order_of_observations() -> None:
    # 35.07: 50 on 30 June, 80 on 30 September 2022; 63.71: 30 on 31 July. Latest values
    # 80 + 30 = 110 in either order: (110 - 0) / (200 - 0) = 0.55. (Two values of one region
    # on one date are refused by the plan unless one supersedes the other, so the
    # tie-breaks of _later are reached only by plans built unchecked: tested above.)
    observations = [
        obs("35.07", D(2022, 6, 30), 50),
        obs("35.07", D(2022, 9, 30), 80),
        obs("63.71", D(2022, 7, 31), 30),
    ]
    for ordered in (observations, observations[::-1]):
        f = figure(indicator(), tuple(ordered))
        assert (f.actual, f.raw) == (Dec(110), Dec("0.55"))


# --- _governing: the target that applies on a date --------------------------------------------


@pytest.mark.parametrize(
    ("as_of", "governing"),
    [
        (D(2022, 6, 1), (D(2023, 1, 1), 100)),  # before the first target
        (D(2023, 1, 1), (D(2023, 1, 1), 100)),  # on its date: still that target
        (D(2023, 1, 2), (D(2024, 1, 1), 300)),  # the day after: the next one
        (D(2024, 1, 1), (D(2024, 1, 1), 300)),
        (D(2025, 1, 1), (D(2024, 1, 1), 300)),  # after the last: the last
    ],
)
def test_governing_target_by_hand(as_of: dt.date, governing: tuple[dt.date, int]) -> None:
    targets = [(D(2023, 1, 1), Dec(100)), (D(2024, 1, 1), Dec(300))]
    assert _governing(targets, as_of) == (governing[0], Dec(governing[1]))


# --- _expected_progress: the planned value as progress ---------------------------------------


def _expected(
    as_of: dt.date, targets: list[tuple[dt.date, int]], target: int, baseline: int = 0
) -> Decimal:
    series = [(d, Dec(v)) for d, v in targets]
    return expected_progress(Dec(baseline), series, START, as_of, Dec(target))


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        (D(2021, 6, 1), 0),  # before the start: nothing expected yet
        (START, 0),
        (D(2022, 1, 2), Dec(1) / 730),  # 1 day of 730
        (MID, Dec("0.5")),  # 365 days of 730
        (END, 1),
        (D(2024, 6, 1), 1),  # after the last target: all of it
    ],
)
def test_expected_progress_is_linear_from_the_baseline(as_of: dt.date, expected: Decimal) -> None:
    # Baseline 0 on 1 January 2022, target 200 on 1 January 2024 (730 days later).
    assert _expected(as_of, [(END, 200)], 200) == expected


def test_expected_progress_with_two_targets_by_hand() -> None:
    targets = [(MID, 100), (END, 300)]
    # 1 July 2023 is 181 days after 1 January 2023 (of 365): planned 100 + 200 x 181/365;
    # against the target 300: (100 + 200 x 181/365) / 300.
    planned = Dec(100) + Dec(200) * (Dec(181) / Dec(365))
    assert _expected(D(2023, 7, 1), targets, 300) == planned / 300
    # On the first target's date, against the first target: 100 / 100.
    assert _expected(MID, targets, 100) == 1
    # Past the first target but still read against it (planned 300 of 100): at most 1.
    assert _expected(END, targets, 100) == 1
    # After the last target, the plan is at the last target (300), not the first (100).
    assert _expected(D(2025, 1, 1), targets, 300) == 1
    # A first target on the start date: nothing is expected on the start date itself; the
    # next day is read on the second segment, 100 + 200 x 1/730, against 300.
    assert _expected(START, [(START, 100), (END, 300)], 300) == 0
    one_day = Dec(100) + Dec(200) * (Dec(1) / Dec(730))
    assert _expected(D(2022, 1, 2), [(START, 100), (END, 300)], 300) == one_day / 300


def test_expected_progress_is_clamped_to_0_and_1() -> None:
    # Baseline 100, first target 50 then 200 (an unusual path): halfway to the first date
    # (MID of [START, END] with the 50 due on END) the plan is at 75, below the baseline,
    # read against 200: (75 - 100) / (200 - 100) = -0.25, shown as 0.
    assert _expected(MID, [(END, 50), (D(2025, 1, 1), 200)], 200, baseline=100) == 0
    # Decreasing: baseline 100, target 50 on END; at MID 75: (75 - 100) / (50 - 100) = 0.5.
    assert _expected(MID, [(END, 50)], 50, baseline=100) == Dec("0.5")


def test_expected_progress_of_a_target_equal_to_the_baseline() -> None:
    # Nothing to change: 0 until the start, then all of it.
    assert _expected(START, [(END, 100)], 100, baseline=100) == 0
    assert _expected(D(2022, 1, 2), [(END, 100)], 100, baseline=100) == 1


# --- actual_of: several regions into one ------------------------------------------------------


def _rules(ind: Indicator) -> Rules:
    return plan_rules(make_plan((ind,)), MID, None)[ind.id]


def _leaf(
    number: int | None = None, numerator: int | None = None, denominator: int | None = None
) -> Leaf:
    def dec(x: int | None) -> Decimal | None:
        return None if x is None else Dec(x)

    return Leaf(dec(number), dec(numerator), dec(denominator), [])


@pytest.mark.parametrize(
    ("aggregation", "result"),
    [(Aggregation.SUM, 9), (Aggregation.MEAN, 3)],  # 2 + 1 + 6; 9 / 3
)
def test_sum_and_mean_by_hand(aggregation: Aggregation, result: int) -> None:
    found = actual_of(_rules(indicator(aggregation=aggregation)), [_leaf(2), _leaf(1), _leaf(6)])
    assert found is not None
    assert found[0] == result
    assert found[4] == Rule(RuleOf.ACTUAL, RuleKind.AGGREGATED, 3, aggregation, cumulative=True)
    assert found[4].explain() == f"{aggregation.label_en} over 3 regions (the latest value of each)"


def test_a_mean_keeps_its_exact_value_beside_the_rounded_one() -> None:
    found = actual_of(
        _rules(indicator(aggregation=Aggregation.MEAN)), [_leaf(1), _leaf(1), _leaf(2)]
    )
    assert found is not None
    assert found[0] == Dec(4) / Dec(3)  # 1.333... to 28 digits
    assert found[1] == Fraction(4, 3)  # the comparisons use this


def test_a_ratio_of_percentages_adds_numerators_and_denominators() -> None:
    rules = _rules(
        indicator(
            measure=Measure.PERCENTAGE,
            aggregation=Aggregation.RATIO,
            targets=(Target(Value.of(80), END),),
        )
    )
    # 100 x (30 + 45) / (100 + 50) = 7500 / 150 = 50.
    assert actual_of(rules, [_leaf(numerator=30, denominator=100), _leaf(None, 45, 50)]) == (
        Dec(50),
        Fraction(50),
        Dec(75),
        Dec(150),
        Rule(RuleOf.ACTUAL, RuleKind.RATIO_OF_SUMS, 2, cumulative=True),
    )
    assert Rule(RuleOf.ACTUAL, RuleKind.RATIO_OF_SUMS, 2, cumulative=True).explain() == (
        "100 × Σ numerators / Σ denominators over 2 regions (the latest value of each)"
    )
    # A region without a denominator is left out of both sums (silent, not 0 %).
    found = actual_of(rules, [_leaf(None, 30, 100), _leaf(None, None, None)])
    assert found is not None
    assert found[:4] == (Dec(30), Fraction(30), Dec(30), Dec(100))
    assert found[4].count == 1
    assert "over 1 region " in found[4].explain()
    # No denominator at all: no value.
    assert actual_of(rules, [_leaf(None, 0, 0)]) is None
    assert actual_of(rules, []) is None


@pytest.mark.parametrize(("aggregation", "percent"), [(Aggregation.MIN, 30), (Aggregation.MAX, 90)])
def test_the_lowest_or_highest_progress_of_the_regions(
    aggregation: Aggregation, percent: int
) -> None:
    ind = indicator(
        measure=Measure.PERCENTAGE,
        aggregation=aggregation,
        targets=(Target(Value.of(100), END),),
    )
    # 30 of 100 is 30 %, 45 of 50 is 90 %: progress 0.3 and 0.9 against 0 → 100 %
    observations = (
        obs("35.07", D(2022, 12, 31), Value.ratio(30, 100)),
        obs("63.71", D(2022, 12, 31), Value.ratio(45, 50)),
    )
    f = figure(ind, observations)
    assert (f.actual, f.raw) == (Dec(percent), Dec(percent) / 100)


def test_sums_leave_out_regions_without_a_number() -> None:
    rules = _rules(indicator(time=TimeBehaviour.PER_PERIOD))
    assert actual_of(rules, [_leaf(10), _leaf(20), _leaf(None)]) == (
        Dec(30),
        Dec(30),  # a sum is exact as it is
        None,
        None,
        Rule(RuleOf.ACTUAL, RuleKind.AGGREGATED, 2, Aggregation.SUM, cumulative=False),
    )
    found = actual_of(rules, [_leaf(10), _leaf(20)])
    assert found is not None
    assert found[4].explain() == (
        "sum over 2 regions (the values of each added up since the baseline date)"
    )
    assert actual_of(rules, [_leaf(None)]) is None


# --- _combined: the baselines or targets of the parts, date by date ---------------------------

A, B = D(2022, 1, 1), D(2023, 1, 1)
SERIES = {
    "3507": [(A, Dec(10)), (B, Dec(20))],
    "3571": [(A, Dec(30)), (B, Dec(60))],
}


BOTH = (RegionCode("35.07"), RegionCode("35.71"))


@pytest.mark.parametrize(
    ("how", "weights", "numbers", "regions", "rule"),
    [
        ("sum", None, (40, 80), BOTH, "baseline: sum of those stated for 35.07, 35.71"),
        ("mean", None, (20, 40), BOTH, "baseline: mean of those stated for 35.07, 35.71"),
        ("min", None, (10, 20), BOTH, "baseline: minimum of those stated for 35.07, 35.71"),
        ("max", None, (30, 60), BOTH, "baseline: maximum of those stated for 35.07, 35.71"),
        # Weighted by denominators 1 and 3: (10 + 3 x 30) / 4 = 25, (20 + 3 x 60) / 4 = 50.
        (
            "ratio",
            {"3507": 1, "3571": 3},
            (25, 50),
            BOTH,
            "baseline: those of 35.07, 35.71 weighted by their denominators",
        ),
        # A part without a denominator yet is left out of a ratio.
        (
            "ratio",
            {"3507": 0, "3571": 3},
            (30, 60),
            BOTH[1:],
            "baseline: those of 35.71 weighted by their denominators",
        ),
        # Weights are used by a ratio only.
        (
            "mean",
            {"3507": 0, "3571": 3},
            (20, 40),
            BOTH,
            "baseline: mean of those stated for 35.07, 35.71",
        ),
    ],
)
def test_combined_by_hand(
    how: str,
    weights: dict[str, int] | None,
    numbers: tuple[int, int],
    regions: tuple[RegionCode, ...],
    rule: str,
) -> None:
    given = None if weights is None else {k: Dec(v) for k, v in weights.items()}
    aggregation = Aggregation.parse(how)
    where = RegionCode("35")
    combined = _combined(SERIES, sorted(SERIES), RuleOf.BASELINE, where, aggregation, given)
    made = Rule(
        RuleOf.BASELINE, RuleKind.COMBINED, len(regions), aggregation, region=where, regions=regions
    )
    assert combined == ([(A, Dec(numbers[0])), (B, Dec(numbers[1]))], made)
    assert made.explain() == rule


def test_combined_needs_the_same_dates_and_a_denominator() -> None:
    series = {**SERIES, "3571": [(A, Dec(30)), (D(2023, 6, 1), Dec(60))]}
    where = RegionCode("35")
    found = _combined(series, sorted(series), RuleOf.TARGET, where, Aggregation.SUM, None)
    assert found == (None, Rule(RuleOf.TARGET, RuleKind.DIFFERENT_DATES, region=where))
    assert found[1] is not None
    assert found[1].explain() == (
        "the regions in 35 state their target for different dates: none is combined"
    )
    weights = {"3507": Dec(0)}
    found = _combined(SERIES, sorted(SERIES), RuleOf.TARGET, where, Aggregation.RATIO, weights)
    assert found == (None, Rule(RuleOf.TARGET, RuleKind.NO_DENOMINATOR, region=where))
    assert found[1] is not None
    assert found[1].explain() == ("no target for 35: the regions with one have no denominator yet")


@pytest.mark.parametrize(("parts", "more"), [(6, ""), (7, " (+1 more)"), (8, " (+2 more)")])
def test_combined_names_six_parts_and_counts_the_rest(parts: int, more: str) -> None:
    series = {f"35{n:02}": [(A, Dec(n))] for n in range(1, parts + 1)}
    names = ", ".join(f"35.{n:02}" for n in range(1, 7))
    # 1 + 2 + ... + parts = parts x (parts + 1) / 2.
    found = _combined(series, sorted(series), RuleOf.BASELINE, None, Aggregation.SUM, None)
    assert found[0] == [(A, Dec(parts * (parts + 1) // 2))]
    assert found[1] is not None
    assert len(found[1].regions) == parts
    assert found[1].explain() == f"baseline: sum of those stated for {names}{more}"

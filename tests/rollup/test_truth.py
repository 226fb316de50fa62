"""Issue 10: progress figures a governor can sign. Each confirmed wrong answer as a
hand-computed table, then the properties of the one target hierarchy.

Window 2022-01-01..2024-12-31, baseline 0 on 2022-01-01, target by 2024-01-01, as of
2023-01-01 (expected 0.5 on the linear schedule), regency-level indicators unless said.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal, localcontext

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desacoop.errors import ValidationError
from desacoop.monitoring import (
    Aggregation,
    Baseline,
    Direction,
    Indicator,
    Measure,
    Observation,
    Period,
    Reporters,
    Target,
    TimeBehaviour,
    Value,
)
from desacoop.report import render
from desacoop.rollup import DataFinding, DataFindingKind, HeldBack, ProgressStatus, progress
from desacoop.rollup._judge import BAD
from desacoop.scope import ScopeArea
from desacoop.serialization import to_json

from .builders import END, MID, START, indicator, make_plan, obs

D = dt.date
Dec = Decimal
GOOD = (ProgressStatus.ACHIEVED, ProgressStatus.ON_TRACK)


def parties(report):
    kalsel, jatim = report.by_party
    return report.find("ind", kalsel), report.find("ind", jatim)


def test_case_1_mixed_target_levels_add_up() -> None:
    ind = indicator(
        targets=(
            Target(Value.of(100), END, "63"),
            Target(Value.of(50), END, "35.07"),
            Target(Value.of(50), END, "35.10"),
        )
    )
    observations = (obs("63.01", MID, 50), obs("35.07", MID, 25), obs("35.10", MID, 25))
    report = progress(make_plan((ind,), observations), as_of=MID)
    kalsel, jatim = parties(report)
    assert (kalsel.actual, kalsel.target, kalsel.raw) == (50, 100, Dec("0.5"))  # 50 / 100
    assert (jatim.actual, jatim.target, jatim.raw) == (50, 100, Dec("0.5"))  # (25+25) / (50+50)
    total = report.find("ind")
    assert total.target == 200  # 100 + 50 + 50, not 100 (the shortest codes only)
    assert total.actual == 100  # 50 + 25 + 25
    assert total.raw == Dec("0.5")
    assert total.status is not ProgressStatus.ACHIEVED
    assert total.actual == (kalsel.actual or 0) + (jatim.actual or 0)
    assert total.target == (kalsel.target or 0) + (jatim.target or 0)


def test_case_2_a_ratio_with_province_targets_has_a_total_target() -> None:
    ratio = indicator(
        "ratio",
        measure=Measure.PERCENTAGE,
        aggregation=Aggregation.RATIO,
        targets=(Target(Value.of(80), END, "63"), Target(Value.of(60), END, "35")),
    )
    summed = indicator("summed", area=ScopeArea.BUM_DESA, targets=(Target(Value.of(100), END),))
    observations = (
        obs("63.01", MID, Value.ratio(0, 10), "ratio"),
        obs("35.07", MID, Value.ratio(0, 30), "ratio"),
        obs("63.01", MID, 100, "summed"),
    )
    report = progress(make_plan((ratio, summed), observations), as_of=MID)
    total = report.find("ratio")
    # target weighted by denominators: (80 × 10 + 60 × 30) / (10 + 30) = 2600 / 40 = 65
    assert total.target == 65
    assert total.raw == 0  # nothing achieved yet: the total no longer drops the indicator
    assert total.status is ProgressStatus.OFF_TRACK
    # the agreement: (ratio 0 + summed 1) / 2 areas with a value, not summed alone (1)
    assert report.value == Dec("0.5")


def test_case_3_targets_and_actuals_from_the_same_regions() -> None:
    ind = indicator(
        targets=(Target(Value.of(100), END, "63.01"), Target(Value.of(100), END, "63.02"))
    )
    report = progress(make_plan((ind,), (obs("63.01", MID, 100),)), as_of=MID)
    total = report.find("ind")
    assert (total.actual, total.target, total.raw) == (
        Dec(100),
        Dec(200),
        Dec("0.5"),
    )  # 100 / (100+100)
    assert total.coverage == Dec("0.5")  # 1 of 2 declared reporters
    assert total.missing == ("63.02",)
    regions = {f.key: report.find("ind", f) for f in report.by_region}
    assert regions["63.02"].status is ProgressStatus.NO_DATA  # shown as missing
    assert regions["63.01"].status is ProgressStatus.ACHIEVED
    assert total.status not in GOOD

    one = indicator(targets=(Target(Value.of(100), END, "63.01"),))
    observations = (obs("63.01", MID, 50), obs("63.03", MID, 60))
    report = progress(make_plan((one,), observations), as_of=MID)
    total = report.find("ind")
    assert (total.actual, total.target) == (Dec(50), Dec(100))  # not 110 / 100 "achieved"
    assert total.status is not ProgressStatus.ACHIEVED
    assert any(isinstance(f, DataFinding) and str(f.region) == "63.03" for f in report.findings)


def test_case_4_a_decreasing_sum_never_reads_silence_as_success() -> None:
    stunted = indicator(
        direction=Direction.DECREASE,
        party="kalsel",
        baselines=(Baseline(Value.of(1000), START),),
        targets=(Target(Value.of(600), END),),
        reporters=("63.01", "63.02"),
    )
    report = progress(make_plan((stunted,), (obs("63.01", MID, 480),)), as_of=MID)
    f = report.find("ind")
    # measured: (480 − 1,000) / (600 − 1,000) = 1.3, shown clamped to 1; but 63.02 is
    # silent and its value could undo the decrease: incomplete, never achieved
    assert (f.actual, f.raw, f.value) == (Dec(480), Dec("1.3"), Dec(1))
    assert f.status is ProgressStatus.INCOMPLETE
    assert f.missing == ("63.02",)


def test_case_5_per_period_and_decreasing_is_refused() -> None:
    with pytest.raises(ValidationError, match="per-period"):
        indicator(
            direction=Direction.DECREASE,
            time=TimeBehaviour.PER_PERIOD,
            baselines=(Baseline(Value.of(100), START),),
            targets=(Target(Value.of(50), END),),
        )


def test_case_7_overlapping_period_values_are_refused() -> None:
    ind = indicator(time=TimeBehaviour.PER_PERIOD)
    q1 = obs("35.07", D(2022, 3, 31), 10, period_start=D(2022, 1, 1))
    s1 = obs("35.07", D(2022, 6, 30), 30, period_start=D(2022, 1, 1))  # contains Q1
    with pytest.raises(ValidationError, match="overlaps"):
        make_plan((ind,), (q1, s1))


def test_case_7_values_outside_the_window_are_findings() -> None:
    ind = indicator(time=TimeBehaviour.PER_PERIOD)
    before = obs("35.07", D(2021, 12, 31), 70, period_start=D(2021, 10, 1))
    inside = obs("35.07", D(2022, 3, 31), 10, period_start=D(2022, 1, 1))
    report = progress(make_plan((ind,), (before, inside)), as_of=MID)
    f = report.find("ind")
    assert f.actual == 10  # 70 lies before the window
    assert f.observations == (inside.id,)
    assert [(x.kind, x.observation) for x in report.findings if isinstance(x, DataFinding)] == [
        (DataFindingKind.OUTSIDE_WINDOW, before.id)
    ]


def test_case_8_a_whole_and_a_province_baseline_for_the_same_area_are_refused() -> None:
    with pytest.raises(ValidationError, match="contradict"):
        make_plan(
            (
                indicator(
                    party="kalsel",
                    baselines=(Baseline(Value.of(10), START), Baseline(Value.of(50), START, "63")),
                ),
            )
        )
    with pytest.raises(ValidationError, match="contradict"):
        make_plan(
            (
                indicator(
                    party="kalsel",
                    targets=(Target(Value.of(10), END), Target(Value.of(50), END, "63")),
                ),
            )
        )


def test_case_9_data_without_a_target_reads_no_target_in_the_parents() -> None:
    ind = indicator(targets=(Target(Value.of(200), END),))  # whole-plan only
    report = progress(make_plan((ind,), (obs("63.71", MID, 50),)), as_of=MID)
    kalsel, _ = report.by_party
    assert report.find("ind", kalsel).status is ProgressStatus.NO_TARGET
    assert kalsel.status is ProgressStatus.NO_TARGET  # not "no data"
    assert report.find("ind", kalsel).actual == 50


def test_case_10_no_negative_zero() -> None:
    ind = indicator(
        direction=Direction.DECREASE,
        baselines=(Baseline(Value.of(50), START),),
        targets=(Target(Value.of(10), END),),
    )
    report = progress(make_plan((ind,), (obs("35.07", MID, 50),)), as_of=MID)
    f = report.find("ind")
    assert str(f.raw) == "0"  # (50 - 50) / (10 - 50) is -0 in Decimal
    assert '"-0"' not in to_json(report)
    assert "-0.0%" not in render(report)  # CLDR attaches the sign


def test_case_11_any_context_and_target_equal_to_baseline() -> None:
    ind = indicator(
        baselines=(Baseline(Value.of(50), START),), targets=(Target(Value.of(50), END),)
    )
    report = progress(make_plan((ind,), (obs("35.07", MID, 50),)), as_of=MID)
    with localcontext() as ctx:
        ctx.prec = 8
        text = report.find("ind").explain()
        assert render(report)
    assert "(50 − 50) / (50 − 50)" not in text
    assert "target equals the baseline" in text


def test_late_reporting_is_flagged() -> None:
    ind = indicator()
    on_time = obs("35.07", D(2022, 3, 31), 10, recorded_on=D(2022, 4, 10))
    late = obs("63.71", D(2022, 3, 31), 10, recorded_on=D(2022, 5, 20))
    plan = make_plan((ind,), (on_time, late), deadline_days=30)  # Q1 due by 30 April
    f = progress(plan, as_of=MID).find("ind")
    assert f.late == (late.id,)
    assert progress(make_plan((ind,), (on_time, late)), as_of=MID).find("ind").late == ()


def test_every_region_of_the_responsible_provinces_through_a_registry() -> None:
    from desacoop.registry import RegionRegistry

    registry = RegionRegistry(
        {"63": "Kalsel", "6301": "Tanah Laut", "6302": "Kotabaru", "35": "Jatim"},
        edition="uji",
    )
    ind = indicator(party="kalsel", reporters_rule=Reporters.ALL)
    plan = make_plan((ind,), (obs("63.01", MID, 50),))
    with pytest.raises(ValidationError, match="registry"):
        progress(plan, as_of=MID)
    f = progress(plan, as_of=MID, registry=registry).find("ind")
    assert f.missing == ("63.02",)
    assert f.coverage == Dec("0.5")


# -- properties ---------------------------------------------------------------------------

REGENCIES = ("63.01", "63.02", "63.03", "35.07", "35.10")


@st.composite
def regional_cases(draw: st.DrawFn) -> tuple[tuple[Target, ...], tuple[Observation, ...]]:
    """Targets stated at mixed levels (province or regency) and observations in some of the
    regencies, some of which may not be declared."""
    targets: list[Target] = []
    for province in ("63", "35"):
        mine = [r for r in REGENCIES if r.startswith(province)]
        if draw(st.booleans()):
            targets.append(Target(Value.of(draw(st.integers(1, 300))), END, province))
        else:
            for r in draw(st.lists(st.sampled_from(mine), unique=True, min_size=1)):
                targets.append(Target(Value.of(draw(st.integers(1, 300))), END, r))
    reporting = draw(st.lists(st.sampled_from(REGENCIES), unique=True))
    observations = tuple(
        obs(r, MID, draw(st.integers(0, 400)), id=f"p{i}") for i, r in enumerate(reporting)
    )
    return tuple(targets), observations


@given(regional_cases(), st.randoms(use_true_random=False))
def test_parts_add_up_and_no_parent_is_good_while_a_declared_child_is_missing_or_behind(
    case: tuple[tuple[Target, ...], tuple[Observation, ...]], rnd: random.Random
) -> None:
    targets, observations = case
    report = progress(make_plan((indicator(targets=targets),), observations), as_of=MID)
    total = report.find("ind")
    kalsel, jatim = parties(report)
    # parts add up to the whole
    if kalsel.target is not None and jatim.target is not None:
        assert total.target == kalsel.target + jatim.target
    actuals = [f.actual for f in (kalsel, jatim) if f.actual is not None]
    assert total.actual == (sum(actuals, Dec(0)) if actuals else None)
    # missing is never zero, never success
    regions = {f.key: report.find("ind", f) for f in report.by_region}
    for parent in (total, kalsel, jatim):
        if parent.status in GOOD:
            for code in parent.missing:
                pytest.fail(f"{parent.key} is {parent.status.value} while {code} is missing")
            for code, child in regions.items():
                if child.target is not None and code.startswith(
                    parent.region.compact if parent.region else ""
                ):
                    stated = {str(t.region) for t in targets}
                    if code in stated:
                        assert child.status not in BAD
    for f in regions.values():
        if f.actual is None:
            assert f.value is None
    # permutation of definitions changes nothing
    shuffled = list(targets)
    rnd.shuffle(shuffled)
    again = progress(make_plan((indicator(targets=tuple(shuffled)),), observations), as_of=MID)
    assert again.find("ind") == total


def test_an_undeclared_regions_data_never_raises_a_figure() -> None:
    checked = 0

    @settings(max_examples=60, deadline=None)
    @given(regional_cases(), st.sampled_from(("63.04", "35.24")), st.integers(1, 500))
    def holds(
        case: tuple[tuple[Target, ...], tuple[Observation, ...]], stranger: str, amount: int
    ) -> None:
        nonlocal checked
        targets, observations = case
        # regency targets (compact codes of 4 digits) make the regencies declared reporters
        declared_below = any(t.region is not None and len(t.region.compact) == 4 for t in targets)
        before = progress(make_plan((indicator(targets=targets),), observations), as_of=MID)
        extra = (*observations, obs(stranger, MID, amount, id="stranger"))
        after = progress(make_plan((indicator(targets=targets),), extra), as_of=MID)
        # a target stated above the regencies (the whole, a province) opens its regions
        opened = any(
            t.region is None or stranger.startswith(str(t.region))
            for t in targets
            if t.region is None or len(t.region.compact) < 4
        )
        if declared_below and not opened and stranger not in {str(t.region) for t in targets}:
            assert after.find("ind").actual == before.find("ind").actual
            assert any(
                isinstance(f, DataFinding) and f.observation == "stranger" for f in after.findings
            )
            checked += 1

    holds()
    assert checked >= 10  # the property must reach its assertion (it once never did)


def test_a_one_party_indicator_in_its_partys_tree_keeps_its_region() -> None:
    ind = indicator(party="kalsel")
    report = progress(make_plan((ind,), (obs("63.01", MID, 50),)), as_of=MID)
    assert report.find("ind").region is None
    assert str(report.find("ind", report.by_party[0]).region) == "63"


# -- case 6 and the period bookkeeping of case 7 -------------------------------------------


def quarterly(*quarters: int, region: str = "35.07", amount: int = 50) -> tuple[Observation, ...]:
    """Values of ``amount`` for the given quarters of 2022, each dated its quarter's end."""
    ends = {1: D(2022, 3, 31), 2: D(2022, 6, 30), 3: D(2022, 9, 30), 4: D(2022, 12, 31)}
    starts = {1: D(2022, 1, 1), 2: D(2022, 4, 1), 3: D(2022, 7, 1), 4: D(2022, 10, 1)}
    return tuple(
        obs(region, ends[q], amount, period_start=starts[q], id=f"{region}-q{q}") for q in quarters
    )


def per_quarter() -> Indicator:
    return indicator(time=TimeBehaviour.PER_PERIOD, targets=(Target(Value.of(400), END),))


def test_case_6_a_missing_period_lowers_coverage_not_progress() -> None:
    ind = per_quarter()
    full = progress(make_plan((ind,), quarterly(1, 2, 3, 4)), as_of=MID).find("ind")
    # 4 × 50 = 200 of 400: 50 %, all four quarters reported
    assert (full.actual, full.raw, full.coverage, full.projected) == (
        Dec(200),
        Dec("0.5"),
        Dec(1),
        None,
    )
    gap = progress(make_plan((ind,), quarterly(1, 3, 4)), as_of=MID).find("ind")
    # Q2 missing: measured 150 / 400 = 37.5 %, coverage 3 of 4 = 75 %; at the pace of the
    # quarters reported (50 a quarter) Q2 would add 50: projected 200, 50 %, labelled so
    assert gap.actual == 150
    assert gap.raw == Dec("0.375")
    assert (gap.projected, gap.projected_value) == (Dec(200), Dec("0.5"))
    assert (gap.periods_reported, gap.periods_due, gap.coverage) == (3, 4, Dec("0.75"))
    assert gap.missing_periods == ("35.07 2022Q2",)
    # 0.375 < 0.85 × 0.5 is behind, and Q2 could change that: incomplete, not at risk
    assert gap.status is ProgressStatus.INCOMPLETE
    assert "projected, not measured" in gap.explain()
    assert "(150 − 0) / (400 − 0) = 37.5%" in gap.explain()


def test_case_6_a_sum_past_its_target_is_achieved_with_a_period_missing() -> None:
    ind = indicator(time=TimeBehaviour.PER_PERIOD, targets=(Target(Value.of(200), END),))
    f = progress(make_plan((ind,), quarterly(1, 3, 4, amount=100)), as_of=MID).find("ind")
    # measured 300 of 200: raw 1.5. Q2 is missing, but a sum of counts only rises: the data
    # received alone shows the target reached
    assert f.raw == Dec("1.5")
    assert f.status is ProgressStatus.ACHIEVED


def test_case_6_parts_add_up_at_their_own_pace() -> None:
    ind = per_quarter()
    observations = quarterly(1, 2, 3, 4) + quarterly(1, region="63.71")
    report = progress(make_plan((ind,), observations), as_of=MID)
    total = report.find("ind")
    kalsel, jatim = parties(report)
    # 35.07: 200 over 4 of 4 quarters; 63.71: 50 over 1 of 4, at that pace 200
    assert (jatim.actual, jatim.projected) == (Dec(200), None)
    assert (kalsel.actual, kalsel.projected) == (Dec(50), Dec(200))
    assert (total.actual, total.projected) == (Dec(250), Dec(400))
    assert (total.periods_reported, total.periods_due) == (5, 8)


def test_case_7_a_value_for_a_long_period_reports_every_period_it_covers() -> None:
    ind = per_quarter()
    annual = obs("35.07", D(2022, 12, 31), 200, period_start=D(2022, 1, 1))
    f = progress(make_plan((ind,), (annual,)), as_of=MID).find("ind")
    # one annual value in a quarterly plan covers the four quarters of 2022 (was 1 of 4)
    assert (f.periods_reported, f.periods_due, f.coverage) == (4, 4, Dec(1))
    assert (f.actual, f.projected, f.raw) == (Dec(200), None, Dec("0.5"))


def test_case_7_the_first_period_of_a_window_starting_mid_quarter() -> None:
    signed = D(2022, 4, 13)
    ind = indicator(
        time=TimeBehaviour.PER_PERIOD,
        baselines=(Baseline(Value.of(0), signed),),
        targets=(Target(Value.of(400), END),),
    )
    # the first reporting period is 13 April to 30 June; a Q2 value (1 April..30 June)
    # reports it, then Q3 and Q4: 3 of 3 periods due by the report date
    values = (
        obs("35.07", D(2022, 6, 30), 50, period_start=D(2022, 4, 1)),
        obs("35.07", D(2022, 9, 30), 50, period_start=D(2022, 7, 1)),
        obs("35.07", D(2022, 12, 31), 50, period_start=D(2022, 10, 1)),
    )
    plan = make_plan((ind,), values, window=Period(signed, D(2024, 12, 31)))
    assert str(plan.reporting_periods()[0]) == "2022-04-13/2022-06-30"
    f = progress(plan, as_of=MID).find("ind")
    assert (f.periods_reported, f.periods_due, f.actual, f.projected) == (3, 3, Dec(150), None)


def test_a_held_back_indicator_holds_back_its_area_and_the_agreement() -> None:
    ind = indicator(
        targets=(Target(Value.of(100), END, "35.07"), Target(Value.of(100), END, "35.10"))
    )
    values = (obs("35.07", MID, 100), obs("35.10", MID, 40))
    report = progress(make_plan((ind,), values), as_of=MID)
    f = report.find("ind")
    # 140 / 200 = 70 % against expected 50 % reads on track, but 35.10 is at 40 / 100 = 40 %,
    # 0.8 of expected: at risk; no parent is good while it is
    assert f.raw == Dec("0.7")
    assert f.status is ProgressStatus.AT_RISK
    assert f.held_back == (HeldBack("35.10", ProgressStatus.AT_RISK),)
    area = report.find("cadres")
    assert area.status is ProgressStatus.AT_RISK
    assert area.held_back == (HeldBack("ind", ProgressStatus.AT_RISK, f.held_back[0]),)
    assert "ind: at risk (35.10: at risk)" in area.explain()
    assert "ind: perlu perhatian (35.10: perlu perhatian)" in area.explain("id")


def test_undeclared_data_shown_apart_by_an_explicit_option() -> None:
    ind = indicator(targets=(Target(Value.of(100), END, "35.07"),))
    values = (obs("35.07", MID, 50, id="declared"), obs("35.10", MID, 70, id="stray"))
    hidden = progress(make_plan((ind,), values), as_of=MID)
    shown = progress(make_plan((ind,), values), as_of=MID, show_undeclared=True)
    # 35.10 is not a declared reporter: 50 / 100 either way, 70 never added
    assert hidden.find("ind").actual == shown.find("ind").actual == 50
    assert hidden.undeclared == ()
    assert any(isinstance(f, DataFinding) and f.observation == "stray" for f in shown.findings)
    (apart,) = shown.undeclared
    assert (str(apart.region), apart.actual, apart.observations) == ("35.10", Dec(70), ("stray",))
    assert apart.status is ProgressStatus.NO_TARGET
    assert "counted in no total" in apart.explain()
    with pytest.raises(ValidationError, match="show_undeclared"):
        progress(make_plan((ind,), values), as_of=MID, show_undeclared="yes")  # type: ignore[arg-type]


@pytest.mark.parametrize("language", ["en", "id"])
@pytest.mark.parametrize("format", ["text", "markdown"])
def test_the_reports_print_missing_late_left_out_and_apart(format: str, language: str) -> None:
    ind = indicator(
        targets=(Target(Value.of(100), END, "35.07"), Target(Value.of(100), END, "35.10"))
    )
    values = (
        obs("35.07", D(2022, 3, 31), 50, id="late-one", recorded_on=D(2022, 6, 1)),
        obs("63.71", MID, 70, id="stray-one"),
        obs("35.07", D(2021, 6, 30), 5, id="before-window"),
    )
    plan = make_plan((ind,), values, deadline_days=30)
    text = render(progress(plan, as_of=MID, show_undeclared=True), format, language)
    for expected in ("35.10", "late-one", "stray-one", "before-window", "63.71"):
        assert expected in text
    heading = "Data gaps" if language == "en" else "Kekurangan data"
    assert heading in text
    quiet = render(progress(make_plan((ind,), values[:1]), as_of=MID), format, language)
    assert "stray-one" not in quiet


def test_several_bad_arguments_are_reported_together() -> None:
    plan = make_plan((indicator(),))
    with pytest.raises(ValidationError) as caught:
        progress(plan, as_of="2023", region_level=3, show_undeclared="yes")  # type: ignore[arg-type]
    # each argument's problem at its path below the call, as every problem has one
    assert [p.path for p in caught.value.problems] == [
        "$.as_of", "$.region_level", "$.show_undeclared",
    ]  # fmt: skip
    with pytest.raises(ValidationError, match="plan is required"):
        progress(None, as_of=MID)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("direction", "actual", "raw"),
    [
        (Direction.INCREASE, 50, Dec(1)),  # at the target
        (Direction.INCREASE, 60, Dec(1)),  # beyond it
        (Direction.INCREASE, 40, Dec(0)),  # short of it
        (Direction.DECREASE, 40, Dec(1)),  # beyond it, downwards
        (Direction.DECREASE, 60, Dec(0)),  # short of it, downwards
    ],
)
def test_a_target_equal_to_its_baseline_is_met_or_not(
    direction: Direction, actual: int, raw: Decimal
) -> None:
    """The ratio (actual − 50) / (50 − 50) is undefined; the rule: 1 at or beyond the target
    in the indicator's direction, else 0 (a mutation survivor of _ratio)."""
    ind = indicator(
        direction=direction,
        baselines=(Baseline(Value.of(50), START),),
        targets=(Target(Value.of(50), END),),
    )
    f = progress(make_plan((ind,), (obs("35.07", MID, actual),)), as_of=MID).find("ind")
    assert f.raw == raw

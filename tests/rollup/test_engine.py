"""The progress engine: hand-computed tables, statuses, corrections, roll-ups, properties."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desacoop.errors import ValidationError
from desacoop.monitoring import (
    Aggregation,
    AreaWeight,
    Baseline,
    Direction,
    Indicator,
    Measure,
    Milestone,
    MilestoneStatus,
    MonitoringPlan,
    Observation,
    Target,
    TimeBehaviour,
    Value,
)
from desacoop.regions import Level, RegionCode
from desacoop.rollup import (
    DataFinding,
    DataFindingKind,
    FigureKind,
    ProgressFigure,
    ProgressReport,
    ProgressStatus,
    Rule,
    RuleKind,
    RuleOf,
    Tolerance,
    progress,
)
from desacoop.scope import ScopeArea
from desacoop.serialization import from_json, to_json
from desacoop.strategies import (
    monitoring_plans,
    ordinal_scales,
    periods,
    progress_reports,
    tolerances,
    values,
)

from .builders import END, MID, SCALE, START, D, Dec, figure, indicator, make_plan, obs

# -- every measure, direction and aggregation, by hand ----------------------------------


def test_count_sum_of_the_latest_value_per_region() -> None:
    observations = (
        obs("35.07", D(2022, 6, 30), 50),
        obs("35.07", D(2022, 12, 31), 80),  # the latest in 35.07 counts, not 50 + 80
        obs("63.71", D(2022, 12, 31), 70),
        obs("63.71", D(2023, 3, 31), 999),  # after the report date
    )
    f = figure(
        indicator(
            baselines=(Baseline(Value.of(100), START),), targets=(Target(Value.of(300), END),)
        ),
        observations,
    )
    assert f.actual == 150
    assert f.raw == Dec("0.25")  # (150 - 100) / (300 - 100)
    assert f.value == Dec("0.25")
    assert f.expected == Dec("0.5")  # 365 of 730 days
    assert f.status is ProgressStatus.OFF_TRACK  # 0.25 < 0.60 × 0.5
    assert f.coverage == 1
    assert len(f.observations) == 2


def test_below_the_baseline_the_raw_ratio_is_negative_and_the_value_zero() -> None:
    f = figure(
        indicator(
            baselines=(Baseline(Value.of(100), START),), targets=(Target(Value.of(300), END),)
        ),
        (obs("35.07", D(2022, 6, 30), 50),),
    )
    assert f.raw == Dec("-0.25")
    assert f.value == 0


@pytest.mark.parametrize(
    ("actual", "raw", "value", "status"),
    [
        (25, Dec("0.5"), Dec("0.5"), ProgressStatus.ON_TRACK),  # (25-40)/(10-40)
        (45, Dec(-5) / Dec(30), Dec(0), ProgressStatus.OFF_TRACK),
        (10, Dec(1), Dec(1), ProgressStatus.ACHIEVED),
        (4, Dec("1.2"), Dec(1), ProgressStatus.ACHIEVED),
    ],
)
def test_a_decreasing_indicator(actual: int, raw: Decimal, value: Decimal, status: object) -> None:
    ind = indicator(
        direction=Direction.DECREASE,
        baselines=(Baseline(Value.of(40), START),),
        targets=(Target(Value.of(10), END),),
    )
    f = figure(ind, (obs("35.07", D(2022, 12, 31), actual),))
    assert (f.raw, f.value, f.status) == (raw, value, status)
    assert f.expected == Dec("0.5")


def test_a_percentage_sums_numerators_and_denominators() -> None:
    ind = indicator(
        measure=Measure.PERCENTAGE,
        aggregation=Aggregation.RATIO,
        baselines=(Baseline(Value.of(20), START),),
        targets=(Target(Value.of(70), END),),
    )
    observations = (
        obs("35.07", D(2022, 12, 31), Value.ratio(1, 10)),  # 10 %
        obs("63.71", D(2022, 12, 31), Value.ratio(45, 90)),  # 50 %
    )
    f = figure(ind, observations)
    assert (f.numerator, f.denominator) == (Dec(46), Dec(100))
    assert f.actual == 46  # not (10 + 50) / 2 = 30
    assert f.raw == Dec("0.52")  # (46 - 20) / (70 - 20)


def test_a_percentage_target_may_be_a_ratio_and_min_max_compare_percentages() -> None:
    for aggregation, actual in ((Aggregation.MIN, Dec(10)), (Aggregation.MAX, Dec(50))):
        ind = indicator(
            measure=Measure.PERCENTAGE,
            aggregation=aggregation,
            baselines=(Baseline(Value.ratio(0, 1), START),),
            targets=(Target(Value.ratio(1, 1), END),),
        )
        observations = (
            obs("35.07", D(2022, 12, 31), Value.ratio(1, 10)),
            obs("63.71", D(2022, 12, 31), Value.ratio(45, 90)),
        )
        f = figure(ind, observations)
        assert f.actual == actual
        assert f.raw == actual / 100


def test_an_amount_per_period_adds_up_the_values_in_the_window() -> None:
    ind = indicator(
        measure=Measure.AMOUNT,
        time=TimeBehaviour.PER_PERIOD,
        unit="rupiah",
        baselines=(Baseline(Value.of(0), START),),
        targets=(Target(Value.of(1_000_000), D(2022, 12, 31)),),
    )
    observations = (
        obs("35.07", D(2021, 12, 31), 999, period_start=D(2021, 10, 1)),  # before the baseline
        obs("35.07", D(2022, 3, 31), 200_000, period_start=D(2022, 1, 1)),
        obs("63.71", D(2022, 6, 30), Value.of("300000.50"), period_start=D(2022, 4, 1)),
        obs("35.07", D(2022, 9, 30), 400_000, period_start=D(2022, 7, 1)),  # after the date
    )
    report = progress(make_plan((ind,), observations), as_of=D(2022, 6, 30))
    f = report.find("ind")
    assert f.actual == Dec("500000.50")  # 200,000 + 300,000.50: what was received
    # On 30 June only Q1 is past its deadline (Q2 ends that day): 35.07 reported it, 63.71
    # reported Q2 only, so 1 of 2 region-periods due has arrived.
    assert (f.periods_reported, f.periods_due, f.coverage) == (1, 2, Dec("0.5"))
    assert f.missing_periods == ("63.71 2022Q1",)
    assert f.raw == Dec("0.5000005")  # (500,000.50 − 0) / (1,000,000 − 0): measured
    assert f.projected is None  # 63.71 has no period reported to set a pace
    assert f.expected == Dec(180) / Dec(364)  # 1 Jan → 30 Jun of 1 Jan → 31 Dec
    (finding,) = report.findings  # the 999 of 2021Q4 is named, never silently dropped
    assert isinstance(finding, DataFinding)
    assert finding.kind is DataFindingKind.OUTSIDE_WINDOW
    assert (finding.first, finding.last) == (D(2021, 10, 1), D(2021, 12, 31))
    assert finding.explain().endswith("not counted")
    assert finding.explain("id").endswith("tidak dihitung")
    # 0.5000005 ≥ 0.85 × 0.4945: on track on the data received, and a missing quarter of a
    # sum that only rises could only raise it
    assert f.status is ProgressStatus.ON_TRACK


def test_a_per_period_percentage_sums_parts_over_time_and_regions() -> None:
    ind = indicator(
        measure=Measure.PERCENTAGE,
        aggregation=Aggregation.RATIO,
        time=TimeBehaviour.PER_PERIOD,
        baselines=(Baseline(Value.of(0), START),),
        targets=(Target(Value.of(100), END),),
    )
    observations = (
        obs("35.07", D(2022, 6, 30), Value.ratio(1, 4), period_start=START),
        obs("35.07", D(2022, 12, 31), Value.ratio(3, 4), period_start=D(2022, 7, 1)),
        obs("63.71", D(2022, 12, 31), Value.ratio(0, 2), period_start=D(2022, 7, 1)),
    )
    f = figure(ind, observations)
    assert (f.numerator, f.denominator, f.actual) == (Dec(4), Dec(10), Dec(40))


@pytest.mark.parametrize(
    ("aggregation", "actual"),
    [(Aggregation.MIN, 1), (Aggregation.MAX, 2)],
)
def test_an_ordinal_scale_uses_ranks(aggregation: Aggregation, actual: int) -> None:
    ind = indicator(
        measure=Measure.ORDINAL,
        scale=SCALE,
        aggregation=aggregation,
        level=Level.VILLAGE,
        baselines=(Baseline(Value(level="perintis"), START),),
        targets=(Target(Value(level="maju"), END),),
    )
    observations = (
        obs("35.07.01.2001", D(2022, 12, 31), Value(level="berkembang")),
        obs("63.71.01.1001", D(2022, 12, 31), Value(level="pemula")),
    )
    f = figure(ind, observations)
    assert f.actual == actual
    assert f.raw == Dec(actual) / 3


@pytest.mark.parametrize(
    ("aggregation", "actual", "raw"),
    [
        (Aggregation.SUM, Dec(90), Dec("0.9")),
        (Aggregation.MEAN, Dec(30), Dec("0.3")),
        (Aggregation.MIN, Dec(10), Dec("0.1")),
        (Aggregation.MAX, Dec(60), Dec("0.6")),
    ],
)
def test_count_aggregations(aggregation: Aggregation, actual: Decimal, raw: Decimal) -> None:
    ind = indicator(aggregation=aggregation, targets=(Target(Value.of(100), END),))
    observations = (
        obs("35.07", D(2022, 12, 31), 10),
        obs("35.78", D(2022, 12, 31), 20),
        obs("63.71", D(2022, 12, 31), 60),
    )
    f = figure(ind, observations)
    assert (f.actual, f.raw) == (actual, raw)


def test_a_milestone_indicator_counts_the_share_met() -> None:
    ind = indicator(
        measure=Measure.MILESTONE,
        aggregation=Aggregation.MEAN,
        baselines=(),
        targets=(Target(Value(met=True), END),),
    )
    observations = (
        obs("35.07", D(2022, 12, 31), Value(met=True)),
        obs("35.78", D(2022, 12, 31), Value(met=False)),
        obs("63.71", D(2022, 12, 31), Value(met=True)),
    )
    f = figure(ind, observations)
    assert f.baseline == 0  # not met, from the start of the monitoring window
    assert f.raw == Dec(2) / Dec(3)


def test_a_qualitative_indicator_is_reported_never_scored() -> None:
    ind = indicator("catatan", measure=Measure.QUALITATIVE, weight=Dec(0), baselines=(), targets=())
    one = figure(ind, (obs("35.07", D(2022, 12, 31), Value(text="berjalan"), "catatan"),))
    assert one.status is ProgressStatus.REPORTED
    assert (one.value, one.text) == (None, "berjalan")
    two = figure(
        ind,
        (
            obs("35.07", D(2022, 12, 31), Value(text="berjalan"), "catatan"),
            obs("63.71", D(2022, 12, 31), Value(text="tertunda"), "catatan"),
        ),
    )
    assert two.text is None
    assert two.actual_rule == Rule(RuleOf.ACTUAL, RuleKind.STATEMENTS, 2)
    assert "2 statements; qualitative values are never aggregated" in two.explain()


# -- the schedule ------------------------------------------------------------------------


def test_expected_progress_is_linear_to_each_target_against_the_governing_one() -> None:
    ind = indicator(
        targets=(Target(Value.of(100), MID), Target(Value.of(300), END)),
    )
    observations = (obs("35.07", D(2022, 7, 2), 40), obs("35.07", D(2023, 7, 2), 150))
    early = figure(ind, observations, as_of=D(2022, 7, 2))  # 182 of 365 days to 100
    assert (early.target, early.target_by) == (Dec(100), MID)
    assert early.expected == Dec(182) / Dec(365)
    assert early.raw == Dec("0.4")
    late = figure(ind, observations, as_of=D(2023, 7, 2))  # 100 + 200 × 182/365, of 300
    assert (late.target, late.target_by) == (Dec(300), END)
    assert late.expected == (100 + 200 * Dec(182) / Dec(365)) / 300
    assert late.raw == Dec("0.5")
    assert late.final_by == END


@pytest.mark.parametrize(
    ("actual", "as_of", "status"),
    [
        (85, MID, ProgressStatus.ON_TRACK),  # 0.425 = 0.85 × 0.5
        (84, MID, ProgressStatus.AT_RISK),
        (60, MID, ProgressStatus.AT_RISK),  # 0.30 = 0.60 × 0.5
        (59, MID, ProgressStatus.OFF_TRACK),
        (200, MID, ProgressStatus.ACHIEVED),
        (199, D(2024, 1, 2), ProgressStatus.OVERDUE),
        (200, D(2024, 6, 30), ProgressStatus.ACHIEVED),
        (0, START, ProgressStatus.NOT_STARTED),
        (5, START, ProgressStatus.ON_TRACK),
    ],
)
def test_status_thresholds(actual: int, as_of: dt.date, status: ProgressStatus) -> None:
    # the value is dated the day before the report, so the latest period due has its value
    on = max(START, as_of - dt.timedelta(days=1))
    f = figure(indicator(), (obs("35.07", on, actual),), as_of=as_of)
    assert f.status is status


def test_tolerances_are_settable() -> None:
    strict = Tolerance(on_track=Dec("0.95"), at_risk=Dec("0.90"))
    last = D(2022, 12, 31)  # in 2022Q4, the latest quarter due on MID
    f = figure(indicator(), (obs("35.07", last, 90),), tolerance=strict)
    assert f.status is ProgressStatus.AT_RISK  # 0.45 = 0.90 × 0.5, < 0.95 × 0.5
    f = figure(indicator(), (obs("35.07", last, 89),), tolerance=strict)
    assert f.status is ProgressStatus.OFF_TRACK
    f = figure(indicator(), (obs("35.07", last, 95),), tolerance=strict)
    assert f.status is ProgressStatus.ON_TRACK
    with pytest.raises(ValidationError):
        Tolerance(on_track=Dec("0.5"), at_risk=Dec("0.6"))
    with pytest.raises(ValidationError):
        Tolerance(on_track=Dec("1.5"))


def test_no_data_is_not_zero() -> None:
    f = figure(indicator(), ())
    assert f.status is ProgressStatus.NO_DATA
    assert (f.value, f.actual, f.coverage) == (None, None, Dec(0))
    assert f.expected == Dec("0.5")  # the schedule is still known


# -- corrections and "as recorded on" ----------------------------------------------------


def corrected() -> tuple[Observation, ...]:
    return (
        obs("35.07", D(2022, 12, 31), 80, id="a", recorded_on=D(2023, 1, 5)),
        obs("35.07", D(2022, 12, 31), 120, id="b", supersedes="a", recorded_on=D(2023, 2, 1)),
        obs("35.07", D(2022, 12, 31), 110, id="c", supersedes="b", recorded_on=D(2023, 3, 1)),
    )


@pytest.mark.parametrize(
    ("recorded_on", "actual", "used"),
    [
        (None, 110, ("c",)),
        (D(2023, 3, 1), 110, ("c",)),
        (D(2023, 2, 28), 120, ("b",)),
        (D(2023, 1, 10), 80, ("a",)),
        (D(2023, 1, 4), None, ()),
    ],
)
def test_corrections_supersede_and_history_stays(
    recorded_on: dt.date | None, actual: int | None, used: tuple[str, ...]
) -> None:
    f = figure(indicator(), corrected(), recorded_on=recorded_on)
    assert f.actual == actual
    assert f.observations == used


def test_a_correction_that_moves_a_value_later_removes_it_until_then() -> None:
    observations = (
        obs("35.07", D(2022, 6, 30), 50, id="a", recorded_on=D(2022, 7, 5)),
        obs("35.07", D(2022, 9, 30), 50, id="b", supersedes="a", recorded_on=D(2022, 10, 5)),
    )
    assert figure(indicator(), observations, as_of=D(2022, 7, 31)).actual is None
    assert (
        figure(indicator(), observations, as_of=D(2022, 7, 31), recorded_on=D(2022, 8, 1)).actual
        == 50
    )


# -- roll-ups ------------------------------------------------------------------------------


def test_area_and_agreement_roll_ups_weigh_what_has_a_value() -> None:
    a = indicator("a", weight=Dec(3))  # 50 of 200 → 0.25; expected 0.5
    b = indicator("b", weight=Dec(1))  # no data
    c = indicator("c", area=ScopeArea.BUM_DESA)  # achieved: 1; expected 0.5
    observations = (obs("35.07", MID, 50, "a"), obs("35.07", MID, 200, "c"))
    plan = make_plan((a, b, c), observations, area_weights=(AreaWeight(ScopeArea.CADRES, Dec(3)),))
    report = progress(plan, as_of=MID)
    cadres = report.find(ScopeArea.CADRES.value)
    assert cadres.kind is FigureKind.AREA
    assert cadres.value == Dec("0.25")  # 3 × 0.25 / 3: b's missing data is not a zero
    assert cadres.coverage == Dec("0.75")  # (3 × 1 + 1 × 0) / 4
    assert cadres.weight == 3
    assert cadres.status is ProgressStatus.INCOMPLETE  # b has no data: never good
    # agreement: cadres (weight 3, 0.25) and bum-desa (weight 1, 1); the 14 areas without
    # indicators count for nothing: (3 × 0.25 + 1 × 1) / 4 = 0.4375
    assert report.value == Dec("0.4375")
    assert report.expected == Dec("0.5")
    assert report.coverage == Dec("0.8125")  # (3 × 0.75 + 1 × 1) / 4
    assert len(report.children) == 16
    assert report.find(ScopeArea.BOUNDARIES.value).status is ProgressStatus.NOT_SCORED


def test_an_area_is_achieved_only_when_fully_covered() -> None:
    a, b = indicator("a"), indicator("b")
    report = progress(make_plan((a, b), (obs("35.07", MID, 200, "a"),)), as_of=MID)
    assert report.find(ScopeArea.CADRES.value).status is not ProgressStatus.ACHIEVED
    report = progress(
        make_plan((a, b), (obs("35.07", MID, 200, "a"), obs("35.07", MID, 200, "b"))), as_of=MID
    )
    assert report.find(ScopeArea.CADRES.value).status is ProgressStatus.ACHIEVED


def regional_plan() -> MonitoringPlan:
    ind = indicator(
        baselines=(
            Baseline(Value.of(5), START, "35.07"),
            Baseline(Value.of(5), START, "35.78"),
            Baseline(Value.of(20), START, "63.71"),
        ),
        targets=(
            Target(Value.of(50), END, "35.07"),
            Target(Value.of(50), END, "35.78"),
            Target(Value.of(60), END, "63.71"),
        ),
    )
    kalsel = indicator(
        "kalsel-ind",
        party="kalsel",
        area=ScopeArea.BUM_DESA,
        targets=(Target(Value.of(10), END),),
    )
    observations = (
        obs("35.07", D(2022, 12, 31), 30),
        obs("35.78", D(2022, 12, 31), 10),
        obs("63.71", D(2022, 12, 31), 40),
        obs("35.15", D(2022, 12, 31), 7),  # no target for 35.15: not a declared reporter
        obs("63.71", D(2022, 12, 31), 5, "kalsel-ind"),
    )
    return make_plan((ind, kalsel), observations)


def test_sum_targets_and_baselines_derive_from_the_regions_below() -> None:
    report = progress(regional_plan(), as_of=MID)
    whole = report.find("ind")
    # 35.15 states no target, so it is not a declared reporter: its 7 is a finding, not
    # part of the total (issue 10, case 3): actual 30 + 10 + 40 = 80, baseline 5 + 5 + 20
    assert (whole.baseline, whole.target, whole.actual) == (Dec(30), Dec(160), Dec(80))
    assert whole.raw == Dec(50) / Dec(130)
    assert any(
        isinstance(finding, DataFinding)
        and finding.kind is DataFindingKind.UNDECLARED
        and str(finding.region) == "35.15"
        for finding in report.findings
    )
    assert isinstance(whole.target_rule, Rule)
    assert (whole.target_rule.kind, whole.target_rule.aggregation) == (
        RuleKind.COMBINED,
        Aggregation.SUM,
    )


def test_breakdown_by_party() -> None:
    report = progress(regional_plan(), as_of=MID)
    jatim, kalsel = (report.find("ind", p) for p in report.by_party[::-1])
    assert (jatim.baseline, jatim.target, jatim.actual) == (Dec(10), Dec(100), Dec(40))
    assert jatim.raw == Dec(30) / Dec(90)  # (40 - 10) / (100 - 10); 35.15 left out
    assert (kalsel.baseline, kalsel.target, kalsel.actual) == (Dec(20), Dec(60), Dec(40))
    assert kalsel.raw == Dec("0.5")
    # a Kalsel-only indicator is not part of Jatim's tree at all
    assert [f.key for f in report.by_party[1].walk() if f.key == "kalsel-ind"] == []
    assert report.find("kalsel-ind", report.by_party[0]).raw == Dec("0.5")
    assert report.by_party[0].kind is FigureKind.PARTY


def test_breakdown_by_regency() -> None:
    report = progress(regional_plan(), as_of=MID)
    regions = {f.key: f for f in report.by_region}
    assert list(regions) == ["35.07", "35.78", "63.71"]  # 35.15 is not a declared reporter
    assert report.find("ind", regions["35.07"]).raw == Dec(25) / Dec(45)
    assert report.find("ind", regions["35.78"]).raw == Dec(5) / Dec(45)
    assert regions["63.71"].region == RegionCode("63.71")


def test_breakdown_at_the_province_level_and_none() -> None:
    report = progress(regional_plan(), as_of=MID, region_level=Level.PROVINCE)
    assert [f.key for f in report.by_region] == ["35", "63"]
    assert progress(regional_plan(), as_of=MID, region_level=None).by_region == ()
    village = progress(regional_plan(), as_of=MID, region_level=Level.VILLAGE)
    assert village.by_region == ()  # nothing is observed per village


def test_intensive_targets_apply_to_the_regions_inside() -> None:
    ind = indicator(
        measure=Measure.PERCENTAGE,
        aggregation=Aggregation.RATIO,
        baselines=(Baseline(Value.of(20), START),),
        targets=(Target(Value.of(70), END),),
    )
    report = progress(
        make_plan((ind,), (obs("35.07", D(2022, 12, 31), Value.ratio(1, 10)),)), as_of=MID
    )
    regional = report.find("ind", report.by_region[0])
    assert regional.raw == Dec("-0.2")
    assert regional.target_rule == Rule(RuleOf.TARGET, RuleKind.FROM_AROUND)  # the whole plan's
    assert "target of the whole plan (applies to the regions in it)" in regional.explain()


def test_milestones_in_the_report() -> None:
    milestones = (
        Milestone("m1", "Rencana aksi", "Action plan", ScopeArea.RURAL_ECONOMY, D(2022, 6, 30)),
        Milestone(
            "m2",
            "Pelatihan",
            "Training",
            ScopeArea.OFFICIAL_CAPACITY,
            D(2022, 6, 30),
            met_on=D(2022, 8, 1),
            status=MilestoneStatus.MET,
        ),
    )
    report = progress(make_plan((indicator(),), milestones=milestones), as_of=D(2022, 7, 10))
    m1, m2 = report.milestones
    assert (m1.late, m1.days_late, m1.status) == (True, 10, MilestoneStatus.SCHEDULED)
    assert (m2.late, m2.met_on, m2.status) == (True, None, MilestoneStatus.SCHEDULED)
    later = progress(make_plan((indicator(),), milestones=milestones), as_of=D(2023, 1, 1))
    assert (later.milestones[1].met_on, later.milestones[1].days_late) == (D(2022, 8, 1), 32)


# -- explanations, inputs, round trip ----------------------------------------------------


def test_every_figure_explains_itself() -> None:
    report = progress(regional_plan(), as_of=MID)
    text = report.find("ind").explain()
    for piece in ("observations (3)", "baseline: 30", "target: 160", "weight 1", "sum"):
        assert piece in text
    assert "weight 1 of 2," in report.explain()  # the two areas with indicators
    assert "Indikator" in report.find("ind").explain("id")
    for tree in (report.total, *report.by_party, *report.by_region):
        for f in tree.walk():
            assert f.explain()


def test_holding_back_ranks_by_the_gain_of_the_overall_figure() -> None:
    a = indicator("a")  # 0.1 of expected 0.5
    b = indicator("b")  # 0.4 of expected 0.5
    c = indicator("c")  # no data
    report = progress(
        make_plan((a, b, c), (obs("35.07", MID, 20, "a"), obs("35.07", MID, 80, "b"))), as_of=MID
    )
    # now: one counted area, (0.1 + 0.4) / 2 = 0.25 (c has no value, so it is left out)
    assert report.value == Dec("0.25")
    # a at 0.5: (0.5 + 0.4) / 2 = 0.45, +0.2; c at 0.5: (0.1 + 0.4 + 0.5) / 3 = 1/3,
    # +1/12; b at 0.5: (0.1 + 0.5) / 2 = 0.3, +0.05
    ranked = report.holding_back()
    assert [f.key for f, _ in ranked] == ["a", "c", "b"]
    assert [gain for _, gain in ranked] == [Dec("0.2"), Dec(1) / 3 - Dec("0.25"), Dec("0.05")]


def test_bad_arguments_raise_validation_errors() -> None:
    plan = make_plan((indicator(),))
    with pytest.raises(ValidationError):
        progress(plan, as_of="2023-01-01")  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        progress(plan, as_of=dt.datetime(2023, 1, 1))
    with pytest.raises(ValidationError):
        progress("plan", as_of=MID)  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        progress(plan, as_of=MID, tolerance=0.85)  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        progress(plan, as_of=MID, region_level="regency")  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        progress(regional_plan(), as_of=MID).find("nope")


def test_the_report_round_trips_through_strict_json() -> None:
    report = progress(regional_plan(), as_of=MID, recorded_on=D(2023, 6, 1))
    assert from_json(to_json(report), ProgressReport) == report
    assert from_json(to_json(report.total), ProgressFigure) == report.total


def test_results_are_decimals_only() -> None:
    report = progress(regional_plan(), as_of=MID)
    for f in report.total.walk():
        for field in attrs.fields(ProgressFigure):
            assert not isinstance(getattr(f, field.name), float)


# -- properties ---------------------------------------------------------------------------

REGENCIES = ("35.07", "35.78", "35.15", "63.71", "63.01")
QUARTER_ENDS = tuple(
    D(y, m, d) for y in (2022, 2023, 2024) for m, d in ((3, 31), (6, 30), (9, 30), (12, 31))
)
AGGREGATIONS = (Aggregation.SUM, Aggregation.MEAN, Aggregation.MIN, Aggregation.MAX)


@st.composite
def observation_sets(draw: st.DrawFn, indicator_id: str = "ind") -> tuple[Observation, ...]:
    keys = draw(
        st.lists(st.tuples(st.sampled_from(REGENCIES), st.sampled_from(QUARTER_ENDS)), unique=True)
    )
    values = draw(st.lists(st.integers(0, 1000), min_size=len(keys), max_size=len(keys)))
    return tuple(
        obs(region, on, value, indicator_id, id=f"x{i}")
        for i, ((region, on), value) in enumerate(zip(keys, values, strict=True))
    )


@st.composite
def count_indicators(draw: st.DrawFn) -> Indicator:
    direction = draw(st.sampled_from(list(Direction)))
    base = draw(st.integers(0, 500))
    step = draw(st.integers(0, 500))
    aim = base + step if direction is Direction.INCREASE else max(base - step, 0)
    return indicator(
        aggregation=draw(st.sampled_from(AGGREGATIONS)),
        direction=direction,
        baselines=(Baseline(Value.of(base), START),),
        targets=(Target(Value.of(aim), END),),
    )


as_of_dates = st.dates(D(2021, 6, 1), D(2025, 6, 1))


@given(count_indicators(), observation_sets(), as_of_dates)
def test_clamped_progress_stays_between_zero_and_one(
    ind: Indicator, observations: tuple[Observation, ...], as_of: dt.date
) -> None:
    report = progress(make_plan((ind,), observations), as_of=as_of)
    for tree in (report.total, *report.by_party, *report.by_region):
        for f in tree.walk():
            for x in (f.value, f.expected, f.coverage):
                assert x is None or 0 <= x <= 1


@given(count_indicators(), observation_sets(), as_of_dates, st.data())
def test_moving_an_observation_toward_the_target_never_lowers_progress(
    ind: Indicator, observations: tuple[Observation, ...], as_of: dt.date, data: st.DataObject
) -> None:
    if not observations:
        return
    i = data.draw(st.integers(0, len(observations) - 1))
    step = data.draw(st.integers(0, 500))
    old = observations[i]
    assert old.value.amount is not None
    moved = (
        old.value.amount + step
        if ind.direction is Direction.INCREASE
        else max(old.value.amount - step, Dec(0))
    )
    changed = (*observations[:i], attrs.evolve(old, value=Value.of(moved)), *observations[i + 1 :])
    before = progress(make_plan((ind,), observations), as_of=as_of).find("ind")
    after = progress(make_plan((ind,), changed), as_of=as_of).find("ind")
    if before.value is not None:
        assert after.value is not None
        assert after.value >= before.value


@given(count_indicators(), observation_sets(), as_of_dates, st.randoms(use_true_random=False))
def test_the_order_of_observations_changes_nothing(
    ind: Indicator, observations: tuple[Observation, ...], as_of: dt.date, rnd: random.Random
) -> None:
    shuffled = list(observations)
    rnd.shuffle(shuffled)
    a = progress(make_plan((ind,), observations), as_of=as_of)
    b = progress(make_plan((ind,), tuple(shuffled)), as_of=as_of)
    assert a == b


@given(
    st.lists(
        st.tuples(st.sampled_from(REGENCIES), st.integers(0, 50), st.integers(1, 50)),
        unique_by=lambda t: t[0],
    )
)
def test_a_ratio_roll_up_is_the_sum_of_numerators_over_the_sum_of_denominators(
    parts: list[tuple[str, int, int]],
) -> None:
    ind = indicator(
        measure=Measure.PERCENTAGE,
        aggregation=Aggregation.RATIO,
        baselines=(Baseline(Value.of(0), START),),
        targets=(Target(Value.of(100), END),),
    )
    observations = tuple(obs(region, MID, Value.ratio(min(n, d), d)) for region, n, d in parts)
    report = progress(make_plan((ind,), observations), as_of=MID)
    f = report.find("ind")
    if not parts:
        assert f.actual is None
        return
    num = sum(Dec(min(n, d)) for _, n, d in parts)
    den = sum(Dec(d) for _, _, d in parts)
    assert (f.numerator, f.denominator) == (num, den)
    assert f.actual == 100 * num / den
    for party in report.by_party:
        pf = report.find("ind", party)
        mine = [(min(n, d), d) for r, n, d in parts if r.startswith(party.region.compact)]  # type: ignore[union-attr]
        if mine:
            assert pf.actual == 100 * Dec(sum(n for n, _ in mine)) / Dec(sum(d for _, d in mine))


@given(
    st.lists(
        st.tuples(
            st.sampled_from(REGENCIES),
            st.lists(st.integers(0, 100), min_size=1, max_size=4),
        ),
        unique_by=lambda t: t[0],
    ),
    st.integers(0, 5000),
)
def test_splitting_a_region_sum_among_its_districts_leaves_the_total_unchanged(
    parts: list[tuple[str, list[int]]], target: int
) -> None:
    targets = (Target(Value.of(target), END),)
    whole = indicator(targets=targets)
    split = indicator(level=Level.DISTRICT, targets=targets)
    regency_obs = tuple(obs(r, MID, sum(values)) for r, values in parts)
    district_obs = tuple(
        obs(f"{r}.{k + 1:02d}", MID, v) for r, values in parts for k, v in enumerate(values)
    )
    a = progress(make_plan((whole,), regency_obs), as_of=MID)
    b = progress(make_plan((split,), district_obs), as_of=MID)
    fa, fb = a.find("ind"), b.find("ind")
    assert (fa.actual, fa.raw, fa.value, fa.status) == (fb.actual, fb.raw, fb.value, fb.status)
    assert a.value == b.value
    for pa, pb in zip(a.by_party, b.by_party, strict=True):
        assert a.find("ind", pa).actual == b.find("ind", pb).actual


def test_coverage_is_0_without_data_and_1_with_nothing_missing() -> None:
    reached = {"no data": 0, "complete": 0}

    # derandomized: the same examples every run, so the floors below are facts, not luck
    @settings(max_examples=150, deadline=None, derandomize=True)
    @given(st.lists(count_indicators(), min_size=1, max_size=3), st.data(), as_of_dates)
    def holds(inds: list[Indicator], data: st.DataObject, as_of: dt.date) -> None:
        inds = [attrs.evolve(ind, id=f"i{k}") for k, ind in enumerate(inds)]
        observations: tuple[Observation, ...] = ()
        for ind in inds:
            observations += tuple(
                attrs.evolve(o, id=f"{ind.id}-{o.id}") for o in data.draw(observation_sets(ind.id))
            )
        report = progress(make_plan(tuple(inds), observations), as_of=as_of)
        if not any(o.on <= as_of for o in observations):
            assert report.coverage == 0
        for area in report.children:
            for f in area.children:
                if not f.observations:
                    reached["no data"] += 1
                    assert f.coverage == 0
                elif not f.missing and not f.missing_periods:
                    # every declared reporter has a value in its latest period due
                    reached["complete"] += 1
                    assert f.coverage == 1

    holds()
    # the property must keep reaching both of its assertions
    # the hand cases (test_count_sum_of_the_latest_value_per_region, test_recompute) pin the
    # values; the property must reach both assertions, how often depends on the strategies the
    # process has registered (12 to 24 complete cases seen in runs of one file or of all)
    assert reached["no data"] >= 1, reached
    assert reached["complete"] >= 1, reached


# -- the strategies --------------------------------------------------------------------


@given(monitoring_plans())
def test_drawn_plans_round_trip(plan: MonitoringPlan) -> None:
    assert from_json(to_json(plan), MonitoringPlan) == plan


@given(progress_reports())
def test_drawn_reports_round_trip_and_stay_clamped(report: ProgressReport) -> None:
    assert from_json(to_json(report), ProgressReport) == report
    for tree in (report.total, *report.by_party, *report.by_region):
        for f in tree.walk():
            assert f.value is None or 0 <= f.value <= 1
            assert 0 <= f.coverage <= 1
            assert f.explain()


@given(st.tuples(values(), periods(), ordinal_scales(), tolerances()))
def test_drawn_parts_round_trip(parts: tuple[object, ...]) -> None:
    for part in parts:
        assert from_json(to_json(part), type(part)) == part


# -- regional rules, edge cases ------------------------------------------------------------


def test_a_zero_sum_baseline_applies_to_every_region_inside() -> None:
    ind = indicator(
        targets=(Target(Value.of(40), END, "35.07"), Target(Value.of(60), END, "63.71")),
    )
    report = progress(make_plan((ind,), (obs("35.07", MID, 10), obs("63.71", MID, 30))), as_of=MID)
    regions = {f.key: report.find("ind", f) for f in report.by_region}
    assert regions["35.07"].baseline == 0
    assert regions["35.07"].raw == Dec("0.25")
    assert regions["63.71"].raw == Dec("0.5")
    # no baseline is stated: the whole plan's sum of 0 (the default) holds in every region
    zero = regions["35.07"].baseline_rule
    assert isinstance(zero, Rule)
    assert (zero.of, zero.kind) == (RuleOf.BASELINE, RuleKind.ZERO_AROUND)
    whole = report.find("ind")
    assert (whole.target, whole.raw) == (Dec(100), Dec("0.4"))


def test_summed_targets_need_the_same_dates() -> None:
    ind = indicator(
        targets=(Target(Value.of(40), END, "35"), Target(Value.of(60), MID, "63")),
    )
    f = figure(ind, (obs("35.07", MID, 10),))
    assert f.status is ProgressStatus.NO_TARGET
    assert f.actual == 10
    assert f.target_rule == Rule(RuleOf.TARGET, RuleKind.DIFFERENT_DATES)
    assert "state their target for different dates" in f.explain()
    assert "menetapkan target untuk tanggal yang berbeda" in f.explain("id")


def test_find_by_kind() -> None:
    report = progress(regional_plan(), as_of=MID)
    party = report.find("kalsel", kind=FigureKind.PARTY, tree=report.by_party[0])
    assert party.kind is FigureKind.PARTY
    with pytest.raises(ValidationError):
        report.find("kalsel", kind=FigureKind.INDICATOR)


def test_a_district_breakdown() -> None:
    ind = indicator(level=Level.VILLAGE, targets=(Target(Value.of(10), END, "35.07.01"),))
    observations = (
        obs("35.07.01.2001", MID, 3),
        obs("35.07.01.2002", MID, 2),
        obs("35.07.02.2001", MID, 4),
    )
    report = progress(make_plan((ind,), observations), as_of=MID, region_level=Level.DISTRICT)
    districts = {f.key: report.find("ind", f) for f in report.by_region}
    assert districts["35.07.01"].raw == Dec("0.5")
    assert districts["35.07.02"].status is ProgressStatus.NO_TARGET
    assert report.find("ind").actual == 9


def test_every_figure_is_written_in_plain_notation() -> None:
    tiny = indicator(
        "tiny",
        measure=Measure.AMOUNT,
        baselines=(Baseline(Value.of(0), START),),
        targets=(Target(Value.of(5_000_000_000), END),),
    )
    half = indicator(
        "half",
        area=ScopeArea.BUM_DESA,
        measure=Measure.PERCENTAGE,
        aggregation=Aggregation.RATIO,
        baselines=(Baseline(Value.of(0), START),),
        targets=(Target(Value.of(Dec("0.5")), END),),
    )
    thirds = tuple(indicator(f"t{i}", area=ScopeArea.GOVERNANCE) for i in range(3))
    observations = (
        obs("35.07", MID, 1000, "tiny"),
        obs("35.07", MID, Value.ratio(1, 1), "half"),
        obs("35.07", MID, 0, "t0"),
    )
    report = progress(make_plan((tiny, half, *thirds), observations), as_of=MID)
    assert report.find("tiny").raw == Dec("0.0000002")  # 1000 / 5e9, kept exact
    assert report.find("half").raw == 200  # 100 / 0.5, not 2E+2
    assert report.find(ScopeArea.GOVERNANCE.value).value == 0
    text = to_json(report)
    assert "E-" not in text
    assert "E+" not in text
    assert from_json(text, ProgressReport) == report


def test_a_missing_reporting_period_lowers_coverage_and_is_not_imputed() -> None:
    ind = indicator(
        time=TimeBehaviour.PER_PERIOD,
        targets=(Target(Value.of(600), D(2022, 12, 31)),),
    )
    q = {1: (D(2022, 1, 1), D(2022, 3, 31)), 2: (D(2022, 4, 1), D(2022, 6, 30))}
    q[3] = (D(2022, 7, 1), D(2022, 9, 30))
    observations = (
        obs("35.07", q[1][1], 100, period_start=q[1][0]),
        obs("35.07", q[3][1], 100, period_start=q[3][0]),  # the second quarter is missing
        obs("63.71", q[1][1], 50, period_start=q[1][0]),
        obs("63.71", q[2][1], 50, period_start=q[2][0]),
        obs("63.71", q[3][1], 50, period_start=q[3][0]),
    )
    # plan frequency: quarterly; on 1 October Q3 is past its deadline (none is set)
    f = figure(ind, observations, as_of=D(2022, 10, 1))
    assert f.actual == 350  # what was reported, nothing made up for the gap
    assert (f.periods_due, f.periods_reported) == (6, 5)
    assert f.coverage == Dec(5) / Dec(6)
    assert f.missing_periods == ("35.07 2022Q2",)
    assert f.raw == Dec(350) / Dec(600)  # measured
    # the projection is apart: 35.07 at its pace, (100 + 100) / 2 a quarter, fills Q2
    assert (f.projected, f.projected_value) == (Dec(450), Dec("0.75"))
    assert "5 of 6" in f.explain()
    assert "projected, not measured" in f.explain()
    # on 30 September Q3 ends that day: not due yet, so 3 of 4 region-quarters are due
    early = figure(ind, observations, as_of=D(2022, 9, 30))
    assert (early.periods_due, early.periods_reported) == (4, 3)
    area = progress(make_plan((ind,), observations), as_of=D(2022, 10, 1)).find("cadres")
    assert area.coverage == Dec(5) / Dec(6)
    assert area.value == f.value


# -- shape --------------------------------------------------------------------------------


def test_dead_code_is_gone() -> None:
    # the old ``label`` property (always Indonesian) is now a method taking the language
    assert not isinstance(ProgressFigure.__dict__["label"], property)
    assert not hasattr(MonitoringPlan, "region_name")
    import importlib.util

    assert importlib.util.find_spec("desacoop.progress") is None  # the engine is desacoop.rollup


def test_tolerances_take_numbers_from_notebooks() -> None:
    assert Tolerance(on_track=0.9, at_risk=0.7) == Tolerance(Dec("0.9"), Dec("0.7"))
    with pytest.raises(ValidationError):
        Tolerance(on_track=float("nan"))
    with pytest.raises(ValidationError):
        Tolerance(on_track="0.9")

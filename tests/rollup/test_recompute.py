"""Issue 18: progress a reader can recompute. Each wrong answer the issue found, as a
hand-computed case with its arithmetic in comments; then the boundaries.

Unless said: the example agreement (Kalsel 63, Jatim 35), window 2022-01-01..2024-12-31,
quarterly reporting without a deadline (a quarter is due the day after it ends), baseline 0
on 2022-01-01, target 200 by 2024-01-01, read on 2023-01-01 (expected 0.5).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from desacoop.errors import ValidationError
from desacoop.monitoring import (
    Aggregation,
    AreaWeight,
    Baseline,
    Direction,
    Frequency,
    Measure,
    Observation,
    Target,
    TimeBehaviour,
    Value,
)
from desacoop.regions import Level
from desacoop.rollup import (
    DataFinding,
    DataFindingKind,
    HeldBack,
    ProgressStatus,
    Rule,
    RuleKind,
    progress,
)
from desacoop.scope import ScopeArea

from .builders import END, MID, START, D, Dec, figure, indicator, make_plan, obs

S = ProgressStatus


def quarter(n: int, year: int = 2022) -> tuple[dt.date, dt.date]:
    starts = {1: (1, 1), 2: (4, 1), 3: (7, 1), 4: (10, 1)}
    ends = {1: (3, 31), 2: (6, 30), 3: (9, 30), 4: (12, 31)}
    return D(year, *starts[n]), D(year, *ends[n])


def per_quarter(region: str, n: int, amount: int, year: int = 2022, **kw: Any) -> Observation:
    first, last = quarter(n, year)
    return obs(region, last, amount, period_start=first, **kw)


# -- 1. the headline is measured; 2. a projection is a second, labelled number ------------


def test_one_quarter_toward_a_past_final_date_is_overdue_not_projected_on_track() -> None:
    ind = indicator(
        time=TimeBehaviour.PER_PERIOD, targets=(Target(Value.of(400), D(2023, 12, 31)),)
    )
    values = (per_quarter("35.07", 4, 100, 2023),)
    f = figure(ind, values, as_of=D(2024, 3, 31))
    # measured: (100 − 0) / (400 − 0) = 0.25; the final date has passed without the target
    assert (f.actual, f.raw, f.value) == (Dec(100), Dec("0.25"), Dec("0.25"))
    assert f.status is S.OVERDUE
    # due: 2022Q1..2023Q4 (2024Q1 ends on the report date) = 8 quarters, 1 reported; the
    # projection fills the 7 missing quarters (all before the final date) at 100 a quarter:
    # 100 + 7 × 100 = 800, never a quarter after 2023-12-31
    assert (f.periods_due, f.periods_reported) == (8, 1)
    assert (f.projected, f.projected_value) == (Dec(800), Dec(1))


def test_a_quarter_before_its_deadline_is_neither_due_nor_projected() -> None:
    ind = indicator(
        time=TimeBehaviour.PER_PERIOD, targets=(Target(Value.of(400), D(2022, 12, 31)),)
    )
    plan = make_plan((ind,), (per_quarter("35.07", 1, 150),), deadline_days=30)
    f = progress(plan, as_of=D(2022, 6, 30)).find("ind")
    # Q1's deadline (30 April) has passed, Q2's (30 July) has not: only Q1 is due
    assert (f.periods_due, f.periods_reported, f.missing_periods) == (1, 1, ())
    # measured 150 / 400 = 0.375 against 180/364 = 0.4945 expected: 0.758 of it, at risk
    assert f.raw == Dec("0.375")
    assert f.expected == Dec(180) / Dec(364)
    assert f.status is S.AT_RISK
    assert f.projected is None  # Q2 is not past its deadline: nothing is projected


def test_every_indicator_of_the_bundled_report_is_recomputable() -> None:
    from desacoop.example import example_plan

    checked = 0
    for as_of in (D(2024, 12, 31), D(2025, 3, 31)):
        report = progress(example_plan(), as_of=as_of)
        trees = (report.total, *report.by_party, *report.by_region)
        for f in (f for tree in trees for f in tree.walk() if f.raw is not None):
            assert f.actual is not None
            assert f.baseline is not None
            assert f.target is not None
            if f.target != f.baseline:
                assert f.raw == (f.actual - f.baseline) / (f.target - f.baseline)
            checked += 1
    assert checked > 50


def test_the_bundled_trained_officials_are_2451_of_3000() -> None:
    from desacoop.example import example_plan

    f = progress(example_plan(), as_of=D(2024, 12, 31)).find("aparatur-terlatih")
    # 2,451 trained against 3,000 (Kalsel 600 + Jatim 2,400) from 0: 81.7 %, not the 98 %
    # the old projection printed
    assert (f.actual, f.target, f.baseline) == (Dec(2451), Dec(3000), Dec(0))
    assert f.value == Dec(2451) / Dec(3000)


# -- 3. status on measured values; 4. every child that is not good holds its parents back -----


def test_an_achieved_indicator_beside_a_silent_one_is_not_good_anywhere_above() -> None:
    done = indicator("done")
    silent = indicator("silent", reporters=("35.07",))
    report = progress(make_plan((done, silent), (obs("35.07", D(2022, 12, 31), 200, "done"),)), MID)
    assert report.find("done").status is S.ACHIEVED  # 200 of 200
    assert report.find("silent").status is S.NO_DATA
    area = report.find("cadres")
    # the area's value is done's alone (1.0; silence is not zero), but silent holds it back
    assert area.value == 1
    assert area.status is S.INCOMPLETE
    assert area.held_back == (HeldBack("silent", S.NO_DATA),)
    assert report.status is S.INCOMPLETE
    (held,) = report.total.held_back
    assert held == HeldBack("cadres", S.INCOMPLETE, HeldBack("silent", S.NO_DATA))
    assert isinstance(held, HeldBack)
    assert held.explain() == "cadres: incomplete data (silent: no data)"
    assert held.explain("id") == "cadres: data belum lengkap (silent: belum ada data)"
    for party in report.by_party:
        assert party.status not in (S.ACHIEVED, S.ON_TRACK)


def test_a_province_behind_holds_back_the_joint_figure() -> None:
    ind = indicator(
        level=Level.REGENCY,
        targets=(Target(Value.of(100), END, "63"), Target(Value.of(200), END, "35")),
    )
    values = (obs("63.01", MID, 100), obs("35.07", MID, 40))
    report = progress(make_plan((ind,), values), as_of=MID)
    f = report.find("ind")
    # joint: 140 / 300 = 0.467 against 0.5 expected: 0.93 of it, on track on its own;
    # Jatim: 40 / 200 = 0.2 of 0.5, off track; Kalsel 100 / 100 achieved
    assert f.raw == Dec(140) / Dec(300)
    assert f.status is S.AT_RISK
    assert f.held_back == (HeldBack("35", S.OFF_TRACK),)


def test_a_weight_0_indicator_counts_for_nothing() -> None:
    good = indicator("good")
    shown = indicator("shown", weight=Dec(0))  # off track, but weight 0
    values = (obs("35.07", D(2022, 12, 31), 100, "good"), obs("35.07", D(2022, 12, 31), 1, "shown"))
    report = progress(make_plan((good, shown), values), as_of=MID)
    assert report.find("shown").status is S.OFF_TRACK  # 1 / 200 = 0.005 of 0.5
    area = report.find("cadres")
    assert (area.value, area.status, area.held_back) == (Dec("0.5"), S.ON_TRACK, ())
    only = progress(make_plan((shown,), values[1:]), as_of=MID).find("cadres")
    assert (only.value, only.status) == (None, S.NOT_SCORED)


def test_behind_with_a_silent_reporter_is_incomplete() -> None:
    ind = indicator(reporters=("35.07", "35.10"))
    f = figure(ind, (obs("35.07", D(2022, 12, 31), 20),))
    # measured 20 / 200 = 0.1 of 0.5 expected (off track on the data received), but 35.10 has
    # not reported: incomplete, the silent reporter named
    assert f.raw == Dec("0.1")
    assert (f.status, f.missing) == (S.INCOMPLETE, ("35.10",))


def test_a_decreasing_sum_with_a_silent_reporter_is_incomplete_even_when_reached() -> None:
    ind = indicator(
        direction=Direction.DECREASE,
        baselines=(Baseline(Value.of(100), START),),
        targets=(Target(Value.of(60), END),),
        reporters=("35.07", "35.10"),
    )
    f = figure(ind, (obs("35.07", D(2022, 12, 31), 50),))
    # (50 − 100) / (60 − 100) = 1.25: reached on the data received, yet 35.10's value would
    # raise the sum: incomplete, never achieved
    assert f.raw == Dec("1.25")
    assert f.status is S.INCOMPLETE


# -- a silent region counts one way: left out of the actual and the target alike ------------


@pytest.mark.parametrize("silent_target", [40, 4])
def test_a_silent_region_leaves_a_mean_alone(silent_target: int) -> None:
    ind = indicator(
        aggregation=Aggregation.MEAN,
        targets=(
            Target(Value.of(20), END, "63.01"),
            Target(Value.of(silent_target), END, "63.02"),
        ),
        party="kalsel",
    )
    f = figure(ind, (obs("63.01", D(2022, 12, 31), 10),))
    # 63.01 alone: actual 10 against its target 20: 0.5, whatever 63.02's target is
    assert (f.actual, f.target, f.raw) == (Dec(10), Dec(20), Dec("0.5"))
    assert f.missing == ("63.02",)
    assert f.status is S.INCOMPLETE  # 0.5 of 0.5 is on track on the data, but 63.02 is silent


def test_a_minimum_compares_each_region_with_its_own_target() -> None:
    ind = indicator(
        aggregation=Aggregation.MIN,
        targets=(Target(Value.of(80), END, "35.07"), Target(Value.of(50), END, "35.10")),
        party="jatim",
    )
    values = (obs("35.07", D(2022, 12, 31), 40), obs("35.10", D(2022, 12, 31), 50))
    f = figure(ind, values)
    # 35.07: 40 / 80 = 0.5; 35.10: 50 / 50 = 1: the lowest is 35.07's own 0.5, printed with
    # its own actual and target (not 40 / 50 = 0.8, two regions' numbers mixed)
    assert (f.actual, f.target, f.baseline, f.raw) == (Dec(40), Dec(80), Dec(0), Dec("0.5"))
    assert isinstance(f.actual_rule, Rule)
    assert (f.actual_rule.kind, str(f.actual_rule.region), f.actual_rule.number) == (
        RuleKind.EXTREME,
        "35.07",
        Dec(40),
    )


def test_a_sum_keeps_the_whole_target_and_names_the_silent_region() -> None:
    ind = indicator(
        targets=(Target(Value.of(100), END, "35.07"), Target(Value.of(100), END, "35.10"))
    )
    f = figure(ind, (obs("35.07", D(2022, 12, 31), 100),))
    # received 100 of the whole 200: 0.5 (35.10 is not counted as reporting, nor as zero:
    # it is named)
    assert (f.actual, f.target, f.raw, f.missing) == (Dec(100), Dec(200), Dec("0.5"), ("35.10",))
    assert f.status is S.INCOMPLETE


# -- 5. coverage counts what was expected ---------------------------------------------


def test_a_complete_one_indicator_plan_reads_all_data_received() -> None:
    report = progress(make_plan((indicator(),), (obs("35.07", D(2022, 12, 31), 100),)), MID)
    # 15 of the 16 areas have no indicator: they expect nothing and count for nothing
    assert report.coverage == 1
    assert sum(1 for a in report.children if a.status is S.NOT_SCORED) == 15


def test_an_old_value_does_not_hide_a_missing_latest_period() -> None:
    ind = indicator(reporters=("35.07", "35.10"))
    values = (obs("35.07", D(2022, 12, 31), 100), obs("35.10", D(2022, 6, 30), 100))
    f = figure(ind, values)
    # 35.10's latest value is from 2022Q2; 2022Q4 is due: it is missing there, its old
    # value still the latest known (200 measured), coverage 1 of 2
    assert f.actual == 200
    assert f.missing_periods == ("35.10 2022Q4",)
    assert f.coverage == Dec("0.5")
    assert f.status is S.INCOMPLETE


def test_declared_regions_without_data_count_in_the_periods_due() -> None:
    ind = indicator(time=TimeBehaviour.PER_PERIOD, reporters=("35.07", "35.10"))
    values = tuple(per_quarter("35.07", n, 10) for n in (1, 2, 3, 4))
    f = figure(ind, values)
    # 2 declared regions × 4 quarters due = 8; 35.07 reported 4, 35.10 none: 4 of 8
    assert (f.periods_due, f.periods_reported, f.coverage) == (8, 4, Dec("0.5"))


# -- 6. findings for every value not used ---------------------------------------------------


def test_values_before_the_baseline_are_findings() -> None:
    signed = D(2022, 4, 13)
    cumulative = indicator("cum", baselines=(Baseline(Value.of(0), signed),))
    per_period = indicator(
        "per", time=TimeBehaviour.PER_PERIOD, baselines=(Baseline(Value.of(0), signed),)
    )
    values = (
        obs("35.07", D(2022, 3, 31), 60, "cum", id="cum-early"),
        obs("35.07", D(2022, 3, 31), 60, "per", id="per-early", period_start=D(2022, 1, 1)),
    )
    report = progress(make_plan((cumulative, per_period), values), as_of=MID)
    assert report.find("cum").actual is None  # 60 on 31 March is the state before 13 April
    assert report.find("per").actual is None
    kinds = {(x.kind, x.observation, x.on) for x in report.findings if isinstance(x, DataFinding)}
    assert kinds == {
        (DataFindingKind.BEFORE_BASELINE, "cum-early", signed),
        (DataFindingKind.BY_BASELINE, "per-early", signed),
    }
    assert len(report.findings) == 2


def test_a_cumulative_value_with_a_period_start_is_no_second_value() -> None:
    ind = indicator()
    values = (
        obs("35.07", D(2022, 12, 31), 10, id="a"),
        obs("35.07", D(2022, 12, 31), 20, id="b", period_start=D(2022, 10, 1)),
    )
    with pytest.raises(ValidationError, match="a second observation"):
        make_plan((ind,), values)


def test_a_value_covering_part_of_a_period_reports_that_part_only() -> None:
    ind = indicator(
        time=TimeBehaviour.PER_PERIOD, targets=(Target(Value.of(100), D(2022, 12, 31)),)
    )
    plan = make_plan((ind,), (per_quarter("35.07", 1, 40),), frequency=Frequency.SEMESTER)
    report = progress(plan, as_of=D(2022, 7, 15))
    f = report.find("ind")
    # 2022S1 (Jan–Jun) is due; the Q1 value covers half of it: the 40 counts, the semester
    # is missing, and it is said
    assert (f.actual, f.periods_due, f.periods_reported) == (Dec(40), 1, 0)
    assert f.missing_periods == ("35.07 2022S1",)
    (part,) = report.findings
    assert isinstance(part, DataFinding)
    assert (part.kind, part.period, part.first, part.last) == (
        DataFindingKind.PARTIAL_PERIOD,
        "2022S1",
        D(2022, 1, 1),
        D(2022, 6, 30),
    )
    assert "only part of 2022S1" in part.explain()
    assert "hanya mencakup sebagian 2022S1" in part.explain("id")
    # 40 / 100 = 0.4 against 195/364 = 0.536: 0.75 of it, behind with data missing
    assert f.status is S.INCOMPLETE


def test_a_late_correction_of_an_on_time_report_is_not_late() -> None:
    ind = indicator(time=TimeBehaviour.PER_PERIOD)
    first, last = quarter(1)
    values = (
        obs("35.07", last, 10, id="q1", period_start=first, recorded_on=D(2022, 4, 20)),
        obs(
            "35.07",
            last,
            12,
            id="q1-fix",
            period_start=first,
            supersedes="q1",
            recorded_on=D(2022, 9, 10),
        ),
        obs("35.10", last, 10, id="q1-late", period_start=first, recorded_on=D(2022, 5, 2)),
    )
    report = progress(make_plan((ind,), values, deadline_days=30), as_of=MID)
    # Q1's deadline: 31 March + 30 days = 30 April. q1 was on time, so its September
    # correction is no late report; q1-late came on 2 May
    assert report.find("ind").late == ("q1-late",)


# -- 7. exact arithmetic; 8. shares validated -------------------------------------------------


def test_sums_past_28_digits_are_compared_exactly() -> None:
    big = 10**28
    ind = indicator(
        measure=Measure.AMOUNT,
        unit="rupiah",
        targets=(Target(Value.of(Decimal(big + 7)), END),),
        reporters=("35.07", "35.10"),
    )
    values = (
        obs("35.07", D(2022, 12, 31), Value.of(Decimal(big))),
        obs("35.10", D(2022, 12, 31), 6),
    )
    f = figure(ind, values, as_of=D(2024, 1, 2))
    assert f.actual == Decimal(big + 6)  # exact, not 1.000000000000000000000000000E+28
    assert f.status is S.OVERDUE  # 10**28 + 6 < 10**28 + 7: not reached


def test_a_percentage_above_100_is_refused() -> None:
    with pytest.raises(ValidationError, match="between 0 and 100"):
        indicator(
            measure=Measure.PERCENTAGE,
            aggregation=Aggregation.RATIO,
            targets=(Target(Value.of(800), END),),
        )
    ind = indicator(
        measure=Measure.PERCENTAGE,
        aggregation=Aggregation.RATIO,
        targets=(Target(Value.of(80), END),),
    )
    with pytest.raises(ValidationError, match="at most 100 %"):
        make_plan((ind,), (obs("35.07", MID, Value.ratio(180, 150)),))


def test_a_percentage_target_that_looks_like_a_fraction_is_a_finding() -> None:
    ind = indicator(
        measure=Measure.PERCENTAGE,
        aggregation=Aggregation.RATIO,
        targets=(Target(Value.of("0.8"), END),),
    )
    report = progress(make_plan((ind,), (obs("35.07", MID, Value.ratio(30, 100)),)), MID)
    (finding,) = report.findings
    assert isinstance(finding, DataFinding)
    assert (finding.kind, finding.number, finding.on) == (
        DataFindingKind.FRACTION_TARGET,
        Decimal("0.8"),
        END,
    )
    assert "0.80%" in finding.explain()
    assert "0,80%" in finding.explain("id")


# -- 9. holding back by the real gain ------------------------------------------------------


def test_the_gain_is_the_overall_figure_recomputed() -> None:
    a = indicator("a")
    b = indicator("b", area=ScopeArea.BUM_DESA)
    values = (obs("35.07", D(2022, 12, 31), 20, "a"), obs("35.07", D(2022, 12, 31), 100, "b"))
    plan = make_plan((a, b), values, area_weights=(AreaWeight(ScopeArea.CADRES, Dec(3)),))
    report = progress(plan, as_of=MID)
    # now: (3 × 0.1 + 1 × 0.5) / 4 = 0.2; a at 0.5: (3 × 0.5 + 0.5) / 4 = 0.5, +0.3;
    # b is at its expected 0.5: no gain
    assert report.value == Dec("0.2")
    ((figure_a, gain),) = report.holding_back()
    assert (figure_a.key, gain) == ("a", Dec("0.3"))


# -- the boundaries a hand-made bug slipped past ------------------------------------------


@pytest.mark.parametrize(("recorded_on", "late"), [(D(2022, 4, 30), False), (D(2022, 5, 1), True)])
def test_lateness_on_the_deadline_day(recorded_on: dt.date, late: bool) -> None:
    first, last = quarter(1)
    ind = indicator(time=TimeBehaviour.PER_PERIOD)
    values = (obs("35.07", last, 10, id="q1", period_start=first, recorded_on=recorded_on),)
    report = progress(make_plan((ind,), values, deadline_days=30), as_of=MID)
    # 31 March + 30 days = 30 April: recorded that day is on time, the next day late
    assert (report.find("ind").late == ("q1",)) is late


@pytest.mark.parametrize(
    ("as_of", "status"), [(END, S.AT_RISK), (END + dt.timedelta(days=1), S.OVERDUE)]
)
def test_overdue_only_after_the_final_date(as_of: dt.date, status: ProgressStatus) -> None:
    values = (obs("35.07", as_of - dt.timedelta(days=1), 160),)
    # 160 / 200 = 0.8 against 1 expected: at risk on the final date, overdue the day after
    assert figure(indicator(), values, as_of=as_of).status is status

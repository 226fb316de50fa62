"""Issue 18, point 4, as properties over drawn plans: no figure is good while a counted
descendant is not; every indicator's progress is (actual − baseline) / (target − baseline)
of its own actual, baseline and target; the order of the input changes nothing.

Each property counts how often its assertion ran and fails below a floor, so a property
whose examples stop reaching their assertions fails instead of passing silently.
"""

from __future__ import annotations

import datetime as dt
import random

import attrs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desacoop.example import example_plan
from desacoop.monitoring import MonitoringPlan
from desacoop.rollup import ProgressFigure, ProgressReport, progress
from desacoop.rollup._figures import GOOD
from desacoop.rollup._judge import BAD, counted
from desacoop.strategies import monitoring_plans

from .builders import D

#: Drawn plans, and the bundled plan (whose indicators all have data and targets) on drawn
#: dates, so that every property meets figures with values often.
PLANS = st.one_of(st.just(example_plan()), monitoring_plans())

EXAMPLES = settings(
    max_examples=50,
    derandomize=True,  # the same examples every run: the floors below are facts, not luck
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _reports(plan: MonitoringPlan, as_of: dt.date) -> ProgressReport:
    return progress(plan, as_of=as_of)


def _trees(report: ProgressReport) -> tuple[ProgressFigure, ...]:
    return (report.total, *report.by_party, *report.by_region)


def _descendants(f: ProgressFigure) -> list[ProgressFigure]:
    """Every counted descendant (weight-0 branches count for nothing)."""
    found = []
    for child in counted(f.children):
        found.append(child)
        found.extend(_descendants(child))
    return found


def test_no_figure_is_good_while_a_counted_descendant_is_not() -> None:
    checked = {"good parents": 0, "bad children": 0}

    @EXAMPLES
    @given(PLANS, st.dates(D(2022, 1, 1), D(2026, 1, 1)))
    def holds(plan: MonitoringPlan, as_of: dt.date) -> None:
        report = _reports(plan, as_of)
        for tree in _trees(report):
            for f in tree.walk():
                below = _descendants(f)
                if any(c.status in BAD for c in below):
                    checked["bad children"] += 1
                    assert f.status not in GOOD, (f.key, f.status, [c.key for c in below])
                if f.status in GOOD:
                    checked["good parents"] += 1

    holds()
    assert checked["bad children"] >= 20, checked
    assert checked["good parents"] >= 3, checked


def test_every_indicator_is_recomputable_from_its_own_numbers() -> None:
    checked = 0

    @EXAMPLES
    @given(PLANS, st.dates(D(2022, 1, 1), D(2026, 1, 1)))
    def holds(plan: MonitoringPlan, as_of: dt.date) -> None:
        nonlocal checked
        for tree in _trees(_reports(plan, as_of)):
            for f in tree.walk():
                if f.raw is None:
                    continue
                assert f.actual is not None
                assert f.baseline is not None
                assert f.target is not None
                if f.target != f.baseline:
                    assert f.raw == (f.actual - f.baseline) / (f.target - f.baseline)
                    checked += 1
                assert f.value == min(max(f.raw, 0), 1)

    holds()
    assert checked >= 20


def test_the_order_of_the_input_changes_nothing() -> None:
    checked = 0

    @EXAMPLES
    @given(PLANS, st.dates(D(2022, 1, 1), D(2026, 1, 1)), st.randoms())
    def holds(plan: MonitoringPlan, as_of: dt.date, rnd: random.Random) -> None:
        nonlocal checked
        # the observations in any order, and each indicator's targets and baselines too (the
        # order of the indicators is the order the report lists them in)
        observations = list(plan.observations)
        rnd.shuffle(observations)
        indicators = [
            attrs.evolve(
                ind,
                targets=tuple(rnd.sample(ind.targets, len(ind.targets))),
                baselines=tuple(rnd.sample(ind.baselines, len(ind.baselines))),
            )
            for ind in plan.indicators
        ]
        shuffled = attrs.evolve(
            plan, observations=tuple(observations), indicators=tuple(indicators)
        )
        a, b = _reports(plan, as_of), _reports(shuffled, as_of)
        assert a.total == b.total
        assert a.by_party == b.by_party
        assert a.by_region == b.by_region
        assert sorted(a.findings, key=repr) == sorted(b.findings, key=repr)
        if plan.observations:
            checked += 1

    holds()
    assert checked >= 8

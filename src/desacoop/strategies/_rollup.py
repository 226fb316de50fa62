"""Progress reports and their parts; the only module here that imports the progress engine
(so a change to the shape of its figures is adapted in one place)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from desacoop.monitoring import Aggregation
from desacoop.regions import Level
from desacoop.rollup import (
    DataFinding,
    DataFindingKind,
    HeldBack,
    MilestoneState,
    ProgressFigure,
    ProgressReport,
    ProgressStatus,
    Rule,
    RuleKind,
    RuleOf,
    Tolerance,
    progress,
)
from desacoop.strategies._common import amounts, dates, identifiers, inside
from desacoop.strategies._monitoring import monitoring_plans, periods
from desacoop.strategies._regions import region_codes

__all__ = ["STRATEGIES", "progress_reports", "tolerances"]


def tolerances() -> st.SearchStrategy[Tolerance]:
    """Status thresholds with at-risk ≤ on-track, both in [0, 1]."""
    share = st.integers(0, 100).map(lambda n: Decimal(n) / 100)
    return st.tuples(share, share).map(lambda p: Tolerance(max(p), min(p)))


@st.composite
def progress_reports(draw: st.DrawFn) -> ProgressReport:
    """Reports of drawn plans as of a drawn date, some as recorded on an earlier date."""
    plan = draw(monitoring_plans())
    as_of = draw(dates(dt.date(2021, 6, 1), dt.date(2025, 12, 31)))
    recorded_on = draw(st.none() | dates(dt.date(2021, 6, 1), dt.date(2025, 12, 31)))
    level = draw(st.none() | st.sampled_from(list(Level)))
    return progress(
        plan, as_of=as_of, recorded_on=recorded_on, tolerance=draw(tolerances()), region_level=level
    )


def _data_findings() -> st.SearchStrategy[DataFinding]:
    """Findings of every kind, with or without each fact the kinds speak of (drawn plans
    seldom give the engine one to find)."""
    return st.builds(
        DataFinding,
        kind=st.sampled_from(list(DataFindingKind)),
        indicator=identifiers(),
        observation=st.none() | identifiers(),
        region=st.none() | region_codes(),
        first=st.none() | dates(),
        last=st.none() | dates(),
        window=st.none() | periods(),
        on=st.none() | dates(),
        period=st.none() | st.sampled_from(["2024Q3", "2024S1", "2024", "2024-03"]),
        number=st.none() | amounts(),
    )


def _held_backs() -> st.SearchStrategy[HeldBack]:
    """Reasons a figure is held back, each with up to three reasons below it."""
    leaf = st.builds(HeldBack, key=identifiers(), status=st.sampled_from(list(ProgressStatus)))
    return st.recursive(
        leaf,
        lambda below: st.builds(
            HeldBack,
            key=identifiers(),
            status=st.sampled_from(list(ProgressStatus)),
            because=below,
            more=st.integers(0, 5),
        ),
        max_leaves=3,
    )


def _rules() -> st.SearchStrategy[Rule]:
    """How an actual, a baseline or a target was obtained, of every kind."""
    return st.builds(
        Rule,
        of=st.sampled_from(list(RuleOf)),
        kind=st.sampled_from(list(RuleKind)),
        count=st.none() | st.integers(0, 50),
        aggregation=st.none() | st.sampled_from(list(Aggregation)),
        cumulative=st.none() | st.booleans(),
        region=st.none() | region_codes(),
        regions=st.lists(region_codes(), max_size=8).map(tuple),
        number=st.none() | amounts(),
        apart=st.booleans(),
    )


#: A strategy for every public class of the area (the catalogue's entries). Figures and
#: milestone states are only valid where a report puts them, so they are drawn from reports.
STRATEGIES: dict[type, Callable[[], st.SearchStrategy[Any]]] = {
    DataFinding: _data_findings,
    HeldBack: _held_backs,
    Rule: _rules,
    MilestoneState: lambda: inside(progress_reports(), MilestoneState),
    ProgressFigure: lambda: inside(progress_reports(), ProgressFigure),
    ProgressReport: progress_reports,
    Tolerance: tolerances,
}

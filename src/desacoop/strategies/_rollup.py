"""Progress reports and their parts; the only module here that imports the progress engine
(so a change to the shape of its figures is adapted in one place)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from desacoop.regions import Level
from desacoop.rollup import MilestoneState, ProgressFigure, ProgressReport, Tolerance, progress
from desacoop.strategies._common import dates, inside
from desacoop.strategies._monitoring import monitoring_plans

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


#: A strategy for every public class of the area (the catalogue's entries). Figures and
#: milestone states are only valid where a report puts them, so they are drawn from reports.
STRATEGIES: dict[type, Callable[[], st.SearchStrategy[Any]]] = {
    MilestoneState: lambda: inside(progress_reports(), MilestoneState),
    ProgressFigure: lambda: inside(progress_reports(), ProgressFigure),
    ProgressReport: progress_reports,
    Tolerance: tolerances,
}

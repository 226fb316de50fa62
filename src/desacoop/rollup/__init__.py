"""How far an agreement has come, as of a date: the progress engine.

:func:`progress` turns a :class:`~desacoop.monitoring.MonitoringPlan` into a
:class:`ProgressReport`: a tree agreement → scope commitment → indicator, the same tree per
party (its region: a province, regency or city), and per region at a chosen level. Every
node is a :class:`ProgressFigure` with ``value`` (clamped to [0, 1]), ``raw``, ``expected``,
``status``, ``coverage`` and ``children``, and :meth:`ProgressFigure.explain` says where
the figure comes from.

The rules (``docs/progress.md`` has the long form):

- Indicator progress is *measured*: (actual − baseline) / (target − baseline) of the data
  received, against the governing target (the first target due on or after the date; after
  the last, the last), so every figure can be recomputed from the actual, baseline and target
  printed beside it. The same formula is right for decreasing indicators. ``raw`` may leave
  [0, 1]; ``value`` is clamped and is what roll-ups use. A projection at the pace reported is
  a second, labelled number (``projected``, ``projected_value``), never a status input.
- Expected progress follows the schedule: the planned value moves linearly from the baseline
  (on the baseline date) to each target (on its date), and is then read against the
  governing target.
- Status: on track when value ≥ 85 % of expected, at risk from 60 %, off track below
  (both thresholds settable with :class:`Tolerance`); achieved when the governing target is
  reached; overdue when the last target's date has passed without it. With declared data
  missing, *incomplete* unless the data received alone shows the figure good and the missing
  data could only raise it (an increasing sum added up per period).
- Every child that is not good (behind, incomplete, no data) holds every ancestor back, and
  is named in ``held_back``. Weight-0 children count for nothing, in value as in status.
- Roll-ups are weighted means over what has a value: each child counts with its weight ×
  its coverage. Coverage is the share of the expected data received (declared reporters ×
  reporting periods past their deadline); missing data is never zero.
- Across regions, a ratio sums numerators and denominators; percentages are never averaged;
  a mean, ratio, minimum or maximum leaves a silent region out of the actual and the target
  alike; a minimum or maximum compares each region with its own target.

Pure computation: no I/O, Decimal arithmetic only (sums exact), observations indexed in one
pass. The steps live in small modules: ``_rules`` (each indicator's decisions), ``_index``
(the observations), ``_schedule`` (baselines and targets), ``_measure`` (the measured
figure), ``_judge`` (coverage, status, holding back, roll-up), ``_engine`` (the tree) and
``_explain`` (the sentences).
"""

from __future__ import annotations

import datetime as dt
from decimal import localcontext

import attrs

from desacoop._checks import DECIMAL_CONTEXT, all_at_once, argument, date_argument
from desacoop.errors import ValidationError, shown
from desacoop.monitoring import MonitoringPlan
from desacoop.regions import Level
from desacoop.rollup._engine import Engine
from desacoop.rollup._explain import explain
from desacoop.rollup._figures import (
    DEFAULT_TOLERANCE,
    DataFinding,
    DataFindingKind,
    FigureKind,
    HeldBack,
    MilestoneState,
    ProgressFigure,
    ProgressReport,
    ProgressStatus,
    RegionList,
    Rule,
    RuleKind,
    RuleOf,
    Tolerance,
)

__all__ = [
    "DEFAULT_TOLERANCE",
    "DataFinding",
    "DataFindingKind",
    "FigureKind",
    "HeldBack",
    "MilestoneState",
    "ProgressFigure",
    "ProgressReport",
    "ProgressStatus",
    "RegionList",
    "Rule",
    "RuleKind",
    "RuleOf",
    "Tolerance",
    "explain",
    "progress",
]


def progress(
    plan: MonitoringPlan,
    as_of: dt.date,
    recorded_on: dt.date | None = None,
    tolerance: Tolerance = DEFAULT_TOLERANCE,
    region_level: Level | None = Level.REGENCY,
    registry: RegionList | None = None,
    *,
    show_undeclared: bool = False,
) -> ProgressReport:
    """Progress of ``plan`` as of ``as_of``, from what was recorded by ``recorded_on``.

    ``recorded_on=None`` uses every record (what is known now); a date gives what was
    known then (later corrections ignored). ``region_level`` chooses the level of the
    regional breakdown (``None`` for none). ``registry`` is the region list (edition) that
    resolves indicators whose reporters are "every region of the responsible provinces".
    Data from a region that is not a declared reporter never enters a figure; it is a
    finding, and with ``show_undeclared=True`` also a figure of its own in the report's
    ``undeclared``, apart from every total.
    """

    def check_registry() -> None:
        if registry is not None and not isinstance(registry, RegionList):
            raise ValidationError(
                f"registry must be a region list such as a RegionRegistry, not {shown(registry)}",
                field="registry",
            )

    all_at_once(
        lambda: argument("plan", plan, MonitoringPlan) if plan is not None else _no("plan"),
        lambda: date_argument("as_of", as_of),
        lambda: recorded_on is None or date_argument("recorded_on", recorded_on),
        lambda: (
            argument("tolerance", tolerance, Tolerance)
            if tolerance is not None
            else _no("tolerance")
        ),
        lambda: argument("region_level", region_level, Level),
        check_registry,
        lambda: argument("show_undeclared", show_undeclared, bool),
    )
    as_of = date_argument("as_of", as_of)  # a midnight pandas Timestamp is its day
    recorded_on = None if recorded_on is None else date_argument("recorded_on", recorded_on)
    with localcontext(DECIMAL_CONTEXT):
        engine = Engine(plan, as_of, recorded_on, tolerance, region_level, registry)
        report = engine.report()
        if show_undeclared:
            report = attrs.evolve(report, undeclared=engine.undeclared())
        return report


def _no(name: str) -> None:
    raise ValidationError(f"{name} is required, not None", field=name)

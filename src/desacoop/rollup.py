"""How far an agreement has come, as of a date: the progress engine.

:func:`progress` turns a :class:`~desacoop.monitoring.MonitoringPlan` into a
:class:`ProgressReport`: a tree agreement → scope commitment → indicator, the same tree per
party (its region: a province, regency or city), and per region at a chosen level. Every
node is a :class:`ProgressFigure` with ``value`` (clamped to [0, 1]), ``raw``, ``expected``,
``status``, ``coverage`` and ``children``, and :meth:`ProgressFigure.explain` says where
the figure comes from.

The rules (``docs/progress.md`` has the long form):

- Indicator progress = (actual − baseline) / (target − baseline) against the governing
  target (the first target due on or after the date; after the last, the last). The same
  formula is right for decreasing indicators. ``raw`` may leave [0, 1]; ``value`` is clamped
  and is what roll-ups use.
- Expected progress follows the schedule: the planned value moves linearly from the baseline
  (on the baseline date) to each target (on its date), and is then read against the
  governing target.
- Status: on track when value ≥ 85 % of expected, at risk from 60 %, off track below
  (both thresholds settable with :class:`Tolerance`); achieved when the governing target is
  reached; overdue when the last target's date has passed without it.
- Roll-ups are weighted means over what has a value: each child counts with its weight ×
  its coverage. Coverage is the share of weight with a value; missing data is never zero.
- Across regions, a ratio sums numerators and denominators; percentages are never averaged.

Pure computation: no I/O, Decimal arithmetic only, observations indexed in one pass.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal, localcontext
from typing import TYPE_CHECKING, Protocol, TypedDict, runtime_checkable

import attrs

from desacoop._checks import DECIMAL_CONTEXT, all_at_once, argument, date_argument, to_number
from desacoop.errors import ValidationError, shown
from desacoop.labels import LabelledEnum, Language, counted
from desacoop.labels import format_number as _num
from desacoop.labels import format_percent as _pct
from desacoop.monitoring import (
    Aggregation,
    Direction,
    Indicator,
    Measure,
    MilestoneStatus,
    MonitoringPlan,
    Observation,
    Reporters,
    TimeBehaviour,
    numeric,
)
from desacoop.regions import LEVEL_DIGITS, Level, RegionCode
from desacoop.scope import AreaRef, area_id

if TYPE_CHECKING:
    import pandas as pd

    from desacoop.dataframe import Numbers

__all__ = [
    "DEFAULT_TOLERANCE",
    "FigureKind",
    "MilestoneState",
    "ProgressFigure",
    "ProgressReport",
    "ProgressStatus",
    "RegionList",
    "Tolerance",
    "explain",
    "progress",
]

_ZERO = Decimal(0)
_ONE = Decimal(1)
_HUNDRED = Decimal(100)
#: Code lengths of the enclosing regions, finest first, and 0 for the whole plan.
_LEVEL_SIZES = (*sorted(LEVEL_DIGITS.values(), reverse=True), 0)


class ProgressStatus(LabelledEnum):
    """Where a figure stands against its schedule."""

    NO_DATA = "no-data", "belum ada data", "no data"
    NO_TARGET = "no-target", "tidak ada target untuk wilayah ini", "no target for this region"
    NOT_STARTED = "not-started", "belum dimulai", "not started"
    ON_TRACK = "on-track", "sesuai jadwal", "on track"
    AT_RISK = "at-risk", "perlu perhatian", "at risk"
    OFF_TRACK = "off-track", "jauh di bawah jadwal", "off track"
    #: Behind schedule on the data received while declared data is missing: the missing
    #: reporters or periods could change the verdict, so neither at risk nor off track.
    INCOMPLETE = "incomplete", "data belum lengkap", "incomplete data"
    ACHIEVED = "achieved", "tercapai", "achieved"
    OVERDUE = "overdue", "melewati tenggat", "overdue"
    REPORTED = "reported", "dilaporkan (kualitatif)", "reported (qualitative, not scored)"
    #: Weight 0: shown, counted for nothing in value or status.
    NOT_SCORED = "not-scored", "tidak dinilai (bobot 0)", "not scored (weight 0)"


class FigureKind(LabelledEnum):
    """What a node of the report is about."""

    AGREEMENT = "agreement", "perjanjian", "agreement"
    PARTY = "party", "pihak", "party"
    REGION = "region", "wilayah", "region"
    AREA = "area", "ruang lingkup", "scope area"
    INDICATOR = "indicator", "indikator", "indicator"


def _fraction(instance: object, attribute: attrs.Attribute[Decimal], value: object) -> None:
    if not isinstance(value, Decimal) or not value.is_finite() or not _ZERO <= value <= _ONE:
        raise ValidationError(
            f"{attribute.name} must be a number between 0 and 1, not {shown(value)}",
            field=attribute.name,
        )


@attrs.frozen
class Tolerance:
    """Status thresholds, as shares of expected progress.

    On track when value ≥ ``on_track`` × expected; at risk when ≥ ``at_risk`` × expected;
    off track below. Defaults: 0.85 (as TolaData) and 0.60 (a desacoop default).

    >>> Tolerance(on_track=Decimal("0.9")).at_risk
    Decimal('0.60')
    """

    on_track: Decimal = attrs.field(
        default=Decimal("0.85"), converter=to_number, validator=_fraction
    )
    at_risk: Decimal = attrs.field(
        default=Decimal("0.60"), converter=to_number, validator=_fraction
    )

    def __attrs_post_init__(self) -> None:
        if self.at_risk > self.on_track:
            raise ValidationError(
                f"the at-risk threshold ({self.at_risk}) is above the on-track one "
                f"({self.on_track})",
                field="at_risk",
            )


#: The default tolerance: on track from 85 % of expected, at risk from 60 %.
DEFAULT_TOLERANCE = Tolerance()


@attrs.frozen
class ProgressFigure:
    """One node of a progress report: an indicator, a scope area, a party, a region or the
    agreement, as of the report's date.

    ``value`` is progress clamped to [0, 1] (``None`` without data or target), ``raw`` the
    unclamped ratio, ``expected`` the progress the schedule asks for, ``coverage`` the share
    of weight with a value, ``weight`` this node's weight in its parent.
    """

    kind: FigureKind
    key: str
    label_id: str
    label_en: str
    status: ProgressStatus
    coverage: Decimal = attrs.field()
    weight: Decimal = attrs.field()
    value: Decimal | None = None
    raw: Decimal | None = None
    expected: Decimal | None = None
    region: RegionCode | None = None
    unit: str | None = None
    #: The aggregated actual value (a percentage for percentage indicators).
    actual: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    #: How the actual value was obtained from the observations.
    actual_rule: str | None = None
    baseline: Decimal | None = None
    baseline_on: dt.date | None = None
    baseline_rule: str | None = None
    #: The governing target.
    target: Decimal | None = None
    target_by: dt.date | None = None
    target_rule: str | None = None
    #: The last target's date below this node.
    final_by: dt.date | None = None
    #: Ids of the observations used.
    observations: tuple[str, ...] = ()
    #: The latest statement of a qualitative indicator observed in one region.
    text: str | None = None
    #: Per-period indicators: (region, reporting period) pairs due so far in the regions that
    #: report, and how many have a value; coverage is their ratio.
    periods_due: int | None = None
    periods_reported: int | None = None
    #: Per-period indicators with reporting periods missing: the actual at the pace of the
    #: periods reported (each region's sum × its periods ÷ its periods with a value), which
    #: progress is measured on, so a missing period lowers coverage, not progress.
    projected: Decimal | None = None
    #: Progress of ``projected`` against the same baseline and target, clamped to [0, 1]:
    #: a projection, labelled as such, never the headline and never a status input.
    projected_value: Decimal | None = None
    children: tuple[ProgressFigure, ...] = ()
    #: Declared reporters (region codes) inside this figure's region without data: missing,
    #: never counted as zero or as success.
    missing: tuple[str, ...] = ()
    #: Reporting periods due and past their deadline without a value, as
    #: ``"<region> <period>"`` (``"63.04 2024Q3"``), in the declared reporters.
    missing_periods: tuple[str, ...] = ()
    #: Ids of the observations used that were recorded after their period's deadline.
    late: tuple[str, ...] = ()
    #: Why the status is below what the value alone would give (a declared region with a
    #: target missing or behind), one reason per region.
    held_back: tuple[str, ...] = ()

    def walk(self) -> Iterator[ProgressFigure]:
        """This figure and every figure below it, depth first."""
        yield self
        for child in self.children:
            yield from child.walk()

    def __repr__(self) -> str:
        """Short: kind, key, value against expected, status and size (issue 11)."""
        return (
            f"<ProgressFigure {self.kind.value} {self.key}: {_pct(self.value)} "
            f"(expected {_pct(self.expected)}), {self.status.label_en}, "
            f"{counted(len(self.children), 'child', 'children')}>"
        )

    def _repr_html_(self) -> str:
        """The notebook view (:func:`desacoop.html.notebook`)."""
        from desacoop import html

        return html.notebook(self)

    def label(self, language: Language | str = "en") -> str:
        """The figure's name in ``"en"`` or ``"id"``."""
        return self.label_en if Language.parse(language) is Language.EN else self.label_id

    def explain(self, language: Language | str = "en") -> str:
        """Where this figure comes from: observations, baseline, target, weights, rules.

        ``language`` picks the labels: ``"en"`` or ``"id"``. The wording lives with the
        """
        return explain(self, language)


@attrs.frozen
class MilestoneState:
    """A milestone as known on the report's date; ``late`` and ``days_late`` are derived."""

    id: str
    label_id: str
    label_en: str
    #: The catalog area or the id of the agreement's own area.
    area: AreaRef
    due: dt.date
    status: MilestoneStatus
    late: bool
    days_late: int
    met_on: dt.date | None = None
    party: str | None = None


@attrs.frozen
class ProgressReport:
    """Progress of a monitoring plan as of a date.

    ``total`` is the tree agreement → scope area → indicator; ``by_party`` the same per
    party, in the party's region (the province, regency or city it governs or acts for, or
    the desa it is; no region for a group of villages or a party without one, whose figure
    counts every indicator it is responsible for); ``by_region`` per region at
    ``region_level``. ``value``, ``expected``,
    ``status``, ``coverage`` and ``children`` are the total's.
    """

    plan: str
    title: str
    agreement: str
    illustrative: bool
    as_of: dt.date
    tolerance: Tolerance
    total: ProgressFigure
    recorded_on: dt.date | None = None
    region_level: Level | None = None
    by_party: tuple[ProgressFigure, ...] = ()
    by_region: tuple[ProgressFigure, ...] = ()
    milestones: tuple[MilestoneState, ...] = ()
    notes: tuple[str, ...] = ()
    #: What the engine left out and why: data from undeclared regions, values outside the
    #: monitoring window.
    findings: tuple[str, ...] = ()
    #: With ``progress(..., show_undeclared=True)``: one figure per indicator and region
    #: that reported without being a declared reporter, apart from every total.
    undeclared: tuple[ProgressFigure, ...] = ()
    #: The agreement's title, as the reports name it (``agreement`` is its id); ``None`` in
    #: reports written before it was kept.
    agreement_title: str | None = None

    @property
    def value(self) -> Decimal | None:
        return self.total.value

    @property
    def expected(self) -> Decimal | None:
        return self.total.expected

    @property
    def status(self) -> ProgressStatus:
        return self.total.status

    @property
    def coverage(self) -> Decimal:
        return self.total.coverage

    @property
    def children(self) -> tuple[ProgressFigure, ...]:
        return self.total.children

    def __repr__(self) -> str:
        """Short: the plan, the date, the overall figure and the number of areas."""
        return (
            f"<ProgressReport {self.plan} as of {self.as_of.isoformat()}: "
            f"{_pct(self.value)}, {counted(len(self.total.children), 'area', 'areas')}>"
        )

    def __str__(self) -> str:
        """The text report (``render(report, "text")``)."""
        from desacoop.report import render

        return render(self)

    def _repr_html_(self) -> str:
        """The notebook view (:func:`desacoop.html.notebook`)."""
        from desacoop import html

        return html.notebook(self)

    def explain(self, language: Language | str = "en") -> str:
        """The total's explanation (see :meth:`ProgressFigure.explain`)."""
        return self.total.explain(language)

    def to_frame(self, *, numbers: Numbers = "decimal", regions: object = None) -> pd.DataFrame:
        """One row per figure per scope as a pandas DataFrame (``pip install
        'desacoop[pandas]'``); :func:`desacoop.dataframe.report_frame` tells the columns."""
        from desacoop.dataframe import report_frame

        return report_frame(self, numbers=numbers, regions=regions)

    def find(
        self, key: str, tree: ProgressFigure | None = None, kind: FigureKind | None = None
    ) -> ProgressFigure:
        """The first figure of ``tree`` (default: the total) whose key is ``key`` (an
        indicator id, an area code, a party id, a region code), of ``kind`` if given."""
        argument("tree", tree, ProgressFigure)
        argument("kind", kind, FigureKind)
        for figure in (tree or self.total).walk():
            if figure.key == key and (kind is None or figure.kind is kind):
                return figure
        raise ValidationError(f"no figure {key!r} in the report")

    def holding_back(self, limit: int = 5) -> tuple[tuple[ProgressFigure, Decimal], ...]:
        """The indicators that hold the total back most, with their shortfall.

        Shortfall = share of the total's weight × (expected − value), or × expected for an
        indicator without data; only positive shortfalls, largest first.
        """
        if not isinstance(limit, int) or isinstance(limit, bool) or limit < 0:
            raise ValidationError(f"limit must be a whole number ≥ 0, not {shown(limit)}")
        found: list[tuple[Decimal, str, ProgressFigure]] = []
        with localcontext(DECIMAL_CONTEXT):
            area_total = sum((a.weight for a in self.total.children), _ZERO)
            for area in self.total.children:
                ind_total = sum((i.weight for i in area.children), _ZERO)
                if area_total == 0 or ind_total == 0:
                    continue
                for ind in area.children:
                    if ind.expected is None:
                        continue
                    share = area.weight / area_total * ind.weight / ind_total
                    reached = ind.value if ind.value is not None else _ZERO
                    gap = share * (ind.expected - reached)
                    if gap > 0:
                        found.append((gap, ind.key, ind))
        found.sort(key=lambda item: (-item[0], item[1]))
        return tuple((figure, gap) for gap, _, figure in found[:limit])


@runtime_checkable
class RegionList(Protocol):
    """What the engine needs of a region list: the regions below a code at a level.

    :class:`desacoop.registry.RegionRegistry` (an edition of the Kemendagri list) is one.
    """

    def descendants(
        self, code: RegionCode | str, level: Level | None = None
    ) -> tuple[RegionCode, ...]: ...


# -- entry point ----------------------------------------------------------------


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
    with localcontext(DECIMAL_CONTEXT):
        engine = _Engine(plan, as_of, recorded_on, tolerance, region_level, registry)
        report = engine.report()
        if show_undeclared:
            report = attrs.evolve(report, undeclared=engine.undeclared())
        return report


def _no(name: str) -> None:
    raise ValidationError(f"{name} is required, not None", field=name)


# -- internals --------------------------------------------------------------------


@attrs.define
class _Leaf:
    """What one region contributes to one indicator: a number or a numerator/denominator,
    the observations behind it, and (qualitative) the latest text."""

    number: Decimal | None
    numerator: Decimal | None
    denominator: Decimal | None
    ids: list[str]
    text: str | None = None
    #: Per period: reporting periods due so far, and how many of them have a value.
    due: int = 0
    reported: int = 0
    #: Per period, when periods are missing: the number at the pace of the periods reported.
    paced: Decimal | None = None


@attrs.define
class _Schedule:
    """Resolved baseline and targets of one indicator for one scope."""

    baseline: Decimal | None
    baseline_rule: str | None
    targets: list[tuple[dt.date, Decimal]]
    target_rule: str | None


def _later(a: Observation, b: Observation) -> bool:
    """Whether ``a`` is the more recent value: later date, then later record, then id."""
    if a.on != b.on:
        return a.on > b.on
    if a.recorded_on != b.recorded_on:
        return a.recorded_on > b.recorded_on
    return a.id > b.id


class _Engine:
    def __init__(
        self,
        plan: MonitoringPlan,
        as_of: dt.date,
        recorded_on: dt.date | None,
        tolerance: Tolerance,
        region_level: Level | None,
        registry: RegionList | None = None,
    ) -> None:
        self.plan = plan
        self.registry = registry
        self.as_of = as_of
        self.recorded_on = recorded_on
        self.tolerance = tolerance
        self.region_level = region_level
        self.start = plan.monitoring_window.start
        self.window = plan.monitoring_window
        self.homes = {ind.id: plan.home_provinces(ind) for ind in plan.indicators}
        self.declared = {ind.id: self._declared(ind) for ind in plan.indicators}
        #: Regions whose target is stated above an indicator's level: any region in them
        #: may report (the regions expected there are not listed).
        self.open: dict[str, tuple[str, ...]] = {
            ind.id: tuple(
                "" if t.region is None else t.region.compact
                for t in ind.targets
                if t.region is None or len(t.region.compact) < LEVEL_DIGITS[ind.level]
            )
            if ind.reporter_rule is Reporters.TARGETS
            else ()
            for ind in plan.indicators
        }
        self.findings: list[str] = []
        self.late: set[str] = set()
        #: Observations from regions that are not declared reporters, by indicator and region.
        self.strays: dict[str, dict[str, list[Observation]]] = {}
        self.leaves = self._index()
        self.grouped: dict[int, dict[str, dict[str, list[tuple[str, _Leaf]]]]] = {}
        self.figures: dict[tuple[str, str, bool], ProgressFigure] = {}

    def _declared(self, ind: Indicator) -> frozenset[str] | None:
        """Compact codes of the regions expected to report ``ind``; ``None`` when open."""
        rule = ind.reporter_rule
        digits = LEVEL_DIGITS[ind.level]
        if rule is Reporters.LISTED:
            return frozenset(c.compact for c in ind.reporters)
        if rule is Reporters.TARGETS:
            stated = {
                t.region.compact
                for t in ind.targets
                if t.region is not None and len(t.region.compact) == digits
            }
            return frozenset(stated) or None
        if rule is Reporters.ALL:
            if self.registry is None:
                raise ValidationError(
                    f"{ind.id} is reported by every {ind.level.value} of the responsible "
                    "provinces: pass the region list (registry=RegionRegistry...) to progress()"
                )
            found: set[str] = set()
            for home in self.homes[ind.id]:
                if digits == len(home):
                    found.add(home)
                else:
                    found.update(c.compact for c in self.registry.descendants(home, ind.level))
            return frozenset(found)
        return None

    # -- one pass over the observations ------------------------------------------

    def _index(self) -> dict[str, dict[str, _Leaf]]:
        """Group the observations by indicator and region in one pass, keeping the latest
        (cumulative) or every value in the window (per period)."""
        plan, as_of, recorded_on = self.plan, self.as_of, self.recorded_on
        observations: Sequence[Observation] = plan.observations
        superseded: set[str] = set()
        if recorded_on is not None:
            observations = [o for o in observations if o.recorded_on <= recorded_on]
        for o in observations:
            if o.supersedes is not None:
                superseded.add(o.supersedes)
        latest: dict[str, dict[str, Observation]] = {}
        windows: dict[str, dict[str, list[Observation]]] = {}
        window_start: dict[str, dt.date] = {}
        for ind in plan.indicators:
            if ind.time is TimeBehaviour.CUMULATIVE:
                latest[ind.id] = {}
            else:
                windows[ind.id] = {}
                window_start[ind.id] = ind.baseline_date or self.start
        window = self.window
        first_day, last_day = window.start, window.end
        ends_all = [p.end for p in plan.reporting_periods()]
        deadline = plan.deadline_days
        declared_of, open_of = self.declared, self.open
        for o in observations:  # the hot loop: locals, and the cheap test first
            on = o.on
            if on > as_of:
                continue
            if superseded and o.id in superseded:
                continue
            code = o.region.compact
            begins = o.period_start or on
            if on < first_day or begins > last_day:
                self.findings.append(
                    f"{o.id} ({o.indicator} in {o.region}, {begins}..{on}) lies outside the "
                    f"monitoring window {window}: not counted"
                )
                continue
            declared = declared_of.get(o.indicator)
            if (
                declared is not None
                and code not in declared
                and not code.startswith(open_of.get(o.indicator, ()))
            ):
                self.findings.append(
                    f"{o.id} ({o.indicator} in {o.region}): {o.region} is not a declared "
                    "reporter of the indicator: not counted"
                )
                self.strays.setdefault(o.indicator, {}).setdefault(code, []).append(o)
                continue
            if deadline is not None:
                i = bisect.bisect_left(ends_all, on)
                if i < len(ends_all):
                    due = ends_all[i] + dt.timedelta(days=deadline)
                    if o.recorded_on > due:
                        self.late.add(o.id)
            by_region = latest.get(o.indicator)
            if by_region is not None:
                prev = by_region.get(code)
                if prev is None or on > prev.on or (on == prev.on and _later(o, prev)):
                    by_region[code] = o
                continue
            if on > window_start[o.indicator]:
                windows[o.indicator].setdefault(code, []).append(o)
        leaves: dict[str, dict[str, _Leaf]] = {}
        period_ends = ends_all if windows else []
        for ind in plan.indicators:
            if ind.id in latest:
                chosen = latest[ind.id]
                leaves[ind.id] = {code: _single_leaf(ind, chosen[code]) for code in sorted(chosen)}
            else:
                spread = windows[ind.id]
                ends = [e for e in period_ends if window_start[ind.id] < e <= as_of]
                leaves[ind.id] = {
                    code: _window_leaf(ind, spread[code], ends) for code in sorted(spread)
                }
        return leaves

    def _group(self, digits: int) -> dict[str, dict[str, list[tuple[str, _Leaf]]]]:
        """Leaves of every indicator grouped by region prefix of ``digits`` digits."""
        if digits not in self.grouped:
            table: dict[str, dict[str, list[tuple[str, _Leaf]]]] = {}
            for ind_id, by_region in self.leaves.items():
                groups: dict[str, list[tuple[str, _Leaf]]] = {}
                for code, leaf in by_region.items():
                    if len(code) >= digits:
                        groups.setdefault(code[:digits], []).append((code, leaf))
                table[ind_id] = groups
            self.grouped[digits] = table
        return self.grouped[digits]

    # -- the report -------------------------------------------------------------

    def report(self) -> ProgressReport:
        plan = self.plan
        agreement = plan.agreement
        total = self._tree(
            FigureKind.AGREEMENT,
            agreement.id,
            agreement.title,
            agreement.title,
            None,
            plan.indicators,
            all_areas=True,
        )
        by_party = []
        for party in agreement.parties:
            applicable = [i for i in plan.indicators if i.party in (None, party.id)]
            name = party.abbreviation or party.name
            by_party.append(
                self._tree(
                    FigureKind.PARTY,
                    party.id,
                    name,
                    name,
                    party.home_region,
                    applicable,
                    all_areas=True,
                )
            )
        by_region = []
        if self.region_level is not None:
            digits = LEVEL_DIGITS[self.region_level]
            fine = [i for i in plan.indicators if LEVEL_DIGITS[i.level] >= digits]
            grouped = self._group(digits)
            codes = sorted(
                {code for i in fine for code in grouped[i.id]}
                | {
                    code[:digits]
                    for i in fine
                    for code in self.declared[i.id] or ()
                    if len(code) >= digits
                }
            )
            names = {r.code: r.name for r in plan.regions}
            for code in codes:
                region = RegionCode(code)
                applicable = [i for i in fine if code[:2] in self.homes[i.id]]
                known = names.get(region)
                by_region.append(
                    self._tree(
                        FigureKind.REGION,
                        str(region),
                        known or f"{region.level.label_id} {region}",
                        known or f"{region.level.label_en} {region}",
                        region,
                        applicable,
                        all_areas=False,
                    )
                )
        milestones = tuple(
            MilestoneState(
                id=m.id,
                label_id=m.label_id,
                label_en=m.label_en,
                area=m.area,
                due=m.due,
                status=m.status_on(self.as_of),
                late=m.is_late(self.as_of),
                days_late=m.days_late(self.as_of),
                met_on=m.met_on if m.met_on is not None and m.met_on <= self.as_of else None,
                party=m.party,
            )
            for m in plan.milestones
        )
        return ProgressReport(
            plan=plan.id,
            title=plan.title,
            agreement=agreement.id,
            illustrative=plan.illustrative,
            as_of=self.as_of,
            tolerance=self.tolerance,
            total=total,
            recorded_on=self.recorded_on,
            region_level=self.region_level,
            by_party=tuple(by_party),
            by_region=tuple(by_region),
            milestones=milestones,
            notes=plan.notes,
            findings=tuple(self.findings),
            agreement_title=plan.agreement.title,
        )

    def _tree(
        self,
        kind: FigureKind,
        key: str,
        label_id: str,
        label_en: str,
        region: RegionCode | None,
        indicators: Iterable[Indicator],
        *,
        all_areas: bool,
    ) -> ProgressFigure:
        by_area: dict[str, list[Indicator]] = {}
        for ind in indicators:
            by_area.setdefault(area_id(ind.area), []).append(ind)
        areas = []
        for area in self.plan.agreement.scope_areas:
            if area.id not in by_area and not all_areas:
                continue
            children = tuple(self._indicator(ind, region) for ind in by_area.get(area.id, ()))
            areas.append(
                self._rollup(
                    FigureKind.AREA,
                    area.id,
                    area.label_id,
                    area.label_en,
                    region,
                    self.plan.area_weight(area),
                    children,
                )
            )
        return self._rollup(kind, key, label_id, label_en, region, _ONE, tuple(areas))

    def _rollup(
        self,
        kind: FigureKind,
        key: str,
        label_id: str,
        label_en: str,
        region: RegionCode | None,
        weight: Decimal,
        children: tuple[ProgressFigure, ...],
    ) -> ProgressFigure:
        total = sum((c.weight for c in children), _ZERO)
        covered = _ZERO
        value_sum = _ZERO
        expected_sum = _ZERO
        for c in children:
            if c.value is None or c.expected is None:
                continue
            w = c.weight * c.coverage
            covered += w
            value_sum += w * c.value
            expected_sum += w * c.expected
        finals = [c.final_by for c in children if c.final_by is not None]
        final_by = max(finals) if finals else None
        coverage = covered / total if total > 0 else _ZERO
        value = expected = None
        if covered > 0:
            value = value_sum / covered
            expected = expected_sum / covered
        status = self._status(value, value, expected, final_by, complete=coverage == 1)
        if value is None and any(c.status is ProgressStatus.NO_TARGET for c in children):
            status = ProgressStatus.NO_TARGET  # data without a target is not "no data"
        held: tuple[str, ...] = ()
        if status in (ProgressStatus.ACHIEVED, ProgressStatus.ON_TRACK):
            # held back below is held back here: never good while a declared region is not
            held = tuple(f"{c.key}: {why}" for c in children for why in c.held_back)
            if held:
                status = ProgressStatus.AT_RISK
        return ProgressFigure(
            kind=kind,
            key=key,
            label_id=label_id,
            label_en=label_en,
            status=status,
            coverage=coverage,
            weight=weight,
            value=value,
            expected=expected,
            region=region,
            final_by=final_by,
            children=children,
            held_back=held,
        )

    def undeclared(self) -> tuple[ProgressFigure, ...]:
        """A figure for each indicator and undeclared region that reported: its actual and
        observations, no target (none is stated for it), in no total."""
        figures = []
        ends = [p.end for p in self.plan.reporting_periods()]
        for ind in self.plan.indicators:
            for code, observations in sorted(self.strays.get(ind.id, {}).items()):
                if ind.time is TimeBehaviour.CUMULATIVE:
                    latest = observations[0]
                    for o in observations[1:]:
                        if _later(o, latest):
                            latest = o
                    leaf = _single_leaf(ind, latest)
                else:
                    start = self._schedule_start(ind)
                    due = [e for e in ends if start < e <= self.as_of]
                    kept = [o for o in observations if o.on > start]
                    if not kept:
                        continue
                    leaf = _window_leaf(ind, kept, due)
                actual, _, numerator, denominator, rule = _aggregate(ind, [leaf])
                figures.append(
                    ProgressFigure(
                        **_identity(ind, RegionCode(code)),
                        status=ProgressStatus.NO_TARGET,
                        coverage=_ZERO,
                        actual=actual,
                        numerator=numerator,
                        denominator=denominator,
                        actual_rule=(
                            f"{rule + '; ' if rule else ''}{RegionCode(code)} is not a declared "
                            "reporter: shown apart, counted in no total"
                        ),
                        text=leaf.text,
                        observations=tuple(leaf.ids),
                    )
                )
        return tuple(figures)

    def _indicator(self, ind: Indicator, region: RegionCode | None) -> ProgressFigure:
        homes = self.homes[ind.id]
        scope = (homes[0] if len(homes) == 1 else "") if region is None else region.compact
        key = (ind.id, scope, region is None)
        cached = self.figures.get(key)
        if cached is None:
            cached = self._compute(ind, region, scope)
            self.figures[key] = cached
        return cached

    def _compute(self, ind: Indicator, region: RegionCode | None, scope: str) -> ProgressFigure:
        pairs: list[tuple[str, _Leaf]]
        if region is None:
            pairs = list(self.leaves[ind.id].items())
        else:
            pairs = self._group(len(scope))[ind.id].get(scope, [])
        leaves = [leaf for _, leaf in pairs]
        declared = self.declared[ind.id]
        expected_here: list[str] = []
        missing: tuple[str, ...] = ()
        if declared is not None:
            present = {code for code, _ in pairs}
            expected_here = sorted(c for c in declared if c.startswith(scope))
            missing = tuple(str(RegionCode(c)) for c in expected_here if c not in present)
        ids = tuple(i for leaf in leaves for i in leaf.ids)
        late = tuple(i for i in ids if i in self.late)
        if not ind.scored:
            texts = [leaf.text for leaf in leaves if leaf.text is not None]
            return ProgressFigure(
                **_identity(ind, region),
                status=ProgressStatus.REPORTED if leaves else ProgressStatus.NO_DATA,
                coverage=_ONE if leaves else _ZERO,
                observations=ids,
                text=texts[0] if len(texts) == 1 else None,
                actual_rule=(
                    f"{len(texts)} statements; qualitative values are never aggregated"
                    if len(texts) > 1
                    else None
                ),
                missing=missing,
                late=late,
            )
        schedule = self._schedule(ind, scope, pairs)
        final_by = schedule.targets[-1][0] if schedule.targets else None
        actual, projected, numerator, denominator, rule = _aggregate(ind, leaves)
        measured = actual if projected is None else projected
        target = target_by = None
        expected = None
        if schedule.targets:
            target_by, target = _governing(schedule.targets, self.as_of)
            if schedule.baseline is not None:
                expected = _expected_progress(
                    ind, schedule, self._schedule_start(ind), self.as_of, target
                )
        raw = value = None
        silent = (
            bool(missing)
            and ind.direction is Direction.DECREASE
            and ind.aggregation is Aggregation.SUM
        )
        if silent and rule is not None:
            rule += (
                f"; a decreasing sum is not scored while declared reporters are missing "
                f"({len(missing)} of {len(expected_here)}): their silence is not a decrease"
            )
        if (
            measured is not None
            and target is not None
            and schedule.baseline is not None
            and not silent
        ):
            raw = _ratio(ind.direction, measured, schedule.baseline, target)
            value = min(max(raw, _ZERO), _ONE)
        coverage = _ONE if value is not None else _ZERO
        if value is not None and expected_here:
            coverage = Decimal(len(expected_here) - len(missing)) / Decimal(len(expected_here))
        due = reported = None
        if ind.time is TimeBehaviour.PER_PERIOD:
            due = sum(leaf.due for leaf in leaves)
            reported = sum(leaf.reported for leaf in leaves)
            if missing and leaves:
                due += len(missing) * leaves[0].due
            if value is not None and due:
                coverage = Decimal(reported) / Decimal(due)
        if actual is None or silent:
            status = ProgressStatus.NO_DATA
        elif raw is None:
            status = ProgressStatus.NO_TARGET
        else:
            complete = not missing and (due is None or reported == due)
            status = self._status(value, raw, expected, final_by, complete=complete)
        held: tuple[str, ...] = ()
        if status in (ProgressStatus.ACHIEVED, ProgressStatus.ON_TRACK) and expected_here:
            held = self._held_back(ind, scope, expected_here, missing)
            if held:
                status = ProgressStatus.AT_RISK
        return ProgressFigure(
            **_identity(ind, region),
            status=status,
            coverage=coverage,
            value=value,
            raw=raw,
            expected=expected,
            actual=actual,
            numerator=numerator,
            denominator=denominator,
            actual_rule=rule,
            baseline=schedule.baseline,
            baseline_on=self._schedule_start(ind) if schedule.baseline is not None else None,
            baseline_rule=schedule.baseline_rule,
            target=target,
            target_by=target_by,
            target_rule=schedule.target_rule,
            final_by=final_by,
            observations=ids,
            periods_due=due,
            periods_reported=reported,
            projected=projected,
            missing=missing,
            late=late,
            held_back=held,
        )

    def _held_back(
        self, ind: Indicator, scope: str, expected_here: list[str], missing: tuple[str, ...]
    ) -> tuple[str, ...]:
        """Declared regions below ``scope`` with a target that are missing or behind: a
        parent is never achieved or on track while one of them is."""
        reasons = [f"{code}: declared, no data" for code in missing]
        stated = {t.region.compact for t in ind.targets if t.region is not None}
        for code in expected_here:
            if len(code) <= len(scope) or code not in stated:
                continue
            child = self._indicator(ind, RegionCode(code))
            if child.status not in (ProgressStatus.ACHIEVED, ProgressStatus.ON_TRACK) and (
                child.status is not ProgressStatus.NO_DATA
            ):
                reasons.append(f"{RegionCode(code)}: {child.status.label_en}")
        return tuple(reasons)

    def _schedule_start(self, ind: Indicator) -> dt.date:
        return ind.baseline_date or self.start

    def _schedule(self, ind: Indicator, scope: str, pairs: list[tuple[str, _Leaf]]) -> _Schedule:
        homes = self.homes[ind.id]
        whole = homes[0] if len(homes) == 1 else ""

        def key(region: RegionCode | None) -> str:
            return whole if region is None else region.compact

        base_series: dict[str, list[tuple[dt.date, Decimal]]] = {}
        for b in ind.baselines:
            number = numeric(ind, b.value)
            assert number is not None
            base_series[key(b.region)] = [(b.on, number)]
        target_series: dict[str, list[tuple[dt.date, Decimal]]] = {}
        for t in ind.targets:
            number = numeric(ind, t.value)
            assert number is not None
            target_series.setdefault(key(t.region), []).append((t.by, number))
        for series in target_series.values():
            series.sort()
        weights: dict[str, Decimal] = {}
        if ind.aggregation is Aggregation.RATIO:
            for code, leaf in pairs:
                for k in {*base_series, *target_series}:
                    if code.startswith(k) and leaf.denominator:
                        weights[k] = weights.get(k, _ZERO) + leaf.denominator
        base, base_rule = _resolve(base_series, scope, ind.aggregation, "baseline", weights)
        if base is None and ind.measure is Measure.MILESTONE and not ind.baselines:
            base = [(self._schedule_start(ind), _ZERO)]
            base_rule = "a milestone indicator starts from 'not met' (0)"
        targets, target_rule = _resolve(target_series, scope, ind.aggregation, "target", weights)
        return _Schedule(
            baseline=base[0][1] if base else None,
            baseline_rule=base_rule,
            targets=targets or [],
            target_rule=target_rule,
        )

    def _status(
        self,
        value: Decimal | None,
        raw: Decimal | None,
        expected: Decimal | None,
        final_by: dt.date | None,
        *,
        complete: bool,
    ) -> ProgressStatus:
        if value is None or raw is None or expected is None:
            return ProgressStatus.NO_DATA
        if raw >= 1 and complete:
            return ProgressStatus.ACHIEVED
        if final_by is not None and self.as_of > final_by and value < 1:
            return ProgressStatus.OVERDUE
        if expected == 0:
            return ProgressStatus.ON_TRACK if value > 0 else ProgressStatus.NOT_STARTED
        if value >= self.tolerance.on_track * expected:
            return ProgressStatus.ON_TRACK
        if value >= self.tolerance.at_risk * expected:
            return ProgressStatus.AT_RISK
        return ProgressStatus.OFF_TRACK


class _Identity(TypedDict):
    """The fields every figure of an indicator takes from the indicator and its region."""

    kind: FigureKind
    key: str
    label_id: str
    label_en: str
    weight: Decimal
    unit: str | None
    region: RegionCode | None


def _identity(ind: Indicator, region: RegionCode | None) -> _Identity:
    """Which indicator a figure is, and where: ``ProgressFigure(**_identity(ind, region), ...)``."""
    return {
        "kind": FigureKind.INDICATOR,
        "key": ind.id,
        "label_id": ind.label_id,
        "label_en": ind.label_en,
        "weight": ind.weight,
        "unit": ind.unit,
        "region": region,
    }


def _single_leaf(ind: Indicator, o: Observation) -> _Leaf:
    v = o.value
    if v.text is not None:
        return _Leaf(None, None, None, [o.id], v.text)
    if v.numerator is not None:
        return _Leaf(None, v.numerator, v.denominator, [o.id])
    return _Leaf(numeric(ind, v), None, None, [o.id])


def _window_leaf(ind: Indicator, observations: list[Observation], ends: list[dt.date]) -> _Leaf:
    """The values of one region added up, and which of the reporting periods due (ending
    on ``ends``) have a value: every period an observation's span (``period_start`` to
    ``on``) reaches, so an annual value in a quarterly plan reports four quarters.

    When periods are missing, ``paced`` is the sum at the pace of the periods reported
    (the period under way counts when it has a value): ``total × periods ÷ reported``.
    """
    observations.sort(key=lambda o: (o.on, o.id))
    ids = [o.id for o in observations]
    hit: set[int] = set()
    for o in observations:
        first = bisect.bisect_left(ends, o.period_start or o.on)
        hit.update(range(first, bisect.bisect_left(ends, o.on) + 1))
    due = len(ends)
    reported = sum(1 for i in hit if i < due)
    if ind.measure is Measure.PERCENTAGE:
        num = sum((o.value.numerator or _ZERO for o in observations), _ZERO)
        den = sum((o.value.denominator or _ZERO for o in observations), _ZERO)
        return _Leaf(None, num, den, ids, due=due, reported=reported)
    total = sum((o.value.amount or _ZERO for o in observations), _ZERO)
    paced = None
    if reported < due:
        under_way = 1 if due in hit else 0
        paced = total * (due + under_way) / (reported + under_way)
    return _Leaf(total, None, None, ids, due=due, reported=reported, paced=paced)


def _aggregate(
    ind: Indicator, leaves: list[_Leaf]
) -> tuple[Decimal | None, Decimal | None, Decimal | None, Decimal | None, str | None]:
    """Actual value across regions: (actual, projected, numerator, denominator, rule).

    ``projected`` is the actual with each region at the pace of its reported periods, set
    only when a per-period indicator has periods missing.
    """
    if not leaves:
        return None, None, None, None, None
    n = len(leaves)
    regions = f"{n} {'region' if n == 1 else 'regions'}"
    timing = (
        "the latest value of each"
        if ind.time is TimeBehaviour.CUMULATIVE
        else "the values of each added up since the baseline date"
    )
    agg = ind.aggregation
    if ind.measure is Measure.PERCENTAGE:
        if agg is Aggregation.RATIO:
            num = sum((leaf.numerator or _ZERO for leaf in leaves), _ZERO)
            den = sum((leaf.denominator or _ZERO for leaf in leaves), _ZERO)
            if den == 0:
                return None, None, num, den, "no denominator"
            rule = f"100 × Σ numerators / Σ denominators over {regions} ({timing})"
            return _HUNDRED * num / den, None, num, den, rule
        numbers = [
            _HUNDRED * (leaf.numerator or _ZERO) / leaf.denominator
            for leaf in leaves
            if leaf.denominator
        ]
        paced = numbers
    else:
        numbers = [leaf.number for leaf in leaves if leaf.number is not None]
        paced = [
            leaf.number if leaf.paced is None else leaf.paced
            for leaf in leaves
            if leaf.number is not None
        ]
    if not numbers:
        return None, None, None, None, None
    actual = _combine(agg, numbers)
    projected = _combine(agg, paced) if paced != numbers else None
    rule = f"{agg.label_en} over {regions} ({timing})"
    if projected is not None:
        rule += (
            f"; periods are missing, so progress is measured at the pace of the periods "
            f"reported: {_num(projected)} (each region's sum × its periods ÷ its periods "
            "with a value); a missing period is never counted as zero"
        )
    return actual, projected, None, None, rule


def _combine(agg: Aggregation, numbers: list[Decimal]) -> Decimal:
    if agg is Aggregation.SUM:
        return sum(numbers, _ZERO)
    if agg is Aggregation.MEAN:
        return sum(numbers, _ZERO) / len(numbers)
    if agg is Aggregation.MIN:
        return min(numbers)
    return max(numbers)


def _resolve(
    series: dict[str, list[tuple[dt.date, Decimal]]],
    scope: str,
    aggregation: Aggregation,
    what: str,
    weights: dict[str, Decimal],
) -> tuple[list[tuple[dt.date, Decimal]] | None, str | None]:
    """The baseline or target series for ``scope``, from one hierarchy: stated for it; else,
    for a sum, the sum of the series stated for the outermost regions below it (at any level,
    same dates required), or 0 when an enclosing region's is 0; for the other aggregations,
    the series of the nearest enclosing region, else the parts' series below it combined the
    way the values are (a ratio weighs each part by its denominators)."""
    where = scope or "the whole plan"
    if scope in series:
        return series[scope], f"{what} stated for {where}"
    below = [k for k in series if k.startswith(scope) and len(k) > len(scope)]
    parts = sorted(k for k in below if not any(j != k and k.startswith(j) for j in below))
    if aggregation is Aggregation.SUM:
        if not parts:
            for size in _LEVEL_SIZES:
                enclosing = scope[:size]
                if size < len(scope) and enclosing in series:
                    if all(number == 0 for _, number in series[enclosing]):
                        source = str(RegionCode(enclosing)) if size else "the whole plan"
                        return series[enclosing], (
                            f"{what} of {source} is 0, so every region in it has 0 (values "
                            "are never negative)"
                        )
                    break
            return None, f"no {what} for {where} or the regions in it"
        return _combined(series, parts, what, where, "sum", None)
    for size in _LEVEL_SIZES:
        if size < len(scope) and scope[:size] in series:
            source = str(RegionCode(scope[:size])) if size else "the whole plan"
            return series[scope[:size]], f"{what} of {source} (applies to the regions in it)"
    if parts:
        return _combined(series, parts, what, where, aggregation.value, weights)
    return None, f"no {what} for {where} or a region around it"


def _combined(
    series: dict[str, list[tuple[dt.date, Decimal]]],
    parts: list[str],
    what: str,
    where: str,
    how: str,
    weights: dict[str, Decimal] | None,
) -> tuple[list[tuple[dt.date, Decimal]] | None, str | None]:
    """The parts' series combined date by date: sum, ratio (weighted by denominators),
    mean, min or max."""
    if weights is not None and how == "ratio":
        parts = [k for k in parts if weights.get(k)]
        if not parts:
            return None, f"no {what} for {where}: the parts with one have no denominator yet"
    dates = [[d for d, _ in series[k]] for k in parts]
    if any(d != dates[0] for d in dates):
        return None, f"the {what}s of the regions in {where} have different dates"
    combined: list[tuple[dt.date, Decimal]] = []
    for i, d in enumerate(dates[0]):
        numbers = [series[k][i][1] for k in parts]
        if how == "sum":
            number = sum(numbers, _ZERO)
        elif how == "ratio":
            assert weights is not None
            total = sum((weights[k] for k in parts), _ZERO)
            number = sum((n * weights[k] for n, k in zip(numbers, parts, strict=True)), _ZERO)
            number /= total
        elif how == "mean":
            number = sum(numbers, _ZERO) / len(numbers)
        elif how == "min":
            number = min(numbers)
        else:
            number = max(numbers)
        combined.append((d, number))
    names = ", ".join(str(RegionCode(k)) for k in parts[:6])
    more = f" and {len(parts) - 6} more" if len(parts) > 6 else ""
    rule = {
        "sum": f"sum of the {what}s stated for {names}{more}",
        "ratio": f"the {what}s of {names}{more} weighted by their denominators",
    }.get(how, f"{how} of the {what}s stated for {names}{more}")
    return combined, f"{what}: {rule}"


def _governing(targets: list[tuple[dt.date, Decimal]], as_of: dt.date) -> tuple[dt.date, Decimal]:
    """The first target due on or after ``as_of``; after the last, the last."""
    for by, number in targets:
        if by >= as_of:
            return by, number
    return targets[-1]


def _ratio(direction: Direction, actual: Decimal, baseline: Decimal, target: Decimal) -> Decimal:
    """(actual − baseline) / (target − baseline); when target equals baseline, 1 if the
    actual is at or beyond it in the indicator's direction, else 0."""
    if target == baseline:
        ahead = actual >= target if direction is Direction.INCREASE else actual <= target
        return _ONE if ahead else _ZERO
    ratio = (actual - baseline) / (target - baseline)
    return ratio if ratio else _ZERO  # never a negative zero


def _expected_progress(
    ind: Indicator,
    schedule: _Schedule,
    start: dt.date,
    as_of: dt.date,
    target: Decimal,
) -> Decimal:
    """The planned value on ``as_of``, linear between the baseline and each target, read as
    progress against the governing target, clamped to [0, 1]."""
    assert schedule.baseline is not None
    base = schedule.baseline
    points = [(start, base), *schedule.targets]
    planned = points[-1][1]
    if as_of <= start:
        planned = base
    else:
        for (d0, v0), (d1, v1) in itertools.pairwise(points):
            if as_of <= d1:
                span = (d1 - d0).days
                share = Decimal((as_of - d0).days) / Decimal(span) if span > 0 else _ONE
                planned = v0 + (v1 - v0) * share
                break
    if target == base:
        return _ZERO if as_of <= start else _ONE
    return min(max((planned - base) / (target - base), _ZERO), _ONE)


# -- explanations -------------------------------------------------------------------


def explain(figure: ProgressFigure, language: Language | str = "en") -> str:
    """Where a figure comes from: observations, baseline, target, the measured progress and
    any projection, weights, what is missing and what holds it back, in ``"en"`` or
    ``"id"``. The sentences live with the other words people read
    (:func:`desacoop._presentation.explain`); the figure's ``explain()`` method calls this.
    """
    from desacoop._presentation import explain as explained

    return explained(figure, language)

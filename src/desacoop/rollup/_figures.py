"""The report's public classes: statuses, tolerance, figures, milestones and the report."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from typing import TYPE_CHECKING, Protocol, runtime_checkable

import attrs

from desacoop._checks import argument, to_number
from desacoop._notebook import NotebookView
from desacoop.errors import ValidationError, shown
from desacoop.labels import LabelledEnum, Language, counted
from desacoop.labels import format_percent as _pct
from desacoop.monitoring import MilestoneStatus
from desacoop.regions import Level, RegionCode
from desacoop.scope import AreaRef

if TYPE_CHECKING:
    import pandas as pd

    from desacoop.dataframe import Numbers

__all__ = [
    "DEFAULT_TOLERANCE",
    "GOOD",
    "FigureKind",
    "MilestoneState",
    "ProgressFigure",
    "ProgressReport",
    "ProgressStatus",
    "RegionList",
    "Tolerance",
]

_ZERO = Decimal(0)
_ONE = Decimal(1)


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
    #: Counted for nothing in value or status: an indicator of weight 0, or an area or
    #: party with no scored indicator of weight above 0.
    NOT_SCORED = "not-scored", "tidak dinilai", "not scored"


#: The statuses that read as good: nothing may read so while a child does not.
GOOD = frozenset({ProgressStatus.ACHIEVED, ProgressStatus.ON_TRACK})


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
class ProgressFigure(NotebookView):
    """One node of a progress report: an indicator, a scope area, a party, a region or the
    agreement, as of the report's date.

    ``value`` is measured progress clamped to [0, 1] (``None`` without data or target): for
    an indicator (actual − baseline) / (target − baseline) of the data received, so it can
    be recomputed from ``actual``, ``baseline`` and ``target``; for a roll-up the children's
    weighted mean. ``raw`` is the unclamped ratio, ``expected`` the progress the schedule
    asks for, ``coverage`` the share of the expected data received (declared reporters ×
    reporting periods due), ``weight`` this node's weight in its parent.
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
    #: Per-period sums with reporting periods missing: the actual with each reporting
    #: region's missing periods (those past their deadline, up to the final target date)
    #: filled at the pace of its periods reported. A projection: never the headline, never a
    #: status input.
    projected: Decimal | None = None
    #: Progress of ``projected`` against the same baseline and target, clamped to [0, 1]:
    #: a projection, labelled as such, never the headline and never a status input.
    projected_value: Decimal | None = None
    children: tuple[ProgressFigure, ...] = ()
    #: Declared reporters (region codes) inside this figure's region without data: missing,
    #: never counted as zero or as success.
    missing: tuple[str, ...] = ()
    #: Indicators: how many regions are expected to report in this figure's region (the
    #: declared reporters, or those that reported when reporting is open).
    reporters: int | None = None
    #: Reporting periods due and past their deadline without a value, as
    #: ``"<region> <period>"`` (``"63.04 2024Q3"``), in the declared reporters.
    missing_periods: tuple[str, ...] = ()
    #: Ids of the observations used that were recorded after their period's deadline.
    late: tuple[str, ...] = ()
    #: Why the status is below what the value alone would give (a declared region with a
    #: target missing or behind), one reason per region.
    held_back: tuple[str, ...] = ()

    @property
    def counts(self) -> bool:
        """Whether this figure counts in its parent: weight above 0 and scored (weight-0
        figures, qualitative statements and areas without indicators count for nothing, in
        value as in status)."""
        return self.weight > 0 and self.status not in (
            ProgressStatus.REPORTED,
            ProgressStatus.NOT_SCORED,
        )

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

    def label(self, language: Language | str = "en") -> str:
        """The figure's name in ``"en"`` or ``"id"``."""
        return self.label_en if Language.parse(language) is Language.EN else self.label_id

    def explain(self, language: Language | str = "en") -> str:
        """Where this figure comes from: observations, baseline, target, weights, rules.

        ``language``: ``"en"`` or ``"id"``, labels and sentences alike (the sentences live
        with the other words people read, in :mod:`desacoop._presentation`).
        """
        from desacoop.rollup._explain import explain

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
class ProgressReport(NotebookView):
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
            f"{_pct(self.value)}, {counted(len(self.total.children), 'area')}>"
        )

    def __str__(self) -> str:
        """The text report (``render(report, "text")``)."""
        from desacoop.report import render

        return render(self)

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
        """The indicators that hold the overall figure back most, with their gain.

        The gain of an indicator is the overall figure recomputed with that indicator at
        its expected value (with all its data), minus the overall figure now: the share the
        total would rise by (× 100 for percentage points). Only positive gains, largest
        first, ties by key.
        """
        if not isinstance(limit, int) or isinstance(limit, bool) or limit < 0:
            raise ValidationError(f"limit must be a whole number ≥ 0, not {shown(limit)}")
        from desacoop.rollup._judge import gains

        return gains(self.total)[:limit]


@runtime_checkable
class RegionList(Protocol):
    """What the engine needs of a region list: the regions below a code at a level.

    :class:`desacoop.registry.RegionRegistry` (an edition of the Kemendagri list) is one.
    """

    def descendants(
        self, code: RegionCode | str, level: Level | None = None
    ) -> tuple[RegionCode, ...]: ...

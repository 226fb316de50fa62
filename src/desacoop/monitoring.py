"""Monitoring plans: indicators, baselines, targets, observations, milestones, periods.

A :class:`MonitoringPlan` ties what is measured to an agreement's scope commitments. Every
class is frozen and validated on construction; the plan checks the whole (every indicator's
area is committed, every party exists, ids are unique, observations fit their indicator and
lie in the responsible party's province). The computation lives in :mod:`desacoop.rollup`.

Conventions (see ``docs/progress.md``):

- A :class:`Value` holds one of: an ``amount`` (a count, rupiah, or a percentage stated
  directly), a ``numerator`` and ``denominator`` (a percentage kept as its parts), a ``level``
  of a named ordinal scale, a qualitative ``text``, or ``met`` (a milestone met or not).
- An :class:`Observation` is never edited: a correction is a new observation that
  ``supersedes`` the old one, recorded later, so "as recorded on D" gives what was known then.
- A :class:`Milestone` stores its due date, the date met and a status; lateness is derived
  for a date and never stored.

>>> Value.ratio(3, 4).numerator, Value.of(12).amount
(Decimal('3'), Decimal('12'))
>>> [str(p) for p in reporting_periods(dt.date(2024, 1, 15), dt.date(2024, 6, 30),
...                                    Frequency.QUARTERLY)]
['2024-01-15/2024-03-31', '2024-04-01/2024-06-30']
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal
from typing import NamedTuple

import attrs
from dateutil.rrule import MONTHLY, rrule

from desacoop._checks import (
    a,
    date,
    date_argument,
    decimal,
    identifier,
    instance_of,
    integer,
    number,
    optional,
    region_codes,
    text,
    to_date,
    to_number,
    to_optional_date,
    to_tuple,
    tuple_of,
)
from desacoop._notebook import NotebookView
from desacoop.agreement import Agreement
from desacoop.errors import Problem, ValidationError, shown
from desacoop.labels import LabelledEnum, counted
from desacoop.regions import (
    LEVEL_DIGITS,
    Level,
    Region,
    RegionCode,
    is_region_code,
    lenient_region_code,
)
from desacoop.scope import (
    AnyArea,
    AreaRef,
    ScopeArea,  # noqa: F401 - the doctests name catalog areas
    area_id,
    area_ref,
    to_area_ref,
)

__all__ = [
    "Aggregation",
    "AreaWeight",
    "Baseline",
    "Direction",
    "Frequency",
    "Indicator",
    "Measure",
    "Milestone",
    "MilestoneStatus",
    "MonitoringPlan",
    "Observation",
    "OrdinalScale",
    "Period",
    "Reporters",
    "Target",
    "TimeBehaviour",
    "Value",
    "reporting_periods",
]

# -- enumerations -------------------------------------------------------------


class Measure(LabelledEnum):
    """What kind of quantity an indicator measures (after IATI's measures)."""

    COUNT = "count", "jumlah", "count"
    PERCENTAGE = (
        "percentage",
        "persentase (pembilang/penyebut)",
        "percentage (numerator/denominator)",
    )
    AMOUNT = "amount", "nilai rupiah", "amount in rupiah"
    ORDINAL = "ordinal", "tingkatan (skala berurutan)", "ordinal level on a named scale"
    QUALITATIVE = "qualitative", "kualitatif", "qualitative (text, never aggregated)"
    MILESTONE = "milestone", "tercapai atau tidak", "milestone met or not"


class Direction(LabelledEnum):
    """Whether progress means the value goes up or down."""

    INCREASE = "increase", "naik", "increase"
    DECREASE = "decrease", "turun", "decrease"


class TimeBehaviour(LabelledEnum):
    """How observations over time combine."""

    CUMULATIVE = "cumulative", "kumulatif (nilai terakhir)", "cumulative (the latest value counts)"
    PER_PERIOD = "per-period", "per periode (dijumlahkan)", "per period (values add up)"


class Aggregation(LabelledEnum):
    """How values of several regions combine into one."""

    SUM = "sum", "jumlah", "sum"
    RATIO = (
        "ratio",
        "rasio (jumlah pembilang / jumlah penyebut)",
        "ratio (sum of numerators / sum of denominators)",
    )
    MEAN = "mean", "rata-rata", "mean"
    MIN = "min", "terendah", "minimum"
    MAX = "max", "tertinggi", "maximum"


class Frequency(LabelledEnum):
    """How often progress is reported. Periods follow the calendar (Indonesia's fiscal year
    is the calendar year)."""

    MONTHLY = "monthly", "bulanan", "monthly"
    QUARTERLY = "quarterly", "triwulanan", "quarterly"
    SEMESTER = "semester", "semesteran", "half-yearly"
    ANNUAL = "annual", "tahunan", "annual"

    @property
    def months(self) -> int:
        """Length of one period in months."""
        return _MONTHS[self]


_MONTHS = {
    Frequency.MONTHLY: 1,
    Frequency.QUARTERLY: 3,
    Frequency.SEMESTER: 6,
    Frequency.ANNUAL: 12,
}


class Reporters(LabelledEnum):
    """Which regions are expected to report an indicator (its *declared reporters*).

    A declared region without data is *missing*: it lowers coverage, shows in the regional
    breakdown and is never counted as zero or as success. Data from a region that is not
    declared is a finding of the report and is left out of every figure.
    """

    LISTED = "listed", "wilayah yang didaftar", "the regions listed in the indicator"
    TARGETS = (
        "targets",
        "wilayah yang diberi target",
        "the regions with a target stated at the level the indicator is observed",
    )
    ALL = (
        "all",
        "semua wilayah provinsi penanggung jawab",
        "every region of the responsible provinces (from a region registry)",
    )
    OPEN = "open", "tidak ditetapkan", "not declared (any region may report)"


class MilestoneStatus(LabelledEnum):
    """A milestone's recorded status (after OCDS). Lateness is derived, never stored."""

    SCHEDULED = "scheduled", "terjadwal", "scheduled"
    MET = "met", "tercapai", "met"
    NOT_MET = "not-met", "tidak tercapai", "not met"
    PARTIALLY_MET = "partially-met", "tercapai sebagian", "partially met"


# -- values and periods -------------------------------------------------------


@attrs.frozen
class Value:
    """One measured or planned value, in exactly one of five forms.

    >>> Value.of(5)
    Value(amount=Decimal('5'), numerator=None, denominator=None, level=None, text=None, met=None)
    >>> Value(numerator=Decimal(3))
    Traceback (most recent call last):
    ...
    desacoop.errors.ValidationError: a percentage needs both numerator and denominator
    """

    #: A count, an amount in rupiah, or a percentage stated directly (0-100).
    amount: Decimal | None = attrs.field(
        default=None, converter=to_number, validator=optional(decimal())
    )
    #: A percentage's numerator (e.g. villages with an updated profile).
    numerator: Decimal | None = attrs.field(
        default=None, converter=to_number, validator=optional(decimal())
    )
    #: A percentage's denominator (e.g. all villages); positive.
    denominator: Decimal | None = attrs.field(
        default=None, converter=to_number, validator=optional(decimal())
    )
    #: A level of the indicator's ordinal scale.
    level: str | None = attrs.field(default=None, validator=optional(text))
    #: A qualitative statement.
    text: str | None = attrs.field(default=None, validator=optional(text))
    #: Whether a milestone-type indicator is met.
    met: bool | None = attrs.field(default=None, validator=optional(instance_of(bool)))

    def __attrs_post_init__(self) -> None:
        if (self.numerator is None) != (self.denominator is None):
            raise ValidationError(
                "a percentage needs both numerator and denominator", field="denominator"
            )
        forms = [
            self.amount is not None,
            self.numerator is not None,
            self.level is not None,
            self.text is not None,
            self.met is not None,
        ]
        if sum(forms) != 1:
            raise ValidationError(
                "a value holds exactly one of: amount, numerator and denominator, level, "
                f"text, met (this one holds {sum(forms)})"
            )
        if self.denominator is not None and self.denominator <= 0:
            raise ValidationError(
                f"a denominator must be positive, not {self.denominator}", field="denominator"
            )
        if self.numerator is not None and self.numerator < 0:
            raise ValidationError(
                f"a numerator cannot be negative ({self.numerator})", field="numerator"
            )

    @classmethod
    def of(cls, amount: Decimal | int | float | str) -> Value:
        """A count or an amount: ``Value.of(12)``, ``Value.of("1500000.50")``, or a float
        from a notebook taken through its shortest repr (``Value.of(0.25)`` is exactly
        ``0.25``); NaN, infinities and anything else are a ValidationError.

        >>> Value.of(0.1).amount, Value.of("7").amount
        (Decimal('0.1'), Decimal('7'))
        """
        return cls(amount=number(amount, "amount", text=True))

    @classmethod
    def ratio(cls, numerator: Decimal | int | float, denominator: Decimal | int | float) -> Value:
        """A percentage kept as its parts: ``Value.ratio(3, 4)`` is 75 %."""
        return cls(
            numerator=number(numerator, "numerator"), denominator=number(denominator, "denominator")
        )

    @property
    def form(self) -> str:
        """Which form the value has: amount, ratio, level, text or met."""
        if self.amount is not None:
            return "amount"
        if self.numerator is not None:
            return "ratio"
        if self.level is not None:
            return "level"
        if self.text is not None:
            return "text"
        return "met"

    def __str__(self) -> str:
        if self.amount is not None:
            return str(self.amount)
        if self.numerator is not None:
            return f"{self.numerator}/{self.denominator}"
        if self.level is not None:
            return self.level
        if self.text is not None:
            return repr(self.text)
        return "met" if self.met else "not met"


@attrs.frozen
class Period:
    """A span of days, both ends included.

    >>> Period(dt.date(2024, 1, 1), dt.date(2024, 3, 31)).days
    91
    """

    start: dt.date = attrs.field(converter=to_date, validator=date)
    end: dt.date = attrs.field(converter=to_date, validator=date)

    def __attrs_post_init__(self) -> None:
        if self.end < self.start:
            raise ValidationError(
                f"a period ends ({self.end.isoformat()}) before it starts "
                f"({self.start.isoformat()})",
                field="end",
            )

    @property
    def days(self) -> int:
        """Number of days, both ends included."""
        return (self.end - self.start).days + 1

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end

    def __str__(self) -> str:
        return f"{self.start.isoformat()}/{self.end.isoformat()}"


#: The longest window :func:`reporting_periods` divides (a bound on time and memory, not a
#: rule of the agreements: 1,200 monthly periods).
MAX_WINDOW_YEARS = 100


def reporting_periods(start: dt.date, end: dt.date, frequency: Frequency) -> tuple[Period, ...]:
    """Calendar reporting periods covering ``start`` to ``end``, the first and last clipped.

    Period ends come from a dateutil ``rrule`` on the last day of the month
    (``bymonthday=-1``), so February ends on the 28th or, in a leap year, the 29th.

    >>> [str(p) for p in reporting_periods(dt.date(2024, 1, 31), dt.date(2024, 3, 15),
    ...                                    Frequency.MONTHLY)]
    ['2024-01-31/2024-01-31', '2024-02-01/2024-02-29', '2024-03-01/2024-03-15']
    >>> for p in reporting_periods(dt.date(2022, 4, 13), dt.date(2023, 3, 31),
    ...                            Frequency.SEMESTER):
    ...     print(p)
    2022-04-13/2022-06-30
    2022-07-01/2022-12-31
    2023-01-01/2023-03-31
    """
    if not isinstance(frequency, Frequency):
        raise ValidationError(f"not a reporting frequency: {frequency!r}")
    window = Period(start, end)  # validates the dates and their order
    if window.end.year - window.start.year > MAX_WINDOW_YEARS:  # bounded time and memory
        raise ValidationError(
            f"reporting periods cover at most {MAX_WINDOW_YEARS} years, not "
            f"{window.start.isoformat()} to {window.end.isoformat()}",
            field="end",
        )
    step = frequency.months
    ends = rrule(
        MONTHLY,
        dtstart=dt.datetime.combine(window.start, dt.time()),
        # December ends a period at every frequency, so the last period ends this year
        until=dt.datetime(window.end.year, 12, 31),
        bymonth=[m for m in range(1, 13) if m % step == 0],
        bymonthday=-1,
    )
    periods: list[Period] = []
    begin = window.start
    for moment in ends:
        last = min(moment.date(), window.end)
        periods.append(Period(begin, last))
        if last >= window.end:
            break
        begin = last + dt.timedelta(days=1)
    return tuple(periods)


# -- indicators ---------------------------------------------------------------


@attrs.frozen
class OrdinalScale:
    """A named ordered scale, lowest level first.

    >>> scale = OrdinalScale("klasifikasi BUM Desa", ("perintis", "pemula", "berkembang", "maju"))
    >>> scale.rank("berkembang")
    2
    """

    name: str = attrs.field(validator=text)
    levels: tuple[str, ...] = attrs.field(converter=to_tuple, validator=tuple_of(str))

    def __attrs_post_init__(self) -> None:
        if len(self.levels) < 2:
            raise ValidationError("an ordinal scale needs at least two levels", field="levels")
        if len(set(self.levels)) != len(self.levels):
            raise ValidationError("an ordinal scale's levels must differ", field="levels")

    def rank(self, level: str) -> int:
        """Position of ``level``, 0 for the lowest."""
        try:
            return self.levels.index(level)
        except ValueError:
            raise ValidationError(
                f"{level!r} is not a level of {self.name!r} ({', '.join(self.levels)})"
            ) from None


@attrs.frozen
class Baseline:
    """The value an indicator starts from, on a date, for the whole plan or one region."""

    value: Value = attrs.field(validator=instance_of(Value))
    on: dt.date = attrs.field(converter=to_date, validator=date)
    #: ``None``: the whole area the indicator covers.
    region: RegionCode | None = attrs.field(
        default=None,
        converter=attrs.converters.optional(lenient_region_code),
        validator=optional(is_region_code),
    )


@attrs.frozen
class Target:
    """The value to reach by a date, for the whole plan or one region.

    For a per-period indicator a target is the total since the baseline date.
    """

    value: Value = attrs.field(validator=instance_of(Value))
    by: dt.date = attrs.field(converter=to_date, validator=date)
    #: ``None``: the whole area the indicator covers.
    region: RegionCode | None = attrs.field(
        default=None,
        converter=attrs.converters.optional(lenient_region_code),
        validator=optional(is_region_code),
    )


_AGGREGATIONS: dict[Measure, tuple[Aggregation, ...]] = {
    Measure.COUNT: (Aggregation.SUM, Aggregation.MEAN, Aggregation.MIN, Aggregation.MAX),
    Measure.AMOUNT: (Aggregation.SUM, Aggregation.MEAN, Aggregation.MIN, Aggregation.MAX),
    Measure.PERCENTAGE: (Aggregation.RATIO, Aggregation.MIN, Aggregation.MAX),
    Measure.ORDINAL: (Aggregation.MIN, Aggregation.MAX),
    Measure.MILESTONE: (Aggregation.MEAN, Aggregation.MIN, Aggregation.MAX),
    Measure.QUALITATIVE: tuple(Aggregation),
}


@attrs.frozen
class Indicator:
    """What is measured in one scope area, how it combines, and what it aims at.

    ``party`` is the responsible party's id, or ``None`` when both parties are.
    ``level`` is where observations are recorded (province, regency, district or village).

    >>> ind = Indicator("kader-aktif", "Kader KPMD aktif", "Active KPMD cadres",
    ...                 ScopeArea.CADRES, "orang", Measure.COUNT,
    ...                 baselines=(Baseline(Value.of(100), dt.date(2022, 4, 13)),),
    ...                 targets=(Target(Value.of(300), dt.date(2024, 12, 31)),))
    >>> ind.aggregation, ind.weight, ind.baseline_date
    (Aggregation.SUM, Decimal('1'), datetime.date(2022, 4, 13))
    """

    id: str = attrs.field(validator=identifier)
    label_id: str = attrs.field(validator=text)
    label_en: str = attrs.field(validator=text)
    #: The scope area: a catalog :class:`ScopeArea` or the id of the agreement's own area.
    area: AreaRef = attrs.field(converter=to_area_ref, validator=area_ref)
    unit: str = attrs.field(validator=text)
    measure: Measure = attrs.field(validator=instance_of(Measure))
    direction: Direction = attrs.field(default=Direction.INCREASE, validator=instance_of(Direction))
    time: TimeBehaviour = attrs.field(
        default=TimeBehaviour.CUMULATIVE, validator=instance_of(TimeBehaviour)
    )
    aggregation: Aggregation = attrs.field(
        default=Aggregation.SUM, validator=instance_of(Aggregation)
    )
    #: Weight inside its scope area (qualitative indicators weigh 0).
    weight: Decimal = attrs.field(default=Decimal(1), converter=to_number, validator=decimal())
    party: str | None = attrs.field(default=None, validator=optional(identifier))
    level: Level = attrs.field(default=Level.PROVINCE, validator=instance_of(Level))
    scale: OrdinalScale | None = attrs.field(
        default=None, validator=optional(instance_of(OrdinalScale))
    )
    baselines: tuple[Baseline, ...] = attrs.field(
        default=(), converter=to_tuple, validator=tuple_of(Baseline)
    )
    targets: tuple[Target, ...] = attrs.field(
        default=(), converter=to_tuple, validator=tuple_of(Target)
    )
    definition: str | None = attrs.field(default=None, validator=optional(text))
    #: The regions expected to report (at ``level``), for ``reporters_rule`` listed.
    reporters: tuple[RegionCode, ...] = attrs.field(default=(), converter=region_codes)
    #: How the expected reporters are declared; ``None``: listed when ``reporters`` is
    #: given, else the regions with a target at ``level`` (open when there are none).
    reporters_rule: Reporters | None = attrs.field(
        default=None, validator=optional(instance_of(Reporters))
    )

    def __repr__(self) -> str:
        """Short: id, area, what is measured and how many targets (issue 22); the whole
        definition is in :func:`desacoop.to_json`."""
        area = self.area if isinstance(self.area, str) else getattr(self.area, "value", self.area)
        party = f", {self.party}" if self.party else ""
        targets = counted(len(self.targets), "target", "targets")
        return (
            f"<Indicator {self.id} in {area}{party}: {self.label_en!r}, "
            f"{self.aggregation.value} of {self.unit!r}, {targets}>"
        )

    def __attrs_post_init__(self) -> None:
        problems = list(self._problems())
        if problems:
            raise ValidationError.from_problems(problems)

    def _problems(self) -> Iterator[Problem]:
        m = self.measure
        if self.weight < 0:
            yield Problem("weight", f"a weight cannot be negative ({self.weight})")
        if m is Measure.QUALITATIVE and self.weight != 0:
            yield Problem(
                "weight", "a qualitative indicator is never scored or aggregated: its weight is 0"
            )
        if self.aggregation not in _AGGREGATIONS[m]:
            allowed = ", ".join(agg.value for agg in _AGGREGATIONS[m])
            why = (
                " (percentages are never summed or averaged: use 'ratio', which sums "
                "numerators and denominators)"
                if m is Measure.PERCENTAGE
                else ""
            )
            yield Problem(
                "aggregation",
                f"{a(m.value)} indicator cannot be aggregated by {self.aggregation.value}; "
                f"use {allowed}{why}",
            )
        if (m is Measure.ORDINAL) != (self.scale is not None):
            yield Problem(
                "scale",
                "an ordinal indicator needs its scale"
                if m is Measure.ORDINAL
                else "only an ordinal indicator has a scale",
            )
        if self.time is TimeBehaviour.PER_PERIOD and m in (
            Measure.ORDINAL,
            Measure.QUALITATIVE,
            Measure.MILESTONE,
        ):
            yield Problem("time", f"{a(m.value)} indicator cannot add up over periods")
        if self.time is TimeBehaviour.PER_PERIOD and self.direction is Direction.DECREASE:
            yield Problem(
                "direction",
                "a per-period indicator adds up what happens in each period; a decreasing one "
                "has no meaning (state the level to stay below as a cumulative indicator)",
            )
        for i, code in enumerate(self.reporters):
            if len(code.compact) != LEVEL_DIGITS[self.level]:
                yield Problem(
                    f"reporters[{i}]",
                    f"{code} is a {code.level.value}; {self.id} is observed per {self.level.value}",
                )
        if len(set(self.reporters)) != len(self.reporters):
            yield Problem("reporters", "a region is listed twice")
        if self.reporters_rule is Reporters.LISTED and not self.reporters:
            yield Problem("reporters", "the reporters are 'listed' but none is listed")
        if m is Measure.MILESTONE and self.direction is Direction.DECREASE:
            yield Problem("direction", "a milestone indicator increases (from not met to met)")
        finest = LEVEL_DIGITS[self.level]
        dates = {b.on for b in self.baselines}
        if len(dates) > 1:
            yield Problem(
                "baselines", "all baselines of an indicator share one date (the schedule's start)"
            )
        seen_regions: set[RegionCode | None] = set()
        for i, b in enumerate(self.baselines):
            where = f"baselines[{i}]"
            if b.region in seen_regions:
                yield Problem(f"{where}.region", f"a second baseline for {b.region or 'the whole'}")
            seen_regions.add(b.region)
            if b.region is not None and len(b.region.compact) > finest:
                yield Problem(f"{where}.region", _finer(b.region, self.level))
            problem = value_problem(self, b.value, planned=True)
            if problem:
                yield Problem(f"{where}.value", problem)
        starts = {
            b.region: numeric(self, b.value)
            for b in self.baselines
            if value_problem(self, b.value, planned=True) is None
        }
        seen_targets: set[tuple[RegionCode | None, dt.date]] = set()
        for i, t in enumerate(self.targets):
            where = f"targets[{i}]"
            if (t.region, t.by) in seen_targets:
                yield Problem(where, f"a second target for {t.region or 'the whole'} by {t.by}")
            seen_targets.add((t.region, t.by))
            if t.region is not None and len(t.region.compact) > finest:
                yield Problem(f"{where}.region", _finer(t.region, self.level))
            if dates and t.by <= min(dates):
                yield Problem(
                    f"{where}.by", f"a target is due after the baseline date ({min(dates)})"
                )
            problem = value_problem(self, t.value, planned=True)
            if problem:
                yield Problem(f"{where}.value", problem)
                continue
            start = starts.get(t.region)
            aim = numeric(self, t.value)
            if start is not None and aim is not None:
                wrong = aim < start if self.direction is Direction.INCREASE else aim > start
                if wrong:
                    yield Problem(
                        f"{where}.value",
                        f"the indicator should {self.direction.value}, but the target ({aim}) "
                        f"lies on the wrong side of the baseline ({start})",
                    )
        if m is not Measure.QUALITATIVE:
            if not self.targets:
                yield Problem("targets", "a scored indicator needs at least one target")
            if not self.baselines and m is not Measure.MILESTONE:
                yield Problem("baselines", "a scored indicator needs a baseline")

    @property
    def baseline_date(self) -> dt.date | None:
        """The date of the baselines (the schedule's start), or ``None`` if none is stated."""
        return self.baselines[0].on if self.baselines else None

    @property
    def reporter_rule(self) -> Reporters:
        """The rule in force: ``reporters_rule``, or listed / targets when not stated."""
        if self.reporters_rule is not None:
            return self.reporters_rule
        return Reporters.LISTED if self.reporters else Reporters.TARGETS

    @property
    def scored(self) -> bool:
        """Whether the indicator has a progress figure (every measure but qualitative)."""
        return self.measure is not Measure.QUALITATIVE


def _finer(region: RegionCode, level: Level) -> str:
    return (
        f"{region} is a {region.level.value}, finer than the level the indicator is observed "
        f"at ({level.value})"
    )


def value_problem(indicator: Indicator, value: Value, *, planned: bool = False) -> str | None:
    """Why ``value`` does not fit ``indicator``'s measure, or ``None`` when it fits.

    ``planned`` values (baselines and targets) of a percentage may be stated as an
    ``amount`` (the percentage itself); observations must give numerator and denominator.
    """
    m = indicator.measure
    form = value.form
    if m in (Measure.COUNT, Measure.AMOUNT):
        if form != "amount":
            return f"{a(m.value)} indicator takes an amount, not a {form}"
        assert value.amount is not None
        if value.amount < 0:
            return f"{a(m.value)} cannot be negative ({value.amount})"
        if m is Measure.COUNT and value.amount != value.amount.to_integral_value():
            return f"a count is a whole number, not {value.amount}"
        return None
    if m is Measure.PERCENTAGE:
        if form == "ratio":
            assert value.numerator is not None
            assert value.denominator is not None
            if value.numerator > value.denominator:
                return (
                    f"a percentage is at most 100 %: {value.numerator} of {value.denominator} "
                    "is more than the whole (is the denominator the number of all villages?)"
                )
            return None
        if planned and form == "amount":
            assert value.amount is not None
            if not 0 <= value.amount <= 100:
                return f"a percentage lies between 0 and 100, not {value.amount}"
            return None
        return "a percentage is observed as numerator and denominator" + (
            " (or, for a baseline or target, as an amount in percent)" if planned else ""
        )
    if m is Measure.ORDINAL:
        if form != "level":
            return f"an ordinal indicator takes a level, not a {form}"
        assert value.level is not None
        if indicator.scale is None:
            return "an ordinal indicator needs its scale"
        if value.level not in indicator.scale.levels:
            return (
                f"{value.level!r} is not a level of {indicator.scale.name!r} "
                f"({', '.join(indicator.scale.levels)})"
            )
        return None
    if m is Measure.QUALITATIVE:
        return None if form == "text" else f"a qualitative indicator takes a text, not a {form}"
    return None if form == "met" else f"a milestone indicator takes met (true/false), not a {form}"


def numeric(indicator: Indicator, value: Value) -> Decimal | None:
    """The number progress is computed on: an amount, a percentage (100 × num / den),
    an ordinal rank, 1 or 0 for met; ``None`` for a text."""
    if value.amount is not None:
        return value.amount
    if value.numerator is not None:
        assert value.denominator is not None
        return 100 * value.numerator / value.denominator
    if value.level is not None:
        assert indicator.scale is not None
        return Decimal(indicator.scale.rank(value.level))
    if value.met is not None:
        return Decimal(1) if value.met else Decimal(0)
    return None


# -- observations and milestones ----------------------------------------------


@attrs.frozen
class Observation:
    """A value observed for one indicator in one region, as on a date or for a period.

    ``on`` is the date the value describes (for a period, its last day); ``period_start``
    makes it a period value. ``recorded_on`` is when it entered the record. A correction is a
    new observation that ``supersedes`` an earlier one; nothing is ever deleted.

    >>> Observation("o1", "kader-aktif", "35.07", dt.date(2022, 12, 31), Value.of(120),
    ...             dt.date(2023, 1, 10)).period is None
    True
    """

    id: str = attrs.field(validator=identifier)
    indicator: str = attrs.field(validator=identifier)
    region: RegionCode = attrs.field(converter=lenient_region_code, validator=is_region_code)
    on: dt.date = attrs.field(converter=to_date, validator=date)
    value: Value = attrs.field(validator=instance_of(Value))
    recorded_on: dt.date = attrs.field(converter=to_date, validator=date)
    period_start: dt.date | None = attrs.field(
        default=None, converter=to_optional_date, validator=optional(date)
    )
    source: str | None = attrs.field(default=None, validator=optional(text))
    note: str | None = attrs.field(default=None, validator=optional(text))
    #: Id of the observation this one corrects.
    supersedes: str | None = attrs.field(default=None, validator=optional(identifier))

    def __attrs_post_init__(self) -> None:
        if self.period_start is not None and self.period_start > self.on:
            raise ValidationError(
                f"the period starts ({self.period_start}) after it ends ({self.on})",
                field="period_start",
            )
        if self.recorded_on < self.on:
            raise ValidationError(
                f"recorded on {self.recorded_on}, before the date it describes ({self.on})",
                field="recorded_on",
            )
        if self.supersedes == self.id:
            raise ValidationError("an observation cannot supersede itself", field="supersedes")

    @property
    def period(self) -> Period | None:
        """The period the value covers, or ``None`` for a value as on a date."""
        return None if self.period_start is None else Period(self.period_start, self.on)


@attrs.frozen
class Milestone:
    """A dated step of the agreement: due date, the date met, recorded status.

    >>> m = Milestone("mou-jatim", "Rencana aksi disepakati", "Action plan agreed",
    ...               ScopeArea.RURAL_ECONOMY, dt.date(2022, 6, 30))
    >>> m.is_late(dt.date(2022, 7, 1)), m.is_late(dt.date(2022, 6, 30))
    (True, False)
    """

    id: str = attrs.field(validator=identifier)
    label_id: str = attrs.field(validator=text)
    label_en: str = attrs.field(validator=text)
    area: AreaRef = attrs.field(converter=to_area_ref, validator=area_ref)
    due: dt.date = attrs.field(converter=to_date, validator=date)
    met_on: dt.date | None = attrs.field(
        default=None, converter=to_optional_date, validator=optional(date)
    )
    status: MilestoneStatus = attrs.field(
        default=MilestoneStatus.SCHEDULED, validator=instance_of(MilestoneStatus)
    )
    party: str | None = attrs.field(default=None, validator=optional(identifier))
    note: str | None = attrs.field(default=None, validator=optional(text))

    def __attrs_post_init__(self) -> None:
        if self.status is MilestoneStatus.MET and self.met_on is None:
            raise ValidationError("a met milestone needs the date it was met", field="met_on")
        if self.met_on is not None and self.status not in (
            MilestoneStatus.MET,
            MilestoneStatus.PARTIALLY_MET,
        ):
            raise ValidationError(
                f"a {self.status.value} milestone has no date met", field="met_on"
            )

    def status_on(self, as_of: dt.date) -> MilestoneStatus:
        """The status as known on ``as_of``: met later than ``as_of`` is still scheduled."""
        as_of = date_argument("as_of", as_of)
        if self.met_on is not None and self.met_on > as_of:
            return MilestoneStatus.SCHEDULED
        if self.status is MilestoneStatus.NOT_MET and as_of <= self.due:
            return MilestoneStatus.SCHEDULED
        return self.status

    def is_late(self, as_of: dt.date) -> bool:
        """Whether, on ``as_of``, the due date has passed without the milestone being met
        on time (met late counts as late)."""
        as_of = date_argument("as_of", as_of)
        met_in_time = (
            self.status is MilestoneStatus.MET
            and self.met_on is not None
            and self.met_on <= self.due
        )
        return as_of > self.due and not met_in_time

    def days_late(self, as_of: dt.date) -> int:
        """Days past due on ``as_of`` (until met, if met late); 0 when not late."""
        if not self.is_late(as_of):
            return 0
        end = as_of
        if self.status is MilestoneStatus.MET and self.met_on is not None:
            end = min(self.met_on, as_of)
        return (end - self.due).days


@attrs.frozen
class AreaWeight:
    """The weight of one scope area in the agreement's overall figure (default 1)."""

    area: AreaRef = attrs.field(converter=to_area_ref, validator=area_ref)
    weight: Decimal = attrs.field(converter=to_number, validator=decimal())

    def __attrs_post_init__(self) -> None:
        if self.weight < 0:
            raise ValidationError(f"a weight cannot be negative ({self.weight})", field="weight")


# -- the plan -----------------------------------------------------------------


@attrs.frozen
class MonitoringPlan(NotebookView):
    """Indicators, milestones and observations for one agreement's scope commitments.

    ``illustrative`` marks a plan made up to show the tool (every report of it says so).
    ``window`` is the monitoring window; it is required when the agreement's term is not
    fully known, and reporting periods come from it. ``regions`` optionally names the
    regions the plan reports on, so that reports can show names beside codes.
    """

    id: str = attrs.field(validator=identifier)
    title: str = attrs.field(validator=text)
    agreement: Agreement = attrs.field(validator=instance_of(Agreement))
    illustrative: bool = attrs.field(validator=instance_of(bool))
    indicators: tuple[Indicator, ...] = attrs.field(
        converter=to_tuple, validator=tuple_of(Indicator)
    )
    observations: tuple[Observation, ...] = attrs.field(
        default=(), converter=to_tuple, validator=tuple_of(Observation)
    )
    milestones: tuple[Milestone, ...] = attrs.field(
        default=(), converter=to_tuple, validator=tuple_of(Milestone)
    )
    frequency: Frequency = attrs.field(
        default=Frequency.QUARTERLY, validator=instance_of(Frequency)
    )
    window: Period | None = attrs.field(default=None, validator=optional(instance_of(Period)))
    area_weights: tuple[AreaWeight, ...] = attrs.field(
        default=(), converter=to_tuple, validator=tuple_of(AreaWeight)
    )
    regions: tuple[Region, ...] = attrs.field(
        default=(), converter=to_tuple, validator=tuple_of(Region)
    )
    sources: tuple[str, ...] = attrs.field(default=(), converter=to_tuple, validator=tuple_of(str))
    notes: tuple[str, ...] = attrs.field(default=(), converter=to_tuple, validator=tuple_of(str))
    #: Days after a reporting period's end by which its values are due; an observation
    #: recorded later is flagged late in reports. ``None``: timeliness is not checked.
    deadline_days: int | None = attrs.field(default=None, validator=optional(integer(0, 3660)))
    #: ``notes`` in English, one beside each (the English report shows them); empty when
    #: only Indonesian.
    notes_en: tuple[str, ...] = attrs.field(default=(), converter=to_tuple, validator=tuple_of(str))

    def __attrs_post_init__(self) -> None:
        problems = list(self._problems())
        if problems:
            raise ValidationError.from_problems(problems)

    # -- validation ------------------------------------------------------------

    def _problems(self) -> Iterator[Problem]:
        if self.notes_en and len(self.notes_en) != len(self.notes):
            yield Problem(
                "notes_en",
                f"give one English note beside each note ({len(self.notes)}), or none; "
                f"there are {len(self.notes_en)}",
            )
        agreement = self.agreement
        parties = {p.id: p for p in agreement.parties}
        committed = set(agreement.area_ids)
        party_list = ", ".join(parties)
        if self.window is None and (agreement.term.end_date is None or self._term_start() is None):
            yield Problem(
                "window",
                "the agreement's term is not fully known, so the plan must declare its "
                "monitoring window (start and end)",
            )
        named: set[RegionCode] = set()
        for i, region in enumerate(self.regions):
            if region.code in named:
                yield Problem(f"regions[{i}].code", f"region {region.code} is named twice")
            named.add(region.code)
        by_id: dict[str, Indicator] = {}
        for i, ind in enumerate(self.indicators):
            where = f"indicators[{i}]"
            if ind.id in by_id:
                yield Problem(f"{where}.id", f"indicator id {ind.id!r} is used twice")
            by_id.setdefault(ind.id, ind)
            if area_id(ind.area) not in committed:
                yield Problem(f"{where}.area", agreement.area_missing(area_id(ind.area)))
            if ind.party is not None and ind.party not in parties:
                yield Problem(
                    f"{where}.party", f"{ind.party!r} is not a party (parties: {party_list})"
                )
                continue
            homes = self._homes(ind)
            for j, code in enumerate(ind.reporters):
                if code.compact[:2] not in homes:
                    yield Problem(f"{where}.reporters[{j}]", _outside(code, ind))
            yield from _conflicts(ind, where, homes)
            for j, b in enumerate(ind.baselines):
                if b.region is not None and b.region.compact[:2] not in homes:
                    yield Problem(f"{where}.baselines[{j}].region", _outside(b.region, ind))
            for j, t in enumerate(ind.targets):
                if t.region is not None and t.region.compact[:2] not in homes:
                    yield Problem(f"{where}.targets[{j}].region", _outside(t.region, ind))
        area_weights: set[str] = set()
        for i, aw in enumerate(self.area_weights):
            key = area_id(aw.area)
            if key in area_weights:
                yield Problem(f"area_weights[{i}].area", f"a second weight for {key}")
            area_weights.add(key)
            if key not in committed:
                yield Problem(f"area_weights[{i}].area", agreement.area_missing(key))
        milestone_ids: set[str] = set()
        for i, ms in enumerate(self.milestones):
            where = f"milestones[{i}]"
            if ms.id in milestone_ids:
                yield Problem(f"{where}.id", f"milestone id {ms.id!r} is used twice")
            milestone_ids.add(ms.id)
            if area_id(ms.area) not in committed:
                yield Problem(f"{where}.area", agreement.area_missing(area_id(ms.area)))
            if ms.party is not None and ms.party not in parties:
                yield Problem(f"{where}.party", f"{ms.party!r} is not a party ({party_list})")
        yield from self._observation_problems(by_id)

    def _observation_problems(self, indicators: dict[str, Indicator]) -> Iterator[Problem]:
        for refusal in self._refusals(self.observations, indicators):
            yield Problem(refusal.path, refusal.message)

    def observation_refusals(self, observations: Sequence[Observation]) -> list[Refusal]:
        """What the plan's rules refuse in ``observations`` (say, its own and new ones), each
        refusal with the index of the observation and the field at fault, as data: an
        import blames its rows by these, never by reading messages."""
        if isinstance(observations, str | bytes) or not isinstance(observations, Sequence):
            raise ValidationError(f"expected a list of observations, not {shown(observations)}")
        if not all(isinstance(o, Observation) for o in observations):
            raise ValidationError("expected a list of observations (Observation)")
        return list(self._refusals(tuple(observations), {i.id: i for i in self.indicators}))

    def _refusals(
        self, observations: tuple[Observation, ...], indicators: dict[str, Indicator]
    ) -> Iterator[Refusal]:
        seen: dict[str, Observation] = {}
        homes = {ind.id: self._homes(ind) for ind in indicators.values()}
        digits = {ind.id: LEVEL_DIGITS[ind.level] for ind in indicators.values()}
        originals: set[tuple[str, str, dt.date, dt.date | None]] = set()
        for i, obs in enumerate(observations):
            if obs.id in seen:
                yield Refusal(i, "id", f"observation id {obs.id!r} is used twice")
                continue
            seen[obs.id] = obs
            ind = indicators.get(obs.indicator)
            if ind is None:
                yield Refusal(i, "indicator", f"no indicator {obs.indicator!r} in the plan")
                continue
            code = obs.region.compact
            if len(code) != digits[ind.id]:
                yield Refusal(
                    i,
                    "region",
                    f"{ind.id} is observed per {ind.level.value}; {obs.region} is a "
                    f"{obs.region.level.value}",
                )
            elif code[:2] not in homes[ind.id]:
                yield Refusal(i, "region", _outside(obs.region, ind))
            problem = value_problem(ind, obs.value)
            if problem:
                yield Refusal(i, "value", problem)
            if obs.supersedes is None:
                # a cumulative value is the state on its date: a period_start makes no second
                # value of the same region and date (per period, overlapping spans are refused
                # below)
                span = obs.period_start if ind.time is TimeBehaviour.PER_PERIOD else None
                original = (ind.id, code, obs.on, span)
                if original in originals:
                    yield Refusal(
                        i,
                        "",
                        f"a second observation of {ind.id} in {obs.region} for {obs.on}; "
                        "a correction must name the observation it supersedes",
                    )
                originals.add(original)
        yield from _overlaps(observations, indicators)
        superseded: set[str] = set()
        looping: set[str] | None = None  # found once, when first needed
        for i, obs in enumerate(observations):
            if obs.supersedes is None:
                continue
            old = seen.get(obs.supersedes)
            if old is None:
                yield Refusal(i, "supersedes", f"no observation {obs.supersedes!r} to supersede")
                continue
            if obs.supersedes in superseded:
                why = f"observation {obs.supersedes!r} is superseded twice"
                yield Refusal(i, "supersedes", why)
            superseded.add(obs.supersedes)
            if old.indicator != obs.indicator or old.region != obs.region:
                yield Refusal(
                    i,
                    "supersedes",
                    "a correction is for the same indicator and region as what it corrects",
                )
            if obs.recorded_on == old.recorded_on and looping is None:
                looping = _looping(seen)
            if obs.recorded_on < old.recorded_on or (
                obs.recorded_on == old.recorded_on and looping is not None and obs.id in looping
            ):
                yield Refusal(
                    i,
                    "supersedes",
                    f"a correction is recorded ({obs.recorded_on}) on or after what it corrects "
                    f"({old.recorded_on}), and corrections never go round in a circle",
                )

    def _term_start(self) -> dt.date | None:
        term = self.agreement.term
        if term.start is not None:
            return term.start
        return self.agreement.signing.on if self.agreement.signing is not None else None

    def _homes(self, indicator: Indicator) -> frozenset[str]:
        return frozenset(self.home_provinces(indicator))

    # -- questions -------------------------------------------------------------

    def home_provinces(self, indicator: Indicator) -> tuple[str, ...]:
        """Compact province codes the indicator covers: its party's, or every party's."""
        if not isinstance(indicator, Indicator):
            raise ValidationError(f"expected an Indicator, not {shown(indicator)}")
        return tuple(
            p.home_province.compact
            for p in self.agreement.parties
            if (indicator.party is None or p.id == indicator.party) and p.home_province is not None
        )

    def indicator(self, indicator_id: str) -> Indicator:
        """The indicator with this id."""
        if not isinstance(indicator_id, str):
            raise ValidationError(f"an indicator id is a text, not {shown(indicator_id)}")
        for ind in self.indicators:
            if ind.id == indicator_id:
                return ind
        raise ValidationError(f"no indicator {indicator_id!r} in plan {self.id!r}")

    def area_weight(self, area: AnyArea | str) -> Decimal:
        """The weight of a scope area (catalog, own, or its id) in the overall figure (1
        unless stated)."""
        key = area_id(area)
        for aw in self.area_weights:
            if area_id(aw.area) == key:
                return aw.weight
        return Decimal(1)

    def area_of(self, item: Indicator | Milestone | AreaWeight) -> AnyArea:
        """The agreement's area an indicator, milestone or weight refers to."""
        if not isinstance(item, Indicator | Milestone | AreaWeight):
            raise ValidationError(f"expected an Indicator or a Milestone, not {shown(item)}")
        return self.agreement.area(item.area)

    def __repr__(self) -> str:
        """Short: the plan's id and size (issue 11)."""
        flag = ", illustrative" if self.illustrative else ""
        return (
            f"<MonitoringPlan {self.id}: {counted(len(self.indicators), 'indicator')}, "
            f"{counted(len(self.observations), 'observation')}, "
            f"{counted(len(self.milestones), 'milestone')}{flag}>"
        )

    @property
    def monitoring_window(self) -> Period:
        """The declared window, or the agreement's term (from signing when no start)."""
        if self.window is not None:
            return self.window
        start, end = self._term_start(), self.agreement.term.end_date
        assert start is not None  # guaranteed by validation
        assert end is not None
        return Period(start, end)

    def reporting_periods(self) -> tuple[Period, ...]:
        """The plan's reporting periods over its monitoring window (see
        :func:`reporting_periods`)."""
        window = self.monitoring_window
        return reporting_periods(window.start, window.end, self.frequency)


def _outside(region: RegionCode, indicator: Indicator) -> str:
    who = f"party {indicator.party!r}" if indicator.party else "the parties"
    return f"{region} lies outside the province(s) of {who} responsible for {indicator.id}"


def _conflicts(ind: Indicator, where: str, homes: frozenset[str]) -> Iterator[Problem]:
    """Two baselines, or two targets on one date, for the same region stated at two levels
    (the whole of a one-province indicator is that province)."""
    if len(homes) != 1:
        return
    (home,) = homes
    for kind, items in (
        ("baselines", [(b.region, b.on) for b in ind.baselines]),
        ("targets", [(t.region, t.by) for t in ind.targets]),
    ):
        whole = {day for region, day in items if region is None}
        for j, (region, day) in enumerate(items):
            if region is not None and region.compact == home and day in whole:
                yield Problem(
                    f"{where}.{kind}[{j}].region",
                    f"{region} is the whole area {ind.id} covers: a {kind[:-1]} for it on "
                    f"{day} and one for the whole contradict each other (state one)",
                )


class Refusal(NamedTuple):
    """Why a plan refuses ``observations[observation]``: the field at fault (``""`` for the
    observation as a whole) and the reason (:meth:`MonitoringPlan.observation_refusals`)."""

    observation: int
    field: str
    message: str

    @property
    def path(self) -> str:
        """``observations[3].region``: where the refusal is in the plan."""
        return f"observations[{self.observation}]" + (f".{self.field}" if self.field else "")


def _overlaps(
    observations: tuple[Observation, ...], indicators: dict[str, Indicator]
) -> Iterator[Refusal]:
    """Period values of one per-period indicator and region that overlap (they would be
    added twice); superseded observations are left aside."""
    for i, owner in overlapping_periods(observations, indicators):
        yield Refusal(
            i,
            "period_start",
            f"this value of {observations[i].indicator} overlaps observations[{owner}] in the "
            "same region (period values are added up, so each day belongs to one value)",
        )


def overlapping_periods(
    observations: Sequence[Observation], indicators: Mapping[str, Indicator]
) -> Iterator[tuple[int, int]]:
    """``(i, j)`` for each current period value ``observations[i]`` of a per-period
    indicator whose period overlaps the earlier-starting ``observations[j]`` of the same
    indicator and region: the plan refuses both, and says so at ``i``."""
    replaced = {o.supersedes for o in observations if o.supersedes is not None}
    spans: dict[tuple[str, str], list[tuple[dt.date, dt.date, int]]] = {}
    for i, o in enumerate(observations):
        ind = indicators.get(o.indicator)
        if ind is None or ind.time is not TimeBehaviour.PER_PERIOD or o.id in replaced:
            continue
        start = o.period_start if o.period_start is not None else o.on
        spans.setdefault((o.indicator, o.region.compact), []).append((start, o.on, i))
    for items in spans.values():
        items.sort()
        reach, owner = items[0][1], items[0][2]
        for start, end, i in items[1:]:
            if start <= reach:
                yield i, owner
            if end > reach:
                reach, owner = end, i


def _looping(seen: dict[str, Observation]) -> set[str]:
    """The ids of observations on a circle of corrections (``a`` supersedes ``b`` which
    supersedes ``a``): each chain is walked once, remembering where walks ended, so the
    check is linear in the number of observations."""
    done: set[str] = set()
    looping: set[str] = set()
    for start in seen:
        path: dict[str, int] = {}
        current: str | None = start
        while current is not None and current not in done and current not in path:
            path[current] = len(path)
            obs = seen.get(current)
            current = None if obs is None else obs.supersedes
        if current is not None and current in path:  # the walk came back: a circle
            looping.update(list(path)[path[current] :])
        done.update(path)
    return looping

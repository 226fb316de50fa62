"""Evaluation records and what is asked of many of them: series, transitions, summaries
per region and counts usable as indicator sources of the progress engine.

A :class:`VillageEvaluation` records one village, one year, one method, with its result
(and, for published records, the summary as published and the :class:`Finding` s where the
two disagree). Every query refuses two evaluations of one village in one year (choose a
method), and every argument is checked: a bad one is a
:class:`~desacoop.errors.ValidationError`, never a silent empty answer.

>>> from desacoop import idm
>>> history = [VillageEvaluation("63.03.01.2001", 2022, idm.evaluate(iks=0.7, ike=0.7, ikl=0.7)),
...            VillageEvaluation("63.03.01.2001", 2023, idm.evaluate(iks=0.9, ike=0.9, ikl=0.9))]
>>> [(t.before.label_id, t.after.label_id) for t in transitions(history)]
[('Berkembang', 'Mandiri')]
>>> count_reaching(history, year=2023, since=2022)
1
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from collections.abc import Iterable
from decimal import Decimal

import attrs

from desacoop import _checks as check
from desacoop._notebook import NotebookView
from desacoop.errors import ValidationError, shown
from desacoop.evaluation.schemes import EvaluationInputs, EvaluationResult, Method
from desacoop.evaluation.status import DevelopmentStatus, status_argument, whole_number
from desacoop.labels import LabelledEnum
from desacoop.regions import Level, RegionCode, VillageKind

__all__ = [
    "Finding",
    "FindingKind",
    "Movement",
    "PublishedSummary",
    "RegionSummary",
    "StatusCount",
    "Transition",
    "VillageEvaluation",
    "changes",
    "count_moved",
    "count_reaching",
    "count_villages",
    "find_villages",
    "latest",
    "series",
    "summarise",
    "transitions",
]

#: Years an evaluation may carry.
FIRST_YEAR, LAST_YEAR = 1900, 2200


class Movement(LabelledEnum):
    """How a village's status changed between two evaluations."""

    UP = "up", "naik", "moved up"
    SAME = "same", "tetap", "unchanged"
    DOWN = "down", "turun", "moved down"


class FindingKind(LabelledEnum):
    """A disagreement between a published record and desacoop's recomputation."""

    ROWS_DISAGREE_WITH_INDEX = (
        "rows-disagree-with-index",
        "skor indikator tidak sesuai indeks dimensi",
        "indicator scores disagree with their dimension index",
    )
    SCORE_DISAGREES_WITH_INDICES = (
        "score-disagrees-with-indices",
        "skor tidak sesuai rerata indeks dimensi",
        "score is not the mean of the dimension indices",
    )
    STATUS_DISAGREES = "status-disagrees", "status tidak sesuai skor", "status disagrees with score"
    TARGET_DISAGREES = "target-disagrees", "target status tidak sesuai", "target status disagrees"
    MINIMUM_DISAGREES = "minimum-disagrees", "skor minimal tidak sesuai", "minimum disagrees"
    GAP_DISAGREES = "gap-disagrees", "penambahan tidak sesuai", "gap disagrees"
    GAIN_DISAGREES = "gain-disagrees", "nilai indikator tidak sesuai", "indicator gain disagrees"
    SUMMARY_ROW_DISAGREES = (
        "summary-row-disagrees",
        "baris ringkasan tidak sesuai",
        "summary row disagrees with the summary",
    )
    MANDIRI_TARGET_QUIRK = (
        "mandiri-target-quirk",
        "target desa Mandiri dari layanan",
        "the service's target for a Mandiri village (known quirk)",
    )


# --- records ------------------------------------------------------------------------------


@attrs.frozen
class PublishedSummary:
    """A result as the ministry published it, kept beside desacoop's recomputation.

    For Kemendes IDM records: ``SKOR_SAAT_INI``, ``STATUS``, ``TARGET_STATUS``,
    ``SKOR_MINIMAL`` and ``PENAMBAHAN`` (floats read via their shortest text, never by
    float arithmetic).
    """

    score: Decimal = attrs.field(converter=check.to_number, validator=check.decimal())
    status: DevelopmentStatus = attrs.field(validator=check.instance_of(DevelopmentStatus))
    target_status: DevelopmentStatus = attrs.field(validator=check.instance_of(DevelopmentStatus))
    minimum: Decimal = attrs.field(converter=check.to_number, validator=check.decimal())
    gap: Decimal = attrs.field(converter=check.to_number, validator=check.decimal())


@attrs.frozen
class Finding:
    """One disagreement found while reading a published record. Data, not an exception."""

    kind: FindingKind = attrs.field(validator=check.instance_of(FindingKind))
    #: JSON path of the published value concerned, e.g. ``$.mapData.SUMMARIES.STATUS``.
    path: str = attrs.field(validator=check.text)
    message: str = attrs.field(validator=check.text)
    published: str | None = attrs.field(default=None, validator=check.optional(check.any_text))
    computed: str | None = attrs.field(default=None, validator=check.optional(check.any_text))


_EVALUATED_VILLAGE = check.village("an evaluation is of")
_TRANSITION_VILLAGE = check.village("a transition is of")


def _evaluated_village(value: RegionCode | str) -> RegionCode:
    return _EVALUATED_VILLAGE(value)


#: The methods that evaluate desa only: IDM (Permendesa PDTT 2/2016) and Indeks Desa
#: (Permendesa PDTT 9/2024) measure desa; a kelurahan has neither.
_DESA_ONLY = frozenset({Method.IDM, Method.INDEKS_DESA})


def _transition_village(value: RegionCode | str) -> RegionCode:
    return _TRANSITION_VILLAGE(value)


@attrs.frozen
class VillageEvaluation(NotebookView):
    """One village evaluated for one year by one method.

    ``result`` is desacoop's computation; ``published`` the summary as the ministry published
    it (if the record came from there) and ``findings`` every disagreement between them.
    """

    village: RegionCode = attrs.field(converter=_evaluated_village)
    year: int = attrs.field(converter=check.to_int, validator=check.integer(FIRST_YEAR, LAST_YEAR))
    result: EvaluationResult = attrs.field(validator=check.instance_of(EvaluationResult))
    published: PublishedSummary | None = attrs.field(
        default=None, validator=check.optional(check.instance_of(PublishedSummary))
    )
    findings: tuple[Finding, ...] = attrs.field(
        default=(), converter=check.to_tuple, validator=check.tuple_of(Finding)
    )
    #: The village's name as the source gives it.
    name: str | None = attrs.field(default=None, validator=check.optional(check.any_text))

    def __attrs_post_init__(self) -> None:
        method = self.result.method
        if method in _DESA_ONLY and self.village.village_kind is VillageKind.KELURAHAN:
            raise ValidationError(
                f"{self.village} is a kelurahan (its village part starts with 1); "
                f"{method.label_id} evaluates desa only, and a kelurahan is not a desa "
                "(UU 6/2014): evaluate it with another method (Prodeskel covers kelurahan)",
                field="village",
            )

    def __repr__(self) -> str:
        """Short: village, year, method, score and status (issue 11)."""
        name = f" {self.name}" if self.name else ""
        return (
            f"<VillageEvaluation {self.village}{name} {self.year} {self.method.value}: "
            f"{self.result.value} {self.status.label_id}>"
        )

    @property
    def method(self) -> Method:
        return self.result.method

    @property
    def inputs(self) -> EvaluationInputs:
        return self.result.inputs

    @property
    def status(self) -> DevelopmentStatus:
        return self.result.status

    def findings_of(self, kind: FindingKind) -> tuple[Finding, ...]:
        """The findings of one kind."""
        if not isinstance(kind, FindingKind):
            raise ValidationError(f"kind must be a FindingKind, not {shown(kind)}", field="kind")
        return tuple(f for f in self.findings if f.kind is kind)


def _movement(before: DevelopmentStatus, after: DevelopmentStatus) -> Movement:
    if after > before:
        return Movement.UP
    if after < before:
        return Movement.DOWN
    return Movement.SAME


@attrs.frozen
class Transition:
    """A village's status in one evaluation and in a later one."""

    village: RegionCode = attrs.field(converter=_transition_village)
    from_year: int = attrs.field(
        converter=check.to_int, validator=check.integer(FIRST_YEAR, LAST_YEAR)
    )
    to_year: int = attrs.field(
        converter=check.to_int, validator=check.integer(FIRST_YEAR, LAST_YEAR)
    )
    before: DevelopmentStatus = attrs.field(validator=check.instance_of(DevelopmentStatus))
    after: DevelopmentStatus = attrs.field(validator=check.instance_of(DevelopmentStatus))

    def __attrs_post_init__(self) -> None:
        if self.to_year <= self.from_year:
            raise ValidationError("a transition goes forward in time", field="to_year")

    @property
    def movement(self) -> Movement:
        """Up, down or unchanged."""
        return _movement(self.before, self.after)

    def reached(self, status: DevelopmentStatus) -> bool:
        """Whether the village was below ``status`` before and at or above it after."""
        status = status_argument("status", status)
        return self.before < status <= self.after


@attrs.frozen
class StatusCount:
    """How many villages have one status."""

    status: DevelopmentStatus = attrs.field(validator=check.instance_of(DevelopmentStatus))
    count: int = attrs.field(validator=check.integer(0))


@attrs.frozen
class RegionSummary(NotebookView):
    """Evaluations of one region in one year, compared with an earlier year if given.

    ``moved_up``, ``moved_down`` and ``reached_mandiri`` count villages evaluated in both
    years; they are 0 when there is no ``compared_with`` year.
    """

    region: RegionCode = attrs.field(converter=check.region_code)
    year: int = attrs.field(converter=check.to_int, validator=check.integer(FIRST_YEAR, LAST_YEAR))
    total: int = attrs.field(validator=check.integer(0))
    counts: tuple[StatusCount, ...] = attrs.field(
        converter=check.to_tuple, validator=check.tuple_of(StatusCount)
    )
    compared_with: int | None = attrs.field(
        default=None, validator=check.optional(check.integer(FIRST_YEAR, LAST_YEAR))
    )
    moved_up: int = attrs.field(default=0, validator=check.integer(0))
    moved_down: int = attrs.field(default=0, validator=check.integer(0))
    reached_mandiri: int = attrs.field(default=0, validator=check.integer(0))

    def __attrs_post_init__(self) -> None:
        if sum(c.count for c in self.counts) != self.total:
            raise ValidationError("the counts per status must add up to the total", field="total")

    def count(self, status: DevelopmentStatus) -> int:
        """Villages with ``status``."""
        status = status_argument("status", status)
        return sum(c.count for c in self.counts if c.status is status)


# --- selection ----------------------------------------------------------------------------

_Table = dict[tuple[RegionCode, int], VillageEvaluation]


def year_argument(name: str, value: object) -> int:
    """A year given to a query (package-internal)."""
    return whole_number(value, name, FIRST_YEAR, LAST_YEAR)


def summary_level(level: object) -> Level:
    """The level of a summary: province, regency or district (package-internal)."""
    if not isinstance(level, Level):
        raise ValidationError(
            f"level must be a Level (province, regency or district), not {shown(level)}",
            field="level",
        )
    if level is Level.VILLAGE:
        raise ValidationError("summaries are per province, regency or district", field="level")
    return level


def _selected(
    evaluations: Iterable[VillageEvaluation],
    region: RegionCode | str | None,
    method: Method | None,
    *,
    region_name: str = "region",
) -> _Table:
    """The evaluations within ``region`` by ``method``, keyed by village and year; two of one
    village in one year are refused. The one selection every query goes through."""
    area = check.optional_region(region, region_name)
    check.argument("method", method, Method)
    if not isinstance(evaluations, Iterable) or isinstance(evaluations, str | bytes):
        raise ValidationError(
            f"evaluations must be a collection of VillageEvaluation, not {shown(evaluations)}",
            field="evaluations",
        )
    table: _Table = {}
    for evaluation in evaluations:
        if not isinstance(evaluation, VillageEvaluation):
            raise ValidationError(f"expected VillageEvaluation, not {type(evaluation).__name__}")
        if area is not None and not evaluation.village.is_within(area):
            continue
        if method is not None and evaluation.method is not method:
            continue
        key = (evaluation.village, evaluation.year)
        if key in table:
            raise ValidationError(
                f"village {evaluation.village} has two evaluations for {evaluation.year}; "
                "choose one method (method=...)"
            )
        table[key] = evaluation
    return table


def _changes(table: _Table, from_year: object, to_year: object) -> tuple[Transition, ...]:
    """Villages of ``table`` evaluated in both years, by village code."""
    start, end = year_argument("from_year", from_year), year_argument("to_year", to_year)
    if end <= start:
        raise ValidationError(
            f"compare a year with an earlier one: {start} is not before {end}", field="to_year"
        )
    return tuple(
        Transition(village, start, end, table[(village, start)].status, after.status)
        for (village, when), after in sorted(table.items())
        if when == end and (village, start) in table
    )


def series(
    evaluations: Iterable[VillageEvaluation],
    village: RegionCode | str,
    *,
    method: Method | None = None,
) -> tuple[VillageEvaluation, ...]:
    """A village's evaluations, oldest first."""
    code = check.village("series are of", "village")(village)
    table = _selected(evaluations, code, method)
    return tuple(table[key] for key in sorted(table) if key[0] == code)


def latest(
    evaluations: Iterable[VillageEvaluation],
    *,
    year: int | None = None,
    method: Method | None = None,
) -> dict[RegionCode, VillageEvaluation]:
    """Each village's most recent evaluation (up to ``year`` when given)."""
    until = None if year is None else year_argument("year", year)
    found: dict[RegionCode, VillageEvaluation] = {}
    for (village, when), evaluation in _selected(evaluations, None, method).items():
        if until is not None and when > until:
            continue
        current = found.get(village)
        if current is None or when > current.year:
            found[village] = evaluation
    return found


def transitions(
    evaluations: Iterable[VillageEvaluation],
    *,
    region: RegionCode | str | None = None,
    method: Method | None = None,
) -> tuple[Transition, ...]:
    """Status changes between each village's consecutive evaluations, by village then year.

    Statuses compare across methods (IDM up to 2023, Indeks Desa from 2024 use the same
    names); pass ``method`` to stay within one.
    """
    table = _selected(evaluations, region, method)
    by_village: dict[RegionCode, list[VillageEvaluation]] = defaultdict(list)
    for key in sorted(table):
        by_village[key[0]].append(table[key])
    found = []
    for village, items in by_village.items():
        for old, new in itertools.pairwise(items):
            found.append(Transition(village, old.year, new.year, old.status, new.status))
    return tuple(found)


def changes(
    evaluations: Iterable[VillageEvaluation],
    *,
    from_year: int,
    to_year: int,
    region: RegionCode | str | None = None,
    method: Method | None = None,
) -> tuple[Transition, ...]:
    """Each village evaluated in both years, with its status in each, by village code
    (``from_year`` before ``to_year``; evaluations in between are not looked at).

    The selection behind :func:`count_moved` and :func:`count_reaching`.
    """
    return _changes(_selected(evaluations, region, method), from_year, to_year)


def find_villages(
    evaluations: Iterable[VillageEvaluation],
    *,
    year: int,
    region: RegionCode | str | None = None,
    status: DevelopmentStatus | None = None,
    at_least: DevelopmentStatus | None = None,
    method: Method | None = None,
) -> tuple[VillageEvaluation, ...]:
    """The evaluations of ``year`` within ``region`` with ``status`` (or ``at_least`` that
    status), by village code. The selection behind :func:`count_villages`."""
    when = year_argument("year", year)
    check.argument("status", status, DevelopmentStatus)
    check.argument("at_least", at_least, DevelopmentStatus)
    table = _selected(evaluations, region, method)
    return tuple(
        e
        for (_, year_of), e in sorted(table.items())
        if year_of == when
        and (status is None or e.status is status)
        and (at_least is None or e.status >= at_least)
    )


# --- summaries and counts -----------------------------------------------------------------


def summarise(
    evaluations: Iterable[VillageEvaluation],
    *,
    year: int,
    level: Level = Level.PROVINCE,
    compared_with: int | None = None,
    within: RegionCode | str | None = None,
    method: Method | None = None,
) -> tuple[RegionSummary, ...]:
    """Counts per status for every region at ``level`` with evaluations in ``year``.

    With ``compared_with`` (an earlier year), also the villages that moved up or down and
    those that reached Mandiri since then. Regions in code order.
    """
    level = summary_level(level)
    when = year_argument("year", year)
    since = None if compared_with is None else year_argument("compared_with", compared_with)
    table = _selected(evaluations, within, method, region_name="within")
    counts: dict[RegionCode, Counter[DevelopmentStatus]] = defaultdict(Counter)
    for (village, year_of), evaluation in table.items():
        if year_of == when:
            counts[village.at_level(level)][evaluation.status] += 1
    moves: dict[RegionCode, Counter[Movement]] = defaultdict(Counter)
    mandiri: Counter[RegionCode] = Counter()
    if since is not None:
        for change in _changes(table, since, when):
            region = change.village.at_level(level)
            moves[region][change.movement] += 1
            mandiri[region] += change.reached(DevelopmentStatus.MANDIRI)
    return tuple(
        RegionSummary(
            region=region,
            year=when,
            total=sum(counts[region].values()),
            counts=tuple(StatusCount(s, counts[region][s]) for s in DevelopmentStatus),
            compared_with=since,
            moved_up=moves[region][Movement.UP],
            moved_down=moves[region][Movement.DOWN],
            reached_mandiri=mandiri[region],
        )
        for region in sorted(counts)
    )


count_villages = check.counting(
    find_villages,
    """How many villages :func:`find_villages` finds with the same criteria.

    An indicator source for the progress engine ("villages in Kalsel with status Mandiri").
    """,
)


def count_moved(
    evaluations: Iterable[VillageEvaluation],
    *,
    from_year: int,
    to_year: int,
    movement: Movement = Movement.UP,
    region: RegionCode | str | None = None,
    method: Method | None = None,
) -> int:
    """Villages evaluated in both years whose status moved up (or down, or stayed): the
    :func:`changes` with that :attr:`~Transition.movement`."""
    if not isinstance(movement, Movement):
        raise ValidationError(
            f"movement must be a Movement, not {shown(movement)}", field="movement"
        )
    found = changes(evaluations, from_year=from_year, to_year=to_year, region=region, method=method)
    return sum(1 for change in found if change.movement is movement)


def count_reaching(
    evaluations: Iterable[VillageEvaluation],
    *,
    year: int,
    since: int,
    status: DevelopmentStatus = DevelopmentStatus.MANDIRI,
    region: RegionCode | str | None = None,
    method: Method | None = None,
) -> int:
    """Villages at ``status`` or above in ``year`` that were below it in ``since``: the
    :func:`changes` from ``since`` to ``year`` that :meth:`~Transition.reached` it."""
    status = status_argument("status", status)
    start, end = year_argument("since", since), year_argument("year", year)
    found = changes(evaluations, from_year=start, to_year=end, region=region, method=method)
    return sum(1 for change in found if change.reached(status))

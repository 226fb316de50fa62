"""Indeks Desa Membangun (IDM), Permendesa PDTT 2/2016, exactly.

IDM = (IKS + IKE + IKL) / 3, the mean of the social, economic and ecological resilience
indices. Each index is the sum of its indicators' 0-5 scores divided by 5 x the number of
indicators. The score is kept at four decimals, rounded half up, and that figure is
classified:

=================  ===========================  ===========
status             range (four decimals)        also called
=================  ===========================  ===========
Sangat Tertinggal  IDM <= 0.4907                Pratama
Tertinggal         0.4907 < IDM <= 0.5989       Pra-Madya
Berkembang         0.5989 < IDM <= 0.7072       Madya
Maju               0.7072 < IDM <= 0.8155       Pra-Sembada
Mandiri            IDM > 0.8155                 Sembada
=================  ===========================  ===========

The target is the next status; its minimum score is the previous upper bound + 0.0001, and
the gap is minimum - score (unrounded), as Kemendes publishes it.

>>> from decimal import Decimal as D
>>> r = evaluate(iks=D("0.65714285714286"), ike=D("0.53333333333333"), ikl=D("0.66666666666667"))
>>> r.value, r.status, r.next_status, r.minimum_for_next
(Decimal('0.6190'), DevelopmentStatus.BERKEMBANG, DevelopmentStatus.MAJU, Decimal('0.7073'))
>>> r.gap
Decimal('0.08825238095238')

From 0-5 indicator scores (the ministry's records have 35 social, 12 economic and 3
ecological indicators):

>>> r = evaluate_scores(social=[5] * 35, economic=[4] * 12, ecological=[5, 5, 0])
>>> r.value, r.status
(Decimal('0.8222'), DevelopmentStatus.MANDIRI)

:func:`gains` says what raising each indicator to 5 would add; :func:`plan` finds the fewest
indicator improvements that reach the target status. :func:`from_kemendes` reads one
response of the ministry's public IDM service and reports every disagreement as a
:class:`~desacoop.evaluation.Finding`. :func:`summarise_sums` classifies many villages at
once for national-scale work, with the same thresholds.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

import attrs

from desacoop import _checks as check
from desacoop.errors import Problem, ValidationError
from desacoop.evaluation import (
    DECIMAL_CONTEXT,
    ActingLevel,
    Actor,
    DevelopmentStatus,
    Dimension,
    DimensionValue,
    DimensionWeight,
    EvaluationInputs,
    EvaluationResult,
    EvaluationScheme,
    Finding,
    FindingKind,
    IndicatorScore,
    Method,
    PublishedSummary,
    RegionSummary,
    StatusCount,
    StatusThresholds,
    VillageEvaluation,
    WeightedScheme,
    round_half_up,
    to_decimal,
)
from desacoop.regions import LEVEL_DIGITS, Level, RegionCode, to_region_code

__all__ = [
    "DIMENSIONS",
    "KEMENDES_BLOCK_SIZES",
    "PUBLISHED_TOLERANCE",
    "SCHEME",
    "THRESHOLDS",
    "Gain",
    "ImprovementPlan",
    "PlanStep",
    "classify_many",
    "evaluate",
    "evaluate_scores",
    "from_kemendes",
    "from_rows",
    "gains",
    "plan",
    "summarise_sums",
]

#: The three IDM dimensions, in the order the ministry lists them.
DIMENSIONS: tuple[Dimension, ...] = (Dimension.IKS, Dimension.IKE, Dimension.IKL)

#: Indicators per dimension in every published Kemendes record (35 social, 12 economic,
#: 3 ecological; confirmed on 10,006 records).
KEMENDES_BLOCK_SIZES: tuple[int, int, int] = (35, 12, 3)

#: IDM status thresholds (Permendesa PDTT 2/2016): the upper bounds 0.4907, 0.5989,
#: 0.7072 and 0.8155 at four decimals, i.e. minimums 0.4908, 0.5990, 0.7073, 0.8156.
THRESHOLDS = StatusThresholds.from_upper_bounds(
    (Decimal("0.4907"), Decimal("0.5989"), Decimal("0.7072"), Decimal("0.8155")), places=4
)

#: IDM as a scheme: the equal-weight mean of IKS, IKE and IKL, classified by THRESHOLDS.
SCHEME = WeightedScheme(
    Method.IDM, tuple(DimensionWeight(d, Decimal(1)) for d in DIMENSIONS), THRESHOLDS
)

#: How far a published figure may be from desacoop's before it is a finding. The service
#: publishes its floats to about 14 decimals.
PUBLISHED_TOLERANCE = Decimal("1e-10")

_ONE = Decimal(1)


def _index(name: str, value: object) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (Decimal, int, str)):
        hint = " (use Decimal(repr(x)) for a float)" if isinstance(value, float) else ""
        raise ValidationError(
            f"{name} must be a Decimal, int or text, not {type(value).__name__}{hint}",
            field=name,
        )
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise ValidationError(f"{name} is not a number: {value!r}", field=name) from None
    if not number.is_finite() or not 0 <= number <= 1:
        raise ValidationError(f"{name} must lie between 0 and 1, not {value}", field=name)
    return number


def evaluate(
    *,
    iks: Decimal | int | str,
    ike: Decimal | int | str,
    ikl: Decimal | int | str,
    scheme: EvaluationScheme = SCHEME,
) -> EvaluationResult:
    """IDM from the three dimension indices (each between 0 and 1).

    >>> from decimal import Decimal as D
    >>> evaluate(iks=D("0.8155"), ike=D("0.8155"), ikl=D("0.81551")).status
    DevelopmentStatus.MAJU
    """
    inputs = EvaluationInputs(
        (
            DimensionValue(Dimension.IKS, _index("iks", iks)),
            DimensionValue(Dimension.IKE, _index("ike", ike)),
            DimensionValue(Dimension.IKL, _index("ikl", ikl)),
        )
    )
    return scheme.evaluate(inputs)


def _block(
    dimension: Dimension, items: Sequence[int | IndicatorScore]
) -> tuple[IndicatorScore, ...]:
    name = dimension.label_en.split()[0]
    if isinstance(items, (str, bytes)) or not isinstance(items, Sequence) or not items:
        raise ValidationError(f"{name} needs a non-empty list of 0-5 scores", field=name)
    block = []
    for number, item in enumerate(items, start=1):
        if isinstance(item, IndicatorScore):
            if item.dimension is not dimension or item.number != number:
                raise ValidationError(
                    f"{name}[{number - 1}] is indicator {item.dimension.value} #{item.number}, "
                    f"expected {dimension.value} #{number}",
                    field=f"{name}[{number - 1}]",
                )
            block.append(item)
        elif isinstance(item, int) and not isinstance(item, bool) and 0 <= item <= 5:
            block.append(IndicatorScore(dimension, number, item))
        else:
            raise ValidationError(
                f"{name}[{number - 1}] must be a score from 0 to 5, not {item!r}",
                field=f"{name}[{number - 1}]",
            )
    return tuple(block)


def _block_index(block: Sequence[IndicatorScore]) -> Fraction:
    return Fraction(sum(i.score for i in block), 5 * len(block))


def evaluate_scores(
    *,
    social: Sequence[int | IndicatorScore],
    economic: Sequence[int | IndicatorScore],
    ecological: Sequence[int | IndicatorScore],
    scheme: EvaluationScheme = SCHEME,
) -> EvaluationResult:
    """IDM from 0-5 indicator scores grouped by dimension (plain ints or IndicatorScores).

    Each dimension index is sum / (5 x count); the result keeps the indicators as inputs.

    >>> evaluate_scores(social=[3, 3], economic=[3], ecological=[3]).value
    Decimal('0.6000')
    """
    blocks = (
        _block(Dimension.IKS, social),
        _block(Dimension.IKE, economic),
        _block(Dimension.IKL, ecological),
    )
    inputs = EvaluationInputs(
        tuple(
            DimensionValue(d, to_decimal(_block_index(b)))
            for d, b in zip(DIMENSIONS, blocks, strict=True)
        ),
        tuple(i for b in blocks for i in b),
    )
    return scheme.evaluate(inputs)


def from_rows(result: EvaluationResult, scheme: EvaluationScheme = SCHEME) -> EvaluationResult:
    """Recompute a result from its indicator rows alone (ignoring its dimension indices)."""
    blocks = [result.inputs.block(d) for d in DIMENSIONS]
    if not all(blocks):
        raise ValidationError("the result has no indicator scores for every dimension")
    return evaluate_scores(
        social=blocks[0], economic=blocks[1], ecological=blocks[2], scheme=scheme
    )


# --- gains and plans ----------------------------------------------------------------------


@attrs.frozen
class Gain:
    """What raising one indicator to 5 would add to the IDM score (``NILAI``)."""

    indicator: IndicatorScore = attrs.field(validator=check.instance_of(IndicatorScore))
    #: Exact gain (28 significant digits).
    exact: Decimal = attrs.field(validator=check.decimal(Decimal(0)))

    @property
    def value(self) -> Decimal:
        """The gain at 8 decimals, half up, as the ministry publishes it."""
        return round_half_up(self.exact, 8)


def _step_values(result: EvaluationResult, scheme: WeightedScheme) -> dict[Dimension, Fraction]:
    """What one more point on an indicator of each dimension adds to the score."""
    weights = {w.dimension: Fraction(w.weight) for w in scheme.weights}
    total = sum(weights.values(), Fraction(0))
    values = {}
    for dimension, weight in weights.items():
        block = result.inputs.block(dimension)
        if block:
            values[dimension] = weight / total / (5 * len(block))
    return values


def gains(result: EvaluationResult, scheme: WeightedScheme = SCHEME) -> tuple[Gain, ...]:
    """For every indicator of ``result``, the gain in score if it rose to 5.

    Gain = (5 - score) / (5 x indicators in its dimension) / 3 for IDM.

    >>> r = evaluate_scores(social=[5, 0], economic=[5], ecological=[5])
    >>> [str(g.value) for g in gains(r)]
    ['0E-8', '0.16666667', '0E-8', '0E-8']
    """
    steps = _step_values(result, scheme)
    return tuple(
        Gain(i, to_decimal(steps[i.dimension] * i.headroom))
        for i in result.inputs.indicators
        if i.dimension in steps
    )


@attrs.frozen
class PlanStep:
    """Raise one indicator from its score to ``to_score``; who should act on it."""

    indicator: IndicatorScore = attrs.field(validator=check.instance_of(IndicatorScore))
    to_score: int = attrs.field(validator=check.integer(1, 5))
    #: What this step adds to the score (28 significant digits).
    gain: Decimal = attrs.field(validator=check.decimal(Decimal(0)))

    def __attrs_post_init__(self) -> None:
        if self.to_score <= self.indicator.score:
            raise ValidationError("a step raises the indicator's score", field="to_score")

    @property
    def actors(self) -> tuple[Actor, ...]:
        """Who should act (as the ministry lists it for the indicator)."""
        return self.indicator.actors

    @property
    def levels(self) -> tuple[ActingLevel, ...]:
        """The levels of government named for the indicator."""
        return tuple(a.level for a in self.indicator.actors)


@attrs.frozen
class ImprovementPlan:
    """The fewest indicator improvements that lift a village to ``target``.

    ``exact``, ``value`` and ``status`` are the score and status after every step.
    """

    target: DevelopmentStatus = attrs.field(validator=check.instance_of(DevelopmentStatus))
    minimum: Decimal = attrs.field(validator=check.decimal())
    start: Decimal = attrs.field(validator=check.decimal())
    steps: tuple[PlanStep, ...] = attrs.field(
        converter=check.to_tuple, validator=check.tuple_of(PlanStep)
    )
    exact: Decimal = attrs.field(validator=check.decimal())
    value: Decimal = attrs.field(validator=check.decimal())
    status: DevelopmentStatus = attrs.field(validator=check.instance_of(DevelopmentStatus))

    @property
    def points(self) -> int:
        """Total score points raised over all steps."""
        return sum(s.to_score - s.indicator.score for s in self.steps)


def plan(
    result: EvaluationResult,
    *,
    target: DevelopmentStatus | None = None,
    scheme: WeightedScheme = SCHEME,
) -> ImprovementPlan | None:
    """The fewest indicator improvements that lift ``result`` to ``target`` (default: next).

    ``None`` when the village already has the target status. The rule, exactly:

    1. **Fewest indicators.** Raising an indicator to 5 is the most it can give, so the
       fewest indicators is the smallest ``k`` whose ``k`` largest full gains reach the
       target: greedy by gain is optimal here.
    2. **Fewest points among those.** Indicators may be raised partly: among all plans
       with ``k`` indicators, the one with the fewest score points raised. Points in a
       dimension with few indicators are worth more (IKL 1/45, IKE 1/180, IKS 1/525 of
       IDM in the ministry's records), so every split of ``k`` across the dimensions is
       tried, each filled with the highest-value points first; ties go to the larger gain.
    3. **Which indicators.** Within a dimension, the ones with most room (then lowest
       number); each raised to 5 in turn, the last one only as far as needed.

    The score reached is computed exactly from the dimension indices plus the gains, and
    classified like any other score (four decimals, half up).

    >>> r = evaluate_scores(social=[5] * 35, economic=[5] * 12, ecological=[0, 0, 0])
    >>> p = plan(r)
    >>> r.status, p.target, [(s.indicator.dimension.value, s.to_score) for s in p.steps]
    (DevelopmentStatus.BERKEMBANG, DevelopmentStatus.MAJU, [('ikl', 2)])
    """
    if not isinstance(result, EvaluationResult):
        raise ValidationError(f"expected an EvaluationResult, not {type(result).__name__}")
    check.argument("target", target, DevelopmentStatus)
    target = result.status.next if target is None else target
    if target is None or result.status >= target:
        return None
    step_value = _step_values(result, scheme)
    if not step_value:
        raise ValidationError("a plan needs the indicator scores, and this result has none")
    base = scheme.exact_score(result.inputs)
    lowest = scheme.thresholds.lowest_exact(target)
    assert lowest is not None
    needed = lowest - base
    # Integer units: every step value and the need as whole multiples of one unit.
    unit_denominator = math.lcm(*(v.denominator for v in step_value.values()), needed.denominator)
    points = {d: int(v * unit_denominator) for d, v in step_value.items()}
    need = math.ceil(needed * unit_denominator)
    rooms: dict[Dimension, list[IndicatorScore]] = {
        d: sorted(
            (i for i in result.inputs.block(d) if i.headroom),
            key=lambda i: (-i.headroom, i.number),
        )
        for d in step_value
    }
    full_gains = sorted(
        (points[d] * i.headroom for d, items in rooms.items() for i in items), reverse=True
    )
    total, count = 0, 0
    for gain in full_gains:
        if total >= need:
            break
        total += gain
        count += 1
    if total < need:
        raise ValidationError(f"{target.label_id} cannot be reached even with every indicator at 5")
    dims = sorted(step_value, key=lambda d: -points[d])
    best: tuple[tuple[int, int], dict[Dimension, int], dict[Dimension, int]] | None = None
    for split in _splits(count, [len(rooms[d]) for d in dims]):
        chosen = dict(zip(dims, split, strict=True))
        left, used, gained = need, 0, 0
        points_in: dict[Dimension, int] = {}
        for d in dims:  # highest-value points first
            room = sum(i.headroom for i in rooms[d][: chosen[d]])
            take = min(room, max(0, -(-left // points[d])))
            points_in[d] = take
            left -= take * points[d]
            used += take
            gained += take * points[d]
        # Infeasible, or some chosen indicator unused (then fewer indicators would do).
        if left > 0 or any(points_in[d] < chosen[d] for d in dims):
            continue
        key = (used, -gained)
        if best is None or key < best[0]:
            best = (key, chosen, points_in)
    assert best is not None  # the greedy prefix above is one such split
    _, chosen, points_in = best
    steps: list[PlanStep] = []
    reached = base
    for d in dims:
        remaining = points_in[d]
        picked = rooms[d][: chosen[d]]
        for position, indicator in enumerate(picked):
            still_to_pick = len(picked) - position - 1
            raise_by = min(indicator.headroom, remaining - still_to_pick)
            remaining -= raise_by
            added = step_value[d] * raise_by
            reached += added
            steps.append(PlanStep(indicator, indicator.score + raise_by, to_decimal(added)))
    steps.sort(key=lambda s: (DIMENSIONS.index(s.indicator.dimension), s.indicator.number))
    minimum = scheme.thresholds.minimum_for(target)
    assert minimum is not None
    value = scheme.thresholds.round(reached)
    return ImprovementPlan(
        target=target,
        minimum=minimum,
        start=to_decimal(base),
        steps=tuple(steps),
        exact=to_decimal(reached),
        value=value,
        status=scheme.thresholds.classify(value),
    )


def _splits(count: int, limits: Sequence[int]) -> Iterable[tuple[int, ...]]:
    """Every way to write ``count`` as a sum of parts bounded by ``limits``."""
    if not limits:
        if count == 0:
            yield ()
        return
    for first in range(min(count, limits[0]) + 1):
        for rest in _splits(count - first, limits[1:]):
            yield (first, *rest)


# --- bulk classification ------------------------------------------------------------------


def classify_many(
    values: Iterable[Decimal], thresholds: StatusThresholds = THRESHOLDS
) -> list[DevelopmentStatus]:
    """The status of each IDM score (each rounded half up to four decimals first)."""
    return [thresholds.classify(v) for v in values]


_COMPACT = "[0-9][0-9][0-9][0-9][0-9][0-9][123][0-9][0-9][0-9]"
_DOTTED = r"[0-9][0-9]\.[0-9][0-9]\.[0-9][0-9]\.[123][0-9][0-9][0-9]"
_ONE_VILLAGE = re.compile(f"{_COMPACT}|{_DOTTED}")
_ALL_COMPACT = re.compile(f"(?:{_COMPACT}\n)*")
_ALL_DOTTED = re.compile(f"(?:{_DOTTED}\n)*")
_RANK_CHARS = "01234"


def summarise_sums(
    villages: Sequence[RegionCode | str],
    social: Sequence[int],
    economic: Sequence[int],
    ecological: Sequence[int],
    *,
    year: int,
    level: Level = Level.PROVINCE,
    sizes: tuple[int, int, int] = KEMENDES_BLOCK_SIZES,
    thresholds: StatusThresholds = THRESHOLDS,
) -> tuple[RegionSummary, ...]:
    """Classify many villages from the sums of their indicator scores, counted per region.

    ``social[k]`` is the sum of village ``k``'s social scores (0 to 5 x ``sizes[0]``), and
    so on. The score is ``(social / (5 n1) + economic / (5 n2) + ecological / (5 n3)) / 3``,
    a whole numerator over one common denominator, so each village costs a few integer
    operations; the cut points between statuses come from ``thresholds``
    (:meth:`~desacoop.evaluation.StatusThresholds.cut_points`), the same rule
    :func:`evaluate_scores` uses. Village codes (dotted or compact) are checked for shape
    (village part starting 1-3); the regions they are counted in are fully validated.
    """
    n_social, n_economic, n_ecological = sizes
    for n in sizes:
        if not isinstance(n, int) or isinstance(n, bool) or n < 1:
            raise ValidationError(f"block sizes are whole numbers above 0, not {sizes!r}")
    if not len(villages) == len(social) == len(economic) == len(ecological):
        raise ValidationError("villages and the three lists of sums must have the same length")
    check.argument("level", level, Level)
    if level is None or level is Level.VILLAGE:
        raise ValidationError("summaries are per province, regency or district")
    common = math.lcm(n_social, n_economic, n_ecological)
    cs, ce, cl = common // n_social, common // n_economic, common // n_ecological
    denominator = 15 * common
    cuts = thresholds.cut_points(denominator)
    limits = (5 * n_social, 5 * n_economic, 5 * n_ecological)
    width = LEVEL_DIGITS[level]
    texts = _village_texts(villages)
    for name, sums, limit in zip(
        ("social", "economic", "ecological"), (social, economic, ecological), limits, strict=True
    ):
        _check_sums(name, sums, limit)
    # Whole-list operations: one key per village (its region's digits and its status
    # rank as one character), counted by Counter's C loop.
    ranks = [_RANK_CHARS[bisect.bisect_right(cuts, n)] for n in range(denominator + 1)]
    if width == 2:  # dotted or compact alike
        keys = [
            t[:2] + ranks[cs * s + ce * e + cl * g]
            for t, s, e, g in zip(texts, social, economic, ecological, strict=True)
        ]
    else:
        keys = [
            t.replace(".", "")[:width] + ranks[cs * s + ce * e + cl * g]
            for t, s, e, g in zip(texts, social, economic, ecological, strict=True)
        ]
    order = tuple(DevelopmentStatus)
    per_region: dict[str, list[int]] = {}
    for key, number in Counter(keys).items():
        per_region.setdefault(key[:-1], [0] * len(order))[int(key[-1])] += number
    return tuple(
        RegionSummary(
            region=RegionCode(prefix),
            year=year,
            total=sum(numbers),
            counts=tuple(StatusCount(s, n) for s, n in zip(order, numbers, strict=True)),
        )
        for prefix, numbers in sorted(per_region.items())
    )


def _village_texts(villages: Sequence[RegionCode | str]) -> Sequence[str]:
    """The codes as texts whose first two characters are the province, each checked.

    One regular-expression pass over all the codes when they share a form (all dotted or
    all compact); otherwise code by code (compacted), naming the first bad one.
    """
    if set(map(type, villages)) == {str}:
        texts: Sequence[Any] = villages
    else:
        texts = [v.compact if isinstance(v, RegionCode) else v for v in villages]
    if set(map(type, texts)) <= {str}:
        joined = "\n".join(texts) + "\n"
        if _ALL_COMPACT.fullmatch(joined) or _ALL_DOTTED.fullmatch(joined):
            return texts
    compact = []
    for position, (code, text) in enumerate(zip(villages, texts, strict=True)):
        if not isinstance(text, str) or _ONE_VILLAGE.fullmatch(text) is None:
            raise ValidationError(
                f"villages[{position}] is not a village code: {code!r}",
                field=f"villages[{position}]",
            )
        compact.append(text.replace(".", ""))
    return compact


def _check_sums(name: str, sums: Sequence[int], limit: int) -> None:
    """Every sum a whole number from 0 to ``limit`` (whole-list checks first)."""
    # The distinct values are few (at most limit + 1), so their set is cheap to check.
    if set(map(type, sums)) <= {int} and all(0 <= v <= limit for v in set(sums)):
        return
    for position, value in enumerate(sums):
        if type(value) is not int or not 0 <= value <= limit:
            raise ValidationError(
                f"{name}[{position}] must be a whole number of points from 0 to {limit}, "
                f"not {value!r}",
                field=f"{name}[{position}]",
            )


# --- Kemendes published records -----------------------------------------------------------


class _Reader:
    """Reads a parsed JSON response, collecting problems with their JSON paths."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def fail(self, path: str, message: str) -> ValidationError:
        self.problems.append(Problem(path, message))
        return ValidationError.from_problems(self.problems)

    def note(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))

    def mapping(self, value: object, path: str) -> Mapping[str, Any]:
        if not isinstance(value, Mapping):
            raise self.fail(path, f"expected an object, found {_kind(value)}")
        return value

    def sequence(self, value: object, path: str) -> Sequence[Any]:
        if not isinstance(value, (list, tuple)):
            raise self.fail(path, f"expected a list, found {_kind(value)}")
        return value

    def key(self, obj: Mapping[str, Any], key: str, path: str) -> Any:
        if key not in obj:
            raise self.fail(f"{path}.{key}", "missing")
        return obj[key]

    def number(self, value: object, path: str) -> Decimal | None:
        """A float, int or numeric text as an exact Decimal (a float via its repr)."""
        if isinstance(value, bool):
            self.note(path, f"expected a number, found {_kind(value)}")
            return None
        if isinstance(value, float):
            text = repr(value)
        elif isinstance(value, (int, str)):
            text = str(value).strip()
        else:
            self.note(path, f"expected a number, found {_kind(value)}")
            return None
        try:
            number = Decimal(text)
        except InvalidOperation:
            self.note(path, f"expected a number, found {value!r}")
            return None
        if not number.is_finite():
            self.note(path, f"expected a finite number, found {value!r}")
            return None
        return number

    def text(self, value: object, path: str, *, optional: bool = False) -> str | None:
        # The service writes PHP's ``false`` for a missing text in at least one record.
        if optional and (value is None or value is False):
            return None
        if not isinstance(value, str):
            self.note(path, f"expected a text, found {_kind(value)}")
            return None
        return value

    def status(self, value: object, path: str) -> DevelopmentStatus | None:
        try:
            return DevelopmentStatus.parse(value)
        except ValidationError as error:
            self.note(path, error.message)
            return None


def _kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    names = {dict: "an object", list: "a list", str: "a text", int: "a number", float: "a number"}
    return names.get(type(value), type(value).__name__) + (
        f" {value!r}" if isinstance(value, (str, int, float)) else ""
    )


_ACTOR_KEYS = (
    ("PUSAT", ActingLevel.CENTRAL),
    ("PROV", ActingLevel.PROVINCE),
    ("KAB", ActingLevel.REGENCY),
    ("DESA", ActingLevel.VILLAGE),
    ("CSR", ActingLevel.CSR),
    ("LAINNYA", ActingLevel.OTHER),
)
_SUMMARY_TITLE = re.compile(r"(IKS|IKE|IKL|IDM|STATUS IDM)\s+([0-9]{4})")
_BLOCK_OF = {"IKS": Dimension.IKS, "IKE": Dimension.IKE, "IKL": Dimension.IKL}


@attrs.frozen
class _Rows:
    indicators: tuple[IndicatorScore, ...]
    indices: dict[Dimension, tuple[Decimal, str]]
    idm_row: tuple[Decimal, str] | None
    status_row: tuple[DevelopmentStatus, str] | None
    years: tuple[tuple[int, str], ...]
    #: JSON path of each indicator row, by (dimension, number).
    paths: dict[tuple[Dimension, int], str]


def _read_rows(reader: _Reader, rows_value: object, path: str) -> _Rows:
    rows = reader.sequence(rows_value, path)
    indicators: list[IndicatorScore] = []
    indices: dict[Dimension, tuple[Decimal, str]] = {}
    idm_row: tuple[Decimal, str] | None = None
    status_row: tuple[DevelopmentStatus, str] | None = None
    years: list[tuple[int, str]] = []
    paths: dict[tuple[Dimension, int], str] = {}
    block: list[IndicatorScore] = []
    expected = list(DIMENSIONS)
    for position, row_value in enumerate(rows):
        here = f"{path}[{position}]"
        row = reader.mapping(row_value, here)
        number = reader.key(row, "NO", here)
        title = reader.key(row, "INDIKATOR", here)
        score = reader.key(row, "SKOR", here)
        if number is None:
            match = _SUMMARY_TITLE.fullmatch(title.strip()) if isinstance(title, str) else None
            if match is None:
                reader.note(f"{here}.INDIKATOR", f"not a known summary row: {title!r}")
                continue
            name, year = match.group(1), int(match.group(2))
            years.append((year, f"{here}.INDIKATOR"))
            if name in _BLOCK_OF:
                dimension = _BLOCK_OF[name]
                if not expected or expected[0] is not dimension:
                    reader.note(f"{here}.INDIKATOR", f"{name} block out of order")
                    continue
                expected.pop(0)
                if not block:
                    reader.note(here, f"the {name} block has no indicator rows")
                value = reader.number(score, f"{here}.SKOR")
                if value is not None:
                    indices[dimension] = (value, f"{here}.SKOR")
                indicators.extend(block)
                block = []
            elif name == "IDM":
                value = reader.number(score, f"{here}.SKOR")
                if value is not None:
                    idm_row = (value, f"{here}.SKOR")
            else:
                status = reader.status(score, f"{here}.SKOR")
                if status is not None:
                    status_row = (status, f"{here}.SKOR")
            continue
        if not expected:
            reader.note(here, "an indicator row after the last dimension block")
            continue
        dimension = expected[0]
        if isinstance(number, bool) or not isinstance(number, int):
            reader.note(f"{here}.NO", f"expected a whole number or null, found {_kind(number)}")
            continue
        if number != len(block) + 1:
            reader.note(f"{here}.NO", f"expected indicator {len(block) + 1}, found {number}")
        if isinstance(score, bool) or not isinstance(score, int) or not 0 <= score <= 5:
            reader.note(f"{here}.SKOR", f"expected a score from 0 to 5, found {_kind(score)}")
            continue
        name_text = reader.text(title, f"{here}.INDIKATOR") or ""
        meaning = reader.text(row.get("KETERANGAN"), f"{here}.KETERANGAN", optional=True)
        activity = reader.text(row.get("KEGIATAN"), f"{here}.KEGIATAN", optional=True)
        if activity is not None and activity.strip() in ("", "-"):
            activity = None
        gain = reader.number(reader.key(row, "NILAI", here), f"{here}.NILAI")
        actors = []
        for key, level in _ACTOR_KEYS:
            who = reader.text(row.get(key), f"{here}.{key}", optional=True)
            if who is not None and who.strip():
                actors.append(Actor(level, who.strip()))
        if gain is not None and gain < 0:
            reader.note(f"{here}.NILAI", f"a gain is never negative: {gain}")
            gain = None
        paths[(dimension, len(block) + 1)] = here
        block.append(
            IndicatorScore(
                dimension=dimension,
                number=len(block) + 1,
                score=score,
                name=name_text.strip(),
                meaning=meaning,
                activity=activity,
                actors=tuple(actors),
                published_gain=gain,
            )
        )
    if block:
        reader.note(path, "indicator rows after the last dimension summary row")
    for dimension in expected:
        reader.note(path, f"no {dimension.value.upper()} summary row")
    if idm_row is None:
        reader.note(path, "no IDM summary row")
    if status_row is None:
        reader.note(path, "no STATUS IDM summary row")
    return _Rows(tuple(indicators), indices, idm_row, status_row, tuple(years), paths)


def _fmt(value: Decimal | Fraction) -> str:
    return str(value if isinstance(value, Decimal) else to_decimal(value))


def _close(a: Decimal, b: Decimal) -> bool:
    return abs(DECIMAL_CONTEXT.subtract(a, b)) <= PUBLISHED_TOLERANCE


def from_kemendes(response: Mapping[str, Any]) -> VillageEvaluation:
    """Read one response of the ministry's public IDM service into a VillageEvaluation.

    ``response`` is the parsed JSON of ``/open/api/desa/rumusan/<village>/<year>``. The
    50 indicator rows become the inputs' indicators; the three dimension indices as
    published become the inputs' dimensions, from which desacoop recomputes the result
    (the ministry's summary and status follow the indices). The summary as published is
    kept in ``published``, and every disagreement is a :class:`~desacoop.evaluation.Finding`:

    - indicator rows whose sum disagrees with their dimension index (seen in 2024);
    - a score that is not the mean of the indices, a summary row that disagrees with the
      summary, a status, target, minimum or gap that disagrees with the rules, a ``NILAI``
      that disagrees with the indicator's gain;
    - for a Mandiri village, the service's target (MANDIRI, 0.8156 and a usually negative
      gap) is the known quirk :attr:`~desacoop.evaluation.FindingKind.MANDIRI_TARGET_QUIRK`;
      the result's target, minimum and gap stay ``None``.

    Floats are read through their shortest text (``Decimal(repr(x))``). A response that
    cannot be read raises :class:`ValidationError` whose problems carry JSON paths such as
    ``$.mapData.ROW[3].SKOR``.
    """
    reader = _Reader()
    root = reader.mapping(response, "$")
    if root.get("error") not in (None, False):
        raise reader.fail("$.error", f"the service answered with an error: {root.get('error')!r}")
    data = reader.mapping(reader.key(root, "mapData", "$"), "$.mapData")
    summary_path = "$.mapData.SUMMARIES"
    summary = reader.mapping(reader.key(data, "SUMMARIES", "$.mapData"), summary_path)
    rows = _read_rows(reader, reader.key(data, "ROW", "$.mapData"), "$.mapData.ROW")
    identities = reader.sequence(reader.key(data, "IDENTITAS", "$.mapData"), "$.mapData.IDENTITAS")
    if not identities:
        raise reader.fail("$.mapData.IDENTITAS", "no identity record")
    identity = reader.mapping(identities[0], "$.mapData.IDENTITAS[0]")
    village_path = "$.mapData.IDENTITAS[0].id_desa"
    village: RegionCode | None = None
    village_value = reader.key(identity, "id_desa", "$.mapData.IDENTITAS[0]")
    try:
        village = to_region_code(village_value)
        if village.level is not Level.VILLAGE:
            reader.note(village_path, f"not a village code: {village_value!r}")
            village = None
    except ValidationError as error:
        reader.note(village_path, error.message)
    name = identity.get("nama_desa")
    name = name.strip() if isinstance(name, str) else None

    def field(key: str) -> Any:
        return reader.key(summary, key, summary_path)

    published_score = reader.number(field("SKOR_SAAT_INI"), f"{summary_path}.SKOR_SAAT_INI")
    published_status = reader.status(field("STATUS"), f"{summary_path}.STATUS")
    published_target = reader.status(field("TARGET_STATUS"), f"{summary_path}.TARGET_STATUS")
    published_minimum = reader.number(field("SKOR_MINIMAL"), f"{summary_path}.SKOR_MINIMAL")
    published_gap = reader.number(field("PENAMBAHAN"), f"{summary_path}.PENAMBAHAN")
    year = field("TAHUN")
    if isinstance(year, bool) or not isinstance(year, int) or not 1900 <= year <= 2200:
        reader.note(f"{summary_path}.TAHUN", f"expected a year, found {_kind(year)}")
    for _dimension, (value, path) in rows.indices.items():
        if not 0 <= value <= 1:
            reader.note(path, f"a dimension index lies between 0 and 1, found {value}")
    if reader.problems:
        raise ValidationError.from_problems(reader.problems)
    assert village is not None
    assert published_score is not None
    assert published_status is not None
    assert published_target is not None
    assert published_minimum is not None
    assert published_gap is not None
    assert rows.idm_row is not None
    assert rows.status_row is not None

    inputs = EvaluationInputs(
        tuple(DimensionValue(d, rows.indices[d][0]) for d in DIMENSIONS), rows.indicators
    )
    result = SCHEME.evaluate(inputs)
    published = PublishedSummary(
        score=published_score,
        status=published_status,
        target_status=published_target,
        minimum=published_minimum,
        gap=published_gap,
    )
    findings = _findings(result, published, rows, year, summary_path)
    return VillageEvaluation(
        village=village,
        year=year,
        result=result,
        published=published,
        findings=findings,
        name=name,
    )


def _findings(
    result: EvaluationResult,
    published: PublishedSummary,
    rows: _Rows,
    year: int,
    summary_path: str,
) -> tuple[Finding, ...]:
    found: list[Finding] = []
    # Indicator rows against their dimension index.
    for dimension in DIMENSIONS:
        block = result.inputs.block(dimension)
        index, path = rows.indices[dimension]
        from_rows_index = _block_index(block)
        if abs(Fraction(index) - from_rows_index) > Fraction(PUBLISHED_TOLERANCE):
            total = sum(i.score for i in block)
            replaced = EvaluationInputs(
                tuple(
                    DimensionValue(
                        d,
                        to_decimal(from_rows_index) if d is dimension else rows.indices[d][0],
                    )
                    for d in DIMENSIONS
                )
            )
            status_from_rows = SCHEME.evaluate(replaced).status
            effect = (
                f"from the rows the status would be {status_from_rows.label_id}"
                if status_from_rows is not result.status
                else "the status is the same either way"
            )
            found.append(
                Finding(
                    FindingKind.ROWS_DISAGREE_WITH_INDEX,
                    path,
                    f"the {len(block)} {dimension.value.upper()} indicator scores add up to "
                    f"{total} of {5 * len(block)} ({_fmt(from_rows_index)}), but the published "
                    f"{dimension.value.upper()} is {index}; the summary follows the index; "
                    f"{effect}",
                    published=str(index),
                    computed=_fmt(from_rows_index),
                )
            )
    # NILAI against the gain of each indicator.
    steps = _step_values(result, SCHEME)
    for indicator in result.inputs.indicators:
        if indicator.published_gain is None:
            continue
        expected = round_half_up(steps[indicator.dimension] * indicator.headroom, 8)
        if indicator.published_gain != expected:
            found.append(
                Finding(
                    FindingKind.GAIN_DISAGREES,
                    f"{rows.paths[(indicator.dimension, indicator.number)]}.NILAI",
                    f"{indicator.dimension.value.upper()} indicator {indicator.number} "
                    f"({indicator.name}) scored {indicator.score} would add {expected} at 5, "
                    f"not {indicator.published_gain}",
                    published=str(indicator.published_gain),
                    computed=str(expected),
                )
            )
    # The score against the indices; the summary rows against the summary.
    if not _close(published.score, result.exact):
        found.append(
            Finding(
                FindingKind.SCORE_DISAGREES_WITH_INDICES,
                f"{summary_path}.SKOR_SAAT_INI",
                f"the published score {published.score} is not the mean of the published "
                f"indices, {result.exact}",
                published=str(published.score),
                computed=str(result.exact),
            )
        )
    assert rows.idm_row is not None
    assert rows.status_row is not None
    if rows.idm_row[0] != published.score:
        found.append(
            Finding(
                FindingKind.SUMMARY_ROW_DISAGREES,
                rows.idm_row[1],
                f"the IDM row says {rows.idm_row[0]}, the summary {published.score}",
                published=str(rows.idm_row[0]),
                computed=str(published.score),
            )
        )
    if rows.status_row[0] is not published.status:
        found.append(
            Finding(
                FindingKind.SUMMARY_ROW_DISAGREES,
                rows.status_row[1],
                f"the STATUS IDM row says {rows.status_row[0].label_id}, the summary "
                f"{published.status.label_id}",
                published=rows.status_row[0].value,
                computed=published.status.value,
            )
        )
    for row_year, path in rows.years:
        if row_year != year:
            found.append(
                Finding(
                    FindingKind.SUMMARY_ROW_DISAGREES,
                    path,
                    f"a summary row is for {row_year}, the record for {year}",
                    published=str(row_year),
                    computed=str(year),
                )
            )
    # DevelopmentStatus, target, minimum and gap against the rules.
    if published.status is not result.status:
        found.append(
            Finding(
                FindingKind.STATUS_DISAGREES,
                f"{summary_path}.STATUS",
                f"a score of {result.value} is {result.status.label_id}, "
                f"not {published.status.label_id}",
                published=published.status.value,
                computed=result.status.value,
            )
        )
    if result.next_status is None:
        found.append(
            Finding(
                FindingKind.MANDIRI_TARGET_QUIRK,
                f"{summary_path}.TARGET_STATUS",
                f"a Mandiri village has no higher status; the service still answers target "
                f"{published.target_status.label_id}, minimum {published.minimum} and "
                f"addition {published.gap} (a known quirk, not a target)",
                published=published.target_status.value,
            )
        )
        return tuple(found)
    assert result.minimum_for_next is not None
    assert result.gap is not None
    if published.target_status is not result.next_status:
        found.append(
            Finding(
                FindingKind.TARGET_DISAGREES,
                f"{summary_path}.TARGET_STATUS",
                f"the next status after {result.status.label_id} is "
                f"{result.next_status.label_id}, not {published.target_status.label_id}",
                published=published.target_status.value,
                computed=result.next_status.value,
            )
        )
    if published.minimum != result.minimum_for_next:
        found.append(
            Finding(
                FindingKind.MINIMUM_DISAGREES,
                f"{summary_path}.SKOR_MINIMAL",
                f"the minimum score of {result.next_status.label_id} is "
                f"{result.minimum_for_next}, not {published.minimum}",
                published=str(published.minimum),
                computed=str(result.minimum_for_next),
            )
        )
    if not _close(published.gap, result.gap):
        found.append(
            Finding(
                FindingKind.GAP_DISAGREES,
                f"{summary_path}.PENAMBAHAN",
                f"the gap to {result.next_status.label_id} is {result.gap}, not {published.gap}",
                published=str(published.gap),
                computed=str(result.gap),
            )
        )
    return tuple(found)

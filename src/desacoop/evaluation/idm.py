"""Indeks Desa Membangun (IDM), Permendesa PDTT 2/2016, exactly: the rules, what each
indicator would add, and the fewest improvements to the next status.

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
the gap is minimum - score, at four decimals like both, so score + gap = minimum as shown
(Kemendes publishes minimum - unrounded score; :mod:`desacoop.evaluation.kemendes` compares
that figure).

>>> from decimal import Decimal as D
>>> r = evaluate(iks=D("0.65714285714286"), ike=D("0.53333333333333"), ikl=D("0.66666666666667"))
>>> r.value, r.status, r.next_status, r.minimum_for_next
(Decimal('0.6190'), DevelopmentStatus.BERKEMBANG, DevelopmentStatus.MAJU, Decimal('0.7073'))
>>> r.gap  # 0.6190 + 0.0883 = 0.7073
Decimal('0.0883')

Indices from a notebook may be floats (numpy's included); each is read through its shortest
repr, so ``0.4907`` is exactly ``Decimal('0.4907')``, Sangat Tertinggal as the ministry
classifies it:

>>> evaluate(iks=0.4907, ike=0.4907, ikl=0.4907).status
DevelopmentStatus.SANGAT_TERTINGGAL

From 0-5 indicator scores (the ministry's records have 35 social, 12 economic and 3
ecological indicators):

>>> r = evaluate_scores(social=[5] * 35, economic=[4] * 12, ecological=[5, 5, 0])
>>> r.value, r.status
(Decimal('0.8222'), DevelopmentStatus.MANDIRI)

:func:`gains` says what raising each indicator to 5 would add; :func:`plan` finds the fewest
indicator improvements that reach the target status. The reader of the ministry's
responses is :mod:`desacoop.evaluation.kemendes`; many villages at once (columns of
results, counts per region) are :mod:`desacoop.evaluation.bulk`.
"""

from __future__ import annotations

import bisect
import itertools
import math
import numbers
import operator
from collections.abc import Iterable, Mapping, Sequence, Set
from decimal import Decimal, Inexact, Rounded
from fractions import Fraction

import attrs

from desacoop import _checks as check
from desacoop._notebook import NotebookView
from desacoop.errors import ValidationError, shown
from desacoop.evaluation.schemes import (
    ActingLevel,
    Actor,
    Dimension,
    DimensionValue,
    DimensionWeight,
    EvaluationInputs,
    EvaluationResult,
    EvaluationScheme,
    IndicatorScore,
    Method,
    WeightedScheme,
    _new_result,
    new_dimension_value,
    new_inputs,
)
from desacoop.evaluation.status import (
    _EXACT,
    _STATUS_ORDER,
    DECIMAL_CONTEXT,
    DevelopmentStatus,
    StatusThresholds,
    round_half_up,
    status_argument,
    to_decimal,
)
from desacoop.labels import counted

__all__ = [
    "DIMENSIONS",
    "KEMENDES_BLOCK_SIZES",
    "SCHEME",
    "THRESHOLDS",
    "Gain",
    "ImprovementPlan",
    "PlanStep",
    "evaluate",
    "evaluate_scores",
    "from_rows",
    "gains",
    "plan",
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

#: The smallest exponent (:meth:`~decimal.Decimal.adjusted`) of an index read as is.
_LOWEST = -check.EXPONENT_LIMIT

#: THRESHOLDS' minimums in ten-thousandths (4908, 5990, 7073, 8156).
_IDM_CUTS = THRESHOLDS.scaled()[1]
assert THRESHOLDS.places == 4
assert len(_IDM_CUTS) == 4

#: IDM as a scheme: the equal-weight mean of IKS, IKE and IKL, classified by THRESHOLDS.
SCHEME = WeightedScheme(
    Method.IDM, tuple(DimensionWeight(d, Decimal(1)) for d in DIMENSIONS), THRESHOLDS
)


def _index(name: str, value: object) -> Decimal:
    """A dimension index from 0 to 1: a Decimal, an int, a numeric text or a finite float
    (numpy's included, read through its shortest repr)."""
    number = check.number(value, name, text=True)
    if not 0 <= number <= 1:
        raise ValidationError(f"{name} must lie between 0 and 1, not {shown(value)}", field=name)
    return number


def _scheme(scheme: object) -> EvaluationScheme:
    if not isinstance(scheme, EvaluationScheme):
        raise ValidationError(
            f"scheme must be an evaluation scheme such as idm.SCHEME, not {shown(scheme)}",
            field="scheme",
        )
    return scheme


def _weighted(scheme: object) -> WeightedScheme:
    if not isinstance(scheme, WeightedScheme):
        raise ValidationError(
            f"scheme must be a WeightedScheme such as idm.SCHEME, not {shown(scheme)}",
            field="scheme",
        )
    return scheme


def _result(result: object) -> EvaluationResult:
    if not isinstance(result, EvaluationResult):
        raise ValidationError(
            f"expected an EvaluationResult, not {type(result).__name__}", field="result"
        )
    return result


def evaluate(
    *,
    iks: Decimal | float | int | str,
    ike: Decimal | float | int | str,
    ikl: Decimal | float | int | str,
    scheme: EvaluationScheme = SCHEME,
) -> EvaluationResult:
    """IDM from the three dimension indices (each between 0 and 1).

    Exact (integer arithmetic, rounded once); for many villages at once,
    :func:`desacoop.evaluation.bulk.evaluate_columns` gives the same figures as columns.

    >>> from decimal import Decimal as D
    >>> evaluate(iks=D("0.8155"), ike=D("0.8155"), ikl=D("0.81551")).status
    DevelopmentStatus.MAJU
    >>> evaluate(iks=0.7, ike=0.6, ikl=0.8) == evaluate(iks=D("0.7"), ike=D("0.6"), ikl=D("0.8"))
    True
    """
    if scheme is SCHEME:
        # Indices seen lately (the same Decimal objects, as a reader's decimal cache or a
        # table of indices gives them): already checked, their DimensionValues shared. An
        # entry keeps its Decimal alive, so no other object has that id meanwhile.
        first = _SEEN_IKS.get(id(iks))
        second = _SEEN_IKE.get(id(ike))
        third = _SEEN_IKL.get(id(ikl))
        if first is not None and second is not None and third is not None:
            figures = _FIGURES.get(first[2] + second[2] + third[2])
            if figures is not None:  # built unchecked (see _checks.trusted)
                inputs = new_inputs((first[0], second[0], third[0]), ())
                return _new_result(_IDM, inputs, *figures)
    if (  # the common case, three plain indices, checked inline as _index would
        type(iks) is Decimal
        and type(ike) is Decimal
        and type(ikl) is Decimal
        and iks.is_finite()
        and ike.is_finite()
        and ikl.is_finite()
        and _ZERO <= iks <= _ONE
        and _ZERO <= ike <= _ONE
        and _ZERO <= ikl <= _ONE
        and iks.adjusted() >= _LOWEST
        and ike.adjusted() >= _LOWEST
        and ikl.adjusted() >= _LOWEST
    ):
        if scheme is SCHEME:  # the entries found above are these indices'
            if first is None and second is None and third is None:
                return _evaluate_idm(iks, ike, ikl, _NONE_FOUND)
            return _evaluate_idm(iks, ike, ikl, (first, second, third))
        social, economic, ecological = iks, ike, ikl
    else:
        social, economic, ecological = _index("iks", iks), _index("ike", ike), _index("ikl", ikl)
    if scheme is SCHEME:  # Decimals made here: never remembered
        return _evaluate_idm(social, economic, ecological, None)
    inputs = new_inputs(
        (
            new_dimension_value(Dimension.IKS, social),
            new_dimension_value(Dimension.IKE, economic),
            new_dimension_value(Dimension.IKL, ecological),
        ),
        (),
    )
    return _scheme(scheme).evaluate(inputs)


_add, _divide, _subtract = _EXACT.add, DECIMAL_CONTEXT.divide, DECIMAL_CONTEXT.subtract
_IKS, _IKE, _IKL, _IDM, _THREE = Dimension.IKS, Dimension.IKE, Dimension.IKL, Method.IDM, Decimal(3)
_ZERO, _ONE = Decimal(0), Decimal(1)

#: Indices are counted in units of 10**-_PLACES: an index with at most _PLACES decimals
#: (28-digit indices below 1 have 28) is a whole number of them, and so is the sum of three.
_PLACES = 28
_SCORE_UNITS = 3 * 10**_PLACES  # a score is (sum of the three, in units) / _SCORE_UNITS
_SCORE_DENOMINATOR = Decimal(_SCORE_UNITS)
#: An index's units not counted yet (seen once), or never countable (more decimals): far
#: below any sum of three counted indices, so a sum holding either is negative, never a
#: key of _FIGURES.
_UNCOUNTED = -(10**40)
_UNCOUNTABLE = -(10**41)
_scaleb, _to_integral = _EXACT.scaleb, _EXACT.to_integral_exact

#: A checked index (one dict a dimension), by the identity of its Decimal: the
#: DimensionValue results share, the Decimal itself (kept alive by the entry, so no other
#: object has its id while the entry lives) and the index in units (counted when it is
#: seen again); at most _SEEN_SIZE each, emptied when full.
_Seen = tuple[DimensionValue, Decimal, int]
_SEEN_IKS: dict[int, _Seen] = {}
_SEEN_IKE: dict[int, _Seen] = {}
_SEEN_IKL: dict[int, _Seen] = {}
_SEEN_SIZE = 4_096
#: One first sighting in _ADMIT is remembered: an index used again and again (a table's,
#: a reader's cache's) is soon remembered, a stream of distinct Decimals pays little.
_ADMIT = 16
_sightings = itertools.count()
#: ``found`` for the caller's own Decimals when none of the three is remembered.
_NONE_FOUND: tuple[_Seen | None, _Seen | None, _Seen | None] = (None, None, None)

#: A result's figures after its inputs (exact, value, status, next status, minimum, gap),
#: by the sum of the three indices in units: they depend on that sum alone (each is
#: computed from the exact fraction, never from how its decimals were written).
_Figures = tuple[
    Decimal, Decimal, DevelopmentStatus, DevelopmentStatus | None, Decimal | None, Decimal | None
]
_FIGURES: dict[int, _Figures] = {}
_FIGURES_SIZE = 16_384

#: IDM values already written, by ten-thousandths (at most 10,001).
_VALUES: dict[int, Decimal] = {}


def _evaluate_idm(
    social: Decimal,
    economic: Decimal,
    ecological: Decimal,
    found: tuple[_Seen | None, _Seen | None, _Seen | None] | None,
) -> EvaluationResult:
    """:data:`SCHEME` on checked indices, as :func:`result_from_ratio` computes it. Indices
    seen before with at most 28 decimals each are counted in units of 10**-28: the score
    is their sum / (3 x 10**28), and its figures are kept by that sum. Otherwise the sum
    of the three is exact in a wide context (else the scheme's own fraction arithmetic
    takes over). The score is rounded once and classified by whole numbers either way.
    ``found``: the entries remembered for these very Decimals (the caller's own, worth
    remembering), or None for Decimals made from floats or texts (never remembered)."""
    if found is None or found is _NONE_FOUND:  # none remembered: as they come
        first = new_dimension_value(_IKS, social)
        second = new_dimension_value(_IKE, economic)
        third = new_dimension_value(_IKL, ecological)
        if found is _NONE_FOUND and not next(_sightings) % _ADMIT:
            _remember(_SEEN_IKS, (first, social, _UNCOUNTED))
            _remember(_SEEN_IKE, (second, economic, _UNCOUNTED))
            _remember(_SEEN_IKL, (third, ecological, _UNCOUNTED))
        inputs = new_inputs((first, second, third), ())
    else:
        one = _entry(_SEEN_IKS, _IKS, social, found[0])
        two = _entry(_SEEN_IKE, _IKE, economic, found[1])
        three = _entry(_SEEN_IKL, _IKL, ecological, found[2])
        inputs = new_inputs((one[0], two[0], three[0]), ())
        units = one[2] + two[2] + three[2]
        if units >= 0:  # all three counted
            return _from_units(inputs, units)
    try:  # the exact sum of the three
        total = _add(_add(social, economic), ecological)
    except (Inexact, Rounded):
        return SCHEME.evaluate(inputs)
    numerator, denominator = total.as_integer_ratio()
    denominator *= 3
    # When 3 does not divide the numerator the quotient never ends, so sum / 3 rounds to
    # the same 28 digits as any equal fraction; otherwise one division of whole numbers.
    if numerator % 3:
        exact = _divide(total, _THREE)
    else:
        exact = _divide(Decimal(numerator), Decimal(denominator))
    return _scored(inputs, numerator, denominator, exact)


def _from_units(inputs: EvaluationInputs, units: int) -> EvaluationResult:
    """The result of the score ``units / (3 x 10**28)``: its figures kept by ``units``."""
    figures = _FIGURES.get(units)
    if figures is not None:
        return _new_result(_IDM, inputs, *figures)
    # One division of two whole numbers: correctly rounded to 28 digits with the ideal
    # exponent 0, so any fraction equal to the score gives the same Decimal.
    result = _scored(inputs, units, _SCORE_UNITS, _divide(Decimal(units), _SCORE_DENOMINATOR))
    if len(_FIGURES) >= _FIGURES_SIZE:
        _FIGURES.clear()
    _FIGURES[units] = (
        result.exact,
        result.value,
        result.status,
        result.next_status,
        result.minimum_for_next,
        result.gap,
    )
    return result


def _remember(cache: dict[int, _Seen], entry: _Seen) -> None:
    if len(cache) >= _SEEN_SIZE:
        cache.clear()
    cache[id(entry[1])] = entry


def _entry(
    cache: dict[int, _Seen], dimension: Dimension, index: Decimal, found: _Seen | None
) -> _Seen:
    """The entry of a checked index of the caller's own: the one ``found`` (its units
    counted when it is seen again), or a new one (remembered as _ADMIT says)."""
    if found is not None:
        if found[2] != _UNCOUNTED:
            return found
        try:  # seen again: worth counting
            units = int(_to_integral(_scaleb(index, _PLACES)))
        except (Inexact, Rounded):  # more than _PLACES decimals
            units = _UNCOUNTABLE
        counted = cache[id(index)] = (found[0], index, units)
        return counted
    value = new_dimension_value(dimension, index)
    entry = (value, index, _UNCOUNTED)
    if not next(_sightings) % _ADMIT:
        _remember(cache, entry)
    return entry


def _scored(
    inputs: EvaluationInputs, numerator: int, denominator: int, exact: Decimal
) -> EvaluationResult:
    """The result of the score ``numerator / denominator`` (not negative), whose 28-digit
    Decimal is ``exact``, as :func:`result_from_ratio` computes it."""
    whole = (20_000 * numerator + denominator) // (2 * denominator)  # half up, 4 decimals
    rank = bisect.bisect_right(_IDM_CUTS, whole)
    value = _VALUES.get(whole)
    if value is None:
        value = _VALUES[whole] = Decimal(f"{whole}E-4")
    if rank < 4:
        minimum = THRESHOLDS.minimums[rank]
        return _new_result(
            _IDM,
            inputs,
            exact,
            value,
            _STATUS_ORDER[rank],
            _STATUS_ORDER[rank + 1],
            minimum,
            _subtract(minimum, value),
        )
    return _new_result(_IDM, inputs, exact, value, _STATUS_ORDER[4], None, None, None)


def _items(name: str, items: object) -> list[object]:
    """The items of a list, a tuple or a one-dimensional array (numpy's, without importing
    it); never of a text, a mapping or a set."""
    one_dimensional = getattr(items, "ndim", 1) == 1 and hasattr(items, "__len__")
    if (
        isinstance(items, str | bytes | Mapping | Set)
        or not isinstance(items, Iterable)
        or not (isinstance(items, Sequence) or one_dimensional)
    ):
        raise ValidationError(
            f"{name} must be a list of 0-5 scores, not {shown(items)}", field=name
        )
    return list(items)


def _block(dimension: Dimension, items: object) -> tuple[IndicatorScore, ...]:
    name = dimension.label_en.split()[0]
    values = _items(name, items)
    if not values:
        raise ValidationError(f"{name} needs a non-empty list of 0-5 scores", field=name)
    block = []
    for number, item in enumerate(values, start=1):
        if isinstance(item, IndicatorScore):
            if item.dimension is not dimension or item.number != number:
                raise ValidationError(
                    f"{name}[{number - 1}] is indicator {item.dimension.value} #{item.number}, "
                    f"expected {dimension.value} #{number}",
                    field=f"{name}[{number - 1}]",
                )
            block.append(item)
        elif (
            isinstance(item, numbers.Integral)
            and not isinstance(item, bool)
            and 0 <= operator.index(item) <= 5
        ):
            block.append(IndicatorScore(dimension, number, operator.index(item)))
        else:
            where = f"{name}[{number - 1}]"
            if _missing(item):
                raise ValidationError(f"{where} is missing ({item}); give a score", field=where)
            hint = (
                " (scores are whole numbers: convert a float column with .astype(int))"
                if _whole_float(item)
                else ""
            )
            raise ValidationError(
                f"{where} must be a score from 0 to 5, not {shown(item)}{hint}", field=where
            )
    return tuple(block)


def _whole_float(item: object) -> bool:
    """A float (numpy's included) holding a whole number, such as ``5.0``."""
    if not isinstance(item, numbers.Real) or isinstance(item, numbers.Integral):
        return False
    try:
        return float(item).is_integer()
    except (OverflowError, ValueError):
        return False


def _missing(item: object) -> bool:
    """None, a NaN (float, numpy or Decimal) or pandas' NA/NaT: a value not given."""
    if item is None or type(item).__name__ in check.MISSING_TYPES:
        return True
    if isinstance(item, Decimal):
        return item.is_nan()
    if isinstance(item, numbers.Integral) or not isinstance(item, numbers.Real):
        return False
    try:
        return math.isnan(float(item))
    except (OverflowError, ValueError):  # a huge Fraction is a number, not a missing one
        return False


def _block_index(block: Sequence[IndicatorScore]) -> Fraction:
    return Fraction(sum(i.score for i in block), 5 * len(block))


def _block_decimal(block: Sequence[IndicatorScore]) -> Decimal:
    """``to_decimal(_block_index(block))``, without the fraction (same digits: a division
    of whole numbers in the one context)."""
    return DECIMAL_CONTEXT.divide(Decimal(sum(i.score for i in block)), Decimal(5 * len(block)))


def evaluate_scores(
    *,
    social: Sequence[int | IndicatorScore],
    economic: Sequence[int | IndicatorScore],
    ecological: Sequence[int | IndicatorScore],
    scheme: EvaluationScheme = SCHEME,
) -> EvaluationResult:
    """IDM from 0-5 indicator scores grouped by dimension: lists, tuples or one-dimensional
    arrays of whole numbers (numpy integers included), or of IndicatorScores.

    Each dimension index is sum / (5 x count); the result keeps the indicators as inputs.

    >>> evaluate_scores(social=[3, 3], economic=[3], ecological=[3]).value
    Decimal('0.6000')
    """
    blocks = (
        _block(Dimension.IKS, social),
        _block(Dimension.IKE, economic),
        _block(Dimension.IKL, ecological),
    )
    # The blocks are consecutive and numbered from 1, so the indicators are distinct.
    inputs = new_inputs(
        tuple(
            new_dimension_value(d, _block_decimal(b))
            for d, b in zip(DIMENSIONS, blocks, strict=True)
        ),
        tuple(i for b in blocks for i in b),
    )
    return (SCHEME if scheme is SCHEME else _scheme(scheme)).evaluate(inputs)


def from_rows(result: EvaluationResult, scheme: EvaluationScheme = SCHEME) -> EvaluationResult:
    """Recompute a result from its indicator rows alone (ignoring its dimension indices)."""
    blocks = [_result(result).inputs.block(d) for d in DIMENSIONS]
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
    steps = _step_values(_result(result), _weighted(scheme))
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
class ImprovementPlan(NotebookView):
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

    def __repr__(self) -> str:
        """Short: the target, the score before and after, and the steps (issue 22)."""
        steps = ", ".join(
            f"{s.indicator.dimension.value} #{s.indicator.number} {s.indicator.score}→{s.to_score}"
            for s in self.steps
        )
        return (
            f"<ImprovementPlan to {self.target.value} (minimum {self.minimum}): "
            f"{self.start} → {self.value} {self.status.value}; "
            f"{counted(len(self.steps), 'step', 'steps')}: {steps or 'none'}>"
        )

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
    result, scheme = _result(result), _weighted(scheme)
    target = result.status.next if target is None else status_argument("target", target)
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

"""Evaluation schemes: what is scored (dimension indices, indicator scores), how, and the
result (score, status, next status, its minimum and the gap to it).

An *evaluation scheme* (:class:`EvaluationScheme`) turns :class:`EvaluationInputs` into an
:class:`EvaluationResult`. Three families are known:

- **IDM**, Indeks Desa Membangun (Permendesa PDTT 2/2016): the mean of three resilience
  indices, classified at four decimals. Built in, exactly, in :mod:`desacoop.idm`.
- **Indeks Desa** (Permendesa PDTT 9/2024, replaces IDM from 2024): six named dimensions,
  weighted. Its weights and status thresholds are **not confirmed**, so :class:`IndeksDesa`
  takes both from the caller; desacoop ships no values for them.
- **Prodeskel** annual classes (Permendagri 12/2007), by percent of the maximum score. Known
  from one source only (DPMD Bengkulu), so :class:`ProdeskelScheme` takes its cut-offs from
  the caller too.

Every scheme computes exactly (rational arithmetic) and rounds half up only where the scheme
says so; no float arithmetic is ever involved (a float given as a dimension value is read
through its shortest repr).

>>> from decimal import Decimal as D
>>> scheme = WeightedScheme(Method.OTHER, (DimensionWeight(Dimension.SOCIAL, D(1)),
...     DimensionWeight(Dimension.ECONOMY, D(3))),
...     StatusThresholds((D(20), D(40), D(60), D(80)), places=0))
>>> scheme.evaluate(EvaluationInputs.of({Dimension.SOCIAL: 40, Dimension.ECONOMY: 80.0})).status
DevelopmentStatus.MAJU
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping
from decimal import Context, Decimal, Inexact, Rounded
from fractions import Fraction
from typing import Any, Protocol, runtime_checkable

import attrs

from desacoop import _checks as check
from desacoop._notebook import NotebookView
from desacoop.errors import ValidationError, shown
from desacoop.evaluation.status import (
    _EXACT,
    _STATUS_ORDER,
    DECIMAL_CONTEXT,
    DevelopmentStatus,
    ProdeskelClass,
    StatusThresholds,
    check_minimums,
    exact_number,
    round_half_up,
    round_ratio,
    scaled_decimal,
    to_decimal,
    whole_number,
)
from desacoop.labels import LabelledEnum

__all__ = [
    "INDEKS_DESA_DIMENSIONS",
    "ActingLevel",
    "Actor",
    "Dimension",
    "DimensionValue",
    "DimensionWeight",
    "EvaluationInputs",
    "EvaluationResult",
    "EvaluationScheme",
    "IndeksDesa",
    "IndexAggregation",
    "IndicatorScore",
    "Method",
    "ProdeskelResult",
    "ProdeskelScheme",
    "WeightedScheme",
    "result_from_exact",
]


# --- vocabulary ---------------------------------------------------------------------------


class Method(LabelledEnum):
    """How a village was evaluated."""

    IDM = "idm", "Indeks Desa Membangun (Permendesa PDTT 2/2016)", "Village Development Index"
    INDEKS_DESA = "indeks-desa", "Indeks Desa (Permendesa PDTT 9/2024)", "Village Index"
    PRODESKEL = "prodeskel", "Profil Desa dan Kelurahan (Permendagri 12/2007)", "village profile"
    OTHER = "other", "metode lain", "another method"


class Dimension(LabelledEnum):
    """Dimensions of the indices: IDM's three and Indeks Desa's six."""

    IKS = "iks", "Indeks Ketahanan Sosial (IKS)", "social resilience index"
    IKE = "ike", "Indeks Ketahanan Ekonomi (IKE)", "economic resilience index"
    IKL = "ikl", "Indeks Ketahanan Lingkungan/Ekologi (IKL)", "ecological resilience index"
    BASIC_SERVICES = "layanan-dasar", "layanan dasar", "basic services"
    SOCIAL = "sosial", "sosial", "social"
    ECONOMY = "ekonomi", "ekonomi", "economy"
    ENVIRONMENT = "lingkungan", "lingkungan", "environment"
    ACCESSIBILITY = "aksesibilitas", "aksesibilitas", "accessibility"
    GOVERNANCE = "tata-kelola", "tata kelola pemerintahan desa", "village governance"


#: The six dimensions of Indeks Desa (Permendesa PDTT 9/2024), in the regulation's order.
INDEKS_DESA_DIMENSIONS: tuple[Dimension, ...] = (
    Dimension.BASIC_SERVICES,
    Dimension.SOCIAL,
    Dimension.ECONOMY,
    Dimension.ENVIRONMENT,
    Dimension.ACCESSIBILITY,
    Dimension.GOVERNANCE,
)


class ActingLevel(LabelledEnum):
    """Who should act to improve an indicator, as the ministry's IDM records list it."""

    CENTRAL = "central", "Pusat", "central government"
    PROVINCE = "province", "Provinsi", "province"
    REGENCY = "regency", "Kabupaten/Kota", "regency or city"
    VILLAGE = "village", "Desa", "village"
    CSR = "csr", "CSR", "corporate social responsibility"
    OTHER = "other", "Lainnya", "other"


# --- inputs -------------------------------------------------------------------------------


@attrs.frozen
class DimensionValue:
    """The value of one dimension index, e.g. IKS = 0.6571 (a float is read through its
    shortest repr: ``0.6571`` is ``Decimal('0.6571')``)."""

    dimension: Dimension = attrs.field(validator=check.instance_of(Dimension))
    value: Decimal = attrs.field(converter=check.to_number, validator=check.decimal())


@attrs.frozen
class Actor:
    """Who should act on an indicator: a level, and the agencies named there."""

    level: ActingLevel = attrs.field(validator=check.instance_of(ActingLevel))
    #: As published, e.g. ``"Dinkes, PU"``.
    who: str = attrs.field(validator=check.text)


@attrs.frozen
class IndicatorScore:
    """One indicator of an index, scored 0-5 as in IDM (Permendesa PDTT 2/2016).

    ``number`` counts from 1 within its dimension's block. ``published_gain`` is what the
    ministry says raising the indicator to 5 would add to the index (``NILAI``), if known.
    """

    dimension: Dimension = attrs.field(validator=check.instance_of(Dimension))
    number: int = attrs.field(converter=check.to_int, validator=check.integer(1))
    score: int = attrs.field(converter=check.to_int, validator=check.integer(0, 5))
    name: str = attrs.field(default="", validator=check.any_text)
    #: What the score means (``KETERANGAN``).
    meaning: str | None = attrs.field(default=None, validator=check.optional(check.any_text))
    #: The suggested activity (``KEGIATAN``); ``None`` when the ministry has none ("-").
    activity: str | None = attrs.field(default=None, validator=check.optional(check.any_text))
    actors: tuple[Actor, ...] = attrs.field(
        default=(), converter=check.to_tuple, validator=check.tuple_of(Actor)
    )
    published_gain: Decimal | None = attrs.field(
        default=None,
        converter=check.to_number,
        validator=check.optional(check.decimal(Decimal(0))),
    )

    @property
    def headroom(self) -> int:
        """Points left before the maximum score of 5."""
        return 5 - self.score


def _dimension_argument(dimension: object) -> Dimension:
    if not isinstance(dimension, Dimension):
        raise ValidationError(
            f"dimension must be a Dimension, not {shown(dimension)}", field="dimension"
        )
    return dimension


def _inputs_argument(inputs: object) -> None:
    # check.argument lets None through: scoring None would raise AttributeError.
    if not isinstance(inputs, EvaluationInputs):
        raise ValidationError(
            f"inputs must be an EvaluationInputs, not {shown(inputs)}", field="inputs"
        )


@attrs.frozen
class EvaluationInputs:
    """What a scheme scores: dimension values and, when known, the indicator scores."""

    dimensions: tuple[DimensionValue, ...] = attrs.field(
        converter=check.to_tuple, validator=check.tuple_of(DimensionValue)
    )
    indicators: tuple[IndicatorScore, ...] = attrs.field(
        default=(), converter=check.to_tuple, validator=check.tuple_of(IndicatorScore)
    )

    def __attrs_post_init__(self) -> None:
        check.unique("dimension", [d.dimension.value for d in self.dimensions], "dimensions")
        check.unique(
            "indicator",
            [f"{i.dimension.value} #{i.number}" for i in self.indicators],
            "indicators",
        )

    def __repr__(self) -> str:
        """Pasteable for dimension values alone; short when indicator scores are kept
        (a Kemendes record's 52 rows): the dimension values and how many scores."""
        if not self.indicators:
            return f"EvaluationInputs(dimensions={self.dimensions!r})"
        values = ", ".join(f"{d.dimension.value} {d.value}" for d in self.dimensions)
        return f"<EvaluationInputs {values}; {len(self.indicators)} indicator scores>"

    def value_of(self, dimension: Dimension) -> Decimal:
        """The value of one dimension; :class:`ValidationError` if it is missing."""
        dimension = _dimension_argument(dimension)
        for item in self.dimensions:
            if item.dimension is dimension:
                return item.value
        raise ValidationError(f"the inputs have no value for {dimension.label_id}")

    def block(self, dimension: Dimension) -> tuple[IndicatorScore, ...]:
        """The indicators of one dimension, in order."""
        dimension = _dimension_argument(dimension)
        return tuple(i for i in self.indicators if i.dimension is dimension)

    @classmethod
    def of(cls, values: Mapping[Dimension, Decimal | float | int]) -> EvaluationInputs:
        """Inputs from a mapping of dimension to value (Decimals, ints or finite floats).

        >>> EvaluationInputs.of({Dimension.IKS: 0.5}).value_of(Dimension.IKS)
        Decimal('0.5')
        """
        if not isinstance(values, Mapping):
            raise ValidationError(
                f"values must be a mapping of Dimension to value, not {shown(values)}",
                field="values",
            )
        return cls(tuple(DimensionValue(d, v) for d, v in values.items()))


# --- results ------------------------------------------------------------------------------


def _check_gap(result: EvaluationResult | ProdeskelResult, following: object) -> None:
    parts = (following, result.minimum_for_next, result.gap)
    if any(p is None for p in parts) and not all(p is None for p in parts):
        raise ValidationError(
            "the next status, its minimum and the gap are given together, or none of them "
            "(only for the highest status)",
            field="gap",
        )
    if result.minimum_for_next is None or result.gap is None:
        return
    gap = DECIMAL_CONTEXT.subtract(result.minimum_for_next, result.value)
    if result.gap == gap:
        return
    if result.gap == DECIMAL_CONTEXT.subtract(result.minimum_for_next, result.exact):
        # A document written before the gap took the scheme's digits (minimum - exact, 28
        # digits) reads as today's gap: the figure is the same fact, shown as classified.
        object.__setattr__(result, "gap", gap)
        return
    raise ValidationError(
        f"the gap must be minimum_for_next - value = {gap}, not {result.gap}", field="gap"
    )


@attrs.frozen
class EvaluationResult(NotebookView):
    """The outcome of a scheme: score, status, and what it takes to reach the next status.

    ``exact`` is the unrounded score (28 significant digits); ``value`` is the rounded
    figure that is classified. ``gap`` = ``minimum_for_next`` - ``value``, with the
    scheme's own digits (IDM: four), so ``value + gap == minimum_for_next`` as shown (the
    ministry publishes ``minimum - exact``; :mod:`~desacoop.evaluation.kemendes` compares
    that). The last three are ``None`` at the top status.
    """

    method: Method = attrs.field(validator=check.instance_of(Method))
    inputs: EvaluationInputs = attrs.field(validator=check.instance_of(EvaluationInputs))
    exact: Decimal = attrs.field(validator=check.decimal())
    value: Decimal = attrs.field(validator=check.decimal())
    status: DevelopmentStatus = attrs.field(validator=check.instance_of(DevelopmentStatus))
    next_status: DevelopmentStatus | None = attrs.field(
        validator=check.optional(check.instance_of(DevelopmentStatus))
    )
    minimum_for_next: Decimal | None = attrs.field(validator=check.optional(check.decimal()))
    gap: Decimal | None = attrs.field(validator=check.optional(check.decimal()))

    def __attrs_post_init__(self) -> None:
        if self.next_status is not self.status.next:
            expected = self.status.next
            raise ValidationError(
                f"after {self.status.label_id} comes "
                f"{expected.label_id if expected else 'no other status'}, "
                f"not {self.next_status.label_id if self.next_status else 'nothing'}",
                field="next_status",
            )
        _check_gap(self, self.next_status)


#: Unchecked constructors for values the package computed itself (package-internal).
_new_result = check.trusted(EvaluationResult)
new_dimension_value = check.trusted(DimensionValue)
new_inputs = check.trusted(EvaluationInputs)


def result_from_exact(
    method: Method, inputs: EvaluationInputs, exact: Fraction, thresholds: StatusThresholds
) -> EvaluationResult:
    """Classify an exact score with ``thresholds`` into an :class:`EvaluationResult`.

    The single place where a score becomes a status, next status, minimum and gap.
    """
    # Every argument is required (the result is built unchecked from them).
    for name, value, kind in (
        ("method", method, Method),
        ("inputs", inputs, EvaluationInputs),
        ("exact", exact, Fraction),
        ("thresholds", thresholds, StatusThresholds),
    ):
        if not isinstance(value, kind):
            raise ValidationError(
                f"{name} must be a {kind.__name__}, not {shown(value)}", field=name
            )
    return result_from_ratio(method, inputs, exact.numerator, exact.denominator, thresholds)


def result_from_ratio(
    method: Method,
    inputs: EvaluationInputs,
    numerator: int,
    denominator: int,
    thresholds: StatusThresholds,
) -> EvaluationResult:
    """:func:`result_from_exact` for the score ``numerator / denominator`` (``denominator >
    0``), unchecked and in integer arithmetic: rounded once, classified by whole numbers
    (package-internal; every argument is the caller's own computation).

    The exact score is ``DECIMAL_CONTEXT.divide(numerator, denominator)``: the division of
    two whole numbers is correctly rounded to 28 digits with the ideal exponent 0, so any
    fraction equal to the score gives the same Decimal, digit for digit.
    """
    places = thresholds.places
    _, minimums = thresholds.scaled()
    whole = round_ratio(numerator, denominator, places)
    rank = bisect.bisect_right(minimums, whole)
    status = _STATUS_ORDER[rank]
    exact = DECIMAL_CONTEXT.divide(Decimal(numerator), Decimal(denominator))
    value = scaled_decimal(whole, places)
    if rank < len(minimums):
        minimum = thresholds.minimums[rank]
        gap = DECIMAL_CONTEXT.subtract(minimum, value)
        return _new_result(
            method, inputs, exact, value, status, _STATUS_ORDER[rank + 1], minimum, gap
        )
    return _new_result(method, inputs, exact, value, status, None, None, None)


# --- schemes ------------------------------------------------------------------------------


@runtime_checkable
class EvaluationScheme(Protocol):
    """What every evaluation method provides.

    ``evaluate`` computes the score of the inputs and classifies it; ``classify`` gives the
    status of a score, ``minimum_for`` the lowest score of a status. Replacing a scheme with
    another that scores the same way but classifies differently changes the status, next
    status, minimum and gap, and nothing else.
    """

    @property
    def method(self) -> Method: ...

    def evaluate(self, inputs: EvaluationInputs) -> EvaluationResult: ...

    def classify(self, value: Decimal) -> DevelopmentStatus: ...

    def minimum_for(self, status: DevelopmentStatus) -> Decimal | None: ...


@attrs.frozen
class DimensionWeight:
    """The weight of one dimension in a weighted index."""

    dimension: Dimension = attrs.field(validator=check.instance_of(Dimension))
    weight: Decimal = attrs.field(validator=check.decimal(Decimal(0)))

    def __attrs_post_init__(self) -> None:
        if self.weight == 0:
            raise ValidationError("a weight must be above zero", field="weight")


def _weighted_exact(weights: tuple[DimensionWeight, ...], inputs: EvaluationInputs) -> Fraction:
    return Fraction(*_weighted_ratio(weights, inputs))


def _weighted_ratio(
    weights: tuple[DimensionWeight, ...], inputs: EvaluationInputs
) -> tuple[int, int]:
    """The weighted mean as a numerator and a positive denominator (not reduced)."""
    given = {d.dimension: d.value for d in inputs.dimensions}
    wanted = {w.dimension for w in weights}
    missing = [w.dimension.label_id for w in weights if w.dimension not in given]
    extra = [d.label_id for d in given if d not in wanted]
    if missing or extra:
        parts = []
        if missing:
            parts.append("missing " + ", ".join(missing))
        if extra:
            parts.append("not used by this method: " + ", ".join(extra))
        raise ValidationError(
            "the dimension values do not fit the method (" + "; ".join(parts) + ")",
            field="dimensions",
        )
    # Sums and products of Decimals are exact in a wide enough context; the one division
    # is done on fractions. Beyond that width, everything is done on fractions.
    try:
        total = score = Decimal(0)
        for w in weights:
            total = _EXACT.add(total, w.weight)
            score = _EXACT.add(score, _EXACT.multiply(w.weight, given[w.dimension]))
    except (Inexact, Rounded):
        total_fraction = sum((Fraction(w.weight) for w in weights), Fraction(0))
        exact = (
            sum((Fraction(w.weight) * Fraction(given[w.dimension]) for w in weights), Fraction(0))
            / total_fraction
        )
        return exact.numerator, exact.denominator
    score_numerator, score_denominator = score.as_integer_ratio()
    total_numerator, total_denominator = total.as_integer_ratio()
    return score_numerator * total_denominator, score_denominator * total_numerator


def _check_weights(instance: Any, attribute: attrs.Attribute[Any], value: object) -> None:
    check.tuple_of(DimensionWeight)(instance, attribute, value)
    assert isinstance(value, tuple)
    if not value:
        raise ValidationError("a weighted index needs at least one dimension", field="weights")
    check.unique("dimension", [w.dimension.value for w in value], "weights")


@attrs.frozen
class WeightedScheme:
    """A weighted mean of dimension values, classified by :class:`StatusThresholds`.

    Score = sum(weight x value) / sum(weight), computed exactly; weights need not add up to
    one. IDM is the equal-weight case over IKS, IKE and IKL (:data:`desacoop.idm.SCHEME`).
    """

    method: Method = attrs.field(validator=check.instance_of(Method))
    weights: tuple[DimensionWeight, ...] = attrs.field(
        converter=check.to_tuple, validator=_check_weights
    )
    thresholds: StatusThresholds = attrs.field(validator=check.instance_of(StatusThresholds))

    def exact_score(self, inputs: EvaluationInputs) -> Fraction:
        """The unrounded score, as an exact fraction."""
        _inputs_argument(inputs)
        return _weighted_exact(self.weights, inputs)

    def evaluate(self, inputs: EvaluationInputs) -> EvaluationResult:
        """Score and classify ``inputs``."""
        if not isinstance(inputs, EvaluationInputs):
            raise ValidationError(f"expected EvaluationInputs, not {type(inputs).__name__}")
        numerator, denominator = _weighted_ratio(self.weights, inputs)
        return result_from_ratio(self.method, inputs, numerator, denominator, self.thresholds)

    def classify(self, value: Decimal | float | int) -> DevelopmentStatus:
        """The status of a score."""
        return self.thresholds.classify(value)

    def minimum_for(self, status: DevelopmentStatus) -> Decimal | None:
        """The lowest score of ``status``."""
        return self.thresholds.minimum_for(status)


def _check_id_weights(instance: Any, attribute: attrs.Attribute[Any], value: object) -> None:
    _check_weights(instance, attribute, value)
    assert isinstance(value, tuple)
    given = {w.dimension for w in value}
    if given != set(INDEKS_DESA_DIMENSIONS):
        names = ", ".join(d.label_id for d in INDEKS_DESA_DIMENSIONS)
        raise ValidationError(
            f"Indeks Desa weighs exactly its six dimensions ({names})", field="weights"
        )


class IndexAggregation(LabelledEnum):
    """How Indeks Desa combines its six dimensions. Public descriptions disagree, so the
    aggregation is the caller's choice (issue 13)."""

    WEIGHTED_MEAN = (
        "weighted-mean",
        "rata-rata hitung tertimbang",
        "weighted arithmetic mean",
    )
    GEOMETRIC_MEAN = (
        "geometric-mean",
        "rata-rata ukur (geometrik) tertimbang",
        "weighted geometric mean",
    )
    #: sdi.beltim.go.id/kodref/03.05.019.001 (the RPJMN 2025-2029 indicator "Persentase Desa
    #: Mandiri"): "Skor ID = SIGMA [Dimensi (1-6) x Bobot Dimensi (1-6)]", then "Skor ID
    #: Normalisasi = (Skor ID - Skor Minimal) / (Skor Maksimal - Skor Minimal)".
    WEIGHTED_SUM_MIN_MAX = (
        "weighted-sum-min-max",
        "jumlah tertimbang, dinormalisasi min-maks",
        "weighted sum, min-max normalised",
    )


def _geometric_ratio(
    weights: tuple[DimensionWeight, ...], inputs: EvaluationInputs
) -> tuple[int, int]:
    """The weighted geometric mean (product of value ** weight, to the power 1 / sum of
    weights), to 28 significant digits, as a numerator and a positive denominator."""
    _weighted_ratio(weights, inputs)  # the same checks that the dimensions fit
    given = {d.dimension: d.value for d in inputs.dimensions}
    used = [(w.weight, given[w.dimension]) for w in weights if w.weight]
    negative = [str(v) for _, v in used if v < 0]
    if negative or not used:
        raise ValidationError(
            "a geometric mean needs a positive weight and values of at least 0"
            + (f", not {', '.join(negative)}" if negative else ""),
            field="dimensions",
        )
    if any(v == 0 for _, v in used):
        return 0, 1
    wide = Context(prec=DECIMAL_CONTEXT.prec + 12)
    total = logs = Decimal(0)
    for weight, value in used:
        total = wide.add(total, weight)
        logs = wide.add(logs, wide.multiply(weight, wide.ln(value)))
    mean = DECIMAL_CONTEXT.plus(wide.exp(wide.divide(logs, total)))
    return mean.as_integer_ratio()


def _check_score_range(instance: Any, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        return
    if not isinstance(value, tuple) or len(value) != 2:
        raise ValidationError(
            f"score_range is (minimum, maximum) of the weighted sum, not {shown(value)}",
            field="score_range",
        )
    for bound in value:
        check.decimal()(instance, attribute, bound)
    low, high = value
    if not high > low:
        raise ValidationError(
            f"the maximum ({high}) of score_range must be above its minimum ({low})",
            field="score_range",
        )


def _score_range(value: object) -> object:
    if isinstance(value, list | tuple):
        return tuple(
            Decimal(v) if isinstance(v, int) and not isinstance(v, bool) else v for v in value
        )
    return value


@attrs.frozen
class IndeksDesa:
    """Indeks Desa (Permendesa PDTT 9/2024): six dimensions, weighted, five statuses.

    The regulation's weights and status thresholds are **unconfirmed**: desacoop ships no
    values, the caller supplies both. How the dimensions are combined is a choice too
    (``aggregation``), since public descriptions disagree:

    - the weighted arithmetic mean (the default) or the weighted geometric mean of dimension
      values taken as already normalised;
    - :attr:`IndexAggregation.WEIGHTED_SUM_MIN_MAX`, as one public description
      (sdi.beltim.go.id/kodref/03.05.019.001) computes it: the weighted sum of the dimension
      values, then min-max normalised, ``(sum - minimum) / (maximum - minimum)``, with the
      minimum and maximum of the weighted sum given as ``score_range``. The same page then
      divides by "Total Skor ID (123,98)"; read as the maximum of the weighted sum, that is
      ``score_range=(Decimal(0), Decimal("123.98"))``, the caller's reading, never a
      default (it depends on the weights).

    >>> from decimal import Decimal as D
    >>> scheme = IndeksDesa.equal_weights(
    ...     StatusThresholds((D("20"), D("40"), D("60"), D("80")), places=2))
    >>> inputs = EvaluationInputs.of({d: D(70) for d in INDEKS_DESA_DIMENSIONS})
    >>> scheme.evaluate(inputs).status
    DevelopmentStatus.MAJU
    """

    weights: tuple[DimensionWeight, ...] = attrs.field(
        converter=check.to_tuple, validator=_check_id_weights
    )
    thresholds: StatusThresholds = attrs.field(validator=check.instance_of(StatusThresholds))
    aggregation: IndexAggregation = attrs.field(
        default=IndexAggregation.WEIGHTED_MEAN, validator=check.instance_of(IndexAggregation)
    )
    #: The minimum and maximum of the weighted sum, for the min-max aggregation only.
    score_range: tuple[Decimal, ...] | None = attrs.field(
        default=None, kw_only=True, converter=_score_range, validator=_check_score_range
    )

    def __attrs_post_init__(self) -> None:
        min_max = self.aggregation is IndexAggregation.WEIGHTED_SUM_MIN_MAX
        if min_max and self.score_range is None:
            raise ValidationError(
                "a min-max normalised weighted sum needs the sum's minimum and maximum "
                "(score_range)",
                field="score_range",
            )
        if not min_max and self.score_range is not None:
            raise ValidationError(
                f"score_range is for the min-max aggregation, not the {self.aggregation.label_en}",
                field="score_range",
            )

    @classmethod
    def equal_weights(
        cls,
        thresholds: StatusThresholds,
        aggregation: IndexAggregation = IndexAggregation.WEIGHTED_MEAN,
    ) -> IndeksDesa:
        """The six dimensions weighted equally (a choice of the caller, not the rule).

        >>> from decimal import Decimal as D
        >>> t = StatusThresholds((D("20"), D("40"), D("60"), D("80")), places=2)
        >>> values = dict(zip(INDEKS_DESA_DIMENSIONS, [D(10), D(90)] * 3, strict=True))
        >>> inputs = EvaluationInputs.of(values)
        >>> IndeksDesa.equal_weights(t).evaluate(inputs).value  # (10 + 90) / 2
        Decimal('50.00')
        >>> geometric = IndeksDesa.equal_weights(t, IndexAggregation.GEOMETRIC_MEAN)
        >>> geometric.evaluate(inputs).value  # (10 x 90) ** (1/2)
        Decimal('30.00')
        """
        return cls(
            tuple(DimensionWeight(d, Decimal(1)) for d in INDEKS_DESA_DIMENSIONS),
            thresholds,
            aggregation,
        )

    @property
    def method(self) -> Method:
        return Method.INDEKS_DESA

    def evaluate(self, inputs: EvaluationInputs) -> EvaluationResult:
        """Score and classify ``inputs`` (values for the six dimensions)."""
        if self.aggregation is IndexAggregation.WEIGHTED_MEAN:
            scheme = WeightedScheme(Method.INDEKS_DESA, self.weights, self.thresholds)
            return scheme.evaluate(inputs)
        _inputs_argument(inputs)
        if self.score_range is not None:
            return result_from_exact(
                Method.INDEKS_DESA, inputs, self.normalised_sum(inputs), self.thresholds
            )
        mean = Fraction(*_geometric_ratio(self.weights, inputs))
        return result_from_exact(Method.INDEKS_DESA, inputs, mean, self.thresholds)

    def normalised_sum(self, inputs: EvaluationInputs) -> Fraction:
        """The weighted sum of the dimension values, min-max normalised with
        ``score_range``, exactly (the min-max aggregation's unrounded score).

        >>> from decimal import Decimal as D
        >>> t = StatusThresholds((D("0.2"), D("0.4"), D("0.6"), D("0.8")), places=4)
        >>> weights = [DimensionWeight(d, D(w)) for d, w in zip(INDEKS_DESA_DIMENSIONS,
        ...            [1, 1, 1, 1, 1, 1], strict=True)]
        >>> scheme = IndeksDesa(weights, t, IndexAggregation.WEIGHTED_SUM_MIN_MAX,
        ...                     score_range=(D(0), D(600)))
        >>> inputs = EvaluationInputs.of({d: D(50) for d in INDEKS_DESA_DIMENSIONS})
        >>> scheme.evaluate(inputs).value  # (6 x 50 - 0) / (600 - 0)
        Decimal('0.5000')
        """
        _inputs_argument(inputs)
        if self.score_range is None:
            raise ValidationError(
                "normalised_sum needs score_range (the min-max aggregation)", field="score_range"
            )
        _weighted_ratio(self.weights, inputs)  # the dimensions fit the weights
        given = {d.dimension: d.value for d in inputs.dimensions}
        total = sum(
            (Fraction(w.weight) * Fraction(given[w.dimension]) for w in self.weights), Fraction(0)
        )
        low, high = (Fraction(bound) for bound in self.score_range)
        return (total - low) / (high - low)

    def classify(self, value: Decimal | float | int) -> DevelopmentStatus:
        return self.thresholds.classify(value)

    def minimum_for(self, status: DevelopmentStatus) -> Decimal | None:
        return self.thresholds.minimum_for(status)


# --- Prodeskel ----------------------------------------------------------------------------

_PRODESKEL_ORDER: tuple[ProdeskelClass, ...] = tuple(ProdeskelClass)


def _check_prodeskel_minimums(
    instance: Any, attribute: attrs.Attribute[Any], value: object
) -> None:
    check_minimums(instance, attribute, value)
    assert isinstance(value, tuple)
    if len(value) != len(_PRODESKEL_ORDER) - 1:
        raise ValidationError(
            "give three minimums (percent): lamban berkembang, berkembang, cepat berkembang",
            field=attribute.name,
        )


@attrs.frozen
class ProdeskelResult:
    """A Prodeskel class: percent of the maximum score, class, and the next class."""

    score: int = attrs.field(validator=check.integer(0))
    maximum: int = attrs.field(validator=check.integer(1))
    #: 100 x score / maximum, unrounded (28 significant digits).
    exact: Decimal = attrs.field(validator=check.decimal())
    #: The percent as classified (rounded half up).
    value: Decimal = attrs.field(validator=check.decimal())
    development_class: ProdeskelClass = attrs.field(validator=check.instance_of(ProdeskelClass))
    next_class: ProdeskelClass | None = attrs.field(
        validator=check.optional(check.instance_of(ProdeskelClass))
    )
    minimum_for_next: Decimal | None = attrs.field(validator=check.optional(check.decimal()))
    #: ``minimum_for_next - value``: with the scheme's digits, ``value + gap`` is the minimum.
    gap: Decimal | None = attrs.field(validator=check.optional(check.decimal()))

    def __attrs_post_init__(self) -> None:
        if self.score > self.maximum:
            raise ValidationError(
                f"the score {self.score} is above the maximum {self.maximum}", field="score"
            )
        _check_gap(self, self.next_class)


@attrs.frozen
class ProdeskelScheme:
    """Prodeskel annual classes by percent of the maximum score (Permendagri 12/2007).

    **Single-sourced** (DPMD Bengkulu: cepat berkembang > 90, berkembang 60-90, lamban
    berkembang 30-60, kurang berkembang < 30; the source leaves open which class 60 and 30
    fall in). desacoop therefore ships no cut-offs: the caller gives the minimum percent of
    lamban berkembang, berkembang and cepat berkembang, and the decimals kept.

    >>> from decimal import Decimal as D
    >>> scheme = ProdeskelScheme((D("30"), D("60"), D("90.01")), places=2)
    >>> scheme.evaluate(score=91, maximum=100).development_class
    ProdeskelClass.CEPAT_BERKEMBANG
    """

    minimums: tuple[Decimal, ...] = attrs.field(
        converter=check.to_tuple, validator=_check_prodeskel_minimums
    )
    places: int = attrs.field(default=2, validator=check.integer(0, 28))

    @property
    def method(self) -> Method:
        return Method.PRODESKEL

    def classify(self, percent: Decimal | float | int) -> ProdeskelClass:
        """The class of a percent (rounded half up to :attr:`places` first)."""
        rounded = round_half_up(exact_number(percent, "percent"), self.places)
        return _PRODESKEL_ORDER[bisect.bisect_right(self.minimums, rounded)]

    def minimum_for(self, development_class: ProdeskelClass) -> Decimal | None:
        """The lowest percent of ``development_class``; ``None`` for the lowest class."""
        check.argument("development_class", development_class, ProdeskelClass)
        if development_class is None:
            raise ValidationError("development_class must be a ProdeskelClass, not None")
        rank = _PRODESKEL_ORDER.index(development_class)
        return self.minimums[rank - 1] if rank else None

    def evaluate(self, *, score: int, maximum: int) -> ProdeskelResult:
        """Classify a village's Prodeskel score out of ``maximum`` (whole numbers, numpy
        integers included)."""
        maximum = whole_number(maximum, "maximum", 1)
        score = whole_number(score, "score", 0, maximum)
        exact = Fraction(100 * score, maximum)
        value = round_half_up(exact, self.places)
        development_class = self.classify(value)
        rank = _PRODESKEL_ORDER.index(development_class)
        following = _PRODESKEL_ORDER[rank + 1] if rank + 1 < len(_PRODESKEL_ORDER) else None
        minimum = self.minimum_for(following) if following is not None else None
        exact_decimal = to_decimal(exact)
        gap = DECIMAL_CONTEXT.subtract(minimum, value) if minimum is not None else None
        return ProdeskelResult(
            score, maximum, exact_decimal, value, development_class, following, minimum, gap
        )

"""Village development evaluations: pluggable schemes, statuses, series and counts.

An *evaluation scheme* turns inputs (dimension indices, optionally indicator scores) into a
score, then classifies the score into one of the five development statuses, and says which
status comes next, its minimum score and the gap to it. Three families are known:

- **IDM**, Indeks Desa Membangun (Permendesa PDTT 2/2016): the mean of three resilience
  indices, classified at four decimals. Built in, exactly, in :mod:`desacoop.idm`.
- **Indeks Desa** (Permendesa PDTT 9/2024, replaces IDM from 2024): six named dimensions,
  weighted. Its weights and status thresholds are **not confirmed**, so :class:`IndeksDesa`
  takes both from the caller; desacoop ships no values for them.
- **Prodeskel** annual classes (Permendagri 12/2007), by percent of the maximum score. Known
  from one source only (DPMD Bengkulu), so :class:`ProdeskelScheme` takes its cut-offs from
  the caller too.

Every scheme computes exactly (rational arithmetic) and rounds half up only where the scheme
says so; no float is ever involved.

>>> from decimal import Decimal as D
>>> thresholds = StatusThresholds.from_upper_bounds(
...     (D("0.4907"), D("0.5989"), D("0.7072"), D("0.8155")), places=4)
>>> thresholds.minimums
(Decimal('0.4908'), Decimal('0.5990'), Decimal('0.7073'), Decimal('0.8156'))
>>> thresholds.classify(D("0.49074")), thresholds.classify(D("0.49075"))
(DevelopmentStatus.SANGAT_TERTINGGAL, DevelopmentStatus.TERTINGGAL)

A :class:`VillageEvaluation` records one village, one year, one method, with its result (and,
for published records, the summary as published and the :class:`Finding` s where the two
disagree). Plain functions over collections of evaluations give series, status transitions,
summaries per region at any level and counts usable as indicator sources of the progress
engine (:func:`count_villages`, :func:`count_moved`, :func:`count_reaching`).
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Context, Decimal, Inexact, Rounded
from fractions import Fraction
from typing import Any, Protocol, runtime_checkable

import attrs

from desacoop import _checks as check
from desacoop.errors import ValidationError
from desacoop.labels import LabelledEnum
from desacoop.monitoring import Observation, Value
from desacoop.regions import Level, RegionCode, to_region_code

__all__ = [
    "DECIMAL_CONTEXT",
    "INDEKS_DESA_DIMENSIONS",
    "ActingLevel",
    "Actor",
    "DevelopmentStatus",
    "Dimension",
    "DimensionValue",
    "DimensionWeight",
    "EvaluationInputs",
    "EvaluationResult",
    "EvaluationScheme",
    "Finding",
    "FindingKind",
    "IndeksDesa",
    "IndicatorScore",
    "Method",
    "Movement",
    "ProdeskelClass",
    "ProdeskelResult",
    "ProdeskelScheme",
    "PublishedSummary",
    "RegionSummary",
    "StatusCount",
    "StatusThresholds",
    "Transition",
    "VillageEvaluation",
    "WeightedScheme",
    "count_moved",
    "count_reaching",
    "count_villages",
    "latest",
    "result_from_exact",
    "round_half_up",
    "series",
    "status_observations",
    "summarise",
    "to_decimal",
    "transitions",
]

#: Arithmetic context for turning exact fractions into :class:`~decimal.Decimal`: 28
#: significant digits, independent of the caller's thread context.
DECIMAL_CONTEXT = Context(prec=28, rounding=ROUND_HALF_EVEN)


# --- enumerations -------------------------------------------------------------------------


class DevelopmentStatus(LabelledEnum):
    """The five village development statuses, lowest first.

    IDM (Permendesa PDTT 2/2016) and Indeks Desa (9/2024) share the names; each has an
    alternate name (``Pratama`` ... ``Sembada``) that :meth:`parse` also accepts. Statuses
    are ordered: ``DevelopmentStatus.MAJU < DevelopmentStatus.MANDIRI``.

    >>> DevelopmentStatus.parse("SANGAT TERTINGGAL"), DevelopmentStatus.parse("Pra-Sembada")
    (DevelopmentStatus.SANGAT_TERTINGGAL, DevelopmentStatus.MAJU)
    >>> DevelopmentStatus.MAJU.alternate_name, DevelopmentStatus.MAJU.next
    ('Pra-Sembada', DevelopmentStatus.MANDIRI)
    """

    SANGAT_TERTINGGAL = "sangat-tertinggal", "Sangat Tertinggal", "very underdeveloped"
    TERTINGGAL = "tertinggal", "Tertinggal", "underdeveloped"
    BERKEMBANG = "berkembang", "Berkembang", "developing"
    MAJU = "maju", "Maju", "developed"
    MANDIRI = "mandiri", "Mandiri", "independent"

    @property
    def rank(self) -> int:
        """0 for Sangat Tertinggal up to 4 for Mandiri."""
        return _STATUS_ORDER.index(self)

    @property
    def alternate_name(self) -> str:
        """The other official name: Pratama, Pra-Madya, Madya, Pra-Sembada, Sembada."""
        return _ALTERNATE_NAMES[self]

    @property
    def next(self) -> DevelopmentStatus | None:
        """The status one step up, ``None`` for Mandiri."""
        rank = self.rank
        return _STATUS_ORDER[rank + 1] if rank + 1 < len(_STATUS_ORDER) else None

    @classmethod
    def parse(cls, text: object) -> DevelopmentStatus:
        """Read a status by value, label or alternate name, in any case."""
        if not isinstance(text, str):
            raise ValidationError(f"a status is a text, not {text!r}")
        key = " ".join(text.replace("-", " ").replace("_", " ").split()).lower()
        try:
            return _STATUS_NAMES[key]
        except KeyError:
            names = ", ".join(s.label_id for s in _STATUS_ORDER)
            raise ValidationError(
                f"unknown development status {text!r}; use one of {names}"
            ) from None

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, DevelopmentStatus):
            return NotImplemented
        return self.rank < other.rank

    def __le__(self, other: object) -> bool:
        if not isinstance(other, DevelopmentStatus):
            return NotImplemented
        return self.rank <= other.rank

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, DevelopmentStatus):
            return NotImplemented
        return self.rank > other.rank

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, DevelopmentStatus):
            return NotImplemented
        return self.rank >= other.rank


_STATUS_ORDER: tuple[DevelopmentStatus, ...] = tuple(DevelopmentStatus)
_ALTERNATE_NAMES = {
    DevelopmentStatus.SANGAT_TERTINGGAL: "Pratama",
    DevelopmentStatus.TERTINGGAL: "Pra-Madya",
    DevelopmentStatus.BERKEMBANG: "Madya",
    DevelopmentStatus.MAJU: "Pra-Sembada",
    DevelopmentStatus.MANDIRI: "Sembada",
}
_STATUS_NAMES: dict[str, DevelopmentStatus] = {}
for _status in _STATUS_ORDER:
    for _name in (_status.value, _status.label_id, _status.label_en, _status.alternate_name):
        _STATUS_NAMES[" ".join(_name.replace("-", " ").split()).lower()] = _status


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


class ProdeskelClass(LabelledEnum):
    """Prodeskel annual development classes (Permendagri 12/2007), lowest first."""

    KURANG_BERKEMBANG = "kurang-berkembang", "kurang berkembang", "least developing"
    LAMBAN_BERKEMBANG = "lamban-berkembang", "lamban berkembang", "slowly developing"
    BERKEMBANG = "berkembang", "berkembang", "developing"
    CEPAT_BERKEMBANG = "cepat-berkembang", "cepat berkembang", "fast developing"


_PRODESKEL_ORDER: tuple[ProdeskelClass, ...] = tuple(ProdeskelClass)


# --- exact arithmetic ---------------------------------------------------------------------


def to_decimal(value: Fraction) -> Decimal:
    """An exact fraction as a Decimal with 28 significant digits (:data:`DECIMAL_CONTEXT`).

    >>> to_decimal(Fraction(13, 21))
    Decimal('0.6190476190476190476190476190')
    """
    return DECIMAL_CONTEXT.divide(Decimal(value.numerator), Decimal(value.denominator))


def round_half_up(value: Fraction | Decimal, places: int) -> Decimal:
    """Round exactly, half away from zero, to ``places`` decimals.

    >>> round_half_up(Decimal("0.49075"), 4), round_half_up(Fraction(1, 3), 4)
    (Decimal('0.4908'), Decimal('0.3333'))
    """
    if isinstance(value, Decimal):
        # quantize rounds the Decimal's exact value; the context only bounds the digits.
        return value.quantize(_unit(places), rounding=ROUND_HALF_UP, context=_WIDE)
    exact = value
    scaled = abs(exact) * 10**places
    whole = int(scaled + Fraction(1, 2))  # floor, as scaled is not negative
    result = Decimal(whole).scaleb(-places).quantize(_unit(places), context=_WIDE)
    return -result if exact < 0 else result


_WIDE = Context(prec=100)
#: Exact Decimal arithmetic: any rounding raises (then fractions take over).
_EXACT = Context(prec=120, traps=[Inexact, Rounded])


def _unit(places: int) -> Decimal:
    return Decimal(1).scaleb(-places)


# --- thresholds and schemes ---------------------------------------------------------------


def _check_minimums(instance: Any, attribute: attrs.Attribute[Any], value: object) -> None:
    check.tuple_of(Decimal, "Decimal")(instance, attribute, value)
    assert isinstance(value, tuple)
    if any(not v.is_finite() for v in value):
        raise ValidationError("threshold values must be finite", field=attribute.name)
    if any(b <= a for a, b in itertools.pairwise(value)):
        raise ValidationError(
            f"{attribute.name} must rise strictly from one status to the next: {value}",
            field=attribute.name,
        )


@attrs.frozen
class StatusThresholds:
    """Where each status begins: the minimum score of Tertinggal, Berkembang, Maju, Mandiri.

    A score is first rounded half up to ``places`` decimals; the rounded value is what is
    classified (for IDM, the figure printed in status decrees). A status holds from its
    minimum (inclusive) to the next one's minimum (exclusive).

    >>> from decimal import Decimal as D
    >>> t = StatusThresholds((D("40"), D("60"), D("75"), D("90")), places=2)
    >>> t.classify(D("59.995")), t.minimum_for(DevelopmentStatus.MAJU)
    (DevelopmentStatus.BERKEMBANG, Decimal('75'))
    """

    #: The four minimums, in the order Tertinggal, Berkembang, Maju, Mandiri.
    minimums: tuple[Decimal, ...] = attrs.field(converter=check.to_tuple, validator=_check_minimums)
    #: Decimals kept (rounding half up) before classifying.
    places: int = attrs.field(default=4, validator=check.integer(0, 28))

    def __attrs_post_init__(self) -> None:
        if len(self.minimums) != len(_STATUS_ORDER) - 1:
            raise ValidationError(
                "give exactly four minimums: Tertinggal, Berkembang, Maju and Mandiri "
                f"(Sangat Tertinggal has none); got {len(self.minimums)}",
                field="minimums",
            )
        for value in self.minimums:
            exponent = value.as_tuple().exponent
            if isinstance(exponent, int) and exponent < -self.places:
                raise ValidationError(
                    f"the minimum {value} has more decimals than the {self.places} kept",
                    field="minimums",
                )

    @classmethod
    def from_upper_bounds(cls, bounds: Sequence[Decimal], places: int = 4) -> StatusThresholds:
        """Thresholds written as inclusive upper bounds of the four lower statuses.

        Each minimum is the bound plus one unit of the last kept decimal (IDM: a Maju
        village's target is Mandiri at 0.8155 + 0.0001 = 0.8156).
        """
        unit = _unit(places)
        return cls(tuple(Decimal(b) + unit for b in bounds), places=places)

    def round(self, exact: Fraction | Decimal) -> Decimal:
        """The score as classified: ``exact`` rounded half up to :attr:`places`."""
        return round_half_up(exact, self.places)

    def classify(self, value: Fraction | Decimal) -> DevelopmentStatus:
        """The status of a score (rounded first, so an already-rounded value is unchanged)."""
        return _STATUS_ORDER[bisect.bisect_right(self.minimums, self.round(value))]

    def lowest_exact(self, status: DevelopmentStatus) -> Fraction | None:
        """Lowest unrounded score classified as ``status`` or above (``None`` for the lowest).

        Rounding half up, a score reaches a minimum ``m`` exactly when it is at least
        ``m`` minus half a unit of the last kept decimal.
        """
        minimum = self.minimum_for(status)
        if minimum is None:
            return None
        return Fraction(minimum) - Fraction(1, 2 * 10**self.places)

    def cut_points(self, denominator: int) -> tuple[int, ...]:
        """For scores ``n / denominator`` (``n >= 0``), the least ``n`` of each status.

        Lets bulk code classify integer numerators by bisection while the thresholds stay
        here: ``bisect_right(cut_points, n)`` is the status rank of ``n / denominator``.

        >>> from decimal import Decimal as D
        >>> StatusThresholds((D("0.5"), D("0.6"), D("0.7"), D("0.8")), places=1).cut_points(100)
        (45, 55, 65, 75)
        """
        if not isinstance(denominator, int) or isinstance(denominator, bool) or denominator < 1:
            raise ValidationError(f"a denominator is a whole number above 0, not {denominator!r}")
        cuts = []
        for status in _STATUS_ORDER[1:]:
            lowest = self.lowest_exact(status)
            assert lowest is not None
            scaled = lowest * denominator
            cuts.append(max(0, -((-scaled.numerator) // scaled.denominator)))  # ceiling
        return tuple(cuts)

    def minimum_for(self, status: DevelopmentStatus) -> Decimal | None:
        """Lowest (rounded) score with ``status``; ``None`` for Sangat Tertinggal."""
        rank = status.rank
        return self.minimums[rank - 1] if rank else None

    def upper_bound(self, status: DevelopmentStatus) -> Decimal | None:
        """Highest (rounded) score with ``status``; ``None`` for Mandiri."""
        rank = status.rank
        if rank >= len(self.minimums):
            return None
        return self.minimums[rank] - _unit(self.places)


@attrs.frozen
class DimensionValue:
    """The value of one dimension index, e.g. IKS = 0.6571."""

    dimension: Dimension = attrs.field(validator=check.instance_of(Dimension))
    value: Decimal = attrs.field(validator=check.decimal())


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
    number: int = attrs.field(validator=check.integer(1))
    score: int = attrs.field(validator=check.integer(0, 5))
    name: str = attrs.field(default="", validator=check.any_text)
    #: What the score means (``KETERANGAN``).
    meaning: str | None = attrs.field(default=None, validator=check.optional(check.any_text))
    #: The suggested activity (``KEGIATAN``); ``None`` when the ministry has none ("-").
    activity: str | None = attrs.field(default=None, validator=check.optional(check.any_text))
    actors: tuple[Actor, ...] = attrs.field(
        default=(), converter=check.to_tuple, validator=check.tuple_of(Actor)
    )
    published_gain: Decimal | None = attrs.field(
        default=None, validator=check.optional(check.decimal(Decimal(0)))
    )

    @property
    def headroom(self) -> int:
        """Points left before the maximum score of 5."""
        return 5 - self.score


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

    def value_of(self, dimension: Dimension) -> Decimal:
        """The value of one dimension; :class:`ValidationError` if it is missing."""
        for item in self.dimensions:
            if item.dimension is dimension:
                return item.value
        raise ValidationError(f"the inputs have no value for {dimension.label_id}")

    def block(self, dimension: Dimension) -> tuple[IndicatorScore, ...]:
        """The indicators of one dimension, in order."""
        return tuple(i for i in self.indicators if i.dimension is dimension)

    @classmethod
    def of(cls, values: Mapping[Dimension, Decimal]) -> EvaluationInputs:
        """Inputs from a mapping of dimension to value."""
        return cls(tuple(DimensionValue(d, v) for d, v in values.items()))


def _check_gap(result: EvaluationResult | ProdeskelResult, following: object) -> None:
    parts = (following, result.minimum_for_next, result.gap)
    if any(p is None for p in parts) and not all(p is None for p in parts):
        raise ValidationError(
            "the next status, its minimum and the gap are given together, or none of them "
            "(only for the highest status)",
            field="gap",
        )
    if result.minimum_for_next is not None and result.gap != DECIMAL_CONTEXT.subtract(
        result.minimum_for_next, result.exact
    ):
        raise ValidationError(
            f"the gap must be minimum_for_next - exact = "
            f"{result.minimum_for_next - result.exact}, not {result.gap}",
            field="gap",
        )


@attrs.frozen
class EvaluationResult:
    """The outcome of a scheme: score, status, and what it takes to reach the next status.

    ``exact`` is the unrounded score (28 significant digits); ``value`` is the rounded
    figure that is classified. ``gap`` = ``minimum_for_next`` - ``exact``, as the ministry
    publishes it. The last three are ``None`` at the top status.
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
        return (
            sum((Fraction(w.weight) * Fraction(given[w.dimension]) for w in weights), Fraction(0))
            / total_fraction
        )
    return Fraction(score) / Fraction(total)


def result_from_exact(
    method: Method, inputs: EvaluationInputs, exact: Fraction, thresholds: StatusThresholds
) -> EvaluationResult:
    """Classify an exact score with ``thresholds`` into an :class:`EvaluationResult`.

    The single place where a score becomes a status, next status, minimum and gap.
    """
    value = thresholds.round(exact)
    status = thresholds.classify(value)
    following = status.next
    exact_decimal = to_decimal(exact)
    minimum = thresholds.minimum_for(following) if following is not None else None
    gap = DECIMAL_CONTEXT.subtract(minimum, exact_decimal) if minimum is not None else None
    return EvaluationResult(
        method=method,
        inputs=inputs,
        exact=exact_decimal,
        value=value,
        status=status,
        next_status=following,
        minimum_for_next=minimum,
        gap=gap,
    )


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
        return _weighted_exact(self.weights, inputs)

    def evaluate(self, inputs: EvaluationInputs) -> EvaluationResult:
        """Score and classify ``inputs``."""
        if not isinstance(inputs, EvaluationInputs):
            raise ValidationError(f"expected EvaluationInputs, not {type(inputs).__name__}")
        return result_from_exact(self.method, inputs, self.exact_score(inputs), self.thresholds)

    def classify(self, value: Decimal) -> DevelopmentStatus:
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


@attrs.frozen
class IndeksDesa:
    """Indeks Desa (Permendesa PDTT 9/2024): six dimensions, weighted, five statuses.

    The regulation's weights and status thresholds are **unconfirmed**: desacoop ships no
    values, the caller supplies both. Dimension values are taken as already normalised.

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

    @classmethod
    def equal_weights(cls, thresholds: StatusThresholds) -> IndeksDesa:
        """The six dimensions weighted equally (a choice of the caller, not the rule)."""
        return cls(
            tuple(DimensionWeight(d, Decimal(1)) for d in INDEKS_DESA_DIMENSIONS), thresholds
        )

    @property
    def method(self) -> Method:
        return Method.INDEKS_DESA

    def evaluate(self, inputs: EvaluationInputs) -> EvaluationResult:
        """Score and classify ``inputs`` (values for the six dimensions)."""
        return WeightedScheme(Method.INDEKS_DESA, self.weights, self.thresholds).evaluate(inputs)

    def classify(self, value: Decimal) -> DevelopmentStatus:
        return self.thresholds.classify(value)

    def minimum_for(self, status: DevelopmentStatus) -> Decimal | None:
        return self.thresholds.minimum_for(status)


# --- Prodeskel ----------------------------------------------------------------------------


def _check_prodeskel_minimums(
    instance: Any, attribute: attrs.Attribute[Any], value: object
) -> None:
    _check_minimums(instance, attribute, value)
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

    def classify(self, percent: Decimal) -> ProdeskelClass:
        """The class of a percent (rounded half up to :attr:`places` first)."""
        rounded = round_half_up(percent, self.places)
        return _PRODESKEL_ORDER[bisect.bisect_right(self.minimums, rounded)]

    def minimum_for(self, development_class: ProdeskelClass) -> Decimal | None:
        rank = _PRODESKEL_ORDER.index(development_class)
        return self.minimums[rank - 1] if rank else None

    def evaluate(self, *, score: int, maximum: int) -> ProdeskelResult:
        """Classify a village's Prodeskel score out of ``maximum``."""
        for name, number in (("score", score), ("maximum", maximum)):
            if not isinstance(number, int) or isinstance(number, bool):
                raise ValidationError(f"{name} must be a whole number, not {number!r}")
        if maximum <= 0:
            raise ValidationError("the maximum score must be above zero")
        exact = Fraction(100 * score, maximum)
        value = round_half_up(exact, self.places)
        development_class = self.classify(value)
        rank = _PRODESKEL_ORDER.index(development_class)
        following = _PRODESKEL_ORDER[rank + 1] if rank + 1 < len(_PRODESKEL_ORDER) else None
        minimum = self.minimum_for(following) if following is not None else None
        exact_decimal = to_decimal(exact)
        gap = DECIMAL_CONTEXT.subtract(minimum, exact_decimal) if minimum is not None else None
        return ProdeskelResult(
            score, maximum, exact_decimal, value, development_class, following, minimum, gap
        )


# --- evaluation records -------------------------------------------------------------------


@attrs.frozen
class PublishedSummary:
    """A result as the ministry published it, kept beside desacoop's recomputation.

    For Kemendes IDM records: ``SKOR_SAAT_INI``, ``STATUS``, ``TARGET_STATUS``,
    ``SKOR_MINIMAL`` and ``PENAMBAHAN`` (floats read via their shortest text, never by
    float arithmetic).
    """

    score: Decimal = attrs.field(validator=check.decimal())
    status: DevelopmentStatus = attrs.field(validator=check.instance_of(DevelopmentStatus))
    target_status: DevelopmentStatus = attrs.field(validator=check.instance_of(DevelopmentStatus))
    minimum: Decimal = attrs.field(validator=check.decimal())
    gap: Decimal = attrs.field(validator=check.decimal())


@attrs.frozen
class Finding:
    """One disagreement found while reading a published record. Data, not an exception."""

    kind: FindingKind = attrs.field(validator=check.instance_of(FindingKind))
    #: JSON path of the published value concerned, e.g. ``$.mapData.SUMMARIES.STATUS``.
    path: str = attrs.field(validator=check.text)
    message: str = attrs.field(validator=check.text)
    published: str | None = attrs.field(default=None, validator=check.optional(check.any_text))
    computed: str | None = attrs.field(default=None, validator=check.optional(check.any_text))


def _village_code(value: RegionCode | str) -> RegionCode:
    code = to_region_code(value)
    if code.level is not Level.VILLAGE:
        raise ValidationError(
            f"an evaluation is of a village (PP.KK.CC.VVVV), not the {code.level.value} {code}",
            field="village",
        )
    return code


@attrs.frozen
class VillageEvaluation:
    """One village evaluated for one year by one method.

    ``result`` is desacoop's computation; ``published`` the summary as the ministry published
    it (if the record came from there) and ``findings`` every disagreement between them.
    """

    village: RegionCode = attrs.field(converter=_village_code)
    year: int = attrs.field(validator=check.integer(1900, 2200))
    result: EvaluationResult = attrs.field(validator=check.instance_of(EvaluationResult))
    published: PublishedSummary | None = attrs.field(
        default=None, validator=check.optional(check.instance_of(PublishedSummary))
    )
    findings: tuple[Finding, ...] = attrs.field(
        default=(), converter=check.to_tuple, validator=check.tuple_of(Finding)
    )
    #: The village's name as the source gives it.
    name: str | None = attrs.field(default=None, validator=check.optional(check.any_text))

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
        return tuple(f for f in self.findings if f.kind is kind)


# --- series, transitions, summaries, counts ----------------------------------------------


def _selected(
    evaluations: Iterable[VillageEvaluation],
    region: RegionCode | None,
    method: Method | None,
) -> dict[tuple[RegionCode, int], VillageEvaluation]:
    check.argument("method", method, Method)
    table: dict[tuple[RegionCode, int], VillageEvaluation] = {}
    for evaluation in evaluations:
        if not isinstance(evaluation, VillageEvaluation):
            raise ValidationError(f"expected VillageEvaluation, not {type(evaluation).__name__}")
        if region is not None and not evaluation.village.is_within(region):
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


def _region(value: RegionCode | str | None) -> RegionCode | None:
    return None if value is None else to_region_code(value)


def series(
    evaluations: Iterable[VillageEvaluation],
    village: RegionCode | str,
    *,
    method: Method | None = None,
) -> tuple[VillageEvaluation, ...]:
    """A village's evaluations, oldest first."""
    code = _village_code(village)
    table = _selected(evaluations, code, method)
    return tuple(table[key] for key in sorted(table) if key[0] == code)


def latest(
    evaluations: Iterable[VillageEvaluation], *, year: int | None = None
) -> dict[RegionCode, VillageEvaluation]:
    """Each village's most recent evaluation (up to ``year`` when given)."""
    found: dict[RegionCode, VillageEvaluation] = {}
    for evaluation in evaluations:
        if year is not None and evaluation.year > year:
            continue
        current = found.get(evaluation.village)
        if current is None or evaluation.year > current.year:
            found[evaluation.village] = evaluation
    return found


def _movement(before: DevelopmentStatus, after: DevelopmentStatus) -> Movement:
    if after > before:
        return Movement.UP
    if after < before:
        return Movement.DOWN
    return Movement.SAME


@attrs.frozen
class Transition:
    """A village's status in one evaluation and in the next one."""

    village: RegionCode = attrs.field(converter=_village_code)
    from_year: int = attrs.field(validator=check.integer(1900, 2200))
    to_year: int = attrs.field(validator=check.integer(1900, 2200))
    before: DevelopmentStatus = attrs.field(validator=check.instance_of(DevelopmentStatus))
    after: DevelopmentStatus = attrs.field(validator=check.instance_of(DevelopmentStatus))

    def __attrs_post_init__(self) -> None:
        if self.to_year <= self.from_year:
            raise ValidationError("a transition goes forward in time", field="to_year")

    @property
    def movement(self) -> Movement:
        """Up, down or unchanged."""
        return _movement(self.before, self.after)


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
    table = _selected(evaluations, _region(region), method)
    by_village: dict[RegionCode, list[VillageEvaluation]] = defaultdict(list)
    for key in sorted(table):
        by_village[key[0]].append(table[key])
    found = []
    for village, items in by_village.items():
        for old, new in itertools.pairwise(items):
            found.append(Transition(village, old.year, new.year, old.status, new.status))
    return tuple(found)


@attrs.frozen
class StatusCount:
    """How many villages have one status."""

    status: DevelopmentStatus = attrs.field(validator=check.instance_of(DevelopmentStatus))
    count: int = attrs.field(validator=check.integer(0))


@attrs.frozen
class RegionSummary:
    """Evaluations of one region in one year, compared with an earlier year if given.

    ``moved_up``, ``moved_down`` and ``reached_mandiri`` count villages evaluated in both
    years; they are 0 when there is no ``compared_with`` year.
    """

    region: RegionCode = attrs.field(converter=to_region_code)
    year: int = attrs.field(validator=check.integer(1900, 2200))
    total: int = attrs.field(validator=check.integer(0))
    counts: tuple[StatusCount, ...] = attrs.field(
        converter=check.to_tuple, validator=check.tuple_of(StatusCount)
    )
    compared_with: int | None = attrs.field(
        default=None, validator=check.optional(check.integer(1900, 2200))
    )
    moved_up: int = attrs.field(default=0, validator=check.integer(0))
    moved_down: int = attrs.field(default=0, validator=check.integer(0))
    reached_mandiri: int = attrs.field(default=0, validator=check.integer(0))

    def __attrs_post_init__(self) -> None:
        if sum(c.count for c in self.counts) != self.total:
            raise ValidationError("the counts per status must add up to the total", field="total")

    def count(self, status: DevelopmentStatus) -> int:
        """Villages with ``status``."""
        return sum(c.count for c in self.counts if c.status is status)


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
    check.argument("level", level, Level)
    check.argument("year", year, int)
    check.argument("compared_with", compared_with, int)
    if level is Level.VILLAGE:
        raise ValidationError("summaries are per province, regency or district")
    table = _selected(evaluations, _region(within), method)
    counts: dict[RegionCode, Counter[DevelopmentStatus]] = defaultdict(Counter)
    moves: dict[RegionCode, Counter[str]] = defaultdict(Counter)
    for (village, when), evaluation in table.items():
        if when != year:
            continue
        region = village.at_level(level)
        counts[region][evaluation.status] += 1
        if compared_with is None:
            continue
        before = table.get((village, compared_with))
        if before is None:
            continue
        moves[region][_movement(before.status, evaluation.status).value] += 1
        if (
            evaluation.status is DevelopmentStatus.MANDIRI
            and before.status is not DevelopmentStatus.MANDIRI
        ):
            moves[region]["mandiri"] += 1
    return tuple(
        RegionSummary(
            region=region,
            year=year,
            total=sum(counts[region].values()),
            counts=tuple(StatusCount(s, counts[region][s]) for s in _STATUS_ORDER),
            compared_with=compared_with,
            moved_up=moves[region][Movement.UP.value],
            moved_down=moves[region][Movement.DOWN.value],
            reached_mandiri=moves[region]["mandiri"],
        )
        for region in sorted(counts)
    )


def count_villages(
    evaluations: Iterable[VillageEvaluation],
    *,
    year: int,
    region: RegionCode | str | None = None,
    status: DevelopmentStatus | None = None,
    at_least: DevelopmentStatus | None = None,
    method: Method | None = None,
) -> int:
    """Villages evaluated in ``year`` within ``region``, with ``status`` (or ``at_least``).

    An indicator source for the progress engine ("villages in Kalsel with status Mandiri").
    """
    check.argument("status", status, DevelopmentStatus)
    check.argument("at_least", at_least, DevelopmentStatus)
    check.argument("year", year, int)
    table = _selected(evaluations, _region(region), method)
    return sum(
        1
        for (_, when), e in table.items()
        if when == year
        and (status is None or e.status is status)
        and (at_least is None or e.status >= at_least)
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
    """Villages evaluated in both years whose status moved up (or down, or stayed)."""
    check.argument("movement", movement, Movement)
    table = _selected(evaluations, _region(region), method)
    return sum(
        1
        for (village, when), after in table.items()
        if when == to_year
        and (village, from_year) in table
        and _movement(table[(village, from_year)].status, after.status) is movement
    )


def count_reaching(
    evaluations: Iterable[VillageEvaluation],
    *,
    year: int,
    since: int,
    status: DevelopmentStatus = DevelopmentStatus.MANDIRI,
    region: RegionCode | str | None = None,
    method: Method | None = None,
) -> int:
    """Villages at ``status`` or above in ``year`` that were below it in ``since``."""
    check.argument("status", status, DevelopmentStatus)
    table = _selected(evaluations, _region(region), method)
    return sum(
        1
        for (village, when), after in table.items()
        if when == year
        and after.status >= status
        and (village, since) in table
        and table[(village, since)].status < status
    )


def status_observations(
    evaluations: Iterable[VillageEvaluation],
    indicator: str,
    *,
    year: int,
    recorded_on: dt.date,
    status: DevelopmentStatus | None = None,
    at_least: DevelopmentStatus | None = None,
    share: bool = False,
    level: Level = Level.REGENCY,
    within: RegionCode | str | None = None,
    method: Method | None = None,
    on: dt.date | None = None,
    source: str | None = None,
) -> tuple[Observation, ...]:
    """Observations for a progress indicator, one per region at ``level``: the villages
    evaluated in ``year`` with ``status`` (or ``at_least`` that status).

    The value is the count (a ``count`` indicator, aggregated by sum), or with
    ``share=True`` the count over the villages evaluated there (a ``percentage``
    indicator, aggregated as a ratio). ``on`` defaults to 31 December of ``year``;
    observation ids are ``<indicator>-<region>-<year>``. Regions without evaluations give
    no observation: missing data stays missing.

    >>> from desacoop import idm
    >>> evals = [VillageEvaluation("63.03.01.2001", 2023, idm.evaluate(iks="0.9", ike="0.9",
    ...          ikl="0.9")), VillageEvaluation("63.03.01.2002", 2023, idm.evaluate(
    ...          iks="0.5", ike="0.5", ikl="0.5"))]
    >>> [(str(o.region), o.value.numerator, o.value.denominator) for o in status_observations(
    ...     evals, "mandiri", year=2023, recorded_on=dt.date(2024, 2, 1),
    ...     status=DevelopmentStatus.MANDIRI, share=True)]
    [('63.03', Decimal('1'), Decimal('2'))]
    """
    if (status is None) == (at_least is None):
        raise ValidationError("give exactly one of status and at_least")
    check.argument("status", status, DevelopmentStatus)
    check.argument("at_least", at_least, DevelopmentStatus)
    check.argument("share", share, bool)
    day = on if on is not None else dt.date(year, 12, 31)
    observations = []
    for summary in summarise(evaluations, year=year, level=level, within=within, method=method):
        if status is not None:
            count = summary.count(status)
        else:
            count = sum(
                c.count for c in summary.counts if at_least is not None and c.status >= at_least
            )
        value = Value.ratio(count, summary.total) if share else Value.of(count)
        observations.append(
            Observation(
                id=f"{indicator}-{summary.region.compact}-{year}",
                indicator=indicator,
                region=summary.region,
                on=day,
                value=value,
                recorded_on=recorded_on,
                source=source,
            )
        )
    return tuple(observations)

"""Development statuses, status thresholds and the exact arithmetic every scheme shares.

A score is classified by :class:`StatusThresholds`: rounded half up to a number of
decimals (:func:`round_half_up`), then placed between the minimums of the five
:class:`DevelopmentStatus` es. Fractions become Decimals in one context,
:data:`DECIMAL_CONTEXT` (28 significant digits), whatever the caller's thread context.

>>> from decimal import Decimal as D
>>> thresholds = StatusThresholds.from_upper_bounds(
...     (D("0.4907"), D("0.5989"), D("0.7072"), D("0.8155")), places=4)
>>> thresholds.minimums
(Decimal('0.4908'), Decimal('0.5990'), Decimal('0.7073'), Decimal('0.8156'))
>>> thresholds.classify(D("0.49074")), thresholds.classify(D("0.49075"))
(DevelopmentStatus.SANGAT_TERTINGGAL, DevelopmentStatus.TERTINGGAL)
>>> thresholds.classify(0.4907)  # a float from a notebook, read through its shortest repr
DevelopmentStatus.SANGAT_TERTINGGAL
"""

from __future__ import annotations

import bisect
import itertools
import numbers
import operator
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Context, Decimal, Inexact, Rounded
from fractions import Fraction
from typing import Any

import attrs

from desacoop import _checks as check
from desacoop.errors import ValidationError, shown
from desacoop.labels import LabelledEnum

__all__ = [
    "DECIMAL_CONTEXT",
    "DevelopmentStatus",
    "ProdeskelClass",
    "StatusThresholds",
    "round_half_up",
    "to_decimal",
]

#: The arithmetic context for turning exact fractions into :class:`~decimal.Decimal` (the
#: package's one context, :data:`desacoop._checks.DECIMAL_CONTEXT`): 28 significant digits,
#: half even, independent of the caller's thread context.
DECIMAL_CONTEXT = check.DECIMAL_CONTEXT

#: Wide enough to round any bounded score without losing a digit.
_WIDE = Context(prec=100)
#: Exact Decimal arithmetic: any rounding raises (then fractions take over).
_EXACT = Context(prec=120, traps=[Inexact, Rounded])

#: Most decimals a score may be rounded to.
MAX_PLACES = 28

#: Thresholds' scaled minimums, by identity (each entry keeps its thresholds alive).
_SCALED: dict[int, tuple[StatusThresholds, int, tuple[int, ...]]] = {}
_SCALED_SIZE = 64


# --- statuses -----------------------------------------------------------------------------


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
            raise ValidationError(f"a status is a text, not {shown(text)}")
        key = " ".join(text.replace("-", " ").replace("_", " ").split()).lower()
        try:
            return _STATUS_NAMES[key]
        except KeyError:
            names = ", ".join(s.label_id for s in _STATUS_ORDER)
            raise ValidationError(
                f"unknown development status {shown(text)}; use one of {names}"
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
_STATUS_NAMES: dict[str, DevelopmentStatus] = {
    " ".join(name.replace("-", " ").split()).lower(): status
    for status in _STATUS_ORDER
    for name in (status.value, status.label_id, status.label_en, _ALTERNATE_NAMES[status])
}


class ProdeskelClass(LabelledEnum):
    """Prodeskel annual development classes (Permendagri 12/2007), lowest first."""

    KURANG_BERKEMBANG = "kurang-berkembang", "kurang berkembang", "least developing"
    LAMBAN_BERKEMBANG = "lamban-berkembang", "lamban berkembang", "slowly developing"
    BERKEMBANG = "berkembang", "berkembang", "developing"
    CEPAT_BERKEMBANG = "cepat-berkembang", "cepat berkembang", "fast developing"


def status_argument(name: str, value: object) -> DevelopmentStatus:
    """A function argument that must be a :class:`DevelopmentStatus` (package-internal)."""
    if not isinstance(value, DevelopmentStatus):
        raise ValidationError(f"{name} must be a DevelopmentStatus, not {shown(value)}", field=name)
    return value


# --- exact arithmetic ---------------------------------------------------------------------


def exact_number(value: object, name: str) -> Fraction | Decimal:
    """A score as an exact Fraction or Decimal: a Fraction is kept, any other number (float
    through its shortest repr, numpy numbers included) goes through
    :func:`desacoop._checks.number` (package-internal)."""
    if isinstance(value, Fraction):
        return value
    return check.number(value, name)


def whole_number(value: object, name: str, minimum: int, maximum: int | None = None) -> int:
    """A whole number (an ``int`` or a numpy integer, never a bool or a float) within the
    bounds, as an ``int`` (package-internal)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ValidationError(f"{name} must be a whole number, not {shown(value)}", field=name)
    number = operator.index(value)
    if number < minimum or (maximum is not None and number > maximum):
        upper = f" to {maximum}" if maximum is not None else " or more"
        raise ValidationError(
            f"{name} must be a whole number from {minimum}{upper}, not {number}", field=name
        )
    return number


def to_decimal(value: Fraction | int) -> Decimal:
    """An exact fraction as a Decimal with 28 significant digits (:data:`DECIMAL_CONTEXT`).

    >>> to_decimal(Fraction(13, 21))
    Decimal('0.6190476190476190476190476190')
    """
    if isinstance(value, int) and not isinstance(value, bool):
        value = Fraction(value)
    if not isinstance(value, Fraction):
        raise ValidationError(f"to_decimal takes a Fraction, not {shown(value)}", field="value")
    return DECIMAL_CONTEXT.divide(Decimal(value.numerator), Decimal(value.denominator))


def round_half_up(value: Fraction | Decimal | float | int, places: int) -> Decimal:
    """Round exactly, half away from zero, to ``places`` decimals.

    >>> round_half_up(Decimal("0.49075"), 4), round_half_up(Fraction(1, 3), 4)
    (Decimal('0.4908'), Decimal('0.3333'))
    >>> round_half_up(0.49075, 4)  # a float is read through its shortest repr
    Decimal('0.4908')
    """
    exact = exact_number(value, "value")
    places = whole_number(places, "places", 0, MAX_PLACES)
    if isinstance(exact, Decimal):
        # quantize rounds the Decimal's exact value; the context only bounds the digits.
        return exact.quantize(_unit(places), rounding=ROUND_HALF_UP, context=_digits(exact))
    scaled = abs(exact) * 10**places
    whole = int(scaled + Fraction(1, 2))  # floor, as scaled is not negative
    context = _digits(Decimal(whole))
    result = (
        Decimal(whole).scaleb(-places, context=context).quantize(_unit(places), context=context)
    )
    return -result if exact < 0 else result


def round_ratio(numerator: int, denominator: int, places: int) -> int:
    """``numerator / denominator`` (``denominator > 0``) times ``10 ** places``, rounded half
    away from zero, in integer arithmetic (package-internal; :func:`round_half_up` is the
    checked public form).

    >>> round_ratio(49075, 100000, 4), round_ratio(-49075, 100000, 4), round_ratio(1, 3, 4)
    (4908, -4908, 3333)
    """
    scale: int = 10**places
    if numerator < 0:
        return -((-2 * numerator * scale + denominator) // (2 * denominator))
    return (2 * numerator * scale + denominator) // (2 * denominator)


def scaled_decimal(whole: int, places: int) -> Decimal:
    """``whole / 10 ** places`` with exactly ``places`` decimals, as :func:`round_half_up`
    writes it (package-internal).

    >>> scaled_decimal(6000, 4), scaled_decimal(-5, 2), scaled_decimal(7, 0)
    (Decimal('0.6000'), Decimal('-0.05'), Decimal('7'))
    """
    return Decimal(f"{whole}E-{places}")


def _digits(value: Decimal) -> Context:
    """A context wide enough for ``value`` at up to :data:`MAX_PLACES` decimals."""
    needed = value.adjusted() + MAX_PLACES + 2 if value else 0
    return _WIDE if needed <= _WIDE.prec else Context(prec=needed)


def _unit(places: int) -> Decimal:
    return Decimal(1).scaleb(-places)


# --- thresholds ---------------------------------------------------------------------------


def check_minimums(instance: Any, attribute: attrs.Attribute[Any], value: object) -> None:
    """attrs validator: finite Decimals rising strictly (package-internal)."""
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
    minimum (inclusive) to the next one's minimum (exclusive). The minimums are rule
    parameters, so they are Decimals (a float is refused); the scores classified may be
    floats.

    >>> from decimal import Decimal as D
    >>> t = StatusThresholds((D("40"), D("60"), D("75"), D("90")), places=2)
    >>> t.classify(D("59.995")), t.minimum_for(DevelopmentStatus.MAJU)
    (DevelopmentStatus.BERKEMBANG, Decimal('75'))
    """

    #: The four minimums, in the order Tertinggal, Berkembang, Maju, Mandiri.
    minimums: tuple[Decimal, ...] = attrs.field(converter=check.to_tuple, validator=check_minimums)
    #: Decimals kept (rounding half up) before classifying.
    places: int = attrs.field(default=4, validator=check.integer(0, MAX_PLACES))

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
    def from_upper_bounds(
        cls, bounds: Sequence[Decimal | int | str], places: int = 4
    ) -> StatusThresholds:
        """Thresholds written as inclusive upper bounds of the four lower statuses.

        Each minimum is the bound plus one unit of the last kept decimal (IDM: a Maju
        village's target is Mandiri at 0.8155 + 0.0001 = 0.8156).
        """
        if isinstance(bounds, str) or not isinstance(bounds, Sequence):
            raise ValidationError(
                f"bounds must be a sequence of four Decimals, not {shown(bounds)}",
                field="bounds",
            )
        places = whole_number(places, "places", 0, MAX_PLACES)
        minimums = []
        for position, bound in enumerate(bounds):
            name = f"bounds[{position}]"
            if isinstance(bound, float):
                raise ValidationError(
                    f"{name} is a rule parameter: write Decimal({str(bound)!r}), not a float",
                    field=name,
                )
            minimums.append(_WIDE.add(check.number(bound, name, text=True), _unit(places)))
        return cls(tuple(minimums), places=places)

    def round(self, exact: Fraction | Decimal | float | int) -> Decimal:
        """The score as classified: ``exact`` rounded half up to :attr:`places`."""
        return round_half_up(exact_number(exact, "score"), self.places)

    def classify(self, value: Fraction | Decimal | float | int) -> DevelopmentStatus:
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
        denominator = whole_number(denominator, "denominator", 1)
        cuts = []
        for status in _STATUS_ORDER[1:]:
            lowest = self.lowest_exact(status)
            assert lowest is not None
            scaled = lowest * denominator
            cuts.append(max(0, -((-scaled.numerator) // scaled.denominator)))  # ceiling
        return tuple(cuts)

    def scaled(self) -> tuple[int, tuple[int, ...]]:
        """``10 ** places`` and the minimums times it, as whole numbers (package-internal:
        the fast paths classify a rounded score ``q / 10 ** places`` by
        ``bisect_right(minimums, q)``).

        >>> from decimal import Decimal as D
        >>> StatusThresholds((D("0.5"), D("0.6"), D("0.7"), D("0.8")), places=2).scaled()
        (100, (50, 60, 70, 80))
        """
        found = _SCALED.get(id(self))
        if found is None or found[0] is not self:
            if len(_SCALED) >= _SCALED_SIZE:
                _SCALED.clear()
            scale = 10**self.places
            # Exact: no minimum has more decimals than places (checked at construction).
            minimums = tuple(int(m.scaleb(self.places, context=_WIDE)) for m in self.minimums)
            found = _SCALED[id(self)] = (self, scale, minimums)
        return found[1], found[2]

    def minimum_for(self, status: DevelopmentStatus) -> Decimal | None:
        """Lowest (rounded) score with ``status``; ``None`` for Sangat Tertinggal."""
        rank = status_argument("status", status).rank
        return self.minimums[rank - 1] if rank else None

    def upper_bound(self, status: DevelopmentStatus) -> Decimal | None:
        """Highest (rounded) score with ``status``; ``None`` for Mandiri."""
        rank = status_argument("status", status).rank
        if rank >= len(self.minimums):
            return None
        return _WIDE.subtract(self.minimums[rank], _unit(self.places))

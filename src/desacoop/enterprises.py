"""Village-owned enterprises: BUM Desa, BUM Desa Bersama and BUM Desa Bersama LKD.

- **BUM Desa** belongs to one village; **BUM Desa Bersama** to two or more villages,
  founded by a joint regulation of their village heads. Both are legal entities since
  UU 11/2020 and PP 11/2021; registration and ranking follow Permendesa PDTT 3/2021.
- **BUM Desa Bersama LKD**: Permendesa PDTT 15/2021 converts the ex-PNPM Mandiri
  Perdesaan activity-management units (UPK) and their revolving funds (DBM) into BUM Desa
  Bersama LKD, with a deadline in February 2023 that the sources give two ways: "paling
  lambat Februari 2023" (by the end of that month at the latest), and two years after
  PP 11/2021 (2 February 2021), i.e. 2 February 2023. The deadline is a parameter; its
  default is the earlier reading (:data:`TRANSFORMATION_DEADLINE`), the other is
  :data:`TRANSFORMATION_DEADLINE_END_OF_MONTH`.
- **Ranking**, every February: Perintis, Pemula, Berkembang, Maju. Only "Perintis below 55
  points" is confirmed (Kepmendesa 7/2023); the other cut-offs are **unconfirmed**, so
  :class:`RankingThresholds` takes them from the caller.

>>> import datetime as dt
>>> from decimal import Decimal as D
>>> bumdes = Enterprise(id="bumdes-makmur", name="BUM Desa Makmur",
...     kind=EnterpriseKind.BUM_DESA, villages=("63.03.05.2001",),
...     rankings=(Ranking(2023, D("48.5"), RankingClass.PERINTIS),))
>>> bumdes.ranking_in(2023).ranking_class
RankingClass.PERINTIS
>>> Ranking(2023, D("60"), RankingClass.PERINTIS)
Traceback (most recent call last):
...
desacoop.errors.ValidationError: a score of 60 is not Perintis: Perintis is below 55 points
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

import attrs

from desacoop import _checks as check
from desacoop.errors import ValidationError, shown
from desacoop.labels import LabelledEnum
from desacoop.products import rupiah
from desacoop.regions import RegionCode

__all__ = [
    "PERINTIS_BELOW",
    "PP_11_2021",
    "TRANSFORMATION_DEADLINE",
    "TRANSFORMATION_DEADLINE_END_OF_MONTH",
    "BusinessUnit",
    "Enterprise",
    "EnterpriseKind",
    "LegalRegistration",
    "Ranking",
    "RankingClass",
    "RankingThresholds",
    "Transformation",
    "count_enterprises",
    "find_enterprises",
    "transformed_on_time",
]

#: Score below which a BUM Desa is ranked Perintis (Kepmendesa 7/2023). The only
#: confirmed cut-off of the ranking.
PERINTIS_BELOW = Decimal(55)

#: PP 11/2021 on BUM Desa, promulgated 2 February 2021: no BUM Desa Bersama LKD can come from
#: an ex-PNPM unit before it (Permendesa PDTT 15/2021 transforms the units under it).
PP_11_2021 = dt.date(2021, 2, 2)

#: Default deadline for the ex-PNPM transformation: the earlier of the two readings, two
#: years after PP 11/2021 (2 February 2021). Pass another date where a decree says so.
TRANSFORMATION_DEADLINE = dt.date(2023, 2, 2)

#: The other reading of the deadline: "paling lambat Februari 2023" taken as the last day
#: of that month.
TRANSFORMATION_DEADLINE_END_OF_MONTH = dt.date(2023, 2, 28)


class EnterpriseKind(LabelledEnum):
    """The legal form of a village-owned enterprise."""

    BUM_DESA = "bum-desa", "Badan Usaha Milik Desa (BUM Desa)", "village-owned enterprise"
    BUM_DESA_BERSAMA = (
        "bum-desa-bersama",
        "BUM Desa Bersama",
        "inter-village enterprise",
    )
    BUM_DESA_BERSAMA_LKD = (
        "bum-desa-bersama-lkd",
        "BUM Desa Bersama Lembaga Keuangan Desa (LKD)",
        "inter-village enterprise from an ex-PNPM unit (village financial institution)",
    )


class RankingClass(LabelledEnum):
    """The yearly ranking of BUM Desa (Permendesa PDTT 3/2021), lowest first."""

    PERINTIS = "perintis", "Perintis", "pioneer"
    PEMULA = "pemula", "Pemula", "beginner"
    BERKEMBANG = "berkembang", "Berkembang", "developing"
    MAJU = "maju", "Maju", "advanced"

    @property
    def rank(self) -> int:
        """0 for Perintis up to 3 for Maju."""
        return list(RankingClass).index(self)


def _score(value: object) -> Decimal:
    """attrs converter: a score as an exact Decimal (a float through its shortest repr)."""
    return check.number(value, "score")


@attrs.frozen
class RankingThresholds:
    """Minimum scores of Berkembang and Maju, supplied by the caller (unconfirmed).

    Pemula starts at :data:`PERINTIS_BELOW` (55), the one confirmed cut-off.

    >>> from decimal import Decimal as D
    >>> t = RankingThresholds(berkembang=D(70), maju=D(85))
    >>> t.classify(D("54.99")), t.classify(D(55)), t.classify(D(85))
    (RankingClass.PERINTIS, RankingClass.PEMULA, RankingClass.MAJU)
    """

    berkembang: Decimal = attrs.field(
        converter=check.to_number, validator=check.decimal(PERINTIS_BELOW)
    )
    maju: Decimal = attrs.field(converter=check.to_number, validator=check.decimal(PERINTIS_BELOW))

    def __attrs_post_init__(self) -> None:
        if not PERINTIS_BELOW < self.berkembang < self.maju:
            raise ValidationError(
                f"the minimums must rise: Pemula {PERINTIS_BELOW} < Berkembang "
                f"{self.berkembang} < Maju {self.maju}",
                field="maju",
            )

    def classify(self, score: Decimal | int | float) -> RankingClass:
        """The class of a score (a Decimal, an int or a finite float)."""
        score = _score(score)
        if score < PERINTIS_BELOW:
            return RankingClass.PERINTIS
        if score < self.berkembang:
            return RankingClass.PEMULA
        if score < self.maju:
            return RankingClass.BERKEMBANG
        return RankingClass.MAJU


@attrs.frozen
class Ranking:
    """One year's ranking (every February): the score and the class as decided.

    Checked here: below 55 is Perintis, and Perintis is below 55. The other classes are
    checked against caller-supplied cut-offs with :meth:`agrees_with`.
    """

    year: int = attrs.field(validator=check.integer(2015, 2200))
    score: Decimal = attrs.field(converter=check.to_number, validator=check.decimal(Decimal(0)))
    ranking_class: RankingClass = attrs.field(validator=check.instance_of(RankingClass))

    def __attrs_post_init__(self) -> None:
        perintis = self.ranking_class is RankingClass.PERINTIS
        if (self.score < PERINTIS_BELOW) != perintis:
            if perintis:
                message = (
                    f"a score of {self.score} is not Perintis: Perintis is below "
                    f"{PERINTIS_BELOW} points"
                )
            else:
                message = (
                    f"a score of {self.score} is below {PERINTIS_BELOW}, so the class is "
                    f"Perintis, not {self.ranking_class.label_id}"
                )
            raise ValidationError(message, field="ranking_class")

    def agrees_with(self, thresholds: RankingThresholds) -> bool:
        """Whether the class follows from the score under the given cut-offs."""
        if not isinstance(thresholds, RankingThresholds):
            raise ValidationError(
                f"thresholds must be RankingThresholds, not {shown(thresholds)}",
                field="thresholds",
            )
        return thresholds.classify(self.score) is self.ranking_class


@attrs.frozen
class LegalRegistration:
    """Registration as a legal entity (PP 11/2021): certificate number and date."""

    number: str = attrs.field(validator=check.text)
    date: dt.date = attrs.field(converter=check.to_date, validator=check.date)


@attrs.frozen
class BusinessUnit:
    """A line of business of the enterprise (unit usaha)."""

    name: str = attrs.field(validator=check.text)
    #: Free text, e.g. "simpan pinjam", "wisata desa": no official list is confirmed.
    sector: str = attrs.field(validator=check.text)
    started: dt.date | None = attrs.field(
        default=None, converter=check.to_optional_date, validator=check.optional(check.date)
    )


@attrs.frozen
class Transformation:
    """How an ex-PNPM unit (UPK with its revolving fund, DBM) became a BUM Desa Bersama LKD."""

    #: The unit as it was known, e.g. "UPK Kecamatan Daha Utara".
    former_unit: str = attrs.field(validator=check.text)
    transformed_on: dt.date = attrs.field(converter=check.to_date, validator=check.date)
    #: Revolving fund carried over, in rupiah, if known.
    revolving_fund: Decimal | None = attrs.field(
        default=None, converter=attrs.converters.optional(rupiah)
    )

    def __attrs_post_init__(self) -> None:
        if self.transformed_on < PP_11_2021:
            raise ValidationError(
                f"{self.former_unit} cannot have become a BUM Desa Bersama LKD on "
                f"{self.transformed_on.isoformat()}: the transformation follows PP 11/2021 of "
                f"{PP_11_2021.isoformat()} (Permendesa PDTT 15/2021)",
                field="transformed_on",
            )

    def met_deadline(self, deadline: dt.date = TRANSFORMATION_DEADLINE) -> bool:
        """Transformed on or before ``deadline`` (default: 2 February 2023, the earlier
        reading; :data:`TRANSFORMATION_DEADLINE_END_OF_MONTH` is the other).

        >>> t = Transformation("UPK Kecamatan Contoh", dt.date(2023, 2, 20))
        >>> t.met_deadline(), t.met_deadline(TRANSFORMATION_DEADLINE_END_OF_MONTH)
        (False, True)
        """
        deadline = check.date_argument("deadline", deadline)
        return self.transformed_on <= deadline


@attrs.frozen
class Enterprise:
    """A BUM Desa, BUM Desa Bersama or BUM Desa Bersama LKD.

    Rules: a BUM Desa belongs to exactly one village, the two others to at least two; a
    BUM Desa Bersama LKD records its transformation from an ex-PNPM unit and the others
    have none; at most one ranking per year, none before the registration's year.
    """

    id: str = attrs.field(validator=check.identifier)
    name: str = attrs.field(validator=check.text)
    kind: EnterpriseKind = attrs.field(validator=check.instance_of(EnterpriseKind))
    villages: tuple[RegionCode, ...] = attrs.field(converter=check.villages)
    registration: LegalRegistration | None = attrs.field(
        default=None, validator=check.optional(check.instance_of(LegalRegistration))
    )
    rankings: tuple[Ranking, ...] = attrs.field(
        default=(), converter=check.to_tuple, validator=check.tuple_of(Ranking)
    )
    units: tuple[BusinessUnit, ...] = attrs.field(
        default=(), converter=check.to_tuple, validator=check.tuple_of(BusinessUnit)
    )
    transformation: Transformation | None = attrs.field(
        default=None, validator=check.optional(check.instance_of(Transformation))
    )

    def __attrs_post_init__(self) -> None:
        count = len(self.villages)
        if self.kind is EnterpriseKind.BUM_DESA and count != 1:
            raise ValidationError(
                f"a BUM Desa belongs to exactly one village; {self.name} has {count} "
                "(several villages form a BUM Desa Bersama)",
                field="villages",
            )
        if self.kind is not EnterpriseKind.BUM_DESA and count < 2:
            raise ValidationError(
                f"a {self.kind.label_id} belongs to two or more villages; {self.name} has {count}",
                field="villages",
            )
        if self.kind is EnterpriseKind.BUM_DESA_BERSAMA_LKD and self.transformation is None:
            raise ValidationError(
                "a BUM Desa Bersama LKD comes from an ex-PNPM unit: record its transformation",
                field="transformation",
            )
        if self.kind is not EnterpriseKind.BUM_DESA_BERSAMA_LKD and self.transformation:
            raise ValidationError(
                f"only a BUM Desa Bersama LKD has an ex-PNPM transformation, not a "
                f"{self.kind.label_id}",
                field="transformation",
            )
        for i, village in enumerate(self.villages):
            check.desa(village, f"a {self.kind.label_id}", f"villages[{i}]")
        check.unique("a ranking for", [r.year for r in self.rankings], "rankings")

    @property
    def provinces(self) -> tuple[RegionCode, ...]:
        """The provinces of the enterprise's villages."""
        return tuple(sorted({v.province for v in self.villages}))

    def is_within(self, region: RegionCode | str) -> bool:
        """Whether any of its villages lies in ``region``."""
        area = check.region_code(region)
        return any(v.is_within(area) for v in self.villages)

    def ranking_in(self, year: int) -> Ranking | None:
        """The ranking of ``year``, if any."""
        if year is None:
            raise ValidationError("give the year of the ranking", field="year")
        check.argument("year", year, int)
        return next((r for r in self.rankings if r.year == year), None)

    def latest_ranking(self) -> Ranking | None:
        """The most recent ranking."""
        return max(self.rankings, key=lambda r: r.year, default=None)


def find_enterprises(
    enterprises: Iterable[Enterprise],
    *,
    region: RegionCode | str | None = None,
    kind: EnterpriseKind | None = None,
    year: int | None = None,
    ranking_class: RankingClass | None = None,
    at_least: RankingClass | None = None,
    registered_by: dt.date | None = None,
) -> tuple[Enterprise, ...]:
    """Enterprises matching every criterion given.

    ``ranking_class`` / ``at_least`` need ``year``: the class of that year's ranking.
    ``registered_by``: registered as a legal entity on or before that date.
    """
    found_in = check.items("enterprises", enterprises, Enterprise)
    area = check.optional_region(region)
    check.argument("kind", kind, EnterpriseKind)
    check.argument("year", year, int)
    check.argument("ranking_class", ranking_class, RankingClass)
    check.argument("at_least", at_least, RankingClass)
    if registered_by is not None:
        registered_by = check.date_argument("registered_by", registered_by)
    if (ranking_class is not None or at_least is not None) and year is None:
        raise ValidationError("give the year of the ranking", field="year")
    found = []
    for enterprise in found_in:
        if area is not None and not enterprise.is_within(area):
            continue
        if kind is not None and enterprise.kind is not kind:
            continue
        if year is not None and (ranking_class is not None or at_least is not None):
            ranking = enterprise.ranking_in(year)
            if ranking is None:
                continue
            if ranking_class is not None and ranking.ranking_class is not ranking_class:
                continue
            if at_least is not None and ranking.ranking_class.rank < at_least.rank:
                continue
        if registered_by is not None and (
            enterprise.registration is None or enterprise.registration.date > registered_by
        ):
            continue
        found.append(enterprise)
    return tuple(found)


count_enterprises = check.counting(
    find_enterprises,
    """How many :func:`find_enterprises` finds: an indicator source for the progress engine.""",
)


def transformed_on_time(
    enterprises: Iterable[Enterprise],
    *,
    region: RegionCode | str | None = None,
    deadline: dt.date = TRANSFORMATION_DEADLINE,
) -> tuple[int, int]:
    """Of the BUM Desa Bersama LKD (in ``region``): how many met ``deadline``, of how many."""
    deadline = check.date_argument("deadline", deadline)
    lkd = find_enterprises(enterprises, region=region, kind=EnterpriseKind.BUM_DESA_BERSAMA_LKD)
    met = sum(
        1 for e in lkd if e.transformation is not None and e.transformation.met_deadline(deadline)
    )
    return met, len(lkd)

"""Flagship products of villages, rural areas and pesantren; certifications; trade missions.

- **Prudes** (produk unggulan desa): the flagship product of *one* village.
- **Prukades** (produk unggulan kawasan perdesaan): the flagship product of a rural area,
  spanning at least two villages of that declared area, run through inter-village
  cooperation (since 2016).
- **1 desa 1 produk** (one village one product, OVOP, Jawa Timur): one village's product.
- **1 pesantren 1 produk** (OPOP, Jawa Timur): the product belongs to a pesantren, not to a
  village. (No launch date is recorded: the dates in circulation have no source on file.)

Certifications (SPP-IRT/PIRT, halal, BPOM MD, SNI) carry a number, an issue date and an
expiry date; :meth:`Certification.expired` says whether one has lapsed on a given day.
Trade-mission participation (misi dagang) records the event, date, buyers and the deal
value in rupiah (``Decimal`` or ``int``, never a float).

>>> import datetime as dt
>>> keripik = Product(
...     id="keripik-tulungrejo", name="Keripik apel", kind=ProductKind.PRUDES,
...     category="makanan olahan", owner=Owner(OwnerKind.BUM_DESA, "BUM Desa Makmur"),
...     villages=("35.07.01.2001",))
>>> keripik.provinces
(RegionCode('35'),)
>>> Product(id="x", name="Batik", kind=ProductKind.PRUKADES, category="kriya",
...         owner=Owner(OwnerKind.PRODUCER_GROUP, "Kelompok Batik"),
...         villages=("35.07.01.2001",))  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
desacoop.errors.ValidationError: a Prukades spans at least two villages ...; Batik has 1

Sources: the village ministry's Prudes and Prukades programmes (Prukades since 2016; no
regulation number is recorded here, so none is cited); OVOP and OPOP are programmes of the
Jawa Timur provincial government (OPOP's pillars: santripreneur, pesantrenpreneur,
sosiopreneur).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import attrs

from desacoop import _checks as check
from desacoop.errors import ValidationError, shown
from desacoop.labels import LabelledEnum
from desacoop.regions import RegionCode

__all__ = [
    "Certification",
    "CertificationKind",
    "MarketReach",
    "Owner",
    "OwnerKind",
    "Product",
    "ProductKind",
    "RuralArea",
    "TradeMissionDeal",
    "count_products",
    "deal_value",
    "expired_certifications",
    "find_products",
    "rupiah",
]


class ProductKind(LabelledEnum):
    """The programme a flagship product belongs to."""

    PRUDES = "prudes", "Produk Unggulan Desa (Prudes)", "village flagship product"
    PRUKADES = (
        "prukades",
        "Produk Unggulan Kawasan Perdesaan (Prukades)",
        "rural-area flagship product",
    )
    ONE_VILLAGE_ONE_PRODUCT = (
        "one-village-one-product",
        "1 desa 1 produk (OVOP)",
        "one village one product",
    )
    ONE_PESANTREN_ONE_PRODUCT = (
        "one-pesantren-one-product",
        "1 pesantren 1 produk (OPOP)",
        "one pesantren one product",
    )


class OwnerKind(LabelledEnum):
    """Who owns a product."""

    VILLAGE = "village", "desa", "village"
    BUM_DESA = "bum-desa", "BUM Desa / BUM Desa Bersama", "village-owned enterprise"
    PESANTREN = "pesantren", "pondok pesantren", "Islamic boarding school"
    PRODUCER_GROUP = "producer-group", "kelompok usaha / produsen", "producer group"


class CertificationKind(LabelledEnum):
    """Certifications of a product."""

    PIRT = "pirt", "SPP-IRT (P-IRT)", "home-industry food production certificate"
    HALAL = "halal", "sertifikat halal", "halal certificate"
    BPOM_MD = "bpom-md", "izin edar BPOM MD", "BPOM MD distribution permit"
    SNI = "sni", "SNI", "Indonesian National Standard"


class MarketReach(LabelledEnum):
    """How far a product is sold, smallest first."""

    VILLAGE = "village", "desa", "village"
    REGENCY = "regency", "kabupaten/kota", "regency or city"
    PROVINCE = "province", "provinsi", "province"
    NATIONAL = "national", "nasional", "national"
    EXPORT = "export", "ekspor", "export"


def rupiah(value: object) -> Decimal:
    """attrs converter for money: an ``int`` or ``Decimal`` of rupiah, at least 0, never a
    float (:func:`desacoop._checks.money` says why).

    >>> rupiah(1_500_000), rupiah(Decimal("2500000.50"))
    (Decimal('1500000'), Decimal('2500000.50'))
    """
    amount = check.money(value, "amount")
    if amount < 0:
        raise ValidationError(f"an amount in rupiah is at least 0, not {amount}", field="amount")
    return amount


_to_village = check.village("an owner sits in")


def _owner_village(value: RegionCode | str | None) -> RegionCode | None:
    return None if value is None else _to_village(value)


@attrs.frozen
class Owner:
    """Who owns a product: a village, a BUM Desa, a pesantren or a producer group.

    ``village`` is where the owner sits (required for a village owner); ``id`` may refer
    to a BUM Desa's record (:class:`desacoop.enterprises.Enterprise`).
    """

    kind: OwnerKind = attrs.field(validator=check.instance_of(OwnerKind))
    name: str = attrs.field(validator=check.text)
    village: RegionCode | None = attrs.field(
        default=None,
        converter=_owner_village,
    )
    id: str | None = attrs.field(default=None, validator=check.optional(check.identifier))

    def __attrs_post_init__(self) -> None:
        if self.kind is OwnerKind.VILLAGE and self.village is None:
            raise ValidationError("a village owner needs its village code", field="village")
        if self.kind is OwnerKind.VILLAGE and self.village is not None:
            check.desa(self.village, "a village owner (desa)", "village")


@attrs.frozen
class RuralArea:
    """A declared rural area (kawasan perdesaan): the villages it covers."""

    id: str = attrs.field(validator=check.identifier)
    name: str = attrs.field(validator=check.text)
    villages: tuple[RegionCode, ...] = attrs.field(converter=check.villages)

    def __attrs_post_init__(self) -> None:
        if len(self.villages) < 2:
            raise ValidationError(
                f"a rural area spans at least two villages; {self.name} has {len(self.villages)}",
                field="villages",
            )


@attrs.frozen
class Certification:
    """A certificate of a product: kind, number, issue date and (if it has one) expiry.

    A certificate is valid through its expiry date and expired from the day after.

    >>> c = Certification(CertificationKind.PIRT, "2063571010123-27", dt.date(2022, 5, 1),
    ...                   dt.date(2027, 5, 1))
    >>> c.expired(dt.date(2027, 5, 1)), c.expired(dt.date(2027, 5, 2))
    (False, True)
    """

    kind: CertificationKind = attrs.field(validator=check.instance_of(CertificationKind))
    number: str = attrs.field(validator=check.text)
    issued: dt.date = attrs.field(converter=check.to_date, validator=check.date)
    #: ``None`` when the certificate records no expiry.
    expires: dt.date | None = attrs.field(
        default=None, converter=check.to_optional_date, validator=check.optional(check.date)
    )

    def __attrs_post_init__(self) -> None:
        if self.expires is not None and self.expires < self.issued:
            raise ValidationError(
                f"the {self.kind.label_id} certificate {self.number} expires "
                f"({self.expires}) before it was issued ({self.issued})",
                field="expires",
            )

    def expired(self, as_of: dt.date) -> bool:
        """Whether the certificate has lapsed on ``as_of``."""
        as_of = check.date_argument("as_of", as_of)
        return self.expires is not None and as_of > self.expires

    def valid(self, as_of: dt.date) -> bool:
        """Issued on or before ``as_of`` and not expired."""
        as_of = check.date_argument("as_of", as_of)
        return self.issued <= as_of and not self.expired(as_of)


def _buyers(instance: Any, attribute: attrs.Attribute[Any], value: object) -> None:
    check.tuple_of(str, "text")(instance, attribute, value)
    assert isinstance(value, tuple)
    if any(not b.strip() for b in value):
        raise ValidationError("a buyer's name cannot be blank", field="buyers")


@attrs.frozen
class TradeMissionDeal:
    """A product's participation in a trade mission (misi dagang)."""

    event: str = attrs.field(validator=check.text)
    date: dt.date = attrs.field(converter=check.to_date, validator=check.date)
    buyers: tuple[str, ...] = attrs.field(default=(), converter=check.to_tuple, validator=_buyers)
    #: Value of the deals closed, in rupiah.
    deal_value: Decimal = attrs.field(default=Decimal(0), converter=rupiah)
    place: str | None = attrs.field(default=None, validator=check.optional(check.text))


@attrs.frozen
class Product:
    """A flagship product and its programme, owner, villages, certificates and sales.

    Rules (checked on construction):

    - a Prudes or a 1 desa 1 produk belongs to exactly one village;
    - a Prukades spans at least two villages, all in its declared ``rural_area``;
    - a 1 pesantren 1 produk belongs to a pesantren (``owner``), not to villages: its
      ``villages`` is empty (the pesantren's location goes in ``owner.village``);
    - only a Prukades has a rural area; a village owner is one of the product's villages.
    """

    id: str = attrs.field(validator=check.identifier)
    name: str = attrs.field(validator=check.text)
    kind: ProductKind = attrs.field(validator=check.instance_of(ProductKind))
    #: Free text (e.g. "makanan olahan", "kriya"): no official list is confirmed.
    category: str = attrs.field(validator=check.text)
    owner: Owner = attrs.field(validator=check.instance_of(Owner))
    villages: tuple[RegionCode, ...] = attrs.field(default=(), converter=check.villages)
    rural_area: RuralArea | None = attrs.field(
        default=None, validator=check.optional(check.instance_of(RuralArea))
    )
    certifications: tuple[Certification, ...] = attrs.field(
        default=(), converter=check.to_tuple, validator=check.tuple_of(Certification)
    )
    market_reach: MarketReach | None = attrs.field(
        default=None, validator=check.optional(check.instance_of(MarketReach))
    )
    trade_missions: tuple[TradeMissionDeal, ...] = attrs.field(
        default=(), converter=check.to_tuple, validator=check.tuple_of(TradeMissionDeal)
    )

    def __attrs_post_init__(self) -> None:
        count = len(self.villages)
        if self.kind in (ProductKind.PRUDES, ProductKind.ONE_VILLAGE_ONE_PRODUCT):
            if count != 1:
                raise ValidationError(
                    f"a {self.kind.label_id} belongs to exactly one village; "
                    f"{self.name} has {count}",
                    field="villages",
                )
            what = {
                ProductKind.PRUDES: "a Prudes (produk unggulan desa)",
                ProductKind.ONE_VILLAGE_ONE_PRODUCT: "a 1 desa 1 produk",
            }[self.kind]
            check.desa(self.villages[0], what, "villages[0]")
        elif self.kind is ProductKind.PRUKADES:
            if count < 2:
                raise ValidationError(
                    f"a Prukades spans at least two villages of one rural area; "
                    f"{self.name} has {count}",
                    field="villages",
                )
            if self.rural_area is None:
                raise ValidationError(
                    f"a Prukades names its declared rural area; {self.name} has none",
                    field="rural_area",
                )
            outside = [str(v) for v in self.villages if v not in self.rural_area.villages]
            if outside:
                raise ValidationError(
                    f"villages {', '.join(outside)} of {self.name} are not in the rural area "
                    f"{self.rural_area.name}",
                    field="villages",
                )
        else:  # one pesantren one product
            if self.owner.kind is not OwnerKind.PESANTREN:
                raise ValidationError(
                    f"a 1 pesantren 1 produk belongs to a pesantren, not to a "
                    f"{self.owner.kind.label_id}",
                    field="owner",
                )
            if count:
                raise ValidationError(
                    "a 1 pesantren 1 produk belongs to a pesantren, not to villages; give the "
                    "pesantren's village as owner.village",
                    field="villages",
                )
        if self.rural_area is not None and self.kind is not ProductKind.PRUKADES:
            raise ValidationError(
                f"only a Prukades has a rural area, not a {self.kind.label_id}",
                field="rural_area",
            )
        if (
            self.owner.kind is OwnerKind.VILLAGE
            and self.owner.village is not None
            and self.owner.village not in self.villages
        ):
            raise ValidationError(
                f"the owning village {self.owner.village} is not one of the product's villages",
                field="owner",
            )

    @property
    def places(self) -> tuple[RegionCode, ...]:
        """Villages the product is located in (the pesantren's village for OPOP)."""
        if self.villages:
            return self.villages
        return (self.owner.village,) if self.owner.village is not None else ()

    @property
    def provinces(self) -> tuple[RegionCode, ...]:
        """The provinces of :attr:`places`, in code order."""
        return tuple(sorted({v.province for v in self.places}))

    def is_within(self, region: RegionCode | str) -> bool:
        """Whether any of the product's places lies in ``region``."""
        area = check.region_code(region)
        return any(v.is_within(area) for v in self.places)

    def certification(self, kind: CertificationKind) -> tuple[Certification, ...]:
        """The certificates of one kind."""
        if not isinstance(kind, CertificationKind):
            raise ValidationError(
                f"kind must be a CertificationKind, not {shown(kind)}", field="kind"
            )
        return tuple(c for c in self.certifications if c.kind is kind)

    def certified(self, kind: CertificationKind, as_of: dt.date) -> bool:
        """Whether the product holds a valid certificate of ``kind`` on ``as_of``."""
        as_of = check.date_argument("as_of", as_of)
        return any(c.valid(as_of) for c in self.certification(kind))


def find_products(
    products: Iterable[Product],
    *,
    region: RegionCode | str | None = None,
    kind: ProductKind | None = None,
    certified: CertificationKind | None = None,
    uncertified: CertificationKind | None = None,
    as_of: dt.date | None = None,
    market_reach: MarketReach | None = None,
) -> tuple[Product, ...]:
    """Products matching every criterion given, in their order.

    ``certified`` / ``uncertified``: with (without) a valid certificate of that kind on
    ``as_of`` (required with either). ``market_reach``: sold at least that far.
    """
    found_in = check.items("products", products, Product)
    area = check.optional_region(region)
    check.argument("kind", kind, ProductKind)
    check.argument("certified", certified, CertificationKind)
    check.argument("uncertified", uncertified, CertificationKind)
    check.argument("market_reach", market_reach, MarketReach)
    if as_of is not None:
        as_of = check.date_argument("as_of", as_of)
    if (certified is not None or uncertified is not None) and as_of is None:
        raise ValidationError("give as_of to ask about certificates", field="as_of")
    order = list(MarketReach)
    found = []
    for product in found_in:
        if area is not None and not product.is_within(area):
            continue
        if kind is not None and product.kind is not kind:
            continue
        if certified is not None and as_of is not None and not product.certified(certified, as_of):
            continue
        if uncertified is not None and as_of is not None and product.certified(uncertified, as_of):
            continue
        if market_reach is not None and (
            product.market_reach is None
            or order.index(product.market_reach) < order.index(market_reach)
        ):
            continue
        found.append(product)
    return tuple(found)


count_products = check.counting(
    find_products,
    """How many products :func:`find_products` finds with the same criteria.

    An indicator source for the progress engine ("Prudes of Kalsel with a halal
    certificate on 31 December 2023").
    """,
)


def expired_certifications(
    products: Iterable[Product], as_of: dt.date
) -> tuple[tuple[Product, Certification], ...]:
    """Every (product, certificate) pair whose certificate has lapsed on ``as_of``."""
    found = check.items("products", products, Product)
    as_of = check.date_argument("as_of", as_of)
    return tuple((p, c) for p in found for c in p.certifications if c.expired(as_of))


def deal_value(
    products: Iterable[Product],
    *,
    region: RegionCode | str | None = None,
    year: int | None = None,
    event: str | None = None,
) -> Decimal:
    """Total rupiah of trade-mission deals (in ``year`` and at ``event`` when given)."""
    check.argument("year", year, int)
    check.argument("event", event, str)
    total = Decimal(0)
    for product in find_products(products, region=region):
        for deal in product.trade_missions:
            if year is not None and deal.date.year != year:
                continue
            if event is not None and deal.event != event:
                continue
            total += deal.deal_value
    return total

"""Flagship products (DOMAIN.md section 4): programme rules, certificates, trade missions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings

from desacoop import strategies as s
from desacoop.errors import ValidationError
from desacoop.products import (
    Certification,
    CertificationKind,
    MarketReach,
    Owner,
    OwnerKind,
    Product,
    ProductKind,
    RuralArea,
    TradeMissionDeal,
    count_products,
    deal_value,
    expired_certifications,
    find_products,
    rupiah,
)
from desacoop.regions import RegionCode

from .utils import need

D = Decimal
V1, V2, V3 = "63.03.05.2001", "63.03.05.2002", "63.03.05.2003"
JATIM = "35.07.01.2001"
AREA = RuralArea("kawasan-daha", "Kawasan Agropolitan Daha", (V1, V2))
BUMDES = Owner(OwnerKind.BUM_DESA, "BUM Desa Makmur", V1, "bumdes-makmur")
PESANTREN = Owner(OwnerKind.PESANTREN, "Pondok Pesantren Al-Falah", JATIM)


def _prudes(**changes):
    fields: dict[str, Any] = {
        "id": "keripik",
        "name": "Keripik pisang",
        "kind": ProductKind.PRUDES,
        "category": "makanan olahan",
        "owner": BUMDES,
        "villages": (V1,),
    }
    fields.update(changes)
    return Product(**fields)


# --- programme rules: each with a passing and a failing case ------------------------------


def test_prudes_has_exactly_one_village():
    assert _prudes().villages == (RegionCode(V1),)
    with pytest.raises(ValidationError, match="exactly one village") as info:
        _prudes(villages=(V1, V2))
    assert info.value.field == "villages"
    with pytest.raises(ValidationError, match="exactly one village"):
        _prudes(villages=())


def test_one_village_one_product_has_one_village():
    assert _prudes(kind=ProductKind.ONE_VILLAGE_ONE_PRODUCT, villages=(JATIM,)).places
    with pytest.raises(ValidationError, match="exactly one village"):
        _prudes(kind=ProductKind.ONE_VILLAGE_ONE_PRODUCT, villages=(JATIM, V1))


def test_prukades_spans_two_villages_of_its_rural_area():
    good = _prudes(kind=ProductKind.PRUKADES, villages=(V1, V2), rural_area=AREA)
    assert good.provinces == (RegionCode("63"),)
    with pytest.raises(ValidationError, match="at least two villages"):
        _prudes(kind=ProductKind.PRUKADES, villages=(V1,), rural_area=AREA)
    with pytest.raises(ValidationError, match="rural area") as info:
        _prudes(kind=ProductKind.PRUKADES, villages=(V1, V2))
    assert info.value.field == "rural_area"
    with pytest.raises(ValidationError, match="not in the rural area"):
        _prudes(kind=ProductKind.PRUKADES, villages=(V1, V3), rural_area=AREA)


def test_rural_area_needs_two_villages():
    with pytest.raises(ValidationError):
        RuralArea("k", "Kawasan", (V1,))
    with pytest.raises(ValidationError):
        RuralArea("k", "Kawasan", (V1, V1))


def test_only_prukades_has_a_rural_area():
    with pytest.raises(ValidationError, match="only a Prukades"):
        _prudes(rural_area=AREA)


def test_opop_belongs_to_a_pesantren_not_a_village():
    good = _prudes(kind=ProductKind.ONE_PESANTREN_ONE_PRODUCT, owner=PESANTREN, villages=())
    assert good.places == (RegionCode(JATIM),)
    assert good.is_within(RegionCode("35"))
    with pytest.raises(ValidationError, match="belongs to a pesantren") as info:
        _prudes(kind=ProductKind.ONE_PESANTREN_ONE_PRODUCT, owner=BUMDES, villages=())
    assert info.value.field == "owner"
    with pytest.raises(ValidationError, match="not to villages"):
        _prudes(kind=ProductKind.ONE_PESANTREN_ONE_PRODUCT, owner=PESANTREN, villages=(JATIM,))


def test_village_owner():
    assert _prudes(owner=Owner(OwnerKind.VILLAGE, "Desa Hamayung", V1)).owner.village
    with pytest.raises(ValidationError, match="village code"):
        Owner(OwnerKind.VILLAGE, "Desa Hamayung")
    with pytest.raises(ValidationError, match="owning village"):
        _prudes(owner=Owner(OwnerKind.VILLAGE, "Desa lain", V2))


@pytest.mark.parametrize(
    "changes",
    [
        {"id": "Keripik Pisang"},
        {"name": " "},
        {"kind": "prudes"},
        {"villages": ("63.03.05",)},
        {"villages": ("63.03.05.0001",)},
        {"villages": "63.03.05.2001"},
        {"owner": "BUM Desa"},
        {"certifications": ("PIRT",)},
        {"market_reach": "national"},
    ],
)
def test_bad_fields_are_validation_errors(changes):
    with pytest.raises(ValidationError):
        _prudes(**changes)


# --- certificates -------------------------------------------------------------------------


def test_certificate_expiry():
    pirt = Certification(
        CertificationKind.PIRT, "P-IRT 123", dt.date(2020, 1, 10), dt.date(2025, 1, 10)
    )
    assert not pirt.expired(dt.date(2025, 1, 10))  # valid through its expiry date
    assert pirt.expired(dt.date(2025, 1, 11))
    assert not pirt.valid(dt.date(2020, 1, 9))  # not yet issued
    assert pirt.valid(dt.date(2020, 1, 10))
    halal = Certification(CertificationKind.HALAL, "ID123", dt.date(2021, 6, 1))
    assert not halal.expired(dt.date(2099, 1, 1))
    with pytest.raises(ValidationError, match="before it was issued"):
        Certification(CertificationKind.SNI, "SNI 1", dt.date(2022, 1, 2), dt.date(2022, 1, 1))
    with pytest.raises(ValidationError):
        Certification(CertificationKind.BPOM_MD, "MD 1", "2022-01-01")  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        pirt.expired("2025-01-11")  # type: ignore[arg-type]


# --- money --------------------------------------------------------------------------------


def test_deal_values_are_rupiah_never_float():
    assert TradeMissionDeal(
        "Misi Dagang Jatim-Kalsel", dt.date(2022, 4, 13), deal_value=5_000_000
    ).deal_value == D(5_000_000)
    for bad in (5e6, -1, True, "5000000", D("NaN")):
        with pytest.raises(ValidationError):
            rupiah(bad)
        with pytest.raises(ValidationError):
            TradeMissionDeal("Misi dagang", dt.date(2022, 4, 13), deal_value=bad)
    with pytest.raises(ValidationError):
        TradeMissionDeal("Misi dagang", dt.date(2022, 4, 13), buyers=("PT Maju", " "))


# --- catalog ------------------------------------------------------------------------------

TODAY = dt.date(2024, 1, 1)
CATALOG = (
    _prudes(
        certifications=(
            Certification(CertificationKind.PIRT, "1", dt.date(2019, 1, 1), dt.date(2023, 12, 31)),
            Certification(CertificationKind.HALAL, "2", dt.date(2019, 1, 1)),
        ),
        market_reach=MarketReach.PROVINCE,
        trade_missions=(
            TradeMissionDeal("Misi Dagang 2022", dt.date(2022, 4, 13), ("CV Jaya",), D("12500000")),
            TradeMissionDeal("Misi Dagang 2023", dt.date(2023, 5, 2), (), 3_000_000),
        ),
    ),
    _prudes(
        id="abon", name="Abon ikan", kind=ProductKind.PRUKADES, villages=(V1, V2), rural_area=AREA
    ),
    _prudes(
        id="sarung",
        name="Sarung tenun",
        kind=ProductKind.ONE_PESANTREN_ONE_PRODUCT,
        owner=PESANTREN,
        villages=(),
        market_reach=MarketReach.EXPORT,
        trade_missions=(
            TradeMissionDeal("Misi Dagang 2022", dt.date(2022, 4, 13), deal_value=1_000_000),
        ),
    ),
)


def test_catalog_queries():
    assert [p.id for p in find_products(CATALOG, region="63")] == ["keripik", "abon"]
    assert [p.id for p in find_products(CATALOG, region=RegionCode("35"))] == ["sarung"]
    assert [p.id for p in find_products(CATALOG, kind=ProductKind.PRUKADES)] == ["abon"]
    assert count_products(CATALOG, certified=CertificationKind.HALAL, as_of=TODAY) == 1
    # The P-IRT lapsed on 31 December 2023.
    assert (
        count_products(CATALOG, certified=CertificationKind.PIRT, as_of=dt.date(2023, 12, 31)) == 1
    )
    assert count_products(CATALOG, certified=CertificationKind.PIRT, as_of=TODAY) == 0
    assert count_products(CATALOG, uncertified=CertificationKind.PIRT, as_of=TODAY) == 3
    assert [(p.id, c.kind) for p, c in expired_certifications(CATALOG, TODAY)] == [
        ("keripik", CertificationKind.PIRT)
    ]
    assert [p.id for p in find_products(CATALOG, market_reach=MarketReach.NATIONAL)] == ["sarung"]
    assert count_products(CATALOG, market_reach=MarketReach.PROVINCE) == 2
    with pytest.raises(ValidationError):
        find_products(CATALOG, certified=CertificationKind.HALAL)  # as_of missing


def test_deal_value_totals():
    assert deal_value(CATALOG) == D("16500000")
    assert deal_value(CATALOG, year=2022) == D("13500000")
    assert deal_value(CATALOG, region="63", year=2022) == D("12500000")
    assert deal_value(CATALOG, event="Misi Dagang 2023") == D("3000000")


# --- properties and serialization ---------------------------------------------------------


@settings(max_examples=60)
@given(product=s.products())
def test_generated_products_obey_their_programme(product):
    if product.kind is ProductKind.ONE_PESANTREN_ONE_PRODUCT:
        assert product.owner.kind is OwnerKind.PESANTREN
        assert product.villages == ()
    elif product.kind is ProductKind.PRUKADES:
        assert product.rural_area is not None
        assert len(product.villages) >= 2
        assert set(product.villages) <= set(product.rural_area.villages)
    else:
        assert len(product.villages) == 1


serialization = need("desacoop.serialization")


@settings(max_examples=60, deadline=None)
@given(x=s.products() | s.certifications())
def test_round_trip(x):
    assert serialization.from_json(serialization.to_json(x), type(x)) == x


def test_float_deal_value_rejected_when_reading():
    data = serialization.to_dict(CATALOG[0])
    data["trade_missions"][0]["deal_value"] = 12500000.0
    with pytest.raises(ValidationError) as info:
        serialization.from_dict(data, Product)
    assert "$.trade_missions[0].deal_value" in str(info.value)


@pytest.mark.parametrize(
    "criteria",
    [
        {"kind": "prudes"},
        {"certified": "halal", "as_of": TODAY},
        {"market_reach": "export"},
        {"region": "6"},
        {"certified": CertificationKind.HALAL, "as_of": "2024-01-01"},
    ],
)
def test_bad_query_arguments_are_validation_errors(criteria):
    with pytest.raises(ValidationError):
        find_products(CATALOG, **criteria)


def test_a_float_amount_is_refused_saying_why() -> None:
    with pytest.raises(ValidationError, match="never a float"):
        rupiah(5e6)
    with pytest.raises(ValidationError, match="at least 0"):
        rupiah(-1)


def test_count_products_has_the_keywords_of_find_products() -> None:
    import inspect

    from desacoop.products import count_products, find_products

    assert (
        inspect.signature(count_products).parameters == inspect.signature(find_products).parameters
    )
    assert count_products(CATALOG, kind=ProductKind.PRUDES) == len(
        find_products(CATALOG, kind=ProductKind.PRUDES)
    )
    with pytest.raises(ValidationError, match="collection of Product"):
        count_products(None)  # type: ignore[arg-type]

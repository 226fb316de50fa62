"""Registers of villages' assets: products and certifications, BUM Desa and their rankings,
cadres and their trainings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from desacoop.cadres import Cadre, CadreRole, Training
from desacoop.enterprises import (
    PERINTIS_BELOW,
    PP_11_2021,
    BusinessUnit,
    Enterprise,
    EnterpriseKind,
    LegalRegistration,
    Ranking,
    RankingClass,
    RankingThresholds,
    Transformation,
)
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
)
from desacoop.regions import Level, RegionCode, VillageKind
from desacoop.strategies._common import dates, identifiers, inside, rupiah_amounts, texts
from desacoop.strategies._regions import region_codes

__all__ = [
    "STRATEGIES",
    "business_units",
    "cadres",
    "certifications",
    "enterprises",
    "legal_registrations",
    "products",
    "ranking_thresholds",
    "rankings",
    "trade_mission_deals",
    "trainings",
]


@st.composite
def _spans(draw: st.DrawFn) -> tuple[dt.date, dt.date | None]:
    start = draw(dates())
    end = draw(st.none() | dates(min_value=start))
    return start, end


def _desa_codes() -> st.SearchStrategy[RegionCode]:
    """Village codes of a desa or desa adat: BUM Desa, KPMD/KPM and Prudes have no kelurahan."""
    return region_codes(Level.VILLAGE).filter(lambda c: c.village_kind is not VillageKind.KELURAHAN)


def _village_tuple(min_size: int, max_size: int) -> st.SearchStrategy[tuple[RegionCode, ...]]:
    return st.lists(_desa_codes(), min_size=min_size, max_size=max_size, unique=True).map(tuple)


@st.composite
def certifications(draw: st.DrawFn) -> Certification:
    """Certificates with an expiry on or after their issue date (or none)."""
    issued, expires = draw(_spans())
    kind = draw(st.sampled_from(list(CertificationKind)))
    return Certification(kind, draw(texts()), issued, expires)


def trade_mission_deals() -> st.SearchStrategy[TradeMissionDeal]:
    """Deals closed at trade missions."""
    return st.builds(
        TradeMissionDeal,
        event=texts(),
        date=dates(),
        buyers=st.lists(texts(), max_size=3).map(tuple),
        deal_value=rupiah_amounts(),
        place=st.none() | texts(),
    )


@st.composite
def products(draw: st.DrawFn) -> Product:
    """Products of every programme, each obeying its programme's rules."""
    kind = draw(st.sampled_from(list(ProductKind)))
    rural_area = None
    if kind is ProductKind.ONE_PESANTREN_ONE_PRODUCT:
        villages: tuple[RegionCode, ...] = ()
        owner = Owner(
            OwnerKind.PESANTREN,
            draw(texts()),
            draw(st.none() | region_codes(Level.VILLAGE)),
            draw(st.none() | identifiers()),
        )
    else:
        if kind is ProductKind.PRUKADES:
            area = draw(_village_tuple(2, 5))
            villages = tuple(
                draw(st.lists(st.sampled_from(area), min_size=2, max_size=len(area), unique=True))
            )
            rural_area = RuralArea(draw(identifiers()), draw(texts()), area)
        else:
            villages = draw(_village_tuple(1, 1))
        owner_kind = draw(
            st.sampled_from([OwnerKind.VILLAGE, OwnerKind.BUM_DESA, OwnerKind.PRODUCER_GROUP])
        )
        place = draw(st.sampled_from(villages)) if owner_kind is OwnerKind.VILLAGE else None
        owner = Owner(owner_kind, draw(texts()), place, draw(st.none() | identifiers()))
    return Product(
        id=draw(identifiers()),
        name=draw(texts()),
        kind=kind,
        category=draw(texts()),
        owner=owner,
        villages=villages,
        rural_area=rural_area,
        certifications=tuple(draw(st.lists(certifications(), max_size=3))),
        market_reach=draw(st.none() | st.sampled_from(list(MarketReach))),
        trade_missions=tuple(draw(st.lists(trade_mission_deals(), max_size=2))),
    )


@st.composite
def ranking_thresholds(draw: st.DrawFn) -> RankingThresholds:
    """Caller-chosen Berkembang and Maju minimums above the confirmed 55."""
    low, high = sorted(draw(st.sets(st.integers(56, 100), min_size=2, max_size=2)))
    return RankingThresholds(berkembang=Decimal(low), maju=Decimal(high))


@st.composite
def rankings(draw: st.DrawFn, year: int | None = None) -> Ranking:
    """Rankings that respect "Perintis below 55"."""
    score = draw(st.integers(0, 10000).map(lambda n: Decimal(n).scaleb(-2)))
    if score < PERINTIS_BELOW:
        ranking_class = RankingClass.PERINTIS
    else:
        ranking_class = draw(st.sampled_from(list(RankingClass)[1:]))
    when = year if year is not None else draw(st.integers(2015, 2030))
    return Ranking(when, score, ranking_class)


def business_units() -> st.SearchStrategy[BusinessUnit]:
    """Business units of a BUM Desa."""
    return st.builds(BusinessUnit, name=texts(), sector=texts(), started=st.none() | dates())


def legal_registrations() -> st.SearchStrategy[LegalRegistration]:
    """Legal-entity registrations."""
    return st.builds(LegalRegistration, number=texts(), date=dates())


@st.composite
def enterprises(draw: st.DrawFn) -> Enterprise:
    """BUM Desa of the three kinds, with rankings in distinct years."""
    kind = draw(st.sampled_from(list(EnterpriseKind)))
    single = kind is EnterpriseKind.BUM_DESA
    villages = draw(_village_tuple(1, 1) if single else _village_tuple(2, 4))
    years = draw(st.lists(st.integers(2015, 2030), max_size=3, unique=True))
    transformation = None
    if kind is EnterpriseKind.BUM_DESA_BERSAMA_LKD:
        transformation = Transformation(
            draw(texts()), draw(dates(min_value=PP_11_2021)), draw(st.none() | rupiah_amounts())
        )
    return Enterprise(
        id=draw(identifiers()),
        name=draw(texts()),
        kind=kind,
        villages=villages,
        registration=draw(st.none() | legal_registrations()),
        rankings=tuple(draw(rankings(year)) for year in years),
        units=tuple(draw(st.lists(business_units(), max_size=2))),
        transformation=transformation,
    )


@st.composite
def trainings(draw: st.DrawFn) -> Training:
    """Trainings ending on or after their start."""
    start, end = draw(_spans())
    return Training(
        draw(texts()),
        start,
        end,
        draw(st.none() | texts()),
        draw(st.none() | st.integers(1, 500)),
        draw(st.none() | texts()),
    )


@st.composite
def cadres(draw: st.DrawFn) -> Cadre:
    """KPMD and KPM with their trainings."""
    appointed, ended = draw(st.none() | _spans()) or (None, None)
    return Cadre(
        id=draw(identifiers()),
        name=draw(texts()),
        role=draw(st.sampled_from(list(CadreRole))),
        village=draw(_desa_codes()),
        appointed=appointed,
        decree=draw(st.none() | texts()),
        ended=ended,
        trainings=tuple(draw(st.lists(trainings(), max_size=3))),
    )


#: A strategy for every public class of the area (the catalogue's entries).
STRATEGIES: dict[type, Callable[[], st.SearchStrategy[Any]]] = {
    BusinessUnit: business_units,
    Cadre: cadres,
    Certification: certifications,
    Enterprise: enterprises,
    LegalRegistration: legal_registrations,
    Owner: lambda: inside(products(), Owner),
    Product: products,
    Ranking: rankings,
    RankingThresholds: ranking_thresholds,
    RuralArea: lambda: inside(products(), RuralArea),
    TradeMissionDeal: trade_mission_deals,
    Training: trainings,
    Transformation: lambda: inside(enterprises(), Transformation),
}

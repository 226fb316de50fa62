"""BUM Desa, BUM Desa Bersama, BUM Desa Bersama LKD: rules, ranking, transformation."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desacoop import strategies as s
from desacoop.enterprises import (
    PERINTIS_BELOW,
    TRANSFORMATION_DEADLINE,
    BusinessUnit,
    Enterprise,
    EnterpriseKind,
    LegalRegistration,
    Ranking,
    RankingClass,
    RankingThresholds,
    Transformation,
    count_enterprises,
    find_enterprises,
    transformed_on_time,
)
from desacoop.errors import ValidationError
from desacoop.regions import RegionCode

from .utils import need

D = Decimal
V1, V2, V3 = "63.03.05.2001", "63.03.05.2002", "35.07.01.2001"
UPK = Transformation("UPK Kecamatan Daha Utara", dt.date(2022, 12, 1), 1_250_000_000)


def _bumdes(**changes):
    fields: dict[str, Any] = {
        "id": "bumdes-1",
        "name": "BUM Desa Makmur",
        "kind": EnterpriseKind.BUM_DESA,
        "villages": (V1,),
    }
    fields.update(changes)
    return Enterprise(**fields)


# --- kinds and villages -------------------------------------------------------------------


def test_bum_desa_has_exactly_one_village():
    assert _bumdes().villages == (RegionCode(V1),)
    with pytest.raises(ValidationError, match="exactly one village") as info:
        _bumdes(villages=(V1, V2))
    assert info.value.field == "villages"


def test_bum_desa_bersama_has_two_or_more_villages():
    assert len(_bumdes(kind=EnterpriseKind.BUM_DESA_BERSAMA, villages=(V1, V2)).villages) == 2
    with pytest.raises(ValidationError, match="two or more villages"):
        _bumdes(kind=EnterpriseKind.BUM_DESA_BERSAMA, villages=(V1,))
    with pytest.raises(ValidationError):
        _bumdes(kind=EnterpriseKind.BUM_DESA_BERSAMA, villages=(V1, V1))


def test_lkd_comes_from_an_ex_pnpm_unit():
    lkd = _bumdes(kind=EnterpriseKind.BUM_DESA_BERSAMA_LKD, villages=(V1, V2), transformation=UPK)
    assert lkd.transformation is not None
    assert lkd.transformation.revolving_fund == D(1_250_000_000)
    with pytest.raises(ValidationError, match="transformation") as info:
        _bumdes(kind=EnterpriseKind.BUM_DESA_BERSAMA_LKD, villages=(V1, V2))
    assert info.value.field == "transformation"
    with pytest.raises(ValidationError, match="only a BUM Desa Bersama LKD"):
        _bumdes(transformation=UPK)
    with pytest.raises(ValidationError, match="two or more"):
        _bumdes(kind=EnterpriseKind.BUM_DESA_BERSAMA_LKD, villages=(V1,), transformation=UPK)


def test_transformation_deadline_is_a_default_parameter():
    assert TRANSFORMATION_DEADLINE.year == 2023
    assert TRANSFORMATION_DEADLINE.month == 2  # "February 2023" (Permendesa PDTT 15/2021)
    on_time = Transformation("UPK A", TRANSFORMATION_DEADLINE)
    late = Transformation("UPK B", dt.date(2023, 3, 1))
    assert on_time.met_deadline()
    assert not late.met_deadline()
    assert late.met_deadline(deadline=dt.date(2023, 6, 30))
    with pytest.raises(ValidationError):
        late.met_deadline(deadline="2023-06-30")  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        Transformation("UPK C", dt.date(2023, 1, 1), revolving_fund=1.5e9)


# --- ranking ------------------------------------------------------------------------------


def test_perintis_is_below_55():
    assert PERINTIS_BELOW == 55
    assert Ranking(2023, D("54.99"), RankingClass.PERINTIS).ranking_class is RankingClass.PERINTIS
    assert Ranking(2023, D(55), RankingClass.PEMULA).ranking_class is RankingClass.PEMULA
    with pytest.raises(ValidationError, match="below 55"):
        Ranking(2023, D(55), RankingClass.PERINTIS)
    with pytest.raises(ValidationError, match="Perintis"):
        Ranking(2023, D("54.99"), RankingClass.MAJU)
    with pytest.raises(ValidationError):
        Ranking(2023, D(-1), RankingClass.PERINTIS)


def test_scores_from_notebooks():
    """A score may come from pandas as a float: taken through its shortest repr (issue 7,
    point 5); NaN and infinities are still refused, and so is a text."""
    assert Ranking(2023, 60.0, RankingClass.PEMULA).score == D("60.0")
    assert Ranking(2023, 54.99, RankingClass.PERINTIS).score == D("54.99")
    assert Ranking(2023, 60, RankingClass.PEMULA).score == D(60)
    for bad in (float("nan"), float("inf"), "60", None, True):
        with pytest.raises(ValidationError):
            Ranking(2023, bad, RankingClass.PEMULA)
    t = RankingThresholds(berkembang=70.5, maju=85)
    assert (t.berkembang, t.maju) == (D("70.5"), D(85))
    assert t.classify(70.49) is RankingClass.PEMULA
    assert t.classify(D("70.5")) is RankingClass.BERKEMBANG
    for wrong in (float("nan"), D("NaN"), "70", None):
        with pytest.raises(ValidationError, match="score"):
            t.classify(wrong)  # type: ignore[arg-type]


def test_other_cutoffs_are_configuration():
    # Cut-offs above 55 are not confirmed: two callers may choose differently.
    strict = RankingThresholds(berkembang=D(75), maju=D(90))
    loose = RankingThresholds(berkembang=D(65), maju=D(80))
    ranking = Ranking(2024, D(70), RankingClass.BERKEMBANG)
    assert ranking.agrees_with(loose)
    assert not ranking.agrees_with(strict)
    assert strict.classify(D(70)) is RankingClass.PEMULA
    assert strict.classify(D(54)) is RankingClass.PERINTIS
    assert strict.classify(D(90)) is RankingClass.MAJU
    with pytest.raises(ValidationError):
        RankingThresholds(berkembang=D(50), maju=D(80))  # below the confirmed 55
    with pytest.raises(ValidationError):
        RankingThresholds(berkembang=D(80), maju=D(70))
    with pytest.raises(ValidationError):
        RankingThresholds(berkembang=D(55), maju=D(70))  # Pemula would be empty


@given(thresholds=s.ranking_thresholds(), a=st.integers(0, 10000), b=st.integers(0, 10000))
def test_ranking_class_never_falls_as_score_rises(thresholds, a, b):
    low, high = sorted((D(a).scaleb(-2), D(b).scaleb(-2)))
    assert thresholds.classify(low).rank <= thresholds.classify(high).rank
    assert (thresholds.classify(low) is RankingClass.PERINTIS) == (low < 55)


def test_one_ranking_per_year():
    first = Ranking(2023, D(40), RankingClass.PERINTIS)
    second = Ranking(2024, D(60), RankingClass.PEMULA)
    bumdes = _bumdes(rankings=(first, second))
    assert bumdes.ranking_in(2024) == second
    assert bumdes.ranking_in(2022) is None
    assert bumdes.latest_ranking() == second
    with pytest.raises(ValidationError, match="twice"):
        _bumdes(rankings=(first, Ranking(2023, D(70), RankingClass.BERKEMBANG)))


def test_registration_and_units():
    registered = _bumdes(
        registration=LegalRegistration("AHU-0001234.AH.01.33.2021", dt.date(2021, 8, 2)),
        units=(
            BusinessUnit("Simpan pinjam", "keuangan"),
            BusinessUnit("Wisata", "pariwisata", dt.date(2020, 1, 1)),
        ),
    )
    assert len(registered.units) == 2
    with pytest.raises(ValidationError):
        LegalRegistration("", dt.date(2021, 8, 2))
    with pytest.raises(ValidationError):
        BusinessUnit("Toko", "dagang", started="2020")  # type: ignore[arg-type]


# --- queries ------------------------------------------------------------------------------

FLEET = (
    _bumdes(
        registration=LegalRegistration("AHU-1", dt.date(2021, 8, 2)),
        rankings=(
            Ranking(2023, D(40), RankingClass.PERINTIS),
            Ranking(2024, D(72), RankingClass.BERKEMBANG),
        ),
    ),
    _bumdes(
        id="bersama",
        kind=EnterpriseKind.BUM_DESA_BERSAMA,
        villages=(V1, V2),
        rankings=(Ranking(2024, D(60), RankingClass.PEMULA),),
    ),
    _bumdes(
        id="lkd-1", kind=EnterpriseKind.BUM_DESA_BERSAMA_LKD, villages=(V1, V2), transformation=UPK
    ),
    _bumdes(
        id="lkd-2",
        kind=EnterpriseKind.BUM_DESA_BERSAMA_LKD,
        villages=(V3, "35.07.01.2002"),
        transformation=Transformation("UPK Kecamatan Bumiaji", dt.date(2023, 4, 1)),
    ),
)


def test_enterprise_queries():
    assert [e.id for e in find_enterprises(FLEET, region="35")] == ["lkd-2"]
    assert count_enterprises(FLEET, region="63") == 3
    assert count_enterprises(FLEET, kind=EnterpriseKind.BUM_DESA_BERSAMA_LKD) == 2
    assert [
        e.id for e in find_enterprises(FLEET, year=2024, ranking_class=RankingClass.PEMULA)
    ] == ["bersama"]
    assert count_enterprises(FLEET, year=2024, at_least=RankingClass.PEMULA) == 2
    assert count_enterprises(FLEET, year=2023, at_least=RankingClass.PEMULA) == 0
    assert count_enterprises(FLEET, registered_by=dt.date(2021, 12, 31)) == 1
    assert count_enterprises(FLEET, registered_by=dt.date(2021, 8, 1)) == 0
    with pytest.raises(ValidationError):
        find_enterprises(FLEET, ranking_class=RankingClass.MAJU)  # which year?


def test_transformed_on_time():
    assert transformed_on_time(FLEET) == (1, 2)
    assert transformed_on_time(FLEET, region="35") == (0, 1)
    assert transformed_on_time(FLEET, deadline=dt.date(2023, 12, 31)) == (2, 2)


# --- serialization ------------------------------------------------------------------------

serialization = need("desacoop.serialization")


@settings(max_examples=60, deadline=None)
@given(x=s.enterprises() | s.rankings() | s.ranking_thresholds())
def test_round_trip(x):
    assert serialization.from_json(serialization.to_json(x), type(x)) == x


@pytest.mark.parametrize(
    "criteria",
    [
        {"kind": "bum-desa"},
        {"year": 2024, "ranking_class": "maju"},
        {"year": "2024", "at_least": RankingClass.MAJU},
        {"registered_by": "2021-12-31"},
    ],
)
def test_bad_query_arguments_are_validation_errors(criteria):
    with pytest.raises(ValidationError):
        find_enterprises(FLEET, **criteria)

"""KPMD and KPM cadres with their training records."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings

from desacoop import strategies as s
from desacoop.cadres import Cadre, CadreRole, Training, cadres_of, count_cadres, find_cadres
from desacoop.errors import ValidationError
from desacoop.regions import RegionCode

from .utils import need

V1, V2, V3 = "63.03.05.2001", "63.03.05.2002", "35.07.01.2001"
STUNTING = Training(
    "Konvergensi stunting", dt.date(2023, 3, 6), dt.date(2023, 3, 8), "DPMD Kalsel", 24
)
FACILITATION = Training("Fasilitasi musyawarah desa", dt.date(2022, 7, 1))


def test_cadre_serves_a_village():
    cadre = Cadre("kpm-ani", "Ani", CadreRole.KPM, V1)
    assert cadre.village == RegionCode(V1)
    for code in ("63.03.05", "63.03", "6303052001x"):
        with pytest.raises(ValidationError):
            Cadre("kpm-ani", "Ani", CadreRole.KPM, code)
    with pytest.raises(ValidationError):
        Cadre("kpm-ani", "Ani", "kpm", V1)  # type: ignore[arg-type]


def test_training_dates():
    assert STUNTING.last_day == dt.date(2023, 3, 8)
    assert FACILITATION.last_day == dt.date(2022, 7, 1)
    with pytest.raises(ValidationError, match="before it starts"):
        Training("Pelatihan", dt.date(2023, 3, 8), dt.date(2023, 3, 6))
    with pytest.raises(ValidationError):
        Training("Pelatihan", dt.date(2023, 3, 8), hours=0)


def test_service_period():
    cadre = Cadre(
        "kpmd-budi",
        "Budi",
        CadreRole.KPMD,
        V2,
        appointed=dt.date(2021, 1, 4),
        ended=dt.date(2023, 12, 31),
    )
    assert cadre.active(dt.date(2022, 6, 1))
    assert not cadre.active(dt.date(2020, 12, 31))
    assert not cadre.active(dt.date(2024, 1, 1))
    with pytest.raises(ValidationError, match="before the appointment"):
        Cadre(
            "x",
            "Budi",
            CadreRole.KPMD,
            V2,
            appointed=dt.date(2021, 1, 4),
            ended=dt.date(2020, 1, 1),
        )


ROSTER = (
    Cadre("kpm-ani", "Ani", CadreRole.KPM, V1, trainings=(STUNTING,)),
    Cadre("kpmd-budi", "Budi", CadreRole.KPMD, V1, trainings=(FACILITATION,)),
    Cadre("kpmd-citra", "Citra", CadreRole.KPMD, V2, ended=dt.date(2022, 12, 31)),
    Cadre("kpm-dewi", "Dewi", CadreRole.KPM, V3, trainings=(FACILITATION, STUNTING)),
)


def test_cadre_queries():
    assert [c.id for c in cadres_of(ROSTER, V1)] == ["kpm-ani", "kpmd-budi"]
    assert [c.id for c in cadres_of(ROSTER, V1, CadreRole.KPMD)] == ["kpmd-budi"]
    assert count_cadres(ROSTER, region="63", role=CadreRole.KPMD) == 2
    assert count_cadres(ROSTER, role=CadreRole.KPM, trained_since=dt.date(2023, 1, 1)) == 2
    assert (
        count_cadres(
            ROSTER,
            region="35",
            trained_since=dt.date(2023, 1, 1),
            trained_until=dt.date(2023, 12, 31),
        )
        == 1
    )
    assert count_cadres(ROSTER, trained_until=dt.date(2022, 12, 31)) == 2
    assert [c.id for c in find_cadres(ROSTER, active_on=dt.date(2023, 6, 1))] == [
        "kpm-ani",
        "kpmd-budi",
        "kpm-dewi",
    ]
    with pytest.raises(ValidationError):
        cadres_of(ROSTER, "63.03")


serialization = need("desacoop.serialization")


@settings(max_examples=60, deadline=None)
@given(x=s.cadres() | s.trainings())
def test_round_trip(x):
    assert serialization.from_json(serialization.to_json(x), type(x)) == x


@pytest.mark.parametrize(
    "criteria",
    [{"role": "kpm"}, {"active_on": "2023-06-01"}, {"trained_since": 2023}, {"region": "xx"}],
)
def test_bad_query_arguments_are_validation_errors(criteria):
    with pytest.raises(ValidationError):
        find_cadres(ROSTER, **criteria)

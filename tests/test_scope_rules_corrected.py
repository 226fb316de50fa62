"""Issue 13, "Rules corrected": a table with a failing and a passing case for each rule.

- BUM Desa, KPMD/KPM and Prudes belong to a desa (or desa adat): a kelurahan code (village
  part starting with 1) is refused.
- The ex-PNPM transformation deadline is a parameter; the default is the earlier reading,
  2 February 2023 (two years after PP 11/2021 of 2 February 2021); the other reading,
  "paling lambat Februari 2023", is the month's last day.
- The Indeks Desa aggregation is configurable: tests/test_scope_rules_indeks_desa.py.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import pytest

from desacoop.cadres import Cadre, CadreRole
from desacoop.enterprises import (
    PP_11_2021,
    TRANSFORMATION_DEADLINE,
    TRANSFORMATION_DEADLINE_END_OF_MONTH,
    Enterprise,
    EnterpriseKind,
    Transformation,
)
from desacoop.errors import ValidationError
from desacoop.products import Owner, OwnerKind, Product, ProductKind

DESA = "35.07.01.2001"  # village part 2001: a desa
DESA_2 = "35.07.01.2002"
DESA_ADAT = "51.03.01.3001"  # 3001: a desa adat
KELURAHAN = "35.78.01.1001"  # 1001: a kelurahan (Kota Surabaya's code range)
UPK = Transformation("UPK Kecamatan Contoh", dt.date(2022, 12, 1))


def bum_desa(*villages: str) -> Enterprise:
    kind = EnterpriseKind.BUM_DESA if len(villages) == 1 else EnterpriseKind.BUM_DESA_BERSAMA
    return Enterprise(id="e", name="BUM Desa Contoh", kind=kind, villages=villages)


def lkd(*villages: str) -> Enterprise:
    return Enterprise(
        id="e",
        name="BUM Desa Bersama LKD Contoh",
        kind=EnterpriseKind.BUM_DESA_BERSAMA_LKD,
        villages=villages,
        transformation=UPK,
    )


def cadre(village: str, role: CadreRole = CadreRole.KPMD) -> Cadre:
    return Cadre(id="c", name="Ani", role=role, village=village)


def prudes(village: str) -> Product:
    return Product(
        id="p",
        name="Keripik",
        kind=ProductKind.PRUDES,
        category="makanan olahan",
        owner=Owner(OwnerKind.PRODUCER_GROUP, "Kelompok Contoh"),
        villages=(village,),
    )


#: (rule, failing case, the message's fragment, passing case)
DESA_RULES: list[tuple[str, Callable[[], Any], str, Callable[[], Any]]] = [
    ("BUM Desa", lambda: bum_desa(KELURAHAN), "villages[0]", lambda: bum_desa(DESA)),
    (
        "BUM Desa Bersama",
        lambda: bum_desa(DESA, KELURAHAN),
        "villages[1]",
        lambda: bum_desa(DESA, DESA_2),
    ),
    (
        "BUM Desa Bersama LKD",
        lambda: lkd(KELURAHAN, DESA),
        "villages[0]",
        lambda: lkd(DESA, DESA_2),
    ),
    ("KPMD", lambda: cadre(KELURAHAN), "village", lambda: cadre(DESA)),
    (
        "KPM",
        lambda: cadre(KELURAHAN, CadreRole.KPM),
        "village",
        lambda: cadre(DESA_ADAT, CadreRole.KPM),
    ),
    ("Prudes", lambda: prudes(KELURAHAN), "villages[0]", lambda: prudes(DESA)),
]


@pytest.mark.parametrize(
    ("rule", "failing", "field", "passing"), DESA_RULES, ids=[r[0] for r in DESA_RULES]
)
def test_what_belongs_to_a_desa_refuses_a_kelurahan(
    rule: str, failing: Callable[[], Any], field: str, passing: Callable[[], Any]
) -> None:
    with pytest.raises(ValidationError) as exc:
        failing()
    assert exc.value.field == field
    assert f"{KELURAHAN} is a kelurahan" in str(exc.value)
    assert "belongs to a desa" in str(exc.value)
    passing()  # a desa (or desa adat) is accepted


def test_a_kelurahan_may_still_hold_a_pesantren_product() -> None:
    # OPOP belongs to a pesantren, which may sit in a kelurahan: not a desa rule.
    product = Product(
        id="p",
        name="Sarung",
        kind=ProductKind.ONE_PESANTREN_ONE_PRODUCT,
        category="kriya",
        owner=Owner(OwnerKind.PESANTREN, "Pondok Contoh", KELURAHAN),
    )
    assert str(product.places[0]) == KELURAHAN


@pytest.mark.parametrize(
    ("transformed_on", "deadline", "met"),
    [
        (dt.date(2023, 2, 2), None, True),  # on the default deadline
        (dt.date(2023, 2, 3), None, False),  # a day after the earlier reading
        (dt.date(2023, 2, 3), TRANSFORMATION_DEADLINE_END_OF_MONTH, True),  # the later reading
        (dt.date(2023, 3, 1), TRANSFORMATION_DEADLINE_END_OF_MONTH, False),
    ],
)
def test_the_transformation_deadline_defaults_to_the_earlier_reading(
    transformed_on: dt.date, deadline: dt.date | None, met: bool
) -> None:
    # 2 February 2021 (PP 11/2021) + two years = 2 February 2023; "Februari 2023" ends 28th.
    assert dt.date(2023, 2, 2) == TRANSFORMATION_DEADLINE
    assert dt.date(2023, 2, 28) == TRANSFORMATION_DEADLINE_END_OF_MONTH
    t = Transformation("UPK A", transformed_on)
    assert (t.met_deadline() if deadline is None else t.met_deadline(deadline)) is met


# -- issue 20: the rules that let the wrong village through ---------------------------------


def test_a_transformation_before_pp_11_2021_is_refused() -> None:
    # PP 11/2021 was promulgated on 2 February 2021; Permendesa PDTT 15/2021 transforms the
    # ex-PNPM units under it, so no unit became a BUM Desa Bersama LKD the day before.
    assert dt.date(2021, 2, 2) == PP_11_2021
    with pytest.raises(ValidationError, match=r"2021-02-01: the transformation follows PP 11/2021"):
        Transformation("UPK A", dt.date(2021, 2, 1))
    assert Transformation("UPK A", PP_11_2021).transformed_on == PP_11_2021


@pytest.mark.parametrize(
    ("build", "fragment"),
    [
        (
            lambda: Product(
                "p",
                "Keripik",
                ProductKind.ONE_VILLAGE_ONE_PRODUCT,
                "makanan",
                Owner(OwnerKind.PRODUCER_GROUP, "Kelompok"),
                ("35.78.01.1001",),
            ),
            "a 1 desa 1 produk belongs to a desa; 35.78.01.1001 is a kelurahan",
        ),
        (
            lambda: Owner(OwnerKind.VILLAGE, "Kelurahan Contoh", "35.78.01.1001"),
            "a village owner (desa) belongs to a desa; 35.78.01.1001 is a kelurahan",
        ),
    ],
)
def test_one_village_one_product_and_a_village_owner_are_desa(build: Any, fragment: str) -> None:
    with pytest.raises(ValidationError, match=re.escape(fragment)):
        build()


def test_the_same_product_and_owner_in_a_desa_are_accepted() -> None:
    owner = Owner(OwnerKind.VILLAGE, "Desa Contoh", "35.02.19.2001")
    product = Product(
        "p", "Keripik", ProductKind.ONE_VILLAGE_ONE_PRODUCT, "makanan", owner, ("35.02.19.2001",)
    )
    assert product.places == (owner.village,)
    # A pesantren (OPOP) or a producer group may sit in a kelurahan.
    assert Owner(OwnerKind.PESANTREN, "Pesantren Contoh", "35.78.01.1001").village is not None

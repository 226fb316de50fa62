"""The agreement model: invariants, lifecycle, amendments, and the bundled example."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import attrs
import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

import desacoop
from desacoop.agreement import (
    Agreement,
    AgreementKind,
    AgreementStatus,
    CooperationBasis,
    Official,
    Party,
    Place,
    ProgrammeKind,
    ScopeCommitment,
    Signatory,
    Signing,
    Term,
    Witness,
)
from desacoop.errors import ValidationError
from desacoop.regions import TimeZone
from desacoop.scope import KALSEL_JATIM_2022, ScopeArea
from desacoop.strategies import agreements, dates

KALSEL = Party("kalsel", "DPMD Provinsi Kalimantan Selatan", "63")
JATIM = Party("jatim", "DPMD Provinsi Jawa Timur", "35")
SIGNED = dt.date(2022, 4, 13)


def make(**changes: Any) -> Agreement:
    base: dict[str, Any] = {
        "id": "test",
        "title": "Kerja sama uji",
        "parties": (KALSEL, JATIM),
        "signatories": (
            Signatory("kalsel", Official("A", "Kepala DPMD")),
            Signatory("jatim", Official("B", "Kepala DPMD")),
        ),
        "signing": Signing(SIGNED),
        "scope": (ScopeCommitment(ScopeArea.BUM_DESA),),
    }
    base.update(changes)
    return Agreement(**base)


def test_a_valid_agreement() -> None:
    assert make().scope_areas == (ScopeArea.BUM_DESA,)


@pytest.mark.parametrize(
    ("changes", "path", "fragment"),
    [
        ({"parties": (KALSEL,)}, "parties", "at least two parties"),
        ({"parties": (KALSEL, attrs.evolve(JATIM, id="kalsel"))}, "parties[1].id", "used twice"),
        (
            {
                "signatories": (
                    Signatory("kalsel", Official("A", "x")),
                    Signatory("jtm", Official("B", "x")),
                )
            },
            "signatories[1].party",
            "'jtm' is not a party",
        ),
        (
            {"signatories": (Signatory("kalsel", Official("A", "x")),)},
            "parties[1]",
            "nobody signs for 'jatim'",
        ),
        (
            {"scope": (ScopeCommitment(ScopeArea.BUM_DESA), ScopeCommitment(ScopeArea.BUM_DESA))},
            "scope[1].area",
            "appears twice",
        ),
        (
            {"scope": (ScopeCommitment(ScopeArea.CADRES, lead="ntb"),)},
            "scope[0].lead",
            "not a party",
        ),
        (
            {"witnesses": (Witness(Official("G", "Gubernur"), party="bali"),)},
            "witnesses[0].party",
            "not a party",
        ),
        ({"term": Term(end=dt.date(2021, 1, 1))}, "term", "before signing"),
        ({"terminated_on": dt.date(2022, 1, 1)}, "terminated_on", "before it was signed"),
        ({"signing": None, "terminated_on": dt.date(2022, 1, 1)}, "terminated_on", "unsigned"),
    ],
)
def test_invariants_explain_themselves(changes: dict[str, Any], path: str, fragment: str) -> None:
    with pytest.raises(ValidationError) as info:
        make(**changes)
    assert any(p.path == path and fragment in p.message for p in info.value.problems), info.value


def test_several_problems_are_reported_together() -> None:
    with pytest.raises(ValidationError) as info:
        make(
            parties=(KALSEL,),
            scope=(ScopeCommitment(ScopeArea.CADRES), ScopeCommitment(ScopeArea.CADRES)),
        )
    assert len(info.value.problems) >= 3


@pytest.mark.parametrize(
    ("build", "fragment"),
    [
        (lambda: Party("Kalsel!", "x", "63"), "short lower-case key"),
        (lambda: Party("kalsel", "x", "63.71"), "not a province code: '63.71'"),
        (lambda: Party("kalsel", " ", "63"), "non-empty"),
        (lambda: Official("", "Kepala"), "non-empty"),
        (
            lambda: Witness(
                Official("Sahbirin Noor", "Gubernur"), represented_by=Official("Sahbirin Noor", "x")
            ),
            "cannot be represented by themself",
        ),
        (lambda: Term(dt.date(2022, 5, 1), dt.date(2022, 4, 1)), "before it starts"),
        (
            lambda: Term(dt.date(2022, 1, 1), dt.date(2023, 1, 1), relativedelta(years=2)),
            "not the stated end",
        ),
        (lambda: Term(duration=relativedelta(years=-1)), "positive"),
        (lambda: Term(duration=relativedelta(year=2025)), "relative"),
        (lambda: Term(duration=relativedelta(hours=5)), "years, months and days"),
        (lambda: Place("Banjarmasin", "63.71", TimeZone.WIB), "is in WITA, not WIB"),
        (lambda: Signing(SIGNED, at=dt.datetime(2022, 4, 13, 10)), "needs a time zone"),
        (
            lambda: Signing(
                SIGNED,
                place=Place("Banjarmasin", "63.71"),
                at=dt.datetime(2022, 4, 13, 20, tzinfo=dt.UTC),
            ),
            "not on the signing date",
        ),
        (  # 10:00 WIB (+07:00) at a WITA place: the zone slipped (issue 11)
            lambda: Signing(
                SIGNED,
                place=Place("Banjarmasin", "63.71"),
                at=dt.datetime(2022, 4, 13, 10, tzinfo=dt.timezone(dt.timedelta(hours=7))),
            ),
            r"not in the time of Banjarmasin \(WITA, UTC\+08:00\); write it as "
            r"2022-04-13T11:00:00\+08:00",
        ),
    ],
)
def test_value_invariants(build: Any, fragment: str) -> None:
    with pytest.raises(ValidationError, match=fragment):
        build()


def test_signing_time_is_local_to_the_place() -> None:
    # 13 April 2022, 23:30 UTC is already 14 April in Banjarmasin (WITA, UTC+8).
    utc = dt.datetime(2022, 4, 13, 15, 30, tzinfo=dt.UTC)
    assert Signing(SIGNED, place=Place("Banjarmasin", "63.71"), at=utc).at == utc
    with pytest.raises(ValidationError):
        Signing(
            SIGNED,
            place=Place("Banjarmasin", "63.71"),
            at=dt.datetime(2022, 4, 13, 16, 30, tzinfo=dt.UTC),
        )
    assert Place("Surabaya", "35.78").time_zone is TimeZone.WIB


@pytest.mark.parametrize(
    ("term", "terminated", "day", "status"),
    [
        (Term(), None, dt.date(2022, 4, 12), AgreementStatus.DRAFT),
        (Term(), None, SIGNED, AgreementStatus.IN_FORCE),
        (Term(), None, dt.date(2040, 1, 1), AgreementStatus.IN_FORCE),
        (Term(dt.date(2022, 6, 1)), None, dt.date(2022, 5, 1), AgreementStatus.SIGNED),
        (Term(dt.date(2022, 6, 1)), None, dt.date(2022, 6, 1), AgreementStatus.IN_FORCE),
        (
            Term(SIGNED, duration=relativedelta(years=3)),
            None,
            dt.date(2025, 4, 13),
            AgreementStatus.IN_FORCE,
        ),
        (
            Term(SIGNED, duration=relativedelta(years=3)),
            None,
            dt.date(2025, 4, 14),
            AgreementStatus.EXPIRED,
        ),
        (Term(end=dt.date(2024, 12, 31)), None, dt.date(2025, 1, 1), AgreementStatus.EXPIRED),
        (Term(), dt.date(2023, 1, 1), dt.date(2022, 12, 31), AgreementStatus.IN_FORCE),
        (Term(), dt.date(2023, 1, 1), dt.date(2023, 1, 1), AgreementStatus.TERMINATED),
    ],
)
def test_lifecycle_status(
    term: Term, terminated: dt.date | None, day: dt.date, status: AgreementStatus
) -> None:
    assert make(term=term, terminated_on=terminated).status(day) is status


def test_unsigned_is_a_draft() -> None:
    assert make(signing=None).status(dt.date(2030, 1, 1)) is AgreementStatus.DRAFT


def test_amendments_keep_history() -> None:
    original = make()
    three_years = Term(SIGNED, duration=relativedelta(years=3))
    first = original.amend(
        dt.date(2023, 2, 1),
        rationale="term agreed",
        description="set a three-year term",
        term=three_years,
    )
    second = first.amend(
        dt.date(2023, 6, 1),
        rationale="new area",
        description="add cadres",
        scope=(*first.scope, ScopeCommitment(ScopeArea.CADRES, lead="jatim")),
        purpose="A purpose",
    )
    assert second.term == three_years
    assert [a.number for a in second.amendments] == [1, 2]
    assert second.amendments[1].before.purpose is None
    assert second.version_on(dt.date(2023, 1, 1)) == original
    assert second.version_on(dt.date(2023, 3, 1)) == first
    assert second.as_of_amendment(1) == first
    assert second.as_of_amendment(2) == second
    assert original.amendments == ()  # the original is untouched


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"signatories": "x"}, "cannot change signatories"),
        ({"title": "Kerja sama uji"}, "changes nothing"),
        ({"purpose": None, "title": "New"}, "unknown"),
    ],
)
def test_bad_amendments(kwargs: dict[str, Any], fragment: str) -> None:
    with pytest.raises(ValidationError, match=fragment):
        make(purpose="P").amend(dt.date(2023, 1, 1), rationale="r", description="d", **kwargs)


def test_amendments_need_a_signed_agreement_and_dates_in_order() -> None:
    with pytest.raises(ValidationError, match="only a signed agreement"):
        make(signing=None).amend(dt.date(2023, 1, 1), rationale="r", description="d", title="T")
    with pytest.raises(ValidationError, match="dated before the signing"):
        make().amend(dt.date(2022, 1, 1), rationale="r", description="d", title="T")
    first = make().amend(dt.date(2023, 1, 1), rationale="r", description="d", title="T")
    with pytest.raises(ValidationError, match="before the amendment before it"):
        first.amend(dt.date(2022, 12, 1), rationale="r", description="d", title="U")
    with pytest.raises(ValidationError, match="amendments 0 to 1"):
        first.as_of_amendment(2)


@given(agreements(), dates())
def test_status_is_always_one_of_the_five_and_draft_before_signing(
    a: Agreement, day: dt.date
) -> None:
    status = a.status(day)
    signed = a.signing.on if a.signing is not None else None
    if a.signing is None or (signed is not None and day < signed):
        assert status is AgreementStatus.DRAFT
    if a.terminated_on is not None and day >= a.terminated_on:
        assert status is AgreementStatus.TERMINATED
    elif a.signing is not None and signed is None:
        # Signed on a date not stated: never a draft, and UNDATED unless the term decides.
        assert status is not AgreementStatus.DRAFT
        if a.term.start is None and a.term.end_date is None:
            assert status is AgreementStatus.UNDATED


@given(agreements(max_amendments=3), st.data())
def test_undoing_every_amendment_gives_the_original(a: Agreement, data: st.DataObject) -> None:
    original = a.as_of_amendment(0)
    assert original.amendments == ()
    for number in range(len(a.amendments) + 1):
        version = a.as_of_amendment(number)
        assert len(version.amendments) == number
        assert version.parties == a.parties


# -- the bundled example, fact by fact (DOMAIN.md section 1) ----------------------


def test_example_facts() -> None:
    a = desacoop.example_agreement()
    assert a.kind is AgreementKind.COOPERATION_AGREEMENT
    assert a.basis is CooperationBasis.VOLUNTARY
    assert [(p.id, str(p.province)) for p in a.parties] == [("kalsel", "63"), ("jatim", "35")]
    assert all(
        p.name.startswith("Dinas Pemberdayaan Masyarakat dan Desa Provinsi") for p in a.parties
    )
    assert [(s.party, s.official.name) for s in a.signatories] == [
        ("kalsel", "Faried Fakhmansyah"),
        ("jatim", "Soekaryo"),
    ]
    governor_kalsel, governor_jatim = a.witnesses
    assert governor_kalsel.official.name == "Sahbirin Noor"
    assert governor_kalsel.represented_by is not None
    assert governor_kalsel.represented_by.name == "Roy Rizali Anwar"
    assert "Sekretaris Daerah" in governor_kalsel.represented_by.position
    assert governor_jatim.official.name == "Khofifah Indar Parawansa"
    # The sources say she witnessed and spoke, not that she attended in person (issue 13).
    assert governor_jatim.in_person is None
    assert a.signing is not None
    assert a.signing.on == dt.date(2022, 4, 13) == desacoop.parse_date("Rabu (13/4/2022)")
    assert a.signing.at is None  # the time is not stated
    assert a.signing.place is not None
    assert a.signing.place.name == "Banjarmasin"
    assert a.signing.place.region == desacoop.RegionCode("63.71")
    assert a.signing.place.time_zone is TimeZone.WITA
    # The purpose in the press report's own words, not a paraphrase (issue 22).
    assert a.purpose is None
    assert a.original_purpose is not None
    assert a.original_purpose.tujuan is not None
    assert "kapasitas sumber daya manusia" in a.original_purpose.tujuan
    assert a.scope_areas == KALSEL_JATIM_2022 == tuple(ScopeArea)[:16]
    assert [a.area_number(c.area) for c in a.scope] == list(range(1, 17))
    assert all(c.lead is None and c.description is None for c in a.scope)
    assert not a.term.is_known  # term, budget, indicators: not stated, never invented
    assert {p.kind for p in a.programmes} == {
        ProgrammeKind.ONE_VILLAGE_ONE_PRODUCT,
        ProgrammeKind.ONE_PESANTREN_ONE_PRODUCT,
        ProgrammeKind.TRADE_MISSION,
    }
    opop = next(p for p in a.programmes if p.kind is ProgrammeKind.ONE_PESANTREN_ONE_PRODUCT)
    assert opop.launched_on is None  # no sourced launch date is held (issue 13)
    assert a.amendments == ()
    assert a.status(dt.date(2022, 4, 12)) is AgreementStatus.DRAFT
    assert a.status(dt.date(2026, 11, 27)) is AgreementStatus.IN_FORCE


def test_scope_catalog() -> None:
    # 16 areas of the Kalsel–Jatim agreement, then 4 that other DPMD agreements name.
    assert len(ScopeArea) == 20
    assert len(KALSEL_JATIM_2022) == 16
    assert ScopeArea.by_number(3) is ScopeArea.FLAGSHIP_PRODUCTS
    assert ScopeArea.by_number(20) is ScopeArea.DIGITAL_VILLAGE
    assert "Prukades" in ScopeArea.FLAGSHIP_PRODUCTS.label_id
    assert len({a.value for a in ScopeArea}) == 20
    with pytest.raises(ValidationError, match="they run 1 to 20"):
        ScopeArea.by_number(21)


@pytest.mark.parametrize(
    ("build", "fragment"),
    [
        (lambda: Signing("2022-04-13"), "on must be a date"),  # type: ignore[arg-type]
        (lambda: Signing(dt.datetime(2022, 4, 13, 10)), "on must be a date"),
        (lambda: make(parties="kalsel,jatim"), "parties must be a tuple of Party"),
        (lambda: make(parties=[KALSEL, "jatim"]), "parties[1] must be a Party"),
        (lambda: ScopeCommitment("bum-desa"), "must be a scope area"),  # type: ignore[arg-type]
        (lambda: Term(start="2022-01-01"), "start must be a date"),  # type: ignore[arg-type]
        (lambda: make(term=None), "term must be a Term"),
        (lambda: Party("kalsel", "x", 63), "a region code is a text"),  # type: ignore[arg-type]
        (lambda: desacoop.Village("63.71.01.1001", 5), "name must be a non-empty text"),  # type: ignore[arg-type]
        (lambda: desacoop.Village("63.71.01.1001", "M", kind="desa"), "kind must be a VillageKind"),  # type: ignore[arg-type]
    ],
)
def test_wrong_types_from_python_are_validation_errors(build: Any, fragment: str) -> None:
    with pytest.raises(ValidationError, match=re.escape(fragment)):
        build()


def test_lists_are_accepted_as_tuples() -> None:
    agreement = make(parties=[KALSEL, JATIM])
    assert agreement.parties == (KALSEL, JATIM)


def test_questions_refuse_wrong_arguments() -> None:
    """Issue 7 point 4: ``as_of_amendment("1")`` raised TypeError; dates are checked."""
    agreement = make()
    for bad in ("1", None, 1.0, True, -1):
        with pytest.raises(ValidationError, match="amendments 0 to"):
            agreement.as_of_amendment(bad)  # type: ignore[arg-type]
    for wrong in (None, "2022-04-13", dt.datetime(2022, 4, 13, 10)):
        with pytest.raises(ValidationError, match="must be a date"):
            agreement.status(wrong)  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="must be a date"):
            agreement.version_on(wrong)  # type: ignore[arg-type]


def test_a_time_zone_given_as_text_is_refused() -> None:
    with pytest.raises(ValidationError, match="time_zone must be a TimeZone"):
        Place("Banjarmasin", "63.71", time_zone="WITA")  # type: ignore[arg-type]


def test_a_constructor_error_names_its_field() -> None:
    """Issue 11: Party("ntb", ..., "52x") says which field is wrong, with the parser's words."""
    from desacoop.agreement import Party
    from desacoop.monitoring import Observation, Value

    with pytest.raises(ValidationError, match="only digits and dots") as caught:
        Party("ntb", "DPMD Provinsi Nusa Tenggara Barat", "52x")
    assert caught.value.field == "province"
    with pytest.raises(ValidationError) as caught:
        Observation("o1", "ind", 52, dt.date(2023, 1, 1), Value.of(1), dt.date(2023, 1, 2))  # type: ignore[arg-type]
    assert caught.value.field == "region"

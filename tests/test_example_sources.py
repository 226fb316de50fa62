"""The bundled example, fact by fact against its sources (issue 13): DOMAIN.md section 1,
and the quotations issue 13 gives of the press report of 13 April 2022 and the province's
release of 14 April 2022. Unknowns stay unknown."""

from __future__ import annotations

import datetime as dt

from desacoop.agreement import Attendance, ProgrammeKind, Source
from desacoop.example import example_agreement
from desacoop.scope import ScopeArea

A = example_agreement()


def sources() -> dict[str, Source]:
    return {s.id: s for s in A.sources if isinstance(s, Source)}


def cited(fact: str) -> tuple[str | None, str | None]:
    found = [c for c in A.citations if c.fact.startswith(fact)]
    assert len(found) == 1, fact
    return found[0].source, found[0].derived


def test_the_sources_are_listed_with_their_dates() -> None:
    listed = sources()
    assert listed["press-2022-04-13"].published_on == dt.date(2022, 4, 13)
    assert listed["release-2022-04-14"].published_on == dt.date(2022, 4, 14)
    assert "DOMAIN.md bagian 1" in listed["domain-notes"].outlet
    # The press report is the Barito Post's, by Cynthia (shared/sources/README.md); outlets,
    # authors and addresses the project does not hold are not invented.
    press = listed["press-2022-04-13"]
    assert (press.outlet, press.author) == ("Barito Post", "Cynthia")
    others = [s for key, s in listed.items() if key != "press-2022-04-13"]
    assert all(s.author is None and s.address is None for s in others)
    assert all(s.address is None for s in listed.values())


def test_scope_areas_3_and_13_keep_the_full_wording() -> None:
    assert A.scope[2].area is ScopeArea.FLAGSHIP_PRODUCTS
    assert A.scope[2].area.label_id == (
        "peningkatan dan pengembangan sumber daya alam melalui produk unggulan desa (Prudes) "
        "dan produk unggulan kawasan perdesaan (Prukades)"
    )
    assert A.scope[12].area.label_id == (
        "pertukaran informasi kawasan desa inovasi yang dapat dijadikan percontohan dan pusat "
        "pembelajaran/magang/praktek kerja/penelitian dalam pengembangan kawasan perdesaan "
        "dengan memanfaatkan Teknologi Tepat Guna (TTG)"
    )
    assert cited("scope[2], scope[12]") == ("issue-13", None)


def test_the_count_of_16_is_derived_not_stated() -> None:
    assert len(A.scope) == 16
    source, derived = cited("scope: 16 ruang lingkup")
    assert source is None
    assert derived is not None
    assert "tidak disebut" in derived
    assert any("dihitung dari rumusan" in note for note in A.notes)


def test_the_venue_is_a_hotel_berbintang_and_the_basis_is_derived() -> None:
    assert A.signing is not None
    assert A.signing.place is not None
    assert A.signing.place.venue is not None
    assert "hotel berbintang" in A.signing.place.venue
    assert cited("signing.place.venue") == ("press-2022-04-13", None)
    source, derived = cited("basis")
    assert source == "pp-28-2018"
    assert derived is not None
    assert "tidak berbatasan" in derived


def test_the_trade_mission_frames_the_cooperation() -> None:
    mission = next(p for p in A.programmes if p.kind is ProgrammeKind.TRADE_MISSION)
    assert mission.owner == "jatim"
    assert mission.note is not None
    assert "dalam rangka misi dagang" in mission.note
    assert cited("programmes[2]") == ("issue-13", None)


def test_no_in_person_claim_for_the_governor_of_jatim() -> None:
    khofifah = A.witnesses[1]
    assert khofifah.official.name == "Khofifah Indar Parawansa"
    assert khofifah.attendance is Attendance.NOT_STATED
    assert khofifah.in_person is None
    assert cited("witnesses[1]") == ("issue-13", None)


def test_no_unsourced_opop_launch_date() -> None:
    opop = next(p for p in A.programmes if p.kind is ProgrammeKind.ONE_PESANTREN_ONE_PRODUCT)
    assert opop.launched_on is None
    assert opop.note is not None
    assert "22 Agustus 2019" in opop.note  # what press reports say, kept as a note only


def test_the_purpose_is_quoted_from_the_press_report() -> None:
    """The maksud and tujuan are held as the Barito Post printed them, word for word."""
    from pathlib import Path

    # ../shared beside the repository, as in CI
    sources = Path(__file__).parents[2] / "shared" / "sources"
    text = (sources / "kalsel-jatim-2022-press-report.txt").read_text(encoding="utf-8")
    purpose = A.original_purpose
    assert purpose is not None
    assert purpose.maksud is not None
    assert purpose.maksud in text
    assert purpose.tujuan is not None
    assert purpose.tujuan in text
    assert cited("original_purpose") == ("press-2022-04-13", None)

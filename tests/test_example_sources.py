"""The bundled example, fact by fact against its sources (issues 13 and 20): DOMAIN.md
section 1, the press report of 13 April 2022 (Barito Post, held in shared/sources/), the MC
Kalsel release of 14 April 2022, and the report of the governors' MoU. Unknowns stay
unknown."""

from __future__ import annotations

import datetime as dt

from desacoop.agreement import (
    Agreement,
    AgreementKind,
    Attendance,
    InstrumentLink,
    Official,
    Party,
    PartyKind,
    ProgrammeKind,
    Signatory,
    Source,
    instrument_chain,
)
from desacoop.example import example_agreement
from desacoop.report import format_agreement
from desacoop.scope import ScopeArea

from .utils import shared_file

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
    assert "DOMAIN.md bagian 1" in listed["domain-notes"].outlet  # in Indonesian (issue 22)
    # The press report is Barito Post's, by Cynthia (shared/sources/README.md, issue 20).
    report = listed["press-2022-04-13"]
    assert (report.outlet, report.author, report.address) == ("Barito Post", "Cynthia", None)
    release = listed["release-2022-04-14"]
    assert release.outlet == "MC Kalsel (Diskominfo Kalsel)"
    assert release.address is not None
    assert release.address.startswith("diskominfomc.kalselprov.go.id/2022/04/14/")
    assert release.note is not None
    assert "menyebut 11 dari ruang lingkup" in release.note
    # Authors the project does not hold are not invented.
    assert [s.id for s in listed.values() if s.author is not None] == ["press-2022-04-13"]


def test_the_maksud_and_tujuan_are_quoted_verbatim_from_the_press_report() -> None:
    text = shared_file("..", "sources", "kalsel-jatim-2022-press-report.txt").read_text("utf-8")
    purpose = A.original_purpose
    assert purpose is not None
    assert purpose.source == "press-2022-04-13"
    assert purpose.maksud is not None
    assert purpose.tujuan is not None
    assert f"adalah {purpose.maksud}." in text
    assert f"“Tujuan Perjanjian Kerja Sama ini adalah {purpose.tujuan},”" in text
    assert "meningkatkan pemberdayaan masyarakat dan desa sesuai dengan potensi" in purpose.maksud
    # The headline aim, quoted in a note, is the report's own lead.
    lead = next(n for n in A.notes if "Kalimat pembuka laporan pers" in n)
    quoted = lead.split('"')[1]
    assert quoted == "secara resmi menjalin kerjasama untuk meningkatkan perekonomian desa"
    assert quoted in text
    assert cited("original_purpose") == ("press-2022-04-13", None)


def test_the_governors_mou_is_chained_without_claiming_the_pks_implements_it() -> None:
    ref = A.implements
    assert ref is not None
    assert (ref.kind, ref.signed_on) == (AgreementKind.JOINT_AGREEMENT, dt.date(2022, 4, 13))
    assert ref.link is InstrumentLink.ACCOMPANIES
    assert cited("implements:") == ("abdipersada-2022-04-14", None)
    mou = Agreement(
        id="kalsel-jatim-2022-mou",
        title="Kesepakatan Bersama Gubernur Kalimantan Selatan dan Gubernur Jawa Timur (2022)",
        parties=(
            Party(
                "kalsel",
                "Pemerintah Provinsi Kalimantan Selatan",
                kind=PartyKind.GOVERNMENT,
                region="63",
            ),
            Party(
                "jatim", "Pemerintah Provinsi Jawa Timur", kind=PartyKind.GOVERNMENT, region="35"
            ),
        ),
        kind=AgreementKind.JOINT_AGREEMENT,
        signatories=(
            Signatory(
                "kalsel",
                Official("Roy Rizali Anwar", "Sekretaris Daerah Provinsi Kalimantan Selatan"),
                "mewakili Gubernur Kalimantan Selatan, Sahbirin Noor",
            ),
            Signatory("jatim", Official("Khofifah Indar Parawansa", "Gubernur Jawa Timur")),
        ),
        signing=A.signing,
    )
    assert instrument_chain(A, [mou]) == (mou, A)
    text = format_agreement(A, language="id")
    assert "Rangkaian instrumen:\n  1. Kesepakatan Bersama [kalsel-jatim-2022-mou]" in text
    assert "     ditandatangani bersamaan; pelaksanaannya tidak disebut\n" in text
    assert "Maksud (kutipan):\n  untuk meningkatkan pemberdayaan masyarakat dan desa" in text


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
    assert cited("signing.place.venue") == ("issue-13", None)
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
    assert "tidak ada sumber publik yang dikutip di sini" in opop.note  # issue 20

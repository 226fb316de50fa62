"""Issue 13: four real agreements written from the facts the issue states, and nothing else.

Unknowns stay unknown: no signatory names, no dates the issue does not give, no scope points
it does not name, no village names or codes for Ponorogo, no basis. Each is validated,
round-tripped through JSON, shown (``desacoop show``) and reported (``desacoop report`` on
a plan with no indicators yet, its window the plan's own choice).

The facts (issue 13, "Why"):

- DPMD Jatim signed with Sulawesi Tengah in Palu on 23 February 2022: five scope points
  ending with village digitalisation, after the governors' MoU the same week.
- DPMD Jatim signed with Sumatera Barat in Padang on 12 June 2023, beside the governors'
  trade and investment MoU.
- The Governor of Jatim signed with Sumatera Selatan in Palembang on 2 December 2020: the
  governors' MoU, then a governors' PKS, plus a PKS between the two investment agencies.
- Eight villages of Ponorogo cooperate under a joint regulation of their village heads
  (Peraturan Bersama Kepala Desa 01/2016) with an inter-village board (BKAD).
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest

import desacoop
from desacoop.agreement import (
    Agreement,
    AgreementKind,
    AgreementStatus,
    Attendee,
    BudgetLine,
    Citation,
    FundSource,
    InstrumentLink,
    InstrumentRef,
    Official,
    Party,
    PartyKind,
    PartyNumber,
    Place,
    Programme,
    ProgrammeKind,
    Purpose,
    Reading,
    ScopeCommitment,
    Signatory,
    Signing,
    SigningCapacity,
    Source,
    Uncertainty,
    Witness,
    instrument_chain,
)
from desacoop.cli import main
from desacoop.errors import ValidationError
from desacoop.monitoring import MonitoringPlan, Period
from desacoop.report import format_agreement
from desacoop.scope import Area, ScopeArea
from desacoop.serialization import from_json, to_json

from .utils import shared_file

ISSUE = Source(
    "issue-13",
    "desacoop issue 13",
    note="Summarises the reports of these agreements; their outlets, authors and addresses "
    "are not recorded here.",
)
ISSUE_20 = Source(
    "issue-20",
    "desacoop issue 20",
    note="Checks these agreements against the public sources listed beside it and gives "
    "their facts; it names the outlets for each agreement together, without saying which "
    "outlet gives which fact.",
)
CITED = (Citation("semua fakta dokumen ini", source="issue-13"),)

JATIM = Party("jatim", "Pemerintah Provinsi Jawa Timur", kind=PartyKind.GOVERNMENT, region="35")
DPMD_JATIM = Party(
    "dpmd-jatim",
    "Dinas Pemberdayaan Masyarakat dan Desa Provinsi Jawa Timur",
    kind=PartyKind.AGENCY,
    region="35",
    abbreviation="DPMD Jatim",
)
SULTENG = Party(
    "sulteng", "Pemerintah Provinsi Sulawesi Tengah", kind=PartyKind.GOVERNMENT, region="72"
)
SUMBAR = Party(
    "sumbar", "Pemerintah Provinsi Sumatera Barat", kind=PartyKind.GOVERNMENT, region="13"
)
SUMSEL = Party(
    "sumsel", "Pemerintah Provinsi Sumatera Selatan", kind=PartyKind.GOVERNMENT, region="16"
)
KHOFIFAH = Official("Khofifah Indar Parawansa", "Gubernur Jawa Timur")

# -- Jawa Timur – Sulawesi Tengah, 2022 ----------------------------------------------------

SULTENG_SOURCES = (
    ISSUE,
    ISSUE_20,
    Source("madika", "madika.id", address="madika.id/read/4069/…"),
    Source(
        "trustsulteng",
        "trustsulteng.com",
        address="trustsulteng.com/index.php/2022/02/23/pemrov-jatim",
    ),
    Source(
        "gerbangnusantara",
        "gerbangnusantaranews.com",
        address="gerbangnusantaranews.com/2022/02/gubernur-jatim-tandantangani-kerjasama.html",
    ),
)
SULTENG_CITED = (
    *CITED,
    Citation(
        "semua fakta yang ditambahkan issue 20 (dari madika, trustsulteng, gerbangnusantara)",
        source="issue-20",
    ),
)
PALU = Signing(
    dt.date(2022, 2, 23),
    place=Place("Palu", region="72.71", venue="Hotel Best Western Plus Coco Palu"),
)

SULTENG_MOU = Agreement(
    id="jatim-sulteng-2022-mou",
    title="Kesepakatan Bersama Gubernur Jawa Timur dan Gubernur Sulawesi Tengah (2022)",
    parties=(JATIM, SULTENG),
    kind=AgreementKind.JOINT_AGREEMENT,
    signatories=(
        Signatory("jatim", KHOFIFAH),
        Signatory("sulteng", Official("Rusdy Mastura", "Gubernur Sulawesi Tengah")),
    ),
    signing=PALU,
    sources=SULTENG_SOURCES,
    citations=SULTENG_CITED,
    uncertain=(
        Uncertainty(
            "signing.on",
            (
                Reading("Rabu, 23 Februari 2022 (hari yang sama dengan PKS)", ("issue-20",)),
                Reading("Rabu (22/2/2022)", ("issue-20",)),
            ),
            note='Satu media menulis "Rabu (22/2/2022)", yang bertentangan dengan dirinya '
            "sendiri: 22 Februari 2022 adalah hari Selasa. Media mana, tidak disebut.",
        ),
    ),
    notes=(
        "The title is descriptive; the official title and number are not stated.",
        "A Kesepakatan Bersama on trade and investment (perdagangan dan investasi).",
    ),
)

SULTENG_PKS = Agreement(
    id="jatim-sulteng-2022-pks",
    title="Perjanjian Kerja Sama DPMD Provinsi Jawa Timur dan DPMD Provinsi Sulawesi Tengah (2022)",
    parties=(
        DPMD_JATIM,
        Party(
            "dpmd-sulteng",
            "Dinas Pemberdayaan Masyarakat dan Desa Provinsi Sulawesi Tengah",
            kind=PartyKind.AGENCY,
            region="72",
            abbreviation="DPMD Sulteng",
        ),
    ),
    signing=PALU,
    scope=(
        ScopeCommitment(
            Area(
                "ekonomi",
                "peningkatan ekonomi",
                "economic improvement",
                catalog=ScopeArea.RURAL_ECONOMY,
            )
        ),
        ScopeCommitment(
            Area(
                "prudes-prukades",
                "peningkatan pengembangan sumber daya melalui Prudes dan Prukades",
                "developing resources through village and rural-area flagship products",
                catalog=ScopeArea.FLAGSHIP_PRODUCTS,
            )
        ),
        ScopeCommitment(
            Area(
                "kompetensi-sdm",
                "peningkatan pengembangan kompetensi SDM program pembangunan kawasan perdesaan",
                "human-resource competence for the rural-area development programme",
            )
        ),
        ScopeCommitment(
            Area(
                "iptek-inovasi",
                "pengembangan ilmu pengetahuan dan inovasi dan teknologi untuk masyarakat",
                "science, innovation and technology for the community",
            )
        ),
        ScopeCommitment(
            Area(
                "digitalisasi-desa",
                "digitalisasi pengembangan desa",
                "digitalising village development",
                catalog=ScopeArea.DIGITAL_VILLAGE,
            )
        ),
    ),
    implements=InstrumentRef(
        "jatim-sulteng-2022-mou",
        title="Kesepakatan Bersama Gubernur Jawa Timur dan Gubernur Sulawesi Tengah (2022)",
        signed_on=dt.date(2022, 2, 23),
        link=InstrumentLink.ACCOMPANIES,
    ),
    original_purpose=Purpose(
        maksud="untuk meningkatkan pemberdayaan Sumber Daya Manusia (SDM) sesuai dengan "
        "potensi dan peluang sumber daya daerah masing-masing",
        tujuan="untuk mendorong kapasitas Sumber Daya Manusia (SDM) di kedua provinsi itu "
        "untuk bekerja sama memanfaatkan bebagai potensi dan peluang guna meningkatkan "
        "kesejahteraan masyarakat di daerah masing-masing",
        source="issue-20",
    ),
    legal_basis=("Permendagri 22/2020",),
    sources=SULTENG_SOURCES,
    citations=(
        *SULTENG_CITED,
        Citation(
            "ruang lingkup: label bahasa Inggris dan tautan katalog",
            derived="terjemahan dan tautan katalog oleh desacoop; label Indonesia dikutip",
        ),
    ),
    notes=(
        "Judul bersifat deskriptif; judul resmi dan nomornya tidak disebut.",
        "Kepala DPMD Provinsi Sulawesi Tengah: H. Mohamad Nadir; siapa yang menandatangani "
        "tidak disebut.",
        'Tujuan dikutip apa adanya: "bebagai" [sic].',
        "Ditandatangani pada hari yang sama dengan Kesepakatan Bersama para gubernur; "
        "apakah PKS ini melaksanakannya tidak disebut.",
        "Jangka waktu dan anggaran tidak disebut.",
    ),
)

# -- Jawa Timur – Sumatera Barat, 2023 -----------------------------------------------------

SUMBAR_SOURCES = (
    ISSUE,
    ISSUE_20,
    Source(
        "gebuminang",
        "gebuminangnews.com",
        address="gebuminangnews.com/opd-dan-pelaku-usaha-sumbar-kerja-sama-dengan-jatim-"
        "hingga-bukukan-transaksi-rp2317-miliar/",
    ),
)
PADANG = Signing(
    dt.date(2023, 6, 12), place=Place("Padang", region="13.71", venue="Hotel ZHM Premier Padang")
)

SUMBAR_MOU = Agreement(
    id="jatim-sumbar-2023-mou",
    title="Kesepakatan Bersama Gubernur Sumatera Barat dan Gubernur Jawa Timur (2023)",
    parties=(SUMBAR, JATIM),
    kind=AgreementKind.JOINT_AGREEMENT,
    signatories=(
        Signatory("sumbar", Official("Mahyeldi Ansharullah", "Gubernur Sumatera Barat")),
        Signatory("jatim", KHOFIFAH),
    ),
    signing=PADANG,
    sources=SUMBAR_SOURCES,
    citations=(Citation("semua fakta dokumen ini", source="issue-20"),),
    notes=(
        "The title is descriptive; the official title and number are not stated.",
        'On trade and investment (perdagangan dan investasi); signed "Senin 12/6/2023".',
    ),
)

SUMBAR_PKS = Agreement(
    id="jatim-sumbar-2023-pks",
    title="Perjanjian Kerja Sama DPMD Provinsi Jawa Timur dan Dinas PMD Provinsi Sumatera "
    "Barat (2023)",
    parties=(
        DPMD_JATIM,
        Party(
            "dpmd-sumbar",
            "Dinas Pemberdayaan Masyarakat dan Desa Provinsi Sumatera Barat",
            kind=PartyKind.AGENCY,
            region="13",
            abbreviation="Dinas PMD Sumbar",
        ),
    ),
    signing=attrs.evolve(PADANG, place=Place("Padang", region="13.71")),
    implements=InstrumentRef(
        "jatim-sumbar-2023-mou", signed_on=dt.date(2023, 6, 12), link=InstrumentLink.ACCOMPANIES
    ),
    sources=SUMBAR_SOURCES,
    citations=(*CITED, Citation("parties[1], implements, uncertain", source="issue-20")),
    uncertain=(
        Uncertainty(
            "kind",
            (
                Reading("PKS antara OPD", ("issue-20",)),
                Reading("MoU G to G antar OPD", ("issue-20",)),
            ),
            note="Sumber menyebut dokumen antar perangkat daerah dengan kedua istilah itu.",
        ),
    ),
    notes=(
        "The title is descriptive; the official title and number are not stated.",
        "Signed beside the governors' trade and investment MoU; the sources do not say that "
        "this PKS implements that MoU.",
        "The scope, the signatories, the term and the budget are not stated.",
    ),
)

# -- Jawa Timur – Sumatera Selatan, 2020: MoU, governors' PKS, agencies' PKS ----------------

SUMSEL_SOURCES = (
    ISSUE,
    ISSUE_20,
    Source("rimaunews", "rimaunews.co.id", address="rimaunews.co.id …/02/12/2020/"),
    Source("bangsaonline", "bangsaonline.com", address="bangsaonline.com/berita/84142/…"),
)
PALEMBANG = Signing(
    dt.date(2020, 12, 2), place=Place("Palembang", region="16.71", venue="Hotel Wyndham OPI")
)
PLACE_UNCERTAIN = Uncertainty(
    "signing.place",
    (
        Reading("Palembang", ("issue-13", "issue-20")),
        Reading("Banyuasin", ("issue-20",)),
    ),
    note="Hotel Wyndham OPI: beberapa media menempatkannya di Palembang, satu media di "
    "Banyuasin (issue 20 tidak menyebut media yang mana).",
)
SUMSEL_CITED = (*CITED, Citation("signatories, venue, uncertain, notes", source="issue-20"))

SUMSEL_MOU = Agreement(
    id="jatim-sumsel-2020-mou",
    title="Kesepakatan Bersama Kerja Sama Pembangunan Daerah Jawa Timur dan Sumatera "
    "Selatan (2020)",
    parties=(JATIM, SUMSEL),
    kind=AgreementKind.JOINT_AGREEMENT,
    signatories=(
        Signatory("jatim", KHOFIFAH),
        Signatory("sumsel", Official("Herman Deru", "Gubernur Sumatera Selatan")),
    ),
    signing=PALEMBANG,
    sources=SUMSEL_SOURCES,
    citations=SUMSEL_CITED,
    uncertain=(PLACE_UNCERTAIN,),
    notes=(
        'The MoU is on "Kerja Sama Pembangunan Daerah"; its official title and number are '
        "not stated.",
        "Several PKS followed (trade, KUKM, Disperindag–Disperindag, DPMPTSP–DPMPTSP, "
        "Jamkrida–Jamkrida); none is about village empowerment.",
    ),
)

SUMSEL_PKS = Agreement(
    id="jatim-sumsel-2020-pks",
    title="Perjanjian Kerja Sama Gubernur Jawa Timur dan Gubernur Sumatera Selatan (2020)",
    parties=(JATIM, SUMSEL),
    signing=PALEMBANG,
    implements=InstrumentRef(
        "jatim-sumsel-2020-mou",
        title="Kesepakatan Bersama Kerja Sama Pembangunan Daerah Jawa Timur dan Sumatera "
        "Selatan (2020)",
        signed_on=dt.date(2020, 12, 2),
    ),
    sources=SUMSEL_SOURCES,
    citations=SUMSEL_CITED,
    uncertain=(PLACE_UNCERTAIN,),
    notes=(
        "The title is descriptive; the signatories and the scope are not stated (issue 13).",
        "Issue 20 lists the PKS that followed the MoU by subject (trade, KUKM, "
        "Disperindag–Disperindag, DPMPTSP–DPMPTSP, Jamkrida–Jamkrida) and names no governors' "
        "PKS; which of them, if any, this is, is not stated.",
    ),
)

SUMSEL_AGENCIES_PKS = Agreement(
    id="jatim-sumsel-2020-pks-investasi",
    title="Perjanjian Kerja Sama DPMPTSP Jawa Timur dan DPMPTSP Sumatera Selatan (2020)",
    parties=(
        Party(
            "dpmptsp-jatim",
            "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu Provinsi Jawa Timur",
            kind=PartyKind.AGENCY,
            region="35",
            abbreviation="DPMPTSP Jatim",
        ),
        Party(
            "dpmptsp-sumsel",
            "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu Provinsi Sumatera Selatan",
            kind=PartyKind.AGENCY,
            region="16",
            abbreviation="DPMPTSP Sumsel",
        ),
    ),
    signing=PALEMBANG,
    implements=InstrumentRef(
        "jatim-sumsel-2020-mou", signed_on=dt.date(2020, 12, 2), link=InstrumentLink.ACCOMPANIES
    ),
    sources=SUMSEL_SOURCES,
    citations=(
        *SUMSEL_CITED,
        Citation(
            "parties: the full names",
            derived="DPMPTSP written out (Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu)",
        ),
    ),
    uncertain=(PLACE_UNCERTAIN,),
    notes=("One of the PKS that followed the governors' MoU; not about village empowerment.",),
)

SUMSEL_JAMKRIDA_PKS = Agreement(
    id="jatim-sumsel-2020-pks-jamkrida",
    title="Perjanjian Kerja Sama Jamkrida Jawa Timur dan Jamkrida Sumatera Selatan (2020)",
    parties=(
        Party(
            "jamkrida-jatim",
            "Jamkrida Jawa Timur (nama resmi tidak disebut)",
            kind=PartyKind.REGIONAL_ENTERPRISE,
            region="35",
        ),
        Party(
            "jamkrida-sumsel",
            "Jamkrida Sumatera Selatan (nama resmi tidak disebut)",
            kind=PartyKind.REGIONAL_ENTERPRISE,
            region="16",
        ),
    ),
    signing=PALEMBANG,
    implements=InstrumentRef(
        "jatim-sumsel-2020-mou", signed_on=dt.date(2020, 12, 2), link=InstrumentLink.ACCOMPANIES
    ),
    sources=SUMSEL_SOURCES,
    citations=(
        Citation("semua fakta dokumen ini", source="issue-20"),
        Citation(
            "parties[*].kind: BUMD",
            derived="a Jamkrida (penjaminan kredit daerah) is a company owned by its province",
        ),
    ),
    uncertain=(PLACE_UNCERTAIN,),
    notes=("One of the PKS that followed the governors' MoU; not about village empowerment.",),
)

# -- Ponorogo: the eight desa of Kecamatan Ngebel, Peraturan Bersama Kepala Desa 01/2016 ----

NGEBEL = {
    "35.02.19.2001": "Ngrogung",
    "35.02.19.2002": "Sahang",
    "35.02.19.2003": "Wagir Lor",
    "35.02.19.2004": "Talun",
    "35.02.19.2005": "Gondowido",
    "35.02.19.2006": "Pupus",
    "35.02.19.2007": "Ngebel",
    "35.02.19.2008": "Sempu",
}

PONOROGO = Agreement(
    id="ponorogo-antar-desa-01-2016",
    title="Peraturan Bersama Kepala Desa 01/2016 (kerja sama antar desa, Kecamatan Ngebel, "
    "Kabupaten Ponorogo)",
    parties=(
        Party(
            "desa-ngebel",
            "Desa " + ", ".join(NGEBEL.values()) + " (Kecamatan Ngebel, Kabupaten Ponorogo)",
            kind=PartyKind.VILLAGE_GROUP,
            region="35.02.19",
            villages=tuple(NGEBEL),
            members=8,
        ),
    ),
    kind=AgreementKind.JOINT_VILLAGE_REGULATION,
    number="01/2016",
    signing=Signing(),  # enacted; the date is not stated
    legal_basis=("UU 6/2014 Pasal 92 ayat (2) dan (3)",),
    sources=(
        ISSUE,
        ISSUE_20,
        Source("scribd", "id.scribd.com", address="id.scribd.com/document/499161126/…"),
        Source(
            "kemendagri-2022",
            "Kode wilayah Kemendagri (edisi 2022)",
            note="35.02.19.2001–2008, the eight desa of Kecamatan Ngebel, in the order of "
            "the names",
        ),
    ),
    citations=(
        *CITED,
        Citation("villages, legal_basis, notes", source="issue-20"),
        Citation("villages: the code of each name", source="kemendagri-2022"),
        Citation("signing: enacted", derived="a numbered Peraturan Bersama is enacted"),
    ),
    notes=(
        "Made after a Musyawarah Desa Bersama; carried out by an inter-village board (BKAD).",
        "The date of enactment and the scope are not stated.",
    ),
)

REAL = (
    SULTENG_MOU,
    SULTENG_PKS,
    SUMBAR_MOU,
    SUMBAR_PKS,
    SUMSEL_MOU,
    SUMSEL_PKS,
    SUMSEL_AGENCIES_PKS,
    SUMSEL_JAMKRIDA_PKS,
    PONOROGO,
)


def plan_for(agreement: Agreement) -> MonitoringPlan:
    """A plan with no indicators yet (none are stated); its window is the plan's choice."""
    return MonitoringPlan(
        f"{agreement.id}-plan",
        "Rencana pemantauan (belum ada indikator)",
        agreement,
        False,
        (),
        window=Period(dt.date(2024, 1, 1), dt.date(2024, 12, 31)),
    )


@pytest.mark.parametrize("agreement", REAL, ids=[a.id for a in REAL])
def test_each_real_agreement_reads_back_shows_and_reports(
    agreement: Agreement, tmp_path: Path
) -> None:
    assert from_json(to_json(agreement), Agreement) == agreement
    path = tmp_path / "agreement.json"
    desacoop.dump(agreement, path)
    out = io.StringIO()
    assert main(["validate", str(path)], out=out) == 0
    out = io.StringIO()
    assert main(["show", str(path)], out=out) == 0
    text = out.getvalue()
    assert agreement.title in text
    assert "[issue-13] desacoop issue 13" in text
    plan = tmp_path / "plan.json"
    desacoop.dump(plan_for(agreement), plan)
    out = io.StringIO()
    assert main(["report", str(plan), "--as-of", "2024-06-30", "--language", "id"], out=out) == 0
    assert agreement.id in out.getvalue()


def test_unknowns_stay_unknown() -> None:
    for agreement in REAL:
        assert agreement.basis is None
        assert not agreement.term.is_known
        assert agreement.budget == ()
    # Only the governors of the MoUs are named as signers; no PKS names its signers.
    named = {a.id: [s.official.name for s in a.signatories] for a in REAL if a.signatories}
    assert named == {
        "jatim-sulteng-2022-mou": ["Khofifah Indar Parawansa", "Rusdy Mastura"],
        "jatim-sumbar-2023-mou": ["Mahyeldi Ansharullah", "Khofifah Indar Parawansa"],
        "jatim-sumsel-2020-mou": ["Khofifah Indar Parawansa", "Herman Deru"],
    }
    # Ponorogo's regulation is enacted on a date not stated: signed, never a draft.
    assert PONOROGO.signing is not None
    assert PONOROGO.signing.on is None
    assert PONOROGO.status(dt.date(2024, 1, 1)) is AgreementStatus.UNDATED
    # Nadir heads DPMD Sulteng; nothing says he signed, so he is not a signatory.
    assert SULTENG_PKS.signatories == ()
    assert any("H. Mohamad Nadir" in note for note in SULTENG_PKS.notes)


def test_the_sulteng_pks_is_with_the_agency_and_holds_its_five_points_and_purpose() -> None:
    partner = SULTENG_PKS.parties[1]
    assert (partner.kind, str(partner.region)) == (PartyKind.AGENCY, "72")
    assert partner.name == "Dinas Pemberdayaan Masyarakat dan Desa Provinsi Sulawesi Tengah"
    assert [a.label_id for a in SULTENG_PKS.scope_areas] == [
        "peningkatan ekonomi",
        "peningkatan pengembangan sumber daya melalui Prudes dan Prukades",
        "peningkatan pengembangan kompetensi SDM program pembangunan kawasan perdesaan",
        "pengembangan ilmu pengetahuan dan inovasi dan teknologi untuk masyarakat",
        "digitalisasi pengembangan desa",
    ]
    assert SULTENG_PKS.scope_areas[4].catalog is ScopeArea.DIGITAL_VILLAGE
    purpose = SULTENG_PKS.original_purpose
    assert purpose is not None
    assert purpose.tujuan is not None
    assert "memanfaatkan bebagai potensi" in purpose.tujuan  # verbatim, [sic]
    assert SULTENG_PKS.legal_basis == ("Permendagri 22/2020",)


def test_the_sulteng_mou_is_the_governors_with_its_contradictory_date_marked() -> None:
    assert SULTENG_MOU.signing == SULTENG_PKS.signing  # same day, same hotel
    assert SULTENG_MOU.signing is not None
    assert SULTENG_MOU.signing.place is not None
    assert SULTENG_MOU.signing.place.venue == "Hotel Best Western Plus Coco Palu"
    assert desacoop.parse_date("Rabu, 23 Februari 2022") == dt.date(2022, 2, 23)
    with pytest.raises(ValidationError, match="is a Selasa"):
        desacoop.parse_date("Rabu, 22 Februari 2022")  # what one outlet's "Rabu (22/2/2022)" says
    doubt = SULTENG_MOU.uncertainty("signing.on")
    assert doubt is not None
    assert [r.value for r in doubt.readings][1] == "Rabu (22/2/2022)"
    text = format_agreement(SULTENG_MOU, language="id")
    assert "Penandatanganan: Rabu, 23 Februari 2022, di Hotel Best " in text  # issue 22's form
    assert "Coco Palu (tidak pasti)" in text
    assert "Fakta tidak pasti:\n  - signing.on: Rabu, 23 Februari 2022" in text


def test_the_sulteng_pks_shows_its_chain_to_the_mou_without_claiming_it_implements_it() -> None:
    assert instrument_chain(SULTENG_PKS, REAL) == (SULTENG_MOU, SULTENG_PKS)
    text = format_agreement(SULTENG_PKS)
    assert "Rangkaian instrumen / chain of instruments:" in text
    assert "  1. Kesepakatan Bersama [jatim-sulteng-2022-mou]" in text
    assert "     ditandatangani bersamaan; pelaksanaannya tidak disebut / signed with it" in text
    assert "  2. Perjanjian Kerja Sama (PKS) [jatim-sulteng-2022-pks]" in text
    assert "Palu (72.71), WITA" in text  # Sulawesi Tengah keeps WITA (UTC+8)
    english = format_agreement(SULTENG_PKS, language="en")
    assert "Ruang" not in english
    assert "scope (5 areas):" in english
    assert "legal basis: Permendagri 22/2020" in english


def test_the_sumbar_pks_is_with_dinas_pmd_and_its_kind_is_uncertain() -> None:
    assert SUMBAR_PKS.parties[1].abbreviation == "Dinas PMD Sumbar"
    assert instrument_chain(SUMBAR_PKS, REAL) == (SUMBAR_MOU, SUMBAR_PKS)
    assert SUMBAR_MOU.signing is not None
    assert SUMBAR_MOU.signing.on == desacoop.parse_date("Senin 12/6/2023")
    doubt = SUMBAR_PKS.uncertainty("kind")
    assert doubt is not None
    assert [r.value for r in doubt.readings] == ["PKS antara OPD", "MoU G to G antar OPD"]
    text = format_agreement(SUMBAR_PKS, language="en")
    assert "cooperation agreement (uncertain)" in text
    assert "  - kind: PKS antara OPD [issue-20]; MoU G to G antar OPD [issue-20]" in text


def test_the_sumsel_chain_goes_from_the_mou_to_its_pks() -> None:
    assert instrument_chain(SUMSEL_PKS, REAL) == (SUMSEL_MOU, SUMSEL_PKS)
    assert instrument_chain(SUMSEL_AGENCIES_PKS, REAL) == (SUMSEL_MOU, SUMSEL_AGENCIES_PKS)
    assert instrument_chain(SUMSEL_JAMKRIDA_PKS, REAL) == (SUMSEL_MOU, SUMSEL_JAMKRIDA_PKS)
    assert instrument_chain(SUMSEL_MOU, REAL) == (SUMSEL_MOU,)
    with pytest.raises(ValidationError, match="not among the documents"):
        instrument_chain(SUMSEL_PKS, [SUMSEL_AGENCIES_PKS])
    assert SUMSEL_PKS.implements is not None
    wrong = attrs.evolve(SUMSEL_PKS.implements, signed_on=dt.date(2020, 12, 1))
    wrong_date = attrs.evolve(SUMSEL_PKS, implements=wrong)
    with pytest.raises(ValidationError, match="it was signed on 2020-12-02"):
        instrument_chain(wrong_date, REAL)


def test_the_sumsel_place_is_uncertain_and_the_jamkrida_are_bumd() -> None:
    for agreement in (SUMSEL_MOU, SUMSEL_PKS, SUMSEL_AGENCIES_PKS, SUMSEL_JAMKRIDA_PKS):
        doubt = agreement.uncertainty("signing.place.name")
        assert doubt is not None
        assert [r.value for r in doubt.readings] == ["Palembang", "Banyuasin"]
    assert {p.kind for p in SUMSEL_JAMKRIDA_PKS.parties} == {PartyKind.REGIONAL_ENTERPRISE}
    assert all(p.kind is not None and p.kind.is_public for p in SUMSEL_JAMKRIDA_PKS.parties)
    text = format_agreement(SUMSEL_JAMKRIDA_PKS, language="id")
    assert "      BUMD: 35 (provinsi Jawa Timur, WIB)" in text
    assert "Hotel Wyndham OPI (tidak pasti)" in text


def test_ponorogo_is_a_joint_regulation_of_the_eight_desa_of_ngebel() -> None:
    (group,) = PONOROGO.parties
    assert (group.members, str(group.region), str(group.home_province)) == (8, "35.02.19", "35")
    assert [str(v) for v in group.villages] == [f"35.02.19.200{i}" for i in range(1, 9)]
    assert list(NGEBEL.values()) == [
        "Ngrogung", "Sahang", "Wagir Lor", "Talun", "Gondowido", "Pupus", "Ngebel", "Sempu"
    ]  # fmt: skip
    assert PONOROGO.legal_basis == ("UU 6/2014 Pasal 92 ayat (2) dan (3)",)
    text = format_agreement(PONOROGO)
    assert "Peraturan Bersama Kepala Desa (joint regulation of village heads" in text
    assert "Nomor / No. 01/2016" in text
    assert "jumlah desa / number of villages: 8" in text
    assert (
        "Penandatanganan / signing: ditandatangani, tanggal tidak disebut / signed, date not "
        "stated" in text
    )
    assert "rancangan" not in text
    assert "belum ditandatangani" not in text


def test_the_eight_codes_are_the_desa_of_ngebel_in_the_kemendagri_list() -> None:
    from desacoop.registry import RegionRegistry

    path = shared_file("regions", "kemendagri-2022.csv")
    registry = RegionRegistry.from_csv(path, edition="2022")
    assert {code: registry.name(code) for code in NGEBEL} == NGEBEL


def test_by_party_uses_each_partys_region() -> None:
    # A regency party's figure is its regency, a province party's its province, and a
    # party with no region has none (its figure counts every indicator it is responsible for).
    agreement = attrs.evolve(
        SUMBAR_PKS,
        parties=(
            DPMD_JATIM,
            Party("padang", "Pemerintah Kota Padang", kind=PartyKind.GOVERNMENT, region="13.71"),
            Party("unand", "Universitas (contoh)", kind=PartyKind.UNIVERSITY),
        ),
    )
    report = desacoop.progress(plan_for(agreement), as_of=dt.date(2024, 6, 30))
    assert [(f.key, str(f.region) if f.region else None) for f in report.by_party] == [
        ("dpmd-jatim", "35"),
        ("padang", "13.71"),
        ("unand", None),
    ]


# -- the rules of issue 13's model, each with a failing and a passing case --------------------


def _pks(**changes: Any) -> Agreement:
    fields: dict[str, Any] = {
        "id": "contoh",
        "title": "Kerja sama (contoh)",
        "parties": (JATIM, SUMSEL),
        "sources": (ISSUE,),
    }
    fields.update(changes)
    return Agreement(**fields)


GOVERNOR = Official("Gubernur (contoh)", "Gubernur Jawa Timur")
KEPALA = Official("Kepala Dinas (contoh)", "Kepala DPMD Provinsi Jawa Timur")

RULES: list[tuple[str, Any, str, Any]] = [
    (
        "a province party has a province code",
        lambda: Party("x", "X", kind=PartyKind.GOVERNMENT, region="35.02.01"),
        "province, regency or city code",
        lambda: Party("x", "X", kind=PartyKind.GOVERNMENT, region="35.02"),
    ),
    (
        "a village party is a desa",
        lambda: Party("x", "X", kind=PartyKind.VILLAGE, region="35.78.01.1001"),
        "is a kelurahan",
        lambda: Party("x", "X", kind=PartyKind.VILLAGE, region="35.02.01.2001"),
    ),
    (
        "a group of villages says which or how many",
        lambda: Party("x", "X", kind=PartyKind.VILLAGE_GROUP, members=8),
        "lists at least two desa codes",
        lambda: Party("x", "X", kind=PartyKind.VILLAGE_GROUP, members=8, region="35.02"),
    ),
    (
        "a stated province contains the region",
        lambda: Party("x", "X", "13", kind=PartyKind.GOVERNMENT, region="35.02"),
        "is not in the province 13",
        lambda: Party("x", "X", "35", kind=PartyKind.GOVERNMENT, region="35.02"),
    ),
    (
        "a PKS between daerah says in what capacity each signs",
        lambda: _pks(
            signing=PALEMBANG,
            signatories=(Signatory("jatim", KEPALA), Signatory("sumsel", GOVERNOR)),
        ),
        "as its head or on the head's authority",
        lambda: _pks(
            signing=PALEMBANG,
            signatories=(
                Signatory(
                    "jatim",
                    KEPALA,
                    capacity=SigningCapacity.AUTHORISED,
                    authorised_by=GOVERNOR,
                ),
                Signatory("sumsel", GOVERNOR, capacity=SigningCapacity.HEAD),
            ),
        ),
    ),
    (
        "a signatory on authority names the head",
        lambda: Signatory("jatim", KEPALA, capacity=SigningCapacity.AUTHORISED),
        "names who authorised them",
        lambda: Signatory(
            "jatim", KEPALA, capacity=SigningCapacity.AUTHORISED, authorised_by=GOVERNOR
        ),
    ),
    (
        "a PKS implements a Kesepakatan Bersama",
        lambda: _pks(implements=InstrumentRef("mou", AgreementKind.COOPERATION_AGREEMENT)),
        "implements a Kesepakatan Bersama",
        lambda: _pks(implements=InstrumentRef("mou")),
    ),
    (
        "only a PKS implements",
        lambda: _pks(kind=AgreementKind.JOINT_AGREEMENT, implements=InstrumentRef("mou")),
        "only a PKS implements",
        lambda: _pks(kind=AgreementKind.JOINT_AGREEMENT),
    ),
    (
        "the MoU comes before its PKS",
        lambda: _pks(
            signing=Signing(dt.date(2020, 12, 1)),
            implements=InstrumentRef("mou", signed_on=dt.date(2020, 12, 2)),
        ),
        "comes before the PKS",
        lambda: _pks(
            signing=Signing(dt.date(2020, 12, 2)),
            implements=InstrumentRef("mou", signed_on=dt.date(2020, 12, 2)),
        ),
    ),
    (
        "a joint village regulation is made by desa",
        lambda: _pks(kind=AgreementKind.JOINT_VILLAGE_REGULATION),
        "is made by desa",
        lambda: PONOROGO,
    ),
    (
        "a citation cites a listed source",
        lambda: _pks(citations=(Citation("basis", source="pp-28-2018"),)),
        "'pp-28-2018' is not a listed source (sources: issue-13)",
        lambda: _pks(citations=(Citation("basis", source="issue-13"),)),
    ),
    (
        "a derived fact says how",
        lambda: Citation("basis"),
        "cites a source or says how it was derived",
        lambda: Citation("basis", derived="the provinces do not border (PP 28/2018)"),
    ),
    (
        "a budget belongs to a party, in exact rupiah",
        lambda: _pks(budget=(BudgetLine("jabar", 1_000_000, FundSource.APBD),)),
        "'jabar' is not a party",
        lambda: _pks(budget=(BudgetLine("jatim", 1_000_000, FundSource.APBD, year=2021),)),
    ),
    (
        "money is never a float",
        lambda: BudgetLine("jatim", 1.5e6, FundSource.APBD),
        "never a float",
        lambda: BudgetLine("jatim", Decimal("1500000"), FundSource.APBDES),
    ),
    (
        "a gloss needs its text",
        lambda: Purpose(tujuan="x", maksud_en="y"),
        "a gloss of the maksud needs its text",
        lambda: Purpose(maksud="x", maksud_en="y"),
    ),
]


@pytest.mark.parametrize(
    ("rule", "failing", "fragment", "passing"), RULES, ids=[r[0] for r in RULES]
)
def test_rules_of_the_model(rule: str, failing: Any, fragment: str, passing: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        failing()
    assert fragment in str(exc.value), str(exc.value)
    passing()


def test_budget_purpose_and_sources_show_and_read_back() -> None:
    agreement = _pks(
        original_purpose=Purpose(maksud="(kutipan contoh)", maksud_en="(example gloss)"),
        budget=(BudgetLine("jatim", 3_302_753_000, FundSource.APBD, year=2021),),
    )
    assert from_json(to_json(agreement), Agreement) == agreement
    text = format_agreement(agreement)
    # the English gloss only in the English summary: the bilingual one writes no English
    # sentence (issue 22)
    assert "Maksud (kutipan / verbatim):\n  (kutipan contoh)\n" in text
    assert "(example gloss)" not in text
    english = format_agreement(agreement, language="en")
    assert "Maksud (verbatim):\n  (kutipan contoh)\n  (en) (example gloss)" in english
    assert "  - [jatim] Rp3.302.753.000 (APBD) tahun / year 2021" in text


def test_show_in_indonesian_only(tmp_path: Path) -> None:
    path = tmp_path / "pks.json"
    desacoop.dump(SULTENG_PKS, path)
    out = io.StringIO()
    assert main(["show", str(path), "--language", "id"], out=out) == 0
    text = out.getvalue()
    for line in (
        "Perjanjian Kerja Sama (PKS)",
        "Rangkaian instrumen:",
        "  2. Perjanjian Kerja Sama (PKS) [jatim-sulteng-2022-pks] (dokumen ini) · Rabu, "
        "23 Februari 2022",
        "Penandatanganan: Rabu, 23 Februari 2022, di Hotel Best Western Plus Coco Palu "
        "(72.71), WITA",
        "Jangka waktu: tidak diketahui (tidak disebut di sumber)",
        "Ruang lingkup (5 bidang):",
    ):
        assert line in text
    for english in ("parties", "signing", "scope", " / ", "(for ", "chain of"):
        assert english not in text
    out = io.StringIO()
    assert main(["show", str(path), "--language", "en"], out=out) == 0
    assert "chain of instruments:" in out.getvalue()
    assert "Wednesday, 23 February 2022" in out.getvalue()


# -- issue 20: the model elements, each with a failing and a passing case ---------------------

COMPANY = Party("pt", "PT Contoh", kind=PartyKind.COMPANY)
HEAD_OF = Official(None, "Head of Social Engagement")
TWO = (Source("a", "Media A"), Source("b", "Media B"))

RULES_20: list[tuple[str, Any, str, Any]] = [
    (
        "a signing time needs its date",
        lambda: Signing(at=dt.datetime(2022, 2, 23, 10, tzinfo=dt.UTC)),
        "a signing time needs its date",
        lambda: Signing(),
    ),
    (
        "the PP 28/2018 capacity is for daerah and desa only",
        lambda: _pks(
            parties=(JATIM, COMPANY),
            signatories=(Signatory("pt", HEAD_OF, capacity=SigningCapacity.HEAD),),
        ),
        "'pt' is not one (company)",
        lambda: _pks(
            parties=(JATIM, COMPANY), signatories=(Signatory("pt", HEAD_OF, "atas nama direksi"),)
        ),
    ),
    (
        "a signatory known only by position signs for its party",
        lambda: _pks(
            parties=(JATIM, COMPANY),
            signing=Signing(),
            signatories=(
                Signatory("jatim", KEPALA, capacity=SigningCapacity.HEAD),
                Signatory("jatim", HEAD_OF),
            ),
        ),
        "nobody signs for 'pt'",
        lambda: _pks(
            parties=(JATIM, COMPANY),
            signing=Signing(),
            signatories=(
                Signatory("jatim", GOVERNOR, capacity=SigningCapacity.HEAD),
                Signatory("pt", HEAD_OF),
            ),
        ),
    ),
    (
        "each party has one number of its own",
        lambda: _pks(numbers=(PartyNumber("jatim", "1/2025"), PartyNumber("jatim", "2/2025"))),
        "'jatim' has two numbers",
        lambda: _pks(
            numbers=(
                PartyNumber("jatim", "100.3.7.1/15/PKS/B.POD-III/2025"),
                PartyNumber("sumsel", "100.3.7.1/243/PKS/011.3/2025"),
            )
        ),
    ),
    (
        "an attendee is for a party of the agreement, or none",
        lambda: _pks(attendees=(Attendee(GOVERNOR, "jabar"),)),
        "attendees[0].party: 'jabar' is not a party",
        lambda: _pks(attendees=(Attendee(GOVERNOR, "jatim"), Attendee(HEAD_OF))),
    ),
    (
        "a reading names its sources",
        lambda: Reading("Palembang", ()),
        "names the sources that state it",
        lambda: Reading("Palembang", ("a",)),
    ),
    (
        "an uncertain fact is a fact of the agreement",
        lambda: _pks(sources=TWO, uncertain=(Uncertainty("venue", (Reading("x", ("a",)),)),)),
        "'venue' is not a fact of an agreement",
        lambda: _pks(
            sources=TWO,
            uncertain=(Uncertainty("signing.place", (Reading("x", ("a",)), Reading("y", ("b",)))),),
        ),
    ),
    (
        "an uncertain fact cites listed sources",
        lambda: _pks(sources=TWO, uncertain=(Uncertainty("kind", (Reading("x", ("c",)),)),)),
        "uncertain[0].readings[0].sources[0]: 'c' is not a listed source",
        lambda: _pks(sources=TWO, uncertain=(Uncertainty("kind", (Reading("x", ("a", "b")),)),)),
    ),
    (
        "a witness known only by position may be represented",
        lambda: Witness(GOVERNOR, represented_by=GOVERNOR),
        "cannot be represented by themself",
        lambda: Witness(Official(None, "Gubernur"), represented_by=Official(None, "Sekda")),
    ),
]


@pytest.mark.parametrize(
    ("rule", "failing", "fragment", "passing"), RULES_20, ids=[r[0] for r in RULES_20]
)
def test_rules_of_the_issue_20_model(rule: str, failing: Any, fragment: str, passing: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        failing()
    assert fragment in str(exc.value), str(exc.value)
    built = passing()
    if isinstance(built, Agreement):
        assert from_json(to_json(built), Agreement) == built
        format_agreement(built, language="id")
        format_agreement(built, language="en")


def test_a_company_party_line_and_an_empty_scope_read_right() -> None:
    agreement = _pks(
        parties=(JATIM, COMPANY),
        programmes=(Programme(ProgrammeKind.OTHER, "Program CSR (contoh)", "pt"),),
    )
    for language, kind, scope in (
        ("id", "      badan usaha\n", "Ruang lingkup: tidak disebut\n"),
        ("en", "      company\n", "scope: not stated\n"),
    ):
        text = format_agreement(agreement, language=language)
        assert kind in text
        assert scope in text
        assert "badan usaha:" not in text
        assert "company:" not in text
        assert "(0 " not in text
        assert "  - Program CSR (contoh) (pt)\n" in text  # no ": lainnya" / ": other"
    one = _pks(scope=(ScopeCommitment(ScopeArea.BUM_DESA),))
    assert "scope (1 area):" in format_agreement(one, language="en")
    assert "Ruang lingkup (1 bidang):" in format_agreement(one, language="id")
    assert "1 scope area>" in repr(one)
    with pytest.raises(ValidationError, match="must be an Official, not 'x'"):
        Signatory("jatim", "x")  # type: ignore[arg-type]


def test_every_public_party_kind_is_written_as_its_source_states_it() -> None:
    # Central-government bodies, vertical agencies, TNI/Polri, BUMN: parties in their own
    # right, with a region only where the source says where they sit.
    kinds = [
        PartyKind.CENTRAL_GOVERNMENT,
        PartyKind.VERTICAL_AGENCY,
        PartyKind.SECURITY_FORCES,
        PartyKind.STATE_ENTERPRISE,
        PartyKind.REGIONAL_ENTERPRISE,
    ]
    parties = tuple(Party(f"p{i}", f"Pihak {i}", kind=kind) for i, kind in enumerate(kinds))
    agreement = _pks(parties=(JATIM, *parties))
    assert from_json(to_json(agreement), Agreement) == agreement
    assert all(p.kind is not None and p.kind.is_public and not p.kind.is_daerah for p in parties)
    assert not PartyKind.COMPANY.is_public
    text = format_agreement(agreement, language="id")
    for label in ("kementerian/lembaga pemerintah pusat", "instansi vertikal", "satuan TNI/Polri"):
        assert f"      {label}\n" in text


def test_the_json_schema_has_the_new_elements_as_optional_fields() -> None:
    # The format only grows: every element of issue 20 is optional, with a default.
    from desacoop.schema import json_schema

    schema = json_schema(Agreement)
    for field in ("numbers", "attendees", "uncertain", "legal_basis"):
        assert field in schema["properties"]
        assert field not in schema["required"]
    defs = schema["$defs"]
    assert {"Attendee", "PartyNumber", "Reading", "Uncertainty"} <= set(defs)
    assert "on" not in defs["Signing"].get("required", [])
    assert {"type": "null"} in defs["Official"]["properties"]["name"]["anyOf"]
    assert "link" not in defs["InstrumentRef"].get("required", [])
    kinds = set(defs["PartyKind"]["enum"])
    assert {"central-government", "vertical-agency", "security-forces"} <= kinds
    assert {"state-enterprise", "regional-enterprise"} <= kinds
    assert "accompanies" in defs["InstrumentLink"]["enum"]

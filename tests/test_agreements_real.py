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
    BudgetLine,
    Citation,
    FundSource,
    InstrumentRef,
    Official,
    Party,
    PartyKind,
    Place,
    Purpose,
    ScopeCommitment,
    Signatory,
    Signing,
    SigningCapacity,
    Source,
    instrument_chain,
)
from desacoop.cli import main
from desacoop.errors import ValidationError
from desacoop.monitoring import MonitoringPlan, Period
from desacoop.report import format_agreement
from desacoop.scope import Area
from desacoop.serialization import from_json, to_json

ISSUE = Source(
    "issue-13",
    "desacoop issue 13",
    note="Summarises the reports of these agreements; their outlets, authors and addresses "
    "are not recorded here.",
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
SULTENG = Party("sulteng", "Provinsi Sulawesi Tengah", kind=PartyKind.GOVERNMENT, region="72")
SUMBAR = Party("sumbar", "Provinsi Sumatera Barat", kind=PartyKind.GOVERNMENT, region="13")
SUMSEL = Party(
    "sumsel", "Pemerintah Provinsi Sumatera Selatan", kind=PartyKind.GOVERNMENT, region="16"
)

# -- Jawa Timur – Sulawesi Tengah, 2022 ----------------------------------------------------

SULTENG_MOU = Agreement(
    id="jatim-sulteng-2022-mou",
    title="Kesepakatan Bersama Gubernur Jawa Timur dan Gubernur Sulawesi Tengah (2022)",
    parties=(JATIM, attrs.evolve(SULTENG, name="Pemerintah Provinsi Sulawesi Tengah")),
    kind=AgreementKind.JOINT_AGREEMENT,
    sources=(ISSUE,),
    citations=CITED,
    notes=(
        "The title is descriptive; the official title and number are not stated.",
        "Signed by the two governors in the same week as the PKS of 23 February 2022; the "
        "date, the place and the governors' names are not stated, so no signing is recorded.",
    ),
)

SULTENG_PKS = Agreement(
    id="jatim-sulteng-2022-pks",
    title="Perjanjian Kerja Sama DPMD Provinsi Jawa Timur dan Provinsi Sulawesi Tengah (2022)",
    parties=(DPMD_JATIM, SULTENG),
    signing=Signing(dt.date(2022, 2, 23), place=Place("Palu", region="72.71")),
    scope=(
        ScopeCommitment(
            Area("digitalisasi-desa", "digitalisasi desa", "village digitalisation"),
            description="poin terakhir dari lima poin ruang lingkup; empat poin lainnya tidak "
            "disebut",
        ),
    ),
    implements=InstrumentRef(
        "jatim-sulteng-2022-mou",
        title="Kesepakatan Bersama Gubernur Jawa Timur dan Gubernur Sulawesi Tengah (2022)",
    ),
    sources=(ISSUE,),
    citations=(
        *CITED,
        Citation(
            "ruang lingkup: label berbahasa Indonesia",
            derived="terjemahan dari 'village digitalisation'; rumusan asli sumber tidak tersimpan",
        ),
    ),
    notes=(
        "Judul bersifat deskriptif; judul resmi dan nomornya tidak disebut.",
        "Lima poin ruang lingkup; hanya poin terakhir, digitalisasi desa, yang disebut.",
        "Pihak mitra hanya disebut sebagai Sulawesi Tengah; perangkat daerah yang menandatangani "
        "tidak disebut.",
        "Penandatangan, jangka waktu dan anggaran tidak disebut.",
    ),
)

# -- Jawa Timur – Sumatera Barat, 2023 -----------------------------------------------------

SUMBAR_PKS = Agreement(
    id="jatim-sumbar-2023-pks",
    title="Perjanjian Kerja Sama DPMD Provinsi Jawa Timur dan Provinsi Sumatera Barat (2023)",
    parties=(DPMD_JATIM, SUMBAR),
    signing=Signing(dt.date(2023, 6, 12), place=Place("Padang", region="13.71")),
    sources=(ISSUE,),
    citations=CITED,
    notes=(
        "The title is descriptive; the official title and number are not stated.",
        "Signed beside the governors' trade and investment MoU; the sources do not say that "
        "this PKS implements that MoU, so no chain is recorded.",
        "The scope, the signatories, the term and the budget are not stated.",
    ),
)

# -- Jawa Timur – Sumatera Selatan, 2020: MoU, governors' PKS, agencies' PKS ----------------

PALEMBANG = Signing(dt.date(2020, 12, 2), place=Place("Palembang", region="16.71"))

SUMSEL_MOU = Agreement(
    id="jatim-sumsel-2020-mou",
    title="Kesepakatan Bersama Gubernur Jawa Timur dan Gubernur Sumatera Selatan (2020)",
    parties=(JATIM, SUMSEL),
    kind=AgreementKind.JOINT_AGREEMENT,
    signing=PALEMBANG,
    sources=(ISSUE,),
    citations=CITED,
    notes=("The title is descriptive; the governors' names and the scope are not stated.",),
)

SUMSEL_PKS = Agreement(
    id="jatim-sumsel-2020-pks",
    title="Perjanjian Kerja Sama Gubernur Jawa Timur dan Gubernur Sumatera Selatan (2020)",
    parties=(JATIM, SUMSEL),
    signing=PALEMBANG,
    implements=InstrumentRef(
        "jatim-sumsel-2020-mou",
        title="Kesepakatan Bersama Gubernur Jawa Timur dan Gubernur Sumatera Selatan (2020)",
        signed_on=dt.date(2020, 12, 2),
    ),
    sources=(ISSUE,),
    citations=CITED,
    notes=("The title is descriptive; the governors' names and the scope are not stated.",),
)

SUMSEL_AGENCIES_PKS = Agreement(
    id="jatim-sumsel-2020-pks-investasi",
    title="Perjanjian Kerja Sama perangkat daerah penanaman modal Jawa Timur dan Sumatera "
    "Selatan (2020)",
    parties=(
        Party(
            "investasi-jatim",
            "Perangkat daerah penanaman modal Provinsi Jawa Timur (nama resmi tidak disebut)",
            kind=PartyKind.AGENCY,
            region="35",
        ),
        Party(
            "investasi-sumsel",
            "Perangkat daerah penanaman modal Provinsi Sumatera Selatan (nama resmi tidak disebut)",
            kind=PartyKind.AGENCY,
            region="16",
        ),
    ),
    signing=PALEMBANG,
    sources=(ISSUE,),
    citations=CITED,
    notes=(
        "The two investment agencies' names are not stated (the party names describe them).",
        "Listed with the governors' MoU and PKS of the same day; which instrument it "
        "implements is not stated.",
    ),
)

# -- Ponorogo: eight villages, Peraturan Bersama Kepala Desa 01/2016 ------------------------

PONOROGO = Agreement(
    id="ponorogo-antar-desa-01-2016",
    title="Peraturan Bersama Kepala Desa 01/2016 (kerja sama antar desa, Kabupaten Ponorogo)",
    parties=(
        Party(
            "delapan-desa",
            "Delapan desa di Kabupaten Ponorogo (nama desa tidak disebut)",
            kind=PartyKind.VILLAGE_GROUP,
            region="35.02",
            members=8,
        ),
    ),
    kind=AgreementKind.JOINT_VILLAGE_REGULATION,
    number="01/2016",
    sources=(ISSUE,),
    citations=CITED,
    notes=(
        "The villages cooperate through an inter-village board (BKAD).",
        "The villages' names and codes, the signing date and the scope are not stated.",
    ),
)

REAL = (SULTENG_MOU, SULTENG_PKS, SUMBAR_PKS, SUMSEL_MOU, SUMSEL_PKS, SUMSEL_AGENCIES_PKS, PONOROGO)


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
        assert agreement.signatories == ()  # no names are stated
        assert agreement.basis is None
        assert not agreement.term.is_known
        assert agreement.budget == ()
    assert SULTENG_MOU.signing is None
    assert PONOROGO.signing is None
    assert SULTENG_MOU.status(dt.date(2024, 1, 1)) is AgreementStatus.DRAFT  # as recorded


def test_the_sulteng_pks_names_its_fifth_point_and_shows_its_chain() -> None:
    assert [a.id for a in SULTENG_PKS.scope_areas] == ["digitalisasi-desa"]
    assert instrument_chain(SULTENG_PKS, REAL) == (SULTENG_MOU, SULTENG_PKS)
    text = format_agreement(SULTENG_PKS)
    assert "Rangkaian instrumen / chain of instruments:" in text
    assert "  1. Kesepakatan Bersama [jatim-sulteng-2022-mou]" in text
    assert "tanggal tidak disebut" in text
    assert "  2. Perjanjian Kerja Sama (PKS) [jatim-sulteng-2022-pks]" in text
    assert "Palu (72.71), WITA" in text  # Sulawesi Tengah keeps WITA (UTC+8)


def test_the_sumsel_chain_goes_from_the_mou_to_the_governors_pks() -> None:
    assert instrument_chain(SUMSEL_PKS, REAL) == (SUMSEL_MOU, SUMSEL_PKS)
    assert instrument_chain(SUMSEL_AGENCIES_PKS, REAL) == (SUMSEL_AGENCIES_PKS,)
    assert instrument_chain(SUMSEL_MOU, REAL) == (SUMSEL_MOU,)
    with pytest.raises(ValidationError, match="not among the documents"):
        instrument_chain(SUMSEL_PKS, [SUMSEL_AGENCIES_PKS])
    assert SUMSEL_PKS.implements is not None
    wrong = attrs.evolve(SUMSEL_PKS.implements, signed_on=dt.date(2020, 12, 1))
    wrong_date = attrs.evolve(SUMSEL_PKS, implements=wrong)
    with pytest.raises(ValidationError, match="it was signed on 2020-12-02"):
        instrument_chain(wrong_date, REAL)


def test_ponorogo_is_a_joint_regulation_of_eight_desa() -> None:
    (group,) = PONOROGO.parties
    assert (group.members, str(group.region), str(group.home_province)) == (8, "35.02", "35")
    text = format_agreement(PONOROGO)
    assert "Peraturan Bersama Kepala Desa (joint regulation of village heads" in text
    assert "Nomor / No. 01/2016" in text
    assert "jumlah desa / number of villages: 8" in text


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
        "Penandatanganan: Rabu, 23 Februari 2022, di Palu (72.71), WITA",
        "Jangka waktu: tidak diketahui (tidak disebut di sumber)",
        "Ruang lingkup (1 bidang):",
    ):
        assert line in text
    for english in ("parties", "signing", "scope", " / ", "(for ", "chain of"):
        assert english not in text
    out = io.StringIO()
    assert main(["show", str(path), "--language", "en"], out=out) == 0
    assert "chain of instruments:" in out.getvalue()
    assert "Wednesday, 23 February 2022" in out.getvalue()

"""Scope areas as a catalog (issue 11): the bundled Kalsel–Jatim 16 keep their codes, numbers
and labels; an agreement may name its own areas, numbered in its own order; indicators,
milestones, weights, the engine, reports, the CLI and JSON work with either."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import attrs
import pytest

import desacoop
from desacoop.agreement import Agreement, Official, Party, ScopeCommitment, Signatory, Signing
from desacoop.cli import main
from desacoop.errors import ValidationError
from desacoop.example import example_agreement, example_plan
from desacoop.monitoring import (
    AreaWeight,
    Baseline,
    Indicator,
    Measure,
    Milestone,
    MonitoringPlan,
    Observation,
    Period,
    Target,
    Value,
)
from desacoop.regions import Level
from desacoop.report import render
from desacoop.scope import KALSEL_JATIM_2022, Area, ScopeArea, area_id, to_area_ref
from desacoop.serialization import from_dict, from_json, to_dict, to_json

DATA = Path(__file__).parent / "data"
#: The bundled files as main wrote them before scope areas became a catalog (commit b285c01).
OLD_AGREEMENT = DATA / "main-b285c01-kalsel-jatim-2022.json"
OLD_PLAN = DATA / "main-b285c01-kalsel-jatim-2022-monitoring.json"

JATENG = Party("jateng", "DPMD Provinsi Jawa Tengah", "33")
NTB = Party("ntb", "DPMD Provinsi Nusa Tenggara Barat", "52")
WISATA = Area(
    "desa-wisata", "pengembangan desa wisata", "tourism villages", catalog=ScopeArea.RURAL_ECONOMY
)
WINDOW = Period(dt.date(2025, 1, 1), dt.date(2026, 12, 31))


def jateng_ntb(*scope: ScopeArea | Area) -> Agreement:
    """An illustrative Jawa Tengah – NTB agreement (made-up people and date)."""
    return Agreement(
        id="jateng-ntb-contoh",
        title="Kerja sama desa wisata (contoh)",
        parties=(JATENG, NTB),
        signatories=(
            Signatory("jateng", Official("A", "Kepala DPMD")),
            Signatory("ntb", Official("B", "Kepala DPMD")),
        ),
        signing=Signing(dt.date(2025, 3, 4)),
        scope=tuple(ScopeCommitment(a) for a in scope or (ScopeArea.CADRES, WISATA)),
    )


def wisata_indicator(**changes: Any) -> Indicator:
    fields: dict[str, Any] = {
        "id": "desa-wisata-rintisan",
        "label_id": "Desa wisata rintisan",
        "label_en": "Starter tourism villages",
        "area": "desa-wisata",
        "unit": "desa",
        "measure": Measure.COUNT,
        "level": Level.REGENCY,
        "baselines": (Baseline(Value.of(2), WINDOW.start, region="52"),),
        "targets": (Target(Value.of(10), WINDOW.end, region="52"),),
        "party": "ntb",
    }
    fields.update(changes)
    return Indicator(**fields)


def wisata_plan(agreement: Agreement | None = None, **changes: Any) -> MonitoringPlan:
    fields: dict[str, Any] = {
        "id": "jateng-ntb-contoh-plan",
        "title": "Rencana pemantauan (contoh)",
        "agreement": agreement or jateng_ntb(),
        "illustrative": True,
        "indicators": (wisata_indicator(),),
        "window": WINDOW,
        "observations": (
            Observation(
                "o1",
                "desa-wisata-rintisan",
                "52.01",
                dt.date(2025, 12, 31),
                Value.of(4),
                dt.date(2026, 1, 5),
            ),
        ),
    }
    fields.update(changes)
    return MonitoringPlan(**fields)


def problems(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, str]:
    return {p.path: p.message for p in exc.value.problems}


def contained(old: Any, new: Any, path: str = "$") -> list[str]:
    """Where ``new`` differs from ``old`` on what ``old`` says (new keys are allowed)."""
    if isinstance(old, dict):
        if not isinstance(new, dict):
            return [path]
        return [
            d for k, v in old.items() for d in contained(v, new.get(k, KeyError), f"{path}.{k}")
        ]
    if isinstance(old, list):
        if not isinstance(new, list) or len(old) != len(new):
            return [path]
        return [
            d
            for i, (a, b) in enumerate(zip(old, new, strict=True))
            for d in contained(a, b, f"{path}[{i}]")
        ]
    return [] if old == new else [path]


# -- the catalog keeps its codes, numbers and labels ---------------------------------------


def test_the_catalog_keeps_its_sixteen_codes_numbers_and_labels() -> None:
    # (number, code, Indonesian label) as in DOMAIN.md section 1; spot checks of each end.
    assert len(KALSEL_JATIM_2022) == 16
    assert [(a.number, a.id) for a in ScopeArea][:2] == [(1, "rural-economy"), (2, "bum-desa")]
    assert ScopeArea.by_number(16) is ScopeArea.CADRES
    assert ScopeArea.CADRES.catalog is ScopeArea.CADRES
    assert ScopeArea.BUM_DESA.label_id == "pengembangan BUMDesa/BUMDesMa"


def test_documents_written_by_main_before_the_catalog_read_unchanged() -> None:
    old = json.loads(OLD_AGREEMENT.read_text(encoding="utf-8"))
    agreement = from_json(OLD_AGREEMENT.read_text(encoding="utf-8"), Agreement)
    assert agreement.scope_areas == KALSEL_JATIM_2022
    assert [agreement.area_number(a) for a in KALSEL_JATIM_2022] == list(range(1, 17))
    assert contained(old, to_dict(agreement)) == []


def test_plans_written_by_main_before_the_catalog_read_unchanged() -> None:
    old = json.loads(OLD_PLAN.read_text(encoding="utf-8"))
    plan = from_dict(old, MonitoringPlan)
    assert all(isinstance(i.area, ScopeArea) for i in plan.indicators)
    assert contained(old, to_dict(plan)) == []


# -- an agreement's own areas ---------------------------------------------------------------


def test_own_areas_are_numbered_in_the_agreements_order() -> None:
    a = jateng_ntb(WISATA, ScopeArea.CADRES, ScopeArea.BUM_DESA)
    # Own order: desa-wisata 1, cadres 2 (16 in the catalog), bum-desa 3 (2 in the catalog).
    assert [a.area_number(x) for x in (WISATA, ScopeArea.CADRES, "bum-desa")] == [1, 2, 3]
    assert a.area_ids == ("desa-wisata", "cadres", "bum-desa")
    assert a.area("desa-wisata") is WISATA


@pytest.mark.parametrize(
    ("build", "fragment"),
    [
        (lambda: Area("bum-desa", "x", "x"), "use ScopeArea.BUM_DESA itself"),
        (lambda: Area("Desa Wisata", "x", "x"), "short lower-case key"),
        (lambda: Area("w", " ", "x"), "label_id must be a non-empty text"),
        (lambda: Area("w", "x", "x", catalog="cadres"), "catalog must be a ScopeArea"),  # type: ignore[arg-type]
        (lambda: ScopeCommitment("desa-wisata"), "must be a scope area"),  # type: ignore[arg-type]
        (lambda: jateng_ntb(WISATA, attrs.evolve(WISATA, label_en="y")), "appears twice"),
        (lambda: jateng_ntb().area("wisata-bahari"), "its areas: cadres, desa-wisata"),
    ],
)
def test_own_area_rules(build: Any, fragment: str) -> None:
    with pytest.raises(ValidationError, match=fragment.replace("(", r"\(").replace(")", r"\)")):
        build()


def test_json_writes_a_catalog_area_as_its_code_and_an_own_area_as_an_object() -> None:
    doc = to_dict(jateng_ntb())
    assert [c["area"] for c in doc["scope"]] == [
        "cadres",
        {
            "id": "desa-wisata",
            "label_id": "pengembangan desa wisata",
            "label_en": "tourism villages",
            "catalog": "rural-economy",
        },
    ]
    assert from_dict(doc, Agreement) == jateng_ntb()


@pytest.mark.parametrize(
    ("value", "where", "fragment"),
    [
        ("desa-wisata", "$.scope[0].area", "is not a ScopeArea; expected one of 'rural-economy'"),
        (7, "$.scope[0].area", "is not a ScopeArea"),
        ({"id": "w", "label_id": "x"}, "$.scope[0].area.label_en", "required"),
        ({"id": "cadres", "label_id": "x", "label_en": "x"}, "$.scope[0].area", "catalog area 16"),
    ],
)
def test_bad_areas_in_json_name_their_path(value: object, where: str, fragment: str) -> None:
    doc = to_dict(jateng_ntb())
    doc["scope"][0]["area"] = value
    with pytest.raises(ValidationError) as exc:
        from_dict(doc, Agreement)
    found = problems(exc)
    assert any(path.startswith(where) and fragment in m for path, m in found.items()), found


def test_references_keep_catalog_members_and_own_ids() -> None:
    assert to_area_ref("cadres") is ScopeArea.CADRES
    assert to_area_ref(WISATA) == "desa-wisata"
    assert area_id(ScopeArea.BUM_DESA) == "bum-desa"
    assert wisata_indicator(area=WISATA).area == "desa-wisata"
    assert wisata_indicator(area="cadres").area is ScopeArea.CADRES


def test_a_plan_refuses_an_area_its_agreement_does_not_name_with_the_areas_it_does() -> None:
    with pytest.raises(ValidationError) as exc:
        wisata_plan(
            indicators=(wisata_indicator(area="wisata-bahari"),),
            milestones=(Milestone("m", "x", "x", ScopeArea.BUM_DESA, dt.date(2025, 6, 1)),),
            area_weights=(AreaWeight("desa-wisata", 2), AreaWeight("wisata-bahari", 1)),
        )
    found = problems(exc)
    expected = "is not committed in agreement 'jateng-ntb-contoh' (its areas: cadres, desa-wisata)"
    assert found["indicators[0].area"] == f"scope area 'wisata-bahari' {expected}"
    assert found["milestones[0].area"] == f"scope area 'bum-desa' {expected}"
    assert found["area_weights[1].area"] == f"scope area 'wisata-bahari' {expected}"
    assert "area_weights[0].area" not in found


def test_the_engine_and_reports_use_the_agreements_own_areas_and_order() -> None:
    plan = wisata_plan(
        area_weights=(AreaWeight(WISATA, 3),),
        milestones=(Milestone("m", "Rakor", "Meeting", "desa-wisata", dt.date(2025, 6, 1)),),
    )
    assert plan.area_weight("desa-wisata") == 3
    assert plan.area_weight(ScopeArea.CADRES) == 1
    assert plan.area_of(plan.indicators[0]) is WISATA
    report = desacoop.progress(plan, as_of=dt.date(2025, 12, 31))
    # Areas in the agreement's order: cadres first, then desa wisata.
    assert [(f.key, f.label_en) for f in report.children] == [
        ("cadres", ScopeArea.CADRES.label_en),
        ("desa-wisata", "tourism villages"),
    ]
    # Progress of desa wisata: (4 - 2) / (10 - 2) = 25 %.
    assert report.find("desa-wisata").value == pytest.approx(0.25)
    text = render(report, "text")
    assert "   2 tourism villages" in text
    assert "Meeting (2):" in text
    markdown = render(report, "markdown")
    assert "### 2. tourism villages" in markdown
    assert desacoop.from_json(desacoop.to_json(report)) == report


def test_show_numbers_an_agreements_own_areas_and_names_the_catalog_link() -> None:
    out = io.StringIO()
    a = jateng_ntb(WISATA, ScopeArea.CADRES)
    text = desacoop.report.format_agreement(a)
    assert "   1. pengembangan desa wisata" in text
    assert "katalog / catalog: 1. peningkatan ekonomi masyarakat perdesaan" in text
    assert "   2. pengembangan kader pemberdayaan" in text
    assert out.getvalue() == ""


def test_the_cli_validates_and_reports_a_plan_with_own_areas(tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    desacoop.dump(wisata_plan(), path)
    assert '"id": "desa-wisata"' in path.read_text(encoding="utf-8")
    out = io.StringIO()
    assert main(["validate", str(path)], out=out) == 0
    out = io.StringIO()
    assert main(["report", str(path), "--as-of", "2025-12-31"], out=out) == 0
    text = out.getvalue()
    assert "   2 tourism villages" in text
    assert "Starter tourism villages" in text
    out = io.StringIO()
    assert main(["report", str(path), "--as-of", "2025-12-31", "--language", "id"], out=out) == 0
    assert "   2 pengembangan desa wisata" in out.getvalue()


def test_the_bundled_plan_still_numbers_the_catalog_areas() -> None:
    report = desacoop.progress(example_plan(), as_of=dt.date(2024, 12, 31))
    text = render(report, "text")
    assert " 16 " + ScopeArea.CADRES.label_en in text
    assert example_agreement().area_number(ScopeArea.CADRES) == 16


def test_the_catalog_adds_the_areas_other_dpmd_agreements_name() -> None:
    # Issue 20: numbered after the 16 of Kalsel–Jatim, so those keep their numbers.
    added = [(a.number, a.id, a.label_id) for a in ScopeArea][16:]
    assert added == [
        (17, "village-cooperation", "kerja sama desa dan kawasan"),
        (18, "tourism-villages", "desa wisata"),
        (19, "food-security", "ketahanan pangan"),
        (20, "digital-village", "layanan dan transformasi digital desa"),
    ]
    # An agreement's own wording links to them, as to the first 16.
    own = Area(
        "digitalisasi-desa",
        "digitalisasi pengembangan desa",
        "village digitalisation",
        catalog=ScopeArea.DIGITAL_VILLAGE,
    )
    assert from_json(to_json(own), Area) == own
    with pytest.raises(ValidationError, match="catalog area 18"):
        Area("tourism-villages", "desa wisata", "tourism villages")

"""``desacoop idm summary`` and ``desacoop idm plan`` on the ministry's 574 published records,
checked against counts taken straight from the raw responses; the pure functions behind them
(desacoop.evaluation.ministry)."""

from __future__ import annotations

import csv
import io
import itertools
import json
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import pytest

from desacoop import idm
from desacoop.cli import main
from desacoop.errors import ValidationError
from desacoop.evaluation import DevelopmentStatus, VillageEvaluation
from desacoop.evaluation.ministry import distinct, findings, movements, read_record, years
from desacoop.regions import RegionCode

from .utils import shared_file

ORDER = ["SANGAT TERTINGGAL", "TERTINGGAL", "BERKEMBANG", "MAJU", "MANDIRI"]


@pytest.fixture(scope="module")
def records_path() -> Path:
    return shared_file("idm", "kemendes-idm-sample.jsonl")


@pytest.fixture(scope="module")
def raw(records_path: Path) -> list[dict[str, Any]]:
    lines = records_path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), out=out)
    return code, out.getvalue()


def _csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_summary_counts_match_the_published_statuses(
    records_path: Path, raw: list[dict[str, Any]]
) -> None:
    expected: Counter[tuple[str, str, str]] = Counter()
    for record in raw:  # the oracle: the STATUS each response publishes, per province and year
        status = record["response"]["mapData"]["SUMMARIES"]["STATUS"].lower().replace(" ", "-")
        expected[(str(record["year"]), record["village"][:2], status)] += 1
    code, text = run("idm", "summary", str(records_path), "--format", "csv")
    assert code == 0
    counted = {
        (row["year"], row["region"], row["status"]): int(row["villages"])
        for row in _csv(text)
        if row["record"] == "count"
    }
    assert {k: v for k, v in counted.items() if v} == dict(expected)
    assert sum(counted.values()) == 574


def test_summary_lists_every_village_that_moved(
    records_path: Path, raw: list[dict[str, Any]]
) -> None:
    by_village: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for record in raw:
        status = record["response"]["mapData"]["SUMMARIES"]["STATUS"]
        by_village[record["village"]].append((record["year"], status))
    expected = set()
    for village, items in by_village.items():
        items.sort()
        for (y0, s0), (y1, s1) in itertools.pairwise(items):
            if s0 != s1:
                way = "up" if ORDER.index(s1) > ORDER.index(s0) else "down"
                expected.add((str(RegionCode(village)), str(y0), str(y1), way))
    code, text = run("idm", "summary", str(records_path), "--format", "csv")
    assert code == 0
    moved = {
        (row["region"], row["from_year"], row["year"], row["movement"])
        for row in _csv(text)
        if row["record"] == "movement"
    }
    assert moved == expected
    assert len(moved) == 13


def test_summary_reports_every_finding(records_path: Path, raw: list[dict[str, Any]]) -> None:
    mandiri = sum(r["response"]["mapData"]["SUMMARIES"]["STATUS"] == "MANDIRI" for r in raw)
    code, text = run("idm", "summary", str(records_path), "--format", "json")
    assert code == 0
    document = json.loads(text)
    kinds = Counter(f["kind"] for f in document["findings"])
    assert kinds["mandiri-target-quirk"] == mandiri == 39
    assert kinds["rows-disagree-with-index"] == 4  # the 2024 records whose rows disagree
    assert {f["year"] for f in document["findings"] if f["kind"].startswith("rows")} == {2024}
    assert document["records"] == 574
    assert document["years"] == [2021, 2022, 2023, 2024]


def test_summary_text_with_region_names_and_a_level(records_path: Path) -> None:
    regions = shared_file("regions", "kemendagri-2025.csv")
    code, text = run(
        "idm", "summary", str(records_path), "--year", "2024", "--level", "regency",
        "--regions", str(regions),
    )  # fmt: skip
    assert code == 0
    assert text.startswith("574 IDM records of 517 villages (2021: 379, 2022: 135, ")
    assert "Status per regency, 2024" in text
    assert "Status per regency, 2023" not in text
    kalsel = [line for line in text.splitlines() if line.startswith("63.")]
    assert kalsel
    assert all("Kabupaten" in line or "Kota" in line for line in kalsel)
    assert "Findings (" in text
    assert "mandiri-target-quirk" in text


def test_summary_reads_single_json_files_and_drops_repeats(
    tmp_path: Path, raw: list[dict[str, Any]], records_path: Path
) -> None:
    first, second = raw[0], raw[1]
    bare = tmp_path / "bare.json"
    bare.write_text(json.dumps(first["response"]), encoding="utf-8")
    wrapped = tmp_path / "wrapped.json"
    wrapped.write_text(json.dumps([first, second]), encoding="utf-8")
    code, text = run("idm", "summary", str(bare), str(wrapped), "--format", "json")
    assert code == 0
    assert json.loads(text)["records"] == 2


def test_summary_lists_every_bad_record_with_file_line_and_path(
    tmp_path: Path, raw: list[dict[str, Any]], capsys: pytest.CaptureFixture[str]
) -> None:
    broken = json.loads(json.dumps(raw[0]))
    broken["response"]["mapData"]["ROW"][3]["SKOR"] = 7
    wrong = json.loads(json.dumps(raw[1]))
    wrong["year"] = 1999
    path = tmp_path / "bad.jsonl"
    lines = [json.dumps(raw[2]), json.dumps(broken), "{not json", json.dumps(wrong)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, text = run("idm", "summary", str(path))
    assert code == 1
    assert text == ""
    err = capsys.readouterr().err
    assert f"{path}:2: $.response.mapData.ROW[3].SKOR: expected a score from 0 to 5" in err
    assert f"{path}:3: not valid JSON" in err
    assert f"{path}:4: $.year: the record says 1999, its response 2021" in err


def test_plan_prints_the_fewest_steps_with_who_acts(
    records_path: Path, raw: list[dict[str, Any]]
) -> None:
    code, text = run("idm", "plan", str(records_path), "--village", "1101022001", "--year", "2021")
    assert code == 0
    evaluation = read_record(raw[0])
    expected = idm.plan(evaluation.result)
    assert expected is not None
    lines = text.splitlines()
    assert lines[0] == "FAJAR HARAPAN (11.01.02.2001), IDM 2021: 0.6190 Berkembang"
    assert lines[1] == "To reach Maju (minimum 0.7073): 1 indicator, 4 points"
    assert lines[2] == "  1. IKL  3 Skor Tanggap Bencana: 0 → 4 (+0.08888889)"
    assert "who acts: Pusat: BNPB, Kemendes; Provinsi: DISHUT/KPH" in text
    assert lines[-1] == f"After the plan: {expected.value} {expected.status.label_id}"
    code, text = run(
        "idm", "plan", str(records_path), "--village", "11.01.02.2001", "--format", "json"
    )
    assert code == 0
    assert json.loads(text)["document"] == "ImprovementPlan"


def test_plan_of_a_mandiri_village_and_of_an_ambiguous_file(
    records_path: Path, raw: list[dict[str, Any]], tmp_path: Path
) -> None:
    record = next(r for r in raw if r["response"]["mapData"]["SUMMARIES"]["STATUS"] == "MANDIRI")
    path = tmp_path / "one.json"
    path.write_text(json.dumps(record), encoding="utf-8")
    code, text = run("idm", "plan", str(path))
    assert code == 0
    assert text.splitlines()[-1] == "Already Mandiri or above: nothing to plan."
    code, _ = run("idm", "plan", str(records_path))
    assert code == 1


# --- the pure functions -------------------------------------------------------------------


def _evaluation(village: str, year: int, value: str) -> VillageEvaluation:
    return VillageEvaluation(village, year, idm.evaluate(iks=value, ike=value, ikl=value))


def test_read_record_checks_the_wrapper_against_the_response(raw: list[dict[str, Any]]) -> None:
    record = dict(raw[0])
    assert read_record(record) == read_record(record["response"])
    record["village"] = "6371012001"
    record["extra"] = True
    with pytest.raises(ValidationError) as caught:
        read_record(record)
    paths = [p.path for p in caught.value.problems]
    assert paths == ["$.extra", "$.village"]
    with pytest.raises(ValidationError, match="a record is a JSON object"):
        read_record([])  # type: ignore[arg-type]


def test_distinct_keeps_one_of_each_repeat_and_refuses_conflicts() -> None:
    a = _evaluation("63.71.01.2001", 2022, "0.7")
    b = _evaluation("63.71.01.2001", 2022, "0.9")
    assert distinct([a, a]) == (a,)
    with pytest.raises(ValidationError, match=r"two different records of village 63\.71\.01\.2001"):
        distinct([a, b])
    with pytest.raises(ValidationError, match="collection of VillageEvaluation"):
        distinct("abc")  # type: ignore[arg-type]


def test_movements_leave_out_unchanged_villages_and_filter_by_year() -> None:
    history = [
        _evaluation("63.71.01.2001", 2021, "0.5"),  # Tertinggal
        _evaluation("63.71.01.2001", 2022, "0.5"),  # same
        _evaluation("63.71.01.2001", 2023, "0.7"),  # Berkembang: up
        _evaluation("63.71.01.2002", 2022, "0.9"),  # Mandiri
        _evaluation("63.71.01.2002", 2023, "0.7"),  # Berkembang: down
    ]
    found = [(str(t.village), t.to_year, t.movement.value) for t in movements(history)]
    assert found == [("63.71.01.2001", 2023, "up"), ("63.71.01.2002", 2023, "down")]
    assert movements(history, year=2022) == ()
    assert years(history) == (2021, 2022, 2023)
    assert history[3].status is DevelopmentStatus.MANDIRI


def test_findings_are_paired_with_their_evaluation(raw: list[dict[str, Any]]) -> None:
    evaluations = [read_record(r) for r in raw[:60]]
    found = findings(evaluations)
    assert all(f in e.findings for e, f in found)
    assert len(found) == sum(len(e.findings) for e in evaluations)
    assert findings(evaluations, year=1990) == ()


def test_summary_names_provinces_without_a_region_list(records_path: Path) -> None:
    """Issue 21, point 14: the province rows had an empty name unless --regions was given
    (the export names them from the built-in list of provinces)."""
    code, text = run("idm", "summary", str(records_path), "--format", "csv")
    assert code == 0
    names = {row["region"]: row["name"] for row in _csv(text) if row["record"] == "count"}
    assert names["63"] == "Kalimantan Selatan"
    assert names["35"] == "Jawa Timur"
    assert all(names.values()), names
    code, text = run("idm", "summary", str(records_path), "--year", "2024")
    assert code == 0
    assert any(line.startswith("63   Kalimantan Selatan") for line in text.splitlines())
    # a village keeps its own name from the record (no region list needed)
    code, text = run("idm", "summary", str(records_path), "--format", "json")
    document = json.loads(text)
    assert all(m["name"] for m in document["movements"])

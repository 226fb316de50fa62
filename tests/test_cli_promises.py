"""The command line keeps the library's promises (issue 21, points 15 and 20): it reads what
desacoop writes, says which option fits, names the file in its errors and exits 2 on usage."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

import desacoop
from desacoop.cli import main
from desacoop.regions import Village
from desacoop.serialization import dump_jsonl

from .utils import shared_file


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), out=out)
    return code, out.getvalue()


def test_validate_reads_json_lines_that_desacoop_writes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = desacoop.example_plan()
    observations = tmp_path / "observations.jsonl"
    assert dump_jsonl(plan.observations[:3], observations) == 3
    # the same lines under a .json name are recognised as JSON Lines by their content
    renamed = tmp_path / "observations.json"
    renamed.write_bytes(observations.read_bytes())
    mixed = tmp_path / "mixed.ndjson"
    dump_jsonl([plan.observations[0], Village("63.71.01.1001", "Mantuil")], mixed)
    code, text = run("validate", str(observations), str(renamed), str(mixed))
    assert code == 0, capsys.readouterr().err
    assert text.splitlines() == [
        f"{observations}: ok (JSON Lines: 3 Observation)",
        f"{renamed}: ok (JSON Lines: 3 Observation)",
        f"{mixed}: ok (JSON Lines: 1 Observation, 1 Village)",
    ]
    code, text = run("validate", "--format", "json", str(observations))
    assert (code, json.loads(text)["files"][0]["document"]) == (0, "Observation")


def test_validate_names_the_line_of_a_bad_json_lines_record(tmp_path: Path) -> None:
    path = tmp_path / "villages.jsonl"
    dump_jsonl([Village("63.71.01.1001", "Mantuil"), Village("63.71.01.1002", "Basirih")], path)
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text(lines[0] + "\n" + lines[1].replace("63.71.01.1002", "64x") + "\n")
    code, text = run("validate", str(path))
    assert code == 1
    assert text.splitlines()[0] == f"{path}: INVALID, 1 problem"
    assert text.splitlines()[1].startswith(f"  {path}:2: $.code: not a region code: '64x'")


def test_export_of_idm_records_without_what_says_which_what_fits(
    capsys: pytest.CaptureFixture[str],
) -> None:
    records = shared_file("idm", "kemendes-idm-sample.jsonl")
    code, _ = run("export", str(records))
    assert code == 1
    err = capsys.readouterr().err
    assert f"{records} holds IDM records, not a MonitoringPlan" in err
    assert "give --what evaluations" in err
    code, text = run("export", str(records), "--what", "evaluations")
    assert code == 0
    assert text.startswith("village,")


def test_export_of_another_document_names_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "agreement.json"
    desacoop.dump(desacoop.example_agreement(), path)
    assert run("export", str(path))[0] == 1
    err = capsys.readouterr().err
    assert err.startswith(f"desacoop: {path}: 1 problem:")
    assert "$.document: expected a MonitoringPlan, got Agreement" in err


def test_report_of_an_agreement_names_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "agreement.json"
    desacoop.dump(desacoop.example_agreement(), path)
    assert run("report", str(path))[0] == 1
    err = capsys.readouterr().err
    assert err == (
        f"desacoop: {path}: 1 problem:\n"
        "  $.document: expected a MonitoringPlan or a saved ProgressReport, got Agreement\n"
    )


def test_an_unknown_target_status_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    records = shared_file("idm", "kemendes-idm-sample.jsonl")
    argv = ["idm", "plan", str(records), "--village", "1101022001", "--year", "2021"]
    with pytest.raises(SystemExit) as caught:
        run(*argv, "--target", "Hebat")
    assert caught.value.code == 2
    err = capsys.readouterr().err
    assert "argument --target: unknown development status 'Hebat'" in err
    assert "Sangat Tertinggal, Tertinggal, Berkembang, Maju, Mandiri" in err
    code, text = run(*argv, "--target", "mandiri")
    assert code == 0
    assert text.splitlines()[1].startswith("To reach Mandiri (minimum 0.8156)")

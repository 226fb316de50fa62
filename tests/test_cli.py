"""The desacoop command: show, validate, report."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

import desacoop
from desacoop.cli import main


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), out=out)
    return code, out.getvalue()


def test_show_defaults_to_the_bundled_example() -> None:
    code, text = run("show")
    assert code == 0
    for expected in (
        "Faried Fakhmansyah",
        "Soekaryo",
        "Sahbirin Noor",
        "represented by Roy Rizali Anwar",
        "Khofifah Indar Parawansa",
        "in person",
        "Rabu, 13 April 2022",
        "WITA",
        "16. pengembangan kader pemberdayaan masyarakat desa (KPMD)",
        "term: unknown",
    ):
        assert expected in text
    assert text.count("\n   ") >= 16


def test_show_a_file_with_status(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    desacoop.dump(desacoop.example_agreement(), path)
    code, text = run("show", str(path), "--as-of", "12 April 2022")
    assert code == 0
    assert "Status per 12 April 2022: rancangan (draft)" in text


def test_validate_lists_every_problem_with_its_path(tmp_path: Path) -> None:
    good = tmp_path / "good.json"
    desacoop.dump(desacoop.example_agreement(), good)
    doc = desacoop.to_dict(desacoop.example_agreement())
    doc["parties"][1]["province"] = "64x"
    doc["signatories"][0]["official"]["name"] = 7
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc), encoding="utf-8")
    code, text = run("validate", str(good), str(bad), str(tmp_path / "missing.json"))
    assert code == 1
    assert f"{good}: ok (Agreement)" in text
    assert f"{bad}: INVALID, 2 problems" in text
    assert "$.parties[1].province: not a region code: '64x'" in text
    assert "$.signatories[0].official.name: expected a text" in text
    assert "missing.json: INVALID" in text


def test_validate_passes_on_good_files(tmp_path: Path) -> None:
    good = tmp_path / "good.json"
    desacoop.dump(desacoop.example_agreement(), good)
    assert run("validate", str(good))[0] == 0


def test_show_refuses_another_document(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "v.json"
    desacoop.dump(desacoop.Village("63.71.01.1001", "Mantuil"), path)
    code, _ = run("show", str(path))
    assert code == 1
    assert "expected an Agreement" in capsys.readouterr().err


def test_bad_dates_are_usage_errors() -> None:
    with pytest.raises(SystemExit) as info:
        run("show", "--as-of", "Kamis, 13 April 2022")
    assert info.value.code == 2


def test_the_installed_command_runs() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "desacoop.cli", "show"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "Kalimantan Selatan" in result.stdout

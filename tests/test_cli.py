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


def test_report_defaults_to_the_bundled_illustrative_plan() -> None:
    code, text = run("report", "--as-of", "2024-12-31")
    assert code == 0
    assert text.startswith("ILLUSTRATIVE")
    assert "Kalimantan Selatan" in text
    assert "Jawa Timur" in text


def test_report_without_a_date_stops_at_the_plan_window() -> None:
    plan = desacoop.example_plan()
    expected = run("report", "--as-of", plan.monitoring_window.end.isoformat(), "--format", "json")
    assert run("report", "--format", "json") == expected


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_report_formats(fmt: str) -> None:
    code, text = run("report", "--as-of", "2023-06-30", "--format", fmt)
    assert code == 0
    if fmt == "json":
        report: object = desacoop.from_json(text)
        assert isinstance(report, desacoop.ProgressReport)
    if fmt == "markdown":
        assert text.lstrip().startswith(("#", ">", "**"))


def test_report_reads_a_plan_file(tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    desacoop.dump(desacoop.example_plan(), path)
    assert run("report", str(path), "--as-of", "2024-12-31") == run(
        "report", "--as-of", "2024-12-31"
    )
    other = tmp_path / "agreement.json"
    desacoop.dump(desacoop.example_agreement(), other)
    assert run("report", str(other))[0] == 1


def test_report_in_indonesian() -> None:
    code, text = run("report", "--as-of", "2024-12-31", "--language", "id")
    assert code == 0
    english = run("report", "--as-of", "2024-12-31")[1]
    assert text != english
    assert "Wilayah paling tertinggal" in text


def test_a_saved_json_report_renders_again(tmp_path: Path) -> None:
    code, saved = run("report", "--as-of", "2024-12-31", "--format", "json")
    assert code == 0
    path = tmp_path / "report.json"
    path.write_text(saved, encoding="utf-8")
    assert run("report", str(path)) == run("report", "--as-of", "2024-12-31")
    assert run("report", str(path), "--format", "json") == (0, saved)


def test_report_as_recorded_on_and_at_another_level() -> None:
    code, then = run("report", "--as-of", "2023-06-30", "--recorded-on", "2023-01-15")
    assert code == 0
    assert "as recorded on: 2023-01-15" in then
    assert then != run("report", "--as-of", "2023-06-30")[1]
    code, villages = run("report", "--as-of", "2024-12-31", "--level", "village")
    assert code == 0
    assert "(village)" in villages

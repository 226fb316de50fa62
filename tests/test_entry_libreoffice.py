"""The clerk's round trip through a real spreadsheet program (issue 21, "Done when"): the
template filled the Indonesian way, saved by LibreOffice as xlsx and as semicolon CSV (what
LibreOffice writes in Indonesian), imported, reported. Both saves give the same plan and
the same figures.

Runs where LibreOffice is installed (``soffice`` on PATH); skipped with the reason where it
is not, except in CI (``CI`` set), where a missing LibreOffice is a failure: ``.ci/run``
installs ``libreoffice-calc-nogui``."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest

import desacoop
from desacoop.monitoring import MonitoringPlan
from desacoop.rollup import progress
from desacoop.spreadsheet import import_entries, write_template

openpyxl = pytest.importorskip("openpyxl")

COUNT = "bumdes-berkembang-maju"
RATIO = "kader-aktif"
AMOUNT = "transaksi-misi-dagang"
RECORDED = dt.date(2024, 10, 15)


def _soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is not None:
        return found
    reason = (
        "LibreOffice not found (soffice on PATH): install Debian's libreoffice-calc-nogui to "
        "run the clerk's round trip through a real spreadsheet program"
    )
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


def _convert(soffice: str, source: Path, target: str, out: Path, profile: Path) -> None:
    out.mkdir(exist_ok=True)
    subprocess.run(
        [
            soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless",
            "--convert-to", target, "--outdir", str(out), str(source),
        ],
        check=True, capture_output=True, timeout=240,
    )  # fmt: skip


# Typed as a clerk in Indonesia types them, into the template's cells.
FILLED: dict[str, dict[str, object]] = {
    COUNT: {"D2": "25", "D3": "1.250,0", "D5": 7, "I5": "Laporan DPMD"},
    RATIO: {"E2": "173", "F2": "200", "E3": 40, "F3": "50"},
    AMOUNT: {"D3": "Rp1.500.000,-", "D2": "Rp 2.750.000,50"},
}


@pytest.fixture
def filled(tmp_path: Path) -> tuple[MonitoringPlan, Path]:
    plan = desacoop.example_plan()
    path = tmp_path / "isian.xlsx"
    write_template(plan, path, indicators=[COUNT, RATIO, AMOUNT], period="2024Q3")
    book = openpyxl.load_workbook(path)
    for sheet, cells in FILLED.items():
        for address, value in cells.items():
            book[sheet][address] = value
    book.save(path)
    return plan, path


def test_a_template_saved_by_libreoffice_as_xlsx_and_as_semicolon_csv_imports_the_same(
    filled: tuple[MonitoringPlan, Path], tmp_path: Path
) -> None:
    soffice = _soffice()
    plan, path = filled
    profile = tmp_path / "profile"
    _convert(soffice, path, "xlsx:Calc MS Excel 2007 XML", tmp_path / "xlsx", profile)
    # 59 = ";", 34 = '"', 76 = UTF-8, line 1; the last token -1 writes every sheet, each
    # to its own file (isian-<sheet>.csv)
    csv_filter = "csv:Text - txt - csv (StarCalc):59,34,76,1,,0,false,true,false,false,false,-1"
    _convert(soffice, path, csv_filter, tmp_path / "csv", profile)

    by_xlsx = import_entries(plan, tmp_path / "xlsx" / "isian.xlsx", recorded_on=RECORDED)
    assert by_xlsx.rejected == ()
    assert len(by_xlsx.added) == 3 + 2 + 2

    by_csv = plan
    added: list[desacoop.monitoring.Observation] = []
    for sheet in (COUNT, RATIO, AMOUNT):
        saved = tmp_path / "csv" / f"isian-{sheet}.csv"
        assert saved.read_text(encoding="utf-8").startswith("indicator;region_code;")
        result = import_entries(by_csv, saved, recorded_on=RECORDED)
        assert result.rejected == ()
        by_csv, added = result.plan, added + list(result.added)

    def facts(observations: list[desacoop.monitoring.Observation]) -> list[tuple[object, ...]]:
        return sorted(
            (o.indicator, str(o.region), o.on, str(o.value), o.source) for o in observations
        )

    assert facts(added) == facts(list(by_xlsx.added))
    values = {(o.indicator, str(o.region)): o.value for o in by_xlsx.added}
    assert values[(COUNT, "35.07")].amount == 25
    assert str(values[(COUNT, "35.10")].amount) == "1250"  # a whole count, not 1250.0
    assert values[(COUNT, "63.03")].amount == 7
    assert (values[(RATIO, "35.07")].numerator, values[(RATIO, "35.07")].denominator) == (
        Decimal(173), Decimal(200),
    )  # fmt: skip
    assert values[(AMOUNT, "63")].amount == Decimal(1500000)
    assert values[(AMOUNT, "35")].amount == Decimal("2750000.50")

    as_of = dt.date(2024, 9, 30)
    assert progress(by_csv, as_of=as_of) == progress(by_xlsx.plan, as_of=as_of)

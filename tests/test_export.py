"""``desacoop export``: tidy tables, one row per fact with region code and name, as CSV (the
csv module) or Parquet (pyarrow); the same rows from the Python API."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

import pytest

import desacoop
from desacoop.cli import main
from desacoop.errors import ValidationError
from desacoop.rollup import progress
from desacoop.spreadsheet import (
    EVALUATION_COLUMNS,
    FIGURE_COLUMNS,
    OBSERVATION_COLUMNS,
    evaluation_rows,
    figure_rows,
    observation_rows,
    region_names,
    write_rows,
)
from tests.conftest import shared_file

AS_OF = dt.date(2024, 12, 31)


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), out=out)
    return code, out.getvalue()


@pytest.fixture
def plan_file(tmp_path: Path) -> Path:
    path = tmp_path / "plan.json"
    desacoop.dump(desacoop.example_plan(), path)
    return path


def _table(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_observations_one_row_each_with_region_name(plan_file: Path) -> None:
    plan = desacoop.example_plan()
    code, text = run("export", str(plan_file), "--what", "observations")
    assert code == 0
    rows = _table(text)
    assert list(rows[0]) == list(OBSERVATION_COLUMNS)
    assert len(rows) == len(plan.observations)
    first = plan.observations[0]
    row = next(r for r in rows if r["observation"] == first.id)
    assert row["region"] == str(first.region) == "63.03"
    assert row["region_name"] == "Kabupaten Banjar"  # from the plan's region list
    assert row["on"] == first.on.isoformat()
    assert row["amount"] == "19"
    assert row["current"] == "true"
    assert all(r["region_name"] for r in rows)


def test_a_ratio_keeps_its_parts_and_gets_its_percent() -> None:
    plan = desacoop.example_plan()
    ratio = next(o for o in plan.observations if o.value.numerator is not None)
    row = next(r for r in observation_rows(plan) if r["observation"] == ratio.id)
    assert row["form"] == "ratio"
    assert row["numerator"] == ratio.value.numerator
    assert row["denominator"] == ratio.value.denominator
    assert ratio.value.denominator is not None
    assert row["percent"] * ratio.value.denominator == pytest.approx(ratio.value.numerator * 100)


def test_figures_cover_every_tree_with_parents() -> None:
    plan = desacoop.example_plan()
    report = progress(plan, as_of=AS_OF)
    rows = figure_rows(report, region_names(plan))
    assert rows[0]["tree"] == "total"
    assert rows[0]["parent"] is None
    assert rows[0]["value"] == report.value
    keys_by_tree: dict[str, set[str]] = {}
    for row in rows:
        keys_by_tree.setdefault(row["tree"], set()).add(row["key"])
    for row in rows:
        if row["parent"] is not None:
            assert row["parent"] in keys_by_tree[row["tree"]]
    assert {"total", "party", "region"} <= set(keys_by_tree)
    regional = [r for r in rows if r["tree"] == "region" and r["depth"] == 0]
    assert regional
    assert all(r["region"] and r["region_name"] for r in regional)


def test_figures_from_the_command_line(plan_file: Path) -> None:
    code, text = run("export", str(plan_file), "--what", "figures", "--as-of", "2024-12-31")
    assert code == 0
    rows = _table(text)
    assert list(rows[0]) == list(FIGURE_COLUMNS)
    assert {r["as_of"] for r in rows} == {"2024-12-31"}


def test_evaluations_of_the_ministry_records() -> None:
    records = shared_file("idm", "kemendes-idm-sample.jsonl")
    regions = shared_file("regions", "kemendagri-2025.csv")
    code, text = run(
        "export", str(records), "--what", "evaluations", "--regions", str(regions)
    )  # fmt: skip
    assert code == 0
    rows = _table(text)
    assert list(rows[0]) == list(EVALUATION_COLUMNS)
    assert len(rows) == 574
    first = rows[0]
    assert first["village"] == "11.01.02.2001"
    assert first["village_name"] == "FAJAR HARAPAN"  # as the record names it
    assert first["province_name"] == "Aceh"
    assert first["regency_name"] == "Kabupaten Aceh Selatan"
    assert (first["value"], first["status"]) == ("0.6190", "berkembang")


def test_parquet_keeps_decimals_exact_and_dates_as_dates(plan_file: Path, tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    target = tmp_path / "observations.parquet"
    code, _ = run("export", str(plan_file), "--format", "parquet", "-o", str(target))
    assert code == 0
    table = pq.read_table(target)
    assert table.column_names == list(OBSERVATION_COLUMNS)
    assert str(table.schema.field("on").type) == "date32[day]"
    assert str(table.schema.field("amount").type).startswith("decimal128")
    amounts = table.column("amount").to_pylist()
    plan = desacoop.example_plan()
    assert amounts[0] == plan.observations[0].value.amount == Decimal(19)


def test_parquet_needs_a_file(plan_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _ = run("export", str(plan_file), "--format", "parquet")
    assert code == 1
    assert "give -o FILE" in capsys.readouterr().err


def test_a_column_that_fits_no_decimal_type_becomes_text(tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    rows: list[dict[str, object]] = [{"x": Decimal("1e-60")}, {"x": Decimal("1e60")}, {"x": None}]
    write_rows(rows, ["x"], tmp_path / "x.parquet", format="parquet")
    assert pq.read_table(tmp_path / "x.parquet").column("x").to_pylist()[2] is None


def test_write_rows_refuses_other_formats_and_csv_writes_exact_text() -> None:
    with pytest.raises(ValidationError, match="csv or parquet"):
        write_rows([], ["a"], io.StringIO(), format="xlsx")
    out = io.StringIO()
    write_rows([{"a": Decimal("0.10"), "b": True, "c": None}], ["a", "b", "c"], out)
    assert out.getvalue() == "a,b,c\n0.10,true,\n"


def test_rows_refuse_the_wrong_document() -> None:
    with pytest.raises(ValidationError, match="MonitoringPlan"):
        observation_rows("plan")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="ProgressReport"):
        figure_rows(desacoop.example_plan())  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="village evaluations"):
        evaluation_rows("x")  # type: ignore[arg-type]

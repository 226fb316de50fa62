"""``desacoop export``: tidy tables, one row per fact with region code and name, as CSV (the
csv module) or Parquet (pyarrow); the same rows from the Python API."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

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

from .utils import need, shared_file

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
    pq = need("pyarrow.parquet")
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
    pq = need("pyarrow.parquet")
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


# --- typed CSV: a Frictionless descriptor beside it, and reads that keep the types -------------


def _package(folder: Path) -> dict[str, Any]:
    loaded = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def test_a_csv_export_writes_its_table_schema_beside_it(plan_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    assert run("export", str(plan_file), "-o", str(out / "observations.csv"))[0] == 0
    package = _package(out)
    (resource,) = package["resources"]
    assert (resource["path"], resource["name"], resource["profile"]) == (
        "observations.csv", "observations", "tabular-data-resource",
    )  # fmt: skip
    types = {f["name"]: f["type"] for f in resource["schema"]["fields"]}
    assert [f["name"] for f in resource["schema"]["fields"]] == list(OBSERVATION_COLUMNS)
    assert (types["region"], types["amount"], types["on"], types["current"]) == (
        "string", "number", "date", "boolean",
    )  # fmt: skip
    # a second export into the folder adds its resource; the same export again replaces its own
    as_of = "--as-of", "2024-12-31"
    assert (
        run("export", str(plan_file), "--what", "figures", *as_of, "-o", str(out / "f.csv"))[0] == 0
    )
    assert run("export", str(plan_file), "-o", str(out / "observations.csv"))[0] == 0
    assert [r["path"] for r in _package(out)["resources"]] == ["f.csv", "observations.csv"]
    # standard output and Parquet have no descriptor to write
    other = tmp_path / "other"
    other.mkdir()
    pytest.importorskip("pyarrow")
    assert (
        run("export", str(plan_file), "--format", "parquet", "-o", str(other / "o.parquet"))[0] == 0
    )
    assert not (other / "datapackage.json").exists()


def test_a_foreign_datapackage_is_not_overwritten(plan_file: Path, tmp_path: Path) -> None:
    (tmp_path / "datapackage.json").write_text('{"name": "theirs"}', encoding="utf-8")
    code = run("export", str(plan_file), "-o", str(tmp_path / "observations.csv"))[0]
    assert code == 1
    assert (tmp_path / "datapackage.json").read_text(encoding="utf-8") == '{"name": "theirs"}'
    assert not (tmp_path / "observations.csv").exists()  # nothing written


def _plan_with_a_large_amount(tmp_path: Path) -> Any:
    from desacoop.spreadsheet import import_entries

    entry = tmp_path / "entry.csv"
    entry.write_text(
        "indicator;region_code;value;date;period_start\n"
        "transaksi-misi-dagang;63;Rp 1.500.000.000,55;30/09/2024;01/07/2024\n",
        encoding="utf-8",
    )
    result = import_entries(desacoop.example_plan(), entry, recorded_on=dt.date(2024, 10, 15))
    return result.plan


def test_pandas_polars_and_duckdb_keep_codes_as_text_and_amounts_exact(tmp_path: Path) -> None:
    """The one-line reads of docs/howto/data-entry.md ("Reading an export")."""
    pd = pytest.importorskip("pandas")
    pl = pytest.importorskip("polars")
    duckdb = pytest.importorskip("duckdb")
    plan = _plan_with_a_large_amount(tmp_path)
    path = tmp_path / "observations.csv"
    write_rows(observation_rows(plan), OBSERVATION_COLUMNS, path)
    codes = [str(o.region) for o in plan.observations]
    amounts = [o.value.amount for o in plan.observations]
    assert "35.10" in codes  # read as a number, it would be 35.1
    assert Decimal("1500000000.55") in amounts  # as a float: 1500000000.55 only nearly

    def exact(text: str) -> Decimal | None:
        return Decimal(text) if text else None

    frame = pd.read_csv(path, dtype={"region": str}, converters={"amount": exact})
    assert frame["region"].tolist() == codes
    assert frame["amount"].tolist() == amounts
    table = pl.read_csv(path, schema_overrides={"region": pl.String, "amount": pl.Decimal(38, 12)})
    assert table["region"].to_list() == codes
    assert table["amount"].to_list() == amounts
    relation = duckdb.read_csv(str(path), dtype={"region": "VARCHAR", "amount": "DECIMAL(38,12)"})
    region, amount = zip(*relation.select("region, amount").fetchall(), strict=True)
    assert list(region) == codes
    assert list(amount) == amounts


def test_every_text_column_of_the_descriptor_reads_as_text(tmp_path: Path) -> None:
    """Reading with the descriptor's string columns as text keeps every code of every kind
    (observations, figures, evaluations) as written."""
    pl = pytest.importorskip("polars")
    from desacoop import idm
    from desacoop.evaluation import VillageEvaluation

    plan = desacoop.example_plan()
    village = VillageEvaluation(
        "35.10.01.2001", 2024, idm.evaluate(iks="0.8", ike="0.8", ikl="0.8")
    )
    kinds = {
        "observations.csv": (observation_rows(plan), OBSERVATION_COLUMNS),
        "figures.csv": (figure_rows(progress(plan, as_of=AS_OF)), FIGURE_COLUMNS),
        "evaluations.csv": (evaluation_rows([village]), EVALUATION_COLUMNS),
    }
    for name, (rows, columns) in kinds.items():
        write_rows(rows, columns, tmp_path / name)
    for resource in _package(tmp_path)["resources"]:
        rows, columns = kinds[resource["path"]]
        text = {f["name"]: pl.String for f in resource["schema"]["fields"] if f["type"] == "string"}
        table = pl.read_csv(tmp_path / resource["path"], schema_overrides=text)
        for column in ("region", "village", "province", "regency", "district"):
            if column in columns:
                assert table[column].to_list() == [r[column] for r in rows], (name, column)

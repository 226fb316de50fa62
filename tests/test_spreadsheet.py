"""Data-entry templates and their import: an xlsx written by the template, filled with
openpyxl as a user would (mistakes included), read back with every problem at its cell;
Indonesian number forms; idempotent re-import; corrections that keep the history."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import desacoop
from desacoop.cli import main
from desacoop.errors import ValidationError
from desacoop.monitoring import MonitoringPlan
from desacoop.regions import RegionCode
from desacoop.spreadsheet import (
    ENTRY_COLUMNS,
    expected_regions,
    import_entries,
    observation_rows,
    parse_number,
    parse_period,
    template_rows,
    write_template,
)

from .utils import need

openpyxl = need("openpyxl")

COUNT = "bumdes-berkembang-maju"  # a count per regency, reporters from its targets
RATIO = "kader-aktif"  # a percentage per regency (numerator and denominator)
PER_PERIOD = "aparatur-terlatih"  # a per-period count per province
AMOUNT = "transaksi-misi-dagang"  # rupiah per province
INDICATORS = [COUNT, RATIO, PER_PERIOD, AMOUNT]
RECORDED = dt.date(2024, 10, 15)


@pytest.fixture
def plan() -> MonitoringPlan:
    return desacoop.example_plan()


@pytest.fixture
def workbook(plan: MonitoringPlan, tmp_path: Path) -> Path:
    path = tmp_path / "entry.xlsx"
    write_template(plan, path, indicators=INDICATORS, period="2024Q3")
    return path


def _fill(path: Path, cells: dict[str, Any]) -> None:
    book = openpyxl.load_workbook(path)
    for sheet, values in cells.items():
        for address, value in values.items():
            book[sheet][address] = value
    book.save(path)


def _run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    return main(list(argv), out=out), out.getvalue()


# --- numbers and periods ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("1.234,5", "1234.5"),  # Indonesian: dot thousands, comma decimals
        ("1.234.567", "1234567"),
        ("12,5", "12.5"),
        ("0,125", "0.125"),  # no thousands group starts with 0
        ("1,234.5", "1234.5"),  # English
        ("12.5", "12.5"),
        ("1234", "1234"),
        ("-3", "-3"),
        (" 7 ", "7"),
        ("Rp 1.500.000", "1500000"),
        ("Rp1.500.000,50", "1500000.50"),
        (12, "12"),
        (0.1, "0.1"),  # a spreadsheet float through its shortest text
    ],
)
def test_numbers_in_indonesian_and_english_forms(text: object, number: str) -> None:
    assert parse_number(text) == Decimal(number)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "1.234",
            'ambiguous number "1.234": write 1234 if it is in the thousands, or 1,2340 if it is '
            "1 and a fraction",
        ),
        (
            "1,234",
            'ambiguous number "1,234": write 1234 if it is in the thousands, or 1,2340 if it is '
            "1 and a fraction",
        ),
        ("12,5 %", 'expected a number, got "12,5 %"'),
        ("12,5,3", "expected a number"),
        ("1.23.4", "expected a number"),
        ("dua", 'expected a number, got "dua"'),
        ("", "expected a number"),
        (True, "expected a number"),
        (None, "expected a number, got an empty cell"),
        (float("nan"), "expected a number"),
    ],
)
def test_ambiguous_or_malformed_numbers_are_refused(text: object, message: str) -> None:
    with pytest.raises(ValidationError, match="^" + message.replace(".", r"\.")):
        parse_number(text)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2024", "2024-01-01", "2024-12-31"),
        ("2024S2", "2024-07-01", "2024-12-31"),
        ("2024Q1", "2024-01-01", "2024-03-31"),
        ("2024q4", "2024-10-01", "2024-12-31"),
        ("2024-02", "2024-02-01", "2024-02-29"),  # a leap year
        ("2023-12", "2023-12-01", "2023-12-31"),
    ],
)
def test_periods(text: str, start: str, end: str) -> None:
    period = parse_period(text)
    assert (period.start.isoformat(), period.end.isoformat()) == (start, end)


@pytest.mark.parametrize("text", ["2024Q5", "2024S3", "2024-13", "24Q1", "Q1 2024", 2024])
def test_bad_periods(text: object) -> None:
    with pytest.raises(ValidationError):
        parse_period(text)


# --- the template -----------------------------------------------------------------------------


def test_the_template_has_a_read_me_and_one_sheet_per_indicator(
    plan: MonitoringPlan, workbook: Path
) -> None:
    book = openpyxl.load_workbook(workbook)
    assert book.sheetnames == ["Baca saya - Read me", "_desacoop", *INDICATORS]
    assert book["_desacoop"].sheet_state == "hidden"
    readme = list(book["Baca saya - Read me"].iter_rows(values_only=True))
    assert readme[0] == ("Bahasa Indonesia", "English")
    assert any("1.234,5" in (row[0] or "") for row in readme)
    sheet = book[COUNT]
    header = [c.value for c in sheet[1]][: len(ENTRY_COLUMNS)]
    assert header == list(ENTRY_COLUMNS)
    indicator = next(i for i in plan.indicators if i.id == COUNT)
    codes = [sheet.cell(row=r, column=2).value for r in range(2, sheet.max_row + 1)]
    assert codes == [str(c) for c in expected_regions(plan, indicator)]
    assert codes == ["35.07", "35.10", "35.24", "63.03", "63.04", "63.10"]  # its target regions
    assert sheet["C5"].value == "Kabupaten Banjar"
    assert sheet["G2"].value == dt.datetime(2024, 9, 30)
    assert sheet["G2"].number_format == "yyyy-mm-dd"
    assert sheet["B2"].number_format == "@"  # a text: 35.10 stays 35.10
    assert sheet["H2"].value is None  # a cumulative indicator has no period start
    assert book[PER_PERIOD]["H2"].value == dt.datetime(2024, 7, 1)
    kinds = {v.type for v in sheet.data_validations.dataValidation}
    assert kinds == {"whole", "date"}
    ratio = {v.type: str(v.sqref) for v in book[RATIO].data_validations.dataValidation}
    assert ratio["decimal"].startswith("E2:E")  # numerator and denominator


def test_the_csv_template_is_one_table(plan: MonitoringPlan, tmp_path: Path) -> None:
    path = tmp_path / "entry.csv"
    count = write_template(plan, path, indicators=[COUNT, AMOUNT], period="2024S2")
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == ",".join(ENTRY_COLUMNS)
    assert len(lines) == 1 + count == 1 + 6 + 2
    assert lines[1] == f"{COUNT},35.07,Kabupaten Malang,,,,2024-12-31,,,"
    assert lines[-1] == f"{AMOUNT},63,Kalimantan Selatan,,,,2024-12-31,2024-07-01,,"


def test_a_template_prefills_what_the_plan_already_holds(plan: MonitoringPlan) -> None:
    rows = template_rows(plan, [COUNT], "2024S1")
    known = next(
        o for o in plan.observations if o.indicator == COUNT and o.on == dt.date(2024, 6, 30)
    )
    row = next(r for r in rows if r["region_code"] == str(known.region))
    assert row["value"] == known.value.amount


def test_template_refuses_unknown_indicators(plan: MonitoringPlan, tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match=r"no such indicator in plan .*: nope"):
        write_template(plan, tmp_path / "x.xlsx", indicators=["nope"], period="2024Q1")
    with pytest.raises(ValidationError, match=r"\.xlsx or \.csv"):
        write_template(plan, tmp_path / "x.ods", period="2024Q1")


# --- import ---------------------------------------------------------------------------------

GOOD = {
    COUNT: {"D2": 25, "D3": "30", "D5": "1.234.567", "I5": "Laporan DPMD", "J5": "angka sementara"},
    RATIO: {"E2": 40, "F2": 50, "E3": "1", "F3": "8"},
    PER_PERIOD: {"D2": 7},
    AMOUNT: {"D3": "Rp 1.500.000,50"},
}


def test_a_filled_workbook_imports_and_a_re_import_adds_nothing(
    plan: MonitoringPlan, workbook: Path
) -> None:
    _fill(workbook, GOOD)
    result = import_entries(plan, workbook, recorded_on=RECORDED)
    assert len(result.added) == 7
    assert result.corrections == ()
    assert result.rejected == ()
    assert result.empty == 6 + 6 + 2 + 2 - 7
    by_key = {(o.indicator, str(o.region)): o for o in result.added}
    assert by_key[(COUNT, "35.07")].value.amount == 25
    big = by_key[(COUNT, "63.03")]
    assert big.value.amount == Decimal(1234567)
    assert (big.source, big.note) == ("Laporan DPMD", "angka sementara")
    ratio = by_key[(RATIO, "35.07")].value
    assert ratio.numerator == 40
    assert ratio.denominator == 50
    eighth = by_key[(RATIO, "35.10")].value  # 1 of 8: kept as typed, not as 12.5 of 100
    assert (eighth.numerator, eighth.denominator) == (Decimal(1), Decimal(8))
    assert by_key[(AMOUNT, "63")].value.amount == Decimal("1500000.50")
    per_period = by_key[(PER_PERIOD, "35")]
    assert (per_period.period_start, per_period.on) == (dt.date(2024, 7, 1), dt.date(2024, 9, 30))
    assert all(o.recorded_on == RECORDED for o in result.added)
    assert len(result.plan.observations) == len(plan.observations) + 7

    again = import_entries(result.plan, workbook, recorded_on=RECORDED)
    assert (again.added, again.corrections, again.unchanged) == ((), (), 7)
    assert again.plan == result.plan


def test_a_cell_formatted_as_a_percentage_is_refused_as_the_percent_typed(
    plan: MonitoringPlan, workbook: Path
) -> None:
    """Excel keeps 12,5 % as 0.125 with a percent format: a count column refuses it as the
    percent the user saw, and so does a ratio indicator (Σ numerators / Σ denominators),
    which needs the two parts to add up (issue 21, point 6)."""
    book = openpyxl.load_workbook(workbook)
    for sheet in (RATIO, COUNT):
        book[sheet]["D2"] = 0.125
        book[sheet]["D2"].number_format = "0.0%"
    book.save(workbook)
    with pytest.raises(ValidationError) as caught:
        import_entries(plan, workbook, recorded_on=RECORDED)
    assert [f"{p.path}: {p.message}" for p in caught.value.problems] == [
        f'{COUNT}!D2: expected a number, got "12.5 %": a count is written without %, as a '
        "number such as 12",
        f"{RATIO}!D2: {RATIO} adds up numerators and denominators over regions (the "
        "province's figure is their sum over the sum), so a percent alone cannot be used: "
        'enter the numerator and denominator instead of "12.5 %" (for example 173 of 200 '
        "desa)",
    ]


def test_a_changed_value_is_a_correction_that_keeps_the_history(
    plan: MonitoringPlan, workbook: Path
) -> None:
    _fill(workbook, GOOD)
    first = import_entries(plan, workbook, recorded_on=RECORDED)
    _fill(workbook, {COUNT: {"D2": 26}})
    later = dt.date(2024, 11, 2)
    second = import_entries(first.plan, workbook, recorded_on=later)
    assert second.added == ()
    assert second.unchanged == 6
    (correction,) = second.corrections
    original = next(o for o in first.added if o.indicator == COUNT and str(o.region) == "35.07")
    assert correction.supersedes == original.id
    assert correction.id == original.id + "-r2"
    assert correction.value.amount == 26
    assert correction.recorded_on == later
    assert original in second.plan.observations  # history kept
    rows = {r["observation"]: r for r in observation_rows(second.plan)}
    assert rows[original.id]["current"] is False
    assert rows[correction.id]["current"] is True
    # and the corrected value is what a re-import now compares against
    third = import_entries(second.plan, workbook, recorded_on=later)
    assert (third.added, third.corrections, third.unchanged) == ((), (), 7)


MISTAKES = {
    COUNT: {
        "D2": 25,
        "D3": "12,5 %",
        "D4": "1.234",
        "D5": "1.234,5",
        "B6": "63.00",
        "D6": 3,
        "D7": "dua",
    },
    RATIO: {"E2": 10, "E3": 3, "F3": 0, "E4": 1, "F4": 2, "G4": "31/13/2024", "D5": "40"},
    PER_PERIOD: {"D2": 7, "A3": "aparatur", "D3": 2},
    AMOUNT: {"D2": -5},
}


def test_every_mistake_is_reported_at_once_with_its_cell(
    plan: MonitoringPlan, workbook: Path
) -> None:
    _fill(workbook, MISTAKES)
    with pytest.raises(ValidationError) as caught:
        import_entries(plan, workbook, recorded_on=RECORDED)
    listed = [f"{p.path}: {p.message}" for p in caught.value.problems]
    assert listed == [
        f'{COUNT}!D3: expected a number, got "12,5 %": a count is written without %, as a '
        "number such as 12",
        f'{COUNT}!D4: ambiguous number "1.234": write 1234 if it is in the thousands, or '
        "1,2340 if it is 1 and a fraction (the extra 0 marks a decimal comma)",
        f"{COUNT}!D5: a count is a whole number, not 1234.5",
        f"{COUNT}!B6: regency part is 00 in '63.00'",
        f'{COUNT}!D7: expected a number, got "dua"',
        f"{RATIO}!F2: a percentage needs both parts, numerator and denominator",
        f"{RATIO}!F3: a denominator must be above 0, not 0",
        f"{RATIO}!G4: '31/13/2024': numeric dates are read day first (DD/MM/YYYY), and there is "
        "no month 13",
        f"{RATIO}!D5: a percentage is entered as numerator and denominator, or as a percent like "
        '12,5 %; got "40"',
        f'{PER_PERIOD}!A3: no such indicator in plan {plan.id}: "aparatur" (the indicators '
        f"are {', '.join(i.id for i in plan.indicators)})",
        f"{AMOUNT}!D2: an amount cannot be negative (-5)",
    ]


def test_nothing_is_written_unless_every_row_is_valid(
    plan: MonitoringPlan, workbook: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan_file = tmp_path / "plan.json"
    desacoop.dump(plan, plan_file)
    before = plan_file.read_bytes()
    _fill(workbook, MISTAKES)
    code, text = _run("import", str(plan_file), str(workbook), "--recorded-on", "2024-10-15")
    assert code == 1
    assert text == ""
    err = capsys.readouterr().err
    assert err.startswith("desacoop: 11 problems:\n")
    assert f'  {COUNT}!D3: expected a number, got "12,5 %": a count is written' in err
    assert plan_file.read_bytes() == before


def test_partial_imports_the_valid_rows_and_writes_the_rejected_ones(
    plan: MonitoringPlan, workbook: Path, tmp_path: Path
) -> None:
    plan_file = tmp_path / "plan.json"
    desacoop.dump(plan, plan_file)
    _fill(workbook, MISTAKES)
    code, text = _run(
        "import", str(plan_file), str(workbook), "--partial", "--recorded-on", "2024-10-15"
    )  # fmt: skip
    assert code == 1  # rows were rejected: a script must notice
    assert text.startswith(f"{workbook}: 2 added, 0 corrected, 0 unchanged, 3 empty, 11 rejected\n")
    rejected = (tmp_path / "entry.rejected.csv").read_text(encoding="utf-8").splitlines()
    assert rejected[0] == "where,reasons," + ",".join(ENTRY_COLUMNS)
    assert len(rejected) == 1 + 11
    assert rejected[1].startswith(f'{COUNT}!3,"{COUNT}!D3: expected a number, got ""12,5 %"": ')
    saved: object = desacoop.load(plan_file)
    assert isinstance(saved, MonitoringPlan)
    assert len(saved.observations) == len(plan.observations) + 2
    # The same file again: the valid rows are already there, the rejected still rejected.
    code, text = _run(
        "import", str(plan_file), str(workbook), "--partial", "--recorded-on", "2024-10-15"
    )  # fmt: skip
    assert text.startswith(f"{workbook}: 0 added, 0 corrected, 2 unchanged, ")


def test_a_row_twice_and_a_date_before_its_recording(plan: MonitoringPlan, tmp_path: Path) -> None:
    path = tmp_path / "entry.csv"
    write_template(plan, path, indicators=[COUNT], period="2024Q3")
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace(",,,,2024-09-30", ",25,,,2024-09-30")
    lines[2] = lines[2].replace(",,,,2024-09-30", ",3,,,30 September 2024")
    lines.append(lines[1].replace(",25,", ",26,"))  # 35.07 again, same date
    lines[3] = lines[3].replace(",,,,2024-09-30", ",4,,,2024-12-31")  # after recording
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        import_entries(plan, path, recorded_on=RECORDED)
    listed = [f"{p.path}: {p.message}" for p in caught.value.problems]
    assert listed == [
        "entry!G4: recorded on 2024-10-15, before the date it describes (2024-12-31)",
        "entry!G8: the same indicator, region and date as entry!G2: one value per region and "
        "date (delete one of the rows, or correct its date)",
    ]


def test_a_plans_own_rules_reject_the_row_that_breaks_them(
    plan: MonitoringPlan, tmp_path: Path
) -> None:
    """A per-period value overlapping one already recorded is refused at its row."""
    path = tmp_path / "entry.csv"
    write_template(plan, path, indicators=[PER_PERIOD], period="2024Q3")
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[1].startswith(f"{PER_PERIOD},35,")
    # Jawa Timur already reported January to June 2024: a value from May overlaps it.
    lines[1] = lines[1].replace(",,,,2024-09-30,2024-07-01", ",9,,,2024-09-30,2024-05-01")
    lines[2] = lines[2].replace(",,,,2024-09-30,2024-07-01", ",4,,,2024-09-30,2024-07-01")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        import_entries(plan, path, recorded_on=RECORDED)
    (problem,) = caught.value.problems
    assert problem.path == "entry!H2"
    assert f"this value of {PER_PERIOD} overlaps observations[" in problem.message
    result = import_entries(plan, path, recorded_on=RECORDED, partial=True)
    assert [str(o.region) for o in result.added] == ["63"]  # the other row still goes in
    assert [r.where for r in result.rejected] == ["entry!2"]


def test_a_workbook_of_another_plan_is_refused(plan: MonitoringPlan, workbook: Path) -> None:
    book = openpyxl.load_workbook(workbook)
    book["_desacoop"]["B2"] = "another-plan"
    book.save(workbook)
    with pytest.raises(ValidationError, match="was made for plan another-plan"):
        import_entries(plan, workbook, recorded_on=RECORDED)


def test_import_arguments_are_checked(plan: MonitoringPlan, tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="MonitoringPlan"):
        import_entries("plan", tmp_path / "x.csv")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="cannot read"):
        import_entries(plan, tmp_path / "missing.csv")
    with pytest.raises(ValidationError, match=r"\.xlsx or \.csv"):
        import_entries(plan, tmp_path / "x.ods")
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a zip")
    with pytest.raises(ValidationError, match="as a workbook"):
        import_entries(plan, broken)


def test_template_and_import_from_the_command_line(plan: MonitoringPlan, tmp_path: Path) -> None:
    plan_file = tmp_path / "plan.json"
    desacoop.dump(plan, plan_file)
    entry = tmp_path / "entry.xlsx"
    code, text = _run(
        "template", str(plan_file), "--indicator", COUNT, "--period", "2024Q3", "-o", str(entry)
    )  # fmt: skip
    assert (code, text) == (0, f"{entry}: 6 rows to fill in for 2024Q3\n")
    _fill(entry, {COUNT: {"D2": 25}})
    out = tmp_path / "new.json"
    code, text = _run(
        "import", str(plan_file), str(entry), "-o", str(out), "--recorded-on", "15 Oktober 2024"
    )  # fmt: skip
    assert code == 0
    assert text == f"{entry}: 1 added, 0 corrected, 0 unchanged, 5 empty, 0 rejected\n"
    saved: object = desacoop.load(out)
    assert isinstance(saved, MonitoringPlan)
    assert saved.observations[-1].region == RegionCode("35.07")
    assert desacoop.load(plan_file) == plan  # -o leaves PLAN as it was

"""The data-entry door as a DPMD clerk uses it (issue 21): semicolon CSV from an Indonesian
spreadsheet, the cell to blame, the fix to suggest, the forms clerks write, what is read but
not imported, the monitoring window; and one test per bug put in by hand that the suite
once let through (a November period, an infinite number, numerator and denominator
swapped in a pre-filled template, a changed period start, milestone, ordinal and text
entries, the template's validation lists)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

import attrs
import pytest

import desacoop
from desacoop.cli import main
from desacoop.errors import ValidationError
from desacoop.monitoring import Aggregation, Measure, MonitoringPlan, Target, Value
from desacoop.spreadsheet import (
    ENTRY_COLUMNS,
    import_entries,
    parse_number,
    parse_period,
    template_rows,
    write_template,
)

openpyxl = pytest.importorskip("openpyxl")

COUNT = "bumdes-berkembang-maju"  # a count per regency (35.07, 35.10, 35.24, 63.03, ...)
RATIO = "kader-aktif"  # a percentage, Σ numerators / Σ denominators, per regency
PER_PERIOD = "aparatur-terlatih"  # a per-period count per province
ORDINAL = "bumdes-desa-percontohan"  # perintis < pemula < berkembang < maju, per village
TEXT = "catatan-koordinasi"  # a free text per province
RECORDED = dt.date(2024, 10, 15)


@pytest.fixture
def plan() -> MonitoringPlan:
    return desacoop.example_plan()


def _csv(path: Path, rows: list[list[object]], separator: str = ",") -> None:
    handle = io.StringIO()
    writer = csv.writer(handle, delimiter=separator, lineterminator="\n")
    writer.writerows([list(ENTRY_COLUMNS), *rows])
    path.write_text(handle.getvalue(), encoding="utf-8")


def _row(indicator: str, code: str, name: str, value: object = "", **more: object) -> list[object]:
    cells: dict[str, object] = dict.fromkeys(ENTRY_COLUMNS, "")
    cells |= {"indicator": indicator, "region_code": code, "region_name": name, "value": value}
    cells |= {"date": "30/09/2024"} | more
    return [cells[c] for c in ENTRY_COLUMNS]


def _listed(exc: ValidationError) -> list[str]:
    return [f"{p.path}: {p.message}" for p in exc.problems]


def _run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    return main(list(argv), out=out), out.getvalue()


# --- 1. a semicolon CSV, as Excel and LibreOffice write it in Indonesian ---------------------


def test_a_semicolon_csv_with_indonesian_numbers_imports(plan: MonitoringPlan, tmp_path: Path):
    path = tmp_path / "isian.csv"
    rows = [
        _row(COUNT, "35.07", "Kabupaten Malang", "1.250,0"),
        _row(RATIO, "35.10", "Kabupaten Banyuwangi", numerator="173", denominator="200"),
    ]
    _csv(path, rows, separator=";")
    result = import_entries(plan, path, recorded_on=RECORDED)
    count, ratio = result.added
    # 7. "1.250,0" is the count 1250: a whole number, not the decimal 1250.0
    assert count.value.amount == 1250
    assert count.value.amount.as_tuple().exponent == 0
    assert (ratio.value.numerator, ratio.value.denominator) == (Decimal(173), Decimal(200))


def test_a_tab_separated_file_imports_too(plan: MonitoringPlan, tmp_path: Path) -> None:
    path = tmp_path / "isian.csv"
    _csv(path, [_row(COUNT, "35.07", "Kabupaten Malang", "7")], separator="\t")
    (added,) = import_entries(plan, path, recorded_on=RECORDED).added
    assert added.value.amount == 7


def test_an_unknown_separator_is_named_in_the_refusal(plan: MonitoringPlan, tmp_path: Path):
    path = tmp_path / "isian.csv"
    path.write_text("|".join(ENTRY_COLUMNS) + "\n", encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        import_entries(plan, path, recorded_on=RECORDED)
    assert _listed(caught.value) == [
        "isian!1: the header lacks indicator, region_code, date (is this a template?); no "
        "comma, semicolon or tab separates its columns (save the CSV with one)"
    ]


def test_a_header_of_other_names_says_which_separator_was_seen(
    plan: MonitoringPlan, tmp_path: Path
) -> None:
    path = tmp_path / "isian.csv"
    path.write_text("kode;nama;nilai\n", encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        import_entries(plan, path, recorded_on=RECORDED)
    assert _listed(caught.value) == [
        "isian!1: the header lacks indicator, region_code, date (is this a template?); the "
        "separator seen is a semicolon"
    ]


# --- 2. import -o NEW always writes the plan -------------------------------------------------


def test_import_to_a_new_file_writes_it_even_when_nothing_changed(
    plan: MonitoringPlan, tmp_path: Path
) -> None:
    plan_file, entry, new = tmp_path / "plan.json", tmp_path / "entry.csv", tmp_path / "new.json"
    desacoop.dump(plan, plan_file)
    write_template(plan, entry, indicators=[COUNT], period="2024Q3")  # nothing filled in
    code, text = _run("import", str(plan_file), str(entry), "-o", str(new))
    assert (code, text) == (0, f"{entry}: 0 added, 0 corrected, 0 unchanged, 6 empty, 0 rejected\n")
    assert desacoop.load(new) == plan


# --- 3. and 4. the right cell, and the fix ---------------------------------------------------


def test_a_region_of_another_province_is_blamed_at_its_code(
    plan: MonitoringPlan, tmp_path: Path
) -> None:
    path = tmp_path / "entry.csv"
    _csv(path, [_row(COUNT, "35.07", "Kabupaten Malang", "3"), _row(COUNT, "64.01", "", "2")])
    with pytest.raises(ValidationError) as caught:
        import_entries(plan, path, recorded_on=RECORDED)
    assert _listed(caught.value) == [
        f"entry!B3: 64.01 lies outside the province(s) of the parties responsible for {COUNT}"
    ]


def test_a_code_that_lost_its_last_zero_is_suggested_from_the_name(
    plan: MonitoringPlan, tmp_path: Path
) -> None:
    path = tmp_path / "entry.csv"
    _csv(
        path,
        [
            _row(COUNT, "35.1", "Kabupaten Banyuwangi", "3"),  # 35.10 through a US locale
            _row(COUNT, "35.2", "Kabupaten Banyuwangi", "3"),  # 35.20 is not Banyuwangi
        ],
    )
    with pytest.raises(ValidationError) as caught:
        import_entries(plan, path, recorded_on=RECORDED)
    first, second = _listed(caught.value)
    assert first == (
        "entry!B2: not a dotted Kemendagri code (PP.KK.CC.VVVV): '35.1' (did you mean 35.10, "
        "Kabupaten Banyuwangi, as the region name in this row says? A spreadsheet that took "
        "the code for a number dropped its last 0: format the column as text)"
    )
    assert second == "entry!B3: not a dotted Kemendagri code (PP.KK.CC.VVVV): '35.2'"


def test_a_date_with_a_time_says_to_write_the_date_alone(
    plan: MonitoringPlan, tmp_path: Path
) -> None:
    path = tmp_path / "entry.xlsx"
    write_template(plan, path, indicators=[COUNT], period="2024Q3")
    book = openpyxl.load_workbook(path)
    book[COUNT]["D2"], book[COUNT]["G2"] = 3, dt.datetime(2024, 9, 30, 14, 0)
    book[COUNT]["D3"], book[COUNT]["G3"] = 4, "30/09/2024 14:00"
    book.save(path)
    with pytest.raises(ValidationError) as caught:
        import_entries(plan, path, recorded_on=RECORDED)
    assert _listed(caught.value) == [
        f"{COUNT}!G2: expected a date, got a date and time 2024-09-30 14:00:00: write the date "
        "alone (30/09/2024) in a cell formatted as a date",
        f'{COUNT}!G3: expected a date, got a date and time "30/09/2024 14:00": write the date '
        "alone (30/09/2024)",
    ]


# --- 5. the forms clerks write --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("Rp1.500.000,-", "1500000"),  # the usual way rupiah are written
        ("Rp 1.500.000,-", "1500000"),
        ("Rp. 2.000,-", "2000"),
        ("Rp1,500,000.-", "1500000"),
        ("Rp 2.000", "2000"),  # sen have two digits: three after the dot are thousands
    ],
)
def test_rupiah_with_a_dash_for_no_cents(text: str, number: str) -> None:
    assert parse_number(text) == Decimal(number)


def test_a_level_written_with_capitals_is_its_level(plan: MonitoringPlan, tmp_path: Path):
    path = tmp_path / "entry.csv"
    _csv(
        path,
        [
            _row(ORDINAL, "35.07.01.2001", "Tulungrejo", "Maju"),
            _row(ORDINAL, "35.10.01.2001", "Sarongan", " BERKEMBANG "),
        ],
    )
    first, second = import_entries(plan, path, recorded_on=RECORDED).added
    assert (first.value, second.value) == (Value(level="maju"), Value(level="berkembang"))


# --- 6. a percent where numerator and denominator add up; more than the whole ---------------


def test_more_than_the_whole_is_refused_in_a_share_of_villages(
    plan: MonitoringPlan, tmp_path: Path
) -> None:
    """180 of 150 villages is 120 %: refused (the plan's rule for every percentage), never
    counted; documented in docs/howto/data-entry.md."""
    path = tmp_path / "entry.csv"
    _csv(path, [_row(RATIO, "35.07", "Kabupaten Malang", numerator="180", denominator="150")])
    with pytest.raises(ValidationError) as caught:
        import_entries(plan, path, recorded_on=RECORDED)
    assert _listed(caught.value) == [
        "entry!E2: a percentage is at most 100 %: 180 of 150 is more than the whole (is the "
        "denominator the number of all villages?)"
    ]


def test_a_percent_is_read_where_the_indicator_does_not_add_up_parts(
    plan: MonitoringPlan, tmp_path: Path
) -> None:
    """A percentage whose regions are not added up (the highest region's, say) may be
    typed as a percent: 86,5 % is 86.5 of 100."""
    mean = [
        attrs.evolve(i, aggregation=Aggregation.MAX) if i.id == RATIO else i
        for i in plan.indicators
    ]
    averaged = attrs.evolve(plan, indicators=tuple(mean))
    path = tmp_path / "entry.csv"
    _csv(path, [_row(RATIO, "35.07", "Kabupaten Malang", "86,5%")])
    (added,) = import_entries(averaged, path, recorded_on=RECORDED).added
    assert (added.value.numerator, added.value.denominator) == (Decimal("86.5"), Decimal(100))


# --- 8. what is read but not imported is said ---------------------------------------------


def test_an_extra_sheet_column_and_renamed_region_are_notices(
    plan: MonitoringPlan, tmp_path: Path
) -> None:
    path = tmp_path / "entry.xlsx"
    write_template(plan, path, indicators=[COUNT], period="2024Q3")
    book = openpyxl.load_workbook(path)
    notes = book.create_sheet("Catatan")
    notes["A1"], notes["A2"] = "Catatan rapat", "angka Banjar menyusul"
    sheet = book[COUNT]
    sheet["D2"], sheet["C2"] = 3, "Kab. Malang"  # 35.07's name edited
    sheet["D3"], sheet["K3"] = 4, "cek ulang"  # a column the import does not read
    sheet["K1"] = "keterangan"
    book.save(path)
    result = import_entries(plan, path, recorded_on=RECORDED)
    assert len(result.added) == 2
    assert [f"{p.path}: {p.message}" for p in result.notices] == [
        f'{COUNT}!C2: the region name "Kab. Malang" is not 35.07\'s name in the plan '
        '("Kabupaten Malang"): names are not imported, the code decides (check that 35.07 is '
        "the region meant)",
        f'{COUNT}!K3: column K "keterangan" is not an entry column and is not imported (first '
        "value here): move what it says into the note column",
        "Catatan!1: not an entry sheet (its first row names no indicator, region_code or date "
        "column): skipped",
    ]
    # and the command line shows them
    plan_file = tmp_path / "plan.json"
    desacoop.dump(plan, plan_file)
    code, text = _run("import", str(plan_file), str(path), "--recorded-on", "2024-10-15")
    assert code == 0
    assert text.splitlines()[2] == "note: Catatan!1: " + result.notices[2].message


# --- 9. the monitoring window ---------------------------------------------------------------


def test_data_outside_the_monitoring_window_is_refused_at_both_doors(
    plan: MonitoringPlan, tmp_path: Path
) -> None:
    window = plan.monitoring_window
    assert (window.start, window.end) == (dt.date(2022, 4, 13), dt.date(2024, 12, 31))
    with pytest.raises(ValidationError, match=r"^the period 2025Q1 ends on 2025-03-31, outside"):
        write_template(plan, tmp_path / "entry.xlsx", period="2025Q1")
    desacoop.dump(plan, tmp_path / "p.json")
    code, _ = _run(
        "template", str(tmp_path / "p.json"), "--period", "2025Q1", "-o", str(tmp_path / "x.csv")
    )  # fmt: skip
    assert code == 1
    assert not (tmp_path / "x.csv").exists()
    code, _ = _run(
        "template", str(tmp_path / "p.json"), "--period", "2024Q4", "-o", str(tmp_path / "x.csv")
    )  # fmt: skip
    assert code == 0  # the last quarter of the window
    path = tmp_path / "entry.csv"
    _csv(
        path,
        [
            _row(COUNT, "35.07", "Kabupaten Malang", "3", date="31/03/2025"),
            _row(COUNT, "35.10", "Kabupaten Banyuwangi", "3", date="31/12/2024"),  # the last day
        ],
    )
    with pytest.raises(ValidationError) as caught:
        import_entries(plan, path, recorded_on=dt.date(2025, 4, 2))
    assert _listed(caught.value) == [
        "entry!G2: 2025-03-31 is outside the plan's monitoring window (2022-04-13 to "
        "2024-12-31): no report would count this value"
    ]


# --- bugs put in by hand that the suite once let through -------------------------------------


def test_november_is_one_month() -> None:
    """``> 12`` written ``>= 12`` in the period's month arithmetic read 2024-11 as a year."""
    november = parse_period("2024-11")
    assert (november.start, november.end) == (dt.date(2024, 11, 1), dt.date(2024, 11, 30))
    assert parse_period("2024-10").end == dt.date(2024, 10, 31)


@pytest.mark.parametrize(
    "infinite",
    [float("inf"), float("-inf"), Decimal("Infinity"), Decimal("-Infinity"), Decimal("NaN")],
)
def test_an_infinite_or_missing_number_is_no_number(infinite: object) -> None:
    with pytest.raises(ValidationError, match=r"^expected a number, got "):
        parse_number(infinite)


def test_a_prefilled_template_keeps_numerator_and_denominator_apart(plan: MonitoringPlan):
    known = next(
        o for o in plan.observations if o.indicator == RATIO and o.on == dt.date(2024, 6, 30)
    )
    assert known.value.numerator != known.value.denominator
    row = next(
        r for r in template_rows(plan, [RATIO], "2024S1") if r["region_code"] == str(known.region)
    )
    assert (row["numerator"], row["denominator"]) == (
        known.value.numerator,
        known.value.denominator,
    )


def test_a_changed_period_start_is_a_correction(plan: MonitoringPlan, tmp_path: Path) -> None:
    path = tmp_path / "entry.csv"
    write_template(plan, path, indicators=[PER_PERIOD], period="2024Q3")
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[1] == f"{PER_PERIOD},35,Jawa Timur,,,,2024-09-30,2024-07-01,,"
    lines[1] = f"{PER_PERIOD},35,Jawa Timur,9,,,2024-09-30,2024-07-01,,"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    first = import_entries(plan, path, recorded_on=RECORDED)
    (original,) = first.added
    lines[1] = f"{PER_PERIOD},35,Jawa Timur,9,,,2024-09-30,2024-08-01,,"  # same value, later start
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    second = import_entries(first.plan, path, recorded_on=dt.date(2024, 10, 20))
    assert (second.added, second.unchanged) == ((), 0)
    (correction,) = second.corrections
    assert correction.supersedes == original.id
    assert (correction.period_start, correction.value.amount) == (dt.date(2024, 8, 1), Decimal(9))


def _with_milestone(plan: MonitoringPlan) -> MonitoringPlan:
    notes = next(i for i in plan.indicators if i.id == TEXT)
    flag = attrs.evolve(
        notes,
        id="pokja-terbentuk",
        label_id="Pokja terbentuk",
        label_en="Working group formed",
        unit="ya/tidak",
        measure=Measure.MILESTONE,
        aggregation=Aggregation.MIN,
        targets=(Target(Value(met=True), dt.date(2024, 12, 31)),),
    )
    return attrs.evolve(plan, indicators=(*plan.indicators, flag))


def test_milestone_ordinal_and_text_entries_import(plan: MonitoringPlan, tmp_path: Path):
    plan = _with_milestone(plan)
    path = tmp_path / "entry.csv"
    _csv(
        path,
        [
            _row("pokja-terbentuk", "35", "Jawa Timur", "ya"),
            _row("pokja-terbentuk", "63", "Kalimantan Selatan", "Tidak"),
            _row(ORDINAL, "35.07.01.2001", "Tulungrejo", "pemula"),
            _row(TEXT, "63", "Kalimantan Selatan", "rapat koordinasi 12 Agustus"),
            _row(ORDINAL, "35.10.01.2001", "Sarongan", "hebat"),
            _row("pokja-terbentuk", "35", "Jawa Timur", "mungkin", date="31/08/2024"),
        ],
    )
    result = import_entries(plan, path, recorded_on=RECORDED, partial=True)
    assert [o.value for o in result.added] == [
        Value(met=True),
        Value(met=False),
        Value(level="pemula"),
        Value(text="rapat koordinasi 12 Agustus"),
    ]
    assert [f"{p.path}: {p.message}" for p in result.problems] == [
        "entry!D6: 'hebat' is not a level of 'klasifikasi BUM Desa (Permendesa PDTT 3/2021)' "
        "(perintis, pemula, berkembang, maju)",
        'entry!D7: expected ya or tidak (yes or no, True or False), got "mungkin"',
    ]


def test_the_template_lists_the_levels_and_ya_tidak(plan: MonitoringPlan, tmp_path: Path):
    plan = _with_milestone(plan)
    path = tmp_path / "entry.xlsx"
    write_template(plan, path, indicators=[ORDINAL, "pokja-terbentuk"], period="2024Q3")
    book = openpyxl.load_workbook(path)

    def lists(sheet: str) -> list[tuple[str | None, str]]:
        rules = book[sheet].data_validations.dataValidation
        return [(v.formula1, str(v.sqref)) for v in rules if v.type == "list"]

    # rows 2 to 7 hold the six villages; 200 spare rows below them
    assert lists(ORDINAL) == [('"perintis,pemula,berkembang,maju"', "D2:D207")]
    assert lists("pokja-terbentuk") == [('"ya,tidak"', "D2:D203")]  # two provinces


# --- one reader of a value cell, whichever door ---------------------------------------------


@pytest.mark.parametrize(
    ("indicator", "cell", "expected"),
    [
        ("transaksi-misi-dagang", "12,5", Value(amount=Decimal("12.5"))),
        ("transaksi-misi-dagang", "Rp1.500.000,-", Value(amount=Decimal(1500000))),
        (COUNT, "1.250,0", Value(amount=Decimal(1250))),
        (ORDINAL, "Maju", Value(level="maju")),
    ],
)
def test_a_cell_reads_the_same_from_an_entry_file_and_a_frame(
    plan: MonitoringPlan, tmp_path: Path, indicator: str, cell: str, expected: Value
) -> None:
    pd = pytest.importorskip("pandas")
    from desacoop.dataframe import from_frame

    ind = plan.indicator(indicator)
    region = {"transaksi-misi-dagang": "63", COUNT: "35.07", ORDINAL: "35.07.01.2001"}[indicator]
    path = tmp_path / "entry.csv"
    _csv(path, [_row(indicator, region, "", cell, date="30/09/2024")])
    (by_entry,) = import_entries(plan, path, recorded_on=RECORDED).added
    frame = pd.DataFrame({"region": [region], "date": ["2024-09-30"], "value": [cell]})
    (by_frame,) = from_frame(frame, ind, recorded_on=RECORDED)
    assert by_entry.value == by_frame.value == expected
    assert str(by_entry.value) == str(by_frame.value)  # 1250, not 1250.0, by both routes


def _shared_strings_workbook(path: Path, rows: list[list[str]]) -> None:
    """A minimal xlsx whose texts sit in the shared-strings table, as Excel and LibreOffice
    write them (openpyxl writes inline strings, so a template never has one)."""
    import zipfile

    strings = sorted({text for row in rows for text in row if text})
    index = {text: i for i, text in enumerate(strings)}
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    kind = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    cells = "".join(
        f'<row r="{r}">'
        + "".join(
            f'<c r="{chr(65 + c)}{r}" t="s"><v>{index[text]}</v></c>'
            for c, text in enumerate(row)
            if text
        )
        + "</row>"
        for r, row in enumerate(rows, 1)
    )
    parts = {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{kind}.sheet.main+xml"/>'
            f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{kind}.worksheet+xml"/>'
            f'<Override PartName="/xl/sharedStrings.xml" ContentType="{kind}.sharedStrings+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>"
        ),
        "xl/workbook.xml": (
            f'<workbook xmlns="{main}" xmlns:r="{rel}"><sheets>'
            f'<sheet name="{COUNT}" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/>'
            "</Relationships>"
        ),
        "xl/worksheets/sheet1.xml": (
            f'<worksheet xmlns="{main}"><sheetData>{cells}</sheetData></worksheet>'
        ),
        "xl/sharedStrings.xml": (
            f'<sst xmlns="{main}" count="{len(strings)}" uniqueCount="{len(strings)}">'
            + "".join(f"<si><t>{text}</t></si>" for text in strings)
            + "</sst>"
        ),
    }
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in parts.items():
            archive.writestr(name, '<?xml version="1.0" encoding="UTF-8"?>' + text)


def test_a_workbook_with_shared_strings_imports(plan: MonitoringPlan, tmp_path: Path) -> None:
    """Excel and LibreOffice keep texts in a shared-strings table; the reader once looked
    them up in the workbook's own (empty) table and refused every such file."""
    path = tmp_path / "entry.xlsx"
    header = ["indicator", "region_code", "region_name", "value", "", "", "date"]
    row = [COUNT, "35.10", "Kabupaten Banyuwangi", "1.250,0", "", "", "30/09/2024"]
    _shared_strings_workbook(path, [header, row])
    (added,) = import_entries(plan, path, recorded_on=RECORDED).added
    assert (str(added.region), added.value.amount) == ("35.10", Decimal(1250))

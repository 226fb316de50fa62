"""Every openpyxl call of desacoop: a workbook written from plain sheets, and a workbook
read as rows of cells, guarded (as pandas isolates its engine in ``io/excel/_openpyxl.py``).

The format-neutral code (:mod:`desacoop.entry`) sees only :class:`Sheet` going out and
``(row number, {column number: value})`` coming in. Writing: a text is always a text cell
(never a formula, whatever it begins with; Excel's quote prefix set where it would read as
one), a number a float cannot hold exactly is written as text, characters XML cannot
hold are shown as escapes. Reading, the promises of the JSON reader: the file and each of
its parts have a size limit checked before anything is unpacked, the sheet's declared
dimension is never read, rows, columns and cell lengths have limits, numbers come back
exactly as written (as :class:`~decimal.Decimal`, never through a float), and nothing but
:class:`~desacoop.errors.ValidationError` comes out, naming ``sheet!cell`` or the row.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from types import MappingProxyType
from typing import Any, NamedTuple

from desacoop.errors import Problem, ValidationError

__all__ = [
    "MAX_CELL_LENGTH",
    "MAX_PART_SIZE",
    "MAX_UNPACKED_SIZE",
    "Sheet",
    "SheetRows",
    "column_letter",
    "read_workbook",
    "workbook_bytes",
]

#: The longest text a cell may hold (Excel's own limit).
MAX_CELL_LENGTH = 32_767
#: The most bytes all parts of a workbook may unpack to, and any one part of it (the
#: shared strings, one sheet), checked from the zip directory before anything is unpacked.
MAX_UNPACKED_SIZE = 256_000_000
MAX_PART_SIZE = 128_000_000


def column_letter(number: int) -> str:
    """``1`` → ``A``, ``27`` → ``AA``."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _openpyxl() -> Any:
    try:
        import openpyxl
    except ImportError:  # pragma: no cover - depends on the environment
        raise ValidationError("spreadsheets need openpyxl: pip install 'desacoop[excel]'") from None
    return openpyxl


# -- writing ------------------------------------------------------------------------------


_NOTHING: Mapping[Any, Any] = MappingProxyType({})


class Sheet(NamedTuple):
    """A sheet to write: its rows (the first one a bold header), and how it looks."""

    title: str
    rows: Sequence[Sequence[object]]
    #: Column letter → width.
    widths: Mapping[str, float]
    #: Column number (1-based) → number format of the rows below the header.
    formats: Mapping[int, str] = _NOTHING
    #: (rule keywords, error message, cell ranges): openpyxl ``DataValidation``.
    validations: Sequence[tuple[dict[str, Any], str, Sequence[str]]] = ()
    #: Header cells greyed out (not to be filled in).
    greyed: Sequence[str] = ()
    #: Cell shown frozen at the top left of the scrolling part.
    freeze: str | None = None
    #: Cells set apart from the rows (address → text).
    notes: Mapping[str, str] = _NOTHING
    #: "visible" or "hidden".
    state: str = "visible"


_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _shown(text: str) -> str:
    """A text XML can hold: characters it cannot shown as ``\\x0b`` escapes."""
    return _ILLEGAL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def _exact_as_float(value: Decimal | int) -> bool:
    try:
        return Decimal(repr(float(value))) == value
    except (OverflowError, ValueError, InvalidOperation):
        return False


def _put(cell: Any, value: object) -> None:
    """A value in a cell, as data: a text as a text cell, a number a float would change as
    text, anything else as openpyxl writes it."""
    if isinstance(value, Decimal | int) and not isinstance(value, bool):
        if _exact_as_float(value):
            cell.value = value
        else:  # 1500000000.0000000001 stays itself, not 1500000000.0
            cell.value = format(value, "f") if isinstance(value, Decimal) else str(value)
            cell.data_type = "s"
            cell.number_format = "@"
        return
    if isinstance(value, str):
        text = _shown(value)
        cell.value = text
        cell.data_type = "s"  # never a formula, whatever the text begins with
        if text[:1] in ("=", "+", "-", "@"):
            cell.quotePrefix = True  # what Excel does for '=...: editing keeps it a text
        return
    cell.value = value


def workbook_bytes(sheets: Sequence[Sheet]) -> bytes:
    """An xlsx workbook of these sheets, as bytes (written to a file by the caller)."""
    openpyxl = _openpyxl()
    from openpyxl.styles import Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    book = openpyxl.Workbook()
    book.remove(book.active)
    bold, grey = Font(bold=True), PatternFill("solid", fgColor="DDDDDD")
    for spec in sheets:
        sheet = book.create_sheet(_shown(spec.title)[:31])
        for r, values in enumerate(spec.rows, 1):
            for c, value in enumerate(values, 1):
                cell = sheet.cell(row=r, column=c)
                _put(cell, value)
                if r == 1:
                    cell.font = bold
                elif c in spec.formats and cell.number_format == "General":
                    cell.number_format = spec.formats[c]
        for letter, width in spec.widths.items():
            sheet.column_dimensions[letter].width = width
        for keywords, error, ranges in spec.validations:
            rule = DataValidation(allow_blank=True, showErrorMessage=True, **keywords)
            rule.error, rule.errorTitle = error, "desacoop"
            sheet.add_data_validation(rule)
            for cells in ranges:
                rule.add(cells)
        for address in spec.greyed:
            sheet[address].fill = grey
        for address, text in spec.notes.items():
            _put(sheet[address], text)
        sheet.freeze_panes = spec.freeze
        sheet.sheet_state = spec.state
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# -- reading ------------------------------------------------------------------------------


class SheetRows(NamedTuple):
    """A sheet read: its title, state (visible, hidden, veryHidden) and its rows, each
    ``(row number, {column number: value})`` with only the cells that hold something."""

    title: str
    state: str
    rows: Iterator[tuple[int, dict[int, object]]]


def _refused(where: str, message: str) -> ValidationError:
    return ValidationError.from_problems([Problem(where, message)])


def _check_parts(data: bytes, name: str) -> None:
    """Refuse a zip whose parts would unpack past the limits (a zip bomb), before any is
    unpacked: the sizes in its directory are the most :mod:`zipfile` will unpack."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except Exception as exc:  # BadZipFile, NotImplementedError ("zip file version 17.0"), ...
        raise _refused(
            name, f"cannot read it as a workbook: not a zip archive ({_reason(exc)})"
        ) from None
    total = 0
    for part in parts:
        total += part.file_size
        if part.file_size > MAX_PART_SIZE:
            raise _refused(
                name,
                f"the part {part.filename[:80]} unpacks to {part.file_size:,} bytes, more than "
                f"the {MAX_PART_SIZE:,} a workbook part may hold",
            )
    if total > MAX_UNPACKED_SIZE:
        raise _refused(
            name,
            f"the workbook unpacks to {total:,} bytes, more than the {MAX_UNPACKED_SIZE:,} "
            "accepted",
        )


def read_workbook(
    data: bytes, name: str, *, max_rows: int, max_columns: int
) -> Iterator[SheetRows]:
    """The sheets of an xlsx workbook in order, each with its rows read on demand.

    A row past ``max_rows``, a cell past column ``max_columns`` or a text longer than
    :data:`MAX_CELL_LENGTH` is refused at its place; anything openpyxl cannot read (bad
    XML, a bad shared-string or style index, a date that does not exist) is refused at the
    row it is in. Only :class:`~desacoop.errors.ValidationError` comes out.
    """
    _check_parts(data, name)
    openpyxl = _openpyxl()
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is no workbook
        raise _refused(name, f"cannot read it as a workbook: {_reason(exc)}") from None
    try:
        try:
            sheets = [(ws, ws.title, ws.sheet_state) for ws in book.worksheets]
        except Exception as exc:
            raise _refused(name, f"cannot read it as a workbook: {_reason(exc)}") from None
        for ws, title, state in sheets:
            yield SheetRows(str(title), str(state), _rows(book, ws, max_rows, max_columns))
    finally:
        book.close()


def _reason(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return text if len(text) <= 160 else text[:160] + "…"


def _parser(book: Any, ws: Any, source: Any) -> Any:
    from openpyxl.worksheet._reader import VALUE_TAG, WorkSheetParser

    class _ExactParser(WorkSheetParser):
        """Numbers as the digits the file holds (a float would lose some)."""

        def parse_cell(self, element: Any) -> dict[str, Any]:
            cell: dict[str, Any] = super().parse_cell(element)
            if cell["data_type"] == "n" and cell["value"] is not None:
                cell["value"] = _number(element.findtext(VALUE_TAG, ""))
            return cell

    return _ExactParser(
        source,
        ws._shared_strings,  # the file's own table (book.shared_strings is empty)
        data_only=True,
        epoch=book.epoch,
        date_formats=book._date_formats,
        timedelta_formats=book._timedelta_formats,
    )


_NUMBER = re.compile(r"-?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]{1,4})?")


def _number(text: str) -> object:
    """A number cell's digits: an ``int`` when whole and plain, else a ``Decimal``."""
    text = text.strip()
    if len(text) > 400 or not _NUMBER.fullmatch(text):
        raise ValueError(f"not a number: {text[:40]!r}")
    if text.lstrip("-").isdigit():
        return int(text)
    return Decimal(text)


def _rows(
    book: Any, ws: Any, max_rows: int, max_columns: int
) -> Iterator[tuple[int, dict[int, object]]]:
    title = str(ws.title)
    last = 0
    try:
        from openpyxl.cell.read_only import ReadOnlyCell

        with ws._get_source() as source:
            for number, cells in _parser(book, ws, source).parse():
                last = number
                if number > max_rows:
                    raise _refused(
                        f"{title}!{number}",
                        f"a row past the {max_rows:,} an entry sheet of this plan may hold",
                    )
                row: dict[int, object] = {}
                for cell in cells:
                    value, column = cell["value"], cell["column"]
                    if value is None:
                        continue
                    where = f"{title}!{column_letter(column)}{number}"
                    if column > max_columns:
                        raise _refused(
                            where,
                            f"a cell past column {column_letter(max_columns)}, the last of an "
                            "entry sheet: delete it or move it into the note column",
                        )
                    if isinstance(value, str) and len(value) > MAX_CELL_LENGTH:
                        raise _refused(where, f"a text longer than {MAX_CELL_LENGTH:,} characters")
                    if isinstance(value, int | Decimal) and cell["style_id"]:
                        shown_as = ReadOnlyCell(ws, **cell).number_format or ""
                        if "%" in shown_as:
                            value = _percent(value)
                    row[column] = value
                yield number, row
    except ValidationError:
        raise
    except Exception as exc:  # a bad cell anywhere, read lazily by openpyxl
        raise _refused(
            f"{title}!{last + 1}",
            f"cannot read the row (or the one after row {last}): {_reason(exc)}",
        ) from None


def _percent(value: int | Decimal) -> str:
    """A number shown as a percentage (12,5 % is 0.125 in the file) as the percent the user
    typed, as text, so only a percentage column takes it."""
    percent = Decimal(value) * 100
    return f"{format(percent.normalize(), 'f')} %"

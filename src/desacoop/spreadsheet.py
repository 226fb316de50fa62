"""Tables in and out: tidy exports, data-entry templates and their import (the documented
face of :mod:`desacoop.export`, :mod:`desacoop.entry` and the cell readers).

- **Exports** (:func:`observation_rows`, :func:`figure_rows`, :func:`evaluation_rows`,
  :func:`write_rows`): one row per fact with its region code and name, as CSV (the
  :mod:`csv` module, nothing to install; its column types in a Frictionless
  ``datapackage.json`` beside it) or Parquet (``pip install 'desacoop[parquet]'``), for
  DuckDB, Polars, Spark or a spreadsheet; one fixed Arrow schema per kind.
- **Templates** (:func:`template_rows`, :func:`write_template`): a data-entry workbook for a
  monitoring plan, one sheet per indicator and one row per expected reporting region,
  with data validation and a read-me in Indonesian and English (``.xlsx`` needs
  ``pip install 'desacoop[excel]'``); the same as one CSV table.
- **Import** (:func:`import_entries`): the filled workbook or CSV back into the plan. Every
  problem is reported at once with its sheet and cell (``Kalsel!D14: expected a number,
  got "12,5 %"``); Indonesian number forms are read where unambiguous, and a CSV may be
  separated by commas, semicolons or tabs; a re-import adds nothing; a changed value
  becomes a correction (``Observation.supersedes``) that keeps the history; what is read
  but not imported (another sheet, another column, an edited region name) is a notice.

Every file is written atomically, every reader has the JSON reader's limits, and only
:class:`~desacoop.errors.ValidationError` comes out of bad input.

>>> parse_number("1.234,5"), parse_number("12,5"), parse_number("Rp 1.500.000")
(Decimal('1234.5'), Decimal('12.5'), Decimal('1500000'))
>>> str(parse_period("2024Q1"))
'2024-01-01/2024-03-31'
"""

from __future__ import annotations

from desacoop._cells import parse_number, parse_period
from desacoop.entry import (
    ENTRY_COLUMNS,
    ImportResult,
    RejectedRow,
    expected_regions,
    import_entries,
    template_rows,
    write_rejected,
    write_template,
)
from desacoop.export import (
    EVALUATION_COLUMNS,
    FIGURE_COLUMNS,
    OBSERVATION_COLUMNS,
    arrow_schema,
    evaluation_rows,
    figure_rows,
    observation_rows,
    region_names,
    write_rows,
)

__all__ = [
    "ENTRY_COLUMNS",
    "EVALUATION_COLUMNS",
    "FIGURE_COLUMNS",
    "OBSERVATION_COLUMNS",
    "ImportResult",
    "RejectedRow",
    "arrow_schema",
    "evaluation_rows",
    "expected_regions",
    "figure_rows",
    "import_entries",
    "observation_rows",
    "parse_number",
    "parse_period",
    "region_names",
    "template_rows",
    "write_rejected",
    "write_rows",
    "write_template",
]

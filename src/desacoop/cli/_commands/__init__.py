"""The table of commands (pip's ``commands_dict``): one row per command, its name, the
summary ``desacoop --help`` lists, the function that adds its arguments and the function
that runs it. A command's arguments sit beside its body, in the command's own module.

Adding a command: a module here with ``arguments(parser)`` and ``run(args, out) -> int``
(writing only to ``out``, raising :class:`~desacoop.errors.ValidationError` for bad input,
``_Usage`` for options that do not go together), and a row in :data:`COMMANDS`; shared
options come from :mod:`desacoop.cli._options`, every argument has help text.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TextIO

import attrs

from desacoop.cli._commands import idm, report, schema, sheets, show, validate

__all__: list[str] = []


@attrs.frozen
class Command:
    """A row of the table: a command, or a command of actions (``desacoop idm summary``)."""

    name: str
    summary: str
    #: Adds the command's arguments to its parser.
    arguments: Callable[[argparse.ArgumentParser], None] | None = None
    #: Runs the command: writes to ``out`` only, returns the exit status.
    run: Callable[[argparse.Namespace, TextIO], int] | None = None
    #: Writes its output to ``out``, which ``-o FILE`` sends to FILE (atomically).
    writes: bool = False
    #: Its ``--help`` ends with the exit statuses and the output rules.
    epilog: bool = False
    #: The actions of a command of actions, chosen by the word after its name.
    actions: tuple[Command, ...] = ()


COMMANDS: tuple[Command, ...] = (
    Command(
        "show",
        "summarise an agreement (default: the bundled example)",
        show.arguments,
        show.run,
        writes=True,
        epilog=True,
    ),
    Command(
        "validate",
        "check documents and list every problem",
        validate.arguments,
        validate.run,
        writes=True,
        epilog=True,
    ),
    Command(
        "report",
        "progress of a monitoring plan",
        report.arguments,
        report.run,
        writes=True,
        epilog=True,
    ),
    Command(
        "schema",
        "JSON Schema (Draft 2020-12) of a document kind",
        schema.arguments,
        schema.run,
        writes=True,
    ),
    Command(
        "idm",
        "the ministry's published IDM records",
        actions=(
            Command(
                "summary",
                "status counts per region, moves, findings",
                idm.summary_arguments,
                idm.summary,
                writes=True,
            ),
            Command(
                "plan",
                "the fewest-step improvement plan of a village",
                idm.plan_arguments,
                idm.plan,
                writes=True,
            ),
        ),
    ),
    Command(
        "export",
        "a tidy table: one row per fact (csv or parquet)",
        sheets.export_arguments,
        sheets.export,
    ),
    Command(
        "template",
        "a data-entry workbook (xlsx) or CSV for a plan",
        sheets.template_arguments,
        sheets.template,
    ),
    Command(
        "import",
        "read a filled template into a plan",
        sheets.import_arguments,
        sheets.import_,
    ),
)

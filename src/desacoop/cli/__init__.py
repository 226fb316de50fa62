"""The ``desacoop`` command.

- ``desacoop show [FILE] [--format text|json]``: a readable summary of an agreement
  (default: the bundled Kalimantan Selatan – Jawa Timur agreement), or the agreement
  document itself as JSON.
- ``desacoop validate FILE... [--format text|json]``: every problem of each document, with
  its JSON path; ``-`` reads standard input; JSON output lists ``{file, path, message}``
  problems for editors and CI.
- ``desacoop report [FILE] [--as-of DATE] [--recorded-on DATE] [--level LEVEL]
  [--format text|json|markdown|html] [--language en|id]``: how far a monitoring plan has come
  (default: the bundled illustrative plan); FILE may also be a saved JSON report, rendered
  again as it was.

Exit status: 0 done, 1 problems found (an invalid document, a missing file), 2 wrong
usage, 141 when the reader of the output stopped early (``| head``).

The package: :mod:`~desacoop.cli._commands` holds the table of commands (name, summary,
arguments, run), one module per command with its arguments beside its body;
:mod:`~desacoop.cli._options` the options several commands share, declared once;
:mod:`~desacoop.cli._base` reading FILE arguments and the one atomic writer of ``-o FILE``;
:mod:`~desacoop.cli._render` the renderers of what a command found (text, CSV, JSON);
:mod:`~desacoop.cli._terminal` the terminal plumbing (ASCII stand-ins, the progress line).
:func:`main` owns the rest: routing ``out``, the exit status, a broken pipe, an output
encoding without the report's symbols.
"""

from __future__ import annotations

import argparse
import io
import sys
from collections.abc import Sequence
from typing import TextIO

from desacoop.cli import _options as option
from desacoop.cli._base import (
    _EPILOG,
    EXIT_BROKEN_PIPE,
    EXIT_PROBLEMS,
    _Usage,
    _version,
    _write_output,
)
from desacoop.cli._commands import COMMANDS, Command
from desacoop.cli._terminal import _fit_encoding, _quiet_stdout
from desacoop.errors import ValidationError

__all__ = ["main"]


def _add(sub: argparse._SubParsersAction[argparse.ArgumentParser], command: Command) -> None:
    """The parser of one row of the table, under ``sub``."""
    parser = sub.add_parser(
        command.name,
        help=command.summary,
        epilog=_EPILOG if command.epilog else None,
        formatter_class=(
            argparse.RawDescriptionHelpFormatter if command.epilog else argparse.HelpFormatter
        ),
    )
    if command.writes:
        option.writes(parser)
    if command.arguments is not None:
        command.arguments(parser)
    if command.run is not None:
        parser.set_defaults(run=command.run)
    if command.actions:
        actions = parser.add_subparsers(
            dest=f"{command.name}_command", required=True, metavar="ACTION"
        )
        for action in command.actions:
            _add(actions, action)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="desacoop",
        description="Cooperation agreements for village empowerment: show, validate, report.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--version", action="version", version=f"%(prog)s {_version()}", help="show the version"
    )
    parser.set_defaults(output_is_out=False)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in COMMANDS:
        _add(sub, command)
    return parser


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run the command line; returns the exit status (0, 1, 2 or 141: ``desacoop --help``).

    ``out`` replaces standard output (for tests and embedding); wrong usage raises
    ``SystemExit(2)`` as :mod:`argparse` does.
    """
    if out is None:
        _fit_encoding(sys.stdout)
        _fit_encoding(sys.stderr)
    stream = out if out is not None else sys.stdout
    parser = _parser()
    args = parser.parse_args(argv)
    target: str | None = getattr(args, "output", None) if args.output_is_out else None
    buffer = io.StringIO() if target is not None and target != "-" else None
    try:
        try:
            status: int = args.run(args, stream if buffer is None else buffer)
        except _Usage as exc:
            parser.error(str(exc))
        if buffer is not None and target is not None:
            _write_output(target, buffer.getvalue())
        stream.flush()
    except ValidationError as exc:
        sys.stderr.write(f"desacoop: {exc}\n")
        return EXIT_PROBLEMS
    except BrokenPipeError:
        if out is None:
            _quiet_stdout()
        return EXIT_BROKEN_PIPE
    return status

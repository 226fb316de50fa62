"""The options several commands share, each declared once (as pip's ``cmdoptions``): a
command adds one with its own help text, so ``--as-of`` or ``-o`` means the same thing,
under the same name, in every command that takes it.

Also the argument types (a date, a development status): a value they cannot read is wrong
usage (exit status 2), reported by :mod:`argparse` with the reason.
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Sequence
from typing import Any

from desacoop.dates import parse_date
from desacoop.errors import ValidationError

__all__: list[str] = []


def _date(text: str) -> dt.date:
    try:
        return parse_date(text)
    except ValidationError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _status(text: str) -> Any:
    """A development status given on the command line (a wrong one is a usage error)."""
    from desacoop.evaluation import DevelopmentStatus

    try:
        return DevelopmentStatus.parse(text)
    except ValidationError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def output(
    parser: argparse.ArgumentParser, help: str, *, metavar: str = "FILE", required: bool = False
) -> None:
    """The one ``-o/--output`` option (``args.output``), given its own help by each command.
    Every FILE it names is written through :func:`~desacoop.serialization.write_atomic`:
    by :func:`desacoop.cli.main` for a command that writes to ``out`` (``writes=True`` in
    its table row), by the library's writers (``dump``, ``write_rows``, ``write_template``)
    for the others."""
    parser.add_argument(
        "-o", "--output", dest="output", metavar=metavar, required=required, help=help
    )


def writes(parser: argparse.ArgumentParser) -> None:
    """``-o/--output FILE`` for a command that writes its output to ``out``: its
    ``run(args, out)`` writes to ``out`` only; ``main`` sends ``out`` to standard output,
    or to FILE (atomically) when ``-o FILE`` is given."""
    parser.set_defaults(output_is_out=True)
    output(
        parser,
        "write the output to FILE instead of standard output, atomically: FILE is "
        "replaced only once the whole output is ready ('-': standard output)",
    )


def format_(parser: argparse.ArgumentParser, choices: Sequence[str], what: str) -> None:
    """``--format``, the first choice its default."""
    parser.add_argument(
        "--format",
        choices=tuple(choices),
        default=choices[0],
        help=f"{what} (default: {choices[0]})",
    )


def as_of(parser: argparse.ArgumentParser, help: str) -> None:
    """``--as-of DATE``: the date a status or figure is computed for."""
    parser.add_argument("--as-of", type=_date, help=help)


def recorded_on(parser: argparse.ArgumentParser, help: str) -> None:
    """``--recorded-on DATE``: the date records are known on, or recorded on."""
    parser.add_argument("--recorded-on", type=_date, help=help)


def regions(parser: argparse.ArgumentParser, help: str) -> None:
    """``--regions FILE``: a code,name CSV list of regions, for names."""
    parser.add_argument("--regions", metavar="FILE", help=help)


def language(parser: argparse.ArgumentParser, help: str, *, default: str | None) -> None:
    """``--language en|id``: the language of labels."""
    parser.add_argument("--language", choices=("en", "id"), default=default, help=help)

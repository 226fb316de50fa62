"""``desacoop show``: a readable summary of an agreement, or the agreement as a document."""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from desacoop.agreement import Agreement
from desacoop.cli import _options as option
from desacoop.cli._base import EXIT_OK, _read, _Usage
from desacoop.errors import Problem, ValidationError

__all__: list[str] = []


def arguments(show: argparse.ArgumentParser) -> None:
    show.add_argument(
        "file",
        nargs="?",
        metavar="FILE",
        help="an Agreement document, or one that holds an agreement such as a MonitoringPlan; "
        "'-' reads standard input (default: the bundled Kalsel–Jatim agreement)",
    )
    option.as_of(show, "also show the agreement's status on this date (text only)")
    option.format_(
        show, ("text", "json"), "text: a readable summary; json: the agreement as a document"
    )
    option.language(
        show,
        "labels in English (en) or Bahasa Indonesia (id) only (default: both, Indonesian first)",
        default=None,
    )


def _as_agreement(document: Any) -> Agreement:
    if isinstance(document, Agreement):
        return document
    inner = getattr(document, "agreement", None)
    if isinstance(inner, Agreement):
        return inner
    raise ValidationError.from_problems(
        [Problem("$.document", f"expected an Agreement, got a {type(document).__name__}")]
    )


def run(args: argparse.Namespace, out: TextIO) -> int:
    if args.file is None:
        from desacoop.example import example_agreement

        agreement = example_agreement()
    else:
        agreement = _as_agreement(_read(args.file))
    if args.format == "json":
        if args.as_of is not None:
            raise _Usage("--as-of shows a status in the text summary; not with --format json")
        from desacoop.serialization import to_json

        out.write(to_json(agreement) + "\n")
        return EXIT_OK
    from desacoop.report import format_agreement

    out.write(format_agreement(agreement, as_of=args.as_of, language=args.language))
    return EXIT_OK

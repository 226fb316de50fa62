"""The ``desacoop`` command.

- ``desacoop show [FILE]``: a readable summary of an agreement (default: the bundled
  Kalimantan Selatan – Jawa Timur agreement).
- ``desacoop validate FILE...``: every problem of each document, with its JSON path;
  exit status 1 if any.
- ``desacoop report [FILE] [--as-of DATE] [--recorded-on DATE] [--level LEVEL]
  [--format text|json|markdown|html] [--language en|id]``: how far a monitoring plan has come
  (default: the bundled illustrative plan); FILE may also be a saved JSON report, rendered
  again as it was.

Exit status: 0 fine, 1 invalid input, 2 wrong usage.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence
from typing import Any, TextIO

from desacoop.agreement import Agreement
from desacoop.dates import parse_date
from desacoop.errors import Problem, ValidationError
from desacoop.serialization import load

__all__ = ["main"]


def _as_agreement(document: Any) -> Agreement:
    if isinstance(document, Agreement):
        return document
    inner = getattr(document, "agreement", None)
    if isinstance(inner, Agreement):
        return inner
    raise ValidationError.from_problems(
        [Problem("$.document", f"expected an Agreement, got a {type(document).__name__}")]
    )


def _cmd_show(args: argparse.Namespace, out: TextIO) -> int:
    if args.file is None:
        from desacoop.example import example_agreement

        agreement = example_agreement()
    else:
        agreement = _as_agreement(load(args.file))
    from desacoop.report import format_agreement

    out.write(format_agreement(agreement, as_of=args.as_of))
    return 0


def _cmd_validate(args: argparse.Namespace, out: TextIO) -> int:
    failed = 0
    for path in args.files:
        try:
            document: Any = load(path)
        except ValidationError as exc:
            failed += 1
            problems = exc.problems or (Problem("$", exc.message),)
            noun = "problem" if len(problems) == 1 else "problems"
            out.write(f"{path}: INVALID, {len(problems)} {noun}\n")
            for problem in problems:
                out.write(f"  {problem.path}: {problem.message}\n")
        else:
            out.write(f"{path}: ok ({type(document).__name__})\n")
    return 1 if failed else 0


def _cmd_report(args: argparse.Namespace, out: TextIO) -> int:
    from desacoop.monitoring import MonitoringPlan
    from desacoop.regions import Level
    from desacoop.report import render
    from desacoop.rollup import ProgressReport, progress

    if args.file is None:
        from desacoop.example import example_plan

        plan = example_plan()
    else:
        document: Any = load(args.file)
        if isinstance(document, ProgressReport):  # a saved report: render it again
            out.write(render(document, format=args.format, language=args.language))
            if args.format == "json":
                out.write("\n")
            return 0
        if not isinstance(document, MonitoringPlan):
            raise ValidationError.from_problems(
                [
                    Problem(
                        "$.document",
                        "expected a MonitoringPlan or a saved ProgressReport, got "
                        f"{type(document).__name__}",
                    )
                ]
            )
        plan = document
    as_of = args.as_of
    if as_of is None:  # today, or the end of the plan's window if that came earlier
        as_of = min(dt.date.today(), plan.monitoring_window.end)
    report = progress(
        plan, as_of=as_of, recorded_on=args.recorded_on, region_level=Level.parse(args.level)
    )
    out.write(render(report, format=args.format, language=args.language))
    if args.format == "json":
        out.write("\n")
    return 0


def _cmd_schema(args: argparse.Namespace, out: TextIO) -> int:
    import difflib
    import json

    from desacoop.schema import json_schema
    from desacoop.serialization import document_kinds

    kinds = document_kinds()
    if args.kind is None:
        for name, cls in sorted(kinds.items()):
            summary = json_schema(cls)["description"].split(". ")[0].rstrip(".")
            out.write(f"{name:<20} {summary}\n")
        return 0
    if args.kind not in kinds:
        close = difflib.get_close_matches(args.kind, kinds, n=1)
        hint = f" (did you mean {close[0]}?)" if close else " (desacoop schema lists them)"
        raise ValidationError(f"unknown document kind {args.kind!r}{hint}")
    out.write(json.dumps(json_schema(kinds[args.kind]), indent=2, ensure_ascii=False) + "\n")
    return 0


def _date(text: str) -> dt.date:
    try:
        return parse_date(text)
    except ValidationError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="desacoop",
        description="Cooperation agreements for village empowerment: show, validate, report.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    show = sub.add_parser("show", help="summarise an agreement (default: the bundled example)")
    show.add_argument("file", nargs="?", help="a desacoop JSON document (Agreement)")
    show.add_argument("--as-of", type=_date, help="also show the status on this date")
    show.set_defaults(run=_cmd_show)
    validate = sub.add_parser("validate", help="check documents and list every problem")
    validate.add_argument("files", nargs="+", metavar="FILE")
    validate.set_defaults(run=_cmd_validate)
    report = sub.add_parser("report", help="progress of a monitoring plan")
    report.add_argument(
        "file",
        nargs="?",
        help="a MonitoringPlan document (default: bundled), or a saved JSON ProgressReport "
        "to render again",
    )
    report.add_argument(
        "--recorded-on",
        type=_date,
        help="the figures as they were known on this date (later records and corrections "
        "ignored), to regenerate a report already sent",
    )
    report.add_argument(
        "--level",
        choices=("province", "regency", "district", "village"),
        default="regency",
        help="level of the regional breakdown (default: regency)",
    )
    report.add_argument(
        "--as-of",
        type=_date,
        help="date of the report, e.g. 2024-12-31 or '31 Desember 2024' "
        "(default: today, or the end of the plan's monitoring window if earlier)",
    )
    report.add_argument("--format", choices=("text", "json", "markdown", "html"), default="text")
    report.add_argument(
        "--language",
        choices=("en", "id"),
        default="en",
        help="labels in English (en) or Bahasa Indonesia (id)",
    )
    report.set_defaults(run=_cmd_report)
    schema = sub.add_parser("schema", help="JSON Schema (Draft 2020-12) of a document kind")
    schema.add_argument("kind", nargs="?", help="a document kind, e.g. Agreement (default: list)")
    schema.set_defaults(run=_cmd_schema)
    return parser


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run the command line; returns the exit status."""
    stream = out if out is not None else sys.stdout
    args = _parser().parse_args(argv)
    try:
        status: int = args.run(args, stream)
    except ValidationError as exc:
        sys.stderr.write(f"desacoop: {exc}\n")
        return 1
    return status


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())

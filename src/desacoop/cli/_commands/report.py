"""``desacoop report``: how far a monitoring plan has come, or a saved report again."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any, TextIO

import attrs

from desacoop.cli import _options as option
from desacoop.cli._base import _not_wanted, _read
from desacoop.cli._terminal import _Progress

__all__: list[str] = []


def arguments(report: argparse.ArgumentParser) -> None:
    report.add_argument(
        "file",
        nargs="?",
        metavar="FILE",
        help="a MonitoringPlan document (default: bundled), or a saved JSON ProgressReport "
        "to render again; '-' reads standard input",
    )
    option.recorded_on(
        report,
        "the figures as they were known on this date (later records and corrections "
        "ignored), to regenerate a report already sent",
    )
    report.add_argument(
        "--level",
        choices=("province", "regency", "district", "village"),
        default="regency",
        help="level of the regional breakdown (default: regency)",
    )
    report.add_argument(
        "--show-undeclared",
        action="store_true",
        help="also show, apart and in no total, the data of regions that are not declared "
        "reporters (always listed under 'Data gaps')",
    )
    option.as_of(
        report,
        "date of the report, e.g. 2024-12-31 or '31 Desember 2024' "
        "(default: today, or the end of the plan's monitoring window if earlier)",
    )
    option.format_(
        report,
        ("text", "json", "markdown", "html"),
        "text for a terminal, markdown, json (a ProgressReport document that renders "
        "again), or html (one standalone page)",
    )
    option.language(report, "labels in English (en) or Bahasa Indonesia (id)", default="en")


def run(args: argparse.Namespace, out: TextIO) -> int:
    from desacoop.monitoring import MonitoringPlan
    from desacoop.regions import Level
    from desacoop.report import render
    from desacoop.rollup import ProgressReport, progress

    if args.file is None:
        from desacoop.example import example_plan

        plan = example_plan()
    else:
        document: Any = _read(args.file)
        if isinstance(document, ProgressReport):  # a saved report: render it again
            out.write(render(document, format=args.format, language=args.language))
            if args.format == "json":
                out.write("\n")
            return 0
        if not isinstance(document, MonitoringPlan):
            raise _not_wanted(args.file, "a MonitoringPlan or a saved ProgressReport", document)
        plan = document
    as_of = args.as_of
    if as_of is None:  # today, or the end of the plan's window if that came earlier
        as_of = min(dt.date.today(), plan.monitoring_window.end)
    with _Progress("computing progress"):
        report = progress(
            plan,
            as_of=as_of,
            recorded_on=args.recorded_on,
            region_level=Level.parse(args.level),
            show_undeclared=args.show_undeclared,
        )
    if args.as_of is None and args.format != "json":  # a saved report stays the figures alone
        from desacoop._presentation import WORDS

        note = WORDS[args.language]["default_date"]
        report = attrs.evolve(report, notes=(*report.notes, note))
    out.write(render(report, format=args.format, language=args.language))
    if args.format == "json":
        out.write("\n")
    return 0

"""The spreadsheet commands: ``desacoop export`` (a tidy table, one row per fact),
``template`` (a data-entry workbook or CSV for a plan) and ``import`` (a filled template read
into a plan)."""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Sequence
from typing import Any, TextIO

from desacoop.cli import _options as option
from desacoop.cli._base import _plan, _registry
from desacoop.cli._commands.idm import _idm_records
from desacoop.errors import Problem, ValidationError

__all__: list[str] = []


def _plan_to_export(path: str, *, given: bool) -> Any:
    """The plan in ``path``; when it is not one and ``--what`` was left out, a file of IDM
    records is told which ``--what`` fits it."""
    try:
        return _plan(path)
    except ValidationError as exc:
        if given:
            raise
        try:
            _idm_records([path])
        except ValidationError:
            raise exc from None
        raise ValidationError.from_problems(
            [
                Problem(
                    "$",
                    f"{path} holds IDM records, not a MonitoringPlan: to export them, "
                    "give --what evaluations",
                )
            ]
        ) from None


def export_arguments(export: argparse.ArgumentParser) -> None:
    export.add_argument("file", metavar="FILE", help="a MonitoringPlan, or IDM records")
    export.add_argument(
        "--what",
        choices=("observations", "figures", "evaluations"),
        default=None,
        help="observations or progress figures of a plan, or village evaluations of IDM "
        "records (default: observations)",
    )
    option.format_(
        export, ("csv", "parquet"), "csv (opens in any spreadsheet) or parquet (needs -o FILE)"
    )
    option.output(
        export, "the file to write, atomically (csv: default standard output; parquet: required)"
    )
    option.as_of(export, "date of the figures (default: today)")
    option.regions(export, "a code,name CSV region list for names")


def export(args: argparse.Namespace, out: TextIO) -> int:
    from desacoop import spreadsheet as sheet

    registry = _registry(args.regions)
    columns: Sequence[str]
    table = None if args.output in (None, "-") else args.output
    if args.format == "parquet" and table is None:
        raise ValidationError("Parquet is written to a file: give -o FILE")
    if args.what == "evaluations":
        evaluations = _idm_records([args.file])
        rows = sheet.evaluation_rows(evaluations, sheet.region_names(None, registry))
        columns = sheet.EVALUATION_COLUMNS
    else:
        plan = _plan_to_export(args.file, given=args.what is not None)
        args.what = args.what or "observations"
        names = sheet.region_names(plan, registry)
        if args.what == "observations":
            rows, columns = sheet.observation_rows(plan, names), sheet.OBSERVATION_COLUMNS
        else:
            from desacoop.rollup import progress

            as_of = args.as_of or min(dt.date.today(), plan.monitoring_window.end)
            report = progress(plan, as_of=as_of, registry=registry)
            rows, columns = sheet.figure_rows(report, names), sheet.FIGURE_COLUMNS
    sheet.write_rows(rows, columns, table or out, format=args.format)
    return 0


def template_arguments(template: argparse.ArgumentParser) -> None:
    template.add_argument("plan", metavar="PLAN", help="a MonitoringPlan document")
    template.add_argument("--indicator", nargs="+", metavar="ID", help="default: every one")
    template.add_argument("--period", required=True, help="2024, 2024S1, 2024Q1 or 2024-03")
    option.output(template, "entry.xlsx or entry.csv, written atomically", required=True)
    option.regions(template, "a code,name CSV region list")


def template(args: argparse.Namespace, out: TextIO) -> int:
    from desacoop.spreadsheet import write_template

    plan = _plan(args.plan)
    count = write_template(
        plan,
        args.output,
        indicators=args.indicator,
        period=args.period,
        registry=_registry(args.regions),
    )
    out.write(f"{args.output}: {count} rows to fill in for {args.period}\n")
    return 0


def import_arguments(entry: argparse.ArgumentParser) -> None:
    entry.add_argument("plan", metavar="PLAN", help="a MonitoringPlan document")
    entry.add_argument("entry", metavar="ENTRY", help="the filled .xlsx or .csv")
    option.output(
        entry, "where to write the plan, atomically (default: PLAN itself)", metavar="PLAN"
    )
    entry.add_argument("--partial", action="store_true", help="import the valid rows only")
    entry.add_argument("--rejected", metavar="FILE", help="with --partial: rejected rows CSV")
    option.recorded_on(entry, "the recording date (default: today)")


def import_(args: argparse.Namespace, out: TextIO) -> int:
    from pathlib import Path

    from desacoop.serialization import dump
    from desacoop.spreadsheet import import_entries, write_rejected

    plan = _plan(args.plan)
    result = import_entries(plan, args.entry, recorded_on=args.recorded_on, partial=args.partial)
    if result.added or result.corrections or args.output:  # -o NEW: always written
        dump(result.plan, args.output or args.plan)
    for notice in result.notices:
        out.write(f"note: {notice.path}: {notice.message}\n")
    out.write(
        f"{args.entry}: {len(result.added)} added, {len(result.corrections)} corrected, "
        f"{result.unchanged} unchanged, {result.empty} empty, {len(result.rejected)} rejected\n"
    )
    if result.rejected:
        entry = Path(args.entry)
        target = args.rejected or str(entry.with_name(entry.stem + ".rejected.csv"))
        write_rejected(result.rejected, target)
        out.write(f"rejected rows and their reasons: {target}\n")
        for problem in result.problems:
            out.write(f"  {problem.path}: {problem.message}\n")
        return 1
    return 0

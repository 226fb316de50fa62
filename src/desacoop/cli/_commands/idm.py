"""``desacoop idm``: the ministry's published IDM records: ``summary`` (status counts per
region, moves, findings) and ``plan`` (the fewest-step improvement plan of a village)."""

from __future__ import annotations

import argparse
from collections.abc import Iterator, Sequence
from typing import Any, TextIO

from desacoop._neutral import for_terminal
from desacoop.cli import _options as option
from desacoop.cli import _render as render
from desacoop.cli._terminal import _Progress
from desacoop.errors import MAX_PROBLEMS, Problem, ValidationError

__all__: list[str] = []

#: The largest IDM records file read (a national JSON Lines file of every village's records
#: is about 150 MB); a single JSON document is held to the document limit.
MAX_IDM_FILE_SIZE = 300_000_000


def _idm_records(paths: Sequence[str]) -> list[Any]:
    """Every published IDM record of the files (one JSON object or list per file, or JSON
    Lines), read by the strict JSON rule (no repeated key, bounded nesting and size); every
    unreadable record is reported at once with its file, line and JSON path, up to
    ``MAX_PROBLEMS`` of them."""
    from desacoop.evaluation.ministry import distinct, read_record
    from desacoop.serialization import read_bytes

    found: list[Any] = []
    problems: list[Problem] = []
    for path in paths:
        try:  # a regular file only: a pipe or a device is refused, not waited on
            data = read_bytes(path, MAX_IDM_FILE_SIZE)
        except ValidationError as exc:
            problems.append(Problem(path, exc.problems[0].message if exc.problems else str(exc)))
            continue
        with _Progress(f"reading {path}") as progress:
            for where, record in _idm_items(path, data, problems):
                progress.advance()
                try:
                    found.append(read_record(record))
                except ValidationError as exc:
                    for problem in exc.problems:  # never empty (issue 21)
                        problems.append(Problem(f"{where}: {problem.path}", problem.message))
                if len(problems) >= MAX_PROBLEMS:
                    problems.append(Problem(where, f"stopped after {len(problems)} problems"))
                    raise ValidationError.from_problems(problems)
    if problems:
        raise ValidationError.from_problems(problems)
    return list(distinct(found))


def _idm_items(path: str, data: bytes, problems: list[Problem]) -> Iterator[tuple[str, Any]]:
    """(where, record) of a file: one JSON document (an object or a list of them), else
    JSON Lines, each line read alone; a line that is not JSON is a problem at its line."""
    from desacoop.serialization import MAX_DOCUMENT_SIZE, parse_json

    first = data.lstrip()[:1]
    if len(data) <= MAX_DOCUMENT_SIZE and first in (b"[", b"{", b"\xef"):
        try:
            whole = parse_json(data)
        except ValidationError:
            pass  # JSON Lines, or bad JSON: read line by line below
        else:
            yield from ((path, r) for r in (whole if isinstance(whole, list) else [whole]))
            return
    for number, line in enumerate(data.split(b"\n"), 1):
        if not line.strip():
            continue
        try:
            record = parse_json(line)
        except ValidationError as exc:
            message = exc.problems[0].message if exc.problems else exc.message
            problems.append(Problem(f"{path}:{number}", message))
            if len(problems) >= MAX_PROBLEMS:
                return
            continue
        yield f"{path}:{number}", record


def summary_arguments(summary: argparse.ArgumentParser) -> None:
    summary.add_argument("files", nargs="+", metavar="FILE", help="JSON or JSON Lines records")
    summary.add_argument(
        "--level",
        choices=("province", "regency", "district"),
        default="province",
        help="count statuses per province, regency or district (default: province)",
    )
    summary.add_argument("--year", type=int, help="only this year (default: every year)")
    option.format_(summary, ("text", "csv", "json"), "tables to read, or csv/json to process")
    option.regions(summary, "a code,name CSV region list for names")


def summary(args: argparse.Namespace, out: TextIO) -> int:
    from desacoop.evaluation import summarise
    from desacoop.evaluation.ministry import findings, movements, years
    from desacoop.regions import PROVINCES, Level
    from desacoop.registry import RegionRegistry

    evaluations = _idm_records(args.files)
    registry = None
    if args.regions is not None:
        with _Progress(f"reading {args.regions}"):  # a national list takes a moment
            registry = RegionRegistry.from_csv(args.regions, edition="")
    names = {e.village: e.name or "" for e in evaluations}

    def name(code: Any) -> str:
        region = registry.get(code) if registry is not None else None
        if region is not None:
            found = region.name
        else:
            province = PROVINCES.get(str(code))  # a province is named without --regions
            found = province.name if province is not None else names.get(code, "")
        return found if args.format != "text" else for_terminal(found)

    chosen = years(evaluations) if args.year is None else (args.year,)
    level = Level.parse(args.level)
    tables = [s for y in chosen for s in summarise(evaluations, year=y, level=level)]
    moved = [t for y in chosen for t in movements(evaluations, year=y)]
    found = [item for y in chosen for item in findings(evaluations, year=y)]
    found_all = render.IdmSummary(
        level, tuple(chosen), evaluations, names, tables, moved, found, name
    )
    render.IDM_SUMMARY[args.format](found_all, out)
    return 0


def plan_arguments(idm_plan: argparse.ArgumentParser) -> None:
    idm_plan.add_argument("file", metavar="FILE", help="a record (JSON, or JSON Lines)")
    idm_plan.add_argument("--village", help="the village, when FILE holds several")
    idm_plan.add_argument("--year", type=int, help="the year, when FILE holds several")
    idm_plan.add_argument(
        "--target", type=option._status, help="the status to reach (default: the next one)"
    )
    option.format_(idm_plan, ("text", "json"), "text to read, or json (an ImprovementPlan)")


def plan(args: argparse.Namespace, out: TextIO) -> int:
    from desacoop.evaluation.idm import plan as improvement_plan
    from desacoop.serialization import to_json

    evaluations = _idm_records([args.file])
    if args.village is not None:
        from desacoop.regions import RegionCode

        village = RegionCode(args.village)
        evaluations = [e for e in evaluations if e.village == village]
    if args.year is not None:
        evaluations = [e for e in evaluations if e.year == args.year]
    if len(evaluations) != 1:
        raise ValidationError(
            f"{args.file}: {len(evaluations)} records match; choose one with --village and --year"
        )
    (evaluation,) = evaluations
    target = args.target
    result = improvement_plan(evaluation.result, target=target)
    if args.format == "json":
        out.write((to_json(result) if result is not None else "null") + "\n")
        return 0
    render.idm_plan_text(evaluation, result, target, out)
    return 0

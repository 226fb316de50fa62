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
from decimal import Decimal
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


def _idm_records(paths: Sequence[str]) -> list[Any]:
    """Every published IDM record of the files (one JSON object or list per file, or JSON
    Lines); every unreadable record is reported at once with its file, line and JSON path."""
    import json

    from desacoop.evaluation.ministry import distinct, read_record

    found, problems = [], []
    for path in paths:
        try:
            with open(path, encoding="utf-8") as handle:
                text = handle.read()
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            problems.append(Problem(path, f"cannot read: {getattr(exc, 'strerror', None) or exc}"))
            continue
        try:
            whole = json.loads(text)
            items = [(path, r) for r in (whole if isinstance(whole, list) else [whole])]
        except ValueError:
            lines = text.splitlines()
            items = []
            for number, line in enumerate(lines, 1):
                if line.strip():
                    try:
                        items.append((f"{path}:{number}", json.loads(line)))
                    except ValueError as exc:
                        problems.append(Problem(f"{path}:{number}", f"not valid JSON: {exc}"))
        show = sys.stderr.isatty() and len(items) >= 1000  # a progress bar for large inputs
        for position, (where, record) in enumerate(items, 1):
            if show and (position % 200 == 0 or position == len(items)):
                sys.stderr.write(f"\r{path}: {position}/{len(items)} records")
            try:
                found.append(read_record(record))
            except ValidationError as exc:
                for problem in exc.problems or (Problem("$", exc.message),):
                    problems.append(Problem(f"{where}: {problem.path}", problem.message))
        if show:
            sys.stderr.write("\n")
    if problems:
        raise ValidationError.from_problems(problems)
    return list(distinct(found))


def _cmd_idm_summary(args: argparse.Namespace, out: TextIO) -> int:
    import csv
    import json

    from desacoop.evaluation import DevelopmentStatus, summarise
    from desacoop.evaluation.ministry import findings, movements, years
    from desacoop.regions import Level
    from desacoop.registry import RegionRegistry

    evaluations = _idm_records(args.files)
    registry = None if args.regions is None else RegionRegistry.from_csv(args.regions, edition="")
    names = {e.village: e.name or "" for e in evaluations}

    def name(code: Any) -> str:
        region = registry.get(code) if registry is not None else None
        return region.name if region is not None else names.get(code, "")

    chosen = years(evaluations) if args.year is None else (args.year,)
    level = Level.parse(args.level)
    tables = [s for y in chosen for s in summarise(evaluations, year=y, level=level)]
    moved = [t for y in chosen for t in movements(evaluations, year=y)]
    found = [item for y in chosen for item in findings(evaluations, year=y)]
    statuses = list(DevelopmentStatus)
    if args.format == "json":
        document = {
            "level": level.value,
            "years": list(chosen),
            "records": len(evaluations),
            "counts": [
                {"year": s.year, "region": str(s.region), "name": name(s.region),
                 "total": s.total, "statuses": {c.status.value: c.count for c in s.counts}}
                for s in tables
            ],
            "movements": [
                {"village": str(t.village), "name": name(t.village), "from_year": t.from_year,
                 "to_year": t.to_year, "before": t.before.value, "after": t.after.value,
                 "movement": t.movement.value}
                for t in moved
            ],
            "findings": [
                {"village": str(e.village), "name": name(e.village), "year": e.year,
                 "kind": f.kind.value, "path": f.path, "message": f.message,
                 "published": f.published, "computed": f.computed}
                for e, f in found
            ],
        }  # fmt: skip
        out.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
        return 0
    if args.format == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(
            ["record", "year", "region", "name", "status", "villages", "from_year",
             "from_status", "movement", "finding", "path", "message"]
        )  # fmt: skip
        for s in tables:
            for c in s.counts:
                row = ["count", s.year, s.region, name(s.region), c.status.value, c.count]
                writer.writerow([*row, "", "", "", "", "", ""])
        for t in moved:
            writer.writerow(
                ["movement", t.to_year, t.village, name(t.village), t.after.value, "",
                 t.from_year, t.before.value, t.movement.value, "", "", ""]
            )  # fmt: skip
        for e, f in found:
            writer.writerow(
                ["finding", e.year, e.village, name(e.village), e.status.value, "", "", "",
                 "", f.kind.value, f.path, f.message]
            )  # fmt: skip
        return 0
    spread = ", ".join(f"{y}: {sum(e.year == y for e in evaluations)}" for y in years(evaluations))
    out.write(f"{len(evaluations)} IDM records of {len(names)} villages ({spread})\n")
    heads = [s.label_id for s in statuses]
    width = {"province": 4, "regency": 7, "district": 10}[level.value]
    for year in chosen:
        out.write(f"\nStatus per {level.value}, {year}\n")
        out.write(f"{'code':<{width}} {'name':<28} {'total':>5}")
        out.write("".join(f" {h:>{max(len(h), 5)}}" for h in heads) + "\n")
        for s in (s for s in tables if s.year == year):
            out.write(f"{s.region!s:<{width}} {name(s.region)[:28]:<28} {s.total:>5}")
            cells = zip(statuses, heads, strict=True)
            out.write("".join(f" {s.count(st):>{max(len(h), 5)}}" for st, h in cells) + "\n")
    up = sum(t.movement.value == "up" for t in moved)
    out.write(f"\nMoved up or down ({up} up, {len(moved) - up} down)\n")
    for t in moved:
        out.write(
            f"  {t.village!s:<14} {name(t.village)[:24]:<24} {t.from_year}→{t.to_year}  "
            f"{t.before.label_id} → {t.after.label_id} ({t.movement.label_en})\n"
        )
    out.write(f"\nFindings ({len(found)})\n")
    for e, f in found:
        out.write(f"  {e.village!s:<14} {e.year} {f.kind.value}: {f.path}\n      {f.message}\n")
    return 0


def _cmd_idm_plan(args: argparse.Namespace, out: TextIO) -> int:
    from desacoop.evaluation import DevelopmentStatus
    from desacoop.evaluation.idm import plan
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
    target = None if args.target is None else DevelopmentStatus.parse(args.target)
    result = plan(evaluation.result, target=target)
    if args.format == "json":
        out.write((to_json(result) if result is not None else "null") + "\n")
        return 0
    r = evaluation.result
    out.write(
        f"{evaluation.name or ''} ({evaluation.village}), IDM {evaluation.year}: "
        f"{r.value} {r.status.label_id}\n"
    )
    if result is None:
        wanted = target or r.status
        out.write(f"Already {wanted.label_id} or above: nothing to plan.\n")
        return 0
    count = len(result.steps)
    out.write(
        f"To reach {result.target.label_id} (minimum {result.minimum}): {count} "
        f"indicator{'s' * (count != 1)}, {result.points} points\n"
    )
    for number, step in enumerate(result.steps, 1):
        i = step.indicator
        out.write(
            f"{number:>3}. {i.dimension.value.upper()} {i.number:>2} {i.name}: "
            f"{i.score} → {step.to_score} (+{step.gain.quantize(Decimal('1e-8'))})\n"
        )
        if i.activity:
            out.write(f"     activity: {i.activity}\n")
        who = "; ".join(f"{a.level.label_id}: {a.who}" for a in i.actors) or "not stated"
        out.write(f"     who acts: {who}\n")
    out.write(f"After the plan: {result.value} {result.status.label_id}\n")
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
    idm = sub.add_parser("idm", help="the ministry's published IDM records")
    idm_sub = idm.add_subparsers(dest="idm_command", required=True, metavar="ACTION")
    summary = idm_sub.add_parser("summary", help="status counts per region, moves, findings")
    summary.add_argument("files", nargs="+", metavar="FILE", help="JSON or JSON Lines records")
    summary.add_argument("--level", choices=("province", "regency", "district"), default="province")
    summary.add_argument("--year", type=int, help="only this year (default: every year)")
    summary.add_argument("--format", choices=("text", "csv", "json"), default="text")
    summary.add_argument("--regions", metavar="FILE", help="a code,name CSV region list for names")
    summary.set_defaults(run=_cmd_idm_summary)
    idm_plan = idm_sub.add_parser("plan", help="the fewest-step improvement plan of a village")
    idm_plan.add_argument("file", metavar="FILE", help="a record (JSON, or JSON Lines)")
    idm_plan.add_argument("--village", help="the village, when FILE holds several")
    idm_plan.add_argument("--year", type=int, help="the year, when FILE holds several")
    idm_plan.add_argument("--target", help="the status to reach (default: the next one)")
    idm_plan.add_argument("--format", choices=("text", "json"), default="text")
    idm_plan.set_defaults(run=_cmd_idm_plan)
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

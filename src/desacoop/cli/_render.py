"""Renderers of the command line: a command computes, a renderer writes what it found as
text to read, CSV or JSON to process. Every text cell of CSV is made inert
(:func:`~desacoop._neutral.for_cell`), every name written to a terminal shown as it is
(:func:`~desacoop._neutral.for_terminal`)."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any, TextIO

import attrs

from desacoop._neutral import for_terminal
from desacoop.errors import Problem

__all__: list[str] = []


#: What ``desacoop validate`` found of a file: its name, its document's kind (``None`` when
#: it could not be read), "ok", "invalid" or "missing", and its problems.
Checked = tuple[str, str | None, str, tuple[Problem, ...]]


def validation_json(results: Sequence[Checked], out: TextIO) -> None:
    """``{valid, files, problems: [{file, path, message}]}`` for editors and CI."""
    failed = any(status != "ok" for _, _, status, _ in results)
    report = {
        "valid": not failed,
        "files": [
            {"file": f, "status": status, "document": kind, "problems": len(problems)}
            for f, kind, status, problems in results
        ],
        "problems": [
            {"file": f, "path": p.path, "message": p.message}
            for f, _, _, problems in results
            for p in problems
        ],
    }
    out.write(json.dumps(report, indent=2, ensure_ascii=False) + "\n")


def validation_text(results: Sequence[Checked], said: dict[str, str], out: TextIO) -> None:
    """A line per file (``said``: how to say what a good file holds) and per problem."""
    for f, _, status, problems in results:
        if status == "ok":
            out.write(f"{f}: ok ({said[f]})\n")
        elif status == "missing":
            out.write(f"{f}: no such file\n")
        else:
            noun = "problem" if len(problems) == 1 else "problems"
            out.write(f"{f}: INVALID, {len(problems)} {noun}\n")
            for problem in problems:
                out.write(f"  {problem.path}: {problem.message}\n")


@attrs.frozen
class IdmSummary:
    """What ``desacoop idm summary`` found, for its renderers."""

    level: Any  #: the regions.Level of the counts
    years: tuple[int, ...]
    records: list[Any]  #: every VillageEvaluation read
    names: dict[Any, str]  #: village code -> name as the records give it
    tables: list[Any]  #: StatusSummary per year and region
    movements: list[Any]
    findings: list[tuple[Any, Any]]  #: (evaluation, finding)
    name: Callable[[Any], str]  #: a region's name, fit for the chosen format


def idm_summary_json(summary: IdmSummary, out: TextIO) -> None:
    level, chosen, evaluations, name = summary.level, summary.years, summary.records, summary.name
    tables, moved, found = summary.tables, summary.movements, summary.findings
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


def idm_summary_csv(summary: IdmSummary, out: TextIO) -> None:
    tables, moved, found, name = summary.tables, summary.movements, summary.findings, summary.name
    from desacoop._neutral import for_cell

    class _Cells:  # every text cell made inert (a name or message beginning with =)
        def __init__(self) -> None:
            self._writer = csv.writer(out, lineterminator="\n")

        def writerow(self, row: Sequence[object]) -> None:
            self._writer.writerow([v if isinstance(v, int) else for_cell(str(v)) for v in row])

    writer = _Cells()
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


def idm_summary_text(summary: IdmSummary, out: TextIO) -> None:
    from desacoop.evaluation import DevelopmentStatus
    from desacoop.evaluation.ministry import years

    level, chosen, evaluations, name = summary.level, summary.years, summary.records, summary.name
    tables, moved, found = summary.tables, summary.movements, summary.findings
    names, statuses = summary.names, list(DevelopmentStatus)
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
        out.write(
            f"  {e.village!s:<14} {e.year} {f.kind.value}: {f.path}\n      "
            f"{for_terminal(f.message)}\n"
        )


#: The renderers of ``desacoop idm summary``, by ``--format``.
IDM_SUMMARY: dict[str, Callable[[IdmSummary, TextIO], None]] = {
    "text": idm_summary_text,
    "csv": idm_summary_csv,
    "json": idm_summary_json,
}


def idm_plan_text(evaluation: Any, result: Any, target: Any, out: TextIO) -> None:
    """An improvement plan (or the lack of one) of a village's IDM record, to read."""
    r = evaluation.result
    out.write(
        f"{for_terminal(evaluation.name or '')} ({evaluation.village}), IDM {evaluation.year}: "
        f"{r.value} {r.status.label_id}\n"
    )
    if result is None:
        wanted = target or r.status
        out.write(f"Already {wanted.label_id} or above: nothing to plan.\n")
        return
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

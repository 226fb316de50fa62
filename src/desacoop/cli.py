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

Adding a command: a ``_cmd_NAME(args, out) -> int`` that writes only to ``out`` and
raises :class:`~desacoop.errors.ValidationError` for bad input; its sub-parser gets help
text on every argument, ``_writes(parser)`` when it writes output (``-o FILE``, written
atomically by :func:`main`) and ``_format_option`` for ``--format``; FILE arguments are
read with ``_read`` (``-`` for standard input, "no such file", the file named in errors)
and slow work is wrapped in ``with _Progress(label):``. :func:`main` owns the rest:
routing ``out``, the exit status, a broken pipe, an output encoding without the report's
symbols.
"""

from __future__ import annotations

import argparse
import codecs
import contextlib
import datetime as dt
import io
import os
import sys
import threading
import time
import unicodedata
from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import Any, TextIO

import attrs

from desacoop._neutral import for_terminal
from desacoop.agreement import Agreement
from desacoop.dates import parse_date
from desacoop.errors import MAX_PROBLEMS, Problem, ValidationError
from desacoop.serialization import load

__all__ = ["main"]

# -- shared plumbing: reading documents, writing output, progress ---------------------

#: Exit statuses (also shown by ``desacoop --help``).
EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
#: Exit status when the reader of the output went away (``| head``), as for any command a
#: shell sees killed by SIGPIPE (128 + 13).
EXIT_BROKEN_PIPE = 141

_EPILOG = """\
exit status:
  0    done: every document valid, the output written
  1    problems found: an invalid document, a missing or unreadable file
  2    wrong usage: an unknown command or option, a date that cannot be read
  141  the reader of the output stopped early (e.g. `| head -1`); nothing is printed

output:
  FILE may be '-' for standard input. -o FILE writes the output to FILE atomically
  (a temporary file beside it, then renamed): a failed command leaves FILE as it was.
  An output encoding that cannot show a character (PYTHONIOENCODING=ascii, a cp1252
  console) gets ASCII instead of it: bars as # and -, Σ as 'sum', ≥ as '>=', any other
  such character as '?'. Work that takes over a second shows a progress line on
  standard error when it is a terminal.
"""

#: ASCII stand-ins for the symbols reports use, for an output that cannot show them.
_ASCII = {
    "█": "#", "░": "-", "▒": "=", "│": "|", "·": ".", "–": "-", "—": "--", "−": "-",
    "×": "x", "÷": "/", "Σ": "sum ", "→": "->", "←": "<-", "≥": ">=", "≤": "<=",
    "≠": "!=", "…": "...", "‘": "'", "’": "'", "“": '"', "”": '"', "•": "*", "\u00a0": " ",
}  # fmt: skip


def _ascii_fallback(exc: UnicodeError) -> tuple[str, int]:
    """Codec error handler: an ASCII stand-in for each character the output cannot encode."""
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    text = exc.object[exc.start : exc.end]
    return "".join(_ascii(ch) for ch in text), exc.end


def _ascii(ch: str) -> str:
    if ch in _ASCII:
        return _ASCII[ch]
    folded = unicodedata.normalize("NFKD", ch).encode("ascii", "ignore").decode()
    return folded or "?"


_ASCII_ERRORS = "desacoop-ascii"
codecs.register_error(_ASCII_ERRORS, _ascii_fallback)


def _fit_encoding(stream: object) -> None:
    """Let a console stream that cannot write every character write ASCII stand-ins."""
    if isinstance(stream, io.TextIOWrapper) and stream.errors in ("strict", "surrogateescape"):
        with contextlib.suppress(ValueError, OSError):  # a closed or unusual stream
            stream.reconfigure(errors=_ASCII_ERRORS)


class _NoSuchFile(ValidationError):
    """A FILE argument that does not exist (reported as such, not as an invalid document)."""


class _Usage(Exception):
    """Options that do not go together: reported as wrong usage (exit status 2)."""


def _version() -> str:
    from importlib import metadata

    try:
        return metadata.version("desacoop")
    except metadata.PackageNotFoundError:  # run from a source tree, not installed
        # The package's own attribute; the package is loaded before any of its modules.
        return str(getattr(sys.modules.get("desacoop"), "__version__", "unknown"))


def _quiet_stdout() -> None:
    """After a broken pipe: standard output goes to the null device, so the final flush
    at exit does not fail again (the recipe of Python's signal documentation)."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


#: The name a document read from standard input is reported under.
STDIN = "<stdin>"


def _label(name: str) -> str:
    return STDIN if name == "-" else name


def _read(name: str) -> Any:
    """The document in file ``name``, or on standard input for ``-``."""
    from desacoop.serialization import MAX_DOCUMENT_SIZE, from_json

    try:
        if name == "-":
            source = getattr(sys.stdin, "buffer", sys.stdin)
            if source is None:
                raise ValidationError("there is no standard input to read")
            data: str | bytes = source.read(MAX_DOCUMENT_SIZE + 1)
            with _Progress(f"reading {STDIN}"):
                return from_json(data)
        if not os.path.lexists(name):
            raise _NoSuchFile("no such file", problems=[Problem("$", "no such file")])
        with _Progress(f"reading {name}"):
            return load(name)
    except ValidationError as exc:  # name the file in the message, keep the problems
        raise type(exc)(f"{_label(name)}: {exc.message}", problems=exc.problems) from None


def _not_wanted(name: str, wanted: str, document: object) -> ValidationError:
    """A good document of the wrong kind, named with its file."""
    message = f"expected {wanted}, got {type(document).__name__}"
    return ValidationError(
        f"{_label(name)}: 1 problem:\n  $.document: {message}",
        problems=[Problem("$.document", message)],
    )


def _write_output(name: str, text: str) -> None:
    """Write a command's output to ``name`` atomically (``-o FILE``)."""
    from desacoop.serialization import write_atomic

    write_atomic(name, text)


def _output(
    parser: argparse.ArgumentParser, help: str, *, metavar: str = "FILE", required: bool = False
) -> argparse.ArgumentParser:
    """The one ``-o/--output`` option (``args.output``), as pip declares a shared option once
    (``cmdoptions``) and gives each command its own help. Every FILE it names is written
    through :func:`~desacoop.serialization.write_atomic`: by :func:`main` for a command
    that writes to ``out``, by the library's writers for the others."""
    parser.add_argument(
        "-o", "--output", dest="output", metavar=metavar, required=required, help=help
    )
    return parser


def _writes(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Give a command that writes its output to ``out`` the ``-o/--output FILE`` option.

    The pattern for every command: its ``run(args, out)`` writes to ``out`` only; ``main``
    sends ``out`` to standard output, or to FILE (atomically) when ``-o FILE`` is given.
    """
    parser.set_defaults(output_is_out=True)
    return _output(
        parser,
        "write the output to FILE instead of standard output, atomically: FILE is "
        "replaced only once the whole output is ready ('-': standard output)",
    )


def _format_option(parser: argparse.ArgumentParser, choices: Sequence[str], what: str) -> None:
    parser.add_argument(
        "--format",
        choices=tuple(choices),
        default=choices[0],
        help=f"{what} (default: {choices[0]})",
    )


class _Progress:
    """A progress line on standard error for work that takes over a second.

    Silent when the stream is not a terminal (a pipe, a file, a CI log). With a ``total``
    it draws a bar and a count (call :meth:`advance`); without, the seconds so far. The
    line is drawn by a background thread, so opaque calls (``load``, ``progress``) show it
    too, and it is erased when the work ends.
    """

    def __init__(
        self,
        label: str,
        total: int | None = None,
        *,
        stream: TextIO | None = None,
        delay: float = 1.0,
        interval: float = 0.2,
    ) -> None:
        self.label = label
        self.total = total
        self.done = 0
        self._stream = stream if stream is not None else sys.stderr
        self._delay, self._interval = delay, interval
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._started = 0.0
        self._width = 0

    def __enter__(self) -> _Progress:
        try:
            terminal = self._stream.isatty()
        except (AttributeError, ValueError):  # a closed or unusual stream
            terminal = False
        if terminal:
            self._started = time.monotonic()
            self._thread = threading.Thread(target=self._run, daemon=True)
            self._thread.start()
        return self

    def advance(self, count: int = 1) -> None:
        """Count ``count`` more units of the work done."""
        self.done += count

    def line(self) -> str:
        """The progress line as it is drawn now."""
        seconds = time.monotonic() - self._started
        if not self.total:
            return f"{self.label} ... {seconds:.0f} s"
        share = min(self.done / self.total, 1.0)
        filled = round(share * 20)
        return (
            f"{self.label} [{'#' * filled}{'-' * (20 - filled)}] {share:4.0%} "
            f"({self.done:,}/{self.total:,}) {seconds:.0f} s"
        )

    def _run(self) -> None:
        if self._stop.wait(self._delay):
            return
        while True:
            self._draw(self.line())
            if self._stop.wait(self._interval):
                return

    def _draw(self, text: str) -> None:
        with contextlib.suppress(OSError, ValueError):  # never fail the work for the line
            self._stream.write("\r" + text.ljust(self._width))
            self._stream.flush()
            self._width = len(text)

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
            if self._width:
                with contextlib.suppress(OSError, ValueError):
                    self._stream.write("\r" + " " * self._width + "\r")
                    self._stream.flush()


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


#: File name endings of JSON Lines (one document a line, as ``dump_jsonl`` writes).
_JSON_LINES = (".jsonl", ".ndjson", ".jsonlines")


def _validated(name: str) -> tuple[str, str]:
    """What file ``name`` holds: its document's kind and how to say it, or for JSON Lines
    (by its name, or a file of several documents one a line) the kinds of its records."""
    from collections import Counter

    from desacoop.serialization import iter_jsonl

    lines = name != "-" and name.lower().endswith(_JSON_LINES)
    if not lines:
        try:
            kind = type(_read(name)).__name__
            return kind, kind
        except _NoSuchFile:
            raise
        except ValidationError as exc:
            # json's words for a second document after the first: read it as JSON Lines
            if name == "-" or "Extra data" not in exc.problems[0].message:
                raise
    if not os.path.lexists(name):
        raise _NoSuchFile("no such file", problems=[Problem("$", "no such file")])
    with _Progress(f"reading {name}"):
        kinds = Counter(type(record).__name__ for record in iter_jsonl(name))
    counted = ", ".join(f"{n} {kind}" for kind, n in kinds.items()) or "no records"
    return ", ".join(kinds) or "", f"JSON Lines: {counted}"


def _cmd_validate(args: argparse.Namespace, out: TextIO) -> int:
    # (file, document kind or None, "ok" | "invalid" | "missing", problems)
    results: list[tuple[str, str | None, str, tuple[Problem, ...]]] = []
    said: dict[str, str] = {}
    for name in args.files:
        try:
            kind, said[_label(name)] = _validated(name)
        except _NoSuchFile as exc:
            results.append((_label(name), None, "missing", exc.problems))
        except ValidationError as exc:
            results.append((_label(name), None, "invalid", exc.problems))
        else:
            results.append((_label(name), kind, "ok", ()))
    failed = any(status != "ok" for _, _, status, _ in results)
    if args.format == "json":
        import json

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
        return EXIT_PROBLEMS if failed else EXIT_OK
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
    return EXIT_PROBLEMS if failed else EXIT_OK


def _cmd_report(args: argparse.Namespace, out: TextIO) -> int:
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
                    for problem in exc.problems or (Problem("$", exc.message),):
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


def _cmd_idm_summary(args: argparse.Namespace, out: TextIO) -> int:
    import csv
    import json

    from desacoop.evaluation import DevelopmentStatus, summarise
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
        out.write(
            f"  {e.village!s:<14} {e.year} {f.kind.value}: {f.path}\n      "
            f"{for_terminal(f.message)}\n"
        )
    return 0


def _cmd_idm_plan(args: argparse.Namespace, out: TextIO) -> int:
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
    target = args.target
    result = plan(evaluation.result, target=target)
    if args.format == "json":
        out.write((to_json(result) if result is not None else "null") + "\n")
        return 0
    r = evaluation.result
    out.write(
        f"{for_terminal(evaluation.name or '')} ({evaluation.village}), IDM {evaluation.year}: "
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


def _registry(path: str | None) -> Any:
    from desacoop.registry import RegionRegistry

    return None if path is None else RegionRegistry.from_csv(path, edition=path)


def _plan(path: str) -> Any:
    from desacoop.monitoring import MonitoringPlan

    document: Any = _read(path)
    if not isinstance(document, MonitoringPlan):
        raise _not_wanted(path, "a MonitoringPlan", document)
    return document


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


def _cmd_export(args: argparse.Namespace, out: TextIO) -> int:
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


def _cmd_template(args: argparse.Namespace, out: TextIO) -> int:
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


def _cmd_import(args: argparse.Namespace, out: TextIO) -> int:
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
    show = _writes(
        sub.add_parser(
            "show",
            help="summarise an agreement (default: the bundled example)",
            epilog=_EPILOG,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
    )
    show.add_argument(
        "file",
        nargs="?",
        metavar="FILE",
        help="an Agreement document, or one that holds an agreement such as a MonitoringPlan; "
        "'-' reads standard input (default: the bundled Kalsel–Jatim agreement)",
    )
    show.add_argument(
        "--as-of", type=_date, help="also show the agreement's status on this date (text only)"
    )
    _format_option(
        show, ("text", "json"), "text: a readable summary; json: the agreement as a document"
    )
    show.add_argument(
        "--language",
        choices=("en", "id"),
        default=None,
        help="labels in English (en) or Bahasa Indonesia (id) only (default: both, "
        "Indonesian first)",
    )
    show.set_defaults(run=_cmd_show)
    validate = _writes(
        sub.add_parser(
            "validate",
            help="check documents and list every problem",
            epilog=_EPILOG,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
    )
    validate.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help="desacoop JSON documents to check ('-' reads standard input); UTF-8, with or "
        "without a byte-order mark",
    )
    _format_option(
        validate,
        ("text", "json"),
        "text: a line per file and per problem; json: {valid, files, problems: [{file, path, "
        "message}]} for editors and CI",
    )
    validate.set_defaults(run=_cmd_validate)
    report = _writes(
        sub.add_parser(
            "report",
            help="progress of a monitoring plan",
            epilog=_EPILOG,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
    )
    report.add_argument(
        "file",
        nargs="?",
        metavar="FILE",
        help="a MonitoringPlan document (default: bundled), or a saved JSON ProgressReport "
        "to render again; '-' reads standard input",
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
        "--show-undeclared",
        action="store_true",
        help="also show, apart and in no total, the data of regions that are not declared "
        "reporters (always listed under 'Data gaps')",
    )
    report.add_argument(
        "--as-of",
        type=_date,
        help="date of the report, e.g. 2024-12-31 or '31 Desember 2024' "
        "(default: today, or the end of the plan's monitoring window if earlier)",
    )
    report.add_argument(
        "--format",
        choices=("text", "json", "markdown", "html"),
        default="text",
        help="text for a terminal, markdown, json (a ProgressReport document that renders "
        "again), or html (one standalone page) (default: text)",
    )
    report.add_argument(
        "--language",
        choices=("en", "id"),
        default="en",
        help="labels in English (en) or Bahasa Indonesia (id)",
    )
    report.set_defaults(run=_cmd_report)
    schema = _writes(
        sub.add_parser("schema", help="JSON Schema (Draft 2020-12) of a document kind")
    )
    schema.add_argument("kind", nargs="?", help="a document kind, e.g. Agreement (default: list)")
    schema.set_defaults(run=_cmd_schema)
    idm = sub.add_parser("idm", help="the ministry's published IDM records")
    idm_sub = idm.add_subparsers(dest="idm_command", required=True, metavar="ACTION")
    summary = _writes(
        idm_sub.add_parser("summary", help="status counts per region, moves, findings")
    )
    summary.add_argument("files", nargs="+", metavar="FILE", help="JSON or JSON Lines records")
    summary.add_argument(
        "--level",
        choices=("province", "regency", "district"),
        default="province",
        help="count statuses per province, regency or district (default: province)",
    )
    summary.add_argument("--year", type=int, help="only this year (default: every year)")
    _format_option(summary, ("text", "csv", "json"), "tables to read, or csv/json to process")
    summary.add_argument("--regions", metavar="FILE", help="a code,name CSV region list for names")
    summary.set_defaults(run=_cmd_idm_summary)
    idm_plan = _writes(
        idm_sub.add_parser("plan", help="the fewest-step improvement plan of a village")
    )
    idm_plan.add_argument("file", metavar="FILE", help="a record (JSON, or JSON Lines)")
    idm_plan.add_argument("--village", help="the village, when FILE holds several")
    idm_plan.add_argument("--year", type=int, help="the year, when FILE holds several")
    idm_plan.add_argument(
        "--target", type=_status, help="the status to reach (default: the next one)"
    )
    _format_option(idm_plan, ("text", "json"), "text to read, or json (an ImprovementPlan)")
    idm_plan.set_defaults(run=_cmd_idm_plan)
    export = sub.add_parser("export", help="a tidy table: one row per fact (csv or parquet)")
    export.add_argument("file", metavar="FILE", help="a MonitoringPlan, or IDM records")
    export.add_argument(
        "--what",
        choices=("observations", "figures", "evaluations"),
        default=None,
        help="observations or progress figures of a plan, or village evaluations of IDM "
        "records (default: observations)",
    )
    _format_option(
        export, ("csv", "parquet"), "csv (opens in any spreadsheet) or parquet (needs -o FILE)"
    )
    _output(
        export, "the file to write, atomically (csv: default standard output; parquet: required)"
    )
    export.add_argument("--as-of", type=_date, help="date of the figures (default: today)")
    export.add_argument("--regions", metavar="FILE", help="a code,name CSV region list for names")
    export.set_defaults(run=_cmd_export)
    template = sub.add_parser("template", help="a data-entry workbook (xlsx) or CSV for a plan")
    template.add_argument("plan", metavar="PLAN", help="a MonitoringPlan document")
    template.add_argument("--indicator", nargs="+", metavar="ID", help="default: every one")
    template.add_argument("--period", required=True, help="2024, 2024S1, 2024Q1 or 2024-03")
    _output(template, "entry.xlsx or entry.csv, written atomically", required=True)
    template.add_argument("--regions", metavar="FILE", help="a code,name CSV region list")
    template.set_defaults(run=_cmd_template)
    entry = sub.add_parser("import", help="read a filled template into a plan")
    entry.add_argument("plan", metavar="PLAN", help="a MonitoringPlan document")
    entry.add_argument("entry", metavar="ENTRY", help="the filled .xlsx or .csv")
    _output(entry, "where to write the plan, atomically (default: PLAN itself)", metavar="PLAN")
    entry.add_argument("--partial", action="store_true", help="import the valid rows only")
    entry.add_argument("--rejected", metavar="FILE", help="with --partial: rejected rows CSV")
    entry.add_argument("--recorded-on", type=_date, help="the recording date (default: today)")
    entry.set_defaults(run=_cmd_import)
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


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())

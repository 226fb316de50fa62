"""``desacoop validate``: every problem of each document, with its JSON path."""

from __future__ import annotations

import argparse
import os
from typing import TextIO

from desacoop.cli import _options as option
from desacoop.cli import _render as render
from desacoop.cli._base import EXIT_OK, EXIT_PROBLEMS, _label, _NoSuchFile, _read
from desacoop.cli._terminal import _Progress
from desacoop.errors import Problem, ValidationError

__all__: list[str] = []

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


def arguments(validate: argparse.ArgumentParser) -> None:
    validate.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help="desacoop JSON documents to check ('-' reads standard input); UTF-8, with or "
        "without a byte-order mark",
    )
    option.format_(
        validate,
        ("text", "json"),
        "text: a line per file and per problem; json: {valid, files, problems: [{file, path, "
        "message}]} for editors and CI",
    )


def run(args: argparse.Namespace, out: TextIO) -> int:
    results: list[render.Checked] = []
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
        render.validation_json(results, out)
    else:
        render.validation_text(results, said, out)
    return EXIT_PROBLEMS if failed else EXIT_OK

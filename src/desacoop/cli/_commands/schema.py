"""``desacoop schema``: the JSON Schema of a document kind, or the list of kinds."""

from __future__ import annotations

import argparse
from typing import TextIO

from desacoop.errors import ValidationError

__all__: list[str] = []


def arguments(schema: argparse.ArgumentParser) -> None:
    schema.add_argument("kind", nargs="?", help="a document kind, e.g. Agreement (default: list)")


def run(args: argparse.Namespace, out: TextIO) -> int:
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

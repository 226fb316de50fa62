"""What every command shares: exit statuses, the errors a command raises, and reading the
FILE arguments (``-`` for standard input, "no such file", the file named in its errors)."""

from __future__ import annotations

import os
import sys
from typing import Any

from desacoop.cli._terminal import _Progress
from desacoop.errors import Problem, ValidationError
from desacoop.serialization import load

__all__: list[str] = []
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
    """Write a command's output to ``name`` atomically (``-o FILE``): the one writer of
    every output :func:`desacoop.cli.main` routes to a file."""
    from desacoop.serialization import write_atomic

    write_atomic(name, text)


def _registry(path: str | None) -> Any:
    from desacoop.registry import RegionRegistry

    return None if path is None else RegionRegistry.from_csv(path, edition=path)


def _plan(path: str) -> Any:
    from desacoop.monitoring import MonitoringPlan

    document: Any = _read(path)
    if not isinstance(document, MonitoringPlan):
        raise _not_wanted(path, "a MonitoringPlan", document)
    return document

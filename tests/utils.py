"""Helpers the test modules share: where the reference data lives, and what a test does when
something it needs is absent (a reference file, Chromium, an extra).

Outside CI such a test skips and says why. In CI (``CI`` set) and with ``--slow`` it fails
with the same reason: a run that asks for every test cannot pass by skipping some
(``conftest.py`` sets :data:`every_test` from the options).
"""

from __future__ import annotations

import ast
import importlib
import os
import types
from pathlib import Path
from typing import NoReturn

import pytest

#: ``shared/`` beside the checkout (the project's reference data; never copied in).
SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"

#: Whether every test must run (CI, or ``--slow``): a missing need then fails the test.
every_test = bool(os.environ.get("CI"))


def missing(reason: str) -> NoReturn:
    """Something a test needs is absent: skip with ``reason``, or in CI and with ``--slow``
    fail with it. Usable at module level, as ``pytest.importorskip`` is."""
    if every_test:
        pytest.fail(f"{reason} (CI and --slow run every test: nothing may be skipped)", False)
    pytest.skip(reason, allow_module_level=True)


def need(module: str) -> types.ModuleType:
    """``module`` imported (an extra such as pandas or openpyxl), else :func:`missing`."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        missing(f"{module} cannot be imported ({exc}): pip install -e '.[test]'")


def shared_file(*parts: str) -> Path:
    """A file of the shared reference data; when it is absent, :func:`missing`."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        missing(f"reference data not found: {path} (shared/ must sit beside the checkout)")
    return path


# -- the package's shape (tests/test_architecture.py, tests/test_evaluation_layers.py) --

#: Edges a core class may import only locally, inside one named method: the HTML a notebook
#: shows, the text print() writes and the DataFrame an analyst asks for are made at the edge,
#: on demand. Method name → the edges its body may import.
LOCAL_EDGE_IMPORTS = {
    "_repr_html_": {"desacoop.html", "desacoop.report"},
    "__str__": {"desacoop.html", "desacoop.report"},
    "to_frame": {"desacoop.dataframe"},
    "explain": {"desacoop._presentation"},
}


def display_only(node: ast.Import | ast.ImportFrom, allowed: set[str]) -> bool:
    """Whether an import names nothing but ``allowed`` edges (``from desacoop import html``)."""
    if isinstance(node, ast.Import):
        names = {alias.name for alias in node.names}
    elif node.level == 0 and node.module == "desacoop":
        names = {f"desacoop.{alias.name}" for alias in node.names}
    else:
        names = {node.module or ""} if node.level == 0 else {""}
    return all(name in allowed for name in names)

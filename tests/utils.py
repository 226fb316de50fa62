"""Helpers the test modules share: where the reference data lives, and what a test does when
something it needs is absent (a reference file, Chromium, an extra).

Outside CI such a test skips and says why. In CI (``CI`` set) and with ``--slow`` it fails
with the same reason: a run that asks for every test cannot pass by skipping some
(``conftest.py`` sets :data:`every_test` from the options).
"""

from __future__ import annotations

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

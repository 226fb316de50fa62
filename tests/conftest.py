"""Shared test set-up: Hypothesis profiles, the ``--slow`` option, and in CI or with
``--slow`` no skipping for want of a reference file, browser or extra (:mod:`tests.utils`)."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

from . import utils

settings.register_profile("default", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile(
    "ci", deadline=None, max_examples=150, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("ci" if os.environ.get("CI") else "default")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--slow",
        action="store_true",
        help="also run the tests marked slow; a missing reference file, browser or extra "
        "fails the test instead of skipping it (as in CI)",
    )


def pytest_configure(config: pytest.Config) -> None:
    utils.every_test = bool(os.environ.get("CI")) or bool(config.getoption("--slow"))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Deselect ``slow`` tests unless in CI, asked for (``--slow``) or chosen with ``-m``."""
    if os.environ.get("CI") or config.getoption("--slow") or config.getoption("markexpr"):
        return
    kept = [item for item in items if item.get_closest_marker("slow") is None]
    if len(kept) != len(items):
        config.hook.pytest_deselected(items=[i for i in items if i not in kept])
        items[:] = kept

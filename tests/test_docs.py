"""Every example in the guides and the docstrings runs."""

from __future__ import annotations

import doctest
import importlib
import pkgutil
from pathlib import Path

import pytest

import desacoop

ROOT = Path(__file__).resolve().parents[1]
GUIDES = sorted((ROOT / "docs").glob("*.md"))
MODULES = sorted(
    ["desacoop"] + [m.name for m in pkgutil.walk_packages(desacoop.__path__, prefix="desacoop.")]
)


@pytest.mark.parametrize("guide", GUIDES, ids=lambda p: p.name)
def test_guide_examples(guide: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = doctest.testfile(
        str(guide), module_relative=False, optionflags=doctest.ELLIPSIS, verbose=False
    )
    assert result.failed == 0, f"{result.failed} example(s) failed in {guide.name}"


@pytest.mark.parametrize("module", MODULES)
def test_docstring_examples(module: str) -> None:
    mod = importlib.import_module(module)
    result = doctest.testmod(mod, optionflags=doctest.ELLIPSIS, verbose=False)
    assert result.failed == 0, f"{result.failed} example(s) failed in {module}"


def test_the_examples_are_found() -> None:
    """The doctest runs above would pass vacuously if no example were collected."""
    finder = doctest.DocTestFinder()
    counts = {
        m: sum(len(t.examples) for t in finder.find(importlib.import_module(m))) for m in MODULES
    }
    assert counts["desacoop"] >= 3
    assert sum(1 for c in counts.values() if c) >= 12, counts
    assert all(">>> " in guide.read_text(encoding="utf-8") for guide in GUIDES)


def test_readme_python_example_runs() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = [b.split("```", 1)[0] for b in text.split("```python\n")[1:]]
    assert blocks, "the README has a Python example"
    for block in blocks:
        exec(compile(block, "README.md", "exec"), {})

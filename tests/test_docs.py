"""Every example in the guides, the README and the docstrings runs."""

from __future__ import annotations

import doctest
import importlib
import io
import pkgutil
import re
from pathlib import Path

import pytest

import desacoop
from desacoop.cli import main
from desacoop.labels import LabelledEnum

from .utils import SHARED, missing

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
#: Every Markdown page of the docs site (sub-folders included, the build output not).
GUIDES = sorted(p for p in DOCS.rglob("*.md") if "_build" not in p.relative_to(DOCS).parts)
README = ROOT / "README.md"
#: Pages that have no ``>>>`` example by design: the glossary (terms and glosses) and the
#: API reference (autodoc directives; its examples are the docstrings, run below). Every
#: other page must show runnable examples.
WITHOUT_EXAMPLES = frozenset(
    {
        "api.md",
        "api-agreements.md",
        "api-evaluation.md",
        "api-progress.md",
        "api-support.md",
        "glossary.md",
    }
)
MODULES = sorted(
    ["desacoop"] + [m.name for m in pkgutil.walk_packages(desacoop.__path__, prefix="desacoop.")]
)
GLOSSARY = DOCS / "glossary.md"
#: The markers around the glossary's generated part.
LABELS_START = (
    "<!-- generated from desacoop's LabelledEnum classes: python -m tests.test_docs rewrites it -->"
)
LABELS_END = "<!-- end of the generated labels -->"


def _name(path: Path) -> str:
    return path.relative_to(DOCS).as_posix() if path.is_relative_to(DOCS) else path.name


def _run(path: Path, monkeypatch: pytest.MonkeyPatch) -> doctest.TestResults:
    """Doctest ``path`` from the repository's root (where ``../shared/data`` resolves)."""
    monkeypatch.chdir(ROOT)
    text = path.read_text(encoding="utf-8")
    if "../shared/data/" in text and not SHARED.is_dir():
        missing(f"{_name(path)} reads the reference data, not found at {SHARED}")
    return doctest.testfile(
        str(path), module_relative=False, optionflags=doctest.ELLIPSIS, verbose=False
    )


@pytest.mark.parametrize("guide", GUIDES, ids=_name)
def test_guide_examples(guide: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = _run(guide, monkeypatch)
    assert result.failed == 0, f"{result.failed} example(s) failed in {_name(guide)}"


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
    names = {_name(g) for g in GUIDES}
    assert {"index.md", "tutorial.md", "glossary.md"} <= names, names
    assert any(n.startswith("howto") for n in names), names
    assert names >= WITHOUT_EXAMPLES, f"listed but missing: {sorted(WITHOUT_EXAMPLES - names)}"
    for guide in GUIDES:
        has_examples = ">>> " in guide.read_text(encoding="utf-8")
        if _name(guide) in WITHOUT_EXAMPLES:
            assert not has_examples, f"{_name(guide)} has examples: take it off WITHOUT_EXAMPLES"
        else:
            assert has_examples, f"{_name(guide)} has no >>> example"


def test_readme_examples_are_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    """The README's Python blocks are doctests, so every result they show is checked."""
    text = README.read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.DOTALL)
    assert blocks, "the README has a Python example"
    for block in blocks:
        assert block.startswith(">>> "), f"a README Python block is not a doctest: {block[:60]!r}"
    result = _run(README, monkeypatch)
    assert result.failed == 0, f"{result.failed} example(s) failed in README.md"
    assert result.attempted >= 20, result


def label_tables() -> str:
    """A Markdown table per public ``LabelledEnum`` (value, Indonesian, English), by module."""

    def cell(text: str) -> str:
        return text.replace("|", "\\|")

    parts = []
    for name in MODULES:
        if any(part.startswith("_") for part in name.split(".")) or ".strategies" in name:
            continue
        module = importlib.import_module(name)
        for attr in getattr(module, "__all__", ()):
            enum = getattr(module, attr)
            if (
                not (isinstance(enum, type) and issubclass(enum, LabelledEnum))
                or enum is LabelledEnum
            ):
                continue
            # listed where it is defined, or by the package whose private module defines it
            home = ".".join(p for p in enum.__module__.split(".") if not p.startswith("_"))
            if home != name:
                continue
            rows = [f"| `{m.value}` | {cell(m.label_id)} | {cell(m.label_en)} |" for m in enum]
            parts.append(
                f"### {enum.__name__}\n\n`{name}.{enum.__name__}`\n\n"
                "| value | Bahasa Indonesia | English |\n|---|---|---|\n" + "\n".join(rows)
            )
    return "\n\n".join(parts)


def _glossary_with_labels(text: str) -> str:
    head, rest = text.split(LABELS_START + "\n", 1)
    _, tail = rest.split(LABELS_END, 1)
    return f"{head}{LABELS_START}\n\n{label_tables()}\n\n{LABELS_END}{tail}"


def test_the_glossary_lists_every_label() -> None:
    """The glossary's label tables are those of the code (``python -m tests.test_docs``)."""
    text = GLOSSARY.read_text(encoding="utf-8")
    assert text == _glossary_with_labels(text), "run python -m tests.test_docs to update"
    assert "`sangat-tertinggal` | Sangat Tertinggal | very underdeveloped |" in text


def test_the_docs_build_is_named_and_run_in_ci() -> None:
    """One command builds the site with warnings as errors: the README names it, CI runs it."""
    command = "sphinx-build -W --keep-going"
    assert "pip install -e '.[docs]' && " + command in README.read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "pip install --quiet -e '.[docs]'" in ci
    assert f"{command} -q -b html docs docs/_build/html" in ci
    extra = re.search(r"^docs = \[(.*)\]$", (ROOT / "pyproject.toml").read_text(), re.M)
    assert extra, "pyproject.toml has a docs extra"
    assert all(name in extra.group(1) for name in ('"sphinx', '"furo', '"myst-parser'))


def test_the_api_reference_covers_every_public_module() -> None:
    """A new module must be added to one of the docs/api-*.md pages (autodoc)."""
    text = "".join(page.read_text(encoding="utf-8") for page in DOCS.glob("api*.md"))
    documented = set(re.findall(r"^\.\. automodule:: (\S+)$", text, flags=re.M))
    public = {m for m in MODULES if not any(part.startswith("_") for part in m.split("."))}
    assert public - documented == set(), "add these modules to a docs/api-*.md page"
    assert documented - public == set(), "these modules are gone or private"


def test_the_index_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    """The command-line summary of docs/index.md names every ``desacoop`` command."""
    with pytest.raises(SystemExit):
        main(["--help"], out=io.StringIO())
    usage = capsys.readouterr().out
    commands = re.findall(r"^    (\w+) ", usage.split("COMMAND", 2)[2], flags=re.M)
    assert {"show", "validate", "report"} <= set(commands), usage
    listed = (DOCS / "index.md").read_text(encoding="utf-8").split("## The command line")[1]
    assert [c for c in commands if f"desacoop {c} " not in listed] == []


if __name__ == "__main__":  # rewrite the glossary's generated part
    GLOSSARY.write_text(
        _glossary_with_labels(GLOSSARY.read_text(encoding="utf-8")), encoding="utf-8"
    )

"""The reference pages (issue 21, point 20): the API reference lists enumeration members,
the docs have an install page, and pytest's own run is free of warnings."""

from __future__ import annotations

import importlib.util
import re
import tomllib
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"


def _conf() -> ModuleType:
    spec = importlib.util.spec_from_file_location("docs_conf", DOCS / "conf.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _listed(cls: type) -> list[str]:
    lines: list[str] = ["The docstring."]
    _conf().list_enum_members(None, "class", cls.__qualname__, cls, None, lines)
    return [line for line in lines if line.startswith("- ``")]


def test_the_api_reference_lists_every_member_of_an_enumeration() -> None:
    from desacoop.monitoring import Aggregation, Measure
    from desacoop.scope import ScopeArea

    areas = _listed(ScopeArea)
    assert len(areas) == 16
    assert any(a.startswith("- ``BUM_DESA`` = ``'bum-desa'``: ") for a in areas)
    assert len(_listed(Measure)) == len(Measure)
    assert len(_listed(Aggregation)) == len(Aggregation)
    lines: list[str] = []
    _conf().list_enum_members(None, "class", "Agreement", object, None, lines)
    assert lines == []  # other classes are left as they are


def test_the_docs_have_an_install_page_in_the_index() -> None:
    page = (DOCS / "install.md").read_text(encoding="utf-8")
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "optional-dependencies"
    ]
    for extra in ("pandas", "excel", "parquet", "hypothesis", "docs", "test"):
        assert extra in extras
        assert f"| `{extra}` |" in page, extra
    index = (DOCS / "index.md").read_text(encoding="utf-8")
    assert "(install.md)" in index
    assert re.search(r":caption: Start here\n:hidden:\n\ninstall\n", index)


def test_pytest_turns_warnings_into_errors() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert config["tool"]["pytest"]["ini_options"]["filterwarnings"][0] == "error"

"""The shape of the package: a pure core, one converter, labelled enums, one error family."""

from __future__ import annotations

import ast
import enum
import importlib
import pkgutil
from pathlib import Path

import pytest

import desacoop
from desacoop.labels import LabelledEnum

PACKAGE = Path(desacoop.__file__).parent

#: Modules of the pure domain core: no I/O, no cattrs, no edge module imported.
CORE = {
    "agreement", "dates", "errors", "labels", "regions", "scope", "_checks",
    "monitoring", "progress", "evaluation", "idm", "products", "enterprises", "cadres",
}  # fmt: skip
#: Edges: they may depend on the core, never the reverse.
EDGES = {"cli", "report", "strategies", "dataframe", "example", "registry", "serialization"}
FORBIDDEN_IN_CORE = {"cattrs", "json", "pathlib", "csv", "io", "os", "sys", "pandas", "numpy"}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("module", sorted(CORE))
def test_core_modules_stay_pure(module: str) -> None:
    path = PACKAGE / f"{module}.py"
    if not path.exists():
        pytest.skip(f"{module}.py does not exist")
    imported = _imports(path)
    roots = {name.split(".")[0] for name in imported}
    assert not roots & FORBIDDEN_IN_CORE, f"{module} imports {roots & FORBIDDEN_IN_CORE}"
    edges = {name.split(".")[1] for name in imported if name.startswith("desacoop.")} & EDGES
    assert not edges, f"{module} depends on edge modules {edges}"
    source = path.read_text(encoding="utf-8")
    assert "open(" not in source


def test_only_serialization_imports_cattrs() -> None:
    users = [
        p.stem for p in PACKAGE.glob("*.py") if "cattrs" in {n.split(".")[0] for n in _imports(p)}
    ]
    assert users == ["serialization"]


def _all_modules() -> list[str]:
    return [m.name for m in pkgutil.iter_modules([str(PACKAGE)])]


@pytest.mark.parametrize("module", _all_modules())
def test_modules_declare_all(module: str) -> None:
    mod = importlib.import_module(f"desacoop.{module}")
    assert hasattr(mod, "__all__"), module
    for name in mod.__all__:
        assert hasattr(mod, name), f"{module}.__all__ names {name}, which does not exist"


def test_every_enum_has_indonesian_and_english_labels() -> None:
    for module in _all_modules():
        mod = importlib.import_module(f"desacoop.{module}")
        for name in dir(mod):
            obj = getattr(mod, name)
            if (
                isinstance(obj, type)
                and issubclass(obj, enum.Enum)
                and obj.__module__.startswith("desacoop")
            ):
                assert issubclass(obj, LabelledEnum), f"{obj.__qualname__} is not a LabelledEnum"
                for member in obj:
                    assert member.label_id.strip(), member
                    assert member.label_en.strip(), member


def test_the_package_exports_are_complete_and_sorted() -> None:
    assert len(desacoop.__all__) == len(set(desacoop.__all__))
    for name in desacoop.__all__:
        assert hasattr(desacoop, name)


@pytest.mark.parametrize(
    ("text", "member"),
    [
        ("bum-desa", "BUM_DESA"),
        ("  BUM-DESA ", "BUM_DESA"),
        ("batas desa", "BOUNDARIES"),
        ("Village Boundaries", "BOUNDARIES"),
    ],
)
def test_enums_parse_values_and_labels(text: str, member: str) -> None:
    assert desacoop.ScopeArea.parse(text) is desacoop.ScopeArea[member]


@pytest.mark.parametrize("text", ["", "bumdes", 2, None])
def test_enum_parse_refuses_the_rest(text: object) -> None:
    with pytest.raises(desacoop.ValidationError, match="expected one of"):
        desacoop.ScopeArea.parse(text)

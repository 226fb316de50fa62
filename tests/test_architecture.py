"""The shape of the package, as failing tests: a pure core, edges that depend on it and never
the reverse, one converter, layered evaluation modules, a lazy front door, labelled enums."""

from __future__ import annotations

import ast
import enum
import importlib
import pkgutil
import subprocess
import sys
import types
from pathlib import Path

import attrs
import pytest

import desacoop
from desacoop.labels import LabelledEnum

from .utils import LOCAL_EDGE_IMPORTS, display_only

PACKAGE = Path(desacoop.__file__).parent

#: Edges: they may depend on the core, never the reverse. Everything else is the core.
EDGES = {
    "desacoop.__main__",
    "desacoop._formats",
    "desacoop._presentation",
    "desacoop.cli",
    "desacoop._cells",
    "desacoop._entry_rows",
    "desacoop._xlsx",
    "desacoop.dataframe",
    "desacoop.entry",
    "desacoop.example",
    "desacoop.export",
    "desacoop.html",
    "desacoop.registry",
    "desacoop.report",
    "desacoop.schema",
    "desacoop.serialization",
    "desacoop.spreadsheet",
    "desacoop.strategies",
}
#: Imports a core module must not make: no I/O, no converter, no optional extras.
FORBIDDEN_IN_CORE = {"cattrs", "json", "pathlib", "csv", "io", "os", "sys", "pandas", "numpy"}

#: The evaluation package's floors: a module may import only those on lower floors.
EVALUATION_FLOORS = [
    {"desacoop.evaluation.status"},
    {"desacoop.evaluation.schemes"},
    {"desacoop.evaluation.records"},
    {"desacoop.evaluation.idm"},
    {"desacoop.evaluation.kemendes", "desacoop.evaluation.bulk"},
    {"desacoop.evaluation.observations", "desacoop.evaluation.ministry"},
]


def _path(module: str) -> Path:
    relative = Path(*module.split(".")[1:])
    package = PACKAGE / relative / "__init__.py"
    return package if package.exists() else PACKAGE / relative.with_suffix(".py")


def _all_modules() -> list[str]:
    """Every module of the package, sub-packages included (strategies needs an extra)."""
    found = ["desacoop"]
    for info in pkgutil.walk_packages([str(PACKAGE)], prefix="desacoop."):
        found.append(info.name)
    return sorted(found)


def _owner(module: str) -> str:
    """The top-level unit a module belongs to: ``desacoop.evaluation.idm`` → evaluation."""
    parts = module.split(".")
    return ".".join(parts[:2])


def _imports(module: str) -> set[str]:
    """Absolute names imported anywhere in the module (TYPE_CHECKING blocks excluded)."""
    package = module if _path(module).name == "__init__.py" else module.rpartition(".")[0]
    return _imports_in(_path(module).read_text(encoding="utf-8"), package)


def _imports_in(source: str, package: str) -> set[str]:
    """Absolute names imported in ``source`` (a module of ``package``), leaving out
    TYPE_CHECKING blocks and display edges imported inside a display method."""
    tree = ast.parse(source)
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            node.body = []
    local: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and node.name in LOCAL_EDGE_IMPORTS:
            local.update(
                id(inner)
                for inner in ast.walk(node)
                if isinstance(inner, ast.Import | ast.ImportFrom)
                and display_only(inner, LOCAL_EDGE_IMPORTS[node.name])
            )
    for node in ast.walk(tree):
        if id(node) in local:
            continue
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0]
                names.add(f"{base}.{node.module}" if node.module else base)
            elif node.module:
                names.add(node.module)
                names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def _internal(imported: set[str]) -> set[str]:
    """The desacoop modules among imported names (``desacoop.x.Name`` → ``desacoop.x``)."""
    modules = set(_all_modules())
    found = set()
    for name in imported:
        while name and name not in modules:
            name = name.rpartition(".")[0]
        if name.startswith("desacoop."):
            found.add(name)
    return found


CORE = sorted(m for m in _all_modules() if m != "desacoop" and _owner(m) not in EDGES)


def test_the_lists_of_modules_are_not_empty() -> None:
    assert len(CORE) >= 15, CORE
    assert {"desacoop.agreement", "desacoop.rollup", "desacoop.evaluation.idm"} <= set(CORE)


@pytest.mark.parametrize("module", CORE)
def test_core_modules_stay_pure(module: str) -> None:
    imported = _imports(module)
    roots = {name.split(".")[0] for name in imported}
    assert not roots & FORBIDDEN_IN_CORE, f"{module} imports {roots & FORBIDDEN_IN_CORE}"
    edges = {_owner(m) for m in _internal(imported)} & EDGES
    assert not edges, f"{module} depends on edge modules {edges}"
    assert "open(" not in _path(module).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("source", "edge"),
    [
        ("from desacoop import html", "desacoop.html"),
        ("import desacoop.report", "desacoop.report"),
        ("def _repr_html_(self):\n    from desacoop import cli", "desacoop.cli"),
        ("def __repr__(self):\n    from desacoop import html", "desacoop.html"),
        ("def __str__(self):\n    from desacoop import html, cli", "desacoop.cli"),
        ("def helper():\n    from desacoop.report import render", "desacoop.report"),
        ("def to_frame(self):\n    from desacoop import html", "desacoop.html"),
        ("def _repr_html_(self):\n    import desacoop.dataframe", "desacoop.dataframe"),
        ("def frame(self):\n    from desacoop.dataframe import to_frame", "desacoop.dataframe"),
    ],
)
def test_display_edges_count_everywhere_but_inside_display_methods(source: str, edge: str) -> None:
    assert edge in _internal(_imports_in(source, "desacoop"))


@pytest.mark.parametrize(
    "source",
    [
        "class A:\n    def _repr_html_(self):\n        from desacoop import html",
        "class A:\n    def __str__(self):\n        from desacoop.report import render",
        "class A:\n    def to_frame(self):\n        from desacoop.dataframe import report_frame",
    ],
)
def test_core_classes_may_render_themselves_in_their_display_methods(source: str) -> None:
    assert _internal(_imports_in(source, "desacoop")) == set()


def test_the_command_line_is_a_package_no_other_module_imports() -> None:
    """desacoop.cli is an edge of its own modules (the table of commands, the shared options,
    the renderers, the terminal plumbing): they may use the core and the other edges, and
    nothing but the command line itself (and ``python -m desacoop``) may use them."""
    cli = {m for m in _all_modules() if _owner(m) == "desacoop.cli"}
    assert {
        "desacoop.cli._base",
        "desacoop.cli._commands",
        "desacoop.cli._options",
        "desacoop.cli._render",
        "desacoop.cli._terminal",
    } <= cli
    for module in _all_modules():
        if _owner(module) in {"desacoop.cli", "desacoop.__main__"}:
            continue
        users = {m for m in _internal(_imports(module)) if _owner(m) == "desacoop.cli"}
        assert not users, f"{module} imports the command line's {users}"


def test_only_serialization_imports_cattrs() -> None:
    """One module owns the converter and its hooks; the rest of serialization uses it."""
    users = [m for m in _all_modules() if "cattrs" in {n.split(".")[0] for n in _imports(m)}]
    assert users == ["desacoop.serialization._hooks"]


def test_no_module_imports_the_package_root() -> None:
    """The root re-exports; a module that imports it runs back up the layers."""
    for module in _all_modules():
        if module == "desacoop":
            continue
        tree = ast.parse(_path(module).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                assert "desacoop" not in {a.name for a in node.names}, module
            if isinstance(node, ast.ImportFrom) and node.module == "desacoop":
                for alias in node.names:
                    assert f"desacoop.{alias.name}" in _all_modules(), (module, alias.name)


@pytest.mark.parametrize(
    "module", sorted(m for floor in EVALUATION_FLOORS for m in floor)
)  # fmt: skip
def test_evaluation_modules_import_only_lower_floors(module: str) -> None:
    level = next(i for i, floor in enumerate(EVALUATION_FLOORS) if module in floor)
    allowed = set().union(*EVALUATION_FLOORS[:level])
    siblings = {m for m in _internal(_imports(module)) if m.startswith("desacoop.evaluation.")}
    assert siblings <= allowed, f"{module} imports {siblings - allowed} from its floor or above"
    outside = {m for m in _internal(_imports(module)) if not m.startswith("desacoop.evaluation")}
    if module != "desacoop.evaluation.observations":
        assert not outside & {"desacoop.monitoring", "desacoop.agreement", "desacoop.rollup"}, (
            f"{module} reaches the monitoring model: only evaluation.observations may"
        )


def _loaded_after(statement: str) -> set[str]:
    code = f"{statement}; import sys; print(' '.join(sorted(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    ).stdout
    return set(out.split())


def test_importing_the_package_loads_nothing_else() -> None:
    loaded = _loaded_after("import desacoop")
    assert {m for m in loaded if m.startswith("desacoop.")} == set()
    assert "attrs" not in loaded
    assert "cattrs" not in loaded


def test_computing_an_idm_score_does_not_load_the_agreement_model() -> None:
    loaded = _loaded_after("import desacoop; desacoop.idm.evaluate(iks=1, ike=1, ikl=1)")
    assert "desacoop.evaluation.idm" in loaded
    assert not loaded & {"desacoop.monitoring", "desacoop.agreement", "cattrs"}


def test_the_front_door_is_sorted_resolvable_and_hides_no_module() -> None:
    names = desacoop.__all__
    assert names == sorted(names)
    assert len(names) == len(set(names))
    assert len(names) < 45, "the front door is for the names a newcomer needs first"
    for name in names:
        value = getattr(desacoop, name)
        if (PACKAGE / f"{name}.py").exists() or (PACKAGE / name / "__init__.py").exists():
            assert isinstance(value, types.ModuleType), f"desacoop.{name} hides the module"
    assert callable(desacoop.progress)
    assert not isinstance(desacoop.progress, types.ModuleType)


def test_moved_names_still_resolve_with_a_warning() -> None:
    with pytest.warns(DeprecationWarning, match="from desacoop.evaluation import"):
        moved = desacoop.VillageEvaluation
    from desacoop.evaluation import VillageEvaluation

    assert moved is VillageEvaluation
    with pytest.raises(AttributeError):
        _ = desacoop.no_such_name


@pytest.mark.parametrize("module", [m for m in _all_modules() if "strategies" not in m])
def test_modules_declare_all(module: str) -> None:
    mod = importlib.import_module(module)
    assert hasattr(mod, "__all__"), module
    for name in mod.__all__:
        assert hasattr(mod, name), f"{module}.__all__ names {name}, which does not exist"


def test_every_enum_has_indonesian_and_english_labels() -> None:
    checked = 0
    for module in _all_modules():
        if "strategies" in module:
            continue
        mod = importlib.import_module(module)
        for name in getattr(mod, "__all__", ()):
            obj = getattr(mod, name)
            if isinstance(obj, type) and issubclass(obj, enum.Enum):
                assert issubclass(obj, LabelledEnum), f"{obj.__qualname__} is not a LabelledEnum"
                for member in obj:
                    assert member.label_id.strip(), member
                    assert member.label_en.strip(), member
                checked += 1
    assert checked >= 30


def test_every_public_attrs_class_is_a_registered_document() -> None:
    from desacoop.serialization import VALUE_TYPES, document_kinds

    public = set()
    for module in _all_modules():
        if "strategies" in module or module == "desacoop":
            continue
        if any(part.startswith("_") for part in module.split(".")[1:]):
            continue  # a private module's names are its package's business (rollup._index)
        mod = importlib.import_module(module)
        for name in getattr(mod, "__all__", ()):
            obj = getattr(mod, name)
            if isinstance(obj, type) and attrs.has(obj) and obj not in VALUE_TYPES:
                public.add(obj)
    registered = set(document_kinds().values())
    assert public - registered == set(), "public attrs classes missing from DOCUMENTS"
    assert registered - public == set(), "DOCUMENTS lists classes no module exports"
    assert {cls.__name__ for cls in registered} == set(document_kinds())


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


# -- no edge reaches into another module's private names ---------------------------------

#: Private names an edge still imports from another public module, until their owner makes
#: them public. Empty since serialization published its PATTERNS; it may shrink, never grow.
PRIVATE_IMPORTS_TOLERATED: set[tuple[str, str]] = set()


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _private_names_used(source: str, package: str) -> set[str]:
    """``module._name`` for every private name ``source`` takes from a public desacoop
    module: imported (``from desacoop.report import _behind``) or read off an imported
    module (``report._behind``). Private modules (``_checks``) and their names are shared
    on purpose and left out, as are dunders and a public name given a private alias."""
    modules = set(_all_modules())
    tree = ast.parse(source)
    bound: dict[str, str] = {}  # local name -> public desacoop module
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in modules and alias.asname:
                    bound[alias.asname] = alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0]
                module = f"{base}.{node.module}" if node.module else base
            else:
                module = node.module or ""
            if not module.startswith("desacoop") or any(map(_private, module.split("."))):
                continue
            for alias in node.names:
                if f"{module}.{alias.name}" in modules:  # a module itself
                    if not _private(alias.name):
                        bound[alias.asname or alias.name] = f"{module}.{alias.name}"
                elif _private(alias.name):
                    found.add(f"{module}.{alias.name}")
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and _private(node.attr):
            owner = ast.unparse(node.value)
            module = bound.get(owner, owner)
            if module in modules and not any(map(_private, module.split("."))):
                found.add(f"{module}.{node.attr}")
    return found


@pytest.mark.parametrize(
    ("source", "found"),
    [
        ("from desacoop.report import _behind", {"desacoop.report._behind"}),
        ("from desacoop.report import _WORDS as words", {"desacoop.report._WORDS"}),
        ("from desacoop import report\nreport._behind(r)", {"desacoop.report._behind"}),
        ("import desacoop.report as r\nr._WORDS", {"desacoop.report._WORDS"}),
        ("import desacoop.report\ndesacoop.report._cell('x')", {"desacoop.report._cell"}),
        ("def f():\n    from .rollup import _Engine", {"desacoop.rollup._Engine"}),
        ("from desacoop import _checks", set()),
        ("from desacoop import _checks as check\ncheck._x", set()),
        ("from desacoop._presentation import WORDS, behind", set()),
        ("from desacoop.labels import format_percent as _pct", set()),
        ("from desacoop import report\nreport.__doc__", set()),
        ("self._cache", set()),
    ],
)
def test_private_names_taken_from_other_modules_are_found(source: str, found: set[str]) -> None:
    assert _private_names_used(source, "desacoop") == found


@pytest.mark.parametrize("module", sorted(m for m in _all_modules() if _owner(m) in EDGES))
def test_edges_take_no_private_name_from_another_module(module: str) -> None:
    """What two edges share lives in a private module both import (``_presentation``,
    ``_checks``), never behind another module's underscore."""
    package = module if _path(module).name == "__init__.py" else module.rpartition(".")[0]
    used = _private_names_used(_path(module).read_text(encoding="utf-8"), package)
    own = {name for name in used if name.rpartition(".")[0] == module}
    taken = {(module, name) for name in used - own} - PRIVATE_IMPORTS_TOLERATED
    assert not taken, f"{module} uses private names of other modules: {sorted(taken)}"

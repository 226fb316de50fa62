"""The shape of the evaluation package: its floors, its faces, and scoring without the
agreement model (issue 7, point 1)."""

from __future__ import annotations

import ast
import doctest
import importlib
import subprocess
import sys
from pathlib import Path

import pytest

import desacoop.evaluation
import desacoop.idm

from .utils import LOCAL_EDGE_IMPORTS, display_only

PACKAGE = Path(desacoop.evaluation.__file__).parent

#: The modules of the package, lowest floor first.
FLOORS = ["status", "schemes", "records", "idm", "kemendes", "bulk", "observations"]
#: What each module may import from the package: only lower floors.
ALLOWED = {
    "status": set(),
    "schemes": {"status"},
    "records": {"status", "schemes"},
    "idm": {"status", "schemes", "records"},
    "kemendes": {"status", "schemes", "records", "idm"},
    "bulk": {"status", "schemes", "records", "idm"},
    "observations": {"status", "schemes", "records"},
}

#: Every name ``desacoop.evaluation`` and ``desacoop.idm`` exported before the split.
EVALUATION_NAMES = [
    "DECIMAL_CONTEXT",
    "INDEKS_DESA_DIMENSIONS",
    "ActingLevel",
    "Actor",
    "DevelopmentStatus",
    "Dimension",
    "DimensionValue",
    "DimensionWeight",
    "EvaluationInputs",
    "EvaluationResult",
    "EvaluationScheme",
    "Finding",
    "FindingKind",
    "IndeksDesa",
    "IndicatorScore",
    "Method",
    "Movement",
    "ProdeskelClass",
    "ProdeskelResult",
    "ProdeskelScheme",
    "PublishedSummary",
    "RegionSummary",
    "StatusCount",
    "StatusThresholds",
    "Transition",
    "VillageEvaluation",
    "WeightedScheme",
    "count_moved",
    "count_reaching",
    "count_villages",
    "latest",
    "result_from_exact",
    "round_half_up",
    "series",
    "status_observations",
    "summarise",
    "to_decimal",
    "transitions",
]
IDM_NAMES = [
    "DIMENSIONS",
    "KEMENDES_BLOCK_SIZES",
    "PUBLISHED_TOLERANCE",
    "SCHEME",
    "THRESHOLDS",
    "Gain",
    "ImprovementPlan",
    "PlanStep",
    "evaluate",
    "evaluate_columns",
    "evaluate_scores",
    "evaluate_sums",
    "from_kemendes",
    "from_rows",
    "gains",
    "plan",
    "summarise_sums",
]


def _imports(path: Path) -> list[tuple[str, int]]:
    """Every ``desacoop`` module imported by ``path``, with its statement's nesting (the
    local import of an edge in ``_repr_html_``, ``__str__`` or ``to_frame`` left out: see
    tests/utils.py's LOCAL_EDGE_IMPORTS)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    display = {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef) and node.name in LOCAL_EDGE_IMPORTS
        for inner in ast.walk(node)
        if isinstance(inner, ast.Import | ast.ImportFrom)
        and display_only(inner, LOCAL_EDGE_IMPORTS[node.name])
    }
    found = []
    for node in ast.walk(tree):
        if id(node) in display:
            continue
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            found += [(n, node.col_offset) for n in names if n.startswith("desacoop")]
        elif isinstance(node, ast.Import):
            found += [
                (a.name, node.col_offset) for a in node.names if a.name.startswith("desacoop")
            ]
    return found


@pytest.mark.parametrize("module", FLOORS)
def test_a_lower_module_never_imports_a_higher_one(module: str) -> None:
    imported = _imports(PACKAGE / f"{module}.py")
    siblings = {
        name.split(".")[2]
        for name, _ in imported
        if name.startswith("desacoop.evaluation.") and name.split(".")[2] in ALLOWED
    }
    assert siblings <= ALLOWED[module], f"{module} imports {siblings - ALLOWED[module]}"
    roots = {name for name, _ in imported if name.startswith("desacoop.")}
    assert "desacoop.idm" not in roots, f"{module} imports the compatibility face"
    if module != "observations":
        assert not {"desacoop.monitoring", "desacoop.agreement"} & roots, module
    assert all(offset == 0 for _, offset in imported), f"{module} has a mid-file import"


def test_only_observations_imports_monitoring() -> None:
    users = sorted(
        path.stem
        for path in PACKAGE.glob("*.py")
        if any(name.startswith("desacoop.monitoring") for name, _ in _imports(path))
    )
    assert users == ["observations"]


def test_every_name_exported_before_the_split_is_still_there() -> None:
    for name in EVALUATION_NAMES:
        assert name in desacoop.evaluation.__all__, name
        assert getattr(desacoop.evaluation, name) is not None, name
    for name in IDM_NAMES:
        assert name in desacoop.idm.__all__, name
        assert getattr(desacoop.idm, name) is not None, name
    assert desacoop.idm.from_kemendes is desacoop.evaluation.kemendes.from_kemendes
    assert desacoop.idm.summarise_sums is desacoop.evaluation.bulk.summarise_sums
    assert desacoop.idm.evaluate_sums is desacoop.evaluation.bulk.evaluate_sums
    assert desacoop.idm.evaluate_columns is desacoop.evaluation.bulk.evaluate_columns
    assert "classify_many" not in desacoop.idm.__all__


@pytest.mark.parametrize("module", ["desacoop.evaluation", "desacoop.idm"])
def test_faces_declare_what_exists(module: str) -> None:
    mod = importlib.import_module(module)
    for name in mod.__all__:
        assert hasattr(mod, name), name
    with pytest.raises(AttributeError):
        getattr(mod, "no_such_name")  # noqa: B009


def _run(code: str) -> None:
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=60
    )
    assert result.returncode == 0, result.stderr


def test_scoring_never_imports_the_agreement_model() -> None:
    # Passes once the package root loads its modules lazily (issue 7, point 3).
    _run(
        "import desacoop.idm, sys; assert 'desacoop.monitoring' not in sys.modules; "
        "assert 'desacoop.agreement' not in sys.modules"
    )


@pytest.mark.parametrize("module", ["desacoop.idm", "desacoop.evaluation.idm"])
def test_the_evaluation_package_alone_never_imports_monitoring(module: str) -> None:
    # Whatever the package root imports, the evaluation package itself does not.
    _run(
        "import importlib.util, sys, types\n"
        "spec = importlib.util.find_spec('desacoop')\n"
        "root = types.ModuleType('desacoop')\n"
        "root.__path__ = list(spec.submodule_search_locations)\n"
        "sys.modules['desacoop'] = root\n"
        f"import {module}\n"
        "import desacoop.evaluation as e\n"
        "loaded = sorted(m for m in sys.modules if m.startswith('desacoop.'))\n"
        "assert 'desacoop.monitoring' not in loaded, loaded\n"
        "assert 'desacoop.agreement' not in loaded, loaded\n"
        "e.status_observations\n"
        "assert 'desacoop.monitoring' in sys.modules\n"
    )


@pytest.mark.parametrize("module", [f"desacoop.evaluation.{m}" for m in FLOORS])
def test_submodule_docstring_examples(module: str) -> None:
    # tests/test_docs.py walks the top-level modules only.
    result = doctest.testmod(
        importlib.import_module(module), optionflags=doctest.ELLIPSIS, verbose=False
    )
    assert result.failed == 0, f"{result.failed} example(s) failed in {module}"
    assert result.attempted > 0, f"{module} has no example"

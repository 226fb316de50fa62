"""The strategies package: its face, its catalogue of every public class, and the Hypothesis
plugin that lets another project call ``st.from_type`` on our classes without importing us."""

from __future__ import annotations

import importlib
import importlib.metadata
import inspect
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import desacoop.serialization
from desacoop import strategies
from desacoop.agreement import Agreement
from desacoop.errors import ValidationError
from desacoop.serialization import from_json, to_json
from desacoop.strategies._catalogue import CATALOGUE, classes

HOOK = "desacoop.strategies._catalogue:_hypothesis_setup_hook"

#: Every class name of the catalogue, for test ids (no class is imported to list them).
NAMES = sorted(name for modules in CATALOGUE.values() for ns in modules.values() for name in ns)


def _run(script: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """Run ``script`` in a fresh interpreter, outside the checkout, plugins enabled."""
    env = {k: v for k, v in os.environ.items() if k != "HYPOTHESIS_NO_PLUGINS"}
    return subprocess.run(
        [sys.executable, "-W", "error::UserWarning", "-c", textwrap.dedent(script)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


# --- the plugin ---------------------------------------------------------------------------


def test_the_plugin_is_installed() -> None:
    hooks = {e.value for e in importlib.metadata.entry_points(group="hypothesis")}
    assert HOOK in hooks, "the entry point is missing: run pip install -e '.[test]'"


#: The user's code: no import of desacoop.strategies, the class imported before or after
#: Hypothesis, or desacoop.strategies imported first (Hypothesis then loads while our
#: package is half-imported).
_FIRST = {
    "hypothesis first": "from hypothesis import strategies as st\n"
    "from desacoop.agreement import Agreement\n",
    "desacoop first": "from desacoop.agreement import Agreement\n"
    "from hypothesis import strategies as st\n",
    "strategies first": "import desacoop.strategies\n"
    "from hypothesis import strategies as st\n"
    "from desacoop.agreement import Agreement\n",
}


@pytest.mark.parametrize("order", sorted(_FIRST))
def test_from_type_resolves_in_a_project_that_never_imports_the_strategies(
    order: str, tmp_path: Path
) -> None:
    script = (
        "import sys\n"
        + _FIRST[order]
        + textwrap.dedent(
            """
            loaded = sorted(m for m in sys.modules if m.startswith("desacoop.strategies._"))
            print("before:", loaded)
            agreement = st.from_type(Agreement).example()
            assert type(agreement) is Agreement, agreement
            loaded = sorted(m for m in sys.modules if m.startswith("desacoop.strategies._"))
            print("after:", loaded)
            """
        )
    )
    done = _run(script, tmp_path)
    assert done.returncode == 0, done.stderr
    before, after = done.stdout.splitlines()
    # Registering imported the catalogue only; drawing imported the areas it needed.
    assert before == "before: ['desacoop.strategies._catalogue']"
    assert "desacoop.strategies._agreement" in after
    assert "desacoop.strategies._records" not in after


def test_every_public_class_is_registered(tmp_path: Path) -> None:
    script = """
        from hypothesis import Phase, given, settings, strategies as st
        from desacoop.strategies._catalogue import classes
        def checker(cls):
            @settings(max_examples=1, phases=[Phase.generate], database=None, deadline=None)
            @given(st.from_type(cls))
            def check(obj):
                assert type(obj) is cls, (cls, obj)
            return check
        for cls in classes():
            checker(cls)()
        print(len(classes()))
        """
    done = _run(script, tmp_path)
    assert done.returncode == 0, done.stderr
    assert int(done.stdout) == len(NAMES)


def test_the_core_never_imports_hypothesis(tmp_path: Path) -> None:
    modules = sorted({m for modules in CATALOGUE.values() for m in modules})
    script = f"""
        import sys
        import desacoop, desacoop.serialization, desacoop.report, desacoop.cli
        for name in {modules!r}:
            __import__(name)
        assert "hypothesis" not in sys.modules
        assert not [m for m in sys.modules if m.startswith("desacoop.strategies")]
        """
    done = _run(script, tmp_path)
    assert done.returncode == 0, done.stderr


# --- the catalogue ------------------------------------------------------------------------


def test_the_catalogue_names_each_public_class_once() -> None:
    assert len(NAMES) == len(set(NAMES))
    found = classes()
    assert [c.__name__ for c in found] == NAMES
    assert all(attrs.has(c) for c in found)


def test_the_catalogue_matches_the_document_registry() -> None:
    registry = desacoop.serialization.DOCUMENTS
    registered = {
        getattr(importlib.import_module(module), name)
        for module, names in registry.items()
        for name in names
    }
    assert registered == set(classes())


def test_for_type_refuses_other_classes() -> None:
    @attrs.frozen
    class Mine:
        x: int

    class Subclass(Agreement):
        pass

    for cls in (Mine, Subclass, int):
        with pytest.raises(ValidationError, match="no desacoop strategy draws"):
            strategies.for_type(cls)


def test_documents_has_a_strategy_for_every_class() -> None:
    drawn = strategies.documents()
    assert list(drawn) == classes()
    assert all(isinstance(s, st.SearchStrategy) for s in drawn.values())


@pytest.mark.slow
@pytest.mark.parametrize("name", NAMES)
def test_for_type_draws_valid_objects_that_round_trip(name: str) -> None:
    cls = next(c for c in classes() if c.__name__ == name)

    @settings(max_examples=5)
    @given(strategies.for_type(cls))
    def check(obj: Any) -> None:
        assert type(obj) is cls
        assert from_json(to_json(obj), cls) == obj

    check()


# --- the face -----------------------------------------------------------------------------


def test_the_face_is_sorted_and_resolves() -> None:
    assert strategies.__all__ == sorted(set(strategies.__all__))
    for name in strategies.__all__:
        value = getattr(strategies, name)
        assert callable(value), name
        assert inspect.getdoc(value), f"{name} has no docstring"
    assert set(strategies.__all__) <= set(dir(strategies))


def test_a_name_outside_the_face_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'identifiers'"):
        _ = strategies.identifiers


def test_every_strategy_of_the_face_draws() -> None:
    needs_arguments = {"documents", "for_type"}
    for name in sorted(set(strategies.__all__) - needs_arguments):
        drawn = getattr(strategies, name)()
        assert isinstance(drawn, st.SearchStrategy), name


# --- every public type (issue 21, point 17) -------------------------------------------------

#: Public classes that are not drawn, with the reason: what an import *did* (a report of
#: rows and their fate, built only by ``import_entries``), not a value anyone constructs.
_NOT_DRAWN = {"ImportResult", "RejectedRow"}


def _public_types() -> list[type]:
    """Every class a public module of desacoop exports, but enums and exceptions (Hypothesis
    draws enums itself)."""
    import enum
    import pkgutil

    import desacoop

    found: dict[type, None] = {}
    for info in pkgutil.walk_packages(desacoop.__path__, "desacoop."):
        parts = info.name.split(".")
        if any(part.startswith("_") for part in parts) or parts[1] == "strategies":
            continue
        module = importlib.import_module(info.name)
        for name in getattr(module, "__all__", ()):
            obj = getattr(module, name, None)
            if (
                inspect.isclass(obj)
                and not issubclass(obj, enum.Enum | BaseException)
                and obj.__name__ not in _NOT_DRAWN
            ):
                found[obj] = None
    return sorted(found, key=lambda cls: cls.__name__)


def test_every_public_class_and_value_type_has_a_strategy() -> None:
    """RegionCode fell back to builds(RegionCode, compact=<anything>); RegionRegistry,
    EvaluationScheme and RegionList had none."""
    from desacoop.strategies._catalogue import types

    missing = [c.__name__ for c in _public_types() if c not in set(classes()) | set(types())]
    assert missing == []
    assert {c.__name__ for c in types()} == {
        "EvaluationScheme", "RegionCode", "RegionList", "RegionRegistry",
    }  # fmt: skip


def test_from_type_draws_a_valid_value_of_every_other_public_type(tmp_path: Path) -> None:
    """Through the plugin, in a project that never imports the strategies."""
    script = """
        from decimal import Decimal
        from hypothesis import HealthCheck, Phase, given, settings, strategies as st
        from desacoop.evaluation import EvaluationInputs, EvaluationResult, EvaluationScheme
        from desacoop.regions import Level, RegionCode
        from desacoop.registry import RegionRegistry
        from desacoop.rollup import RegionList
        from desacoop.strategies._catalogue import types

        def valid(cls, obj):
            if cls is RegionCode:
                assert RegionCode(str(obj)) == obj
            elif cls in (RegionRegistry, RegionList):
                assert isinstance(obj, RegionRegistry) and len(obj) > 0
                for region in obj:  # a whole tree: every region's parent is listed
                    assert region.code in obj
                    parent = region.code.parent
                    assert parent is None or parent in obj
                    assert set(obj.descendants(region.code)) <= {r.code for r in obj}
            elif cls is EvaluationScheme:
                dimensions = {w.dimension: Decimal("0.5") for w in obj.weights}
                result = obj.evaluate(EvaluationInputs.of(dimensions))
                assert isinstance(result, EvaluationResult)
                assert result.status is obj.classify(result.value)
            assert isinstance(obj, cls), (cls, obj)

        for cls in types():
            @settings(max_examples=10, phases=[Phase.generate], database=None, deadline=None,
                      suppress_health_check=list(HealthCheck))
            @given(st.from_type(cls))
            def check(obj):
                valid(cls, obj)
            check()
        print(len(types()))
        """
    done = _run(script, tmp_path)
    assert done.returncode == 0, done.stderr
    assert int(done.stdout) == 4

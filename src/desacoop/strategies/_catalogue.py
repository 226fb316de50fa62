"""Which strategy draws each public class, and the Hypothesis plugin that registers them.

The catalogue holds names only, so that registering (at Hypothesis's import) imports the
modules defining the classes but none of the strategy modules: each area's strategies are
imported the first time one of its classes is drawn. Hypothesis is imported only inside
the hook, which Hypothesis calls while it is itself being imported (perhaps by one of our
modules, so this one must be complete before it imports Hypothesis).
"""

from __future__ import annotations

import importlib
import warnings
from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, TypeVar

from desacoop.errors import ValidationError, shown

if TYPE_CHECKING:
    from hypothesis import strategies as st

__all__ = ["CATALOGUE", "TYPES", "classes", "documents", "for_type", "types"]

T = TypeVar("T")

#: Every public attrs class, as ``{area module: {exporting module: class names}}``: the
#: private module of this package that draws it, and the public module it is imported from.
CATALOGUE: Mapping[str, Mapping[str, tuple[str, ...]]] = MappingProxyType(
    {
        "_common": {"desacoop.errors": ("Problem",)},
        "_regions": {
            "desacoop.regions": ("Province", "Region", "Village"),
            "desacoop.registry": ("RegionDiff", "Renaming"),
        },
        "_agreement": {
            "desacoop.agreement": (
                "Agreement", "AgreementChanges", "Amendment", "Attendee", "BudgetLine",
                "Citation", "InstrumentRef", "Official", "Party", "PartyNumber", "Place",
                "Programme", "Purpose", "Reading", "ScopeCommitment", "Signatory", "Signing",
                "Source", "Term", "Uncertainty", "Witness",
            ),
            "desacoop.scope": ("Area",),
        },
        "_monitoring": {
            "desacoop.monitoring": (
                "AreaWeight", "Baseline", "Indicator", "Milestone", "MonitoringPlan",
                "Observation", "OrdinalScale", "Period", "Target", "Value",
            ),
        },
        "_rollup": {
            "desacoop.rollup": ("MilestoneState", "ProgressFigure", "ProgressReport", "Tolerance"),
        },
        "_evaluation": {
            "desacoop.evaluation": (
                "Actor", "DimensionValue", "DimensionWeight", "EvaluationInputs",
                "EvaluationResult", "Finding", "IndeksDesa", "IndicatorScore",
                "ProdeskelResult", "ProdeskelScheme", "PublishedSummary", "RegionSummary",
                "StatusCount", "StatusThresholds", "Transition", "VillageEvaluation",
                "WeightedScheme",
            ),
            "desacoop.idm": ("Gain", "ImprovementPlan", "PlanStep"),
        },
        "_records": {
            "desacoop.products": (
                "Certification", "Owner", "Product", "RuralArea", "TradeMissionDeal",
            ),
            "desacoop.enterprises": (
                "BusinessUnit", "Enterprise", "LegalRegistration", "Ranking", "RankingThresholds",
                "Transformation",
            ),
            "desacoop.cadres": ("Cadre", "Training"),
        },
    }
)  # fmt: skip


#: The other public types a strategy draws, as ``CATALOGUE``: value types written as a text
#: inside documents (``RegionCode``), the region list an engine is given
#: (``RegionRegistry``) and the protocols of the API (``RegionList``, ``EvaluationScheme``),
#: drawn as the classes that implement them.
TYPES: Mapping[str, Mapping[str, tuple[str, ...]]] = MappingProxyType(
    {
        "_regions": {
            "desacoop.regions": ("RegionCode",),
            "desacoop.registry": ("RegionRegistry",),
            "desacoop.rollup": ("RegionList",),
        },
        "_evaluation": {"desacoop.evaluation": ("EvaluationScheme",)},
    }
)


def _classes_of(module: str, names: tuple[str, ...]) -> list[type]:
    exported = importlib.import_module(module)
    return [getattr(exported, name) for name in names]


def _sorted_classes(table: Mapping[str, Mapping[str, tuple[str, ...]]]) -> list[type]:
    """The classes a table names (area -> module -> names), sorted by name."""
    found = [
        cls
        for modules in table.values()
        for module, names in modules.items()
        for cls in _classes_of(module, names)
    ]
    return sorted(found, key=lambda cls: cls.__name__)


def classes() -> list[type]:
    """Every public attrs class of desacoop, sorted by name."""
    return _sorted_classes(CATALOGUE)


def types() -> list[type]:
    """Every other public type a strategy draws (:data:`TYPES`), sorted by name."""
    return _sorted_classes(TYPES)


def _area_of(cls: type) -> str | None:
    name = getattr(cls, "__name__", None)
    for catalogue in (CATALOGUE, TYPES):
        for area, modules in catalogue.items():
            for module, names in modules.items():
                if name in names and getattr(importlib.import_module(module), name, None) is cls:
                    return area
    return None


def for_type(cls: type[T]) -> st.SearchStrategy[T]:
    """The strategy that draws valid instances of ``cls``: any public attrs class, or one of
    the other public types (:data:`TYPES`; for a protocol, classes that implement it).

    >>> from desacoop.agreement import Agreement
    >>> from desacoop.strategies import for_type
    >>> for_type(Agreement)
    agreements()
    """
    area = _area_of(cls)
    if area is None:
        raise ValidationError(f"no desacoop strategy draws {shown(cls)}: not a public class")
    module = importlib.import_module(f"desacoop.strategies.{area}")
    strategy: st.SearchStrategy[T] = module.STRATEGIES[cls]()
    return strategy


def documents() -> dict[type, st.SearchStrategy[Any]]:
    """A strategy for every public attrs class, by class (sorted by name).

    >>> from desacoop.monitoring import MonitoringPlan
    >>> from desacoop.strategies import documents
    >>> MonitoringPlan in documents()
    True
    """
    return {cls: for_type(cls) for cls in classes()}


def _resolve(cls: type[T]) -> st.SearchStrategy[T]:
    """Hypothesis's resolver: our strategy for our classes, its own for a subclass."""
    return NotImplemented if _area_of(cls) is None else for_type(cls)


def _hypothesis_setup_hook() -> None:
    """Register every public attrs class with Hypothesis (its ``hypothesis`` entry point).

    Imports the modules defining the classes, not the strategies, which are built the first
    time ``st.from_type`` asks for a class. A module that cannot be imported is reported as
    a warning, never an error: Hypothesis must stay importable.
    """
    from hypothesis import strategies as st

    for modules in (*CATALOGUE.values(), *TYPES.values()):
        for module, names in modules.items():
            try:
                found = _classes_of(module, names)
            except Exception as exc:
                warnings.warn(f"desacoop's Hypothesis plugin skips {module}: {exc!r}", stacklevel=2)
                continue
            for cls in found:
                st.register_type_strategy(cls, _resolve)

"""desacoop: typed models, domain rules and progress for Indonesian inter-provincial
village-empowerment cooperation agreements.

>>> import desacoop
>>> agreement = desacoop.example_agreement()
>>> [p.province.province_info.name for p in agreement.parties]
['Kalimantan Selatan', 'Jawa Timur']
>>> len(agreement.scope)
16
>>> desacoop.idm.evaluate(iks="0.7", ike="0.6", ikl="0.8").status
DevelopmentStatus.BERKEMBANG

This module is the front door: the handful of names a newcomer needs first, and the
sub-modules as namespaces (``desacoop.idm``, ``desacoop.evaluation``, ``desacoop.regions``,
``desacoop.monitoring``, ``desacoop.rollup``, ...). Everything else lives in, and is imported
from, its module. Names and modules load on first use, so ``import desacoop`` is cheap.
"""

from __future__ import annotations

import importlib
import warnings
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # what the type checker and IDEs see; at run time names load lazily
    from desacoop import (
        agreement,
        cadres,
        dates,
        enterprises,
        errors,
        evaluation,
        idm,
        labels,
        monitoring,
        products,
        regions,
        registry,
        report,
        rollup,
        scope,
        serialization,
    )
    from desacoop import (
        dataframe as dataframe,
    )
    from desacoop import (
        strategies as strategies,
    )
    from desacoop.agreement import Agreement, Party
    from desacoop.dates import parse_date
    from desacoop.errors import Problem, ValidationError
    from desacoop.example import example_agreement, example_plan
    from desacoop.monitoring import Indicator, MonitoringPlan, Observation, Value
    from desacoop.regions import RegionCode, Village
    from desacoop.rollup import ProgressReport, progress
    from desacoop.scope import ScopeArea
    from desacoop.serialization import dump, from_dict, from_json, load, to_dict, to_json

__version__ = "0.1.0"

#: The front door's names and the module each comes from.
_NAMES: dict[str, str] = {
    "Agreement": "desacoop.agreement",
    "Party": "desacoop.agreement",
    "ScopeArea": "desacoop.scope",
    "RegionCode": "desacoop.regions",
    "Village": "desacoop.regions",
    "MonitoringPlan": "desacoop.monitoring",
    "Indicator": "desacoop.monitoring",
    "Observation": "desacoop.monitoring",
    "Value": "desacoop.monitoring",
    "ProgressReport": "desacoop.rollup",
    "progress": "desacoop.rollup",
    "ValidationError": "desacoop.errors",
    "Problem": "desacoop.errors",
    "parse_date": "desacoop.dates",
    "example_agreement": "desacoop.example",
    "example_plan": "desacoop.example",
    "to_json": "desacoop.serialization",
    "from_json": "desacoop.serialization",
    "to_dict": "desacoop.serialization",
    "from_dict": "desacoop.serialization",
    "load": "desacoop.serialization",
    "dump": "desacoop.serialization",
}

#: Sub-modules reachable as attributes (``desacoop.idm``) without importing them first.
#: ``dataframe`` and ``strategies`` need the ``[pandas]`` and ``[hypothesis]`` extras.
_MODULES: frozenset[str] = frozenset(
    {
        "agreement", "cadres", "dataframe", "dates", "enterprises", "errors", "evaluation",
        "idm", "labels", "monitoring", "products", "regions", "registry", "report", "rollup",
        "scope", "serialization", "strategies",
    }
)  # fmt: skip

#: Names that were exported here before 0.2 and now live only in their module: still
#: reachable (with a DeprecationWarning naming the new import), never in ``__all__``.
_MOVED: dict[str, str] = {
    **dict.fromkeys(
        ["AMENDABLE", "AgreementChanges", "AgreementKind", "AgreementStatus", "Amendment",
         "CooperationBasis", "Official", "Place", "Programme", "ProgrammeKind",
         "ScopeCommitment", "Signatory", "Signing", "Term", "Witness"],
        "desacoop.agreement",
    ),
    **dict.fromkeys(
        ["Cadre", "CadreRole", "Training", "cadres_of", "count_cadres", "find_cadres"],
        "desacoop.cadres",
    ),
    "format_date": "desacoop.dates",
    **dict.fromkeys(
        ["PERINTIS_BELOW", "TRANSFORMATION_DEADLINE", "BusinessUnit", "Enterprise",
         "EnterpriseKind", "LegalRegistration", "Ranking", "RankingClass", "RankingThresholds",
         "Transformation", "count_enterprises", "find_enterprises", "transformed_on_time"],
        "desacoop.enterprises",
    ),
    **dict.fromkeys(["InvalidDate", "InvalidRegionCode"], "desacoop.errors"),
    **dict.fromkeys(
        ["INDEKS_DESA_DIMENSIONS", "ActingLevel", "Actor", "DevelopmentStatus", "Dimension",
         "DimensionValue", "DimensionWeight", "EvaluationInputs", "EvaluationResult",
         "EvaluationScheme", "Finding", "FindingKind", "IndeksDesa", "IndicatorScore", "Method",
         "Movement", "ProdeskelClass", "ProdeskelResult", "ProdeskelScheme", "PublishedSummary",
         "RegionSummary", "StatusCount", "StatusThresholds", "Transition", "VillageEvaluation",
         "WeightedScheme", "count_moved", "count_reaching", "count_villages", "latest",
         "series", "status_observations", "summarise", "transitions"],
        "desacoop.evaluation",
    ),
    **dict.fromkeys(["Gain", "ImprovementPlan", "PlanStep"], "desacoop.idm"),
    "LabelledEnum": "desacoop.labels",
    **dict.fromkeys(
        ["Aggregation", "AreaWeight", "Baseline", "Direction", "Frequency", "Measure",
         "Milestone", "MilestoneStatus", "OrdinalScale", "Period", "Target", "TimeBehaviour",
         "reporting_periods"],
        "desacoop.monitoring",
    ),
    **dict.fromkeys(
        ["Certification", "CertificationKind", "MarketReach", "Owner", "OwnerKind", "Product",
         "ProductKind", "RuralArea", "TradeMissionDeal", "count_products", "deal_value",
         "expired_certifications", "find_products"],
        "desacoop.products",
    ),
    **dict.fromkeys(
        ["FigureKind", "MilestoneState", "ProgressFigure", "ProgressStatus", "Tolerance"],
        "desacoop.rollup",
    ),
    **dict.fromkeys(
        ["PROVINCES", "Level", "Province", "RegencyKind", "Region", "TimeZone", "VillageKind",
         "province_time_zone"],
        "desacoop.regions",
    ),
    **dict.fromkeys(["RegionDiff", "RegionRegistry", "Renaming"], "desacoop.registry"),
    "render": "desacoop.report",
    "FORMAT": "desacoop.serialization",
}  # fmt: skip

__all__ = [
    "Agreement",
    "Indicator",
    "MonitoringPlan",
    "Observation",
    "Party",
    "Problem",
    "ProgressReport",
    "RegionCode",
    "ScopeArea",
    "ValidationError",
    "Value",
    "Village",
    "__version__",
    "agreement",
    "cadres",
    "dates",
    "dump",
    "enterprises",
    "errors",
    "evaluation",
    "example_agreement",
    "example_plan",
    "from_dict",
    "from_json",
    "idm",
    "labels",
    "load",
    "monitoring",
    "parse_date",
    "products",
    "progress",
    "regions",
    "registry",
    "report",
    "rollup",
    "scope",
    "serialization",
    "to_dict",
    "to_json",
]


def __getattr__(name: str) -> object:
    """Load a front-door name or a sub-module on first use (PEP 562)."""
    if name in _NAMES:
        value = getattr(importlib.import_module(_NAMES[name]), name)
    elif name in _MODULES:
        value = importlib.import_module(f"desacoop.{name}")
    elif name in _MOVED:
        module = _MOVED[name]
        warnings.warn(
            f"desacoop.{name} has moved: import it from {module} (from {module} import {name})",
            DeprecationWarning,
            stacklevel=2,
        )
        return getattr(importlib.import_module(module), name)
    else:
        raise AttributeError(f"module 'desacoop' has no attribute {name!r}")
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})

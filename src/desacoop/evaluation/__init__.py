"""Village development evaluations: statuses, schemes, records, and the IDM rules.

One idea per module, each importing only the ones above it in this list:

- :mod:`~desacoop.evaluation.status`: the five statuses, status thresholds, exact
  arithmetic (one decimal context);
- :mod:`~desacoop.evaluation.schemes`: inputs, results, and the schemes that score them
  (weighted, Indeks Desa, Prodeskel);
- :mod:`~desacoop.evaluation.records`: village evaluations, findings, series, transitions,
  summaries per region and counts;
- :mod:`~desacoop.evaluation.idm`: the IDM rules, gains and improvement plans (also
  :mod:`desacoop.idm`); :mod:`~desacoop.evaluation.kemendes`: the reader of the ministry's
  responses; :mod:`~desacoop.evaluation.bulk`: many villages at once;
- :mod:`~desacoop.evaluation.observations`: evaluations as observations of the progress
  engine, the only module that imports :mod:`desacoop.monitoring` (loaded on first use of
  :func:`status_observations`).

>>> from decimal import Decimal as D
>>> from desacoop import idm
>>> evaluation = VillageEvaluation("63.03.01.2001", 2023, idm.evaluate(iks=D("0.8"),
...     ike=D("0.8"), ikl=D("0.8")))
>>> evaluation.status, evaluation.result.next_status, evaluation.result.gap
(DevelopmentStatus.MAJU, DevelopmentStatus.MANDIRI, Decimal('0.0156'))
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from desacoop.evaluation.records import (
    Finding,
    FindingKind,
    Movement,
    PublishedSummary,
    RegionSummary,
    StatusCount,
    Transition,
    VillageEvaluation,
    changes,
    count_moved,
    count_reaching,
    count_villages,
    find_villages,
    latest,
    series,
    summarise,
    transitions,
)
from desacoop.evaluation.schemes import (
    INDEKS_DESA_DIMENSIONS,
    ActingLevel,
    Actor,
    Dimension,
    DimensionValue,
    DimensionWeight,
    EvaluationInputs,
    EvaluationResult,
    EvaluationScheme,
    IndeksDesa,
    IndicatorScore,
    Method,
    ProdeskelResult,
    ProdeskelScheme,
    WeightedScheme,
    result_from_exact,
)
from desacoop.evaluation.status import (
    DECIMAL_CONTEXT,
    DevelopmentStatus,
    ProdeskelClass,
    StatusThresholds,
    round_half_up,
    to_decimal,
)

if TYPE_CHECKING:
    from desacoop.evaluation import bulk, idm, kemendes, observations
    from desacoop.evaluation.observations import status_observations

__all__ = [
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
    "bulk",
    "changes",
    "count_moved",
    "count_reaching",
    "count_villages",
    "find_villages",
    "idm",
    "kemendes",
    "latest",
    "observations",
    "result_from_exact",
    "round_half_up",
    "series",
    "status_observations",
    "summarise",
    "to_decimal",
    "transitions",
]

#: Loaded on first use: the modules above the records, and the one name that needs
#: :mod:`desacoop.monitoring`.
_LAZY = {
    "bulk": None,
    "idm": None,
    "kemendes": None,
    "observations": None,
    "status_observations": "observations",
}


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module_name = _LAZY[name]
    module = importlib.import_module(f"{__name__}.{module_name or name}")
    return module if module_name is None else getattr(module, name)


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})

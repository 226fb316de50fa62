"""Indeks Desa Membangun (IDM), Permendesa PDTT 2/2016: the namespace of every IDM tool.

A thin face over :mod:`desacoop.evaluation`: the rules, gains and improvement plans
(:mod:`desacoop.evaluation.idm`), the reader of the ministry's responses
(:mod:`desacoop.evaluation.kemendes`) and the columnar and bulk paths
(:mod:`desacoop.evaluation.bulk`: :func:`evaluate_columns`, :func:`evaluate_sums`,
:func:`summarise_sums`). Importing it never loads the agreement model.

>>> from desacoop import idm
>>> r = idm.evaluate(iks=0.7, ike=0.6, ikl=0.8)
>>> r.value, r.status, r.next_status, r.gap
(Decimal('0.7000'), DevelopmentStatus.BERKEMBANG, DevelopmentStatus.MAJU, Decimal('0.0073'))
"""

from __future__ import annotations

from desacoop.evaluation.bulk import evaluate_columns, evaluate_sums, summarise_sums
from desacoop.evaluation.idm import (
    DIMENSIONS,
    KEMENDES_BLOCK_SIZES,
    SCHEME,
    THRESHOLDS,
    Gain,
    ImprovementPlan,
    PlanStep,
    evaluate,
    evaluate_scores,
    from_rows,
    gains,
    plan,
)
from desacoop.evaluation.kemendes import PUBLISHED_TOLERANCE, from_kemendes

__all__ = [
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

"""Hypothesis strategies that draw valid desacoop objects, for tests in other projects.

Install with ``pip install 'desacoop[hypothesis]'``. Every strategy draws valid objects
only, and ``from_json(to_json(x)) == x`` holds for each. Hypothesis also knows them
through its plugin mechanism: with desacoop installed, ``st.from_type(Agreement)`` (and
``@given`` on an annotated argument) uses these strategies without importing this module.

>>> from hypothesis import given
>>> from desacoop import strategies
>>> @given(strategies.agreements())
... def test_titles_are_kept(agreement):
...     assert agreement.title.strip()
>>> test_titles_are_kept()

:func:`for_type` gives the strategy of any public class, :func:`documents` all of them.
The strategies of each area live in a private module and are imported on first use.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from desacoop.strategies._catalogue import documents, for_type

if TYPE_CHECKING:
    from desacoop.strategies._agreement import (
        agreements,
        officials,
        parties,
        places,
        signings,
        terms,
    )
    from desacoop.strategies._common import dates, rupiah_amounts, texts
    from desacoop.strategies._evaluation import (
        evaluation_results,
        findings,
        idm_indices,
        improvement_plans,
        indeks_desa_schemes,
        prodeskel_results,
        prodeskel_schemes,
        published_summaries,
        region_summaries,
        status_thresholds,
        status_transitions,
        village_evaluations,
    )
    from desacoop.strategies._monitoring import (
        indicators,
        milestones,
        monitoring_plans,
        observations,
        ordinal_scales,
        periods,
        values,
    )
    from desacoop.strategies._records import (
        cadres,
        certifications,
        enterprises,
        products,
        ranking_thresholds,
        rankings,
        trainings,
    )
    from desacoop.strategies._regions import region_codes, region_diffs, regions, villages
    from desacoop.strategies._rollup import progress_reports, tolerances

__all__ = [
    "agreements",
    "cadres",
    "certifications",
    "dates",
    "documents",
    "enterprises",
    "evaluation_results",
    "findings",
    "for_type",
    "idm_indices",
    "improvement_plans",
    "indeks_desa_schemes",
    "indicators",
    "milestones",
    "monitoring_plans",
    "observations",
    "officials",
    "ordinal_scales",
    "parties",
    "periods",
    "places",
    "prodeskel_results",
    "prodeskel_schemes",
    "products",
    "progress_reports",
    "published_summaries",
    "ranking_thresholds",
    "rankings",
    "region_codes",
    "region_diffs",
    "region_summaries",
    "regions",
    "rupiah_amounts",
    "signings",
    "status_thresholds",
    "status_transitions",
    "terms",
    "texts",
    "tolerances",
    "trainings",
    "values",
    "village_evaluations",
    "villages",
]

#: The names of the face, by the private module that defines them.
_FACE = {
    "_common": ("dates", "rupiah_amounts", "texts"),
    "_regions": ("region_codes", "region_diffs", "regions", "villages"),
    "_agreement": ("agreements", "officials", "parties", "places", "signings", "terms"),
    "_monitoring": (
        "indicators", "milestones", "monitoring_plans", "observations", "ordinal_scales",
        "periods", "values",
    ),
    "_rollup": ("progress_reports", "tolerances"),
    "_evaluation": (
        "evaluation_results", "findings", "idm_indices", "improvement_plans",
        "indeks_desa_schemes", "prodeskel_results", "prodeskel_schemes", "published_summaries",
        "region_summaries", "status_thresholds", "status_transitions", "village_evaluations",
    ),
    "_records": (
        "cadres", "certifications", "enterprises", "products", "ranking_thresholds", "rankings",
        "trainings",
    ),
}  # fmt: skip
_HOMES = {name: home for home, names in _FACE.items() for name in names}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})

"""The bundled example: the Kalimantan Selatan – Jawa Timur agreement of April 2022.

It is read from ``desacoop/data/kalsel-jatim-2022.json``, which doubles as the
reference example of the JSON format. Facts the sources leave unknown (the term, the
budget, the official title, who leads each area, whether the Governor of Jawa Timur
attended in person, the OPOP launch date) stay unknown. The file lists its sources and
cites, fact by fact, where each one beyond the project's summary comes from or how it was
derived (the voluntary basis, from PP 28/2018; the count of 16 areas, from the wording). The
maksud and tujuan are quoted verbatim from the founding press report (Barito Post, by
Cynthia); the governors' Kesepakatan Bersama signed at the same event is named in
``implements``, marked as not stated to be what the PKS implements.
"""

from __future__ import annotations

import functools
from importlib import resources

from desacoop.agreement import Agreement
from desacoop.errors import ValidationError, shown
from desacoop.monitoring import MonitoringPlan
from desacoop.serialization import from_json

__all__ = [
    "EXAMPLE_AGREEMENT_FILE",
    "EXAMPLE_PLAN_FILE",
    "example_agreement",
    "example_plan",
    "example_text",
]

#: The bundled example's file name inside the package's ``data`` folder.
EXAMPLE_AGREEMENT_FILE = "kalsel-jatim-2022.json"

#: The bundled illustrative monitoring plan (not official data).
EXAMPLE_PLAN_FILE = "kalsel-jatim-2022-monitoring.json"


def example_text(name: str = EXAMPLE_AGREEMENT_FILE) -> str:
    """The text of a bundled data file (:data:`EXAMPLE_AGREEMENT_FILE` or
    :data:`EXAMPLE_PLAN_FILE`)."""
    if name not in (EXAMPLE_AGREEMENT_FILE, EXAMPLE_PLAN_FILE):
        raise ValidationError(
            f"not a bundled file: {shown(name)}; use {EXAMPLE_AGREEMENT_FILE!r} or "
            f"{EXAMPLE_PLAN_FILE!r}"
        )
    return resources.files("desacoop").joinpath("data", name).read_text(encoding="utf-8")


@functools.cache
def example_agreement() -> Agreement:
    """The DPMD Kalsel – DPMD Jatim cooperation agreement signed on 13 April 2022.

    >>> a = example_agreement()
    >>> a.signing.on.isoformat(), a.term.is_known
    ('2022-04-13', False)
    """
    return from_json(example_text(), Agreement)


@functools.cache
def example_plan() -> MonitoringPlan:
    """An ILLUSTRATIVE monitoring plan for the bundled agreement.

    Its indicators, targets and observations are invented for demonstration and
    marked ``illustrative``; they are not official data of either province.
    """
    return from_json(example_text(EXAMPLE_PLAN_FILE), MonitoringPlan)

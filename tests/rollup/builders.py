"""The builders the engine's tests share: a plan of the example agreement, indicators with
a baseline of 0 on START and a target of 200 by END, observations, and one figure."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from desacoop.example import example_agreement
from desacoop.monitoring import (
    Baseline,
    Indicator,
    Measure,
    MonitoringPlan,
    Observation,
    OrdinalScale,
    Period,
    Target,
    Value,
)
from desacoop.regions import Level
from desacoop.rollup import ProgressFigure, progress
from desacoop.scope import ScopeArea

D = dt.date
Dec = Decimal
START = D(2022, 1, 1)
END = D(2024, 1, 1)  # 730 days after START
MID = D(2023, 1, 1)  # 365 days after START: expected progress 0.5 on a linear schedule
SCALE = OrdinalScale("klasifikasi BUM Desa", ("perintis", "pemula", "berkembang", "maju"))


def indicator(id: str = "ind", **changes: object) -> Indicator:
    fields: dict[str, object] = {
        "id": id,
        "label_id": f"Indikator {id}",
        "label_en": f"Indicator {id}",
        "area": ScopeArea.CADRES,
        "unit": "unit",
        "measure": Measure.COUNT,
        "level": Level.REGENCY,
        "baselines": (Baseline(Value.of(0), START),),
        "targets": (Target(Value.of(200), END),),
    }
    fields.update(changes)
    return Indicator(**fields)  # type: ignore[arg-type]


_counter = iter(range(10**9))


def obs(
    region: str,
    on: dt.date,
    value: Value | int,
    indicator: str = "ind",
    **changes: object,
) -> Observation:
    fields: dict[str, object] = {
        "id": changes.pop("id", f"o{next(_counter)}"),
        "indicator": indicator,
        "region": region,
        "on": on,
        "value": Value.of(value) if isinstance(value, int) else value,
        "recorded_on": on,
    }
    fields.update(changes)
    return Observation(**fields)  # type: ignore[arg-type]


def make_plan(
    indicators: tuple[Indicator, ...], observations: tuple[Observation, ...] = (), **changes: object
) -> MonitoringPlan:
    fields: dict[str, object] = {
        "id": "uji",
        "title": "Rencana uji",
        "agreement": example_agreement(),
        "illustrative": True,
        "indicators": indicators,
        "observations": observations,
        "window": Period(START, D(2024, 12, 31)),
    }
    fields.update(changes)
    return MonitoringPlan(**fields)  # type: ignore[arg-type]


def figure(
    ind: Indicator, observations: tuple[Observation, ...], as_of: dt.date = MID, **kw: object
) -> ProgressFigure:
    report = progress(make_plan((ind,), observations), as_of=as_of, **kw)  # type: ignore[arg-type]
    return report.find(ind.id)

"""Evaluations as observations of the progress engine: villages with a status, per region.

The only module of :mod:`desacoop.evaluation` that imports :mod:`desacoop.monitoring`, so
that scoring a village never loads the agreement model.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from desacoop import _checks as check
from desacoop.errors import ValidationError, shown
from desacoop.evaluation.records import VillageEvaluation, summarise, year_argument
from desacoop.evaluation.schemes import Method
from desacoop.evaluation.status import DevelopmentStatus
from desacoop.monitoring import Observation, Value
from desacoop.regions import Level, RegionCode

__all__ = ["status_observations"]


def status_observations(
    evaluations: Iterable[VillageEvaluation],
    indicator: str,
    *,
    year: int,
    recorded_on: dt.date,
    status: DevelopmentStatus | None = None,
    at_least: DevelopmentStatus | None = None,
    share: bool = False,
    level: Level = Level.REGENCY,
    within: RegionCode | str | None = None,
    method: Method | None = None,
    on: dt.date | None = None,
    source: str | None = None,
) -> tuple[Observation, ...]:
    """Observations for a progress indicator, one per region at ``level``: the villages
    evaluated in ``year`` with ``status`` (or ``at_least`` that status).

    The value is the count (a ``count`` indicator, aggregated by sum), or with
    ``share=True`` the count over the villages evaluated there (a ``percentage``
    indicator, aggregated as a ratio). ``on`` defaults to 31 December of ``year``;
    observation ids are ``<indicator>-<region>-<year>``. Regions without evaluations give
    no observation: missing data stays missing.

    >>> from desacoop import idm
    >>> evals = [VillageEvaluation("63.03.01.2001", 2023, idm.evaluate(iks="0.9", ike="0.9",
    ...          ikl="0.9")), VillageEvaluation("63.03.01.2002", 2023, idm.evaluate(
    ...          iks="0.5", ike="0.5", ikl="0.5"))]
    >>> [(str(o.region), o.value.numerator, o.value.denominator) for o in status_observations(
    ...     evals, "mandiri", year=2023, recorded_on=dt.date(2024, 2, 1),
    ...     status=DevelopmentStatus.MANDIRI, share=True)]
    [('63.03', Decimal('1'), Decimal('2'))]
    """
    if (status is None) == (at_least is None):
        raise ValidationError("give exactly one of status and at_least")
    check.argument("status", status, DevelopmentStatus)
    check.argument("at_least", at_least, DevelopmentStatus)
    check.argument("share", share, bool)
    check.argument("source", source, str)
    if not isinstance(indicator, str) or not indicator.strip():
        raise ValidationError(
            f"indicator must be an indicator id, not {shown(indicator)}", field="indicator"
        )
    when = year_argument("year", year)
    recorded = check.date_argument("recorded_on", recorded_on)
    day = dt.date(when, 12, 31) if on is None else check.date_argument("on", on)
    observations = []
    for summary in summarise(evaluations, year=when, level=level, within=within, method=method):
        if status is not None:
            count = summary.count(status)
        else:
            count = sum(
                c.count for c in summary.counts if at_least is not None and c.status >= at_least
            )
        value = Value.ratio(count, summary.total) if share else Value.of(count)
        observations.append(
            Observation(
                id=f"{indicator}-{summary.region.compact}-{when}",
                indicator=indicator,
                region=summary.region,
                on=day,
                value=value,
                recorded_on=recorded,
                source=source,
            )
        )
    return tuple(observations)

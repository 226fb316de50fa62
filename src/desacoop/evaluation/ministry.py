"""The ministry's published IDM records, many at once: read, de-duplicated, summarised.

Reading files is the caller's job (the core does no I/O); these functions take parsed
JSON. A record is either a bare response of the ministry's service
(``/open/api/desa/rumusan/<village>/<year>``) or the collection's wrapper
``{"village": "<code>", "year": <year>, "response": {...}}``, whose village and year must
agree with the response's own.

>>> from desacoop import idm
>>> old = VillageEvaluation("63.03.01.2001", 2022, idm.evaluate(iks=0.7, ike=0.7, ikl=0.7))
>>> new = VillageEvaluation("63.03.01.2001", 2023, idm.evaluate(iks=0.9, ike=0.9, ikl=0.9))
>>> [(str(t.village), t.from_year, t.to_year, t.movement.value) for t in movements([old, new])]
[('63.03.01.2001', 2022, 2023, 'up')]
>>> years([new, old])
(2022, 2023)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from desacoop.errors import Problem, ValidationError, shown
from desacoop.evaluation.kemendes import from_kemendes
from desacoop.evaluation.records import (
    Finding,
    Movement,
    Transition,
    VillageEvaluation,
    transitions,
    year_argument,
)
from desacoop.regions import RegionCode

__all__ = ["distinct", "findings", "movements", "read_record", "years"]


def read_record(record: Mapping[str, Any]) -> VillageEvaluation:
    """One published record: a bare response, or the collection's wrapper around one.

    >>> read_record({"village": "6303012001", "year": 2024, "response": {"error": "gone"}})
    Traceback (most recent call last):
    ...
    desacoop.errors.ValidationError: 1 problem:
      $.response.error: the service answered with an error: 'gone'
    """
    if not isinstance(record, Mapping):
        raise ValidationError.from_problems(
            [Problem("$", f"a record is a JSON object, not {shown(record)}")]
        )
    if "response" not in record:
        return from_kemendes(record)
    extra = sorted(set(record) - {"village", "year", "response"})
    problems = [Problem(f"$.{key}", f"unknown key {key!r}") for key in extra]
    try:
        evaluation = from_kemendes(record["response"])
    except ValidationError as exc:
        inner = exc.problems or (Problem("$", exc.message),)
        problems += [Problem("$.response" + p.path.removeprefix("$"), p.message) for p in inner]
        raise ValidationError.from_problems(problems) from None
    if "village" in record:
        try:
            village = RegionCode(record["village"])
        except ValidationError as exc:
            problems.append(Problem("$.village", exc.message))
        else:
            if village != evaluation.village:
                problems.append(
                    Problem(
                        "$.village",
                        f"the record says {village}, its response {evaluation.village}",
                    )
                )
    if "year" in record and record["year"] != evaluation.year:
        problems.append(
            Problem(
                "$.year", f"the record says {shown(record['year'])}, its response {evaluation.year}"
            )
        )
    if problems:
        raise ValidationError.from_problems(problems)
    return evaluation


def distinct(evaluations: Iterable[VillageEvaluation]) -> tuple[VillageEvaluation, ...]:
    """The evaluations with repeats of one record dropped (the first kept), by village and
    year; two different records of one village and year are a ValidationError."""
    kept: dict[tuple[RegionCode, int], VillageEvaluation] = {}
    for evaluation in _evaluations(evaluations):
        key = (evaluation.village, evaluation.year)
        if key in kept and kept[key] != evaluation:
            raise ValidationError(
                f"two different records of village {evaluation.village} for {evaluation.year}"
            )
        kept.setdefault(key, evaluation)
    return tuple(kept.values())


def years(evaluations: Iterable[VillageEvaluation]) -> tuple[int, ...]:
    """The years the evaluations are of, oldest first."""
    return tuple(sorted({e.year for e in _evaluations(evaluations)}))


def movements(
    evaluations: Iterable[VillageEvaluation],
    *,
    year: int | None = None,
    region: RegionCode | str | None = None,
) -> tuple[Transition, ...]:
    """Villages whose status moved up or down between consecutive evaluations (those ending
    in ``year`` when given), by village then year; unchanged ones are left out."""
    until = None if year is None else year_argument("year", year)
    return tuple(
        t
        for t in transitions(_evaluations(evaluations), region=region)
        if t.movement is not Movement.SAME and (until is None or t.to_year == until)
    )


def findings(
    evaluations: Iterable[VillageEvaluation], *, year: int | None = None
) -> tuple[tuple[VillageEvaluation, Finding], ...]:
    """Every finding of the evaluations (of ``year`` when given), by village, year and path
    order as found."""
    when = None if year is None else year_argument("year", year)
    return tuple(
        (e, f)
        for e in sorted(_evaluations(evaluations), key=lambda e: (e.village, e.year))
        if when is None or e.year == when
        for f in e.findings
    )


def _evaluations(evaluations: object) -> list[VillageEvaluation]:
    if not isinstance(evaluations, Iterable) or isinstance(evaluations, str | bytes | Mapping):
        raise ValidationError(
            f"evaluations must be a collection of VillageEvaluation, not {shown(evaluations)}",
            field="evaluations",
        )
    found = list(evaluations)
    for item in found:
        if not isinstance(item, VillageEvaluation):
            raise ValidationError(f"expected VillageEvaluation, not {shown(item)}")
    return found

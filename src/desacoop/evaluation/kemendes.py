"""The reader of the ministry's public IDM service: one response becomes a
:class:`~desacoop.evaluation.VillageEvaluation`, and every disagreement between what the
ministry published and desacoop's recomputation a :class:`~desacoop.evaluation.Finding`.

The response is the parsed JSON of ``/open/api/desa/rumusan/<village>/<year>``; reading the
file or calling the service is the caller's job (the core does no I/O). A response that
cannot be read raises :class:`~desacoop.errors.ValidationError` whose problems carry JSON
paths such as ``$.mapData.ROW[3].SKOR``:

>>> from_kemendes({"error": "not found"})
Traceback (most recent call last):
...
desacoop.errors.ValidationError: 1 problem:
  $.error: the service answered with an error: 'not found'
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

import attrs

from desacoop import _checks as check
from desacoop.errors import Problem, ValidationError, shown
from desacoop.evaluation.idm import DIMENSIONS, SCHEME, _block_index, _step_values
from desacoop.evaluation.records import Finding, FindingKind, PublishedSummary, VillageEvaluation
from desacoop.evaluation.schemes import (
    ActingLevel,
    Actor,
    Dimension,
    DimensionValue,
    EvaluationInputs,
    EvaluationResult,
    IndicatorScore,
)
from desacoop.evaluation.status import DECIMAL_CONTEXT, DevelopmentStatus, round_half_up, to_decimal
from desacoop.regions import Level, RegionCode, to_region_code

__all__ = ["PUBLISHED_TOLERANCE", "from_kemendes"]

#: How far a published figure may be from desacoop's before it is a finding. The service
#: publishes its floats to about 14 decimals.
PUBLISHED_TOLERANCE = Decimal("1e-10")


# --- Kemendes published records -----------------------------------------------------------


class _Reader:
    """Reads a parsed JSON response, collecting problems with their JSON paths."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def fail(self, path: str, message: str) -> ValidationError:
        self.problems.append(Problem(path, message))
        return ValidationError.from_problems(self.problems)

    def note(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))

    def mapping(self, value: object, path: str) -> Mapping[str, Any]:
        if not isinstance(value, Mapping):
            raise self.fail(path, f"expected an object, found {_kind(value)}")
        return value

    def sequence(self, value: object, path: str) -> Sequence[Any]:
        if not isinstance(value, (list, tuple)):
            raise self.fail(path, f"expected a list, found {_kind(value)}")
        return value

    def key(self, obj: Mapping[str, Any], key: str, path: str) -> Any:
        if key not in obj:
            raise self.fail(f"{path}.{key}", "missing")
        return obj[key]

    def number(self, value: object, path: str) -> Decimal | None:
        """A float, int or numeric text as an exact Decimal (a float via its repr)."""
        if isinstance(value, bool):
            self.note(path, f"expected a number, found {_kind(value)}")
            return None
        if isinstance(value, float):
            text = repr(value)
        elif isinstance(value, (int, str)):
            text = str(value).strip()
        else:
            self.note(path, f"expected a number, found {_kind(value)}")
            return None
        try:
            number = Decimal(text)
        except InvalidOperation:
            self.note(path, f"expected a number, found {shown(value)}")
            return None
        if not number.is_finite():
            self.note(path, f"expected a finite number, found {shown(value)}")
            return None
        if number and abs(number.adjusted()) > check.EXPONENT_LIMIT:
            # 1e-999999 would make exact arithmetic crawl; no published figure is near.
            self.note(
                path,
                f"a number out of range, found {shown(value)} "
                f"(its exponent passes {check.EXPONENT_LIMIT})",
            )
            return None
        return number

    def text(self, value: object, path: str, *, optional: bool = False) -> str | None:
        # The service writes PHP's ``false`` for a missing text in at least one record.
        if optional and (value is None or value is False):
            return None
        if not isinstance(value, str):
            self.note(path, f"expected a text, found {_kind(value)}")
            return None
        return value

    def status(self, value: object, path: str) -> DevelopmentStatus | None:
        try:
            return DevelopmentStatus.parse(value)
        except ValidationError as error:
            self.note(path, error.message)
            return None


def _kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    names = {dict: "an object", list: "a list", str: "a text", int: "a number", float: "a number"}
    return names.get(type(value), type(value).__name__) + (
        f" {value!r}" if isinstance(value, (str, int, float)) else ""
    )


_ACTOR_KEYS = (
    ("PUSAT", ActingLevel.CENTRAL),
    ("PROV", ActingLevel.PROVINCE),
    ("KAB", ActingLevel.REGENCY),
    ("DESA", ActingLevel.VILLAGE),
    ("CSR", ActingLevel.CSR),
    ("LAINNYA", ActingLevel.OTHER),
)
_SUMMARY_TITLE = re.compile(r"(IKS|IKE|IKL|IDM|STATUS IDM)\s+([0-9]{4})")
_BLOCK_OF = {"IKS": Dimension.IKS, "IKE": Dimension.IKE, "IKL": Dimension.IKL}


@attrs.frozen
class _Rows:
    indicators: tuple[IndicatorScore, ...]
    indices: dict[Dimension, tuple[Decimal, str]]
    idm_row: tuple[Decimal, str] | None
    status_row: tuple[DevelopmentStatus, str] | None
    years: tuple[tuple[int, str], ...]
    #: JSON path of each indicator row, by (dimension, number).
    paths: dict[tuple[Dimension, int], str]


def _read_rows(reader: _Reader, rows_value: object, path: str) -> _Rows:
    rows = reader.sequence(rows_value, path)
    indicators: list[IndicatorScore] = []
    indices: dict[Dimension, tuple[Decimal, str]] = {}
    idm_row: tuple[Decimal, str] | None = None
    status_row: tuple[DevelopmentStatus, str] | None = None
    years: list[tuple[int, str]] = []
    paths: dict[tuple[Dimension, int], str] = {}
    block: list[IndicatorScore] = []
    #: Indicator rows seen in the current block, good or bad: one bad row is one problem,
    #: not a "found N+1" for every row after it.
    in_block = 0
    expected = list(DIMENSIONS)
    for position, row_value in enumerate(rows):
        here = f"{path}[{position}]"
        row = reader.mapping(row_value, here)
        number = reader.key(row, "NO", here)
        title = reader.key(row, "INDIKATOR", here)
        score = reader.key(row, "SKOR", here)
        if number is None:
            match = _SUMMARY_TITLE.fullmatch(title.strip()) if isinstance(title, str) else None
            if match is None:
                reader.note(f"{here}.INDIKATOR", f"not a known summary row: {title!r}")
                continue
            name, year = match.group(1), int(match.group(2))
            years.append((year, f"{here}.INDIKATOR"))
            if name in _BLOCK_OF:
                dimension = _BLOCK_OF[name]
                if not expected or expected[0] is not dimension:
                    reader.note(f"{here}.INDIKATOR", f"{name} block out of order")
                    continue
                expected.pop(0)
                if not block:
                    reader.note(here, f"the {name} block has no indicator rows")
                value = reader.number(score, f"{here}.SKOR")
                if value is not None:
                    indices[dimension] = (value, f"{here}.SKOR")
                indicators.extend(block)
                block = []
                in_block = 0
            elif name == "IDM":
                value = reader.number(score, f"{here}.SKOR")
                if value is not None:
                    idm_row = (value, f"{here}.SKOR")
            else:
                status = reader.status(score, f"{here}.SKOR")
                if status is not None:
                    status_row = (status, f"{here}.SKOR")
            continue
        if not expected:
            reader.note(here, "an indicator row after the last dimension block")
            continue
        dimension = expected[0]
        in_block += 1
        if isinstance(number, bool) or not isinstance(number, int):
            reader.note(f"{here}.NO", f"expected a whole number or null, found {_kind(number)}")
            continue
        if number != in_block:
            reader.note(f"{here}.NO", f"expected indicator {in_block}, found {number}")
        if isinstance(score, bool) or not isinstance(score, int) or not 0 <= score <= 5:
            reader.note(f"{here}.SKOR", f"expected a score from 0 to 5, found {_kind(score)}")
            continue
        name_text = reader.text(title, f"{here}.INDIKATOR") or ""
        meaning = reader.text(row.get("KETERANGAN"), f"{here}.KETERANGAN", optional=True)
        activity = reader.text(row.get("KEGIATAN"), f"{here}.KEGIATAN", optional=True)
        if activity is not None and activity.strip() in ("", "-"):
            activity = None
        gain = reader.number(reader.key(row, "NILAI", here), f"{here}.NILAI")
        actors = []
        for key, level in _ACTOR_KEYS:
            who = reader.text(row.get(key), f"{here}.{key}", optional=True)
            if who is not None and who.strip():
                actors.append(Actor(level, who.strip()))
        if gain is not None and gain < 0:
            reader.note(f"{here}.NILAI", f"a gain is never negative: {gain}")
            gain = None
        paths[(dimension, in_block)] = here
        block.append(
            IndicatorScore(
                dimension=dimension,
                number=in_block,
                score=score,
                name=name_text.strip(),
                meaning=meaning,
                activity=activity,
                actors=tuple(actors),
                published_gain=gain,
            )
        )
    if block:
        reader.note(path, "indicator rows after the last dimension summary row")
    for dimension in expected:
        reader.note(path, f"no {dimension.value.upper()} summary row")
    if idm_row is None:
        reader.note(path, "no IDM summary row")
    if status_row is None:
        reader.note(path, "no STATUS IDM summary row")
    return _Rows(tuple(indicators), indices, idm_row, status_row, tuple(years), paths)


def _fmt(value: Decimal | Fraction) -> str:
    return str(value if isinstance(value, Decimal) else to_decimal(value))


def _close(a: Decimal, b: Decimal) -> bool:
    return abs(DECIMAL_CONTEXT.subtract(a, b)) <= PUBLISHED_TOLERANCE


def from_kemendes(response: Mapping[str, Any]) -> VillageEvaluation:
    """Read one response of the ministry's public IDM service into a VillageEvaluation.

    ``response`` is the parsed JSON of ``/open/api/desa/rumusan/<village>/<year>``. The
    50 indicator rows become the inputs' indicators; the three dimension indices as
    published become the inputs' dimensions, from which desacoop recomputes the result
    (the ministry's summary and status follow the indices). The summary as published is
    kept in ``published``, and every disagreement is a :class:`~desacoop.evaluation.Finding`:

    - indicator rows whose sum disagrees with their dimension index (seen in 2024);
    - a score that is not the mean of the indices, a summary row that disagrees with the
      summary, a status, target, minimum or gap that disagrees with the rules, a ``NILAI``
      that disagrees with the indicator's gain;
    - for a Mandiri village, the service's target (MANDIRI, 0.8156 and a usually negative
      gap) is the known quirk :attr:`~desacoop.evaluation.FindingKind.MANDIRI_TARGET_QUIRK`;
      the result's target, minimum and gap stay ``None``.

    Floats are read through their shortest text (``Decimal(repr(x))``). A response that
    cannot be read raises :class:`ValidationError` whose problems carry JSON paths such as
    ``$.mapData.ROW[3].SKOR``.
    """
    reader = _Reader()
    root = reader.mapping(response, "$")
    if root.get("error") not in (None, False):
        raise reader.fail("$.error", f"the service answered with an error: {root.get('error')!r}")
    data = reader.mapping(reader.key(root, "mapData", "$"), "$.mapData")
    summary_path = "$.mapData.SUMMARIES"
    summary = reader.mapping(reader.key(data, "SUMMARIES", "$.mapData"), summary_path)
    rows = _read_rows(reader, reader.key(data, "ROW", "$.mapData"), "$.mapData.ROW")
    identities = reader.sequence(reader.key(data, "IDENTITAS", "$.mapData"), "$.mapData.IDENTITAS")
    if not identities:
        raise reader.fail("$.mapData.IDENTITAS", "no identity record")
    identity = reader.mapping(identities[0], "$.mapData.IDENTITAS[0]")
    village_path = "$.mapData.IDENTITAS[0].id_desa"
    village: RegionCode | None = None
    village_value = reader.key(identity, "id_desa", "$.mapData.IDENTITAS[0]")
    try:
        village = to_region_code(village_value)
        if village.level is not Level.VILLAGE:
            reader.note(village_path, f"not a village code: {village_value!r}")
            village = None
    except ValidationError as error:
        reader.note(village_path, error.message)
    name = identity.get("nama_desa")
    name = name.strip() if isinstance(name, str) else None

    def field(key: str) -> Any:
        return reader.key(summary, key, summary_path)

    published_score = reader.number(field("SKOR_SAAT_INI"), f"{summary_path}.SKOR_SAAT_INI")
    published_status = reader.status(field("STATUS"), f"{summary_path}.STATUS")
    published_target = reader.status(field("TARGET_STATUS"), f"{summary_path}.TARGET_STATUS")
    published_minimum = reader.number(field("SKOR_MINIMAL"), f"{summary_path}.SKOR_MINIMAL")
    published_gap = reader.number(field("PENAMBAHAN"), f"{summary_path}.PENAMBAHAN")
    year = field("TAHUN")
    if isinstance(year, bool) or not isinstance(year, int) or not 1900 <= year <= 2200:
        reader.note(f"{summary_path}.TAHUN", f"expected a year, found {_kind(year)}")
    for _dimension, (value, path) in rows.indices.items():
        if not 0 <= value <= 1:
            reader.note(path, f"a dimension index lies between 0 and 1, found {value}")
    if reader.problems:
        raise ValidationError.from_problems(reader.problems)
    assert village is not None
    assert published_score is not None
    assert published_status is not None
    assert published_target is not None
    assert published_minimum is not None
    assert published_gap is not None
    assert rows.idm_row is not None
    assert rows.status_row is not None

    inputs = EvaluationInputs(
        tuple(DimensionValue(d, rows.indices[d][0]) for d in DIMENSIONS), rows.indicators
    )
    result = SCHEME.evaluate(inputs)
    published = PublishedSummary(
        score=published_score,
        status=published_status,
        target_status=published_target,
        minimum=published_minimum,
        gap=published_gap,
    )
    findings = _findings(result, published, rows, year, summary_path)
    return VillageEvaluation(
        village=village,
        year=year,
        result=result,
        published=published,
        findings=findings,
        name=name,
    )


def _findings(
    result: EvaluationResult,
    published: PublishedSummary,
    rows: _Rows,
    year: int,
    summary_path: str,
) -> tuple[Finding, ...]:
    found: list[Finding] = []
    # Indicator rows against their dimension index.
    for dimension in DIMENSIONS:
        block = result.inputs.block(dimension)
        index, path = rows.indices[dimension]
        from_rows_index = _block_index(block)
        if abs(Fraction(index) - from_rows_index) > Fraction(PUBLISHED_TOLERANCE):
            total = sum(i.score for i in block)
            replaced = EvaluationInputs(
                tuple(
                    DimensionValue(
                        d,
                        to_decimal(from_rows_index) if d is dimension else rows.indices[d][0],
                    )
                    for d in DIMENSIONS
                )
            )
            status_from_rows = SCHEME.evaluate(replaced).status
            effect = (
                f"from the rows the status would be {status_from_rows.label_id}"
                if status_from_rows is not result.status
                else "the status is the same either way"
            )
            found.append(
                Finding(
                    FindingKind.ROWS_DISAGREE_WITH_INDEX,
                    path,
                    f"the {len(block)} {dimension.value.upper()} indicator scores add up to "
                    f"{total} of {5 * len(block)} ({_fmt(from_rows_index)}), but the published "
                    f"{dimension.value.upper()} is {index}; the summary follows the index; "
                    f"{effect}",
                    published=str(index),
                    computed=_fmt(from_rows_index),
                )
            )
    # NILAI against the gain of each indicator.
    steps = _step_values(result, SCHEME)
    for indicator in result.inputs.indicators:
        if indicator.published_gain is None:
            continue
        expected = round_half_up(steps[indicator.dimension] * indicator.headroom, 8)
        if indicator.published_gain != expected:
            found.append(
                Finding(
                    FindingKind.GAIN_DISAGREES,
                    f"{rows.paths[(indicator.dimension, indicator.number)]}.NILAI",
                    f"{indicator.dimension.value.upper()} indicator {indicator.number} "
                    f"({indicator.name}) scored {indicator.score} would add {expected} at 5, "
                    f"not {indicator.published_gain}",
                    published=str(indicator.published_gain),
                    computed=str(expected),
                )
            )
    # The score against the indices; the summary rows against the summary.
    if not _close(published.score, result.exact):
        found.append(
            Finding(
                FindingKind.SCORE_DISAGREES_WITH_INDICES,
                f"{summary_path}.SKOR_SAAT_INI",
                f"the published score {published.score} is not the mean of the published "
                f"indices, {result.exact}",
                published=str(published.score),
                computed=str(result.exact),
            )
        )
    assert rows.idm_row is not None
    assert rows.status_row is not None
    if rows.idm_row[0] != published.score:
        found.append(
            Finding(
                FindingKind.SUMMARY_ROW_DISAGREES,
                rows.idm_row[1],
                f"the IDM row says {rows.idm_row[0]}, the summary {published.score}",
                published=str(rows.idm_row[0]),
                computed=str(published.score),
            )
        )
    if rows.status_row[0] is not published.status:
        found.append(
            Finding(
                FindingKind.SUMMARY_ROW_DISAGREES,
                rows.status_row[1],
                f"the STATUS IDM row says {rows.status_row[0].label_id}, the summary "
                f"{published.status.label_id}",
                published=rows.status_row[0].value,
                computed=published.status.value,
            )
        )
    for row_year, path in rows.years:
        if row_year != year:
            found.append(
                Finding(
                    FindingKind.SUMMARY_ROW_DISAGREES,
                    path,
                    f"a summary row is for {row_year}, the record for {year}",
                    published=str(row_year),
                    computed=str(year),
                )
            )
    # DevelopmentStatus, target, minimum and gap against the rules.
    if published.status is not result.status:
        found.append(
            Finding(
                FindingKind.STATUS_DISAGREES,
                f"{summary_path}.STATUS",
                f"a score of {result.value} is {result.status.label_id}, "
                f"not {published.status.label_id}",
                published=published.status.value,
                computed=result.status.value,
            )
        )
    if result.next_status is None:
        found.append(
            Finding(
                FindingKind.MANDIRI_TARGET_QUIRK,
                f"{summary_path}.TARGET_STATUS",
                f"a Mandiri village has no higher status; the service still answers target "
                f"{published.target_status.label_id}, minimum {published.minimum} and "
                f"addition {published.gap} (a known quirk, not a target)",
                published=published.target_status.value,
            )
        )
        return tuple(found)
    assert result.minimum_for_next is not None
    assert result.gap is not None
    if published.target_status is not result.next_status:
        found.append(
            Finding(
                FindingKind.TARGET_DISAGREES,
                f"{summary_path}.TARGET_STATUS",
                f"the next status after {result.status.label_id} is "
                f"{result.next_status.label_id}, not {published.target_status.label_id}",
                published=published.target_status.value,
                computed=result.next_status.value,
            )
        )
    if published.minimum != result.minimum_for_next:
        found.append(
            Finding(
                FindingKind.MINIMUM_DISAGREES,
                f"{summary_path}.SKOR_MINIMAL",
                f"the minimum score of {result.next_status.label_id} is "
                f"{result.minimum_for_next}, not {published.minimum}",
                published=str(published.minimum),
                computed=str(result.minimum_for_next),
            )
        )
    # The ministry's PENAMBAHAN is minimum - unrounded score (the result's gap is minimum -
    # score at four decimals, as both are shown).
    unrounded_gap = DECIMAL_CONTEXT.subtract(result.minimum_for_next, result.exact)
    if not _close(published.gap, unrounded_gap):
        found.append(
            Finding(
                FindingKind.GAP_DISAGREES,
                f"{summary_path}.PENAMBAHAN",
                f"the gap to {result.next_status.label_id} is {unrounded_gap} "
                f"(minimum - unrounded score), not {published.gap}",
                published=str(published.gap),
                computed=str(unrounded_gap),
            )
        )
    return tuple(found)

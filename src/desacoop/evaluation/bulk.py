"""Many villages at once: IDM statuses from sums of indicator scores, counted per region.

For national-scale work (83,762 villages in the 2025 list): each village costs a few integer
operations, with the cut points of :data:`desacoop.idm.THRESHOLDS`, so the statuses are
exactly those of :func:`desacoop.idm.evaluate_scores`.

>>> from desacoop.regions import Level
>>> [(str(s.region), s.total, s.count(DevelopmentStatus.MANDIRI)) for s in summarise_sums(
...     ["63.71.01.1001", "63.71.01.1002", "35.07.01.2001"],
...     [175, 0, 100], [60, 0, 30], [15, 0, 10], year=2024, level=Level.PROVINCE)]
[('35', 1, 0), ('63', 2, 1)]
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter
from collections.abc import Sequence
from typing import Any

from desacoop.errors import ValidationError, shown
from desacoop.evaluation.idm import KEMENDES_BLOCK_SIZES, THRESHOLDS
from desacoop.evaluation.records import RegionSummary, StatusCount, summary_level, year_argument
from desacoop.evaluation.status import DevelopmentStatus, StatusThresholds, whole_number
from desacoop.regions import LEVEL_DIGITS, Level, RegionCode

__all__ = ["summarise_sums"]

_COMPACT = "[0-9][0-9][0-9][0-9][0-9][0-9][123][0-9][0-9][0-9]"
_DOTTED = r"[0-9][0-9]\.[0-9][0-9]\.[0-9][0-9]\.[123][0-9][0-9][0-9]"
_ONE_VILLAGE = re.compile(f"{_COMPACT}|{_DOTTED}")
_ALL_COMPACT = re.compile(f"(?:{_COMPACT}\n)*")
_ALL_DOTTED = re.compile(f"(?:{_DOTTED}\n)*")
_RANK_CHARS = "01234"


def summarise_sums(
    villages: Sequence[RegionCode | str],
    social: Sequence[int],
    economic: Sequence[int],
    ecological: Sequence[int],
    *,
    year: int,
    level: Level = Level.PROVINCE,
    sizes: tuple[int, int, int] = KEMENDES_BLOCK_SIZES,
    thresholds: StatusThresholds = THRESHOLDS,
) -> tuple[RegionSummary, ...]:
    """Classify many villages from the sums of their indicator scores, counted per region.

    ``social[k]`` is the sum of village ``k``'s social scores (0 to 5 x ``sizes[0]``), and
    so on. The score is ``(social / (5 n1) + economic / (5 n2) + ecological / (5 n3)) / 3``,
    a whole numerator over one common denominator, so each village costs a few integer
    operations; the cut points between statuses come from ``thresholds``
    (:meth:`~desacoop.evaluation.StatusThresholds.cut_points`), the same rule
    :func:`desacoop.idm.evaluate_scores` uses. Village codes (dotted or compact) are
    checked for shape (village part starting 1-3); the regions they are counted in are fully
    validated. Sums may be lists of ints or one-dimensional arrays of numpy integers.
    """
    when = year_argument("year", year)
    level = summary_level(level)
    if not isinstance(thresholds, StatusThresholds):
        raise ValidationError(
            f"thresholds must be StatusThresholds, not {shown(thresholds)}", field="thresholds"
        )
    if not isinstance(sizes, tuple) or len(sizes) != 3:
        raise ValidationError(
            f"sizes are three whole numbers above 0, not {shown(sizes)}", field="sizes"
        )
    n_social, n_economic, n_ecological = (
        whole_number(n, f"sizes[{i}]", 1) for i, n in enumerate(sizes)
    )
    columns = {
        "villages": villages,
        "social": social,
        "economic": economic,
        "ecological": ecological,
    }
    for name, column in columns.items():
        if isinstance(column, str | bytes) or not hasattr(column, "__len__"):
            raise ValidationError(f"{name} must be a list, not {shown(column)}", field=name)
    if not len(villages) == len(social) == len(economic) == len(ecological):
        raise ValidationError("villages and the three lists of sums must have the same length")
    common = math.lcm(n_social, n_economic, n_ecological)
    cs, ce, cl = common // n_social, common // n_economic, common // n_ecological
    denominator = 15 * common
    cuts = thresholds.cut_points(denominator)
    limits = (5 * n_social, 5 * n_economic, 5 * n_ecological)
    width = LEVEL_DIGITS[level]
    texts = _village_texts(villages)
    social, economic, ecological = (
        _sums(name, sums, limit)
        for name, sums, limit in zip(
            ("social", "economic", "ecological"),
            (social, economic, ecological),
            limits,
            strict=True,
        )
    )
    # Whole-list operations: one key per village (its region's digits and its status
    # rank as one character), counted by Counter's C loop.
    ranks = [_RANK_CHARS[bisect.bisect_right(cuts, n)] for n in range(denominator + 1)]
    if width == 2:  # dotted or compact alike
        keys = [
            t[:2] + ranks[cs * s + ce * e + cl * g]
            for t, s, e, g in zip(texts, social, economic, ecological, strict=True)
        ]
    else:
        keys = [
            t.replace(".", "")[:width] + ranks[cs * s + ce * e + cl * g]
            for t, s, e, g in zip(texts, social, economic, ecological, strict=True)
        ]
    order = tuple(DevelopmentStatus)
    per_region: dict[str, list[int]] = {}
    for key, number in Counter(keys).items():
        per_region.setdefault(key[:-1], [0] * len(order))[int(key[-1])] += number
    return tuple(
        RegionSummary(
            region=RegionCode(prefix),
            year=when,
            total=sum(numbers),
            counts=tuple(StatusCount(s, n) for s, n in zip(order, numbers, strict=True)),
        )
        for prefix, numbers in sorted(per_region.items())
    )


def _village_texts(villages: Sequence[RegionCode | str]) -> Sequence[str]:
    """The codes as texts whose first two characters are the province, each checked.

    One regular-expression pass over all the codes when they share a form (all dotted or
    all compact); otherwise code by code (compacted), naming the first bad one.
    """
    if set(map(type, villages)) == {str}:
        texts: Sequence[Any] = villages
    else:
        texts = [v.compact if isinstance(v, RegionCode) else v for v in villages]
    if set(map(type, texts)) <= {str}:
        joined = "\n".join(texts) + "\n"
        if _ALL_COMPACT.fullmatch(joined) or _ALL_DOTTED.fullmatch(joined):
            return texts
    compact = []
    for position, (code, text) in enumerate(zip(villages, texts, strict=True)):
        if not isinstance(text, str) or _ONE_VILLAGE.fullmatch(text) is None:
            raise ValidationError(
                f"villages[{position}] is not a village code: {code!r}",
                field=f"villages[{position}]",
            )
        compact.append(text.replace(".", ""))
    return compact


def _sums(name: str, sums: Sequence[int], limit: int) -> Sequence[int]:
    """Every sum a whole number from 0 to ``limit`` (whole-list checks first), as ints: a
    list of ints is taken as is, numpy integers (an array's items) become ints."""
    # The distinct values are few (at most limit + 1), so their set is cheap to check.
    if set(map(type, sums)) <= {int} and all(0 <= v <= limit for v in set(sums)):
        return sums
    return [_sum(name, position, value, limit) for position, value in enumerate(sums)]


def _sum(name: str, position: int, value: object, limit: int) -> int:
    where = f"{name}[{position}]"
    try:
        return whole_number(value, where, 0, limit)
    except ValidationError:
        raise ValidationError(
            f"{where} must be a whole number of points from 0 to {limit}, not {shown(value)}",
            field=where,
        ) from None

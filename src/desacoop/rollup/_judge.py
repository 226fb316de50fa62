"""The verdicts, as pure functions: coverage, status, holding back, roll-up and gains.

- :func:`coverage`: the share of the expected data received, where expected means the
  declared reporters × the reporting periods due (cumulative: each reporter's latest period).
- :func:`status`: judged on measured values only. Behind schedule while declared data is
  missing reads *incomplete*; nothing reads good unless the data received alone shows it.
- :func:`hold_back`: a child that is not good (behind, incomplete, no data) keeps every
  ancestor from reading good, and is named.
- :func:`combine`: a roll-up's value, expected and coverage from its children.
- :func:`gains`: what each indicator at its expected value would add to the overall figure.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal

import attrs

from desacoop.rollup._figures import GOOD, HeldBack, ProgressFigure, ProgressStatus, Tolerance

__all__ = [
    "BAD",
    "LACKING",
    "NEUTRAL",
    "Combined",
    "combine",
    "counted",
    "coverage",
    "gains",
    "hold_back",
    "status",
]

S = ProgressStatus
_ZERO = Decimal(0)
_ONE = Decimal(1)

#: Statuses that say nothing for or against: never hold a parent back.
NEUTRAL = frozenset({S.NOT_STARTED, S.NO_TARGET, S.REPORTED, S.NOT_SCORED})
#: Statuses that are not good and hold every ancestor back.
BAD = frozenset(ProgressStatus) - GOOD - NEUTRAL
#: The statuses a child can change: good ones, and behind ones (to incomplete).
_HOLDABLE = GOOD | {S.AT_RISK, S.OFF_TRACK}
#: The bad statuses that are about data not received.
LACKING = frozenset({S.NO_DATA, S.INCOMPLETE})


def coverage(expected: int, received: int, *, has_value: bool) -> Decimal:
    """``received`` of ``expected`` data points; nothing expected yet counts as complete
    when there is a value (and as nothing when there is none)."""
    if expected:
        return Decimal(received) / Decimal(expected)
    return _ONE if has_value else _ZERO


def status(
    value: Decimal | None,
    expected: Decimal | None,
    final_by: dt.date | None,
    as_of: dt.date,
    tolerance: Tolerance,
    *,
    reached: bool,
    silent_reporters: bool = False,
    missing_periods: bool = False,
    only_rises: bool = False,
) -> ProgressStatus:
    """The status of a measured figure.

    After the final target date: achieved when reached, else overdue. Before it: achieved
    when reached, else against ``expected`` with ``tolerance``. With declared reporters
    silent, or periods missing that could move the figure either way, anything but not
    started or overdue reads incomplete; periods missing from a figure that can only rise
    (an increasing sum of values that are never negative) leave a good status good.
    """
    if value is None or expected is None:
        return S.NO_DATA
    if final_by is not None and as_of > final_by and not reached:
        return S.OVERDUE
    if reached:
        judged = S.ACHIEVED
    elif expected == 0:
        judged = S.ON_TRACK if value > 0 else S.NOT_STARTED
    elif value >= tolerance.on_track * expected:
        judged = S.ON_TRACK
    elif value >= tolerance.at_risk * expected:
        judged = S.AT_RISK
    else:
        judged = S.OFF_TRACK
    if judged is S.NOT_STARTED:
        return judged
    if silent_reporters or (missing_periods and not (only_rises and judged in GOOD)):
        return S.INCOMPLETE
    return judged


def hold_back(
    judged: ProgressStatus, children: Iterable[tuple[str, ProgressFigure]]
) -> tuple[ProgressStatus, tuple[HeldBack, ...]]:
    """``judged`` held back by named children that are not good: a good status becomes
    incomplete when one of them lacks data, else at risk; a status behind schedule becomes
    incomplete when one of them lacks data. Returns the status and the reasons."""
    if judged not in _HOLDABLE:
        return judged, ()
    bad = [(name, c) for name, c in children if c.status in BAD]
    lacking = [(name, c) for name, c in bad if c.status in LACKING]
    if judged in GOOD and bad:
        return (S.INCOMPLETE if lacking else S.AT_RISK), tuple(_why(n, c) for n, c in bad)
    if judged in (S.AT_RISK, S.OFF_TRACK) and lacking:
        return S.INCOMPLETE, tuple(_why(n, c) for n, c in lacking)
    return judged, ()


def _why(name: str, child: ProgressFigure) -> HeldBack:
    """A child named with its status, the first reason it was held back and how many more."""
    if not child.held_back:
        return HeldBack(name, child.status)
    first = child.held_back[0]  # the engine's own children: always a record
    because = first if isinstance(first, HeldBack) else None
    return HeldBack(name, child.status, because, len(child.held_back) - 1)


def counted(children: Iterable[ProgressFigure]) -> list[ProgressFigure]:
    """The children that count: weight above 0 and scored (weight-0 children, qualitative
    statements and areas without indicators count for nothing, in value as in status)."""
    return [c for c in children if c.counts]


@attrs.frozen
class Combined:
    """A roll-up's numbers: value and expected are weighted means over the counted children
    with a value (Σ weight × value / Σ weight), so they can be recomputed from the weights
    and values printed beside them; coverage = Σ weight × coverage / Σ weight over every
    counted child (missing data lowers coverage, never the value)."""

    value: Decimal | None
    expected: Decimal | None
    coverage: Decimal
    final_by: dt.date | None


def combine(children: Sequence[ProgressFigure]) -> Combined:
    total = covered = weighed = value_sum = expected_sum = _ZERO
    for c in children:
        total += c.weight
        covered += c.weight * c.coverage
        if c.value is None or c.expected is None:
            continue
        weighed += c.weight
        value_sum += c.weight * c.value
        expected_sum += c.weight * c.expected
    finals = [c.final_by for c in children if c.final_by is not None]
    value = expected = None
    if weighed > 0:
        value = value_sum / weighed
        expected = expected_sum / weighed
    return Combined(
        value=value,
        expected=expected,
        coverage=covered / total if total > 0 else _ZERO,
        final_by=max(finals) if finals else None,
    )


def gains(total: ProgressFigure) -> tuple[tuple[ProgressFigure, Decimal], ...]:
    """Each indicator of ``total`` (agreement → area → indicator) with the rise of the
    overall value if it stood at its expected value with all its data; positive rises,
    largest first, ties by key."""
    areas = list(total.children)
    now = combine(counted(areas)).value or _ZERO
    found: list[tuple[Decimal, str, ProgressFigure]] = []
    for i, area in enumerate(areas):
        for j, ind in enumerate(area.children):
            if ind.expected is None or ind.weight <= 0 or ind.status in NEUTRAL:
                continue
            moved = attrs.evolve(ind, value=ind.expected, coverage=_ONE, status=S.ON_TRACK)
            inds = [*area.children[:j], moved, *area.children[j + 1 :]]
            rolled = combine(counted(inds))
            new_area = attrs.evolve(
                area,
                value=rolled.value,
                expected=rolled.expected,
                coverage=rolled.coverage,
                status=S.ON_TRACK,
            )
            after = combine(counted([*areas[:i], new_area, *areas[i + 1 :]])).value or _ZERO
            gain = after - now
            if gain > 0:
                found.append((gain, ind.key, ind))
    found.sort(key=lambda item: (-item[0], item[1]))
    return tuple((figure, gain) for gain, _, figure in found)

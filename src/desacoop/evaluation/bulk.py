"""Many villages at once: IDM results as columns, and statuses from sums of indicator
scores counted per region.

For national-scale work (83,762 villages in the 2025 list), in whole-list operations whose
results are exactly those of the object path, village by village:

- :func:`evaluate_columns`: from the three indices of every village (lists, tuples, numpy
  arrays or pandas columns), what :func:`desacoop.idm.evaluate` gives for each, as columns;
- :func:`evaluate_sums`: from the sums of every village's indicator scores, what
  :func:`desacoop.idm.evaluate_scores` gives, as columns;
- :func:`summarise_sums`: from the same sums, the statuses counted per region.

>>> columns = evaluate_sums(social=[175, 100], economic=[60, 30], ecological=[15, 10])
>>> columns["value"], columns["status"]
([Decimal('1.0000'), Decimal('0.5794')], [DevelopmentStatus.MANDIRI, DevelopmentStatus.TERTINGGAL])
>>> columns["gap"]  # (100/175 + 30/60 + 10/15) / 3 = 0.57937 → 0.5794, 0.0196 short of 0.5990
[None, Decimal('0.0196')]
>>> from desacoop.regions import Level
>>> [(str(s.region), s.total, s.count(DevelopmentStatus.MANDIRI)) for s in summarise_sums(
...     ["63.03.01.2001", "63.03.01.2002", "35.07.01.2001"],
...     [175, 0, 100], [60, 0, 30], [15, 0, 10], year=2024, level=Level.PROVINCE)]
[('35', 1, 0), ('63', 2, 1)]
"""

from __future__ import annotations

import bisect
import functools
import math
import operator
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence, Set
from decimal import Decimal, Inexact, Rounded
from fractions import Fraction
from itertools import repeat
from typing import Any, TypedDict

from desacoop import _checks as check
from desacoop.errors import ValidationError, shown
from desacoop.evaluation.idm import KEMENDES_BLOCK_SIZES, THRESHOLDS, _index
from desacoop.evaluation.records import RegionSummary, StatusCount, summary_level, year_argument
from desacoop.evaluation.status import (
    _EXACT,
    _STATUS_ORDER,
    _WIDE,
    DECIMAL_CONTEXT,
    DevelopmentStatus,
    StatusThresholds,
    whole_number,
)
from desacoop.regions import LEVEL_DIGITS, Level, RegionCode

__all__ = ["evaluate_columns", "evaluate_sums", "summarise_sums"]

_COMPACT = "[0-9][0-9][0-9][0-9][0-9][0-9][23][0-9][0-9][0-9]"
_DOTTED = r"[0-9][0-9]\.[0-9][0-9]\.[0-9][0-9]\.[23][0-9][0-9][0-9]"
_ONE_VILLAGE = re.compile(f"{_COMPACT}|{_DOTTED}")
_DIGITS_AS_ZERO = bytes.maketrans(b"0123456789", b"0000000000")
_RANK_CHARS = "01234"
#: Characters of a region's prefix in a dotted code, by level.
_DOTTED_WIDTH = {Level.PROVINCE: 2, Level.REGENCY: 5, Level.DISTRICT: 8}


class IdmColumns(TypedDict):
    """IDM results of many villages, one list a measure, in the villages' order: the
    fields of :class:`~desacoop.evaluation.EvaluationResult` (``next_status``,
    ``minimum_for_next`` and ``gap`` are ``None`` for a Mandiri village). A plain dict at
    run time, so ``pandas.DataFrame(columns)`` is a frame of one row a village."""

    exact: list[Decimal]
    value: list[Decimal]
    status: list[DevelopmentStatus]
    next_status: list[DevelopmentStatus | None]
    minimum_for_next: list[Decimal | None]
    gap: list[Decimal | None]


def _column(name: str, values: object) -> list[Any]:
    """The items of a list, a tuple, a one-dimensional numpy array or a pandas column (never
    a text, a mapping or a set), as a list: numpy numbers become Python numbers. A list is
    taken as it is (never changed here)."""
    if type(values) is list:
        return values
    if getattr(values, "ndim", 1) != 1 or isinstance(values, str | bytes | Mapping | Set):
        raise ValidationError(
            f"{name} must be a list or a one-dimensional array, not {shown(values)}", field=name
        )
    to_list = getattr(values, "tolist", None)
    if callable(to_list) and hasattr(values, "dtype"):
        items = to_list()
        if isinstance(items, list):
            return items
    if isinstance(values, Sequence) or (
        isinstance(values, Iterable) and hasattr(values, "__len__")
    ):
        return list(values)
    raise ValidationError(
        f"{name} must be a list or a one-dimensional array, not {shown(values)}", field=name
    )


def _same_length(columns: dict[str, list[Any]]) -> int:
    lengths = {len(c) for c in columns.values()}
    if len(lengths) > 1:
        found = ", ".join(f"{name} {len(c)}" for name, c in columns.items())
        raise ValidationError(f"the columns must have the same length, not {found}")
    return lengths.pop() if lengths else 0


def _sizes(sizes: object) -> tuple[int, int, int]:
    if isinstance(sizes, str | bytes) or not isinstance(sizes, Sequence) or len(sizes) != 3:
        raise ValidationError(
            f"sizes must be three whole numbers above 0 (indicators per dimension), "
            f"not {shown(sizes)}",
            field="sizes",
        )
    first, second, third = (whole_number(n, f"sizes[{i}]", 1) for i, n in enumerate(sizes))
    return first, second, third


def _thresholds(thresholds: object) -> StatusThresholds:
    if not isinstance(thresholds, StatusThresholds):
        raise ValidationError(
            f"thresholds must be StatusThresholds, not {shown(thresholds)}", field="thresholds"
        )
    return thresholds


def evaluate_columns(*, iks: Sequence[Any], ike: Sequence[Any], ikl: Sequence[Any]) -> IdmColumns:
    """What :func:`desacoop.idm.evaluate` gives for every village, as columns: the three
    indices of each village, given as lists, tuples, numpy arrays or pandas columns of
    Decimals, ints, numeric texts or finite floats (read through their shortest repr).

    A bad value is named by its column and position (``ike[3]``); a NaN or ``pd.NA`` is
    reported as missing.

    >>> columns = evaluate_columns(iks=[0.8, 0.5], ike=[0.8, 0.5], ikl=[0.8, 0.5])
    >>> columns["status"], columns["gap"]
    ([DevelopmentStatus.MAJU, DevelopmentStatus.TERTINGGAL], [Decimal('0.0156'), Decimal('0.0990')])
    """
    given = {"iks": _column("iks", iks), "ike": _column("ike", ike), "ikl": _column("ikl", ikl)}
    count = _same_length(given)
    for name, values in given.items():  # every value checked before any work
        if set(map(type, values)) <= {Decimal} and all(map(_plain_index, values)):
            continue
        given[name] = [_index(f"{name}[{k}]", v) for k, v in enumerate(values)]
    social, economic, ecological = given.values()
    add = _EXACT.add
    numerators, denominators = [], []
    for k in range(count):
        try:
            total = add(add(social[k], economic[k]), ecological[k])
        except (Inexact, Rounded):  # extreme exponents: exact fractions, as the object path
            fraction = Fraction(social[k]) + Fraction(economic[k]) + Fraction(ecological[k])
            numerators.append(fraction.numerator)
            denominators.append(3 * fraction.denominator)
            continue
        numerator, denominator = total.as_integer_ratio()
        numerators.append(numerator)
        denominators.append(3 * denominator)
    return _columns(numerators, denominators, THRESHOLDS)


def _plain_index(value: Decimal) -> bool:
    """A Decimal index ``_index`` would take as it is."""
    return value.is_finite() and 0 <= value <= 1 and value.adjusted() >= _LOWEST


def evaluate_sums(
    *,
    social: Sequence[int],
    economic: Sequence[int],
    ecological: Sequence[int],
    sizes: tuple[int, int, int] = KEMENDES_BLOCK_SIZES,
) -> IdmColumns:
    """What :func:`desacoop.idm.evaluate_scores` gives for every village, as columns, from
    the sums of each village's indicator scores: ``social[k]`` is the sum of village ``k``'s
    ``sizes[0]`` social scores (0 to 5 x ``sizes[0]``), and so on.

    Each dimension index is ``sum / (5 x size)`` at 28 digits and the score their exact
    mean, as in the object path, so every figure is the same, digit for digit.

    >>> evaluate_sums(social=[3], economic=[3], ecological=[3], sizes=(1, 1, 1))["value"]
    [Decimal('0.6000')]
    """
    n_social, n_economic, n_ecological = _sizes(sizes)
    given = {
        "social": _column("social", social),
        "economic": _column("economic", economic),
        "ecological": _column("ecological", ecological),
    }
    _same_length(given)
    tables = []
    for (name, sums), size in zip(given.items(), (n_social, n_economic, n_ecological), strict=True):
        given[name] = _sums(name, sums, 5 * size)
        # A table of every possible sum, or (for an unusually large block) of those given.
        tables.append(
            _index_table(size)
            if size <= _TABLE_SIZE
            else _index_units(size, sorted(set(given[name])))
        )
    # Each index is a whole number of units of 10**-places; the score is their sum / 3.
    places = max(places for places, _ in tables)
    units = [
        {k: c * 10 ** (places - own) for k, c in table.items()}
        if isinstance(table, dict)
        else [c * 10 ** (places - own) for c in table]
        for own, table in tables
    ]
    totals = list(
        map(
            operator.add,
            map(
                operator.add,
                map(units[0].__getitem__, given["social"]),
                map(units[1].__getitem__, given["economic"]),
            ),
            map(units[2].__getitem__, given["ecological"]),
        )
    )
    return _columns(totals, [3 * 10**places] * len(totals), THRESHOLDS)


#: Largest block (indicators) whose every possible index is tabled at once; the rank
#: table of summarise_sums is built when it has at most _RANK_CELLS cells.
_TABLE_SIZE = 20_000
_RANK_CELLS = 2_000_000


def _index_units(size: int, sums: list[int]) -> tuple[int, dict[int, int]]:
    """:func:`_index_table` for the given sums only: ``(places, units by sum)``."""
    indices = {t: DECIMAL_CONTEXT.divide(Decimal(t), Decimal(5 * size)) for t in sums}
    places = max((-int(d.as_tuple().exponent) for d in indices.values()), default=0)
    return places, {t: int(d.scaleb(places, context=_WIDE)) for t, d in indices.items()}


@functools.lru_cache(maxsize=32)
def _index_table(size: int) -> tuple[int, list[int]]:
    """For a dimension of ``size`` indicators, every index ``sum / (5 x size)`` at 28 digits
    (as :func:`desacoop.idm.evaluate_scores` keeps it) as whole units of
    ``10 ** -places``: ``(places, units by sum)``."""
    indices = [
        DECIMAL_CONTEXT.divide(Decimal(total), Decimal(5 * size)) for total in range(5 * size + 1)
    ]
    places = max(-int(d.as_tuple().exponent) for d in indices)
    return places, [int(d.scaleb(places, context=_WIDE)) for d in indices]


def _columns(
    numerators: list[int], denominators: list[int], thresholds: StatusThresholds
) -> IdmColumns:
    """Columns for the scores ``numerators[k] / denominators[k]`` (not negative, denominators
    above 0), each figure as :func:`~desacoop.evaluation.schemes.result_from_ratio` computes
    it, in whole-list operations."""
    places = thresholds.places
    _, cuts = thresholds.scaled()
    doubled = list(map(operator.mul, denominators, repeat(2)))
    # Rounded half up: (2 n 10**places + d) // (2 d).
    wholes = list(
        map(
            operator.floordiv,
            map(operator.add, map(operator.mul, numerators, repeat(2 * 10**places)), denominators),
            doubled,
        )
    )
    ranks = list(map(functools.partial(bisect.bisect_right, cuts), wholes))
    values = {w: Decimal(f"{w}E-{places}") for w in set(wholes)}
    exact = list(map(DECIMAL_CONTEXT.divide, map(Decimal, numerators), map(Decimal, denominators)))
    top = len(cuts)
    minimums: list[Decimal | None] = [*thresholds.minimums, None]
    following: list[DevelopmentStatus | None] = [*_STATUS_ORDER[1:], None]
    subtrahends = [*thresholds.minimums, Decimal(0)]  # the last is replaced by None below
    value = list(map(values.__getitem__, wholes))
    gaps: list[Decimal | None] = list(
        map(DECIMAL_CONTEXT.subtract, map(subtrahends.__getitem__, ranks), value)
    )
    if top in ranks:
        gaps = [None if r == top else g for r, g in zip(ranks, gaps, strict=True)]
    return IdmColumns(
        exact=exact,
        value=value,
        status=list(map(_STATUS_ORDER.__getitem__, ranks)),
        next_status=list(map(following.__getitem__, ranks)),
        minimum_for_next=list(map(minimums.__getitem__, ranks)),
        gap=gaps,
    )


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
    checked for shape (village part starting 2 or 3: a desa or desa adat; IDM evaluates no
    kelurahan, whose part starts with 1); the regions they are counted in are fully
    validated. Columns may be lists, tuples, numpy arrays or pandas columns.
    """
    when = year_argument("year", year)
    level = summary_level(level)
    thresholds = _thresholds(thresholds)
    n_social, n_economic, n_ecological = _sizes(sizes)
    given = {
        "villages": _column("villages", villages),
        "social": _column("social", social),
        "economic": _column("economic", economic),
        "ecological": _column("ecological", ecological),
    }
    if _same_length(given) == 0:
        return ()
    cuts = thresholds.cut_points(15 * math.lcm(n_social, n_economic, n_ecological))
    texts, dotted = _village_texts(given["villages"])
    # Whole-list operations (bytes, big whole numbers, map, join, str.count and Counter run
    # in C): each village's status rank as one character of a text, then counted per region
    # prefix.
    packed = [
        _sum_bytes(given[name], 5 * size)
        for name, size in zip(
            ("social", "economic", "ecological"), (n_social, n_economic, n_ecological), strict=True
        )
    ]
    if all(packed):  # non-empty bytes: every sum an int within its limit
        ranks = _packed_ranks(
            [raw for raw in packed if raw], (n_social, n_economic, n_ecological), cuts
        )
        return _summaries(texts, dotted, ranks, level, when)
    sums = [
        _sums(name, given[name], 5 * size)
        for name, size in zip(
            ("social", "economic", "ecological"), (n_social, n_economic, n_ecological), strict=True
        )
    ]
    # Looked up by its social sum and its economic-ecological pair.
    if (5 * n_social + 1) * (5 * n_economic + 1) * (5 * n_ecological + 1) <= _RANK_CELLS:
        table = _rank_table((n_social, n_economic, n_ecological), cuts)
        by_economic = map(operator.getitem, map(table.__getitem__, sums[0]), sums[1])
        ranks = "".join(map(operator.getitem, by_economic, sums[2]))
    else:  # unusually large blocks: each village's numerator over the common denominator
        common = math.lcm(n_social, n_economic, n_ecological)
        numerators = map(
            operator.add,
            map(
                operator.add,
                map((common // n_social).__mul__, sums[0]),
                map((common // n_economic).__mul__, sums[1]),
            ),
            map((common // n_ecological).__mul__, sums[2]),
        )
        rank = functools.partial(bisect.bisect_right, cuts)
        ranks = "".join(map(_RANK_CHARS.__getitem__, map(rank, numerators)))
    return _summaries(texts, dotted, ranks, level, when)


def _summaries(
    texts: list[str], dotted: bool, ranks: str, level: Level, when: int
) -> tuple[RegionSummary, ...]:
    """The villages (checked codes) with these rank characters, counted per region."""
    width = _DOTTED_WIDTH[level] if dotted else LEVEL_DIGITS[level]
    counted = _count(texts, width, ranks)
    order = tuple(DevelopmentStatus)
    per_region: dict[str, list[int]] = {}
    for key, number in counted.items():
        region = key[:-1].replace(".", "")
        per_region.setdefault(region, [0] * len(order))[int(key[-1])] += number
    # Every figure is counted here and every prefix cut from a checked village code: the
    # summaries are built unchecked (the region code itself is parsed).
    return tuple(
        _new_summary(
            RegionCode(prefix),
            when,
            sum(numbers),
            tuple(_new_count(s, n) for s, n in zip(order, numbers, strict=True)),
            None,
            0,
            0,
            0,
        )
        for prefix, numbers in sorted(per_region.items())
    )


_new_summary = check.trusted(RegionSummary)
_new_count = check.trusted(StatusCount)


@functools.lru_cache(maxsize=16)
def _rank_table(sizes: tuple[int, int, int], cuts: tuple[int, ...]) -> list[list[str]]:
    """``table[social][economic][ecological]``: the rank character of a village with these
    sums (``cuts`` over the common denominator of ``sizes``); the last level is a text."""
    n_social, n_economic, n_ecological = sizes
    common = math.lcm(*sizes)
    cs, ce, cl = common // n_social, common // n_economic, common // n_ecological
    by_numerator = "".join(
        _RANK_CHARS[bisect.bisect_right(cuts, n)] for n in range(15 * common + 1)
    )
    # For one social and one economic sum, the ecological sums step by cl: one slice.
    return [
        [
            by_numerator[cs * a + ce * b : cs * a + ce * b + cl * 5 * n_ecological + 1 : cl]
            for b in range(5 * n_economic + 1)
        ]
        for a in range(5 * n_social + 1)
    ]


def _count(texts: list[str], width: int, ranks: str) -> Counter[str]:
    """How many villages of each region (the first ``width`` characters of their codes)
    have each rank: ``prefix + rank`` counted.

    Lists in code order (as published) hold one run of villages a region, counted with
    ``str.count`` on a slice of the ranks; any other order is counted village by village.
    """
    size = len(texts)
    if size and sorted(texts) == texts:  # one ascending run: n - 1 comparisons in C
        counted: Counter[str] = Counter()
        start = runs = 0
        while start < size and runs <= size // 4:
            prefix = texts[start][:width]
            # Codes are ASCII: every code with this prefix sorts before prefix + U+FFFF.
            end = bisect.bisect_left(texts, prefix + "\uffff", start)
            run = ranks[start:end]
            for rank in _RANK_CHARS:
                found = run.count(rank)
                if found:
                    counted[prefix + rank] = found
            start, runs = end, runs + 1
        if start == size:
            return counted
    return Counter(map(operator.add, map(operator.itemgetter(slice(0, width)), texts), ranks))


def _village_texts(villages: list[Any]) -> tuple[list[str], bool]:
    """The codes as texts, each checked, and whether they are dotted: all dotted or all
    compact as given (one regular-expression pass), otherwise each compacted (code by code,
    naming the first bad one)."""
    texts = villages
    try:  # join takes texts only: every code a text, no other check needed
        joined: str | None = "\n".join(villages) + "\n"
    except TypeError:
        kinds = set(map(type, villages))
        texts = [_text(v) for v in villages]
        joined = "\n".join(texts) + "\n" if kinds <= {str, RegionCode} else None
    if joined is not None and joined.isascii():
        # Every digit made 0, the whole is one shape repeated (then no text held a line
        # break); the village part's first digit, one byte in each line, is 2 or 3 (no kelurahan).
        raw = joined.encode("ascii")
        shape, size = raw.translate(_DIGITS_AS_ZERO), len(texts)
        if shape == b"00.00.00.0000\n" * size and not raw[9::14].translate(None, b"23"):
            return texts, True
        if shape == b"0000000000\n" * size and not raw[6::11].translate(None, b"23"):
            return texts, False
    compact = []
    for position, (code, text) in enumerate(zip(villages, texts, strict=True)):
        if not isinstance(text, str) or _ONE_VILLAGE.fullmatch(text) is None:
            raise ValidationError(_not_a_desa(position, code, text), field=f"villages[{position}]")
        compact.append(text.replace(".", ""))
    return compact, False


def _not_a_desa(position: int, code: object, text: object) -> str:
    """Why ``villages[position]`` is refused: a kelurahan named as one, anything else as no
    village code."""
    if (
        isinstance(text, str)
        and text[-4:-3] == "1"
        and _ONE_VILLAGE.fullmatch(f"{text[:-4]}2{text[-3:]}")
    ):
        return (
            f"villages[{position}] is a kelurahan, {shown(code)} (its village part starts "
            "with 1): IDM evaluates desa only, and a kelurahan is not a desa (UU 6/2014); "
            "leave it out of these columns"
        )
    return f"villages[{position}] is not a village code: {shown(code)}"


def _text(village: object) -> Any:
    return str(village) if isinstance(village, RegionCode) else village


def _sums(name: str, sums: list[Any], limit: int) -> list[int]:
    """Every sum a whole number from 0 to ``limit`` (whole-list checks first), as ints."""
    if not sums or _sum_bytes(sums, limit) is not None:
        return sums
    if (
        limit > 255
        and operator.countOf(map(type, sums), int) == len(sums)
        and min(sums) >= 0
        and max(sums) <= limit
    ):
        return sums
    return [_sum(name, position, value, limit) for position, value in enumerate(sums)]


def _sum_bytes(sums: list[Any], limit: int) -> bytes | None:
    """The sums as bytes when every one is an ``int`` (never a bool or a numpy number)
    from 0 to ``limit`` (at most 255), checked in whole-list operations; otherwise None."""
    if limit > 255 or operator.countOf(map(type, sums), int) != len(sums):
        return None
    try:
        raw = bytes(sums)  # checks 0-255 in C
    except ValueError:
        return None
    # Every byte from 0 to limit deleted, nothing is left when all are within.
    return None if raw.translate(None, bytes(range(limit + 1))) else raw


_RANK_BYTES = bytes.maketrans(bytes(range(len(_RANK_CHARS))), _RANK_CHARS.encode("ascii"))


def _packed_ranks(packed: list[bytes], sizes: tuple[int, int, int], cuts: tuple[int, ...]) -> str:
    """The rank character of every village, from its three sums as bytes: each column is
    read as one big whole number holding a fixed-width field a village, so that the
    numerators over the common denominator of ``sizes`` (``cuts`` over it) are summed, and
    compared with each cut, for every village in a few big-number operations. A field is
    wide enough for the largest numerator plus a sign bit: ``n + (top - cut)`` has its top
    bit set exactly when ``n >= cut``, without carrying into the next field."""
    common = math.lcm(*sizes)
    largest = 15 * common
    width = largest.bit_length() // 8 + 1  # bytes a field; 8 * width - 1 > largest's bits
    shift = 8 * width - 1
    top = 1 << shift
    count = len(packed[0])
    numerators = 0
    for raw, size in zip(packed, sizes, strict=True):
        fields = bytearray(width * count)
        fields[width - 1 :: width] = raw  # big-endian: the sum in each field's last byte
        numerators += (common // size) * int.from_bytes(fields, "big")
    ones = int.from_bytes((bytes(width - 1) + b"\x01") * count, "big")  # 1 in every field
    ranks = 0
    for cut in cuts:  # from 0 (every village) to above the largest numerator (none)
        if cut <= largest:
            ranks += ((numerators + ones * (top - cut)) >> shift) & ones
    return ranks.to_bytes(width * count, "big")[width - 1 :: width].translate(_RANK_BYTES).decode()


def _sum(name: str, position: int, value: object, limit: int) -> int:
    where = f"{name}[{position}]"
    if isinstance(value, float | Decimal) and value != value:  # NaN
        raise ValidationError(f"{where} is missing (NaN); give a whole number", field=where)
    if value is None or type(value).__name__ in check.MISSING_TYPES:
        raise ValidationError(f"{where} is missing ({value}); give a whole number", field=where)
    try:
        return whole_number(value, where, 0, limit)
    except ValidationError:
        raise ValidationError(
            f"{where} must be a whole number of points from 0 to {limit}, not {shown(value)}",
            field=where,
        ) from None


#: The smallest exponent (:meth:`~decimal.Decimal.adjusted`) of an index read as is.
_LOWEST = -check.EXPONENT_LIMIT

"""Benchmark: classify IDM for every village of the 2025 list and count per province.

Run from the repository root::

    .venv/bin/python benchmarks/bench_idm.py [--seed 2025] [--repeat 5]

Every village of ``../shared/data/regions/kemendagri-2025.csv`` (83,762) gets seeded,
generated indicator totals: a social total out of 175 (35 indicators x 5), an economic one
out of 60 and an ecological one out of 15, so each dimension index is a whole number of
points over its maximum, as in the ministry's records. Then, in the same run:

- ``desacoop bulk``: :func:`desacoop.idm.summarise_sums` (exact integer arithmetic, cut
  points from :data:`desacoop.idm.THRESHOLDS`);
- ``desacoop objects``: :func:`desacoop.idm.evaluate` per village, a
  :class:`~desacoop.evaluation.VillageEvaluation` each, then
  :func:`desacoop.evaluation.summarise` (the full object path, for scale);
- ``pandas``: vectorised float arithmetic, rounding half up at four decimals, ``pd.cut``
  on the same upper bounds, ``groupby`` per province.

The counts per province and status must agree exactly; the script prints each time and the
ratio to pandas (best of ``--repeat`` runs). Not a test: nothing here is timed in CI.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import time
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import pandas as pd

from desacoop import idm
from desacoop.evaluation import DevelopmentStatus, VillageEvaluation, summarise, to_decimal

T = TypeVar("T")

REGIONS = Path(__file__).resolve().parents[2] / "shared" / "data" / "regions"
LIST_2025 = REGIONS / "kemendagri-2025.csv"
SIZES = idm.KEMENDES_BLOCK_SIZES
YEAR = 2025


def village_codes(path: Path) -> list[str]:
    """Dotted village codes of a Kemendagri list (rows whose code has four parts)."""
    with path.open(encoding="utf-8", newline="") as handle:
        return [row["code"] for row in csv.DictReader(handle) if row["code"].count(".") == 3]


def generate(count: int, seed: int) -> tuple[list[int], list[int], list[int]]:
    """Seeded indicator totals per village (social, economic, ecological)."""
    rng = random.Random(seed)
    limits = [5 * n for n in SIZES]
    # Triangular draws put most villages in the middle bands, as in real data.
    columns = []
    for limit in limits:
        columns.append([round(rng.triangular(0, limit, limit * 0.62)) for _ in range(count)])
    return columns[0], columns[1], columns[2]


def best_of(repeat: int, run: Callable[[], T]) -> tuple[float, T]:
    """The fastest of ``repeat`` runs, with its result."""
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = run()
        best = min(best, time.perf_counter() - start)
    assert result is not None
    return best, result


def desacoop_bulk(codes: list[str], s: list[int], e: list[int], g: list[int]) -> dict[Any, Any]:
    summaries = idm.summarise_sums(codes, s, e, g, year=YEAR)
    return {str(x.region): {c.status.value: c.count for c in x.counts} for x in summaries}


def desacoop_objects(codes: list[str], s: list[int], e: list[int], g: list[int]) -> dict[Any, Any]:
    n1, n2, n3 = (Decimal(5 * n) for n in SIZES)
    evaluations = [
        VillageEvaluation(
            code,
            YEAR,
            idm.evaluate(
                iks=to_decimal_ratio(a, n1),
                ike=to_decimal_ratio(b, n2),
                ikl=to_decimal_ratio(c, n3),
            ),
        )
        for code, a, b, c in zip(codes, s, e, g, strict=True)
    ]
    summaries = summarise(evaluations, year=YEAR)
    return {str(x.region): {c.status.value: c.count for c in x.counts} for x in summaries}


def to_decimal_ratio(points: int, maximum: Decimal) -> Decimal:
    """A dimension index as desacoop keeps it: points / maximum, 28 significant digits."""
    return to_decimal(Fraction(points, int(maximum)))


def pandas_frame(codes: list[str], s: list[int], e: list[int], g: list[int]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "province": pd.Series(codes, dtype="string").str.slice(0, 2),
            "social": np.asarray(s, dtype=np.int64),
            "economic": np.asarray(e, dtype=np.int64),
            "ecological": np.asarray(g, dtype=np.int64),
        }
    )


#: Upper bounds of the four lower statuses, read from desacoop's thresholds so that the
#: pandas side classifies by the same rule (its arithmetic is its own).
BOUNDS = [
    float(b) for b in (idm.THRESHOLDS.upper_bound(s) for s in list(DevelopmentStatus)[:-1]) if b
]
LABELS = [s.value for s in DevelopmentStatus]


def pandas_summary(frame: pd.DataFrame) -> dict[Any, Any]:
    n1, n2, n3 = (5 * n for n in SIZES)
    score = (frame["social"] / n1 + frame["economic"] / n2 + frame["ecological"] / n3) / 3
    value = np.floor(score * 10_000 + 0.5) / 10_000  # half up at four decimals
    status = pd.cut(value, [-np.inf, *BOUNDS, np.inf], right=True, labels=LABELS)
    table = frame.groupby(["province", status], observed=False).size().unstack(fill_value=0)
    return {
        str(province): {label: int(row[label]) for label in LABELS}
        for province, row in table.iterrows()
        if int(row.sum())
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--skip-objects", action="store_true", help="skip the slow object path")
    args = parser.parse_args(argv)
    if not LIST_2025.exists():
        print(f"skipped: the 2025 region list is not at {LIST_2025}", file=sys.stderr)
        return 0
    codes = village_codes(LIST_2025)
    s, e, g = generate(len(codes), args.seed)
    print(f"villages: {len(codes):,} (seed {args.seed}, best of {args.repeat} runs)")

    t_bulk, ours = best_of(args.repeat, lambda: desacoop_bulk(codes, s, e, g))
    t_frame, frame = best_of(args.repeat, lambda: pandas_frame(codes, s, e, g))
    t_pandas, theirs = best_of(args.repeat, lambda: pandas_summary(frame))
    if ours != theirs:
        print("MISMATCH between desacoop and pandas", file=sys.stderr)
        return 1
    mandiri = sum(row["mandiri"] for row in ours.values())
    print(f"provinces: {len(ours)}, Mandiri villages: {mandiri:,}; desacoop == pandas: yes")
    rows = [
        ("pandas (summary, frame ready)", t_pandas),
        ("pandas (frame build + summary)", t_frame + t_pandas),
        ("desacoop bulk (summarise_sums)", t_bulk),
    ]
    if not args.skip_objects:
        t_objects, objects = best_of(1, lambda: desacoop_objects(codes, s, e, g))
        if objects != ours:
            print("MISMATCH between desacoop's object and bulk paths", file=sys.stderr)
            return 1
        rows.append(("desacoop objects (evaluate + summarise)", t_objects))
    for name, seconds in rows:
        print(
            f"{name:42s} {seconds * 1000:9.1f} ms   "
            f"x{seconds / t_pandas:6.2f} of pandas summary   "
            f"x{seconds / (t_frame + t_pandas):6.2f} of pandas build + summary"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

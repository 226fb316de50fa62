"""Loading a Kemendagri list: desacoop's RegionRegistry against two anchors.

Anchors, measured in the same run on the same file:
- ``csv``: the standard library reading the rows into a dict (no checking at all);
- ``pandas``: ``pandas.read_csv`` with string dtypes (if pandas is installed).

Reported as ratios (registry / anchor); absolute times are printed for context only,
since this machine is shared and noisy. Run: ``python benchmarks/bench_regions.py``.
"""

from __future__ import annotations

import csv
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from desacoop.registry import RegionRegistry

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "regions"


def best_of(fn: Callable[[], object], repeat: int = 7) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> int:
    path = DATA / "kemendagri-2025.csv"
    if not path.exists():
        print(f"reference data not found: {path}", file=sys.stderr)
        return 1

    def registry() -> RegionRegistry:
        return RegionRegistry.from_csv(path, edition="2025")

    def plain_csv() -> object:
        with path.open(encoding="utf-8", newline="") as handle:
            return {row[0]: row[1] for row in csv.reader(handle)}

    results = {"registry": best_of(registry), "csv": best_of(plain_csv)}
    try:
        import pandas as pd

        results["pandas"] = best_of(lambda: pd.read_csv(path, dtype=str))
    except ImportError:
        pass

    tracemalloc.start()
    loaded = registry()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    print(f"rows: {len(loaded)}")
    for name, seconds in results.items():
        print(f"{name:>9}: {seconds * 1000:8.1f} ms (best of 7)")
    for anchor in ("csv", "pandas"):
        if anchor in results:
            print(f"ratio registry/{anchor}: {results['registry'] / results[anchor]:.2f}x")
    print(f"peak memory while loading: {peak / 2**20:.1f} MiB")
    start = time.perf_counter()
    loaded.search("banjar")
    first = time.perf_counter() - start
    again = best_of(lambda: loaded.search("banjar"), repeat=3)
    print(
        f"name search: first {first * 1000:.1f} ms (builds its index), then {again * 1000:.1f} ms"
    )
    median = statistics.median(best_of(registry, 1) for _ in range(5))
    print(f"median registry load: {median * 1000:.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

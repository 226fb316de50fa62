"""The progress engine at scale: every village of Kalsel and Jatim, against a pandas groupby.

The plan (synthetic numbers, real codes from ``../shared/data/regions/kemendagri-2025.csv``):
all 10,510 village codes of provinces 63 and 35, the 16 scope areas of the bundled agreement,
80 indicators (5 per area), quarterly observations over 2022-2024 (12 quarters). 8 indicators
are observed per village (8 × 10,510 × 12 ≈ one million observations), the other 72 per
regency or city (51 of them); 1 % of the village observations are corrected once.

Measured in one run:

- ``desacoop``: :func:`desacoop.rollup.progress` as of one date, the full report (agreement,
  16 areas, 80 indicators; the same per province; per regency);
- ``pandas``: the same totals (per indicator, per indicator and province, per indicator and
  regency) with a pandas groupby on the same numbers: drop superseded rows, keep each region's
  latest value (cumulative) or add up the window (per period), then sum. Region, province and
  regency columns are categorical, which is how a pandas user would make this fast (plain
  string columns make pandas about 1.7x slower and flatter desacoop);
- plan validation: the plan's own checks over objects already built (``attrs.evolve(plan)``
  runs every field validator and the plan's cross-object rules: ids, areas, periods, region
  declarations), against the roll-up (goal: within 3x);
- linearity: the same two at a tenth of the villages;
- peak memory of the roll-up (tracemalloc, a separate run) and the process's maximum RSS.

Reported as ratios; absolute times are for context only (shared, noisy machine).
Run: ``python benchmarks/bench_progress.py`` (``--quick`` for a tenth only).
"""

from __future__ import annotations

import csv
import datetime as dt
import random
import resource
import sys
import time
import tracemalloc
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs

from desacoop.example import example_agreement
from desacoop.monitoring import (
    Aggregation,
    Baseline,
    Indicator,
    Measure,
    MonitoringPlan,
    Observation,
    Period,
    Target,
    TimeBehaviour,
    Value,
)
from desacoop.regions import Level, RegionCode
from desacoop.rollup import ProgressReport, progress

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "regions"
START = dt.date(2022, 1, 1)
END = dt.date(2024, 12, 31)
AS_OF = dt.date(2024, 6, 30)
QUARTERS = [
    dt.date(y, m, d) for y in (2022, 2023, 2024) for m, d in ((3, 31), (6, 30), (9, 30), (12, 31))
]


def best_of(fn: Callable[[], object], repeat: int = 3) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), result


def read_codes() -> tuple[list[str], list[str]]:
    villages, regencies = [], []
    with (DATA / "kemendagri-2025.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            code = row["code"]
            if code[:2] not in ("63", "35"):
                continue
            if len(code) == 13:
                villages.append(code)
            elif len(code) == 5:
                regencies.append(code)
    return villages, regencies


def build_plan(villages: list[str], regencies: list[str]) -> MonitoringPlan:
    """80 indicators, ~1M observations for all villages (fewer when ``villages`` is cut)."""
    agreement = example_agreement()
    rng = random.Random(13042022)
    values: dict[int, Value] = {}

    def of(n: int) -> Value:  # share equal values, as a JSON reader with interning would
        if n not in values:
            values[n] = Value.of(n)
        return values[n]

    indicators: list[Indicator] = []
    for a, area in enumerate(agreement.scope_areas):
        for k in range(5):
            n = a * 5 + k
            village = n < 8
            kind = "count" if village else ("count", "percentage", "per-period", "count")[k % 4]
            measure = Measure.PERCENTAGE if kind == "percentage" else Measure.COUNT
            base = Value.of(0) if kind != "percentage" else Value.of(40)
            aim = 1_000_000 if kind != "percentage" else 80
            indicators.append(
                Indicator(
                    f"i{n:02d}",
                    f"Indikator {n}",
                    f"Indicator {n}",
                    area,
                    "unit",
                    measure,
                    aggregation=Aggregation.RATIO if kind == "percentage" else Aggregation.SUM,
                    time=TimeBehaviour.PER_PERIOD
                    if kind == "per-period"
                    else TimeBehaviour.CUMULATIVE,
                    level=Level.VILLAGE if village else Level.REGENCY,
                    baselines=(Baseline(base, START),),
                    targets=tuple(
                        Target(Value.of(aim // 2 if kind != "percentage" else aim), END, p)
                        for p in ("63", "35")
                    ),
                )
            )
    village_codes = [RegionCode(c) for c in villages]
    regency_codes = [RegionCode(c) for c in regencies]
    starts = [START] + [q + dt.timedelta(days=1) for q in QUARTERS[:-1]]
    observations: list[Observation] = []
    serial = 0
    for ind in indicators:
        codes = village_codes if ind.level is Level.VILLAGE else regency_codes
        ratio = ind.measure is Measure.PERCENTAGE
        per_period = ind.time is TimeBehaviour.PER_PERIOD
        for code in codes:
            for q, on in enumerate(QUARTERS):
                serial += 1
                if ratio:
                    den = rng.randint(5, 60)
                    value = Value.ratio(rng.randint(0, den), den)
                else:
                    value = of(rng.randint(0, 50))
                oid = f"o{serial}"
                observations.append(
                    Observation(
                        oid,
                        ind.id,
                        code,
                        on,
                        value,
                        on,
                        period_start=starts[q] if per_period else None,
                    )
                )
                if ind.level is Level.VILLAGE and serial % 100 == 0:
                    observations.append(
                        Observation(
                            f"{oid}c",
                            ind.id,
                            code,
                            on,
                            of(rng.randint(0, 50)),
                            on + dt.timedelta(days=30),
                            supersedes=oid,
                        )
                    )
    return MonitoringPlan(
        id="bench",
        title="Benchmark plan (synthetic numbers)",
        agreement=agreement,
        illustrative=True,
        indicators=tuple(indicators),
        observations=tuple(observations),
        window=Period(START, END),
    )


def frame(plan: MonitoringPlan) -> Any:
    import pandas as pd

    cumulative = {i.id: i.time is TimeBehaviour.CUMULATIVE for i in plan.indicators}
    obs = plan.observations
    df = pd.DataFrame(
        {
            "id": [o.id for o in obs],
            "indicator": pd.Categorical([o.indicator for o in obs]),
            "region": pd.Categorical([o.region.compact for o in obs]),
            "on": pd.to_datetime([o.on for o in obs]),
            "recorded_on": pd.to_datetime([o.recorded_on for o in obs]),
            "supersedes": [o.supersedes for o in obs],
            "amount": [int(o.value.amount or 0) for o in obs],
            "num": [int(o.value.numerator or 0) for o in obs],
            "den": [int(o.value.denominator or 0) for o in obs],
            "cumulative": [cumulative[o.indicator] for o in obs],
        }
    )
    df["province"] = pd.Categorical(df["region"].astype(str).str[:2])
    df["regency"] = pd.Categorical(df["region"].astype(str).str[:4])
    return df


def pandas_totals(df: Any) -> tuple[Any, Any, Any]:
    import pandas as pd

    as_of, start = pd.Timestamp(AS_OF), pd.Timestamp(START)
    superseded = df["supersedes"].dropna()
    live = df[(df["on"] <= as_of) & ~df["id"].isin(superseded)]
    cum = live[live["cumulative"]].sort_values(["on", "recorded_on"], kind="stable")
    cum = cum.drop_duplicates(["indicator", "region"], keep="last")
    per = live[~live["cumulative"] & (live["on"] > start)]
    used = pd.concat([cum, per])
    columns = ["amount", "num", "den"]
    total = used.groupby("indicator", observed=True)[columns].sum()
    by_province = used.groupby(["indicator", "province"], observed=True)[columns].sum()
    by_regency = used.groupby(["indicator", "regency"], observed=True)[columns].sum()
    return total, by_province, by_regency


def ours(plan: MonitoringPlan) -> ProgressReport:
    return progress(plan, as_of=AS_OF, region_level=Level.REGENCY)


def check_same_totals(report: ProgressReport, totals: Any) -> None:
    total, by_province, _ = totals
    for area in report.total.children:
        for f in area.children:
            row = total.loc[f.key]
            if f.numerator is not None:
                assert (f.numerator, f.denominator) == (
                    Decimal(int(row["num"])),
                    Decimal(int(row["den"])),
                )
            else:
                assert f.actual == Decimal(int(row["amount"])), (f.key, f.actual, row["amount"])
    for party in report.by_party:
        province = party.region.compact if party.region else ""
        for area in party.children:
            for f in area.children:
                row = by_province.loc[(f.key, province)]
                if f.numerator is None:
                    assert f.actual == Decimal(int(row["amount"]))


def measure(villages: list[str], regencies: list[str], label: str) -> dict[str, float]:
    start = time.perf_counter()
    plan = build_plan(villages, regencies)
    built = time.perf_counter() - start
    df = frame(plan)
    t_ours, report = best_of(lambda: ours(plan))
    t_pandas, totals = best_of(lambda: pandas_totals(df))
    t_checks, again = best_of(lambda: attrs.evolve(plan))
    assert again == plan
    check_same_totals(report, totals)
    n = len(plan.observations)
    print(
        f"{label}: {n:,} observations, {len(plan.indicators)} indicators, "
        f"{len(report.by_region)} regencies; plan built and validated in {built:.1f} s"
    )
    print(f"  desacoop roll-up {t_ours:.3f} s · pandas groupby {t_pandas:.3f} s")
    print(f"  ratio desacoop / pandas: {t_ours / t_pandas:.2f}")
    print(f"  plan validation {t_checks:.3f} s: {t_checks / t_ours:.2f}x the roll-up (goal <= 3)")
    return {"n": n, "ours": t_ours, "pandas": t_pandas, "plan": plan}  # type: ignore[dict-item]


def main() -> int:
    if not (DATA / "kemendagri-2025.csv").exists():
        print(f"reference data not found: {DATA / 'kemendagri-2025.csv'}", file=sys.stderr)
        return 1
    try:
        import pandas  # noqa: F401
    except ImportError:
        print("pandas is needed for the comparison: pip install 'desacoop[bench]'", file=sys.stderr)
        return 1
    villages, regencies = read_codes()
    print(f"codes: {len(villages):,} villages and {len(regencies)} regencies in 63 and 35")
    tenth = measure(villages[::10], regencies, "1/10 of the villages")
    if "--quick" in sys.argv:
        return 0
    full = measure(villages, regencies, "all villages")
    print(
        f"linearity: {full['n'] / tenth['n']:.1f}× the observations cost "
        f"{full['ours'] / tenth['ours']:.1f}× the time (desacoop), "
        f"{full['pandas'] / tenth['pandas']:.1f}× (pandas)"
    )
    plan = full["plan"]
    del tenth, full
    tracemalloc.start()
    ours(plan)  # type: ignore[arg-type]
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory of the roll-up (tracemalloc): {peak / 2**20:.0f} MiB")
    print(f"process maximum RSS (plan, DataFrame and all): {rss:.0f} MiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

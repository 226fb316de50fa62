"""The guarded doors at scale: chained corrections and a 100,000-row entry workbook.

Measured in one run, each the best of ``--repeat`` runs:

- **chains**: a monitoring plan whose one observation is corrected 20,000 times in a row
  (each correction supersedes the one before, all recorded the same day, the case the
  circle check must walk), validated (``attrs.evolve(plan, observations=...)``), against
  the anchor: the same chain with each correction recorded a day later, which needs no
  circle walk (goal: under 1 s, and within 2x of the anchor); and the chain at 10,000, to
  show the check is linear;
- **import**: an entry workbook of 100,000 filled rows (one village-level indicator, every
  village of Kalimantan Selatan and Jawa Timur on ten quarter ends) read by
  :func:`desacoop.spreadsheet.import_entries` (the guarded reader, every cell to a value,
  the plan built and validated with the 100,000 new observations), against the anchor:
  openpyxl alone reading the same file (``read_only=True``, every row's values) (goal:
  within 10x).

Absolute times are context only (a shared, noisy machine).
Run: ``python benchmarks/bench_doors.py [--repeat 3]``.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import functools
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs

from desacoop.entry import ENTRY_COLUMNS
from desacoop.example import example_plan
from desacoop.monitoring import (
    Baseline,
    Indicator,
    Measure,
    MonitoringPlan,
    Observation,
    Target,
    Value,
)
from desacoop.regions import Level
from desacoop.spreadsheet import import_entries

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "regions"
QUARTER_ENDS = [
    dt.date(y, m, d)
    for y in (2022, 2023, 2024)
    for m, d in ((3, 31), (6, 30), (9, 30), (12, 31))
    if dt.date(2022, 6, 1) < dt.date(y, m, d) < dt.date(2024, 12, 1)
]
INDICATOR = "desa-aktif"


def best_of(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


# -- chains --------------------------------------------------------------------------------


def chained(plan: MonitoringPlan, length: int) -> tuple[Observation, ...]:
    first = plan.observations[0]
    chain = [first]
    for k in range(length):
        chain.append(attrs.evolve(chain[-1], id=f"c{k}", supersedes=chain[-1].id))
    return (*plan.observations[1:], *chain)


def dated(plan: MonitoringPlan, length: int) -> tuple[Observation, ...]:
    """The same chain, each correction recorded a day after the one it corrects: the same
    observations and supersedes checks, without the circle walk (which only a same-day
    chain needs)."""
    first = plan.observations[0]
    chain = [first]
    for k in range(length):
        later = chain[-1].recorded_on + dt.timedelta(days=1)
        chain.append(
            attrs.evolve(chain[-1], id=f"c{k}", supersedes=chain[-1].id, recorded_on=later)
        )
    return (*plan.observations[1:], *chain)


def chains(repeat: int) -> dict[str, float]:
    plan = example_plan()
    found = {}
    for label, observations in (
        ("chain 10,000", chained(plan, 10_000)),
        ("chain 20,000", chained(plan, 20_000)),
        ("dated chain 20,000 (anchor)", dated(plan, 20_000)),
    ):
        found[label] = best_of(
            functools.partial(attrs.evolve, plan, observations=observations), repeat
        )
    return found


# -- import ------------------------------------------------------------------------------


def village_plan() -> tuple[MonitoringPlan, list[str]]:
    plan = example_plan()
    villages = []
    with (DATA / "kemendagri-2025.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["code"][:2] in ("63", "35") and len(row["code"]) == 13:
                villages.append(row["code"])
    indicator = Indicator(
        INDICATOR,
        "Desa aktif",
        "Active villages",
        plan.indicators[0].area,
        "desa",
        Measure.COUNT,
        level=Level.VILLAGE,
        baselines=(Baseline(Value.of(0), dt.date(2022, 1, 1)),),
        targets=(Target(Value.of(1_000_000), dt.date(2024, 12, 31)),),
    )
    return attrs.evolve(plan, indicators=(*plan.indicators, indicator)), villages


def write_workbook(path: Path, villages: list[str], rows: int) -> None:
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet(INDICATOR)
    sheet.append(list(ENTRY_COLUMNS))
    written = 0
    for on in QUARTER_ENDS:
        for n, code in enumerate(villages):
            if written == rows:
                break
            sheet.append([INDICATOR, code, "", n % 50, None, None, on, None, "BPS", None])
            written += 1
    book.save(path)
    assert written == rows, f"only {written} rows: too few villages or dates"


def openpyxl_alone(path: Path) -> int:
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    count = sum(1 for sheet in book.worksheets for _ in sheet.iter_rows(values_only=True))
    book.close()
    return count


def entry_import(path: Path, plan: MonitoringPlan) -> Any:
    result = import_entries(plan, path, recorded_on=dt.date(2024, 12, 15))
    assert len(result.added) == ROWS, (len(result.added), result.rejected[:3])
    return result


ROWS = 100_000


def workbook(repeat: int) -> dict[str, float]:
    plan, villages = village_plan()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "entry.xlsx"
        write_workbook(path, villages, ROWS)
        size = path.stat().st_size
        print(f"entry workbook: {ROWS:,} rows, {size / 1e6:.1f} MB")
        return {
            "openpyxl alone (anchor)": best_of(lambda: openpyxl_alone(path), repeat),
            "import_entries": best_of(lambda: entry_import(path, plan), repeat),
        }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    failed = False
    found = chains(args.repeat)
    anchor = found["dated chain 20,000 (anchor)"]
    print(f"{'validation':<30} {'s':>8} {'ratio':>7}")
    for label, seconds in found.items():
        print(f"{label:<30} {seconds:>8.3f} {seconds / anchor:>6.2f}x")
    twenty = found["chain 20,000"]
    ok = twenty < 1.0 and twenty / anchor < 2.0
    failed |= not ok
    print(
        f"goal: 20,000 chained under 1 s and within 2x of the anchor: {'met' if ok else 'MISSED'}"
    )
    print(f"linearity: 20,000 / 10,000 chained = {twenty / found['chain 10,000']:.2f}x (2x linear)")
    found = workbook(args.repeat)
    anchor = found["openpyxl alone (anchor)"]
    print(f"{'entry workbook':<30} {'s':>8} {'ratio':>7}")
    for label, seconds in found.items():
        print(f"{label:<30} {seconds:>8.3f} {seconds / anchor:>6.2f}x")
    ratio = found["import_entries"] / anchor
    failed |= ratio >= 10
    print(f"goal: import within 10x of openpyxl alone: {'met' if ratio < 10 else 'MISSED'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

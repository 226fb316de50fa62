"""Import cost: ``import desacoop`` and ``desacoop --help`` against bare Python.

Each command runs in a fresh interpreter, several times, alternating with the anchor (bare
``python -c pass``) so that machine noise hits both alike. Reported: medians, and the cost
over bare Python (goals: ``import desacoop`` under 100 ms over, ``desacoop --help`` under
150 ms over).

    python benchmarks/bench_import.py [--runs 21]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

#: What each case runs in a fresh interpreter.
CASES: dict[str, list[str]] = {
    "bare python (anchor)": [sys.executable, "-c", "pass"],
    "import desacoop": [sys.executable, "-c", "import desacoop"],
    "import desacoop.idm": [sys.executable, "-c", "import desacoop.idm"],
    "desacoop --help": [
        sys.executable,
        "-c",
        "import sys; sys.argv = ['desacoop', '--help']; "
        "from desacoop.cli import main; raise SystemExit(main())",
    ],
}

#: Goals, in milliseconds over the anchor.
GOALS: dict[str, float] = {"import desacoop": 100.0, "desacoop --help": 150.0}


def _once(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def measure(runs: int) -> dict[str, float]:
    """Median wall time in seconds of each case, runs interleaved."""
    times: dict[str, list[float]] = {name: [] for name in CASES}
    for command in CASES.values():  # warm the file cache and byte-code
        _once(command)
    for _ in range(runs):
        for name, command in CASES.items():
            times[name].append(_once(command))
    return {name: statistics.median(values) for name, values in times.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()
    medians = measure(args.runs)
    anchor = medians["bare python (anchor)"]
    print(f"median of {args.runs} runs each, interleaved; anchor = bare python")
    print(f"{'case':<24} {'median ms':>10} {'over bare':>10} {'ratio':>7}  goal")
    failed = False
    for name, value in medians.items():
        over = (value - anchor) * 1000
        goal = GOALS.get(name)
        verdict = ""
        if goal is not None:
            ok = over < goal
            failed |= not ok
            verdict = f"< {goal:.0f} ms over: {'met' if ok else 'MISSED'}"
        print(f"{name:<24} {value * 1000:>10.1f} {over:>10.1f} {value / anchor:>6.2f}x  {verdict}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())

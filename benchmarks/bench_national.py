"""Benchmark: the national dataset, one IDM evaluation for every village of Indonesia, read
and written as JSON Lines by desacoop, by pydantic v2 and by msgspec; then a monitoring plan
of about a million observations saved and loaded through its observations file.

Run from the repository root (``pip install -e '.[bench]'`` first)::

    .venv/bin/python benchmarks/bench_national.py [--repeat 3] [--villages N] [--skip-plan]

The data are synthetic but valid: every desa code of
``../shared/data/regions/kemendagri-2025.csv`` (75,266 of its 83,762 villages: IDM
evaluates no kelurahan) gets seeded IKS, IKE and IKL values,
evaluated by :func:`desacoop.idm.evaluate` into a
:class:`~desacoop.evaluation.VillageEvaluation` for 2025. desacoop writes them with
:func:`desacoop.serialization.dump_jsonl` and every reader reads those same bytes:

- ``desacoop``: :func:`desacoop.serialization.iter_jsonl` into the attrs classes (strict:
  types, unknown keys, region-code rules, ranges, the result's cross-field rules);
- ``pydantic``: pydantic v2 models with the same validations (strict types, ``extra=forbid``,
  the same region-code function, ranges, decimals as texts, the same cross-field rules in
  ``model_validator``), ``model_validate_json`` per line;
- ``msgspec``: typed decoding into ``msgspec.Struct`` s with ``forbid_unknown_fields``, a
  pattern for village codes and bounds for the year (``Decoder.decode_lines``); msgspec has
  no cross-field rules, so it does less than the other two.

Writing: each library writes the objects it reads (``dump_jsonl``; ``model_dump_json`` per
line; ``Encoder.encode_lines``). Peak memory is measured with :mod:`tracemalloc` in a second,
separate pass (it slows everything down). One bad village among all must be reported by
desacoop at exactly its line and path.

Reported as ratios measured in the same run (absolute times only for context: the machine
is shared and noisy). Not a test: nothing here is timed in CI.
"""

from __future__ import annotations

import argparse
import csv
import gc
import json
import random
import re
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Literal

import msgspec
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from desacoop import idm, regions
from desacoop._checks import DECIMAL_CONTEXT
from desacoop.errors import ValidationError
from desacoop.evaluation import DevelopmentStatus, VillageEvaluation
from desacoop.evaluation.schemes import Dimension, Method
from desacoop.serialization import dump, dump_jsonl, iter_jsonl, load

ROOT = Path(__file__).resolve().parents[2]
LIST_2025 = ROOT / "shared" / "data" / "regions" / "kemendagri-2025.csv"


def village_codes(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as handle:
        # Desa only (village part 2 or 3): IDM evaluates no kelurahan (issue 20).
        return [
            row["code"]
            for row in csv.DictReader(handle)
            if row["code"].count(".") == 3 and row["code"][9] != "1"
        ]


def evaluations(codes: list[str], seed: int = 2025) -> list[VillageEvaluation]:
    rng = random.Random(seed)

    def index() -> str:
        return f"0.{rng.randint(3000, 9500):04d}"

    return [
        VillageEvaluation(code, 2025, idm.evaluate(iks=index(), ike=index(), ikl=index()))
        for code in codes
    ]


# -- pydantic v2: the same validations -------------------------------------------------------

_DECIMAL = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]{1,4})?")


def _decimal(value: object) -> Decimal:
    """desacoop's rule: a whole number or a decimal text, never a float; bounded exponent."""
    if isinstance(value, bool | float):
        raise ValueError("a decimal is a text or a whole number, never a float")
    if isinstance(value, int) or (isinstance(value, str) and _DECIMAL.fullmatch(value)):
        result = Decimal(value)
    else:
        raise ValueError("expected a decimal number as a text")
    if result and abs(result.adjusted()) > 1000:
        raise ValueError("out of range")
    return result


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class PDimensionValue(_Model):
    dimension: Dimension
    value: Decimal

    _value = field_validator("value", mode="before")(classmethod(lambda cls, v: _decimal(v)))


class PInputs(_Model):
    dimensions: tuple[PDimensionValue, ...]
    indicators: tuple[dict[str, Any], ...] = ()

    @model_validator(mode="after")
    def _unique(self) -> PInputs:
        names = [d.dimension for d in self.dimensions]
        if len(set(names)) != len(names):
            raise ValueError("a dimension appears twice")
        return self


class PResult(_Model):
    method: Method
    inputs: PInputs
    exact: Decimal
    value: Decimal
    status: DevelopmentStatus
    next_status: DevelopmentStatus | None
    minimum_for_next: Decimal | None
    gap: Decimal | None

    _decimals = field_validator("exact", "value", "minimum_for_next", "gap", mode="before")(
        classmethod(lambda cls, v: v if v is None else _decimal(v))
    )

    @model_validator(mode="after")
    def _rules(self) -> PResult:
        if self.next_status is not self.status.next:
            raise ValueError("the next status does not follow the status")
        parts = (self.next_status, self.minimum_for_next, self.gap)
        if any(p is None for p in parts) and not all(p is None for p in parts):
            raise ValueError("next status, minimum and gap go together")
        if self.minimum_for_next is None or self.gap is None:
            return self
        # desacoop's rule (schemes._check_gap): minimum - value, the scheme's digits; a gap
        # written before issue 21 as minimum - exact reads as today's
        gap = DECIMAL_CONTEXT.subtract(self.minimum_for_next, self.value)
        if self.gap != gap:
            if self.gap != DECIMAL_CONTEXT.subtract(self.minimum_for_next, self.exact):
                raise ValueError("the gap must be minimum_for_next - value")
            object.__setattr__(self, "gap", gap)  # frozen, as desacoop sets its own
        return self


class PPublished(_Model):
    score: Decimal
    status: DevelopmentStatus
    target_status: DevelopmentStatus
    minimum: Decimal
    gap: Decimal


class PFinding(_Model):
    kind: str
    path: str
    message: str
    published: str | None = None
    computed: str | None = None


class PVillageEvaluation(_Model):
    format: Literal["desacoop/1"]
    document: Literal["VillageEvaluation"]
    village: str
    year: Annotated[int, Field(ge=1900, le=2200)]
    result: PResult
    published: PPublished | None = None
    findings: tuple[PFinding, ...] = ()
    name: str | None = None

    @field_validator("village")
    @classmethod
    def _village(cls, value: str) -> str:
        digits = regions.validate(value)  # the same region-code rules
        if len(digits) != 10:
            raise ValueError("an evaluation is of a village")
        return value


# -- msgspec: typed structs ----------------------------------------------------------------

VillageCode = Annotated[str, msgspec.Meta(pattern=r"^[0-9]{2}\.[0-9]{2}\.[0-9]{2}\.[123][0-9]{3}$")]


class MDimensionValue(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    dimension: Dimension
    value: Decimal


class MInputs(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    dimensions: tuple[MDimensionValue, ...]
    indicators: tuple[dict[str, Any], ...] = ()


class MResult(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    method: Method
    inputs: MInputs
    exact: Decimal
    value: Decimal
    status: DevelopmentStatus
    next_status: DevelopmentStatus | None
    minimum_for_next: Decimal | None
    gap: Decimal | None


class MPublished(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    score: Decimal
    status: DevelopmentStatus
    target_status: DevelopmentStatus
    minimum: Decimal
    gap: Decimal


class MFinding(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    kind: str
    path: str
    message: str
    published: str | None = None
    computed: str | None = None


class MVillageEvaluation(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    format: Literal["desacoop/1"]
    document: Literal["VillageEvaluation"]
    village: VillageCode
    year: Annotated[int, msgspec.Meta(ge=1900, le=2200)]
    result: MResult
    published: MPublished | None = None
    findings: tuple[MFinding, ...] = ()
    name: str | None = None


# -- measuring -----------------------------------------------------------------------------


def best_of(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        result = None
        gc.collect()
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), result


def peak(fn: Callable[[], Any]) -> float:
    """Peak traced memory of one call, in MB (the result is kept until the end)."""
    gc.collect()
    tracemalloc.start()
    try:
        result = fn()
        _, top = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    del result
    return top / 1e6


def national(count: int | None, repeat: int, folder: Path) -> dict[str, Any]:
    codes = village_codes(LIST_2025)[:count]
    start = time.perf_counter()
    records = evaluations(codes)
    print(f"{len(records):,} villages, built in {time.perf_counter() - start:.1f} s")
    path = folder / "national.jsonl"
    dump_jsonl(records, path)
    data = path.read_bytes()
    lines = data.splitlines()
    print(f"file: {len(data) / 1e6:.1f} MB, {len(lines):,} lines")

    decoder = msgspec.json.Decoder(MVillageEvaluation)
    encoder = msgspec.json.Encoder()

    def ours() -> list[VillageEvaluation]:
        return list(iter_jsonl(path, VillageEvaluation))

    def pyd() -> list[PVillageEvaluation]:
        raw = path.read_bytes()
        validate = PVillageEvaluation.model_validate_json
        return [validate(line) for line in raw.splitlines()]

    def msg() -> list[MVillageEvaluation]:
        return decoder.decode_lines(path.read_bytes())

    def stdlib() -> list[Any]:
        return [json.loads(line) for line in path.read_bytes().splitlines()]

    results: dict[str, Any] = {"villages": len(records)}
    load_times = {}
    for name, fn in (("desacoop", ours), ("pydantic", pyd), ("msgspec", msg), ("json", stdlib)):
        seconds, loaded = best_of(fn, repeat)
        load_times[name] = seconds
        if name == "desacoop":
            assert loaded == records, "desacoop must read back what it wrote"
        else:
            assert len(loaded) == len(records)
        del loaded
    results["load"] = load_times

    held: dict[str, list[Any]] = {"pydantic": pyd(), "msgspec": msg()}
    out = folder / "written.jsonl"

    def write_ours() -> None:
        dump_jsonl(records, out)

    def write_pyd() -> None:
        out.write_bytes(b"".join(m.model_dump_json().encode() + b"\n" for m in held["pydantic"]))

    def write_msg() -> None:
        out.write_bytes(encoder.encode_lines(held["msgspec"]))

    write_times = {}
    writers: list[tuple[str, Callable[[], None]]] = [
        ("desacoop", write_ours),
        ("pydantic", write_pyd),
        ("msgspec", write_msg),
    ]
    for name, writer in writers:
        write_times[name], _ = best_of(writer, repeat)
    results["write"] = write_times
    held.clear()

    results["peak"] = {
        "desacoop": peak(ours),
        "pydantic": peak(pyd),
        "msgspec": peak(msg),
        "desacoop write": peak(write_ours),
    }

    # one bad village among all: its line and path, exactly
    bad_line = len(lines) // 2 + 1
    broken = list(lines)
    broken[bad_line - 1] = broken[bad_line - 1].replace(b'"village":"', b'"village":"99', 1)
    bad = folder / "bad.jsonl"
    bad.write_bytes(b"\n".join(broken) + b"\n")
    try:
        sum(1 for _ in iter_jsonl(bad, VillageEvaluation))
    except ValidationError as exc:
        paths = [p.path for p in exc.problems]
        expected = [f"{bad}:{bad_line}: $.village"]
        assert paths == expected, (paths, expected)
        results["bad"] = f"line {bad_line}: {exc.problems[0].message}"
    else:  # pragma: no cover
        raise AssertionError("the bad village was not found")
    return results


def plan_round_trip(folder: Path, fraction: int) -> dict[str, float]:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import bench_progress

    villages, regencies = bench_progress.read_codes()
    start = time.perf_counter()
    plan = bench_progress.build_plan(villages[: len(villages) // fraction], regencies)
    built = time.perf_counter() - start
    count = len(plan.observations)
    path = folder / "plan.json"
    gc.collect()
    start = time.perf_counter()
    dump(plan, path, observations_file="plan-observations.jsonl")
    written = time.perf_counter() - start
    gc.collect()
    start = time.perf_counter()
    again = load(path)
    read = time.perf_counter() - start
    assert again == plan
    del again
    lines = (folder / "plan-observations.jsonl").read_bytes()
    start = time.perf_counter()
    parsed = [json.loads(line) for line in lines.splitlines()]
    stdlib = time.perf_counter() - start
    del parsed
    start = time.perf_counter()
    msgspec.json.decode(b"[" + lines.rstrip(b"\n").replace(b"\n", b",") + b"]")
    fast = time.perf_counter() - start
    return {
        "observations": count,
        "build": built,
        "write": written,
        "read": read,
        "json": stdlib,
        "msgspec": fast,
        "bytes": len(lines),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--villages", type=int, default=None, help="only the first N")
    parser.add_argument("--skip-plan", action="store_true")
    parser.add_argument("--plan-fraction", type=int, default=1, help="1/N of the villages")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        r = national(args.villages, args.repeat, folder)
        n = r["villages"]
        load_, write, mem = r["load"], r["write"], r["peak"]
        print(f"\nload ({n:,} villages, best of {args.repeat}):")
        for name, seconds in load_.items():
            print(f"  {name:9} {seconds:6.2f} s  {seconds / n * 1e6:6.1f} µs/village")
        print(f"  pydantic / desacoop: {load_['pydantic'] / load_['desacoop']:.2f}x (goal >= 2.5)")
        print(f"  desacoop / msgspec:  {load_['desacoop'] / load_['msgspec']:.2f}x (goal <= 3)")
        print(f"  desacoop / json.loads per line: {load_['desacoop'] / load_['json']:.2f}x")
        print("write:")
        for name, seconds in write.items():
            print(f"  {name:9} {seconds:6.2f} s  {seconds / n * 1e6:6.1f} µs/village")
        print(f"  desacoop / msgspec:  {write['desacoop'] / write['msgspec']:.2f}x (goal <= 2)")
        print(f"  desacoop / pydantic: {write['desacoop'] / write['pydantic']:.2f}x")
        print("peak memory (tracemalloc, MB):")
        for name, mb in mem.items():
            print(f"  {name:15} {mb:8.1f}")
        print(f"one bad village: {r['bad']}")
        if not args.skip_plan:
            p = plan_round_trip(folder, args.plan_fraction)
            count = p["observations"]
            size = p["bytes"] / 1e6
            print(f"\nmonitoring plan, {count:,} observations ({size:.0f} MB of JSON Lines):")
            print(f"  build and validate {p['build']:6.1f} s")
            for label, key in (("dump", "write"), ("load", "read")):
                per = p[key] / count * 1e6
                print(f"  {label:18} {p[key]:6.1f} s  {per:5.1f} µs/obs")
            print(f"  round trip         {p['write'] + p['read']:6.1f} s (goal: well under 60 s)")
            print(f"  load / json.loads per line: {p['read'] / p['json']:.2f}x")
            print(f"  load / msgspec untyped:     {p['read'] / p['msgspec']:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""JSON Lines: collections read and written one record at a time, problems located by
``file:line: $.path``, and monitoring plans whose observations live in their own file."""

from __future__ import annotations

import io
import json
import os
import sys
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest

import desacoop
from desacoop import serialization
from desacoop.cli import main
from desacoop.errors import ValidationError
from desacoop.evaluation import VillageEvaluation
from desacoop.monitoring import MonitoringPlan, Observation
from desacoop.regions import Village
from desacoop.serialization import (
    _documents,
    _files,
    dump,
    dump_jsonl,
    from_json,
    iter_jsonl,
    load,
    to_dict,
    to_json,
)


def _plan() -> MonitoringPlan:
    return desacoop.example_plan()


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def _paths(exc: pytest.ExceptionInfo[ValidationError]) -> list[str]:
    return [p.path for p in exc.value.problems]


# -- writing and reading -------------------------------------------------------------------


def test_observations_round_trip_one_document_a_line(tmp_path: Path) -> None:
    observations = _plan().observations
    path = tmp_path / "observations.jsonl"
    assert dump_jsonl(observations, path) == len(observations)
    lines = _lines(path)
    assert len(lines) == len(observations)
    first = json.loads(lines[0])
    assert first["format"] == "desacoop/1"
    assert first["document"] == "Observation"
    assert tuple(iter_jsonl(path, Observation)) == observations
    assert tuple(iter_jsonl(path)) == observations  # the document tag decides


def test_a_generator_is_written_and_the_reader_is_lazy(tmp_path: Path) -> None:
    path = tmp_path / "villages.jsonl"
    produced: list[int] = []

    def villages() -> Iterator[Village]:
        for i in range(1, 2001):
            produced.append(i)
            yield Village(f"63.71.01.{1000 + i}", f"Desa {i}")

    assert dump_jsonl(villages(), path) == 2000
    assert len(produced) == 2000
    reader = iter_jsonl(path, Village)
    assert next(reader).name == "Desa 1"  # the first record, before the rest is read
    assert sum(1 for _ in reader) == 1999


def test_blank_lines_and_a_byte_order_mark_are_accepted(tmp_path: Path) -> None:
    village = Village("63.71.01.1001", "Mantuil")
    line = json.dumps(to_dict(village))
    path = tmp_path / "v.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + f"{line}\n\n  \n{line}".encode())
    assert list(iter_jsonl(path, Village)) == [village, village]


def test_every_problem_is_reported_with_file_line_and_path(tmp_path: Path) -> None:
    good = to_dict(Village("63.71.01.1001", "Mantuil"))
    path = tmp_path / "v.jsonl"
    rows = [
        json.dumps(good),
        json.dumps({**good, "name": 5}),  # line 2
        json.dumps(good),
        "{not json",  # line 4
        json.dumps({**good, "code": "63.71.01.0001", "extra": 1}),  # line 5: two problems
    ]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    seen: list[Village] = []
    with pytest.raises(ValidationError) as caught:
        seen.extend(iter_jsonl(path, Village))
    name = str(path)
    assert _paths(caught) == [
        f"{name}:2: $.name",
        f"{name}:4: $",
        f"{name}:5: $.code",
        f"{name}:5: $.extra",
    ]
    assert f"{name}:2: $.name: expected a text, got a number 5" in str(caught.value)
    assert len(seen) == 1  # nothing is yielded after the first bad line


def test_problems_are_collected_up_to_a_bound(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_files, "MAX_PROBLEMS", 3)
    path = tmp_path / "v.jsonl"
    path.write_text("[]\n" * 50, encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        list(iter_jsonl(path))
    paths = _paths(caught)
    assert paths[:3] == [f"{path}:1: $", f"{path}:2: $", f"{path}:3: $"]
    assert len(paths) == 4
    assert "stopped after 3 problems" in caught.value.problems[-1].message


def test_the_document_limit_applies_to_each_line_not_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    village = Village("63.71.01.1001", "Mantuil")
    line = json.dumps(to_dict(village))
    monkeypatch.setattr(_documents, "MAX_DOCUMENT_SIZE", len(line) + 10)
    path = tmp_path / "v.jsonl"
    path.write_text(f"{line}\n" * 100, encoding="utf-8")  # 100 times the limit in all
    assert len(list(iter_jsonl(path, Village))) == 100
    long = json.dumps({**to_dict(village), "name": "x" * 500})
    path.write_text(f"{line}\n{long}\n{line}\n", encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        list(iter_jsonl(path, Village))
    assert _paths(caught) == [f"{path}:2: $"]
    assert "longer than" in str(caught.value)


def test_encodings_follow_the_rule_of_the_other_readers(tmp_path: Path) -> None:
    line = json.dumps(to_dict(Village("63.71.01.1001", "Mantuil")), ensure_ascii=False)
    path = tmp_path / "v.jsonl"
    path.write_bytes((line + "\n" + line + "\n").encode("utf-16"))
    with pytest.raises(ValidationError, match="UTF-16") as caught:
        list(iter_jsonl(path))
    assert len(caught.value.problems) == 1  # said once, not for every line
    path.write_bytes(
        line.encode() + b"\n" + line.replace("Mantuil", "Mant\xfcil").encode("latin-1")
    )
    with pytest.raises(ValidationError, match="not UTF-8") as caught:
        list(iter_jsonl(path))
    assert _paths(caught) == [f"{path}:2: $"]


def test_a_file_that_cannot_be_read_is_refused_at_once(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="cannot read"):
        iter_jsonl(tmp_path / "missing.jsonl")  # no iteration needed
    with pytest.raises(ValidationError, match="a directory"):
        iter_jsonl(tmp_path)
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "pipe")
        with pytest.raises(ValidationError, match="not a regular file"):
            iter_jsonl(tmp_path / "pipe")
    with pytest.raises(ValidationError, match="not a desacoop document class"):
        iter_jsonl(tmp_path / "x.jsonl", dict)
    with pytest.raises(ValidationError, match="file path"):
        iter_jsonl(5)  # type: ignore[call-overload]


def test_writing_refuses_what_is_not_a_collection_of_documents(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="iterable of documents"):
        dump_jsonl("text", tmp_path / "x.jsonl")
    with pytest.raises(ValidationError, match=r"record 2: not a desacoop document"):
        dump_jsonl([Village("63.71.01.1001", "M"), 5], tmp_path / "x.jsonl")
    assert not (tmp_path / "x.jsonl").exists()


def test_dump_jsonl_takes_what_then_where_and_the_old_order_with_a_warning(
    tmp_path: Path,
) -> None:
    """Issue 21, point 20: dump(obj, path) but dump_jsonl(path, records) before."""
    villages = [Village("63.71.01.1001", "Mantuil"), Village("63.71.01.1002", "Basirih")]
    new = tmp_path / "new.jsonl"
    assert dump_jsonl(villages, new) == 2
    old = tmp_path / "old.jsonl"
    with pytest.warns(DeprecationWarning, match=r"write dump_jsonl\(records, path\)"):
        assert dump_jsonl(old, villages) == 2
    with pytest.warns(DeprecationWarning, match="deprecated"):
        assert dump_jsonl(str(old), iter(villages)) == 2
    assert old.read_bytes() == new.read_bytes()
    assert list(iter_jsonl(old, Village)) == villages


def test_a_record_failing_half_way_leaves_the_old_file(tmp_path: Path) -> None:
    path = tmp_path / "v.jsonl"
    dump_jsonl([Village("63.71.01.1001", "Mantuil")], path)
    before = path.read_bytes()

    def records() -> Iterator[Village]:
        for i in range(1, 50_000):  # several megabytes reach the temporary file first
            yield Village(f"63.71.01.{1001 + i % 2999}", f"Desa {i}")
        yield Village("63.71.01.1001", "Mant\ud800il")

    with pytest.raises(ValidationError, match=r"record 50000: .*lone surrogate"):
        dump_jsonl(records(), path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["v.jsonl"]


# -- a plan whose observations are in a JSON Lines file --------------------------------------


def test_a_plan_round_trips_with_its_observations_in_a_file(tmp_path: Path) -> None:
    plan = _plan()
    path = tmp_path / "plan.json"
    (tmp_path / "data").mkdir()
    dump(plan, path, observations_file="data/plan-observations.jsonl")  # a sub-folder
    document = json.loads(path.read_text(encoding="utf-8"))
    assert "observations" not in document
    assert document["observations_file"] == "data/plan-observations.jsonl"
    assert len(_lines(tmp_path / "data" / "plan-observations.jsonl")) == len(plan.observations)
    assert load(path) == plan
    assert load(path, MonitoringPlan) == plan


def test_existing_plan_documents_read_unchanged(tmp_path: Path) -> None:
    plan = _plan()
    path = tmp_path / "plan.json"
    dump(plan, path)
    assert "observations_file" not in path.read_text(encoding="utf-8")
    assert load(path) == plan
    assert from_json(to_json(plan)) == plan


def test_the_reference_is_followed_only_from_a_file(tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    dump(_plan(), path, observations_file="o.jsonl")
    with pytest.raises(ValidationError) as caught:
        from_json(path.read_text(encoding="utf-8"))  # a text has no folder to look in
    assert _paths(caught) == ["$.observations_file"]


def test_a_bad_observation_is_reported_at_its_line(tmp_path: Path) -> None:
    plan = _plan()
    path = tmp_path / "plan.json"
    dump(plan, path, observations_file="o.jsonl")
    source = tmp_path / "o.jsonl"
    lines = _lines(source)
    original = lines[2]
    bad_region = json.loads(lines[2])
    bad_region["region"] = "63.00"
    unknown = json.loads(lines[4])
    unknown["indicator"] = "no-such-indicator"
    lines[2], lines[4] = json.dumps(bad_region), json.dumps(unknown)
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        load(path)
    # a record that cannot be read at all: its line; the rest of the file is still checked
    assert _paths(caught) == [f"{source}:3: $.region"]
    lines[2] = original
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        load(path)
    # a plan rule about one observation: its line too
    assert _paths(caught) == [f"{source}:5: $.indicator"]
    assert "no indicator 'no-such-indicator'" in str(caught.value)


@pytest.mark.parametrize(
    ("reference", "fragment"),
    [
        ("/etc/passwd", "relative to the plan's folder"),
        ("../outside.jsonl", "relative to the plan's folder"),
        (5, "expected a file name"),
        ("missing.jsonl", "cannot read"),
    ],
)
def test_a_bad_reference_is_refused(tmp_path: Path, reference: Any, fragment: str) -> None:
    path = tmp_path / "plan.json"
    document = {k: v for k, v in to_dict(_plan()).items() if k != "observations"}
    path.write_text(json.dumps({**document, "observations_file": reference}), encoding="utf-8")
    with pytest.raises(ValidationError, match=fragment) as caught:
        load(path)
    assert _paths(caught) == ["$.observations_file"]


def test_observations_in_both_places_or_a_reference_from_another_document(tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    dump(_plan(), path, observations_file="o.jsonl")
    both = json.loads(path.read_text(encoding="utf-8"))
    both["observations"] = to_dict(_plan())["observations"]
    path.write_text(json.dumps(both), encoding="utf-8")
    with pytest.raises(ValidationError, match="listed here or in observations_file"):
        load(path)
    agreement = to_dict(desacoop.example_agreement()) | {"observations_file": "o.jsonl"}
    path.write_text(json.dumps(agreement), encoding="utf-8")
    with pytest.raises(ValidationError, match="only a MonitoringPlan"):
        load(path)
    with pytest.raises(ValidationError, match="for a MonitoringPlan"):
        dump(desacoop.example_agreement(), path, observations_file="o.jsonl")
    with pytest.raises(ValidationError, match="relative"):
        dump(_plan(), path, observations_file="../o.jsonl")


def test_a_plan_too_large_for_one_document_is_refused_with_a_hint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "plan.json"
    path.write_text("old\n", encoding="utf-8")
    plan = _plan()
    without = len(to_json(attrs.evolve(plan, observations=())).encode())
    assert len(to_json(plan).encode()) > without + 2000
    monkeypatch.setattr(_documents, "MAX_DOCUMENT_SIZE", without + 1000)
    with pytest.raises(ValidationError, match="observations_file="):
        dump(_plan(), path)  # could never be read back
    assert path.read_text(encoding="utf-8") == "old\n"
    dump(_plan(), path, observations_file="o.jsonl")  # each record is far below the limit
    assert load(path) == _plan()


def test_desacoop_report_follows_the_reference(tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    dump(_plan(), path, observations_file="o.jsonl")
    inline = tmp_path / "inline.json"
    dump(_plan(), inline)
    outputs = []
    for file in (path, inline):
        out = io.StringIO()
        assert main(["report", str(file), "--as-of", "2024-12-31"], out=out) == 0
        outputs.append(out.getvalue().replace(str(file), "FILE"))
    assert outputs[0] == outputs[1]


def test_the_fast_reader_agrees_with_the_converter() -> None:
    """Every document reads to the same object on the fast path and the converter's."""
    for document in (_plan(), desacoop.example_agreement(), *_plan().observations[:50]):
        data = to_dict(document)
        body = {k: v for k, v in data.items() if k not in ("format", "document")}
        assert serialization.converter.structure(body, type(document)) == document
        assert _documents._structure_document(data, type(document)) == document


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_written_files_keep_their_permissions(tmp_path: Path) -> None:
    path = tmp_path / "v.jsonl"
    path.write_text("", encoding="utf-8")
    path.chmod(0o600)
    dump_jsonl([Village("63.71.01.1001", "M")], path)
    assert path.stat().st_mode & 0o777 == 0o600
    assert attrs.has(Village)


def _evaluations(count: int) -> Iterator[VillageEvaluation]:
    """``count`` evaluations of desa with distinct codes, made one at a time (IDM evaluates
    desa only: village numbers from 2001)."""
    result = desacoop.idm.evaluate(iks="0.7", ike="0.6", ikl="0.8")
    for i in range(count):
        district, number = divmod(i, 999)
        code = f"35.{1 + district // 20:02d}.{1 + district % 20:02d}.{2001 + number}"
        yield VillageEvaluation(code, 2025, result)


def _peak(action: Any) -> int:
    tracemalloc.start()
    try:
        action()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.slow  # tracemalloc over 60,000 records
def test_reading_streams_in_bounded_memory(tmp_path: Path) -> None:
    """Reading record by record holds a batch, a buffer and bounded caches of shared values,
    far below the records themselves and below the file."""
    path = tmp_path / "evaluations.jsonl"
    dump_jsonl(_evaluations(20_000), path)
    _peak(lambda: list(iter_jsonl(path, VillageEvaluation))[:10])  # one-time set-up out
    held = _peak(lambda: list(iter_jsonl(path, VillageEvaluation)))
    streamed = _peak(lambda: sum(1 for _ in iter_jsonl(path, VillageEvaluation)))
    assert streamed < held / 2
    assert streamed < path.stat().st_size * 3 / 4


@pytest.mark.slow
def test_writing_streams_in_bounded_memory(tmp_path: Path) -> None:
    dump_jsonl(_evaluations(100), tmp_path / "warm.jsonl")
    small = _peak(lambda: dump_jsonl(_evaluations(5_000), tmp_path / "a.jsonl"))
    large = _peak(lambda: dump_jsonl(_evaluations(20_000), tmp_path / "b.jsonl"))
    assert large < 1.2 * small + 500_000
    assert large < (tmp_path / "b.jsonl").stat().st_size / 3

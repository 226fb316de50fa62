"""Hostile input and lost data: what a careless program, a full disk or a malicious file
does to the readers and writers of :mod:`desacoop.serialization`.

Nothing but :class:`~desacoop.errors.ValidationError` may leave a reader, every message is
bounded, and a write that fails leaves the old file as it was.
"""

from __future__ import annotations

import datetime as dt
import errno
import functools
import json
import os
import random
import stat
import sys
import threading
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest

import desacoop
from desacoop import serialization
from desacoop.dates import parse_date
from desacoop.errors import InvalidDate, ValidationError
from desacoop.evaluation import VillageEvaluation
from desacoop.serialization import (
    _documents,
    _files,
    dump,
    from_dict,
    from_json,
    load,
    to_dict,
    to_json,
    write_atomic,
)


def _agreement_doc() -> dict[str, Any]:
    return to_dict(desacoop.example_agreement())


def _problems(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, str]:
    return {p.path: p.message for p in exc.value.problems}


def _readers(tmp_path: Path) -> list[Any]:
    """from_json on bytes and load on a file: one rule for both."""

    def from_file(data: bytes) -> Any:
        path = tmp_path / "doc.json"
        path.write_bytes(data)
        return load(path)

    return [from_json, from_file]


# -- nothing lost: dump writes atomically ------------------------------------------------


def _only(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir())


def test_a_text_that_cannot_be_encoded_leaves_the_old_file(tmp_path: Path) -> None:
    path = tmp_path / "agreement.json"
    dump(desacoop.example_agreement(), path)
    before = path.read_bytes()
    broken = attrs.evolve(desacoop.example_agreement(), title="Kerja sama \ud800")
    with pytest.raises(ValidationError, match="lone surrogate"):
        dump(broken, path)
    assert path.read_bytes() == before
    assert _only(tmp_path) == ["agreement.json"]  # no temporary file left behind


def test_a_full_disk_half_way_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "agreement.json"
    path.write_text("old content\n", encoding="utf-8")
    written: list[int] = []
    real = _files._write_all

    def half_then_full(fd: int, data: Any) -> None:
        half = memoryview(data)[: len(data) // 2]
        real(fd, half)  # half of the new document reaches the temporary file ...
        written.append(len(half))
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))  # ... then the disk is full

    monkeypatch.setattr(_files, "_write_all", half_then_full)
    with pytest.raises(ValidationError, match="No space left on device"):
        dump(desacoop.example_agreement(), path)
    assert written
    assert written[0] > 1000
    assert path.read_text(encoding="utf-8") == "old content\n"
    assert _only(tmp_path) == ["agreement.json"]


def test_a_failing_fsync_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "a.json"
    write_atomic(path, "old\n")

    def fail(fd: int) -> None:
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    monkeypatch.setattr(os, "fsync", fail)
    with pytest.raises(ValidationError, match="cannot write"):
        write_atomic(path, "new\n")
    monkeypatch.undo()
    assert path.read_text(encoding="utf-8") == "old\n"
    assert _only(tmp_path) == ["a.json"]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_an_existing_file_keeps_its_permissions(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text("old", encoding="utf-8")
    path.chmod(0o640)
    dump(desacoop.example_agreement(), path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    new = tmp_path / "b.json"
    mask = os.umask(0o022)
    os.umask(mask)
    write_atomic(new, b"{}")
    assert stat.S_IMODE(new.stat().st_mode) == 0o666 & ~mask  # as open() would create it


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links")
def test_a_symbolic_link_is_followed_not_replaced(tmp_path: Path) -> None:
    target = tmp_path / "real.json"
    target.write_text("old", encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(target)
    write_atomic(link, "new")
    assert link.is_symlink()
    assert target.read_text(encoding="utf-8") == "new"


def test_write_atomic_writes_texts_as_utf8_and_bytes_as_they_are(tmp_path: Path) -> None:
    write_atomic(tmp_path / "t", "Sungai Tabuk · Banjar")
    assert (tmp_path / "t").read_bytes() == "Sungai Tabuk · Banjar".encode()
    write_atomic(tmp_path / "b", b"\x00\xff")
    assert (tmp_path / "b").read_bytes() == b"\x00\xff"
    with pytest.raises(ValidationError, match="a text or bytes"):
        write_atomic(tmp_path / "x", 5)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="cannot write"):
        write_atomic(tmp_path / "missing-directory" / "x", "text")
    assert not (tmp_path / "x").exists()


def test_a_reader_never_sees_a_partial_document(tmp_path: Path) -> None:
    """Loads racing with dumps see the old document or the new one, never half of one."""
    path = tmp_path / "agreement.json"
    agreement = desacoop.example_agreement()
    other = attrs.evolve(agreement, title="Kerja sama yang lain")
    dump(agreement, path)
    stop = threading.Event()
    failures: list[str] = []

    def write() -> None:
        while not stop.is_set():
            dump(other, path)
            dump(agreement, path)

    writer = threading.Thread(target=write)
    writer.start()
    try:
        for _ in range(60):
            try:
                assert load(path) in (agreement, other)
            except ValidationError as exc:  # pragma: no cover - the bug this guards against
                failures.append(str(exc))
    finally:
        stop.set()
        writer.join()
    assert failures == []


# -- duplicate keys, encodings, sizes, file types -------------------------------------------


def test_a_repeated_key_is_refused_with_its_path(tmp_path: Path) -> None:
    text = to_json(desacoop.example_agreement())
    # the first party's name twice: the last one would silently win
    doc = text.replace('"name": ', '"name": "Dinas", "name": ', 1)
    for read in _readers(tmp_path):
        with pytest.raises(ValidationError) as caught:
            read(doc.encode())
        problems = _problems(caught)
        (path,) = problems
        assert path.endswith(".name")
        assert "appears 2 times" in problems[path]
    with pytest.raises(ValidationError) as caught:
        from_json('{"a": {"b": 1, "b": 2}, "c": [{"d": 1}, {"d": 1, "d": 1}]}')
    assert sorted(_problems(caught)) == ["$.a.b", "$.c[1].d"]


def test_a_utf8_byte_order_mark_is_accepted_by_every_reader(tmp_path: Path) -> None:
    agreement = desacoop.example_agreement()
    data = to_json(agreement).encode("utf-8")
    for read in _readers(tmp_path):
        assert read(b"\xef\xbb\xbf" + data) == agreement
    assert from_json("\ufeff" + data.decode()) == agreement


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_utf16_is_refused_with_a_hint_by_every_reader(tmp_path: Path, encoding: str) -> None:
    data = to_json(desacoop.example_agreement()).encode(encoding)
    for read in _readers(tmp_path):
        with pytest.raises(ValidationError, match=r"UTF-16 or UTF-32.*save it as UTF-8"):
            read(data)


def test_invalid_utf8_is_refused_by_every_reader_with_its_line(tmp_path: Path) -> None:
    data = to_json(desacoop.example_agreement()).replace("Kalimantan", "Kalim\udce9ntan", 1)
    raw = data.encode("utf-8", "surrogateescape")  # 0xE9 alone, as Windows-1252 writes é
    line = data[: data.index("\udce9")].count("\n") + 1
    for read in _readers(tmp_path):
        with pytest.raises(ValidationError, match=rf"not UTF-8 .*0xe9 at line {line}\b"):
            read(raw)


def test_a_document_past_the_limit_is_refused_while_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_documents, "MAX_DOCUMENT_SIZE", 1000)
    path = tmp_path / "big.json"
    path.write_bytes(b" " * 5000)
    calls: list[Callable[[], object]] = [
        lambda: load(path),
        lambda: from_json(b" " * 5000),
        lambda: from_json(" " * 5000),
    ]
    for call in calls:
        with pytest.raises(ValidationError, match="larger than 1,000"):
            call()


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_an_endless_device_is_refused() -> None:
    with pytest.raises(ValidationError, match="not a regular file"):
        load("/dev/zero")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes")
def test_a_pipe_without_a_writer_is_refused_without_waiting(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe.json"
    os.mkfifo(pipe)
    outcome: list[BaseException] = []

    def read() -> None:
        try:
            load(pipe)
        except BaseException as exc:
            outcome.append(exc)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(timeout=10)
    assert not reader.is_alive(), "load() blocked on a pipe"
    (exc,) = outcome
    assert isinstance(exc, ValidationError)
    assert "not a regular file" in str(exc)


def test_a_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="a directory"):
        load(tmp_path)


# -- bounded messages --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("title", 7 * 10**5000),  # a huge integer: str() would raise (digit limit)
        ("kind", "x" * 10_000_000),  # an enum value of 10 MB
        ("format", "y" * 10_000_000),
        ("z" * 10_000_000, 1),  # an unknown key of 10 MB
        ("parties", [{"province": "6" * 10_000_000}]),
        ("signing", {"on": "2" * 10_000_000}),
    ],
    ids=["huge-integer", "huge-enum", "huge-format", "huge-key", "huge-code", "huge-date"],
)
def test_messages_show_a_bounded_description_of_a_huge_value(key: str, value: Any) -> None:
    doc = {**_agreement_doc(), key: value}
    with pytest.raises(ValidationError) as caught:
        from_dict(doc)
    assert caught.value.problems
    assert len(str(caught.value)) < 2000


def test_a_deeply_nested_value_from_python_is_a_validation_error() -> None:
    deep: list[Any] = []
    inner = deep
    for _ in range(200_000):
        inner.append([])
        inner = inner[0]
    for key in ("title", "sources", "parties", "signatories"):
        with pytest.raises(ValidationError):
            from_dict({**_agreement_doc(), key: deep})
    nested: dict[str, Any] = {}
    inner_dict = nested
    for _ in range(200_000):
        inner_dict["a"] = {}
        inner_dict = inner_dict["a"]
    with pytest.raises(ValidationError):
        from_dict({**_agreement_doc(), "term": nested})


def test_a_huge_whole_number_from_python_is_a_validation_error() -> None:
    doc = to_dict(
        VillageEvaluation(
            "63.71.01.2001", 2022, desacoop.idm.evaluate(iks="0.7", ike="0.6", ikl="0.8")
        )
    )
    for path, value in [(("year",), 10**5000), (("result", "value"), 10**5000)]:
        changed = json.loads(json.dumps(doc))
        target = changed
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
        with pytest.raises(ValidationError) as caught:
            from_dict(changed)
        assert len(str(caught.value)) < 500
        assert "$." + ".".join(path) in _problems(caught)


# -- numbers: bounded exponents and digits everywhere numbers are read ---------------------


def _evaluation_json() -> str:
    evaluation = VillageEvaluation(
        "63.71.01.2001", 2022, desacoop.idm.evaluate(iks="0.7", ike="0.6", ikl="0.8")
    )
    return to_json(evaluation)


@pytest.mark.parametrize(
    "written", ['"1e-9999"', '"1E+1001"', '"0.' + "0" * 1200 + '1"', "1" + "0" * 1100]
)
def test_a_decimal_out_of_range_is_refused(written: str) -> None:
    text = _evaluation_json().replace('"value": "0.7000"', f'"value": {written}')
    with pytest.raises(ValidationError) as caught:
        from_json(text)
    problems = _problems(caught)
    assert "out of range" in problems.get("$.result.value", "") or "digits" in problems["$"]


def test_a_decimal_exponent_within_the_limit_is_read() -> None:
    assert serialization.converter.structure("1e-999", Decimal) == Decimal("1e-999")


@pytest.mark.parametrize("digits", [1100, 5000, 100_000])
def test_a_json_integer_with_too_many_digits_is_refused_quickly(digits: int) -> None:
    text = _evaluation_json().replace('"year": 2022', f'"year": {"9" * digits}')
    previous = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(0)  # even with Python's own limit lifted
    try:
        with pytest.raises(ValidationError, match="digits"):
            from_json(text)
    finally:
        sys.set_int_max_str_digits(previous)


def test_a_float_with_a_huge_exponent_is_refused_as_a_float() -> None:
    text = _evaluation_json().replace('"value": "0.7000"', '"value": 1e999999')
    with pytest.raises(ValidationError, match="never a floating-point number"):
        from_json(text)


# -- texts ----------------------------------------------------------------------------------


def test_a_lone_surrogate_is_refused_on_reading_with_its_path() -> None:
    text = to_json(desacoop.example_agreement()).replace('"title": "', '"title": "\\ud800', 1)
    with pytest.raises(ValidationError) as caught:
        from_json(text)
    assert "lone surrogate" in _problems(caught)["$.title"]
    paired = to_json(desacoop.example_agreement()).replace(
        '"title": "', '"title": "\\ud83c\\udf3e', 1
    )
    assert from_json(paired).title.startswith("🌾")


# -- dates --------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["4/13/2022", "04-13-2022", "Rabu 4/13/2022", "4 13 2022"])
def test_a_month_first_date_is_refused_not_swapped(text: str) -> None:
    with pytest.raises(InvalidDate, match=r"day first.*no month 13.*13/4/2022"):
        parse_date(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("13/4/2022", dt.date(2022, 4, 13)), ("4/12/2022", dt.date(2022, 12, 4))],
)
def test_numeric_dates_are_day_first(text: str, expected: dt.date) -> None:
    assert parse_date(text) == expected


def test_a_very_long_date_text_is_refused_unread() -> None:
    with pytest.raises(InvalidDate, match="too long"):
        parse_date("13 April " + "2" * 1_000_000)


# -- the mutation fuzzer --------------------------------------------------------------------
#
# Valid documents, mutated byte by byte and token by token, given to every reader: from_json
# (bytes and text), from_dict (after a lenient parse), load, iter_jsonl and a plan's
# observations file. Only ValidationError may come out. A few hundred inputs by default;
# DESACOOP_FUZZ_LONG=1 runs a million (DESACOOP_FUZZ_COUNT=N any other number), and
# DESACOOP_FUZZ_SEED changes the inputs.

_TOKENS = [
    b'"\\ud800"', b"1e999999", b"-1e-999999", b'"1e-99999"', b"9" * 5000, b"[" * 3000,
    b'{"":', b'"format":"desacoop/1",', b"\xef\xbb\xbf", b"\xff", b"\x00", b"NaN",
    b"Infinity", b"null", b"true", b'"\\u0000"', b",", b"}", b"]", b'"', b"\n", b"0.1",
    b'"63.00"', b'"4/13/2022"', b'"2022-02-30"', b"-0", b'"P-1Y"', b'"' + b"x" * 70_000 + b'"',
]  # fmt: skip


def _seeds() -> list[bytes]:
    plan = desacoop.example_plan()
    evaluation = VillageEvaluation(
        "63.71.01.2001", 2022, desacoop.idm.evaluate(iks="0.7", ike="0.6", ikl="0.8")
    )
    compact = [_files._line(obj).rstrip(b"\n") for obj in (evaluation, *plan.observations[:3])]
    return [*compact, to_json(desacoop.example_agreement(), indent=None).encode()]


def _mutate(rng: random.Random, data: bytes) -> bytes:
    for _ in range(rng.choice((1, 1, 1, 2, 3))):
        at = rng.randrange(len(data) + 1)
        kind = rng.randrange(7)
        if kind == 0:  # a random byte
            data = data[:at] + bytes([rng.randrange(256)]) + data[at + 1 :]
        elif kind == 1:  # a slice removed
            data = data[:at] + data[at + rng.randint(1, 40) :]
        elif kind == 2:  # a hostile token inserted
            data = data[:at] + rng.choice(_TOKENS) + data[at:]
        elif kind == 3:  # a slice repeated (repeated keys, duplicated values)
            end = min(len(data), at + rng.randint(1, 60))
            data = data[:end] + data[at:end] + data[end:]
        elif kind == 4:  # a value replaced by a hostile token
            quote = data.find(b'": ', at)
            quote = data.find(b'":', at) if quote < 0 else quote
            if quote >= 0:
                start = quote + 2
                end = min(
                    x for x in (data.find(b",", start), data.find(b"}", start), len(data)) if x >= 0
                )
                data = data[:start] + rng.choice(_TOKENS) + data[end:]
        elif kind == 5:  # cut short
            data = data[:at]
        else:  # another encoding
            data = data.decode("utf-8", "replace").encode(
                rng.choice(("utf-16", "latin-1", "utf-32")), "replace"
            )
    return data


def _fuzz_count() -> int:
    if "DESACOOP_FUZZ_COUNT" in os.environ:
        return int(os.environ["DESACOOP_FUZZ_COUNT"])
    return 1_000_000 if os.environ.get("DESACOOP_FUZZ_LONG") == "1" else 600


def test_mutated_documents_give_a_validation_error_or_a_document(tmp_path: Path) -> None:
    rng = random.Random(int(os.environ.get("DESACOOP_FUZZ_SEED", "20220413")))
    seeds = _seeds()
    total = _fuzz_count()
    plan_file = tmp_path / "plan.json"
    dump(desacoop.example_plan(), plan_file, observations_file="o.jsonl")
    counts = {"inputs": 0, "refused": 0, "read": 0}
    escapes: list[str] = []

    def attempt(reader: str, call: Callable[[], Any], data: bytes) -> None:
        counts["inputs"] += 1
        try:
            found = call()
        except ValidationError as exc:
            counts["refused"] += 1
            if not (exc.problems or str(exc)):  # pragma: no cover - the bug this finds
                escapes.append(f"{reader}: an empty ValidationError for {data[:200]!r}")
        except BaseException as exc:  # pragma: no cover - the bug this finds
            escapes.append(f"{reader}: {type(exc).__name__}: {exc!s:.200} for {data[:200]!r}")
        else:
            counts["read"] += 1
            if reader == "from_json(bytes)" and from_json(_files._line(found)) != found:
                escapes.append(f"the JSON Lines writer changed what {data[:200]!r} reads as")

    lines, single = tmp_path / "lines.jsonl", tmp_path / "single.json"
    batch = 0
    while counts["inputs"] < total and len(escapes) < 20:
        batch += 1
        mutated = [_mutate(rng, rng.choice(seeds)) for _ in range(40)]
        for data in mutated:
            attempt("from_json(bytes)", functools.partial(from_json, data), data)
            text = data.decode("utf-8", "surrogateescape")
            attempt("from_json(str)", functools.partial(from_json, text), data)
            try:
                parsed = json.loads(data)
            except (ValueError, RecursionError):
                continue
            attempt("from_dict", functools.partial(from_dict, parsed), data)
        lines.write_bytes(b"\n".join(mutated))
        attempt("iter_jsonl", lambda: sum(1 for _ in serialization.iter_jsonl(lines)), b"")
        counts["inputs"] += len(mutated) - 1  # every line of the file is an input
        single.write_bytes(mutated[0])
        attempt("load", lambda: load(single), mutated[0])
        if batch % 50 == 1:  # a plan whose observations file has mutated lines
            good = (tmp_path / "o.jsonl").read_bytes().splitlines()
            good[rng.randrange(len(good))] = _mutate(rng, seeds[1])
            (tmp_path / "o.jsonl").write_bytes(b"\n".join(good))
            attempt("load(plan)", lambda: load(plan_file), b"")
            dump(desacoop.example_plan(), plan_file, observations_file="o.jsonl")
    if os.environ.get("DESACOOP_FUZZ_LONG") or "DESACOOP_FUZZ_COUNT" in os.environ:
        print(f"\nmutation fuzzer: {counts}, escapes: {len(escapes)}")
    assert escapes == []
    assert counts["refused"] > counts["inputs"] // 4  # the mutations do reach the checks

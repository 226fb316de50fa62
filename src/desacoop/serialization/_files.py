"""Files: one document read or written whole (:func:`load`, :func:`dump`), files replaced
atomically (:func:`write_atomic`), and collections streamed as JSON Lines
(:func:`dump_jsonl`, :func:`iter_jsonl`).
"""

from __future__ import annotations

import codecs
import contextlib
import gc
import json
import os
import re
import secrets
import stat
import typing
import warnings
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, TypeVar

import attrs

from desacoop.errors import MAX_PROBLEMS, Problem, ValidationError, shown
from desacoop.serialization import _documents
from desacoop.serialization._documents import (
    _decoded,
    _document_text,
    _parse,
    _tags,
    _too_large,
    document_kinds,
    from_dict,
    to_dict,
    to_json,
)
from desacoop.serialization._hooks import _describe, _join

__all__ = [
    "MAX_PROBLEMS",
    "OBSERVATIONS_FILE",
    "dump",
    "dump_jsonl",
    "iter_jsonl",
    "load",
    "read_bytes",
    "write_atomic",
]

T = TypeVar("T")


@typing.overload
def load(path: str | os.PathLike[str], cls: type[T]) -> T: ...
@typing.overload
def load(path: str | os.PathLike[str], cls: None = None) -> Any: ...
def load(path: str | os.PathLike[str], cls: type[T] | None = None) -> T | Any:
    """Read a desacoop JSON file; a file that cannot be read is a ValidationError too.

    Only regular files are read (a pipe or a device is refused without waiting on it), at
    most :data:`MAX_DOCUMENT_SIZE` bytes of them, by the rule of :func:`from_json`. A
    monitoring plan whose ``observations_file`` names a JSON Lines file of observations
    (relative to the plan's file, see :func:`dump`) gets them from there.
    """
    file = _file(path)
    data = _read(file)
    try:
        text = _decoded(data)
    except ValidationError as exc:
        raise ValidationError.from_problems(
            [Problem(p.path, f"cannot read {path}: {p.message}") for p in exc.problems]
        ) from None
    with _collector_paused():  # a file holds many objects and no cycles
        document = _parse(text)
        if isinstance(document, dict) and OBSERVATIONS_FILE in document:
            plan: T = _plan_with_observations(document, file, cls)
            return plan
        result: T = from_dict(document, cls)
        return result


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """The garbage collector paused while a document's objects are built, then back as it
    was (the many new objects would otherwise trigger collections that find nothing)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def _reference_problems(reference: object) -> list[Problem]:
    where = f"$.{OBSERVATIONS_FILE}"
    if not isinstance(reference, str) or not reference.strip():
        return [Problem(where, f"expected a file name as a text, got {_describe(reference)}")]
    parts = Path(reference).parts
    if Path(reference).is_absolute() or ".." in parts or "\0" in reference:
        return [
            Problem(
                where,
                f"{shown(reference)} must be a path relative to the plan's folder, without '..'",
            )
        ]
    return []


def _plan_with_observations(document: dict[str, Any], file: Path, cls: type[Any] | None) -> Any:
    """A plan whose observations are in the JSON Lines file its document names."""
    body = dict(document)
    reference = body.pop(OBSERVATIONS_FILE)
    problems = _reference_problems(reference)
    if body.get("document") != "MonitoringPlan":
        problems.append(
            Problem(
                f"$.{OBSERVATIONS_FILE}", "only a MonitoringPlan refers to an observations file"
            )
        )
    if body.get("observations", []) != []:
        problems.append(
            Problem("$.observations", f"observations are listed here or in {OBSERVATIONS_FILE}")
        )
    if problems:
        raise ValidationError.from_problems(problems)
    source = file.parent / reference
    name = str(source)
    observations: list[Any] = []
    lines: list[int] = []
    try:
        for number, observation in _records(source, document_kinds()["Observation"], name):
            observations.append(observation)
            lines.append(number)
    except ValidationError as exc:
        problems.extend(
            Problem(f"$.{OBSERVATIONS_FILE}", p.message) if p.path == "$" else p
            for p in exc.problems
        )
    body.pop("observations", None)
    try:
        plan = from_dict(body, cls)
    except ValidationError as exc:
        problems[:0] = exc.problems
    if problems:
        raise ValidationError.from_problems(problems)
    try:
        return attrs.evolve(plan, observations=tuple(observations))
    except ValidationError as exc:  # the plan's rules about its observations
        raise ValidationError.from_problems(
            _located(p, name, lines) for p in exc.problems
        ) from None


_OBSERVATION_PATH = re.compile(r"(?:\$\.)?observations\[([0-9]+)\](.*)")


def _located(problem: Problem, name: str, lines: list[int]) -> Problem:
    """A plan problem about its ``observations[i]`` as ``file:line: $...``."""
    match = _OBSERVATION_PATH.fullmatch(problem.path)
    if match and int(match[1]) < len(lines):
        return Problem(f"{name}:{lines[int(match[1])]}: ${match[2]}", problem.message)
    return Problem(_join("$", problem.path), problem.message)


def _cannot(verb: str, path: object, exc: BaseException) -> ValidationError:
    reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    return ValidationError.from_problems([Problem("$", f"cannot {verb} {path}: {reason}")])


@contextlib.contextmanager
def _opened(file: Path) -> Iterator[int]:
    """A descriptor of a regular file, opened without blocking on a pipe."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(file, flags)
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the name
        raise _cannot("read", file, exc) from None
    try:
        try:
            mode = os.fstat(fd).st_mode
        except OSError as exc:  # pragma: no cover - fstat of an open descriptor
            raise _cannot("read", file, exc) from None
        if not stat.S_ISREG(mode):
            what = "a directory" if stat.S_ISDIR(mode) else "a pipe, a device or a socket"
            raise ValidationError.from_problems(
                [Problem("$", f"cannot read {file}: it is {what}, not a regular file")]
            )
        yield fd
    finally:
        os.close(fd)


def read_bytes(path: str | os.PathLike[str], limit: int) -> bytes:
    """The bytes of a regular file, at most ``limit`` of them: the rule every desacoop
    reader follows (a pipe, a device or a directory is refused without waiting on it; a
    file past the limit is refused as soon as the limit is passed, unread beyond it). Every
    failure is a :class:`~desacoop.errors.ValidationError`."""
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 0:
        raise ValidationError(f"limit must be a whole number of bytes, not {shown(limit)}")
    return _read(_file(path), limit, _larger_than)


def _larger_than(size: int, unit: str, limit: int) -> ValidationError:
    return ValidationError.from_problems(
        [Problem("$", f"the file is larger than the {limit:,} {unit} accepted")]
    )


def _read(
    file: Path,
    limit: int | None = None,
    too_large: typing.Callable[[int, str, int], ValidationError] = _too_large,
) -> bytes:
    """The bytes of a regular file, refused as soon as they pass the document limit."""
    limit = _documents.MAX_DOCUMENT_SIZE if limit is None else limit
    with _opened(file) as fd:
        chunks: list[bytes] = []
        size = 0
        while True:
            try:
                chunk = os.read(fd, 1 << 20)
            except OSError as exc:
                raise _cannot("read", file, exc) from None
            if not chunk:
                return b"".join(chunks)
            size += len(chunk)
            if size > limit:
                raise too_large(size, "bytes", limit)
            chunks.append(chunk)


def dump(obj: Any, path: str | os.PathLike[str], *, observations_file: str | None = None) -> None:
    """Write an object as a desacoop JSON file (UTF-8, indented, final newline).

    The file is replaced atomically (see :func:`write_atomic`): a failure leaves it as it
    was. A document larger than :data:`MAX_DOCUMENT_SIZE` is refused (it could not be read
    back). For a :class:`~desacoop.monitoring.MonitoringPlan`, ``observations_file`` (a path
    relative to ``path``'s folder) writes the observations there as JSON Lines, first, and
    the plan refers to it; :func:`load` follows the reference.
    """
    file = _file(path)
    if observations_file is not None:
        _dump_plan(obj, file, observations_file)
        return
    data = _encoded(to_json(obj) + "\n", path)
    if len(data) > _documents.MAX_DOCUMENT_SIZE:
        hint = (
            "; write its observations as JSON Lines: dump(plan, path, "
            "observations_file='observations.jsonl')"
            if type(obj).__name__ == "MonitoringPlan"
            else "; write large collections with dump_jsonl"
        )
        raise ValidationError(
            f"cannot write {path}: the document would be {len(data):,} bytes, more than "
            f"the {_documents.MAX_DOCUMENT_SIZE:,} any reader accepts{hint}"
        )
    write_atomic(file, data)


def _dump_plan(obj: object, file: Path, reference: str) -> None:
    if type(obj) is not document_kinds()["MonitoringPlan"]:
        raise ValidationError(
            f"observations_file is for a MonitoringPlan, not {type(obj).__name__}"
        )
    plan: Any = obj
    problems = _reference_problems(reference)
    if problems:
        raise ValidationError(f"observations_file: {problems[0].message}")
    dump_jsonl(plan.observations, file.parent / reference)
    body = to_dict(attrs.evolve(plan, observations=()))
    document = {
        (OBSERVATIONS_FILE if key == "observations" else key): (
            reference if key == "observations" else value
        )
        for key, value in body.items()
    }
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    write_atomic(file, _encoded(text, file))


def _encoded(text: str, path: object) -> bytes:
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValidationError(
            f"cannot write {path}: the text is not valid Unicode (a lone surrogate "
            f"{text[exc.start]!r} at character {exc.start})"
        ) from None


def write_atomic(path: str | os.PathLike[str], data: str | bytes) -> None:
    """Replace a file's content all at once: readers see the old file or the new one, and a
    failure (a full disk, a text that cannot be encoded) leaves the old file intact.

    A text is written as UTF-8. The data go to a temporary file in the same directory,
    are flushed to the disk (``fsync``) and the temporary file is renamed over ``path``;
    an existing file keeps its permissions, and a symbolic link is followed (the file it
    points to is replaced). A target that exists and is not a regular file (a pipe, a
    device such as ``/dev/null``, a directory) is refused, never replaced. Every failure is
    a :class:`~desacoop.errors.ValidationError`.
    """
    file = _file(path)
    if isinstance(data, str):
        data = _encoded(data, path)
    elif not isinstance(data, bytes):
        raise ValidationError(f"the data to write are a text or bytes, not {shown(data)}")
    with _replacing(file) as fd:
        view = memoryview(data)
        for start in range(0, len(view), _CHUNK):
            _write_all(fd, view[start : start + _CHUNK])


#: Bytes handed to the operating system per write.
_CHUNK = 1 << 20

#: Characters of JSON Lines text gathered before they are encoded and written (the text,
#: its joined copy and its bytes are held at once, so a quarter of a write).
_LINES_CHUNK = _CHUNK // 4


def _write_all(fd: int, data: bytes | memoryview) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


@contextlib.contextmanager
def _replacing(file: Path) -> Iterator[int]:
    """A descriptor of a new temporary file beside ``file`` that replaces it on success
    (after an fsync) and is removed on failure."""
    try:
        target = Path(os.path.realpath(file))
        try:
            found: int | None = os.stat(target).st_mode
        except FileNotFoundError:
            found = None
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the name
        raise _cannot("write", file, exc) from None
    if found is not None and not stat.S_ISREG(found):  # never replace /dev/null or a pipe
        what = "a directory" if stat.S_ISDIR(found) else "a pipe, a device or a socket"
        raise ValidationError.from_problems(
            [Problem("$", f"cannot write {file}: it is {what}, not a regular file")]
        )
    try:
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
        for _ in range(100):
            temp = target.with_name(f".{target.name}.{secrets.token_hex(6)}.tmp")
            try:
                fd = os.open(temp, flags, 0o666)
                break
            except FileExistsError:  # pragma: no cover - 48 random bits
                continue
        else:  # pragma: no cover
            raise FileExistsError(f"no free temporary name beside {file}")
    except (OSError, ValueError) as exc:
        raise _cannot("write", file, exc) from None
    mode = None if found is None else stat.S_IMODE(found)
    try:
        if mode is not None:
            os.chmod(temp, mode)
        yield fd
        os.fsync(fd)
        os.close(fd)
        fd = -1
        os.replace(temp, target)
    except BaseException as exc:
        if fd >= 0:
            with contextlib.suppress(OSError):
                os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(temp)
        if isinstance(exc, OSError | ValueError) and not isinstance(exc, ValidationError):
            raise _cannot("write", file, exc) from None
        raise
    _sync_directory(target.parent)


def _sync_directory(directory: Path) -> None:
    """Make a rename durable (POSIX); best effort elsewhere."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:  # pragma: no cover - Windows cannot open a directory
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover - some file systems refuse
        pass
    finally:
        os.close(fd)


def _file(path: object) -> Path:
    """A file path given as text or path-like; anything else is a ValidationError."""
    if not isinstance(path, str | os.PathLike):
        raise ValidationError(f"a file path is a text or a Path, not {shown(path)}")
    return Path(path)


# -- JSON Lines: collections that stream --------------------------------------------------

#: The key of a monitoring plan document that refers to a JSON Lines file of its
#: observations (a path relative to the plan's file), instead of listing them inline.
OBSERVATIONS_FILE = "observations_file"


@typing.overload
def dump_jsonl(records: Iterable[Any], path: str | os.PathLike[str]) -> int: ...
@typing.overload
def dump_jsonl(records: str | os.PathLike[str], path: Iterable[Any]) -> int: ...
def dump_jsonl(records: Any, path: Any) -> int:
    """Write documents as JSON Lines: one compact ``desacoop/1`` document a line.

    The order of :func:`dump` (what, then where). ``records`` may be any iterable, a
    generator included: records are encoded and written one at a time (memory stays
    bounded), and the file is replaced atomically at the end (see :func:`write_atomic`), so
    a failure half-way leaves the old file as it was. Returns the number of records written.
    The former order ``dump_jsonl(path, records)`` still works, with a
    :class:`DeprecationWarning` (records are never a file name).

    >>> import tempfile, pathlib
    >>> from desacoop.regions import Village
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> dump_jsonl([Village("63.71.01.1001", "Mantuil")], folder / "villages.jsonl")
    1
    >>> print((folder / "villages.jsonl").read_text(encoding="utf-8"), end="")
    {"format":"desacoop/1","document":"Village","code":"63.71.01.1001","name":"Mantuil","kind":"kelurahan"}
    >>> [village.name for village in iter_jsonl(folder / "villages.jsonl", Village)]
    ['Mantuil']
    """
    if isinstance(records, str | os.PathLike) and not isinstance(path, str | bytes | os.PathLike):
        warnings.warn(
            "dump_jsonl(path, records) is deprecated: write dump_jsonl(records, path), in the "
            "order of dump(obj, path)",
            DeprecationWarning,
            stacklevel=2,
        )
        records, path = path, records
    file = _file(path)
    if isinstance(records, str | bytes | Mapping) or not isinstance(records, Iterable):
        raise ValidationError(f"records are an iterable of documents, not {shown(records)}")
    count = 0
    with _replacing(file) as fd:
        lines: list[str] = []
        size = 0
        for count, record in enumerate(records, 1):
            try:
                line = _document_text(type(record))(record)
            except ValidationError as exc:
                raise ValidationError(
                    f"cannot write {path}: record {count}: {exc.message}"
                ) from None
            lines.append(line)
            size += len(line)
            if size >= _LINES_CHUNK:
                _write_all(fd, _utf8(lines, count - len(lines), path))
                lines.clear()
                size = 0
        _write_all(fd, _utf8(lines, count - len(lines), path))
    return count


def _utf8(lines: list[str], before: int, path: object) -> bytes:
    """Lines of JSON text as UTF-8, each ended by a newline; ``before`` records precede them
    (a line that cannot be encoded is named by its record number)."""
    if not lines:
        return b""
    try:
        return ("\n".join(lines) + "\n").encode("utf-8")
    except UnicodeEncodeError:
        for number, line in enumerate(lines, before + 1):
            try:
                _encoded_line(line)
            except ValidationError as exc:
                raise ValidationError(
                    f"cannot write {path}: record {number}: {exc.message}"
                ) from None
        raise  # pragma: no cover - the whole cannot fail while every line encodes


def _encoded_line(text: str) -> bytes:
    try:
        return text.encode("utf-8") + b"\n"
    except UnicodeEncodeError as exc:
        raise ValidationError(
            f"the text is not valid Unicode (a lone surrogate {text[exc.start]!r})"
        ) from None


def _line(record: object) -> bytes:
    """One record of a JSON Lines file, as written (compact, ``format`` and ``document``
    first, then the fields in order)."""
    return _encoded_line(_document_text(type(record))(record))


@typing.overload
def iter_jsonl(path: str | os.PathLike[str], cls: type[T]) -> Iterator[T]: ...
@typing.overload
def iter_jsonl(path: str | os.PathLike[str], cls: None = None) -> Iterator[Any]: ...
def iter_jsonl(path: str | os.PathLike[str], cls: type[Any] | None = None) -> Iterator[Any]:
    """Read a JSON Lines file of documents one record at a time (bounded memory).

    Each line is one ``desacoop/1`` document (blank lines are skipped), read by the rules
    of :func:`from_json`, :data:`MAX_DOCUMENT_SIZE` applying to each line. Records are
    yielded while the file is good; from the first bad line on, nothing more is yielded,
    the rest of the file is checked, and one :class:`~desacoop.errors.ValidationError` is
    raised at the end listing every problem (up to :data:`MAX_PROBLEMS`) as
    ``file:line: $.path: message``.
    """
    file = _file(path)
    if cls is not None and (not isinstance(cls, type) or cls not in _tags()):
        raise ValidationError(f"not a desacoop document class: {shown(cls)}")
    with _opened(file):  # refuse a missing file, a directory or a pipe now, not on first use
        pass
    return (record for _, record in _records(file, cls, str(path)))


def _records(file: Path, cls: type[Any] | None, name: str) -> Iterator[tuple[int, Any]]:
    """(line number, record) for each good line; one ValidationError at the end.

    Records are read in batches with the garbage collector paused (nothing read can form a
    cycle; a collection per few hundred new objects would make reading a national file
    slower than linear) and handed out with the collector back as it was.
    """
    problems: list[Problem] = []
    limit = _documents.MAX_DOCUMENT_SIZE
    ready: list[tuple[int, Any]] = []
    collecting = gc.isenabled()
    with _opened(file) as fd, open(fd, "rb", buffering=1 << 20, closefd=False) as handle:
        number = 0
        try:
            gc.disable()
            while True:
                try:
                    raw = handle.readline(limit + 1)
                except OSError as exc:
                    problems.append(Problem(f"{name}:{number + 1}: $", f"cannot read: {exc}"))
                    break
                if not raw:
                    break
                number += 1
                if len(raw) > limit and not raw.endswith(b"\n"):
                    problems.append(_too_long(name, number, limit))
                    while raw and not raw.endswith(b"\n"):  # skip the rest of the line
                        raw = handle.readline(1 << 20)
                    continue
                if number == 1 and raw.startswith(codecs.BOM_UTF8):
                    raw = raw[len(codecs.BOM_UTF8) :]
                if not raw or raw.isspace():
                    continue
                try:
                    record = from_dict(_parse(_decoded(raw)), cls)
                except ValidationError as exc:
                    problems.extend(
                        Problem(f"{name}:{number}: {p.path}", p.message) for p in exc.problems
                    )
                    if number == 1 and "UTF-16" in exc.message:
                        break  # the whole file is in another encoding
                    if len(problems) >= MAX_PROBLEMS:
                        problems.append(
                            Problem(f"{name}:{number}", f"stopped after {len(problems)} problems")
                        )
                        break
                    continue
                if not problems:
                    ready.append((number, record))
                    if len(ready) >= _BATCH:
                        if collecting:
                            gc.enable()
                        yield from ready
                        ready.clear()
                        gc.disable()
        finally:
            if collecting:
                gc.enable()
    yield from ready
    if problems:
        raise ValidationError.from_problems(problems)


#: Records read with the garbage collector paused before they are handed out.
_BATCH = 1024


def _too_long(name: str, number: int, limit: int) -> Problem:
    return Problem(
        f"{name}:{number}: $", f"the record is longer than {limit:,} bytes (the document limit)"
    )

"""Kemendagri region lists: one edition of the code list, loaded and queried.

The list is re-issued by decree and codes and names change between editions, so a
:class:`RegionRegistry` always carries its ``edition``. It loads a ``code,name`` CSV
(dotted codes, one row per region) such as the lists in ``shared/data/regions``:

>>> import io
>>> reg = RegionRegistry.from_rows(
...     [("63", "Kalimantan Selatan"), ("63.71", "Kota Banjarmasin"),
...      ("63.71.01", "Banjarmasin Selatan"), ("63.71.01.1001", "Mantuil")],
...     edition="demo",
... )
>>> reg.name("63.71.01.1001")
'Mantuil'
>>> [str(c) for c in reg.children("63.71")]
['63.71.01']
>>> [r.name for r in reg.search("banjarmasin")]
['Kota Banjarmasin', 'Banjarmasin Selatan']

This module does file I/O (:meth:`RegionRegistry.from_csv`); the rest of the domain
core takes codes as values.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import os
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar, overload

import attrs

from desacoop._notebook import NotebookView
from desacoop.errors import InvalidRegionCode, Problem, ValidationError, shown
from desacoop.regions import LEVEL_DIGITS, Level, Region, RegionCode, level_digits, validate

__all__ = ["RegionDiff", "RegionRegistry", "Renaming", "normalize_name"]

_LEVEL_SIZES = frozenset(LEVEL_DIGITS.values())
_NON_WORD = re.compile(r"[^0-9a-z]+")
_T = TypeVar("_T")

#: Header names of the two columns :meth:`RegionRegistry.from_csv` uses, compared ignoring
#: case and surrounding blanks; other columns are ignored.
_CODE_HEADERS = ("code", "kode")
_NAME_HEADERS = ("name", "nama")

#: The largest region list :meth:`RegionRegistry.from_csv` reads, in bytes (the 2025
#: national list of 91,599 regions is about 3 MB).
_MAX_CSV_BYTES = 64_000_000

#: At most this many problems are listed in one error (then a count of the rest).
_MAX_PROBLEMS = 50

#: Digit count of a code's parent, by the code's own digit count (from LEVEL_DIGITS).
_PARENT_DIGITS: dict[int, int] = dict(
    zip(list(LEVEL_DIGITS.values())[1:], list(LEVEL_DIGITS.values())[:-1], strict=True)
)


def _parent(compact: str) -> str | None:
    """The parent's compact code (``None`` for a province)."""
    size = _PARENT_DIGITS.get(len(compact))
    return None if size is None else compact[:size]


def _text(name: str, value: object) -> str:
    if not isinstance(value, str):
        raise ValidationError(f"{name} must be a text, not {shown(value)}", field=name)
    return value


def normalize_name(name: str) -> str:
    """Lower case, accents and punctuation dropped, blanks folded.

    >>> normalize_name("KAB. HULU  SUNGAI-SELATAN")
    'kab hulu sungai selatan'
    """
    folded = (
        unicodedata.normalize("NFKD", _text("name", name))
        .encode("ascii", "ignore")
        .decode()
        .lower()
    )
    return _NON_WORD.sub(" ", folded).strip()


@attrs.frozen
class Renaming:
    """A code whose name differs between two editions."""

    code: RegionCode
    old: str
    new: str


@attrs.frozen
class RegionDiff:
    """What changed between two editions of the list."""

    #: Codes only in the newer edition.
    added: tuple[RegionCode, ...]
    #: Codes only in the older edition.
    removed: tuple[RegionCode, ...]
    #: Codes in both editions whose names differ (compared exactly).
    renamed: tuple[Renaming, ...]


class RegionRegistry(NotebookView):
    """One edition of the Kemendagri code list, indexed for look-up.

    Codes are kept compact internally; :class:`~desacoop.regions.RegionCode` objects
    are built on demand, so loading the 91,599-row list stays fast.
    """

    __slots__ = ("_children", "_names", "_search_index", "edition")

    def __init__(self, names: dict[str, str], edition: str) -> None:
        """Index ``names`` (compact code to name, as :meth:`from_rows` builds it)."""
        if not isinstance(names, dict):
            raise ValidationError(f"names must be a dict of codes, not {shown(names)}")
        self.edition = _text("edition", edition)
        self._names = names
        children: dict[str, list[str]] = {}
        for code, name in names.items():
            if not isinstance(code, str) or len(code) not in _LEVEL_SIZES:
                raise ValidationError(f"not a compact region code: {shown(code)}")
            _text("name", name)
            parent = _parent(code)
            if parent is not None:
                children.setdefault(parent, []).append(code)
        self._children = children
        self._search_index: list[tuple[str, str]] | None = None

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[str, str]], *, edition: str) -> RegionRegistry:
        """Build a registry from ``(code, name)`` pairs, checking every code.

        Raises :class:`~desacoop.errors.ValidationError` listing each bad row
        (row numbers count from 1, after any header).
        """
        if isinstance(rows, str | bytes) or not isinstance(rows, Iterable):
            raise ValidationError(f"rows must be (code, name) pairs, not {shown(rows)}")
        _text("edition", edition)
        return cls._build(list(rows), edition, lambda index: f"row {index + 1}")

    @classmethod
    def _build(
        cls, rows: list[object], edition: str, where: Callable[[int], str]
    ) -> RegionRegistry:
        """The registry of ``(code, name)`` rows; every bad row is one problem, placed by
        ``where(index)`` (a row or a line number)."""
        names: dict[str, str] = {}
        problems: list[Problem] = []
        for index, row in enumerate(rows):
            if (
                not isinstance(row, tuple | list)
                or len(row) != 2
                or not isinstance(row[0], str)
                or not isinstance(row[1], str)
            ):
                problems.append(Problem(where(index), f"expected code,name, got {shown(row)}"))
                continue
            code, name = row
            try:
                compact = validate(code)
            except InvalidRegionCode as exc:
                problems.append(Problem(where(index), str(exc)))
                continue
            if compact in names:
                first = where(_first(rows, compact))
                problems.append(
                    Problem(where(index), f"code {code} appears twice (first at {first})")
                )
            elif not name.strip():
                problems.append(Problem(where(index), f"code {code} has no name"))
            names[compact] = name.strip()
            if len(problems) > _MAX_PROBLEMS:
                break
        for compact in names:
            parent = _parent(compact)
            if parent is not None and parent not in names:
                problems.append(
                    Problem(str(RegionCode(compact)), "its parent region is not in the list")
                )
        if problems:
            listed = problems[:_MAX_PROBLEMS]
            if len(problems) > _MAX_PROBLEMS:
                listed.append(Problem("...", "more problems not listed"))
            raise ValidationError.from_problems(listed)
        return cls(names, edition)

    @classmethod
    def from_csv(
        cls, path: str | os.PathLike[str], *, edition: str, encoding: str = "utf-8"
    ) -> RegionRegistry:
        r"""Load a CSV region list (header row required) as edition ``edition``.

        Columns used: the header names the code column ``code`` or ``kode`` and the name
        column ``name`` or ``nama`` (ignoring case and surrounding blanks, in any
        position); every other column is ignored, and blank rows are skipped.

        The file is read as ``encoding`` (UTF-8 by default, with or without the byte
        order mark Excel writes). A file in another encoding, such as the Windows-1252
        Excel saves by default, is a :class:`~desacoop.errors.ValidationError` naming the
        first line that cannot be read and the encoding to try; pass it as
        ``encoding="cp1252"``. A missing or unreadable file, a field longer than the
        :mod:`csv` limit (131,072 characters) and every bad row are
        :class:`~desacoop.errors.ValidationError` s too, with line numbers as an editor
        shows them (the header is line 1).

        >>> import pathlib, tempfile
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "excel.csv"
        >>> _ = path.write_bytes(" Kode ,Nama,Tahun\r\n63,Kalimantan Selatan,2025\r\n"
        ...                      "63.01,Kab. Tanah Laut \u2013 Pelaihari,2025\r\n".encode("cp1252"))
        >>> RegionRegistry.from_csv(path, edition="2025")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        desacoop.errors.ValidationError: ...excel.csv': line 3 is not utf-8 text (byte 0x96); ...
        >>> RegionRegistry.from_csv(path, edition="2025", encoding="cp1252").name("63.01")
        'Kab. Tanah Laut – Pelaihari'
        """
        if not isinstance(path, str | os.PathLike) or not str(path).strip():
            raise ValidationError(f"path must be a file name, not {shown(path)}", field="path")
        _text("edition", edition)
        codec = _codec(encoding)
        label = _file_label(path)
        from desacoop.serialization import read_bytes

        try:  # a regular file only: a pipe or a device is refused, not waited on
            data = read_bytes(path, _MAX_CSV_BYTES)
        except ValidationError as exc:
            reason = (exc.problems[0].message if exc.problems else exc.message).rpartition(
                f"{path}: "
            )[2]
            raise ValidationError(
                f"cannot read the region list {label}: {reason}", field="path"
            ) from None
        text = _decode(data, codec, encoding, label)
        reader = csv.reader(io.StringIO(text, newline=""))
        rows: list[object] = []
        lines: list[int] = []  # where each row starts (a quoted name may span lines)
        start = 1
        try:
            header = next(reader, None)
            if header is None:
                raise ValidationError(f"{label}: the file is empty; expected a header 'code,name'")
            code_at, name_at = _columns(header, label)
            widest = max(code_at, name_at)
            start = reader.line_num + 1
            for record in reader:
                if len(record) > widest:
                    code = record[code_at]
                    if (code and not code.isspace()) or "".join(record).strip():
                        lines.append(start)
                        rows.append((code, record[name_at]))
                elif record and "".join(record).strip():  # too few cells; blank rows skipped
                    lines.append(start)
                    rows.append(tuple(record))
                start = reader.line_num + 1
        except csv.Error as exc:
            reason = str(exc)
            if "field larger than field limit" in reason:
                reason = (
                    f"a field is longer than {csv.field_size_limit():,} characters "
                    "(not a region list?)"
                )
            raise ValidationError(
                f"cannot read the region list {label}: line {start}: {reason}"
            ) from None
        return cls._build(rows, edition, lambda index: f"line {lines[index]}")

    # -- look-up --------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._names)

    def __contains__(self, code: object) -> bool:
        try:
            return _key(code) in self._names
        except ValidationError:
            return False

    def __iter__(self) -> Iterator[Region]:
        for compact, name in self._names.items():
            yield Region(RegionCode(compact), name)

    def __repr__(self) -> str:
        return f"<RegionRegistry edition={self.edition!r} regions={len(self)}>"

    def __getitem__(self, code: RegionCode | str) -> Region:
        """``registry[code]``: the region; :class:`ValidationError` if the edition lacks it."""
        key = _key(code)
        try:
            return Region(RegionCode(key), self._names[key])
        except KeyError:
            raise ValidationError(f"{RegionCode(key)} is not in the {self.edition} list") from None

    @overload
    def get(self, code: RegionCode | str) -> Region | None: ...

    @overload
    def get(self, code: RegionCode | str, default: _T) -> Region | _T: ...

    def get(self, code: RegionCode | str, default: object = None) -> object:
        """The region with this code, or ``default`` (``None``) if the edition lacks it.

        As ``Mapping.get``: an absent code gives ``default``; a malformed code is still a
        :class:`ValidationError`, as an unhashable key is an error for a ``dict`` (use
        ``code in registry`` to ask about any value).

        >>> reg = RegionRegistry.from_rows([("63", "Kalimantan Selatan")], edition="demo")
        >>> reg.get("63").name, reg.get("64"), reg.get("64", "?")
        ('Kalimantan Selatan', None, '?')
        """
        key = _key(code)
        return Region(RegionCode(key), self._names[key]) if key in self._names else default

    def name(self, code: RegionCode | str) -> str:
        """The region's name in this edition."""
        return self[code].name

    def children(self, code: RegionCode | str) -> tuple[RegionCode, ...]:
        """The regions directly below ``code``, in code order."""
        key = self[code].code.compact
        return tuple(RegionCode(c) for c in sorted(self._children.get(key, ())))

    def descendants(
        self, code: RegionCode | str, level: Level | None = None
    ) -> tuple[RegionCode, ...]:
        """Every region below ``code`` (only those at ``level`` when given), in code order."""
        key = self[code].code.compact
        size = None if level is None else level_digits(level)
        found: list[RegionCode] = []
        # Depth first through the children index, children in code order: the walk visits
        # the subtree in code order, and only the subtree.
        stack = sorted(self._children.get(key, ()), reverse=True)
        while stack:
            current = stack.pop()
            if size is None or len(current) == size:
                found.append(RegionCode(current))
            if size is None or len(current) < size:
                stack.extend(sorted(self._children.get(current, ()), reverse=True))
        return tuple(found)

    def ancestors(self, code: RegionCode | str) -> tuple[Region, ...]:
        """The enclosing regions, province first, as named in this edition."""
        region = self[code]
        return tuple(self[a] for a in region.code.ancestors())

    def count(self, level: Level) -> int:
        """How many regions of this level the edition lists."""
        size = level_digits(level)
        return sum(1 for c in self._names if len(c) == size)

    def search(self, text: str, *, level: Level | None = None) -> tuple[Region, ...]:
        """Regions whose name contains ``text``, ignoring case, accents and punctuation."""
        needle = normalize_name(_text("text", text))
        if level is not None:
            level_digits(level)
        if not needle:
            return ()
        if self._search_index is None:
            self._search_index = [(normalize_name(n), c) for c, n in self._names.items()]
        found = [
            c
            for normalized, c in self._search_index
            if needle in normalized and (level is None or RegionCode(c).level is level)
        ]
        return tuple(Region(RegionCode(c), self._names[c]) for c in sorted(found))

    # -- editions -------------------------------------------------------------

    def diff(self, other: RegionRegistry) -> RegionDiff:
        """What changed from this edition to ``other`` (the newer one)."""
        if not isinstance(other, RegionRegistry):
            raise ValidationError(f"other must be a RegionRegistry, not {shown(other)}")
        old, new = self._names, other._names
        return RegionDiff(
            added=tuple(RegionCode(c) for c in sorted(new.keys() - old.keys())),
            removed=tuple(RegionCode(c) for c in sorted(old.keys() - new.keys())),
            renamed=tuple(
                Renaming(RegionCode(c), old[c], new[c])
                for c in sorted(old.keys() & new.keys())
                if old[c] != new[c]
            ),
        )


def _key(code: object) -> str:
    return code.compact if isinstance(code, RegionCode) else validate(code)


def _first(rows: list[object], compact: str) -> int:
    """The index of the first row with this code (only asked when a code repeats)."""
    for index, row in enumerate(rows):
        if isinstance(row, tuple | list) and len(row) == 2:
            with contextlib.suppress(ValidationError):
                if validate(row[0]) == compact:
                    return index
    return -1  # pragma: no cover - a repeated code has a first row


def _file_label(path: str | os.PathLike[str]) -> str:
    """The file's name for a message: quoted, its end kept when it is long."""
    text = str(path)
    return repr(text if len(text) <= 120 else "..." + text[-117:])


def _codec(encoding: object) -> str:
    """The codec name of a text encoding given by the caller."""
    if not isinstance(encoding, str):
        raise ValidationError(
            f"encoding must be a text such as 'cp1252', not {shown(encoding)}", field="encoding"
        )
    try:
        info = codecs.lookup(encoding)
    except (LookupError, ValueError):
        info = None
    if info is None or not getattr(info, "_is_text_encoding", True):
        raise ValidationError(
            f"unknown text encoding {shown(encoding)} (e.g. 'utf-8' or 'cp1252')",
            field="encoding",
        )
    # A UTF-8 list may start with the byte order mark Excel writes: read it as one.
    return "utf-8-sig" if info.name == "utf-8" else info.name


def _decode(data: bytes, codec: str, encoding: str, label: str) -> str:
    """The file's text; a byte that is not ``encoding`` is an error naming its line."""
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        byte = data[exc.start : exc.start + 1]
        hint = "pass the file's encoding, e.g. encoding='cp1252'"
        if codec == "utf-8-sig":
            try:
                data.decode("cp1252")
            except UnicodeDecodeError:
                pass
            else:
                hint = (
                    "it looks like Windows-1252, as Excel saves CSV files: "
                    "pass encoding='cp1252' (or save it as 'CSV UTF-8')"
                )
        raise ValidationError(
            f"cannot read the region list {label}: line {line} is not {encoding} text "
            f"(byte 0x{byte.hex()}); {hint}",
            field="encoding",
        ) from None
    except UnicodeError as exc:  # pragma: no cover - decoders raise UnicodeDecodeError
        raise ValidationError(f"cannot read the region list {label}: {exc}") from None


def _columns(header: list[str], label: str) -> tuple[int, int]:
    """Positions of the code and name columns in the header row."""
    names = [h.strip().lstrip("\ufeff").strip().lower() for h in header]
    found: list[int] = []
    for accepted, what in ((_CODE_HEADERS, "code"), (_NAME_HEADERS, "name")):
        at = [i for i, n in enumerate(names) if n in accepted]
        if len(at) != 1:
            problem = "no" if not at else "more than one"
            raise ValidationError(
                f"{label}: the first row must be a header naming the columns 'code,name' "
                f"(or 'kode,nama'); it has {problem} {what} column: {shown(','.join(header))}"
            )
        found.append(at[0])
    return found[0], found[1]

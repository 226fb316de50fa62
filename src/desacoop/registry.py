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

import csv
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path

import attrs

from desacoop.errors import InvalidRegionCode, Problem, ValidationError, shown
from desacoop.regions import LEVEL_DIGITS, Level, Region, RegionCode, level_digits, validate

__all__ = ["RegionDiff", "RegionRegistry", "Renaming", "normalize_name"]

_LEVEL_SIZES = frozenset(LEVEL_DIGITS.values())
_NON_WORD = re.compile(r"[^0-9a-z]+")

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


class RegionRegistry:
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
        names: dict[str, str] = {}
        problems: list[Problem] = []
        for number, row in enumerate(rows, start=1):
            if (
                not isinstance(row, tuple | list)
                or len(row) != 2
                or not all(isinstance(part, str) for part in row)
            ):
                problems.append(Problem(f"row {number}", f"expected code,name, got {shown(row)}"))
                continue
            code, name = row
            try:
                compact = validate(code)
            except InvalidRegionCode as exc:
                problems.append(Problem(f"row {number}", str(exc)))
                continue
            if compact in names:
                problems.append(Problem(f"row {number}", f"code {code} appears twice"))
            elif not name.strip():
                problems.append(Problem(f"row {number}", f"code {code} has no name"))
            names[compact] = name.strip()
        for compact in names:
            parent = _parent(compact)
            if parent is not None and parent not in names:
                problems.append(
                    Problem(str(RegionCode(compact)), "its parent region is not in the list")
                )
        if problems:
            raise ValidationError.from_problems(problems[:50])
        return cls(names, edition)

    @classmethod
    def from_csv(cls, path: str | os.PathLike[str], *, edition: str) -> RegionRegistry:
        """Load a ``code,name`` CSV (header row required) as edition ``edition``.

        A file that cannot be read (missing, a directory, not UTF-8) is a
        :class:`~desacoop.errors.ValidationError` naming the file.
        """
        if not isinstance(path, str | os.PathLike) or not str(path).strip():
            raise ValidationError(f"path must be a file name, not {shown(path)}", field="path")
        try:
            with Path(path).open(encoding="utf-8", newline="") as handle:
                reader = csv.reader(handle)
                header = next(reader, None)
                if header is None or [h.strip().lower() for h in header] != ["code", "name"]:
                    raise ValidationError(
                        f"{shown(str(path))}: the first row must be the header 'code,name'"
                    )
                return cls.from_rows((tuple(row) for row in reader), edition=edition)  # type: ignore[misc]
        except (OSError, UnicodeDecodeError, ValueError, csv.Error) as exc:
            if isinstance(exc, ValidationError):
                raise
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            raise ValidationError(
                f"cannot read the region list {shown(str(path))}: {shown(reason)}", field="path"
            ) from None

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

    def get(self, code: RegionCode | str) -> Region | None:
        """The region with this code, or ``None`` if the edition lacks it.

        A malformed code is still a :class:`ValidationError` (use ``code in registry`` to
        ask about any value).
        """
        key = _key(code)
        return Region(RegionCode(key), self._names[key]) if key in self._names else None

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

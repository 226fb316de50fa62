"""Building blocks shared by every area: texts, keys, dates, durations, amounts, problems."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any, TypeVar

import attrs
from dateutil.relativedelta import relativedelta
from hypothesis import strategies as st

from desacoop._checks import blank
from desacoop.errors import Problem

__all__ = [
    "STRATEGIES",
    "amounts",
    "dates",
    "durations",
    "identifiers",
    "inside",
    "problems",
    "rupiah_amounts",
    "texts",
]

T = TypeVar("T")


def texts(max_size: int = 40) -> st.SearchStrategy[str]:
    """Non-blank texts without surrogates (anything a JSON file can hold): blank as the
    models judge it (whitespace and byte-order marks, :func:`desacoop._checks.blank`)."""
    return st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=max_size).filter(
        lambda t: not blank(t)
    )


def identifiers() -> st.SearchStrategy[str]:
    """Short lower-case keys such as ``kalsel``."""
    return st.from_regex(r"[a-z0-9][a-z0-9._-]{0,11}", fullmatch=True)


def dates(
    min_value: dt.date = dt.date(2000, 1, 1), max_value: dt.date = dt.date(2040, 12, 31)
) -> st.SearchStrategy[dt.date]:
    """Dates in a plausible range for agreements."""
    return st.dates(min_value=min_value, max_value=max_value)


def durations() -> st.SearchStrategy[relativedelta]:
    """Positive durations in whole years, months and days."""
    return st.builds(
        relativedelta,
        years=st.integers(0, 10),
        months=st.integers(0, 11),
        days=st.integers(0, 30),
    ).filter(lambda d: bool(d.years or d.months or d.days))


def amounts(max_value: int = 10_000) -> st.SearchStrategy[Decimal]:
    """Whole non-negative amounts up to ``max_value``."""
    return st.integers(0, max_value).map(Decimal)


def rupiah_amounts() -> st.SearchStrategy[Decimal]:
    """Amounts of rupiah: whole, or with sen."""
    return st.integers(0, 10**13).map(Decimal) | st.integers(0, 10**12).map(
        lambda n: Decimal(n).scaleb(-2)
    )


def _walk(obj: object) -> Iterator[object]:
    """Every attrs instance inside ``obj`` (itself included), depth first."""
    cls = type(obj)
    if isinstance(obj, tuple):
        for item in obj:
            yield from _walk(item)
    elif attrs.has(cls):
        yield obj
        for field in attrs.fields(cls):
            yield from _walk(getattr(obj, field.name))


def inside(parent: st.SearchStrategy[Any], cls: type[T]) -> st.SearchStrategy[T]:
    """Instances of ``cls`` found inside objects drawn from ``parent`` (for the parts of a
    document that are only valid where their parent puts them)."""

    def found(obj: object) -> list[T]:
        return [x for x in _walk(obj) if isinstance(x, cls) and type(x) is cls]

    return parent.map(found).filter(bool).flatmap(st.sampled_from)


def problems() -> st.SearchStrategy[Problem]:
    """Problems as a validation reports them: a path and a message."""
    return st.builds(Problem, path=texts(), message=texts())


#: A strategy for every public class of the area (the catalogue's entries).
STRATEGIES: dict[type, Callable[[], st.SearchStrategy[Any]]] = {Problem: problems}

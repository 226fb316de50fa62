"""The one exception family of desacoop.

Every problem with input, whether a malformed region code, a date that contradicts its
weekday, a broken invariant of the model or a bad JSON document, is raised as
:class:`ValidationError` or one of its subclasses. It is a :class:`ValueError`, so code
that already catches ``ValueError`` keeps working.

A :class:`ValidationError` may carry several :class:`Problem` s, each with the JSON path
of the value it is about:

>>> err = ValidationError.from_problems(
...     [Problem("$.parties[1].province", "not a province code: '64x'")]
... )
>>> print(err)
1 problem:
  $.parties[1].province: not a province code: '64x'
>>> err.problems[0].path
'$.parties[1].province'
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

__all__ = [
    "InvalidDate",
    "InvalidRegionCode",
    "Problem",
    "ValidationError",
]


@attrs.frozen
class Problem:
    """One problem found in the input: where (a JSON path) and what."""

    #: JSON path of the offending value, e.g. ``$.parties[1].province``.
    path: str
    #: What is wrong, in words a civil servant understands.
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class ValidationError(ValueError):
    """Bad input: a value, an invariant or a document that desacoop cannot accept.

    ``field`` optionally names where, below the object being validated, the problem
    sits (``"signatories[2].party"``); the serializer joins it to the document path.
    ``problems`` holds every problem when several were collected at once.
    """

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        problems: Iterable[Problem] = (),
    ) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.problems: tuple[Problem, ...] = tuple(problems)

    @classmethod
    def from_problems(cls, problems: Iterable[Problem]) -> ValidationError:
        """One error listing every problem, one per line."""
        problems = tuple(problems)
        noun = "problem" if len(problems) == 1 else "problems"
        lines = [f"{len(problems)} {noun}:"] + [f"  {p}" for p in problems]
        return cls("\n".join(lines), problems=problems)

    def __str__(self) -> str:
        return self.message


class InvalidRegionCode(ValidationError):
    """A text that is not a Kemendagri region code (``PP.KK.CC.VVVV``)."""


class InvalidDate(ValidationError):
    """A date that cannot be read, is incomplete, or contradicts its weekday."""

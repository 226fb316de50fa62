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
    "MAX_PROBLEMS",
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


#: The most problems one error lists; past it, a last problem says how many more there were.
MAX_PROBLEMS = 100


class ValidationError(ValueError):
    """Bad input: a value, an invariant or a document that desacoop cannot accept.

    ``field`` optionally names where, below the object being validated, the problem
    sits (``"signatories[2].party"``); the serializer joins it to the document path.
    ``problems`` holds every problem when several were collected at once, and is never
    empty: an error raised with a message alone holds that message as its one problem, at
    ``field`` below ``$`` (or at ``$``), so code that reports ``err.problems`` never
    answers "invalid" with nothing to show:

    >>> ValidationError("no such date: '2023-02-30'").problems
    (Problem(path='$', message="no such date: '2023-02-30'"),)
    >>> ValidationError("on must be a date, not 1", field="on").problems[0].path
    '$.on'
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
        found = tuple(problems)
        self.problems: tuple[Problem, ...] = found or (Problem(path_of(field), message),)

    @classmethod
    def from_problems(cls, problems: Iterable[Problem]) -> ValidationError:
        """One error listing every problem, one per line: at most :data:`MAX_PROBLEMS`,
        then one that says how many more there were (``… and 12 more problems``)."""
        problems = tuple(problems)
        if len(problems) > MAX_PROBLEMS + 1:
            rest = len(problems) - MAX_PROBLEMS
            problems = (*problems[:MAX_PROBLEMS], Problem("…", f"and {rest:,} more problems"))
        noun = "problem" if len(problems) == 1 else "problems"
        lines = [f"{len(problems)} {noun}:"] + [f"  {p}" for p in problems]
        return cls("\n".join(lines), problems=problems)

    def __str__(self) -> str:
        return self.message


def path_of(field: str | None) -> str:
    """The JSON path of ``field`` below the object validated (``$`` itself for ``None``).

    >>> path_of(None), path_of("signatories[2].party"), path_of("[3]"), path_of("$.on")
    ('$', '$.signatories[2].party', '$[3]', '$.on')
    """
    if not field or field == "$":
        return "$"
    if field.startswith("$"):
        return field
    return f"${field}" if field.startswith(("[", ".")) else f"$.{field}"


def shown(value: object, limit: int = 60) -> str:
    """A bounded, safe ``repr`` of a bad value for an error message.

    Never raises (a huge integer, a deep list or a failing ``__repr__`` are described,
    not printed) and never longer than about ``limit`` characters.

    >>> shown("13/4/2022")
    "'13/4/2022'"
    >>> shown("x" * 100)
    "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx... (102 characters)"
    >>> shown(10**5000)
    'an integer of about 5001 digits'
    """
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 200:
        return f"an integer of about {int(value.bit_length() * 0.30103) + 1} digits"
    try:
        text = repr(value)
    except Exception:  # a broken __repr__, a recursion: describe instead
        return f"a {type(value).__name__}"
    if len(text) > limit:
        return f"{text[:limit]}... ({len(text)} characters)"
    return text


class InvalidRegionCode(ValidationError):
    """A text that is not a Kemendagri region code (``PP.KK.CC.VVVV``)."""


class InvalidDate(ValidationError):
    """A date that cannot be read, is incomplete, or contradicts its weekday."""

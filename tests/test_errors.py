"""The exception family's promises: ``ValidationError.problems`` is never empty."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from desacoop import RegionCode, ValidationError, from_dict, parse_date
from desacoop.agreement import Signing
from desacoop.errors import InvalidDate, InvalidRegionCode, Problem, path_of


@pytest.mark.parametrize(
    ("call", "path", "words"),
    [
        (lambda: parse_date("2023-02-30"), "$", "no such date"),
        (lambda: RegionCode.parse("64x"), "$", "not a region code"),
        (lambda: Signing("2025-08-14"), "$.on", "on must be a date"),  # type: ignore[arg-type]
    ],
    ids=["parse_date", "RegionCode.parse", "Signing"],
)
def test_an_error_raised_with_a_message_alone_lists_it_as_its_problem(
    call: Callable[[], object], path: str, words: str
) -> None:
    """A web service answering ``{"valid": false, "problems": err.problems}`` had
    ``problems == []`` for these three (issue 21, point 16)."""
    with pytest.raises(ValidationError) as caught:
        call()
    assert len(caught.value.problems) == 1
    problem = caught.value.problems[0]
    assert problem.path == path
    assert words in problem.message
    assert problem.message == caught.value.message


@pytest.mark.parametrize("cls", [ValidationError, InvalidDate, InvalidRegionCode])
def test_the_mechanism_holds_for_every_member_of_the_family(cls: type[ValidationError]) -> None:
    assert cls("bad").problems == (Problem("$", "bad"),)
    assert cls("bad", field="parties[1].province").problems == (
        Problem("$.parties[1].province", "bad"),
    )
    given = (Problem("$.a", "one"), Problem("$.b", "two"))
    assert cls("2 problems", problems=given).problems == given


@pytest.mark.parametrize(
    ("field", "path"),
    [(None, "$"), ("", "$"), ("$", "$"), ("on", "$.on"), ("[2]", "$[2]"), ("$.a[1]", "$.a[1]")],
)
def test_path_of(field: str | None, path: str) -> None:
    assert path_of(field) == path


def test_a_field_error_inside_a_document_keeps_its_document_path() -> None:
    """Nothing moves for the serializer: a message-only error raised by a class inside a
    document is still reported at that class's path plus its field, once."""
    data = {
        "document": "Agreement",
        "format": "desacoop/1",
        "id": "x",
        "title": "x",
        "parties": [],
        "signing": {"on": "2022-13-45"},
    }
    with pytest.raises(ValidationError) as caught:
        from_dict(data)
    paths = [p.path for p in caught.value.problems]
    assert any(p.startswith("$.signing.on") for p in paths), paths
    assert len(paths) == len(set(paths))

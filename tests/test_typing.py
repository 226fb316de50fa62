"""What a type checker sees (issue 11): precise constructor types and solved return types.

Runs mypy on small snippets, so it is marked slow (CI runs it)."""

from __future__ import annotations

from pathlib import Path

import pytest

from .utils import need

mypy_api = need("mypy.api")

pytestmark = pytest.mark.slow

SNIPPET = """
import desacoop
from desacoop.agreement import Agreement
from desacoop.serialization import from_dict, load


reveal_type(desacoop.from_json("{}"))
reveal_type(desacoop.from_json("{}", Agreement))
reveal_type(from_dict({}, Agreement))
reveal_type(load("x.json", Agreement))
Agreement(id="x", title="t", parties=42)
"""


def test_readers_solve_their_return_type_and_constructors_refuse_a_number_for_a_tuple(
    tmp_path: Path,
) -> None:
    source = tmp_path / "snippet.py"
    source.write_text(SNIPPET, encoding="utf-8")
    out, _, _ = mypy_api.run(
        ["--strict", "--no-incremental", "--cache-dir", str(tmp_path / "cache"), str(source)]
    )
    revealed = [
        line.split("Revealed type is ")[1] for line in out.splitlines() if "Revealed" in line
    ]
    assert revealed == [
        '"Any"',
        '"desacoop.agreement.Agreement"',
        '"desacoop.agreement.Agreement"',
        '"desacoop.agreement.Agreement"',
    ]
    assert 'Argument "parties" to "Agreement" has incompatible type "int"' in out

"""Tests the mutation run over ``evaluation/bulk.py`` asked for (``mutmut``, see
benchmarks/README.md, "Mutation testing"): each case is a mutant that survived test_idm,
test_idm_fast, test_evaluation_layers and test_mutation_survivors, written as a rule.

The bulk paths choose between whole-list shortcuts and a checked fallback; the cases below
are the inputs where a wrong choice changes the answer: a bad code among codes all of one
shape, a non-int sum in a large block, a caller's decimal context, field widths at a byte
boundary.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from decimal import Decimal, localcontext
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desacoop import idm
from desacoop.errors import ValidationError
from desacoop.evaluation import DevelopmentStatus
from desacoop.evaluation.bulk import evaluate_columns, evaluate_sums, summarise_sums
from desacoop.regions import Level

D = Decimal
ZERO = [0]


def _summary(**changes: Any) -> object:
    arguments: dict[str, Any] = {
        "villages": ["63.71.01.1001"],
        "social": ZERO,
        "economic": ZERO,
        "ecological": ZERO,
        "year": 2024,
    }
    arguments.update(changes)
    return summarise_sums(**arguments)


@pytest.mark.parametrize(
    ("call", "field", "shown"),
    [
        (lambda: evaluate_columns(iks="0.5", ike=[0], ikl=[0]), "iks", "'0.5'"),
        (lambda: evaluate_columns(iks=5, ike=[0], ikl=[0]), "iks", "5"),  # type: ignore[arg-type]
        (
            lambda: evaluate_sums(social=ZERO, economic=ZERO, ecological=ZERO, sizes=(35, 12)),  # type: ignore[arg-type]
            "sizes",
            "(35, 12)",
        ),
        (lambda: _summary(thresholds="idm"), "thresholds", "'idm'"),
        (
            lambda: _summary(
                villages=["63.71.01.1001", "x63"], social=[0, 0], economic=[0, 0], ecological=[0, 0]
            ),
            "villages[1]",
            "'x63'",
        ),
        (lambda: evaluate_sums(social=[2.5], economic=ZERO, ecological=ZERO), "social[0]", "2.5"),  # type: ignore[list-item]
    ],
)
def test_bulk_errors_name_the_field_and_show_the_value(
    call: Callable[[], object], field: str, shown: str
) -> None:
    with pytest.raises(ValidationError) as info:
        call()
    assert info.value.field == field
    assert shown in info.value.message


def test_columns_of_decimals_beside_columns_of_floats() -> None:
    # iks as plain Decimals (taken as they are), ike and ikl as floats (read through their
    # repr): (0.5 + 0.8 + 0.8) / 3 = 0.7, Maju.
    columns = evaluate_columns(iks=[D("0.5")], ike=[0.8], ikl=[0.8])
    result = idm.evaluate(iks=D("0.5"), ike=D("0.8"), ikl=D("0.8"))
    assert (columns["exact"], columns["status"]) == ([result.exact], [result.status])


def test_empty_columns_of_a_large_block() -> None:
    # A block over 20,000 indicators is indexed from the sums given: none here.
    columns = evaluate_sums(social=[], economic=[], ecological=[], sizes=(30_000, 1, 1))
    assert columns == {
        "exact": [],
        "value": [],
        "status": [],
        "next_status": [],
        "minimum_for_next": [],
        "gap": [],
    }


@pytest.mark.parametrize("sizes", [(30_000, 12, 3), (35, 12, 3)])
def test_bulk_figures_ignore_the_callers_decimal_context(sizes: tuple[int, int, int]) -> None:
    # 1 / 150,000 = 0.0000066666... (28 digits): a 3-digit context must not round it.
    sums = {"social": [1, 7], "economic": [0, 5], "ecological": [3, 2]}
    expected = evaluate_sums(**sums, sizes=sizes)
    with localcontext() as context:
        context.prec = 3
        assert evaluate_sums(**sums, sizes=sizes) == expected


@pytest.mark.parametrize(
    "villages",
    [
        ["63.71.01.1101", "63.71.01.4101"],
        ["63.71.01.1201", "63.71.01.0201"],
        ["6371011101", "6371014101"],
        ["6371011301", "6371010301"],
    ],
)
def test_a_bad_village_part_among_codes_of_one_shape_is_refused(villages: list[str]) -> None:
    # All dotted or all compact (the one-pass shape check): the village part's first digit
    # (4 or 0) is refused, whatever the digit after it (1-3 in every code here, so that
    # no other digit can stand in for the first).
    with pytest.raises(ValidationError, match="is not a village code") as info:
        summarise_sums(villages, [0, 0], [0, 0], [0, 0], year=2024)
    assert info.value.field == "villages[1]"


def test_village_codes_given_as_numbers_are_refused() -> None:
    with pytest.raises(ValidationError, match="is not a village code") as info:
        summarise_sums([6371011001], ZERO, ZERO, ZERO, year=2024)  # type: ignore[list-item]
    assert info.value.field == "villages[0]"


@pytest.mark.parametrize("bad", [3.0, True, D(3)])
def test_a_sum_that_is_not_an_int_is_refused_in_a_large_block(bad: object) -> None:
    # Blocks of 60 indicators (sums up to 300, beyond one byte): 3.0, True or Decimal 3 is
    # not a whole number of points, even within range.
    with pytest.raises(ValidationError) as info:
        evaluate_sums(social=[bad, 0], economic=[0, 0], ecological=[0, 0], sizes=(60, 12, 3))  # type: ignore[list-item]
    assert info.value.field == "social[0]"


def test_dotted_codes_counted_by_regency_on_the_per_village_path() -> None:
    # Blocks of 60, 30 and 30 (a rank table of 301 x 151 x 151 cells, over 2 M): each
    # village's numerator is computed. Full marks is Mandiri, nothing Sangat Tertinggal.
    summaries = summarise_sums(
        ["63.71.01.1001", "63.72.01.1001", "63.72.01.1002"],
        [300, 0, 300],
        [150, 0, 150],
        [150, 0, 150],
        year=2024,
        level=Level.REGENCY,
        sizes=(60, 30, 30),
    )
    assert [(str(s.region), s.total) for s in summaries] == [("63.71", 1), ("63.72", 2)]
    mandiri, lowest = DevelopmentStatus.MANDIRI, DevelopmentStatus.SANGAT_TERTINGGAL
    assert [(s.count(mandiri), s.count(lowest)) for s in summaries] == [(1, 0), (1, 1)]


def _sums_for(sizes: tuple[int, int, int]) -> st.SearchStrategy[list[tuple[int, int, int]]]:
    row = st.tuples(*(st.integers(0, 5 * n) for n in sizes))
    return st.lists(row, min_size=1, max_size=40)


@pytest.mark.parametrize(
    "sizes",
    [
        # 15 x lcm = 180: 8 bits, one byte a field is too narrow for the sign bit.
        (3, 4, 1),
        # 15 x lcm(45, 49, 2) = 15 x 4410 = 66,150: 17 bits, three bytes a field.
        (45, 49, 2),
        (35, 12, 3),
    ],
)
def test_summarise_sums_counts_what_evaluate_sums_classifies(sizes: tuple[int, int, int]) -> None:
    @settings(max_examples=40, deadline=None)
    @given(_sums_for(sizes))
    def check(rows: list[tuple[int, int, int]]) -> None:
        social, economic, ecological = (list(column) for column in zip(*rows, strict=True))
        villages = [f"63.71.01.{1001 + k}" for k in range(len(rows))]
        (summary,) = summarise_sums(villages, social, economic, ecological, year=2024, sizes=sizes)
        statuses = evaluate_sums(
            social=social, economic=economic, ecological=ecological, sizes=sizes
        )["status"]
        assert {c.status: c.count for c in summary.counts if c.count} == Counter(statuses)

    check()

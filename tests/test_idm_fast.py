"""The fast IDM paths give what the rules give, digit for digit.

``idm.evaluate`` (integer arithmetic, one rounding, unchecked construction of what it
computed), the columnar entry points ``evaluate_columns`` and ``evaluate_sums`` and the
bulk ``summarise_sums`` are compared with a reference written here from the rule alone
(exact fractions, DOMAIN.md section 3), on generated inputs and on the 574 published
Kemendes records. Equality is of the figures *and* of their written form (``str``), so a
result serialises as before.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable
from decimal import ROUND_HALF_EVEN, Context, Decimal, localcontext
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desacoop import idm
from desacoop.errors import ValidationError
from desacoop.evaluation import (
    DevelopmentStatus,
    Dimension,
    DimensionValue,
    EvaluationInputs,
    EvaluationResult,
    StatusThresholds,
    WeightedScheme,
)
from desacoop.evaluation.bulk import evaluate_columns, evaluate_sums, summarise_sums
from desacoop.regions import (
    Level,
    RegionCode,
)

from .utils import need, shared_file

D = Decimal
#: The rule's own context: 28 significant digits, half even (DOMAIN.md).
CONTEXT = Context(prec=28, rounding=ROUND_HALF_EVEN)
#: Minimum IDM of Tertinggal, Berkembang, Maju, Mandiri (upper bounds + 0.0001).
MINIMUMS = (D("0.4908"), D("0.5990"), D("0.7073"), D("0.8156"))
ORDER = list(DevelopmentStatus)
FIELDS = ("exact", "value", "status", "next_status", "minimum_for_next", "gap")


def reference(exact: Fraction) -> dict[str, Any]:
    """The result of an exact IDM score, from the rule alone."""
    whole = int(exact * 10_000 + Fraction(1, 2))  # half up at four decimals (exact >= 0)
    value = D(whole).scaleb(-4)
    rank = sum(1 for m in MINIMUMS if value >= m)
    exact_decimal = CONTEXT.divide(D(exact.numerator), D(exact.denominator))
    minimum = MINIMUMS[rank] if rank < 4 else None
    return {
        "exact": exact_decimal,
        "value": value,
        "status": ORDER[rank],
        "next_status": ORDER[rank + 1] if rank < 4 else None,
        "minimum_for_next": minimum,
        "gap": CONTEXT.subtract(minimum, value) if minimum is not None else None,
    }


def written(figures: dict[str, Any]) -> dict[str, str]:
    return {k: str(v) for k, v in figures.items()}


def fields(result: EvaluationResult) -> dict[str, Any]:
    return {name: getattr(result, name) for name in FIELDS}


def row(columns: Any, k: int) -> dict[str, Any]:
    return {name: columns[name][k] for name in FIELDS}


def assert_same(got: dict[str, Any], expected: dict[str, Any]) -> None:
    assert got == expected
    assert written(got) == written(expected)


indices = st.one_of(
    st.decimals(min_value=0, max_value=1, places=4),
    st.decimals(min_value=0, max_value=1, places=14),
    st.decimals(min_value=0, max_value=1, places=28),
    st.fractions(0, 1, max_denominator=10**6).map(
        lambda f: CONTEXT.divide(f.numerator, f.denominator)
    ),
    st.sampled_from([D(0), D(1), D("0.4907"), D("0.49075"), D("0.8155"), D("0.81555"), D("1.000")]),
)


def exact_mean(a: Decimal, b: Decimal, c: Decimal) -> Fraction:
    return (Fraction(a) + Fraction(b) + Fraction(c)) / 3


# --- one village --------------------------------------------------------------------------


@given(indices, indices, indices)
def test_evaluate_is_the_rule(a, b, c):
    result = idm.evaluate(iks=a, ike=b, ikl=c)
    assert_same(fields(result), reference(exact_mean(a, b, c)))
    assert [v.value for v in result.inputs.dimensions] == [a, b, c]
    assert [v.dimension for v in result.inputs.dimensions] == list(idm.DIMENSIONS)


@given(indices, indices, indices)
def test_evaluate_equals_the_scheme_path(a, b, c):
    """The inlined IDM path and the general weighted-scheme path agree (an equal copy of the
    scheme is not ``idm.SCHEME`` itself, so it takes the general path)."""
    copy = WeightedScheme(idm.SCHEME.method, idm.SCHEME.weights, idm.SCHEME.thresholds)
    fast, general = (
        idm.evaluate(iks=a, ike=b, ikl=c),
        idm.evaluate(iks=a, ike=b, ikl=c, scheme=copy),
    )
    assert fast == general
    assert written(fields(fast)) == written(fields(general))
    inputs = EvaluationInputs(
        tuple(DimensionValue(d, v) for d, v in zip(idm.DIMENSIONS, (a, b, c), strict=True))
    )
    assert idm.SCHEME.evaluate(inputs) == fast


@given(indices, indices, indices)
def test_evaluate_again_with_the_same_objects_is_the_rule(a, b, c):
    """The second call meets remembered indices and figures (the same Decimal objects):
    still the rule, and the inputs keep each index as written."""
    expected = reference(exact_mean(a, b, c))
    with pytest.MonkeyPatch.context() as patch:
        _fresh_memory(patch, admit=1)  # remembered at once, counted, then found
        for _ in range(3):
            result = idm.evaluate(iks=a, ike=b, ikl=c)
            assert_same(fields(result), expected)
            assert [str(v.value) for v in result.inputs.dimensions] == [str(a), str(b), str(c)]


def test_remembered_indices_never_stand_for_other_decimals(monkeypatch):
    _fresh_memory(monkeypatch, admit=1)
    # 0.5 and 0.50 are equal but written differently: each result keeps its own.
    half, half_written_long = D("0.5"), D("0.50")
    first = idm.evaluate(iks=half, ike=half, ikl=half)
    second = idm.evaluate(iks=half_written_long, ike=half_written_long, ikl=half)
    assert [str(v.value) for v in first.inputs.dimensions] == ["0.5", "0.5", "0.5"]
    assert [str(v.value) for v in second.inputs.dimensions] == ["0.50", "0.50", "0.5"]
    assert first == second  # equal Decimals, equal results
    assert repr(first) != repr(second)
    # An index with more than 28 decimals, evaluated twice beside remembered ones: its sum
    # is exact, never taken for remembered units (1E-900 counts as -1 unit of 10**-28 in
    # no table: were it, the figures of 0 + 7/15 + (13/15 - 1E-28) would be taken).
    tiny, low = D("1E-900"), D("0.4666666666666666666666666667")
    high, less = D("0.8666666666666666666666666667"), D("0.8666666666666666666666666666")
    for _ in range(2):
        idm.evaluate(iks=D(0), ike=low, ikl=less)  # counted, its figures kept
    for _ in range(3):
        result = idm.evaluate(iks=tiny, ike=low, ikl=high)
        assert_same(fields(result), reference(exact_mean(tiny, low, high)))
    # A float is read afresh every time (never remembered by its own identity).
    assert idm.evaluate(iks=0.5, ike=0.6, ikl=0.7) == idm.evaluate(
        iks=D("0.5"), ike=D("0.6"), ikl=D("0.7")
    )


def _fresh_memory(monkeypatch: Any, admit: int) -> Any:
    """idm's remembered indices and figures emptied for one test, admitting one first
    sighting in ``admit``."""
    import itertools

    from desacoop.evaluation import idm as module

    for name in ("_SEEN_IKS", "_SEEN_IKE", "_SEEN_IKL", "_FIGURES"):
        monkeypatch.setattr(module, name, {})
    monkeypatch.setattr(module, "_sightings", itertools.count())
    monkeypatch.setattr(module, "_ADMIT", admit)
    return module


def test_remembering_is_bounded(monkeypatch):
    module = _fresh_memory(monkeypatch, admit=1)
    monkeypatch.setattr(module, "_SEEN_SIZE", 3)
    monkeypatch.setattr(module, "_FIGURES_SIZE", 2)
    values = [CONTEXT.divide(k, 175) for k in range(0, 176, 7)]
    triples = list(zip(values, values[3:], values[5:], strict=False))
    sizes = set()
    for a, b, c in triples:
        for _ in range(2):  # remembered, then counted: its figures kept
            result = idm.evaluate(iks=a, ike=b, ikl=c)
            assert_same(fields(result), reference(exact_mean(a, b, c)))
            caches = (module._SEEN_IKS, module._SEEN_IKE, module._SEEN_IKL, module._FIGURES)
            sizes.add(tuple(len(cache) for cache in caches))
    assert {s[:3] for s in sizes} == {(1, 1, 1), (2, 2, 2), (3, 3, 3)}
    assert {s[3] for s in sizes} == {0, 1, 2}  # emptied when full
    a, b, c = triples[-1]
    units = sum(int(x.scaleb(28)) for x in (a, b, c))
    assert module._FIGURES[units][0] == idm.evaluate(iks=a, ike=b, ikl=c).exact


def test_one_first_sighting_in_admit_is_remembered(monkeypatch):
    module = _fresh_memory(monkeypatch, admit=3)
    d = [D(f"0.{k}1") for k in range(1, 6)]
    for value in d:  # sightings 0 to 4: the first and the fourth are remembered
        idm.evaluate(iks=value, ike=value, ikl=D(1))
    assert list(module._SEEN_IKS) == [id(d[0]), id(d[3])]
    assert module._SEEN_IKS[id(d[0])][2] == module._UNCOUNTED
    again = idm.evaluate(iks=d[0], ike=d[0], ikl=D(1))  # IKL's 1 is new: one more sighting
    assert module._SEEN_IKS[id(d[0])][2] == 11 * 10**26  # counted: 0.11 in units of 1E-28
    assert again.inputs.dimensions[0] is module._SEEN_IKS[id(d[0])][0]
    # Floats and texts make new Decimals: never remembered, no sighting counted.
    idm.evaluate(iks=0.5, ike="0.5", ikl=0.5)
    assert len(module._SEEN_IKS) == 2
    wide = D("0." + "1" * 29)  # more than 28 decimals: remembered, never counted
    entry = module._entry(module._SEEN_IKS, Dimension.IKS, wide, None)
    for _ in range(2):
        found = module._SEEN_IKS.get(id(wide))
        entry = module._entry(module._SEEN_IKS, Dimension.IKS, wide, found)
    assert entry[2] < 0


def test_remembered_figures_are_reused(monkeypatch):
    _fresh_memory(monkeypatch, admit=1)
    # Seen three times: remembered, counted, then the third result's figures are the
    # second's own objects, and its dimension values too.
    a, b, c = D("0.1234"), D("0.5678"), D("0.9012")
    results = [idm.evaluate(iks=a, ike=b, ikl=c) for _ in range(3)]
    assert results[1].exact is results[2].exact
    assert results[1].inputs.dimensions[0] is results[2].inputs.dimensions[0]
    assert_same(fields(results[2]), reference(exact_mean(a, b, c)))


def test_hand_computed_boundaries():
    # (0.4907 + 0.4907 + 0.49075) / 3 = 0.490716..., rounds to 0.4907: Sangat Tertinggal.
    low = idm.evaluate(iks=D("0.4907"), ike=D("0.4907"), ikl=D("0.49075"))
    assert (str(low.value), low.status) == ("0.4907", DevelopmentStatus.SANGAT_TERTINGGAL)
    # 0.49075 exactly rounds half up to 0.4908: Tertinggal, 0.5990 - 0.4908 = 0.1082 to go.
    tie = idm.evaluate(iks=D("0.49075"), ike=D("0.49075"), ikl=D("0.49075"))
    assert (str(tie.value), tie.status, str(tie.gap)) == ("0.4908", ORDER[1], "0.1082")
    # 0.6 exactly: written "0.6" (ideal exponent 0), not "0.6000"; value "0.6000".
    even = idm.evaluate(iks=D("0.6000"), ike=D("0.6000"), ikl=D("0.6000"))
    assert (str(even.exact), str(even.value)) == ("0.6", "0.6000")
    # All ones: Mandiri, no next status, minimum or gap.
    top = idm.evaluate(iks=1, ike=1, ikl=1)
    assert (top.status, top.next_status, top.minimum_for_next, top.gap) == (
        ORDER[4],
        None,
        None,
        None,
    )


def test_extreme_exponents_still_exact():
    # 1e-900 needs 900 digits beside 0.5: the sum is done on fractions, the result is exact.
    tiny = D("1e-900")
    result = idm.evaluate(iks=tiny, ike=D("0.5"), ikl=D("0.5"))
    assert_same(fields(result), reference(exact_mean(tiny, D("0.5"), D("0.5"))))


def test_out_of_range_exponent_is_a_quick_validation_error():
    start = time.process_time()
    for text in ("1e-999999", "1e-9999999", "1e999999"):
        with pytest.raises(ValidationError, match="exponent"):
            idm.evaluate(iks=text, ike=0.5, ikl=0.5)
        with pytest.raises(ValidationError, match="exponent"):
            DimensionValue(Dimension.IKS, D(text))
    assert time.process_time() - start < 1


# --- columns ------------------------------------------------------------------------------


@given(st.lists(st.tuples(indices, indices, indices), max_size=30))
def test_evaluate_columns_equals_evaluate(triples):
    columns = evaluate_columns(
        iks=[a for a, _, _ in triples],
        ike=[b for _, b, _ in triples],
        ikl=[c for _, _, c in triples],
    )
    assert set(columns) == set(FIELDS)
    assert [len(columns["exact"]), len(columns["status"]), len(columns["gap"])] == [
        len(triples)
    ] * 3
    for k, (a, b, c) in enumerate(triples):
        assert_same(row(columns, k), fields(idm.evaluate(iks=a, ike=b, ikl=c)))


@given(
    st.lists(st.tuples(st.integers(0, 175), st.integers(0, 60), st.integers(0, 15)), max_size=40)
)
def test_evaluate_sums_equals_evaluate_scores(sums):
    columns = evaluate_sums(
        social=[s for s, _, _ in sums],
        economic=[e for _, e, _ in sums],
        ecological=[g for _, _, g in sums],
    )
    for k, (s, e, g) in enumerate(sums):
        by_scores = idm.evaluate_scores(
            social=_scores(s, 35), economic=_scores(e, 12), ecological=_scores(g, 3)
        )
        assert_same(row(columns, k), fields(by_scores))


@given(
    st.tuples(st.integers(1, 40), st.integers(1, 40), st.integers(1, 40)).flatmap(
        lambda n: st.tuples(
            st.just(n),
            st.lists(
                st.tuples(
                    st.integers(0, 5 * n[0]), st.integers(0, 5 * n[1]), st.integers(0, 5 * n[2])
                ),
                min_size=1,
                max_size=10,
            ),
        )
    )
)
def test_evaluate_sums_with_other_sizes(case):
    sizes, sums = case
    columns = evaluate_sums(
        social=[s for s, _, _ in sums],
        economic=[e for _, e, _ in sums],
        ecological=[g for _, _, g in sums],
        sizes=sizes,
    )
    for k, (s, e, g) in enumerate(sums):
        by_scores = idm.evaluate_scores(
            social=_scores(s, sizes[0]),
            economic=_scores(e, sizes[1]),
            ecological=_scores(g, sizes[2]),
        )
        assert_same(row(columns, k), fields(by_scores))


def _scores(total: int, count: int) -> list[int]:
    """``count`` scores from 0 to 5 adding up to ``total``."""
    full, rest = divmod(total, 5)
    return ([5] * full + ([rest] if rest else []) + [0] * count)[:count]


def test_columns_from_numpy_and_pandas():
    np = need("numpy")
    pd = need("pandas")
    plain = evaluate_sums(social=[175, 100, 0], economic=[60, 30, 0], ecological=[15, 10, 0])
    arrays = evaluate_sums(
        social=np.array([175, 100, 0]),
        economic=np.array([60, 30, 0], dtype=np.int32),
        ecological=pd.Series([15, 10, 0]),
    )
    assert arrays == plain
    frame = pd.DataFrame({"iks": [0.8, 0.5], "ike": [0.8, 0.5], "ikl": [0.8, 0.5]})
    columns = evaluate_columns(iks=frame["iks"], ike=frame["ike"], ikl=frame["ikl"].to_numpy())
    assert columns == evaluate_columns(iks=[0.8, 0.5], ike=[0.8, 0.5], ikl=[0.8, 0.5])
    out = pd.DataFrame(columns)
    assert list(out.columns) == list(FIELDS)
    assert out["status"].tolist() == [DevelopmentStatus.MAJU, DevelopmentStatus.TERTINGGAL]


@pytest.mark.parametrize(
    ("call", "field", "words"),
    [
        (
            lambda: evaluate_columns(iks=[0.5, float("nan")], ike=[0.5, 0.5], ikl=[0.5, 0.5]),
            "iks[1]",
            "missing",
        ),
        (lambda: evaluate_columns(iks=[0.5], ike=[D(2)], ikl=[0.5]), "ike[0]", "between 0 and 1"),
        (lambda: evaluate_columns(iks=[0.5], ike=[0.5], ikl=["1e-999999"]), "ikl[0]", "exponent"),
        (lambda: evaluate_columns(iks=[0.5], ike=[0.5], ikl="0.5"), "ikl", "one-dimensional"),
        (
            lambda: evaluate_sums(social=[1, 176], economic=[0, 0], ecological=[0, 0]),
            "social[1]",
            "0 to 175",
        ),
        (
            lambda: evaluate_sums(social=[1], economic=[1.0], ecological=[0]),  # type: ignore[list-item]
            "economic[0]",
            "whole number",
        ),
        (
            lambda: evaluate_sums(social=[1], economic=[0], ecological=[float("nan")]),  # type: ignore[list-item]
            "ecological[0]",
            "missing",
        ),
        (
            lambda: evaluate_sums(social=[1], economic=[0], ecological=[None]),  # type: ignore[list-item]
            "ecological[0]",
            "missing",
        ),
        (
            lambda: evaluate_sums(social=[1], economic=[0], ecological=[0], sizes=(35, 0, 3)),
            "sizes[1]",
            "1 or more",
        ),
    ],
)
def test_columns_name_the_bad_value(call, field, words):
    with pytest.raises(ValidationError, match=words) as info:
        call()
    assert info.value.field == field


def test_columns_of_different_lengths_are_refused():
    with pytest.raises(ValidationError, match="same length"):
        evaluate_sums(social=[1, 2], economic=[0], ecological=[0])
    with pytest.raises(ValidationError, match="same length"):
        evaluate_columns(iks=[0.5], ike=[], ikl=[0.5])


def test_empty_columns():
    assert evaluate_sums(social=[], economic=[], ecological=[]) == {name: [] for name in FIELDS}
    assert idm.summarise_sums([], [], [], [], year=2024) == ()


# --- the 574 published records ------------------------------------------------------------


@pytest.fixture(scope="module")
def published() -> list[Any]:
    path = shared_file("idm", "kemendes-idm-sample.jsonl")
    lines = path.read_text(encoding="utf-8").splitlines()
    return [idm.from_kemendes(json.loads(line)["response"]) for line in lines if line.strip()]


def test_all_published_records_fast_path_equals_the_rule(published):
    assert len(published) == 574
    values = {d: [e.result.inputs.value_of(d) for e in published] for d in idm.DIMENSIONS}
    columns = evaluate_columns(
        iks=values[Dimension.IKS], ike=values[Dimension.IKE], ikl=values[Dimension.IKL]
    )
    for k, evaluation in enumerate(published):
        a, b, c = (values[d][k] for d in idm.DIMENSIONS)
        expected = reference(exact_mean(a, b, c))
        assert_same(fields(evaluation.result), expected)
        assert_same(fields(idm.evaluate(iks=a, ike=b, ikl=c)), expected)
        assert_same(row(columns, k), expected)


def test_all_published_records_from_their_rows(published):
    sums = {
        d: [sum(i.score for i in e.result.inputs.block(d)) for e in published]
        for d in idm.DIMENSIONS
    }
    columns = evaluate_sums(
        social=sums[Dimension.IKS], economic=sums[Dimension.IKE], ecological=sums[Dimension.IKL]
    )
    for k, evaluation in enumerate(published):
        from_rows = idm.from_rows(evaluation.result)
        indices = [
            CONTEXT.divide(sums[d][k], 5 * n)
            for d, n in zip(idm.DIMENSIONS, (35, 12, 3), strict=True)
        ]
        assert_same(fields(from_rows), reference(exact_mean(*indices)))
        assert_same(row(columns, k), fields(from_rows))


# --- values from numpy and pandas (issue 11) ----------------------------------------------


def test_numpy_values_are_taken_where_numbers_are():
    np = need("numpy")
    from desacoop.evaluation import VillageEvaluation

    by_list = idm.evaluate_scores(social=[5] * 35, economic=[4] * 12, ecological=[5] * 3)
    assert (
        idm.evaluate_scores(
            social=list(np.full(35, 5)), economic=np.full(12, 4), ecological=np.array([5, 5, 5])
        )
        == by_list
    )
    # (1 + 48/60 + 1) / 3 = 0.9333: numpy 2 scalars read through their shortest text.
    assert idm.evaluate(iks=np.float64(1), ike=np.float64(0.8), ikl=np.int64(1)).value == D(
        "0.9333"
    )
    evaluation = VillageEvaluation("63.71.01.2001", np.int64(2023), by_list)
    assert type(evaluation.year) is int
    assert evaluation.year == 2023


@pytest.mark.parametrize(
    ("scores", "words"),
    [
        ([5.0] * 35, r"not 5\.0 \(scores are whole numbers: convert a float column"),
        ([5] * 34 + [float("nan")], r"social\[34\] is missing"),
        ([5] * 34 + [None], r"social\[34\] is missing"),
        ([5] * 34 + [D("NaN")], r"social\[34\] is missing"),
        ([5] * 34 + [2.5], r"social\[34\] must be a score from 0 to 5, not 2\.5$"),
    ],
)
def test_scores_that_are_not_whole_numbers_say_why(scores, words):
    with pytest.raises(ValidationError, match=words):
        idm.evaluate_scores(social=scores, economic=[4] * 12, ecological=[5] * 3)


def test_missing_values_from_pandas_are_reported_as_missing():
    pd = need("pandas")
    with pytest.raises(ValidationError, match=r"social\[1\] is missing \(<NA>\)"):
        idm.evaluate_scores(social=[5, pd.NA], economic=[4], ecological=[5])
    with pytest.raises(ValidationError, match=r"iks is missing \(<NA>\); give a number"):
        idm.evaluate(iks=pd.NA, ike=0.5, ikl=0.5)
    with pytest.raises(ValidationError, match=r"iks is missing \(nan\)|iks is missing \(NaN\)"):
        idm.evaluate(iks=float("nan"), ike=0.5, ikl=0.5)
    with pytest.raises(ValidationError, match=r"social\[1\] is missing"):
        evaluate_sums(
            social=pd.Series([5, None], dtype="Int64"), economic=[4, 4], ecological=[5, 5]
        )


# --- the bulk summary agrees with the columns, whatever the sizes and the order -----------


@given(
    st.tuples(st.integers(1, 12), st.integers(1, 12), st.integers(1, 12)).flatmap(
        lambda n: st.tuples(
            st.just(n),
            st.lists(
                st.tuples(
                    st.sampled_from(["63.71.01", "63.71.02", "63.01.01", "35.07.01", "11.01.01"]),
                    st.integers(0, 5 * n[0]),
                    st.integers(0, 5 * n[1]),
                    st.integers(0, 5 * n[2]),
                ),
                min_size=1,
                max_size=30,
            ),
        )
    ),
    st.sampled_from(["sorted", "reversed", "as drawn"]),
    st.sampled_from(list(Level)[:3]),
)
def test_summarise_sums_counts_the_columns(case, order, level):
    sizes, rows = case
    villages = [f"{district}.{2001 + k}" for k, (district, *_) in enumerate(rows)]
    table = list(zip(villages, *zip(*[r[1:] for r in rows], strict=True), strict=True))
    if order == "sorted":
        table.sort()
    elif order == "reversed":
        table.sort(reverse=True)
    codes, social, economic, ecological = (list(column) for column in zip(*table, strict=True))
    summaries = idm.summarise_sums(
        codes, social, economic, ecological, year=2024, level=level, sizes=sizes
    )
    statuses = evaluate_sums(social=social, economic=economic, ecological=ecological, sizes=sizes)
    expected: dict[str, Counter[DevelopmentStatus]] = {}
    for code, status in zip(codes, statuses["status"], strict=True):
        region = str(RegionCode(code).at_level(level))
        expected.setdefault(region, Counter())[status] += 1
    assert {
        str(s.region): Counter({c.status: c.count for c in s.counts if c.count}) for s in summaries
    } == expected
    assert [str(s.region) for s in summaries] == sorted(expected)


class _Points(int):
    """An int subclass: taken by summarise_sums, but only by its per-village path."""


#: Thresholds whose cut points fall everywhere: IDM's; one at 0 and one at exactly the
#: largest score (1 at one decimal: 0.95 and above; for sizes (1, 1, 1) only 15 / 15);
#: minimums below 0; all above any score.
BULK_THRESHOLDS = [
    idm.THRESHOLDS,
    StatusThresholds((D(0), D("0.5"), D("0.9"), D(1)), places=1),
    StatusThresholds((D(-2), D(-1), D("0.3"), D("0.9")), places=1),
    StatusThresholds((D(40), D(60), D(75), D(90)), places=2),
]


def rule_rank(exact: Fraction, thresholds: StatusThresholds) -> int:
    """The status rank of an exact score from the rule alone: half up, then the minimums."""
    scale = 10**thresholds.places
    rounded = Fraction(int(exact * scale + Fraction(1, 2)), scale)  # exact >= 0
    return sum(1 for m in thresholds.minimums if rounded >= m)


@given(
    st.sampled_from([(35, 12, 3), (1, 1, 1), (2, 3, 5), (51, 50, 49), (7, 1, 40)]).flatmap(
        lambda n: st.tuples(
            st.just(n),
            st.lists(
                st.tuples(
                    st.sampled_from(["63.71.01", "35.07.01", "11.01.01"]),
                    st.integers(0, 5 * n[0]),
                    st.integers(0, 5 * n[1]),
                    st.integers(0, 5 * n[2]),
                ),
                min_size=1,
                max_size=40,
            ),
        )
    ),
    st.sampled_from(BULK_THRESHOLDS),
)
def test_summarise_sums_is_the_rule(case, thresholds):
    """Whole-list path (every sum an int: big-number fields) and per-village path (an int
    subclass in a column) both count what the rule gives, village by village."""
    sizes, rows = case
    villages = [f"{district}.{2001 + k}" for k, (district, *_) in enumerate(rows)]
    columns = [list(column) for column in zip(*[r[1:] for r in rows], strict=True)]
    expected: dict[str, Counter[int]] = {}
    for code, (_, *sums) in zip(villages, rows, strict=True):
        exact = sum((Fraction(t, 5 * n) for t, n in zip(sums, sizes, strict=True)), Fraction(0))
        expected.setdefault(code[:2], Counter())[rule_rank(exact / 3, thresholds)] += 1
    found = idm.summarise_sums(villages, *columns, year=2024, sizes=sizes, thresholds=thresholds)
    assert {
        str(s.region): Counter({ORDER.index(c.status): c.count for c in s.counts if c.count})
        for s in found
    } == expected
    slow = [[*columns[0][:-1], _Points(columns[0][-1])], columns[1], columns[2]]
    assert found == idm.summarise_sums(
        villages, *slow, year=2024, sizes=sizes, thresholds=thresholds
    )


class _Code(str):
    """A text subclass, as some readers give."""


def test_summarise_sums_takes_codes_of_every_kind_alike():
    codes = ["63.71.01.2001", "63.71.01.2002", "35.07.01.2001"]
    sums = ([175, 0, 100], [60, 0, 30], [15, 0, 10])
    expected = idm.summarise_sums(codes, *sums, year=2024)
    mixed: list[Any] = [_Code(codes[0]), RegionCode(codes[1]), codes[2]]
    for villages in ([_Code(c) for c in codes], [RegionCode(c) for c in codes], mixed):
        assert idm.summarise_sums(villages, *sums, year=2024) == expected
    bad_lists: list[list[Any]] = [[codes[0], 63712001, codes[2]], [codes[0], None, codes[2]]]
    for bad in bad_lists:
        with pytest.raises(ValidationError, match=r"villages\[1\] is not a village code"):
            idm.summarise_sums(bad, *sums, year=2024)


def test_summarise_sums_at_a_cut_equal_to_the_largest_score():
    # sizes (1, 1, 1), minimums 0, 0.5, 0.9, 1 at one decimal: Mandiri from 0.95, so the
    # cut over 15 is ceil(14.25) = 15, the largest numerator: 15/15 is Mandiri; 14/15 =
    # 0.933 rounds to 0.9, Maju; 0/15 is Tertinggal (minimum 0).
    thresholds = StatusThresholds((D(0), D("0.5"), D("0.9"), D(1)), places=1)
    assert thresholds.cut_points(15) == (0, 7, 13, 15)
    (summary,) = idm.summarise_sums(
        ["63.71.01.2001", "63.71.01.2002", "63.71.01.2003"],
        [5, 5, 0],
        [5, 5, 0],
        [5, 4, 0],
        year=2024,
        sizes=(1, 1, 1),
        thresholds=thresholds,
    )
    assert [summary.count(s) for s in DevelopmentStatus] == [0, 1, 0, 1, 1]


def test_summarise_sums_at_every_cut_of_the_idm_sizes():
    # Every numerator over lcm(35, 12, 3) = 420 (12 s + 35 e + 140 g, up to 6,300) on each
    # side of IDM's cut points, with village counts that spill over byte boundaries.
    common = 420
    cuts = idm.THRESHOLDS.cut_points(15 * common)
    wanted = {n for cut in cuts for n in range(cut - 40, cut + 40)} | {0, 6300}
    rows = [
        (s, e, g)
        for s in range(176)
        for e in range(61)
        for g in range(16)
        if 12 * s + 35 * e + 140 * g in wanted
    ]
    villages = [
        f"{63 + k // 5000}.71.{1 + k // 2000:02d}.{2000 + k % 2000}" for k in range(len(rows))
    ]
    columns = [list(column) for column in zip(*rows, strict=True)]
    expected: dict[str, Counter[DevelopmentStatus]] = {}
    for code, (s, e, g) in zip(villages, rows, strict=True):
        exact = (Fraction(s, 175) + Fraction(e, 60) + Fraction(g, 15)) / 3
        expected.setdefault(code[:2], Counter())[reference(exact)["status"]] += 1
    found = idm.summarise_sums(villages, *columns, year=2024)
    assert {
        str(s.region): Counter({c.status: c.count for c in s.counts if c.count}) for s in found
    } == expected


def test_summarise_sums_with_a_small_ecological_block():
    # sizes (1, 1, 3): (0/5 + 4/5 + 15/15) / 3 = 0.6, Berkembang; (0 + 3/5 + 13/15) / 3 =
    # 0.48889, Sangat Tertinggal (the cut points use lcm(1, 1, 3) = 3, so 45ths).
    (summary,) = idm.summarise_sums(
        ["63.71.01.2001", "63.71.01.2002"], [0, 0], [4, 3], [15, 13], year=2024, sizes=(1, 1, 3)
    )
    assert [summary.count(s) for s in DevelopmentStatus] == [1, 0, 1, 0, 0]


def _summary(**change: Any) -> Any:
    arguments = {"villages": ["63.71.01.2001"], "social": [0], "economic": [0], "ecological": [0]}
    return idm.summarise_sums(**{**arguments, "year": 2024, **change})


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: _summary(villages=5), "villages"),
        (lambda: _summary(social="0"), "social"),
        (lambda: _summary(economic={0}), "economic"),
        (lambda: _summary(ecological={"a": 0}), "ecological"),
        (lambda: _summary(year="2024"), "year"),
        (lambda: _summary(thresholds=None), "thresholds"),
        (lambda: evaluate_columns(iks=5, ike=[0], ikl=[0]), "iks"),  # type: ignore[arg-type]
        (lambda: evaluate_columns(iks=[0], ike={0}, ikl=[0]), "ike"),  # type: ignore[arg-type]
        (lambda: evaluate_columns(iks=[0], ike=[0], ikl=None), "ikl"),  # type: ignore[arg-type]
        (lambda: evaluate_sums(social=[0], economic=[0], ecological="0"), "ecological"),  # type: ignore[arg-type]
    ],
)
def test_bulk_arguments_name_their_parameter(call, field):
    with pytest.raises(ValidationError) as info:
        call()
    assert info.value.field == field


def test_columns_with_extreme_exponents_are_still_exact():
    # 1E-900 beside 0.5 needs 900 digits: the column falls back to fractions, as evaluate does.
    tiny = D("1E-900")
    columns = evaluate_columns(iks=[tiny, D("0.5")], ike=[D("0.5"), tiny], ikl=[D("0.25"), D(1)])
    for k, (a, b, c) in enumerate([(tiny, D("0.5"), D("0.25")), (D("0.5"), tiny, D(1))]):
        assert_same(row(columns, k), reference(exact_mean(a, b, c)))


def test_columns_take_any_sized_sequence():
    np = need("numpy")
    expected = evaluate_sums(social=[175], economic=[60], ecological=[15])
    values: Any = {"a": 15}.values()
    assert evaluate_sums(social=(175,), economic=range(60, 61), ecological=values) == expected
    assert evaluate_sums(social=np.array([175]), economic=[60], ecological=[15]) == expected
    for bad in (np.zeros((1, 1), dtype=int), np.int64(175), (s for s in [175])):
        with pytest.raises(
            ValidationError, match="social must be a list or a one-dimensional"
        ) as info:
            evaluate_sums(social=bad, economic=[60], ecological=[15])  # type: ignore[arg-type]
        assert info.value.field == "social"


def test_column_errors_in_full():
    with pytest.raises(ValidationError) as info:
        evaluate_sums(social=[1, 2], economic=[0], ecological=[0])
    assert info.value.message == (
        "the columns must have the same length, not social 2, economic 1, ecological 1"
    )
    for sizes in (5, None, "353"):
        with pytest.raises(ValidationError, match="sizes must be three whole numbers") as info:
            evaluate_sums(social=[0], economic=[0], ecological=[0], sizes=sizes)  # type: ignore[arg-type]
        assert info.value.field == "sizes"
    for name in ("social", "economic"):
        columns: dict[str, Any] = {"social": [0], "economic": [0], "ecological": [0], name: "0"}
        with pytest.raises(ValidationError) as info:
            evaluate_sums(**columns)
        assert info.value.field == name


@pytest.mark.parametrize("sizes", [(30, 30, 30), (10**6, 1, 1), (1, 10**6, 7)])
def test_large_blocks_take_the_per_village_path(sizes):
    # Blocks too large for the tables: the same figures, from the sums given.
    rows = [(0, 0, 0), (5 * sizes[0], 5 * sizes[1], 5 * sizes[2]), (sizes[0], 2 * sizes[1], 3)]
    rows += [(3 * sizes[0], 3 * sizes[1], 3 * sizes[2] - 1), (4 * sizes[0] + 1, 0, 5 * sizes[2])]
    social, economic, ecological = (list(column) for column in zip(*rows, strict=True))
    start = time.process_time()
    columns = evaluate_sums(social=social, economic=economic, ecological=ecological, sizes=sizes)
    for k, sums in enumerate(rows):
        indices = [CONTEXT.divide(t, 5 * n) for t, n in zip(sums, sizes, strict=True)]
        assert_same(row(columns, k), reference(exact_mean(*indices)))
    villages = [f"63.71.01.{2001 + k}" for k in range(len(rows))]
    (summary,) = idm.summarise_sums(villages, social, economic, ecological, year=2024, sizes=sizes)
    assert Counter({c.status: c.count for c in summary.counts if c.count}) == Counter(
        columns["status"]
    )
    assert time.process_time() - start < 5


ST, T, B, MJ, MD = list(DevelopmentStatus)


ZERO = [0]


class TestSummariseSumsLimits:
    """evaluation.bulk: the limits and boundaries of summarise_sums.

    Cases a mutation run (mutmut; benchmarks/README.md, "Mutation testing") found untested.
    """

    def test_summarise_sums_limits_are_five_points_an_indicator(self):
        # sizes (1, 2, 3): sums go up to 5, 10 and 15; all at the top is Mandiri.
        villages = ["63.71.01.2001"]
        top = idm.summarise_sums(villages, [5], [10], [15], year=2024, sizes=(1, 2, 3))
        assert (top[0].count(MD), top[0].total) == (1, 1)
        for social, economic, ecological, where in (
            (6, 10, 15, "social[0]"),
            (5, 11, 15, "economic[0]"),
            (5, 10, 16, "ecological[0]"),
            (-1, 0, 0, "social[0]"),
        ):
            with pytest.raises(ValidationError, match="whole number of points") as info:
                idm.summarise_sums(
                    villages, [social], [economic], [ecological], year=2024, sizes=(1, 2, 3)
                )
            assert info.value.field == where

    @pytest.mark.parametrize(
        "columns",
        [
            (["63.71.01.2001", "63.71.01.2002"], [0], [0], [0]),
            (["63.71.01.2001"], [0, 0], [0], [0]),
            (["63.71.01.2001"], [0], [0, 0], [0]),
            (["63.71.01.2001"], [0], [0], [0, 0]),
        ],
    )
    def test_summarise_sums_columns_of_different_lengths(self, columns):
        with pytest.raises(ValidationError, match="same length"):
            idm.summarise_sums(*columns, year=2024)

    @pytest.mark.parametrize(
        "sizes", [(35, 12, 0), (0, 12, 3), (35, -1, 3), (35, 12), (35, 12, 3, 1)]
    )
    def test_summarise_sums_sizes_are_three_whole_numbers_above_zero(self, sizes):
        with pytest.raises(ValidationError, match="sizes"):
            idm.summarise_sums(["63.71.01.2001"], [0], [0], [0], year=2024, sizes=sizes)
        with pytest.raises(ValidationError, match="sizes"):
            evaluate_sums(social=[0], economic=[0], ecological=[0], sizes=sizes)

    def test_summarise_sums_counts_every_status_at_its_boundary(self):
        # sizes (1, 1, 1): score = (s + e + g) / 15; statuses at 0.4908, 0.5990, 0.7073, 0.8156.
        # 7/15 = 0.4667 ST, 8/15 = 0.5333 T, 9/15 = 0.6 B, 11/15 = 0.7333 MJ, 13/15 = 0.8667 MD.
        sums = [(2, 2, 3), (3, 3, 2), (3, 3, 3), (4, 4, 3), (5, 4, 4)]
        villages = [f"63.71.01.200{k}" for k in range(1, 6)]
        (summary,) = idm.summarise_sums(
            villages,
            *(list(column) for column in zip(*sums, strict=True)),
            year=2024,
            sizes=(1, 1, 1),
        )
        assert [summary.count(s) for s in DevelopmentStatus] == [1, 1, 1, 1, 1]


class TestBulkRanges:
    """evaluation.bulk: village parts and sums of large blocks.

    Cases a mutation run (mutmut; benchmarks/README.md, "Mutation testing") found untested.
    """

    @pytest.mark.parametrize("code", ["63.71.01.4101", "6371014101", "63.71.01.0301", "6371010201"])
    def test_a_village_part_starting_outside_2_to_3_is_refused_in_bulk(self, code):
        # The second digit (1-3) must not make the first one (0 or 4) pass.
        with pytest.raises(ValidationError, match="is not a village code") as info:
            idm.summarise_sums(["63.71.01.2001", code], [0, 0], [0, 0], [0, 0], year=2024)
        assert info.value.field == "villages[1]"

    @pytest.mark.parametrize(("social", "bad"), [([301, 0], 0), ([0, -1], 1)])
    def test_sums_of_large_blocks_keep_their_range(self, social, bad):
        # 60 social indicators: sums from 0 to 300, beyond what fits a byte.
        ok = idm.summarise_sums(["63.71.01.2001"], [300], [60], [15], year=2024, sizes=(60, 12, 3))
        assert ok[0].count(MD) == 1
        with pytest.raises(ValidationError, match="from 0 to 300") as info:
            idm.summarise_sums(
                ["63.71.01.2001", "63.71.01.2002"],
                social,
                [0, 0],
                [0, 0],
                year=2024,
                sizes=(60, 12, 3),
            )
        assert info.value.field == f"social[{bad}]"


def _bulk_summary(**changes: Any) -> object:
    arguments: dict[str, Any] = {
        "villages": ["63.71.01.2001"],
        "social": ZERO,
        "economic": ZERO,
        "ecological": ZERO,
        "year": 2024,
    }
    arguments.update(changes)
    return summarise_sums(**arguments)


def _sums_for(sizes: tuple[int, int, int]) -> st.SearchStrategy[list[tuple[int, int, int]]]:
    row = st.tuples(*(st.integers(0, 5 * n) for n in sizes))
    return st.lists(row, min_size=1, max_size=40)


class TestBulkChoices:
    """evaluation.bulk: the inputs where a wrong choice between a whole-list shortcut and
    the checked fallback changes the answer (a bad code among codes of one shape, a non-int
    sum in a large block, a caller's decimal context, field widths at a byte boundary).

    Cases a mutation run (mutmut; benchmarks/README.md, "Mutation testing") found untested.
    """

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
            (lambda: _bulk_summary(thresholds="idm"), "thresholds", "'idm'"),
            (
                lambda: _bulk_summary(
                    villages=["63.71.01.2001", "x63"],
                    social=[0, 0],
                    economic=[0, 0],
                    ecological=[0, 0],
                ),
                "villages[1]",
                "'x63'",
            ),
            (
                lambda: evaluate_sums(social=[2.5], economic=ZERO, ecological=ZERO),  # type: ignore[list-item]
                "social[0]",
                "2.5",
            ),
        ],
    )
    def test_bulk_errors_name_the_field_and_show_the_value(
        self, call: Callable[[], object], field: str, shown: str
    ) -> None:
        with pytest.raises(ValidationError) as info:
            call()
        assert info.value.field == field
        assert shown in info.value.message

    def test_columns_of_decimals_beside_columns_of_floats(self) -> None:
        # iks as plain Decimals (taken as they are), ike and ikl as floats (read through their
        # repr): (0.5 + 0.8 + 0.8) / 3 = 0.7, Maju.
        columns = evaluate_columns(iks=[D("0.5")], ike=[0.8], ikl=[0.8])
        result = idm.evaluate(iks=D("0.5"), ike=D("0.8"), ikl=D("0.8"))
        assert (columns["exact"], columns["status"]) == ([result.exact], [result.status])

    def test_empty_columns_of_a_large_block(self) -> None:
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
    def test_bulk_figures_ignore_the_callers_decimal_context(
        self, sizes: tuple[int, int, int]
    ) -> None:
        # 1 / 150,000 = 0.0000066666... (28 digits): a 3-digit context must not round it.
        sums = {"social": [1, 7], "economic": [0, 5], "ecological": [3, 2]}
        expected = evaluate_sums(**sums, sizes=sizes)
        with localcontext() as context:
            context.prec = 3
            assert evaluate_sums(**sums, sizes=sizes) == expected

    @pytest.mark.parametrize(
        "villages",
        [
            ["63.71.01.2101", "63.71.01.4101"],
            ["63.71.01.2201", "63.71.01.0201"],
            ["6371012101", "6371014101"],
            ["6371012301", "6371010301"],
        ],
    )
    def test_a_bad_village_part_among_codes_of_one_shape_is_refused(
        self, villages: list[str]
    ) -> None:
        # All dotted or all compact (the one-pass shape check): the village part's first digit
        # (4 or 0) is refused, whatever the digit after it (1-3 in every code here, so that
        # no other digit can stand in for the first).
        with pytest.raises(ValidationError, match="is not a village code") as info:
            summarise_sums(villages, [0, 0], [0, 0], [0, 0], year=2024)
        assert info.value.field == "villages[1]"

    @pytest.mark.parametrize(
        "villages",
        [
            ["63.03.01.2001", "63.71.01.1001"],
            ["6303012001", "6371011001"],
            ["63.03.01.2001", RegionCode("63.71.01.1001")],
        ],
    )
    def test_a_kelurahan_is_refused_by_name_on_both_paths(self, villages: list[Any]) -> None:
        # IDM evaluates desa (village part 2) and desa adat (3), never a kelurahan (1): the
        # same rule as a VillageEvaluation by IDM (issue 20), named as such, on the one-pass
        # shape check (all dotted, all compact) and on the code-by-code path (mixed kinds).
        with pytest.raises(ValidationError, match=r"villages\[1\] is a kelurahan") as info:
            summarise_sums(villages, [0, 0], [0, 0], [0, 0], year=2024)
        assert info.value.field == "villages[1]"
        assert "IDM evaluates desa only" in str(info.value)

    def test_village_codes_given_as_numbers_are_refused(self) -> None:
        with pytest.raises(ValidationError, match="is not a village code") as info:
            summarise_sums([6371012001], ZERO, ZERO, ZERO, year=2024)  # type: ignore[list-item]
        assert info.value.field == "villages[0]"

    @pytest.mark.parametrize("bad", [3.0, True, D(3)])
    def test_a_sum_that_is_not_an_int_is_refused_in_a_large_block(self, bad: object) -> None:
        # Blocks of 60 indicators (sums up to 300, beyond one byte): 3.0, True or Decimal 3 is
        # not a whole number of points, even within range.
        with pytest.raises(ValidationError) as info:
            evaluate_sums(social=[bad, 0], economic=[0, 0], ecological=[0, 0], sizes=(60, 12, 3))  # type: ignore[list-item]
        assert info.value.field == "social[0]"

    def test_dotted_codes_counted_by_regency_on_the_per_village_path(self) -> None:
        # Blocks of 60, 30 and 30 (a rank table of 301 x 151 x 151 cells, over 2 M): each
        # village's numerator is computed. Full marks is Mandiri, nothing Sangat Tertinggal.
        summaries = summarise_sums(
            ["63.71.01.2001", "63.72.01.2001", "63.72.01.2002"],
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
    def test_summarise_sums_counts_what_evaluate_sums_classifies(
        self, sizes: tuple[int, int, int]
    ) -> None:
        @settings(max_examples=40, deadline=None)
        @given(_sums_for(sizes))
        def check(rows: list[tuple[int, int, int]]) -> None:
            social, economic, ecological = (list(column) for column in zip(*rows, strict=True))
            villages = [f"63.71.01.{2001 + k}" for k in range(len(rows))]
            (summary,) = summarise_sums(
                villages, social, economic, ecological, year=2024, sizes=sizes
            )
            statuses = evaluate_sums(
                social=social, economic=economic, ecological=ecological, sizes=sizes
            )["status"]
            assert {c.status: c.count for c in summary.counts if c.count} == Counter(statuses)

        check()

"""Tests the mutation run over ``evaluation/schemes.py`` asked for (``mutmut``, see
benchmarks/README.md, "Mutation testing"): each case is a mutant that survived the tests of
the module (test_evaluation, test_idm, test_idm_fast, test_evaluation_layers,
test_scope_rules_indeks_desa, test_mutation_survivors), written as a rule with its
arithmetic worked out by hand.

An argument or validation error names its field (the parameter, or the attribute, that is
wrong) and shows the bad value: both are checked, the rest of a message's wording is not.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desacoop import html, idm
from desacoop.errors import ValidationError
from desacoop.evaluation import (
    DevelopmentStatus,
    Dimension,
    DimensionValue,
    DimensionWeight,
    EvaluationInputs,
    IndicatorScore,
    Method,
    ProdeskelClass,
    ProdeskelResult,
    ProdeskelScheme,
    StatusThresholds,
    WeightedScheme,
    result_from_exact,
)
from desacoop.evaluation.schemes import (
    INDEKS_DESA_DIMENSIONS,
    IndeksDesa,
    IndexAggregation,
)

D = Decimal
ST, T, B, MJ, MD = list(DevelopmentStatus)
THRESHOLDS = StatusThresholds((D(20), D(40), D(60), D(80)), places=2)
GEOMETRIC = IndeksDesa.equal_weights(THRESHOLDS, IndexAggregation.GEOMETRIC_MEAN)
ARITHMETIC = IndeksDesa.equal_weights(THRESHOLDS)
SOCIAL_ECONOMY = WeightedScheme(
    Method.OTHER,
    (DimensionWeight(Dimension.SOCIAL, D(1)), DimensionWeight(Dimension.ECONOMY, D(3))),
    THRESHOLDS,
)
PRODESKEL = ProdeskelScheme((D("30"), D("60"), D("90.01")), places=2)


def _indeks_desa(*values: int | str) -> EvaluationInputs:
    """Inputs for the six dimensions of Indeks Desa, in the regulation's order."""
    return EvaluationInputs.of(
        {d: D(v) for d, v in zip(INDEKS_DESA_DIMENSIONS, values, strict=True)}
    )


def _raises(call: Callable[[], object], field: str | None, *shown: str) -> ValidationError:
    """``call`` raises a ValidationError naming ``field`` and showing each of ``shown``."""
    with pytest.raises(ValidationError) as info:
        call()
    assert info.value.field == field
    for text in shown:
        assert text in info.value.message, (text, info.value.message)
    return info.value


# --- the geometric mean of Indeks Desa ----------------------------------------------------


@pytest.mark.parametrize(
    ("values", "exact"),
    [
        # sqrt(10 x 90) = sqrt(900) = 30, exactly: not 30.00000000000000000000000001
        # (logarithms taken at only 28 digits) nor 30.00000000000002 (at 16).
        ((10, 90, 10, 90, 10, 90), "30"),
        # (2 x 4 x 8) ** (1/3) = 64 ** (1/3) = 4, exactly.
        ((2, 4, 8, 2, 4, 8), "4"),
        # sqrt(1 x 2) = sqrt(2) = 1.41421356237309504880168872420969807...: 28 digits,
        # the 29th is 2 (rounded down).
        ((1, 2, 1, 2, 1, 2), "1.414213562373095048801688724"),
        # Every value 1: the mean is 1 (a value of 1 is not a value of 0).
        ((1, 1, 1, 1, 1, 1), "1"),
        # (1 x 90^5) ** (1/6) = 90 ** (5/6) = 42.51433834863077942716360551746... (at 60
        # digits), rounded up at the 29th digit (7).
        ((1, 90, 90, 90, 90, 90), "42.51433834863077942716360552"),
    ],
)
def test_the_geometric_mean_is_correct_to_28_significant_digits(
    values: tuple[int, ...], exact: str
) -> None:
    assert str(GEOMETRIC.evaluate(_indeks_desa(*values)).exact) == exact


def test_one_value_of_1_among_90s_by_hand() -> None:
    # (1 x 90^5) ** (1/6) = 90 ** (5/6) = 42.514...: between 40 and 60, Berkembang; a value
    # of 1 counts as 1 (only a value of 0 makes the mean 0).
    result = GEOMETRIC.evaluate(_indeks_desa(1, 90, 90, 90, 90, 90))
    assert (result.value, result.status) == (D("42.51"), B)


def test_unequal_weights_give_the_weighted_geometric_mean() -> None:
    # Weights 3 on the 10s, 1 on the 90s: (10^9 x 90^3) ** (1/12) = (10^3 x 90) ** (1/4)
    # = 90000 ** (1/4) = sqrt(300) = 10 sqrt(3) = 17.32050807568877293527446341505872...,
    # 28 digits rounded up at the 29th (5).
    weights = tuple(
        DimensionWeight(d, D(w)) for d, w in zip(INDEKS_DESA_DIMENSIONS, [3, 1] * 3, strict=True)
    )
    scheme = IndeksDesa(weights, THRESHOLDS, IndexAggregation.GEOMETRIC_MEAN)
    result = scheme.evaluate(_indeks_desa(10, 90, 10, 90, 10, 90))
    assert str(result.exact) == "17.32050807568877293527446342"


@given(
    values=st.lists(st.integers(1, 100), min_size=6, max_size=6),
    factor=st.integers(1, 100),
)
def test_a_geometric_mean_scales_with_its_values(values: list[int], factor: int) -> None:
    # The geometric mean of c x values is c times their mean; of equal values, that value.
    mean = GEOMETRIC.evaluate(_indeks_desa(*values)).exact
    scaled = GEOMETRIC.evaluate(_indeks_desa(*(v * factor for v in values))).exact
    # Both are correct to 28 significant digits: a relative difference below 10^-26.
    assert abs(scaled - mean * factor) <= scaled * D("1E-26")
    assert min(values) <= mean <= max(values)
    same = GEOMETRIC.evaluate(_indeks_desa(*[values[0]] * 6)).exact
    assert same == values[0]


@pytest.mark.parametrize(
    ("values", "shown"),
    [
        ((-5, 90, 90, 90, 90, 90), ["-5"]),
        ((10, -5, 10, -1, 10, 90), ["-5", "-1"]),
        # A negative value with a zero: refused, not silently a mean of 0.
        ((0, -2, 90, 90, 90, 90), ["-2"]),
    ],
)
def test_a_geometric_mean_refuses_negative_values_and_names_them(
    values: tuple[int, ...], shown: list[str]
) -> None:
    error = _raises(lambda: GEOMETRIC.evaluate(_indeks_desa(*values)), "dimensions", *shown)
    # The arithmetic mean takes them (a weighted mean of any numbers).
    assert ARITHMETIC.evaluate(_indeks_desa(*values)).exact < 90
    assert "at least 0" in error.message


def test_the_geometric_mean_checks_its_inputs() -> None:
    _raises(lambda: GEOMETRIC.evaluate("inputs"), "inputs", "'inputs'")  # type: ignore[arg-type]
    # None too (it raised AttributeError before, found by the mutation run).
    _raises(lambda: GEOMETRIC.evaluate(None), "inputs", "None")  # type: ignore[arg-type]
    # The dimensions must fit, as for the arithmetic mean.
    _raises(
        lambda: GEOMETRIC.evaluate(EvaluationInputs.of({Dimension.IKS: 1})),
        "dimensions",
        "missing layanan dasar",
        "not used by this method: Indeks Ketahanan Sosial (IKS)",
    )


# --- inputs ---------------------------------------------------------------------------------


def test_a_dimension_argument_must_be_a_dimension() -> None:
    inputs = EvaluationInputs.of({Dimension.IKS: D("0.5")})
    _raises(lambda: inputs.value_of("iks"), "dimension", "'iks'")  # type: ignore[arg-type]
    _raises(lambda: inputs.block(5), "dimension", "5")  # type: ignore[arg-type]
    # A missing dimension is named by its label.
    _raises(lambda: inputs.value_of(Dimension.IKE), None, "Indeks Ketahanan Ekonomi (IKE)")
    assert inputs.block(Dimension.IKS) == ()


def test_inputs_of_takes_a_mapping() -> None:
    _raises(lambda: EvaluationInputs.of([1, 2]), "values", "[1, 2]")  # type: ignore[arg-type]


def test_a_dimension_or_an_indicator_given_twice_is_named() -> None:
    iks = DimensionValue(Dimension.IKS, D("0.5"))
    _raises(lambda: EvaluationInputs((iks, iks)), "dimensions", "dimension iks")
    first = IndicatorScore(Dimension.IKS, 1, 3)
    _raises(
        lambda: EvaluationInputs((iks,), (first, IndicatorScore(Dimension.IKS, 1, 4))),
        "indicators",
        "indicator iks #1",
    )
    # The same number in another dimension is another indicator.
    assert len(EvaluationInputs((iks,), (first, IndicatorScore(Dimension.IKE, 1, 4))).indicators)


def test_inputs_repr_is_pasteable_or_short() -> None:
    inputs = EvaluationInputs.of({Dimension.IKS: D("0.5"), Dimension.IKE: D("0.6")})
    namespace = {
        "EvaluationInputs": EvaluationInputs,
        "DimensionValue": DimensionValue,
        "Dimension": Dimension,
        "Decimal": Decimal,
    }
    assert eval(repr(inputs), namespace) == inputs
    with_scores = EvaluationInputs(
        inputs.dimensions,
        (IndicatorScore(Dimension.IKS, 1, 3), IndicatorScore(Dimension.IKS, 2, 5)),
    )
    assert repr(with_scores) == "<EvaluationInputs iks 0.5, ike 0.6; 2 indicator scores>"


def test_a_result_shows_itself_in_a_notebook() -> None:
    result = idm.evaluate(iks=D("0.6"), ike=D("0.6"), ikl=D("0.6"))
    assert result._repr_html_() == html.notebook(result)


def test_result_from_exact_shows_the_bad_value() -> None:
    inputs = EvaluationInputs.of({Dimension.IKS: 1})
    _raises(lambda: result_from_exact(Method.IDM, inputs, 0.5, THRESHOLDS), "exact", "0.5")  # type: ignore[arg-type]


# --- weighted schemes -----------------------------------------------------------------------


def test_a_weighted_scheme_checks_its_weights() -> None:
    social = DimensionWeight(Dimension.SOCIAL, D(1))
    _raises(lambda: WeightedScheme(Method.OTHER, (), THRESHOLDS), "weights", "at least one")
    _raises(lambda: WeightedScheme(Method.OTHER, (social, 1), THRESHOLDS), "weights[1]", "1")
    _raises(
        lambda: WeightedScheme(Method.OTHER, (social, social), THRESHOLDS),
        "weights",
        "dimension sosial",
    )


def test_a_weighted_scheme_checks_its_inputs() -> None:
    _raises(lambda: SOCIAL_ECONOMY.exact_score("x"), "inputs", "'x'")  # type: ignore[arg-type]
    # None too (it raised AttributeError before, found by the mutation run).
    _raises(lambda: SOCIAL_ECONOMY.exact_score(None), "inputs", "None")  # type: ignore[arg-type]
    error = _raises(lambda: SOCIAL_ECONOMY.evaluate("x"), None, "str")  # type: ignore[arg-type]
    assert "EvaluationInputs" in error.message
    # Two dimensions not used, both named.
    inputs = EvaluationInputs.of(
        {Dimension.SOCIAL: 1, Dimension.ECONOMY: 1, Dimension.IKS: 1, Dimension.IKE: 1}
    )
    _raises(
        lambda: SOCIAL_ECONOMY.evaluate(inputs),
        "dimensions",
        "Indeks Ketahanan Sosial (IKS)",
        "Indeks Ketahanan Ekonomi (IKE)",
    )


@pytest.mark.parametrize("scheme", [SOCIAL_ECONOMY, ARITHMETIC, GEOMETRIC])
def test_a_scheme_classifies_by_its_thresholds(scheme: WeightedScheme | IndeksDesa) -> None:
    # Minimums 20, 40, 60, 80 at two decimals: 39.995 rounds to 40.00, Berkembang.
    assert scheme.classify(D("39.994")) is T
    assert scheme.classify(D("39.995")) is B
    assert scheme.classify(80) is MD
    assert scheme.minimum_for(MJ) == D(60)
    assert scheme.minimum_for(ST) is None


def test_indeks_desa_weighs_exactly_its_six_dimensions() -> None:
    five = tuple(DimensionWeight(d, D(1)) for d in INDEKS_DESA_DIMENSIONS[:5])
    _raises(
        lambda: IndeksDesa(five, THRESHOLDS),
        "weights",
        "layanan dasar",
        "tata kelola pemerintahan desa",
    )
    _raises(lambda: IndeksDesa((), THRESHOLDS), "weights")
    _raises(lambda: IndeksDesa((*five, "x"), THRESHOLDS), "weights[5]", "'x'")


# --- Prodeskel ------------------------------------------------------------------------------


@pytest.mark.parametrize("minimums", [(D(30), D(60)), (D(30), D(60), D(90), D(95))])
def test_prodeskel_takes_three_minimums(minimums: tuple[Decimal, ...]) -> None:
    _raises(lambda: ProdeskelScheme(minimums), "minimums", "three")


def test_prodeskel_minimums_rise_strictly_and_are_decimals() -> None:
    _raises(lambda: ProdeskelScheme((D(60), D(30), D(90))), "minimums", "rise")
    _raises(lambda: ProdeskelScheme((D(30), 60.0, D(90))), "minimums[1]", "60.0")


def test_a_prodeskel_score_is_at_most_its_maximum() -> None:
    # 101 of 100: refused, naming the score and the range 0 to 100.
    _raises(lambda: PRODESKEL.evaluate(score=101, maximum=100), "score", "101", "100")
    _raises(lambda: PRODESKEL.evaluate(score="5", maximum=10), "score", "'5'")  # type: ignore[arg-type]
    # A result built by hand is checked too: 11 of 10.
    _raises(
        lambda: ProdeskelResult(
            11, 10, D(110), D(110), ProdeskelClass.CEPAT_BERKEMBANG, None, None, None
        ),
        "score",
        "11",
        "10",
    )
    # 10 of 10 is 100 %: cepat berkembang, the highest class.
    result = PRODESKEL.evaluate(score=10, maximum=10)
    assert (result.value, result.development_class, result.next_class) == (
        D("100.00"),
        ProdeskelClass.CEPAT_BERKEMBANG,
        None,
    )


def test_prodeskel_arguments_name_their_parameter() -> None:
    _raises(lambda: PRODESKEL.classify("ninety"), "percent", "'ninety'")  # type: ignore[arg-type]
    _raises(lambda: PRODESKEL.minimum_for("berkembang"), "development_class", "'berkembang'")  # type: ignore[arg-type]
    # 60 % exactly is berkembang (its minimum), 59.994 rounds to 59.99: lamban berkembang.
    assert PRODESKEL.classify(D(60)) is ProdeskelClass.BERKEMBANG
    assert PRODESKEL.classify(D("59.994")) is ProdeskelClass.LAMBAN_BERKEMBANG

"""Issue 13, "Rules corrected": the Indeks Desa aggregation is configurable (weighted
arithmetic mean, the default, or weighted geometric mean of the six dimensions), since public
descriptions disagree; issue 20 adds the weighted sum, min-max normalised, of one public
description (sdi.beltim.go.id/kodref/03.05.019.001). Failing and passing cases, computed by
hand."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from desacoop.errors import ValidationError
from desacoop.evaluation.schemes import (
    INDEKS_DESA_DIMENSIONS,
    DimensionWeight,
    EvaluationInputs,
    IndeksDesa,
    IndexAggregation,
)
from desacoop.evaluation.status import DevelopmentStatus, StatusThresholds

THRESHOLDS = StatusThresholds((D(20), D(40), D(60), D(80)), places=2)
#: Layanan dasar 10, sosial 90, ekonomi 10, lingkungan 90, aksesibilitas 10, tata kelola 90.
ALTERNATING = EvaluationInputs.of(
    dict(zip(INDEKS_DESA_DIMENSIONS, [D(10), D(90)] * 3, strict=True))
)


@pytest.mark.parametrize(
    ("aggregation", "weights", "value", "status"),
    [
        # Equal weights: arithmetic (10 + 90) / 2 = 50 (Berkembang: 40 <= 50 < 60);
        # geometric sqrt(10 x 90) = 30 (Tertinggal: 20 <= 30 < 40).
        (IndexAggregation.WEIGHTED_MEAN, [1] * 6, "50.00", DevelopmentStatus.BERKEMBANG),
        (IndexAggregation.GEOMETRIC_MEAN, [1] * 6, "30.00", DevelopmentStatus.TERTINGGAL),
        # Weights 3 on the 10s, 1 on the 90s: arithmetic (3 x 10 + 90) / 4 = 30;
        # geometric (10^3 x 90) ** (1/4) = 90000 ** 0.25 = 17.3205... (Sangat Tertinggal).
        (IndexAggregation.WEIGHTED_MEAN, [3, 1] * 3, "30.00", DevelopmentStatus.TERTINGGAL),
        (
            IndexAggregation.GEOMETRIC_MEAN,
            [3, 1] * 3,
            "17.32",
            DevelopmentStatus.SANGAT_TERTINGGAL,
        ),
    ],
)
def test_the_indeks_desa_aggregation_is_configurable(
    aggregation: IndexAggregation, weights: list[int], value: str, status: DevelopmentStatus
) -> None:
    scheme = IndeksDesa(
        tuple(
            DimensionWeight(d, D(w)) for d, w in zip(INDEKS_DESA_DIMENSIONS, weights, strict=True)
        ),
        THRESHOLDS,
        aggregation,
    )
    result = scheme.evaluate(ALTERNATING)
    assert (result.value, result.status) == (D(value), status)


def test_a_geometric_mean_with_a_zero_dimension_is_zero_and_the_default_is_arithmetic() -> None:
    values = dict(zip(INDEKS_DESA_DIMENSIONS, [D(0)] + [D(90)] * 5, strict=True))
    geometric = IndeksDesa.equal_weights(THRESHOLDS, IndexAggregation.GEOMETRIC_MEAN)
    assert geometric.evaluate(EvaluationInputs.of(values)).value == D("0.00")
    assert IndeksDesa.equal_weights(THRESHOLDS).aggregation is IndexAggregation.WEIGHTED_MEAN
    with pytest.raises(ValidationError):
        IndeksDesa.equal_weights(THRESHOLDS, "geometric-mean")  # type: ignore[arg-type]


# -- issue 20: the weighted sum, min-max normalised (sdi.beltim.go.id/kodref/03.05.019.001) --


@pytest.mark.parametrize(
    ("weights", "score_range", "value", "status"),
    [
        # Equal weights 1: sum = 3 x 10 + 3 x 90 = 300; (300 - 0) / (600 - 0) = 0.50
        # (Berkembang: 0.4 <= x < 0.6; the thresholds are in the normalised score's unit).
        ([1] * 6, ("0", "600"), "0.50", DevelopmentStatus.BERKEMBANG),
        # Weights 3 on the 10s, 1 on the 90s: sum = 3 x (3 x 10) + 3 x 90 = 90 + 270 = 360;
        # with the range (100, 1100): (360 - 100) / 1000 = 0.26 (Tertinggal: 0.2 <= x < 0.4).
        ([3, 1] * 3, ("100", "1100"), "0.26", DevelopmentStatus.TERTINGGAL),
        # The page's total 123.98 read as the maximum: 300 / 123.98 = 2.4197...: above the
        # range, so the caller's range must fit the weights (it is never a default).
        ([1] * 6, ("0", "123.98"), "2.42", DevelopmentStatus.MANDIRI),
    ],
)
def test_the_weighted_sum_min_max_normalised(
    weights: list[int], score_range: tuple[str, str], value: str, status: DevelopmentStatus
) -> None:
    scheme = IndeksDesa(
        [DimensionWeight(d, D(w)) for d, w in zip(INDEKS_DESA_DIMENSIONS, weights, strict=True)],
        THRESHOLDS_01,
        IndexAggregation.WEIGHTED_SUM_MIN_MAX,
        score_range=(D(score_range[0]), D(score_range[1])),
    )
    result = scheme.evaluate(ALTERNATING)
    assert (result.value, result.status) == (D(value), status)


THRESHOLDS_01 = StatusThresholds((D("0.2"), D("0.4"), D("0.6"), D("0.8")), places=2)


@pytest.mark.parametrize(
    ("aggregation", "score_range", "fragment"),
    [
        (IndexAggregation.WEIGHTED_SUM_MIN_MAX, None, "needs the sum's minimum and maximum"),
        (IndexAggregation.WEIGHTED_MEAN, (D(0), D(1)), "score_range is for the min-max"),
        (IndexAggregation.WEIGHTED_SUM_MIN_MAX, (D(5), D(5)), "must be above its minimum"),
    ],
)
def test_the_min_max_range_is_the_callers_and_fits_the_aggregation(
    aggregation: IndexAggregation, score_range: tuple[D, D] | None, fragment: str
) -> None:
    with pytest.raises(ValidationError, match=fragment):
        IndeksDesa(
            IndeksDesa.equal_weights(THRESHOLDS_01).weights,
            THRESHOLDS_01,
            aggregation,
            score_range=score_range,
        )

"""Issue 13, "Rules corrected": the Indeks Desa aggregation is configurable (weighted
arithmetic mean, the default, or weighted geometric mean of the six dimensions), since public
descriptions disagree. Failing and passing cases, computed by hand."""

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

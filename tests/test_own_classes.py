"""Other projects' classes (issue 21, point 19): a subclass is told to compose, and the
exported converter reads a user's own attrs class with ValidationErrors that have paths."""

from __future__ import annotations

import json
from decimal import Decimal

import attrs
import pytest
from cattrs.errors import BaseValidationError

import desacoop
from desacoop.agreement import Agreement
from desacoop.errors import ValidationError
from desacoop.regions import RegionCode
from desacoop.serialization import converter


@attrs.frozen
class TrackedAgreement:
    agreement: Agreement
    tracker: str
    reviewed: bool = False


@attrs.frozen
class Budget:
    region: RegionCode
    amount: Decimal
    years: tuple[int, ...] = ()


def test_composition_round_trips_through_the_converter() -> None:
    tracked = TrackedAgreement(desacoop.example_agreement(), tracker="crm-17")
    text = json.dumps(converter.unstructure(tracked))
    assert converter.structure(json.loads(text), TrackedAgreement) == tracked


def test_errors_of_an_own_class_are_validation_errors_with_paths() -> None:
    data = {"region": "64x", "amount": 1.5, "years": [2024, "2025"], "extra": 1}
    with pytest.raises(ValidationError) as caught:
        converter.structure(data, Budget)
    assert not isinstance(caught.value, BaseValidationError)
    assert [p.path for p in caught.value.problems] == [
        "$.region", "$.amount", "$.years[1]", "$.extra",
    ]  # fmt: skip
    with pytest.raises(ValidationError) as caught:
        converter.structure({"amount": "1"}, Budget)
    assert [(p.path, p.message) for p in caught.value.problems] == [
        ("$.region", "required but missing")
    ]
    with pytest.raises(ValidationError) as caught:
        converter.structure([1], Budget)
    assert caught.value.problems[0].path == "$"


def test_a_nested_desacoop_document_is_checked_with_its_path() -> None:
    tracked = TrackedAgreement(desacoop.example_agreement(), tracker="crm-17")
    data = converter.unstructure(tracked)
    data["agreement"]["parties"][1]["province"] = "64x"
    data["reviewed"] = "ya"
    with pytest.raises(ValidationError) as caught:
        converter.structure(data, TrackedAgreement)
    assert [p.path for p in caught.value.problems] == [
        "$.agreement.parties[1].province",
        "$.reviewed",
    ]


def test_a_subclass_is_not_a_document_and_is_told_to_compose() -> None:
    @attrs.frozen
    class Subclassed(Agreement):
        tracker: str = "crm-17"

    agreement = desacoop.example_agreement()
    subclassed = Subclassed(**{f.name: getattr(agreement, f.name) for f in attrs.fields(Agreement)})
    with pytest.raises(ValidationError, match="not a desacoop document: Subclassed") as caught:
        desacoop.to_json(subclassed)
    assert "a subclass of Agreement is not one: compose instead" in caught.value.message
    assert "desacoop.serialization.converter" in caught.value.message

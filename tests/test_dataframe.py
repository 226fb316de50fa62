"""DataFrame export keeps meaning: enums by value, codes dotted, money exact."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs
import pytest
from hypothesis import given

import desacoop
from desacoop.dataframe import flatten, to_frame
from desacoop.errors import ValidationError
from desacoop.strategies import agreements

pd = pytest.importorskip("pandas")


def test_nested_records_become_dotted_columns() -> None:
    frame = to_frame(desacoop.example_agreement().witnesses)
    assert list(frame.columns) == [
        "official.name",
        "official.position",
        "party",
        "represented_by.name",
        "represented_by.position",
    ]
    assert frame["represented_by.name"].iloc[0] == "Roy Rizali Anwar"
    assert pd.isna(frame["represented_by.name"].iloc[1])  # attended in person


def test_values_keep_their_meaning() -> None:
    agreement = desacoop.example_agreement()
    row = to_frame([agreement.signing]).iloc[0]
    assert row["on"] == dt.date(2022, 4, 13)
    assert row["place.region"] == "63.71"
    assert row["place.time_zone"] == "WITA"
    scope = to_frame(agreement.scope)
    assert scope["area"].tolist()[:2] == ["rural-economy", "bum-desa"]


@attrs.frozen
class _Money:
    amount: Decimal


def test_decimals_are_not_floats() -> None:
    frame = to_frame([_Money(Decimal("12500000.50"))])
    value = frame["amount"].iloc[0]
    assert isinstance(value, Decimal)
    assert value == Decimal("12500000.50")


def test_not_a_record() -> None:
    with pytest.raises(ValidationError):
        flatten({"a": 1})


@given(agreements())
def test_one_row_per_record_and_every_field_present(agreement: desacoop.Agreement) -> None:
    frame = to_frame([agreement, agreement])
    assert len(frame) == 2
    assert frame["id"].tolist() == [agreement.id] * 2
    assert len(frame["parties"].iloc[0]) == len(agreement.parties)


@pytest.mark.parametrize("bad", [5, "records", None])
def test_to_frame_refuses_what_is_not_a_sequence_of_records(bad: object) -> None:
    pytest.importorskip("pandas")
    with pytest.raises(ValidationError):
        to_frame(bad)  # type: ignore[arg-type]

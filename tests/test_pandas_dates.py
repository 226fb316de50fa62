"""Dates from pandas and numpy (issue 21, point 18): a midnight, timezone-free
``pd.Timestamp`` or ``numpy.datetime64`` is taken as its day wherever a date is taken;
anything else is refused with a hint."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

import desacoop
from desacoop.agreement import Signing, Term
from desacoop.errors import ValidationError
from desacoop.monitoring import Observation, Value
from desacoop.rollup import progress

from .utils import need

pd = need("pandas")
np = need("numpy")

DAY = dt.date(2024, 6, 30)


def _observation(**dates: Any) -> Observation:
    fields: dict[str, Any] = {"on": DAY, "recorded_on": DAY, **dates}
    return Observation(id="o", indicator="ind", region="63.03", value=Value(amount=1), **fields)


@pytest.mark.parametrize(
    "given",
    [
        pd.Timestamp("2024-06-30"),
        np.datetime64("2024-06-30"),
        np.datetime64("2024-06-30T00:00:00"),
        np.datetime64("2024-06-30T00:00:00.000000000"),
        pd.Timestamp("2024-06-30").to_datetime64(),
    ],
    ids=["Timestamp", "datetime64[D]", "datetime64[s]", "datetime64[ns]", "to_datetime64"],
)
def test_a_midnight_timestamp_is_its_day(given: Any) -> None:
    observation = _observation(on=given, recorded_on=given, period_start=given)
    assert (observation.on, observation.recorded_on, observation.period_start) == (DAY,) * 3
    assert type(observation.on) is dt.date
    assert Signing(given).on == DAY
    assert Term(start=given).start == DAY
    # functions that take a date
    agreement = desacoop.example_agreement()
    assert agreement.status(given) == agreement.status(DAY)
    plan = desacoop.example_plan()
    report = progress(plan, as_of=given, recorded_on=given)
    assert report.as_of == DAY
    assert report == progress(plan, as_of=DAY, recorded_on=DAY)


@pytest.mark.parametrize(
    ("given", "hint"),
    [
        (pd.Timestamp("2024-06-30 10:00"), "without a time zone"),
        (pd.Timestamp("2024-06-30", tz="Asia/Makassar"), "without a time zone"),
        (pd.Timestamp("2024-06-30 00:00:00.000000001"), "without a time zone"),
        (np.datetime64("2024-06-30T10:00"), "without a time zone"),
        (np.datetime64("NaT"), "without a time zone"),
        (dt.datetime(2024, 6, 30), "give the datetime.date"),
        ("2024-06-30", "parse_date"),
        (20240630, "datetime.date(2024, 6, 30)"),
    ],
    ids=["time", "zone", "nanosecond", "numpy-time", "NaT", "datetime", "text", "number"],
)
def test_anything_else_is_refused_with_a_hint(given: Any, hint: str) -> None:
    with pytest.raises(ValidationError, match="on must be a date") as caught:
        _observation(on=given)
    assert hint in caught.value.message
    assert caught.value.problems[0].path == "$.on"
    with pytest.raises(ValidationError, match="as_of must be a date") as caught:
        progress(desacoop.example_plan(), as_of=given)
    assert hint in caught.value.message

"""The monitoring model: values, periods, indicators, observations, milestones, plans."""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import json
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desacoop.agreement import Agreement, Term
from desacoop.errors import ValidationError
from desacoop.example import example_agreement
from desacoop.monitoring import (
    Aggregation,
    AreaWeight,
    Baseline,
    Direction,
    Frequency,
    Indicator,
    Measure,
    Milestone,
    MilestoneStatus,
    MonitoringPlan,
    Observation,
    OrdinalScale,
    Period,
    Target,
    TimeBehaviour,
    Value,
    reporting_periods,
)
from desacoop.regions import Level, RegionCode
from desacoop.scope import ScopeArea
from desacoop.serialization import from_dict, from_json, to_dict, to_json

from .utils import need

D = dt.date
WINDOW = Period(D(2022, 4, 13), D(2024, 12, 31))
SCALE = OrdinalScale("klasifikasi BUM Desa", ("perintis", "pemula", "berkembang", "maju"))


def count_indicator(id: str = "kader", **changes: object) -> Indicator:
    fields: dict[str, object] = {
        "id": id,
        "label_id": "Kader KPMD aktif",
        "label_en": "Active KPMD cadres",
        "area": ScopeArea.CADRES,
        "unit": "orang",
        "measure": Measure.COUNT,
        "level": Level.REGENCY,
        "baselines": (Baseline(Value.of(10), D(2022, 4, 13)),),
        "targets": (Target(Value.of(30), D(2024, 12, 31)),),
    }
    fields.update(changes)
    return Indicator(**fields)  # type: ignore[arg-type]


def obs(id: str, region: str, on: dt.date, value: Value, **changes: object) -> Observation:
    fields: dict[str, object] = {
        "id": id,
        "indicator": "kader",
        "region": region,
        "on": on,
        "value": value,
        "recorded_on": on,
    }
    fields.update(changes)
    return Observation(**fields)  # type: ignore[arg-type]


def plan(**changes: object) -> MonitoringPlan:
    fields: dict[str, object] = {
        "id": "demo",
        "title": "Rencana pemantauan (ilustrasi)",
        "agreement": example_agreement(),
        "illustrative": True,
        "indicators": (count_indicator(),),
        "window": WINDOW,
    }
    fields.update(changes)
    return MonitoringPlan(**fields)  # type: ignore[arg-type]


def problems(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, str]:
    return {p.path: p.message for p in exc.value.problems}


# -- values ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "form"),
    [
        (Value.of(5), "amount"),
        (Value.ratio(3, 4), "ratio"),
        (Value(level="maju"), "level"),
        (Value(text="rapat koordinasi berjalan"), "text"),
        (Value(met=False), "met"),
    ],
)
def test_a_value_has_exactly_one_form(value: Value, form: str) -> None:
    assert value.form == form


def test_numbers_from_notebooks_become_exact_decimals() -> None:
    np = need("numpy")
    assert Value.of(5).amount == Decimal(5)
    assert isinstance(Value.ratio(1, 3).denominator, Decimal)
    assert Value.of(np.int64(4)).amount == Decimal(4)
    assert Value.of(0.25).amount == Decimal("0.25")
    assert Value.of(0.1).amount == Decimal("0.1")  # shortest repr, not 0.1000000000000000055...
    assert Value(amount=np.float64(0.4907)).amount == Decimal("0.4907")
    assert Value.ratio(np.int64(3), 4.0) == Value.ratio(3, 4)


@pytest.mark.parametrize(
    "bad", [float("nan"), float("inf"), "abc", "NaN", True, None, [1], object(), "1e999999"]
)
def test_a_value_refuses_what_is_not_a_finite_number(bad: object) -> None:
    with pytest.raises(ValidationError):
        Value.of(bad)  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        Value.ratio(bad, 2)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({}, "exactly one"),
        ({"amount": Decimal(1), "met": True}, "exactly one"),
        ({"numerator": Decimal(1)}, "both numerator and denominator"),
        ({"numerator": Decimal(1), "denominator": Decimal(0)}, "positive"),
        ({"numerator": Decimal(-1), "denominator": Decimal(2)}, "negative"),
        ({"met": "yes"}, "bool"),
        ({"text": "  "}, "non-empty"),
    ],
)
def test_bad_values_are_refused(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        Value(**kwargs)  # type: ignore[arg-type]


# -- periods ----------------------------------------------------------------------


def spans(periods: tuple[Period, ...]) -> list[tuple[str, str]]:
    return [(p.start.isoformat(), p.end.isoformat()) for p in periods]


def test_monthly_periods_end_on_the_last_day_of_each_month_in_a_leap_year() -> None:
    periods = reporting_periods(D(2024, 1, 1), D(2024, 4, 30), Frequency.MONTHLY)
    assert spans(periods) == [
        ("2024-01-01", "2024-01-31"),
        ("2024-02-01", "2024-02-29"),
        ("2024-03-01", "2024-03-31"),
        ("2024-04-01", "2024-04-30"),
    ]


def test_monthly_periods_from_the_31st_do_not_skip_short_months() -> None:
    periods = reporting_periods(D(2023, 1, 31), D(2023, 5, 15), Frequency.MONTHLY)
    assert spans(periods) == [
        ("2023-01-31", "2023-01-31"),
        ("2023-02-01", "2023-02-28"),
        ("2023-03-01", "2023-03-31"),
        ("2023-04-01", "2023-04-30"),
        ("2023-05-01", "2023-05-15"),
    ]


def test_quarterly_periods_follow_the_calendar_and_are_clipped_to_the_window() -> None:
    periods = reporting_periods(D(2022, 4, 13), D(2023, 2, 28), Frequency.QUARTERLY)
    assert spans(periods) == [
        ("2022-04-13", "2022-06-30"),
        ("2022-07-01", "2022-09-30"),
        ("2022-10-01", "2022-12-31"),
        ("2023-01-01", "2023-02-28"),
    ]


def test_semester_and_annual_periods() -> None:
    assert spans(reporting_periods(D(2023, 12, 31), D(2024, 12, 31), Frequency.SEMESTER)) == [
        ("2023-12-31", "2023-12-31"),
        ("2024-01-01", "2024-06-30"),
        ("2024-07-01", "2024-12-31"),
    ]
    assert spans(reporting_periods(D(2022, 4, 13), D(2024, 12, 31), Frequency.ANNUAL)) == [
        ("2022-04-13", "2022-12-31"),
        ("2023-01-01", "2023-12-31"),
        ("2024-01-01", "2024-12-31"),
    ]


def test_periods_cover_the_window_without_gaps_or_overlaps() -> None:
    for frequency in Frequency:
        periods = reporting_periods(D(2020, 2, 29), D(2025, 3, 1), frequency)
        assert periods[0].start == D(2020, 2, 29)
        assert periods[-1].end == D(2025, 3, 1)
        for a, b in itertools.pairwise(periods):
            assert b.start == a.end + dt.timedelta(days=1)
        assert sum(p.days for p in periods) == (D(2025, 3, 1) - D(2020, 2, 29)).days + 1


def test_a_one_day_window_is_one_period() -> None:
    assert spans(reporting_periods(D(2024, 2, 29), D(2024, 2, 29), Frequency.ANNUAL)) == [
        ("2024-02-29", "2024-02-29")
    ]


def test_bad_periods_are_refused() -> None:
    with pytest.raises(ValidationError, match="before it starts"):
        reporting_periods(D(2024, 2, 1), D(2024, 1, 1), Frequency.MONTHLY)
    with pytest.raises(ValidationError, match="frequency"):
        reporting_periods(D(2024, 1, 1), D(2024, 2, 1), "monthly")  # type: ignore[arg-type]


def test_the_plan_takes_its_periods_from_a_known_term() -> None:
    agreement = attrs.evolve(example_agreement(), term=Term(D(2022, 4, 13), D(2023, 4, 12)))
    p = plan(agreement=agreement, window=None, frequency=Frequency.SEMESTER)
    assert p.monitoring_window == Period(D(2022, 4, 13), D(2023, 4, 12))
    assert spans(p.reporting_periods()) == [
        ("2022-04-13", "2022-06-30"),
        ("2022-07-01", "2022-12-31"),
        ("2023-01-01", "2023-04-12"),
    ]


def test_an_unknown_term_needs_a_declared_window() -> None:
    with pytest.raises(ValidationError) as exc:
        plan(window=None)
    assert "window" in problems(exc)
    assert plan().reporting_periods()[0] == Period(D(2022, 4, 13), D(2022, 6, 30))


# -- indicators -----------------------------------------------------------------


def test_percentages_are_never_summed_or_averaged() -> None:
    for aggregation in (Aggregation.SUM, Aggregation.MEAN):
        with pytest.raises(ValidationError, match="never summed or averaged") as exc:
            count_indicator(
                measure=Measure.PERCENTAGE,
                aggregation=aggregation,
                baselines=(Baseline(Value.of(20), D(2022, 4, 13)),),
                targets=(Target(Value.ratio(7, 10), D(2024, 12, 31)),),
            )
        assert "aggregation" in problems(exc)


@pytest.mark.parametrize(
    ("changes", "path"),
    [
        ({"measure": Measure.ORDINAL}, "scale"),
        ({"scale": SCALE}, "scale"),
        ({"aggregation": Aggregation.RATIO}, "aggregation"),
        ({"weight": Decimal(-1)}, "weight"),
        ({"measure": Measure.QUALITATIVE, "baselines": (), "targets": ()}, "weight"),
        ({"direction": Direction.DECREASE, "measure": Measure.MILESTONE}, "direction"),
        ({"targets": ()}, "targets"),
        ({"direction": Direction.DECREASE}, "targets[0].value"),
        ({"baselines": ()}, "baselines"),
        ({"targets": (Target(Value.of(30), D(2022, 4, 13)),)}, "targets[0].by"),
        ({"targets": (Target(Value.of(Decimal("2.5")), D(2024, 1, 1)),)}, "targets[0].value"),
        ({"targets": (Target(Value.ratio(1, 2), D(2024, 1, 1)),)}, "targets[0].value"),
        (
            {"targets": (Target(Value.of(3), D(2024, 1, 1), "35.07.01.2001"),)},
            "targets[0].region",
        ),
        (
            {
                "baselines": (
                    Baseline(Value.of(1), D(2022, 1, 1), "35"),
                    Baseline(Value.of(1), D(2022, 2, 1), "63"),
                )
            },
            "baselines",
        ),
        (
            {
                "targets": (
                    Target(Value.of(3), D(2024, 1, 1)),
                    Target(Value.of(4), D(2024, 1, 1)),
                )
            },
            "targets[1]",
        ),
    ],
)
def test_inconsistent_indicators_are_refused_with_a_path(
    changes: dict[str, object], path: str
) -> None:
    with pytest.raises(ValidationError) as exc:
        count_indicator(**changes)  # type: ignore[arg-type]
    assert path in problems(exc)


def test_per_period_needs_a_measure_that_adds_up() -> None:
    with pytest.raises(ValidationError) as exc:
        count_indicator(
            measure=Measure.ORDINAL,
            scale=SCALE,
            aggregation=Aggregation.MIN,
            time=TimeBehaviour.PER_PERIOD,
            baselines=(Baseline(Value(level="perintis"), D(2022, 4, 13)),),
            targets=(Target(Value(level="maju"), D(2024, 12, 31)),),
        )
    assert "time" in problems(exc)


def test_an_ordinal_level_must_be_on_the_scale() -> None:
    with pytest.raises(ValidationError, match="not a level") as exc:
        count_indicator(
            measure=Measure.ORDINAL,
            scale=SCALE,
            aggregation=Aggregation.MIN,
            baselines=(Baseline(Value(level="perintis"), D(2022, 4, 13)),),
            targets=(Target(Value(level="mandiri"), D(2024, 12, 31)),),
        )
    assert "targets[0].value" in problems(exc)
    assert SCALE.rank("maju") == 3


# -- observations -------------------------------------------------------------------


def test_an_observation_is_a_date_value_or_a_period_value() -> None:
    o = obs("o1", "35.07", D(2022, 12, 31), Value.of(3))
    assert o.period is None
    q = obs("o2", "35.07", D(2022, 12, 31), Value.of(3), period_start=D(2022, 10, 1))
    assert q.period == Period(D(2022, 10, 1), D(2022, 12, 31))
    with pytest.raises(ValidationError, match="after it ends"):
        obs("o3", "35.07", D(2022, 12, 31), Value.of(3), period_start=D(2023, 1, 1))
    with pytest.raises(ValidationError, match="before the date it describes"):
        obs("o4", "35.07", D(2022, 12, 31), Value.of(3), recorded_on=D(2022, 12, 30))
    with pytest.raises(ValidationError, match="itself"):
        obs("o5", "35.07", D(2022, 12, 31), Value.of(3), supersedes="o5")


# -- milestones --------------------------------------------------------------------

DUE = D(2022, 12, 31)


def milestone(**changes: object) -> Milestone:
    fields: dict[str, object] = {
        "id": "rencana-aksi",
        "label_id": "Rencana aksi disepakati",
        "label_en": "Action plan agreed",
        "area": ScopeArea.RURAL_ECONOMY,
        "due": DUE,
    }
    fields.update(changes)
    return Milestone(**fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("changes", "as_of", "status", "late", "days"),
    [
        ({}, D(2022, 12, 31), MilestoneStatus.SCHEDULED, False, 0),
        ({}, D(2023, 1, 10), MilestoneStatus.SCHEDULED, True, 10),
        (
            {"met_on": D(2022, 12, 1), "status": MilestoneStatus.MET},
            D(2023, 6, 1),
            MilestoneStatus.MET,
            False,
            0,
        ),
        (
            {"met_on": D(2023, 1, 5), "status": MilestoneStatus.MET},
            D(2023, 1, 3),
            MilestoneStatus.SCHEDULED,
            True,
            3,
        ),
        (
            {"met_on": D(2023, 1, 5), "status": MilestoneStatus.MET},
            D(2023, 6, 1),
            MilestoneStatus.MET,
            True,
            5,
        ),
        (
            {"met_on": D(2022, 12, 20), "status": MilestoneStatus.MET},
            D(2022, 12, 10),
            MilestoneStatus.SCHEDULED,
            False,
            0,
        ),
        (
            {"met_on": D(2022, 11, 1), "status": MilestoneStatus.PARTIALLY_MET},
            D(2023, 1, 31),
            MilestoneStatus.PARTIALLY_MET,
            True,
            31,
        ),
        ({"status": MilestoneStatus.NOT_MET}, D(2023, 1, 1), MilestoneStatus.NOT_MET, True, 1),
    ],
)
def test_lateness_is_derived_for_a_date(
    changes: dict[str, object],
    as_of: dt.date,
    status: MilestoneStatus,
    late: bool,
    days: int,
) -> None:
    m = milestone(**changes)
    assert m.status_on(as_of) is status
    assert m.is_late(as_of) is late
    assert m.days_late(as_of) == days


def test_milestone_status_and_date_met_agree() -> None:
    with pytest.raises(ValidationError, match="needs the date"):
        milestone(status=MilestoneStatus.MET)
    with pytest.raises(ValidationError, match="has no date met"):
        milestone(met_on=D(2022, 5, 1))
    assert not any(f.name == "late" for f in attrs.fields(Milestone))


# -- the plan -------------------------------------------------------------------------


def test_plan_validation_collects_every_problem_with_its_path() -> None:
    agreement = attrs.evolve(example_agreement(), scope=example_agreement().scope[:3])
    bad = count_indicator("asing", area=ScopeArea.CADRES, party="bali")
    with pytest.raises(ValidationError) as exc:
        plan(
            agreement=agreement,
            indicators=(count_indicator(), count_indicator(), bad),
            milestones=(milestone(), milestone(party="ntb")),
            area_weights=(AreaWeight(ScopeArea.CADRES, Decimal(2)),),
        )
    found = problems(exc)
    assert "indicators[1].id" in found
    assert "indicators[0].area" in found
    assert "indicators[2].party" in found
    assert "milestones[1].id" in found
    assert "milestones[1].party" in found
    assert "area_weights[0].area" in found


def test_observations_must_fit_their_indicator_and_province() -> None:
    kalsel_only = count_indicator(party="kalsel")
    observations = (
        obs("o1", "35.07", D(2022, 12, 31), Value.of(3)),  # Jatim, but the indicator is Kalsel's
        obs("o2", "63.71.01", D(2022, 12, 31), Value.of(3)),  # a district, not a regency
        obs("o3", "63.71", D(2022, 12, 31), Value.ratio(1, 2)),  # not a count
        obs("o4", "63.71", D(2022, 12, 31), Value.of(3), indicator="nope"),
        obs("o4", "63.71", D(2023, 3, 31), Value.of(3)),  # duplicate id
        obs("o5", "63.71", D(2023, 6, 30), Value.of(3)),
        obs("o6", "63.71", D(2023, 6, 30), Value.of(4)),  # second original, no supersedes
    )
    with pytest.raises(ValidationError) as exc:
        plan(indicators=(kalsel_only,), observations=observations)
    found = problems(exc)
    assert "outside" in found["observations[0].region"]
    assert "regency" in found["observations[1].region"]
    assert "observations[2].value" in found
    assert "observations[3].indicator" in found
    assert "observations[4].id" in found
    assert "supersede" in found["observations[6]"]


def test_corrections_must_point_back_in_time_to_the_same_series() -> None:
    first = obs("o1", "35.07", D(2022, 12, 31), Value.of(3), recorded_on=D(2023, 1, 10))
    observations = (
        first,
        obs(
            "c1", "35.07", D(2022, 12, 31), Value.of(4), supersedes="o1", recorded_on=D(2023, 2, 1)
        ),
        obs(
            "c2", "35.07", D(2022, 12, 31), Value.of(5), supersedes="o1", recorded_on=D(2023, 3, 1)
        ),
        obs(
            "c3", "35.07", D(2022, 12, 31), Value.of(5), supersedes="zz", recorded_on=D(2023, 3, 1)
        ),
        obs(
            "c4", "63.71", D(2022, 12, 31), Value.of(5), supersedes="c1", recorded_on=D(2023, 3, 1)
        ),
        obs(
            "c5", "35.07", D(2022, 12, 31), Value.of(5), supersedes="c4", recorded_on=D(2023, 1, 1)
        ),
    )
    with pytest.raises(ValidationError) as exc:
        plan(observations=observations)
    found = problems(exc)
    assert "twice" in found["observations[2].supersedes"]
    assert "no observation" in found["observations[3].supersedes"]
    assert "same indicator and region" in found["observations[4].supersedes"]
    assert "on or after" in found["observations[5].supersedes"]
    assert "observations[1].supersedes" not in found


def test_corrections_never_go_round_in_a_circle() -> None:
    a = obs("a", "35.07", D(2022, 12, 31), Value.of(3), supersedes="b")
    b = obs("b", "35.07", D(2022, 12, 31), Value.of(4), supersedes="a")
    with pytest.raises(ValidationError, match="circle"):
        plan(observations=(a, b))


def test_plan_questions() -> None:
    p = plan(
        indicators=(count_indicator(), count_indicator("kalsel-saja", party="kalsel")),
        area_weights=(AreaWeight(ScopeArea.CADRES, Decimal(3)),),
    )
    assert p.home_provinces(p.indicator("kader")) == ("63", "35")
    assert p.home_provinces(p.indicator("kalsel-saja")) == ("63",)
    assert p.area_weight(ScopeArea.CADRES) == 3
    assert p.area_weight(ScopeArea.BUM_DESA) == 1
    with pytest.raises(ValidationError, match="no indicator"):
        p.indicator("nope")


# -- JSON ---------------------------------------------------------------------------


def full_plan() -> MonitoringPlan:
    return plan(
        indicators=(
            count_indicator(),
            count_indicator(
                "profil",
                area=ScopeArea.VILLAGE_PROFILE,
                measure=Measure.PERCENTAGE,
                aggregation=Aggregation.RATIO,
                time=TimeBehaviour.PER_PERIOD,
                weight=Decimal("2.5"),
                party="jatim",
                baselines=(Baseline(Value.of(20), D(2022, 4, 13), "35"),),
                targets=(Target(Value.ratio(7, 10), D(2024, 12, 31), "35.07"),),
            ),
            count_indicator(
                "kelas",
                area=ScopeArea.BUM_DESA,
                measure=Measure.ORDINAL,
                scale=SCALE,
                aggregation=Aggregation.MAX,
                direction=Direction.INCREASE,
                level=Level.VILLAGE,
                baselines=(Baseline(Value(level="perintis"), D(2022, 4, 13)),),
                targets=(Target(Value(level="maju"), D(2024, 12, 31)),),
            ),
            count_indicator(
                "catatan",
                measure=Measure.QUALITATIVE,
                weight=Decimal(0),
                baselines=(),
                targets=(),
                definition="Catatan pelaksanaan",
            ),
        ),
        observations=(
            obs("o1", "35.07", D(2022, 12, 31), Value.of(12), source="laporan", note="awal"),
            obs(
                "o2",
                "35.07",
                D(2022, 12, 31),
                Value.of(13),
                supersedes="o1",
                recorded_on=D(2023, 1, 2),
            ),
            obs(
                "p1",
                "35.07",
                D(2022, 12, 31),
                Value.ratio(3, 10),
                indicator="profil",
                period_start=D(2022, 10, 1),
            ),
            obs("k1", "63.71.01.1001", D(2022, 12, 31), Value(level="pemula"), indicator="kelas"),
            obs("t1", "63.71", D(2022, 12, 31), Value(text="berjalan"), indicator="catatan"),
        ),
        milestones=(milestone(met_on=D(2023, 1, 5), status=MilestoneStatus.MET, party="jatim"),),
        area_weights=(AreaWeight(ScopeArea.CADRES, Decimal("1.5")),),
        frequency=Frequency.SEMESTER,
        sources=("ilustrasi",),
        notes=("ILUSTRASI: bukan data resmi",),
    )


@pytest.mark.parametrize(
    "obj",
    [
        Value.of(5),
        Value.ratio(1, 3),
        Value(met=True),
        Period(D(2022, 1, 1), D(2022, 3, 31)),
        SCALE,
        Baseline(Value.of(1), D(2022, 1, 1), "35.07"),
        Target(Value(level="maju"), D(2024, 1, 1)),
        AreaWeight(ScopeArea.CADRES, Decimal("0.5")),
        milestone(),
        obs("o1", "35.07", D(2022, 12, 31), Value.of(3)),
        count_indicator(),
        full_plan(),
    ],
    ids=lambda o: type(o).__name__,
)
def test_strict_json_round_trip(obj: object) -> None:
    text = to_json(obj)
    assert from_json(text, type(obj)) == obj
    assert to_json(from_json(text, type(obj))) == text


def test_a_bad_plan_document_reports_json_paths() -> None:
    data = to_dict(full_plan())
    data["observations"][0]["region"] = "35.07.01"
    data["observations"][1]["value"]["amount"] = 1.5
    data["indicators"][1]["aggregation"] = "mean"
    data["milestones"][0]["late"] = True
    with pytest.raises(ValidationError) as exc:
        from_dict(json.loads(json.dumps(data)), MonitoringPlan)
    paths = {p.path for p in exc.value.problems}
    assert "$.observations[1].value.amount" in paths
    assert "$.indicators[1].aggregation" in paths
    assert "$.milestones[0].late" in paths


def test_plan_invariants_surface_with_document_paths() -> None:
    data = to_dict(full_plan())
    data["observations"][0]["region"] = "35.07.01"
    with pytest.raises(ValidationError) as exc:
        from_dict(data, MonitoringPlan)
    assert "$.observations[0].region" in {p.path for p in exc.value.problems}


def test_region_codes_in_observations_are_values() -> None:
    o = obs("o1", "3507", D(2022, 12, 31), Value.of(3))
    assert o.region == RegionCode("35.07")
    assert to_dict(o)["region"] == "35.07"


def test_an_agreement_without_every_area_refuses_indicators_elsewhere() -> None:
    agreement = Agreement(
        id="mini",
        title="Kerja sama",
        parties=example_agreement().parties,
        scope=example_agreement().scope[:1],
    )
    with pytest.raises(ValidationError) as exc:
        plan(agreement=agreement)
    assert "not committed" in problems(exc)["indicators[0].area"]


def test_periods_at_the_ends_of_the_calendar() -> None:
    assert reporting_periods(D(9999, 11, 1), D(9999, 12, 31), Frequency.QUARTERLY)[-1] == Period(
        D(9999, 11, 1), D(9999, 12, 31)
    )
    assert len(reporting_periods(D(1, 1, 1), D(1, 12, 31), Frequency.MONTHLY)) == 12


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=5,
)


def _paths(node: object, prefix: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    found = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += _paths(value, (*prefix, i))
    return found


@settings(max_examples=200)
@given(st.data())
def test_a_damaged_plan_document_raises_only_validation_errors(data: st.DataObject) -> None:
    document = to_dict(full_plan())
    path = data.draw(st.sampled_from(_paths(document)[1:]))
    replacement = data.draw(_JSON)
    node: Any = document
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = replacement
    with contextlib.suppress(ValidationError):
        from_dict(json.loads(json.dumps(document)), MonitoringPlan)


@pytest.mark.parametrize("text", ["1E+3", "0E-8", "-0", "12.50"])
def test_decimals_given_with_exponents_are_written_plainly(text: str) -> None:
    value = Value(amount=Decimal(text))
    assert value.amount == Decimal(text)
    assert "E" not in to_json(value)
    assert from_json(to_json(value), Value) == value
    weight = AreaWeight(ScopeArea.CADRES, Decimal(text))
    assert from_json(to_json(weight), AreaWeight) == weight


def test_reporting_periods_refuse_a_window_of_more_than_a_century() -> None:
    """A window to 9999 made 95,719 monthly periods in 4 s (the promise fuzzer's hang)."""
    from desacoop.monitoring import MAX_WINDOW_YEARS, Frequency, reporting_periods

    start = dt.date(2023, 6, 30)
    last = dt.date(2023 + MAX_WINDOW_YEARS, 12, 31)
    assert len(reporting_periods(start, last, Frequency.ANNUAL)) == MAX_WINDOW_YEARS + 1
    with pytest.raises(ValidationError, match="at most 100 years") as caught:
        reporting_periods(start, dt.date(9999, 12, 31), Frequency.MONTHLY)
    assert caught.value.problems[0].path == "$.end"


def test_the_plans_observation_refusals_are_data() -> None:
    """What the plan refuses among candidate observations, by index and field (an import
    blames its rows by these); the plan's own problems are the same, as paths."""
    from desacoop.example import example_plan
    from desacoop.monitoring import Refusal

    plan = example_plan()
    n = len(plan.observations)
    elsewhere = Observation(
        id="x-6401", indicator="bumdes-berkembang-maju", region=RegionCode("64.01"),
        on=dt.date(2024, 9, 30), value=Value(amount=3), recorded_on=dt.date(2024, 10, 1),
    )  # fmt: skip
    negative = attrs.evolve(
        elsewhere, id="x-3507", region=RegionCode("35.07"), value=Value(amount=-1)
    )
    assert plan.observation_refusals(plan.observations) == []
    refusals = plan.observation_refusals((*plan.observations, elsewhere, negative))
    assert refusals == [
        Refusal(
            n, "region",
            "64.01 lies outside the province(s) of the parties responsible for "
            "bumdes-berkembang-maju",
        ),
        Refusal(n + 1, "value", "a count cannot be negative (-1)"),
    ]  # fmt: skip
    with pytest.raises(ValidationError) as caught:
        attrs.evolve(plan, observations=(*plan.observations, elsewhere, negative))
    assert (
        [p.path for p in caught.value.problems]
        == [r.path for r in refusals]
        == [
            f"observations[{n}].region",
            f"observations[{n + 1}].value",
        ]
    )

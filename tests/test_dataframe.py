"""Tidy DataFrames: one row per fact, one column per measure, numbers exact unless asked;
observations read back from a frame with every problem at once."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import desacoop
import desacoop.dataframe as dataframe
from desacoop.dataframe import (
    evaluations_frame,
    flatten,
    from_frame,
    observations_frame,
    report_frame,
    summary_frame,
    to_frame,
)
from desacoop.errors import ValidationError
from desacoop.evaluation import DevelopmentStatus, RegionSummary, StatusCount
from desacoop.export import EVALUATION_COLUMNS, evaluation_rows
from desacoop.monitoring import Indicator, Measure, Observation, Target, Value
from desacoop.rollup import progress
from desacoop.strategies import agreements, indicators, observations, village_evaluations

from .rollup.builders import END, MID, indicator, make_plan, obs
from .utils import need, shared_file

pd = need("pandas")

D = Decimal


def _no_nested_cells(frame: Any) -> None:
    """Tidy: no cell holds a tuple, a list or a record."""
    for column in frame.columns:
        for value in frame[column].tolist():
            assert not isinstance(value, tuple | list | dict), (column, value)
            assert not attrs.has(type(value)), (column, value)


# -- progress reports --------------------------------------------------------------


def _small_report() -> desacoop.rollup.ProgressReport:
    """One count indicator (area cadres, regency level): baseline 0 on 2022-01-01, target
    100 per province by 2024-01-01; 50 observed in 63.01 and in 35.07 on 2023-01-01 (MID,
    expected 0.5 on the linear schedule)."""
    ind = indicator(targets=(Target(Value.of(100), END, "63"), Target(Value.of(100), END, "35")))
    plan = make_plan((ind,), (obs("63.01", MID, 50, id="a"), obs("35.07", MID, 50, id="b")))
    return progress(plan, as_of=MID)


COLUMNS = ["scope", "scope_key", "kind", "key", "region", "status", "value", "coverage"]
COLUMNS += ["actual", "baseline", "target", "target_by", "observation_count"]


def test_report_frame_by_hand() -> None:
    frame = to_frame(_small_report(), numbers="object")
    # 16 areas in the whole tree and in each party's (all areas shown) + the root, 1 area
    # per region (only areas with indicators), and the one indicator under cadres:
    # whole 1 + 16 + 1, two parties 2 × 18, two regencies 2 × 3 → 60 rows.
    assert len(frame) == 60
    shown = frame[frame["area"].isna() | (frame["area"] == "cadres")][COLUMNS]
    half, one = D("0.5"), D(1)
    end = dt.date(2024, 1, 1)
    expected = pd.DataFrame(
        [
            # whole: actual 50 + 50 = 100 of target 100 + 100 = 200 → 0.5 = expected 0.5;
            # the 15 areas without indicators expect nothing → coverage 1
            ("whole", "kalsel-jatim-2022", "agreement", "kalsel-jatim-2022", None,
             "on-track", half, one, None, None, None, None, 0),
            ("whole", "kalsel-jatim-2022", "area", "cadres", None,
             "on-track", half, one, None, None, None, None, 0),
            ("whole", "kalsel-jatim-2022", "indicator", "ind", None,
             "on-track", half, one, D(100), D(0), D(200), end, 2),
            # each party: 50 of its province's 100 → 0.5
            ("party", "kalsel", "party", "kalsel", "63",
             "on-track", half, one, None, None, None, None, 0),
            ("party", "kalsel", "area", "cadres", "63",
             "on-track", half, one, None, None, None, None, 0),
            ("party", "kalsel", "indicator", "ind", "63",
             "on-track", half, one, D(50), D(0), D(100), end, 1),
            ("party", "jatim", "party", "jatim", "35",
             "on-track", half, one, None, None, None, None, 0),
            ("party", "jatim", "area", "cadres", "35",
             "on-track", half, one, None, None, None, None, 0),
            ("party", "jatim", "indicator", "ind", "35",
             "on-track", half, one, D(50), D(0), D(100), end, 1),
            # regencies: data but no target stated for them
            ("region", "35.07", "region", "35.07", "35.07",
             "no-target", None, D(0), None, None, None, None, 0),
            ("region", "35.07", "area", "cadres", "35.07",
             "no-target", None, D(0), None, None, None, None, 0),
            ("region", "35.07", "indicator", "ind", "35.07",
             "no-target", None, D(0), D(50), D(0), None, None, 1),
            ("region", "63.01", "region", "63.01", "63.01",
             "no-target", None, D(0), None, None, None, None, 0),
            ("region", "63.01", "area", "cadres", "63.01",
             "no-target", None, D(0), None, None, None, None, 0),
            ("region", "63.01", "indicator", "ind", "63.01",
             "no-target", None, D(0), D(50), D(0), None, None, 1),
        ],
        columns=COLUMNS,
    )  # fmt: skip
    got = shown.reset_index(drop=True).astype(object).where(shown.notna().values, None)
    want = expected.astype(object).where(expected.notna().values, None)
    assert got.to_dict("records") == want.to_dict("records")
    assert frame.attrs["illustrative"] is True
    assert frame.attrs["as_of"] == MID
    row = frame[(frame.scope == "party") & (frame.key == "ind")].iloc[0]
    assert (row["status_label_id"], row["status_label_en"]) == ("sesuai jadwal", "on track")
    assert (row["label_id"], row["label_en"]) == ("Indikator ind", "Indicator ind")
    _no_nested_cells(frame)


def test_report_frame_names_regions_from_the_plan() -> None:
    plan = desacoop.example_plan()
    report = progress(plan, as_of=dt.date(2024, 12, 31))
    frame = report_frame(report, regions=plan)
    assert list(frame.columns).index("region_name") == list(frame.columns).index("region") + 1
    malang = frame[(frame.scope == "region") & (frame.key == "35.07")]
    assert malang["region_name"].tolist() == ["Kabupaten Malang"]
    by_mapping = report_frame(report, regions={"35.07": "Malang"})
    assert set(by_mapping.loc[by_mapping.region == "35.07", "region_name"]) == {"Malang"}
    assert "region_name" not in report_frame(report).columns  # no names given, none invented
    with pytest.raises(ValidationError, match="regions"):
        report_frame(report, regions=42)


def test_undeclared_data_is_a_scope_apart() -> None:
    one = indicator(targets=(Target(Value.of(100), END, "63.01"),))  # 63.01 declared
    plan = make_plan((one,), (obs("63.01", MID, 50), obs("63.03", MID, 60)))
    frame = to_frame(progress(plan, as_of=MID, show_undeclared=True), numbers="object")
    apart = frame[frame.scope == "undeclared"]
    assert apart[["kind", "key", "region", "actual"]].values.tolist() == [
        ["indicator", "ind", "63.03", D(60)]
    ]
    whole = frame[(frame.scope == "whole") & (frame.key == "ind")]
    assert whole["actual"].tolist() == [D(50)]  # the 60 of 63.03 is not in the total


def test_report_method_gives_the_same_frame() -> None:
    report = _small_report()
    method = report.to_frame
    pd.testing.assert_frame_equal(method(), report_frame(report))
    pd.testing.assert_frame_equal(method(numbers="float"), to_frame(report, numbers="float"))


def test_figures_become_one_row_each() -> None:
    report = _small_report()
    areas = to_frame(report.children)
    assert len(areas) == 16
    assert areas["kind"].unique().tolist() == ["area"]
    assert (areas["key"] == areas["area"]).all()
    assert len(to_frame(report.total)) == 18  # the total, its 16 areas, the indicator


# -- numbers -------------------------------------------------------------------------


def test_numbers_are_exact_by_default() -> None:
    frame = to_frame(_small_report())
    value = frame.loc[0, "value"]
    assert isinstance(value, Decimal)
    assert value == D("0.5")  # exactly
    if dataframe._arrow() is not None:
        assert isinstance(frame["coverage"].dtype, pd.ArrowDtype)
    else:
        assert frame["coverage"].dtype == object


def test_without_pyarrow_decimals_are_objects(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dataframe, "_arrow", lambda: None)
    frame = to_frame(_small_report())
    assert frame["coverage"].dtype == object
    assert frame.loc[0, "value"] == D("0.5")
    assert frame["target_by"].dtype == object
    assert to_frame(_small_report(), numbers="object")["value"].dtype == object


def test_arrow_decimals_hold_every_value_exactly() -> None:
    need("pyarrow")
    values = [D("0.1234567890123456789012345678"), D("12345678901234567890"), None]
    column = dataframe._column(pd, values, "decimal", "decimal")
    assert column.tolist()[:2] == values[:2]  # 28 decimals and 20 digits: precision 48
    huge = [D("1E+80"), D("1E-5")]  # 86 digits: no Arrow decimal holds it, Decimals stay
    assert dataframe._column(pd, huge, "decimal", "decimal").tolist() == huge


def test_float_numbers_for_analysis() -> None:
    frame = to_frame(_small_report(), numbers="float")
    assert frame["value"].dtype == "float64"
    assert frame["target_by"].dtype == "datetime64[s]"
    described = frame[["value", "coverage"]].describe()
    assert described.loc["count", "value"] == 9  # whole and party trees: 3 + 3 + 3
    assert described.loc["max", "coverage"] == 1.0


@pytest.mark.parametrize("bad", ["Decimal", "", None, 1.5, "float64"])
def test_numbers_must_be_one_of_three(bad: object) -> None:
    with pytest.raises(ValidationError, match="numbers must be one of"):
        to_frame(_small_report(), numbers=bad)  # type: ignore[arg-type]


# -- evaluations and summaries -------------------------------------------------------


def test_evaluations_have_a_column_per_dimension() -> None:
    from desacoop import idm
    from desacoop.evaluation import VillageEvaluation

    first = VillageEvaluation("63.71.01.2001", 2023, idm.evaluate(iks="0.8", ike="0.8", ikl="0.8"))
    second = VillageEvaluation("63.71.01.2001", 2024, idm.evaluate(iks="0.9", ike="0.8", ikl="0.7"))
    frame = to_frame([first, second], numbers="object")
    assert list(frame.columns[:12]) == [
        "village", "village_name", "province", "province_name", "regency", "regency_name",
        "district", "year", "method", "iks", "ike", "ikl",
    ]  # fmt: skip
    # the one layout of evaluations: the export's columns, in its order (issue 21, point 12)
    assert list(frame.columns) == list(EVALUATION_COLUMNS)
    assert frame["province_name"].tolist() == ["Kalimantan Selatan"] * 2  # known without names
    assert frame["regency_name"].isna().all()  # not given, not invented
    assert frame[["year", "iks", "ike", "ikl"]].values.tolist() == [
        [2023, D("0.8"), D("0.8"), D("0.8")],
        [2024, D("0.9"), D("0.8"), D("0.7")],
    ]
    # IDM = mean of the three: 0.8 → maju; (0.9 + 0.8 + 0.7) / 3 = 0.8 → maju
    assert frame["value"].tolist() == [D("0.8"), D("0.8")]
    assert frame["status"].tolist() == ["maju", "maju"]
    assert frame["regency"].tolist() == ["63.71", "63.71"]
    assert frame["published_score"].isna().all()
    _no_nested_cells(frame)


def test_the_export_and_the_frame_of_evaluations_are_one_layout(tmp_path: Path) -> None:
    """``desacoop export --what evaluations`` and ``to_frame(evaluations, regions=...)``:
    the same columns, in the same order, holding the same cells (issue 21, point 12)."""
    from desacoop import idm
    from desacoop.evaluation import VillageEvaluation
    from desacoop.export import region_names, write_rows

    evaluations = [
        VillageEvaluation("63.71.01.2001", 2023, idm.evaluate(iks="0.8", ike="0.8", ikl="0.8")),
        VillageEvaluation(
            "35.07.01.2001", 2024, idm.evaluate(iks="0.6571", ike="0.5333", ikl="0.6667"),
            name="Tulungrejo",
        ),
    ]  # fmt: skip
    names = {"63.71": "Kota Banjarmasin", "35.07": "Kabupaten Malang"}
    frame = to_frame(evaluations, regions=names, numbers="object")
    path = tmp_path / "evaluations.csv"
    write_rows(
        evaluation_rows(evaluations, lambda c: names.get(str(c)) or region_names()(c)),
        EVALUATION_COLUMNS,
        path,
    )
    exported = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert list(frame.columns) == list(exported.columns) == list(EVALUATION_COLUMNS)
    as_text = (
        frame.astype(object)
        .where(frame.notna(), "")
        .map(lambda v: format(v, "f") if isinstance(v, D) else str(v))
    )
    assert as_text.values.tolist() == exported.values.tolist()
    assert exported["regency_name"].tolist() == ["Kota Banjarmasin", "Kabupaten Malang"]
    assert exported["province_name"].tolist() == ["Kalimantan Selatan", "Jawa Timur"]
    assert exported["village_name"].tolist() == ["", "Tulungrejo"]
    # 0.6571 + 0.5333 + 0.6667 = 1.8571; / 3 = 0.6190 (IDM's four digits)
    assert exported["value"].tolist() == ["0.8000", "0.6190"]


@given(st.lists(village_evaluations(), max_size=5))
def test_one_row_per_village_year(evaluations: list[Any]) -> None:
    frame = evaluations_frame(evaluations)
    assert len(frame) == len(evaluations)
    assert frame["village"].tolist() == [str(e.village) for e in evaluations]
    present = {
        d.dimension.value.replace("-", "_") for e in evaluations for d in e.inputs.dimensions
    }
    assert present <= set(frame.columns)
    for e, (_, row) in zip(evaluations, frame.iterrows(), strict=True):
        for d in e.inputs.dimensions:
            assert row[d.dimension.value.replace("-", "_")] == d.value
    _no_nested_cells(frame)


def test_the_ministry_sample_makes_a_small_frame() -> None:
    from desacoop.evaluation.kemendes import from_kemendes

    path = shared_file("idm", "kemendes-idm-sample.jsonl")
    with path.open(encoding="utf-8") as lines:
        evaluations = [from_kemendes(json.loads(line)["response"]) for line in lines]
    assert len(evaluations) == 574
    frame = to_frame(evaluations)
    assert len(frame) == 574
    assert {"iks", "ike", "ikl"} <= set(frame.columns)
    # one row is a few hundred bytes: the 574 rows were a 10 MB CSV with nested scores
    assert len(frame.to_csv()) < 400_000
    _no_nested_cells(frame)
    floats = to_frame(evaluations, numbers="float")
    described = floats[["iks", "ike", "ikl"]].describe()
    assert [described.at["count", c] for c in ("iks", "ike", "ikl")] == [574.0] * 3


def _summary(region: str, counts: tuple[int, ...], **changes: Any) -> RegionSummary:
    return RegionSummary(
        region=region,
        year=2024,
        total=sum(counts),
        counts=tuple(StatusCount(s, n) for s, n in zip(DevelopmentStatus, counts, strict=True)),
        **changes,
    )


def test_status_summaries_wide_and_long() -> None:
    summaries = [
        _summary("63", (1, 2, 3, 4, 5), compared_with=2021, moved_up=6, reached_mandiri=2),
        _summary("35", (0, 0, 8, 0, 0)),
    ]
    wide = to_frame(summaries)
    assert wide.to_dict("records") == [
        {"region": "63", "year": 2024, "compared_with": 2021, "total": 15,  # 1+2+3+4+5
         "sangat_tertinggal": 1, "tertinggal": 2, "berkembang": 3, "maju": 4, "mandiri": 5,
         "moved_up": 6, "moved_down": 0, "reached_mandiri": 2},
        {"region": "35", "year": 2024, "compared_with": None, "total": 8,
         "sangat_tertinggal": 0, "tertinggal": 0, "berkembang": 8, "maju": 0, "mandiri": 0,
         "moved_up": 0, "moved_down": 0, "reached_mandiri": 0},
    ]  # fmt: skip
    long = summary_frame(summaries, long=True)
    assert len(long) == 10  # 2 regions × 5 statuses
    assert long[long.region == "63"][["status", "count"]].values.tolist() == [
        ["sangat-tertinggal", 1], ["tertinggal", 2], ["berkembang", 3], ["maju", 4],
        ["mandiri", 5],
    ]  # fmt: skip
    assert long["count"].sum() == wide["total"].sum() == 23
    _no_nested_cells(wide)
    _no_nested_cells(long)
    named = summary_frame(summaries, regions={"63": "Kalimantan Selatan"})
    assert named["region_name"].tolist()[0] == "Kalimantan Selatan"
    assert pd.isna(named["region_name"].tolist()[1])


# -- observations to a frame and back ------------------------------------------------


def test_observations_frame_columns() -> None:
    plan = desacoop.example_plan()
    frame = to_frame(plan.observations)
    assert list(frame.columns) == [
        "id", "indicator", "region", "date", "period_start", "value", "numerator",
        "denominator", "recorded_on", "source", "note", "supersedes",
    ]  # fmt: skip
    assert len(frame) == len(plan.observations)
    _no_nested_cells(frame)


@given(indicators().flatmap(lambda ind: st.tuples(st.just(ind), observations(ind))))
def test_round_trip(drawn: tuple[Indicator, tuple[Observation, ...]]) -> None:
    indicator, found = drawn
    frame = observations_frame(found)
    assert from_frame(frame, indicator) == found
    assert from_frame(observations_frame(found, numbers="object"), indicator) == found


def test_from_frame_reads_numpy_and_mapped_columns() -> None:
    np = need("numpy")
    frame = pd.DataFrame(
        {
            "kode": ["63.01", "35.07", "35.10"],
            "tanggal": pd.to_datetime(["2023-06-30", "2023-06-30", "2023-12-31"]),
            "nilai": pd.Series([np.int64(4), np.float64(0.25), np.float32(2.5)], dtype=object),
            "lain": ["ignored", "ignored", "ignored"],
        }
    )
    found = from_frame(
        frame,
        "ind",
        columns={"region": "kode", "date": "tanggal", "value": "nilai"},
        recorded_on=dt.date(2024, 1, 10),
    )
    assert [o.value.amount for o in found] == [D(4), D("0.25"), D("2.5")]
    assert [o.on for o in found] == [dt.date(2023, 6, 30)] * 2 + [dt.date(2023, 12, 31)]
    assert found[0].id == "ind-6301-2023-06-30"
    assert {o.recorded_on for o in found} == {dt.date(2024, 1, 10)}


def test_from_frame_reads_a_percentage_from_its_parts() -> None:
    ratio = indicator(
        "ratio",
        measure=Measure.PERCENTAGE,
        aggregation=desacoop.monitoring.Aggregation.RATIO,
        targets=(Target(Value.of(80), END),),
    )
    frame = pd.DataFrame(
        {"region": ["63.01"], "date": ["2023-06-30"], "numerator": [3], "denominator": [4],
         "recorded_on": [dt.date(2023, 7, 1)]}
    )  # fmt: skip
    (found,) = from_frame(frame, ratio)
    assert found.value == Value.ratio(3, 4)


def test_from_frame_reports_every_problem_with_its_row() -> None:
    frame = pd.DataFrame(
        {
            "region": ["63.01", "63.x1", 3507, "35.07", "35.07", None],
            "date": ["2023-06-30", "2023-06-30", "2023-06-30", "31/13/2023", "2023-06-30",
                     "2023-06-30"],
            "value": [1.0, 2.0, 3.0, 4.0, float("nan"), 6.0],
        },
        index=[10, 11, 12, 13, 14, 15],
    )  # fmt: skip
    with pytest.raises(ValidationError) as caught:
        from_frame(frame, "ind", recorded_on=dt.date(2024, 1, 1))
    lines = str(caught.value).splitlines()
    assert lines[0] == "5 problems:"
    assert [line.split(":")[0].strip() for line in lines[1:]] == [
        "row 11", "row 12", "row 13", "row 14", "row 15",
    ]  # fmt: skip
    text = str(caught.value)
    assert "row 11: region: " in text
    assert "row 12: region: " in text
    assert "dtype=str" in text  # a code read as a number: its dots and zeros are lost
    assert "row 13: date: " in text
    assert "row 14: value: value is missing" in text  # NaN is missing, not a float
    assert "row 15: region: region is missing" in text
    assert all(p.path.startswith("row ") for p in caught.value.problems)


def test_from_frame_checks_values_against_the_indicator() -> None:
    count = indicator()  # a count: whole, not negative
    frame = pd.DataFrame(
        {"region": ["63.01", "63.02", "63.03"], "date": ["2023-06-30"] * 3,
         "value": [D("1.5"), D(-2), "banyak"], "recorded_on": ["2023-07-01"] * 3}
    )  # fmt: skip
    with pytest.raises(ValidationError) as caught:
        from_frame(frame, count)
    messages = [p.message for p in caught.value.problems]
    assert len(messages) == 3
    assert "whole number" in messages[0]
    assert "negative" in messages[1]
    assert "banyak" in messages[2]


def test_from_frame_reads_levels_texts_and_met_with_the_indicator() -> None:
    from desacoop.monitoring import Aggregation, Baseline

    from .rollup.builders import SCALE, START

    ordinal = indicator(
        "ord",
        measure=Measure.ORDINAL,
        scale=SCALE,
        aggregation=Aggregation.MAX,
        baselines=(Baseline(Value(level="perintis"), START),),
        targets=(Target(Value(level="maju"), END),),
    )
    frame = pd.DataFrame(
        {"region": ["63.01", "63.02"], "date": ["2023-06-30"] * 2, "value": ["maju", "hebat"],
         "recorded_on": ["2023-07-01"] * 2}
    )  # fmt: skip
    assert from_frame(frame.iloc[:1], ordinal)[0].value == Value(level="maju")
    with pytest.raises(ValidationError, match="row 1: value: 'hebat' is not a level"):
        from_frame(frame, ordinal)
    with pytest.raises(ValidationError, match="pass the Indicator"):
        from_frame(frame, "ord")
    notes = indicator("notes", measure=Measure.QUALITATIVE, weight=0, baselines=(), targets=())
    assert from_frame(frame, notes)[1].value == Value(text="hebat")
    met = indicator("met", measure=Measure.MILESTONE, aggregation=Aggregation.MIN,
                    baselines=(Baseline(Value(met=False), START),),
                    targets=(Target(Value(met=True), END),))  # fmt: skip
    flags = frame.assign(value=pd.array([True, False], dtype="boolean"))
    assert [o.value.met for o in from_frame(flags, met)] == [True, False]
    with pytest.raises(ValidationError, match="True or False"):
        from_frame(frame, met)


def test_from_frame_refuses_a_frame_without_the_columns() -> None:
    frame = pd.DataFrame({"kode": ["63.01"], "x": [1]})
    with pytest.raises(ValidationError) as caught:
        from_frame(frame, "ind", columns={"regoin": "kode", "date": "tanggal"})
    paths = [p.path for p in caught.value.problems]
    assert paths == ["columns['regoin']", "columns['date']", "region", "value", "recorded_on"]


def test_from_frame_refuses_duplicates_and_wrong_indicators() -> None:
    frame = pd.DataFrame(
        {"id": ["a", "a", "b"], "indicator": ["ind", "ind", "other"],
         "region": ["63.01", "63.02", "63.03"], "date": ["2023-06-30"] * 3, "value": [1, 2, 3],
         "recorded_on": ["2023-07-01"] * 3}
    )  # fmt: skip
    with pytest.raises(ValidationError) as caught:
        from_frame(frame, "ind")
    assert [str(p) for p in caught.value.problems] == [
        "row 1: id: 'a' appears twice (first in row 0)",
        "row 2: indicator: the row is of 'other', not of 'ind'",
    ]


@pytest.mark.parametrize(
    ("frame", "indicator_arg"),
    [([{"region": "63.01"}], "ind"), ("frame", "ind"), (None, "ind")],
)
def test_from_frame_wants_a_dataframe(frame: object, indicator_arg: str) -> None:
    with pytest.raises(ValidationError, match="DataFrame"):
        from_frame(frame, indicator_arg)  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", [None, "", 5, Value.of(1)])
def test_from_frame_wants_an_indicator(bad: object) -> None:
    with pytest.raises(ValidationError, match="indicator"):
        from_frame(pd.DataFrame({"region": []}), bad)  # type: ignore[arg-type]


# -- other records ---------------------------------------------------------------------


def test_nested_records_become_dotted_columns() -> None:
    frame = to_frame(desacoop.example_agreement().witnesses)
    assert list(frame.columns) == [
        "official.name",
        "official.position",
        "party",
        "represented_by.name",
        "represented_by.position",
        "attendance",
    ]
    assert frame["represented_by.name"].iloc[0] == "Roy Rizali Anwar"
    assert pd.isna(frame["represented_by.name"].iloc[1])  # not represented (attendance not stated)


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


@pytest.mark.parametrize("numbers", ["decimal", "object"])
def test_decimals_are_not_floats(numbers: str) -> None:
    frame = to_frame([_Money(D("12500000.50"))], numbers=numbers)  # type: ignore[arg-type]
    value = frame["amount"].iloc[0]
    assert isinstance(value, Decimal)
    assert value == D("12500000.50")


def test_not_a_record() -> None:
    with pytest.raises(ValidationError):
        flatten({"a": 1})


@given(agreements())
def test_one_row_per_record_and_every_field_present(agreement: desacoop.Agreement) -> None:
    frame = to_frame([agreement, agreement])
    assert len(frame) == 2
    assert frame["id"].tolist() == [agreement.id] * 2
    assert len(frame["parties"].iloc[0]) == len(agreement.parties)


@pytest.mark.parametrize("bad", [5, "records", None, {"a": 1}])
def test_to_frame_refuses_what_is_not_a_sequence_of_records(bad: object) -> None:
    with pytest.raises(ValidationError):
        to_frame(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "function", [evaluations_frame, observations_frame, summary_frame, report_frame]
)
def test_the_named_frames_refuse_other_records(function: Any) -> None:
    with pytest.raises(ValidationError):
        function([desacoop.example_agreement()])


def _cell(value: Any) -> Any:
    """A frame cell as the export holds it: missing is None."""
    return None if value is None or (not isinstance(value, str) and pd.isna(value)) else value


@pytest.mark.parametrize("as_of", [dt.date(2023, 12, 31), dt.date(2026, 12, 31)])
def test_the_frame_and_the_export_agree_on_every_shared_column(as_of: dt.date) -> None:
    """One source for a figure's facts: the columns both tables have hold the same values,
    row for row (both walk the whole, the parties, the regions, depth first)."""
    from desacoop.spreadsheet import FIGURE_COLUMNS, figure_rows

    report = progress(desacoop.example_plan(), as_of=as_of)
    exported = figure_rows(report)
    frame = report_frame(report, numbers="object")
    shared = [c for c in FIGURE_COLUMNS if c in frame.columns]
    assert len(shared) >= 18  # kind, key, labels, region, status, value ... target_by, as_of
    assert len(exported) == len(frame)
    for row, (_, framed) in zip(exported, frame.iterrows(), strict=True):
        assert {c: row[c] for c in shared} == {c: _cell(framed[c]) for c in shared}
    # where they differ, they differ on purpose: ids in the export, counts in the frame
    assert [r["observations"].count(" ") + bool(r["observations"]) for r in exported] == list(
        frame["observation_count"]
    )


# -- statuses by rank and describe() on the default frame (issue 21, point 13) ----------


def _idm_evaluations() -> list[Any]:
    from desacoop import idm
    from desacoop.evaluation import VillageEvaluation

    # IDM = mean of the three; thresholds 0.491 / 0.599 / 0.707 / 0.815
    scores = [
        ("63.03.01.2001", "0.9"),  # 0.9 → mandiri
        ("63.03.01.2002", "0.45"),  # 0.45 → sangat tertinggal
        ("63.03.01.2003", "0.75"),  # 0.75 → maju
        ("63.03.01.2004", "0.65"),  # 0.65 → berkembang
        ("63.03.01.2005", "0.55"),  # 0.55 → tertinggal
    ]
    return [
        VillageEvaluation(code, 2024, idm.evaluate(iks=score, ike=score, ikl=score))
        for code, score in scores
    ]


def test_statuses_are_an_ordered_categorical_by_rank() -> None:
    frame = to_frame(_idm_evaluations())
    ranks = ["sangat-tertinggal", "tertinggal", "berkembang", "maju", "mandiri"]
    for column in ("status", "next_status", "published_status", "published_target_status"):
        assert isinstance(frame[column].dtype, pd.CategoricalDtype), column
        assert frame[column].cat.ordered, column
        assert frame[column].cat.categories.tolist() == ranks, column
    # sorted by rank, not by alphabet (alphabet: berkembang, mandiri, maju, sangat..., tert...)
    assert frame.sort_values("status")["status"].tolist() == ranks
    assert (frame["status"] >= "maju").sum() == 2  # maju and mandiri
    crosstab = pd.crosstab(frame["status"], frame["year"])
    assert crosstab.index.tolist() == ranks
    # the values themselves are unchanged: the status's stable value
    assert frame["status"].tolist() == ["mandiri", "sangat-tertinggal", "maju", "berkembang",
                                        "tertinggal"]  # fmt: skip
    assert pd.isna(frame["next_status"].tolist()[0])  # Mandiri has no next status
    assert frame["next_status"].tolist()[1] == "tertinggal"
    long = summary_frame([_summary("63", (1, 2, 3, 4, 5))], long=True)
    assert long["status"].cat.ordered
    assert long.sort_values("status", ascending=False)["status"].tolist() == ranks[::-1]


def test_describe_covers_the_exact_columns_of_the_default_frame() -> None:
    from desacoop.dataframe import describe

    frame = to_frame(_idm_evaluations())
    # pandas' own describe() leaves the Arrow decimal columns out without a word
    assert "value" not in frame.describe().columns
    described = describe(frame)
    assert {"year", "iks", "ike", "ikl", "value", "gap", "finding_count"} <= set(described)
    assert list(described.columns) == [c for c in frame.columns if c in described.columns]
    value = described["value"]
    assert value["count"] == 5
    # (0.9 + 0.45 + 0.75 + 0.65 + 0.55) / 5 = 3.3 / 5 = 0.66, exactly
    assert value["mean"] == D("0.66")
    assert value["min"] == D("0.45")
    assert value["50%"] == D("0.65")
    assert value["max"] == D("0.9")
    # 25 %: position 0.25 × 4 = 1 → the second smallest, 0.55
    assert value["25%"] == D("0.55")
    assert described.at["count", "year"] == 5
    # the same statistics pandas gives on floats, to float precision
    floats = to_frame(_idm_evaluations(), numbers="float")["value"].describe()
    for stat in ("mean", "std", "min", "25%", "50%", "75%", "max"):
        assert float(value[stat]) == pytest.approx(floats[stat]), stat


def test_describe_of_an_object_frame_and_odd_percentiles() -> None:
    from desacoop.dataframe import describe

    frame = to_frame(_idm_evaluations(), numbers="object")
    described = describe(frame, percentiles=[0.1])
    assert described.index.tolist() == ["count", "mean", "std", "min", "10%", "max"]
    # 10 %: position 0.1 × 4 = 0.4 → 0.45 + (0.55 - 0.45) × 0.4 = 0.49
    assert described.at["10%", "value"] == D("0.49")
    with pytest.raises(ValidationError):
        describe(frame, percentiles=[1.5])
    with pytest.raises(ValidationError):
        describe([1, 2])  # type: ignore[arg-type]

"""Rendering progress reports, and the bundled illustrative monitoring plan."""

from __future__ import annotations

import csv
import datetime as dt
import json
from decimal import Decimal

import attrs
import pytest

from desacoop.errors import ValidationError
from desacoop.example import example_agreement, example_text
from desacoop.monitoring import Measure, MonitoringPlan, TimeBehaviour
from desacoop.regions import Level
from desacoop.report import ILLUSTRATIVE_BANNER, bar, render
from desacoop.rollup import ProgressReport, ProgressStatus, progress
from desacoop.serialization import from_json, to_json

from .utils import shared_file

PLAN_FILE = "kalsel-jatim-2022-monitoring.json"


@pytest.fixture(scope="module")
def plan() -> MonitoringPlan:
    return from_json(example_text(PLAN_FILE), MonitoringPlan)


@pytest.fixture(scope="module")
def report(plan: MonitoringPlan) -> ProgressReport:
    return progress(plan, as_of=dt.date(2023, 12, 31))


# -- the bundled plan ------------------------------------------------------------------


def test_the_bundled_plan_is_marked_illustrative_everywhere(plan: MonitoringPlan) -> None:
    assert plan.illustrative is True
    assert "ILUSTRASI" in plan.title
    assert any(note.startswith("ILUSTRASI") for note in plan.notes)
    assert all(o.source is not None and "bukan data resmi" in o.source for o in plan.observations)
    assert all(m.note is not None and "ilustrasi" in m.note for m in plan.milestones)


def test_the_bundled_plan_embeds_the_real_agreement_unchanged(plan: MonitoringPlan) -> None:
    assert plan.agreement == example_agreement()
    assert plan.agreement.term.is_known is False
    assert plan.window is not None  # the term is unknown, so the plan declares its window


def test_the_bundled_plan_is_small_and_varied(plan: MonitoringPlan) -> None:
    assert len(example_text(PLAN_FILE).encode()) < 300_000
    measures = {i.measure for i in plan.indicators}
    assert measures >= {Measure.COUNT, Measure.PERCENTAGE, Measure.AMOUNT, Measure.ORDINAL}
    assert {i.time for i in plan.indicators} == set(TimeBehaviour)
    assert len({i.area for i in plan.indicators}) >= 6
    assert {i.party for i in plan.indicators} == {None, "kalsel", "jatim"}
    assert any(o.supersedes for o in plan.observations)
    years = {o.on.year for o in plan.observations}
    assert years == {2022, 2023, 2024}
    levels = {o.region.level for o in plan.observations}
    assert {Level.PROVINCE, Level.REGENCY, Level.VILLAGE} <= levels


def test_the_bundled_plan_uses_real_region_codes() -> None:
    path = shared_file("regions", "kemendagri-2025.csv")
    with path.open(encoding="utf-8") as f:
        known = {row["code"] for row in csv.DictReader(f)}
    plan = from_json(example_text(PLAN_FILE), MonitoringPlan)
    codes = {str(o.region) for o in plan.observations}
    codes |= {str(t.region) for i in plan.indicators for t in i.targets if t.region}
    codes |= {str(b.region) for i in plan.indicators for b in i.baselines if b.region}
    assert codes <= known
    assert {c[:2] for c in codes} == {"63", "35"}


def test_the_bundled_plan_reads_back_to_the_same_text(plan: MonitoringPlan) -> None:
    assert to_json(plan) + "\n" == example_text(PLAN_FILE)


# -- rendering ---------------------------------------------------------------------------


def test_text_report_says_illustrative_at_top_and_bottom(report: ProgressReport) -> None:
    text = render(report)
    lines = text.strip().splitlines()
    assert lines[0] == ILLUSTRATIVE_BANNER
    assert lines[-1] == ILLUSTRATIVE_BANNER
    for piece in ("By scope area", "By party", "Holding progress back most", "Milestones"):
        assert piece in text
    assert "Kalimantan Selatan" in text
    assert "Jawa Timur" in text
    assert "data received" in text


def test_markdown_report(report: ProgressReport) -> None:
    md = render(report, format="markdown")
    assert md.startswith(f"> **{ILLUSTRATIVE_BANNER}**")
    assert "| 16 pengembangan kader" not in md  # the English labels in an English report
    assert "| 16 community-empowerment and human-development cadres (weight 1) |" in md
    assert "## By party" in md
    assert "| |" not in md  # no table has a blank header column


def test_indonesian_labels(report: ProgressReport) -> None:
    text = render(report, language="id")
    assert "Per ruang lingkup" in text
    assert "pengembangan BUMDesa/BUMDesMa" in text


def test_json_report_round_trips(report: ProgressReport) -> None:
    text = render(report, format="json")
    assert json.loads(text)["document"] == "ProgressReport"
    assert from_json(text, ProgressReport) == report
    assert json.loads(text)["illustrative"] is True


def test_a_plan_that_is_not_illustrative_has_no_banner(plan: MonitoringPlan) -> None:
    real = attrs.evolve(plan, illustrative=False, notes=("Angka resmi.",), notes_en=())
    text = render(progress(real, as_of=dt.date(2023, 12, 31)))
    assert "ILLUSTRATIVE" not in text
    assert "  * Angka resmi." in text  # the plan's notes are printed under the header


def test_bad_render_arguments(report: ProgressReport) -> None:
    with pytest.raises(ValidationError, match="unknown format"):
        render(report, format="pdf")
    with pytest.raises(ValidationError, match="language"):
        render(report, language="jv")
    with pytest.raises(ValidationError, match="ProgressReport"):
        render("report")  # type: ignore[arg-type]


def test_bars() -> None:
    assert bar(Decimal(0), width=4) == "░░░░"
    assert bar(Decimal(1), Decimal(1), width=4) == "████"
    assert bar(Decimal("0.25"), Decimal("0.5"), width=4) == "█░│░"
    assert bar(Decimal("0.75"), Decimal("0.5"), width=4) == "███░"
    assert bar(None, width=3) == "···"


def test_reports_of_every_date_render(plan: MonitoringPlan) -> None:
    for as_of in (dt.date(2022, 1, 1), dt.date(2022, 4, 13), dt.date(2024, 12, 31)):
        r = progress(plan, as_of=as_of)
        for fmt in ("text", "markdown", "json"):
            assert render(r, format=fmt)
    early = progress(plan, as_of=dt.date(2022, 1, 1))
    assert early.status is ProgressStatus.NO_DATA
    assert early.coverage == 0


def test_regions_are_shown_by_name_when_the_plan_names_them(plan: MonitoringPlan) -> None:
    import datetime as dt

    from desacoop.rollup import progress

    report = progress(plan, as_of=dt.date(2024, 12, 31))
    labels = {f.key: f.label_id for f in report.by_region}
    assert labels["63.04"] == "Kabupaten Barito Kuala"
    assert "63.04 Kabupaten Barito Kuala" in render(report)
    unnamed = progress(attrs.evolve(plan, regions=()), as_of=dt.date(2024, 12, 31))
    assert {f.key: f.label_id for f in unnamed.by_region}["63.04"] == "kabupaten/kota 63.04"


def test_a_region_named_twice_is_refused(plan: MonitoringPlan) -> None:
    from desacoop.errors import ValidationError
    from desacoop.regions import Region

    twice = (*plan.regions, Region("63.04", "Batola"))
    with pytest.raises(ValidationError) as info:
        attrs.evolve(plan, regions=twice)
    assert any(
        p.path == f"regions[{len(twice) - 1}].code" and "named twice" in p.message
        for p in info.value.problems
    )


def test_a_partly_met_milestone_is_not_called_met(report: ProgressReport) -> None:
    from desacoop.monitoring import MilestoneStatus

    partly = [m for m in report.milestones if m.status is MilestoneStatus.PARTIALLY_MET]
    assert partly, "the bundled plan has a partly met milestone"
    lines = [line for line in render(report).splitlines() if partly[0].label_en in line]
    assert lines
    assert "partly met" in lines[0]
    assert ", met " not in lines[0]


@pytest.mark.parametrize(
    ("value", "language", "percent", "number"),
    [
        (Decimal("0.655"), "en", "65.5%", "0.66"),
        (Decimal("0.655"), "id", "65,5%", "0,66"),  # the sign attached, as PUEBI writes it
        (Decimal("3302753000"), "en", "330,275,300,000.0%", "3,302,753,000"),
        (Decimal("3302753000"), "id", "330.275.300.000,0%", "3.302.753.000"),
        (Decimal("1234.5"), "id", "123.450,0%", "1.234,50"),
    ],
)
def test_numbers_are_written_the_way_each_language_writes_them(
    value: Decimal, language: str, percent: str, number: str
) -> None:
    from desacoop._formats import format_number, format_percent

    assert format_percent(value, language) == percent
    assert format_number(value, language) == number


def test_indonesian_report_writes_indonesian_numbers(report: ProgressReport) -> None:
    text = render(report, language="id")
    assert "Keseluruhan" in text
    english = render(report)
    overall = next(line for line in english.splitlines() if line.startswith("Overall"))
    percent = overall.split(" (expected")[0].split()[-1].rstrip("%")  # e.g. 65.5
    assert f"capaian {percent.replace('.', ',')}% dari target s.d. periode ini" in text


# -- the promise: any value validation accepts renders; bad arguments are refused ----------


def test_render_and_explain_ignore_the_callers_decimal_context(report: ProgressReport) -> None:
    from decimal import localcontext

    expected = {fmt: render(report, format=fmt) for fmt in ("text", "markdown")}
    with localcontext() as ctx:
        ctx.prec = 8
        for fmt in ("text", "markdown"):
            assert render(report, format=fmt) == expected[fmt]
        for tree in (report.total, *report.by_party, *report.by_region):
            for f in tree.walk():
                assert f.explain()


def test_a_huge_amount_renders() -> None:
    from desacoop.monitoring import Baseline, Target, Value

    from .rollup.builders import END, MID, START, indicator, make_plan, obs

    huge = indicator(
        measure=Measure.AMOUNT,
        baselines=(Baseline(Value.of(0), START),),
        targets=(Target(Value.of(Decimal("8E+28")), END),),
    )
    r = progress(make_plan((huge,), (obs("35.07", MID, Value.of(Decimal("4E+28"))),)), as_of=MID)
    assert r.find("ind").value == Decimal("0.5")
    text = render(r)
    assert "40,000,000,000,000,000,000,000,000,000" in text
    assert r.find("ind").explain()


def test_bad_arguments_of_the_renderers(report: ProgressReport) -> None:
    from desacoop.report import format_agreement
    from desacoop.rollup import explain

    for bad in ("ID", "EN", None, 1):
        with pytest.raises(ValidationError, match="language"):
            render(report, language=bad)  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="language"):
            report.total.explain(bad)  # type: ignore[arg-type]
    for bad_args in ((0.5,), (Decimal("NaN"),), (Decimal(1), "x"), (Decimal(1), None, 0)):
        with pytest.raises(ValidationError):
            bar(*bad_args)
    with pytest.raises(ValidationError):
        explain("figure")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="Agreement"):
        format_agreement("agreement")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="date"):
        format_agreement(example_agreement(), as_of="2022-04-13")  # type: ignore[arg-type]


def test_the_agreement_text_is_a_renderer() -> None:
    from desacoop import cli
    from desacoop.report import format_agreement

    text = format_agreement(example_agreement(), as_of=dt.date(2022, 4, 13))
    assert "Faried Fakhmansyah" in text
    assert not hasattr(cli, "format_agreement")


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "en",
            [
                "due 30 September 2022 · met on 20 October 2022, 20 days after the due date",
                "due 2 February 2023 · partly met on 28 February 2023; not yet fully met, "
                "698 days past the due date",
                "due 30 June 2023 · met on 16 May 2023 (on time)",
                "due 31 December 2023 · not yet met, 366 days past the due date",
            ],
        ),
        (
            "id",
            [
                "tenggat 30 September 2022 · tercapai 20 Oktober 2022, 20 hari setelah tenggat",
                "tenggat 2 Februari 2023 · tercapai sebagian 28 Februari 2023; belum tercapai "
                "penuh, 698 hari lewat tenggat",
                "tenggat 30 Juni 2023 · tercapai 16 Mei 2023 (tepat waktu)",
                "tenggat 31 Desember 2023 · belum tercapai, 366 hari lewat tenggat",
            ],
        ),
    ],
)
def test_milestones_read_without_contradiction(
    plan: MonitoringPlan, language: str, expected: list[str]
) -> None:
    """Issue 11: one state a milestone, never "scheduled · late 366 days". As of 31 December
    2024: 20 Oct 2022 − 30 Sep 2022 = 20 days; 31 Dec 2024 − 2 Feb 2023 = 365 + 333 = 698 days;
    31 Dec 2024 − 31 Dec 2023 = 366 days (2024 is a leap year)."""
    text = render(progress(plan, as_of=dt.date(2024, 12, 31)), language=language)
    for line in expected:
        assert line in text
    assert "scheduled" not in text
    assert "terjadwal" not in text


@pytest.mark.parametrize(
    ("language", "fmt", "words"),
    [("en", "text", "percentage points"), ("id", "markdown", "poin persen")],
)
def test_what_holds_progress_back_costs_percentage_points(
    report: ProgressReport, language: str, fmt: str, words: str
) -> None:
    from desacoop._formats import format_points

    held = report.holding_back()
    assert held
    lines = [line for line in render(report, fmt, language).splitlines() if words in line]
    assert len(lines) == len(held)
    for line, (_, gap) in zip(lines, held, strict=True):
        # the share of the overall figure, as a number of points: never "1.4 % percentage points"
        assert line.endswith(f" {format_points(gap, language)} {words}")
        assert "%" not in line.rsplit(",", 1)[-1]


def test_the_bundled_plan_uses_the_librarys_upk_deadline(plan: MonitoringPlan) -> None:
    # Issue 20: the UPK target and milestone use TRANSFORMATION_DEADLINE (2 February 2023,
    # two years after PP 11/2021), not the end of the month.
    from desacoop.enterprises import TRANSFORMATION_DEADLINE

    upk = next(i for i in plan.indicators if i.id == "upk-eks-pnpm-bertransformasi")
    assert {t.by for t in upk.targets} == {TRANSFORMATION_DEADLINE}
    milestone = next(m for m in plan.milestones if m.id == "transformasi-upk-selesai")
    assert milestone.due == TRANSFORMATION_DEADLINE == dt.date(2023, 2, 2)

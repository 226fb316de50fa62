"""What people read: one vocabulary, the same words in every format, Indonesian without
English (issue 22)."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from decimal import Decimal
from html.parser import HTMLParser

import attrs
import pytest

from desacoop import html
from desacoop._formats import format_percent, format_points
from desacoop._presentation import WORDS, counted, placeholders, view
from desacoop.cli import main
from desacoop.errors import ValidationError
from desacoop.example import example_agreement, example_plan
from desacoop.monitoring import Aggregation, Period
from desacoop.regions import RegionCode
from desacoop.report import format_agreement, render
from desacoop.rollup import (
    DataFinding,
    DataFindingKind,
    FigureKind,
    HeldBack,
    ProgressFigure,
    ProgressReport,
    ProgressStatus,
    Rule,
    RuleKind,
    RuleOf,
    progress,
)
from desacoop.serialization import from_json, to_json


@pytest.fixture(scope="module", params=[dt.date(2024, 12, 31), dt.date(2025, 3, 31)])
def report(request: pytest.FixtureRequest) -> ProgressReport:
    return progress(example_plan(), as_of=request.param)


# -- one vocabulary ----------------------------------------------------------------------


def test_both_languages_have_the_same_words_with_the_same_placeholders() -> None:
    assert set(WORDS["en"]) == set(WORDS["id"])
    for key in WORDS["en"]:
        assert placeholders(WORDS["en"][key]) == placeholders(WORDS["id"][key]), key


def test_no_word_repeats_an_enum_label() -> None:
    """Statuses and the names of the report's parts are the enums' own labels, never a
    second copy in the vocabulary (which could drift from them)."""
    for language in ("en", "id"):
        values = set(WORDS[language].values())
        for member in (*ProgressStatus, *FigureKind):
            assert member.label(language) not in values, (language, member)


@pytest.mark.parametrize(
    ("n", "language", "expected"),
    [
        (0, "en", "0 scope areas"),
        (1, "en", "1 scope area"),
        (2, "en", "2 scope areas"),
        (1, "id", "1 ruang lingkup"),  # Indonesian has one form
        (16, "id", "16 ruang lingkup"),
        (1000, "en", "1,000 scope areas"),
        (1000, "id", "1.000 ruang lingkup"),
    ],
)
def test_counted_words_take_the_plural_cldr_gives(n: int, language: str, expected: str) -> None:
    assert counted(n, "area", language) == expected


# -- the same words in every format -------------------------------------------------------


class _Text(HTMLParser):
    """The text of an HTML document, as a reader sees it (no style sheet)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._skip += tag in ("style", "title")

    def handle_endtag(self, tag: str) -> None:
        self._skip -= tag in ("style", "title")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def _seen(markup: str) -> str:
    parser = _Text()
    parser.feed(markup)
    return " ".join(" ".join(parser.parts).split())


def _formats(report: ProgressReport, language: str) -> dict[str, str]:
    return {
        "text": render(report, "text", language),
        "markdown": render(report, "markdown", language),
        "html": _seen(render(report, "html", language)),
        "notebook": _seen(html.notebook(report, language)),
    }


@pytest.mark.parametrize("language", ["en", "id"])
def test_every_format_uses_the_same_words(report: ProgressReport, language: str) -> None:
    formats = _formats(report, language)
    v = view(report, language)
    shown = [report.total, *report.by_party]
    for area in report.total.children:
        shown += [area, *area.children] if area.children else []
    statuses = {f.status.label(language) for f in shown}
    units = {
        (f.unit or "").split(" (")[0]
        for f in report.total.walk()
        if f.kind is FigureKind.INDICATOR
        and f.unit
        and f.unit.lower() != "rupiah"
        and f.status is not ProgressStatus.REPORTED
        and not f.levels  # an ordinal value reads as its level's word
    }
    points = {"en": "percentage points", "id": "poin persen"}[language]
    for name, text in formats.items():
        one_line = " ".join(text.split())
        for status in statuses:
            assert status in one_line, (name, status)
        for unit in units:
            assert unit in one_line, (name, unit)
        for held in v.held:
            assert held.holds in one_line, (name, held.holds)
            assert points in held.holds
        assert v.overall.value in one_line, name
        assert v.rules.split(";")[0] in one_line, name
        assert not re.search(r"\d %", one_line), name  # the sign attached, in both languages


def test_held_back_is_printed_as_percentage_points_everywhere(report: ProgressReport) -> None:
    held = report.holding_back()
    assert held
    for language, words in (("en", "percentage points"), ("id", "poin persen")):
        for name, text in _formats(report, language).items():
            one_line = " ".join(text.split())
            for _, gain in held:
                assert f"{format_points(gain, language)} {words}" in one_line, (name, language)


# -- Indonesian without English -------------------------------------------------------------

#: English words that no Indonesian sentence of the bundled example uses. Proper names and
#: codes are Indonesian or neutral; each of these is a sign of an English sentence.
_ENGLISH = re.compile(
    r"\b(the|of|and|is|are|not|with|from|by|to|expected|received|progress|missing|data "
    r"received|report|records?|every|since|press|province's|agencies|derived|"
    r"ILLUSTRATIVE|at risk|on track|off track|overdue|achieved|scheduled|costs|points)\b"
)


def _english(text: str) -> list[str]:
    """The lines with an English word, ids in brackets ("[domain-notes]") left out."""
    return [line for line in text.splitlines() if _ENGLISH.search(re.sub(r"\[[^]]*\]", "", line))]


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_the_indonesian_report_has_no_english_sentence(report: ProgressReport, fmt: str) -> None:
    out = io.StringIO()
    args = ["report", "--as-of", report.as_of.isoformat(), "--language", "id", "--format", fmt]
    assert main(args, out=out) == 0
    text = out.getvalue()
    if fmt == "html":
        text = _seen(text).replace(" · ", "\n")
    assert _english(text) == []


def _every_finding() -> tuple[DataFinding, ...]:
    """One finding of each kind, every field the kinds speak of filled."""
    window = Period(dt.date(2022, 4, 13), dt.date(2024, 12, 31))
    return tuple(
        DataFinding(
            kind,
            "profil-desa-mutakhir",
            observation="obs-1",
            region=RegionCode("63.03"),
            first=dt.date(2022, 1, 1),
            last=dt.date(2022, 3, 31),
            window=window,
            on=dt.date(2022, 4, 13),
            period="2022S1",
            number=Decimal("0.8"),
        )
        for kind in DataFindingKind
    )


def _every_rule() -> list[Rule]:
    regions = tuple(RegionCode(c) for c in ("35.07", "35.10", "35.24", "63.03", "63.04"))
    return [
        Rule(of, kind, 3, aggregation, cumulative, region, regions, Decimal(1), apart)
        for of in RuleOf
        for kind in RuleKind
        for aggregation in (Aggregation.SUM, Aggregation.RATIO, Aggregation.MIN)
        for cumulative in (True, False)
        for region in (None, RegionCode("63"))
        for apart in (False, True)
    ]


@pytest.mark.parametrize("language", ["en", "id"])
def test_the_engines_records_are_worded_in_each_language(language: str) -> None:
    """Findings, rules and reasons held back are records; each kind has its sentence in
    both languages, and the Indonesian ones hold no English."""
    other = "en" if language == "id" else "id"
    said = [f.explain(language) for f in _every_finding()]
    said += [r.explain(language) for r in _every_rule()]
    held = HeldBack("cadres", ProgressStatus.INCOMPLETE, HeldBack("63.03", ProgressStatus.NO_DATA))
    said += [held.explain(language), attrs.evolve(held, more=2).explain(language)]
    assert len(set(said)) > len(RuleKind) + len(DataFindingKind)  # the facts change the words
    assert _every_finding()[0].explain(language) != _every_finding()[0].explain(other)
    if language == "id":
        assert _english("\n".join(said)) == []
        assert held.explain("id") == "cadres: data belum lengkap (63.03: belum ada data)"
        assert "dan 2 lainnya" in attrs.evolve(held, more=2).explain("id")
    for text in said:
        assert "{" not in text, text


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_the_indonesian_data_gaps_word_every_finding(report: ProgressReport, fmt: str) -> None:
    found = attrs.evolve(report, findings=_every_finding())
    text = render(found, fmt, "id")
    if fmt == "html":
        text = _seen(text).replace(" · ", "\n")
    assert _english(text) == []
    for finding in _every_finding():
        sentence = finding.explain("id")
        assert " ".join(sentence.split()) in " ".join(text.replace("\\", "").split()), sentence


def test_a_report_saved_before_the_records_reads_and_renders(report: ProgressReport) -> None:
    """Reports saved before issue 22 hold findings, reasons and rules as English texts: they
    read back as texts and are printed as they were written."""
    saved = json.loads(to_json(report))
    saved["findings"] = ["o-9 (ind in 35.07): not counted"]
    indicator = saved["total"]["children"][0]["children"][0]
    indicator["actual_rule"] = "sum over 2 regions (the latest value of each)"
    indicator["held_back"] = ["35.07: no data"]
    old = from_json(json.dumps(saved), ProgressReport)
    assert old.findings == ("o-9 (ind in 35.07): not counted",)
    assert "  - o-9 (ind in 35.07): not counted" in render(old, "text", "id")
    figure = old.total.children[0].children[0]
    said = figure.explain("id")
    assert "= sum over 2 regions (the latest value of each)" in said
    assert "    - 35.07: no data" in said


def test_every_figure_explains_itself_in_indonesian(report: ProgressReport) -> None:
    for figure in (*report.total.walk(), *(f for p in report.by_party for f in p.walk())):
        assert _english(figure.explain("id")) == [], figure.key


def test_an_ordinal_value_reads_as_its_level() -> None:
    report = progress(example_plan(), as_of=dt.date(2024, 12, 31))
    f = report.find("bumdes-desa-percontohan")
    assert f.levels == ("perintis", "pemula", "berkembang", "maju")
    # the lowest pilot village is Pemula (rank 1) against Berkembang (2) from Perintis (0):
    # (1 − 0) / (2 − 0) = 50 %, recomputable from the ranks beside the words
    for language in ("id", "en"):
        line = render(report, "text", language)
        assert "Pemula (1)" in line
        assert "Berkembang (2)" in line
        assert "Perintis (0)" in line
        assert "peringkat (0 perintis" not in line
        assert "Pemula (1)" in f.explain(language)


def test_show_has_no_english_sentence() -> None:
    for args in (["show", "--language", "id"], ["show"]):
        out = io.StringIO()
        assert main(args, out=out) == 0
        text = out.getvalue()
        if args == ["show"]:  # bilingual: the English labels after " / ", in brackets, and
            # each scope area's English name under its Indonesian one
            # and each English note under its Indonesian one
            agreement = example_agreement()
            names = {c.area.label_en for c in agreement.scope}
            names |= set(agreement.notes_en)
            names |= {p.note_en for p in agreement.programmes if p.note_en}
            text = "\n".join(line for line in text.splitlines() if line.strip() not in names)
            text = re.sub(r" / [^:\n]*|\([a-z][a-z ,()-]*\)", "", text)
        assert _english(text) == [], args


def test_each_language_shows_the_examples_own_texts_in_it() -> None:
    """The bundled plan's and agreement's notes and programme notes are held in Indonesian
    with the English beside them: each language's report picks its own, the bilingual
    summary shows both (Indonesian first)."""
    plan, agreement = example_plan(), example_agreement()
    assert len(plan.notes_en) == len(plan.notes) == 3
    assert len(agreement.notes_en) == len(agreement.notes)
    report = progress(plan, as_of=dt.date(2024, 12, 31))
    for language, mine, other in (
        ("en", plan.notes_en, plan.notes),
        ("id", plan.notes, plan.notes_en),
    ):
        for fmt in ("text", "markdown", "html"):
            shown = render(report, fmt, language)
            shown = _seen(shown) if fmt == "html" else " ".join(shown.split())
            assert all(n in shown for n in mine), (language, fmt)
            assert not any(n in shown for n in other), (language, fmt)
    english = format_agreement(agreement, language="en")
    indonesian = format_agreement(agreement, language="id")
    both = format_agreement(agreement)
    for p in agreement.programmes:
        assert p.note is not None
        assert p.note_en is not None
        assert p.note_en in english
        assert p.note not in english
        assert p.note in indonesian
        assert p.note_en not in indonesian
        assert both.index(p.note) < both.index(p.note_en)
    for note, note_en in zip(agreement.notes, agreement.notes_en, strict=True):
        assert note_en in english
        assert note in indonesian
        assert both.index(note) < both.index(note_en)


def test_english_notes_go_one_beside_each_note() -> None:
    plan = example_plan()
    with pytest.raises(ValidationError, match="one English note beside each note"):
        attrs.evolve(plan, notes_en=plan.notes_en[:2])
    agreement = example_agreement()
    with pytest.raises(ValidationError, match="one English note beside each note"):
        attrs.evolve(agreement, notes_en=("only one",))
    with pytest.raises(ValidationError, match="needs the Indonesian one"):
        attrs.evolve(agreement.programmes[0], note=None)


def test_the_agreement_reads_as_the_press_report_writes_it() -> None:
    text = format_agreement(example_agreement(), language="id")
    assert (
        "[kalsel] PIHAK KESATU: Dinas Pemberdayaan Masyarakat dan Desa Provinsi Kalimantan" in text
    )
    assert "[jatim] PIHAK KEDUA: Dinas Pemberdayaan Masyarakat dan Desa Provinsi Jawa Timur" in text
    assert "Faried Fakhmansyah, Kepala DPMD Provinsi Kalimantan Selatan (pihak Kalimantan Selatan)"
    assert (
        "Penandatanganan: Rabu, 13 April 2022, di salah satu hotel berbintang di Banjarmasin "
        "(63.71), WITA"
    ) in text
    assert "[press-2022-04-13] Barito Post, Cynthia, 13 April 2022" in text
    assert "(untuk " not in text


def test_the_indonesian_report_reads_as_the_issue_asks() -> None:
    report = progress(example_plan(), as_of=dt.date(2024, 12, 31))
    text = render(report, "text", "id")
    lines = text.splitlines()
    assert lines[3] == (
        "Perjanjian: Perjanjian Kerja Sama DPMD Provinsi Kalimantan Selatan dan DPMD Provinsi "
        "Jawa Timur [kalsel-jatim-2022] · keadaan per 31 Desember 2024 · data: seluruh catatan "
        "sampai saat ini"
    )
    overall = next(line for line in lines if line.startswith("Keseluruhan:"))
    value, expected = format_percent(report.value, "id"), format_percent(report.expected, "id")
    assert re.fullmatch(r"\d+,\d%", value)  # e.g. 64,9%: the sign attached, as PUEBI writes it
    assert overall.endswith(
        f"capaian {value} dari target s.d. periode ini {expected} · "
        f"{report.status.label_id} · kelengkapan data {format_percent(report.coverage, 'id')}"
    )
    assert (
        "data yang belum masuk tidak dihitung sebagai nol; kelengkapannya ditunjukkan pada "
        "'kelengkapan data'"
    ) in text


@pytest.mark.parametrize("key", ["bumdes-berkembang-maju", "transaksi-misi-dagang"])
def test_explain_in_indonesian_has_no_english(report: ProgressReport, key: str) -> None:
    figure = next(f for f in report.total.walk() if f.key == key)
    said = figure.explain("id")  # the rules and reasons too: the engine hands records
    assert _english(said) == []
    assert "capaian (terukur):" in said
    assert figure.explain("en") != said
    assert report.total.explain("id").splitlines()[1].startswith("  capaian ")


def test_an_area_of_unequal_weights_prints_each_weight_so_its_figure_recomputes() -> None:
    report = progress(example_plan(), as_of=dt.date(2024, 12, 31))

    def weights(area: ProgressFigure) -> set[Decimal]:
        return {i.weight for i in area.children if i.counts}

    area = next(a for a in report.total.children if len(weights(a)) > 1)
    text, page = render(report, "text", "id"), render(report, "html", "id")
    for i in area.children:
        assert f"{i.label('id')} (bobot {i.weight:f}): " in text
        assert f"(bobot {i.weight:f})</span>" in page
    # the area's figure is Σ weight × value / Σ weight of the values printed beside it
    parts = [(i.weight, i.value) for i in area.children if i.counts and i.value is not None]
    mean = sum((w * v for w, v in parts), Decimal(0)) / sum(w for w, _ in parts)
    assert area.value is not None
    assert round(mean, 3) == round(area.value, 3)
    # the same one level up: the areas weigh 1, 2 and 1.5, each printed on its heading
    for a in report.total.children:
        if a.children:
            assert f"{a.label('id')} (bobot {a.weight:f}".replace(".", ",") in text
    areas = [(a.weight, a.value) for a in report.total.children if a.counts and a.value]
    overall = sum((w * v for w, v in areas), Decimal(0)) / sum(w for w, _ in areas)
    assert report.total.value is not None
    assert round(overall, 3) == round(report.total.value, 3)
    equal = next(a for a in report.total.children if len(weights(a)) == 1)
    assert f"{equal.children[0].label('id')} (bobot" not in text

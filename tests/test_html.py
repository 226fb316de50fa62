"""The HTML report and the notebook views: standalone, accessible, escaped, in both
languages, and checked in a real browser (headless Chromium) when one is installed."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings

from desacoop import html, idm
from desacoop._formats import format_percent
from desacoop.agreement import Agreement
from desacoop.cli import main
from desacoop.errors import ValidationError
from desacoop.evaluation import (
    DevelopmentStatus,
    Dimension,
    DimensionValue,
    EvaluationInputs,
    EvaluationResult,
    Method,
    VillageEvaluation,
    summarise,
)
from desacoop.example import example_plan
from desacoop.monitoring import Value
from desacoop.regions import Level, RegionCode
from desacoop.registry import RegionRegistry
from desacoop.report import ILLUSTRATIVE_BANNER, format_agreement, render
from desacoop.rollup import ProgressReport, progress
from desacoop.strategies import for_type

from .utils import missing

AS_OF = dt.date(2024, 12, 31)


@pytest.fixture(scope="module")
def report() -> ProgressReport:
    return progress(example_plan(), as_of=AS_OF)


class _Tree(HTMLParser):
    """The parts of a page the checks need: tags in order, with attributes and text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.headings: list[int] = []
        self.svg_titles: list[str] = []
        self.text: list[str] = []
        self._last_svg = False
        self._in_title = False

    def handle_starttag(self, tag: str, attributes: list[tuple[str, str | None]]) -> None:
        attrs_ = {k: v or "" for k, v in attributes}
        self.tags.append((tag, attrs_))
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag == "title" and self._last_svg:
            self._in_title = True
            self.svg_titles.append("")
        self._last_svg = tag == "svg"

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._in_title:
            self.svg_titles[-1] += data


def _tree(text: str) -> _Tree:
    tree = _Tree()
    tree.feed(text)
    tree.close()
    return tree


def _check_structure(text: str, *, whole_page: bool) -> _Tree:
    """Headings in order, every chart with a text alternative, header cells with scope,
    nothing fetched and nothing run."""
    tree = _tree(text)
    if whole_page:
        assert tree.headings[:1] == [1]
        assert tree.headings.count(1) == 1
    for before, after in zip(tree.headings, tree.headings[1:], strict=False):
        assert after <= before + 1, tree.headings
    svgs = [a for t, a in tree.tags if t == "svg"]
    assert len(tree.svg_titles) == len(svgs)
    for attributes, title in zip(svgs, tree.svg_titles, strict=True):
        assert attributes.get("role") == "img"
        assert attributes.get("aria-label", "").strip()
        assert title.strip() == attributes["aria-label"].strip()
    for tag, attributes in tree.tags:
        assert tag not in {"script", "link", "iframe", "img", "object", "embed"}, tag
        assert not {"src", "href"} & set(attributes), (tag, attributes)
        assert not any(k.startswith("on") for k in attributes), (tag, attributes)
        if tag == "th":
            assert attributes.get("scope") in {"col", "row"}, attributes
    assert "url(" not in text
    assert "@import" not in text
    return tree


# -- the report page ------------------------------------------------------------------


def test_render_html_is_the_page(report: ProgressReport) -> None:
    assert render(report, "html") == html.page(report, "en")
    assert render(report, "html", "id") == html.page(report, "id")


@pytest.mark.parametrize("language", ["en", "id"])
def test_the_page_is_standalone_and_accessible(report: ProgressReport, language: str) -> None:
    text = html.page(report, language)
    assert text.startswith("<!DOCTYPE html>")
    assert f'<html lang="{language}">' in text
    assert '<meta charset="utf-8">' in text
    assert "@media print" in text
    assert "size:A4" in text
    tree = _check_structure(text, whole_page=True)
    assert len([t for t, _ in tree.tags if t == "svg"]) > 20  # every bar is a chart
    assert [t for t, _ in tree.tags].count("table") >= 5


def test_the_page_shows_the_figures_in_each_language(report: ProgressReport) -> None:
    english, indonesian = html.page(report, "en"), html.page(report, "id")
    # 0.714... is written 71.4 % in English and 71,4 % in Indonesian.
    assert format_percent(report.value, "en") in english
    assert format_percent(report.value, "id") in indonesian
    assert format_percent(report.value, "en") != format_percent(report.value, "id")
    assert "Overall" in english
    assert "Keseluruhan" in indonesian
    assert "31 December 2024" in english
    assert "31 Desember 2024" in indonesian
    assert "share of the expected data that has arrived" in english
    assert report.status.label("en") in english
    assert report.status.label("id") in indonesian


def test_the_page_has_every_section(report: ProgressReport) -> None:
    text = html.page(report, "en")
    for area in report.total.children:
        assert html_text(area.label("en")) in text
    for party in report.by_party:
        assert html_text(party.label("en")) in text
    assert "Kalimantan Selatan" in text
    assert "Jawa Timur" in text
    # the regions furthest behind, by name, the worst one first
    assert "Kabupaten Barito Kuala" in text
    assert text.index("Regions furthest behind") < text.index("Kabupaten Barito Kuala")
    for ind, _gap in report.holding_back():
        assert html_text(ind.label("en")) in text
    for m in report.milestones:
        assert html_text(m.label_en) in text
    # areas without indicators are grouped on one line, not one row each
    empty = [a for a in report.total.children if not a.children]
    assert f"No indicators yet ({len(empty)} scope areas)" in text
    assert text.count(ILLUSTRATIVE_BANNER) == 2  # top and bottom


def html_text(text: str) -> str:
    """A text as the templates escape it (desacoop._neutral.for_html: the standard library's
    escape, bidirectional controls shown as escapes)."""
    from html import escape

    return escape(text, quote=True)


def test_a_milestone_never_contradicts_itself(report: ProgressReport) -> None:
    """A scheduled milestone past its due date reads 'overdue', never 'scheduled … late'."""
    text = html.page(report, "en")
    review = next(m for m in report.milestones if m.met_on is None)
    row = text[text.index(f">{html_text(review.label_en)}</th>") :].split("</tr>")[0]
    days = (AS_OF - review.due).days  # 2023-12-31 → 2024-12-31: 366 days (leap year)
    assert days == 366
    assert "overdue" in row
    assert f"not yet met, {days} days past the due date" in row
    assert "scheduled" not in row


def test_no_banner_when_the_data_is_real(report: ProgressReport) -> None:
    real = html.page(attrs.evolve(report, illustrative=False))
    assert ILLUSTRATIVE_BANNER not in real
    assert 'class="banner"' not in real


def test_every_text_is_escaped(report: ProgressReport) -> None:
    hostile = '<script>alert("x")</script> & <b onload=1>'
    text = html.page(attrs.evolve(report, title=hostile, agreement="a<b"))
    assert "<script>" not in text
    assert "<b onload" not in text
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b onload=1&gt;" in text
    _check_structure(text, whole_page=True)


def _with_gaps(report: ProgressReport) -> ProgressReport:
    """The report with one indicator missing 12 declared reporters and one late value."""
    area = next(a for a in report.total.children if a.children)
    first = attrs.evolve(
        area.children[0],
        missing=tuple(f"35.{n:02d}" for n in range(1, 13)),
        late=("obs-late-1",),
    )
    area = attrs.evolve(area, children=(first, *area.children[1:]))
    children = tuple(area if a.key == area.key else a for a in report.total.children)
    total = attrs.evolve(report.total, children=children)
    return attrs.evolve(report, total=total, findings=("a value outside the window <x>",))


def test_data_gaps_are_shown_apart(report: ProgressReport) -> None:
    text = html.page(_with_gaps(report), "en")
    gaps = text[text.index('id="gaps"') :]
    # 12 missing reporters: the first 10 listed, then "+2 more"
    line = next(li for li in gaps.split("<li>") if "no data yet from 35.01" in li)
    assert len(re.findall(r"35\.\d\d", line)) == 10
    assert "35.10" in gaps
    assert "35.11" not in gaps
    assert "(+2 more)" in gaps
    assert "obs-late-1" in gaps
    assert "a value outside the window &lt;x&gt;" in gaps
    _check_structure(text, whole_page=True)
    assert "Kekurangan data" in html.page(_with_gaps(report), "id")


def test_unnamed_regions_are_named_from_a_region_list(report: ProgressReport) -> None:
    region = report.by_region[0]
    unnamed = attrs.evolve(region, label_id=f"region {region.key}", label_en=f"region {region.key}")
    bare = attrs.evolve(report, by_region=(unnamed,))
    names = RegionRegistry.from_rows(
        [(region.key[:2], "Provinsi"), (region.key, "Kabupaten Contoh")], edition="test"
    )
    assert "Kabupaten Contoh" in html.page(bare, names=names)
    assert "Kabupaten Contoh" not in html.page(bare)


@settings(max_examples=25)
@given(for_type(ProgressReport))
def test_any_report_renders_as_a_well_formed_page(drawn: ProgressReport) -> None:
    for language in ("en", "id"):
        _check_structure(html.page(drawn, language), whole_page=True)


@pytest.mark.parametrize("bad", [None, "report", 42, example_plan])
def test_page_refuses_what_is_not_a_report(bad: object) -> None:
    with pytest.raises(ValidationError):
        html.page(bad)  # type: ignore[arg-type]


def test_page_refuses_an_unknown_language(report: ProgressReport) -> None:
    with pytest.raises(ValidationError, match="unknown language"):
        html.page(report, "fr")


def test_the_command_line_writes_the_page() -> None:
    out = io.StringIO()
    assert main(["report", "--as-of", "2024-12-31", "--format", "html"], out=out) == 0
    assert out.getvalue().startswith("<!DOCTYPE html>")
    assert ILLUSTRATIVE_BANNER in out.getvalue()


# -- in a real browser ------------------------------------------------------------------


def _chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    missing(
        "no Chromium found (chromium, chromium-browser or google-chrome on PATH): "
        "install Debian's chromium package to check the HTML report in a real browser"
    )


def _headless(browser: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )


def test_a_real_browser_shows_the_figures_and_the_banner(
    report: ProgressReport, tmp_path: Path
) -> None:
    browser = _chromium()
    page = tmp_path / "report.html"
    page.write_text(render(report, "html"), encoding="utf-8")
    dom = _headless(browser, "--dump-dom", page.as_uri()).stdout
    assert "<main" in dom
    assert "</html>" in dom
    rendered = " ".join(_tree(dom).text)  # the text the browser laid out, entities decoded
    assert format_percent(report.value, "en") in rendered
    assert "ILLUSTRATIVE" in rendered
    assert ILLUSTRATIVE_BANNER in rendered
    for area in report.total.children:
        assert area.label("en") in rendered
    for party in report.by_party:
        assert party.label("en") in rendered
    assert "Kabupaten Barito Kuala" in rendered
    shot = tmp_path / "report.png"
    _headless(browser, f"--screenshot={shot}", "--window-size=1200,2400", page.as_uri())
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (1200, 2400)


#: Measures a page laid out in an iframe ``width`` px wide (headless Chromium's window is
#: at least 500 px wide; an iframe's viewport is what its media queries see): the page's
#: width against its viewport, and where each cell of the area table's first row lies.
_PROBE = """<!DOCTYPE html><html><body style="margin:0">
<iframe id="f" style="border:0" width="{width}" height="900" srcdoc="{page}"></iframe>
<pre id="probe"></pre>
<script>
const f = document.getElementById("f");
f.addEventListener("load", () => {{
  const d = f.contentDocument, w = f.contentWindow;
  const row = [...d.querySelectorAll("#area-table tbody tr:first-child > *")];
  const cells = row.map((c) => {{
    const r = c.getBoundingClientRect();
    return [c.dataset.label, r.left, r.right, r.width, r.height];
  }});
  document.getElementById("probe").textContent = JSON.stringify(
    {{scroll: d.documentElement.scrollWidth, inner: w.innerWidth, cells: cells}});
}});
</script></body></html>"""


def _measured(browser: str, page: str, width: int, tmp_path: Path) -> dict[str, Any]:
    import json

    from markupsafe import escape

    probe = tmp_path / f"probe-{width}.html"
    probe.write_text(_PROBE.format(width=width, page=escape(page)), encoding="utf-8")
    dom = _headless(
        browser,
        "--window-size=1400,1000",
        "--virtual-time-budget=5000",
        "--dump-dom",
        probe.as_uri(),
    ).stdout
    found = re.search(r'<pre id="probe">(.*?)</pre>', dom, re.S)
    assert found is not None, dom[-500:]
    assert found.group(1), dom[-500:]
    measured: dict[str, Any] = json.loads(found.group(1).replace("&quot;", '"'))
    return measured


@pytest.mark.parametrize("language", ["en", "id"])
@pytest.mark.parametrize("width", [390, 1280])
def test_the_page_fits_a_phone_and_a_desktop(
    report: ProgressReport, tmp_path: Path, width: int, language: str
) -> None:
    """No horizontal scrolling at 390 px (a phone) nor at 1280 px, and at 390 px every
    column of the area table is on screen (as a card: one cell under another)."""
    browser = _chromium()
    measured = _measured(browser, render(report, "html", language), width, tmp_path)
    assert measured["inner"] == width
    assert measured["scroll"] <= measured["inner"], measured
    cells = measured["cells"]
    assert len(cells) == 7  # number, area, bar, %, expected, status, data received
    for label, left, right, cell_width, height in cells:
        assert label, cells
        assert left >= 0, (label, left)
        assert right <= width, (label, right)
        assert cell_width > 0, label
        assert height > 0, label
    if width == 390:  # a card: every cell spans the card, one under another
        assert len({round(left) for _, left, *_ in cells}) == 1, cells


@pytest.mark.parametrize(
    ("name", "width"),
    [("report-desktop.png", 1280), ("report-phone.png", 390), ("notebook-cell.png", 1100)],
)
def test_the_kept_screenshots_are_small(name: str, width: int) -> None:
    """The screenshots in docs/ (a desktop, a phone, a notebook cell) at their sizes."""
    shot = Path(__file__).parents[1] / "docs" / name
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert int.from_bytes(data[16:20], "big") == width
    assert shot.stat().st_size < 400_000


# -- notebooks ---------------------------------------------------------------------------


def _evaluations() -> list[VillageEvaluation]:
    return [
        VillageEvaluation("63.71.01.2001", 2022, idm.evaluate(iks="0.7", ike="0.6", ikl="0.8")),
        VillageEvaluation("63.71.01.2001", 2023, idm.evaluate(iks="0.9", ike="0.9", ikl="0.9")),
        VillageEvaluation("63.71.01.2002", 2023, idm.evaluate(iks="0.5", ike="0.5", ikl="0.5")),
    ]


def _objects(report: ProgressReport) -> list[object]:
    plan = example_plan()
    evaluations = _evaluations()
    registry = RegionRegistry.from_rows(
        [("63", "Kalimantan Selatan"), ("63.71", "Kota Banjarmasin"), ("63.71.01", "Banjarmasin")],
        edition="test",
    )
    summaries = summarise(evaluations, year=2023, level=Level.REGENCY, compared_with=2022)
    return [
        report,
        report.total.children[1],
        report.by_region[0],
        plan,
        plan.agreement,
        evaluations[0],
        evaluations[0].result,
        summaries[0],
        registry,
    ]


def test_every_large_object_has_a_notebook_view(report: ProgressReport) -> None:
    for obj in _objects(report):
        shown = obj._repr_html_()  # type: ignore[attr-defined]
        assert shown == html.notebook(obj)
        assert shown.startswith('<div class="desacoop dc-nb">')
        assert html.STYLE.replace(".desacoop", ".desacoop.dc-nb.dc-nb") in shown
        _check_structure(shown, whole_page=False)


def test_fragments_are_the_pieces_of_the_page(report: ProgressReport) -> None:
    """One renderer: the page is the report's fragment inside a document."""
    assert html.fragment(report, "id") in html.page(report, "id")


def test_a_region_list_shows_counts_never_rows() -> None:
    rows = [("63", "Kalimantan Selatan"), ("63.71", "Kota Banjarmasin")]
    rows += [(f"63.71.0{i}", f"Kecamatan {i}") for i in range(1, 4)]
    text = html.fragment(RegionRegistry.from_rows(rows, edition="2025"), "en")
    assert "Region list, edition 2025" in text
    assert "Kecamatan" not in text
    assert "Banjarmasin" not in text
    cells = re.findall(r'<td class="n">([^<]*)</td>', text)
    assert cells == ["1", "1", "3", "0", "5"]  # province, regency, district, village, total


def test_summaries_and_lists_of_evaluations() -> None:
    evaluations = _evaluations()
    summaries = summarise(evaluations, year=2023, level=Level.REGENCY, compared_with=2022)
    text = html.fragment(summaries, "en")
    assert "63.71" in text
    assert "Moved up" in text
    listed = html.fragment(evaluations, "id")
    assert listed.count("<tr>") == 1 + len(evaluations)  # header and one row each


@pytest.mark.parametrize("bad", [42, "report", [], [1, 2], (None,), object()])
def test_fragment_refuses_what_it_cannot_show(bad: object) -> None:
    with pytest.raises(ValidationError, match="no HTML view"):
        html.fragment(bad)


# -- short reprs (issue 11) -----------------------------------------------------------------


def test_large_objects_have_short_reprs(report: ProgressReport) -> None:
    plan = example_plan()
    overall = format_percent(report.value)
    assert repr(report) == (
        f"<ProgressReport {plan.id} as of 2024-12-31: {overall}, {len(report.children)} areas>"
    )
    assert repr(plan) == (
        f"<MonitoringPlan {plan.id}: {len(plan.indicators)} indicators, "
        f"{len(plan.observations)} observations, {len(plan.milestones)} milestones, "
        "illustrative>"
    )
    assert repr(plan.agreement) == (
        "<Agreement kalsel-jatim-2022 (kalsel–jatim): 16 scope areas, signed 2022-04-13>"
    )
    area = report.total.children[1]
    assert repr(area).startswith(f"<ProgressFigure area {area.key}: ")
    assert (
        repr(_evaluations()[0]) == "<VillageEvaluation 63.71.01.2001 2022 idm: 0.7000 Berkembang>"
    )
    for obj in _objects(report):  # was 136,385 characters for the report, 93,008 the plan
        assert len(repr(obj)) < 500, type(obj)


def test_print_gives_the_text_report_and_the_agreement_summary(report: ProgressReport) -> None:
    assert str(report) == render(report, "text")
    agreement = example_plan().agreement
    assert isinstance(agreement, Agreement)
    assert str(agreement) == format_agreement(agreement)


def test_small_values_keep_a_pasteable_repr() -> None:
    result = idm.evaluate(iks="0.7", ike="0.6", ikl="0.8")
    names = {
        "EvaluationResult": EvaluationResult,
        "EvaluationInputs": EvaluationInputs,
        "DimensionValue": DimensionValue,
        "Dimension": Dimension,
        "Method": Method,
        "DevelopmentStatus": DevelopmentStatus,
        "Decimal": Decimal,
    }
    assert eval(repr(result), names) == result
    value = Value.of(4)
    assert eval(repr(value), {"Value": Value, "Decimal": Decimal}) == value
    assert repr(RegionCode("63.71")) == "RegionCode('63.71')"
    assert repr(AS_OF) == "datetime.date(2024, 12, 31)"


def test_inputs_with_indicator_scores_are_summarised() -> None:
    result = idm.evaluate_scores(social=[5] * 35, economic=[3] * 12, ecological=[4] * 3)
    assert repr(result.inputs).startswith("<EvaluationInputs iks ")
    assert repr(result.inputs).endswith("; 50 indicator scores>")


def test_an_evaluation_shows_every_digit_of_its_score() -> None:
    """(0.7 + 0.6 + 0.8) / 3 = 0.7000, Maju from 0.7073: the gap 0.0073 must stay visible."""
    evaluation = _evaluations()[0]
    english, indonesian = html.fragment(evaluation, "en"), html.fragment(evaluation, "id")
    for number in ("0.7000", "0.7073", "0.0073"):
        assert number in english
        assert number.replace(".", ",") in indonesian
    assert "63.71.01.2001" in english


@settings(max_examples=10)
@given(for_type(Agreement), for_type(VillageEvaluation))
def test_any_agreement_or_evaluation_has_a_well_formed_view(
    agreement: Agreement, evaluation: VillageEvaluation
) -> None:
    for obj in (agreement, evaluation):
        _check_structure(html.notebook(obj, "id"), whole_page=False)
        assert len(repr(obj)) < 500


def test_region_names_may_come_from_a_plain_mapping(report: ProgressReport) -> None:
    region = report.by_region[0]
    unnamed = attrs.evolve(region, label_id=region.key, label_en=region.key)
    bare = attrs.evolve(report, by_region=(unnamed,))
    named: Any = {region.key: "Kabupaten Dari Peta"}  # a mapping of code to name
    assert "Kabupaten Dari Peta" in html.page(bare, names=named)
    odd: Any = {region.key: 7}  # not a name: ignored
    assert "Kabupaten" not in html.page(bare, names=odd)


def test_the_command_line_writes_the_page_to_a_file(tmp_path: Path) -> None:
    """The issue's command: desacoop report --format html -o report.html."""
    target = tmp_path / "report.html"
    argv = ["report", "--as-of", "2024-12-31", "--format", "html", "--language", "id"]
    assert main([*argv, "-o", str(target)], out=io.StringIO()) == 0
    text = target.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>")
    assert '<html lang="id">' in text


# -- tables: one header row a table, as wide as every row below it -------------------------


class _Tables(HTMLParser):
    """Per table: the width of its header row and of each body row (colspans counted)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[tuple[list[int], list[int]]] = []  # (header rows, body rows)
        self._part = ""
        self.cells: list[tuple[str, str]] = []  # (part, cell tag) in the current row

    def handle_starttag(self, tag: str, attributes: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.tables.append(([], []))
        elif tag in ("thead", "tbody"):
            self._part = tag
        elif tag == "tr":
            self.tables[-1][0 if self._part == "thead" else 1].append(0)
        elif tag in ("th", "td"):
            span = int(dict(attributes).get("colspan") or 1)
            rows = self.tables[-1][0 if self._part == "thead" else 1]
            rows[-1] += span
            self.cells.append((self._part, f"{tag}:{dict(attributes).get('scope')}"))


def _tables(text: str) -> _Tables:
    parser = _Tables()
    parser.feed(text)
    parser.close()
    return parser


def _every_view(report: ProgressReport) -> list[str]:
    views = [html.page(_with_gaps(report), language) for language in ("en", "id")]
    views += [html.fragment(obj, language) for obj in _objects(report) for language in ("en", "id")]
    views += [html.fragment(_evaluations(), "id")]
    views += [html.fragment(list(summarise(_evaluations(), year=2023, level=Level.DISTRICT)))]
    return views


def test_every_table_has_one_header_row_as_wide_as_its_rows(report: ProgressReport) -> None:
    counted = 0
    for text in _every_view(report):
        parsed = _tables(text)
        for head, body in parsed.tables:
            assert len(head) == 1, head
            assert body, "a table without rows"
            assert set(body) == {head[0]}, (head, body)
            counted += 1
        # header cells head columns; body rows are headed by a row header or a plain cell
        assert {kind for part, kind in parsed.cells if part == "thead"} <= {"th:col"}
        assert {kind for part, kind in parsed.cells if part == "tbody"} <= {"th:row", "td:None"}
    assert counted >= 30


def test_column_headers_and_row_headers_escape_their_texts(report: ProgressReport) -> None:
    hostile = '<i>"P&Q"</i>'
    party = attrs.evolve(report.by_party[0], label_en=hostile, label_id=hostile)
    area = next(a for a in report.total.children if a.children)
    odd_area = attrs.evolve(area, label_en=hostile, label_id=hostile)
    total = attrs.evolve(
        report.total,
        children=tuple(odd_area if a is area else a for a in report.total.children),
    )
    text = html.page(attrs.evolve(report, by_party=(party, *report.by_party[1:]), total=total))
    escaped = html_text(hostile)
    assert escaped == "&lt;i&gt;&quot;P&amp;Q&quot;&lt;/i&gt;"
    assert f'<th scope="col" colspan="3">{escaped}</th>' in text  # the parties side by side
    # the area's row (its weight beside it: the bundled areas weigh differently)
    assert f'<th scope="row" data-label="Scope area">{escaped} (weight 1)</th>' in text
    assert "<i>" not in text
    _check_structure(text, whole_page=True)

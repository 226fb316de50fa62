"""The notebook views in a real notebook: executed by nbconvert, exported with JupyterLab's
own style sheet, laid out by headless Chromium; every label left-aligned (issue 22)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbclient import NotebookClient
from nbconvert import HTMLExporter

from .utils import missing

#: One cell an object: the reprs a notebook user sees.
CELLS = [
    "import datetime as dt\n"
    "from desacoop import idm, progress\n"
    "from desacoop.evaluation import VillageEvaluation\n"
    "from desacoop.example import example_plan\n"
    "plan = example_plan()\n"
    "report = progress(plan, as_of=dt.date(2024, 12, 31))",
    "report",
    "plan",
    "plan.agreement",
    'VillageEvaluation("63.71.01.2001", 2023, idm.evaluate(iks="0.7", ike="0.6", ikl="0.8"))',
    "idm.plan(idm.evaluate_scores(social=[5] * 35, economic=[5] * 12, ecological=[0, 0, 0]))",
]

#: Appended to the exported page: for every cell and term of desacoop's views, its computed
#: alignment and width, written into the page for --dump-dom.
_PROBE = """<pre id="probe"></pre><script>
const views = [...document.querySelectorAll(".desacoop")];
const cells = [...document.querySelectorAll(
  ".desacoop th[scope=row], .desacoop td:not(.n), .desacoop thead th:not(.n), .desacoop dt")];
const seen = cells.map((c) => {
  const r = c.getBoundingClientRect();
  return [c.tagName, c.textContent.trim().slice(0, 40), getComputedStyle(c).textAlign, r.width];
});
document.getElementById("probe").textContent = JSON.stringify({
  views: views.map((v) => v.querySelector("article").className), cells: seen});
</script></body>"""


def _chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    missing("no Chromium found: install Debian's chromium package")


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> str:
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(source) for source in CELLS]
    NotebookClient(notebook, timeout=300, kernel_name="python3").execute()
    for cell in notebook.cells[1:]:
        assert cell.outputs, cell.source
        assert "text/html" in cell.outputs[0]["data"], cell.source
    body, _ = HTMLExporter(template_name="lab").from_notebook_node(notebook)
    page: str = body
    folder = tmp_path_factory.mktemp("notebook")
    (folder / "notebook.html").write_text(page, encoding="utf-8")
    return page


def _laid_out(page: str, tmp_path: Path, width: int) -> dict[str, Any]:
    probe = tmp_path / "probe.html"
    probe.write_text(page.replace("</body>", _PROBE, 1), encoding="utf-8")
    dom = subprocess.run(
        [
            _chromium(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            f"--window-size={width},1200",
            "--virtual-time-budget=5000",
            "--dump-dom",
            probe.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    found = re.search(r'<pre id="probe">(.*?)</pre>', dom, re.S)
    assert found is not None
    assert found.group(1)
    laid: dict[str, Any] = json.loads(found.group(1).replace("&quot;", '"').replace("&amp;", "&"))
    return laid


def test_the_notebook_uses_jupyterlabs_own_style_sheet(exported: str) -> None:
    # the rule that right-aligned every table of the views before issue 22
    assert ":not(.jp-RenderedMarkdown).jp-RenderedHTMLCommon td" in exported


@pytest.mark.parametrize("width", [1280, 600])
def test_every_label_is_left_aligned_in_jupyterlab(
    exported: str, tmp_path: Path, width: int
) -> None:
    laid = _laid_out(exported, tmp_path, width)
    assert laid["views"] == ["report", "plan", "agreement", "evaluation", "improvement"]
    cells = laid["cells"]
    assert len(cells) > 100
    for tag, text, align, cell_width in cells:
        assert align in ("left", "start"), (tag, text, align)
        if tag == "DT":  # a term on one line, never one word a line
            assert cell_width >= 120, (text, cell_width)

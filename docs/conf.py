"""Sphinx configuration: the guides (Markdown, read by MyST-Parser), the furo theme, and an
API reference from the docstrings (autodoc).

Build with warnings as errors, as CI does::

    pip install -e '.[docs]'
    sphinx-build -W --keep-going -b html docs docs/_build/html
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))  # the checkout's code, even when not installed

import desacoop  # noqa: E402

project = "desacoop"
author = "desacoop developers"
copyright = "desacoop developers"
version = release = desacoop.__version__

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.viewcode",
]

source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store"]
language = "en"

# MyST: definition lists (the glossary), ``:::`` fences, and heading anchors for links
# such as ``agreements.md#rules-explained``.
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

# autodoc: members in source order, signatures without the long type hints (they are in
# the description instead, where they wrap).
autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_default_options = {"members": True}

html_theme = "furo"
html_title = f"desacoop {release}"
html_show_sourcelink = False

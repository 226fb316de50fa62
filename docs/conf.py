"""Sphinx configuration: the guides (Markdown, read by MyST-Parser), the furo theme, and an
API reference from the docstrings (autodoc).

Build with warnings as errors, as CI does::

    pip install -e '.[docs]'
    sphinx-build -W --keep-going -b html docs docs/_build/html
"""

from __future__ import annotations

import enum
import sys
from pathlib import Path
from typing import Any

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



def list_enum_members(
    app: object, what: str, name: str, obj: Any, options: object, lines: list[str]
) -> None:
    """An enumeration's description lists its members, each with the value JSON stores and
    its labels (the 16 ``ScopeArea`` codes, every ``Measure`` and ``Aggregation``): autodoc
    does not list members that have no docstring of their own."""
    if what != "class" or not (isinstance(obj, type) and issubclass(obj, enum.Enum)):
        return
    lines += ["", "Members (the value JSON stores, then the labels):", ""]
    for member in obj:
        label_id = getattr(member, "label_id", None)
        label_en = getattr(member, "label_en", None)
        words = f": {label_id}" if label_id else ""
        if label_en and label_en != label_id:
            words += f" ({label_en})"
        lines.append(f"- ``{member.name}`` = ``{member.value!r}``{words}")
    lines.append("")


def setup(app: Any) -> None:
    app.connect("autodoc-process-docstring", list_enum_members)

"""Hypothesis strategies for desacoop's public classes, for reuse by other projects.

Install with ``pip install 'desacoop[hypothesis]'``. Every strategy draws valid
objects only; ``from_json(to_json(x)) == x`` holds for each.
"""

from __future__ import annotations

from hypothesis import strategies as st

__all__: list[str] = []

# --- foundation (regions, agreements) ---

# --- evaluations, products, enterprises, cadres (issue 4) ---

# --- monitoring and progress (issue 3) ---

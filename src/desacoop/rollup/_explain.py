"""Where a figure comes from, in sentences: observations, baseline, target, weights, rules.

The sentences are words people read, so they live with the others, in both languages, in
:func:`desacoop._presentation.explain` (issue 22); this is the engine's door to them.
"""

from __future__ import annotations

from desacoop.labels import Language
from desacoop.rollup._figures import ProgressFigure

__all__ = ["explain"]


def explain(figure: ProgressFigure, language: Language | str = "en") -> str:
    """Where a figure comes from: observations, baseline, target, the measured progress and
    any projection, weights, what is missing and what holds it back, in ``"en"`` or
    ``"id"``; the figure's ``explain()`` method calls this.
    """
    from desacoop._presentation import explain as explained

    return explained(figure, language)

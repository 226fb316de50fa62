"""The notebook view the records share: ``_repr_html_`` draws a record with the HTML edge
(:func:`desacoop.html.notebook`), imported only when a notebook asks for it, so the core
never loads the edge on its own."""

from __future__ import annotations

__all__: list[str] = []


class NotebookView:
    """A base that gives a record its notebook view (a table in JupyterLab or VS Code)."""

    __slots__ = ()

    def _repr_html_(self) -> str:
        """The notebook view (:func:`desacoop.html.notebook`)."""
        from desacoop import html

        return html.notebook(self)

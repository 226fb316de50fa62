"""Text made inert for each output format: what desacoop writes is data, never code.

One function per format, each total (any text in, a text out) and each undone only where
a reader must give the text back unchanged (:func:`from_cell` on import):

- :func:`for_cell`: a CSV or spreadsheet cell. A text that a spreadsheet would take for a
  formula (it begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return, the
  OWASP list) gets a leading ``'``; so does a text that already begins with ``'`` before
  one of them, so that :func:`from_cell` gives back exactly what was written.
- :func:`for_markdown`: one line of a Markdown table or list item. Table pipes, raw HTML,
  links, emphasis and the block marks that begin a line are escaped; line breaks become
  spaces (a field cannot forge a heading or end a table).
- :func:`for_terminal`: what a terminal prints. Control characters other than a line
  break and a tab (ESC, BEL, BS, CR, C1 controls, DEL) and the bidirectional controls are
  shown as ``\\x1b`` style escapes, so a field cannot clear the screen, retitle the window
  or colour the report.
- :func:`for_html`: a text escaped for an HTML element or attribute, with bidirectional
  controls shown as escapes (an isolated text, in an element styled
  ``unicode-bidi:isolate``, cannot reorder what surrounds it, and ``‮gnp.exe`` no longer
  shows as ``exe.png``).

>>> for_cell("=HYPERLINK(\\"http://evil.example\\")")
'\\'=HYPERLINK("http://evil.example")'
>>> from_cell(for_cell("-5 kg")), from_cell("'hello")
('-5 kg', "'hello")
>>> for_markdown("a | b\\n# heading <img src=x onerror=alert(1)>")
'a \\\\| b # heading &lt;img src=x onerror=alert(1)>'
>>> for_terminal("red \\x1b[31m alert\\x07")
'red \\\\x1b[31m alert\\\\x07'
>>> for_html("\\u202egnp.exe")
'\\\\u202egnp.exe'
"""

from __future__ import annotations

import re
from html import escape

__all__ = [
    "BIDI_CONTROLS",
    "FORMULA_STARTS",
    "for_cell",
    "for_html",
    "for_markdown",
    "for_terminal",
    "from_cell",
]

#: First characters that make a spreadsheet read a cell as a formula (OWASP, "CSV
#: Injection").
FORMULA_STARTS = frozenset("=+-@\t\r")

#: Bidirectional formatting characters: embeddings, overrides, isolates and marks.
BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)


def for_cell(text: str) -> str:
    """A text for a CSV or spreadsheet cell that no spreadsheet runs as a formula."""
    if text and (text[0] in FORMULA_STARTS or (text[0] == "'" and text[1:2] in _QUOTED)):
        return "'" + text
    return text


_QUOTED = frozenset(FORMULA_STARTS | {"'"})


def from_cell(text: str) -> str:
    """The text :func:`for_cell` was given (a cell written by anything else is kept)."""
    if text[:1] == "'" and text[1:2] and text[1] in _QUOTED:
        return text[1:]
    return text


# C0 controls but tab and line feed, DEL, C1 controls, and the bidirectional controls.
_TERMINAL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f" + "".join(sorted(BIDI_CONTROLS)) + "]")


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def for_terminal(text: str) -> str:
    """A text a terminal shows as written: control characters as visible escapes."""
    return _TERMINAL.sub(_escaped, text)


_BIDI = re.compile("[" + "".join(sorted(BIDI_CONTROLS)) + "]")
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def for_html(text: str) -> str:
    """A text escaped for an HTML element or attribute, its bidirectional and other
    control characters shown as escapes."""
    return escape(_CONTROLS.sub(_escaped, _BIDI.sub(_escaped, text)), quote=True)


# Markdown: characters that make emphasis, code, links, images or raw HTML anywhere in a
# line, and the marks that make a block (heading, quote, list, rule) at its start.
_INLINE = re.compile(r"([\\`*_\[\]|~])")
_BLOCK_START = re.compile(r"^(\s*)([#>+=-]|[0-9]+[.)])")


def for_markdown(text: str) -> str:
    """One line of Markdown that shows ``text`` as written and makes no structure: no
    table cell ends, no heading, list, quote, link, image or raw HTML begins."""
    line = " ".join(for_terminal(text).splitlines())
    line = line.replace("<", "&lt;")
    line = _INLINE.sub(r"\\\1", line)
    return _BLOCK_START.sub(lambda m: m.group(1) + "\\" + m.group(2), line)

"""Terminal plumbing of the command line: ASCII stand-ins for an output that cannot show a
character, a quiet standard output after a broken pipe, and the progress line."""

from __future__ import annotations

import codecs
import contextlib
import io
import os
import sys
import threading
import time
import unicodedata
from typing import TextIO

__all__: list[str] = []

#: ASCII stand-ins for the symbols reports use, for an output that cannot show them.
_ASCII = {
    "█": "#", "░": "-", "▒": "=", "│": "|", "·": ".", "–": "-", "—": "--", "−": "-",
    "×": "x", "÷": "/", "Σ": "sum ", "→": "->", "←": "<-", "≥": ">=", "≤": "<=",
    "≠": "!=", "…": "...", "‘": "'", "’": "'", "“": '"', "”": '"', "•": "*", "\u00a0": " ",
}  # fmt: skip


def _ascii_fallback(exc: UnicodeError) -> tuple[str, int]:
    """Codec error handler: an ASCII stand-in for each character the output cannot encode."""
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    text = exc.object[exc.start : exc.end]
    return "".join(_ascii(ch) for ch in text), exc.end


def _ascii(ch: str) -> str:
    if ch in _ASCII:
        return _ASCII[ch]
    folded = unicodedata.normalize("NFKD", ch).encode("ascii", "ignore").decode()
    return folded or "?"


_ASCII_ERRORS = "desacoop-ascii"
codecs.register_error(_ASCII_ERRORS, _ascii_fallback)


def _fit_encoding(stream: object) -> None:
    """Let a console stream that cannot write every character write ASCII stand-ins."""
    if isinstance(stream, io.TextIOWrapper) and stream.errors in ("strict", "surrogateescape"):
        with contextlib.suppress(ValueError, OSError):  # a closed or unusual stream
            stream.reconfigure(errors=_ASCII_ERRORS)


def _quiet_stdout() -> None:
    """After a broken pipe: standard output goes to the null device, so the final flush
    at exit does not fail again (the recipe of Python's signal documentation)."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


class _Progress:
    """A progress line on standard error for work that takes over a second.

    Silent when the stream is not a terminal (a pipe, a file, a CI log). With a ``total``
    it draws a bar and a count (call :meth:`advance`); without, the seconds so far. The
    line is drawn by a background thread, so opaque calls (``load``, ``progress``) show it
    too, and it is erased when the work ends.
    """

    def __init__(
        self,
        label: str,
        total: int | None = None,
        *,
        stream: TextIO | None = None,
        delay: float = 1.0,
        interval: float = 0.2,
    ) -> None:
        self.label = label
        self.total = total
        self.done = 0
        self._stream = stream if stream is not None else sys.stderr
        self._delay, self._interval = delay, interval
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._started = 0.0
        self._width = 0

    def __enter__(self) -> _Progress:
        try:
            terminal = self._stream.isatty()
        except (AttributeError, ValueError):  # a closed or unusual stream
            terminal = False
        if terminal:
            self._started = time.monotonic()
            self._thread = threading.Thread(target=self._run, daemon=True)
            self._thread.start()
        return self

    def advance(self, count: int = 1) -> None:
        """Count ``count`` more units of the work done."""
        self.done += count

    def line(self) -> str:
        """The progress line as it is drawn now."""
        seconds = time.monotonic() - self._started
        if not self.total:
            return f"{self.label} ... {seconds:.0f} s"
        share = min(self.done / self.total, 1.0)
        filled = round(share * 20)
        return (
            f"{self.label} [{'#' * filled}{'-' * (20 - filled)}] {share:4.0%} "
            f"({self.done:,}/{self.total:,}) {seconds:.0f} s"
        )

    def _run(self) -> None:
        if self._stop.wait(self._delay):
            return
        while True:
            self._draw(self.line())
            if self._stop.wait(self._interval):
                return

    def _draw(self, text: str) -> None:
        with contextlib.suppress(OSError, ValueError):  # never fail the work for the line
            self._stream.write("\r" + text.ljust(self._width))
            self._stream.flush()
            self._width = len(text)

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
            if self._width:
                with contextlib.suppress(OSError, ValueError):
                    self._stream.write("\r" + " " * self._width + "\r")
                    self._stream.flush()

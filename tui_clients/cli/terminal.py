"""What a command writes reaches the terminal with its control characters escaped.

One rule, in one place: while a command runs, ``sys.stdout`` and ``sys.stderr`` are
:class:`EscapedStream` wrappers, so every message, file name, column name, stored value
and error text a command prints goes through :func:`~tui_clients.domain.text.printable`
(C0 and C1 controls, ESC, DEL, carriage return, bidi and zero-width characters, lone
surrogates: shown as ``\\x1b``, ``\\x9b``, ``\\u202e``…).  Only the line feed and the tab
pass as they are: they are how the output is laid out.

The filter applies whether or not the stream is a terminal: piped output usually ends on
one anyway (``| less``, ``| tee``, a cron mail, a CI log), and a command's text says the
same thing wherever it goes.  What must stay exact does not pass through it:

* CSV written to standard output (``export -``, :func:`csv_output`) goes to
  ``sys.stdout.buffer`` exactly as written when it is a pipe or a file (the rows are data
  for a program); on a terminal it is escaped too, its line ends kept;
* ``--json`` output is made by :func:`json_text`, which writes every character the
  filter would change as a JSON escape (``\\u009b``): valid JSON, the same values when
  parsed, and nothing left for the filter to change.

The TUI draws the screen itself (Textual writes to the terminal's own descriptor), so
:func:`unfiltered` gives it the streams as they were.
"""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any, TextIO, cast

from tui_clients.domain.text import printable


def escaped(text: str) -> str:
    """``text`` as :func:`printable` shows it, line feeds and tabs kept."""
    return printable(text, keep="\n\t")


class EscapedStream:
    """A text stream that writes to ``stream`` what :func:`escaped` makes of each write;
    everything else (``buffer``, ``fileno``, ``isatty``, ``flush``…) is ``stream``'s."""

    def __init__(self, stream: TextIO) -> None:
        self.unfiltered = stream

    def write(self, text: str) -> int:
        self.unfiltered.write(escaped(text))
        return len(text)

    def writelines(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.unfiltered, name)


class _CsvOnTerminal(EscapedStream):
    """CSV shown on a terminal: control characters escaped, its CRLF line ends kept."""

    def write(self, text: str) -> int:
        shown = escaped(text.replace("\r\n", "\n")).replace("\n", "\r\n")
        self.unfiltered.write(shown)
        return len(text)


def csv_output() -> TextIO:
    """Where ``export -`` writes its CSV: the bytes exactly as written to a pipe or a
    file (the rows are data for a program); on a terminal, a value holding a control
    character (stored by an older release, or by another program) is shown escaped."""
    out = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="")
    return cast("TextIO", _CsvOnTerminal(out)) if out.isatty() else out


@contextmanager
def escaped_output() -> Iterator[None]:
    """Run a command with :class:`EscapedStream` as ``sys.stdout`` and ``sys.stderr``.

    The streams are put back when the command ends or exits; after an unexpected
    exception they stay, so that the traceback the interpreter prints is escaped too."""
    saved = sys.stdout, sys.stderr
    if sys.stdout is not None and not isinstance(sys.stdout, EscapedStream):
        sys.stdout = EscapedStream(sys.stdout)  # type: ignore[assignment]
    if sys.stderr is not None and not isinstance(sys.stderr, EscapedStream):
        sys.stderr = EscapedStream(sys.stderr)  # type: ignore[assignment]
    try:
        yield
    except Exception:
        raise
    except BaseException:  # SystemExit (argparse's --help, a usage error), Ctrl+C
        sys.stdout, sys.stderr = saved
        raise
    sys.stdout, sys.stderr = saved


@contextmanager
def unfiltered() -> Iterator[None]:
    """The streams as they were before :func:`escaped_output`, for the TUI."""
    saved = sys.stdout, sys.stderr
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if isinstance(stream, EscapedStream):
            setattr(sys, name, stream.unfiltered)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


def _json_escape(ch: str) -> str:
    code = ord(ch)
    if code > 0xFFFF:  # a UTF-16 surrogate pair, as JSON spells characters beyond the BMP
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


def json_text(value: Any) -> str:
    """``value`` as indented JSON (non-ASCII letters as they are) in which every
    character :func:`printable` would escape is a JSON escape instead: C1 controls, DEL,
    format characters and lone surrogates, which ``json.dumps`` leaves raw."""
    text = json.dumps(value, ensure_ascii=False, indent=2)
    if text.isascii() and "\x7f" not in text:
        return text  # json.dumps escapes the C0 controls: nothing else to do
    return "".join(_json_escape(ch) if ch != "\n" and printable(ch) != ch else ch for ch in text)

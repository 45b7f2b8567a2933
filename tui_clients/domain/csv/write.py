"""Writing CSV files the way spreadsheets read them back.

Every file is UTF-8 with a byte order mark (so Excel shows accents), RFC 4180 quoting
and CRLF line endings: Excel writes CRLF itself, and with ``\\r\\n`` as the terminator
Python's csv module quotes any cell holding a bare CR or LF, so a cell never breaks a
line.  Cells that a spreadsheet would run as a formula are neutralised (OWASP CSV
injection) with :func:`neutralise`; the reader undoes it with :func:`unneutralise`.
A cell made only of digits, spaces and ``+ - . , ( )`` (a phone, a pair of
coordinates, a negative amount) cannot call anything and is written as it is.
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TextIO

from tui_clients.domain.i18n import N_, translate

REASON_HEADER = N_("Error")  # the error file's last column, in the user's language
LINE_END = "\r\n"

_FIRST = frozenset("'=+-@\t\r\n")
_TRIGGER = re.compile(r"'*[=+\-@\t\r\n]")
_GUARDED = re.compile(r"'+[=+\-@\t\r\n]")
_HARMLESS = re.compile(r"[0-9 +\-.,()]+")  # "+52 33 3615 2200", "-12.04318,-77.02824"
_UNDECODABLE = re.compile("[\udc80-\udcff]")  # bytes the reader could not decode


def neutralise(cell: str) -> str:
    """A cell no spreadsheet runs: one ``'`` before a cell matching ``^'*[=+\\-@\\t\\r\\n]``,
    unless it is made only of digits, spaces and ``+ - . , ( )`` (no formula can be
    written with them: a phone or coordinates stay as they are).

    Cells already beginning with apostrophes before a trigger get one more, so
    ``unneutralise(neutralise(x)) == x`` for every string ``x``.
    """
    if cell[:1] not in _FIRST or not _TRIGGER.match(cell) or _HARMLESS.fullmatch(cell):
        return cell
    return "'" + cell


def unneutralise(cell: str) -> str:
    """Undo :func:`neutralise`: drop one ``'`` before ``'*[=+\\-@\\t\\r\\n]``.

    A cell typed as ``'+57 300…`` (Excel users' way of keeping a value as text) reads
    as ``+57 300…``, which is what the spreadsheet showed.
    """
    if cell[:1] != "'" or not _GUARDED.match(cell):
        return cell
    return cell[1:]


def _writer(fh: TextIO, delimiter: str):
    return csv.writer(fh, delimiter=delimiter, lineterminator=LINE_END)


def write_csv(
    target: str | os.PathLike[str] | TextIO,
    header: Sequence[str] | None,
    rows: Iterable[Sequence[str]],
    *,
    delimiter: str = ",",
    bom: bool = True,
) -> int:
    """Write ``header`` and ``rows`` (neutralised) to a path or an open text stream.

    A stream must be opened with ``newline=""``; ``bom`` writes U+FEFF first (leave it
    off for a pipe).  Returns the number of rows written.  Streams rows: memory does
    not grow with their number.
    """
    if isinstance(target, str | os.PathLike):
        with Path(target).open("w", encoding="utf-8", newline="") as fh:
            return write_csv(fh, header, rows, delimiter=delimiter, bom=bom)
    if bom:
        target.write("\ufeff")
    writer = _writer(target, delimiter)
    if header is not None:  # None: a part of a file, appended to one that has it
        writer.writerow([neutralise(c) for c in header])
    count = 0
    first = _FIRST
    for row in rows:  # neutralise() inlined for the common cell (a million rows)
        writer.writerow([neutralise(c) if c[:1] in first else c for c in row])
        count += 1
    return count


class ErrorRows:
    """The error file's bytes, made in memory: rejected rows as read, each followed by its
    reasons.  The caller writes them where and when it chooses (an import appends them to
    its file only after the rows' transaction is committed, never while holding a lock).

    ``header`` is the input's header without any reason column of its own (as
    ``CsvSource.header`` gives it); the file gets ``header`` + ``reason_header`` (the
    translated :data:`REASON_HEADER` by default) in the input's ``delimiter``.  A short
    row is padded with empty cells so its reasons stay under the reason header; a row
    longer than the header keeps every cell and its reasons come after them.  Bytes the
    reader could not decode are written as U+FFFD, so the line is rejected again until
    it is fixed.  The reader recognises the reason column and ignores it, so the file,
    fixed, imports again.
    """

    def __init__(
        self, header: Sequence[str], delimiter: str = ",", reason_header: str | None = None
    ) -> None:
        self.width = len(header)
        self.rows = 0
        self._text = io.StringIO()
        self._writer = _writer(self._text, delimiter)
        reason = translate(REASON_HEADER) if reason_header is None else reason_header
        self._writer.writerow([_cell(c) for c in (*header, reason)])
        self._head = ("\ufeff" + self._take_text()).encode("utf-8")

    def head(self) -> bytes:
        """The file's beginning: a byte order mark (for Excel) and the header row."""
        return self._head

    def add(self, cells: Sequence[str], reasons: str) -> None:
        row = [_cell(c) for c in cells]
        row.extend([""] * (self.width - len(row)))
        row.append(_cell(reasons))
        self._writer.writerow(row)
        self.rows += 1

    def take(self) -> bytes:
        """The rows added since the last call, encoded."""
        return self._take_text().encode("utf-8")

    def _take_text(self) -> str:
        text = self._text.getvalue()
        self._text.seek(0)
        self._text.truncate()
        return text


class ErrorFileWriter:
    """:class:`ErrorRows` written straight to a new file at ``path`` (for small jobs and
    tests; an import uses ErrorRows with its own file handling)."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        header: Sequence[str],
        delimiter: str = ",",
        reason_header: str | None = None,
    ) -> None:
        self.path = Path(path)
        self._rows = ErrorRows(header, delimiter, reason_header)
        self._fh = self.path.open("wb")
        self._fh.write(self._rows.head())

    @property
    def rows(self) -> int:
        return self._rows.rows

    def write(self, cells: Sequence[str], reasons: str) -> None:
        self._rows.add(cells, reasons)
        self._fh.write(self._rows.take())

    def close(self) -> None:
        self._fh.close()

    def __enter__(self) -> ErrorFileWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _cell(text: str) -> str:
    if not text.isascii():
        text = _UNDECODABLE.sub("\ufffd", text)
    return neutralise(text)

"""From the bytes of a CSV file to its records, in bounded memory.

:class:`RecordReader` finds the encoding (see :func:`detect_encoding`), then cuts the
text into records: RFC 4180 rows, each maybe over several physical lines (a quoted
cell with line breaks).  It follows Python's csv parser state from quote to quote,
so its records are the ones ``csv.reader`` sees.  A record of at most ``max_record``
characters comes as its text, for ``csv.reader`` to split; a longer one comes split into
its cells already, every one of them, each kept to ``max_field`` characters (a longer
cell is cut and marked with "…"), and no more than ``max_record`` + ``width`` ×
``max_field`` characters in all (``width``: the header's cells; a row with far more
cells keeps its first ones).  A 50 MB cell costs a scan, not 50 MB.
"""

from __future__ import annotations

import codecs
import functools
import re
from collections.abc import Callable, Iterator
from typing import BinaryIO, NamedTuple

from tui_clients.domain.errors import FieldError, ValidationError
from tui_clients.domain.i18n import N_

_CHUNK = 1 << 18  # bytes read at a time
_SAMPLE = 1 << 16  # bytes looked at for control characters
_PIECE = 1 << 16  # characters of a long line handed on at a time
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_WORKBOOKS = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")  # zip (.xlsx, .ods), OLE2 (.xls)
_CP1252_UNDEFINED = re.compile(rb"[\x81\x8d\x8f\x90\x9d]")
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
_NON_ASCII = bytes(range(128, 256))
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_EOL = re.compile(r"\r\n|\r|\n")
_OTHER_BREAKS = re.compile("[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_QUOTED_RUN = re.compile(r'[^"]*(?:""[^"]*)*')
_START, _FIELD, _QUOTED, _QUOTE = range(4)  # csv's parser states, as _scan follows them

_EMPTY = N_("The file is empty: it has no header and no rows.")
_WORKBOOK = N_(
    "The file is a spreadsheet workbook, not a CSV file: save it as “CSV UTF-8” "
    "and import that file."
)
_NOT_TEXT = N_(
    "The file is not a text CSV file (it holds binary data): save it from the "
    "spreadsheet as “CSV UTF-8”."
)
_BAD_BOM = N_("The file starts with a {value} byte order mark but is not {value} text.")


class FileRefused(ValidationError):
    """A whole-file problem: ``error`` is one FieldError on the field "file"."""

    def __init__(self, code: str, template: str, value: str = "", **params: object) -> None:
        self.error = FieldError("file", code, template, value, params)
        super().__init__(self.error)


class Record(NamedTuple):
    line: int  # physical line it starts on, 1-based
    text: str  # the record, terminator included; "" when it is long (see cells)
    cut: bool  # longer than max_record: read into cells, not text
    unclosed: bool  # a quotation mark opened in it is never closed (it ran to the end)
    cells: list[str] | None = None  # a long record's cells, as csv.reader parses them
    long_cells: tuple[int, ...] = ()  # the cells of those over max_field, cut to it + "…"
    lost: bool = False  # its cells went beyond the memory kept: the last ones are dropped


def detect_encoding(fh: BinaryIO) -> tuple[str, str]:
    """(codec, decoding errors handler) for a file, or FileRefused.

    A byte order mark names the codec (the whole file must decode).  Otherwise strict
    UTF-8 over the whole file; failing that, Windows-1252 (Excel's CSV), unless valid
    UTF-8 sequences outnumber the stray bytes: then UTF-8 with a few damaged lines,
    decoded with ``surrogateescape`` so that those rows can be rejected.  Refused: a
    workbook; a Windows-1252 file holding one of the five bytes that code page leaves
    undefined; over 5 % control characters in the first 64 KiB.
    """
    head = fh.read(4)
    for bom, codec in _BOMS:
        if head.startswith(bom):
            try:
                _decode_all(fh, codec)
            except UnicodeDecodeError:
                name = codec.removesuffix("-sig").upper()
                raise FileRefused("encoding", _BAD_BOM, name) from None
            return _not_binary(fh, codec, "strict")
    if head.startswith(_WORKBOOKS):
        raise FileRefused("workbook", _WORKBOOK)
    try:
        _decode_all(fh, "utf-8")
        return _not_binary(fh, "utf-8", "strict")
    except UnicodeDecodeError:
        pass
    fh.seek(0)
    sequences = stray = 0
    undefined = False
    for data in iter(lambda: fh.read(_CHUNK), b""):
        rest, found = _UTF8_SEQUENCE.subn(b"", data)
        sequences += found
        stray += len(rest) - len(rest.translate(None, _NON_ASCII))
        undefined = undefined or _CP1252_UNDEFINED.search(data) is not None
    if sequences > stray:
        return _not_binary(fh, "utf-8", "surrogateescape")
    if undefined:
        raise FileRefused("not_text", _NOT_TEXT)
    return _not_binary(fh, "cp1252", "strict")


def _decode_all(fh: BinaryIO, codec: str) -> None:
    fh.seek(0)
    decoder = codecs.getincrementaldecoder(codec)()
    for data in iter(lambda: fh.read(_CHUNK), b""):
        decoder.decode(data)
    decoder.decode(b"", final=True)


def _not_binary(fh: BinaryIO, codec: str, errors: str) -> tuple[str, str]:
    fh.seek(0)
    sample = codecs.getincrementaldecoder(codec)(errors).decode(fh.read(_SAMPLE))
    if len(_CONTROLS.findall(sample)) * 20 > len(sample):
        raise FileRefused("not_text", _NOT_TEXT)
    return codec, errors


class RecordReader:
    """The records of an open binary file; ``lines`` counts physical lines read and
    ``position`` bytes read (for progress).  ``width``: the cells a record should have
    (the header's, once known), for the memory a long record may keep."""

    def __init__(self, fh: BinaryIO, max_record: int, max_field: int) -> None:
        self._fh = fh
        self.max_record = max_record
        self.max_field = max_field
        self.width = 0
        self.encoding, self._errors = detect_encoding(fh)
        fh.seek(0)
        self.position = 0
        self.lines = 0
        self._pieces = _pieces(self._decoded())

    def first_line(self) -> str:
        """The next physical line that is not blank (its first part, if very long)."""
        for piece in self._pieces:
            if piece.strip():
                return piece
            self.lines += 1
        raise FileRefused("empty", _EMPTY)

    def records(self, delimiter: str, first: str) -> Iterator[Record]:
        """The records from ``first`` (a line or part returned by first_line) on."""
        parts: list[str] = []
        state, size, start = _START, 0, self.lines + 1
        long: _Cells | None = None
        whole = _whole_line(delimiter)
        for piece in _chain(first, self._pieces):
            if not parts and long is None and len(piece) <= self.max_record and whole(piece):
                self.lines += 1  # the common case: a line that is a record, in one step
                yield Record(start, piece, False, False)
                start += 1
                continue
            if long is None and size + len(piece) > self.max_record:
                budget = self.max_record + self.width * (self.max_field + 2)
                long = _Cells(delimiter, self.max_field, budget)
                for part in parts:  # none of them ended the record
                    long.feed(part)
                parts, size = [], 0
            if long is not None:
                ended = long.feed(piece)
            else:
                state, ended = _scan(piece, state, delimiter)
                parts.append(piece)
                size += len(piece)
            if piece[-1] in "\r\n":
                self.lines += 1
            if ended:
                yield (
                    Record(start, "".join(parts), False, False)
                    if long is None
                    else long.record(start)
                )
                state, parts, size, long, start = _START, [], 0, None, self.lines + 1
        if long is not None:
            yield long.record(start)
        elif parts:
            yield Record(start, "".join(parts), False, state == _QUOTED)

    def _decoded(self) -> Iterator[str]:
        decoder = codecs.getincrementaldecoder(self.encoding)(self._errors)
        while True:
            data = self._fh.read(_CHUNK)
            self.position += len(data)
            text = decoder.decode(data, final=not data)
            if text:
                yield text
            if not data:
                return


@functools.cache
def _whole_line(delimiter: str) -> Callable[[str], re.Match[str] | None]:
    """A matcher for a line that is one record: plain cells, or quoted ones with their
    quotes doubled, and a line terminator."""
    d = re.escape(delimiter)
    cell = f'(?:[^"\r\n{d}]*|"(?:[^"]|"")*")'
    return re.compile(f"{cell}(?:{d}{cell})*(?:\r\n|\r|\n)").fullmatch


def _chain(first: str, rest: Iterator[str]) -> Iterator[str]:
    yield first
    yield from rest


def _pieces(chunks: Iterator[str]) -> Iterator[str]:
    """Physical lines with their terminator (CRLF, LF or CR, nothing else); a line
    longer than _PIECE comes in parts without one, so it never sits in memory whole."""
    rest = ""
    for chunk in chunks:
        text = rest + chunk if rest else chunk
        if _OTHER_BREAKS.search(text) is None:  # str.splitlines would break on those too
            lines = text.splitlines(True)
            # the last line may go on in the next chunk, or its \r start a \r\n
            rest = lines.pop() if lines[-1][-1] != "\n" else ""
            yield from lines
        else:
            start = 0
            for match in _EOL.finditer(text):
                if match.end() == len(text) and text[-1] == "\r":
                    break
                yield text[start : match.end()]
                start = match.end()
            rest = text[start:]
        if len(rest) > _PIECE and rest[-1] != "\r":
            yield rest
            rest = ""
    if rest:
        yield rest


def _scan(piece: str, state: int, delimiter: str) -> tuple[int, bool]:
    """Follow csv's parser (non-strict, doubled quotes) over one piece, jumping from
    quote to quote: the state after it, and whether the record ended in it.  A piece
    holds at most one line terminator, at its end."""
    i, n = 0, len(piece)
    while True:
        if state == _QUOTED:
            run = _QUOTED_RUN.match(piece, i)
            assert run is not None  # the pattern matches the empty string too
            i = run.end()
            if i == n:
                return _QUOTED, False
            state, i = _QUOTE, i + 1  # it closes the quote unless another quote follows
        elif state == _QUOTE:
            if i == n:
                return _QUOTE, False
            char = piece[i]
            if char in "\r\n":
                return _START, True
            if char == '"':
                state, i = _QUOTED, i + 1
            elif char == delimiter:
                state, i = _START, i + 1
            else:
                state = _FIELD  # text after a closing quote is kept, as csv does
        elif state == _START and i < n and piece[i] == '"':
            state, i = _QUOTED, i + 1
        else:  # unquoted cells: a quote inside one is text; find the next cell opening one
            found = piece.find(delimiter + '"', i)
            if found != -1:
                state, i = _QUOTED, found + 2
            elif piece[-1] in "\r\n":
                return _START, True
            elif i == n:
                return state, False
            else:
                return (_START if piece[-1] == delimiter else _FIELD), False


class _Cells:
    """A record longer than max_record, read cell by cell as csv's parser (non-strict,
    doubled quotes) reads it, fed one piece at a time: each cell keeps up to
    ``max_field`` characters (a longer one is cut and marked), and the cells together
    ``budget`` characters; past that the rest of the record is only scanned."""

    def __init__(self, delimiter: str, max_field: int, budget: int) -> None:
        self.delimiter = delimiter
        self.max_field = max_field
        self.budget = budget
        self.state = _START
        self.cells: list[str] = []
        self.long: list[int] = []
        self.lost = False
        self._cell: list[str] = []  # the current cell's text, in parts
        self._room = max_field  # characters it may still keep
        self._full = False  # it is over max_field: the rest of it is dropped
        self._ended = False

    def record(self, line: int) -> Record:
        """The record, once fed whole (its end found, or the end of the file)."""
        unclosed = self.state == _QUOTED
        if not self._ended and not self.lost:
            self._end_cell()  # the end of the file ends the last cell, as in csv
        return Record(line, "", True, unclosed, self.cells, tuple(self.long), self.lost)

    def feed(self, piece: str) -> bool:
        """Read one piece; whether the record ended in it (then the last cell is read)."""
        if self.lost:
            self.state, ended = _scan(piece, self.state, self.delimiter)
            return ended
        delimiter, state, i, n = self.delimiter, self.state, 0, len(piece)
        while True:
            if state == _QUOTED:
                run = _QUOTED_RUN.match(piece, i)
                assert run is not None  # the pattern matches the empty string too
                self._add(piece, i, run.end(), quoted=True)
                i = run.end()
                if i == n:
                    self.state = _QUOTED
                    return False
                state, i = _QUOTE, i + 1  # it closes the quote unless another quote follows
            elif state == _QUOTE:
                if i == n:
                    self.state = _QUOTE
                    return False
                char = piece[i]
                if char in "\r\n":
                    return self._end()
                if char == '"':
                    self._add(piece, i, i + 1)
                    state, i = _QUOTED, i + 1
                elif char == delimiter:
                    state, i = _START, i + 1
                    if not self._end_cell():
                        return self._scan_rest(piece[i:], state)
                else:
                    state = _FIELD  # text after a closing quote is kept, as csv does
            elif state == _START and i < n and piece[i] == '"':
                state, i = _QUOTED, i + 1
            else:  # an unquoted cell, to the next delimiter or the end of the line
                found = piece.find(delimiter, i)
                if found != -1:
                    self._add(piece, i, found)
                    state, i = _START, found + 1
                    if not self._end_cell():
                        return self._scan_rest(piece[i:], state)
                elif piece[-1] in "\r\n":
                    end = n - 2 if piece.endswith("\r\n") else n - 1
                    if state == _START and not self.cells and i == end:
                        self.state, self._ended = _START, True  # a blank line: no cells
                        return True
                    self._add(piece, i, max(i, end))
                    return self._end()
                else:
                    self._add(piece, i, n)
                    self.state = _FIELD if i < n else state
                    return False

    def _add(self, piece: str, start: int, end: int, quoted: bool = False) -> None:
        """Keep piece[start:end] in the current cell, up to its room (quoted text has its
        doubled quotes undone: 2 × room + 2 characters of it are more than room)."""
        if self._full or start >= end:
            return
        text = piece[start : min(end, start + 2 * self._room + 2)]
        if quoted:
            text = text.replace('""', '"')
        if len(text) > self._room:
            text, self._full = text[: self._room], True
        self._cell.append(text)
        self._room -= len(text)

    def _end_cell(self) -> bool:
        """Keep the cell read; False when the record's budget is spent (then lost)."""
        cell = "".join(self._cell)
        if self._full:
            cell += "…"
            self.long.append(len(self.cells))
        self._cell, self._room, self._full = [], self.max_field, False
        self.budget -= len(cell) + 1
        if self.budget < 0:
            self.lost = True
            if self.long and self.long[-1] == len(self.cells):
                self.long.pop()
            return False
        self.cells.append(cell)
        return True

    def _end(self) -> bool:
        self.state, self._ended = _START, True
        if not self.lost:
            self._end_cell()
        return True

    def _scan_rest(self, rest: str, state: int) -> bool:
        """The budget is spent: only find where the record ends."""
        if not rest:
            self.state = state
            return False
        self.state, ended = _scan(rest, state, self.delimiter)
        return ended

"""Reading spreadsheet workbooks (.xlsx, .xlsm, .xlsb, .xls, .ods) as rows of text.

python-calamine reads the file; :class:`Workbook` hands its rows on as the text a CSV
of the same sheet should have held, so the import applies the same rules to both.

Decisions:

- Recognised by suffix, or by content whatever the name (:func:`is_workbook`): a zip
  holding ``xl/workbook.xml``/``.bin`` or an OpenDocument spreadsheet ``mimetype``, or
  an OLE2 compound file (.xls; also an encrypted .xlsx, which is then refused as such).
- Sheet: the first visible worksheet unless one is named; a hidden one may be named.
  :func:`sheet_names` and :attr:`Workbook.sheets` list the visible worksheets.
- Cells to text (:func:`cell_text`): text as it is (``06600`` keeps its zero); a whole
  number without ``.0`` or exponent (``5512345678``, ``1000000000000000``) exactly up
  to 2**53, beyond that and for fractions 15 significant digits, as a spreadsheet shows
  them (``1234.5``; a formula's ``0.30000000000000004`` is ``0.3``), never an exponent;
  true/false ``1``/``0``; a date ``2024-03-05``; a date and time ``2024-03-05 14:30``,
  seconds written only when not zero (``14:30:15``), rounded to the second, and a date
  and time at midnight as its date (.ods gives a date so; .xlsx and .xls do too); a time
  ``09:05`` (the same for seconds); a duration ``25:30`` (hours may pass 24, ``-`` when
  negative).  A formula gives its cached value.
- Error cells (``#N/A``, ``#DIV/0!``) come as their text, so the reader's spreadsheet
  error check rejects the row: python-calamine reads them as empty (.ods: sometimes as
  0), so they are found in the file itself for .xlsx/.xlsm, .ods and .xls, in step with
  the rows (:func:`_xlsx_errors`, :func:`_ods_errors`, :func:`_xls_errors`).  In .xlsb
  (and a BIFF5 .xls, Excel 95) they read as empty cells (a known gap).
- Rows: numbered as the spreadsheet shows them (1-based); none for an empty sheet (the
  reader says it is empty).  Fully blank rows (every cell empty or spaces) are skipped,
  trailing ones too; the header is the first row that is not blank, its width up to
  its last cell that is not blank.  A data row has that width (padded with empty
  cells), or more when it has something beyond it (for "more cells than the header");
  its cells within the width stay as they are.
- Memory: calamine holds the sheet's cells (in Rust, about 90 bytes a cell) while it is
  open; the rows reach Python one at a time.  Error cells are found by streaming the
  sheet's XML (.xlsx, .ods) or reading the file (.xls, at most 65,536 rows).
"""

from __future__ import annotations

import contextlib
import datetime
import html
import math
import os
import re
import stat
import struct
import zipfile
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from types import TracebackType
from typing import IO, NamedTuple
from xml.etree import ElementTree
from xml.parsers import expat

import python_calamine as calamine

from tui_clients.domain.csv.decode import FileRefused
from tui_clients.domain.i18n import N_
from tui_clients.domain.text import printable

__all__ = [
    "WORKBOOK_SUFFIXES",
    "Workbook",
    "cell_text",
    "is_workbook",
    "sheet_names",
]

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods")

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = b"PK\x03\x04"
_ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")  # a stream's name in an OLE2 directory
_EXACT = 2**53  # whole numbers below this are exact in a float
_CHUNK = 1 << 20

_DAMAGED = N_(
    "The workbook could not be read: it is damaged or is not a spreadsheet file ({value}). "
    "Open it in the spreadsheet and save it again."
)
_PASSWORD = N_(
    "The workbook is protected with a password: open it in the spreadsheet, save a copy "
    "without the password and import that copy."
)
_UNREADABLE = N_("The file could not be read: {value}.")
_NO_FILE = N_("{value} does not exist: check the file's name and folder.")
_NOT_A_FILE = N_("{value} is not a regular file: choose a spreadsheet file.")
_NO_SHEETS = N_("The workbook has no worksheets.")
_NO_SHEET = N_("The workbook has no sheet “{value}”; its sheets are: {sheets}.")


def is_workbook(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` names a workbook: by suffix, or by its first bytes (a workbook
    saved under another name).  Only a regular file is opened (a FIFO would block)."""
    if Path(path).suffix.lower() in WORKBOOK_SUFFIXES:
        return True
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return False
        with open(path, "rb") as fh:
            head = fh.read(8)
            if head == _OLE2:
                return True
            if not head.startswith(_ZIP):
                return False
            fh.seek(0)
            return _zip_is_workbook(fh)
    except OSError:
        return False


def _zip_is_workbook(fh: IO[bytes]) -> bool:
    try:
        with zipfile.ZipFile(fh) as zf:
            names = set(zf.namelist())
            if "xl/workbook.xml" in names or "xl/workbook.bin" in names:
                return True
            if "mimetype" in names:
                with zf.open("mimetype") as member:
                    return member.read(len(_ODS_MIME)) == _ODS_MIME
            return False
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError):
        return True  # a damaged zip that starts as one: let the workbook reader say so


def sheet_names(path: str | os.PathLike[str]) -> list[str]:
    """The visible worksheets' names, in workbook order, or FileRefused."""
    book = _open(path)
    try:
        return _visible(book)
    finally:
        book.close()


def _open(path: str | os.PathLike[str]) -> calamine.CalamineWorkbook:
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):  # a FIFO would block the reader
            raise FileRefused("not_a_file", _NOT_A_FILE, printable(os.fspath(path)))
    except FileNotFoundError:
        raise FileRefused("missing", _NO_FILE, printable(os.fspath(path))) from None
    except OSError as exc:
        raise FileRefused("unreadable", _UNREADABLE, printable(exc.strerror or str(exc))) from None
    try:
        return calamine.CalamineWorkbook.from_path(os.fspath(path))
    except calamine.PasswordError:
        raise FileRefused("workbook_password", _PASSWORD) from None
    except calamine.CalamineError as exc:
        if _encrypted_ooxml(path):  # read as an .xls when not named .xlsx
            raise FileRefused("workbook_password", _PASSWORD) from None
        raise FileRefused("workbook_damaged", _DAMAGED, printable(str(exc))) from None
    except OSError as exc:
        raise FileRefused("unreadable", _UNREADABLE, printable(exc.strerror or str(exc))) from None
    except Exception as exc:  # python-calamine raises plain errors for some malformed files
        raise FileRefused("workbook_damaged", _DAMAGED, printable(str(exc))) from None


def _encrypted_ooxml(path: str | os.PathLike[str]) -> bool:
    """Whether the file is an OLE2 container holding an encrypted .xlsx (its stream
    "EncryptedPackage"), whatever its name."""
    try:
        with open(path, "rb") as fh:
            return fh.read(8) == _OLE2 and _holds(fh, _ENCRYPTED)
    except OSError:
        return False


def _worksheets(book: calamine.CalamineWorkbook) -> list[calamine.SheetMetadata]:
    return [s for s in book.sheets_metadata if s.typ == calamine.SheetTypeEnum.WorkSheet]


def _visible(book: calamine.CalamineWorkbook) -> list[str]:
    sheets = _worksheets(book)
    shown = [s.name for s in sheets if s.visible == calamine.SheetVisibleEnum.Visible]
    return shown or [s.name for s in sheets]


class _Error(NamedTuple):
    row: int  # 0-based, in the sheet
    column: int  # 0-based, in the sheet
    text: str


class Workbook:
    """One sheet of a workbook, open (a context manager): ``sheet`` (its name),
    ``sheets`` (the visible worksheets), :meth:`records`, ``position`` and ``size`` (rows
    read and the sheet's last row, for progress)."""

    def __init__(self, path: str | os.PathLike[str], sheet: str | None = None) -> None:
        self.path = Path(path)
        self._book = _open(path)
        try:
            self.sheets = _visible(self._book)
            every = [s.name for s in _worksheets(self._book)]
            if not every:
                raise FileRefused("workbook_sheets", _NO_SHEETS)
            if sheet is None:
                sheet = self.sheets[0]
            elif sheet not in every:
                listed = ", ".join(f"“{printable(name)}”" for name in self.sheets)
                raise FileRefused("sheet", _NO_SHEET, printable(sheet), sheets=listed)
            self.sheet = sheet
            try:
                self._sheet = self._book.get_sheet_by_name(sheet)
            except calamine.CalamineError as exc:
                raise FileRefused("workbook_damaged", _DAMAGED, printable(str(exc))) from None
        except BaseException:
            self._book.close()
            raise
        start, end = self._sheet.start, self._sheet.end
        self._first_column = start[1] if start else 0
        self.size = end[0] + 1 if end else 0  # 0: an empty sheet, no records
        self.position = 0

    def __enter__(self) -> Workbook:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        with contextlib.suppress(calamine.WorkbookClosed):
            self._book.close()

    def records(self) -> Iterator[tuple[int, list[str]]]:
        """(row number as the spreadsheet shows it, its cells as text), the header first;
        see the module's decisions for blank rows and widths."""
        if not self.size:
            return  # (python-calamine's iter_rows fails on an empty sheet)
        errors = self._errors()
        pending = next(errors, None)
        width: int | None = None
        # python-calamine's iter_rows pads the rows above the data with empty ones, so the
        # index is the sheet's own row number (0-based)
        for index, row in enumerate(self._sheet.iter_rows()):
            self.position = index + 1
            cells = [cell_text(value) for value in row]
            while pending is not None and pending.row <= index:
                if pending.row == index:
                    at = pending.column - self._first_column
                    if at >= 0:
                        cells.extend([""] * (at + 1 - len(cells)))
                        cells[at] = pending.text
                pending = next(errors, None)
            last = len(cells)
            while last and not cells[last - 1].strip():
                last -= 1
            if not last:
                continue
            if width is None:
                width = last
            last = max(last, width)
            cells.extend([""] * (last - len(cells)))
            del cells[last:]
            yield index + 1, cells

    def _errors(self) -> Iterator[_Error]:
        kind = _zip_kind(self.path)
        if kind == "xlsx":
            return _xlsx_errors(self.path, self.sheet)
        if kind == "ods":
            return _ods_errors(self.path, self.sheet)
        if not kind:
            return _xls_errors(self.path, self.sheet)
        return iter(())


def cell_text(value: object) -> str:
    """A cell's value as python-calamine gives it, as text (see the module's decisions)."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _number(value)
    if isinstance(value, datetime.datetime):
        value = _whole_seconds(value)
        if value.time() == datetime.time():  # a date (.ods gives dates so)
            return value.date().isoformat()
        return f"{value:%Y-%m-%d} {_clock(value.hour, value.minute, value.second)}"
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, datetime.time):
        moment = _whole_seconds(datetime.datetime.combine(datetime.date(2000, 1, 1), value))
        if moment.day > 1:  # 23:59:59.6 -> 24:00
            return "24:00"
        return _clock(moment.hour, moment.minute, moment.second)
    if isinstance(value, datetime.timedelta):
        seconds = round(value.total_seconds())
        sign = "-" if seconds < 0 else ""
        minutes, second = divmod(abs(seconds), 60)
        hour, minute = divmod(minutes, 60)
        return sign + _clock(hour, minute, second)
    return str(value)


def _number(value: float) -> str:
    if not math.isfinite(value):
        return "#NUM!"
    if value.is_integer() and abs(value) < _EXACT:
        return str(int(value))
    text = format(Decimal(format(value, ".15g")), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _whole_seconds(value: datetime.datetime) -> datetime.datetime:
    if value.microsecond >= 500_000:
        value += datetime.timedelta(seconds=1)
    return value.replace(microsecond=0)


def _clock(hour: int, minute: int, second: int) -> str:
    text = f"{hour:02d}:{minute:02d}"
    return f"{text}:{second:02d}" if second else text


# -- error cells, read from the file itself ---------------------------------------------


def _zip_kind(path: Path) -> str:
    """ "xlsx" (also .xlsm), "ods" or "" (.xls, .xlsb, anything else)."""
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            if "xl/workbook.xml" in names:
                return "xlsx"
            if "content.xml" in names and "mimetype" in names:
                with zf.open("mimetype") as member:
                    if member.read(len(_ODS_MIME)) == _ODS_MIME:
                        return "ods"
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError):
        pass
    return ""


_PREFIX = rb"(?:[A-Za-z_][\w.-]*:)?"
_CELL_START = re.compile(rb"<" + _PREFIX + rb"c[\s>/]")
_ERROR_TAG = re.compile(rb"<" + _PREFIX + rb"c\s([^>]*?\bt\s*=\s*[\"']e[\"'][^>]*?)(?<!/)>")
_CELL_END = re.compile(rb"</" + _PREFIX + rb"c>")
_VALUE = re.compile(rb"<" + _PREFIX + rb"v>([^<]*)<")
_REF = re.compile(rb"\br\s*=\s*[\"']\$?([A-Za-z]{1,3})\$?(\d{1,7})[\"']")
_REL_NS = "relationships"


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1]


def _xlsx_part(zf: zipfile.ZipFile, sheet: str) -> str | None:
    """The zip member holding the sheet named ``sheet``."""
    rel_id = None
    with zf.open("xl/workbook.xml") as fh:
        for _, elem in ElementTree.iterparse(fh):
            if _local(elem.tag) == "sheet" and elem.get("name") == sheet:
                rel_id = next(
                    (v for k, v in elem.attrib.items() if _local(k) == "id" and _REL_NS in k),
                    None,
                )
                break
    if rel_id is None or "xl/_rels/workbook.xml.rels" not in zf.namelist():
        return None
    with zf.open("xl/_rels/workbook.xml.rels") as fh:
        for _, elem in ElementTree.iterparse(fh):
            if _local(elem.tag) == "Relationship" and elem.get("Id") == rel_id:
                target = elem.get("Target") or ""
                return target.lstrip("/") if target.startswith("/") else "xl/" + target
    return None


def _xlsx_errors(path: Path, sheet: str) -> Iterator[_Error]:
    """The error cells of an .xlsx sheet, in file (row) order: a scan of its XML for cells
    of type "e", which python-calamine reads as empty."""
    try:
        with zipfile.ZipFile(path) as zf:
            part = _xlsx_part(zf, sheet)
            if part is None or part not in zf.namelist():
                return
            with zf.open(part) as fh:
                tail = b""
                for chunk in iter(lambda: fh.read(_CHUNK), b""):
                    data = tail + chunk
                    cut = _last_cell_start(data)
                    yield from _xlsx_error_cells(data[:cut])
                    tail = data[cut:]
                yield from _xlsx_error_cells(tail)
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, KeyError):
        return
    except ElementTree.ParseError:
        return


def _last_cell_start(data: bytes) -> int:
    at = len(data)
    while True:
        at = data.rfind(b"<", 0, at)
        if at <= 0:
            return 0
        if _CELL_START.match(data, at):
            return at


def _xlsx_error_cells(data: bytes) -> Iterator[_Error]:
    if b'"e"' not in data and b"'e'" not in data:  # the common case, at memchr speed
        return
    for tag in _ERROR_TAG.finditer(data):
        ref = _REF.search(tag.group(1))
        if ref is None:
            continue
        end = _CELL_END.search(data, tag.end())
        value = _VALUE.search(data, tag.end(), end.start() if end else len(data))
        if value is None:
            continue
        column = 0
        for letter in ref.group(1).upper():
            column = column * 26 + letter - 64
        text = html.unescape(value.group(1).decode("utf-8", "replace"))
        yield _Error(int(ref.group(2)) - 1, column - 1, text)


_ODS_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_ODS_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_ODS_CELLS = {f"{_ODS_TABLE} table-cell", f"{_ODS_TABLE} covered-table-cell"}


def _ods_errors(path: Path, sheet: str) -> Iterator[_Error]:
    """The error cells of an .ods sheet, in row order.  LibreOffice marks them with
    ``calcext:value-type="error"`` (python-calamine reads them as empty or 0); the sheet
    is parsed only when the file holds that mark."""
    try:
        with zipfile.ZipFile(path) as zf:
            with zf.open("content.xml") as fh:
                if not _holds(fh, b'value-type="error"'):
                    return
            with zf.open("content.xml") as fh:
                yield from _OdsErrors(sheet).parse(fh)
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, KeyError):
        return
    except expat.ExpatError:
        return


def _holds(fh: IO[bytes], needle: bytes) -> bool:
    tail = b""
    for chunk in iter(lambda: fh.read(_CHUNK), b""):
        data = tail + chunk
        if needle in data:
            return True
        tail = data[-len(needle) :]
    return False


class _OdsErrors:
    """A streaming (expat) walk of an .ods content.xml, counting rows and columns with
    their repeats, that collects the error cells of one table."""

    def __init__(self, sheet: str) -> None:
        self.sheet = sheet
        self.inside = False  # within the wanted table
        self.depth = 0  # tables nested in it (a table inside a cell's shape)
        self.row = -1
        self.column = 0
        self.repeat = 1  # the current row's repeats
        self.error: list[str] | None = None  # text of the error cell being read
        self.error_span = 1
        self.found: list[_Error] = []
        self.row_errors: list[_Error] = []

    def parse(self, fh: IO[bytes]) -> Iterator[_Error]:
        parser = expat.ParserCreate(namespace_separator=" ")
        parser.StartElementHandler = self.start
        parser.EndElementHandler = self.end
        parser.CharacterDataHandler = self.text
        for chunk in iter(lambda: fh.read(_CHUNK), b""):
            parser.Parse(chunk, False)
            yield from self.found
            self.found.clear()
        parser.Parse(b"", True)
        yield from self.found

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if name == f"{_ODS_TABLE} table":
            if self.inside:
                self.depth += 1
            elif attrs.get(f"{_ODS_TABLE} name") == self.sheet:
                self.inside = True
            return
        if not self.inside or self.depth:
            return
        if name == f"{_ODS_TABLE} table-row":
            self.row += self.repeat
            self.repeat = int(attrs.get(f"{_ODS_TABLE} number-rows-repeated", "1") or 1)
            self.column = 0
        elif name in _ODS_CELLS:
            span = int(attrs.get(f"{_ODS_TABLE} number-columns-repeated", "1") or 1)
            if any(k.endswith(" value-type") and v == "error" for k, v in attrs.items()):
                self.error, self.error_span = [], span
            else:
                self.column += span
        elif name == f"{_ODS_TEXT} p" and self.error is not None and self.error:
            self.error.append("\n")

    def end(self, name: str) -> None:
        if name == f"{_ODS_TABLE} table" and self.inside:
            if self.depth:
                self.depth -= 1
            else:
                self.inside = False
            return
        if not self.inside or self.depth:
            return
        if name in _ODS_CELLS and self.error is not None:
            text = "".join(self.error).strip() or "#VALUE!"
            for at in range(self.column, self.column + min(self.error_span, 1024)):
                self.row_errors.append(_Error(self.row, at, text))
            self.column += self.error_span
            self.error = None
        elif name == f"{_ODS_TABLE} table-row":
            for offset in range(min(self.repeat, 1024) if self.row_errors else 0):
                self.found.extend(e._replace(row=e.row + offset) for e in self.row_errors)
            self.row_errors.clear()

    def text(self, data: str) -> None:
        if self.error is not None:
            self.error.append(data)


# .xls: an OLE2 compound file whose "Workbook" stream holds BIFF8 records

_BIFF_ERRORS = {
    0x00: "#NULL!",
    0x07: "#DIV/0!",
    0x0F: "#VALUE!",
    0x17: "#REF!",
    0x1D: "#NAME?",
    0x24: "#NUM!",
    0x2A: "#N/A",
    0x2B: "#GETTING_DATA",
}
_END_OF_CHAIN = 0xFFFFFFFE


def _xls_errors(path: Path, sheet: str) -> Iterator[_Error]:
    """The error cells of an .xls sheet, in row order: its FORMULA records whose cached
    result is an error and its BOOLERR records that hold one (python-calamine reads both
    as empty).  The file is read whole (an .xls is small: at most 65,536 rows)."""
    try:
        with open(path, "rb") as fh:
            data = fh.read()
        stream = _ole_stream(data, "Workbook")
        if stream is None:
            return
        start = _biff_sheet_offset(stream, sheet)
        if start is None:
            return
        yield from _biff_error_cells(stream, start)
    except (OSError, ValueError, IndexError, KeyError, struct.error):
        return


def _ole_stream(data: bytes, name: str) -> bytes | None:
    """A stream stored in regular sectors (4096 bytes or more, as a workbook's is)."""
    if data[:8] != _OLE2:
        return None
    (shift,) = struct.unpack_from("<H", data, 0x1E)
    size = 1 << shift
    fat_sectors, first_dir = struct.unpack_from("<II", data, 0x2C)
    (cutoff,) = struct.unpack_from("<I", data, 0x38)
    difat_next, difat_count = struct.unpack_from("<II", data, 0x44)
    difat = list(struct.unpack_from("<109I", data, 0x4C))
    for _ in range(difat_count):
        if difat_next >= _END_OF_CHAIN:
            break
        at = (difat_next + 1) * size
        entries = struct.unpack_from(f"<{size // 4}I", data, at)
        difat.extend(entries[:-1])
        difat_next = entries[-1]
    fat: list[int] = []
    for sector in difat[:fat_sectors]:
        fat.extend(struct.unpack_from(f"<{size // 4}I", data, (sector + 1) * size))

    def chain(first: int) -> Iterator[int]:
        seen = 0
        while first < _END_OF_CHAIN and seen <= len(fat):
            yield first
            first, seen = fat[first], seen + 1

    directory = b"".join(data[(n + 1) * size : (n + 2) * size] for n in chain(first_dir))
    wanted = name.encode("utf-16-le")
    for at in range(0, len(directory) - 127, 128):
        length, kind = struct.unpack_from("<HB", directory, at + 0x40)
        if kind != 2 or directory[at : at + max(length - 2, 0)] != wanted:
            continue
        first, stream_size = struct.unpack_from("<II", directory, at + 0x74)
        if stream_size < cutoff:
            return None
        stream = b"".join(data[(n + 1) * size : (n + 2) * size] for n in chain(first))
        return stream[:stream_size]
    return None


def _biff_records(stream: bytes, at: int) -> Iterator[tuple[int, int, int]]:
    """(type, start of its data, its length) from ``at`` to the end of the substream."""
    while at + 4 <= len(stream):
        kind, length = struct.unpack_from("<HH", stream, at)
        yield kind, at + 4, length
        if kind == 0x000A:  # EOF
            return
        at += 4 + length


def _biff_sheet_offset(stream: bytes, sheet: str) -> int | None:
    for kind, at, length in _biff_records(stream, 0):
        if kind != 0x0085 or length < 8:  # BOUNDSHEET8: where a sheet starts, its name
            continue
        (offset,) = struct.unpack_from("<I", stream, at)
        count, wide = stream[at + 6], stream[at + 7] & 1
        raw = stream[at + 8 : at + 8 + count * (2 if wide else 1)]
        if raw.decode("utf-16-le" if wide else "latin-1") == sheet:
            return offset
    return None


def _biff_error_cells(stream: bytes, at: int) -> Iterator[_Error]:
    for kind, start, length in _biff_records(stream, at):
        if kind == 0x0006 and length >= 14:  # FORMULA: its cached result
            row, column = struct.unpack_from("<HH", stream, start)
            result = stream[start + 6 : start + 14]
            if result[6:8] == b"\xff\xff" and result[0] == 2:
                yield _Error(row, column, _BIFF_ERRORS.get(result[2], "#VALUE!"))
        elif kind == 0x0205 and length >= 8:  # BOOLERR
            row, column = struct.unpack_from("<HH", stream, start)
            if stream[start + 7]:
                yield _Error(row, column, _BIFF_ERRORS.get(stream[start + 6], "#VALUE!"))

"""Reading client CSV files as spreadsheets save them, one row at a time.

:func:`open_csv` finds the encoding, the delimiter and the columns, or refuses the
whole file with one :class:`FileRefused`; :meth:`CsvSource.rows` then streams
:class:`RawRow` objects, each with the problems the file layer sees in it.  Memory
stays bounded whatever the file holds (see :mod:`.csv_decode`); writing is in
:mod:`.csv_write`, re-exported here.

Decisions:

- Input: a regular file (a symbolic link to one too); a FIFO, a device, a folder or a
  socket is refused before it is opened (:func:`open_input`).
- Encoding: see :func:`.csv_decode.detect_encoding` (BOM; strict UTF-8; Windows-1252).
- Delimiter: ``,``, ``;`` or tab, whichever splits the header line into the most known
  column names, then the most cells (counted outside quotes; ties go in that order).
  A first line ``sep=;`` (Excel's hint) decides it instead.
- Columns: matched by name after case, accent, space and punctuation folding
  (:func:`.text.compact_key`), in any order, by template name or alias
  (:data:`COLUMNS`).  Required: Name and UniqueReference (the client's key); any
  other may be absent.  A column named twice is refused; an unknown one is listed in
  ``ignored``; an unnamed one (Excel's trailing empty columns) is ignored silently.  A
  reason column (:data:`REASON_HEADERS`, an error file's last one) is dropped from the
  header and from every row, so a fixed error file imports again.
- Rows: a blank row (every cell empty) is skipped.  A row with another number of
  cells than the header is rejected (one fewer is fine when the reason column is the
  last one: Excel drops a column left empty).  Cells are un-neutralised on reading.
  A row over ``max_record`` characters is rejected, with every cell it has: each one
  over ``max_field`` is cut to that + "…" and named as too long by its column (so the
  error file has the whole row, small).
  The known columns' cells are checked for what no client rule should see: over
  ``max_field`` characters, bytes lost to a wrong encoding, control characters other
  than tab and line breaks, spreadsheet errors (``#N/A``, ``#¡VALOR!``, ``########``,
  ``Err:502``) and, in columns of digits, scientific notation (``5.51235E+09``).
"""

from __future__ import annotations

import csv
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, NamedTuple, TypedDict, Unpack

from tui_clients.domain import files
from tui_clients.domain.csv.decode import FileRefused, Record, RecordReader
from tui_clients.domain.csv.workbook import Workbook, is_workbook
from tui_clients.domain.csv.write import (
    REASON_HEADER,
    ErrorFileWriter,
    neutralise,
    unneutralise,
    write_csv,
)
from tui_clients.domain.errors import FieldError, shown
from tui_clients.domain.i18n import N_
from tui_clients.domain.mapping import ColumnMapping
from tui_clients.domain.text import compact_key, forbidden_char, printable

__all__ = [
    "CLIENT_COLUMNS",
    "COLUMNS",
    "REASON_HEADER",
    "ColumnSet",
    "CsvSource",
    "ErrorFileWriter",
    "FileRefused",
    "RawRow",
    "neutralise",
    "open_csv",
    "open_input",
    "unneutralise",
    "write_csv",
]


class Column(NamedTuple):
    key: str  # the template's header; the field name in this column's errors
    aliases: tuple[str, ...] = ()
    required: bool = False
    digits: bool = False  # a spreadsheet may show it as 5.51235E+09


COLUMNS: tuple[Column, ...] = (
    Column("Name", ("Nombre", "Nombre del cliente", "Razón social"), required=True),
    Column("Email", ("Correo", "Correo electrónico")),
    Column("Telephone", ("Phone", "Teléfono"), digits=True),
    Column("CompanyId", ("Company", "Empresa", "Compañía"), digits=True),
    Column("Latitude-Longitude", ("Latitud-Longitud", "Coordinates", "Coordenadas")),
    Column("Address", ("Dirección",)),
    Column("AddressDetail", ("Detalle", "Detalle de la dirección")),
    Column("State", ("Estado", "Activo", "Active")),
    Column("UniqueReference", ("Referencia única", "Documento", "Número de documento"), True, True),
    # the optional extra columns
    Column("DocumentType", ("Document type", "Tipo de documento")),
    Column("TradeName", ("Nombre comercial",)),
    Column("InternalCode", ("Código interno",), digits=True),
    Column("CompanyType", ("Tipo de empresa",)),
    Column("Category", ("Categoría",)),
    Column("Country", ("País",)),
    Column("Region", ("Región", "Departamento", "Estado (región)", "Entidad federativa")),
    # the main address's municipality (MX, CO) or province (PE: its ubigeo code)
    Column("Province", ("Provincia", "Municipio", "Municipality", "Alcaldía", "Delegación")),
    # its colonia (MX), barrio (CO) or district (PE: its ubigeo code)
    Column("District", ("Distrito", "Colonia", "Barrio", "Neighbourhood", "Neighborhood")),
    Column("PostalCode", ("Código postal", "Zip code"), digits=True),
    Column("RegimenFiscal", ("Régimen fiscal",)),
    Column("UsoCFDI", ("Uso de CFDI",)),
    Column("ExtraEmails", ("Otros correos", "Correos adicionales")),
    Column("Mobile", ("Celular", "Móvil"), digits=True),
    Column("Services", ("Servicios",)),
    # a person's names given apart (another system's export), and the company a contact
    # works for, by its name
    Column("FirstName", ("Nombres", "Nombre de pila", "First name", "Given name")),
    Column("LastName", ("Apellidos", "Last name", "Surname", "Family name")),
    Column("CompanyName", ("Nombre de la empresa", "Company name", "Organization", "Organización")),
)
REASON_HEADERS = ("Error", "Errores", "Errors", "Reason", "Motivo", "Razón", "Motivo del rechazo")
MAX_FIELD = 10_000  # characters in one cell
MAX_RECORD = 131_072  # characters in one row (Python csv's own limit for one cell)

CUSTOM_PREFIX = "custom."  # the column key of a custom field's column (its errors' field)
_REASONS = {compact_key(name) for name in REASON_HEADERS}


class ColumnSet:
    """The columns one kind of file has (clients, inventory…): names and aliases by their
    folded form, the required ones, those of digits."""

    def __init__(self, columns: tuple[Column, ...]) -> None:
        self.columns = columns
        self.keys = {compact_key(name): c.key for c in columns for name in (c.key, *c.aliases)}
        self.required = tuple(c.key for c in columns if c.required)
        self.digits = {c.key for c in columns if c.digits}


CLIENT_COLUMNS = ColumnSet(COLUMNS)
REQUIRED = CLIENT_COLUMNS.required

_NO_WAIT = getattr(os, "O_NONBLOCK", 0)  # opening a FIFO so does not wait for a writer
_SNIFFED = 1 << 16  # characters of the first line looked at for the delimiter
_SEP_LINE = re.compile(r'"?sep=([^"\r\n])"?\s*', re.I)
_QUOTED_TEXT = re.compile(r'"(?:[^"]|"")*"?')
_DAMAGED = re.compile("[\udc80-\udcff\ufffd]")  # undecodable bytes, replacement characters
_LINE_CHARS = str.maketrans("", "", "\t\r\n")
_SHEET_ERROR = re.compile(
    r"#(?:N/A|N/D|GETTING_DATA|¡?(?:NULL|NULO|DIV/0|VALUE|VALOR|REF|NUM|SPILL|CALC|FIELD"
    r"|CAMPO|DESBORDAMIENTO|BLOCKED|BUSY|CONNECT|UNKNOWN)!|¿?(?:NAME|NOMBRE)\?)|#{3,}|Err:\d{3}",
    re.I,
)
_SCIENTIFIC = re.compile(r"[+-]?\d+(?:[.,]\d+)?E[+-]\d{1,3}", re.I)

_UNREADABLE = N_("The file could not be read: {value}.")
_NO_FILE = N_("{value} does not exist: check the file's name and folder.")
_NOT_A_FILE = {
    files.FIFO: N_("{value} is a FIFO (named pipe), not a file: choose a CSV file."),
    files.CHARACTER_DEVICE: N_("{value} is a character device, not a file: choose a CSV file."),
    files.BLOCK_DEVICE: N_("{value} is a block device, not a file: choose a CSV file."),
    files.SOCKET: N_("{value} is a socket, not a file: choose a CSV file."),
    files.FOLDER: N_("{value} is a folder, not a file: choose a CSV file in it."),
    files.SPECIAL: N_("{value} is a special file, not a regular file: choose a CSV file."),
}
_NOT_A_HEADER = N_(
    "The first line is not a header: it is longer than {max} characters or opens a "
    "quotation mark it never closes."
)
_DUPLICATE = N_("The header names column {value} twice (“{first}” and “{second}”).")
_MISSING = N_(
    "The header has no column {value}; the first line must name the columns (found: {found})."
)
_MISSING_MAPPED = N_(
    "The header has no column {value}, which the mapping “{name}” reads (found: {found})."
)
_EMPTY_SHEET = N_("The sheet {value} is empty: the first row must name the columns.")
_UNCLOSED = N_(
    "A quotation mark opened on this line is never closed: the rest of the file was read "
    "as one cell."
)
_FIELD_COUNT = N_("The row has {count} cells; the header has {expected}.")
_ROW_TOO_LONG = N_("The row is longer than {max} characters.")
_CELL_CUT = N_("“{value}” is too long: over {max} characters.")
_TOO_LONG = N_("“{value}” is too long: {length} characters, at most {max}.")
_ENCODING = N_(
    "“{value}” has characters lost to a wrong text encoding (shown as �); type them again."
)
_CONTROL = N_("“{value}” contains a control or invisible character ({char}).")
_SHEET = N_("“{value}” is a spreadsheet error, not a value; fix the cell in the spreadsheet.")
_SCIENCE = N_(
    "“{value}” is a number the spreadsheet turned into scientific notation, losing digits; "
    "format the column as text and type it again."
)


@dataclass(frozen=True)
class RawRow:
    """One data row: ``line`` is the physical line it starts on (header = line 1),
    ``cells`` every cell in file order (un-neutralised, without the reason column),
    ``values`` the known columns' cells by column key, ``problems`` what the file layer
    rejects it for (none: the row goes on to the client rules).  Fields are named by
    column key ("Telephone"), or "row" for the row as a whole."""

    line: int
    cells: list[str]
    values: dict[str, str]
    problems: tuple[FieldError, ...] = ()

    @property
    def problem(self) -> FieldError | None:
        """The first problem, if any."""
        return self.problems[0] if self.problems else None


def in_chunks(rows: Iterator[RawRow], size: int) -> Iterator[list[RawRow]]:
    """``rows`` ``size`` at a time, the last chunk shorter (what an import checks or
    stores together)."""
    chunk: list[RawRow] = []
    for raw in rows:
        chunk.append(raw)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def open_csv(
    path: str | Path,
    *,
    max_field: int = MAX_FIELD,
    max_record: int = MAX_RECORD,
    columns: ColumnSet = CLIENT_COLUMNS,
    extra: tuple[str, ...] = (),
    mapping: ColumnMapping | None = None,
    strict: bool = True,
    sheet: str | None = None,
) -> CsvSource:
    """Open a CSV file or a workbook (.xlsx, .xls, .ods: its ``sheet``, the first by
    default) for reading; raises :class:`FileRefused` for a whole-file problem
    (unreadable, empty, not text, not a header, a column missing or named twice).
    ``columns``: the kind of file (the client template's by default); ``extra``: more
    column names it may have (custom fields' keys), read as "custom.<key>".
    ``mapping``: another system's file, read through a column mapping (its header
    must have every column the mapping reads).  ``strict=False``: a header without a
    required column is not refused; ``missing`` names them (to choose a mapping)."""
    options: _Options = {
        "max_field": max_field,
        "max_record": max_record,
        "columns": columns,
        "extra": extra,
        "mapping": mapping,
        "strict": strict,
    }
    if is_workbook(path):
        return WorkbookSource(Workbook(path, sheet), **options)
    fh = open_input(path)
    try:
        return CsvSource(fh, **options)
    except BaseException:
        fh.close()
        raise


class _Options(TypedDict):
    """How a file is read (the same for a CSV file and a workbook)."""

    max_field: int
    max_record: int
    columns: ColumnSet
    extra: tuple[str, ...]
    mapping: ColumnMapping | None
    strict: bool


def open_input(path: str | Path) -> BinaryIO:
    """A file opened to be read, or FileRefused: missing, unreadable, or not a regular
    file (a FIFO, a device, a folder, a socket), said before anything opens it: opening a
    FIFO waits for a writer, a device may be a terminal.  Symbolic links are followed (to
    what they name).  It is opened without waiting and checked again once open, in case
    it was replaced meanwhile."""
    name = printable(os.fsdecode(path))
    try:
        _refuse_special(os.stat(path).st_mode, name)
        fd = os.open(path, os.O_RDONLY | _NO_WAIT | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise FileRefused("missing", _NO_FILE, name) from None
    except OSError as exc:
        raise FileRefused("unreadable", _UNREADABLE, exc.strerror or str(exc)) from None
    try:
        _refuse_special(os.fstat(fd).st_mode, name)
        if _NO_WAIT:
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _refuse_special(mode: int, name: str) -> None:
    kind = files.special_kind(mode)
    if kind is not None:
        raise FileRefused("not_a_file", _NOT_A_FILE[kind], name)


class CsvSource:
    """An open CSV file (a context manager): ``encoding``, ``delimiter``, ``header`` (its
    cells as written, without a reason column), ``columns`` (header index -> column
    key), ``ignored`` (unknown header names), ``position`` (bytes read, for progress
    against the file's size) and :meth:`rows`."""

    def __init__(self, fh: BinaryIO, **options: Unpack[_Options]) -> None:
        self._fh = fh
        self._setup(options)
        self.size = os.fstat(fh.fileno()).st_size
        max_record = min(options["max_record"], csv.field_size_limit())
        self._reader = RecordReader(fh, max_record, options["max_field"])
        self.encoding = self._reader.encoding
        first = self._reader.first_line()
        sep = _SEP_LINE.fullmatch(first)
        if sep:
            self._reader.lines += 1
            first = self._reader.first_line()
        self.delimiter = sep.group(1) if sep else _sniff(first[:_SNIFFED], self.kind.keys)
        self._feed: list[str] = []
        self._csv = csv.reader(_Feed(self._feed), delimiter=self.delimiter)
        self._records = self._reader.records(self.delimiter, first)
        header = next(self._records)
        if header.cut or header.unclosed:
            raise FileRefused("header", _NOT_A_HEADER, max=self._reader.max_record)
        self._map_header([unneutralise(c) for c in self._parse(header.text)])

    def _setup(self, options: _Options) -> None:
        self.max_field = options["max_field"]
        self.kind = columns = options["columns"]
        extra = options["extra"]
        self._keys = columns.keys | {compact_key(k): CUSTOM_PREFIX + k for k in extra}
        self.mapping, self._strict = options["mapping"], options["strict"]
        self.missing: list[str] = []  # required columns the header lacks (strict=False)
        self.twice: list[str] = []  # columns it names twice (strict=False)
        self.sheet = ""  # a workbook's sheet read
        self.found_by = ""  # how its mapping was found ("given", "saved", "layout")
        self._unneutralise = True

    @property
    def position(self) -> int:
        return self._reader.position

    def _header_width(self, width: int) -> None:
        self._reader.width = width  # what a long record may keep in memory

    def __enter__(self) -> CsvSource:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._fh.close()

    @property
    def is_template(self) -> bool:
        """Whether the header is the template's: every required column, none twice."""
        return not self.missing and not self.twice

    def header_of(self, key: str) -> str:
        """The header this file gives a column key ("Teléfono" for "Telephone"; through a
        mapping, the source columns it reads, joined by " + ")."""
        if self.mapping is not None:
            return self.mapping.header_of(key)
        index = next((i for i, known in self.columns.items() if known == key), None)
        return key if index is None else self.header[index].strip()

    def rows(self) -> Iterator[RawRow]:
        """The data rows, one at a time (one pass over the file)."""
        width, reason, pairs = len(self._raw), self._reason, list(self.columns.items())
        for record in self._records:
            text = record.text
            if record.cells is not None:  # a long record, read cell by cell; a sheet's
                cells = (
                    [unneutralise(c) for c in record.cells] if self._unneutralise else record.cells
                )
            else:
                cells = self._parse(text)
                if "'" in text:
                    cells = [unneutralise(c) for c in cells]
            if not "".join(cells).strip():
                continue
            problems: list[FieldError] = []
            if record.unclosed:
                problems.append(FieldError("row", "unclosed_quote", _UNCLOSED))
            elif record.cut:
                problems.extend(self._cut(record.long_cells, cells))
            if not record.unclosed and not record.lost and len(cells) not in self._widths:
                params = {"count": len(cells), "expected": width}
                problems.append(FieldError("row", "field_count", _FIELD_COUNT, "", params))
            if record.lost or (record.cut and not record.long_cells):
                params = {"max": self._reader.max_record}
                problems.append(FieldError("row", "row_too_long", _ROW_TOO_LONG, "", params))
            if reason is not None and reason < len(cells):
                del cells[reason]
            if self.mapping is not None:
                named = {name: cells[i] for i, name in self._source_names if i < len(cells)}
                values = self.mapping.apply(named)
                if not problems:
                    problems = self._problems(values)
            elif problems:
                values = {key: cells[i] for i, key in pairs if i < len(cells)}
            else:
                values = {key: cells[i] for i, key in pairs}
                problems = self._problems(values)
            yield RawRow(record.line, cells, values, tuple(problems))

    def _map_header(self, raw: list[str]) -> None:
        self._raw = raw
        folded = [compact_key(name) for name in raw]
        reasons = [i for i, name in enumerate(folded) if name in _REASONS]
        self._reason = reasons[-1] if reasons else None
        self._widths = {len(raw)}
        self._header_width(len(raw))
        if self._reason is not None:
            del folded[self._reason]
            if self._reason == len(raw) - 1:
                self._widths.add(len(raw) - 1)
        self.header = [c for i, c in enumerate(raw) if i != self._reason]
        self.columns: dict[int, str] = {}
        self.ignored: list[str] = []
        if self.mapping is not None:
            self._map_through(self.mapping)
            return
        first: dict[str, int] = {}
        for index, name in enumerate(folded):
            key = self._keys.get(name)
            if key is None:
                if name:
                    self.ignored.append(self.header[index].strip())
            elif key in first and not self._strict:
                self.twice.append(key)  # not the template: read through a mapping
            elif key in first:
                names = {
                    "first": shown(self.header[first[key]]),
                    "second": shown(self.header[index]),
                }
                raise FileRefused("duplicate_column", _DUPLICATE, key, **names)
            else:
                first[key] = index
                self.columns[index] = key
        self._digit_keys = [key for key in self.columns.values() if key in self.kind.digits]
        self.missing = [key for key in self.kind.required if key not in first]
        if self.missing and self._strict:
            found = ", ".join(name.strip() for name in self.header if name.strip())
            missing = ", ".join(self.missing)
            raise FileRefused("missing_column", _MISSING, missing, found=shown(found, 200) or "—")

    def _map_through(self, mapping: ColumnMapping) -> None:
        """The header read through a mapping: each row's values are what it makes of the
        row's cells by column name; the columns it does not read are ``ignored``."""
        names = [name.strip() for name in self.header]
        absent = mapping.missing(names)
        if absent:
            found = ", ".join(name for name in names if name)
            names_said = {"name": shown(mapping.name), "found": shown(found, 200) or "—"}
            raise FileRefused("missing_column", _MISSING_MAPPED, ", ".join(absent), **names_said)
        self.mapping = mapping = mapping.resolved(names)
        # each column by its name; of two columns of one name, the first
        first: dict[str, int] = {}
        for index, name in enumerate(names):
            first.setdefault(name, index)
        self._source_names = [(index, name) for name, index in first.items()]
        read = mapping.sources()
        self.ignored = [
            name for i, name in enumerate(names) if name and (name not in read or first[name] != i)
        ]
        self._digit_keys = [key for key in mapping.columns if key in self.kind.digits]

    def _problems(self, values: dict[str, str]) -> list[FieldError]:
        """Each known cell's first problem.  Most rows pass a quick look at all their
        cells at once; then only columns of digits are looked at, for 5.51235E+09."""
        joined = "".join(values.values())
        if not (
            joined.isprintable()
            and "\ufffd" not in joined
            and "#" not in joined
            and "Err:" not in joined
            and (len(joined) <= self.max_field or max(map(len, values.values())) <= self.max_field)
        ):
            return [e for e in (self._check(k, v) for k, v in values.items()) if e is not None]
        found = []
        for key in self._digit_keys:
            value = values[key]
            if ("e" in value or "E" in value) and _SCIENTIFIC.fullmatch(value.strip()):
                found.append(_scientific(key, value))
        return found

    def _check(self, key: str, value: str) -> FieldError | None:
        """The first problem of one known column's cell, if any."""
        if len(value) > self.max_field:
            params = {"length": len(value), "max": self.max_field}
            return FieldError(key, "too_long", _TOO_LONG, shown(value), params)
        printable = value.isprintable()  # the fast path for nearly every cell
        if "\ufffd" in value or (not printable and _DAMAGED.search(value)):
            return FieldError(key, "encoding", _ENCODING, shown(_DAMAGED.sub("\ufffd", value)))
        bad = None if printable else forbidden_char(value.translate(_LINE_CHARS))
        if bad is not None:
            char = {"char": f"U+{ord(bad):04X}"}
            return FieldError(key, "control_character", _CONTROL, shown(value), char)
        text = value.strip()
        if (text[:1] == "#" or text[:4] == "Err:") and _SHEET_ERROR.fullmatch(text):
            return FieldError(key, "spreadsheet_error", _SHEET, shown(text))
        if key in self.kind.digits and _SCIENTIFIC.fullmatch(text):
            return _scientific(key, value)
        return None

    def _cut(self, long_cells: tuple[int, ...], cells: list[str]) -> list[FieldError]:
        """The problems of a row longer than max_record: each cell over max_field (the
        reader cut it to max_field + "…", so the error file keeps every cell of the row,
        stays small, and the cell is still too long there), named by its column."""
        found = []
        for index in long_cells:
            column = index
            if self._reason is not None and index >= self._reason:
                column = -1 if index == self._reason else index - 1
            key = self.columns.get(column, "row")
            params = {"max": self.max_field}
            found.append(FieldError(key, "too_long", _CELL_CUT, shown(cells[index]), params))
        return found

    def _parse(self, text: str) -> list[str]:
        """The cells of one record: one csv reader, fed one record at a time."""
        self._feed.append(text)
        return next(self._csv, [])


class WorkbookSource(CsvSource):
    """A workbook's sheet read as a CSV file is: the same header rules, rows and checks.
    Its cells come as text already (numbers without ".0", dates as dates: see
    :mod:`.workbook`), never neutralised; its error file is a CSV file (UTF-8, ",")."""

    def __init__(self, book: Workbook, **options: Unpack[_Options]) -> None:
        self._book = book
        try:
            self._setup(options)
            self._unneutralise = False
            self.encoding, self.delimiter, self.sheet = "utf-8", ",", book.sheet
            self.size = book.size
            self._records = (
                Record(line, "", False, False, cells) for line, cells in book.records()
            )
            header = next(self._records, None)
            if header is None:
                raise FileRefused("empty", _EMPTY_SHEET, shown(book.sheet))
            self._map_header(header.cells or [])
        except BaseException:
            book.close()
            raise

    @property
    def position(self) -> int:
        return self._book.position

    def _header_width(self, width: int) -> None:
        pass

    def close(self) -> None:
        self._book.close()


def _scientific(key: str, value: str) -> FieldError:
    return FieldError(key, "scientific_notation", _SCIENCE, shown(value.strip()))


class _Feed:
    """An iterator over a list that the reader fills: csv.reader takes the record put
    there, and a record cut short (inside quotes) ends at the feed's StopIteration."""

    def __init__(self, items: list[str]) -> None:
        self._items = items

    def __iter__(self) -> _Feed:
        return self

    def __next__(self) -> str:
        if not self._items:
            raise StopIteration
        return self._items.pop()


def _sniff(line: str, keys: dict[str, str]) -> str:
    """The delimiter that splits the header line into the most known names, then cells."""
    bare = _QUOTED_TEXT.sub("", line)

    def score(delimiter: str) -> tuple[int, int]:
        cells = next(csv.reader((line,), delimiter=delimiter), [])
        known = sum(compact_key(unneutralise(c)) in keys for c in cells)
        return known, bare.count(delimiter)

    return max((",", ";", "\t"), key=score)

"""Workbooks the program writes (the import template as .xlsx, the export as .xlsx), by
xlsxwriter, every column of text.

Each column carries the text cell format ("@", Excel's built-in number format 49), so a
cell the operator types into later stays what was typed: Excel never turns a phone into
5.51E+09 nor drops the 0 of the postal code 06600.  Every value is written as a string
(``write_string``), never converted: a value starting with "=" is a string cell, not a
formula, so a workbook needs none of the CSV's formula neutralisation and a value comes
back exactly as stored.  The header is bold and frozen.  A streaming workbook
(``constant_memory``) keeps one row in memory: an export of any size stays small.

The caller gives the open binary file (services/output_files' ``private_output``): the
workbook is written whole or not at all, 0600.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from xlsxwriter import Workbook  # type: ignore[import-untyped]  # no py.typed
from xlsxwriter.utility import xl_col_to_name  # type: ignore[import-untyped]
from xlsxwriter.worksheet import Worksheet  # type: ignore[import-untyped]

from tui_clients.domain.i18n import _

SUFFIX = ".xlsx"
SHEET_ROWS = 1_048_576  # the rows of an .xlsx sheet, the header's included
TEXT = 49  # the text number format "@" (built-in, no numFmt of its own)

# columns wider than their name (characters); any other: its name's width, at least 10
WIDTHS = {
    "Name": 40,
    "Email": 30,
    "Telephone": 18,
    "CompanyId": 16,
    "Latitude-Longitude": 22,
    "Address": 45,
    "AddressDetail": 20,
    "UniqueReference": 18,
    "TradeName": 30,
    "InternalCode": 14,
    "CompanyType": 13,
    "Region": 12,
    "Province": 12,
    "District": 12,
    "PostalCode": 12,
    "RegimenFiscal": 14,
    "ExtraEmails": 30,
    "Mobile": 18,
    "Services": 20,
}


def is_xlsx(path: str | os.PathLike[str]) -> bool:
    """Whether a file name asks for a workbook (ends with .xlsx, any case)."""
    return Path(path).suffix.lower() == SUFFIX


class SheetFull(OSError):
    """More rows than an .xlsx sheet holds; ``str()`` says so, translated.  An OSError
    (without errno) so the callers' messages for a file not written say it."""

    def __init__(self) -> None:
        message = _(
            "more than {rows:,} rows: an .xlsx sheet holds no more; export to a .csv "
            "file, or fewer clients."
        ).format(rows=SHEET_ROWS - 1)
        super().__init__(message)
        self.errno = None
        self.strerror = message

    def __str__(self) -> str:
        return self.strerror or ""


@contextmanager
def workbook(
    out: IO[bytes], *, streaming: bool = False, folder: str | os.PathLike[str] | None = None
) -> Iterator[Workbook]:
    """A workbook written into ``out`` when the block ends without error (nothing is
    written into it otherwise).  ``streaming``: rows go to a temporary file as they are
    written (constant memory; each sheet's rows must then be written in order).  The
    temporary files are in a private folder made in ``folder`` (the target's, where the
    workbook is to fit anyway; else the system's), removed whatever happens: xlsxwriter
    removes its own only when it ends well."""
    with tempfile.TemporaryDirectory(prefix=".xlsx-", dir=folder) as scratch:
        book = Workbook(
            out,
            {
                "constant_memory": streaming,
                "tmpdir": scratch,
                "strings_to_formulas": False,
                "strings_to_numbers": False,
                "strings_to_urls": False,
            },
        )
        try:
            yield book
            book.close()
        finally:
            for sheet in book.worksheets():  # their row files, still open after a failure
                handle = getattr(sheet, "row_data_fh", None)
                if handle is not None and not handle.closed:
                    handle.close()


class TextSheet:
    """A sheet whose every column is text, with a bold frozen header; :meth:`add_row`
    writes the next row (empty values are left out: the column's format covers them)."""

    def __init__(
        self, book: Workbook, name: str, header: Sequence[str], widths: Sequence[int] = ()
    ) -> None:
        self.sheet: Worksheet = book.add_worksheet(name)
        self.text = book.add_format({"num_format": TEXT})
        bold = book.add_format({"num_format": TEXT, "bold": True, "bottom": 1})
        for col, key in enumerate(header):
            width = widths[col] if col < len(widths) else column_width(key)
            self.sheet.set_column(col, col, width, self.text)
        self.sheet.freeze_panes(1, 0)
        for col, key in enumerate(header):
            self.sheet.write_string(0, col, key, bold)
        self.rows = 1

    def add_row(self, values: Iterable[str]) -> None:
        if self.rows >= SHEET_ROWS:
            raise SheetFull
        for col, value in enumerate(values):
            if value:
                self.sheet.write_string(self.rows, col, value, self.text)
        self.rows += 1


def column_width(key: str) -> int:
    return WIDTHS.get(key, max(len(key) + 2, 10))


def drop_downs(
    book: Workbook, sheet: TextSheet, header: Sequence[str], lists: dict[str, list[str]]
) -> None:
    """A drop-down list on each column of ``header`` named in ``lists`` (its values, as
    text), for every row below the header.  The values are on a hidden sheet “Lists” (a
    column each, its name on top), so a list of any length fits."""
    wanted = [(key, values) for key, values in lists.items() if key in header and values]
    if not wanted:
        return
    name = _("Lists")
    store = TextSheet(book, name, [key for key, _values in wanted])
    for row in range(max(len(values) for _key, values in wanted)):
        store.add_row(values[row] if row < len(values) else "" for _key, values in wanted)
    store.sheet.hide()
    for n, (key, values) in enumerate(wanted):
        col = header.index(key)
        letter = xl_col_to_name(n)
        sheet.sheet.data_validation(
            1,
            col,
            SHEET_ROWS - 1,
            col,
            {
                "validate": "list",
                "source": f"='{name}'!${letter}$2:${letter}${len(values) + 1}",
                "error_title": key[:32],
                "error_message": _("{column}: choose one of the values of its list.").format(
                    column=key
                )[:255],
            },
        )

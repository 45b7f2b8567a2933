"""The client list exported as the operator sees it (the TUI's "Exportar"): its search,
filters and order, in the import template's columns, to a file written whole or not at
all (services/output_files), a workbook when its name ends with .xlsx; rows streamed as
they are read: memory stays flat at any size.  Every failure is one
:class:`ExportFailed` whose message says it in the operator's language."""

from __future__ import annotations

import errno
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TextIO, cast

from tui_clients.domain.csv.write import write_csv
from tui_clients.domain.i18n import _
from tui_clients.services.clients.listing import ClientFilter
from tui_clients.services.faults import file_error, storage_fault
from tui_clients.services.imports import exporter
from tui_clients.services.imports.exporter import export_columns, list_rows
from tui_clients.services.imports.xlsx_out import is_xlsx, workbook
from tui_clients.services.output_files import OutputRefused, check_target, private_output


class ExportFailed(Exception):
    """The export could not be written; ``str()`` says why, translated."""


def _message(exc: OSError, path: Path) -> str:
    if exc.errno in (errno.EACCES, errno.EPERM):
        return _("No permission to write in the folder {folder}: choose another folder.").format(
            folder=os.fsdecode(path.parent)
        )
    if exc.errno == errno.EROFS:
        return _("The folder {folder} is on a read-only disk: choose another folder.").format(
            folder=os.fsdecode(path.parent)
        )
    if exc.errno == errno.EISDIR:
        return _("{path} is a folder: add the file's name (e.g. clientes.csv).").format(
            path=os.fsdecode(path)
        )
    fault = storage_fault(exc)
    if fault is not None:
        return fault.message()
    return _("{path} cannot be written: {error}.").format(
        path=os.fsdecode(path), error=file_error(exc)
    )


def check_list_target(target: str, *, overwrite: bool) -> Path:
    """The path the export would be written to, or ExportFailed saying why it cannot be
    (no name, a folder, a folder that does not exist, a file not to be replaced)."""
    if not target.strip():
        raise ExportFailed(_("Type where to save the file."))
    path = Path(target.strip()).expanduser()
    if path.is_dir() or target.rstrip().endswith(os.sep):
        raise ExportFailed(
            _("{path} is a folder: add the file's name (e.g. clientes.csv).").format(
                path=os.fsdecode(path)
            )
        )
    if not path.parent.is_dir():
        raise ExportFailed(
            _("The folder {folder} does not exist: create it first or choose another.").format(
                folder=os.fsdecode(path.parent)
            )
        )
    try:
        check_target(path, overwrite=overwrite)
    except OutputRefused as exc:
        raise ExportFailed(exc.message()) from None
    if not os.access(path.parent, os.W_OK | os.X_OK):
        raise ExportFailed(_message(OSError(errno.EACCES, ""), path))
    return path


def export_list(
    target: str,
    where: ClientFilter,
    *,
    sort: str,
    descending: bool,
    overwrite: bool = False,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write the list (``where`` in the ``sort`` order) to ``target``; the row count."""
    path = check_list_target(target, overwrite=overwrite)
    header, custom = export_columns()

    def counted() -> Iterator[list[str]]:
        for n, row in enumerate(list_rows(where, sort, descending, custom), 1):
            if progress is not None and n % exporter.CHUNK == 0:
                progress(n)
            yield row

    try:
        if is_xlsx(path):  # a workbook, every cell text (its rows streamed)
            with (
                private_output(path, overwrite=overwrite, binary=True) as out,
                workbook(out, streaming=True, folder=path.parent) as book,
            ):
                return exporter.write_xlsx_rows(
                    book, header, list_rows(where, sort, descending, custom), progress
                )
        with private_output(path, overwrite=overwrite, encoding="utf-8", newline="") as fh:
            return write_csv(cast("TextIO", fh), header, counted())
    except OutputRefused as exc:
        raise ExportFailed(exc.message()) from None
    except OSError as exc:
        raise ExportFailed(_message(exc, path)) from None
    except Exception as exc:  # the database went away or filled the disk mid-way
        fault = storage_fault(exc)
        if fault is None:
            raise
        raise ExportFailed(fault.message()) from None

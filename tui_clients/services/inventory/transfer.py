"""Inventory from a CSV file (and back): the client import's file rules and error file.

The file is read by the client import's reader (:func:`open_csv` with the inventory's
columns: encodings, delimiters, English or Spanish names, cells a spreadsheet broke);
each row goes through the same checks as the form; a rejected row goes to the error
file with its cells as read and a last column ``Error`` (line, column, value) written
by the client import's :class:`ErrorFile`.  Rows are stored in chunks, each one
transaction and each row a savepoint, so a crash leaves whole chunks and a rejected row
nothing.  A row whose serial is stored already for the same client with the same data
is counted as unchanged (importing a file twice changes nothing), not rejected.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO, cast

from tui_clients.db import models as m
from tui_clients.domain.csv.read import FileRefused, RawRow, in_chunks, open_csv
from tui_clients.domain.csv.write import write_csv
from tui_clients.domain.errors import FieldError, ValidationError, shown
from tui_clients.domain.i18n import N_, _
from tui_clients.domain.inventory import (
    COLUMNS,
    EXAMPLE,
    REPEATED,
    TAKEN,
    TEMPLATE,
    clean_item,
    in_columns,
    row_item,
)
from tui_clients.services.imports.errors import (
    ErrorFile,
    default_error_path,
    reason_text,
    stopped_by_file_problems,
)
from tui_clients.services.imports.pace import Pace
from tui_clients.services.inventory.items import check_client, find_client, list_items, store_item
from tui_clients.services.output_files import private_output
from tui_clients.services.session import current_user

CHUNK = 500  # rows per transaction
TEMPLATE_NAME = "Inventory_Template.csv"
NO_CLIENT_COLUMN = N_(
    "The header names no client: it needs a column ClientCode or UniqueReference (found: {found})."
)


@dataclass
class InventoryProgress:
    rows: int
    imported: int
    rejected: int


@dataclass
class InventoryImportReport:
    file: str
    status: str = "running"  # done | with_errors | refused | failed | cancelled
    rows: int = 0
    imported: int = 0
    unchanged: int = 0
    rejected: int = 0
    error_path: str = ""
    refused: str = ""  # the whole-file problem, in the user's language
    ignored_columns: list[str] = field(default_factory=list)
    seconds: float = 0.0
    dry_run: bool = False


def run_inventory_import(
    path: str | Path,
    *,
    errors_path: str | Path | None = None,
    replace_errors: bool = False,
    user: str | None = None,
    dry_run: bool = False,
    progress: Callable[[InventoryProgress], None] | None = None,
    cancel: threading.Event | None = None,
) -> InventoryImportReport:
    """Import an inventory CSV; the report says what happened (never raises for bad data)."""
    started = time.monotonic()
    path = Path(path)
    report = InventoryImportReport(str(path), dry_run=dry_run)
    if errors_path:
        errors = ErrorFile(Path(errors_path), report, replace=replace_errors)
    else:
        errors = ErrorFile(default_error_path(path), report, chosen=False)
    rows = _Rows(user or current_user(), _("inventory import ({file})").format(file=path.name))
    try:
        with stopped_by_file_problems(report), open_csv(path, columns=COLUMNS) as source:
            errors.check()
            names = set(source.columns.values())
            if not names & {"ClientCode", "UniqueReference"}:
                found = ", ".join(h.strip() for h in source.header if h.strip())
                raise FileRefused("missing_column", NO_CLIENT_COLUMN, found=shown(found, 200))
            report.ignored_columns = list(source.ignored)
            errors.header, errors.delimiter = source.header, source.delimiter
            pace = Pace()  # short transactions: nobody else's save waits long
            for chunk in in_chunks(source.rows(), CHUNK):
                for part in pace.parts(chunk):
                    _store_rows(rows, part, errors, report, dry_run)
                    errors.flush()  # after the commit: no file is written under the lock
                if progress is not None:
                    progress(InventoryProgress(report.rows, report.imported, report.rejected))
                if cancel is not None and cancel.is_set():
                    report.status = "cancelled"
                    break
    finally:
        with stopped_by_file_problems(report):
            errors.close()
    if report.status == "running":
        report.status = "with_errors" if report.rejected else "done"
    report.seconds = time.monotonic() - started
    return report


def _store_rows(
    rows: _Rows,
    part: Sequence[RawRow],
    errors: ErrorFile,
    report: InventoryImportReport,
    dry_run: bool,
) -> None:
    """One transaction; when it fails, the counts and error rows are as before it."""
    before = (report.rows, report.imported, report.unchanged, report.rejected)
    try:
        with m.database.atomic() as txn:
            for raw in part:
                report.rows += 1
                problems = list(raw.problems) or rows.store(raw, report)
                if problems:
                    report.rejected += 1
                    errors.write(raw.cells, reason_text(raw.line, problems))
            if dry_run:
                txn.rollback()
    except BaseException:
        report.rows, report.imported, report.unchanged, report.rejected = before
        errors.discard()
        raise


class _Rows:
    """Stores rows one by one, remembering the serials seen for repeats in the file."""

    def __init__(self, user: str, origin: str) -> None:
        self.user, self.origin = user, origin
        self.seen: dict[str, int] = {}  # serial -> first line

    def store(self, raw: RawRow, report: InventoryImportReport) -> list[FieldError]:
        """Store one row (counted in ``report``), or return its problems."""
        values = raw.values
        problems: list[FieldError] = []
        item = client = None
        try:
            item = clean_item(row_item(values))
        except ValidationError as exc:
            problems += in_columns(exc.errors)
        column = "ClientCode" if values.get("ClientCode", "").strip() else "UniqueReference"
        try:
            client = find_client(values.get("ClientCode", ""), values.get("UniqueReference", ""))
            check_client(client, column)
        except ValidationError as exc:
            problems += exc.errors
        if item is None:
            return problems
        first = self.seen.setdefault(item.serial, raw.line)
        if first != raw.line:
            problems.insert(
                0, FieldError("Serial", "repeated", REPEATED, shown(item.serial), {"line": first})
            )
        if problems or client is None:
            return problems
        same = m.InventoryItem.get_or_none(m.InventoryItem.serial == item.serial)
        if same is not None:
            stored = (
                same.client_id,
                same.description,
                same.delivered_on,
                same.work_order,
                same.delivered_by,
            )
            if stored == (
                client.id,
                item.description,
                item.delivered_on,
                item.work_order,
                item.delivered_by,
            ):
                report.unchanged += 1
                return []
            owner = m.Client.get_by_id(same.client_id).code
            return [FieldError("Serial", "duplicate", TAKEN, shown(item.serial), {"client": owner})]
        try:
            store_item(client, item, self.user, self.origin)
        except ValidationError as exc:
            return in_columns(exc.errors)
        report.imported += 1
        return []


def template_path(target: str | None) -> Path:
    """Where `inventory template [PATH]` writes: a folder (one that exists, or a new name
    without a suffix) gets Inventory_Template.csv; anything else is the file's own name."""
    path = Path(target) if target else Path.cwd()
    if path.is_dir() or (not path.suffix and not os.path.lexists(path)):
        return path / TEMPLATE_NAME
    return path


def write_template(target: str | None, *, overwrite: bool = False) -> Path:
    """The inventory template: its header and one example row, created 0600 (a missing
    folder is created); never over an existing file unless ``overwrite`` (the default
    name in the current folder included), never through a symlink, nor into a FIFO, a
    device or a folder (:class:`OutputRefused`)."""
    path = template_path(target)
    if not os.path.lexists(path.parent):
        path.parent.mkdir(parents=True, exist_ok=True)
    with private_output(path, overwrite=overwrite, encoding="utf-8", newline="") as fh:
        write_csv(cast("TextIO", fh), TEMPLATE, [EXAMPLE])
    return path


def export_rows(client_id: int | None = None) -> Iterator[list[str]]:
    """Items in the template's columns (the date as 2026-03-14): a file that imports again."""
    owners = m.InventoryItem.select(m.InventoryItem.client)
    if client_id is not None:
        owners = owners.where(m.InventoryItem.client == client_id)
    query = m.Client.select(m.Client.id, m.Client.document_number).where(m.Client.id.in_(owners))
    documents = dict(cast("Iterable[tuple[int, str]]", query.tuples()))
    for item in list_items(client_id):
        date = item.delivered_on.isoformat() if item.delivered_on else ""
        yield [
            item.client_code,
            documents.get(item.client_id, ""),
            item.serial,
            item.description,
            date,
            item.work_order,
            item.delivered_by,
        ]


def export_inventory(
    target: str | Path | TextIO,
    client_id: int | None = None,
    *,
    bom: bool = True,
    overwrite: bool = False,
) -> int:
    """Write the items (one client's or all) as CSV; returns how many.  A path is written
    whole or not at all, 0600, never through a symlink nor into a FIFO, a device or a
    folder, and over an existing file only if ``overwrite`` (:class:`OutputRefused`)."""
    if isinstance(target, str | os.PathLike):
        with private_output(target, overwrite=overwrite, encoding="utf-8", newline="") as fh:
            return write_csv(cast("TextIO", fh), TEMPLATE, export_rows(client_id), bom=bom)
    return write_csv(target, TEMPLATE, export_rows(client_id), bom=bom)

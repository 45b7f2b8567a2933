"""An import's error file: where it goes by default, the reason cell of a rejected row,
and writing it as rows are rejected (continuing an interrupted run's file).  The client
import and the inventory import both write theirs here."""

from __future__ import annotations

import datetime as dt
import os
import stat
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, Protocol

from tui_clients.domain.csv.read import FileRefused
from tui_clients.domain.csv.rows import column_for
from tui_clients.domain.csv.write import ErrorRows
from tui_clients.domain.errors import FieldError
from tui_clients.domain.i18n import _
from tui_clients.domain.mapping import MappingError
from tui_clients.services.faults import StorageFault, storage_fault
from tui_clients.services.imports.mappings import NoMapping, no_mapping_text
from tui_clients.services.output_files import (
    EXISTS,
    NOT_A_FILE,
    PRIVATE,
    SYMLINK,
    OutputRefused,
    check_target,
)


class ImportReport(Protocol):
    """What the error file tells its import's report: where it was written."""

    error_path: str


class StoppedReport(Protocol):
    status: str
    refused: str


@contextmanager
def stopped_by_file_problems(
    report: StoppedReport, says: Callable[[StorageFault], str] = StorageFault.message
) -> Iterator[None]:
    """A refused file, an error file that may not be written, a fault of the storage (a
    full disk, a read-only database, a lost server) or another disk problem end an import
    with its reason in words (status "refused" or "failed"), never a traceback.  ``says``
    words a storage fault (by default its own message)."""
    try:
        yield
    except NoMapping as exc:
        report.status, report.refused = "refused", no_mapping_text(exc)
    except FileRefused as exc:
        report.status, report.refused = "refused", exc.error.message()
    except MappingError as exc:
        report.status, report.refused = "refused", str(exc)
    except OutputRefused as exc:
        report.status, report.refused = "refused", exc.message()
    except Exception as exc:
        fault = storage_fault(exc)
        if fault is not None:
            report.status, report.refused = "failed", says(fault)
        elif isinstance(exc, OSError):
            report.status = "failed"
            report.refused = _("The import stopped: {error}").format(error=exc.strerror or exc)
        else:
            raise


def default_error_path(source: Path, now: dt.datetime | None = None) -> Path:
    """Beside the input, named with the date: clientes_errores_2026-11-22_1530.csv."""
    stamp = (now or dt.datetime.now()).strftime("%Y-%m-%d_%H%M%S")
    word = _("errors")
    return source.with_name(f"{source.stem}_{word}_{stamp}.csv")


def reason_text(
    line: int, errors: Sequence[FieldError], header_of: Callable[[str], str] = str
) -> str:
    """One cell: the input line, then each problem with its column and value.
    ``header_of``: the file's own name for a template column ("Celular" for Mobile, in a
    file read through a mapping or with Spanish headers)."""
    problems = "; ".join(
        e.message()
        if e.field in ("row", "file")
        else f"{header_of(column_for(e.field))}: {e.message()}"
        for e in errors
    )
    return _("Line {line}").format(line=line) + " · " + problems


class ErrorFile:
    """The rejected rows of one import.

    Rows are kept in memory as they are rejected (:meth:`write`) and appended to the file
    by :meth:`flush`, which the import calls after the rows' transaction is committed:
    no file is written while the database is locked.  The job records, in that same
    transaction, :meth:`size` (the file's bytes before them) and :meth:`pending` (them),
    so a run interrupted between the commit and the flush still gets its rows back
    (:meth:`continue_from`).

    The file is created when the first rows are flushed: exclusively, never through a
    symbolic link, never over an existing file (unless ``replace``), readable by its
    owner only.  The default name (beside the input, with the time) takes a number when
    it is taken; a name the operator gave is refused instead (:meth:`check`, at once).
    """

    def __init__(
        self, target: Path, report: ImportReport, *, chosen: bool = True, replace: bool = False
    ) -> None:
        self.target, self.report = target, report
        self.chosen, self.replace = chosen, replace
        self.header: list[str] = []
        self.delimiter = ","
        self.header_of: Callable[[str], str] = str  # the file's name for a template column
        self._rows: ErrorRows | None = None
        self._pending = b""
        self._size = 0  # bytes in the file (0: not created yet)
        self._fh: BinaryIO | None = None
        self._headed = False  # the header row is in the file or pending

    def check(self) -> None:
        """Refuse at once (OutputRefused) a chosen target that cannot be created."""
        if self.chosen:
            check_target(self.target, overwrite=self.replace)
            return
        stem, number = self.target, 2
        while os.path.lexists(self.target) and number < 100:
            self.target = stem.with_name(f"{stem.stem}_{number}{stem.suffix}")
            number += 1

    def continue_from(self, earlier: Path, offset: int, pending: bytes) -> None:
        """Go on with the error file of an interrupted run: cut where its job says, then
        the rows its last committed transaction had not yet written (copied to the
        target when another file was asked for).  A file gone, cut shorter or replaced by
        something else is left alone: only this run's rows will be in the new one."""
        if offset == 0:  # the file was never created: its head and rows were pending
            self._pending, self._headed = pending, bool(pending)
            self.flush()
            return
        try:
            fd = os.open(earlier, os.O_RDWR | _NOFOLLOW)
        except OSError:
            return
        with os.fdopen(fd, "r+b") as fh:
            info = os.fstat(fh.fileno())
            if not stat.S_ISREG(info.st_mode) or info.st_size < offset:
                return
            if earlier == self.target:
                fh.truncate(offset)
                self._fh = os.fdopen(os.dup(fh.fileno()), "ab")
            else:
                self._fh = self._create()
                self._fh.write(fh.read(offset))
        self._size, self._pending, self._headed = offset, pending, True
        self.report.error_path = str(self.target)
        self.flush()

    def write(self, cells: list[str], reason: str) -> None:
        if self._rows is None:
            self._rows = ErrorRows(self.header, self.delimiter, _("Error"))
        if not self._headed:
            self._pending += self._rows.head()
            self._headed = True
        self._rows.add(cells, reason)

    def pending(self) -> bytes:
        """What :meth:`flush` will write."""
        if self._rows is not None:
            self._pending += self._rows.take()
        return self._pending

    def discard(self) -> None:
        """Forget the rows written since the last :meth:`flush` (their transaction failed:
        they will be read again)."""
        self.pending()
        self._pending = b""
        if self._fh is None and not self._size:
            self._headed = False

    def size(self) -> int:
        """The file's bytes, before what is pending."""
        return self._size

    def flush(self) -> None:
        """Append what is pending to the file (creating it with the first rows)."""
        data = self.pending()
        if not data:
            return
        if self._fh is None:
            self._fh = self._create()
        self._fh.write(data)
        self._fh.flush()
        self._size += len(data)
        self._pending = b""

    def close(self) -> None:
        try:
            self.flush()
        finally:
            if self._fh is not None:
                self._fh.close()

    def _create(self) -> BinaryIO:
        """The new file, opened for appending."""
        target = self.target
        for number in range(2, 100):
            try:
                fh = _exclusive(target, replace=self.replace)
            except OutputRefused as exc:
                if self.chosen or exc.code not in (EXISTS, SYMLINK, NOT_A_FILE):
                    raise
                target = self.target.with_name(f"{self.target.stem}_{number}{self.target.suffix}")
                continue
            self.target = target
            self.report.error_path = str(target)
            return fh
        raise OutputRefused(EXISTS, self.target)


_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def _exclusive(path: Path, *, replace: bool) -> BinaryIO:
    """``path`` created new (0600), never through a link; an existing regular file or
    link is first removed when ``replace``, anything else refused."""
    check_target(path, overwrite=replace)
    if replace and os.path.lexists(path):
        os.unlink(path)  # the file or the link itself, never what a link points to
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, PRIVATE)
    except FileExistsError:
        check_target(path, overwrite=False)  # planted meanwhile: say what it is
        raise OutputRefused(EXISTS, path) from None
    return os.fdopen(fd, "ab")

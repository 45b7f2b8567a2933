"""An import's error file: where it goes by default, the reason cell of a rejected row,
and writing it as rows are rejected (continuing an interrupted run's file).  The client
import and the inventory import both write theirs here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Protocol

from tui_clients.domain.csv.read import ErrorFileWriter, FileRefused
from tui_clients.domain.csv.rows import column_for
from tui_clients.domain.errors import FieldError
from tui_clients.domain.i18n import _


class ImportReport(Protocol):
    """What the error file tells its import's report: where it was written."""

    error_path: str


class StoppedReport(Protocol):
    status: str
    refused: str


@contextmanager
def stopped_by_file_problems(report: StoppedReport) -> Iterator[None]:
    """A refused file or a disk problem (full, the error file's folder gone) ends an import
    with its reason in words (status "refused" or "failed"), never a traceback."""
    try:
        yield
    except FileRefused as exc:
        report.status, report.refused = "refused", exc.error.message()
    except OSError as exc:
        report.status = "failed"
        report.refused = _("The import stopped: {error}").format(error=exc.strerror or exc)


def default_error_path(source: Path, now: dt.datetime | None = None) -> Path:
    """Beside the input, named with the date: clientes_errores_2026-11-22_1530.csv."""
    stamp = (now or dt.datetime.now()).strftime("%Y-%m-%d_%H%M%S")
    word = _("errors")
    return source.with_name(f"{source.stem}_{word}_{stamp}.csv")


def reason_text(line: int, errors: Sequence[FieldError]) -> str:
    """One cell: the input line, then each problem with its column and value."""
    problems = "; ".join(
        e.message() if e.field in ("row", "file") else f"{column_for(e.field)}: {e.message()}"
        for e in errors
    )
    return _("Line {line}").format(line=line) + " · " + problems


class ErrorFile:
    """The rejected rows, written as they come; created with the first one."""

    def __init__(self, target: Path, report: ImportReport) -> None:
        self.target, self.report = target, report
        self.header: list[str] = []
        self.delimiter = ","
        self._writer: ErrorFileWriter | None = None
        self._continue_at = 0

    def continue_from(self, earlier: Path, offset: int) -> None:
        """Go on with the error file of an interrupted run (copied when another was asked)."""
        if not earlier.is_file() or earlier.stat().st_size < offset:
            return  # gone or cut by someone: only this run's rejected rows will be there
        if earlier != self.target:
            with earlier.open("rb") as src, self.target.open("wb") as dst:
                dst.write(src.read(offset))
        self._continue_at = offset
        self.report.error_path = str(self.target)

    def write(self, cells: list[str], reason: str) -> None:
        if self._writer is None:
            self._writer = ErrorFileWriter(
                self.target, self.header, self.delimiter, _("Error"), continue_at=self._continue_at
            )
            self.report.error_path = str(self.target)
        self._writer.write(cells, reason)

    def mark(self) -> int:
        """Bytes written so far (all of it handed to the system)."""
        return self._writer.mark() if self._writer is not None else self._continue_at

    def close(self) -> None:
        if self._writer is not None:
            self._writer.close()

"""Procesos de carga: every import, newest first, the highlighted one in full below.

The list is read in a thread worker that posts ``JobsListed``: the screen never waits on
the database (another process's import may hold it), and a read that fails is said."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from tui_clients.domain.dates import day_or_time_text, time_text
from tui_clients.domain.i18n import N_, _, ngettext
from tui_clients.domain.text import printable
from tui_clients.services.imports.jobs import ImportJobRecord, list_jobs
from tui_clients.tui.imports.labels import STATUS, counts_text
from tui_clients.tui.widgets.tables import cut, refill


class JobsListed(Message):
    """The imports were read: ``jobs``, or why they could not be (``failure``)."""

    def __init__(self, jobs: list[ImportJobRecord] | None, failure: str = "") -> None:
        super().__init__()
        self.jobs, self.failure = jobs, failure


class ImportJobsScreen(Screen):
    """Procesos de carga: every import, newest first, the highlighted one in full below;
    refreshed every few seconds while one runs (r refreshes now), Esc goes back."""

    BINDINGS: ClassVar = [
        Binding("escape", "app.pop_screen", N_("Back")),
        Binding("r", "refresh_jobs", N_("Refresh")),
    ]
    DEFAULT_CSS = """
    ImportJobsScreen #jobs { height: 1fr; }
    ImportJobsScreen #job-detail { height: auto; max-height: 8; padding: 0 1;
                                   border-top: solid $primary; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.jobs: list[ImportJobRecord] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(id="jobs", cursor_type="row", zebra_stripes=True)
        yield Static(id="job-detail")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = _("Imports")
        table = self.query_one(DataTable)
        table.add_columns(
            *(
                Text(t)
                for t in (  # the counts before the words: in sight at 80 columns
                    "#",
                    _("When"),
                    _("File"),
                    _("Saved"),  # new and updated: the detail below tells them apart
                    _("Rejected"),
                    _("Status"),
                    _("Who"),
                )
            )
        )
        self.action_refresh_jobs()
        table.focus()
        self.set_interval(3, self._refresh_while_running)

    def _refresh_while_running(self) -> None:
        if any(j.status == "running" for j in self.jobs):
            self.action_refresh_jobs()

    def action_refresh_jobs(self) -> None:
        self._read_jobs()

    @work(
        thread=True,
        exclusive=True,
        group="import-jobs",
        exit_on_error=False,
        description="read the list of imports",
    )
    def _read_jobs(self) -> None:
        try:
            jobs = list_jobs()
        except Exception as exc:  # the database went away or stayed locked: said, not raised
            self.post_message(JobsListed(None, str(exc) or type(exc).__name__))
        else:
            self.post_message(JobsListed(jobs))

    def on_jobs_listed(self, message: JobsListed) -> None:
        if message.jobs is None:
            self.notify(
                _("The imports could not be read: {error}").format(error=message.failure),
                severity="error",
                markup=False,
            )
            return
        table = self.query_one(DataTable)
        self.jobs, today = message.jobs, dt.date.today()
        refill(
            table,
            (
                (
                    str(j.id),
                    day_or_time_text(j.started_at, today),
                    cut(printable(Path(j.file).name), 16),  # escaped, then cut
                    "—" if j.dry_run else f"{j.imported + j.updated:,}",  # nothing saved
                    f"{j.rejected:,}",
                    job_status(j),
                    j.user[:10],
                )
                for j in self.jobs
            ),
        )
        self._show_detail(table.cursor_row)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail(event.cursor_row)

    def _show_detail(self, index: int) -> None:
        detail = self.query_one("#job-detail", Static)
        if not 0 <= index < len(self.jobs):
            detail.update(_("No imports yet."))
            return
        detail.update(Text("\n".join(printable(line) for line in job_detail(self.jobs[index]))))


def job_status(j: ImportJobRecord) -> str:
    return _(STATUS.get(j.status, j.status)) + (" " + _("(dry run)") if j.dry_run else "")


def _duration(j: ImportJobRecord) -> float | None:
    """What its runs took, not the hours between a stop and a resume (a job recorded
    before version 19 has only its first start and its end)."""
    if j.seconds:
        return j.seconds
    return (j.finished_at - j.started_at).total_seconds() if j.finished_at else None


def job_detail(j: ImportJobRecord) -> list[str]:
    """Everything the list leaves out for one import, for the panel under it."""
    seconds = None if j.status == "running" else _duration(j)
    lines = [
        _("Import #{job} of {file}").format(job=j.id, file=j.file),
        _("{when} by {who} · {status} · duration {duration}").format(
            when=time_text(j.started_at),
            who=j.user,
            status=job_status(j),
            duration=f"{seconds:.1f} s" if seconds is not None else "…",
        ),
        counts_text(j.rows, j.imported, j.updated, j.rejected, j.companies_created, j.dry_run),
    ]
    if j.resumed:
        lines.append(
            ngettext(
                "Continued once after an interruption.",
                "Continued {n} times after an interruption.",
                j.resumed,
            ).format(n=j.resumed)
        )
    if j.status in ("interrupted", "cancelled"):
        lines.append(_("Import the same file again to continue where it stopped."))
    if j.error_path:
        lines.append(_("Error file: {path}").format(path=j.error_path))
    if j.message:
        lines.append(j.message)
    return lines

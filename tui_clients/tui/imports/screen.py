"""Importar: choose a CSV, import it in the background, see the counts, save the error file.

The import runs in a thread worker of the app (background/imports.py: ImportRunner), so
the operator can go back to the list and keep working; this screen shows its state
whenever it is open, and a notification says when it ends.  "Procesos de carga"
(imports/jobs.py) lists every import.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, DirectoryTree, Footer, Header, ProgressBar, Static

from tui_clients.domain.i18n import _
from tui_clients.services.imports.importer import ImportReport
from tui_clients.tui.background.geocode import geocode_text
from tui_clients.tui.background.imports import ImportRunner, ImportState
from tui_clients.tui.imports.jobs import ImportJobsScreen
from tui_clients.tui.imports.labels import STATUS
from tui_clients.tui.widgets.fields import check_field, text_field, value_of


def template_beside(screen: Screen, write: Callable[[str], Path]) -> None:
    """Write a template (``write(folder)`` gives its path) in the folder of the path typed
    in ``#import-path`` (else here), then put the template's path there."""
    field = screen.query_one("#import-path")
    typed = str(value_of(field)).strip()
    folder = Path(typed).expanduser().parent if typed else Path.cwd()
    try:
        path = write(str(folder))
    except FileExistsError as exc:
        screen.notify(
            _("{path} exists already; choose another name.").format(path=exc.args[0]),
            severity="error",
            markup=False,
        )
        return
    except OSError as exc:
        screen.notify(
            _("Cannot write {path}: {error}").format(path=folder, error=exc.strerror),
            severity="error",
            markup=False,
        )
        return
    screen.notify(_("Template written: {path}").format(path=path), markup=False)
    field.value = str(path)


class CsvTree(DirectoryTree):
    """Folders and CSV files only."""

    def filter_paths(self, paths):
        return [
            p
            for p in paths
            if not p.name.startswith(".")
            and (p.is_dir() or p.suffix.lower() in (".csv", ".txt", ".tsv"))
        ]


def progress_text(state: ImportState) -> str:
    p = state.progress
    elapsed = time.monotonic() - state.started
    if p is None:
        return _("Reading {file}…").format(file=Path(state.path).name)
    rate = p.rows / elapsed if elapsed > 0 else 0
    left = ""
    if p.fraction and p.fraction > 0.01:
        left = _(", about {s:.0f} s left").format(s=elapsed * (1 - p.fraction) / p.fraction)
    return _(
        "{rows:,} rows ({rate:,.0f}/s){left}: {imported:,} imported, {updated:,} updated, "
        "{rejected:,} rejected"
    ).format(
        rows=p.rows,
        rate=rate,
        left=left,
        imported=p.imported,
        updated=p.updated,
        rejected=p.rejected,
    )


def report_text(r: ImportReport) -> str:
    if r.status == "refused":
        return _("The file was refused: {reason}").format(reason=r.refused)
    if r.status == "failed":
        return r.refused
    lines = [
        _("Checked, nothing stored (dry run).")
        if r.dry_run
        else _("Import #{job}: {status}.").format(
            job=r.job_id, status=_(STATUS.get(r.status, r.status))
        ),
        _(
            "Rows: {n:,} · imported: {i:,} · updated: {u:,} · rejected: {x:,} · companies created: {c:,}"
        ).format(n=r.rows, i=r.imported, u=r.updated, x=r.rejected, c=r.companies_created),
    ]
    if r.resumed_after:
        lines.append(
            _(
                "Continued after line {line:,}, where an interrupted run of this file "
                "had stopped; the counts are the whole file's."
            ).format(line=r.resumed_after)
        )
    if r.warnings:
        lines.append(_("Phones kept as typed (not verified): {n:,}").format(n=r.warnings))
    if r.ignored_columns:
        lines.append(_("Ignored columns: {names}").format(names=", ".join(r.ignored_columns)))
    return "\n".join(lines)


class ImportScreen(Screen):
    """ctrl+s imports, ctrl+t writes the template, ctrl+l lists the imports, Esc goes back."""

    HOLDS_TYPING = True  # q is not quit here
    BINDINGS: ClassVar = [
        Binding("ctrl+s", "start", _("Import")),
        Binding("ctrl+t", "template", _("Template")),
        Binding("ctrl+l", "jobs", _("Imports")),
        Binding("ctrl+x", "cancel_import", _("Stop"), priority=True),  # over the input's "cut"
        Binding("escape", "app.pop_screen", _("Back")),
    ]

    def __init__(self, runner: ImportRunner) -> None:
        super().__init__()
        self.runner = runner  # the app's: the import goes on when this screen closes
        self.geocoder = runner.geocoder  # places what an import left to the online geocoder

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="import-form"):
            yield Static(
                Text(
                    _(
                        "Clients from a CSV with the template's columns (ctrl+t writes "
                        "the template). Rows with errors go to an error file."
                    )
                ),
                classes="intro",
            )
            yield text_field(_("CSV file"), "import-path", "", placeholder=str(Path.cwd()))
            yield CsvTree(Path.cwd(), id="import-tree")
            yield check_field(_("Update clients that exist already"), "import-update", False)
            yield check_field(_("Check only, store nothing"), "import-dry-run", False)
            with Horizontal(classes="buttons"):
                yield Button(_("Import (ctrl+s)"), id="start", variant="primary", compact=True)
                yield Button(_("Stop (ctrl+x)"), id="stop", compact=True)
                yield Button(_("Imports (ctrl+l)"), id="jobs", compact=True)
            yield ProgressBar(id="import-progress", show_eta=False)
            yield Static(id="import-status")
            yield ProgressBar(id="geocode-progress", show_eta=False)
            yield Static(id="geocode-status")
            yield text_field(_("Save the error file as"), "error-copy", "")
            yield Button(_("Save error file"), id="save-errors", compact=True)
        yield Footer()

    _offered: int | None = None  # the import whose error file path the field was given

    def on_mount(self) -> None:
        self.sub_title = _("Import clients")
        self.query_one("#import-path").focus()
        self.set_interval(0.25, self.show_state)
        self.show_state()

    def show_state(self) -> None:
        self._show_geocoding()
        state = self.runner.state
        bar = self.query_one("#import-progress", ProgressBar)
        status = self.query_one("#import-status", Static)
        saving = [self.query_one("#field-error-copy"), self.query_one("#save-errors")]
        self.query_one("#stop").display = self.runner.running or self.geocoder.running
        bar.display = state is not None
        report = state.report if state else None
        for widget in saving:
            widget.display = bool(report and report.error_path)
        if state is None:
            status.update("")
            return
        if report is not None:
            bar.update(total=100, progress=100)
            status.update(Text(report_text(report)))
            if report.error_path and self._offered != report.job_id:  # once: then it is theirs
                self._offered = report.job_id
                self.query_one("#error-copy").value = report.error_path
        elif state.failure:
            status.update(Text(_("The import failed: {error}").format(error=state.failure)))
        else:
            fraction = state.progress.fraction if state.progress else None
            bar.update(total=100 if fraction is not None else None, progress=(fraction or 0) * 100)
            status.update(Text(progress_text(state)))

    def _show_geocoding(self) -> None:
        """The addresses an import left to the online geocoder, placed in the background."""
        state = self.geocoder.state
        bar = self.query_one("#geocode-progress", ProgressBar)
        status = self.query_one("#geocode-status", Static)
        bar.display = status.display = state is not None
        if state is not None:
            bar.update(total=max(state.total, 1), progress=state.done)
            status.update(Text(geocode_text(state)))

    def on_directory_tree_file_selected(self, event: DirectoryTree.FileSelected) -> None:
        path = self.query_one("#import-path")
        path.value = str(event.path)
        path.focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        actions = {
            "start": self.action_start,
            "stop": self.action_cancel_import,
            "jobs": self.action_jobs,
            "save-errors": self.save_errors,
        }
        if event.button.id in actions:
            event.stop()
            actions[event.button.id]()

    def action_start(self) -> None:
        path = str(value_of(self.query_one("#import-path"))).strip()
        field = self.query_one("#field-import-path")
        if self.runner.running:
            self.notify(_("An import is running; wait for it or stop it (ctrl+x)."), markup=False)
            return
        if not path or not Path(path).expanduser().is_file():
            field.show_error(_("Choose a CSV file: type its path or pick it in the tree."))
            return
        field.show_error("")
        self.runner.start(
            str(Path(path).expanduser()),
            update=bool(value_of(self.query_one("#import-update"))),
            dry_run=bool(value_of(self.query_one("#import-dry-run"))),
        )
        self.show_state()

    def action_cancel_import(self) -> None:
        if self.runner.running:
            self.runner.state.cancel.set()
            self.notify(_("Stopping after the current batch…"), markup=False)
        elif self.geocoder.running:  # what was placed stays placed
            self.geocoder.stop()
            self.notify(_("Stopping after the current batch…"), markup=False)

    def action_template(self) -> None:
        from tui_clients.services.imports.template import write_template

        template_beside(self, lambda folder: write_template(folder)[0])

    def save_errors(self) -> None:
        report = self.runner.state.report if self.runner.state else None
        if report is not None and report.error_path:
            save_error_copy(self, report.error_path)

    def action_jobs(self) -> None:
        self.app.push_screen(ImportJobsScreen())


def save_error_copy(screen: Screen, error_path: str) -> None:
    """Copy an import's error file where the screen's "error-copy" field says (never over
    another file); the problem, if any, is shown beside the field."""
    target = Path(str(value_of(screen.query_one("#error-copy"))).strip()).expanduser()
    field = screen.query_one("#field-error-copy")
    same = target.resolve() == Path(error_path).resolve()
    if not same and target.exists():
        field.show_error(_("{path} exists already; choose another name.").format(path=target))
        return
    try:
        if not same:
            shutil.copyfile(error_path, target)
    except OSError as exc:
        field.show_error(
            _("Cannot write {path}: {error}").format(path=target, error=exc.strerror or exc)
        )
        return
    field.show_error("")
    screen.notify(_("Error file saved: {path}").format(path=target), markup=False)

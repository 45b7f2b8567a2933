"""Importar: choose a CSV, import it in the background, see the counts, save the error file.

The import runs in a thread worker of the app (background/imports.py: ImportRuns, owned
by the App), so the operator can go back to the list and keep working; this screen shows
the run when it opens and whenever the App forwards it a message of the run
(ImportProgressed, ImportEnded, GeocodeProgressed, GeocodeEnded), and a notification says
when it ends.  "Procesos de carga"
(imports/jobs.py) lists every import.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, DirectoryTree, Footer, Header, Input, ProgressBar, Static

from tui_clients.domain.csv.decode import FileRefused
from tui_clients.domain.csv.workbook import WORKBOOK_SUFFIXES
from tui_clients.domain.i18n import N_, _
from tui_clients.domain.text import printable
from tui_clients.services.faults import file_error
from tui_clients.services.imports.importer import ImportReport
from tui_clients.services.output_files import EXISTS, OutputRefused, copy_file
from tui_clients.tui.background.geocode import GeocodeEnded, GeocodeProgressed, geocode_text
from tui_clients.tui.background.imports import (
    CLIENTS,
    ImportEnded,
    ImportProgressed,
    ImportRun,
    ImportRuns,
)
from tui_clients.tui.faults import faults_noted
from tui_clients.tui.imports.jobs import ImportJobsScreen
from tui_clients.tui.imports.labels import STATUS, counts_text
from tui_clients.tui.imports.mapping import MappingScreen, SheetPicker
from tui_clients.tui.widgets.dialogs import ConfirmScreen
from tui_clients.tui.widgets.fields import check_field, text_field, value_of
from tui_clients.tui.widgets.import_panel import ImportPanel
from tui_clients.tui.widgets.path_input import LiteralDirectoryTree, PathSuggester


def typed_folder(typed: str) -> Path:
    """The folder a typed path names: itself when it is a folder (or ends with "/"), else
    the folder it is in; here when nothing is typed."""
    if not typed.strip():
        return Path.cwd()
    path = Path(typed.strip()).expanduser()
    return path if typed.strip().endswith(os.sep) or path.is_dir() else path.parent


def template_beside(screen: Screen, write: Callable[[str], Path]) -> None:
    """Write a template (``write(folder)`` gives its path) in the folder of the path typed
    in ``#import-path`` (else here), then put the template's path there.  A folder that
    does not exist is refused (never created, never replaced by its parent)."""
    field = screen.query_one("#import-path")
    folder = typed_folder(str(value_of(field)))
    if not folder.is_dir():
        message = _("The folder {folder} does not exist: create it first or choose another.")
        screen.query_one("#field-import-path").show_error(message.format(folder=folder))
        return
    screen.query_one("#field-import-path").show_error("")
    try:
        path = write(str(folder))
    except OutputRefused as exc:  # never over a file, through a symlink, into a FIFO…
        message = exc.message()
        if exc.code == EXISTS:
            message = _("{path} exists already; choose another name.").format(path=exc.path)
        screen.notify(printable(message), severity="error", markup=False)
        return
    except FileExistsError as exc:
        screen.notify(
            _("{path} exists already; choose another name.").format(path=exc.args[0]),
            severity="error",
            markup=False,
        )
        return
    except OSError as exc:
        screen.notify(
            _("Cannot write {path}: {error}").format(path=folder, error=file_error(exc)),
            severity="error",
            markup=False,
        )
        return
    screen.notify(_("Template written: {path}").format(path=path), markup=False)
    field.value = str(path)


class CsvTree(LiteralDirectoryTree):
    """Folders and CSV files only (names shown literally, control characters escaped);
    :meth:`follow` shows the folder of a typed path."""

    def follow(self, typed: str) -> None:
        folder = typed_folder(typed)
        if folder.is_dir() and folder.resolve() != Path(self.path).resolve():
            self.path = folder

    def filter_paths(self, paths):
        return [
            p
            for p in paths
            if not p.name.startswith(".")
            and (p.is_dir() or p.suffix.lower() in (".csv", ".txt", ".tsv", *WORKBOOK_SUFFIXES))
        ]


def progress_text(run: ImportRun) -> str:
    """How the run goes, and that it stops once ctrl+x asked (said where the result will
    be, not in a notice that would stay after it)."""
    p = run.progress
    if p is None:
        text = _("Reading {file}…").format(file=Path(run.path).name)
    else:
        text = _(
            "{rows:,} rows read: {imported:,} imported, {updated:,} updated, {rejected:,} rejected"
        ).format(rows=p.rows, imported=p.imported, updated=p.updated, rejected=p.rejected)
    if run.cancel.is_set():
        text += "\n" + _("Stopping after the current batch…")
    return text


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
        counts_text(r.rows, r.imported, r.updated, r.rejected, r.companies_created, r.dry_run),
    ]
    if r.resumed_after:
        lines.append(
            _(
                "Continued after line {line:,}, where an interrupted run of this file "
                "had stopped; the counts are the whole file's."
            ).format(line=r.resumed_after)
        )
    if r.warnings:
        lines.append(
            _(
                "Stored with a warning (a phone kept as typed or modernised, an RFC whose check digit fails): {n:,}"
            ).format(n=r.warnings)
        )
    if r.mapping_found_by:
        how = {
            "saved": _("Read through the saved mapping “{name}”."),
            "layout": _("Read as a known layout: {name}."),
        }.get(r.mapping_found_by, _("Read through the mapping “{name}”."))
        if not r.mapping:
            how = _("Read through the mapping made for this file (not saved).")
        lines.append(how.format(name=r.mapping))
    if r.ignored_columns:
        names = ", ".join(printable(n) for n in r.ignored_columns)  # a line break too
        lines.append(_("Ignored columns: {names}").format(names=names))
    return "\n".join(lines)


class ImportScreen(Screen):
    """ctrl+s imports, ctrl+t writes the template, ctrl+l lists the imports, Esc goes back."""

    HOLDS_TYPING = True  # q is not quit here
    BINDINGS: ClassVar = [
        Binding("ctrl+s", "start", N_("Import")),
        Binding("ctrl+t", "template", N_("Template")),
        Binding("ctrl+l", "jobs", N_("Imports")),
        Binding("ctrl+x", "cancel_import", N_("Stop"), priority=True),  # over the input's "cut"
        Binding("escape", "app.pop_screen", N_("Back")),
    ]

    DEFAULT_CSS = """
    ImportScreen #error-copy-row { height: auto; }
    ImportScreen #import-tree { height: 8; margin: 1 0 0 0; }
    """

    IMPORT_KIND = CLIENTS  # the App forwards the messages of this kind of import here

    def __init__(self, runs: ImportRuns) -> None:
        super().__init__()
        self.runs = runs  # the app's: the import goes on when this screen closes
        self.geocoder = runs.geocoder  # places what an import left to the online geocoder

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="import-form"):
            yield Static(
                Text(
                    _(
                        "Clients from a CSV or a workbook (.xlsx, .ods) with the template's "
                        "columns (ctrl+t writes the template), or another system's export: "
                        "its columns are mapped first. Rows with errors go to an error file."
                    )
                ),
                classes="intro",
            )
            yield text_field(
                _("File (CSV or workbook)"),
                "import-path",
                "",
                placeholder=str(Path.cwd()) + os.sep,
                suggester=PathSuggester(),  # → completes the typed path
                select_on_focus=False,
            )
            yield check_field(_("Update clients that exist already"), "import-update", False)
            yield check_field(_("Check only, store nothing"), "import-dry-run", False)
            with Horizontal(classes="buttons"):
                yield Button(_("Import (ctrl+s)"), id="start", variant="primary", compact=True)
                yield Button(_("Imports (ctrl+l)"), id="jobs", compact=True)
                yield Button(_("Excel template"), id="template-xlsx", compact=True)
            # the run's counts and its error file above the tree: in sight at 24 rows, and
            # on the left, clear of the notifications (bottom right)
            yield ImportPanel()
            yield ProgressBar(id="geocode-progress", show_eta=False)
            yield Static(id="geocode-status")
            with Vertical(id="error-copy-row"):
                yield text_field(_("Save the error file as"), "error-copy", "")
                yield Button(_("Save error file"), id="save-errors", compact=True)
            yield CsvTree(Path.cwd(), id="import-tree")
        yield Footer()

    _offered: int | None = None  # the import whose error file path the field was given

    def on_mount(self) -> None:
        self.sub_title = _("Import clients")
        path = self.query_one("#import-path", Input)
        run = self.runs.run(CLIENTS)
        if run is not None:  # opened again: the file of the run it shows (ctrl+s continues it)
            path.value = run.path  # the tree follows its folder
            path.cursor_position = len(path.value)
        path.focus()
        self.show_state()

    def on_import_progressed(self, message: ImportProgressed) -> None:
        self.show_state()

    def on_import_ended(self, message: ImportEnded) -> None:
        self.show_state()

    def on_geocode_progressed(self, message: GeocodeProgressed) -> None:
        self._show_geocoding()

    def on_geocode_ended(self, message: GeocodeEnded) -> None:
        self.show_state()  # Stop goes, unless an import runs

    def show_state(self) -> None:
        """The run as the App recorded it (from its messages)."""
        self._show_geocoding()
        run = self.runs.run(CLIENTS)
        panel = self.query_one(ImportPanel)
        report = run.report if run else None
        self.query_one("#error-copy-row").display = bool(report and report.error_path)
        panel.display = run is not None or self.geocoder.running
        if run is None:
            panel.show_nothing()
        elif report is not None:
            panel.show_ended(report_text(report), complete=report.status in ("done", "with_errors"))
            if report.error_path and self._offered != report.job_id:  # once: then it is theirs
                self._offered = report.job_id
                self.query_one("#error-copy").value = report.error_path
        elif run.failure:
            panel.show_ended(
                _("The import failed: {error}").format(error=run.failure), complete=False
            )
        else:
            fraction = run.progress.fraction if run.progress else None
            panel.show_running(fraction, run.rate, progress_text(run), run.left)
        if self.geocoder.running:  # ctrl+x stops placing addresses too
            self.query_one("#import-bar").display = True
            self.query_one("#stop").display = True
        self.refresh_bindings()

    def _show_geocoding(self) -> None:
        """The addresses an import left to the online geocoder, placed in the background."""
        state = self.geocoder.state
        bar = self.query_one("#geocode-progress", ProgressBar)
        status = self.query_one("#geocode-status", Static)
        bar.display = status.display = state is not None
        if state is not None:
            bar.update(total=max(state.total, 1), progress=state.done)
            status.update(Text(printable(geocode_text(state))))  # may quote a server's error

    def on_directory_tree_file_selected(self, event: DirectoryTree.FileSelected) -> None:
        path = self.query_one("#import-path")
        with path.prevent(Input.Changed):  # picked in the tree: the tree stays where it is
            path.value = str(event.path)
        path.cursor_position = len(path.value)
        path.focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "import-path":
            self.query_one(CsvTree).follow(event.value)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """ctrl+x while something runs, ctrl+s while nothing does (the footer fits 80)."""
        busy = self.runs.running(CLIENTS) or self.geocoder.running
        if action == "cancel_import":
            return busy
        if action == "start":
            return not self.runs.running(CLIENTS)
        return True

    def on_button_pressed(self, event: Button.Pressed) -> None:
        actions = {
            "start": self.action_start,
            "stop": self.action_cancel_import,
            "jobs": self.action_jobs,
            "save-errors": self.save_errors,
            "template-xlsx": self.template_xlsx,
        }
        if event.button.id in actions:
            event.stop()
            actions[event.button.id]()

    def action_start(self) -> None:
        path = str(value_of(self.query_one("#import-path"))).strip()
        field = self.query_one("#field-import-path")
        if self.runs.running(CLIENTS):
            self.notify(_("An import is running; wait for it or stop it (ctrl+x)."), markup=False)
            return
        if not path or not Path(path).expanduser().is_file():
            field.show_error(
                _("Choose a CSV file or a workbook: type its path or pick it in the tree.")
            )
            return
        field.show_error("")
        self._look(str(Path(path).expanduser()), None)

    @work(thread=True, exclusive=True, group="import-look", exit_on_error=False)
    def _look(self, path: str, sheet: str | None) -> None:
        """A first look at the file (its sheets, its columns), then the next step."""
        from tui_clients.services.imports.look import look_at

        with faults_noted(self.app):
            try:
                look = look_at(path, sheet)
            except FileRefused as exc:
                message = _("The file was refused: {reason}").format(reason=exc.error.message())
                self.app.call_from_thread(
                    self.query_one("#field-import-path").show_error, printable(message)
                )
                return
            self.app.call_from_thread(self._looked, look, sheet is not None)

    def _looked(self, look, sheet_chosen: bool) -> None:
        if len(look.sheets) > 1 and not sheet_chosen:

            def picked(sheet: str | None) -> None:
                if sheet is not None:
                    self._look(look.path, sheet)

            self.app.push_screen(SheetPicker(look.sheets), picked)
            return
        if look.template:
            self._start(look.path, None, look.sheet or None)
            return

        def mapped(mapping) -> None:
            if mapping is not None:
                self._start(look.path, mapping, look.sheet or None)

        update = bool(value_of(self.query_one("#import-update")))
        self.app.push_screen(MappingScreen(look, update=update), mapped)

    def _start(self, path: str, mapping, sheet: str | None) -> None:
        if self.runs.running(CLIENTS):
            self.notify(_("An import is running; wait for it or stop it (ctrl+x)."), markup=False)
            return
        self.runs.start_clients(
            path,
            update=bool(value_of(self.query_one("#import-update"))),
            dry_run=bool(value_of(self.query_one("#import-dry-run"))),
            mapping=mapping,
            sheet=sheet,
        )
        self.show_state()

    def action_cancel_import(self) -> None:
        if self.runs.stop(CLIENTS):
            self.show_state()  # its status line says it stops
        elif self.geocoder.running:  # what was placed stays placed
            self.geocoder.stop()
            self.notify(_("Stopping after the current batch…"), markup=False)

    def action_template(self) -> None:
        from tui_clients.services.imports.template import write_template

        template_beside(self, lambda folder: write_template(folder)[0])

    def template_xlsx(self) -> None:
        """The template as a workbook (every column text, drop-down lists), beside."""
        from tui_clients.services.imports.template import write_template_xlsx

        template_beside(self, write_template_xlsx)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "error-copy":  # Enter in the field saves, as its button does
            event.stop()
            self.save_errors()

    def save_errors(self) -> None:
        run = self.runs.run(CLIENTS)
        report = run.report if run else None
        if report is not None and report.error_path:
            save_error_copy(self, report.error_path)

    def action_jobs(self) -> None:
        self.app.push_screen(ImportJobsScreen())


def save_error_copy(screen: Screen, error_path: str, *, replace: bool = False) -> None:
    """Copy an import's error file where the screen's "error-copy" field says: never
    through a symlink, nor into a FIFO, a device or a folder (services/output_files), and
    over an existing file only once the operator confirms it (y; n or Esc keeps it).  The
    problem, if any, is shown under the field."""
    typed = str(value_of(screen.query_one("#error-copy"))).strip()
    field = screen.query_one("#field-error-copy")
    if not typed:
        field.show_error(_("Type where to save the file."))
        return
    target = Path(typed).expanduser()
    try:
        copy_file(error_path, target, overwrite=replace)
    except OutputRefused as exc:
        field.show_error(printable(exc.message()))
        if exc.code == EXISTS and not replace:

            def answered(yes: bool | None) -> None:
                if yes:
                    save_error_copy(screen, error_path, replace=True)

            question = _("{path} already exists. Replace it with the error file?")
            dialog = ConfirmScreen(question.format(path=target), danger=True)
            screen.app.push_screen(dialog, answered)
        return
    except OSError as exc:
        field.show_error(
            printable(_("Cannot write {path}: {error}").format(path=target, error=file_error(exc)))
        )
        return
    field.show_error("")
    screen.notify(printable(_("Error file saved: {path}").format(path=target)), markup=False)

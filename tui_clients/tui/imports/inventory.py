"""Importar inventario: choose a CSV (path or tree), import it in the background, see the
counts, save the error file where you say.  The pieces are the client import screen's;
the run is the App's (background/imports.py: ImportRuns), so Esc and reopening shows it
going on, with Stop, and a second one cannot start meanwhile."""

from __future__ import annotations

import threading
from functools import partial
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, DirectoryTree, Footer, Header, Input, Static

from tui_clients.domain.i18n import N_, _, ngettext
from tui_clients.services.inventory.transfer import (
    InventoryImportReport,
    InventoryProgress,
    run_inventory_import,
    write_template,
)
from tui_clients.tui.background.imports import (
    INVENTORY,
    ImportEnded,
    ImportProgressed,
    ImportRun,
    ImportRuns,
)
from tui_clients.tui.imports.screen import CsvTree, save_error_copy, template_beside
from tui_clients.tui.widgets.fields import check_field, text_field, value_of
from tui_clients.tui.widgets.host import ClientsHost
from tui_clients.tui.widgets.import_panel import ImportPanel
from tui_clients.tui.widgets.path_input import PathSuggester


def inventory_report_text(r: InventoryImportReport) -> str:
    if r.status == "refused":
        return _("The file was refused: {reason}").format(reason=r.refused)
    if r.status == "failed":
        return r.refused
    head = (
        _("Checked, nothing stored (dry run).")
        if r.dry_run
        else _("Inventory import ended.")
        if r.status != "cancelled"
        else _("Inventory import stopped.")
    )
    lines = [
        head,
        _("Rows: {n:,} · imported: {i:,} · unchanged: {u:,} · rejected: {x:,}").format(
            n=r.rows, i=r.imported, u=r.unchanged, x=r.rejected
        ),
    ]
    if r.ignored_columns:
        lines.append(_("Ignored columns: {names}").format(names=", ".join(r.ignored_columns)))
    if r.error_path:
        lines.append(_("Error file: {path}").format(path=r.error_path))
    return "\n".join(lines)


def inventory_progress_text(p: InventoryProgress | None) -> str:
    if p is None:
        return _("Importing…")
    return ngettext(
        "{rows:,} row: {imported:,} imported, {rejected:,} rejected",
        "{rows:,} rows: {imported:,} imported, {rejected:,} rejected",
        p.rows,
    ).format(rows=p.rows, imported=p.imported, rejected=p.rejected)


def inventory_job(path: Path, dry_run: bool, progressed, cancel: threading.Event):
    """In the App's worker: the import itself."""
    return run_inventory_import(path, dry_run=dry_run, progress=progressed, cancel=cancel)


def inventory_ended(app: ClientsHost, run: ImportRun) -> None:
    """How an inventory import ended, told by the App (the screen may be closed)."""
    report: InventoryImportReport | None = run.report
    if report is None:
        app.notify(
            _("The import failed: {error}").format(error=run.failure),
            severity="error",
            markup=False,
            timeout=15,
        )
    elif report.status in ("refused", "failed"):
        app.notify(inventory_report_text(report), severity="error", markup=False, timeout=15)
    else:
        app.notify(
            _("Inventory import: {imported} imported, {rejected} rejected.").format(
                imported=report.imported, rejected=report.rejected
            ),
            severity="warning" if report.rejected else "information",
            markup=False,
        )


class InventoryImportScreen(Screen):
    """ctrl+s imports, ctrl+t writes the template, ctrl+x stops, Esc goes back."""

    HOLDS_TYPING = True
    BINDINGS: ClassVar = [
        Binding("ctrl+s", "start", N_("Import")),
        Binding("ctrl+t", "template", N_("Template")),
        Binding("ctrl+x", "stop", N_("Stop"), priority=True),
        Binding("escape", "app.pop_screen", N_("Back")),
    ]
    DEFAULT_CSS = """
    InventoryImportScreen #inventory-form { padding: 0 1; }
    InventoryImportScreen #import-tree { height: 8; margin-bottom: 1; }
    InventoryImportScreen ImportPanel { margin: 1 0; }
    InventoryImportScreen .buttons { align-horizontal: left; height: 1; }
    """

    IMPORT_KIND = INVENTORY  # the App forwards the messages of this kind of import here

    def __init__(self, runs: ImportRuns) -> None:
        super().__init__()
        self.runs = runs  # the app's: the import goes on when this screen closes
        self._offered: ImportRun | None = None  # the run whose error file the field was given

    @property
    def report(self) -> InventoryImportReport | None:
        run = self.runs.run(INVENTORY)
        return run.report if run else None

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="inventory-form"):
            yield Static(
                Text(
                    _(
                        "Items delivered to clients, from a CSV: ClientCode or "
                        "UniqueReference, Serial, Description, DeliveredOn, WorkOrder, "
                        "DeliveredBy (ctrl+t writes the template). Rows with errors go "
                        "to an error file."
                    )
                ),
                classes="intro",
            )
            yield text_field(
                _("CSV file"),
                "import-path",
                "",
                placeholder=str(Path.cwd()),
                suggester=PathSuggester(),
            )
            yield CsvTree(Path.cwd(), id="import-tree")
            yield check_field(_("Check only, store nothing"), "import-dry-run", False)
            with Horizontal(classes="buttons"):
                yield Button(_("Import (ctrl+s)"), id="start", variant="primary", compact=True)
            yield ImportPanel()
            yield text_field(_("Save the error file as"), "error-copy", "")
            yield Button(_("Save error file"), id="save-errors", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = _("Import inventory")
        self.query_one("#import-path").focus()
        self.show_state()

    def on_import_progressed(self, message: ImportProgressed) -> None:
        self.show_state()

    def on_import_ended(self, message: ImportEnded) -> None:
        self.show_state()

    def show_state(self) -> None:
        """The run as the App recorded it (from its messages)."""
        run = self.runs.run(INVENTORY)
        panel = self.query_one(ImportPanel)
        report = run.report if run else None
        has_errors = bool(report and report.error_path)
        self.query_one("#field-error-copy").display = has_errors
        self.query_one("#save-errors").display = has_errors
        if run is None:
            panel.show_nothing()
        elif report is not None:
            panel.show_ended(
                inventory_report_text(report), complete=report.status in ("done", "with_errors")
            )
            if report.error_path and self._offered is not run:  # once: then it is theirs
                self._offered = run
                self.query_one("#error-copy").value = report.error_path
        elif run.failure:
            panel.show_ended(
                _("The import failed: {error}").format(error=run.failure), complete=False
            )
        else:
            panel.show_running(None, run.rate, inventory_progress_text(run.progress))

    def on_directory_tree_file_selected(self, event: DirectoryTree.FileSelected) -> None:
        path = self.query_one("#import-path")
        with path.prevent(Input.Changed):  # picked in the tree: the tree stays where it is
            path.value = str(event.path)
        path.cursor_position = len(path.value)
        path.focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "import-path":  # the tree follows the folder typed
            self.query_one(CsvTree).follow(event.value)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "start":
            self.action_start()
        elif event.button.id == "stop":
            self.action_stop()
        elif event.button.id == "save-errors":
            self._save_errors()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "error-copy":  # Enter in the field saves, as its button does
            event.stop()
            self._save_errors()

    def _save_errors(self) -> None:
        if self.report and self.report.error_path:
            save_error_copy(self, self.report.error_path)

    def action_start(self) -> None:
        if self.runs.running(INVENTORY):
            self.notify(_("An import is running; wait for it or stop it (ctrl+x)."), markup=False)
            return
        path = Path(str(value_of(self.query_one("#import-path"))).strip()).expanduser()
        field = self.query_one("#field-import-path")
        if not str(path).strip() or not path.is_file():
            field.show_error(_("Choose a CSV file: type its path or pick it in the tree."))
            return
        field.show_error("")
        dry_run = bool(value_of(self.query_one("#import-dry-run")))
        self.runs.start(
            INVENTORY,
            str(path),
            partial(inventory_job, path, dry_run),
            partial(inventory_ended, self.app),
        )
        self.show_state()

    def action_stop(self) -> None:
        if self.runs.stop(INVENTORY):
            self.notify(_("Stopping after the current batch…"), markup=False)

    def action_template(self) -> None:
        template_beside(self, write_template)

"""Importar inventario: choose a CSV (path or tree), import it in the background, see the
counts, save the error file where you say.  The pieces are the client import screen's."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, DirectoryTree, Footer, Header, Static

from tui_clients.domain.i18n import _
from tui_clients.services.inventory.transfer import (
    InventoryImportReport,
    InventoryProgress,
    run_inventory_import,
    write_template,
)
from tui_clients.tui.imports.screen import CsvTree, save_error_copy, template_beside
from tui_clients.tui.widgets.fields import check_field, text_field, value_of
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


class InventoryImportScreen(Screen):
    """ctrl+s imports, ctrl+t writes the template, ctrl+x stops, Esc goes back."""

    HOLDS_TYPING = True
    BINDINGS: ClassVar = [
        Binding("ctrl+s", "start", _("Import")),
        Binding("ctrl+t", "template", _("Template")),
        Binding("ctrl+x", "stop", _("Stop"), priority=True),
        Binding("escape", "app.pop_screen", _("Back")),
    ]
    DEFAULT_CSS = """
    InventoryImportScreen #inventory-form { padding: 0 1; }
    InventoryImportScreen #import-tree { height: 8; margin-bottom: 1; }
    InventoryImportScreen #inventory-status { height: auto; margin: 1 0; }
    InventoryImportScreen .buttons { align-horizontal: left; height: 1; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.report: InventoryImportReport | None = None
        self.progress: InventoryProgress | None = None
        self.cancel: threading.Event | None = None

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
            yield Static(id="inventory-status")
            yield text_field(_("Save the error file as"), "error-copy", "")
            yield Button(_("Save error file"), id="save-errors", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = _("Import inventory")
        self.query_one("#import-path").focus()
        self.set_interval(0.25, self.show_state)
        self.show_state()

    @property
    def running(self) -> bool:
        return self.cancel is not None and self.report is None

    def show_state(self) -> None:
        status = self.query_one("#inventory-status", Static)
        has_errors = bool(self.report and self.report.error_path)
        self.query_one("#field-error-copy").display = has_errors
        self.query_one("#save-errors").display = has_errors
        if self.report is not None:
            status.update(Text(inventory_report_text(self.report)))
        elif self.running:
            p = self.progress
            status.update(
                Text(
                    _("Importing…")
                    if p is None
                    else _("{rows:,} rows: {imported:,} imported, {rejected:,} rejected").format(
                        rows=p.rows, imported=p.imported, rejected=p.rejected
                    )
                )
            )
        else:
            status.update("")

    def on_directory_tree_file_selected(self, event: DirectoryTree.FileSelected) -> None:
        path = self.query_one("#import-path")
        path.value = str(event.path)
        path.focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "start":
            self.action_start()
        elif event.button.id == "save-errors" and self.report and self.report.error_path:
            save_error_copy(self, self.report.error_path)

    def action_start(self) -> None:
        if self.running:
            self.notify(_("An import is running; wait for it or stop it (ctrl+x)."), markup=False)
            return
        path = Path(str(value_of(self.query_one("#import-path"))).strip()).expanduser()
        field = self.query_one("#field-import-path")
        if not str(path).strip() or not path.is_file():
            field.show_error(_("Choose a CSV file: type its path or pick it in the tree."))
            return
        field.show_error("")
        self.report, self.progress, self.cancel = None, None, threading.Event()
        dry_run = bool(value_of(self.query_one("#import-dry-run")))
        cancel, app = self.cancel, self.app

        def progressed(p: InventoryProgress) -> None:
            self.progress = p

        def work() -> None:
            try:
                report = run_inventory_import(
                    path, dry_run=dry_run, progress=progressed, cancel=cancel
                )
            except Exception as exc:  # the database went away: a message, not a crash
                report = InventoryImportReport(str(path), "failed")
                report.refused = _("The import failed: {error}").format(error=exc)
            app.call_from_thread(self._ended, report)

        app.run_worker(work, thread=True, group="inventory-import", exit_on_error=False)
        self.show_state()

    def _ended(self, report: InventoryImportReport) -> None:
        self.report = report
        if self.is_attached:  # Esc may have closed the screen meanwhile
            if report.error_path:
                self.query_one("#error-copy").value = report.error_path
            self.show_state()
        if report.status in ("refused", "failed"):
            self.app.notify(
                inventory_report_text(report), severity="error", markup=False, timeout=15
            )
        else:
            self.app.notify(
                _("Inventory import: {imported} imported, {rejected} rejected.").format(
                    imported=report.imported, rejected=report.rejected
                ),
                severity="warning" if report.rejected else "information",
                markup=False,
            )

    def action_stop(self) -> None:
        if self.running and self.cancel is not None:
            self.cancel.set()
            self.notify(_("Stopping after the current batch…"), markup=False)

    def action_template(self) -> None:
        template_beside(self, write_template)

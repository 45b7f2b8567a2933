"""Exportar: the client list as shown (its search, filters and order) to a CSV file in the
import template's columns.

The path is typed with completion (→ accepts it); ctrl+s checks it at once (a folder that
does not exist, a folder given as the file, a file not to be replaced: said under the
field), then the file is written by a thread worker of the App, with a progress bar here.
Esc closes the dialog without stopping the export; a notification gives the count when it
ends, or says why it could not be written.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import Button, Label, ProgressBar, Static

from tui_clients.domain.i18n import N_, _, ngettext
from tui_clients.domain.text import printable
from tui_clients.services.clients.listing import ClientFilter, count
from tui_clients.services.imports.list_export import ExportFailed, check_list_target, export_list
from tui_clients.tui.widgets.fields import check_field, value_of
from tui_clients.tui.widgets.path_input import PathScreen

GROUP = "list-export"  # the App's workers writing an export


def exported_text(n: int, path: str) -> str:
    return ngettext("{n} client exported to {path}", "{n} clients exported to {path}", n).format(
        n=f"{n:,}", path=path
    )


class ExportListScreen(PathScreen):
    """The list as shown, to a CSV file: ctrl+s exports, Esc closes (the export goes on)."""

    BINDINGS: ClassVar = [
        Binding("escape", "close", N_("Close")),
        Binding("ctrl+s", "save", N_("Export")),
    ]
    DEFAULT_CSS = """
    ExportListScreen #export-progress { height: 1; margin: 1 0 0 0; }
    ExportListScreen #export-status { height: auto; }
    """

    class Progressed(Message):
        """The worker wrote ``done`` of ``total`` rows."""

        def __init__(self, done: int, total: int) -> None:
            super().__init__()
            self.done, self.total = done, total

    class Ended(Message):
        """The worker ended: ``count`` rows written, or ``error`` saying why not."""

        def __init__(self, count: int, error: str = "") -> None:
            super().__init__()
            self.count, self.error = count, error

    def __init__(self, where: ClientFilter, sort: str, descending: bool, shown: str) -> None:
        super().__init__()
        self.where, self.sort, self.descending, self.shown = where, sort, descending, shown
        self.running = False

    def compose(self) -> ComposeResult:
        name = f"clientes-{dt.date.today():%Y-%m-%d}.csv"
        with VerticalScroll(classes="dialog"):
            yield Label(_("Export the list"), classes="title")
            what = Text(_("The list as shown, in the import template's columns: "))
            if self.where.text.strip():
                what.append(_("search “{text}” · ").format(text=self.where.text.strip()))
            what.append(self.shown)
            yield Static(what, id="export-what")
            yield self.path_field(_("Save as"), str(Path.cwd() / name))
            yield check_field(_("Replace the file if it exists"), "overwrite", False)
            yield ProgressBar(id="export-progress", show_eta=True)
            yield Static(id="export-status")
            with Horizontal(classes="buttons"):
                yield Button(_("Export (ctrl+s)"), id="save", variant="primary")
                yield Button(_("Close (esc)"), id="cancel")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#export-progress").display = False

    def action_save(self) -> None:
        if self.running or any(w.group == GROUP and not w.is_finished for w in self.app.workers):
            self.notify(_("An export is being written; wait for it to end."), markup=False)
            return
        overwrite = bool(value_of(self.query_one("#overwrite")))
        field = self.query_one("#field-path")
        try:
            path = check_list_target(self.typed_path(), overwrite=overwrite)
        except ExportFailed as exc:
            field.show_error(str(exc))
            return
        field.show_error("")
        self.running = True
        self.query_one("#export-progress").display = True
        self.query_one("#export-status", Static).update(
            Text(
                printable(
                    _("Writing {path}… Esc closes this dialog; the export goes on.").format(
                        path=path
                    )
                )
            )
        )
        where, sort, descending = self.where, self.sort, self.descending
        app = self.app

        def write() -> None:
            try:
                total = count(where)
                self.post_message(self.Progressed(0, total))
                n = export_list(
                    str(path),
                    where,
                    sort=sort,
                    descending=descending,
                    overwrite=overwrite,
                    progress=lambda done: self.post_message(self.Progressed(done, total)),
                )
            except ExportFailed as exc:
                app.notify(str(exc), severity="error", markup=False, timeout=10)
                self.post_message(self.Ended(0, str(exc)))
                return
            except Exception as exc:  # a fault the export did not expect: a message
                error = _("The export failed: {error}").format(error=str(exc) or type(exc))
                app.notify(error, severity="error", markup=False, timeout=10)
                self.post_message(self.Ended(0, error))
                return
            app.notify(exported_text(n, str(path)), markup=False, timeout=8)
            self.post_message(self.Ended(n))

        app.run_worker(write, thread=True, group=GROUP, exit_on_error=False, name="export")

    def on_export_list_screen_progressed(self, message: Progressed) -> None:
        bar = self.query_one("#export-progress", ProgressBar)
        bar.update(total=max(message.total, 1), progress=message.done)

    def on_export_list_screen_ended(self, message: Ended) -> None:
        self.running = False
        if message.error:
            self.query_one("#export-progress").display = False
            self.query_one("#export-status", Static).update("")
            self.query_one("#field-path").show_error(message.error)
            return
        self.dismiss(True)

    def action_close(self) -> None:
        if self.running:
            self.app.notify(
                _("The export goes on; a notification will say when it ends."), markup=False
            )
        self.dismiss(False)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_save() if event.button.id == "save" else self.action_close()

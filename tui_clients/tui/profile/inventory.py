"""The profile's Inventario tab: the client's items, added, edited and removed by keyboard.

With the list focused (Tab from the tab strip): a adds an item, Enter edits the
highlighted one, Delete removes it (after a confirmation), i opens the inventory import,
x exports the client's items to a CSV.
The highlighted item is shown in full under the list.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, DataTable, Label, Static

from tui_clients.domain import dates
from tui_clients.domain.errors import ValidationError
from tui_clients.domain.i18n import N_, _, ngettext
from tui_clients.domain.inventory import ItemInput
from tui_clients.domain.text import printable
from tui_clients.services.dto import ClientDetail
from tui_clients.services.faults import file_error
from tui_clients.services.inventory.items import (
    InventoryRecord,
    add_item,
    list_items,
    remove_item,
    update_item,
)
from tui_clients.services.inventory.transfer import export_inventory
from tui_clients.services.output_files import OutputRefused
from tui_clients.tui.faults import faults_noted
from tui_clients.tui.widgets.dialogs import ConfirmScreen
from tui_clients.tui.widgets.fields import (
    check_field,
    example,
    show_errors,
    text_field,
    value_of,
    values,
)
from tui_clients.tui.widgets.path_input import PathScreen
from tui_clients.tui.widgets.tables import cut, refill

FORM = (  # field, label
    ("serial", N_("Serial number")),
    ("description", N_("Description")),
    ("delivered_on", N_("Delivered on")),
    ("work_order", N_("Work order")),
    ("delivered_by", N_("Delivered by")),
)


def date_text(item: InventoryRecord) -> str:
    return dates.date_text(item.delivered_on)


def item_detail(item: InventoryRecord) -> Text:
    """One item in full (the list cuts long texts), one field a line."""
    rows = [
        (_("Serial number"), item.serial),
        (_("Description"), item.description),
        (_("Delivered on"), date_text(item)),
        (_("Work order"), item.work_order),
        (_("Delivered by"), item.delivered_by),
    ]
    width = max(len(label) for label, _value in rows)
    text = Text()
    for label, value in rows:
        if value:
            text.append(label.ljust(width + 2), style="bold")
            text.append(printable(value) + "\n")
    return text


class ItemTable(DataTable):
    """The items; Enter edits the highlighted one (and says so in the footer)."""

    BINDINGS: ClassVar = [Binding("enter", "select_cursor", N_("Edit item"))]


class InventoryPanel(Vertical):
    """The items of one client; the profile calls :meth:`show` when it reloads."""

    BINDINGS: ClassVar = [
        Binding("a", "add_item", N_("Add item")),
        Binding("delete,backspace", "remove_item", N_("Remove item")),
        Binding("i", "app.import_inventory", N_("Import")),
        Binding("x", "export_items", N_("Export")),
    ]
    DEFAULT_CSS = """
    InventoryPanel { height: 1fr; }
    InventoryPanel > .hint { color: $text-muted; padding: 0 1; height: auto; }
    InventoryPanel > DataTable { height: 1fr; }
    InventoryPanel > #inventory-detail { height: auto; max-height: 7; padding: 0 1;
                                         border-top: solid $primary; }
    """

    def __init__(self, client_id: int, *, after_change: Callable[[], None] | None = None) -> None:
        super().__init__(id="inventory-panel")
        self.client_id = client_id
        self.after_change = after_change  # the profile reloads all; else this list
        self.items: list[InventoryRecord] = []
        self.in_trash = False
        self.code = ""

    def compose(self) -> ComposeResult:
        yield Static(
            Text(_("Tab: the list · a add · Enter edit · Delete remove · i import · x export")),
            classes="hint",
        )
        yield ItemTable(id="inventory", cursor_type="row", zebra_stripes=True)
        yield Static(id="inventory-detail")

    def on_mount(self) -> None:
        headers = (_("Serial"), _("Description"), _("Delivered"), _("Order"), _("By"))
        self.query_one(DataTable).add_columns(*(Text(t) for t in headers))

    def show(self, client: ClientDetail, items: list[InventoryRecord] | None = None) -> None:
        """``items``: the client's, read already (the profile reads them in a worker)."""
        self.client_id, self.in_trash, self.code = client.id, client.in_trash, client.code
        self.reload(items)

    def reload(self, items: list[InventoryRecord] | None = None) -> None:
        table = self.query_one(DataTable)
        self.items = list_items(self.client_id) if items is None else items
        refill(
            table,
            (
                (
                    cut(item.serial, 16),
                    cut(item.description, 18),
                    date_text(item),
                    cut(item.work_order, 12),
                    cut(item.delivered_by, 12),
                )
                for item in self.items
            ),
        )
        self._show_detail(table.cursor_row)
        self.refresh_bindings()

    @property
    def current(self) -> InventoryRecord | None:
        row = self.query_one(DataTable).cursor_row
        return self.items[row] if 0 <= row < len(self.items) else None

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail(event.cursor_row)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit_item()

    def _show_detail(self, row: int) -> None:
        detail = self.query_one("#inventory-detail", Static)
        if 0 <= row < len(self.items):
            detail.update(item_detail(self.items[row]))
        else:
            detail.update(Text(_("No items delivered to this client."), style="italic"))

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action in ("add_item", "edit_item", "remove_item") and self.in_trash:
            return False
        if action in ("edit_item", "remove_item", "export_items"):
            return self.current is not None
        return True

    def _changed(self) -> None:
        """Reload the whole profile (its History tab too), else just this list."""
        (self.after_change or self.reload)()

    def action_add_item(self) -> None:
        self.app.push_screen(ItemScreen(self.client_id), self._saved)

    def action_edit_item(self) -> None:
        item = self.current
        if item is not None and not self.in_trash:
            self.app.push_screen(ItemScreen(self.client_id, item), self._saved)

    def _saved(self, saved: bool | None) -> None:
        if saved:
            self._changed()

    def action_export_items(self) -> None:
        if self.items:
            self.app.push_screen(ExportItemsScreen(self.client_id, self.code, len(self.items)))

    def action_remove_item(self) -> None:
        item = self.current
        if item is None:
            return

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            try:
                with faults_noted(self.app):  # a full disk, a read-only database: said
                    remove_item(item.id)
                    self.notify(
                        _("Item {serial} removed.").format(serial=item.serial), markup=False
                    )
            except ValidationError as exc:
                self.notify(exc.errors[0].message(), severity="error", markup=False)
            self._changed()

        question = _(
            "Remove the item {serial} “{description}” from this client? The history keeps it."
        ).format(serial=item.serial, description=item.description)
        self.app.push_screen(ConfirmScreen(question), answered)


class ItemScreen(ModalScreen[bool]):
    """Add or edit one item: ctrl+s saves (errors beside their fields), Escape cancels."""

    HOLDS_TYPING = True
    BINDINGS: ClassVar = [
        Binding("escape", "dismiss(False)", N_("Cancel")),
        Binding("ctrl+s", "save", N_("Save"), priority=True),
    ]
    DEFAULT_CSS = """
    ItemScreen { align: center middle; }
    ItemScreen .dialog { width: 76; }
    ItemScreen Field { grid-columns: 22 1fr; }
    """

    def __init__(self, client_id: int, item: InventoryRecord | None = None) -> None:
        super().__init__()
        self.client_id, self.item = client_id, item

    def compose(self) -> ComposeResult:
        typed = self.item.as_input() if self.item else ItemInput()
        title = _("Edit item") if self.item else _("Add an item")
        with VerticalScroll(classes="dialog"):
            yield Label(title, classes="title")
            for name, label in FORM:
                placeholder = example("2026-03-14") if name == "delivered_on" else ""
                yield text_field(_(label), name, getattr(typed, name), placeholder=placeholder)
            yield Static(id="item-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button(_("Save (ctrl+s)"), id="save", variant="primary")
                yield Button(_("Cancel (esc)"), id="cancel")

    def on_mount(self) -> None:
        self.query_one("#serial").focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_save() if event.button.id == "save" else self.dismiss(False)

    def action_save(self) -> None:
        typed = values(self)
        data = ItemInput(**{name: str(typed.get(name, "")) for name, _label in FORM})
        saved = None
        try:
            with faults_noted(self.app):  # a full disk, a read-only database: said
                if self.item is None:
                    saved = add_item(self.client_id, data)
                else:
                    saved = update_item(self.item.id, data)
        except ValidationError as exc:
            others = show_errors(self, exc.errors)
            message = " ".join(e.message() for e in others)
            self.query_one("#item-error", Static).update(Text(message))
            return
        if saved is None:  # not saved: the dialog stays as typed, to save again
            return
        self.app.notify(_("Item {serial} saved.").format(serial=saved.serial), markup=False)
        self.dismiss(True)


class ExportItemsScreen(PathScreen):
    """Write the client's items to a CSV (the import's columns: it imports again)."""

    def __init__(self, client_id: int, code: str, count: int) -> None:
        super().__init__()
        self.client_id, self.code, self.count = client_id, code, count

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog"):
            yield Label(_("Export the inventory"), classes="title")
            yield Static(
                Text(
                    ngettext(
                        "{n} item of {code}, in the inventory template's columns.",
                        "{n} items of {code}, in the inventory template's columns.",
                        self.count,
                    ).format(n=self.count, code=self.code)
                )
            )
            yield self.path_field(_("Save as"), str(Path.cwd() / f"inventario_{self.code}.csv"))
            yield check_field(_("Replace the file if it exists"), "overwrite", False)
            with Horizontal(classes="buttons"):
                yield Button(_("Export (ctrl+s)"), id="save", variant="primary")
                yield Button(_("Cancel (esc)"), id="cancel")

    def action_save(self) -> None:
        target = Path(self.typed_path()).expanduser()
        field = self.query_one("#field-path")
        if not self.typed_path() or target.is_dir():
            field.show_error(_("Type where to save the file."))
            return
        replace = bool(value_of(self.query_one("#overwrite")))
        try:
            rows = export_inventory(target, self.client_id, overwrite=replace)
        except OutputRefused as exc:  # a link, a FIFO, an existing file not to replace
            field.show_error(exc.message())
            return
        except OSError as exc:
            field.show_error(
                _("Cannot write {path}: {error}").format(path=target, error=file_error(exc))
            )
            return
        self.app.notify(_("{n:,} items exported.").format(n=rows), markup=False)
        self.dismiss(True)

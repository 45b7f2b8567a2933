"""The channel catalog (ctrl+p → Channel catalog): every channel, active or not."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from tui_clients.domain.i18n import N_, _, ngettext
from tui_clients.services.channels.catalog import ChannelRecord, catalog, set_active
from tui_clients.tui.faults import faults_noted
from tui_clients.tui.widgets.dialogs import ConfirmScreen
from tui_clients.tui.widgets.tables import highlighted, refill


class ChannelCatalogScreen(Screen):
    """a (or Enter) activates or deactivates the highlighted channel; Escape goes back."""

    BINDINGS: ClassVar = [
        Binding("escape", "app.pop_screen", N_("Back")),
        Binding("a,enter", "toggle", N_("Activate / deactivate")),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(
            Text(
                _(
                    "Channels through which clients are reached. Invitations go only "
                    "to active channels."
                )
            ),
            id="title",
        )
        yield DataTable(cursor_type="row", zebra_stripes=True, id="channels")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = _("Channel catalog")
        table = self.query_one(DataTable)
        table.add_columns(_("Channel"), _("Code"), _("State"), _("Clients"))
        self.reload()
        table.focus()

    def reload(self) -> None:
        self.channels = catalog()
        refill(
            self.query_one(DataTable),
            (
                (
                    c.name,
                    c.code,
                    Text(_("active"), style="green")
                    if c.active
                    else Text(_("inactive"), style="italic"),
                    Text(f"{c.clients:,}", justify="right"),
                )
                for c in self.channels
            ),
        )

    def _current(self) -> ChannelRecord | None:
        return highlighted(self.query_one(DataTable), self.channels)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_toggle()

    def action_toggle(self) -> None:
        channel = self._current()
        if channel is None:
            return
        if channel.active and channel.clients:
            question = ngettext(
                "Deactivate “{name}”? {n} client has it enabled; no invitation to it "
                "can be sent while it is inactive.",
                "Deactivate “{name}”? {n} clients have it enabled; no invitation to it "
                "can be sent while it is inactive.",
                channel.clients,
            ).format(name=channel.name, n=channel.clients)
            self.app.push_screen(
                ConfirmScreen(question), lambda yes: self._set(channel, False) if yes else None
            )
        else:
            self._set(channel, not channel.active)

    def _set(self, channel: ChannelRecord, active: bool) -> None:
        with faults_noted(self.app):  # a full disk, a read-only database: said
            set_active(channel.code, active)
            message = _("“{name}” is active.") if active else _("“{name}” is inactive.")
            self.notify(message.format(name=channel.name), markup=False)
        self.reload()

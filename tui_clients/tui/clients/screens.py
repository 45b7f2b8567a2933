"""The two lists of clients the App opens: every client (its first screen) and the trash."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding

from tui_clients.domain.i18n import N_, _
from tui_clients.tui.clients.client_table import ClientTable
from tui_clients.tui.clients.list_screen import ClientListScreen


class ClientsScreen(ClientListScreen):
    """The main screen: every client."""

    BINDINGS: ClassVar = [
        Binding("n", "new", N_("New")),
        Binding("i", "app.import_clients", N_("Import")),
        Binding("e", "edit", N_("Edit"), show=False),
        Binding("d", "delete", N_("Delete"), show=False),
        Binding("t", "app.trash", N_("Trash")),
        Binding("g", "app.dashboard", N_("Dashboard"), show=False),  # in ctrl+p and ?
    ]

    def action_new(self) -> None:
        self.app.new_client()

    def action_edit(self) -> None:
        client = self.query_one(ClientTable).current
        if client is not None:
            self.app.edit_client(client.id)

    def action_delete(self) -> None:
        client = self.query_one(ClientTable).current
        if client is not None:
            self.app.delete_client(client, after=self.reload)


class TrashScreen(ClientListScreen):
    """Deleted clients: r restores, p purges for good (asked twice)."""

    BINDINGS: ClassVar = [
        Binding("escape", "app.pop_screen", N_("Back")),
        Binding("r", "restore", N_("Restore")),
        Binding("p", "purge", N_("Purge")),
    ]

    def __init__(self) -> None:
        super().__init__(trash=True)

    def on_mount(self) -> None:
        super().on_mount()
        self.sub_title = _("Trash")

    def action_restore(self) -> None:
        client = self.query_one(ClientTable).current
        if client is not None:
            self.app.restore_client(client, after=self.reload)

    def action_purge(self) -> None:
        client = self.query_one(ClientTable).current
        if client is not None:
            self.app.purge_client(client, after=self.reload)

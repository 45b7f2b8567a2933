"""The Textual application."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from tui_clients.i18n import _
from tui_clients.services.client_queries import count_clients, list_clients
from tui_clients.services.dto import ClientSummary
from tui_clients.settings import Settings

PAGE = 200


def cell(value: object) -> Text:
    """User data as literal text: never parsed as markup."""
    return Text("" if value is None else str(value), no_wrap=True, overflow="ellipsis")


class ClientListScreen(Screen):
    """The clients, by name (the first page; paging and search come with the list issue)."""

    BINDINGS: ClassVar = [Binding("r", "reload", _("Reload")), Binding("q", "app.quit", _("Quit"))]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="count")
        yield DataTable(id="clients", cursor_type="row", zebra_stripes=True)
        yield Static(id="empty")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns(_("Code"), _("Name"), _("Document"), _("Phone"), _("E-mail"),
                          _("Company"), _("Category"), _("State"), _("Added"))  # fmt: skip
        self.action_reload()

    def action_reload(self) -> None:
        table = self.query_one(DataTable)
        table.clear()
        total = count_clients()
        rows: list[ClientSummary] = list_clients(limit=PAGE)
        for c in rows:
            table.add_row(
                cell(c.code), cell(c.legal_name), cell(f"{c.document_type} {c.document_number}"),
                cell(c.phone), cell(c.email), cell(c.company), cell(c.category),
                cell(_("active") if c.active else _("inactive")),
                cell(f"{c.created_at:%Y-%m-%d}"), key=str(c.id),
            )  # fmt: skip
        self.query_one("#count", Static).update(Text(_("{n} clients").format(n=f"{total:,}")))
        empty = self.query_one("#empty", Static)
        empty.display = total == 0
        empty.update(Text(_("No clients yet. Add demo data with: tui-clients demo --count 1000")))


class ClientsApp(App):
    TITLE = "tui-clients"
    CSS = """
    #count { height: 1; padding: 0 1; color: $text-muted; }
    #clients { height: 1fr; }
    #empty { padding: 1 2; }
    """

    def __init__(self, settings: Settings):
        super().__init__()
        self.settings = settings

    def on_mount(self) -> None:
        self.sub_title = _("Clients")
        self.push_screen(ClientListScreen())

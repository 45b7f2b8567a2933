"""The client list: search as you type, filters, sort, and the way into each client."""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

from rich.text import Text
from textual import getters, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Static
from textual.worker import get_current_worker

from tui_clients.domain.i18n import N_, _, ngettext
from tui_clients.domain.text import printable
from tui_clients.services.clients import listing as client_list
from tui_clients.services.clients.listing import ClientFilter
from tui_clients.tui.clients.client_table import PAGE, ClientTable, columns
from tui_clients.tui.clients.export_screen import ExportListScreen
from tui_clients.tui.widgets.dialogs import FilterScreen, SortScreen
from tui_clients.tui.widgets.host import ClientsHost


def describe_filter(f: ClientFilter) -> str:
    parts = []
    if f.added_from or f.added_to:
        parts.append(
            _("added {start}…{end}").format(start=f.added_from or "", end=f.added_to or "")
        )
    for label, value in (
        (_("category"), f.category),
        (_("type"), f.company_type),
        (_("country"), f.country),
        (_("service"), f.service_text or f.service),
    ):
        if value:
            parts.append(f"{label} {value}")
    if f.active is not None:
        parts.append(_("active") if f.active else _("inactive"))
    if f.near is not None:
        parts.append(_("within {km:g} km of {place}").format(km=f.near[2], place=f.near_text))
    if f.custom is not None:
        parts.append(f.custom_text)
    return ", ".join(parts)


class ClientListScreen(Screen):
    """Clients (or the trash): a search box, the count of matches and the table."""

    app = getters.app(ClientsHost)

    BINDINGS: ClassVar = [
        Binding("slash", "focus_search", N_("Search"), show=False),  # the search box says (/)
        Binding("f", "filters", N_("Filters")),
        Binding("s", "sort", N_("Sort")),
        Binding("x", "export", N_("Export")),
        Binding("m", "map", N_("Map of the search"), show=False),  # in ctrl+p and ?
        Binding("escape", "leave_search", N_("Table"), show=False),
        Binding("ctrl+r", "reload", N_("Reload"), show=False),
    ]

    DEFAULT_CSS = """
    ClientListScreen Footer.-compact FooterKey.-command-palette {
        border-left: none;
        margin-right: 0;
    }
    """

    def __init__(self, *, trash: bool = False) -> None:
        super().__init__()
        self.filter = ClientFilter(trash=trash)
        self.sort_key = "name"
        self.descending = False
        self.sort_chosen = False  # until the operator picks an order, searches show newest first
        self._shown: tuple | None = None  # the search whose rows the table shows

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(
            placeholder=_("Search name, document, e-mail, phone, postal code, code… (/)"),
            id="search",
        )
        yield Static(id="count")
        yield ClientTable(self._load_page, id="clients")
        yield Static(id="empty")
        yield Footer(compact=True)  # 80 columns: every key of the list fits

    def on_mount(self) -> None:
        self.query_one(ClientTable).focus()
        self.reload()

    # --- loading ------------------------------------------------------------------

    def _load_page(self, offset: int, limit: int, total: int):
        return client_list.page(
            self.filter,
            sort=self.sort_key,
            descending=self.descending,
            offset=offset,
            limit=limit,
            total=total,
        )

    def reload(self) -> None:
        self._search(self.filter, self.sort_key, self.descending)

    class SearchAnswered(Message):
        """The search worker found the first rows (``rows``) or counted them (``total``)."""

        def __init__(self, key: tuple, total: int | None, rows: list | None) -> None:
            super().__init__()
            self.key, self.total, self.rows = key, total, rows

    class SearchFailed(Message):
        """The search worker could not read the list (a locked or missing database)."""

        def __init__(self, key: tuple, error: str) -> None:
            super().__init__()
            self.key, self.error = key, error

    @work(
        thread=True,
        exclusive=True,
        group="search",
        exit_on_error=False,
        description="client list search",
    )
    def _search(self, where: ClientFilter, sort: str, descending: bool) -> None:
        """First page, then the count; a newer keystroke cancels this one."""
        worker = get_current_worker()
        key = (where, sort, descending)
        try:
            rows = client_list.page(where, sort=sort, descending=descending, limit=PAGE)
            if worker.is_cancelled:
                return
            if len(rows) < PAGE:  # the whole result is here: no need to count
                self.post_message(self.SearchAnswered(key, len(rows), rows))
                return
            self.post_message(self.SearchAnswered(key, None, rows))
            total = client_list.count(where)
        except Exception as exc:  # the database went away: a message, not a crash
            self.post_message(self.SearchFailed(key, str(exc) or type(exc).__name__))
            return
        if not worker.is_cancelled:
            self.post_message(self.SearchAnswered(key, total, None))

    def on_client_list_screen_search_answered(self, event: SearchAnswered) -> None:
        self._show(event.key, event.total, event.rows)

    def on_client_list_screen_search_failed(self, event: SearchFailed) -> None:
        if event.key != (self.filter, self.sort_key, self.descending):
            return
        text = _("The list could not be read: {error}. Move in it or reload (ctrl+r).").format(
            error=event.error
        )
        self.query_one("#count", Static).update(Text(printable(text)))
        self.notify(text, severity="error", markup=False, timeout=10)

    def _show(self, key, total: int | None, rows) -> None:
        if key != (self.filter, self.sort_key, self.descending):
            return  # the operator typed on; a newer search is coming
        table = self.query_one(ClientTable)
        if rows is not None:
            same = key == self._shown  # read again: the operator keeps their place
            size = total
            if size is None:  # counted next; meanwhile as many as before, or this page
                size = table.total if same else len(rows)
            table.reset(size, rows, sort_key=key[1], descending=key[2], keep=same)
            self._shown = key
        else:
            table.set_total(total)
        self._show_count(total)

    def _show_count(self, total: int | None) -> None:
        f = self.filter
        if total is None:
            self.query_one("#count", Static).update(Text(_("counting…")))
            self.query_one("#empty", Static).display = False
            return
        narrowed = bool(f.text.strip() or describe_filter(f))
        if f.trash:
            text = ngettext("{n} client in the trash", "{n} clients in the trash", total).format(
                n=f"{total:,}"
            )
        elif narrowed:
            text = ngettext("{n} match", "{n} matches", total).format(n=f"{total:,}")
        else:
            text = ngettext("{n} client", "{n} clients", total).format(n=f"{total:,}")
        if describe_filter(f):
            text += " · " + _("filters: {f}").format(f=describe_filter(f))
        titles = {c.key: c.title for c in columns(distance=True)}
        arrow = "▼" if self.descending else "▲"
        text += " · " + _("order: {column} {arrow}").format(
            column=titles.get(self.sort_key, ""), arrow=arrow
        )
        self.query_one("#count", Static).update(Text(printable(text)))
        empty = self.query_one("#empty", Static)
        empty.display = total == 0
        if f.trash:
            empty.update(Text(_("The trash is empty.")))
        elif narrowed:
            empty.update(Text(_("Nothing matches. Change the search (/) or the filters (f).")))
        else:
            empty.update(
                Text(
                    _(
                        "No clients yet. Press n to register a client, or i to import a file "
                        "(CSV). To try the app: tui-clients demo --count 1000"
                    )
                )
            )

    # --- actions ------------------------------------------------------------------

    def on_client_table_opened(self, event: ClientTable.Opened) -> None:
        self.app.open_profile(event.client_id)

    def on_screen_resume(self) -> None:
        self.reload()  # back from a profile, an edit or the trash: show what changed

    def on_input_changed(self, event: Input.Changed) -> None:
        self.filter = replace(self.filter, text=event.value)
        if not self.sort_chosen:  # newest first while searching: the index answers that at once
            searching = bool(event.value.strip())
            self.sort_key, self.descending = ("code", True) if searching else ("name", False)
        self.reload()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_one(ClientTable).focus()

    def action_focus_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_leave_search(self) -> None:
        self.query_one(ClientTable).focus()

    def action_reload(self) -> None:
        self.reload()

    def action_filters(self) -> None:
        def chosen(result: ClientFilter | None) -> None:
            if result is not None:
                self._near_changes(self.filter.near, result.near)
                self.filter = replace(result, text=self.filter.text)
                self.reload()

        self.app.push_screen(FilterScreen(self.filter), chosen)

    def _near_changes(self, before, after) -> None:
        """A new "near" centre sorts by distance, nearest first; without one there is no
        distance to show or sort by."""
        self.query_one(ClientTable).show_distance(after is not None)
        if after is not None and after != before:
            self.sort_key, self.descending, self.sort_chosen = "distance", False, True
        elif after is None and self.sort_key == "distance":
            self.sort_key, self.descending = "name", False

    def action_map(self) -> None:
        self.app.open_search_map(self.filter)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (action == "export" and self.filter.trash)  # the list, not the trash

    def action_export(self) -> None:
        """The list as shown (search, filters, order) to a CSV file."""
        content = self.query_one("#count", Static).content
        shown = content.plain if isinstance(content, Text) else str(content)
        self.app.push_screen(ExportListScreen(self.filter, self.sort_key, self.descending, shown))

    def action_sort(self) -> None:
        near = self.filter.near is not None
        options = [(c.key, c.title) for c in columns(distance=near) if c.sortable]

        def chosen(result: tuple[str, bool] | None) -> None:
            if result is not None:
                self.sort_key, self.descending = result
                self.sort_chosen = True
                self.reload()

        self.app.push_screen(SortScreen(options, self.sort_key, self.descending), chosen)

    def on_client_table_sort_requested(self, event: ClientTable.SortRequested) -> None:
        same = event.key == self.sort_key
        self.sort_key, self.descending = event.key, (not self.descending) if same else False
        self.sort_chosen = True
        self.reload()

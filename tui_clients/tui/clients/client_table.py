"""ClientTable: a virtual table that draws only the rows on screen.

The table knows how many rows the result has (its scroll range) and asks for
pages of rows through a loader that runs in a worker thread; rows not loaded
yet are drawn as a placeholder and appear when their page arrives.  Memory
stays bounded by a small cache of pages, whatever the size of the result.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui_clients.domain.dates import date_text
from tui_clients.domain.documents import document_label
from tui_clients.domain.i18n import N_, _
from tui_clients.domain.places import distance_text
from tui_clients.domain.text import printable
from tui_clients.services.dto import ClientSummary

PAGE = 100
MAX_PAGES = 40  # cache bound: 4,000 rows whatever the result size

Loader = Callable[[int, int, int], list[ClientSummary]]  # offset, limit, total -> rows


@dataclass(frozen=True)
class Column:
    key: str  # also the sort key, when sortable
    title: str
    width: int  # 0: takes the remaining width
    priority: int  # lower stays longer when the terminal is narrow
    value: Callable[[ClientSummary], str]
    sortable: bool = True


def columns(*, distance: bool = False) -> list[Column]:
    """The list's columns; ``distance`` adds how far each client is from a "near" centre."""
    shown = [
        Column("channel", _("Channel"), 9, 9, lambda c: c.channel, sortable=False),
        Column("code", _("Code"), 10, 2, lambda c: c.code),
        Column("name", _("Name"), 0, 0, lambda c: c.legal_name),
        Column(
            "document",
            _("Document"),
            18,
            1,
            lambda c: document_label(c.document_type, c.document_number),
        ),
        Column("phone", _("Phone"), 14, 3, lambda c: c.phone),
        Column("email", _("E-mail"), 26, 4, lambda c: c.email),
        Column("company", _("Company"), 22, 7, lambda c: c.company),
        Column("category", _("Category"), 14, 8, lambda c: c.category),
        Column("state", _("State"), 8, 5, lambda c: _("active") if c.active else _("inactive")),
        Column("added", _("Added"), 10, 6, lambda c: date_text(c.created_at)),
    ]
    if distance:  # beside the code, where the eye starts
        shown.insert(
            2, Column("distance", _("Distance"), 10, 1, lambda c: distance_text(c.distance_km))
        )
    return shown


def cell(text: str, width: int) -> str:
    """Text in exactly ``width`` cells: padded, or cut with an ellipsis."""
    if cell_len(text) <= width:
        return set_cell_size(text, width)
    return set_cell_size(text, max(width - 1, 0)) + "…" if width else ""


def fit(all_columns: list[Column], width: int, min_name: int = 30) -> list[tuple[Column, int]]:
    """The columns that fit in ``width`` and their widths (the name column takes the rest)."""
    shown = list(all_columns)
    while len(shown) > 1:
        fixed = sum(c.width + 1 for c in shown if c.width)
        if fixed + min_name <= width:
            break
        shown.remove(max(shown, key=lambda c: c.priority))
    fixed = sum(c.width + 1 for c in shown if c.width)
    return [(c, c.width or max(width - fixed, min_name)) for c in shown]


class ClientTable(ScrollView, can_focus=True):
    """The client list; Enter (or a click on the highlighted row) opens the client."""

    BINDINGS: ClassVar = [
        Binding("up", "cursor(-1)", show=False),
        Binding("down", "cursor(1)", show=False),
        Binding("pageup", "page(-1)", show=False),
        Binding("pagedown", "page(1)", show=False),
        Binding("home", "jump(0)", show=False),
        Binding("end", "jump(-1)", show=False),
        Binding("enter", "open", N_("Open"), show=False),
    ]
    DEFAULT_CSS = """
    ClientTable { height: 1fr; }
    ClientTable > .client-table--header { text-style: bold; background: $panel; }
    ClientTable > .client-table--cursor { background: $accent; color: $text; }
    ClientTable > .client-table--odd { background: $surface; }
    """
    COMPONENT_CLASSES: ClassVar = {
        "client-table--header",
        "client-table--cursor",
        "client-table--odd",
    }

    cursor: reactive[int] = reactive(0)

    class Opened(Message):
        """The operator asked to open a client."""

        def __init__(self, client_id: int) -> None:
            super().__init__()
            self.client_id = client_id

    class SortRequested(Message):
        def __init__(self, key: str) -> None:
            super().__init__()
            self.key = key

    class PageLoaded(Message, bubble=False):
        """A page of rows arrived from the loader's worker."""

        def __init__(self, generation: int, page: int, rows: list[ClientSummary]) -> None:
            super().__init__()
            self.generation, self.page, self.rows = generation, page, rows

    class PageFailed(Message, bubble=False):
        """A page could not be read (the database went away): it is asked again when the
        operator moves in the table or reloads."""

        def __init__(self, generation: int, page: int, error: str) -> None:
            super().__init__()
            self.generation, self.page, self.error = generation, page, error

    def __init__(self, loader: Loader, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._loader = loader
        self._columns = columns()
        self._pages: OrderedDict[int, list[ClientSummary]] = OrderedDict()
        self._pending: set[int] = set()
        self._failed: set[int] = set()  # pages whose reading failed: asked again on a move
        self._failing = False  # the operator was told; told again after a page loads
        self._generation = 0
        self._layout: tuple[int, list[tuple[Column, int]]] = (-1, [])
        self.total = 0
        self.sort_key = "name"
        self.descending = False

    # --- data ------------------------------------------------------------------

    def show_distance(self, shown: bool) -> None:
        """Add (or take away) the column of distances from a "near" filter's centre."""
        self._columns = columns(distance=shown)
        self._layout = (-1, [])
        self.refresh()

    def reset(
        self,
        total: int,
        first_page: list[ClientSummary],
        *,
        sort_key: str | None = None,
        descending: bool | None = None,
        keep: bool = False,
    ) -> None:
        """Show a new result: its size and, already fetched, its first rows.  ``keep``:
        the same search read again (clients changed behind the list, the operator came
        back from a profile): the cursor and the scroll stay where they were."""
        self._generation += 1
        self._pages.clear()
        self._pending.clear()
        self._failed.clear()
        self.total = total
        if sort_key is not None:
            self.sort_key = sort_key
        if descending is not None:
            self.descending = descending
        if first_page or total == 0:
            self._pages[0] = first_page
        self.virtual_size = Size(self._width, total + 1)
        self._prefetch_end()
        if keep:
            self.cursor = max(0, min(self.cursor, total - 1))
        else:
            self.cursor = 0
            self.scroll_to(y=0, animate=False)
        self.refresh()

    def set_total(self, total: int) -> None:
        """The full size of the result, once counted (rows already shown stay)."""
        self.total = total
        self.virtual_size = Size(self._width, total + 1)
        self.cursor = max(0, min(self.cursor, total - 1))
        self._prefetch_end()
        self.refresh()

    def _prefetch_end(self) -> None:
        """Read the last page ahead: End is the jump operators make most."""
        if self.total > PAGE:
            self._request((self.total - 1) // PAGE)

    def row(self, index: int) -> ClientSummary | None:
        page, offset = divmod(index, PAGE)
        rows = self._pages.get(page)
        if rows is None:
            if page not in self._failed:
                self._request(page)
            return None
        self._pages.move_to_end(page)
        return rows[offset] if offset < len(rows) else None

    @property
    def current(self) -> ClientSummary | None:
        return self.row(self.cursor) if self.total else None

    def _request(self, page: int) -> None:
        if page in self._pending:
            return
        self._pending.add(page)
        self.run_worker(
            partial(self._load, self._generation, page, self.total),
            thread=True,
            group="pages",
            exit_on_error=False,
            description=f"client list rows {page * PAGE + 1}-{(page + 1) * PAGE}",
        )

    def _load(self, generation: int, page: int, total: int) -> None:
        """In the worker: read a page and say how it went."""
        try:
            rows = self._loader(page * PAGE, PAGE, total)
        except Exception as exc:  # a locked or missing database: a message, not a crash
            self.post_message(self.PageFailed(generation, page, str(exc) or type(exc).__name__))
        else:
            self.post_message(self.PageLoaded(generation, page, rows))

    def on_client_table_page_loaded(self, event: PageLoaded) -> None:
        if event.generation != self._generation:
            return  # a newer search replaced this result
        self._pending.discard(event.page)
        self._failing = False
        self._pages[event.page] = event.rows
        while len(self._pages) > MAX_PAGES:
            self._pages.popitem(last=False)
        self.refresh()

    def on_client_table_page_failed(self, event: PageFailed) -> None:
        if event.generation != self._generation:
            return
        self._pending.discard(event.page)
        self._failed.add(event.page)  # not asked again on every redraw: on the next move
        if not self._failing:
            self._failing = True
            self.notify(
                _("The list could not be read: {error}. Move in it or reload (ctrl+r).").format(
                    error=event.error
                ),
                severity="error",
                markup=False,
                timeout=10,
            )

    def retry_failed(self) -> None:
        """Ask again for the pages that failed (the operator moved, or reloaded)."""
        if self._failed:
            self._failed.clear()
            self.refresh()

    # --- drawing ----------------------------------------------------------------

    def _fitted(self) -> list[tuple[Column, int]]:
        """The columns for the current width, computed once per width (not once per line)."""
        width = self._width
        if self._layout[0] != width:
            self._layout = (width, fit(self._columns, width))
        return self._layout[1]

    @property
    def _width(self) -> int:
        """Columns available for text (the vertical scroll bar takes the rest)."""
        return self.scrollable_content_region.width

    def on_resize(self) -> None:
        self.virtual_size = Size(self._width, self.total + 1)

    def render_line(self, y: int) -> Strip:
        width = self._width
        layout = self._fitted()
        if y == 0:
            return self._header(layout, width)
        index = self.scroll_offset.y + y - 1
        if index >= self.total:
            return Strip.blank(width)
        client = self.row(index)
        if index == self.cursor:
            style = self.get_component_rich_style("client-table--cursor")
        elif index % 2:
            style = self.get_component_rich_style("client-table--odd")
        else:
            style = self.rich_style
        if client is None:
            return Strip([Segment(set_cell_size("  …", width), style)], width)
        cells = [cell(printable(col.value(client)), w) for col, w in layout]
        return Strip([Segment(" ".join(cells), style)]).adjust_cell_length(width, style)

    def _header(self, layout: list[tuple[Column, int]], width: int) -> Strip:
        style = self.get_component_rich_style("client-table--header")
        parts = []
        for col, w in layout:
            mark = ("▼" if self.descending else "▲") if col.key == self.sort_key else ""
            parts.append(cell(f"{col.title}{mark}", w))
        return Strip([Segment(" ".join(parts), style)]).adjust_cell_length(width, style)

    # --- moving ---------------------------------------------------------------------

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        self.retry_failed()

    def watch_cursor(self, old: int, new: int) -> None:
        self.retry_failed()
        visible = max(self.size.height - 1, 1)
        top = self.scroll_offset.y
        if new < top:
            self.scroll_to(y=new, animate=False)
        elif new >= top + visible:
            self.scroll_to(y=new - visible + 1, animate=False)
        self.refresh()

    def _move_to(self, index: int) -> None:
        if self.total:
            self.cursor = max(0, min(index, self.total - 1))

    def action_cursor(self, delta: int) -> None:
        self._move_to(self.cursor + delta)

    def action_page(self, direction: int) -> None:
        self._move_to(self.cursor + direction * max(self.size.height - 2, 1))

    def action_jump(self, where: int) -> None:
        self._move_to(self.total - 1 if where < 0 else 0)

    def action_open(self) -> None:
        client = self.current
        if client is not None:
            self.post_message(self.Opened(client.id))

    def on_click(self, event: events.Click) -> None:
        layout = self._fitted()
        if event.y == 0:
            x = 0
            for col, w in layout:
                if x <= event.x < x + w + 1 and col.sortable:
                    self.post_message(self.SortRequested(col.key))
                x += w + 1
            return
        index = self.scroll_offset.y + event.y - 1
        if 0 <= index < self.total:
            if index == self.cursor:
                self.action_open()
            self.cursor = index

"""The dashboard (Panel): the registry's figures as text bar charts, each beside its number.

The screen shows at once; the figures are counted in a thread worker, one after the
other, and each section fills as soon as its own count arrives.  r counts again.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import ClassVar

from rich.console import Group
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, Static
from textual.worker import get_current_worker

from tui_clients.domain.charts import Bar, bar_chart, last_months, month_bars, number
from tui_clients.domain.charts import share as share_of
from tui_clients.domain.i18n import N_, _, ngettext
from tui_clients.services.clients import dashboard as figures
from tui_clients.services.clients.dashboard import Count, ImportMonth, StateCounts
from tui_clients.tui.widgets.charts import chart_text

TOP_CATEGORIES = 8
TOP_REGIONS = 10
MONTHS = 12
# (key, title) in the order they are counted and shown; the slowest last
PANELS = (
    ("state", N_("Clients by state")),
    ("category", N_("Clients by category")),
    ("country", N_("Clients by country")),
    ("months", N_("New clients per month")),
    ("imports", N_("Imports per month: rows stored, and rows rejected")),
    ("region", N_("Clients by region of their main address")),
)


def today() -> dt.date:
    """The day the months count back from (local)."""
    return dt.date.today()


def count_figure(key: str, day: dt.date):
    """One figure, counted by the database (runs in the worker)."""
    if key == "state":
        return figures.clients_by_state()
    if key == "category":
        return figures.clients_by_category(_("No category"))
    if key == "country":
        return figures.clients_by_country(_("No country"))
    if key == "region":
        return figures.clients_by_region(
            no_region=_("{country}, no region"), no_address=_("No address")
        )
    if key == "months":
        return figures.new_clients_per_month(day, MONTHS)
    return figures.imports_per_month(day, MONTHS)


def note(message: str) -> Text:
    return Text(message, style="italic")


def state_view(s: StateCounts, width: int) -> Group:
    bars = [Bar(_("Active clients"), s.active), Bar(_("Inactive clients"), s.inactive)]
    total = ngettext("{n} client", "{n} clients", s.total)
    return Group(
        Text(total.format(n=number(s.total)), style="bold"),
        chart_text(bar_chart(bars, width)),
        note(_("In the trash: {n} (left out of every figure)").format(n=number(s.trash))),
    )


def counts_view(counts: list[Count], width: int, top: int | None, others: str) -> Text:
    if not counts:
        return note(_("No clients yet."))
    bars = [Bar(c.label, c.value) for c in counts]
    return chart_text(bar_chart(bars, width, top=top, others=others))


def months_view(counts: dict, day: dt.date, width: int) -> Group:
    months = last_months(day, MONTHS)
    lines = bar_chart(month_bars(months, counts), width, show_share=False)
    total = _("{n} in the last {months} months (clients now in the trash left out)")
    return Group(
        chart_text(lines), note(total.format(n=number(sum(counts.values())), months=MONTHS))
    )


def imports_view(found: dict[tuple[int, int], ImportMonth], day: dt.date, width: int):
    """Rows stored (new and updated clients) per month, the rejected rows beside them."""
    if not found:
        return note(_("No imports in the last {months} months.").format(months=MONTHS))
    months = last_months(day, MONTHS)
    stored = {ym: x.imported + x.updated for ym, x in found.items()}
    notes = {
        ym: _("· {n} rejected ({share})").format(
            n=number(x.rejected), share=share_of(x.rejected, x.imported + x.updated + x.rejected)
        )
        for ym, x in found.items()
        if x.rejected
    }
    lines = bar_chart(month_bars(months, stored, notes), width, show_share=False)
    files = sum(x.files for x in found.values())
    rejected = sum(x.rejected for x in found.values())
    rows = sum(stored.values())
    total = _("{imports}: {stored}, {rejected}").format(
        imports=ngettext("{n} import", "{n} imports", files).format(n=number(files)),
        stored=ngettext("{n} row stored", "{n} rows stored", rows).format(n=number(rows)),
        rejected=ngettext("{n} rejected", "{n} rejected", rejected).format(n=number(rejected)),
    )
    return Group(chart_text(lines), note(total))


class DashboardScreen(Screen):
    """Esc goes back to the list; r counts again."""

    DEFAULT_CSS = """
    DashboardScreen #dashboard { height: 1fr; padding: 0 1; }
    DashboardScreen .panel-title { text-style: bold; color: $accent; margin-top: 1; }
    DashboardScreen #title-state { margin-top: 0; }
    DashboardScreen .panel { height: auto; }
    """
    BINDINGS: ClassVar = [
        Binding("escape", "app.pop_screen", N_("Back")),
        Binding("r", "refresh_figures", N_("Refresh")),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.day = today()
        self.found: dict[str, object] = {}
        self.filled = 0  # sections whose figures arrived (for tests and the bench)
        self.panels = len(PANELS)
        self.arrived: dict[str, float] = {}  # when each arrived (time.perf_counter, bench)
        self.generation = 0  # counts started; what an older count sends is dropped

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="dashboard"):
            for key, title in PANELS:
                yield Static(Text(_(title)), classes="panel-title", id=f"title-{key}")
                yield Static(note(_("Counting…")), classes="panel", id=f"panel-{key}")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = _("Dashboard")
        self.query_one("#dashboard", VerticalScroll).focus()
        self.action_refresh_figures()

    def action_refresh_figures(self) -> None:
        self.day = today()
        self.found.clear()
        self.filled = 0
        self.generation += 1
        for key, _title in PANELS:
            self.query_one(f"#panel-{key}", Static).update(note(_("Counting…")))
        self.run_worker(
            self._count,
            thread=True,
            exclusive=True,
            group="dashboard",
            exit_on_error=False,
            description="dashboard counts",
        )

    def _count(self) -> None:
        worker = get_current_worker()
        day, generation = self.day, self.generation
        for key, _title in PANELS:
            if worker.is_cancelled:
                return
            try:
                result = count_figure(key, day)
            except Exception as exc:  # a locked or unreachable database: say so, go on
                result = exc
            if not worker.is_cancelled:
                self.post_message(self.FigureCounted(key, result, generation))

    class FigureCounted(Message):
        """The counting worker counted a section (``result``: its figures, or the error)."""

        def __init__(self, key: str, result: object, generation: int) -> None:
            super().__init__()
            self.key, self.result, self.generation = key, result, generation

    def on_dashboard_screen_figure_counted(self, message: FigureCounted) -> None:
        self._arrived(message.key, message.result, message.generation)

    def _arrived(self, key: str, result: object, generation: int) -> None:
        if generation != self.generation:
            return  # r was pressed meanwhile: a newer count is on its way
        self.found[key] = result
        self.filled += 1
        self.arrived[key] = time.perf_counter()
        self._draw(key)

    def on_resize(self) -> None:
        for key in self.found:
            self._draw(key)

    def _width(self) -> int:
        """Columns a chart may use: the scroll area less its scroll bar and the padding."""
        return max(self.size.width - 4, 24)

    def _draw(self, key: str) -> None:
        result, width = self.found[key], self._width()
        panel = self.query_one(f"#panel-{key}", Static)
        if isinstance(result, Exception):
            panel.update(Text(_("Could not count: {error}").format(error=result), style="red"))
        elif key == "state":
            panel.update(state_view(result, width))
        elif key == "category":
            panel.update(counts_view(result, width, TOP_CATEGORIES, _("Others ({n})")))
        elif key == "country":
            panel.update(counts_view(result, width, None, ""))
        elif key == "region":
            panel.update(counts_view(result, width, TOP_REGIONS, _("Other regions ({n})")))
        elif key == "months":
            panel.update(months_view(result, self.day, width))
        else:
            panel.update(imports_view(result, self.day, width))

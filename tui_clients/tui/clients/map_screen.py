"""The map of the list's search: the main addresses of the matching clients, pinned."""

from __future__ import annotations

from collections import Counter
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from tui_clients.domain.i18n import N_, _
from tui_clients.domain.terminal_map import draw
from tui_clients.services.admin.catalogs import choices
from tui_clients.services.clients.listing import ClientFilter, main_points

LIMIT = 1000  # pins read for one map


class SearchMapScreen(Screen):
    """Esc goes back to the list."""

    BINDINGS: ClassVar = [Binding("escape", "app.pop_screen", N_("Back"))]

    def __init__(self, where: ClientFilter) -> None:
        super().__init__()
        self.where = where

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="map-title")
        yield Static(id="search-map")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = _("Map")
        points = main_points(self.where, LIMIT)
        title = self.query_one("#map-title", Static)
        if not points:
            title.update(Text(_("No client of this search has coordinates."), style="italic"))
            return
        country = self.where.country or Counter(c for _lat, _lng, c in points).most_common(1)[0][0]
        pins = [(lat, lng) for lat, lng, c in points if c == country]
        width = max(20, self.size.width - 4)
        height = max(6, self.size.height - 6)
        view = draw(country, pins, width, height)
        name = dict((code, label) for label, code in choices("country")).get(country, country)
        more = _(" (the newest {n:,})").format(n=LIMIT) if len(points) == LIMIT else ""
        title.update(
            Text(
                _(
                    "Clients of this search in {country}: {pins:,}{more}; elsewhere: {others:,}."
                ).format(
                    pins=view.pins_shown, country=name, more=more, others=len(points) - len(pins)
                )
            )
        )
        self.query_one("#search-map", Static).update(Text("\n".join(view.lines), style="green"))

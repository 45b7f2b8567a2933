"""The profile's map: the country of the client's first address, its addresses pinned."""

from __future__ import annotations

from rich.console import Group
from rich.text import Text

from tui_clients.domain.i18n import _
from tui_clients.domain.terminal_map import PIN, draw
from tui_clients.domain.text import printable
from tui_clients.services.dto import ClientDetail

WIDTH, HEIGHT = 56, 12  # fits an 80x24 terminal with the header, tabs and footer


def client_map(c: ClientDetail, width: int = WIDTH, height: int = HEIGHT) -> Group | Text:
    if not c.addresses:
        return Text(_("No address to show on a map."), style="italic")
    country = c.addresses[0].country
    placed = [a for a in c.addresses if a.latitude is not None and a.country == country]
    view = draw(country, [(a.latitude, a.longitude) for a in placed], width, height)
    legend = [Text(f"{PIN} {printable(a.line)}") for a in placed]
    if not placed:
        legend = [Text(_("None of the addresses has coordinates yet."), style="italic")]
    return Group(Text("\n".join(view.lines), style="green"), *legend)

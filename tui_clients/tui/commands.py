"""The command palette (ctrl+p): the actions of the screen it was opened on and the App's,
by name, in the operator's language, with Textual's own commands translated too."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from rich.align import Align
from rich.text import Text
from textual.command import CommandList, CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.widgets.option_list import Option

from tui_clients.domain.i18n import N_, _
from tui_clients.tui.admin.channel_catalog import ChannelCatalogScreen
from tui_clients.tui.profile.channels import channel_commands

Command = tuple[str, Callable[[], object], str]  # name, what it runs, its help

# Actions of the screen in front, offered when it has them (action, name, help).
SCREEN_ACTIONS = (
    ("new", N_("New client"), N_("Register a client, step by step (n)")),
    ("focus_search", N_("Search clients"), N_("Focus the search box (/)")),
    ("filters", N_("Filter the list"), N_("Date added, category, type, state, country (f)")),
    ("sort", N_("Sort the list"), N_("Choose the column to sort by (s)")),
    (
        "export",
        N_("Export the list"),
        N_("The list as shown (search, filters, order) to a CSV file (x)"),
    ),
    ("edit", N_("Edit the client"), N_("Edit the highlighted or open client (e)")),
    ("delete", N_("Delete the client"), N_("Move it to the trash, after a confirmation (d)")),
)

# Actions of the App, offered everywhere (action, name, help), in the palette's order.
APP_ACTIONS = (
    ("trash", N_("Open the trash"), N_("Deleted clients, to restore or purge (t)")),
    ("import_clients", N_("Import clients"), N_("From a CSV with the template's columns (i)")),
    (
        "import_inventory",
        N_("Import inventory"),
        N_("Items delivered to clients, from a CSV (serial, client, date…)"),
    ),
    ("import_jobs", N_("Imports"), N_("Every import: who, when, status, counts, error file")),
    (
        "service_catalog",
        N_("Services catalog"),
        N_("The services clients can have (administrator)"),
    ),
    (
        "custom_fields",
        N_("Additional fields"),
        N_("Define the extra fields clients have (administrator)"),
    ),
    (
        "dashboard",
        N_("Dashboard"),
        N_("Clients by state, category, country, region; per month (g)"),
    ),
    (
        "place_addresses",
        N_("Place addresses on the map"),
        N_("Geocode the addresses that have no coordinates yet"),
    ),
    (
        "channel_catalog",
        N_("Channel catalog"),
        N_("The channels (portal, e-mail, WhatsApp…): activate or deactivate them"),
    ),
)

# Textual's own palette commands, in the user's language ("Keys" is left out: the app's
# own "Keys" command, ?, shows the keys of the screen).
SYSTEM_COMMANDS = {
    "Theme": (N_("Theme"), N_("Change the colours of the application")),
    "Quit": (N_("Quit"), N_("Close the application")),
    "Minimize": (N_("Restore"), N_("Give the widget its normal size back")),
    "Maximize": (N_("Maximize"), N_("Show the focused widget on the whole screen")),
    "Screenshot": (N_("Screenshot"), N_("Save an SVG picture of this screen")),
}


class ClientCommands(Provider):
    """Every action of the screen in front and of the App, by name."""

    def _commands(self) -> list[Command]:
        screen = self.screen  # the screen the palette was opened on (app.screen is the palette)
        found: list[Command] = [
            (_(name), partial(screen.run_action, action), _(help_text))
            for action, name, help_text in SCREEN_ACTIONS
            if hasattr(screen, f"action_{action}")
        ]
        found += [
            (_(name), partial(self.app.run_action, action), _(help_text))
            for action, name, help_text in APP_ACTIONS
        ]
        if isinstance(screen, ChannelCatalogScreen):
            found.append(
                (
                    _("Activate or deactivate the channel"),
                    screen.action_toggle,
                    _("The highlighted channel of the catalog (a)"),
                )
            )
        found += channel_commands(screen)
        found.append(
            (
                _("Keys"),
                partial(self.app.run_action, "toggle_keys"),
                _("Show or hide the keys of this screen (?)"),
            )
        )
        return found

    async def discover(self) -> Hits:
        for name, run, help_text in self._commands():
            yield DiscoveryHit(name, run, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, run, help_text in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), run, help=help_text)


class Palette(CommandPalette):
    """Textual's command palette, saying "no matches" in the operator's language."""

    def _start_no_matches_countdown(self, search_value: str) -> None:
        # Textual's own (textual/command.py), with its one sentence translated
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if search_value:
                self.query_one(CommandList).add_option(
                    Option(
                        Align.center(Text(_("No matches found"), style="not bold")),
                        disabled=True,
                        id=self._NO_MATCHES,
                    )
                )
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)

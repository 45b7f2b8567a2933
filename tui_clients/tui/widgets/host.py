"""The App as its screens know it: Textual's App, the settings, and what the App does
for them.

The App (``tui/app.py``) is the only navigator.  A screen never imports another
feature's screen: it asks the App to open it (``new_client``, ``open_profile``, ``edit_client``) and the
App pushes it.  Screens that ask anything of the App beyond Textual's own API type
their ``app`` with ``app = getters.app(ClientsHost)``; ``ClientsApp`` does the work.

A screen holding a form may define ``has_unsaved_input() -> bool``: quitting (q, ctrl+q)
asks first while it says True (a dialog without it is asked about its text fields).
"""

from __future__ import annotations

from collections.abc import Callable

from tui_clients.services.clients.listing import ClientFilter
from tui_clients.services.dto import ClientDetail, ClientSummary
from tui_clients.services.settings import Settings
from tui_clients.tui.widgets.typeahead import TypeAhead


class ClientsHost(TypeAhead):
    """What screens and background runs may ask of the App (and the keys typed ahead
    held while focus is on its way, ``TypeAhead``)."""

    settings: Settings

    # --- the screens it opens ---------------------------------------------------------

    def new_client(self) -> None:
        """The registration wizard, over the screen in front."""
        raise NotImplementedError

    def open_profile(self, client_id: int, *, instead: bool = False) -> None:
        """A client's profile, over the screen in front (``instead``: in its place)."""
        raise NotImplementedError

    def open_search_map(self, where: ClientFilter) -> None:
        """The map of the clients a list's search and filters find."""
        raise NotImplementedError

    def edit_client(self, client_id: int) -> None:
        """The edit form of a client, over the screen in front."""
        raise NotImplementedError

    # --- what several screens share ---------------------------------------------------

    def delete_client(
        self, client: ClientSummary | ClientDetail, *, after: Callable[[], None]
    ) -> None:
        """Move a client to the trash, asking first; ``after`` runs once it is settled."""
        raise NotImplementedError

    def restore_client(
        self, client: ClientSummary | ClientDetail, *, after: Callable[[], None]
    ) -> None:
        """Bring a client back from the trash; ``after`` runs once it is settled."""
        raise NotImplementedError

    def purge_client(self, client: ClientSummary, *, after: Callable[[], None]) -> None:
        """Purge a client in the trash for good, asking twice; ``after`` runs if it was."""
        raise NotImplementedError

    def deliver_invitations(self, client_id: int) -> None:
        """Send a client's due invitations now, in the background; the operator is told
        how it went, and its Channels tab in front shows them."""
        raise NotImplementedError

    def geocode_later(self, client_id: int) -> None:
        """Place a saved client's addresses on the map in the background, when that is
        the online geocoder's work."""
        raise NotImplementedError

    def clients_changed(self) -> None:
        """Clients changed behind the screen in front (an import ended): a client list
        in front shows them."""
        raise NotImplementedError

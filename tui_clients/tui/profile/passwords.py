"""The Server tab's key that shows the stored passwords for a few seconds.

The operator confirms first; the service records in the client's history who saw the
passwords of which servers (never a password), and the tab masks them again after
SHOWN_FOR seconds, or as soon as the profile is left.
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import TabbedContent

from tui_clients.domain.i18n import N_, _
from tui_clients.services.clients.servers import reveal_passwords
from tui_clients.services.dto import ClientDetail
from tui_clients.services.faults import storage_fault
from tui_clients.tui.widgets.dialogs import ConfirmScreen

SHOWN_FOR = 10  # seconds a revealed password stays on screen
TAB = "tab-server"


class PasswordKeys(Screen):
    """The profile's key that reveals the servers' passwords (the profile screen gives
    ``client``, ``refresh_client`` and ``show_server``, and calls this check_action)."""

    BINDINGS: ClassVar = [Binding("w", "show_passwords", N_("Show passwords"))]

    client: ClientDetail | None = None
    revealed: dict[int, str]  # server id -> password, while shown

    def refresh_client(self) -> None:
        raise NotImplementedError

    def show_server(self) -> None:
        """Draw the Server tab again (with ``revealed`` shown, the rest masked)."""
        raise NotImplementedError

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "show_passwords":
            c = self.client
            if c is None or c.in_trash or c.server is None:
                return False
            readable = any(s.has_password and s.password_readable for s in c.server.servers)
            tabs = self.query(TabbedContent)
            return readable and bool(tabs) and tabs.first().active == TAB
        return super().check_action(action, parameters)

    def action_show_passwords(self) -> None:
        question = _(
            "Show the passwords of this client's servers for {seconds} seconds? "
            "The history records that you saw them."
        ).format(seconds=SHOWN_FOR)

        def answered(yes: bool | None) -> None:
            if yes:
                self._reveal()

        self.app.push_screen(ConfirmScreen(question), answered)

    def _reveal(self) -> None:
        c = self.client
        if c is None:
            return
        try:
            shown = reveal_passwords(c.id)  # none shown unless the history records it
        except Exception as exc:  # a full disk, a locked or lost database: said in words
            fault = storage_fault(exc)
            self.notify(
                _("The passwords could not be shown: {error}").format(
                    error=fault.message() if fault else exc
                ),
                severity="error",
                timeout=15,
                markup=False,
            )
            return
        if not shown:
            self.notify(_("No password can be shown."), severity="warning", markup=False)
            return
        self.revealed = shown
        self.show_server()
        self.notify(
            _("Passwords shown for {seconds} seconds.").format(seconds=SHOWN_FOR), markup=False
        )
        self.set_timer(SHOWN_FOR, self.hide_passwords)
        self.refresh_client()  # the history has the new entry

    def hide_passwords(self) -> None:
        if self.revealed:
            self.revealed = {}
            self.show_server()

    def on_screen_suspend(self) -> None:
        self.hide_passwords()  # leaving the profile (an edit, a dialog…) masks them at once

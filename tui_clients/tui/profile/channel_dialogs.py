"""Small dialogs of the Channels tab: a client's channel (enabled, handle), an invitation."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Select, Static

from tui_clients.domain.errors import ValidationError
from tui_clients.domain.i18n import N_, _
from tui_clients.domain.invitations import HANDLE_HINTS, HANDLE_LABELS, LINK_MISSING, link_missing
from tui_clients.domain.text import printable
from tui_clients.services.channels.catalog import ChannelError, client_channels, set_client_channel
from tui_clients.services.channels.invitations import client_emails, invite
from tui_clients.tui.faults import faults_noted
from tui_clients.tui.widgets.fields import literal_options


def _channel_label(name: str, active: bool) -> str:
    return name if active else _("{name} (inactive)").format(name=name)


class ChannelTabDialog(ModalScreen):
    DEFAULT_CSS = "ChannelTabDialog { align: center middle; }"
    BINDINGS: ClassVar = [
        Binding("escape", "dismiss(None)", N_("Cancel")),
        Binding("ctrl+s", "save", N_("Save"), priority=True),
    ]

    def show_error(self, message: str) -> None:
        self.query_one("#dialog-error", Static).update(Text(printable(message)))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.dismiss(None)

    def action_save(self) -> None:  # pragma: no cover - each dialog has its own
        raise NotImplementedError


class ClientChannelDialog(ChannelTabDialog):
    """Enable or disable one channel for a client, and its handle; saves with ctrl+s."""

    def __init__(self, client_id: int, client_code: str) -> None:
        super().__init__()
        self.client_id = client_id
        self.client_code = client_code
        self.rows = {r.code: r for r in client_channels(client_id)}

    def compose(self) -> ComposeResult:
        first = next((r.code for r in self.rows.values() if r.enabled), next(iter(self.rows), None))
        options = [(_channel_label(r.name, r.active), r.code) for r in self.rows.values()]
        with Vertical(classes="dialog wide"):
            yield Label(_("Channel of {code}").format(code=self.client_code), classes="title")
            with Horizontal(classes="row"):
                yield Label(_("Channel"))
                yield Select(
                    literal_options(options),
                    value=first or Select.NULL,
                    allow_blank=False,
                    id="channel",
                )
            yield Checkbox(_("Enabled for this client"), id="enabled")
            with Horizontal(classes="row"):
                yield Label(_("User / handle"), id="handle-label")
                yield Input(id="handle")
            yield Static(id="dialog-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button(_("Save (ctrl+s)"), id="save", variant="primary")
                yield Button(_("Cancel (esc)"), id="cancel")

    def on_mount(self) -> None:
        self._load()
        self.query_one("#enabled", Checkbox).focus()

    def on_select_changed(self, event: Select.Changed) -> None:
        self._load()

    def _load(self) -> None:
        code = self.query_one("#channel", Select).value
        row = self.rows.get(code) if isinstance(code, str) else None
        if row is None:
            return
        self.query_one("#enabled", Checkbox).value = row.enabled or not any(
            r.enabled for r in self.rows.values()
        )
        handle = self.query_one("#handle", Input)
        handle.value = row.handle
        handle.placeholder = _(HANDLE_HINTS.get(code, "")) if code in HANDLE_HINTS else ""
        self.query_one("#handle-label", Label).update(
            _(HANDLE_LABELS[code]) if code in HANDLE_LABELS else _("User / handle")
        )
        self.show_error("")

    def action_save(self) -> None:
        code = self.query_one("#channel", Select).value
        if not isinstance(code, str):
            return
        enabled = self.query_one("#enabled", Checkbox).value
        handle = self.query_one("#handle", Input).value
        row = None
        try:
            with faults_noted(self.app):  # a full disk, a read-only database: said
                row = set_client_channel(self.client_id, code, enabled=enabled, handle=handle)
        except ValidationError as exc:
            self.show_error("\n".join(e.message() for e in exc.errors))
            return
        except ChannelError as exc:
            self.show_error(str(exc))
            return
        if row is None:  # not saved: the dialog stays as typed, to save again
            return
        message = (
            _("{channel} enabled for {code}.")
            if row.enabled
            else _("{channel} disabled for {code}.")
        )
        self.app.notify(message.format(channel=row.name, code=self.client_code), markup=False)
        self.dismiss(True)


def invite_problem(client_id: int, client_code: str) -> str:
    """Why no invitation can even be chosen for this client ('' when one can)."""
    if not any(r.enabled for r in client_channels(client_id)):
        return _("No channel is enabled for {code}: c enables one.").format(code=client_code)
    if not client_emails(client_id):
        return _("{code} has no e-mail address to send the invitation to.").format(code=client_code)
    return ""


class InviteDialog(ChannelTabDialog):
    """Choose the channel and the address; the invitation is queued, then sent in the
    background.  Dismisses with the invitation's id."""

    def __init__(self, client_id: int, client_code: str, portal_url: str = "") -> None:
        super().__init__()
        self.client_id = client_id
        self.client_code = client_code
        self.portal_url = portal_url

    def compose(self) -> ComposeResult:
        rows = [r for r in client_channels(self.client_id) if r.enabled]
        emails = client_emails(self.client_id)
        with Vertical(classes="dialog wide"):
            yield Label(_("Invitation for {code}").format(code=self.client_code), classes="title")
            yield Static(
                Text(
                    _(
                        "The access information goes by e-mail. The channel must be "
                        "active and enabled for the client."
                    )
                ),
                classes="question",
            )
            with Horizontal(classes="row"):
                yield Label(_("Channel"))
                yield Select(
                    literal_options((_channel_label(r.name, r.active), r.code) for r in rows),
                    value=rows[0].code,
                    allow_blank=False,
                    id="channel",
                )
            with Horizontal(classes="row"):
                yield Label(_("E-mail"))
                yield Select(
                    literal_options((e, e) for e in emails),
                    value=emails[0],
                    allow_blank=False,
                    id="email",
                )
            yield Static(id="link-missing", classes="error")
            yield Static(id="dialog-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button(_("Send (ctrl+s)"), id="save", variant="primary")
                yield Button(_("Cancel (esc)"), id="cancel")

    def on_mount(self) -> None:
        self.query_one("#save", Button).focus()
        self._say_if_link_missing()

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "channel":
            self._say_if_link_missing()

    def _say_if_link_missing(self) -> None:
        """Before anything is sent: a portal invitation without the portal's address."""
        code = str(self.query_one("#channel", Select).value)
        missing = link_missing(code, self.portal_url)
        warning = self.query_one("#link-missing", Static)
        warning.update(Text(_(LINK_MISSING) if missing else ""))
        warning.display = missing
        send = _("Send without the link (ctrl+s)") if missing else _("Send (ctrl+s)")
        self.query_one("#save", Button).label = send

    def action_save(self) -> None:
        code = self.query_one("#channel", Select).value
        email = self.query_one("#email", Select).value
        queued = None
        try:
            with faults_noted(self.app):  # a full disk, a read-only database: said
                queued = invite(self.client_id, str(code), str(email), portal_url=self.portal_url)
        except ChannelError as exc:
            self.show_error(str(exc))
            return
        if queued is not None:  # else nothing was queued: the dialog stays, to send again
            self.dismiss(queued.id)

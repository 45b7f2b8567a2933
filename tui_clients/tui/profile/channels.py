"""The profile's Channels tab: the client's channels and invitations, and its keys.

``channels_view`` renders the tab; ``ChannelKeys`` gives the profile screen the tab's
keys (c, i, s), shown in the Footer only while the tab is in front, and
``channel_commands`` puts them in the command palette.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import getters
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import TabbedContent

from tui_clients.domain.dates import time_text
from tui_clients.domain.i18n import N_, _
from tui_clients.domain.invitations import FAILED, SENT, STATUS_NAMES
from tui_clients.domain.text import printable
from tui_clients.services.channels.catalog import client_channels
from tui_clients.services.channels.invitations import InvitationRecord, invitations
from tui_clients.services.channels.mailer import config_from_settings
from tui_clients.services.dto import ClientDetail
from tui_clients.services.settings import Settings
from tui_clients.tui.background.outbox import InvitationsDelivered
from tui_clients.tui.faults import faults_noted
from tui_clients.tui.widgets.host import ClientsHost

TAB = "tab-channels"
STATUS_STYLES = {SENT: "green", FAILED: "red"}


def _t(value: object, style: str = "") -> Text:
    return Text(printable("" if value is None else str(value)), style=style)


def _when(value) -> str:
    return time_text(value)


def channels_table(client_id: int) -> Table:
    table = Table(box=None, padding=(0, 1), header_style="bold")
    for header in (_("Channel"), _("Enabled"), _("User / handle"), _("Catalog")):
        table.add_column(Text(header))
    for r in client_channels(client_id):
        table.add_row(
            _t(r.name),
            _t("✓" if r.enabled else "—"),
            _t(r.handle if r.enabled else ""),
            _t(_("active") if r.active else _("inactive"), "" if r.active else "italic"),
        )
    return table


def invitation_block(r: InvitationRecord) -> Group:
    """One invitation: channel → e-mail and its status, then when, how many tries, why."""
    status = _(STATUS_NAMES.get(r.status, r.status))
    heading = Text.assemble(
        _t(f"{r.channel or '—'} → {r.email} · ", "bold"),
        _t(status, "bold " + STATUS_STYLES.get(r.status, "yellow")),
    )
    facts = [
        _("asked {when} by {who}").format(when=_when(r.created_at), who=r.created_by),
        _("attempts: {n}").format(n=r.attempts),
    ]
    if r.status == SENT:
        facts.append(_("sent {when}").format(when=_when(r.sent_at)))
    lines = [heading, _t("  " + " · ".join(facts))]
    if r.status == FAILED:
        lines.append(
            _t(
                "  "
                + (
                    _("Next try: {when}").format(when=_when(r.next_attempt_at))
                    if r.next_attempt_at
                    else _("No more automatic tries (s retries)")
                )
            )
        )
        if r.reason:
            lines.append(_t("  " + _("Reason: {reason}").format(reason=r.reason), "red"))
    return Group(*lines)


def channels_view(client_id: int, note: str = "") -> Group:
    """The tab: the channels, then the invitations newest first (a note above, if any)."""
    parts: list = []
    if note:
        parts += [_t(note, "italic yellow"), Text("")]
    parts += [Text(_("Channels"), style="bold underline"), channels_table(client_id), Text("")]
    parts.append(Text(_("Invitations"), style="bold underline"))
    rows = invitations(client_id, limit=50)
    if not rows:
        parts.append(Text(_("No invitation sent yet (i sends one)."), style="italic"))
    for r in rows:
        parts.append(invitation_block(r))
    return Group(*parts)


def mail_note(settings: Settings) -> str:
    """What keeps invitations from leaving, if anything (shown above the tab)."""
    config = config_from_settings(settings)
    if not config.configured:
        return _("Outgoing mail is not configured (smtp_host): invitations wait in the outbox.")
    if config.problem:
        return _("The outgoing mail settings cannot be used: {problem}").format(
            problem=config.problem
        )
    return ""


class ChannelKeys(Screen):
    """The Channels tab's keys, for the profile screen (which must call this check_action
    and give ``client`` and ``refresh_client``)."""

    app = getters.app(ClientsHost)

    BINDINGS: ClassVar = [
        Binding("c", "client_channel", N_("Channel")),
        Binding("i", "invite", N_("Invite")),
        Binding("s", "send_invitations", N_("Send now")),
    ]
    CHANNEL_ACTIONS = ("client_channel", "invite", "send_invitations")

    client_id: int
    client: ClientDetail | None = None

    def refresh_client(self) -> None:
        raise NotImplementedError

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action in self.CHANNEL_ACTIONS:
            client = self.client
            if client is None or client.in_trash:
                return False
            tabs = self.query(TabbedContent)
            return bool(tabs) and tabs.first().active == TAB
        return True

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        self.refresh_bindings()  # the tab's keys come and go with it

    def _show_tab(self) -> None:
        self.query_one(TabbedContent).active = TAB

    def on_invitations_delivered(self, message: InvitationsDelivered) -> None:
        if self.client is not None and self.client.id == message.client_id:
            self._refresh()

    def _refresh(self) -> None:
        if self.is_attached and self.app.screen is self:
            self.refresh_client()

    def action_client_channel(self) -> None:
        from tui_clients.tui.profile.channel_dialogs import ClientChannelDialog

        client = self.client
        if client is None:
            return
        self._show_tab()
        self.app.push_screen(
            ClientChannelDialog(client.id, client.code),
            lambda saved: self._refresh() if saved else None,
        )

    def action_invite(self) -> None:
        from tui_clients.tui.profile.channel_dialogs import InviteDialog, invite_problem

        client = self.client
        if client is None:
            return
        self._show_tab()
        problem = invite_problem(client.id, client.code)
        if problem:
            self.notify(problem, severity="error", markup=False)
            return

        def queued(invitation_id: int | None) -> None:
            if invitation_id is not None:
                self._refresh()
                self.app.deliver_invitations(client.id)

        portal = self.app.settings.values["portal_url"].value
        self.app.push_screen(InviteDialog(client.id, client.code, portal), queued)

    def action_send_invitations(self) -> None:
        """Send what waits and retry the failed ones now (past their backoff and limit)."""
        from tui_clients.services.channels.invitations import retry_now

        client = self.client
        if client is None:
            return
        self._show_tab()
        with faults_noted(self.app):  # a full disk, a read-only database: said, none sent
            retry_now(client.id)
            self.app.deliver_invitations(client.id)


def channel_commands(screen: Screen) -> list[tuple[str, Callable[[], None], str]]:
    """Command palette entries: the Channels tab's actions, on a client's profile."""
    if not isinstance(screen, ChannelKeys) or screen.client is None or screen.client.in_trash:
        return []
    return [
        (
            _("Enable a channel"),
            screen.action_client_channel,
            _("Enable or disable a channel for this client, and its handle (c)"),
        ),
        (
            _("Send an invitation"),
            screen.action_invite,
            _("E-mail the access to a channel to this client (i)"),
        ),
        (
            _("Send invitations now"),
            screen.action_send_invitations,
            _("Send what waits and retry the failed invitations now (s)"),
        ),
    ]

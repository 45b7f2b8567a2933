"""A client's profile: identity, addresses, contacts, fiscal data, server, services, history."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, Static, Tab, TabbedContent, TabPane
from textual.worker import get_current_worker

from tui_clients.domain.custom_fields import value_text
from tui_clients.domain.dates import time_text
from tui_clients.domain.documents import document_label, document_warnings
from tui_clients.domain.i18n import N_, _
from tui_clients.domain.persons import person_kind_word
from tui_clients.domain.text import printable
from tui_clients.services.admin.catalogs import area_names, choices, fiscal_names
from tui_clients.services.clients.attachments import AttachmentRecord, client_files
from tui_clients.services.clients.client_services import service_states
from tui_clients.services.clients.queries import client_history, get_client
from tui_clients.services.clients.servers import CANNOT_DECRYPT, REVEALED
from tui_clients.services.dto import ClientDetail, HistoryEntry, ServerDataRecord
from tui_clients.services.geo.geocoding import place_near
from tui_clients.services.inventory.items import InventoryRecord, list_items
from tui_clients.services.settings import Settings
from tui_clients.tui.profile.channels import ChannelKeys, channels_view, mail_note
from tui_clients.tui.profile.files import FilesPanel
from tui_clients.tui.profile.inventory import InventoryPanel
from tui_clients.tui.profile.labels import field_labels, history_label
from tui_clients.tui.profile.map_view import client_map
from tui_clients.tui.profile.passwords import PasswordKeys
from tui_clients.tui.profile.services import ClientServicesScreen, state_rows
from tui_clients.tui.profile.summary import client_summary

ADDRESS_KINDS = {"main": N_("main"), "billing": N_("billing"), "shipping": N_("shipping")}
MASK = "••••••••"  # a stored password, shown only for a while when asked (passwords.py)
ACTIONS = {
    "created": N_("created"),
    "updated": N_("updated"),
    "deleted": N_("deleted"),
    "restored": N_("restored"),
    "review": N_("to review"),
    REVEALED: N_("passwords seen"),  # a migration found this client registered twice
}


def literal(value: object) -> Text:
    """Stored text shown as it is: no markup, control characters escaped."""
    return Text(printable("" if value is None else str(value)))


def pairs(rows: list[tuple[str, object]]) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for label, value in rows:
        table.add_row(Text(label), literal(value))
    return table


def grid(headers: list[str], rows: list[list[object]]) -> Table | Text:
    if not rows:
        return Text(_("Nothing recorded."), style="italic")
    table = Table(box=None, padding=(0, 1), header_style="bold")
    for header in headers:
        table.add_column(Text(header), overflow="fold")  # a long e-mail folds, never cut
    for row in rows:
        table.add_row(*[literal(v) for v in row])
    return table


GEOCODE_NOTES = {
    "country": N_("not placed: the geocoder found only its country"),
    "unresolved": N_("not placed: the geocoder did not find it"),
}


def coordinates_cell(a) -> str:
    """The coordinates and where they came from; or why an address has none."""
    if a.latitude is None:
        note = GEOCODE_NOTES.get(a.geocode_level)
        return _(note) if note else ""
    source = {"manual": _("typed"), "gazetteer": _("geocoded"), "nominatim": "Nominatim"}.get(
        a.coord_source, a.coord_source
    )
    return f"{a.latitude:.5f}, {a.longitude:.5f} ({source})"


def address_block(a, names: dict[str, str]) -> Group:
    """One address as a heading and its fields, one per line: readable at 80 columns,
    with the place its coordinates are nearest to on a line of its own."""
    kind = _(ADDRESS_KINDS[a.kind]).capitalize() if a.kind in ADDRESS_KINDS else a.kind
    heading = " · ".join(x for x in (kind, a.line) if x)
    near = place_near(a.latitude, a.longitude) if a.latitude is not None else ""
    rows = [
        (_("Detail"), a.detail),
        (_("Region"), " / ".join(names.get(x, x) for x in (a.region, a.province, a.district) if x)),
        (_("Postal code"), a.postal_code),
        (_("Country"), a.country),
        (_("Coordinates"), coordinates_cell(a)),
        (_("Nearest place"), near),
    ]
    return Group(
        Text(printable(heading), style="bold"),
        pairs([(label, value) for label, value in rows if value]),
    )


def addresses_view(c: ClientDetail) -> Group | Text:
    if not c.addresses:
        return Text(_("Nothing recorded."), style="italic")
    codes = [x for a in c.addresses for x in (a.region, a.province, a.district)]
    names = area_names(c.addresses[0].country, codes)
    blocks = []
    for a in c.addresses:
        blocks += [address_block(a, names), Text("")]
    return Group(*blocks[:-1])


def custom_values(c: ClientDetail) -> Table | Text:
    """The client's custom field values; a value kept from a field that no longer applies
    (deactivated, or for another type or category) is shown and said so."""
    if not c.custom:
        return Text(_("Nothing recorded."), style="italic")
    kept = _("(kept: the field no longer applies to this client)")
    return pairs(
        [
            (v.label, value_text(v.type, v.value) + ("" if v.applies else f"  {kept}"))
            for v in c.custom
        ]
    )


def label(catalog: str, code: str, country: str = "") -> str:
    """A catalog code as the operator knows it (its name in the active language, a
    company type in the words of the client's country)."""
    return (
        {value: name for name, value in choices(catalog, country)}.get(code, code) if code else ""
    )


def identity(c: ClientDetail) -> Table:
    kind = person_kind_word(c.person_kind, c.document_country)
    rows = [
        (_("Code"), c.code),
        (_("Name / razón social"), c.legal_name),
        (_("Trade name"), c.trade_name),
        (_("Document"), document_label(c.document_type, c.document_number)),
        (
            _("Warning"),
            " ".join(
                w.message()
                for w in document_warnings(c.document_country, c.document_type, c.document_number)
            ),
        ),
        (_("Kind"), kind),
        (_("Company type"), label("company_type", c.company_type, c.document_country)),
        (_("Category"), label("category", c.category)),
        (_("Company"), c.company_name),
        (_("Internal code"), c.internal_code),
        (_("State"), _("active") if c.active else _("inactive")),
        (_("E-mails"), ", ".join(c.emails)),
        (_("Phones"), ", ".join(p.number for p in c.phones)),
        (_("Website"), c.website),
        (_("Contact person"), c.contact_person),
        (_("Added"), f"{time_text(c.created_at)} ({c.created_by})"),
        (_("Changed"), f"{time_text(c.updated_at)} ({c.updated_by})"),
    ]
    if c.in_trash:
        rows.append((_("In the trash since"), time_text(c.deleted_at)))
    return pairs([(label, value) for label, value in rows if value])


def server_data(server: ServerDataRecord, revealed: dict[int, str] | None = None) -> Group:
    """Accounts and channels, then each server with its password masked, or shown while
    the operator asked to see it (``revealed``: server id -> password)."""
    revealed = revealed or {}
    channel = "#{}".format  # stored without the "#" it is known by
    accounts = pairs(
        [
            (label, value)
            for label, value in (
                (_("GitLab user"), server.gitlab_user),
                (_("Discord user"), server.discord_user),
                (_("Slack channel"), channel(server.slack_channel) if server.slack_channel else ""),
                (
                    _("Discord channel"),
                    channel(server.discord_channel) if server.discord_channel else "",
                ),
            )
            if value
        ]
    )
    rows = [
        [
            s.host,
            s.ip,
            s.username,
            revealed.get(s.id, MASK if s.password_readable else _(CANNOT_DECRYPT))
            if s.has_password
            else "",
        ]
        for s in server.servers
    ]
    servers = grid([_("Host"), _("IP"), _("User"), _("Password")], rows)
    return Group(accounts, Text(""), servers)


SERVICE_STATES = {
    "active": N_("active"),
    "inactive": N_("inactive"),
    "inherited": N_("as the company"),
}


def history_value(field: str, value: object, names: dict[str, dict[str, str]]) -> str:
    """A recorded value as the operator knows it: catalog codes by name, states in words.
    (The history keeps codes, the same in every language.)"""
    if value in (None, ""):
        return "∅"
    if field == "active":
        return _("active") if str(value) == "1" else _("inactive")
    if field.startswith("service."):
        return _(SERVICE_STATES.get(str(value), str(value)))
    if field == "addresses":  # "main: Av. …, Zapopan | shipping: …", kinds by their name
        return " | ".join(_address_change(part) for part in str(value).split(" | "))
    return names.get(field, {}).get(str(value), str(value))


def _address_change(part: str) -> str:
    kind, colon, place = part.partition(": ")
    if colon and kind in ADDRESS_KINDS:
        return f"{_(ADDRESS_KINDS[kind]).capitalize()}: {place}"
    return part


def history_table(entries: list[HistoryEntry], country: str = "") -> Table | Text:
    names = {
        "company_type": {code: label for label, code in choices("company_type", country)},
        "category": {code: label for label, code in choices("category")},
    }
    labels = field_labels()
    rows = []
    for h in entries:
        changes = "; ".join(
            f"{history_label(field, labels)}: "
            f"{history_value(field, old, names)} → {history_value(field, new, names)}"
            for field, (old, new) in h.changes.items()
        )
        rows.append([time_text(h.at), h.user, _(ACTIONS.get(h.action, h.action)), changes])
    return grid([_("When"), _("Who"), _("What"), _("Changes")], rows)


def profile_views(c: ClientDetail, note: str) -> dict[str, RenderableType]:
    """Every tab of ``c``'s profile but the server's, by the id of the widget that shows
    it; made in a worker, for they read the catalogs, the history, the services, the
    channels and the gazetteer (the nearest place)."""
    in_trash = _("in the trash")
    title = f"{c.code} · {c.legal_name}" + (f" · {in_trash}" if c.in_trash else "")
    fiscal = c.fiscal
    regimen, uso = fiscal_names(fiscal.regimen, fiscal.uso_cfdi) if fiscal else ("", "")
    return {
        "title": literal(title),
        "identity": identity(c),
        "addresses": addresses_view(c),
        "map": client_map(c),
        "contacts": grid(
            [_("E-mail"), _("Name"), _("Phone"), _("Primary")],
            [
                [
                    k.email,
                    f"{k.first_name} {k.last_name}".strip(),
                    k.phone,
                    "✓" if k.is_primary else "",
                ]
                for k in c.contacts
            ],
        ),
        "fiscal": pairs(
            [
                (_("Régimen fiscal"), regimen),
                (_("Uso de CFDI"), uso),
                (_("Postal code"), fiscal.postal_code),
            ]
        )
        if fiscal
        else Text(_("Nothing recorded."), style="italic"),
        "services": grid(
            [_("Service"), _("State"), _("Origin")],
            state_rows(service_states(c.id), everything=False),
        ),
        "custom": custom_values(c),
        "channels": channels_view(c.id, note),
        "history": history_table(client_history(c.id), c.document_country),
        "summary": client_summary(c),
    }


@dataclass(frozen=True)
class ProfileRead:
    """A client and its profile's tabs, made off the UI thread (``read_profile``)."""

    client: ClientDetail
    views: dict[str, RenderableType]  # by the id of the widget that shows it
    items: list[InventoryRecord]
    files: dict[str, AttachmentRecord | None]


def read_profile(client_id: int, settings: Settings) -> ProfileRead:
    """Everything a profile shows, read in one go (for a worker: it reads the database
    and the gazetteer)."""
    c = get_client(client_id)
    views = profile_views(c, mail_note(settings))
    return ProfileRead(c, views, list_items(c.id), client_files(c.id))


class ProfileReady(Message):
    """A worker read a client's profile: the App shows it (``instead`` of the screen in
    front, after a registration)."""

    def __init__(self, read: ProfileRead, instead: bool) -> None:
        super().__init__()
        self.read, self.instead = read, instead


class ProfileScreen(PasswordKeys, ChannelKeys, Screen):
    """Everything about one client; e edits, d deletes, Escape goes back."""

    BINDINGS: ClassVar = [
        Binding("escape", "app.pop_screen", N_("Back")),
        Binding("e", "edit", N_("Edit")),
        Binding("d", "delete", N_("Delete")),
        Binding("r", "restore", N_("Restore")),
        Binding("v", "services", N_("Services")),
    ]

    def __init__(self, client_id: int, read: ProfileRead | None = None) -> None:
        super().__init__()
        self.client_id = client_id
        self.client: ClientDetail | None = None
        self.revealed: dict[int, str] = {}  # passwords the operator asked to see, for a while
        self._read = read  # read already (the App reads before it shows): shown at once

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="profile-top"):
            yield Static(id="title")
            yield Static(id="tab-hint")  # 13 tabs do not fit in 80 columns: where the rest is
        with TabbedContent():
            for tab, name in (
                ("identity", _("Identity")),
                ("addresses", _("Addresses")),
                ("map", _("Map")),
                ("contacts", _("Contacts")),
                ("fiscal", _("Fiscal")),
                ("server", _("Server")),
                ("services", _("Services")),
                ("custom", _("Additional fields")),
                ("channels", _("Channels")),
            ):
                with TabPane(name, id=f"tab-{tab}"), VerticalScroll():
                    yield Static(id=tab)
            with TabPane(_("Inventory"), id="tab-inventory"):
                yield InventoryPanel(self.client_id, after_change=self.refresh_client)
            with TabPane(_("Signature and photo"), id="tab-files"):
                yield FilesPanel(self.client_id, after_change=self.refresh_client)
            with TabPane(_("History"), id="tab-history"), VerticalScroll():
                yield Static(id="history")
            with TabPane(_("Summary"), id="tab-summary"), VerticalScroll():
                yield Static(id="summary")
        yield Footer()

    def on_screen_resume(self) -> None:
        if self._read is not None:  # first shown, read already
            read, self._read = self._read, None
            self._show(read)
        else:  # back from an edit, a dialog…: read again
            self.refresh_client()

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        in_trash = self.client is not None and self.client.in_trash
        if action in ("edit", "delete", "services"):
            return not in_trash
        if action == "restore":
            return in_trash
        return super().check_action(action, parameters)

    def refresh_client(self) -> None:
        """Read the client again, off the UI thread; shown when the worker answers."""
        self._read_client(self.app.settings)

    @work(
        thread=True,
        exclusive=True,
        group="profile-read",
        exit_on_error=False,
        description="read a client's profile",
    )
    def _read_client(self, settings: Settings) -> None:
        read = read_profile(self.client_id, settings)
        if not get_current_worker().is_cancelled:
            self.post_message(self.ClientRead(read))

    class ClientRead(Message):
        """The worker read the client again."""

        def __init__(self, read: ProfileRead) -> None:
            super().__init__()
            self.read = read

    def on_profile_screen_client_read(self, message: ClientRead) -> None:
        self._show(message.read)

    def _show(self, read: ProfileRead) -> None:
        """The client's tabs, in one frame."""
        with self.app.batch_update():
            c = self.client = read.client
            for name, view in read.views.items():
                self.query_one(f"#{name}", Static).update(view)
            tabs = self.query_one(TabbedContent)
            if c.server is None:  # the tab is there only for a client with server data
                tabs.hide_tab("tab-server")
            else:
                self.show_server()
                tabs.show_tab("tab-server")
            self.query_one(InventoryPanel).show(c, read.items)
            self.query_one(FilesPanel).show(c, read.files)
            self.refresh_bindings()
            self._show_tab_hint()

    def show_server(self) -> None:
        if self.client is not None and self.client.server is not None:
            self.query_one("#server", Static).update(server_data(self.client.server, self.revealed))

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        super().on_tabbed_content_tab_activated(event)
        self._show_tab_hint()

    def _show_tab_hint(self) -> None:
        """Which tab of how many is in front, and the keys that reach the others."""
        tabs = [t for t in self.query_one(TabbedContent).query(Tab) if t.display]
        current = next((i for i, t in enumerate(tabs) if t.has_class("-active")), 0)
        hint = _("tab {n} of {total} · ← → the others").format(n=current + 1, total=len(tabs))
        self.query_one("#tab-hint", Static).update(Text(hint))

    def action_services(self) -> None:
        c = self.client
        if c is not None:
            title = _("Services of {code} · {name}").format(code=c.code, name=c.legal_name)
            self.app.push_screen(ClientServicesScreen(c.id, c.company_id, title))

    def action_edit(self) -> None:
        self.app.edit_client(self.client_id)  # e typed before the profile was read: it edits

    def action_delete(self) -> None:
        if self.client is not None:
            self.app.delete_client(self.client, after=self.refresh_client)

    def action_restore(self) -> None:
        if self.client is not None:
            self.app.restore_client(self.client, after=self.refresh_client)

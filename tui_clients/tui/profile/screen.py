"""A client's profile: identity, addresses, contacts, fiscal data, server, services, history."""

from __future__ import annotations

from typing import ClassVar

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Static, TabbedContent, TabPane

from tui_clients.domain.custom_fields import value_text
from tui_clients.domain.documents import document_label, document_warnings
from tui_clients.domain.i18n import N_, _
from tui_clients.domain.text import printable
from tui_clients.services.admin.catalogs import area_names, choices, fiscal_names
from tui_clients.services.clients.client_services import service_states
from tui_clients.services.clients.queries import client_history, get_client
from tui_clients.services.clients.servers import CANNOT_DECRYPT
from tui_clients.services.dto import ClientDetail, HistoryEntry, ServerDataRecord
from tui_clients.services.geo.geocoding import place_near
from tui_clients.tui.profile.channels import ChannelKeys, channels_view, mail_note
from tui_clients.tui.profile.files import FilesPanel
from tui_clients.tui.profile.inventory import InventoryPanel
from tui_clients.tui.profile.labels import field_labels, history_label
from tui_clients.tui.profile.map_view import client_map
from tui_clients.tui.profile.services import ClientServicesScreen, state_rows
from tui_clients.tui.profile.summary import client_summary

ADDRESS_KINDS = {"main": N_("main"), "billing": N_("billing"), "shipping": N_("shipping")}
MASK = "••••••••"  # a stored password, never shown here
ACTIONS = {
    "created": N_("created"),
    "updated": N_("updated"),
    "deleted": N_("deleted"),
    "restored": N_("restored"),
    "review": N_("to review"),  # a migration found this client registered twice
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
        table.add_column(Text(header))
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


def person_kind_label(kind: str, country: str) -> str:
    """Mexico says persona física / moral; Peru and Colombia, persona natural / jurídica."""
    if country in ("PE", "CO"):
        return _("persona natural") if kind == "fisica" else _("persona jurídica")
    return _("persona física") if kind == "fisica" else _("persona moral")


def label(catalog: str, code: str) -> str:
    """A catalog code as the operator knows it (its name in the active language)."""
    return {value: name for name, value in choices(catalog)}.get(code, code) if code else ""


def identity(c: ClientDetail) -> Table:
    kind = person_kind_label(c.person_kind, c.document_country)
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
        (_("Company type"), label("company_type", c.company_type)),
        (_("Category"), label("category", c.category)),
        (_("Company"), c.company_name),
        (_("Internal code"), c.internal_code),
        (_("State"), _("active") if c.active else _("inactive")),
        (_("E-mails"), ", ".join(c.emails)),
        (_("Phones"), ", ".join(p.number for p in c.phones)),
        (_("Website"), c.website),
        (_("Contact person"), c.contact_person),
        (_("Added"), f"{c.created_at:%Y-%m-%d %H:%M} ({c.created_by})"),
        (_("Changed"), f"{c.updated_at:%Y-%m-%d %H:%M} ({c.updated_by})"),
    ]
    if c.in_trash:
        rows.append((_("In the trash since"), f"{c.deleted_at:%Y-%m-%d %H:%M}"))
    return pairs([(label, value) for label, value in rows if value])


def server_data(server: ServerDataRecord) -> Group:
    """Accounts and channels, then each server with its password masked (never shown)."""
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
            (MASK if s.password_readable else _(CANNOT_DECRYPT)) if s.has_password else "",
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
    return names.get(field, {}).get(str(value), str(value))


def history_table(entries: list[HistoryEntry]) -> Table | Text:
    names = {
        "company_type": {code: label for label, code in choices("company_type")},
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
        rows.append([f"{h.at:%Y-%m-%d %H:%M}", h.user, _(ACTIONS.get(h.action, h.action)), changes])
    return grid([_("When"), _("Who"), _("What"), _("Changes")], rows)


class ProfileScreen(ChannelKeys, Screen):
    """Everything about one client; e edits, d deletes, Escape goes back."""

    BINDINGS: ClassVar = [
        Binding("escape", "app.pop_screen", _("Back")),
        Binding("e", "edit", _("Edit")),
        Binding("d", "delete", _("Delete")),
        Binding("r", "restore", _("Restore")),
        Binding("v", "services", _("Services")),
    ]

    def __init__(self, client_id: int) -> None:
        super().__init__()
        self.client_id = client_id
        self.client: ClientDetail | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="title")
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

    def on_mount(self) -> None:
        self.refresh_client()

    def on_screen_resume(self) -> None:
        self.refresh_client()

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        in_trash = self.client is not None and self.client.in_trash
        if action in ("edit", "delete", "services"):
            return not in_trash
        if action == "restore":
            return in_trash
        return super().check_action(action, parameters)

    def refresh_client(self) -> None:
        c = self.client = get_client(self.client_id)
        in_trash = _("in the trash")
        title = f"{c.code} · {c.legal_name}" + (f" · {in_trash}" if c.in_trash else "")
        self.query_one("#title", Static).update(literal(title))
        self.query_one("#identity", Static).update(identity(c))
        self.query_one("#addresses", Static).update(addresses_view(c))
        self.query_one("#map", Static).update(client_map(c))
        self.query_one("#contacts", Static).update(
            grid(
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
            )
        )
        fiscal = c.fiscal
        regimen, uso = fiscal_names(fiscal.regimen, fiscal.uso_cfdi) if fiscal else ("", "")
        self.query_one("#fiscal", Static).update(
            pairs(
                [
                    (_("Régimen fiscal"), regimen),
                    (_("Uso de CFDI"), uso),
                    (_("Postal code"), fiscal.postal_code),
                ]
            )
            if fiscal
            else Text(_("Nothing recorded."), style="italic")
        )
        tabs = self.query_one(TabbedContent)
        if c.server is None:  # the tab is there only for a client with server data
            tabs.hide_tab("tab-server")
        else:
            self.query_one("#server", Static).update(server_data(c.server))
            tabs.show_tab("tab-server")
        self.query_one("#services", Static).update(
            grid(
                [_("Service"), _("State"), _("Origin")],
                state_rows(service_states(c.id), everything=False),
            )
        )
        self.query_one("#custom", Static).update(custom_values(c))
        self.query_one(InventoryPanel).show(c)
        self.query_one(FilesPanel).show(c)
        self.query_one("#channels", Static).update(
            channels_view(c.id, mail_note(self.app.settings))
        )
        self.query_one("#history", Static).update(history_table(client_history(c.id)))
        self.query_one("#summary", Static).update(client_summary(c))
        self.refresh_bindings()

    def action_services(self) -> None:
        c = self.client
        if c is not None:
            title = _("Services of {code} · {name}").format(code=c.code, name=c.legal_name)
            self.app.push_screen(ClientServicesScreen(c.id, c.company_id, title))

    def action_edit(self) -> None:
        if self.client is not None:
            self.app.edit_client(self.client.id)

    def action_delete(self) -> None:
        if self.client is not None:
            self.app.delete_client(self.client, after=self.refresh_client)

    def action_restore(self) -> None:
        if self.client is not None:
            self.app.restore_client(self.client, after=self.refresh_client)

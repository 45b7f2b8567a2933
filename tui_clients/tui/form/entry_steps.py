"""Steps that hold several entries: contacts, addresses, servers.

Each entry is a group of fields with its own Remove button; ctrl+t (or the Add
button) adds one.  Field names carry the entry's position
("addresses[1].postal_code"), so errors land beside the right field.
"""

from __future__ import annotations

import re
from typing import ClassVar

from rich.text import Text
from textual.containers import Vertical
from textual.widgets import Button, Checkbox, Input, Select, Static

from tui_clients.domain.contact import email_key
from tui_clients.domain.entities import (
    ADDRESS_KINDS,
    AddressInput,
    ContactInput,
    ServerDataInput,
    ServerInput,
)
from tui_clients.domain.i18n import N_, _
from tui_clients.services.admin import catalogs
from tui_clients.services.registration.lookups import find_contact
from tui_clients.tui.form.steps import CHOOSE, Step
from tui_clients.tui.widgets.dialogs import ConfirmScreen
from tui_clients.tui.widgets.fields import (
    check_field,
    example,
    field_id,
    select_field,
    text_field,
    value_of,
)

KIND_LABELS = {"main": N_("main"), "billing": N_("billing"), "shipping": N_("shipping")}
REGION_LABELS = {"PE": N_("Department"), "CO": N_("Department"), "MX": N_("State")}
PROVINCE_LABELS = {"PE": N_("Province"), "CO": N_("Municipality"), "MX": N_("Municipality")}
EXAMPLE_COORDINATES = {
    "MX": "19.4326, -99.1332",
    "PE": "-12.0464, -77.0428",
    "CO": "4.7110, -74.0721",
}
DISTRICT_LABELS = {"PE": N_("District"), "CO": N_("Neighbourhood"), "MX": N_("Colonia")}


class EntriesStep(Step):
    """A step with a list of entries, each removable, and a way to add one."""

    prefix: ClassVar[str] = ""
    entry_title: ClassVar[str] = ""
    add_label: ClassVar[str] = ""

    def entries(self) -> list:
        return getattr(self.data, self.prefix)

    def new_entry(self):
        raise NotImplementedError

    def head_fields(self):
        return []

    def entry_fields(self, i: int, entry):
        raise NotImplementedError

    def store_head(self) -> None:
        """Write the fields above the entries."""

    def store_entry(self, i: int, entry) -> None:
        raise NotImplementedError

    def fields(self):
        yield from self.head_fields()
        for i, entry in enumerate(self.entries()):
            with Vertical(classes="entry", id=f"entry-{i}"):
                yield Static(Text(_(self.entry_title).format(n=i + 1)), classes="entry-title")
                yield from self.entry_fields(i, entry)
                yield Button(_("Remove"), id=f"remove-{i}", compact=True, classes="remove")
        yield Button(_(self.add_label) + " (ctrl+t)", id="add-entry", compact=True)

    def entry_name(self, i: int, field: str) -> str:
        return f"{self.prefix}[{i}].{field}"

    def entry_value(self, i: int, field: str) -> str:
        return self.value(self.entry_name(i, field))

    def _store(self) -> None:
        self.store_head()
        for i, entry in enumerate(self.entries()):
            self.store_entry(i, entry)

    async def add_entry(self) -> None:
        self.store()
        self.entries().append(self.new_entry())
        await self.recompose()
        last = self.query(".entry").last()
        last.query(Input).first().focus() if last.query(Input) else last.focus()
        self.scroll_to_widget(last)

    async def remove_entry(self, i: int) -> None:
        self.store()
        del self.entries()[i]
        await self.recompose()
        self.query_one("#add-entry").focus()

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        button = event.button.id or ""
        if button == "add-entry":
            event.stop()
            await self.add_entry()
        elif button.startswith("remove-"):
            event.stop()
            await self.remove_entry(int(button.removeprefix("remove-")))


class ContactsStep(EntriesStep):
    key = "contacts"
    prefix = "contacts"
    entry_title = N_("Contact {n}")
    add_label = N_("Add a contact")

    def new_entry(self) -> ContactInput:
        return ContactInput(is_primary=not self.data.contacts)

    def head_fields(self):
        text = _(
            "Contacts are unique in the registry: an e-mail that is already a contact "
            "links that contact."
        )
        yield Static(Text(text), classes="intro")

    def entry_fields(self, i: int, c: ContactInput):
        linked = email_key(c.email) in self.ctx.linked if c.email else False
        yield text_field(_("E-mail"), self.entry_name(i, "email"), c.email)
        for label, attr in (
            (_("First names"), "first_name"),
            (_("Last names"), "last_name"),
            (_("Phone"), "phone"),
        ):
            yield text_field(label, self.entry_name(i, attr), getattr(c, attr), disabled=linked)
        if linked:
            yield Static(
                Text(_("Linked to the registry's contact with this e-mail.")), classes="linked"
            )
        yield check_field(_("Primary contact"), self.entry_name(i, "is_primary"), c.is_primary)

    def store_entry(self, i: int, c: ContactInput) -> None:
        c.email = self.entry_value(i, "email")
        c.first_name = self.entry_value(i, "first_name")
        c.last_name = self.entry_value(i, "last_name")
        c.phone = self.entry_value(i, "phone")
        c.is_primary = self.entry_value(i, "is_primary") == "True"

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        """One primary contact: checking one unchecks the others."""
        if not event.value:
            return
        for box in self.query(Checkbox):
            if box is not event.checkbox and (box.id or "").endswith("is_primary"):
                box.value = False

    def unlinked_existing(self) -> int | None:
        """The first contact whose e-mail is the registry's but that is not linked to it."""
        self.store()
        for i, c in enumerate(self.data.contacts):
            key = email_key(c.email) if c.email.strip() else ""
            if key and key not in self.ctx.linked and find_contact(c.email) is not None:
                return i
        return None

    def on_input_blurred(self, event: Input.Blurred) -> None:
        match = re.fullmatch(r"contacts-(\d+)-email", event.input.id or "")
        if match:
            self.offer_link(int(match.group(1)))

    def offer_link(self, i: int) -> None:
        """Ask to link the registry's contact with this e-mail instead of making a twin."""
        self.store()
        contact = self.data.contacts[i]
        key = email_key(contact.email) if contact.email.strip() else ""
        found = find_contact(contact.email) if key and key not in self.ctx.linked else None
        if found is None or not self.is_attached or self.app.screen is not self.screen:
            return  # a dialog is up, or the operator left the form
        name = f"{found.first_name} {found.last_name}".strip() or found.email
        question = _(
            "{email} is already the registry's contact “{name}”. Link that contact to this client?"
        ).format(email=found.email, name=name)

        async def answered(link: bool | None) -> None:
            if link:
                self.ctx.linked[key] = found
                contact.email = found.email
                contact.first_name, contact.last_name = found.first_name, found.last_name
                contact.phone = found.phone
                await self.recompose()
                self.query_one("#" + field_id(self.entry_name(i, "is_primary"))).focus()
            else:
                contact.email = ""
                await self.recompose()
                self.query_one("#" + field_id(self.entry_name(i, "email"))).focus()
                self.notify(
                    _("Contacts are unique in the registry: type another e-mail."), markup=False
                )

        self.app.push_screen(ConfirmScreen(question), answered)


class AddressesStep(EntriesStep):
    key = "addresses"
    prefix = "addresses"
    entry_title = N_("Address {n}")
    add_label = N_("Add an address")

    def new_entry(self) -> AddressInput:
        kind = "main" if not self.data.addresses else "shipping"
        return AddressInput(
            kind=kind, country=self.data.document_country or self.ctx.default_country
        )

    def entry_fields(self, i: int, a: AddressInput):
        country = a.country or self.ctx.default_country
        kinds = [(_(KIND_LABELS[k]), k) for k in ADDRESS_KINDS]
        yield select_field(_("Kind"), self.entry_name(i, "kind"), kinds, a.kind, _(CHOOSE))
        yield select_field(
            _("Country"),
            self.entry_name(i, "country"),
            catalogs.choices("country"),
            country,
            _(CHOOSE),
        )
        yield select_field(
            _(REGION_LABELS.get(country, N_("Region"))),
            self.entry_name(i, "region"),
            catalogs.areas(country, 1),
            a.region,
            _(CHOOSE),
        )
        province = _(PROVINCE_LABELS.get(country, N_("Province")))
        district = _(DISTRICT_LABELS.get(country, N_("District")))
        if country == "PE":
            yield select_field(
                province,
                self.entry_name(i, "province"),
                catalogs.areas(country, 2, a.region),
                a.province,
                _(CHOOSE),
            )
            yield select_field(
                district,
                self.entry_name(i, "district"),
                catalogs.areas(country, 3, a.province),
                a.district,
                _(CHOOSE),
            )
        else:
            yield text_field(province, self.entry_name(i, "province"), a.province)
            yield text_field(district, self.entry_name(i, "district"), a.district)
        yield text_field(_("Postal code"), self.entry_name(i, "postal_code"), a.postal_code)
        yield text_field(_("Address"), self.entry_name(i, "line"), a.line)
        yield text_field(_("Detail (optional)"), self.entry_name(i, "detail"), a.detail)
        yield text_field(
            _("Latitude, longitude"),
            self.entry_name(i, "coordinates"),
            a.coordinates,
            placeholder=example(EXAMPLE_COORDINATES.get(country, "")),
        )

    def store_entry(self, i: int, a: AddressInput) -> None:
        for attr in (
            "kind",
            "country",
            "region",
            "province",
            "district",
            "postal_code",
            "line",
            "detail",
            "coordinates",
        ):
            setattr(a, attr, self.entry_value(i, attr))

    async def on_select_changed(self, event: Select.Changed) -> None:
        """A country, region or province changes the pickers below it."""
        match = re.fullmatch(r"addresses-(\d+)-(country|region|province)", event.select.id or "")
        if not match:
            return
        a = self.data.addresses[int(match.group(1))]
        part = match.group(2)
        if str(value_of(event.select)) == (getattr(a, part) or ""):
            return
        setattr(a, part, str(value_of(event.select)))
        below = ("region", "province", "district")
        for lower in below[below.index(part) + 1 :] if part != "country" else below:
            setattr(a, lower, "")
        await self.rebuild_keep(a)

    async def rebuild_keep(self, changed: AddressInput) -> None:
        """Compose again without re-reading the entry just changed (its lower parts are reset)."""
        for i, entry in enumerate(self.data.addresses):
            if entry is not changed:
                self.store_entry(i, entry)
        focused = self.app.focused.id if self.app.focused else None
        await self.recompose()
        if focused and self.query(f"#{focused}"):
            self.query_one(f"#{focused}").focus()


class ServerStep(EntriesStep):
    key = "server"
    prefix = "servers"
    entry_title = N_("Server {n}")
    add_label = N_("Add a server")
    HEAD = (
        ("gitlab_user", N_("GitLab user")),
        ("discord_user", N_("Discord user")),
        ("slack_channel", N_("Slack channel")),
        ("discord_channel", N_("Discord channel")),
    )

    @property
    def server(self) -> ServerDataInput:
        if self.data.server is None:
            self.data.server = ServerDataInput()
        return self.data.server

    def entries(self) -> list:
        return self.server.servers

    def new_entry(self) -> ServerInput:
        return ServerInput()

    def entry_name(self, i: int, field: str) -> str:
        return f"server.servers[{i}].{field}"

    def head_fields(self):
        for attr, label in self.HEAD:
            yield text_field(_(label), f"server.{attr}", getattr(self.server, attr))

    def entry_fields(self, i: int, s: ServerInput):
        yield text_field(_("Host"), self.entry_name(i, "host"), s.host)
        yield text_field(_("IP"), self.entry_name(i, "ip"), s.ip)
        yield text_field(_("User"), self.entry_name(i, "username"), s.username)
        keep = _("(stored; type to replace)") if s.server_id is not None else ""
        yield text_field(
            _("Password"),
            self.entry_name(i, "password"),
            s.password,
            password=True,
            placeholder=keep,
        )

    def store_head(self) -> None:
        for attr, _label in self.HEAD:
            setattr(self.server, attr, self.value(f"server.{attr}"))

    def store_entry(self, i: int, s: ServerInput) -> None:
        for attr in ("host", "ip", "username", "password"):
            setattr(s, attr, self.entry_value(i, attr))

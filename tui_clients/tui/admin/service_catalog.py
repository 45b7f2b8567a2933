"""The services catalog by keyboard (administrator): the services clients can have."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, DataTable, Footer, Header, Label, Static

from tui_clients.domain.errors import ValidationError
from tui_clients.domain.i18n import N_, _
from tui_clients.services.clients import client_services as service
from tui_clients.services.clients.client_services import ServiceDef
from tui_clients.tui.faults import faults_noted
from tui_clients.tui.widgets.fields import check_field, show_errors, text_field, value_of
from tui_clients.tui.widgets.tables import highlighted, refill


class ServiceCatalogScreen(Screen):
    """The services clients can have: n adds, Enter edits, a (de)activates."""

    BINDINGS: ClassVar = [
        Binding("escape", "app.pop_screen", N_("Back")),
        Binding("n", "new", N_("New service")),
        Binding("enter", "edit", N_("Edit"), show=False),
        Binding("a", "toggle", N_("Activate/deactivate")),
    ]
    DEFAULT_CSS = "ServiceCatalogScreen #catalog { height: 1fr; }"

    def __init__(self) -> None:
        super().__init__()
        self.services: list[ServiceDef] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(id="catalog", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = _("Services")
        table = self.query_one(DataTable)
        table.add_columns(_("Code"), _("Name"), _("State"), _("Description"))
        self.reload()
        table.focus()

    def reload(self) -> None:
        self.services = service.catalog()
        refill(
            self.query_one(DataTable),
            (
                (s.code, s.name, _("active") if s.active else _("inactive"), s.description)
                for s in self.services
            ),
        )

    @property
    def current(self) -> ServiceDef | None:
        return highlighted(self.query_one(DataTable), self.services)

    def action_new(self) -> None:
        self.app.push_screen(ServiceFormScreen(None), self.saved)

    def action_edit(self) -> None:
        if self.current is not None:
            self.app.push_screen(ServiceFormScreen(self.current), self.saved)

    def saved(self, code: str | None) -> None:
        """After the form: the catalog again, the cursor on the service just saved."""
        if code:
            self.reload()
            codes = [s.code for s in self.services]
            self.query_one(DataTable).move_cursor(row=codes.index(code))

    def on_data_table_row_selected(self, _event: DataTable.RowSelected) -> None:
        self.action_edit()

    def action_toggle(self) -> None:
        s = self.current
        if s is not None:
            with faults_noted(self.app):  # a full disk, a read-only database: said
                service.save_service(
                    ServiceDef(s.code, s.name, s.description, not s.active), new=False
                )
            self.reload()


class ServiceFormScreen(ModalScreen[str | None]):
    BINDINGS: ClassVar = [
        Binding("escape", "dismiss(None)", N_("Cancel")),
        Binding("ctrl+s", "save", N_("Save"), priority=True),
    ]

    def __init__(self, s: ServiceDef | None) -> None:
        super().__init__()
        self.new = s is None
        self.s = s or ServiceDef("", "")

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog wide"):
            yield Label(_("Service"), classes="title")
            code = text_field(_("Code"), "code", self.s.code)
            code.widget.disabled = not self.new  # a code never changes once made
            yield code
            yield text_field(_("Name"), "name", self.s.name)
            yield text_field(_("Description"), "description", self.s.description)
            yield check_field(_("Active"), "active", self.s.active)
            yield Static(id="form-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button(_("Save (ctrl+s)"), id="save", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#code" if self.new else "#name").focus()  # typing goes in at once

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()

    def action_save(self) -> None:
        def value(name: str):
            return value_of(self.query_one(f"#{name}"))

        s = ServiceDef(
            str(value("code")), str(value("name")), str(value("description")), bool(value("active"))
        )
        saved = None
        try:
            with faults_noted(self.app):  # a full disk, a read-only database: said
                saved = service.save_service(s, new=self.new)
        except ValidationError as exc:
            rest = show_errors(self, exc.errors)
            self.query_one("#form-error", Static).update(Text("\n".join(e.message() for e in rest)))
            return
        if saved is not None:  # else not saved: the form stays as typed, to save again
            self.dismiss(saved.code)

"""A client's services by keyboard: its own and those inherited from its company (the
catalog itself is the administrator's: ``tui/admin/service_catalog.py``)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import DataTable, Footer, Label, Static

from tui_clients.domain.i18n import N_, _
from tui_clients.services.clients import client_services as service
from tui_clients.services.clients.client_services import ServiceState
from tui_clients.tui.faults import faults_noted
from tui_clients.tui.widgets.dialogs import ConfirmScreen
from tui_clients.tui.widgets.tables import highlighted, refill


def origin_text(s: ServiceState) -> str:
    """Where a client's state of a service comes from, in words."""
    if s.own is None:
        return _("inherited from the company") if s.company is not None else ""
    if s.company is None:
        return _("own")
    company = _("active") if s.company else _("inactive")
    return _("own (company: {state})").format(state=company)


def state_rows(states: list[ServiceState], *, everything: bool) -> list[list[str]]:
    """Service, state, origin; ``everything``: also the services nothing sets for it."""
    return [
        [s.name, (_("active") if s.active else _("inactive")), origin_text(s)]
        for s in states
        if everything or s.own is not None or s.company is not None
    ]


class ClientServicesScreen(ModalScreen[bool]):
    """One client's services: a activates, x deactivates (both on the client itself),
    h goes back to what its company has, c sets or clears it on the company."""

    BINDINGS: ClassVar = [
        Binding("escape", "dismiss(True)", N_("Back")),
        Binding("a", "own(True)", N_("Activate")),
        Binding("x", "own(False)", N_("Deactivate")),
        Binding("h", "own(None)", N_("As the company")),
        Binding("c", "company", N_("On the company")),
    ]
    DEFAULT_CSS = """
    ClientServicesScreen > VerticalScroll { width: 76; height: auto; max-height: 22; }
    ClientServicesScreen DataTable { height: auto; max-height: 12; }
    """

    def __init__(self, client_id: int, company_id: int | None, title: str) -> None:
        super().__init__()
        self.client_id, self.company_id, self.title_text = client_id, company_id, title
        self.states: list[ServiceState] = []

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog"):
            yield Label(Text(self.title_text), classes="title")
            yield DataTable(id="services", cursor_type="row")
            yield Static(
                Text(
                    _(
                        "a activates and x deactivates it on this client; h leaves it "
                        "as the company has it; c sets it on the company (all its "
                        "clients)."
                    )
                ),
                classes="intro",
            )
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns(_("Service"), _("State"), _("Origin"))
        self.query_one(VerticalScroll).styles.width = 78  # the origin column whole at 80
        self.reload()
        table.focus()

    def reload(self) -> None:
        self.states = service.service_states(self.client_id)
        refill(self.query_one(DataTable), state_rows(self.states, everything=True))

    @property
    def current(self) -> ServiceState | None:
        return highlighted(self.query_one(DataTable), self.states)

    def action_own(self, own: bool | None) -> None:
        s = self.current
        if s is not None:
            with faults_noted(self.app):  # a full disk, a read-only database: said
                service.set_client_service(self.client_id, s.code, own)
            self.reload()

    def action_company(self) -> None:
        s = self.current
        if s is None:
            return
        if self.company_id is None:
            self.notify(_("This client belongs to no company."), markup=False)
            return
        active = None if s.company else True  # set it active, or clear it
        n = service.company_clients(self.company_id)
        question = (
            _(
                "Activate “{name}” on the company? Its clients ({n:,}) have it unless "
                "they set it themselves."
            )
            if active
            else _("Clear “{name}” on the company? Its clients ({n:,}) no longer inherit it.")
        )

        def answered(yes: bool | None) -> None:
            if yes:
                with faults_noted(self.app):  # a full disk, a read-only database: said
                    service.set_company_service(self.company_id, s.code, active)
                self.reload()

        self.app.push_screen(ConfirmScreen(question.format(name=s.name, n=n)), answered)

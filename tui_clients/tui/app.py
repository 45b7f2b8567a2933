"""The Textual application: screens and the actions they share.

The App is the only navigator: screens ask it to open other screens (see
``widgets/host.py``, the App as its screens know it), so no feature package imports
another one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import ClassVar
from weakref import WeakKeyDictionary

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette
from textual.notifications import SeverityLevel
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import HelpPanel, Input, TextArea
from textual.worker import Worker, WorkerState

from tui_clients.domain.gazetteer import gazetteer
from tui_clients.domain.i18n import N_, _, ngettext
from tui_clients.domain.text import printable
from tui_clients.services.clients.listing import ClientFilter
from tui_clients.services.clients.writing import StaleClientError, TrashError
from tui_clients.services.clients.writing import delete_client as delete_service
from tui_clients.services.clients.writing import purge_client as purge_service
from tui_clients.services.clients.writing import restore_client as restore_service
from tui_clients.services.dto import ClientDetail, ClientSummary
from tui_clients.services.geo import geocoding
from tui_clients.services.session import current_user
from tui_clients.services.settings import Settings
from tui_clients.tui.admin.channel_catalog import ChannelCatalogScreen
from tui_clients.tui.admin.custom_fields import CustomFieldsScreen
from tui_clients.tui.admin.dashboard import DashboardScreen
from tui_clients.tui.admin.service_catalog import ServiceCatalogScreen
from tui_clients.tui.background.geocode import (
    AddressesPlaced,
    GeocodeEnded,
    GeocodeProgressed,
    GeocodeRunner,
)
from tui_clients.tui.background.imports import (
    CLIENTS,
    ImportEnded,
    ImportProgressed,
    ImportRuns,
    shows,
)
from tui_clients.tui.background.outbox import InvitationsDelivered, OutboxRunner, OutboxSent
from tui_clients.tui.clients.list_screen import ClientListScreen
from tui_clients.tui.clients.map_screen import SearchMapScreen
from tui_clients.tui.clients.screens import ClientsScreen, TrashScreen
from tui_clients.tui.commands import SYSTEM_COMMANDS, ClientCommands, Palette
from tui_clients.tui.faults import faults_noted
from tui_clients.tui.form.edit import EditScreen
from tui_clients.tui.form.wizard import WizardScreen
from tui_clients.tui.imports.inventory import InventoryImportScreen
from tui_clients.tui.imports.jobs import ImportJobsScreen
from tui_clients.tui.imports.screen import ImportScreen
from tui_clients.tui.profile.screen import ProfileReady, ProfileScreen, read_profile
from tui_clients.tui.textual_words import translate_keys
from tui_clients.tui.widgets.dialogs import ConfirmScreen, ExplicitConfirmScreen
from tui_clients.tui.widgets.host import ClientsHost


class ClientsApp(ClientsHost):
    TITLE = "tui-clients"
    CSS_PATH = Path(__file__).with_name("app.tcss")
    COMMANDS: ClassVar = App.COMMANDS | {ClientCommands}
    BINDINGS: ClassVar = [
        Binding("question_mark", "toggle_keys", N_("Keys"), show=False),  # 80 columns: ^p lists all
        Binding("q", "quit", N_("Quit")),
        Binding(
            "ctrl+q",
            "quit_anywhere",
            N_("Quit"),
            tooltip=N_("Quit the app and return to the command prompt."),
            show=False,
            priority=True,
        ),
        Binding("ctrl+p", "command_palette", N_("Commands"), show=False),
        # the App moves focus before it hands on the next key typed ahead (TypeAhead)
        Binding("tab", "focus_next", N_("Next field"), show=False, priority=True),
        Binding("shift+tab", "focus_previous", N_("Previous field"), show=False, priority=True),
    ]

    def __init__(self, settings: Settings, notes: list[str] | None = None):
        self._typed_at_start: WeakKeyDictionary[Widget, str] = WeakKeyDictionary()
        self._asking_to_quit = False
        super().__init__()
        translate_keys(self)  # in the language chosen at start-up (see textual_words)
        self.settings = settings
        self.notes = notes or []  # what the database's upgrade found for the operator
        geocoding.use_settings(settings)
        self.geocoder = GeocodeRunner(self)
        self.imports = ImportRuns(self, self.geocoder)  # the imports' runs live here
        self.outbox = OutboxRunner(self)  # due invitations are sent every minute

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every notification, whoever sends it: control characters shown escaped (a file
        name, a column name or an error read from a file says what it holds, never acts
        on the terminal).  Callers pass ``markup=False`` for untrusted text."""
        super().notify(
            printable(message, keep="\n"),
            title=printable(title),
            severity=severity,
            timeout=timeout,
            markup=markup,
        )

    def get_system_commands(self, screen) -> Iterable[SystemCommand]:
        for command in super().get_system_commands(screen):
            if command.title in SYSTEM_COMMANDS:
                title, help_text = SYSTEM_COMMANDS[command.title]
                yield SystemCommand(_(title), _(help_text), command.callback, command.discover)

    def geocode_later(self, client_id: int) -> None:
        """With an online geocoder (Nominatim), a saved client's addresses without
        coordinates are placed in a background thread; the offline one placed them already."""
        if not geocoding.online():
            return

        def work() -> None:
            self.post_message(
                AddressesPlaced(client_id, geocoding.fill_missing([client_id]).placed)
            )

        self.run_worker(
            work,
            thread=True,
            group="geocode",
            exit_on_error=False,
            description=f"place the addresses of client {client_id}",
        )

    def action_import_clients(self) -> None:
        if not isinstance(self.screen, ImportScreen):
            self.push_screen(ImportScreen(self.imports))

    def action_import_inventory(self) -> None:
        if not isinstance(self.screen, InventoryImportScreen):
            self.push_screen(InventoryImportScreen(self.imports))

    def action_import_jobs(self) -> None:
        self.push_screen(ImportJobsScreen())

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A worker that failed without saying so (its own messages say the expected
        failures): the operator is told, and the app goes on."""
        if event.state == WorkerState.ERROR:
            if event.worker.group == "profile-open":
                self.release_keys()  # held for the profile that could not be read
            error = event.worker.error
            self.notify(
                _("A background task failed: {error}").format(
                    error=str(error) or type(error).__name__
                ),
                severity="error",
                markup=False,
                timeout=15,
            )

    # --- what the background workers post (recorded, then shown where it is open) ------

    def on_import_progressed(self, message: ImportProgressed) -> None:
        self.imports.progressed(message)
        self._forward(message.kind, message)

    def on_import_ended(self, message: ImportEnded) -> None:
        self.imports.ended(message)
        self._forward(message.kind, message)

    def on_geocode_progressed(self, message: GeocodeProgressed) -> None:
        self.geocoder.progressed(message)
        self._forward(CLIENTS, message)  # the client import screen shows it

    def on_geocode_ended(self, message: GeocodeEnded) -> None:
        self.geocoder.ended(message)
        self._forward(CLIENTS, message)

    def on_addresses_placed(self, message: AddressesPlaced) -> None:
        if message.placed:
            self.notify(
                _("Addresses placed on the map: {n}.").format(n=message.placed), markup=False
            )

    def on_outbox_sent(self, message: OutboxSent) -> None:
        self.outbox.sent(message)

    def deliver_invitations(self, client_id: int) -> None:
        self.outbox.deliver_for(client_id)

    def on_invitations_delivered(self, message: InvitationsDelivered) -> None:
        self.outbox.delivered(message)
        self.screen.post_message(message.again())  # the Channels tab in front shows them

    def _forward(
        self, kind: str, message: ImportProgressed | ImportEnded | GeocodeProgressed | GeocodeEnded
    ) -> None:
        """To the open import screens of this kind (the one in front, or under a dialog);
        a screen opened later reads the run the App recorded."""
        for screen in self.screen_stack:
            if shows(screen, kind):
                screen.post_message(message.again())

    def on_unmount(self) -> None:
        self.imports.stop_all()  # quitting: an import stops after its current batch
        self.geocoder.stop()

    def action_service_catalog(self) -> None:
        self.push_screen(ServiceCatalogScreen())

    def action_custom_fields(self) -> None:
        self.push_screen(CustomFieldsScreen())

    def action_place_addresses(self) -> None:
        """Place the addresses without coordinates, in the background."""
        if self.geocoder.running:
            self.notify(_("Addresses are being placed already."), markup=False)
        elif not geocoding.missing_count():
            self.notify(_("Every address has been placed already."), markup=False)
        else:
            self.geocoder.start()
            total = self.geocoder.state.total
            self.notify(
                ngettext(
                    "Placing {n:,} address on the map in the background; the import "
                    "screen (i) shows how far it is.",
                    "Placing {n:,} addresses on the map in the background; the import "
                    "screen (i) shows how far it is.",
                    total,
                ).format(n=total),
                markup=False,
            )

    def on_mount(self) -> None:
        self.sub_title = _("Clients")
        self.push_screen(ClientsScreen())
        for note in self.notes:
            self.notify(
                note, title=_("Database upgraded"), severity="warning", timeout=30, markup=False
            )
        self.offer_draft()
        self.outbox.start()
        # the gazetteer (0.5 s to read) is read now, off the UI thread: a profile's nearest
        # place and the places of a client registered later do not wait for it
        self.run_worker(gazetteer, thread=True, exit_on_error=False, description="gazetteer")

    def offer_draft(self) -> None:
        """An unfinished registration (the link dropped, the app closed) is offered again."""
        from tui_clients.services.registration.lookups import discard_draft, load_draft

        user = current_user()
        draft = load_draft(user)
        if draft is None:
            return
        data, step = draft

        def answered(resume: bool | None) -> None:
            if resume:
                self.push_screen(WizardScreen(data, step))
                if data.server and data.server.servers:
                    self.notify(
                        _("Drafts do not keep passwords: type them again in Server data."),
                        markup=False,
                        timeout=10,
                    )
            else:
                discard_draft(user)

        name = data.legal_name or f"{data.first_name} {data.last_name}".strip() or "—"
        question = _(
            "You have an unfinished registration (“{name}”). Go on with it? No discards it."
        ).format(name=name)
        self.push_screen(ConfirmScreen(question), answered)

    def action_command_palette(self) -> None:
        """The command palette, asking in the interface's language."""
        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(
                Palette(placeholder=_("Search for a command…"), id="--command-palette")
            )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """q is a letter in a form (a wizard, an edit, a dialog): ctrl+q quits there."""
        return not (action == "quit" and getattr(self.screen, "HOLDS_TYPING", False))

    def _register(self, parent, *widgets, **kwargs):
        """Each widget's keys in the operator's language as it joins a screen (a module
        imported before the language was chosen has not fixed them), and what each text
        field showed at first (quitting asks when it changed)."""
        for widget in widgets:
            if widget not in self._registry:
                translate_keys(widget)
                if isinstance(widget, Input | TextArea):
                    self._typed_at_start.setdefault(widget, _typed(widget))
        return super()._register(parent, *widgets, **kwargs)

    async def action_quit(self) -> None:
        """q and ctrl+q: quit at once, unless work would be lost (an import or an export
        running, a form or a dialog with something typed): then ask first."""
        if self._asking_to_quit:
            return
        reasons = self._quit_would_lose()
        if not reasons:
            self.exit()
            return

        def answered(yes: bool | None) -> None:
            self._asking_to_quit = False
            if yes:
                self.exit()

        self._asking_to_quit = True
        question = _("Quit tui-clients? {reasons}").format(reasons=" ".join(reasons))
        self.push_screen(ConfirmScreen(question, danger=True), answered)

    async def action_quit_anywhere(self) -> None:
        """ctrl+q, in a form too."""
        await self.action_quit()

    def action_help_quit(self) -> None:
        """ctrl+c copies in a text field; elsewhere it says how to quit."""
        self.notify(
            _("Press ctrl+q to quit (or q outside a text field)."),
            title=_("Do you want to quit?"),
            markup=False,
        )

    def _quit_would_lose(self) -> list[str]:
        """What quitting now would lose, one sentence each."""
        reasons = []
        if any(self.imports.running(kind) for kind in list(self.imports.runs)):
            reasons.append(_("An import is running: it stops after its current batch."))
        if any(
            "export" in (w.group or "")  # the list's export (list-export), and any other
            and w.state in (WorkerState.PENDING, WorkerState.RUNNING)
            for w in self.workers
        ):
            reasons.append(_("An export is running: its file would be left unfinished."))
        if any(self._unsaved(screen) for screen in self.screen_stack):
            reasons.append(_("What you typed in the form has not been saved."))
        return reasons

    def _unsaved(self, screen) -> bool:
        """A form says whether it holds unsaved input (``has_unsaved_input``); any other
        screen does when one of its text fields differs from what it showed at first."""
        ask = getattr(screen, "has_unsaved_input", None)
        if ask is not None:
            return bool(ask())
        if isinstance(screen, CommandPalette) or not (
            isinstance(screen, ModalScreen) or getattr(screen, "HOLDS_TYPING", False)
        ):
            return False  # a list's search box, the palette's: not a form
        return any(
            _typed(field) != self._typed_at_start.get(field, _typed(field))
            for field in screen.query("Input, TextArea")
        )

    def action_toggle_keys(self) -> None:
        """? shows the keys of the screen, and hides them again."""
        if self.screen.query(HelpPanel):
            self.action_hide_help_panel()
        else:
            self.action_show_help_panel()

    def action_dashboard(self) -> None:
        if not isinstance(self.screen, DashboardScreen):
            self.push_screen(DashboardScreen())

    def action_trash(self) -> None:
        if not isinstance(self.screen, TrashScreen):
            self.push_screen(TrashScreen())

    def action_channel_catalog(self) -> None:
        self.push_screen(ChannelCatalogScreen())

    # --- the screens that screens ask for (ClientsHost) -------------------------------

    def new_client(self) -> None:
        self.push_screen(WizardScreen())

    def open_profile(self, client_id: int, *, instead: bool = False) -> None:
        """The client is read in a worker, then its profile is shown whole (never
        painted empty first); the keys typed meanwhile wait for it."""

        def read() -> None:
            self.post_message(ProfileReady(read_profile(client_id, self.settings), instead))

        self.hold_keys()
        self.run_worker(
            read,
            thread=True,
            group="profile-open",
            exit_on_error=False,
            description=f"read client {client_id}",
        )

    def on_profile_ready(self, message) -> None:
        screen = ProfileScreen(message.read.client.id, message.read)
        try:
            self.switch_screen(screen) if message.instead else self.push_screen(screen)
        finally:
            self.release_keys()

    def open_search_map(self, where: ClientFilter) -> None:
        self.push_screen(SearchMapScreen(where))

    def edit_client(self, client_id: int) -> None:
        self.push_screen(EditScreen(client_id))

    def clients_changed(self) -> None:
        if isinstance(self.screen, ClientListScreen):
            self.screen.reload()

    # --- actions several screens share ------------------------------------------------

    def delete_client(
        self, client: ClientSummary | ClientDetail, *, after: Callable[[], None]
    ) -> None:
        def answered(yes: bool | None) -> None:
            if not yes:
                return
            try:
                version = getattr(client, "version", None)
                with faults_noted(self):
                    delete_service(client.id, expected_version=version)
                    self.notify(
                        _("{code} moved to the trash (t to see it).").format(code=client.code),
                        markup=False,
                    )
            except (StaleClientError, TrashError) as exc:
                self.notify(str(exc), severity="error", markup=False)
            after()

        question = _("Move {code} “{name}” to the trash? It can be restored.").format(
            code=client.code, name=client.legal_name
        )
        self.push_screen(ConfirmScreen(question), answered)

    def restore_client(
        self, client: ClientSummary | ClientDetail, *, after: Callable[[], None]
    ) -> None:
        try:
            with faults_noted(self):
                restore_service(client.id)
                self.notify(_("{code} restored.").format(code=client.code), markup=False)
        except TrashError as exc:
            self.notify(str(exc), severity="error", markup=False)
        after()

    def purge_client(self, client: ClientSummary, *, after: Callable[[], None]) -> None:
        def answered(yes: bool | None) -> None:
            if yes:
                try:
                    with faults_noted(self):
                        purge_service(client.id)
                        self.notify(_("{code} purged.").format(code=client.code), markup=False)
                except TrashError as exc:
                    self.notify(str(exc), severity="error", markup=False)
                after()

        question = _(
            "Purge {code} “{name}” for good? Its history goes too; this cannot be undone."
        ).format(code=client.code, name=client.legal_name)
        self.push_screen(ExplicitConfirmScreen(question, _("Purge for good")), answered)


def _typed(field: Input | TextArea) -> str:
    return field.text if isinstance(field, TextArea) else field.value

"""The registration wizard: company type → category → identity → contacts → … → finish.

The steps between contacts and the summary come from the catalogs (see
domain/wizard.py); this screen walks them.  Next checks the step through the
services and shows each error beside its field (a check reads the registry, so it runs
in a worker, as Finish's registration does; the keys typed meanwhile wait for the next
step's first field); Back keeps what was typed; the draft is saved as the operator goes,
so a dropped link loses nothing.
"""

from __future__ import annotations

import copy
from typing import ClassVar

from rich.text import Text
from textual import getters, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Footer, Header, Input, Label, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState, get_current_worker

from tui_clients.domain.documents import document_label
from tui_clients.domain.entities import ClientInput
from tui_clients.domain.errors import FieldError, ValidationError
from tui_clients.domain.i18n import N_, _, ngettext
from tui_clients.domain.text import printable
from tui_clients.domain.wizard import FINISH, errors_for, step_of
from tui_clients.services.clients.writing import create_client
from tui_clients.services.faults import storage_fault
from tui_clients.services.registration import lookups as registration
from tui_clients.services.registration.lookups import CompanyRecord
from tui_clients.services.session import current_user
from tui_clients.tui.faults import say_fault
from tui_clients.tui.form.custom_step import CustomFieldsStep
from tui_clients.tui.form.entry_steps import AddressesStep, ContactsStep, EntriesStep, ServerStep
from tui_clients.tui.form.steps import (
    STEP_TITLES,
    CategoryStep,
    CompanyTypeStep,
    FiscalStep,
    IdentityStep,
    OtherStep,
    Step,
    StepContext,
    kept_warnings,
)
from tui_clients.tui.form.summary import SummaryStep
from tui_clients.tui.widgets.dialogs import ConfirmScreen
from tui_clients.tui.widgets.fields import focus_first_error
from tui_clients.tui.widgets.host import ClientsHost

STEP_CLASSES: dict[str, type[Step]] = {
    cls.key: cls
    for cls in (
        CompanyTypeStep,
        CategoryStep,
        IdentityStep,
        ContactsStep,
        AddressesStep,
        FiscalStep,
        OtherStep,
        ServerStep,
        CustomFieldsStep,
        SummaryStep,
    )
}
AUTOSAVE_SECONDS = 2.0


def step_trail(steps: list[str], current: str) -> Text:
    """'Step 3 of 7 · Identity' and a line of numbered boxes: done, current, to come."""
    n = steps.index(current)
    text = Text()
    text.append(
        _("Step {n} of {total} · {title}").format(
            n=n + 1, total=len(steps), title=_(STEP_TITLES[current])
        ),
        style="bold",
    )
    if n + 1 < len(steps):
        text.append(
            "   " + _("next: {title}").format(title=_(STEP_TITLES[steps[n + 1]])), style="dim"
        )
    text.append("\n")
    for i, _step in enumerate(steps):
        style = "reverse bold" if i == n else ("green" if i < n else "dim")
        text.append(f" {'✓' if i < n else i + 1} ", style=style)
        text.append(" ")
    return text


class WizardScreen(Screen):
    """ctrl+n Next, ctrl+b Back, ctrl+f Finish (last step), Escape Cancel."""

    HOLDS_TYPING = True  # q is not quit here
    app = getters.app(ClientsHost)

    BINDINGS: ClassVar = [
        # priority: the step changes before the keys typed behind them are handed on
        Binding("ctrl+n", "next", N_("Next"), priority=True),
        Binding("ctrl+b", "back", N_("Back"), priority=True),
        Binding("ctrl+f", "finish", N_("Finish"), priority=True),
        Binding("escape", "cancel", N_("Cancel")),
        Binding("ctrl+t", "add_entry", N_("Add"), show=False, priority=True),
        Binding("ctrl+o", "from_company", N_("From a company"), show=False, priority=True),
        Binding("pagedown", "scroll_step(1)", show=False),  # a long summary, by keyboard
        Binding("pageup", "scroll_step(-1)", show=False),
    ]

    def __init__(self, data: ClientInput | None = None, step: str = "company_type") -> None:
        super().__init__()
        self.ctx = StepContext(data or ClientInput(company_type=""), [], "MX")
        self.first_step = step
        self.user = current_user()
        self._finishing = False  # Finish's registration is running

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="indicator")
        yield Container(id="step-host")
        with Horizontal(id="wizard-buttons"):
            yield Button("‹ " + _("Back"), id="back", compact=True)
            yield Button(_("Cancel"), id="cancel", compact=True)
            yield Button(_("Next") + " ›", id="next", variant="primary", compact=True)
            yield Button(_("Finish"), id="finish", variant="success", compact=True)
        yield Footer()

    async def on_mount(self) -> None:
        self.sub_title = _("New client")
        self.ctx.default_country = self.app.settings.default_country
        self._replan()
        start = self.first_step if self.first_step in self.ctx.steps else self.ctx.steps[0]
        await self.show_step(start)

    # --- the steps --------------------------------------------------------------------

    @property
    def step(self) -> Step:
        return self.query_one(".step", Step)

    def _replan(self) -> None:
        d = self.ctx.data
        self.ctx.steps = registration.wizard_plan(d.company_type, d.category)

    async def show_step(self, key: str, errors: list[FieldError] | None = None) -> None:
        """The step ``key`` in place of the one on screen, in one frame: nothing is
        painted between the old step's removal and the new one focused (no blank frame,
        and one layout instead of one per widget mounted)."""
        host = self.query_one("#step-host")
        self.app.clear_notifications()  # the last step's complaints are settled
        with self.app.batch_update():
            await host.remove_children()
            step = STEP_CLASSES[key](self.ctx)
            await host.mount(step)
            self._show_position()
            if errors:
                self._show_errors(errors)
            else:
                focusable = [
                    w for w in step.query("Input, Select, Checkbox, Button") if w.focusable
                ]
                (focusable[0] if focusable else step).focus()

    def _show_position(self) -> None:
        key = self.step.key
        steps = self.ctx.steps
        self.query_one("#indicator", Static).update(step_trail(steps, key))
        self.query_one("#back", Button).disabled = key == steps[0]
        self.query_one("#next", Button).disabled = key == FINISH
        self.query_one("#finish", Button).disabled = key != FINISH

    def _show_errors(self, errors: list[FieldError]) -> None:
        self.step.show_errors(errors)
        focus_first_error(self.step)  # the first field in error on screen, not in the list
        self.notify(
            ngettext(
                "{n} problem to fix on this step.", "{n} problems to fix on this step.", len(errors)
            ).format(n=len(errors)),
            severity="error",
            markup=False,
        )

    async def on_step_plan_changed(self, _event: Step.PlanChanged) -> None:
        self._replan()
        if isinstance(self.step, CategoryStep):
            await self.step.recompose()  # its note lists the steps to come
        self._show_position()

    # --- navigation -------------------------------------------------------------------

    async def action_next(self) -> None:
        """On to the next step; the keys typed meanwhile wait for its first field."""
        self.app.hold_keys()
        checking = False
        try:
            checking = await self._next()
        finally:
            if not checking:
                self.app.release_keys()

    async def _next(self) -> bool:
        """Check the step and go on; True while a check runs in a worker (its answer,
        ``StepChecked``, goes on and hands on the keys held meanwhile)."""
        step = self.step
        if step.key == FINISH:
            return False
        step.store()
        if isinstance(step, ContactsStep):
            pending = step.unlinked_existing()
            if pending is not None:
                step.offer_link(pending)
                return False
        # the check reads the registry and the catalogs (the identity step asks whether the
        # document is a client's already): off the UI thread, as the draft's saving
        self._check_step(
            step.key,
            copy.deepcopy(self.ctx.data),
            list(self.ctx.steps),
            self.ctx.default_country,
        )
        return True

    async def _checked(self, key: str, errors: list[FieldError]) -> None:
        """The step ``key`` was checked: its errors shown there, or on to the next step."""
        if errors:
            self._show_errors(errors)
            self._offer_existing(errors)
            return
        # kept, but said: an RFC whose check digit fails, a phone typed in an old format…
        kept = kept_warnings(self.ctx.data, self.ctx.default_country)
        for warning in errors_for(key, kept, self.ctx.steps):
            self.notify(warning.message(), severity="warning", markup=False, timeout=12)
        steps = self.ctx.steps
        await self.show_step(steps[steps.index(key) + 1])

    @work(
        thread=True,
        exclusive=True,
        group="wizard-check",
        exit_on_error=False,
        description="step check",
    )
    def _check_step(self, key: str, data: ClientInput, steps: list[str], country: str) -> None:
        errors = registration.check_step(data, key, steps, default_country=country)
        if not errors:  # the draft as it leaves the step
            registration.save_draft(self.user, data, key)
        if not get_current_worker().is_cancelled:
            self.post_message(self.StepChecked(key, data, errors))

    class StepChecked(Message):
        """A step's check (run in a worker) ended with these errors (none: it may be left)."""

        def __init__(self, step: str, data: ClientInput, errors: list[FieldError]) -> None:
            super().__init__()
            self.step = step
            self.data = data
            self.errors = errors

    async def on_wizard_screen_step_checked(self, message: StepChecked) -> None:
        """The step's check answered: go on (or show its errors), then hand on the
        keys typed meanwhile; Next again if what it checked was changed since."""
        try:
            if self.query(".step") and self.step.key == message.step:
                self.step.store()
                if self.ctx.data != message.data:  # typed on while it was checked: again
                    await self.run_action("next")  # (it holds the keys on its own)
                else:
                    await self._checked(message.step, message.errors)
        finally:
            self.app.release_keys()  # the hold of the Next that started this check

    async def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A check failed (a locked or missing database): said, and the wizard goes on."""
        if event.state == WorkerState.ERROR:
            self._finishing = False
            self.app.release_keys()
            error = event.worker.error
            self.notify(
                _("A background task failed: {error}").format(
                    error=str(error) or type(error).__name__
                ),
                severity="error",
                markup=False,
            )

    async def action_back(self) -> None:
        step = self.step
        steps = self.ctx.steps
        if step.key == steps[0]:
            return
        step.store()
        self._save_draft()
        await self.show_step(steps[steps.index(step.key) - 1])

    def _offer_existing(self, errors: list[FieldError]) -> None:
        """A document that is already a client's: offer to open that client."""
        dup = next((e for e in errors if e.code == "duplicate" and "client_id" in e.params), None)
        if dup is None:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.app.open_profile(dup.params["client_id"])

        question = dup.message() + "\n\n" + _("Open that client? (this registration stays here)")
        self.app.push_screen(ConfirmScreen(question), answered)

    async def action_finish(self) -> None:
        if self.step.key != FINISH:
            self.notify(_("Finish is on the last step; Next (ctrl+n) goes on."), markup=False)
            return
        if self._finishing:
            return
        self._finishing = True
        self.app.hold_keys()  # until the profile is shown, or the refusal
        self._register(copy.deepcopy(self.ctx.data), self.ctx.default_country)

    @work(
        thread=True,
        exclusive=True,
        group="wizard-finish",
        exit_on_error=False,
        description="register the client",
    )
    def _register(self, data: ClientInput, country: str) -> None:
        """The registration, off the UI thread (it checks, writes and places addresses)."""
        try:
            client = create_client(data, default_country=country, user=self.user)
        except ValidationError as exc:
            self.post_message(self.Finished(None, exc.errors))
            return
        except Exception as exc:  # a full disk, a read-only database, a lost server
            fault = storage_fault(exc)
            if fault is None:
                raise
            self.post_message(self.Finished(None, [], fault))
            return
        registration.discard_draft(self.user)
        self.post_message(self.Finished(client, []))

    class Finished(Message):
        """Finish's registration ended: the client registered, or the errors refusing it,
        or the storage fault that kept it from being written."""

        def __init__(self, client, errors: list[FieldError], fault=None) -> None:
            super().__init__()
            self.client = client
            self.errors = errors
            self.fault = fault

    async def on_wizard_screen_finished(self, message: Finished) -> None:
        self._finishing = False
        try:
            client = message.client
            if message.fault is not None:  # nothing was written; the wizard stays as typed
                say_fault(self.app, message.fault)
                return
            if client is None:
                steps = self.ctx.steps
                errors = message.errors
                first = next(
                    (step_of(e.field, steps) for e in errors if step_of(e.field, steps)),
                    steps[0],
                )
                errors = [e for e in errors if step_of(e.field, steps) == first] or errors
                await self.show_step(first, errors)
                self._offer_existing(errors)
                return
            self.app.geocode_later(client.id)
            self.notify(
                _("{code} “{name}” registered.").format(code=client.code, name=client.legal_name),
                markup=False,
            )
            self.app.open_profile(client.id, instead=True)
        finally:
            self.app.release_keys()

    def action_scroll_step(self, direction: int) -> None:
        step = self.step
        step.scroll_page_down() if direction > 0 else step.scroll_page_up()

    def has_unsaved_input(self) -> bool:
        """Something was entered (quitting the app asks first, as Escape does)."""
        self.step.store()
        return not (self.ctx.data == ClientInput(company_type="") and self.ctx.company is None)

    def action_cancel(self) -> None:
        """Leave without registering; asks first when something was entered."""
        if not self.has_unsaved_input():
            registration.discard_draft(self.user)
            self.app.pop_screen()
            return

        def answered(yes: bool | None) -> None:
            if yes:
                registration.discard_draft(self.user)
                self.app.pop_screen()

        question = _("Cancel this registration? What you entered is discarded.")
        self.app.push_screen(ConfirmScreen(question, danger=True), answered)

    async def action_add_entry(self) -> None:
        if isinstance(self.step, EntriesStep):
            await self.step.add_entry()

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        actions = {
            "back": "back",
            "cancel": "cancel",
            "next": "next",
            "finish": "finish",
            "from-company": "from_company",
        }
        if event.button.id in actions:
            event.stop()
            await self.run_action(actions[event.button.id])

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter moves on to the next field, like Tab."""
        event.stop()
        self.focus_next()

    # --- drafts -----------------------------------------------------------------------

    def on_input_changed(self, _event: Input.Changed) -> None:
        if hasattr(self, "_autosave"):
            self._autosave.stop()
        self._autosave = self.set_timer(AUTOSAVE_SECONDS, self._autosave_now)

    def _autosave_now(self) -> None:
        if self.is_attached and self.query(".step"):
            self.step.store()
            self._save_draft()

    def _save_draft(self) -> None:
        registration.save_draft(self.user, self.ctx.data, self.step.key)

    # --- from an existing company ----------------------------------------------------

    def action_from_company(self) -> None:
        if self.step.key != "company_type":
            return

        async def chosen(company: CompanyRecord | None) -> None:
            if company is None:
                return
            if company.client_id is not None:
                self._offer_client_of(company)
                return
            self.step.store()
            d = self.ctx.data
            # a company without a type (an import's) keeps the one chosen here, or asks it
            filled = registration.client_from_company(company, company_type=d.company_type)
            for attr in (
                "person_kind",
                "company_type",
                "document_country",
                "document_type",
                "document_number",
                "legal_name",
                "trade_name",
                "company_id",
            ):
                setattr(d, attr, getattr(filled, attr))
            self.ctx.company = company
            self._replan()
            await self.step.recompose()
            self._show_position()

        self.app.push_screen(CompanyPickerScreen(), chosen)

    def _offer_client_of(self, company: CompanyRecord) -> None:
        """A company that is a client already (same document): open it rather than a twin."""

        client_id = company.client_id

        def answered(yes: bool | None) -> None:
            if yes and client_id is not None:
                self.app.open_profile(client_id)

        question = _(
            "“{name}” is already client {code}, with the same document. Open it? "
            "(this registration stays here)"
        ).format(name=company.legal_name, code=company.client_code)
        self.app.push_screen(ConfirmScreen(question), answered)


class CompanyPickerScreen(ModalScreen[CompanyRecord | None]):
    """Type part of a registered company's name or document; Enter picks it."""

    BINDINGS: ClassVar = [Binding("escape", "dismiss(None)", N_("Cancel"))]

    def __init__(self) -> None:
        super().__init__()
        self.found: list[CompanyRecord] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label(_("From an existing company"), classes="title")
            yield Input(placeholder=_("Name or document…"), id="company-search")
            yield OptionList(id="companies")
            yield Static(id="companies-count", classes="hint")

    def on_mount(self) -> None:
        self.query_one("#company-search", Input).focus()
        self._search("")

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._search(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if len(self.found) == 1:
            self.dismiss(self.found[0])
        elif self.found:
            self.query_one(OptionList).focus()

    @work(
        thread=True,
        exclusive=True,
        group="companies",
        exit_on_error=False,
        description="company search",
    )
    def _search(self, text: str) -> None:
        found = registration.search_companies(text)
        if not get_current_worker().is_cancelled:
            self.post_message(self.CompaniesFound(found))

    class CompaniesFound(Message):
        """The search worker found these companies."""

        def __init__(self, found: list[CompanyRecord]) -> None:
            super().__init__()
            self.found = found

    def on_company_picker_screen_companies_found(self, message: CompaniesFound) -> None:
        self._show(message.found)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The search failed (a locked or missing database): said, and the form goes on."""
        if event.state == WorkerState.ERROR:
            error = event.worker.error
            self.notify(
                _("A background task failed: {error}").format(
                    error=str(error) or type(error).__name__
                ),
                severity="error",
                markup=False,
            )

    def _show(self, found: list[CompanyRecord]) -> None:
        self.found = found
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options([Option(self._line(c)) for c in found])
        if found:
            options.highlighted = 0
        many = ngettext("{n} company", "{n} companies", len(found))
        count = many.format(n=len(found)) if found else _("No company matches.")
        self.query_one("#companies-count", Static).update(Text(count))

    @staticmethod
    def _line(c: CompanyRecord) -> Text:
        line = Text(
            printable(f"{c.legal_name} · {document_label(c.document_type, c.document_number)}")
        )
        if c.client_code:
            line.append(
                " · " + _("client {code}").format(code=printable(c.client_code)), style="dim"
            )
        return line

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.found[event.option_index])

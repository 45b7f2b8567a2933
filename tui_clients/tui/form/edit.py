"""Editing a client: the wizard's steps as tabs, errors shown beside each field.

The same step widgets and the same validation as the registration wizard (one
rule in one place).  The company type is a tab too: a client entered as the wrong
kind (a person imported as a persona moral) is corrected here, and the identity
and fiscal tabs follow the new kind.  An edit of a client that another operator
changed meanwhile is refused and the form reloads.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace
from typing import ClassVar

from rich.text import Text
from textual import getters
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Static, TabbedContent, TabPane

from tui_clients.domain.contact import email_key
from tui_clients.domain.dates import time_text
from tui_clients.domain.documents import FISICA
from tui_clients.domain.entities import ClientInput
from tui_clients.domain.errors import ValidationError
from tui_clients.domain.fiscal import regimenes_for
from tui_clients.domain.i18n import N_, _, ngettext
from tui_clients.domain.text import printable
from tui_clients.domain.wizard import FINISH, edit_plan, errors_for, required_errors
from tui_clients.services.admin import catalogs
from tui_clients.services.clients.queries import get_client, input_from_detail
from tui_clients.services.clients.writing import StaleClientError, update_client
from tui_clients.services.faults import storage_fault
from tui_clients.services.registration.lookups import wizard_plan
from tui_clients.tui.faults import say_fault
from tui_clients.tui.form.entry_steps import ContactsStep, EntriesStep
from tui_clients.tui.form.steps import STEP_TITLES, Step, StepContext, kept_warnings
from tui_clients.tui.form.wizard import STEP_CLASSES
from tui_clients.tui.widgets.dialogs import ConfirmScreen
from tui_clients.tui.widgets.fields import Field, fields_in_error, focus_first_error
from tui_clients.tui.widgets.host import ClientsHost

__all__ = ["EditScreen", "Field"]

PERSON_NAMES = ("first_name", "last_name", "gender")  # what only a persona física has


def switch_kind(
    data: ClientInput,
    before: str,
    put_by: dict[str, dict[str, str]],
    regimenes: Collection[str] = (),
) -> None:
    """The client's names as the kind it is now (``before``: the kind it was).

    A person's legal name is made of their names, so it is emptied (the rules make it
    again); a company has no first names nor gender.  The régimen and uso de CFDI
    depend on the kind too (``regimenes``: the codes open to the kind it is now).
    What leaves is put by in ``put_by`` (by kind) and comes back if the operator
    switches back.
    """
    now = data.person_kind
    if now == before:
        return
    fiscal = data.fiscal
    leaving = {name: getattr(data, name) for name in (*PERSON_NAMES, "legal_name")}
    if fiscal is not None:
        leaving |= {"regimen": fiscal.regimen, "uso_cfdi": fiscal.uso_cfdi}
    put_by[before] = leaving
    back = put_by.get(now, {})
    if now == FISICA:
        for name in PERSON_NAMES:
            setattr(data, name, back.get(name) or getattr(data, name))
        data.legal_name = ""
    else:
        person = f"{data.first_name} {data.last_name}".strip()
        for name in PERSON_NAMES:
            setattr(data, name, "")
        data.legal_name = back.get("legal_name") or data.legal_name or person
    if fiscal is not None and fiscal.regimen not in regimenes and back.get("regimen"):
        data.fiscal = replace(fiscal, regimen=back["regimen"], uso_cfdi=back.get("uso_cfdi", ""))


class EditScreen(Screen):
    """ctrl+s saves, Escape goes back without saving; each step of the wizard is a tab."""

    DEFAULT_CSS = """
    EditScreen #edit-tabs ContentTab.-has-error { color: $error; text-style: bold; }
    """

    HOLDS_TYPING = True  # q is not quit here
    app = getters.app(ClientsHost)

    BINDINGS: ClassVar = [
        Binding("ctrl+s", "save", N_("Save"), priority=True),
        Binding("escape", "cancel", N_("Cancel")),
        Binding("ctrl+t", "add_entry", N_("Add"), show=False),
        Binding("alt+right,ctrl+pagedown", "switch_tab(1)", N_("Next tab"), priority=True),
        Binding(
            "alt+left,ctrl+pageup", "switch_tab(-1)", N_("Previous tab"), show=False, priority=True
        ),
    ]

    def __init__(self, client_id: int) -> None:
        super().__init__()
        self.client = get_client(client_id)
        data = input_from_detail(self.client)
        linked = {email_key(c.email): c for c in self.client.contacts}
        self.ctx = StepContext(data, [], "MX", linked=linked, editing=True)
        self.kind = data.person_kind  # the kind the tabs were made for
        self.put_by: dict[str, dict[str, str]] = {}  # names of the other kind, by kind
        self._replan()

    def _replan(self) -> None:
        d = self.ctx.data
        self.tabs = edit_plan(wizard_plan(d.company_type, d.category), d)
        self.ctx.steps = [*self.tabs, FINISH]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(Text(printable(f"{self.client.code} · {self.client.legal_name}")), id="title")
        with TabbedContent(id="edit-tabs"):
            for key in self.tabs:
                with TabPane(_(STEP_TITLES[key]), id=f"tab-{key}"):
                    yield STEP_CLASSES[key](self.ctx)
        with Horizontal(id="wizard-buttons"):
            yield Button(_("Save (ctrl+s)"), id="save", variant="primary", compact=True)
            yield Button(_("Cancel (esc)"), id="cancel", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = _("Edit client")
        self.ctx.default_country = self.app.settings.default_country
        self.query_one(TabbedContent).active = "tab-identity"
        self.call_after_refresh(self._focus_first)
        self._initial = repr(self.ctx.data)

    def _focus_first(self) -> None:
        step = self.query_one("#step-identity", Step)
        step.query("Input, Select").first().focus()

    def steps(self) -> list[Step]:
        return list(self.query(Step))

    def _store(self) -> None:
        for step in self.steps():
            step.store()

    async def on_step_plan_changed(self, _event: Step.PlanChanged) -> None:
        """Another company type or category may bring other steps, and another company type
        other categories and another kind of person (names, fiscal options): the tabs
        follow, nothing typed is lost, and the tab the change was made on stays in front."""
        self._store()
        d = self.ctx.data
        front = self.query_one(TabbedContent).active
        regimenes = (
            {r.code for r in regimenes_for(d.person_kind, catalogs.fiscal_catalogs()[0])}
            if d.fiscal is not None and d.person_kind != self.kind
            else set()
        )
        switch_kind(d, self.kind, self.put_by, regimenes)
        self.kind = d.person_kind
        if d.category and d.category not in {
            c for _l, c, _s in catalogs.categories_for(d.company_type)
        }:
            names = {code: label for label, code in catalogs.choices("category")}
            country = d.document_country or self.ctx.default_country
            types = {code: label for label, code in catalogs.choices("company_type", country)}
            self.notify(
                _("The category {category} is not one of {company_type}: choose another.").format(
                    category=names.get(d.category, d.category),
                    company_type=types.get(d.company_type, d.company_type),
                ),
                severity="warning",
                markup=False,
            )
            d.category = ""
        self._replan()
        await self.recompose()
        self.query_one(TabbedContent).active = front
        self._focus_tab()

    def _focus_tab(self) -> None:
        """The first field (or button) of the tab in front, once it is shown; the keys
        typed meanwhile go there."""
        self.app.hold_keys()
        self.call_after_refresh(self._focus_shown_tab)

    def _focus_shown_tab(self) -> None:
        try:
            pane = self.query_one(TabbedContent).active_pane
            query = "Input, Select, Checkbox, Button"
            fields = [w for w in pane.query(query) if w.focusable] if pane else []
            if fields:
                fields[0].focus()
        finally:
            self.app.release_keys()

    def action_switch_tab(self, step: int) -> None:
        tabs = self.query_one(TabbedContent)
        ids = [f"tab-{key}" for key in self.tabs]
        tabs.active = ids[(ids.index(tabs.active) + step) % len(ids)]
        self._focus_tab()

    async def action_add_entry(self) -> None:
        pane = self.query_one(TabbedContent).active_pane
        if pane is not None and pane.query(EntriesStep):
            await pane.query_one(EntriesStep).add_entry()

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id in ("save", "cancel"):
            event.stop()
            await self.run_action(event.button.id)

    def has_unsaved_input(self) -> bool:
        """Something was changed (quitting the app asks first, as Escape does)."""
        self._store()
        return repr(self.ctx.data) != self._initial

    def action_cancel(self) -> None:
        """Leave without saving; asks first when something was typed."""
        if not self.has_unsaved_input():
            self.app.pop_screen()
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.app.pop_screen()

        self.app.push_screen(ConfirmScreen(_("Discard the changes you typed?")), answered)

    def action_save(self) -> None:
        self._store()
        contacts = self.query(ContactsStep)
        pending = contacts.first().unlinked_existing() if contacts else None
        if pending is not None:  # a typed e-mail that is the registry's: ask before saving
            self.query_one(TabbedContent).active = "tab-contacts"
            contacts.first().offer_link(pending)
            return
        c = self.client
        # a client's company type and category may be changed, not taken away
        had = [step for step in ("company_type", "category") if getattr(c, step)]
        missing = [e for step in had for e in required_errors(step, self.ctx.data, self.ctx.steps)]
        if missing:
            self._show_errors(missing)
            return
        try:
            saved = update_client(
                c.id,
                self.ctx.data,
                expected_version=c.version,
                default_country=self.ctx.default_country,
            )
        except ValidationError as exc:
            self._show_errors(exc.errors)
            return
        except StaleClientError as exc:
            self.notify(
                _(
                    "Not saved: {user} changed this client at {time}. It was reloaded; apply your change again."
                ).format(user=exc.current.updated_by, time=time_text(exc.current.updated_at)),
                severity="error",
                markup=False,
                timeout=10,
            )
            self.app.switch_screen(EditScreen(c.id))
            return
        except Exception as exc:  # a full disk, a read-only database, a lost server
            fault = storage_fault(exc)
            if fault is None:
                raise
            say_fault(self.app, fault)  # the form stays as typed: save again once fixed
            return
        if saved.version == c.version:  # nothing differed: nothing was written
            self.notify(_("Nothing changed: nothing was saved."), markup=False)
            self.app.pop_screen()
            return
        self.app.geocode_later(c.id)
        self.notify(_("Saved."), markup=False)
        # kept, but said: an RFC whose check digit fails, a phone typed in an old format…
        for warning in kept_warnings(self.ctx.data, self.ctx.default_country):
            self.notify(warning.message(), severity="warning", markup=False, timeout=12)
        self.app.pop_screen()

    def _show_errors(self, errors) -> None:
        """Each tab shows its errors and is marked (● before its name) while it has any;
        the first tab with any comes to the front with the cursor on its first field in
        error, and the notification names the tabs."""
        in_error = []
        for step in self.steps():
            mine = errors_for(step.key, errors, self.ctx.steps)
            step.show_errors(mine)
            if mine:
                in_error.append(step.key)
        self._mark_tabs()
        if in_error:
            self.query_one(TabbedContent).active = f"tab-{in_error[0]}"
            self.app.hold_keys()  # the correction typed at once goes to that field
            self.call_after_refresh(self._focus_error, in_error[0])
        message = ngettext(
            "Not saved: {n} problem to fix.", "Not saved: {n} problems to fix.", len(errors)
        ).format(n=len(errors))
        if in_error:
            tabs = ", ".join(_(STEP_TITLES[key]) for key in in_error)
            message += " " + ngettext("Tab: {tabs}.", "Tabs: {tabs}.", len(in_error)).format(
                tabs=tabs
            )
        self.notify(message, severity="error", markup=False)

    def _focus_error(self, key: str) -> None:
        """The cursor on the first field in error of the tab ``key``, once it is shown."""
        try:
            found = self.query(f"#step-{key}")
            if found:
                focus_first_error(found.first())
        finally:
            self.app.release_keys()

    def _mark_tabs(self) -> None:
        """A tab with an error on it says so in its name (● and the error colour), seen
        from any other tab; the mark goes when its errors are corrected."""
        tabs = self.query_one(TabbedContent)
        for step in self.steps():
            note = step.query(".step-error")
            wrong = bool(fields_in_error(step)) or bool(note and note.first().display)
            tab = tabs.get_tab(f"tab-{step.key}")
            if tab.has_class("-has-error") != wrong:
                tab.label = Text(("● " if wrong else "") + _(STEP_TITLES[step.key]))
                tab.set_class(wrong, "-has-error")

    def on_input_changed(self) -> None:
        self._mark_tabs()  # a corrected field no longer shows its error

    def on_select_changed(self) -> None:
        self._mark_tabs()

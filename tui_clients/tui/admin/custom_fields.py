"""Administering custom fields ("Campos adicionales"): the list of definitions and the
form of one.  What happens to stored values is said before it happens."""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, DataTable, Footer, Header, Label, Static

from tui_clients.domain.custom_fields import TYPES, FieldDef, parse_choices
from tui_clients.domain.errors import ValidationError
from tui_clients.domain.i18n import N_, _
from tui_clients.services.admin import custom_fields as service
from tui_clients.services.admin.catalogs import choices
from tui_clients.tui.faults import faults_noted
from tui_clients.tui.widgets.dialogs import ConfirmScreen
from tui_clients.tui.widgets.fields import (
    check_field,
    select_field,
    show_errors,
    text_field,
    value_of,
)
from tui_clients.tui.widgets.tables import highlighted, refill


def scope_text(d: FieldDef) -> str:
    if d.category:
        return _("category {code}").format(code=d.category)
    if d.company_type:
        return _("type {code}").format(code=d.company_type)
    return _("all")


def type_text(d: FieldDef) -> str:
    """Its type, with a * when it is required (the list fits 80 columns)."""
    return _(TYPES[d.type]) + (" *" if d.required else "")


class CustomFieldsScreen(Screen):
    """Every custom field: n adds, Enter edits, a (de)activates, Delete removes."""

    BINDINGS: ClassVar = [
        Binding("escape", "app.pop_screen", N_("Back")),
        Binding("n", "new", N_("New field")),
        Binding("enter", "edit", N_("Edit"), show=False),
        Binding("a", "toggle", N_("Activate/deactivate")),
        Binding("delete", "remove", N_("Remove")),
    ]
    DEFAULT_CSS = """
    CustomFieldsScreen #fields { height: 1fr; }
    CustomFieldsScreen #fields-note { height: auto; padding: 0 1; color: $text-muted; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.defs: list[FieldDef] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(id="fields", cursor_type="row", zebra_stripes=True)
        yield Static(id="fields-note")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = _("Additional fields")
        table = self.query_one(DataTable)
        table.add_columns(
            _("Label"), _("Key"), _("Type (* required)"), _("For"), _("State"), _("Values")
        )
        self.reload()
        table.focus()

    def reload(self) -> None:
        self.defs = service.definitions()
        refill(
            self.query_one(DataTable),
            (
                (
                    d.label,
                    d.key,
                    type_text(d),
                    scope_text(d),
                    _("active") if d.active else _("inactive"),
                    f"{service.stored_count(d.id):,}",
                )
                for d in self.defs
            ),
        )
        note = (
            _("No additional fields yet: n defines one.")
            if not self.defs
            else _("Deactivating a field hides it from forms and keeps its values.")
        )
        self.query_one("#fields-note", Static).update(Text(note))

    @property
    def current(self) -> FieldDef | None:
        return highlighted(self.query_one(DataTable), self.defs)

    def action_new(self) -> None:
        self.app.push_screen(FieldFormScreen(None), self.saved)

    def action_edit(self) -> None:
        if self.current is not None:
            self.app.push_screen(FieldFormScreen(self.current), self.saved)

    def saved(self, key: str | None) -> None:
        """After the form: the list again, the cursor on the field just saved."""
        if key:
            self.reload()
            keys = [d.key for d in self.defs]
            if key in keys:
                self.query_one(DataTable).move_cursor(row=keys.index(key))

    def on_data_table_row_selected(self, _event: DataTable.RowSelected) -> None:
        self.action_edit()

    def action_toggle(self) -> None:
        d = self.current
        if d is not None:
            with faults_noted(self.app):  # a full disk, a read-only database: said
                service.set_active(d.id, not d.active)
            self.reload()

    def action_remove(self) -> None:
        d = self.current
        if d is None:
            return
        count = service.stored_count(d.id)
        if count:
            question = _(
                "Clients with a value in “{label}”: {count:,}. Remove the field AND "
                "delete those values? (To keep them, answer no and deactivate it "
                "with a.)"
            ).format(label=d.label, count=count)
        else:
            question = _("Remove the field “{label}”? No client has a value in it.").format(
                label=d.label
            )

        def answered(yes: bool | None) -> None:
            if yes:
                with faults_noted(self.app):  # a full disk, a read-only database: said
                    gone = service.delete_definition(d.id, purge=True)
                    self.notify(
                        _("Field removed; values deleted: {n:,}.").format(n=gone), markup=False
                    )
                self.reload()

        self.app.push_screen(ConfirmScreen(question, danger=bool(count)), answered)


class FieldFormScreen(ModalScreen[str | None]):
    """One definition; ctrl+s saves (errors beside the fields), Escape cancels."""

    BINDINGS: ClassVar = [
        Binding("escape", "dismiss(None)", N_("Cancel")),
        Binding("ctrl+s", "save", N_("Save"), priority=True),
    ]

    def __init__(self, d: FieldDef | None) -> None:
        super().__init__()
        self.d = d or FieldDef(None, "", "", "text", order=len(service.definitions()) + 1)

    def compose(self) -> ComposeResult:
        d = self.d
        types = [(_(label), code) for code, label in TYPES.items()]
        with VerticalScroll(classes="dialog wide"):
            yield Label(_("Additional field"), classes="title")
            yield text_field(_("Label"), "label", d.label)
            yield text_field(
                _("Key (import column)"), "key", d.key, placeholder=_("made from the label")
            )
            yield select_field(_("Type"), "type", types, d.type, _("(choose)"))
            yield text_field(_("Choices (a; b; c)"), "choices", "; ".join(d.choices))
            yield check_field(_("Required"), "required", d.required)
            yield text_field(_("Help text"), "help", d.help)
            yield text_field(_("Order"), "order", str(d.order))
            yield select_field(
                _("Only company type"),
                "company_type",
                choices("company_type"),
                d.company_type,
                _("(any)"),
            )
            yield select_field(
                _("Only category"), "category", choices("category"), d.category, _("(any)")
            )
            if d.id is not None:
                yield Static(
                    Text(
                        _(
                            "Values stored: {n:,}. A change of type or choices that "
                            "one of them would not fit is refused."
                        ).format(n=service.stored_count(d.id))
                    ),
                    classes="intro",
                )
            yield Static(id="form-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button(_("Save (ctrl+s)"), id="save", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#label").focus()  # typing goes into the first field at once

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()

    def _value(self, name: str) -> str | bool:
        return value_of(self.query_one(f"#{name}"))

    def action_save(self) -> None:
        order = str(self._value("order")).strip() or "0"
        if not order.lstrip("-").isdigit():
            show_errors(self, [])
            self.query_one("#form-error", Static).update(
                Text(_("Order: “{value}” is not a whole number.").format(value=order))
            )
            return
        d = replace(
            self.d,
            label=str(self._value("label")),
            key=str(self._value("key")).strip(),
            type=str(self._value("type")),
            choices=parse_choices(str(self._value("choices"))),
            required=bool(self._value("required")),
            help=str(self._value("help")),
            order=int(order),
            company_type=str(self._value("company_type")),
            category=str(self._value("category")),
        )
        saved = None
        try:
            with faults_noted(self.app):  # a full disk, a read-only database: said
                saved = service.save_definition(d)
        except ValidationError as exc:
            rest = show_errors(self, exc.errors)
            self.query_one("#form-error", Static).update(Text("\n".join(e.message() for e in rest)))
            return
        if saved is None:  # not saved: the form stays as typed, to save again
            return
        self.notify(_("Field “{label}” saved.").format(label=saved.label), markup=False)
        missing = service.clients_without_value(saved) if saved.required and saved.active else 0
        if missing:
            self.notify(
                _(
                    "Clients without a value in this required field: {n:,}. Each is asked "
                    "for one at its next edit, and an import must bring the column "
                    "“{key}”."
                ).format(n=missing, key=saved.key),
                severity="warning",
                markup=False,
                timeout=15,
            )
        self.dismiss(saved.key)

"""The mapping step: another system's file, column by column, before it is imported.

One line per source column (its name, its first values, the field it goes to), the
value maps of the fields with a closed set of values, and a preview of the first rows as
they would be stored, each with the error it would get, redone (in a worker) after each
change.  Enter changes a column's field, ``v`` its values, ``j`` joins a field's columns
or takes the first that is not empty; ctrl+g saves the mapping for every operator;
ctrl+s imports through it; Esc goes back without importing.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Footer, Header, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from tui_clients.domain.i18n import N_, _
from tui_clients.domain.mapping import JOIN, ColumnMapping, MappingDraft
from tui_clients.domain.recognise import value_maps
from tui_clients.domain.text import printable
from tui_clients.services.imports.look import FileLook, distinct_values, preview
from tui_clients.services.imports.mappings import mapping_fields
from tui_clients.tui.faults import faults_noted
from tui_clients.tui.widgets.dialogs import ConfirmScreen
from tui_clients.tui.widgets.fields import text_field, value_of

FIELD_LABELS = {  # the fields a column may go to, in the order they are offered
    "Name": N_("Name or company name"),
    "FirstName": N_("First names (a person)"),
    "LastName": N_("Last names (a person)"),
    "UniqueReference": N_("Document (RFC, NIT, RUC…)"),
    "DocumentType": N_("Document type"),
    "Email": N_("E-mail"),
    "ExtraEmails": N_("Other e-mails"),
    "Telephone": N_("Telephone"),
    "Mobile": N_("Mobile"),
    "CompanyName": N_("Company they work for (name)"),
    "CompanyId": N_("Company (code or tax ID)"),
    "CompanyType": N_("Company type (PF / PM…)"),
    "Category": N_("Category"),
    "TradeName": N_("Trade name"),
    "InternalCode": N_("Internal code"),
    "Address": N_("Address"),
    "AddressDetail": N_("Address detail"),
    "District": N_("Colonia / barrio / district"),
    "Province": N_("Municipality / province"),
    "Region": N_("State / department / region"),
    "PostalCode": N_("Postal code"),
    "Country": N_("Country"),
    "Latitude-Longitude": N_("Coordinates"),
    "State": N_("Active (1 / 0)"),
    "RegimenFiscal": N_("Régimen fiscal"),
    "UsoCFDI": N_("Uso de CFDI"),
    "Services": N_("Services"),
    "SourceId": N_("The other system's ID (finds the row again)"),
}
CLOSED_SETS = (
    "Country",
    "Region",
    "State",
    "CompanyType",
    "Category",
    "RegimenFiscal",
    "UsoCFDI",
    "DocumentType",
    "Services",
)
IGNORE = "\0ignore"


def field_label(name: str) -> str:
    if name.startswith("custom."):
        return _("Additional field {key}").format(key=name[len("custom.") :])
    return _(FIELD_LABELS[name]) if name in FIELD_LABELS else name


class FieldPicker(ModalScreen[str | None]):
    """Which field a source column goes to (or none); Enter chooses, Esc keeps it."""

    DEFAULT_CSS = "FieldPicker { align: center middle; }"

    BINDINGS: ClassVar = [Binding("escape", "dismiss(None)", N_("Back"))]

    def __init__(self, column: str, fields: list[str], current: list[str]) -> None:
        super().__init__()
        self.column, self.fields, self.current = column, fields, current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            title = _("Column “{column}” goes to:").format(column=printable(self.column))
            yield Label(Text(title), classes="title")
            options = [Option(_("(ignore this column)"), id=IGNORE)]
            options += [Option(f"{field_label(f)} · {f}", id=f) for f in self.fields]
            yield OptionList(*options, id="fields")

    def on_mount(self) -> None:
        options = self.query_one("#fields", OptionList)
        ids = [IGNORE, *self.fields]
        options.highlighted = ids.index(self.current[0]) if self.current else 0
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)


class ValueMapScreen(ModalScreen[dict[str, str] | None]):
    """What each value found in a field becomes: one line per value (empty: as it is);
    ctrl+s keeps the answers, Esc drops them."""

    DEFAULT_CSS = """
    ValueMapScreen { align: center middle; }
    ValueMapScreen #values { height: auto; max-height: 14; }
    ValueMapScreen Input { border: tall $panel-lighten-2; }
    ValueMapScreen Input:focus { border: tall $accent; }
    """

    BINDINGS: ClassVar = [
        Binding("ctrl+s", "keep", N_("Keep")),
        Binding("escape", "dismiss(None)", N_("Back")),
    ]

    def __init__(self, target: str, found: list[str], current: dict[str, str]) -> None:
        super().__init__()
        self.target, self.found, self.current = target, found, current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            title = _("Values of {field}: what each one becomes (empty: as it is)").format(
                field=field_label(self.target)
            )
            yield Label(Text(title), classes="title")
            with VerticalScroll(id="values"):
                for i, value in enumerate(self.found):
                    yield text_field(printable(value), f"value-{i}", self.current.get(value, ""))
            yield Label(_("ctrl+s keeps · Esc goes back"))

    def on_mount(self) -> None:
        if self.found:
            self.query_one("#value-0").focus()

    def action_keep(self) -> None:
        answers = {
            value: str(value_of(self.query_one(f"#value-{i}"))).strip()
            for i, value in enumerate(self.found)
        }
        self.dismiss(answers)


class NameScreen(ModalScreen[str | None]):
    """The name to save a mapping under."""

    DEFAULT_CSS = "NameScreen { align: center middle; }"

    BINDINGS: ClassVar = [Binding("escape", "dismiss(None)", N_("Back"))]

    def __init__(self, current: str) -> None:
        super().__init__()
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(_("Save this mapping for every operator, as:"), classes="title")
            yield text_field(_("Name"), "mapping-name", self.current)
            yield Label(_("Enter saves · Esc goes back"))

    def on_mount(self) -> None:
        self.query_one("#mapping-name").focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value.strip() or None)


class MappingScreen(Screen[ColumnMapping | None]):
    """Dismissed with the mapping to import through, or None (Esc)."""

    HOLDS_TYPING = True
    BINDINGS: ClassVar = [
        Binding("ctrl+s", "import", N_("Import")),
        Binding("ctrl+g", "save", N_("Save mapping")),
        Binding("v", "values", N_("Values")),
        Binding("j", "join", N_("Join/first")),
        Binding("escape", "leave", N_("Back")),
    ]
    DEFAULT_CSS = """
    MappingScreen #mapping-columns { height: 1fr; min-height: 6; }
    MappingScreen #mapping-preview { height: 1fr; min-height: 5; }
    MappingScreen #mapping-about { height: auto; }
    MappingScreen #mapping-problem { height: auto; max-height: 3; color: $error; }
    """

    def __init__(self, look: FileLook, *, update: bool = False) -> None:
        super().__init__()
        self.look, self.update = look, update  # update: registered clients are updated
        assert look.mapping is not None
        self.draft = MappingDraft.of(look.mapping, look.header)
        self.fields = [f for f in FIELD_LABELS if f in mapping_fields() or f == "SourceId"]
        self.fields += sorted(f for f in mapping_fields() if f.startswith("custom."))
        self.rules = None
        self.previewed: list = []
        self.edited = False  # changed since it was found or saved
        self.saved_as = look.mapping.name if look.found_by == "saved" else ""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="mapping-about")
        yield DataTable(id="mapping-columns", cursor_type="row", zebra_stripes=True)
        yield Static(id="mapping-preview-title")
        yield DataTable(id="mapping-preview", cursor_type="row")
        yield Static(id="mapping-problem")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = _("Columns of another system")
        columns = self.query_one("#mapping-columns", DataTable)
        columns.add_column(_("Column"), width=18)
        columns.add_column(_("Goes to"), width=32)
        columns.add_column(_("First values"), width=60)
        table = self.query_one("#mapping-preview", DataTable)
        table.add_column(_("Line"), width=5)
        table.add_column(_("Person"), width=7)
        table.add_column(_("Name"), width=22)
        table.add_column(_("Document"), width=16)
        table.add_column(_("Error"), width=80)
        self._show_about()
        self._show_columns()
        columns.focus()
        self.refresh_preview()

    def _show_about(self) -> None:
        look = self.look
        how = {
            "saved": _("Read through the saved mapping “{name}”."),
            "layout": _("Recognised as a known layout: {name}."),
            "recognised": _("Not the template: the fields below were recognised; check them."),
        }[look.found_by].format(name=look.mapping.name if look.mapping else "")
        where = printable(look.path)
        if look.sheet:
            where += " · " + _("sheet {name}").format(name=printable(look.sheet))
        keys = _("Enter: field · v: values · j: join/first · ^g: save · ^s: import")
        self.query_one("#mapping-about", Static).update(Text(f"{where}\n{how}\n{keys}"))

    def _show_columns(self) -> None:
        table = self.query_one("#mapping-columns", DataTable)
        row = table.cursor_row
        table.clear()
        for index, column in enumerate(self.look.header):
            firsts = [r.cells[index] for r in self.look.rows if index < len(r.cells)]
            firsts = [printable(v.strip()) for v in firsts if v.strip()][:3]
            goes = [self._goes_to(f) for f in self.draft.fields_of(column)]
            table.add_row(
                Text(printable(column) or "—"),
                Text(", ".join(goes) or _("(ignored)")),
                Text(" | ".join(firsts)[:80]),
                key=str(index),
            )
        if self.look.header:
            table.move_cursor(row=min(row, len(self.look.header) - 1))

    def _goes_to(self, target: str) -> str:
        source = self.draft.sources[target]
        text = field_label(target)
        if len(source.columns) > 1:
            text += " (" + (_("joined") if source.how == JOIN else _("first not empty")) + ")"
        if self.draft.values.get(target):
            text += " *"
        return text

    def _column(self) -> str | None:
        table = self.query_one("#mapping-columns", DataTable)
        if not self.look.header or table.cursor_row < 0:
            return None
        return self.look.header[table.cursor_row]

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.data_table.id != "mapping-columns":
            return
        event.stop()
        column = self._column()
        if column is None:
            return

        def chosen(target: str | None) -> None:
            if target is None:
                return
            self.draft.assign(column, None if target == IGNORE else target)
            self._changed()

        self.app.push_screen(FieldPicker(column, self.fields, self.draft.fields_of(column)), chosen)

    def action_join(self) -> None:
        column = self._column()
        for target in self.draft.fields_of(column) if column else []:
            self.draft.toggle(target)
        self._changed()

    def action_values(self) -> None:
        column = self._column()
        targets = [f for f in self.draft.fields_of(column) if f in CLOSED_SETS] if column else []
        if not targets:
            self.notify(
                _("This column goes to no field with a closed set of values."), markup=False
            )
            return
        target = targets[0]
        found = distinct_values(self.look, self.draft.mapping(), target)
        table = self.draft.values.get(target, {})
        proposed = value_maps(target, found)
        from tui_clients.domain.text import fold

        current = {v: table.get(fold(v).strip(), proposed.get(v, "")) for v in found}

        def answered(answers: dict[str, str] | None) -> None:
            if answers is None:
                return
            for value, stored in answers.items():
                self.draft.set_value(target, value, stored)
            self._changed()

        self.app.push_screen(ValueMapScreen(target, found, current), answered)

    def action_leave(self) -> None:
        """Back without importing; changes not saved are asked about first."""
        if not self.edited:
            self.dismiss(None)
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.dismiss(None)

        question = _(
            "Leave without importing? The changes to this mapping are lost (ctrl+g saves them)."
        )
        self.app.push_screen(ConfirmScreen(question, danger=True), answered)

    def _changed(self) -> None:
        self.edited = True
        self._show_columns()
        self.refresh_preview()

    def refresh_preview(self) -> None:
        self.query_one("#mapping-preview-title", Static).update(
            _("Preview of the first rows (working…)")
        )
        self._preview(self.draft.mapping())

    @work(thread=True, exclusive=True, group="mapping-preview", exit_on_error=False)
    def _preview(self, mapping: ColumnMapping) -> None:
        with faults_noted(self.app):
            if self.rules is None:
                from tui_clients.services.imports.prepare import load_rules

                self.rules = load_rules(self.app.settings.default_country)
            rows = preview(self.look, mapping, self.rules, update=self.update)
            self.app.call_from_thread(self._show_preview, rows)

    def _show_preview(self, rows) -> None:
        table = self.query_one("#mapping-preview", DataTable)
        table.clear()
        bad = sum(1 for r in rows if r.problem)
        self.query_one("#mapping-preview-title", Static).update(
            Text(
                _("Preview of the first {n} rows: {ok} would be stored, {bad} rejected").format(
                    n=len(rows), ok=len(rows) - bad, bad=bad
                )
            )
        )
        self.previewed = rows
        for r in rows:
            person = {"PF": _("natural"), "PM": _("legal entity")}.get(r.person, "")
            table.add_row(
                str(r.line),
                person,
                Text(printable(r.name)),
                Text(printable(r.document)),
                Text(printable(r.problem) or "✓"),
            )
        self._show_problem(next((r for r in rows if r.problem), None))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if (
            event.data_table.id == "mapping-preview"
            and event.data_table.has_focus
            and 0 <= event.cursor_row < len(self.previewed)
        ):
            self._show_problem(self.previewed[event.cursor_row])

    def _show_problem(self, row) -> None:
        """The whole error of a preview row (the table shows its start)."""
        text = ""
        if row is not None and row.problem:
            text = _("Line {line}: {problem}").format(line=row.line, problem=row.problem)
        self.query_one("#mapping-problem", Static).update(Text(printable(text)))

    def action_save(self) -> None:
        def named(name: str | None) -> None:
            if name:
                self._save(name)

        self.app.push_screen(NameScreen(self.saved_as or self.draft.name), named)

    @work(thread=True, exclusive=True, group="mapping-save", exit_on_error=False)
    def _save(self, name: str) -> None:
        from tui_clients.domain.mapping import MappingError
        from tui_clients.services.imports.mappings import save_mapping

        mapping = self.draft.mapping(name)
        with faults_noted(self.app):
            try:
                save_mapping(mapping, self.look.header, replace=name == self.saved_as)
            except MappingError as exc:
                self.app.call_from_thread(self.notify, str(exc), severity="error", markup=False)
                return
            self.saved_as = self.draft.name = name
            self.edited = False
            said = _("Mapping “{name}” saved: the next file with these columns uses it.")
            self.app.call_from_thread(self.notify, said.format(name=name), markup=False)

    def action_import(self) -> None:
        mapping = self.draft.mapping(self.saved_as or self.draft.name)  # "": not saved
        if "Name" not in mapping.columns and not (
            {"FirstName", "LastName", "CompanyName"} & set(mapping.columns)
        ):
            self.notify(
                _("No column goes to the name: choose the column of the names first."),
                severity="error",
                markup=False,
            )
            return
        self.dismiss(mapping)


class SheetPicker(ModalScreen[str | None]):
    """Which sheet of a workbook to import (Enter), or none (Esc)."""

    DEFAULT_CSS = "SheetPicker { align: center middle; }"

    BINDINGS: ClassVar = [Binding("escape", "dismiss(None)", N_("Back"))]

    def __init__(self, sheets: list[str]) -> None:
        super().__init__()
        self.sheets = sheets

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(_("The workbook has several sheets: which one?"), classes="title")
            yield OptionList(*(Option(Text(printable(s))) for s in self.sheets), id="sheets")

    def on_mount(self) -> None:
        sheets = self.query_one("#sheets", OptionList)
        sheets.highlighted = 0
        sheets.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.sheets[event.option_index])

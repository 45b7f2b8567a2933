"""The "Campos adicionales" step (and edit tab): the custom fields an administrator
defined for the client's company type and category, checked like built-in fields."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from tui_clients.domain.custom_fields import FieldDef, field_name
from tui_clients.domain.i18n import _
from tui_clients.services.admin.custom_fields import applicable
from tui_clients.tui.form.steps import CHOOSE, Step
from tui_clients.tui.widgets.fields import example, select_field, text_field

PLACEHOLDERS = {"date": "2026-11-22", "number": "1234.5", "email": "nombre@dominio.com"}


def custom_field(d: FieldDef, value: str):
    """The widget for one custom field: a picker for choices and yes/no, else an input."""
    label = d.label + ("" if d.required else " " + _("(optional)"))
    name = field_name(d.key)
    if d.type == "choice":
        return select_field(label, name, [(c, c) for c in d.choices], value, _(CHOOSE))
    if d.type == "bool":
        return select_field(label, name, [(_("yes"), "1"), (_("no"), "0")], value, _(CHOOSE))
    return text_field(label, name, value, placeholder=example(PLACEHOLDERS.get(d.type, "")))


class CustomFieldsStep(Step):
    key = "custom"

    _defs: list[FieldDef] | None = None

    def definitions(self) -> list[FieldDef]:
        if self._defs is None:
            self._defs = applicable(self.data.company_type, self.data.category)
        return self._defs

    def fields(self):
        self._defs = None  # read again: an administrator may have changed them
        defs = self.definitions()
        if not defs:
            yield Static(
                Text(_("No additional fields for this company type and category.")), classes="intro"
            )
        for d in defs:
            yield custom_field(d, self.data.custom.get(d.key, ""))
            if d.help:
                yield Static(Text(d.help), classes="help")

    def _store(self) -> None:
        for d in self.definitions():
            value = self.value(field_name(d.key))
            if value.strip():
                self.data.custom[d.key] = value
            else:  # nothing typed is no value (an untouched form is unchanged)
                self.data.custom.pop(d.key, None)

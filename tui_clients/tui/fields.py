"""Form pieces shared by the wizard and the edit form: a labelled field with its error."""

from __future__ import annotations

import re
from collections.abc import Iterable

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Label, Select, Static

from tui_clients.domain.errors import FieldError


def field_id(name: str) -> str:
    """A widget id for a field name: "addresses[1].postal_code" -> "addresses-1-postal_code"."""
    return re.sub(r"[^\w-]+", "-", name).strip("-")


class Field(Vertical):
    """A label, an input and the place where its error appears."""

    DEFAULT_CSS = """
    Field { layout: grid; grid-size: 2; grid-columns: 26 1fr; grid-rows: auto; height: auto; }
    Field > Label { padding: 0 1; }
    Field > Input { padding: 0 1; }
    Field > Input:focus, Field > Select:focus > SelectCurrent { text-style: bold; }
    Field > .error { color: $error; height: auto; column-span: 2; padding: 0 1; display: none; }
    """

    def __init__(self, label: str, widget: Widget, name: str) -> None:
        super().__init__(id="field-" + field_id(name))
        self.label, self.widget, self.field_name = label, widget, name

    def compose(self) -> ComposeResult:
        yield Label(Text(self.label))
        yield self.widget
        yield Static(classes="error")

    def show_error(self, message: str) -> None:
        error = self.query_one(".error", Static)
        error.update(Text(message))
        error.display = bool(message)


def text_field(label: str, name: str, value: str, *, password: bool = False, **kw) -> Field:
    return Field(
        label, Input(value, id=field_id(name), password=password, compact=True, **kw), name
    )


def select_field(
    label: str, name: str, options: Iterable[tuple[str, str]], value: str, prompt: str
) -> Field:
    """A picker searchable by typing; a value no longer among the options is dropped."""
    options = [(Text(str(label)), code) for label, code in options]
    codes = {code for _label, code in options}
    selected = value if value in codes else Select.NULL
    return Field(
        label, Select(options, value=selected, prompt=prompt, id=field_id(name), compact=True), name
    )


def check_field(label: str, name: str, value: bool) -> Field:
    return Field("", Checkbox(label, value, id=field_id(name), compact=True), name)


def value_of(widget: Widget) -> str | bool:
    """What the operator entered in an Input, Select or Checkbox ("" for no choice)."""
    if isinstance(widget, Select):
        return "" if widget.value in (Select.NULL, None) else str(widget.value)
    if isinstance(widget, Checkbox):
        return bool(widget.value)
    return widget.value if isinstance(widget, Input) else ""


def values(container: Widget) -> dict[str, str | bool]:
    """Every field's value in a container, by field name."""
    return {f.field_name: value_of(f.widget) for f in container.query(Field)}


def show_errors(container: Widget, errors: Iterable[FieldError]) -> list[FieldError]:
    """Put each error beside its field; those with no field here are returned."""
    fields = {f.field_name: f for f in container.query(Field)}
    for f in fields.values():
        f.show_error("")
    unplaced = []
    for error in errors:
        target = fields.get(error.field)
        if target is None:
            unplaced.append(error)
        elif not target.query_one(".error", Static).display:
            target.show_error(error.message())
    return unplaced

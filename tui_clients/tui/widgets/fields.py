"""Form pieces shared by the wizard and the edit form: a labelled field with its error."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from rich.highlighter import Highlighter
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Label, Select, Static
from textual.widgets._select import SelectCurrent, SelectOverlay

from tui_clients.domain.errors import FieldError
from tui_clients.domain.i18n import _
from tui_clients.domain.text import fold, printable


def field_id(name: str) -> str:
    """A widget id for a field name: "addresses[1].postal_code" -> "addresses-1-postal_code"."""
    return re.sub(r"[^\w-]+", "-", name).strip("-")


class Field(Vertical):
    """A label, an input and the place where its error appears."""

    DEFAULT_CSS = """
    Field { layout: grid; grid-size: 2; grid-columns: 28 1fr; grid-rows: auto; height: auto; }
    Field > Label { padding: 0 1; }
    Field > Input { padding: 0 1; background: $panel; }
    Field > Input > .input--placeholder { color: $text-disabled; text-style: italic; }
    Field > Select > SelectCurrent { background: $panel; }
    Field > Input:focus, Field > Select:focus > SelectCurrent, Field > Checkbox:focus {
        text-style: bold; background: $accent 25%; }
    Field:focus-within > Label { color: $accent; text-style: bold; }
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
        error.update(Text(printable(message, keep="\n")))  # may name a file, quote a cell
        error.display = bool(message)

    def _edited(self) -> None:
        """The operator changed the value: its old error no longer applies."""
        if self.widget.has_focus or self.widget.has_focus_within:
            self.show_error("")

    def on_input_changed(self) -> None:
        self._edited()

    def on_select_changed(self) -> None:
        self._edited()

    def on_checkbox_changed(self) -> None:
        self._edited()


class _FoldingOverlay(SelectOverlay):
    """Typing in an open picker jumps to the option that begins with what was typed, then to
    one with a word that begins so, then to one that holds it; accents and case do not count
    ("fis" finds "Persona física", not "Organización sin fines de lucro")."""

    def _find_search_match(self, query: str) -> int | None:
        wanted = fold(query)
        if not wanted:
            return None
        best: tuple[int, int] | None = None
        for index, option in enumerate(self._options):
            prompt = option.prompt
            text = fold(prompt.plain if isinstance(prompt, Text) else str(prompt))
            if text.startswith(wanted):
                rank = 0
            elif f" {wanted}" in f" {text}":
                rank = 1
            elif wanted in text:
                rank = 2
            else:
                continue
            if best is None or rank < best[0]:
                best = (rank, index)
        return best[1] if best else None


class Picker(Select):
    """A Select searched by typing, without regard to accents (see _FoldingOverlay)."""

    def compose(self) -> ComposeResult:
        yield SelectCurrent(self.prompt)
        yield _FoldingOverlay(type_to_search=self._type_to_search).data_bind(compact=Select.compact)


class Tick(Checkbox):
    """A checkbox whose box is empty when off (the stock one shows a dim X either way)."""

    @property
    def _button(self):
        self.BUTTON_INNER = "X" if self.value else " "
        return super()._button


def example(text: str) -> str:
    """A placeholder that reads as an example, never as a value already there."""
    return _("e.g. {example}").format(example=text) if text else ""


_JOINERS = ("\u200c", "\u200d")  # part of how some scripts and emoji are written


def _control(ch: str) -> bool:
    category = unicodedata.category(ch)
    if category == "Cf":
        return ch not in _JOINERS and not "\U000e0000" <= ch <= "\U000e007f"  # emoji tags
    return category in ("Cc", "Cs")


class ControlPictures(Highlighter):
    """Shows each control character of a field's value (a pasted escape sequence, a file
    name picked in a tree, a value stored by an older release) as one visible sign in
    reverse video: ␛ for ESC, ␇ for BEL, ¤ for a C1 control, bidi or zero-width character.
    One sign per character keeps the cursor where the value has it; the value itself is
    unchanged (elsewhere, text is shown through ``printable()``)."""

    def highlight(self, text: Text) -> None:
        plain = text.plain
        if plain.isprintable():
            return
        marks = [i for i, ch in enumerate(plain) if _control(ch)]
        if not marks:
            return
        chars = list(plain)
        for i in marks:
            code = ord(chars[i])
            chars[i] = chr(0x2400 + code) if code < 0x20 else "␡" if code == 0x7F else "¤"
        text.plain = "".join(chars)
        for i in marks:
            text.stylize("reverse", i, i + 1)


def text_field(label: str, name: str, value: str, *, password: bool = False, **kw) -> Field:
    kw.setdefault("highlighter", ControlPictures())
    return Field(
        label, Input(value, id=field_id(name), password=password, compact=True, **kw), name
    )


def literal_options(options: Iterable[tuple[object, str]]) -> list[tuple[Text, str]]:
    """Picker options whose labels are shown as written (a label is never markup: a
    service named "Plan [/x]" must not crash the picker)."""
    return [
        (label if isinstance(label, Text) else Text(str(label)), code) for label, code in options
    ]


def select_field(
    label: str, name: str, options: Iterable[tuple[str, str]], value: str, prompt: str
) -> Field:
    """A picker searchable by typing; a value no longer among the options is dropped."""
    options = literal_options(options)
    codes = {code for _label, code in options}
    selected = value if value in codes else Select.NULL
    return Field(
        label, Picker(options, value=selected, prompt=prompt, id=field_id(name), compact=True), name
    )


def check_field(label: str, name: str, value: bool) -> Field:
    return Field("", Tick(label, value, id=field_id(name), compact=True), name)


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


def show_errors(
    container: Widget, errors: Iterable[FieldError], *, focus: bool = True
) -> list[FieldError]:
    """Put each error beside its field, and (``focus``) the cursor on the first field in
    error: the correction is typed there, not over another field.  The errors with no
    field here are returned."""
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
    if focus:
        focus_first_error(container)
    return unplaced


def fields_in_error(container: Widget) -> list[Field]:
    """The fields of ``container`` that show an error, in the order they are laid out."""
    return [f for f in container.query(Field) if f.query_one(".error", Static).display]


def focus_first_error(container: Widget) -> bool:
    """The cursor on the first field that shows an error, scrolled into view."""
    shown = fields_in_error(container)
    if not shown:
        return False
    shown[0].widget.focus()
    shown[0].widget.scroll_visible(animate=False)
    return True

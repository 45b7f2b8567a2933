"""Small modal dialogs: confirmation, sort order, list filters."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import ClassVar

from rich.text import Text
from textual import getters
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from tui_clients.domain.custom_fields import check_value, value_text
from tui_clients.domain.errors import ValidationError
from tui_clients.domain.i18n import _
from tui_clients.services.admin.catalogs import choices
from tui_clients.services.admin.custom_fields import definitions
from tui_clients.services.clients.listing import ClientFilter
from tui_clients.services.geo.geocoding import near_point
from tui_clients.tui.widgets.fields import literal_options
from tui_clients.tui.widgets.host import ClientsHost


class ConfirmScreen(ModalScreen[bool]):
    """Asks a yes/no question; Escape or n answers no."""

    BINDINGS: ClassVar = [
        Binding("escape,n", "answer(False)", _("No")),
        Binding("y,s", "answer(True)", _("Yes")),
    ]

    def __init__(self, question: str, *, danger: bool = False) -> None:
        super().__init__()
        self.question = question
        self.danger = danger

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(self.question), classes="question")
            with Horizontal(classes="buttons"):
                yield Button(_("Yes (y)"), id="yes", variant="error" if self.danger else "primary")
                yield Button(_("No (n)"), id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


class SortScreen(ModalScreen[tuple[str, bool] | None]):
    """Choose the column to sort by; choosing the current one reverses the order."""

    BINDINGS: ClassVar = [Binding("escape", "dismiss(None)", _("Cancel"))]

    def __init__(self, options: list[tuple[str, str]], current: str, descending: bool) -> None:
        super().__init__()
        self.options = options
        self.current = current
        self.descending = descending

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(_("Sort by"), classes="title")
            yield OptionList(*[Option(title, id=key) for key, title in self.options])

    def on_mount(self) -> None:
        option_list = self.query_one(OptionList)
        keys = [k for k, _title in self.options]
        option_list.highlighted = keys.index(self.current) if self.current in keys else 0
        option_list.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        key = event.option.id or "name"
        self.dismiss((key, not self.descending if key == self.current else False))


def _date(value: str) -> dt.date | None:
    return dt.date.fromisoformat(value.strip()) if value.strip() else None


class FilterScreen(ModalScreen[ClientFilter | None]):
    """Narrow the list: date added, category, company type, state, country, near a place."""

    app = getters.app(ClientsHost)
    BINDINGS: ClassVar = [
        Binding("escape", "dismiss(None)", _("Cancel")),
        Binding("ctrl+s", "apply", _("Apply"), priority=True),
        Binding("ctrl+r", "clear", _("Clear")),
    ]

    def __init__(self, current: ClientFilter) -> None:
        super().__init__()
        self.current = current

    def on_mount(self) -> None:
        self.query_one("#added_from", Input).focus()  # not the scrolling dialog around it

    def compose(self) -> ComposeResult:
        f = self.current
        state = "" if f.active is None else ("1" if f.active else "0")
        rows = [
            (
                _("Added from"),
                Input(str(f.added_from or ""), placeholder=_("YYYY-MM-DD"), id="added_from"),
            ),
            (
                _("Added until"),
                Input(str(f.added_to or ""), placeholder=_("YYYY-MM-DD"), id="added_to"),
            ),
            (
                _("Category"),
                Select(
                    literal_options(choices("category")),
                    value=f.category or Select.NULL,
                    id="category",
                    prompt=_("Any"),
                ),
            ),
            (
                _("Company type"),
                Select(
                    literal_options(choices("company_type")),
                    value=f.company_type or Select.NULL,
                    id="company_type",
                    prompt=_("Any"),
                ),
            ),
            (
                _("State"),
                Select(
                    literal_options([(_("active"), "1"), (_("inactive"), "0")]),
                    value=state or Select.NULL,
                    id="active",
                    prompt=_("Any"),
                ),
            ),
            (
                _("Country"),
                Select(
                    literal_options(choices("country")),
                    value=f.country or Select.NULL,
                    id="country",
                    prompt=_("Any"),
                ),
            ),
            (
                _("Service"),
                Select(
                    literal_options(choices("service")),
                    value=f.service or Select.NULL,
                    id="service",
                    prompt=_("Any"),
                ),
            ),
            (_("Near"), Input(f.near_text, placeholder=_("a place or a client code"), id="near")),
            (_("Within km"), Input(f"{f.near[2]:g}" if f.near else "10", id="km")),
        ]
        self.custom_defs = {d.key: d for d in definitions(active_only=True)}
        if self.custom_defs:
            key, value = (f.custom[0], f.custom_text.split(": ", 1)[-1]) if f.custom else ("", "")
            rows += [
                (
                    _("Additional field"),
                    Select(
                        literal_options([(d.label, k) for k, d in self.custom_defs.items()]),
                        value=key or Select.NULL,
                        id="custom_key",
                        prompt=_("Any"),
                    ),
                ),
                (_("Its value"), Input(value, id="custom_value")),
            ]
        with VerticalScroll(classes="dialog wide"):
            yield Label(_("Filters"), classes="title")
            for label, widget in rows:
                with Horizontal(classes="row"):
                    yield Label(label)
                    yield widget
            yield Static(id="error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button(_("Apply (ctrl+s)"), id="apply", variant="primary")
                yield Button(_("Clear (ctrl+r)"), id="clear")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_apply() if event.button.id == "apply" else self.action_clear()

    def _select(self, name: str) -> str:
        value = self.query_one(f"#{name}", Select).value
        return "" if value is Select.NULL or value is None else str(value)

    def action_apply(self) -> None:
        dates = {}
        for name, label in (("added_from", _("Added from")), ("added_to", _("Added until"))):
            widget = self.query_one(f"#{name}", Input)
            try:
                dates[name] = _date(widget.value)
            except ValueError:
                message = _("{field}: “{value}” is not a date; write YYYY-MM-DD.").format(
                    field=label, value=widget.value
                )
                self.query_one("#error", Static).update(Text(message))
                self.notify(message, severity="error", markup=False)
                widget.focus()
                return
        start, end = dates["added_from"], dates["added_to"]
        near_text = self.query_one("#near", Input).value.strip()
        near = None
        if near_text:
            near = self._near(near_text)
            if near is None:
                return
        custom = self._custom()
        if custom is False:
            return
        active = self._select("active")
        self.dismiss(
            ClientFilter(
                text=self.current.text,
                trash=self.current.trash,
                added_from=start,
                added_to=end,
                category=self._select("category"),
                company_type=self._select("company_type"),
                active=None if not active else active == "1",
                country=self._select("country"),
                near=near,
                near_text=near_text if near else "",
                custom=custom[0] if custom else None,
                custom_text=custom[1] if custom else "",
                service=self._select("service"),
                service_text=dict((c, n) for n, c in choices("service")).get(
                    self._select("service"), ""
                ),
            )
        )

    def _near(self, text: str) -> tuple[float, float, float] | None:
        """The centre and radius typed, or None with the reason shown."""
        km_input = self.query_one("#km", Input)
        try:
            km = float(km_input.value.replace(",", "."))
            if not 0 < km <= 2000:
                raise ValueError
        except ValueError:
            return self._refuse(
                _("Within km: “{value}” is not a distance; write a number of km (e.g. 10).").format(
                    value=km_input.value
                ),
                km_input,
            )
        found = near_point(text, self.app.settings.default_country)
        if found is None:
            return self._refuse(
                _(
                    "Near: “{value}” is not a place the geocoder knows nor a client "
                    "code with coordinates."
                ).format(value=text),
                self.query_one("#near", Input),
            )
        return found[0], found[1], km

    def _custom(self):
        """(key, value, contains) and how to say it, None for no custom field, or False with
        the reason shown (the value is checked as the field's values are)."""
        if not self.custom_defs or not self._select("custom_key"):
            return None
        d = self.custom_defs[self._select("custom_key")]
        widget = self.query_one("#custom_value", Input)
        try:
            value = check_value(replace(d, required=True), widget.value)
        except ValidationError as exc:
            self._refuse(f"{d.label}: {exc.errors[0].message()}", widget)
            return False
        return (d.key, value, d.type == "text"), f"{d.label}: {value_text(d.type, value)}"

    def _refuse(self, message: str, widget) -> None:
        self.query_one("#error", Static).update(Text(message))
        self.notify(message, severity="error", markup=False)
        widget.focus()
        return None

    def action_clear(self) -> None:
        self.dismiss(ClientFilter(text=self.current.text, trash=self.current.trash))

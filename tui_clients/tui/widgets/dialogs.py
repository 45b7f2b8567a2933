"""Small modal dialogs: confirmation, sort order, list filters."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import ClassVar

from rich.text import Text
from textual import getters, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from tui_clients.domain.custom_fields import check_value, value_text
from tui_clients.domain.errors import ValidationError
from tui_clients.domain.i18n import N_, _, ngettext
from tui_clients.domain.text import printable
from tui_clients.services.admin.catalogs import choices
from tui_clients.services.admin.custom_fields import definitions
from tui_clients.services.clients.listing import ClientFilter
from tui_clients.services.geo.geocoding import NearPlace, near_places
from tui_clients.tui.widgets.fields import literal_options
from tui_clients.tui.widgets.host import ClientsHost


class ConfirmScreen(ModalScreen[bool]):
    """Asks a yes/no question; Escape or n answers no."""

    BINDINGS: ClassVar = [
        Binding("escape,n", "answer(False)", N_("No")),
        Binding("y,s", "answer(True)", N_("Yes")),
    ]

    def __init__(self, question: str, *, danger: bool = False) -> None:
        super().__init__()
        self.question = question
        self.danger = danger

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(printable(self.question)), classes="question")
            with Horizontal(classes="buttons"):
                yield Button(_("Yes (y)"), id="yes", variant="error" if self.danger else "primary")
                yield Button(_("No (n)"), id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


class ExplicitConfirmScreen(ConfirmScreen, inherit_bindings=False):
    """A question only a deliberate choice answers yes (purging for good): no key says
    yes, Cancel has the focus, so an Enter or a letter typed ahead cannot confirm; the
    operator moves to the named button (Tab, →) and presses it."""

    BINDINGS: ClassVar = [
        Binding("escape,n", "answer(False)", N_("Cancel")),
        Binding("left", "app.focus_previous", show=False),
        Binding("right", "app.focus_next", show=False),
    ]

    def __init__(self, question: str, yes: str) -> None:
        super().__init__(question, danger=True)
        self.yes = yes

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(printable(self.question)), classes="question")
            with Horizontal(classes="buttons"):
                yield Button(_("Cancel"), id="no", variant="primary")
                yield Button(self.yes, id="yes", variant="error")


class SortScreen(ModalScreen[tuple[str, bool] | None]):
    """Choose the column to sort by; choosing the current one reverses the order."""

    BINDINGS: ClassVar = [Binding("escape", "dismiss(None)", N_("Cancel"))]

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


class PlaceChoiceScreen(ModalScreen[int | None]):
    """Which of the places by the name typed for "near" (one per country): ↑/↓ and Enter,
    Escape goes back to the filters."""

    BINDINGS: ClassVar = [Binding("escape", "dismiss(None)", _("Back"))]

    def __init__(self, typed: str, places: list[NearPlace]) -> None:
        super().__init__()
        self.typed, self.places = typed, places

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(
                Text(_("“{value}” is in several places: which one?").format(value=self.typed)),
                classes="title",
            )
            yield OptionList(*(Option(Text(printable(p.label))) for p in self.places), id="places")
            yield Label(_("Enter chooses · Esc goes back (or add the country to the name)"))

    def on_mount(self) -> None:
        options = self.query_one("#places", OptionList)
        options.highlighted = 0
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option_index)


def _date(value: str) -> dt.date | None:
    return dt.date.fromisoformat(value.strip()) if value.strip() else None


class FilterScreen(ModalScreen[ClientFilter | None]):
    """Narrow the list: date added, category, company type, state, country, near a place."""

    DEFAULT_CSS = "FilterScreen #near-place { margin: 0 0 0 16; color: $text-muted; }"

    app = getters.app(ClientsHost)
    BINDINGS: ClassVar = [
        Binding("escape", "dismiss(None)", N_("Cancel")),
        Binding("ctrl+s", "apply", N_("Apply"), priority=True),
        Binding("ctrl+r", "clear", N_("Clear")),
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
                    literal_options(choices("company_type", self.app.settings.default_country)),
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
            (
                "",
                Static(
                    Text(_("→ {place}").format(place=f.near_text) if f.near else ""),
                    id="near-place",
                ),
            ),
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
                if not label:  # a line that tells about the row above it
                    yield widget
                    continue
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
                self.query_one("#error", Static).update(Text(printable(message)))
                self.notify(message, severity="error", markup=False)
                widget.focus()
                return
        start, end = dates["added_from"], dates["added_to"]
        near_text = self.query_one("#near", Input).value.strip()
        places: list[NearPlace] = []
        km = 0.0
        if near_text:
            found = self._near(near_text)
            if found is None:
                return
            places, km = found
        custom = self._custom()
        if custom is False:
            return
        active = self._select("active")

        def chosen(place: NearPlace | None) -> ClientFilter:
            return ClientFilter(
                text=self.current.text,
                trash=self.current.trash,
                added_from=start,
                added_to=end,
                category=self._select("category"),
                company_type=self._select("company_type"),
                active=None if not active else active == "1",
                country=self._select("country"),
                near=(place.latitude, place.longitude, km) if place else None,
                near_text=place.label if place else "",
                custom=custom[0] if custom else None,
                custom_text=custom[1] if custom else "",
                service=self._select("service"),
                service_text=dict((c, n) for n, c in choices("service")).get(
                    self._select("service"), ""
                ),
            )

        if len(places) > 1:  # the name is in several countries: the operator says which

            def picked(index: int | None) -> None:
                if index is not None:
                    self.dismiss(chosen(places[index]))

            self.app.push_screen(PlaceChoiceScreen(near_text, places), picked)
            return
        self.dismiss(chosen(places[0] if places else None))

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "near":
            self._resolve_near(event.value)

    @work(thread=True, exclusive=True, group="near-place", exit_on_error=False)
    def _resolve_near(self, text: str) -> None:
        """Say, under "Near", the place the typed text is (or the choices it has)."""
        places = near_places(text) if len(text.strip()) > 2 else []
        if len(places) == 1:
            said = _("→ {place}").format(place=places[0].label)
        elif places:
            said = ngettext(
                "→ {n} place by that name ({countries}): applying asks which",
                "→ {n} places by that name ({countries}): applying asks which",
                len(places),
            ).format(
                n=len(places), countries=", ".join(p.label.rsplit(", ", 1)[-1] for p in places)
            )
        else:
            said = ""
        self.app.call_from_thread(self._say_near, text, said)

    def _say_near(self, text: str, said: str) -> None:
        """Show what ``text`` resolved to, unless the operator typed on since."""
        if self.is_attached and self.query_one("#near", Input).value == text:
            self.query_one("#near-place", Static).update(Text(printable(said)))

    def _near(self, text: str) -> tuple[list[NearPlace], float] | None:
        """The places the text may mean and the radius typed, or None with the reason
        shown."""
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
        found = near_places(text)
        if not found:
            return self._refuse(
                _(
                    "Near: “{value}” is not a place the geocoder knows nor a client "
                    "code with coordinates."
                ).format(value=text),
                self.query_one("#near", Input),
            )
        return found, km

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
        self.query_one("#error", Static).update(Text(printable(message)))
        self.notify(message, severity="error", markup=False)
        widget.focus()
        return None

    def action_clear(self) -> None:
        self.dismiss(ClientFilter(text=self.current.text, trash=self.current.trash))

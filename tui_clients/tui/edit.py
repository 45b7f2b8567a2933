"""Editing a client's identity and contact data, with errors shown beside each field.

Validation is the services' (one set of rules for every front end); this
screen only shows the errors where they belong.  An edit of a client that
another operator changed meanwhile is refused and the form reloads.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Checkbox, Footer, Header, Input, Label, Select, Static

from tui_clients.domain.errors import ValidationError
from tui_clients.i18n import _
from tui_clients.services.catalogs import choices
from tui_clients.services.client_queries import get_client, input_from_detail
from tui_clients.services.clients import StaleClientError, update_client
from tui_clients.services.dto import ClientDetail
from tui_clients.tui.dialogs import ConfirmScreen

EMAILS, PHONES = 3, 2


class Field(Vertical):
    """A label, an input and the place where its error appears."""

    DEFAULT_CSS = """
    Field { layout: grid; grid-size: 2; grid-columns: 26 1fr; grid-rows: auto;
            height: auto; margin-bottom: 1; }
    Field > Label { padding: 0 1; }
    Field > Input { border: none; height: 1; padding: 0 1; }
    Field > Input:focus { border: none; background: $boost; text-style: bold; }
    Field > Select > SelectCurrent { border: none; height: 1; padding: 0 1; }
    Field > .error { color: $error; height: auto; column-span: 2; padding: 0 1; }
    """

    def __init__(self, label: str, widget, name: str) -> None:
        super().__init__(id="field-" + re.sub(r"[^\w-]+", "-", name).strip("-"))
        self.label, self.widget, self.field_name = label, widget, name

    def compose(self) -> ComposeResult:
        yield Label(self.label)
        yield self.widget
        yield Static(classes="error")

    def show_error(self, message: str) -> None:
        error = self.query_one(".error", Static)
        error.update(Text(message))
        error.display = bool(message)


class EditScreen(Screen):
    """ctrl+s saves, Escape goes back without saving."""

    BINDINGS: ClassVar = [
        Binding("ctrl+s", "save", _("Save")),
        Binding("escape,q", "cancel", _("Cancel")),
    ]

    def __init__(self, client_id: int) -> None:
        super().__init__()
        self.client_id = client_id
        self.client: ClientDetail = get_client(client_id)

    def _fields(self) -> list[Field]:
        c = self.client
        fields: list[Field] = []
        if c.person_kind == "fisica":
            fields += [Field(_("First names"), Input(c.first_name, id="first_name"), "first_name"),
                       Field(_("Last names"), Input(c.last_name, id="last_name"), "last_name")]  # fmt: skip
        else:
            fields.append(
                Field(_("Razón social"), Input(c.legal_name, id="legal_name"), "legal_name")
            )
        fields += [
            Field(_("Trade name"), Input(c.trade_name, id="trade_name"), "trade_name"),
            Field(_("Document number ({type})").format(type=c.document_type),
                  Input(c.document_number, id="document_number"), "document_number"),
            Field(_("Internal code"), Input(c.internal_code, id="internal_code"), "internal_code"),
            Field(_("Category"), Select(choices("category"), value=c.category or Select.NULL,
                                        id="category", prompt=_("(none)")), "category"),
            Field(_("Website"), Input(c.website, id="website"), "website"),
        ]  # fmt: skip
        for i in range(EMAILS):
            value = c.emails[i] if i < len(c.emails) else ""
            label = _("Main e-mail") if i == 0 else _("Other e-mail {n}").format(n=i)
            fields.append(Field(label, Input(value, id=f"emails-{i}"), f"emails[{i}]"))
        for i in range(PHONES):
            value = c.phones[i].number if i < len(c.phones) else ""
            fields.append(Field(_("Phone {n}").format(n=i + 1), Input(value, id=f"phones-{i}"),
                                f"phones[{i}]"))  # fmt: skip
        return fields

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(Text(f"{self.client.code} · {self.client.legal_name}"), id="title")
        with VerticalScroll(id="form"):
            yield from self._fields()
            yield Checkbox(_("Active"), self.client.active, id="active")
            yield Static(id="form-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button(_("Save (ctrl+s)"), id="save", variant="primary")
                yield Button(_("Cancel (esc)"), id="cancel")
        yield Footer()

    def on_mount(self) -> None:
        for field in self.query(Field):
            field.show_error("")
        self.query(Input).first().focus()
        self._initial = self._form()

    def _form(self) -> dict:
        values = {w.id: w.value for w in self.query(Input)}
        values["category"] = self._value("category")
        values["active"] = self.query_one("#active", Checkbox).value
        return values

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    def action_cancel(self) -> None:
        """Leave without saving; asks first when something was typed."""
        if self._form() == self._initial:
            self.app.pop_screen()
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.app.pop_screen()

        self.app.push_screen(ConfirmScreen(_("Discard the changes you typed?")), answered)

    def _value(self, widget_id: str) -> str:
        widgets = self.query(f"#{widget_id}")
        if not widgets:
            return ""
        widget = widgets.first()
        if isinstance(widget, Select):
            return "" if widget.value in (Select.NULL, None) else str(widget.value)
        return widget.value

    def action_save(self) -> None:
        c = self.client
        data = replace(
            input_from_detail(c),
            first_name=self._value("first_name"), last_name=self._value("last_name"),
            legal_name=self._value("legal_name") if c.person_kind == "moral" else "",
            trade_name=self._value("trade_name"), document_number=self._value("document_number"),
            internal_code=self._value("internal_code"), category=self._value("category"),
            website=self._value("website"), active=self.query_one("#active", Checkbox).value,
            emails=[self._value(f"emails-{i}") for i in range(EMAILS)],
            phones=[p for p in (self._value(f"phones-{i}") for i in range(PHONES)) if p.strip()],
        )  # fmt: skip
        for field in self.query(Field):
            field.show_error("")
        form_error = self.query_one("#form-error", Static)
        form_error.update("")
        try:
            update_client(c.id, data, expected_version=c.version,
                          default_country=self.app.settings.default_country)  # fmt: skip
        except ValidationError as exc:
            unplaced = []
            for error in exc.errors:
                fields = [f for f in self.query(Field) if f.field_name == error.field]
                if fields:
                    fields[0].show_error(error.message())
                else:
                    unplaced.append(error.message())
            form_error.update(Text("\n".join(unplaced)))
            self.notify(_("Not saved: {n} problem(s) to fix.").format(n=len(exc.errors)),
                        severity="error", markup=False)  # fmt: skip
            return
        except StaleClientError as exc:
            self.notify(
                _("Not saved: {user} changed this client at {time}. It was reloaded; apply your change again.").format(
                    user=exc.current.updated_by, time=f"{exc.current.updated_at:%H:%M:%S}"),
                severity="error", markup=False, timeout=10,
            )  # fmt: skip
            self.app.switch_screen(EditScreen(c.id))
            return
        self.notify(_("Saved."), markup=False)
        self.app.pop_screen()

"""The steps of the registration wizard, also the tabs of the edit form.

A step composes its fields from the client being entered (``StepContext.data``),
writes what the operator typed back into it (``store``), and shows the errors
of its fields beside them.  Rules are the services' and the domain's: a step
only asks and shows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Button, Select, Static

from tui_clients.domain.client_rules import phone_country
from tui_clients.domain.contact import modernised_note, normalize_phone
from tui_clients.domain.documents import FISICA, document_label, document_warnings
from tui_clients.domain.entities import ClientInput, FiscalInput
from tui_clients.domain.errors import FieldError, ValidationError
from tui_clients.domain.fiscal import regimenes_for, usos_for
from tui_clients.domain.i18n import N_, _
from tui_clients.domain.wizard import asks
from tui_clients.services.admin import catalogs
from tui_clients.services.dto import ContactRecord
from tui_clients.services.registration.lookups import CompanyRecord, person_kind_of
from tui_clients.tui.widgets.fields import (
    Field,
    check_field,
    field_id,
    select_field,
    show_errors,
    text_field,
    value_of,
)

STEP_TITLES = {
    "company_type": N_("Company type"),
    "category": N_("Category"),
    "identity": N_("Identity"),
    "contacts": N_("Contacts"),
    "addresses": N_("Addresses"),
    "fiscal_mx": N_("Fiscal data (MX)"),
    "other": N_("Other data"),
    "server": N_("Server data"),
    "custom": N_("Additional fields"),
    "finish": N_("Summary"),
}
EMAIL_SLOTS, PHONE_SLOTS = 3, 2
CHOOSE = N_("(choose)")


def kept_warnings(data: ClientInput, default_country: str) -> list[FieldError]:
    """What is stored although it is not quite what was typed, and must be said: an RFC
    whose check digit fails, a phone in an old format stored as the current number.
    (A phone that is not valid yet is an error its step shows, not a warning.)"""
    warnings = document_warnings(data.document_country, data.document_type, data.document_number)
    country = phone_country(data, default_country)
    typed = [
        *((f"phones[{i}]", p) for i, p in enumerate(data.phones)),
        *((f"contacts[{i}].phone", c.phone) for i, c in enumerate(data.contacts)),
    ]
    for name, text in typed:
        try:
            phone = normalize_phone(text, country, name)
        except ValidationError:
            continue
        if (note := modernised_note(phone, name)) is not None:
            warnings.append(note)
    return warnings


@dataclass
class StepContext:
    """What every step of one registration (or one edit) shares."""

    data: ClientInput
    steps: list[str]
    default_country: str
    company: CompanyRecord | None = None  # the registered company the client starts from
    linked: dict[str, ContactRecord] = field(default_factory=dict)  # by e-mail key
    editing: bool = False


class Step(VerticalScroll, can_focus=False):
    """One step: its fields, what they hold, and where their errors go."""

    key: ClassVar[str] = ""

    class PlanChanged(Message):
        """The company type or the category changed: the steps may be others now."""

    def __init__(self, ctx: StepContext) -> None:
        super().__init__(id=f"step-{self.key}", classes="step")
        self.ctx = ctx
        self.composing = False

    @property
    def data(self) -> ClientInput:
        return self.ctx.data

    def compose(self) -> ComposeResult:
        yield from self.fields()
        yield Static(classes="error step-error")

    def fields(self):
        return []

    def store(self) -> None:
        """Write what the operator typed into ``ctx.data`` (not while fields are being rebuilt)."""
        if not self.composing and self.is_mounted:
            self._store()

    def _store(self) -> None:
        """Each step's own reading of its fields."""

    async def recompose(self) -> None:
        self.composing = True
        try:
            await super().recompose()
        finally:
            self.composing = False

    def value(self, name: str) -> str:
        found = [f for f in self.query(Field) if f.field_name == name]
        return str(value_of(found[0].widget)) if found else ""

    def show_errors(self, errors: list[FieldError]) -> list[FieldError]:
        """Errors beside their fields; those with no field go under the step."""
        unplaced = show_errors(self, errors, focus=False)  # the form says where the cursor goes
        note = self.query_one(".step-error", Static)
        note.update(Text("\n".join(e.message() for e in unplaced)))
        note.display = bool(unplaced)
        return unplaced

    async def rebuild(self) -> None:
        """Compose again from the data (a choice changed the other fields), keeping focus."""
        self.store()
        focused = self.app.focused.id if self.app.focused else None
        await self.recompose()
        if focused and self.query(f"#{focused}"):
            self.query_one(f"#{focused}").focus()

    def _changed(self, event: Select.Changed, name: str) -> bool:
        """Whether a picker's change is new (pickers also report their first value)."""
        return event.select.id == field_id(name) and str(value_of(event.select)) != self._current(
            name
        )

    def _current(self, name: str) -> str:
        return ""


class CompanyTypeStep(Step):
    key = "company_type"

    def fields(self):
        yield Static(Text(_("The kind of client decides the steps that follow.")), classes="intro")
        country = self.data.document_country or self.ctx.default_country
        options = [(label, code) for label, code, _k, _s in catalogs.company_types(country)]
        yield select_field(
            _("Company type"), "company_type", options, self.data.company_type, _(CHOOSE)
        )
        company = self.ctx.company
        if company is not None:
            yield Static(
                Text(
                    _("From company {code} “{name}” ({document}).").format(
                        code=company.code,
                        name=company.legal_name,
                        document=document_label(company.document_type, company.document_number),
                    )
                ),
                id="from-company-note",
            )
        if not self.ctx.editing:
            yield Button(_("From an existing company… (ctrl+o)"), id="from-company", compact=True)

    def _current(self, name: str) -> str:
        return self.data.company_type

    def _store(self) -> None:
        self.data.company_type = self.value("company_type")
        if self.data.company_type:
            self.data.person_kind = person_kind_of(self.data.company_type)

    def on_select_changed(self, event: Select.Changed) -> None:
        if self._changed(event, "company_type"):
            self.store()
            self.post_message(self.PlanChanged())


class CategoryStep(Step):
    key = "category"

    def fields(self):
        options = [
            (label, code) for label, code, _s in catalogs.categories_for(self.data.company_type)
        ]
        yield select_field(_("Category"), "category", options, self.data.category, _(CHOOSE))
        steps = [_(STEP_TITLES[s]) for s in self.ctx.steps[4:-1]]
        text = (
            _("Steps this client needs: {steps}.").format(steps=", ".join(steps))
            if steps
            else _("This client needs no further steps.")
        )
        yield Static(Text(text), id="plan-note", classes="intro")

    def _current(self, name: str) -> str:
        return self.data.category

    def _store(self) -> None:
        self.data.category = self.value("category")

    async def on_select_changed(self, event: Select.Changed) -> None:
        if self._changed(event, "category"):
            self.store()
            self.post_message(self.PlanChanged())


class IdentityStep(Step):
    key = "identity"

    def __init__(self, ctx: StepContext) -> None:
        super().__init__(ctx)
        self.kind = ctx.data.person_kind  # the names its fields ask: a person's or a company's

    def fields(self):
        d = self.data
        self.kind = d.person_kind
        country = d.document_country or self.ctx.default_country
        yield select_field(
            _("Country of the document"),
            "document_country",
            catalogs.choices("country"),
            country,
            _(CHOOSE),
        )
        yield select_field(
            _("Document type"),
            "document_type",
            catalogs.document_types(country, d.person_kind),
            d.document_type,
            _(CHOOSE),
        )
        yield text_field(_("Document number"), "document_number", d.document_number)
        if self.kind == FISICA:
            yield text_field(_("First names"), "first_name", d.first_name)
            yield text_field(_("Last names"), "last_name", d.last_name)
            genders = [(_("female"), "F"), (_("male"), "M"), (_("other"), "X")]
            yield select_field(_("Gender (optional)"), "gender", genders, d.gender, _("Not stated"))
        else:
            yield text_field(_("Legal name (razón social)"), "legal_name", d.legal_name)
        yield text_field(_("Trade name"), "trade_name", d.trade_name)
        yield text_field(_("Internal code (optional)"), "internal_code", d.internal_code)
        if self.ctx.editing:
            yield check_field(_("Active"), "active", d.active)

    def _current(self, name: str) -> str:
        return self.data.document_country or self.ctx.default_country

    def _store(self) -> None:
        d = self.data
        d.document_country = self.value("document_country")
        d.document_type = self.value("document_type")
        d.document_number = self.value("document_number")
        if self.kind == FISICA:  # the fields on screen, even if the company type just changed
            names = f"{d.first_name} {d.last_name}".strip()
            d.first_name, d.last_name = self.value("first_name"), self.value("last_name")
            d.gender = self.value("gender")
            if names and d.legal_name == names:  # a person's legal name is their names
                d.legal_name = f"{d.first_name} {d.last_name}".strip()
        else:
            d.legal_name = self.value("legal_name")
        d.trade_name, d.internal_code = self.value("trade_name"), self.value("internal_code")
        if self.ctx.editing:
            d.active = self.value("active") == "True"

    async def on_select_changed(self, event: Select.Changed) -> None:
        if self._changed(event, "document_country"):
            await self.rebuild()  # other document types


def email_fields(step: Step):
    """The client's main e-mail and two more, in the step of the plan that asks them."""
    for i in range(EMAIL_SLOTS):
        value = step.data.emails[i] if i < len(step.data.emails) else ""
        label = _("Main e-mail") if i == 0 else _("Other e-mail {n}").format(n=i)
        yield text_field(label, f"emails[{i}]", value)


def store_emails(step: Step) -> None:
    emails = [step.value(f"emails[{i}]") for i in range(EMAIL_SLOTS)]
    while emails and not emails[-1].strip():
        emails.pop()
    step.data.emails = emails


class FiscalStep(Step):
    key = "fiscal_mx"

    def fields(self):
        d = self.data
        fiscal = d.fiscal or FiscalInput()
        regimenes, usos = catalogs.fiscal_catalogs()
        if d.document_type == "RFC":
            rfc = _("RFC: {number}").format(number=d.document_number)
        else:
            rfc = _("Mexican invoices need an RFC: go back to the identity step (ctrl+b).")
        yield Static(Text(rfc), id="rfc-note", classes="intro")
        yield select_field(
            _("Régimen fiscal"),
            "fiscal.regimen",
            [
                (f"{r.code} {r.description}", r.code)
                for r in regimenes_for(d.person_kind, regimenes)
            ],
            fiscal.regimen,
            _(CHOOSE),
        )
        yield select_field(
            _("Uso de CFDI"),
            "fiscal.uso_cfdi",
            [
                (f"{u.code} {u.description}", u.code)
                for u in usos_for(d.person_kind, fiscal.regimen, usos)
            ],
            fiscal.uso_cfdi,
            _(CHOOSE),
        )
        yield text_field(_("Fiscal postal code"), "fiscal.postal_code", fiscal.postal_code)
        if asks(self.key, "emails", self.ctx.steps):
            yield from email_fields(self)

    def _current(self, name: str) -> str:
        return self.data.fiscal.regimen if self.data.fiscal else ""

    def _store(self) -> None:
        fiscal = FiscalInput(
            self.value("fiscal.regimen"),
            self.value("fiscal.uso_cfdi"),
            self.value("fiscal.postal_code"),
        )
        if self.data.fiscal is not None or any(vars(fiscal).values()):  # none typed: none
            self.data.fiscal = fiscal
        if asks(self.key, "emails", self.ctx.steps):
            store_emails(self)

    async def on_select_changed(self, event: Select.Changed) -> None:
        if self._changed(event, "fiscal.regimen"):
            await self.rebuild()  # the usos de CFDI of this régimen


class OtherStep(Step):
    key = "other"

    def fields(self):
        d = self.data
        yield text_field(_("Contact person"), "contact_person", d.contact_person)
        for i in range(PHONE_SLOTS):
            value = d.phones[i] if i < len(d.phones) else ""
            yield text_field(_("Phone {n}").format(n=i + 1), f"phones[{i}]", value)
        yield text_field(_("Website"), "website", d.website)
        if asks(self.key, "emails", self.ctx.steps):
            yield from email_fields(self)

    def _store(self) -> None:
        d = self.data
        d.contact_person = self.value("contact_person")
        d.phones = [
            p for p in (self.value(f"phones[{i}]") for i in range(PHONE_SLOTS)) if p.strip()
        ]
        d.website = self.value("website")
        if asks(self.key, "emails", self.ctx.steps):
            store_emails(self)

"""What a client's fields and changes are called: the History tab and the Summary tab
name them alike."""

from __future__ import annotations

from tui_clients.domain.custom_fields import field_name
from tui_clients.domain.i18n import N_, _
from tui_clients.services.admin.custom_fields import definitions

FIELDS = {
    "legal_name": N_("Name / razón social"),
    "first_name": N_("First names"),
    "last_name": N_("Last names"),
    "trade_name": N_("Trade name"),
    "internal_code": N_("Internal code"),
    "document": N_("Document"),
    "company_type": N_("Company type"),
    "category": N_("Category"),
    "company": N_("Company"),
    "active": N_("State"),
    "gender": N_("Gender"),
    "website": N_("Website"),
    "emails": N_("E-mails"),
    "phones": N_("Phones"),
    "addresses": N_("Addresses"),
    "contacts": N_("Contacts"),
    "fiscal": N_("Fiscal data"),
    "contact_person": N_("Contact person"),
    "server_accounts": N_("Accounts and channels"),
    "servers": N_("Servers"),
    "server_passwords": N_("Server password changed"),
    "origin": N_("Origin"),
    "inventory": N_("Inventory"),
    "signature": N_("Signature"),
    "photo": N_("Photo"),
    "channels": N_("Channels"),
    "invitation": N_("Invitation"),
    "same_document": N_("Same document as client"),
}


def field_labels() -> dict[str, str]:
    """What the history calls each field: built-in ones in the active language, custom
    fields by their label."""
    labels = {field: _(label) for field, label in FIELDS.items()}
    return labels | {field_name(d.key): d.label for d in definitions()}


def history_label(field: str, labels: dict[str, str]) -> str:
    if field.startswith("service."):
        return _("Service {code}").format(code=field.split(".", 1)[1])
    return labels.get(field, field)

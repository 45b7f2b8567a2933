"""What the registration wizard asks the registry while the operator types.

- an e-mail that is already a contact (contacts are unique in the registry);
- registered companies, searchable, to start a client from one (with or without a
  company type: those an import created have none);
- a document number that is already a client's, while the identity step is on screen;
- the draft of an unfinished registration, kept per OS user so a dropped SSH
  link loses nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from peewee import JOIN

from tui_clients.db import models as m
from tui_clients.db import search_index
from tui_clients.domain.client_rules import validate_client
from tui_clients.domain.contact import email_key
from tui_clients.domain.documents import MORAL, is_shared_document
from tui_clients.domain.drafts import draft_data, input_from_draft
from tui_clients.domain.entities import ClientInput
from tui_clients.domain.errors import FieldError, ValidationError
from tui_clients.domain.search import MIN_INDEXED, prefix_range, query_terms
from tui_clients.domain.text import fold
from tui_clients.domain.wizard import errors_for, plan, required_errors
from tui_clients.services.admin.custom_fields import applicable
from tui_clients.services.clients.checks import check_client, check_unique, references
from tui_clients.services.dto import ContactRecord

DRAFT_PREFIX = "wizard-draft:"


@dataclass(frozen=True)
class CompanyRecord:
    id: int
    code: str
    legal_name: str
    trade_name: str
    document_country: str
    document_type: str
    document_number: str
    company_type: str  # "" when the company has none (an import does not say one)
    client_id: int | None = None  # the client with the company's own document, if any
    client_code: str = ""


def find_contact(email: str) -> ContactRecord | None:
    """The registry's contact with this e-mail (compared case-insensitively), if any."""
    contact = m.Contact.get_or_none(m.Contact.email_key == email_key(email or ""))
    if contact is None:
        return None
    return ContactRecord(
        contact.id, contact.email, contact.first_name, contact.last_name, contact.phone, False
    )


def search_companies(text: str, *, limit: int = 20) -> list[CompanyRecord]:
    """Registered companies, by name, for the text typed in the picker.

    Names and document numbers that begin with the text are found through two
    index ranges; words inside a name ("andes" in "Café de los Andes") through
    the clients' search index, for companies that have clients.  Each company
    says which client already has its document, if any.  Companies without a company
    type or a document (an import creates them so) are found too.
    """
    query = (
        m.Company.select(m.Company, m.DocumentType, m.CompanyType)
        .join(m.DocumentType, JOIN.LEFT_OUTER)
        .switch(m.Company)
        .join(m.CompanyType, JOIN.LEFT_OUTER)
        .where(m.Company.deleted_at.is_null())
    )
    folded = fold(text)
    if not folded:
        rows = list(query.order_by(m.Company.sort_name).limit(limit))
        return _with_clients(rows)
    low, high = prefix_range(folded)
    found = {
        c.id: c
        for c in query.where(m.Company.sort_name >= low, m.Company.sort_name < high)
        .order_by(m.Company.sort_name)
        .limit(limit)
    }
    doc_low, doc_high = prefix_range(folded.replace(" ", "").upper())
    by_doc = query.where(m.Company.document_number >= doc_low, m.Company.document_number < doc_high)
    found.update({c.id: c for c in by_doc.order_by(m.Company.document_number).limit(limit)})
    terms = query_terms(text)
    words = not any(ch.isdigit() for ch in folded)  # digits mean the start of a document
    if len(found) < limit and words and any(len(t) >= MIN_INDEXED for t in terms):
        ids = search_index.first_matches(m.database.obj, terms, 10 * limit)
        clients = m.Client.select(m.Client.company).where(m.Client.id.in_(ids))
        for c in query.where(m.Company.id.in_(clients)):
            if all(t in c.sort_name for t in terms):
                found.setdefault(c.id, c)
    return _with_clients(sorted(found.values(), key=lambda c: c.sort_name)[:limit])


def _with_clients(rows: list) -> list[CompanyRecord]:
    records = []
    for c in rows:
        doc_type = c.document_type if c.document_type_id is not None else None
        query = m.Client.select(m.Client.id, m.Client.code).where(  # its own client
            m.Client.document_type == c.document_type_id,
            m.Client.document_number == c.document_number,
            m.Client.person_kind == MORAL,
        )
        if doc_type is not None and is_shared_document(doc_type.code, c.document_number or ""):
            query = query.where(m.Client.company == c.id)  # a generic RFC: its own client
        client = query.first()
        records.append(
            CompanyRecord(
                c.id,
                c.code,
                c.legal_name,
                c.trade_name,
                doc_type.country if doc_type else "",
                doc_type.code if doc_type else "",
                c.document_number or "",
                c.company_type.code if c.company_type_id is not None else "",
                client.id if client else None,
                client.code if client else "",
            )
        )
    return records


def client_from_company(company: CompanyRecord, *, company_type: str = "") -> ClientInput:
    """A new client's identity filled from a registered company (it then belongs to it).

    A company without a company type keeps ``company_type`` (the one the operator chose
    already) when it is a type of legal entity, else leaves it to be chosen.  A company
    an import named after its document ("RUC 20455667781") leaves its name to be typed.
    """
    if not company.company_type and person_kind_of(company_type) != MORAL:
        company_type = ""
    named_by_document = company.legal_name == f"{company.document_type} {company.document_number}"
    return ClientInput(
        person_kind=MORAL,
        company_type=company.company_type or company_type,
        document_country=company.document_country,
        document_type=company.document_type,
        document_number=company.document_number,
        legal_name="" if named_by_document else company.legal_name,
        trade_name=company.trade_name,
        company_id=company.id,
    )


def wizard_plan(company_type: str, category: str) -> list[str]:
    """The wizard's steps for a company type and category (codes; unknown ones add none)."""
    ctype = m.CompanyType.get_or_none(m.CompanyType.code == company_type)
    cat = m.Category.get_or_none(m.Category.code == category)
    return plan(
        ctype.extra_steps if ctype else "",
        cat.extra_steps if cat else "",
        custom=bool(applicable(company_type, category)),
    )


def person_kind_of(company_type: str) -> str:
    """Whether a company type registers personas físicas or morales (moral if unknown)."""
    ctype = m.CompanyType.get_or_none(m.CompanyType.code == company_type)
    return ctype.person_kind if ctype else MORAL


def check_step(
    data: ClientInput, step: str, steps: list[str], *, default_country: str
) -> list[FieldError]:
    """What stops the operator on ``step``: its missing fields, then its invalid ones.

    The identity step is also checked against the registry (a document number
    that is already a client's is refused, naming that client), whatever the other
    steps hold yet; the wizard asks that from a worker, off the UI thread.
    """
    errors = required_errors(step, data, steps)
    errors += errors_for(step, check_client(data, default_country=default_country), steps)
    if step == "identity" and not errors:
        errors += document_owner(data, default_country=default_country)
    seen: set[str] = set()
    unique = []
    for error in errors:
        if error.field not in seen:
            seen.add(error.field)
            unique.append(error)
    return unique


def document_owner(data: ClientInput, *, default_country: str) -> list[FieldError]:
    """The client that already has this document (any spelling of it), as the error Finish
    would give; [] when none has it or the identity is not valid yet.

    Only the identity is checked, with the rules Finish uses (the document's canonical
    form, its type in the catalog, then the registry), so what later steps hold, or do
    not hold yet, cannot hide a duplicate until Finish.
    """
    identity = ClientInput(
        person_kind=data.person_kind,
        company_type=data.company_type,
        category=data.category,
        document_country=data.document_country,
        document_type=data.document_type,
        document_number=data.document_number,
        first_name=data.first_name,
        last_name=data.last_name,
        legal_name=data.legal_name,
        trade_name=data.trade_name,
        internal_code=data.internal_code,
        company_id=data.company_id,
        gender=data.gender,
    )
    try:
        clean = validate_client(identity, default_country=default_country)
        check_unique(clean, references(clean)["document_type"])
    except ValidationError as exc:
        return [e for e in exc.errors if e.code == "duplicate" and e.field == "document_number"]
    return []


def save_draft(user: str, data: ClientInput, step: str) -> None:
    """Keep what the operator typed so far (replacing their previous draft).

    Server passwords are left out: a draft is not encrypted.
    """
    value = json.dumps({"step": step, "data": draft_data(data)}, ensure_ascii=False)
    m.AppMeta.insert(key=DRAFT_PREFIX + user, value=value).on_conflict(
        conflict_target=[m.AppMeta.key], preserve=[m.AppMeta.value]
    ).execute()


def load_draft(user: str) -> tuple[ClientInput, str] | None:
    """The operator's unfinished registration and the step it was on, if any."""
    row = m.AppMeta.get_or_none(m.AppMeta.key == DRAFT_PREFIX + user)
    if row is None:
        return None
    try:
        stored = json.loads(row.value)
        return input_from_draft(stored["data"]), str(stored.get("step", ""))
    except (ValueError, KeyError, TypeError):  # a draft from another version: not worth a crash
        return None


def discard_draft(user: str) -> None:
    m.AppMeta.delete().where(m.AppMeta.key == DRAFT_PREFIX + user).execute()

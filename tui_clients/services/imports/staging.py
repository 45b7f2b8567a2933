"""The rows a new client is stored in, built where its row was checked (a worker process
on a large file), so the importing process only gives them ids and executes them.

Each table's row is a tuple of the columns that do not depend on the database; the
importing process puts the "late" ones before it: ids, codes, the time and the user of
the transaction, the company it belongs to.  The rows come from the same functions
``create_client`` uses (``client_fields``, ``company_fields``, ``child_rows``,
``service_rows``, ``snapshot``), so an imported client is stored as a created one.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, fields
from functools import cache
from typing import NamedTuple

from tui_clients.db import models as m
from tui_clients.domain.client_rules import CleanClient
from tui_clients.domain.documents import MORAL, is_shared_document
from tui_clients.domain.search import search_keys
from tui_clients.domain.text import fold
from tui_clients.services.clients.checks import CatalogRefs
from tui_clients.services.clients.history import snapshot
from tui_clients.services.clients.writing import (
    child_rows,
    client_fields,
    company_fields,
    service_rows,
)
from tui_clients.services.dto import (
    AddressRecord,
    ClientDetail,
    CustomValueRecord,
    FiscalRecord,
    PhoneRecord,
)

# The columns the importing process fills in, in this order, before the staged ones.
LATE = {
    m.Client: ("id", "code", "company", "created_at", "updated_at", "created_by", "updated_by"),
    m.Company: ("id", "code", "created_at", "updated_at"),
    m.ClientEmail: ("client",),
    m.ClientPhone: ("client",),
    m.Address: ("client",),
    m.FiscalDataMx: ("client",),
    m.CustomValue: ("client",),
    m.ClientService: ("client",),
}
CHILDREN = (
    m.ClientEmail,
    m.ClientPhone,
    m.Address,
    m.FiscalDataMx,
    m.CustomValue,
    m.ClientService,
)
COMPANY_LATER = "\0"  # stands for the company's name until it is known (never in a name)


@dataclass(frozen=True)
class Layout:
    """One table's columns: the late ones, then the staged ones (peewee field names)."""

    table: str
    columns: tuple[str, ...]  # column names, late ones first
    staged: tuple[str, ...]  # field names of the staged part
    defaults: tuple[object, ...]  # each staged field's default, for a row leaving it out


@cache
def layout(model) -> Layout:
    meta = model._meta
    late = [meta.fields[name] for name in LATE[model]]
    staged = [  # (a field's == builds an expression: compare names)
        f for f in meta.sorted_fields if f is not meta.primary_key and f.name not in LATE[model]
    ]
    for f in staged:
        if callable(f.default):
            raise TypeError(f"{model.__name__}.{f.name}: a default computed per row is late")
    return Layout(
        meta.table_name,
        tuple(f.column_name for f in (*late, *staged)),
        tuple(f.name for f in staged),
        tuple(f.default for f in staged),
    )


def staged_row(model, row: dict) -> tuple:
    """``row`` (peewee field names -> values) as the staged part of ``model``'s row."""
    shape = layout(model)
    return tuple(map(row.get, shape.staged, shape.defaults))


class Staged(NamedTuple):
    """A checked client ready to store: what deciding how needs, and its rows.  A named
    tuple: a worker sends a thousand of them at a time, and a tuple is unpickled at a
    third of the cost of a dataclass."""

    document: tuple[int, str]  # (document type id, number)
    person_kind: str
    shared: bool  # a generic RFC, which identifies nobody (see is_shared_document)
    sort_name: str
    warns: bool  # stored with a warning of the client rules
    client: tuple  # the client's staged columns
    children: dict[str, list[tuple]]  # table -> staged rows of its e-mails, phones…
    company: dict | None  # a legal entity's own company's fields (company_fields)
    own_text: str  # search words of its own names
    other_text: str  # of its document, e-mails, phones, postal codes
    history: tuple[str, str]  # JSON members of its first history entry, around "company"


def stage(clean: CleanClient, refs: CatalogRefs) -> Staged:
    fields = client_fields(clean, refs, None, "")
    children = child_rows(0, clean)
    children[m.ClientService] = service_rows(0, refs)
    return Staged(
        document=(refs["document_type"], clean.document_number),
        person_kind=clean.person_kind,
        shared=is_shared_document(clean.document_type, clean.document_number),
        sort_name=fold(clean.legal_name)[:200],
        warns=bool(clean.warnings),
        client=staged_row(m.Client, fields),
        children={
            layout(model).table: [staged_row(model, row) for row in rows]
            for model, rows in children.items()
            if rows
        },
        company=company_fields(clean, refs) if clean.person_kind == MORAL else None,
        own_text=" ".join(search_keys([clean.internal_code, clean.legal_name, clean.trade_name])),
        other_text=" ".join(
            search_keys(
                [
                    clean.document_number,
                    *clean.emails,
                    *(p.number for p in clean.phones),
                    *(a.postal_code for a in clean.addresses),
                ]
            )
        ),
        history=_history_members(clean, children[m.Address]),
    )


def _history_members(clean: CleanClient, addresses: list[dict]) -> tuple[str, str]:
    """The members of a created client's history entry before and after its company's."""
    profile = profile_of(clean, COMPANY_LATER, addresses)
    entry = {k: [None, v] for k, v in snapshot(profile).items()}
    entry |= {f"service.{code}": ["inherited", "active"] for code in clean.services}
    members = _members(entry)
    head, company, tail = members.partition(_members({"company": [None, COMPANY_LATER]}))
    if not company:  # (every profile names its company: COMPANY_LATER stands for it)
        return members, ""
    return head.removesuffix(", "), tail.removeprefix(", ")


ADDRESS_RECORD = tuple(f.name for f in fields(AddressRecord))  # its fields, in order


def address_record(row: dict) -> AddressRecord:
    """An address row (as ``child_rows`` makes it, or as stored) as a profile shows it."""
    return AddressRecord(*(row[name] for name in ADDRESS_RECORD))


def profile_of(clean: CleanClient, company_name: str, addresses: list[dict]) -> ClientDetail:
    """The profile of a client about to be stored (for its history's first entry), with
    its address rows (``child_rows``)."""
    now = dt.datetime(2000, 1, 1)  # not part of a snapshot
    return ClientDetail(
        id=0,
        code="",
        version=1,
        company_id=None,
        company_name=company_name,
        created_at=now,
        created_by="",
        updated_at=now,
        updated_by="",
        deleted_at=None,
        custom=[
            CustomValueRecord(f.key, f.label, f.type, clean.custom[f.key], True)
            for f in clean.custom_fields
            if f.key in clean.custom
        ],
        **stored_profile(clean, addresses),
    )


def stored_profile(clean: CleanClient, addresses: list[dict]) -> dict:
    """The facts of a profile that ``clean`` gives once stored, its address rows with
    them (for a created client's profile, or an updated one's)."""
    return {
        "person_kind": clean.person_kind,
        "first_name": clean.first_name,
        "last_name": clean.last_name,
        "legal_name": clean.legal_name,
        "trade_name": clean.trade_name,
        "internal_code": clean.internal_code,
        "document_country": clean.document_country,
        "document_type": clean.document_type,
        "document_number": clean.document_number,
        "company_type": clean.company_type,
        "category": clean.category,
        "active": clean.active,
        "gender": clean.gender,
        "website": clean.website,
        "emails": list(clean.emails),
        "phones": [PhoneRecord(p.number, p.country, p.verified) for p in clean.phones],
        "addresses": [address_record(row) for row in addresses],
        "fiscal": FiscalRecord(
            clean.fiscal.regimen, clean.fiscal.uso_cfdi, clean.fiscal.postal_code
        )
        if clean.fiscal
        else None,
        "contact_person": clean.contact_person,
    }


def _members(entries: dict) -> str:
    return json.dumps(entries, ensure_ascii=False, default=str)[1:-1]


def company_member(company: str) -> str:
    """The history member naming a new client's company ("" for none)."""
    return _members({"company": [None, company]}) if company else ""


def origin_member(origin: str) -> str:
    return _members({"origin": [None, origin]})


def created_entry(history: tuple[str, str], company: str, origin: str) -> str:
    """The JSON of a created client's history entry: ``json.dumps`` of ``{field: [None,
    value]}`` with its company's name in its place (``company_member``), then its origin
    (``origin_member``)."""
    members = (history[0], company, history[1], origin)
    return "{" + ", ".join(x for x in members if x) + "}"


def search_text(code_text: str, staged: Staged, company_text: str) -> str:
    """The search index's text of a new client, as ``search_index.client_text`` makes it."""
    parts = (code_text, staged.own_text, company_text, staged.other_text)
    return " ".join(x for x in parts if x)


def code_text(value: str) -> str:
    return " ".join(search_keys([value]))

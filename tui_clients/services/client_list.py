"""The client list: search, filters, sort and pages of any result, at a million clients.

Only the rows on screen are fetched (LIMIT/OFFSET on an indexed order); pages
near the end are read in reverse order so jumping to the end stays cheap.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from peewee import JOIN

from tui_clients.db import models as m
from tui_clients.domain.search import MIN_INDEXED, name_prefix, query_terms
from tui_clients.services import search_index
from tui_clients.services.dto import ClientSummary

SORTS = {
    "name": (m.Client.sort_name, m.Client.id),
    "code": (m.Client.id,),
    "added": (m.Client.created_at, m.Client.id),
    "document": (m.Client.document_number, m.Client.id),
    "email": (m.Client.email, m.Client.id),
    "phone": (m.Client.phone, m.Client.id),
    "state": (m.Client.active, m.Client.sort_name, m.Client.id),
    "category": (m.Client.category, m.Client.sort_name, m.Client.id),
    "country": (m.Client.country, m.Client.sort_name, m.Client.id),
    "company": (m.Company.sort_name, m.Client.sort_name, m.Client.id),
}


@dataclass(frozen=True)
class ClientFilter:
    """What the operator narrowed the list to; empty fields do not filter."""

    text: str = ""
    added_from: dt.date | None = None
    added_to: dt.date | None = None
    category: str = ""  # category code
    company_type: str = ""  # company type code
    active: bool | None = None
    country: str = ""
    trash: bool = False


def _where(query, f: ClientFilter):
    query = query.where(m.Client.deleted_at.is_null(not f.trash))
    terms = query_terms(f.text)
    if terms and any(len(t) >= MIN_INDEXED for t in terms):
        query = query.where(search_index.matching(m.database.obj, terms))
    elif terms:  # only short terms: names that begin with them
        prefix = name_prefix(f.text)
        query = query.where(m.Client.sort_name >= prefix, m.Client.sort_name < prefix + "\uffff")
    if f.added_from:
        query = query.where(m.Client.created_at >= dt.datetime.combine(f.added_from, dt.time()))
    if f.added_to:
        end = dt.datetime.combine(f.added_to + dt.timedelta(days=1), dt.time())
        query = query.where(m.Client.created_at < end)
    if f.category:
        query = query.where(m.Client.category == _id(m.Category, f.category))
    if f.company_type:
        query = query.where(m.Client.company_type == _id(m.CompanyType, f.company_type))
    if f.active is not None:
        query = query.where(m.Client.active == f.active)
    if f.country:
        query = query.where(m.Client.country == f.country)
    return query


def _id(model, code: str) -> int:
    row = model.get_or_none(model.code == code)
    return row.id if row else -1


def count(f: ClientFilter) -> int:
    """How many clients match (the list's count and its scroll range)."""
    return _where(m.Client.select(), f).count()


def page(f: ClientFilter, *, sort: str = "name", descending: bool = False, offset: int = 0,
         limit: int = 50, total: int | None = None) -> list[ClientSummary]:  # fmt: skip
    """``limit`` rows from ``offset`` in the chosen order."""
    keys = SORTS[sort]
    reverse = total is not None and offset > total // 2
    if reverse:  # read the tail backwards: the end of a million rows is as cheap as the start
        offset, limit = max(total - offset - limit, 0), min(limit, total - offset)
        descending = not descending
    order = [k.desc() if descending else k.asc() for k in keys]
    query = (
        _where(
            m.Client.select(m.Client, m.DocumentType.code, m.Category.name_es, m.Category.name_en,
                            m.Company.legal_name)
            .join(m.DocumentType)
            .switch(m.Client)
            .join(m.Category, JOIN.LEFT_OUTER)
            .switch(m.Client)
            .join(m.Company, JOIN.LEFT_OUTER),
            f,
        )
        .order_by(*order)
        .limit(max(limit, 0))
        .offset(offset)
    )  # fmt: skip
    clients = list(query)
    channels = _channels([c.id for c in clients])
    rows = [_summary(c, channels.get(c.id, "")) for c in clients]
    return rows[::-1] if reverse else rows


def _channels(ids: list[int]) -> dict[int, str]:
    found: dict[int, str] = {}
    query = (
        m.ClientChannel.select(m.ClientChannel.client, m.Channel.name)
        .join(m.Channel)
        .where(m.ClientChannel.client.in_(ids), m.ClientChannel.enabled)
        .order_by(m.Channel.id)
        .tuples()
    )
    for client_id, name in query:
        found.setdefault(client_id, name)
    return found


def _summary(c, channel: str) -> ClientSummary:
    return ClientSummary(
        id=c.id, code=c.code, legal_name=c.legal_name, trade_name=c.trade_name,
        document_type=c.document_type.code, document_number=c.document_number,
        email=c.email, phone=c.phone,
        company=c.company.legal_name if c.company_id else "",
        category=c.category.name_es if c.category_id else "",
        active=c.active, created_at=c.created_at, channel=channel,
    )  # fmt: skip

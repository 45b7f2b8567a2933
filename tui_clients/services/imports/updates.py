"""``--update`` in bulk: the registered clients a transaction's rows name are read in a
few queries, merged with their rows as the one-row path merges them (``merged``),
checked by the client rules against the import's catalogs, and written a statement per
table; their history entries and search text are those ``update_client`` writes.

Rows this path does not decide are left to the one-row path (``update_client``): a row
naming a company, a client in the trash, one whose kind (person or legal entity) the
row changes, one with custom field values, or one whose company is not its own.  An
import never touches contacts nor server data, so they are neither read nor written.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import Any, cast

from peewee import JOIN

from tui_clients.db import models as m
from tui_clients.db import search_index
from tui_clients.db.bulk import insert_rows, model_rows, select_in
from tui_clients.domain.client_rules import CleanClient
from tui_clients.domain.csv.rows import ImportRow, row_input
from tui_clients.domain.documents import MORAL
from tui_clients.domain.errors import FieldError, ValidationError
from tui_clients.services.clients.checks import CatalogRefs, references
from tui_clients.services.clients.history import diff
from tui_clients.services.clients.queries import input_from_detail
from tui_clients.services.clients.writing import (
    CHILD_MODELS,
    child_rows,
    client_fields,
    company_fields,
    service_rows,
)
from tui_clients.services.dto import ClientDetail, FiscalRecord, PhoneRecord
from tui_clients.services.geo.geocoding import fill_missing, online
from tui_clients.services.imports.prepare import Rules, clean_client
from tui_clients.services.imports.staging import address_record, stored_profile


@dataclass
class _Update:
    line: int
    client_id: int
    row: ImportRow
    before: ClientDetail
    clean: CleanClient
    refs: CatalogRefs


@dataclass
class Plan:
    """The updates of a transaction's rows, read and checked, before any is written."""

    stored: dict[int, dict]  # the clients' rows, by id
    companies: dict[int, dict]  # the clients' companies, by id
    todo: list[_Update] = field(default_factory=list)
    rejected: dict[int, list[FieldError]] = field(default_factory=dict)
    left: set[int] = field(default_factory=set)  # lines left to the one-row path


class BulkUpdates:
    """Updates of registered clients from import rows, a transaction's worth at a time."""

    def __init__(self, rules: Rules, user: str, origin: str) -> None:
        self.rules, self.user, self.origin = rules, user, origin

    def plan(self, rows: list[tuple[int, dict[str, str], int]]) -> Plan:
        """Read and check the updates of (line, values, client id) rows; nothing is
        written yet (``store`` writes them)."""
        rules = self.rules
        ids = [cid for _l, _v, cid in rows]
        details, stored = _details(ids), _client_rows(ids)
        plan = Plan(stored=stored, companies=_companies(stored))
        for line, values, cid in rows:
            row = row_input(
                values, default_country=rules.default_country, type_kinds=rules.type_kinds
            )
            before = details.get(cid)
            if before is None or row.company is not None or rules.custom_fields:
                plan.left.add(line)
                continue
            data = merged(input_from_detail(before), row)
            try:
                clean = clean_client(rules, data, row.country or rules.default_country)
                # the row names no company (else it went one by one): the company is the
                # one stored with the client, which its foreign key keeps in existence
                refs = references(clean, rules.catalog, company_known=True)
            except ValidationError as exc:
                plan.rejected[line] = row.in_columns(exc.errors)
                continue
            own = _own(stored[cid], plan.companies.get(stored[cid]["company"]))
            if (
                clean.person_kind != before.person_kind
                or (clean.person_kind == MORAL and not own)
                or (clean.person_kind != MORAL and own)  # update_client detaches a person
            ):
                plan.left.add(line)
                continue
            plan.todo.append(_Update(line, cid, row, before, clean, refs))
        return plan

    def store(self, plan: Plan, before_line: int | None = None) -> int:
        """Write the planned updates of the lines before ``before_line`` (all: None);
        how many rows that updates (an unchanged client counts, as in the one-row path)."""
        todo = [u for u in plan.todo if before_line is None or u.line < before_line]
        db, now, user = m.database.obj, m.utcnow(), self.user
        ids = [u.client_id for u in todo]
        stored, companies = plan.stored, plan.companies
        children = {model: _child_rows(model, ids) for model in CHILD_MODELS}
        links = _service_links(ids)
        changed_clients, child_writes, history, reindex = [], defaultdict(list), [], set()
        names: list[str] = []
        company_updates, renamed, service_inserts, service_updates = [], [], [], []
        to_place = []
        for u in todo:
            clean, refs, cid = u.clean, u.refs, u.client_id
            company_id = stored[cid]["company"]
            if clean.person_kind == MORAL:
                own = companies[company_id]
                fields = company_fields(clean, refs)
                current = {k: own[k] for k in fields}
                if current != fields or own["deleted_at"] is not None:
                    company_updates.append((*fields.values(), now, company_id))
                if own["legal_name"] != clean.legal_name:
                    renamed.append(company_id)
            else:
                company_id = clean.company_id
            fields = client_fields(clean, refs, company_id, user)
            edited = any(
                stored[cid][k] != v
                for k, v in fields.items()
                if k not in ("updated_at", "updated_by")
            )
            rows = child_rows(cid, clean, children[m.Address].get(cid, []))
            written = False
            for model in CHILD_MODELS:
                if not _same_rows(rows[model], children[model].get(cid, [])):
                    child_writes[model].append((cid, rows[model]))
                    written = True
            after = _after(u.before, clean, company_id, rows[m.Address])
            if clean.person_kind == MORAL:
                after = replace(after, company_name=clean.legal_name)
            changes = diff(u.before, after)
            for code, row in zip(clean.services, service_rows(cid, refs), strict=True):
                link = links.get((cid, row["service"]))
                if link is not None and link[1]:
                    continue
                if link is None:
                    service_inserts.append(row)
                else:
                    service_updates.append((link[0],))
                changes[f"service.{code}"] = ["inherited" if link is None else "inactive", "active"]
            if not (edited or written or changes or own_renamed(company_id, renamed)):
                continue  # saved unchanged: no new version, no history entry
            values = {k: v for k, v in fields.items() if k not in ("updated_at", "updated_by")}
            names = list(values)  # client_fields' names: the same for every row
            changed_clients.append((*values.values(), now, user, cid))
            reindex.add(cid)
            if any(a.latitude is None for a in clean.addresses):
                to_place.append(cid)
            changes["origin"] = [None, self.origin]
            history.append(
                {
                    "client": cid,
                    "at": now,
                    "user": user,
                    "action": "updated",
                    "changes": json.dumps(changes, ensure_ascii=False, default=str),
                }
            )
        _update_companies(db, company_updates)
        for model, writes in child_writes.items():
            _replace_children(db, model, writes)
        if service_inserts:
            insert_rows(db, *model_rows(m.ClientService, service_inserts))
        if service_updates:
            db.cursor().executemany(
                f"UPDATE client_service SET active = {db.param} WHERE id = {db.param}",
                [(True, link_id) for (link_id,) in service_updates],
            )
        _update_clients(db, names, changed_clients)
        if renamed:
            query = m.Client.select(m.Client.id).where(m.Client.company.in_(renamed))
            reindex.update(i for (i,) in cast("list[tuple[int]]", query.tuples()))
        search_index.refresh(db, sorted(reindex))
        insert_rows(db, *model_rows(m.ClientHistory, history))
        if to_place and not online():  # as update_client does (_geocode)
            fill_missing(to_place)
        return len(todo)


def merged(current, row: ImportRow):
    """An update from a row: what the row says replaces, what it leaves empty is kept
    (contacts, server data and any second address are never touched by an import)."""
    new = row.data
    for attr in (
        "person_kind",
        "document_country",
        "document_type",
        "document_number",
        "first_name",
        "last_name",
        "legal_name",
        "trade_name",
        "internal_code",
        "company_type",
        "category",
        "company_id",
    ):
        value = getattr(new, attr)
        if value not in ("", None):
            setattr(current, attr, value)
    current.active = new.active
    if new.emails:
        current.emails = new.emails
    if new.phones:
        current.phones = new.phones
    if new.addresses:
        current.addresses = [new.addresses[0], *current.addresses[1:]]
    if new.fiscal is not None:
        current.fiscal = new.fiscal
    current.services = list(new.services)  # turned on; those it does not name stay as they are
    current.custom |= {key: value for key, value in new.custom.items() if value}
    return current


def own_renamed(company_id: int | None, renamed: list[int]) -> bool:
    return company_id is not None and company_id in renamed


def _update_clients(db, names: list[str], rows: list[tuple]) -> None:
    """Write ``names`` (client fields) and a new version of the clients of ``rows``
    (their values, the time, the user and the id)."""
    if not rows:
        return
    p = db.param
    sets = ", ".join(f'"{m.Client._meta.fields[n].column_name}" = {p}' for n in names)
    db.cursor().executemany(
        f'UPDATE client SET {sets}, "version" = "version" + 1, "updated_at" = {p}, '
        f'"updated_by" = {p} WHERE "id" = {p}',
        rows,
    )


def _update_companies(db, rows: list[tuple]) -> None:
    if not rows:
        return
    p = db.param
    db.cursor().executemany(
        f'UPDATE company SET "legal_name" = {p}, "trade_name" = {p}, "sort_name" = {p}, '
        f'"company_type_id" = {p}, "website" = {p}, "updated_at" = {p}, "deleted_at" = NULL '
        f'WHERE "id" = {p}',
        rows,
    )


def _replace_children(db, model, writes: list[tuple[int, list[dict]]]) -> None:
    table = model._meta.table_name
    ids = [cid for cid, _rows in writes]
    p = db.param
    for start in range(0, len(ids), 500):
        part = ids[start : start + 500]
        db.execute_sql(
            f'DELETE FROM "{table}" WHERE "client_id" IN ({", ".join([p] * len(part))})', part
        )
    rows = [row for _cid, rows in writes for row in rows]
    if rows:
        insert_rows(db, *model_rows(model, rows))


def _same_rows(rows: list[dict], stored: list[dict]) -> bool:
    return len(rows) == len(stored) and all(
        all(had.get(k) == v for k, v in row.items()) for row, had in zip(rows, stored, strict=True)
    )


def _client_rows(ids: list[int]) -> dict[int, dict]:
    found: dict[int, dict] = {}
    for start in range(0, len(ids), 500):
        query = m.Client.select().where(m.Client.id.in_(ids[start : start + 500])).dicts()
        found.update((row["id"], row) for row in cast("list[dict]", query))
    return found


def _child_rows(model, ids: list[int]) -> dict[int, list[dict]]:
    """A child table's rows of these clients, as ``child_rows`` makes them (no ids)."""
    order = model.position if "position" in model._meta.fields else model.id
    found: dict[int, list[dict]] = defaultdict(list)
    for start in range(0, len(ids), 500):
        query = (
            model.select()
            .where(model.client.in_(ids[start : start + 500]))
            .order_by(model.client, order)
            .dicts()
        )
        for row in query:
            found[row["client"]].append({k: v for k, v in row.items() if k != "id"})
    return found


def _service_links(ids: list[int]) -> dict[tuple[int, int], tuple[int, bool]]:
    rows = select_in(
        m.database.obj,
        "client_service",
        ("client_id", "service_id", "id", "active"),
        "client_id",
        ids,
    )
    return {(cid, sid): (link_id, bool(active)) for cid, sid, link_id, active in rows}


def _companies(stored: dict[int, dict]) -> dict[int, dict]:
    """The rows of these clients' companies, by id."""
    ids = sorted({row["company"] for row in stored.values() if row["company"] is not None})
    found: dict[int, dict] = {}
    for start in range(0, len(ids), 500):
        query = m.Company.select().where(m.Company.id.in_(ids[start : start + 500])).dicts()
        found.update((row["id"], row) for row in cast("list[dict]", query))
    return found


def _own(client: dict, company: dict | None) -> bool:
    """Whether ``company`` has its client's own document (a legal entity's own company;
    a person's, when its CompanyId was its own tax ID)."""
    return company is not None and (company["document_type"], company["document_number"]) == (
        client["document_type"],
        client["document_number"],
    )


def _details(ids: list[int]) -> dict[int, ClientDetail]:
    """The profiles of these clients as far as an import reads them (no contacts, no
    server data), those with custom field values or in the trash left out."""
    db = m.database.obj
    custom = {cid for (cid,) in select_in(db, "custom_value", ("client_id",), "client_id", ids)}
    emails, phones = _child_rows(m.ClientEmail, ids), _child_rows(m.ClientPhone, ids)
    addresses, fiscal = _child_rows(m.Address, ids), _child_rows(m.FiscalDataMx, ids)
    found = {}
    for start in range(0, len(ids), 500):
        query = (
            m.Client.select(
                m.Client,
                m.DocumentType.country.alias("doc_country"),
                m.DocumentType.code.alias("doc_type"),
                m.CompanyType.code.alias("type_code"),
                m.Category.code.alias("category_code"),
                m.Company.legal_name.alias("company_name"),
            )
            .join(m.DocumentType)
            .switch(m.Client)
            .join(m.CompanyType, JOIN.LEFT_OUTER)
            .switch(m.Client)
            .join(m.Category, JOIN.LEFT_OUTER)
            .switch(m.Client)
            .join(m.Company, JOIN.LEFT_OUTER)
            .where(m.Client.id.in_(ids[start : start + 500]))
            .objects()
        )
        for c in cast("list[Any]", query):
            if c.id in custom or c.deleted_at is not None:
                continue
            tax = fiscal.get(c.id)
            found[c.id] = ClientDetail(
                id=c.id,
                code=c.code,
                version=c.version,
                person_kind=c.person_kind,
                first_name=c.first_name,
                last_name=c.last_name,
                legal_name=c.legal_name,
                trade_name=c.trade_name,
                internal_code=c.internal_code,
                document_country=c.doc_country,
                document_type=c.doc_type,
                document_number=c.document_number,
                company_type=c.type_code or "",
                category=c.category_code or "",
                company_id=c.company_id,
                company_name=c.company_name or "",
                active=c.active,
                gender=c.gender,
                website=c.website,
                created_at=c.created_at,
                created_by=c.created_by,
                updated_at=c.updated_at,
                updated_by=c.updated_by,
                deleted_at=None,
                emails=[e["email"] for e in emails.get(c.id, [])],
                phones=[
                    PhoneRecord(p["number"], p["country"], p["verified"])
                    for p in phones.get(c.id, [])
                ],
                addresses=[address_record(a) for a in addresses.get(c.id, [])],
                contacts=[],
                fiscal=FiscalRecord(tax[0]["regimen"], tax[0]["uso_cfdi"], tax[0]["postal_code"])
                if tax
                else None,
                contact_person=c.contact_person,
                server=None,
                custom=[],
            )
    return found


def _after(
    before: ClientDetail, clean: CleanClient, company_id: int | None, addresses: list[dict]
) -> ClientDetail:
    """The profile ``before`` becomes once ``clean`` is stored (contacts and server data
    are an import's to keep)."""
    return replace(before, company_id=company_id, **stored_profile(clean, addresses))

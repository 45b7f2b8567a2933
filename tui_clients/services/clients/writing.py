"""Writing clients: create, update (optimistic locking), delete to the trash, restore, purge.

Every write runs in one transaction and records the client's history.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Iterable
from typing import Any, cast

from peewee import IntegrityError

from tui_clients.db import models as m
from tui_clients.db import search_index
from tui_clients.db.base import BaseModel
from tui_clients.domain.client_rules import CleanClient
from tui_clients.domain.contact import email_key
from tui_clients.domain.dates import time_text
from tui_clients.domain.documents import MORAL, is_shared_document
from tui_clients.domain.entities import ClientInput
from tui_clients.domain.text import fold
from tui_clients.services.clients.checks import (
    CatalogRefs,
    check_unique,
    references,
    validated,
)
from tui_clients.services.clients.history import diff, record, snapshot, with_passwords
from tui_clients.services.clients.queries import ClientNotFound, get_client
from tui_clients.services.clients.servers import write_server_data
from tui_clients.services.dto import ClientDetail
from tui_clients.services.session import current_user


class StaleClientError(Exception):
    """The client changed since the operator read it; reload before editing."""

    def __init__(self, current: ClientDetail):
        self.current = current
        super().__init__(
            f"client {current.code} was changed by {current.updated_by or '?'} at "
            f"{time_text(current.updated_at)} (now version {current.version}); "
            "reload it and apply your change again"
        )


class TrashError(Exception):
    """The operation needs the client in (or out of) the trash."""


def client_code(client_id: int) -> str:
    return f"CL-{client_id:07d}"


def company_code(company_id: int) -> str:
    return f"EM-{company_id:07d}"


def company_fields(clean: CleanClient, refs: CatalogRefs) -> dict:
    """What a legal-entity client's own company takes from it (its names follow the client)."""
    return {
        "legal_name": clean.legal_name,
        "trade_name": clean.trade_name,
        "sort_name": fold(clean.legal_name)[:200],
        "company_type": refs["company_type"],
        "website": clean.website,
    }


def _company_for(
    clean: CleanClient, refs: CatalogRefs, current: int | None = None
) -> tuple[int | None, bool]:
    """The company a client belongs to, and whether that company's name changed.

    A legal-entity client is registered as a company too (same document), and
    that company follows the client's names.  A client given another company
    (``company_id``) belongs to it.  A legal entity corrected into a person (an edit of
    its company type) leaves its own company: the person belongs to none, and that
    company, when no other client belongs to it, leaves the company picker (``deleted_at``)
    until the client is a legal entity again.
    """
    if clean.person_kind != MORAL:
        if clean.company_id is not None and clean.company_id == current:
            own_company = m.Company.get_or_none(
                m.Company.id == current,
                m.Company.document_type == refs["document_type"],
                m.Company.document_number == clean.document_number,
            )
            if own_company is not None:
                others = m.Client.select().where(
                    m.Client.company == current, m.Client.document_number != clean.document_number
                )
                if not others.exists():
                    m.Company.update(deleted_at=m.utcnow()).where(m.Company.id == current).execute()
                return None, False
        return clean.company_id, False
    own = company_fields(clean, refs)
    query = m.Company.select().where(
        m.Company.document_type == refs["document_type"],
        m.Company.document_number == clean.document_number,
    )
    if is_shared_document(clean.document_type, clean.document_number):
        # a generic RFC identifies nobody: each legal entity with it is its own company,
        # the one it already belongs to (``current``) when it is edited
        query = query.where(m.Company.id == current)
    company = query.first()
    renamed = False
    if company is None:
        company = m.Company.create(
            code=uuid.uuid4().hex[:20],
            person_kind=MORAL,
            document_type=refs["document_type"],
            document_number=clean.document_number,
            **own,
        )
        m.Company.update(code=company_code(company.id)).where(m.Company.id == company.id).execute()
    else:
        renamed = company.legal_name != clean.legal_name
        stored = {"sort_name": company.sort_name, "company_type": company.company_type_id}
        stored |= {k: getattr(company, k) for k in ("legal_name", "trade_name", "website")}
        if stored != own or company.deleted_at is not None:  # an unchanged save writes nothing
            m.Company.update(updated_at=m.utcnow(), deleted_at=None, **own).where(
                m.Company.id == company.id
            ).execute()
    if clean.company_id is not None and clean.company_id != company.id:
        return clean.company_id, False
    return company.id, renamed


def _reindex(client_id: int, company_id: int | None, company_renamed: bool) -> None:
    """Refresh the search text of a client, and of its company's clients if the name changed."""
    ids = [client_id]
    if company_renamed:
        query = m.Client.select(m.Client.id).where(m.Client.company == company_id).tuples()
        ids += [c for (c,) in cast("Iterable[tuple[int]]", query)]
    search_index.refresh(m.database.obj, sorted(set(ids)))


def client_fields(clean: CleanClient, refs: CatalogRefs, company_id: int | None, user: str) -> dict:
    return {
        "internal_code": clean.internal_code,
        "person_kind": clean.person_kind,
        "first_name": clean.first_name,
        "last_name": clean.last_name,
        "legal_name": clean.legal_name,
        "trade_name": clean.trade_name,
        "sort_name": fold(clean.legal_name)[:200],
        "document_type": refs["document_type"],
        "document_number": clean.document_number,
        "company_type": refs["company_type"],
        "category": refs["category"],
        "company": company_id,
        "active": clean.active,
        "gender": clean.gender,
        "website": clean.website,
        "contact_person": clean.contact_person,
        "country": clean.document_country
        or (clean.addresses[0].country if clean.addresses else ""),
        "email": clean.emails[0] if clean.emails else "",
        "phone": clean.phones[0].number if clean.phones else "",
        "updated_at": m.utcnow(),
        "updated_by": user,
    }


ADDRESS_PARTS = ("country", "region", "province", "district", "postal_code", "line", "detail")


def _placed(row: dict, i: int, stored: list[dict], unused: list[dict]) -> dict:
    """An address row with its coordinates' origin: what the geocoder placed stays placed
    (and ``geocode_level`` stays) while the address and its coordinates are unchanged; an
    address that changed under geocoded coordinates loses them, to be placed again; only
    coordinates the operator typed or changed are "manual"."""
    same = next((s for s in unused if all(s[k] == row[k] for k in ADDRESS_PARTS)), None)
    if same is not None:
        unused.remove(same)
    before = same or (stored[i] if i < len(stored) else None)
    if before is None or (row["latitude"], row["longitude"]) != (
        before["latitude"],
        before["longitude"],
    ):
        return row  # new coordinates (or none): typed by the operator, or to be placed
    if same is not None:
        return row | {k: same[k] for k in ("coord_source", "geocode_level")}
    if before["coord_source"] != "manual":  # the place moved: placed again from its address
        return row | {"latitude": None, "longitude": None, "coord_source": "", "geocode_level": ""}
    return row


def child_rows(
    client_id: int, clean: CleanClient, stored_addresses: list[dict] | None = None
) -> dict[type[BaseModel], list[dict]]:
    """The rows of a client's e-mails, phones, addresses and fiscal data (contacts apart).

    ``stored_addresses`` (an edit): the rows the client has, whose geocoded coordinates are
    kept where the address did not change."""
    stored = stored_addresses or []
    unused = list(stored)
    return {
        m.ClientEmail: [
            {"client": client_id, "email": e, "email_key": email_key(e), "position": i}
            for i, e in enumerate(clean.emails)
        ],
        m.ClientPhone: [
            {
                "client": client_id,
                "number": p.number,
                "country": p.country,
                "verified": p.verified,
                "kind": "main",
                "position": i,
            }
            for i, p in enumerate(clean.phones)
        ],
        m.Address: [
            _placed(
                {
                    "client": client_id,
                    "kind": a.kind,
                    "country": a.country,
                    "region": a.region,
                    "province": a.province,
                    "district": a.district,
                    "postal_code": a.postal_code,
                    "line": a.line,
                    "detail": a.detail,
                    "latitude": a.latitude,
                    "longitude": a.longitude,
                    "coord_source": "manual" if a.latitude is not None else "",
                    "geocode_level": "",
                    "position": i,
                },
                i,
                stored,
                unused,
            )
            for i, a in enumerate(clean.addresses)
        ],
        m.FiscalDataMx: [
            {
                "client": client_id,
                "regimen": clean.fiscal.regimen,
                "uso_cfdi": clean.fiscal.uso_cfdi,
                "postal_code": clean.fiscal.postal_code,
            }
        ]
        if clean.fiscal
        else [],
        m.CustomValue: [
            {"client": client_id, "field": f.id, "value": clean.custom[f.key]}
            for f in clean.custom_fields
            if f.key in clean.custom
        ],
    }


CHILD_MODELS = (m.ClientEmail, m.ClientPhone, m.Address, m.FiscalDataMx)


def _stored_rows(model: Any, client_id: int) -> list[dict]:
    """A child table's rows of the client, as ``child_rows`` makes them (without ids)."""
    order = model.position if "position" in model._meta.fields else model.id
    rows = model.select().where(model.client == client_id).order_by(order).dicts()
    return [{k: v for k, v in row.items() if k != "id"} for row in rows]


def _same_rows(rows: list[dict], stored: list[dict]) -> bool:
    """Whether the rows to write are those stored (compared on the columns written)."""
    return len(rows) == len(stored) and all(
        all(had.get(k) == v for k, v in row.items()) for row, had in zip(rows, stored, strict=True)
    )


def _write_children(client_id: int, clean: CleanClient, new: bool = False) -> bool:
    """Store the client's e-mails, phones, addresses, fiscal data, contacts and the custom
    fields its form asked (values of other fields are kept).  On an edit only what differs
    from the stored rows is written; returns whether anything was."""
    stored = {model: [] if new else _stored_rows(model, client_id) for model in CHILD_MODELS}
    rows = child_rows(client_id, clean, stored[m.Address])
    written = False
    for model in CHILD_MODELS:
        if not _same_rows(rows[model], stored[model]):
            model.delete().where(model.client == client_id).execute()
            if rows[model]:
                model.insert_many(rows[model]).execute()
            written = True
    asked = [f.id for f in clean.custom_fields]
    if asked:
        values = m.CustomValue.select(m.CustomValue.field, m.CustomValue.value).where(
            m.CustomValue.client == client_id, m.CustomValue.field.in_(asked)
        )
        had = sorted(cast("Iterable[tuple[int, str]]", values.tuples()))
        if had != sorted((row["field"], row["value"]) for row in rows[m.CustomValue]):
            m.CustomValue.delete().where(
                m.CustomValue.client == client_id, m.CustomValue.field.in_(asked)
            ).execute()
            if rows[m.CustomValue]:
                m.CustomValue.insert_many(rows[m.CustomValue]).execute()
            written = True
    return _write_contacts(client_id, clean, new) or written


def _write_contacts(client_id: int, clean: CleanClient, new: bool) -> bool:
    """Link the client's contacts (a contact is the registry's: found by its e-mail, or
    made); on an edit, only when the links differ.  Returns whether anything was written."""
    links = m.ClientContact.select(m.ClientContact.is_primary, m.Contact.email_key).join(m.Contact)
    mine = links.where(m.ClientContact.client == client_id).tuples()
    had = [] if new else sorted((k, p) for p, k in cast("Iterable[tuple[bool, str]]", mine))
    if had == sorted((email_key(c.email), c.is_primary) for c in clean.contacts):
        return False
    m.ClientContact.delete().where(m.ClientContact.client == client_id).execute()
    for c in clean.contacts:
        contact = m.Contact.get_or_none(m.Contact.email_key == email_key(c.email))
        if contact is None:
            contact = m.Contact.create(
                email=c.email,
                email_key=email_key(c.email),
                first_name=c.first_name,
                last_name=c.last_name,
                phone=c.phone.number if c.phone else "",
            )
        m.ClientContact.create(client=client_id, contact=contact.id, is_primary=c.is_primary)
    return True


def service_rows(client_id: int, refs: CatalogRefs) -> list[dict]:
    """The client's own services an import row activates."""
    return [
        {"client": client_id, "service": sid, "active": True} for sid in refs.get("services", ())
    ]


def _activate_services(
    client_id: int, clean: CleanClient, refs: CatalogRefs, changes: dict
) -> None:
    """Activate on the client the services its input names (an import's Services column);
    the others stay as they are.  Each one turned on is added to ``changes``."""
    for code, row in zip(clean.services, service_rows(client_id, refs), strict=True):
        link = m.ClientService.get_or_none(
            m.ClientService.client == client_id, m.ClientService.service == row["service"]
        )
        if link is not None and link.active:
            continue
        if link is None:
            m.ClientService.create(**row)
        else:
            m.ClientService.update(active=True).where(m.ClientService.id == link.id).execute()
        changes[f"service.{code}"] = ["inherited" if link is None else "inactive", "active"]


def _geocode(client_id: int, clean: CleanClient) -> None:
    """Addresses saved without coordinates get them from the geocoder at once when it is
    the offline one (an online one is asked later: `tui-clients geocode`)."""
    if any(a.latitude is None for a in clean.addresses):
        from tui_clients.services.geo.geocoding import fill_missing, online

        if not online():
            fill_missing([client_id])


def _once_more_on_conflict(write):
    """Run a write again if another operator's write won a race on a unique key.

    The second run sees the committed row: a document becomes the precise
    "already the document of client …" error, a contact e-mail links that contact.
    """

    @functools.wraps(write)
    def run(*args, **kwargs):
        try:
            return write(*args, **kwargs)
        except IntegrityError:
            return write(*args, **kwargs)

    return run


@_once_more_on_conflict
def create_client(
    data: ClientInput, *, default_country: str = "MX", user: str | None = None, origin: str = ""
) -> ClientDetail:
    """Validate and store a new client; its profile is returned.  ``origin`` (e.g. the
    import that brought it) is written in its history."""
    user = user or current_user()
    clean = validated(data, default_country)
    with m.database.atomic():
        refs = references(clean)
        check_unique(clean, refs["document_type"])
        company_id, renamed = _company_for(clean, refs)
        fields = client_fields(clean, refs, company_id, user)
        client = m.Client.create(code=uuid.uuid4().hex[:20], created_by=user, **fields)
        m.Client.update(code=client_code(client.id)).where(m.Client.id == client.id).execute()
        _write_children(client.id, clean, new=True)
        passwords = write_server_data(client.id, clean.server)
        _reindex(client.id, company_id, renamed)
        detail = get_client(client.id)
        created = {k: [None, v] for k, v in snapshot(detail).items()}
        _activate_services(client.id, clean, refs, created)
        if origin:
            created["origin"] = [None, origin]
        record(client.id, "created", user, with_passwords(created, passwords))
    _geocode(client.id, clean)
    return detail


@_once_more_on_conflict
def update_client(
    client_id: int,
    data: ClientInput,
    *,
    expected_version: int,
    default_country: str = "MX",
    user: str | None = None,
    origin: str = "",
) -> ClientDetail:
    """Store an edit made on ``expected_version``; refused if someone changed it meanwhile."""
    user = user or current_user()
    clean = validated(data, default_country)
    with m.database.atomic():
        before = get_client(client_id)
        if before.in_trash:
            raise TrashError(f"client {before.code} is in the trash; restore it before editing")
        refs = references(clean)
        check_unique(clean, refs["document_type"], exclude_id=client_id)
        company_id, renamed = _company_for(clean, refs, before.company_id)
        fields = client_fields(clean, refs, company_id, user)
        row = cast("dict", m.Client.select().where(m.Client.id == client_id).dicts().get())
        edited = {
            k: v for k, v in fields.items() if k not in ("updated_at", "updated_by") and row[k] != v
        }
        if edited:
            m.Client.update(**edited).where(m.Client.id == client_id).execute()
        written = _write_children(client_id, clean)
        passwords = write_server_data(client_id, clean.server)
        after = get_client(client_id)
        changes = with_passwords(diff(before, after), passwords)
        _activate_services(client_id, clean, refs, changes)
        if not (edited or written or changes or renamed):
            return after  # saved unchanged: no new version, no history entry
        updated = (
            m.Client.update(
                version=m.Client.version + 1, updated_at=fields["updated_at"], updated_by=user
            )
            .where(m.Client.id == client_id, m.Client.version == expected_version)
            .execute()
        )
        if updated != 1:
            raise StaleClientError(before)
        _reindex(client_id, company_id, renamed)
        after = get_client(client_id)
        if origin:
            changes["origin"] = [None, origin]
        record(client_id, "updated", user, changes)
    _geocode(client_id, clean)
    return after


def _set_trash(
    client_id: int, deleted: bool, user: str, expected_version: int | None
) -> ClientDetail:
    with m.database.atomic():
        before = get_client(client_id)
        if before.in_trash == deleted:
            state = "already in the trash" if deleted else "not in the trash"
            raise TrashError(f"client {before.code} is {state}")
        query = m.Client.update(
            deleted_at=m.utcnow() if deleted else None,
            deleted_by=user if deleted else "",
            version=m.Client.version + 1,
            updated_at=m.utcnow(),
            updated_by=user,
        ).where(m.Client.id == client_id)
        if expected_version is not None:
            query = query.where(m.Client.version == expected_version)
        if query.execute() != 1:
            raise StaleClientError(before)
        record(client_id, "deleted" if deleted else "restored", user, {})
        return get_client(client_id)


def delete_client(
    client_id: int, *, expected_version: int | None = None, user: str | None = None
) -> ClientDetail:
    """Move a client to the trash; nothing is lost, restore brings it back."""
    return _set_trash(client_id, True, user or current_user(), expected_version)


def restore_client(client_id: int, *, user: str | None = None) -> ClientDetail:
    return _set_trash(client_id, False, user or current_user(), None)


def purge_client(client_id: int) -> None:
    """Remove a client from the trash for good (its contacts stay in the registry)."""
    with m.database.atomic():
        client = m.Client.get_or_none(m.Client.id == client_id)
        if client is None:
            raise ClientNotFound(client_id)
        if client.deleted_at is None:
            raise TrashError(f"client {client.code} is not in the trash; delete it first")
        files = [f for f in (client.photo_id, client.signature_id) if f is not None]
        client.delete_instance()
        search_index.remove(m.database.obj, [client_id])
        from tui_clients.services.clients.attachments import drop_unused

        drop_unused(files)  # a purged client's signature and photo go too

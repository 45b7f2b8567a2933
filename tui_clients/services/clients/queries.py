"""Reading clients: one profile, a page of the list, the history."""

from __future__ import annotations

import json

from peewee import JOIN

from tui_clients.db import models as m
from tui_clients.domain.dates import local_time
from tui_clients.domain.entities import (
    AddressInput,
    ClientInput,
    ContactInput,
    FiscalInput,
    ServerDataInput,
    ServerInput,
)
from tui_clients.domain.places import coordinates_text
from tui_clients.services.admin.custom_fields import client_values
from tui_clients.services.clients.servers import read_server_data
from tui_clients.services.dto import (
    AddressRecord,
    ClientDetail,
    ContactRecord,
    FiscalRecord,
    HistoryEntry,
    PhoneRecord,
)


class ClientNotFound(LookupError):
    def __init__(self, client_id: int):
        super().__init__(f"client {client_id} does not exist")
        self.client_id = client_id


def get_client(client_id: int) -> ClientDetail:
    """The whole profile of a client, in the trash or not (its times local)."""
    c = (
        m.Client.select(m.Client, m.DocumentType, m.CompanyType, m.Category, m.Company)
        .join(m.DocumentType)
        .switch(m.Client)
        .join(m.CompanyType, JOIN.LEFT_OUTER)
        .switch(m.Client)
        .join(m.Category, JOIN.LEFT_OUTER)
        .switch(m.Client)
        .join(m.Company, JOIN.LEFT_OUTER)
        .where(m.Client.id == client_id)
        .first()
    )
    if c is None:
        raise ClientNotFound(client_id)
    emails = [e.email for e in c.emails.order_by(m.ClientEmail.position)]
    phones = [
        PhoneRecord(p.number, p.country, p.verified)
        for p in c.phones.order_by(m.ClientPhone.position)
    ]
    addresses = [
        AddressRecord(
            a.kind,
            a.country,
            a.region,
            a.province,
            a.district,
            a.postal_code,
            a.line,
            a.detail,
            a.latitude,
            a.longitude,
            a.coord_source,
            a.geocode_level,
        )
        for a in c.addresses.order_by(m.Address.position)
    ]
    links = (
        m.ClientContact.select(m.ClientContact, m.Contact)
        .join(m.Contact)
        .where(m.ClientContact.client == c.id)
        .order_by(m.ClientContact.is_primary.desc(), m.Contact.email_key)
    )
    contacts = [
        ContactRecord(
            link.contact.id,
            link.contact.email,
            link.contact.first_name,
            link.contact.last_name,
            link.contact.phone,
            link.is_primary,
        )
        for link in links
    ]
    fiscal_row = m.FiscalDataMx.get_or_none(m.FiscalDataMx.client == c.id)
    fiscal = (
        FiscalRecord(fiscal_row.regimen_id, fiscal_row.uso_cfdi_id, fiscal_row.postal_code)
        if fiscal_row
        else None
    )
    dt_ = c.document_type
    return ClientDetail(
        id=c.id,
        code=c.code,
        version=c.version,
        person_kind=c.person_kind,
        first_name=c.first_name,
        last_name=c.last_name,
        legal_name=c.legal_name,
        trade_name=c.trade_name,
        internal_code=c.internal_code,
        document_country=dt_.country,
        document_type=dt_.code,
        document_number=c.document_number,
        company_type=c.company_type.code if c.company_type_id else "",
        category=c.category.code if c.category_id else "",
        company_id=c.company_id,
        company_name=c.company.legal_name if c.company_id else "",
        active=c.active,
        gender=c.gender,
        website=c.website,
        created_at=local_time(c.created_at),
        created_by=c.created_by,
        updated_at=local_time(c.updated_at),
        updated_by=c.updated_by,
        deleted_at=local_time(c.deleted_at),
        emails=emails,
        phones=phones,
        addresses=addresses,
        contacts=contacts,
        fiscal=fiscal,
        contact_person=c.contact_person,
        server=read_server_data(c.id),
        custom=client_values(
            c.id,
            c.company_type.code if c.company_type_id else "",
            c.category.code if c.category_id else "",
        ),
    )


def client_history(client_id: int) -> list[HistoryEntry]:
    """Every recorded change of a client, newest first (at local times)."""
    return [
        HistoryEntry(local_time(h.at), h.user, h.action, json.loads(h.changes))
        for h in m.ClientHistory.select()
        .where(m.ClientHistory.client == client_id)
        .order_by(m.ClientHistory.at.desc(), m.ClientHistory.id.desc())
    ]


def input_from_detail(c: ClientDetail) -> ClientInput:
    """What an edit form starts from: the stored client as input (nothing is dropped)."""
    return ClientInput(
        person_kind=c.person_kind,
        company_type=c.company_type,
        category=c.category,
        document_country=c.document_country,
        document_type=c.document_type,
        document_number=c.document_number,
        first_name=c.first_name,
        last_name=c.last_name,
        legal_name=c.legal_name,
        trade_name=c.trade_name,
        internal_code=c.internal_code,
        company_id=c.company_id,
        active=c.active,
        gender=c.gender,
        website=c.website,
        emails=list(c.emails),
        phones=[p.number for p in c.phones],
        addresses=[
            AddressInput(
                kind=a.kind,
                country=a.country,
                region=a.region,
                province=a.province,
                district=a.district,
                postal_code=a.postal_code,
                line=a.line,
                detail=a.detail,
                coordinates=coordinates_text(a.latitude, a.longitude)
                if a.latitude is not None and a.longitude is not None
                else "",
            )
            for a in c.addresses
        ],
        contacts=[
            ContactInput(
                email=k.email,
                first_name=k.first_name,
                last_name=k.last_name,
                phone=k.phone,
                is_primary=k.is_primary,
            )
            for k in c.contacts
        ],
        fiscal=FiscalInput(c.fiscal.regimen, c.fiscal.uso_cfdi, c.fiscal.postal_code)
        if c.fiscal
        else None,
        contact_person=c.contact_person,
        server=_server_input(c),
        custom={v.key: v.value for v in c.custom},
    )


def _server_input(c: ClientDetail) -> ServerDataInput | None:
    """Stored server data as input: servers by id, passwords empty (kept unless retyped)."""
    if c.server is None:
        return None
    return ServerDataInput(
        gitlab_user=c.server.gitlab_user,
        discord_user=c.server.discord_user,
        slack_channel=c.server.slack_channel,
        discord_channel=c.server.discord_channel,
        servers=[
            ServerInput(host=s.host, ip=s.ip, username=s.username, server_id=s.id)
            for s in c.server.servers
        ],
    )

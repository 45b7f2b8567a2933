"""Plain records the services hand to front ends (no lazy database objects)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class AddressRecord:
    kind: str
    country: str
    region: str
    province: str
    district: str
    postal_code: str
    line: str
    detail: str
    latitude: float | None
    longitude: float | None
    coord_source: str  # manual | gazetteer | nominatim ("" without coordinates)
    geocode_level: str = ""  # what the geocoder reached: locality | region | country | unresolved


@dataclass(frozen=True)
class ContactRecord:
    id: int
    email: str
    first_name: str
    last_name: str
    phone: str
    is_primary: bool


@dataclass(frozen=True)
class PhoneRecord:
    number: str
    country: str | None
    verified: bool


@dataclass(frozen=True)
class FiscalRecord:
    regimen: str
    uso_cfdi: str
    postal_code: str


@dataclass(frozen=True)
class ServerRecord:
    """One of a client's servers; its password is never here, only whether there is one."""

    id: int
    host: str
    ip: str
    username: str
    has_password: bool
    password_readable: bool = True  # False: this installation's key cannot decrypt it


@dataclass(frozen=True)
class ServerDataRecord:
    gitlab_user: str
    discord_user: str
    slack_channel: str  # without the "#"
    discord_channel: str  # without the "#"
    servers: list[ServerRecord] = field(default_factory=list)


@dataclass(frozen=True)
class ClientSummary:
    """One row of the client list."""

    id: int
    code: str
    legal_name: str
    trade_name: str
    document_type: str
    document_number: str
    email: str
    phone: str
    company: str
    category: str
    active: bool
    created_at: dt.datetime
    channel: str = ""  # the first enabled channel
    distance_km: float | None = None  # from the centre of a "near" filter (geodesic)


@dataclass(frozen=True)
class CustomValueRecord:
    """One stored custom field value of a client, with what the profile needs to show it."""

    key: str
    label: str
    type: str
    value: str
    applies: bool  # the field is active and is for this client's type and category


@dataclass(frozen=True)
class ClientDetail:
    id: int
    code: str
    version: int
    person_kind: str
    first_name: str
    last_name: str
    legal_name: str
    trade_name: str
    internal_code: str
    document_country: str
    document_type: str
    document_number: str
    company_type: str
    category: str
    company_id: int | None
    company_name: str
    active: bool
    gender: str
    website: str
    created_at: dt.datetime
    created_by: str
    updated_at: dt.datetime
    updated_by: str
    deleted_at: dt.datetime | None
    emails: list[str] = field(default_factory=list)
    phones: list[PhoneRecord] = field(default_factory=list)
    addresses: list[AddressRecord] = field(default_factory=list)
    contacts: list[ContactRecord] = field(default_factory=list)
    fiscal: FiscalRecord | None = None
    contact_person: str = ""
    server: ServerDataRecord | None = None
    custom: list[CustomValueRecord] = field(default_factory=list)

    @property
    def in_trash(self) -> bool:
        return self.deleted_at is not None


@dataclass(frozen=True)
class HistoryEntry:
    at: dt.datetime
    user: str
    action: str
    changes: dict[str, list]

"""What a front end hands to the services: plain input records."""

from __future__ import annotations

from dataclasses import dataclass, field

ADDRESS_KINDS = ("main", "billing", "shipping")
GENDERS = ("", "F", "M", "X")
MAX_EXTRA_EMAILS = 2


@dataclass
class AddressInput:
    kind: str = "main"
    country: str = ""
    region: str = ""  # ISO 3166-2 code or ubigeo department
    province: str = ""
    district: str = ""
    postal_code: str = ""
    line: str = ""
    detail: str = ""
    coordinates: str = ""  # "lat,lng"


@dataclass
class ContactInput:
    email: str = ""
    first_name: str = ""
    last_name: str = ""
    phone: str = ""
    is_primary: bool = False


@dataclass
class FiscalInput:
    regimen: str = ""
    uso_cfdi: str = ""
    postal_code: str = ""


@dataclass
class ServerInput:
    """One of a client's servers; the password is typed here and stored encrypted."""

    host: str = ""
    ip: str = ""
    username: str = ""
    # "" on an existing server (server_id set) keeps the stored one; never in a repr
    password: str = field(default="", repr=False)
    server_id: int | None = None


@dataclass
class ServerDataInput:
    """The "server data" step: chat and repository accounts, and the servers."""

    gitlab_user: str = ""
    discord_user: str = ""
    slack_channel: str = ""
    discord_channel: str = ""
    servers: list[ServerInput] = field(default_factory=list)


@dataclass
class ClientInput:
    """Everything the wizard, the edit form or an import row can say about a client."""

    person_kind: str = "moral"  # fisica | moral
    company_type: str = ""  # company type code
    category: str = ""  # category code
    document_country: str = ""
    document_type: str = ""
    document_number: str = ""
    first_name: str = ""
    last_name: str = ""
    legal_name: str = ""
    trade_name: str = ""
    internal_code: str = ""
    company_id: int | None = None
    active: bool = True
    gender: str = ""
    website: str = ""
    emails: list[str] = field(default_factory=list)  # main first, then up to two more
    phones: list[str] = field(default_factory=list)
    addresses: list[AddressInput] = field(default_factory=list)
    contacts: list[ContactInput] = field(default_factory=list)
    custom: dict[str, str] = field(default_factory=dict)  # custom field key -> value as typed
    services: list[str] = field(default_factory=list)  # service codes to activate (an import's)
    fiscal: FiscalInput | None = None
    contact_person: str = ""  # "other data": the person to ask for
    server: ServerDataInput | None = None

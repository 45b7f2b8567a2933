"""One validation of a whole client, shared by the wizard, the edit form and the importer."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from functools import partial
from typing import TypeVar

from tui_clients.domain.contact import (
    Phone,
    email_key,
    modernised_note,
    normalize_email,
    normalize_phone,
    normalize_website,
)
from tui_clients.domain.custom_fields import FieldDef
from tui_clients.domain.documents import FISICA, MORAL, document_warnings, validate_document
from tui_clients.domain.entities import (
    ADDRESS_KINDS,
    GENDERS,
    MAX_EXTRA_EMAILS,
    AddressInput,
    ClientInput,
    ContactInput,
    FiscalInput,
)
from tui_clients.domain.errors import FieldError, ValidationError, shown
from tui_clients.domain.fiscal import Regimen, UsoCfdi, check_fiscal
from tui_clients.domain.i18n import N_
from tui_clients.domain.places import normalize_postal_code, parse_coordinates
from tui_clients.domain.servers import CleanServerData, clean_server_data
from tui_clients.domain.text import clean_name, clean_text

T = TypeVar("T")


@dataclass
class CleanAddress:
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


@dataclass
class CleanContact:
    email: str
    first_name: str
    last_name: str
    phone: Phone | None
    is_primary: bool


@dataclass
class CleanClient:
    person_kind: str
    company_type: str
    category: str
    document_country: str
    document_type: str
    document_number: str
    first_name: str
    last_name: str
    legal_name: str
    trade_name: str
    internal_code: str
    company_id: int | None
    active: bool
    gender: str
    website: str
    emails: list[str]
    phones: list[Phone]
    addresses: list[CleanAddress]
    contacts: list[CleanContact]
    fiscal: FiscalInput | None
    contact_person: str = ""
    server: CleanServerData | None = None  # None: no server data
    warnings: list[FieldError] = field(default_factory=list)
    custom_fields: list[FieldDef] = field(default_factory=list)  # the fields it was asked
    custom: dict[str, str] = field(default_factory=dict)  # their values, canonical, non-empty
    services: list[str] = field(default_factory=list)  # service codes to activate on it


class _Collector:
    """Runs field checks and keeps every error instead of stopping at the first."""

    def __init__(self) -> None:
        self.errors: list[FieldError] = []

    def __call__(self, check: Callable[[], T], default: T) -> T:
        try:
            return check()
        except ValidationError as exc:
            self.errors.extend(exc.errors)
            return default


@dataclass(frozen=True)
class Places:
    """The countries an address may name, and the regions (first-level areas) of those
    that have them in the catalog."""

    countries: frozenset[str]
    regions: Mapping[str, frozenset[str]]


def _not_a_country(field: str, value: str) -> FieldError:
    return FieldError(
        field,
        "country",
        N_("“{value}” is not a country: write its two-letter code (MX, PE, CO…)."),
        shown(value),
    )


def _address(
    a: AddressInput, i: int, default_country: str, take: _Collector, places: Places | None = None
) -> CleanAddress:
    p = f"addresses[{i}]."
    country = (a.country or default_country).upper()
    if places is not None and country not in places.countries:
        take.errors.append(_not_a_country(p + "country", a.country or default_country))
    regions = places.regions.get(country) if places is not None else None
    if regions and (a.region or "").strip() and a.region.strip().upper() not in regions:
        take.errors.append(
            FieldError(
                p + "region",
                "region",
                N_("“{value}” is not a region of {country} (e.g. {example})."),
                shown(a.region),
                {"country": country, "example": min(regions)},
            )
        )
    if a.kind not in ADDRESS_KINDS:
        take.errors.append(
            FieldError(p + "kind", "choice", N_("“{value}” is not a valid choice."), shown(a.kind))
        )
    point = take(lambda: parse_coordinates(a.coordinates, p + "coordinates"), None)
    return CleanAddress(
        kind=a.kind,
        country=country,
        region=take(lambda: clean_text(a.region, p + "region", max_length=20), "").upper(),
        province=take(lambda: clean_text(a.province, p + "province", max_length=100), ""),
        district=take(lambda: clean_text(a.district, p + "district", max_length=100), ""),
        postal_code=take(
            lambda: normalize_postal_code(a.postal_code, country, p + "postal_code"), ""
        ),
        line=take(lambda: clean_text(a.line, p + "line", required=True, max_length=300), ""),
        detail=take(lambda: clean_text(a.detail, p + "detail", max_length=300), ""),
        latitude=point.latitude if point else None,
        longitude=point.longitude if point else None,
    )


def _contact(c: ContactInput, i: int, country: str, take: _Collector) -> CleanContact:
    p = f"contacts[{i}]."
    return CleanContact(
        email=take(lambda: normalize_email(c.email, p + "email", required=True), ""),
        first_name=take(lambda: clean_name(c.first_name, p + "first_name"), ""),
        last_name=take(lambda: clean_name(c.last_name, p + "last_name", required=False), ""),
        phone=take(lambda: normalize_phone(c.phone, country, p + "phone"), None),
        is_primary=c.is_primary,
    )


def phone_country(data: ClientInput, default_country: str) -> str:
    """The country a phone without country code is read in (see domain.contact)."""
    for a in data.addresses:
        if a.country:
            return a.country.upper()
    return (data.document_country or default_country).upper()


def validate_client(
    data: ClientInput,
    *,
    default_country: str = "MX",
    regimenes: Mapping[str, Regimen] | None = None,
    usos: Mapping[str, UsoCfdi] | None = None,
    places: Places | None = None,
) -> CleanClient:
    """Clean every field of ``data`` or raise one ValidationError listing every problem.

    ``regimenes``/``usos`` (the SAT catalogs) and ``places`` (countries and their regions)
    are checked when given."""
    take = _Collector()
    kind = data.person_kind
    if kind not in (FISICA, MORAL):
        take.errors.append(
            FieldError("person_kind", "choice", N_("“{value}” is not a valid choice."), shown(kind))
        )
    country = (data.document_country or default_country).upper()
    if places is not None and data.document_country and country not in places.countries:
        take.errors.append(_not_a_country("document_country", data.document_country))
    number = take(
        lambda: validate_document(country, data.document_type, data.document_number, kind), ""
    )
    first = last = ""
    if kind == FISICA:
        first = take(lambda: clean_name(data.first_name, "first_name"), "")
        last = take(lambda: clean_name(data.last_name, "last_name"), "")
        legal = take(lambda: clean_name(data.legal_name, "legal_name", required=False), "")
        legal = legal or f"{first} {last}".strip()
    else:
        legal = take(lambda: clean_name(data.legal_name, "legal_name"), "")
    if data.gender not in GENDERS:
        take.errors.append(
            FieldError(
                "gender", "choice", N_("“{value}” is not a valid choice."), shown(data.gender)
            )
        )
    emails_in = [e for e in data.emails if (e or "").strip()]
    if len(emails_in) > 1 + MAX_EXTRA_EMAILS:
        take.errors.append(
            FieldError(
                "emails",
                "too_many",
                N_("At most {max} e-mail addresses: a main one and two more."),
                params={"max": 1 + MAX_EXTRA_EMAILS},
            )
        )
    emails = [
        take(partial(normalize_email, e, f"emails[{i}]"), "") for i, e in enumerate(emails_in)
    ]
    seen: set[str] = set()
    for i, e in enumerate(emails):
        if e and email_key(e) in seen:
            take.errors.append(
                FieldError(f"emails[{i}]", "duplicate", N_("“{value}” is listed twice."), e)
            )
        seen.add(email_key(e))
    pc = phone_country(data, default_country)
    phones = [
        take(partial(normalize_phone, p, pc, f"phones[{i}]"), None)
        for i, p in enumerate(data.phones)
    ]
    contacts = [_contact(c, i, pc, take) for i, c in enumerate(data.contacts)]
    _check_contacts(contacts, take)
    fiscal = data.fiscal
    if fiscal is not None and (fiscal.regimen or fiscal.uso_cfdi or fiscal.postal_code):
        take.errors.extend(
            check_fiscal(kind, fiscal.regimen, fiscal.uso_cfdi, regimenes or {}, usos or {})
        )
        cp = take(
            partial(normalize_postal_code, fiscal.postal_code, "MX", "fiscal.postal_code"), ""
        )
        if not fiscal.postal_code.strip():
            take.errors.append(
                FieldError("fiscal.postal_code", "required", N_("This field is required."))
            )
        fiscal = replace(fiscal, postal_code=cp)
        if (country, data.document_type) != ("MX", "RFC"):
            take.errors.append(
                FieldError(
                    "fiscal",
                    "needs_rfc",
                    N_("Mexican fiscal data (CFDI) needs a Mexican RFC as the client's document."),
                )
            )
    else:
        fiscal = None
    clean = CleanClient(
        person_kind=kind,
        company_type=data.company_type,
        category=data.category,
        document_country=country if data.document_type != "REF" else "",
        document_type=data.document_type,
        document_number=number,
        first_name=first,
        last_name=last,
        legal_name=legal,
        trade_name=take(lambda: clean_name(data.trade_name, "trade_name", required=False), ""),
        internal_code=take(
            lambda: clean_text(data.internal_code, "internal_code", max_length=40), ""
        ),
        company_id=data.company_id,
        active=bool(data.active),
        gender=data.gender,
        website=take(lambda: normalize_website(data.website), ""),
        emails=[e for e in emails if e],
        phones=[p for p in phones if p is not None],
        addresses=[
            _address(a, i, default_country, take, places) for i, a in enumerate(data.addresses)
        ],
        contacts=contacts,
        fiscal=fiscal,
        contact_person=take(
            lambda: clean_name(data.contact_person, "contact_person", required=False), ""
        ),
        server=take(lambda: clean_server_data(data.server), None),
        services=list(dict.fromkeys(c.strip().upper() for c in data.services if c.strip())),
    )
    if take.errors:
        raise ValidationError(take.errors)
    # A document kept although doubtful (an RFC whose check digit fails) comes first.
    clean.warnings = document_warnings(clean.document_country, clean.document_type, number)
    clean.warnings += [
        FieldError(
            f"phones[{i}]",
            "phone_unverified",
            N_("“{value}” could not be verified as a phone of {country}; kept as typed."),
            p.number,
            {"country": pc},
        )
        for i, p in enumerate(clean.phones)
        if not p.verified
    ]
    clean.warnings += [
        note
        for name, phone in [
            *((f"phones[{i}]", p) for i, p in enumerate(clean.phones)),
            *((f"contacts[{i}].phone", c.phone) for i, c in enumerate(clean.contacts)),
        ]
        if (note := modernised_note(phone, name)) is not None
    ]
    return clean


def _check_contacts(contacts: list[CleanContact], take: _Collector) -> None:
    seen: set[str] = set()
    for i, c in enumerate(contacts):
        if c.email and email_key(c.email) in seen:
            take.errors.append(
                FieldError(
                    f"contacts[{i}].email", "duplicate", N_("“{value}” is listed twice."), c.email
                )
            )
        seen.add(email_key(c.email))
    primaries = [c for c in contacts if c.is_primary]
    if len(primaries) > 1:
        take.errors.append(
            FieldError("contacts", "primary", N_("Only one contact can be the primary one."))
        )
    if contacts and not primaries:
        contacts[0].is_primary = True

"""The part of an import that needs no database: rows read as clients and checked by the
client rules against a snapshot of the catalogs.

It runs in worker processes on large files (``ProcessPoolExecutor``; the snapshot is
sent once, to each worker) and in the importing process on small ones; the same
function either way, so a row gets the same answer wherever it was checked.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from tui_clients.domain.client_rules import CleanClient, Places, validate_client
from tui_clients.domain.csv.rows import CompanyRef, row_input
from tui_clients.domain.custom_fields import FieldDef
from tui_clients.domain.errors import FieldError, ValidationError
from tui_clients.domain.fiscal import Regimen, UsoCfdi
from tui_clients.domain.search import search_keys
from tui_clients.services.admin.custom_fields import definitions
from tui_clients.services.clients.checks import (
    CatalogRefs,
    RefCatalog,
    ref_catalog,
    references,
    with_custom_values,
)
from tui_clients.services.clients.history import snapshot
from tui_clients.services.dto import (
    AddressRecord,
    ClientDetail,
    CustomValueRecord,
    FiscalRecord,
    PhoneRecord,
)


@dataclass(frozen=True)
class Rules:
    """What checking a row needs, read from the database once per import."""

    default_country: str
    catalog: RefCatalog
    regimenes: dict[str, Regimen]
    usos: dict[str, UsoCfdi]
    type_kinds: dict[str, str]  # company type code -> "fisica" / "moral"
    places: Places
    custom_fields: list[FieldDef] = field(default_factory=list)  # the active ones


def load_rules(default_country: str) -> Rules:
    from tui_clients.services.admin.catalogs import fiscal_catalogs, place_catalog

    catalog = ref_catalog()
    kinds = {code: kind for code, (_id, kind) in catalog.company_types.items()}
    return Rules(
        default_country,
        catalog,
        *fiscal_catalogs(),
        kinds,
        place_catalog(),
        definitions(active_only=True),
    )


@dataclass
class Checked:
    """One row after the rules: a clean client ready to store, or its errors."""

    line: int
    key: str = ""  # its UniqueReference as compared for repeats ("" when unreadable)
    reference: str = ""  # its document number as read
    clean: CleanClient | None = None
    refs: CatalogRefs | None = None  # catalog ids (document type, company type, category…)
    company: CompanyRef | None = None
    country: str = ""  # the country the row points to
    errors: list[FieldError] = field(default_factory=list)
    # What storing it needs that does not depend on the database (built here, on a worker):
    own_keys: list[str] = field(default_factory=list)  # search words of its own names
    other_keys: list[str] = field(default_factory=list)  # of its document, e-mails, phones…
    snapshot: dict[str, str] = field(default_factory=dict)  # its history's first entry

    def valid(self) -> tuple[CleanClient, CatalogRefs]:
        """The clean client and its catalog ids, which a row without errors has."""
        if self.clean is None or self.refs is None:
            raise ValueError(f"line {self.line} has errors, nothing to store")
        return self.clean, self.refs


def check_row(rules: Rules, line: int, values: dict[str, str]) -> Checked:
    try:
        row = row_input(values, default_country=rules.default_country, type_kinds=rules.type_kinds)
    except ValidationError as exc:
        return Checked(line, errors=list(exc.errors))
    checked = Checked(
        line, row.key, row.data.document_number, company=row.company, country=row.country
    )
    try:
        country = row.country or rules.default_country
        d = row.data
        clean = with_custom_values(
            lambda: validate_client(
                d,
                default_country=country,
                regimenes=rules.regimenes,
                usos=rules.usos,
                places=rules.places,
            ),
            d,
            [f for f in rules.custom_fields if f.applies(d.company_type, d.category)],
            country,
        )
        checked.refs = references(clean, rules.catalog)
        checked.clean = clean
    except ValidationError as exc:
        checked.errors = row.in_columns(exc.errors)
        return checked
    checked.own_keys = search_keys([clean.internal_code, clean.legal_name, clean.trade_name])
    checked.other_keys = search_keys(
        [
            clean.document_number,
            *clean.emails,
            *(p.number for p in clean.phones),
            *(a.postal_code for a in clean.addresses),
        ]
    )
    checked.snapshot = snapshot(profile_of(clean, COMPANY_LATER))
    return checked


COMPANY_LATER = "\0"  # stands for the company's name until it is known (never in a name)


def with_company(flat: dict[str, str], company: str) -> dict[str, str]:
    """A snapshot taken with COMPANY_LATER, with the company's name in its place."""
    flat = dict(flat)
    if company:
        flat["company"] = company
    else:
        flat.pop("company", None)
    return flat


def profile_of(clean: CleanClient, company_name: str) -> ClientDetail:
    """The profile of a client about to be stored (for its history's first entry)."""
    now = dt.datetime(2000, 1, 1)  # not part of a snapshot
    return ClientDetail(
        id=0,
        code="",
        version=1,
        person_kind=clean.person_kind,
        first_name=clean.first_name,
        last_name=clean.last_name,
        legal_name=clean.legal_name,
        trade_name=clean.trade_name,
        internal_code=clean.internal_code,
        document_country=clean.document_country,
        document_type=clean.document_type,
        document_number=clean.document_number,
        company_type=clean.company_type,
        category=clean.category,
        company_id=None,
        company_name=company_name,
        active=clean.active,
        gender=clean.gender,
        website=clean.website,
        created_at=now,
        created_by="",
        updated_at=now,
        updated_by="",
        deleted_at=None,
        emails=clean.emails,
        phones=[PhoneRecord(p.number, p.country, p.verified) for p in clean.phones],
        addresses=[
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
                "manual" if a.latitude is not None else "",
            )
            for a in clean.addresses
        ],
        fiscal=FiscalRecord(clean.fiscal.regimen, clean.fiscal.uso_cfdi, clean.fiscal.postal_code)
        if clean.fiscal
        else None,
        contact_person=clean.contact_person,
        custom=[
            CustomValueRecord(f.key, f.label, f.type, clean.custom[f.key], True)
            for f in clean.custom_fields
            if f.key in clean.custom
        ],
    )


_worker_rules: Rules | None = None


def start_worker(rules: Rules) -> None:
    """Process-pool initializer: keep the rules for every chunk this worker checks."""
    global _worker_rules
    _worker_rules = rules


def check_chunk(
    rows: list[tuple[int, dict[str, str]]], rules: Rules | None = None
) -> list[Checked]:
    """Check (line, values) rows, in order; in a worker the rules are the initializer's."""
    rules = rules or _worker_rules
    assert rules is not None, "start_worker() was not called in this process"
    return [check_row(rules, line, values) for line, values in rows]

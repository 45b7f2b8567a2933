"""Checks before a client is written: its references to the catalogs, its document's
uniqueness, and the whole-client rules; nothing here writes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypedDict

from tui_clients.db import models as m
from tui_clients.domain.client_rules import CleanClient, validate_client
from tui_clients.domain.custom_fields import FieldDef, check_values
from tui_clients.domain.documents import MORAL, is_shared_document
from tui_clients.domain.entities import ClientInput
from tui_clients.domain.errors import FieldError, ValidationError, shown
from tui_clients.domain.i18n import N_
from tui_clients.domain.persons import person_kind_word
from tui_clients.domain.text import fold
from tui_clients.services.admin.catalogs import fiscal_catalogs, place_catalog
from tui_clients.services.admin.custom_fields import applicable


def _err(field: str, code: str, template: str, value: str = "", **params) -> ValidationError:
    return ValidationError(FieldError(field, code, template, shown(value), params))


@dataclass(frozen=True)
class RefCatalog:
    """The catalogs a client refers to, read once (a bulk import checks every row on it)."""

    document_types: dict[
        tuple[str, str], tuple[int, bool, bool]
    ]  # (country, code) -> id, fisica, moral
    company_types: dict[str, tuple[int, str]]  # code -> id, person kind
    categories: dict[str, tuple[int, int | None]]  # code -> id, its company type (None: any)
    services: dict[str, tuple[int, bool]] = field(default_factory=dict)  # code -> id, active


class CatalogRefs(TypedDict):
    """The catalog ids a clean client names (see ``references``)."""

    document_type: int
    company_type: int | None
    category: int | None
    services: list[int]


def ref_catalog() -> RefCatalog:
    return RefCatalog(
        {(d.country, d.code): (d.id, d.fisica, d.moral) for d in m.DocumentType.select()},
        {
            t.code: (t.id, t.person_kind)
            for t in m.CompanyType.select().order_by(m.CompanyType.sort_order)
        },
        {c.code: (c.id, c.company_type_id) for c in m.Category.select()},
        {s.code: (s.id, s.active) for s in m.Service.select()},
    )


def references(
    clean: CleanClient, catalog: RefCatalog | None = None, *, company_known: bool = False
) -> CatalogRefs:
    """Catalog ids for a cleaned client, or a ValidationError naming the wrong reference.
    ``company_known``: its company is the one stored with it (it exists: not looked up)."""
    catalog = catalog or ref_catalog()
    doc = catalog.document_types.get((clean.document_country, clean.document_type))
    if doc is None:
        raise _err(
            "document_type",
            "unknown_type",
            N_("Unknown document type “{value}”."),
            clean.document_type,
        )
    if not (doc[1] if clean.person_kind != MORAL else doc[2]):
        raise _err(
            "document_type",
            "document_kind",
            N_("A {value} is not a document of a {kind}."),
            clean.document_type,
            kind=person_kind_word(clean.person_kind, clean.document_country),
        )
    refs: CatalogRefs = {
        "document_type": doc[0],
        "company_type": None,
        "category": None,
        "services": [],
    }
    if clean.company_type:
        ctype = catalog.company_types.get(clean.company_type)
        if ctype is None:
            raise _err(
                "company_type", "unknown", N_("Unknown company type “{value}”."), clean.company_type
            )
        if ctype[1] != clean.person_kind:
            raise _err(
                "company_type",
                "company_type_kind",
                N_("Company type {value} is for a {kind}."),
                clean.company_type,
                kind=person_kind_word(ctype[1], clean.document_country),
            )
        refs["company_type"] = ctype[0]
    if clean.category:
        cat = catalog.categories.get(clean.category)
        if cat is None:
            raise _err("category", "unknown", N_("Unknown category “{value}”."), clean.category)
        if cat[1] and cat[1] != refs["company_type"]:
            raise _err(
                "category",
                "category_type",
                N_("Category {value} does not apply to this company type."),
                clean.category,
            )
        refs["category"] = cat[0]
    for code in clean.services:
        service = catalog.services.get(code)
        if service is None or not service[1]:
            raise _err(
                "services",
                "unknown",
                N_("“{value}” is not an active service of the catalog."),
                code,
            )
        refs["services"].append(service[0])
    if (
        clean.company_id is not None
        and not company_known
        and not m.Company.get_or_none(m.Company.id == clean.company_id)
    ):
        raise _err(
            "company_id", "unknown", N_("Company {value} does not exist."), str(clean.company_id)
        )
    return refs


def duplicate_error(number: str, other, shared: bool = False) -> FieldError:
    """“This document is already client …'s” (the client may be in the trash); for a
    document many share (``shared``), “with this name”."""
    if shared:
        template = N_(
            "{value} is shared by many clients, and with this name it is already client "
            "{code} “{name}”."
        )
    elif other.deleted_at:
        template = N_("{value} is already the document of client {code} “{name}” (in the trash).")
    else:
        template = N_("{value} is already the document of client {code} “{name}”.")
    return FieldError(
        "document_number",
        "duplicate",
        template,
        number,
        {"code": other.code, "name": other.legal_name, "client_id": other.id},
    )


def check_unique(clean: CleanClient, doc_type_id: int, exclude_id: int | None = None) -> None:
    """A client's document is no other client's, except the documents many clients share
    (the SAT's generic RFCs, see ``is_shared_document``): with those, the name tells
    clients apart (the same generic RFC and the same name are the same client)."""
    shared = is_shared_document(clean.document_type, clean.document_number)
    query = m.Client.select().where(
        m.Client.document_type == doc_type_id, m.Client.document_number == clean.document_number
    )
    if shared:
        query = query.where(m.Client.sort_name == fold(clean.legal_name)[:200])
    if exclude_id is not None:
        query = query.where(m.Client.id != exclude_id)
    other = query.first()
    if other is not None:
        raise ValidationError(duplicate_error(clean.document_number, other, shared))


def validated(
    data: ClientInput, default_country: str, custom_fields: list[FieldDef] | None = None
) -> CleanClient:
    """The client's rules and, for its company type and category, its custom fields'
    (``custom_fields``: those fields, when the caller has read them already)."""
    regimenes, usos = fiscal_catalogs()
    if custom_fields is None:
        custom_fields = applicable(data.company_type, data.category)
    return with_custom_values(
        lambda: validate_client(
            data,
            default_country=default_country,
            regimenes=regimenes,
            usos=usos,
            places=place_catalog(),
        ),
        data,
        custom_fields,
        default_country,
    )


def with_custom_values(
    check, data: ClientInput, custom_fields: list[FieldDef], default_country: str
) -> CleanClient:
    """``check()`` (the client's rules), then the custom fields': one ValidationError with
    every problem of both, or the clean client with its custom values."""
    country = (data.document_country or default_country).upper()
    custom, custom_errors = check_values(custom_fields, data.custom, country=country)
    try:
        clean = check()
    except ValidationError as exc:
        raise ValidationError([*exc.errors, *custom_errors]) from None
    if custom_errors:
        raise ValidationError(custom_errors)
    clean.custom_fields, clean.custom = list(custom_fields), custom
    return clean


def check_client(
    data: ClientInput, *, default_country: str = "MX", exclude_id: int | None = None
) -> list[FieldError]:
    """Every problem that would stop a create (or an edit of ``exclude_id``), writing nothing."""
    try:
        clean = validated(data, default_country)
        refs = references(clean)
        check_unique(clean, refs["document_type"], exclude_id)
    except ValidationError as exc:
        return list(exc.errors)
    return []

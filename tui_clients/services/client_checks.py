"""Checks before a client is written: its references to the catalogs, its document's
uniqueness, and the whole-client rules; nothing here writes."""

from __future__ import annotations

from tui_clients.db import models as m
from tui_clients.domain.client_rules import CleanClient, validate_client
from tui_clients.domain.documents import MORAL
from tui_clients.domain.entities import ClientInput
from tui_clients.domain.errors import FieldError, ValidationError
from tui_clients.i18n import N_
from tui_clients.services.catalogs import fiscal_catalogs


def _err(field: str, code: str, template: str, value: str = "", **params) -> ValidationError:
    return ValidationError(FieldError(field, code, template, value, params))


def references(clean: CleanClient) -> dict:
    """Catalog ids for a cleaned client, or a ValidationError naming the wrong reference."""
    doc = m.DocumentType.get_or_none(
        m.DocumentType.code == clean.document_type,
        m.DocumentType.country == clean.document_country,
    )
    if doc is None:
        raise _err(
            "document_type",
            "unknown_type",
            N_("Unknown document type “{value}”."),
            clean.document_type,
        )
    if not (doc.fisica if clean.person_kind != MORAL else doc.moral):
        raise _err(
            "document_type",
            "document_kind",
            N_("A {value} is not a document of a persona {kind}."),
            doc.code,
            kind=clean.person_kind,
        )
    refs = {"document_type": doc.id, "company_type": None, "category": None}
    if clean.company_type:
        ctype = m.CompanyType.get_or_none(m.CompanyType.code == clean.company_type)
        if ctype is None:
            raise _err(
                "company_type", "unknown", N_("Unknown company type “{value}”."), clean.company_type
            )
        if ctype.person_kind != clean.person_kind:
            raise _err(
                "company_type",
                "company_type_kind",
                N_("Company type {value} is for a persona {kind}."),
                ctype.code,
                kind=ctype.person_kind,
            )
        refs["company_type"] = ctype.id
    if clean.category:
        cat = m.Category.get_or_none(m.Category.code == clean.category)
        if cat is None:
            raise _err("category", "unknown", N_("Unknown category “{value}”."), clean.category)
        if cat.company_type_id and cat.company_type_id != refs["company_type"]:
            raise _err(
                "category",
                "category_type",
                N_("Category {value} does not apply to this company type."),
                cat.code,
            )
        refs["category"] = cat.id
    if clean.company_id is not None and not m.Company.get_or_none(m.Company.id == clean.company_id):
        raise _err(
            "company_id", "unknown", N_("Company {value} does not exist."), str(clean.company_id)
        )
    return refs


def check_unique(clean: CleanClient, doc_type_id: int, exclude_id: int | None = None) -> None:
    query = m.Client.select().where(
        m.Client.document_type == doc_type_id, m.Client.document_number == clean.document_number
    )
    if exclude_id is not None:
        query = query.where(m.Client.id != exclude_id)
    other = query.first()
    if other is None:
        return
    template = (
        N_("{value} is already the document of client {code} “{name}” (in the trash).")
        if other.deleted_at
        else N_("{value} is already the document of client {code} “{name}”.")
    )
    error = FieldError(
        "document_number",
        "duplicate",
        template,
        clean.document_number,
        {"code": other.code, "name": other.legal_name, "client_id": other.id},
    )
    raise ValidationError(error)


def validated(data: ClientInput, default_country: str) -> CleanClient:
    regimenes, usos = fiscal_catalogs()
    return validate_client(data, default_country=default_country, regimenes=regimenes, usos=usos)


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

"""Custom fields: definitions an administrator keeps, and each client's values.

Changing a definition never loses stored values silently: a change of type or of the
choices that some stored value would not fit is refused, saying how many values and
an example; removing a field that has values only deactivates it (the values stay,
shown in the profile as kept) unless the administrator purges them, told how many.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import cast

from tui_clients.db import models as m
from tui_clients.domain.csv.rows import EXTRAS, TEMPLATE
from tui_clients.domain.custom_fields import FieldDef, check_definition, check_value
from tui_clients.domain.errors import FieldError, ValidationError
from tui_clients.domain.i18n import N_
from tui_clients.services.dto import CustomValueRecord

RESERVED = {c.lower() for c in (*TEMPLATE, *EXTRAS, "error")}


def _def(row: m.CustomField, types: dict[int, str], cats: dict[int, str]) -> FieldDef:
    type_id, category_id = row.company_type_id, row.category_id
    return FieldDef(
        row.id,
        row.key,
        row.label,
        row.type,
        row.required,
        row.help,
        tuple(c for c in row.choices.split("\n") if c),
        row.sort_order,
        types.get(type_id, "") if type_id is not None else "",
        cats.get(category_id, "") if category_id is not None else "",
        row.active,
    )


def definitions(*, active_only: bool = False) -> list[FieldDef]:
    """Every definition in form order (order, then label)."""
    types = {t.id: t.code for t in m.CompanyType.select(m.CompanyType.id, m.CompanyType.code)}
    cats = {c.id: c.code for c in m.Category.select(m.Category.id, m.Category.code)}
    query = m.CustomField.select().order_by(m.CustomField.sort_order, m.CustomField.label)
    if active_only:
        query = query.where(m.CustomField.active)
    return [_def(row, types, cats) for row in query]


def applicable(company_type: str, category: str) -> list[FieldDef]:
    """The fields a client of this company type and category fills in."""
    return [d for d in definitions(active_only=True) if d.applies(company_type, category)]


def stored_count(field_id: int) -> int:
    return m.CustomValue.select().where(m.CustomValue.field == field_id).count()


def save_definition(d: FieldDef) -> FieldDef:
    """Create (``d.id`` None) or change a definition; a ValidationError says what is wrong,
    including stored values the change would not fit."""
    others = m.CustomField.select(m.CustomField.key)
    if d.id is not None:
        others = others.where(m.CustomField.id != d.id)
    taken = {k for (k,) in cast("Iterable[tuple[str]]", others.tuples())}
    clean = check_definition(d, taken=taken, reserved=RESERVED)
    refs: dict[str, int | None] = {"company_type": None, "category": None}
    for name, model, code in (
        ("company_type", m.CompanyType, clean.company_type),
        ("category", m.Category, clean.category),
    ):
        if code:
            row = model.get_or_none(model.code == code)
            if row is None:
                raise ValidationError(
                    FieldError(name, "unknown", N_("Unknown code “{value}”."), code)
                )
            refs[name] = row.id
    fields = {
        "key": clean.key,
        "label": clean.label,
        "type": clean.type,
        "required": clean.required,
        "help": clean.help,
        "choices": "\n".join(clean.choices),
        "sort_order": clean.order,
        "company_type": refs["company_type"],
        "category": refs["category"],
        "active": clean.active,
    }
    with m.database.atomic():
        if clean.id is None:
            return replace(clean, id=m.CustomField.insert(**fields).execute())
        _check_stored_values_fit(clean)
        m.CustomField.update(**fields).where(m.CustomField.id == clean.id).execute()
    return clean


def _check_stored_values_fit(d: FieldDef) -> None:
    """Refuse a change of type or choices that a stored value would not survive."""
    unfit, example = 0, ""
    query = m.CustomValue.select(m.CustomValue.value).where(m.CustomValue.field == d.id)
    for (value,) in query.tuples().iterator():
        try:
            fits = check_value(replace(d, required=False), value) == value
        except ValidationError:
            fits = False
        if not fits:
            unfit += 1
            example = example or value
    if unfit:
        raise ValidationError(
            FieldError(
                "type",
                "stored_values",
                N_(
                    "Stored values that would not fit this change: {count} (e.g. “{value}”). Change "
                    "them first, or make a new field."
                ),
                example,
                {"count": unfit},
            )
        )


def set_active(field_id: int, active: bool) -> None:
    """Hide a field from forms (its stored values stay and show as kept) or show it again."""
    m.CustomField.update(active=active).where(m.CustomField.id == field_id).execute()


def delete_definition(field_id: int, *, purge: bool = False) -> int:
    """Remove a definition.  With stored values it is refused (a ValidationError with their
    count) unless ``purge``, which removes them too; returns how many values went."""
    with m.database.atomic():
        count = stored_count(field_id)
        if count and not purge:
            raise ValidationError(
                FieldError(
                    "key",
                    "has_values",
                    N_(
                        "Clients with a value in this field: {count}. Deactivate it to keep them, or "
                        "confirm that they are deleted with it."
                    ),
                    params={"count": count},
                )
            )
        m.CustomValue.delete().where(m.CustomValue.field == field_id).execute()
        m.CustomField.delete().where(m.CustomField.id == field_id).execute()
    return count


def clients_without_value(d: FieldDef) -> int:
    """Clients (out of the trash) the field is for that have no value in it: a required
    field added later asks them for one at their next edit."""
    C = m.Client
    query = C.select().where(C.deleted_at.is_null())
    if d.category:
        query = query.join(m.Category).where(m.Category.code == d.category)
    elif d.company_type:
        query = query.join(m.CompanyType).where(m.CompanyType.code == d.company_type)
    with_value = m.CustomValue.select(m.CustomValue.client).where(m.CustomValue.field == d.id)
    return query.where(C.id.not_in(with_value)).count()


def client_values(client_id: int, company_type: str, category: str) -> list[CustomValueRecord]:
    """A client's stored values, in form order; fields that no longer apply are kept."""
    query = (
        m.CustomValue.select(m.CustomValue.field, m.CustomValue.value)
        .where(m.CustomValue.client == client_id)
        .tuples()
    )
    stored = dict(cast("Iterable[tuple[int, str]]", query))
    return [
        CustomValueRecord(d.key, d.label, d.type, stored[d.id], d.applies(company_type, category))
        for d in definitions()
        if d.id in stored
    ]

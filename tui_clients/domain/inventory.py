"""Inventory: the unique items delivered to a client (seed 000, "Inventario").

One item is a serial number, what it is, when it was delivered, the work order it was
delivered under and who delivered it.  The rules live here, for the form, the import
and any other front end:

- **Serial**: required, trimmed, inner spaces collapsed, stored in capitals (serial
  numbers are printed so; ``ab-12`` and ``AB-12`` are one serial), at most 100
  characters, unique in the whole registry (the database refuses a second one; a file
  repeating one is refused on the later line, naming the first).
- **Description**, **WorkOrder**, **DeliveredBy**: optional one-line texts of at most
  300, 50 and 100 characters.
- **Delivered on**: optional; ``2026-03-14`` or ``14/03/2026`` (also ``14-03-2026``
  and one-digit days and months), never after today nor before 1950.
- Every text refuses control and invisible characters (:mod:`.text`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from tui_clients.domain.csv.read import Column, ColumnSet
from tui_clients.domain.dates import date_text, read_date
from tui_clients.domain.errors import FieldError, ValidationError, shown
from tui_clients.domain.i18n import N_
from tui_clients.domain.text import clean_text

SERIAL_MAX, DESCRIPTION_MAX, WORK_ORDER_MAX, DELIVERED_BY_MAX = 100, 300, 50, 100
EARLIEST = dt.date(1950, 1, 1)

# The inventory file: the client by code or by document, then the item.
TEMPLATE = (
    "ClientCode",
    "UniqueReference",
    "Serial",
    "Description",
    "DeliveredOn",
    "WorkOrder",
    "DeliveredBy",
)
EXAMPLE = (
    "CL-0000001",
    "",
    "SN-4C1F-00923",
    "Router Huawei HG8245",
    "14/03/2026",
    "OT-2026-0045",
    "Carlos Pérez",
)
COLUMNS = ColumnSet(
    (
        Column(
            "ClientCode",
            (
                "Código del cliente",
                "Código de cliente",
                "Cliente",
                "Client",
                "Client code",
                "Código",
            ),
        ),
        Column(
            "UniqueReference",
            ("Referencia única", "Documento", "Número de documento", "Document"),
            digits=True,
        ),
        Column(
            "Serial",
            ("Serie", "Número de serie", "Nº de serie", "No. de serie", "Serial number"),
            required=True,
            digits=True,
        ),
        Column("Description", ("Descripción", "Artículo", "Item")),
        Column(
            "DeliveredOn",
            ("Fecha de entrega", "Entregado el", "Fecha", "Delivery date", "Delivered"),
        ),
        Column("WorkOrder", ("Orden de trabajo", "OT", "Work order", "Orden"), digits=True),
        Column("DeliveredBy", ("Entregado por", "Especialista", "Técnico", "Delivered by")),
    )
)
FIELD_COLUMNS = {
    "serial": "Serial",
    "description": "Description",
    "delivered_on": "DeliveredOn",
    "work_order": "WorkOrder",
    "delivered_by": "DeliveredBy",
}


NOT_A_DATE = N_("“{value}” is not a date; write it as 2026-03-14 (or 14/03/2026).")
FUTURE = N_("“{value}” is after today: an item is recorded once it was delivered.")
TOO_OLD = N_("“{value}” is before 1950; check the year.")
REPEATED = N_("The serial “{value}” is repeated: line {line} has it already.")
TAKEN = N_("The serial “{value}” is registered already, to client {client}.")


@dataclass
class ItemInput:
    """What the operator typed (or a row held) for one item."""

    serial: str = ""
    description: str = ""
    delivered_on: str = ""  # as typed: ISO or dd/mm/yyyy
    work_order: str = ""
    delivered_by: str = ""


@dataclass(frozen=True)
class Item:
    """A checked item, ready to store."""

    serial: str
    description: str
    delivered_on: dt.date | None
    work_order: str
    delivered_by: str


def clean_serial(value: str | None) -> str:
    """A serial as stored and compared: trimmed, spaces collapsed, in capitals."""
    return clean_text(value, "serial", required=True, max_length=SERIAL_MAX).upper()


def parse_date(value: str | dt.date | None, *, today: dt.date | None = None) -> dt.date | None:
    """A delivery date from ``2026-03-14`` or ``14/03/2026``; None when empty."""
    if isinstance(value, dt.date):
        found = value
    else:
        text = (value or "").strip()
        if not text:
            return None
        read = read_date(text)
        if read is None:
            raise ValidationError(FieldError("delivered_on", "not_a_date", NOT_A_DATE, shown(text)))
        found = read
    shown_date = date_text(found)
    if found > (today or dt.date.today()):
        raise ValidationError(FieldError("delivered_on", "future", FUTURE, shown_date))
    if found < EARLIEST:
        raise ValidationError(FieldError("delivered_on", "too_old", TOO_OLD, shown_date))
    return found


def clean_item(data: ItemInput, *, today: dt.date | None = None) -> Item:
    """Check every field; raises ValidationError with each field's first problem."""
    errors: list[FieldError] = []

    def take(check, *args, **kw):
        try:
            return check(*args, **kw)
        except ValidationError as exc:
            errors.extend(exc.errors)
            return None

    item = Item(
        serial=take(clean_serial, data.serial) or "",
        description=take(clean_text, data.description, "description", max_length=DESCRIPTION_MAX)
        or "",
        delivered_on=take(parse_date, data.delivered_on, today=today),
        work_order=take(clean_text, data.work_order, "work_order", max_length=WORK_ORDER_MAX) or "",
        delivered_by=take(
            clean_text, data.delivered_by, "delivered_by", max_length=DELIVERED_BY_MAX
        )
        or "",
    )
    if errors:
        raise ValidationError(errors)
    return item


def item_text(
    serial: str,
    description: str = "",
    delivered_on: dt.date | None = None,
    work_order: str = "",
    delivered_by: str = "",
) -> str:
    """One item on one line, for the history: "SN-1 · Router · 2026-03-14 · OT-7 · Ana"."""
    date = date_text(delivered_on)
    return " · ".join(x for x in (serial, description, date, work_order, delivered_by) if x)


def in_columns(errors: list[FieldError]) -> list[FieldError]:
    """Item errors named by the file's columns ("serial" -> "Serial")."""
    return [
        FieldError(FIELD_COLUMNS.get(e.field, e.field), e.code, e.template, e.value, e.params)
        for e in errors
    ]


def row_item(values: dict[str, str]) -> ItemInput:
    """One row of an inventory file as the form's input."""
    return ItemInput(
        serial=values.get("Serial", ""),
        description=values.get("Description", ""),
        delivered_on=values.get("DeliveredOn", ""),
        work_order=values.get("WorkOrder", ""),
        delivered_by=values.get("DeliveredBy", ""),
    )

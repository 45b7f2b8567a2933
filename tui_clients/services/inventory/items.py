"""A client's inventory: list, add, edit and remove items by hand (each change in the
client's history), and find the client an inventory row names."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from peewee import IntegrityError

from tui_clients.db import models as m
from tui_clients.domain.dates import date_text
from tui_clients.domain.errors import FieldError, ValidationError, shown
from tui_clients.domain.i18n import N_
from tui_clients.domain.inventory import TAKEN, Item, ItemInput, clean_item, item_text
from tui_clients.services.clients.history import record
from tui_clients.services.session import current_user

HISTORY_KEY = "inventory"  # the history's field for an item added, changed or removed

IN_TRASH = N_("Client {value} is in the trash; restore it before changing its inventory.")
NO_CLIENT = N_("No client has the code “{value}”.")
NO_DOCUMENT = N_("No client has the document “{value}”.")
TWO_CLIENTS = N_("Several clients have the document “{value}”; name the client by its code.")
NO_REFERENCE = N_("Name the client: its code (ClientCode) or its document (UniqueReference).")
OTHER_CLIENT = N_("“{value}” is not the document of client {code}; the row names two clients.")
NOT_FOUND = N_("The item no longer exists (someone removed it).")
_SEPARATORS = re.compile(r"[\s.\-/]")


@dataclass(frozen=True)
class InventoryRecord:
    id: int
    client_id: int
    client_code: str
    serial: str
    description: str
    delivered_on: dt.date | None
    work_order: str
    delivered_by: str

    def as_input(self) -> ItemInput:
        date = date_text(self.delivered_on)
        return ItemInput(self.serial, self.description, date, self.work_order, self.delivered_by)


def _record(row: m.InventoryItem, code: str) -> InventoryRecord:
    return InventoryRecord(
        row.id,
        row.client_id,
        code,
        row.serial,
        row.description,
        row.delivered_on,
        row.work_order,
        row.delivered_by,
    )


def list_items(client_id: int | None = None) -> list[InventoryRecord]:
    """A client's items (all clients' with None), newest delivery first, then by serial."""
    query = (
        m.InventoryItem.select(m.InventoryItem, m.Client.id, m.Client.code)
        .join(m.Client)
        .order_by(m.InventoryItem.delivered_on.desc(nulls="LAST"), m.InventoryItem.serial)
    )
    if client_id is not None:
        query = query.where(m.InventoryItem.client == client_id)
    return [_record(row, row.client.code) for row in query]


def _text(item: Item | m.InventoryItem) -> str:
    return item_text(
        item.serial, item.description, item.delivered_on, item.work_order, item.delivered_by
    )


def _taken(serial: str, but: int | None = None) -> FieldError | None:
    """The error for a serial another item has, naming that item's client."""
    query = m.InventoryItem.select(m.InventoryItem, m.Client.id, m.Client.code).join(m.Client)
    query = query.where(m.InventoryItem.serial == serial)
    if but is not None:
        query = query.where(m.InventoryItem.id != but)
    other = query.first()
    if other is None:
        return None
    return FieldError("serial", "duplicate", TAKEN, shown(serial), {"client": other.client.code})


def _client(client_id: int) -> m.Client:
    client = m.Client.get_by_id(client_id)
    if client.deleted_at is not None:
        raise ValidationError(FieldError("client", "in_trash", IN_TRASH, client.code))
    return client


def store_item(client: m.Client, item: Item, user: str, origin: str = "") -> InventoryRecord:
    """Insert a checked item (a savepoint: a serial taken meanwhile leaves nothing)."""
    taken = _taken(item.serial)
    if taken is not None:
        raise ValidationError(taken)
    try:
        with m.database.atomic():
            row = m.InventoryItem.create(client=client.id, **item.__dict__)
            changes: dict[str, list] = {HISTORY_KEY: [None, _text(item)]}
            if origin:
                changes["origin"] = [None, origin]
            record(client.id, "updated", user, changes)
    except IntegrityError:  # another operator stored the same serial a moment ago
        raise ValidationError(_taken(item.serial) or _duplicate(item.serial)) from None
    return _record(row, client.code)


def _duplicate(serial: str) -> FieldError:
    return FieldError("serial", "duplicate", TAKEN, shown(serial), {"client": "?"})


def add_item(client_id: int, data: ItemInput, *, user: str | None = None) -> InventoryRecord:
    """Add an item typed by hand; ValidationError names each field's problem."""
    item = clean_item(data)
    with m.database.atomic():
        return store_item(_client(client_id), item, user or current_user())


def update_item(item_id: int, data: ItemInput, *, user: str | None = None) -> InventoryRecord:
    """Change an item; the history keeps what it was and what it is."""
    item = clean_item(data)
    with m.database.atomic():
        row = m.InventoryItem.get_or_none(m.InventoryItem.id == item_id)
        if row is None:
            raise ValidationError(FieldError("serial", "not_found", NOT_FOUND))
        client = _client(row.client_id)
        taken = _taken(item.serial, but=item_id)
        if taken is not None:
            raise ValidationError(taken)
        before = _text(row)
        try:
            with m.database.atomic():
                m.InventoryItem.update(**item.__dict__).where(
                    m.InventoryItem.id == item_id
                ).execute()
        except IntegrityError:
            raise ValidationError(
                _taken(item.serial, but=item_id) or _duplicate(item.serial)
            ) from None
        if before != _text(item):
            record(
                client.id, "updated", user or current_user(), {HISTORY_KEY: [before, _text(item)]}
            )
        row = m.InventoryItem.get_by_id(item_id)
        return _record(row, client.code)


def remove_item(item_id: int, *, user: str | None = None) -> None:
    """Remove an item for good; the history keeps what it was."""
    with m.database.atomic():
        row = m.InventoryItem.get_or_none(m.InventoryItem.id == item_id)
        if row is None:
            raise ValidationError(FieldError("serial", "not_found", NOT_FOUND))
        client = _client(row.client_id)
        record(client.id, "updated", user or current_user(), {HISTORY_KEY: [_text(row), None]})
        row.delete_instance()


def find_client(code: str, reference: str) -> m.Client:
    """The client a row names: by code (CL-0000001) first, else by document number
    (separators and case do not count); ValidationError naming the column otherwise."""
    code, reference = code.strip(), reference.strip()
    forms = {reference, reference.upper(), _SEPARATORS.sub("", reference).upper()}
    if code:
        client = m.Client.get_or_none(m.Client.code == code.upper())
        if client is None:
            raise ValidationError(FieldError("ClientCode", "unknown", NO_CLIENT, shown(code)))
        if reference and client.document_number not in forms:
            raise ValidationError(
                FieldError(
                    "UniqueReference",
                    "other_client",
                    OTHER_CLIENT,
                    shown(reference),
                    {"code": client.code},
                )
            )
        return client
    if not reference:
        raise ValidationError(FieldError("ClientCode", "required", NO_REFERENCE))
    found = list(m.Client.select().where(m.Client.document_number.in_(list(forms))).limit(2))
    if not found:
        raise ValidationError(
            FieldError("UniqueReference", "unknown", NO_DOCUMENT, shown(reference))
        )
    if len(found) > 1:
        raise ValidationError(
            FieldError("UniqueReference", "ambiguous", TWO_CLIENTS, shown(reference))
        )
    return found[0]


def check_client(client: m.Client, column: str) -> None:
    """A client in the trash takes no item (named in the column that named it)."""
    if client.deleted_at is not None:
        raise ValidationError(FieldError(column, "in_trash", IN_TRASH, client.code))

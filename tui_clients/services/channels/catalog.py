"""Channels: the catalog (active or not) and, per client, which are enabled and the handle."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import cast

from peewee import JOIN, fn

from tui_clients.db import models as m
from tui_clients.db.base import database
from tui_clients.domain.errors import FieldError, ValidationError, shown
from tui_clients.domain.i18n import N_, translate
from tui_clients.domain.invitations import clean_handle
from tui_clients.services.clients import history
from tui_clients.services.session import current_user

HISTORY_KEY = "channels"  # the client history's field for channel changes


@dataclass(frozen=True)
class ChannelRecord:
    code: str
    name: str
    active: bool
    clients: int = 0  # clients with the channel enabled


@dataclass(frozen=True)
class ClientChannelRecord:
    code: str
    name: str
    active: bool  # the catalog's state
    enabled: bool  # enabled for this client
    handle: str


class ChannelError(Exception):
    """A channel action that cannot be done; the message says why (in the active language)."""

    def __init__(self, template: str, **params):
        self.template = template
        self.params = params
        super().__init__(self.message())

    def message(self, lang: str | None = None) -> str:
        return translate(self.template, lang).format(**self.params)


def catalog() -> list[ChannelRecord]:
    """Every channel of the catalog, active or not, with how many clients have it enabled."""
    CC = m.ClientChannel
    enabled = fn.COUNT(CC.id)
    query = (
        m.Channel.select(m.Channel.code, m.Channel.name, m.Channel.active, enabled)
        .join(CC, JOIN.LEFT_OUTER, on=(CC.channel == m.Channel.id) & CC.enabled)
        .group_by(m.Channel.id, m.Channel.code, m.Channel.name, m.Channel.active)
        .order_by(m.Channel.id)
        .tuples()
    )
    rows = cast("Iterable[tuple[str, str, bool, int]]", query)
    return [ChannelRecord(code, name, bool(active), count) for code, name, active, count in rows]


def _channel(code: str) -> m.Channel:
    found = m.Channel.get_or_none(m.Channel.code == code)
    if found is None:
        raise ChannelError(N_("There is no channel “{code}”."), code=shown(code))
    return found


def set_active(code: str, active: bool) -> ChannelRecord:
    """Activate or deactivate a channel of the catalog (for every client)."""
    channel = _channel(code)
    m.Channel.update(active=active).where(m.Channel.id == channel.id).execute()
    return next(c for c in catalog() if c.code == code)


def client_channels(client_id: int) -> list[ClientChannelRecord]:
    """Every catalog channel as it stands for this client (enabled or not, its handle)."""
    CC = m.ClientChannel
    query = (
        m.Channel.select(m.Channel.code, m.Channel.name, m.Channel.active, CC.enabled, CC.handle)
        .join(CC, JOIN.LEFT_OUTER, on=(CC.channel == m.Channel.id) & (CC.client == client_id))
        .order_by(m.Channel.id)
        .tuples()
    )
    # a channel the client never had: no row, its enabled and handle None
    rows = cast("Iterable[tuple[str, str, bool, bool | None, str | None]]", query)
    return [
        ClientChannelRecord(code, name, bool(active), bool(enabled), handle or "")
        for code, name, active, enabled, handle in rows
    ]


def _summary(rows: list[ClientChannelRecord]) -> str:
    """The enabled channels and handles, as the history keeps them."""
    return "; ".join(f"{r.name}: {r.handle}" if r.handle else r.name for r in rows if r.enabled)


def set_client_channel(
    client_id: int, code: str, *, enabled: bool, handle: str = "", user: str | None = None
) -> ClientChannelRecord:
    """Enable or disable a channel for a client and set its handle (checked by the channel's
    rules); the change goes to the client's history.  ValidationError for a bad handle."""
    client = m.Client.get_or_none(m.Client.id == client_id)
    if client is None or client.deleted_at is not None:
        raise ChannelError(N_("This client is not in the registry (or is in the trash)."))
    channel = _channel(code)
    try:
        clean = clean_handle(code, handle, client.country or None)
    except ValidationError as exc:
        raise ValidationError(
            [FieldError("handle", e.code, e.template, e.value, e.params) for e in exc.errors]
        ) from None
    with database.atomic():
        before = _summary(client_channels(client_id))
        CC = m.ClientChannel
        CC.insert(client=client_id, channel=channel.id, enabled=enabled, handle=clean).on_conflict(
            conflict_target=[CC.client, CC.channel], preserve=[CC.enabled, CC.handle]
        ).execute()
        rows = client_channels(client_id)
        after = _summary(rows)
        if before != after:
            history.record(
                client_id,
                "updated",
                user or current_user(),
                {HISTORY_KEY: [before or None, after or None]},
            )
    return next(r for r in rows if r.code == code)

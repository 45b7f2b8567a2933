"""When the key of server passwords is lost for good: forget what it encrypted.

Only on an operator's explicit order (``tui-clients secrets reset --yes``).  Passwords the
key in use still opens are kept; each client whose passwords are forgotten gets a line in
its history naming the servers (never a value).  The next password saved then makes the
installation's new key.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import cast

from peewee import fn

from tui_clients.db import models as m
from tui_clients.services.admin import secrets
from tui_clients.services.clients.history import record, with_passwords
from tui_clients.services.clients.servers import server_label


def unreadable_passwords() -> list[tuple[int, int, str]]:
    """(server id, client id, server label) of each stored password the key in use
    cannot open."""
    S = m.Server
    rows = cast(
        "Iterable[tuple[int, int, str, str, bytes]]",
        S.select(S.id, S.client, S.host, S.username, S.password_encrypted)
        .where(S.password_encrypted.is_null(False) & (fn.LENGTH(S.password_encrypted) > 0))
        .order_by(S.id)
        .tuples(),
    )
    return [
        (server_id, client_id, server_label(host, username))
        for server_id, client_id, host, username, token in rows
        if not secrets.can_decrypt(token)
    ]


def forget_unreadable_passwords(user: str) -> int:
    """Remove every password the key in use cannot open; how many were removed."""
    with m.database.atomic():
        rows = unreadable_passwords()
        by_client: dict[int, list[str]] = {}
        for _, client_id, label in rows:
            by_client.setdefault(client_id, []).append(label)
        if rows:
            ids = [server_id for server_id, _, _ in rows]
            m.Server.update(password_encrypted=None).where(m.Server.id.in_(ids)).execute()
        for client_id, servers in by_client.items():
            record(client_id, "updated", user, with_passwords({}, servers))
    return len(rows)

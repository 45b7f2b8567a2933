"""A client's server data on disk: accounts, channels and servers, passwords encrypted.

Passwords are stored as Fernet tokens (services.secrets) and leave this module
only through :func:`reveal_password` and :func:`reveal_passwords`, for a deliberate
action of the operator (the second records who saw them in the client's history).
Profiles get :class:`ServerRecord` (whether there is a password, and whether
this installation's key can open it), never the password.
"""

from __future__ import annotations

from typing import TypeGuard

from peewee import fn

from tui_clients.db import models as m
from tui_clients.domain.errors import FieldError, ValidationError
from tui_clients.domain.i18n import N_, translate
from tui_clients.domain.servers import CleanServer, CleanServerData
from tui_clients.services.admin import secrets
from tui_clients.services.clients.history import PASSWORDS, record
from tui_clients.services.dto import ServerDataRecord, ServerRecord
from tui_clients.services.session import current_user

REVEALED = "password_revealed"  # the history's action when an operator saw passwords
CANNOT_DECRYPT = N_("It cannot be decrypted with this installation's key.")
NO_PASSWORD = N_("No password is stored for this server.")
NO_SERVER = N_("This server is no longer stored.")


class PasswordUnavailable(Exception):
    """A password cannot be shown: none is stored, or this installation's key cannot open it."""

    def __init__(self, server_id: int, template: str):
        self.server_id = server_id
        self.template = template
        super().__init__(f"server {server_id}: {template}")

    def message(self, lang: str | None = None) -> str:
        return translate(self.template, lang)


def _has_password(token: bytes | None) -> TypeGuard[bytes]:
    return token is not None and len(bytes(token)) > 0


def read_server_data(client_id: int) -> ServerDataRecord | None:
    """The client's server data, or ``None`` when it has none."""
    info = m.ServerInfo.get_or_none(m.ServerInfo.client == client_id)
    rows = list(m.Server.select().where(m.Server.client == client_id).order_by(m.Server.id))
    if info is None and not rows:
        return None
    servers = []
    for s in rows:
        stored = _has_password(s.password_encrypted)
        readable = not stored or secrets.can_decrypt(s.password_encrypted)
        servers.append(ServerRecord(s.id, s.host, s.ip, s.username, stored, readable))
    return ServerDataRecord(
        gitlab_user=info.gitlab_user if info else "",
        discord_user=info.discord_user if info else "",
        slack_channel=info.slack_channel if info else "",
        discord_channel=info.discord_channel if info else "",
        servers=servers,
    )


def server_label(host: str, username: str) -> str:
    return f"{username}@{host}" if username else host


def _token(s: CleanServer, i: int, old: bytes | None) -> bytes | None:
    """The token to store for a typed password ("" keeps ``old``)."""
    if not s.password:
        return old
    if old is not None:
        try:
            if secrets.decrypt(old) == s.password:
                return old  # typed again unchanged: no new token, no "changed" in the history
        except secrets.CannotDecrypt:
            pass
    try:
        return secrets.encrypt(s.password, secrets_stored=_passwords_stored())
    except secrets.SecretKeyError as exc:
        raise ValidationError(
            FieldError(
                f"server.servers[{i}].password",
                "no_key",
                N_("The password cannot be encrypted: {error}"),
                params={"error": str(exc)},
            )
        ) from None


def _passwords_stored() -> bool:
    token = m.Server.password_encrypted
    return m.Server.select().where(token.is_null(False) & (fn.LENGTH(token) > 0)).exists()


def write_server_data(client_id: int, data: CleanServerData | None) -> list[str]:
    """Replace the client's server data with ``data`` (``None`` removes it).

    A server with ``server_id`` is updated in place (its password kept when none
    is typed); the others are added; stored servers not listed are removed.
    Returns the servers ("user@host") whose password was set or changed, for
    the history; call it inside the write transaction.
    """
    stored = {s.id: s for s in m.Server.select().where(m.Server.client == client_id)}
    if data is None:
        m.Server.delete().where(m.Server.client == client_id).execute()
        m.ServerInfo.delete().where(m.ServerInfo.client == client_id).execute()
        return []
    names = {
        "gitlab_user": data.gitlab_user,
        "discord_user": data.discord_user,
        "slack_channel": data.slack_channel,
        "discord_channel": data.discord_channel,
    }
    if m.ServerInfo.update(**names).where(m.ServerInfo.client == client_id).execute() == 0:
        m.ServerInfo.create(client=client_id, **names)
    for i, s in enumerate(data.servers):
        if s.server_id is not None and s.server_id not in stored:
            raise ValidationError(
                FieldError(f"server.servers[{i}].host", "unknown_server", NO_SERVER, s.host)
            )
    kept = {s.server_id for s in data.servers if s.server_id is not None}
    gone = [sid for sid in stored if sid not in kept]
    if gone:
        m.Server.delete().where(m.Server.id.in_(gone)).execute()
    changed = []
    for i, s in enumerate(data.servers):
        row = stored.get(s.server_id) if s.server_id is not None else None
        old = (
            bytes(row.password_encrypted) if row and _has_password(row.password_encrypted) else None
        )
        token = _token(s, i, old)
        fields = {"host": s.host, "ip": s.ip, "username": s.username, "password_encrypted": token}
        if row is None:
            m.Server.create(client=client_id, **fields)
        else:
            m.Server.update(**fields).where(m.Server.id == row.id).execute()
        if token != old:
            changed.append(server_label(s.host, s.username))
    return changed


def reveal_password(server_id: int) -> str:
    """One server's password, for an operator who asked to see it.

    Raises :class:`PasswordUnavailable` (with a translated :meth:`~PasswordUnavailable.message`)
    when none is stored, the server is gone, or this installation's key cannot decrypt it.
    """
    row = m.Server.get_or_none(m.Server.id == server_id)
    if row is None:
        raise PasswordUnavailable(server_id, NO_SERVER)
    if not _has_password(row.password_encrypted):
        raise PasswordUnavailable(server_id, NO_PASSWORD)
    try:
        return secrets.decrypt(row.password_encrypted)
    except secrets.CannotDecrypt:
        raise PasswordUnavailable(server_id, CANNOT_DECRYPT) from None


def reveal_passwords(client_id: int, *, user: str | None = None) -> dict[int, str]:
    """The client's stored passwords that this installation's key opens, by server id, for
    an operator who asked to see them (and confirmed).  The history records who saw the
    passwords of which servers, and when; never a password."""
    rows = m.Server.select().where(m.Server.client == client_id).order_by(m.Server.id)
    shown: dict[int, str] = {}
    labels = []
    for row in rows:
        if not _has_password(row.password_encrypted):
            continue
        try:
            shown[row.id] = secrets.decrypt(row.password_encrypted)
        except secrets.CannotDecrypt:
            continue
        labels.append(server_label(row.host, row.username))
    if shown:
        with m.database.atomic():
            record(
                client_id, REVEALED, user or current_user(), {PASSWORDS: [None, ", ".join(labels)]}
            )
    return shown

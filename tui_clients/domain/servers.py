"""Rules of a client's server data: chat and repository accounts, and its servers.

- Account and channel names are free text (at most 100 characters).  A channel
  may be typed the way Slack and Discord show it, ``#soporte``: the leading
  ``#`` is not part of the name and is dropped (the profile shows it again).
- A server's host is a host name (RFC 1123: labels of letters, digits and
  hyphens, at most 63 characters each and 253 in all, the last one not all
  digits) or an IP address; it is stored lower-case, without a trailing dot.
- Its IP is optional; given, it must be an IPv4 or IPv6 address
  (``ipaddress.ip_address``) and is stored in its canonical form.
- Its password is kept exactly as typed (nothing trimmed or normalised); it
  may not hold control characters and is never repeated in a message.
- A password left empty on a stored server (``server_id`` set) keeps the
  stored one; a new one replaces it.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass, field

from tui_clients.domain.entities import ServerDataInput, ServerInput
from tui_clients.domain.errors import FieldError, ValidationError, shown
from tui_clients.domain.i18n import N_
from tui_clients.domain.text import clean_text, forbidden_char

ACCOUNT_MAX = 100
USERNAME_MAX = 100
PASSWORD_MAX = 200
HOST_MAX = 253

_LABEL = re.compile(r"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")


@dataclass
class CleanServer:
    host: str
    ip: str
    username: str
    password: str = field(repr=False)  # as typed; "" keeps the stored one (or means none)
    server_id: int | None = None


@dataclass
class CleanServerData:
    gitlab_user: str
    discord_user: str
    slack_channel: str  # without the leading "#"
    discord_channel: str  # without the leading "#"
    servers: list[CleanServer]


def _error(field_name: str, code: str, template: str, value: str = "", **params) -> ValidationError:
    return ValidationError(FieldError(field_name, code, template, value, params))


def is_blank_server(s: ServerInput) -> bool:
    """A new server row nothing was typed in (an empty form row, not a server)."""
    return s.server_id is None and not any(
        (v or "").strip() for v in (s.host, s.ip, s.username, s.password)
    )


def has_server_data(data: ServerDataInput | None) -> bool:
    """Whether anything was entered: all names empty and no server means no server data."""
    if data is None:
        return False
    names = (data.gitlab_user, data.discord_user, data.slack_channel, data.discord_channel)
    return any((v or "").strip() for v in names) or any(
        not is_blank_server(s) for s in data.servers
    )


def clean_channel(value: str | None, field_name: str) -> str:
    """A Slack or Discord channel name, without the "#" it is often typed with."""
    return clean_text(value, field_name, max_length=ACCOUNT_MAX).lstrip("#").strip()


def clean_ip(value: str | None, field_name: str, *, required: bool = False) -> str:
    """An IPv4 or IPv6 address in canonical form ("" when empty and optional)."""
    text = clean_text(value, field_name, required=required, max_length=64)
    if not text:
        return ""
    try:
        return str(ipaddress.ip_address(text.removeprefix("[").removesuffix("]")))
    except ValueError:
        raise _error(
            field_name,
            "ip",
            N_("“{value}” is not an IP address (e.g. 192.168.1.10 or 2001:db8::1)."),
            shown(text),
        ) from None


def clean_host(value: str | None, field_name: str) -> str:
    """A host name (RFC 1123) or an IP address; required."""
    text = clean_text(value, field_name, required=True, max_length=HOST_MAX + 2)
    bare = text.removeprefix("[").removesuffix("]")
    try:
        return str(ipaddress.ip_address(bare))
    except ValueError:
        pass
    name = text.lower().removesuffix(".")
    labels = name.split(".")
    if (
        len(name) > HOST_MAX
        or not all(_LABEL.match(label) for label in labels)
        or labels[-1].isdigit()
    ):
        raise _error(
            field_name,
            "host",
            N_(
                "“{value}” is not a host name or IP address "
                "(e.g. srv1.example.com or 192.168.1.10)."
            ),
            shown(text),
        )
    return name


def clean_password(value: str | None, field_name: str) -> str:
    """The password exactly as typed; control characters and excess length refused.

    Messages never repeat the value.
    """
    text = "" if value is None else str(value)
    bad = forbidden_char(text)
    if bad is not None:
        raise _error(
            field_name,
            "control_character",
            N_("The password contains a control or invisible character ({char})."),
            char=f"U+{ord(bad):04X}",
        )
    if len(text) > PASSWORD_MAX:
        raise _error(
            field_name,
            "too_long",
            N_("The password is too long: {length} characters, at most {max}."),
            length=len(text),
            max=PASSWORD_MAX,
        )
    return text


def clean_server_data(
    data: ServerDataInput | None, prefix: str = "server"
) -> CleanServerData | None:
    """The cleaned server data, ``None`` when nothing was entered, or one ValidationError
    listing every problem (fields named like ``server.servers[0].host``)."""
    if not has_server_data(data):
        return None
    assert data is not None
    errors: list[FieldError] = []

    def take(check, default: str = "") -> str:
        try:
            return check()
        except ValidationError as exc:
            errors.extend(exc.errors)
            return default

    p = prefix + "."
    names = {
        name: take(
            lambda name=name: clean_text(getattr(data, name), p + name, max_length=ACCOUNT_MAX)
        )
        for name in ("gitlab_user", "discord_user")
    }
    for name in ("slack_channel", "discord_channel"):
        names[name] = take(lambda name=name: clean_channel(getattr(data, name), p + name))
    servers = []
    for i, s in enumerate(data.servers):
        if is_blank_server(s):
            continue
        f = f"{p}servers[{i}]."
        servers.append(
            CleanServer(
                host=take(lambda s=s, f=f: clean_host(s.host, f + "host")),
                ip=take(lambda s=s, f=f: clean_ip(s.ip, f + "ip")),
                username=take(
                    lambda s=s, f=f: clean_text(s.username, f + "username", max_length=USERNAME_MAX)
                ),
                password=take(lambda s=s, f=f: clean_password(s.password, f + "password")),
                server_id=s.server_id,
            )
        )
    if errors:
        raise ValidationError(errors)
    return CleanServerData(servers=servers, **names)

"""The client history: what a client looked like, and the record of each change."""

from __future__ import annotations

import json

from tui_clients.db import models as m
from tui_clients.domain.custom_fields import field_name
from tui_clients.services.dto import AddressRecord, ClientDetail, ServerDataRecord

PASSWORDS = "server_passwords"  # history key: the servers whose password changed (no values)


def _accounts(server: ServerDataRecord | None) -> str:
    if server is None:
        return ""
    parts = [
        ("GitLab", server.gitlab_user),
        ("Discord", server.discord_user),
        ("Slack", f"#{server.slack_channel}" if server.slack_channel else ""),
        ("Discord", f"#{server.discord_channel}" if server.discord_channel else ""),
    ]
    return " · ".join(f"{name} {value}" for name, value in parts if value)


def _servers(server: ServerDataRecord | None) -> str:
    """Hosts, IPs and users; never a password, not even whether there is one."""
    if server is None:
        return ""
    return " | ".join(
        " ".join(x for x in (f"{s.username}@{s.host}" if s.username else s.host, s.ip) if x)
        for s in server.servers
    )


def _address(a: AddressRecord) -> str:
    """Every part of an address, and its coordinates when the operator typed them (those
    the geocoder found are not a change of the client)."""
    where = " ".join(x for x in (a.postal_code, a.country) if x)
    place = ", ".join(x for x in (a.line, a.detail, a.district, a.province, a.region, where) if x)
    if a.coord_source == "manual" and a.latitude is not None:
        place += f" ({a.latitude}, {a.longitude})"
    return f"{a.kind}: {place}"


def snapshot(detail: ClientDetail) -> dict[str, str]:
    """A client's user-visible facts, flattened for the history's before/after."""
    flat = {
        "legal_name": detail.legal_name,
        "first_name": detail.first_name,
        "last_name": detail.last_name,
        "trade_name": detail.trade_name,
        "internal_code": detail.internal_code,
        "document": f"{detail.document_type} {detail.document_number}",
        "company_type": detail.company_type,
        "category": detail.category,
        "company": detail.company_name,
        "active": "1" if detail.active else "0",
        "gender": detail.gender,
        "website": detail.website,
        "emails": ", ".join(detail.emails),
        "phones": ", ".join(p.number for p in detail.phones),
        "addresses": " | ".join(_address(a) for a in detail.addresses),
        "contacts": ", ".join(f"{c.email}{' *' if c.is_primary else ''}" for c in detail.contacts),
        "fiscal": (
            f"{detail.fiscal.regimen}/{detail.fiscal.uso_cfdi}/{detail.fiscal.postal_code}"
            if detail.fiscal
            else ""
        ),
        "contact_person": detail.contact_person,
        "server_accounts": _accounts(detail.server),
        "servers": _servers(detail.server),
    }
    flat.update({field_name(v.key): v.value for v in detail.custom})
    return {k: v for k, v in flat.items() if v}


def record(client_id: int, action: str, user: str, changes: dict) -> None:
    m.ClientHistory.create(
        client=client_id,
        user=user,
        action=action,
        changes=json.dumps(changes, ensure_ascii=False, default=str),
    )


def with_passwords(changes: dict[str, list], servers: list[str]) -> dict[str, list]:
    """``changes`` plus which servers' passwords were set or changed (never the values)."""
    return {**changes, PASSWORDS: [None, ", ".join(servers)]} if servers else changes


def diff(before: ClientDetail, after: ClientDetail) -> dict[str, list]:
    """{field: [old, new]} for every user-visible fact that changed."""
    old, new = snapshot(before), snapshot(after)
    return {
        k: [old.get(k), new.get(k)]
        for k in sorted(old.keys() | new.keys())
        if old.get(k) != new.get(k)
    }

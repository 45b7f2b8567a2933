"""Client input as plain JSON-ready data, for the wizard's drafts.

Server passwords are never part of it: a draft is stored in clear, so a
password typed before the operator left has to be typed again.
"""

from __future__ import annotations

from dataclasses import asdict, fields
from typing import Any

from tui_clients.domain.entities import (
    AddressInput,
    ClientInput,
    ContactInput,
    FiscalInput,
    ServerDataInput,
    ServerInput,
)


def draft_data(data: ClientInput) -> dict[str, Any]:
    """``data`` as a dict of plain values, every password left out."""
    raw = asdict(data)
    for server in (raw.get("server") or {}).get("servers", []):
        server.pop("password", None)
    return raw


def _known(cls: type, raw: dict[str, Any]) -> dict[str, Any]:
    """The entries of ``raw`` that ``cls`` has (a draft of another version may have others)."""
    names = {f.name for f in fields(cls)}
    return {k: v for k, v in raw.items() if k in names}


def _server_data(raw: dict[str, Any] | None) -> ServerDataInput | None:
    if not raw:
        return None
    servers = [
        ServerInput(**_known(ServerInput, {**s, "password": ""})) for s in raw.get("servers", [])
    ]
    return ServerDataInput(**{**_known(ServerDataInput, raw), "servers": servers})


def input_from_draft(raw: dict[str, Any]) -> ClientInput:
    """The input a :func:`draft_data` dict was made from (passwords empty).

    Raises ValueError, KeyError or TypeError when ``raw`` is not such a dict.
    """
    return ClientInput(
        **{
            **_known(ClientInput, raw),
            "addresses": [
                AddressInput(**_known(AddressInput, a)) for a in raw.get("addresses", [])
            ],
            "contacts": [ContactInput(**_known(ContactInput, c)) for c in raw.get("contacts", [])],
            "fiscal": FiscalInput(**_known(FiscalInput, raw["fiscal"]))
            if raw.get("fiscal")
            else None,
            "server": _server_data(raw.get("server")),
            "custom": {str(k): str(v) for k, v in (raw.get("custom") or {}).items()},
        }
    )

"""The client history: what a client looked like, and the record of each change."""

from __future__ import annotations

import json

from tui_clients.db import models as m
from tui_clients.services.dto import ClientDetail


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
        "addresses": " | ".join(
            f"{a.kind}: {a.line}, {a.postal_code} {a.country}".strip() for a in detail.addresses
        ),
        "contacts": ", ".join(f"{c.email}{' *' if c.is_primary else ''}" for c in detail.contacts),
        "fiscal": (
            f"{detail.fiscal.regimen}/{detail.fiscal.uso_cfdi}/{detail.fiscal.postal_code}"
            if detail.fiscal
            else ""
        ),
    }
    return {k: v for k, v in flat.items() if v}


def record(client_id: int, action: str, user: str, changes: dict) -> None:
    m.ClientHistory.create(
        client=client_id,
        user=user,
        action=action,
        changes=json.dumps(changes, ensure_ascii=False, default=str),
    )


def diff(before: ClientDetail, after: ClientDetail) -> dict[str, list]:
    """{field: [old, new]} for every user-visible fact that changed."""
    old, new = snapshot(before), snapshot(after)
    return {
        k: [old.get(k), new.get(k)]
        for k in sorted(old.keys() | new.keys())
        if old.get(k) != new.get(k)
    }

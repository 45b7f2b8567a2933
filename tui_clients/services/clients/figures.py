"""One client in figures, for the profile's summary: what it has, how often it changed
(per local calendar month), what changed most, and which imports created or updated it."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from tui_clients.domain.charts import last_months
from tui_clients.services.clients.client_services import service_states
from tui_clients.services.clients.queries import client_history
from tui_clients.services.clients.servers import REVEALED
from tui_clients.services.dto import ClientDetail

Month = tuple[int, int]
DEMO = "demo"  # the origin the demo data records


@dataclass(frozen=True)
class Origin:
    at: dt.datetime  # local, as the history shows it
    action: str  # created | updated
    text: str  # e.g. "import #3 (clientes.csv)", as recorded (in the language of the time)


@dataclass(frozen=True)
class ClientFigures:
    addresses: int
    contacts: int
    emails: int
    phones: int
    servers: int
    services_own: int
    services_inherited: int
    services_active: int
    changes: int  # history entries, creation included
    changes_per_month: dict[Month, int]  # the last months, zero ones included
    changed_fields: list[tuple[str, int]]  # field -> times it changed, most first
    origins: list[Origin]  # imports (and demo data) that created or updated it, newest first


def local_month(at: dt.datetime) -> Month:
    """The calendar month of a local time (the history's times are local already)."""
    return at.year, at.month


def client_figures(c: ClientDetail, today: dt.date, months: int = 12) -> ClientFigures:
    history = [h for h in client_history(c.id) if h.action != REVEALED]  # seen, not changed
    services = [s for s in service_states(c.id) if s.own is not None or s.company is not None]
    window = last_months(today, months)
    per_month = Counter(local_month(h.at) for h in history)
    fields: Counter[str] = Counter()
    for h in history:
        if h.action == "updated":
            fields.update(f for f in h.changes if f != "origin")
    origins = [
        Origin(h.at, h.action, str(h.changes["origin"][1]))
        for h in history
        if "origin" in h.changes and h.changes["origin"][1]
    ]
    return ClientFigures(
        addresses=len(c.addresses),
        contacts=len(c.contacts),
        emails=len(c.emails),
        phones=len(c.phones),
        servers=len(c.server.servers) if c.server else 0,
        services_own=sum(not s.inherited for s in services),
        services_inherited=sum(s.inherited for s in services),
        services_active=sum(s.active for s in services),
        changes=len(history),
        changes_per_month={ym: per_month.get(ym, 0) for ym in window},
        changed_fields=sorted(fields.items(), key=lambda kv: (-kv[1], kv[0])),
        origins=origins,
    )

"""A known data set for the dashboard's tests (importable: pytest puts tests/ on sys.path).

Seen on 2026-03-14 in Mexico City's time (UTC-6, no daylight saving time):

client  country  category  main address          added (UTC)          state
MX-1    MX       GEN       Jalisco                2026-03-10 15:00     active
MX-2    MX       GEN       Jalisco                2026-03-20 15:00     active
MX-3    MX       FACT-MX   Ciudad de México       2026-01-05 15:00     inactive
PE-4    PE       SAAS      Lima (department 15)   2025-04-02 15:00     active
CO-5    CO       —         none                   2025-03-31 15:00     active  (13 months ago)
CO-6    CO       GEN       Bogotá D.C.            2026-02-11 15:00     in the trash
PE-7    PE       GEN       Peru, no region        2026-03-01 05:00     active  (28 Feb, local)
"""

from __future__ import annotations

import datetime as dt
import time

import pytest

from tui_clients.db import models as m
from tui_clients.domain.entities import AddressInput, ClientInput
from tui_clients.services.clients.writing import create_client, delete_client

TODAY = dt.date(2026, 3, 14)
TIME_ZONE = "America/Mexico_City"

CLIENTS = (
    # number, country, category, (region or None for no address), added, active
    ("MXP00001", "MX", "GEN", "MX-JAL", dt.datetime(2026, 3, 10, 15), True),
    ("MXP00002", "MX", "GEN", "MX-JAL", dt.datetime(2026, 3, 20, 15), True),
    ("MXP00003", "MX", "FACT-MX", "MX-CMX", dt.datetime(2026, 1, 5, 15), False),
    ("PEP00004", "PE", "SAAS", "15", dt.datetime(2025, 4, 2, 15), True),
    ("COP00005", "CO", "", None, dt.datetime(2025, 3, 31, 15), True),
    ("COP00006", "CO", "GEN", "CO-DC", dt.datetime(2026, 2, 11, 15), True),
    ("PEP00007", "PE", "GEN", "", dt.datetime(2026, 3, 1, 5), True),
)
IMPORTS = (
    # started (UTC), imported, updated, rejected, dry run
    (dt.datetime(2026, 3, 2, 18), 1200, 50, 30, False),
    (dt.datetime(2026, 3, 9, 18), 800, 0, 0, False),
    (dt.datetime(2026, 3, 5, 18), 9999, 0, 9, True),  # a check only: not counted
    (dt.datetime(2026, 1, 15, 18), 100, 0, 100, False),
    (dt.datetime(2024, 1, 15, 18), 5, 0, 0, False),  # too old to show
)


@pytest.fixture
def mexico_city(monkeypatch):
    """Months are local: the test runs in Mexico City's time zone, whatever the machine's."""
    monkeypatch.setenv("TZ", TIME_ZONE)
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def create_known_clients() -> dict[str, int]:
    """The clients above (CO-6 moved to the trash) and the imports; their ids by number."""
    ids = {}
    for number, country, category, region, added, active in CLIENTS:
        addresses = []
        if region is not None:
            addresses = [AddressInput(country=country, region=region, line=f"Calle {number}")]
        client = create_client(
            ClientInput(
                person_kind="fisica",
                company_type="PF",
                category=category,
                document_country=country,
                document_type="PAS",
                document_number=number,
                first_name="Cliente",
                last_name=number,
                active=active,
                addresses=addresses,
            ),
            user="ana",
        )
        m.Client.update(created_at=added, updated_at=added).where(
            m.Client.id == client.id
        ).execute()
        m.ClientHistory.update(at=added).where(m.ClientHistory.client == client.id).execute()
        ids[number] = client.id
    delete_client(ids["COP00006"], user="ana")
    for started, imported, updated, rejected, dry_run in IMPORTS:
        m.ImportJob.create(
            file_name="clientes.csv",
            user="ana",
            status="with_errors" if rejected else "done",
            started_at=started,
            finished_at=started,
            total=imported + updated + rejected,
            imported=imported,
            updated=updated,
            rejected=rejected,
            dry_run=dry_run,
        )
    return ids


def create_summarised_client() -> int:
    """A client for the profile's Summary: created by an import (whose file name is
    markup), then edited three times (phones twice, e-mails once) and updated by another
    import; one service of its own.  Its history at fixed times (UTC)."""
    from dataclasses import replace

    from tui_clients.domain.entities import ContactInput
    from tui_clients.services.clients.queries import input_from_detail
    from tui_clients.services.clients.writing import update_client

    data = ClientInput(
        person_kind="moral",
        company_type="PM",
        category="GEN",
        document_country="CO",
        document_type="NIT",
        document_number="900123456-8",
        legal_name="Andina Logística S.A.S.",
        emails=["compras@andina.co"],
        phones=["300 123 4567"],
        addresses=[AddressInput(country="CO", region="CO-DC", line="Cra. 71a #75b-24")],
        contacts=[ContactInput(email="ana@andina.co", first_name="Ana", last_name="Ruiz")],
    )
    client = create_client(data, user="ana", origin="importación n.º 3 ([bold]clientes.csv)")
    for phones, emails in ((["300 765 4321"], None), (["300 111 2222"], ["ventas@andina.co"])):
        current = input_from_detail(client)
        client = update_client(
            client.id,
            replace(current, phones=phones, emails=emails or current.emails),
            expected_version=client.version,
            user="luis",
        )
    current = input_from_detail(client)
    client = update_client(
        client.id,
        replace(current, website="https://andina.co"),
        expected_version=client.version,
        user="bot",
        origin="importación n.º 7 (actualizacion.csv)",
    )
    service = m.Service.get(m.Service.code == "SOPORTE")
    m.ClientService.create(client=client.id, service=service)
    times = [
        dt.datetime(2025, 6, 3, 15),
        dt.datetime(2026, 1, 20, 15),
        dt.datetime(2026, 3, 2, 15),
        dt.datetime(2026, 3, 9, 15),
    ]
    history = m.ClientHistory.select().where(m.ClientHistory.client == client.id)
    for entry, at in zip(history.order_by(m.ClientHistory.id), times, strict=True):
        m.ClientHistory.update(at=at).where(m.ClientHistory.id == entry.id).execute()
    m.Client.update(created_at=times[0], updated_at=times[-1]).where(
        m.Client.id == client.id
    ).execute()
    return client.id

"""Snapshots of the profile's Canales tab and of the channel catalog at 80x24.

Update with `pytest tests/tui/test_snapshots_channels.py --snapshot-update` after a
deliberate change, and look at the SVGs before committing them.
"""

import datetime as dt

import pytest
from pilot_helpers import settle

from tui_clients.db import models as m
from tui_clients.domain.entities import ClientInput
from tui_clients.services.channels import catalog as channels
from tui_clients.services.channels.invitations import invite
from tui_clients.services.clients.writing import create_client
from tui_clients.services.settings import Settings
from tui_clients.tui.app import ClientsApp

FIXED = dt.datetime(2026, 3, 14, 9, 30)


@pytest.fixture
def invited(sqlite_db, monkeypatch):
    monkeypatch.setenv("TUI_CLIENTS_SMTP_HOST", "smtp.acme.test")
    monkeypatch.setenv("TUI_CLIENTS_SMTP_FROM", "soporte@acme.test")
    client = create_client(
        ClientInput(
            person_kind="moral",
            company_type="PM",
            category="GEN",
            document_country="CO",
            document_type="NIT",
            document_number="900123456-8",
            legal_name="Andina Logística S.A.S.",
            emails=["compras@andina.co", "ti@andina.co"],
        ),
        user="ana",
    )
    channels.set_client_channel(
        client.id, "PORTAL", enabled=True, handle="andina.compras", user="ana"
    )
    channels.set_client_channel(
        client.id, "WHATSAPP", enabled=True, handle="+57 300 123 4567", user="ana"
    )
    sent = invite(client.id, "PORTAL", user="ana")
    failed = invite(client.id, "PORTAL", email="ti@andina.co", user="luis")
    I = m.Invitation  # noqa: E741
    I.update(created_at=FIXED).execute()
    I.update(status="sent", attempts=1, sent_at=FIXED + dt.timedelta(minutes=1)).where(
        I.id == sent.id
    ).execute()
    I.update(
        status="failed",
        attempts=2,
        error_code="connection",
        last_error="Connection refused",
        created_at=FIXED + dt.timedelta(hours=1),
        next_attempt_at=FIXED + dt.timedelta(hours=1, minutes=6),
    ).where(I.id == failed.id).execute()
    m.Client.update(created_at=FIXED, updated_at=FIXED).execute()
    m.ClientHistory.update(at=FIXED).execute()


def test_profile_channels_tab_snapshot(snap_compare, invited):
    async def open_tab(pilot):
        await settle(pilot)
        await pilot.press("enter")  # the only client
        await settle(pilot)
        pilot.app.screen.query_one("TabbedContent").active = "tab-channels"
        await settle(pilot)

    app = ClientsApp(Settings.load())
    assert snap_compare(app, terminal_size=(80, 24), run_before=open_tab)


def test_channel_catalog_snapshot(snap_compare, invited):
    async def open_catalog(pilot):
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"logo de canales", "enter")
        await settle(pilot)

    app = ClientsApp(Settings.load())
    assert snap_compare(app, terminal_size=(80, 24), run_before=open_catalog)

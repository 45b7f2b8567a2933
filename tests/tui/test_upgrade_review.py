"""What a schema upgrade found is seen in the TUI: a notification at start and a "por
revisar" line in both clients' history (the same DNI registered twice, migration 15)."""

from __future__ import annotations

import io

from pilot_helpers import settle
from rich.console import Console
from textual.widgets import Static, TabbedContent

from tui_clients.db import migrations
from tui_clients.db import models as m
from tui_clients.domain.entities import ClientInput
from tui_clients.services.admin.database import upgrade_notes
from tui_clients.services.clients.writing import create_client
from tui_clients.services.settings import Settings
from tui_clients.tui.app import ClientsApp
from tui_clients.tui.profile.screen import ProfileScreen


def dni(number: str, first: str, last: str):
    return create_client(
        ClientInput(
            person_kind="fisica",
            company_type="PF",
            document_country="PE",
            document_type="DNI",
            document_number=number,
            first_name=first,
            last_name=last,
        )
    )


async def test_the_operator_is_told_and_the_history_names_the_twin(sqlite_db):
    luis = dni("10812543", "Luis", "Huamán Flores")
    twin = dni("05337812", "Luis", "Huamán F.")
    m.Client.update(document_number="10812543H").where(m.Client.id == twin.id).execute()
    sqlite_db.execute_sql("DELETE FROM schema_version WHERE version >= 15")
    notes = upgrade_notes(migrations.upgrade(sqlite_db))
    app = ClientsApp(Settings.load(), notes)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        (shown,) = [n.message for n in app._notifications]
        assert luis.code in shown and twin.code in shown
        assert "misma persona registrada dos veces" in shown
        await pilot.press("slash", *"huaman f", "enter")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ProfileScreen)
        app.screen.query_one(TabbedContent).active = "tab-history"
        await settle(pilot)
        console = Console(width=300, file=io.StringIO(), color_system=None)
        with console.capture() as capture:
            console.print(app.screen.query_one("#history", Static).content)
        history = " ".join(capture.get().split())
    assert "por revisar" in history
    assert f"Mismo documento que el cliente: DNI 10812543H → {luis.code}" in history

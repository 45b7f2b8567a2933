"""The profile, its history and the list show local times, written one way (2026-12-04
18:02), in Mexico City and Lima."""

import datetime as dt

from pilot_helpers import settle, shown, table_lines
from textual.widgets import Static

from tui_clients.db import models as m
from tui_clients.tui.profile.screen import ProfileScreen

STORED = dt.datetime(2026, 12, 5, 0, 2)  # UTC
LOCAL = {"America/Mexico_City": "2026-12-04 18:02", "America/Lima": "2026-12-04 19:02"}


async def test_the_profile_and_the_list_show_local_times(app, clients, local_zone):
    nunez = clients["nunez"]
    m.Client.update(created_at=STORED, updated_at=STORED).where(m.Client.id == nunez.id).execute()
    m.ClientHistory.update(at=STORED).where(m.ClientHistory.client == nunez.id).execute()
    local = LOCAL[local_zone]
    async with app.run_test(size=(200, 30)) as pilot:
        await settle(pilot)
        row = next(line for line in table_lines(app) if "José Núñez Peña" in line)
        assert "2026-12-04" in row and "2026-12-05" not in row
        await pilot.press("slash", *"nunez", "enter", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ProfileScreen)
        identity = shown(app.screen.query_one("#identity", Static))
        assert f"Alta                   {local}" in identity
        assert f"Modificado             {local}" in identity
        assert "2026-12-05" not in identity
        history = shown(app.screen.query_one("#history", Static))
        assert local in history and "2026-12-05" not in history

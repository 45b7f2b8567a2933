"""Snapshots at 80x24 of the dashboard (top and end) and of the profile's Summary tab, on
the known data sets of tests/dashboard_data.py (fixed dates, Mexico City's time).

Update with `pytest tests/tui/test_snapshots_dashboard.py --snapshot-update` after a
deliberate change, and look at the SVGs before committing them.
"""

import pytest
from dashboard_data import (  # noqa: F401 - mexico_city is a fixture
    TODAY,
    create_known_clients,
    create_summarised_client,
    mexico_city,
)
from pilot_helpers import settle

from tui_clients.services.settings import Settings
from tui_clients.tui.app import ClientsApp


@pytest.fixture
def fixed_day(mexico_city, monkeypatch):  # noqa: F811
    monkeypatch.setattr("tui_clients.tui.admin.dashboard.today", lambda: TODAY)
    monkeypatch.setattr("tui_clients.tui.profile.summary.today", lambda: TODAY)


@pytest.mark.parametrize("where", ["top", "end"])
def test_dashboard_snapshot(snap_compare, sqlite_db, fixed_day, where):
    create_known_clients()

    async def open_dashboard(pilot):
        await settle(pilot)
        await pilot.press("g")
        await settle(pilot)
        if where == "end":
            await pilot.press("end")
            await settle(pilot)

    app = ClientsApp(Settings.load())
    assert snap_compare(app, terminal_size=(80, 24), run_before=open_dashboard)


def test_profile_summary_snapshot(snap_compare, sqlite_db, fixed_day):
    create_summarised_client()

    async def open_summary(pilot):
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        pilot.app.screen.query_one("TabbedContent").active = "tab-summary"
        await settle(pilot)

    app = ClientsApp(Settings.load())
    assert snap_compare(app, terminal_size=(80, 24), run_before=open_summary)

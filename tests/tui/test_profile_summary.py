"""The profile's Summary tab: what the client has, its changes per month with the number
under each month, what changed most, and the imports that created or updated it."""

import pytest
from dashboard_data import TODAY, create_summarised_client, mexico_city  # noqa: F401
from pilot_helpers import settle, shown
from textual.widgets import Static, TabbedContent

from tui_clients.tui.profile.screen import ProfileScreen


@pytest.fixture
def summarised(sqlite_db, mexico_city, monkeypatch):  # noqa: F811
    monkeypatch.setattr("tui_clients.tui.profile.summary.today", lambda: TODAY)
    return create_summarised_client()


async def test_the_summary_tab_shows_the_client_in_figures(app, summarised):
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # the only client
        await settle(pilot)
        assert isinstance(app.screen, ProfileScreen)
        app.screen.query_one(TabbedContent).active = "tab-summary"
        await settle(pilot)
        lines = [
            " ".join(x.split())
            for x in shown(app.screen.query_one("#summary", Static)).splitlines()
        ]
        assert lines[0] == "Direcciones 1 · Contactos 1 · Correos 1 · Teléfonos 1 · Servidores 0"
        assert lines[1] == "Servicios propios: 1 · heredados de la empresa: 0 · activos: 1"
        assert lines[3] == "Cambios por mes, últimos 12 meses: 4 (en total: 4)"
        months, numbers = lines[5].split(), lines[6].split()
        assert months[0] == "abr" and months[-1] == "mar" and len(months) == 12
        assert dict(zip(months, numbers, strict=True)) == {
            "abr": "0",
            "may": "0",
            "jun": "1",
            "jul": "0",
            "ago": "0",
            "sep": "0",
            "oct": "0",
            "nov": "0",
            "dic": "0",
            "ene": "1",
            "feb": "0",
            "mar": "2",
        }
        most = lines[lines.index("Lo que más cambió") + 1 :]
        assert most[0].startswith("Teléfonos ") and most[0].endswith(" 2 50.0%")
        assert most[1].startswith("Correos ") and most[1].endswith(" 1 25.0%")
        assert most[2].startswith("Sitio web ") and most[2].endswith(" 1 25.0%")
        imports = lines[lines.index("Importaciones que lo crearon o actualizaron") + 1 :]
        assert imports == [
            # local times (Mexico City), as the History tab shows them; stored at 15:00 UTC
            "2026-03-09 09:00 actualizado por importación n.º 7 (actualizacion.csv)",
            "2025-06-03 09:00 creado por importación n.º 3 ([bold]clientes.csv)",  # literal
        ]

"""The dashboard (g on the list, or "Panel" in ctrl+p) on a known data set: every section
shows its bars with the numbers and shares beside them (tests/dashboard_data.py)."""

import pytest
from dashboard_data import TODAY, create_known_clients, mexico_city  # noqa: F401 - a fixture
from pilot_helpers import settle, shown
from textual.widgets import Static

from tui_clients.db import models as m
from tui_clients.tui.admin.dashboard import DashboardScreen


@pytest.fixture
def known(sqlite_db, mexico_city, monkeypatch):  # noqa: F811
    monkeypatch.setattr("tui_clients.tui.admin.dashboard.today", lambda: TODAY)
    return create_known_clients()


def panel(app, key: str) -> list[str]:
    """The lines a section shows, spaces collapsed (bars kept)."""
    text = shown(app.screen.query_one(f"#panel-{key}", Static))
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def row(lines: list[str], label: str) -> str:
    found = [line for line in lines if line.startswith(label + " ")]
    assert len(found) == 1, (label, lines)
    return found[0]


async def open_dashboard(pilot) -> None:
    await settle(pilot)
    await pilot.press("g")
    await settle(pilot)
    assert isinstance(pilot.app.screen, DashboardScreen)
    assert pilot.app.screen.filled == pilot.app.screen.panels


async def test_the_dashboard_shows_each_figure_beside_its_bar(app, known):
    async with app.run_test(size=(80, 24)) as pilot:
        await open_dashboard(pilot)
        state = panel(app, "state")
        assert state[0] == "6 clientes"  # CO-6 is in the trash
        assert row(state, "Clientes activos").endswith(" 5 83.3%")
        assert row(state, "Clientes inactivos").endswith(" 1 16.7%")
        assert state[-1] == "En la papelera: 1 (fuera de todas las cifras)"

        category = panel(app, "category")
        assert row(category, "General").endswith(" 3 50.0%")
        assert row(category, "Facturación México (CFDI)").endswith(" 1 16.7%")
        assert row(category, "Sin categoría").endswith(" 1 16.7%")
        assert category[-1].startswith("Sin categoría")  # those without one come last

        country = panel(app, "country")
        assert [line.split()[0] for line in country] == ["México", "Perú", "Colombia"]
        assert row(country, "México").endswith(" 3 50.0%")

        months = panel(app, "months")
        assert len(months) == 13  # twelve months, zero ones too, and the total
        assert months[0].startswith("abr 2025 ") and months[0].endswith(" 1")
        assert row(months, "may 2025") == "may 2025 0"
        assert row(months, "feb 2026").endswith(" 1")  # PE-7: 28 February, local time
        assert row(months, "mar 2026").endswith(" 2")
        assert months[-1].startswith("5 en los últimos 12 meses")

        imports = panel(app, "imports")
        assert row(imports, "mar 2026").endswith(" 2,050 · 30 rechazadas (1.4%)")
        assert row(imports, "ene 2026").endswith(" 100 · 100 rechazadas (50.0%)")
        assert row(imports, "feb 2026") == "feb 2026 0"
        assert imports[-1] == "3 importaciones: 2,150 filas guardadas, 130 rechazadas"

        region = panel(app, "region")
        assert row(region, "Jalisco (MX)").endswith(" 2 33.3%")
        assert row(region, "Lima (PE)").endswith(" 1 16.7%")
        assert row(region, "Perú, sin región").endswith(" 1 16.7%")
        assert row(region, "Sin dirección").endswith(" 1 16.7%")
        bar = row(region, "Jalisco (MX)").removeprefix("Jalisco (MX) ").split()[0]
        assert set(bar) == {"█"}  # the largest region fills the bar's column

        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, DashboardScreen)


async def test_r_counts_again(app, known):
    async with app.run_test(size=(80, 24)) as pilot:
        await open_dashboard(pilot)
        m.Client.update(active=True).execute()
        await pilot.press("r")
        await settle(pilot)
        assert row(panel(app, "state"), "Clientes activos").endswith(" 6 100.0%")
        assert row(panel(app, "state"), "Clientes inactivos").endswith(" 0 0.0%")


async def test_the_command_palette_opens_the_dashboard(app, known):
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Panel")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)


async def test_an_empty_registry(app, sqlite_db):
    async with app.run_test(size=(80, 24)) as pilot:
        await open_dashboard(pilot)
        assert panel(app, "state")[0] == "0 clientes"
        assert panel(app, "category") == ["Todavía no hay clientes."]
        assert panel(app, "imports")[0].startswith("No hubo importaciones en los últimos 12 meses")


async def test_the_charts_follow_the_terminals_width(app, known):
    async with app.run_test(size=(80, 24)) as pilot:
        await open_dashboard(pilot)
        before = shown(app.screen.query_one("#panel-country", Static)).splitlines()[0]
        await pilot.resize_terminal(120, 30)
        await settle(pilot)
        after = shown(app.screen.query_one("#panel-country", Static)).splitlines()[0]
        assert len(before.rstrip()) <= 76 < len(after.rstrip()) <= 116
        assert after.count("█") == before.count("█") + 40  # México: the whole bar column

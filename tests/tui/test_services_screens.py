"""Services by keyboard: a client inherits its company's, overrides one, adds its own."""

from pilot_helpers import settle, shown
from textual.widgets import DataTable
from wizard_keys import key, type_in

from tui_clients.services.clients import client_services as svc
from tui_clients.tui.admin.service_catalog import ServiceCatalogScreen, ServiceFormScreen
from tui_clients.tui.profile.screen import ProfileScreen
from tui_clients.tui.profile.services import ClientServicesScreen


async def test_inherited_and_own_services_in_the_profile(app, clients):
    andina = clients["andina"]
    svc.set_company_service(andina.company_id, "HOSTING", True)
    svc.set_company_service(andina.company_id, "SOPORTE", True)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"andina", "enter")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ProfileScreen)
        app.screen.query_one("TabbedContent").active = "tab-services"
        await settle(pilot)
        tab = " ".join(shown(app.screen.query_one("#services")).split())
        assert "Alojamiento web activo heredado de la empresa" in tab
        await pilot.press("v")
        await settle(pilot)
        assert isinstance(app.screen, ClientServicesScreen)
        names = [str(app.screen.query_one(DataTable).get_row_at(i)[0]) for i in range(4)]
        soporte, factura = names.index("Soporte técnico"), names.index("Facturación electrónica")
        await pilot.press(*["down"] * soporte, "x")  # override: off
        await settle(pilot)
        await pilot.press(*["up"] * (soporte - factura), "a")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        tab = " ".join(shown(app.screen.query_one("#services")).split())
        assert "Soporte técnico inactivo propio (empresa: activo)" in tab
        assert "Facturación electrónica activo propio" in tab
        assert "Alojamiento web activo heredado de la empresa" in tab
        app.screen.query_one("TabbedContent").active = "tab-history"
        await settle(pilot)
        assert "Servicio SOPORTE: como la empresa → inactivo" in shown(
            app.screen.query_one("#history")
        )


async def test_a_service_named_like_markup_is_offered_literally_in_the_filter(app, clients):
    from textual.widgets import Select

    from tui_clients.tui.widgets.dialogs import FilterScreen

    svc.save_service(svc.ServiceDef("PLANX", "Plan [/x] básico"), new=True)
    svc.set_client_service(clients["andina"].id, "PLANX", True)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        assert isinstance(app.screen, FilterScreen)
        app.screen.query_one("#service", Select).focus()
        await pilot.press("enter")  # opens the options: their labels are never markup
        await settle(pilot)
        await pilot.press(*"plan", "enter")
        await settle(pilot)
        assert app.screen.query_one("#service", Select).value == "PLANX"
        await pilot.press("ctrl+s")
        await settle(pilot)
        count = shown(app.screen.query_one("#count")).strip()
        assert count.startswith("1 coincidencia · filtros: servicio Plan [/x] básico")


async def test_the_services_catalog_by_keyboard_adds_and_deactivates_a_service(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await key(pilot, "ctrl+p")
        await pilot.press(*"servicios")
        await key(pilot, "enter")
        assert isinstance(app.screen, ServiceCatalogScreen)
        before = app.screen.query_one(DataTable).row_count
        await key(pilot, "n")
        assert isinstance(app.screen, ServiceFormScreen)
        await type_in(pilot, "code", "SOP-24")
        await type_in(pilot, "name", "Soporte [24/7]")  # shown literally, not as markup
        await key(pilot, "ctrl+s")
        assert isinstance(app.screen, ServiceCatalogScreen)
        table = app.screen.query_one(DataTable)
        assert table.row_count == before + 1
        row = [str(c) for c in table.get_row_at(table.cursor_row)]  # the cursor on it
        assert row[:3] == ["SOP-24", "Soporte [24/7]", "activo"]
        await key(pilot, "a")
        row = [str(c) for c in table.get_row_at(table.cursor_row)]
        assert row[:3] == ["SOP-24", "Soporte [24/7]", "inactivo"]
    assert [s.active for s in svc.catalog() if s.code == "SOP-24"] == [False]

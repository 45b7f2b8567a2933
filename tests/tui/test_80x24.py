"""At 80x24 every screen shows what it needs and says where the rest is (read from the
rendered screen): a contact's long e-mail, the services dialog's origin column, the
filter status line, the profile's tabs beyond the edge; the wizard's buttons at 60x20."""

import datetime as dt
from dataclasses import replace

import pytest
from pilot_helpers import screen_text, settle
from textual.widgets import TabbedContent

from tui_clients.domain.entities import ClientInput, ContactInput
from tui_clients.services.clients import client_services as services
from tui_clients.services.clients.queries import get_client
from tui_clients.services.clients.writing import create_client
from tui_clients.tui.profile.screen import ProfileScreen

EMAIL = "maria.fernanda.gutierrez@inversioneslimaperu.com.pe"


@pytest.fixture
def lima(sqlite_db):
    client = create_client(
        ClientInput(
            person_kind="moral",
            company_type="PM",
            document_country="PE",
            document_type="RUC",
            document_number="20131312955",
            legal_name="Inversiones Lima S.A.C.",
            emails=["compras@inversioneslima.com.pe"],
            contacts=[
                ContactInput(
                    email=EMAIL,
                    first_name="María Fernanda",
                    last_name="Gutiérrez Salazar",
                    phone="+51 987 654 321",
                    is_primary=True,
                )
            ],
        )
    )
    company = get_client(client.id).company_id
    hosting, _billing, upkeep, _support = [s.code for s in services.catalog()]
    services.set_company_service(company, hosting, True)
    services.set_company_service(company, upkeep, False)
    services.set_client_service(client.id, upkeep, True)
    return client


def flat(text: str) -> str:
    return " ".join(text.split())


async def open_profile(pilot, client) -> None:
    await settle(pilot)
    pilot.app.open_profile(client.id)
    await settle(pilot)
    assert isinstance(pilot.app.screen, ProfileScreen)


async def test_a_contacts_long_e_mail_is_whole(app, lima):
    async with app.run_test(size=(80, 24)) as pilot:
        await open_profile(pilot, lima)
        app.screen.query_one(TabbedContent).active = "tab-contacts"
        await settle(pilot)
        rows = [line[1:27].strip() for line in screen_text(app).splitlines()[4:8]]
        assert "".join(rows[1:3]) == EMAIL, rows  # folded onto a second line, not cut


async def test_the_services_dialog_shows_the_origin_whole(app, lima):
    async with app.run_test(size=(80, 24)) as pilot:
        await open_profile(pilot, lima)
        await pilot.press("v")
        await settle(pilot)
        text = screen_text(app)
        assert "heredado de la empresa" in text and "propio (empresa: inactivo)" in text


async def test_the_profile_says_which_tab_of_how_many_and_how_to_reach_the_rest(app, lima):
    async with app.run_test(size=(80, 24)) as pilot:
        await open_profile(pilot, lima)
        top = screen_text(app).splitlines()[1]
        assert "pestaña 1 de 12 · ← → las demás" in top, top  # Server: no server data
        assert "Resumen" not in screen_text(app).splitlines()[2]
        await pilot.press(*["right"] * 11)
        await settle(pilot)
        lines = screen_text(app).splitlines()
        assert "pestaña 12 de 12" in lines[1] and "Resumen" in lines[2], lines[:3]


async def test_the_filter_status_line_is_whole(app, lima):
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        screen.filter = replace(
            screen.filter,
            category="GEN",
            company_type="PM",
            country="PE",
            active=True,
            added_from=dt.date(2026, 1, 1),
            added_to=dt.date(2026, 12, 31),
        )
        screen.reload()
        await settle(pilot)
        text = flat(screen_text(app))
        assert "país PE, activo · orden: Nombre ▲" in text, text


async def test_the_wizard_shows_its_four_buttons_at_60x20(app):
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        buttons = screen_text(app).splitlines()[-2]
        for word in ("Volver", "Cancelar", "Siguiente", "Finalizar"):
            assert word in buttons, buttons

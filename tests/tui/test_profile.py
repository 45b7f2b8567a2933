"""Profile, edit, stale edit, delete to the trash, restore and purge, driven by keyboard."""

from pilot_helpers import settle, shown, table_lines
from textual.widgets import Input, Static, TabbedContent

from tui_clients.services.clients.listing import ClientFilter, count
from tui_clients.services.clients.queries import client_history, get_client, input_from_detail
from tui_clients.services.clients.writing import update_client
from tui_clients.tui.clients.screens import TrashScreen
from tui_clients.tui.form.edit import EditScreen, Field
from tui_clients.tui.profile.screen import ProfileScreen
from tui_clients.tui.widgets.dialogs import ConfirmScreen


def text_of(app, selector: str) -> str:
    return shown(app.screen.query_one(selector, Static)).strip()


async def open_first(pilot, name: str) -> None:
    """Search for a client and open it with Enter."""
    await pilot.press("slash", *name, "enter")
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)


async def test_profile_shows_every_tab(app, clients):
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_first(pilot, "andina")
        assert isinstance(app.screen, ProfileScreen)
        assert text_of(app, "#title").endswith("Andina Logística S.A.S.")
        identity = text_of(app, "#identity")
        assert "NIT 900123456-8" in identity and "persona jurídica" in identity  # Colombia
        tabs = app.screen.query_one(TabbedContent)
        tabs.active = "tab-addresses"
        await settle(pilot)
        addresses = text_of(app, "#addresses")
        assert "Cra. 71a #75b-24" in addresses
        assert "sin ubicar: el geocodificador solo encontró su país" in addresses  # no town
        history = text_of(app, "#history")
        assert "creado" in history
        assert "∅ → Persona jurídica / Empresa" in history and "∅ → General" in history  # CO
        assert "Estado: ∅ → activo" in history and "→ PM" not in history
        assert "Direcciones: ∅ → Principal: Cra. 71a #75b-24" in history  # not "main:"
        assert "Nombre comercial" not in identity  # no empty rows
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, ProfileScreen)


async def test_an_rfc_whose_check_digit_fails_is_kept_and_the_profile_says_so(app, clients):
    """VACE460910SX6 is in use (python-stdnum lists it) though its check digit fails."""
    from tui_clients.domain.entities import ClientInput
    from tui_clients.services.clients.writing import create_client

    create_client(
        ClientInput(
            person_kind="fisica",
            company_type="PF",
            document_country="MX",
            document_type="RFC",
            document_number="VACE-460910-SX6",
            first_name="Eva",
            last_name="Vázquez Cruz",
        )
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_first(pilot, "VACE460910")  # search finds it by its document
        identity = text_of(app, "#identity")
        assert "RFC VACE460910SX6" in identity
        assert "Advertencia" in identity and "su dígito verificador no coincide" in identity
        await pilot.press("escape")
        await settle(pilot)
        await open_first(pilot, "nunez")  # a verified RFC: no warning
        assert "Advertencia" not in text_of(app, "#identity")
        await pilot.press("e")  # edited to an RFC whose check digit fails: saved, and said
        await settle(pilot)
        app.screen.query_one("#document_number", Input).value = "GODE561231GR9"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ProfileScreen)
        assert any(
            n.severity == "warning" and "GODE561231GR9" in n.message for n in app._notifications
        )
        assert "su dígito verificador no coincide" in text_of(app, "#identity")


async def test_edit_shows_errors_beside_fields_then_saves(app, clients):
    async with app.run_test(size=(120, 50)) as pilot:
        await settle(pilot)
        await open_first(pilot, "nunez")
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, EditScreen)
        app.screen.query_one("#emails-0", Input).value = "jose@"
        app.screen.query_one("#document_number", Input).value = "GODE561231"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, EditScreen)  # not saved
        email_error = app.screen.query_one("#field-emails-0", Field).query_one(".error", Static)
        assert "“jose@” no es un correo electrónico válido" in shown(email_error)
        doc_error = app.screen.query_one("#field-document_number", Field).query_one(
            ".error", Static
        )
        assert "le falta la homoclave" in shown(doc_error)
        assert get_client(clients["nunez"].id).emails == ["jose@correo.mx"]
        app.screen.query_one("#emails-0", Input).value = "jose.nunez@correo.mx"
        app.screen.query_one("#document_number", Input).value = "GODE561231GR8"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ProfileScreen)
        assert "jose.nunez@correo.mx" in text_of(app, "#identity")
        assert client_history(clients["nunez"].id)[0].changes["emails"] == [
            "jose@correo.mx",
            "jose.nunez@correo.mx",
        ]


async def test_stale_edit_is_refused_and_reloaded(app, clients):
    nunez = clients["nunez"]
    async with app.run_test(size=(120, 50)) as pilot:
        await settle(pilot)
        await open_first(pilot, "nunez")
        await pilot.press("e")
        await settle(pilot)
        # another operator saves meanwhile
        other = input_from_detail(get_client(nunez.id))
        other.trade_name = "Cambio de Beto"
        update_client(nunez.id, other, expected_version=nunez.version, user="beto")
        app.screen.query_one("#trade_name", Input).value = "Mi cambio"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, EditScreen)
        assert app.screen.query_one("#trade_name", Input).value == "Cambio de Beto"  # reloaded
        notes = [n.message for n in app._notifications]
        assert any("beto modificó este cliente" in n for n in notes)
        assert get_client(nunez.id).trade_name == "Cambio de Beto"


async def test_delete_restore_and_purge_through_the_trash(app, clients):
    lima = clients["lima"]
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"inversiones lima", "enter")
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # changed my mind
        await settle(pilot)
        assert count(ClientFilter(trash=True)) == 0
        await pilot.press("d", "y")
        await settle(pilot)
        assert count(ClientFilter(trash=True)) == 1 and get_client(lima.id).in_trash
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, TrashScreen)
        assert "Inversiones Lima S.A.C." in table_lines(app)[1]
        await pilot.press("r")
        await settle(pilot)
        assert not get_client(lima.id).in_trash
        assert text_of(app, "#count").startswith("0 clientes en la papelera ·")
        await pilot.press("escape")
        await settle(pilot)
        # and now for good: delete, then purge by choosing the button that says so
        await pilot.press("d", "y", "t")
        await settle(pilot)
        await pilot.press("p", "y", "s", "enter")  # no key typed ahead confirms a purge
        await settle(pilot)
        assert count(ClientFilter(trash=True)) == 1
        await pilot.press("p", "tab", "enter")
        await settle(pilot)
        assert count(ClientFilter(trash=True)) == 0
        assert count(ClientFilter(text="inversiones lima")) == 0


async def test_with_nominatim_an_edited_address_is_placed_in_the_background(
    sqlite_db, clients, nominatim
):
    from tui_clients.db import models as m
    from tui_clients.services.settings import Settings
    from tui_clients.tui.app import ClientsApp

    app = ClientsApp(Settings.load())  # geocoder = nominatim (the fixture's settings)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_first(pilot, "andina")
        await pilot.press("e")
        await settle(pilot)
        app.screen.query_one("#addresses-0-line", Input).value = "Calle 63 # 11-20, Chapinero"
        await pilot.press("ctrl+s")
        await settle(pilot)  # waits for the geocoding worker too
        address = m.Address.get(m.Address.line == "Calle 63 # 11-20, Chapinero")
        assert (address.latitude, address.coord_source) == (4.65, "nominatim")
        assert nominatim.asked and nominatim.asked[0]["countrycodes"] == ["co"]
        assert any("ubicadas en el mapa: 1" in n.message for n in app._notifications)

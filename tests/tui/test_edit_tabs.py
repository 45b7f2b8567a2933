"""The edit form is the wizard's steps as tabs: a new category brings its step along."""

from pilot_helpers import settle
from textual.widgets import TabbedContent
from wizard_keys import choose, field, fill, key

from tui_clients.services.clients.listing import ClientFilter, page
from tui_clients.services.clients.queries import get_client
from tui_clients.services.clients.servers import reveal_password
from tui_clients.services.settings import Settings
from tui_clients.tui.app import ClientsApp
from tui_clients.tui.form.edit import EditScreen
from tui_clients.tui.profile.screen import ProfileScreen
from tui_clients.tui.widgets.dialogs import ConfirmScreen


def tab_ids(app) -> list[str]:
    return [pane.id for pane in app.screen.query_one(TabbedContent).query("TabPane")]


async def test_a_new_category_adds_its_tab_and_its_data_is_saved(app, clients):
    andina = clients["andina"]
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"andina", "enter")
        await key(pilot, "enter")
        assert isinstance(app.screen, ProfileScreen)
        await key(pilot, "e")
        assert isinstance(app.screen, EditScreen)
        assert "tab-server" not in tab_ids(app)
        app.screen.query_one(TabbedContent).active = "tab-category"
        await choose(pilot, "category", "Susc")  # Suscripción de servicios SaaS
        assert "tab-server" in tab_ids(app)
        app.screen.query_one(TabbedContent).active = "tab-server"
        await settle(pilot)
        await fill(pilot, "server.gitlab_user", "andina-ops")
        await key(pilot, "ctrl+t")
        await fill(pilot, "server.servers[0].host", "srv1.andina.co")
        await fill(pilot, "server.servers[0].password", "n0-se-ve")
        assert field(app, "server.servers[0].password").widget.password
        assert "n0-se-ve" not in app.export_screenshot()  # masked on screen
        await key(pilot, "ctrl+s")
        assert isinstance(app.screen, ProfileScreen)
    client = get_client(andina.id)
    assert client.category == "SAAS" and client.server.gitlab_user == "andina-ops"
    [server] = client.server.servers
    assert server.host == "srv1.andina.co" and reveal_password(server.id) == "n0-se-ve"
    assert page(ClientFilter(text="andina"))[0].category


async def test_edit_errors_bring_their_tab_to_the_front(app, clients):
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"andina", "enter")
        await key(pilot, "enter", "e")
        app.screen.query_one(TabbedContent).active = "tab-addresses"
        await settle(pilot)
        await fill(pilot, "addresses[0].line", "")
        app.screen.query_one(TabbedContent).active = "tab-identity"
        await key(pilot, "ctrl+s")
        assert isinstance(app.screen, EditScreen)  # not saved
        assert app.screen.query_one(TabbedContent).active == "tab-addresses"
    assert get_client(clients["andina"].id).addresses[0].line == "Cra. 71a #75b-24"


async def test_saving_an_edit_asks_before_linking_a_registry_contact(app, clients):
    registered = clients["nunez"].contacts  # no contacts: make one in the registry
    assert registered == []
    lima = clients["lima"]
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"andina", "enter")
        await key(pilot, "enter", "e")
        app.screen.query_one(TabbedContent).active = "tab-contacts"
        await settle(pilot)
        await key(pilot, "ctrl+t")
        await fill(pilot, "contacts[0].first_name", "Anita")
        await fill(pilot, "contacts[0].email", "compras@andina.co")  # not a contact yet
        await fill(pilot, "contacts[0].email", "ana.rojas@lima.pe")
        await key(pilot, "ctrl+s")
        assert isinstance(app.screen, ProfileScreen)  # a new contact: saved at once
    from tui_clients.services.clients.queries import get_client as fetch

    [contact] = fetch(clients["andina"].id).contacts
    assert (contact.email, contact.first_name) == ("ana.rojas@lima.pe", "Anita")
    again = ClientsApp(Settings.load())  # another session, as another operator would
    async with again.run_test(size=(80, 24)) as pilot:
        app = again
        await settle(pilot)
        await pilot.press("slash", *"inversiones", "enter")
        await key(pilot, "enter", "e")
        app.screen.query_one(TabbedContent).active = "tab-contacts"
        await settle(pilot)
        await key(pilot, "ctrl+t")
        await fill(pilot, "contacts[0].first_name", "Otra Ana")
        await fill(pilot, "contacts[0].email", "ANA.ROJAS@lima.pe")
        await key(pilot, "ctrl+s")  # straight from the e-mail field
        assert isinstance(app.screen, ConfirmScreen)  # asked before anything is saved
        assert fetch(lima.id).contacts == []
        await key(pilot, "y")
        assert field(app, "contacts[0].first_name").widget.value == "Anita"  # the registry's
        app.screen.query_one("#save").focus()  # the Save button, by keyboard
        await key(pilot, "enter")
        assert isinstance(app.screen, ProfileScreen)
    [linked] = fetch(lima.id).contacts
    assert linked.id == contact.id


async def test_an_edit_saved_unchanged_keeps_the_placed_address_and_the_history(app, clients):
    """Opening Edit and saving with no change: the geocoded coordinates stay geocoded (not
    "escritas"), the history gains no entry and the profile says nothing was saved."""
    from pilot_helpers import shown
    from textual.widgets import Static

    from tui_clients.domain.entities import AddressInput, ClientInput
    from tui_clients.services.clients.writing import create_client

    create_client(
        ClientInput(
            person_kind="moral",
            company_type="PM",
            document_country="CO",
            document_type="NIT",
            document_number="830020062-3",
            legal_name="Bogotá Norte S.A.S.",
            category="GEN",
            addresses=[AddressInput(country="CO", region="CO-DC", line="Cra. 7 #32-16")],
        )
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"bogota norte", "enter")
        await key(pilot, "enter")
        assert isinstance(app.screen, ProfileScreen)
        assert "(geocodificadas)" in shown(app.screen.query_one("#addresses", Static))
        await key(pilot, "e")
        assert isinstance(app.screen, EditScreen)
        await key(pilot, "ctrl+s")
        assert isinstance(app.screen, ProfileScreen)
        await settle(pilot)
        addresses = shown(app.screen.query_one("#addresses", Static))
        assert "(geocodificadas)" in addresses and "(escritas)" not in addresses
        history = shown(app.screen.query_one("#history", Static))
        assert "modificado" not in history and "creado" in history
        notes = [str(n.message) for n in app._notifications]
        assert "Nada cambió: no se guardó nada." in notes

"""A refused value takes the cursor: the first field in error is focused (inventory
item, edit form, wizard step, catalog dialog), so the correction typed at once lands
there; in the edit form, a tab with an error on it says
so from any other tab, and the notification names the tabs.  At 80x24, keyboard only."""

from pilot_helpers import settle
from test_import_screen import key as key_pause
from textual.widgets import TabbedContent
from wizard_keys import choose, error_of, field, fill, key, step_key

from tui_clients.services.clients import client_services as svc
from tui_clients.services.clients.queries import get_client
from tui_clients.services.inventory.items import list_items
from tui_clients.tui.admin.service_catalog import ServiceFormScreen
from tui_clients.tui.form.edit import EditScreen
from tui_clients.tui.profile.inventory import ItemScreen
from tui_clients.tui.profile.screen import ProfileScreen


def focused_field(app) -> str:
    """The name of the field the cursor is in ("" when it is in none)."""
    widget = app.focused
    while widget is not None and not hasattr(widget, "field_name"):
        widget = widget.parent
    return widget.field_name if widget is not None else ""


def tab_label(app, pane: str) -> str:
    return str(app.screen.query_one(TabbedContent).get_tab(pane).label.plain)


async def test_the_inventory_form_puts_the_cursor_on_the_refused_date(app, clients):
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await key(pilot, "slash", *"andina", "enter")
        await key(pilot, "enter")
        assert isinstance(app.screen, ProfileScreen)
        app.screen.query_one(TabbedContent).active = "tab-inventory"
        await key_pause(pilot, "tab", "a")
        assert isinstance(app.screen, ItemScreen)
        await pilot.press(*"SN-77", "tab", *"Router", "tab", *"31/02/2026", "tab", *"OT-9")
        await key_pause(pilot, "ctrl+s")  # the cursor is in Work order when it is refused
        assert "no es una fecha" in error_of(app, "delivered_on")
        assert focused_field(app) == "delivered_on"
        await key_pause(pilot, "ctrl+u", *"14/03/2026", "ctrl+s")  # typed at once
        assert isinstance(app.screen, ProfileScreen)
    [item] = list_items(clients["andina"].id)
    assert (item.serial, item.work_order, f"{item.delivered_on:%d/%m/%Y}") == (
        "SN-77",
        "OT-9",
        "14/03/2026",
    )


async def test_an_edit_refused_goes_to_the_first_error_and_marks_the_other_tab(app, clients):
    andina = clients["andina"]
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await key(pilot, "slash", *"andina", "enter")
        await key(pilot, "enter", "e")
        assert isinstance(app.screen, EditScreen)
        tabs = app.screen.query_one(TabbedContent)
        tabs.active = "tab-addresses"
        await settle(pilot)
        await fill(pilot, "addresses[0].line", "")
        tabs.active = "tab-identity"
        await settle(pilot)
        await fill(pilot, "legal_name", "")
        await fill(pilot, "trade_name", "Andina")  # the cursor is here when Save is pressed
        await key(pilot, "ctrl+s")
        assert isinstance(app.screen, EditScreen)
        assert tabs.active == "tab-identity"
        assert focused_field(app) == "legal_name"  # not the trade name it was in
        assert tab_label(app, "tab-addresses").startswith("●")  # seen from Identity
        assert tabs.get_tab("tab-addresses").has_class("-has-error")
        assert not tab_label(app, "tab-contacts").startswith("●")
        [said] = [str(n.message) for n in app._notifications if n.severity == "error"]
        assert "Identidad" in said and "Direcciones" in said
        await key(pilot, *"Andina Logística S.A.S.")  # the correction lands in its field
        assert field(app, "legal_name").widget.value == "Andina Logística S.A.S."
        assert not tab_label(app, "tab-identity").startswith("●")  # corrected: unmarked
        assert tab_label(app, "tab-addresses").startswith("●")  # still to correct
        tabs.active = "tab-addresses"
        await settle(pilot)
        await fill(pilot, "addresses[0].line", "Cra. 7 #71-21")
        assert not tab_label(app, "tab-addresses").startswith("●")
        await key(pilot, "ctrl+s")
        assert isinstance(app.screen, ProfileScreen)
    assert get_client(andina.id).legal_name == "Andina Logística S.A.S."


async def test_a_wizard_step_refused_focuses_its_first_field_in_error(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await key(pilot, "n")
        await choose(pilot, "company_type", "Persona m")
        await key(pilot, "ctrl+n")
        await choose(pilot, "category", "Gen")
        await key(pilot, "ctrl+n")
        assert step_key(app) == "identity"
        await fill(pilot, "internal_code", "X-1")  # the last field; document and name empty
        await key(pilot, "ctrl+n")
        assert step_key(app) == "identity"
        assert error_of(app, "document_type") and error_of(app, "legal_name")
        assert focused_field(app) == "document_type"  # the first on screen
        await key(pilot, "enter", *"RFC", "enter")  # the correction, typed at once
        assert str(field(app, "document_type").widget.value) == "RFC"


async def test_a_catalog_dialog_puts_the_cursor_on_the_refused_code(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await key(pilot, "ctrl+p")
        await pilot.press(*"servicios")
        await key(pilot, "enter")
        await key(pilot, "n")
        assert isinstance(app.screen, ServiceFormScreen)
        await fill(pilot, "name", "Soporte 24/7")
        await fill(pilot, "description", "Guardias")  # the cursor is here; no code typed
        await key(pilot, "ctrl+s")
        assert isinstance(app.screen, ServiceFormScreen)
        assert error_of(app, "code")
        assert focused_field(app) == "code"
        await key(pilot, *"SOP-24", "ctrl+s")  # typed at once: it lands in the code
        assert not isinstance(app.screen, ServiceFormScreen)
    assert [s.name for s in svc.catalog() if s.code == "SOP-24"] == ["Soporte 24/7"]

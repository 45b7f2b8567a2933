"""What is stored although it is not quite what was typed is said, never refused: a real
RFC whose check digit fails (on the identity step), a phone typed in an old format and
stored as the current number (on the step where it was typed, and after an edit is saved)."""

from pilot_helpers import settle
from textual.widgets import TabbedContent
from wizard_keys import choose, fill, key, step_key, to_step_after_category

from tui_clients.services.clients.listing import ClientFilter, page
from tui_clients.services.clients.queries import get_client


async def test_an_rfc_in_use_whose_check_digit_fails_goes_on_with_a_warning(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await to_step_after_category(pilot, "fis", "Fact")
        assert step_key(app) == "identity"
        await choose(pilot, "document_type", "RFC")
        await fill(pilot, "document_number", "vace-460910-sx6")  # python-stdnum lists it
        await fill(pilot, "first_name", "Eva")
        await fill(pilot, "last_name", "Vázquez Cruz")
        await key(pilot, "ctrl+n")
        assert step_key(app) == "contacts"  # not refused
        warnings = [n.message for n in app._notifications if n.severity == "warning"]
        assert any("VACE460910SX6" in w and "dígito verificador" in w for w in warnings)
        await key(pilot, "ctrl+b")  # back and on again: said again, never blocking
        await key(pilot, "ctrl+n")
        assert step_key(app) == "contacts"
    assert page(ClientFilter(text="VACE460910SX6")) == []  # nothing stored before Finish


def warnings_said(app) -> list[str]:
    return [n.message for n in app._notifications if n.severity == "warning"]


def said_as_modernised(warnings: list[str], typed: str, stored: str) -> bool:
    """A warning names the number as typed and as stored, and says it is an old format."""
    return any(typed in w and stored in w and "formato antiguo" in w for w in warnings)


async def test_old_phone_formats_typed_in_the_wizard_are_said_where_they_are_typed(app):
    contact_phone, own_phone = "044 55 1234 5678", "+52 1 56 1168 4411"
    async with app.run_test(size=(80, 24)) as pilot:
        await to_step_after_category(pilot, "fis", "Gen")
        await choose(pilot, "document_type", "RFC")
        await fill(pilot, "document_number", "PEMJ800101AB6")
        await fill(pilot, "first_name", "Juana")
        await fill(pilot, "last_name", "Pérez Mora")
        await key(pilot, "ctrl+n")
        assert step_key(app) == "contacts"
        assert warnings_said(app) == []  # a good RFC: nothing to say
        await key(pilot, "ctrl+t")
        await fill(pilot, "contacts[0].first_name", "Rosa")
        await fill(pilot, "contacts[0].email", "rosa@correo.mx")
        await fill(pilot, "contacts[0].phone", contact_phone)
        await key(pilot, "ctrl+n")
        assert step_key(app) == "addresses"  # not refused
        contact_warnings = warnings_said(app)
        await key(pilot, "ctrl+t")
        await choose(pilot, "addresses[0].region", "Jal")
        await fill(pilot, "addresses[0].province", "Zapopan")
        await fill(pilot, "addresses[0].postal_code", "45110")
        await fill(pilot, "addresses[0].line", "Av. Patria 1201")
        await key(pilot, "ctrl+n")
        assert step_key(app) == "other"
        assert not any(contact_phone in w for w in warnings_said(app))  # said once, on its step
        await fill(pilot, "phones[0]", own_phone)
        await key(pilot, "ctrl+n")
        assert step_key(app) == "finish"
        own_warnings = warnings_said(app)
        await key(pilot, "ctrl+f")
        assert type(app.screen).__name__ == "ProfileScreen"
    [row] = page(ClientFilter(text="PEMJ800101AB6"))
    client = get_client(row.id)
    [phone] = client.phones
    [contact] = client.contacts
    assert phone.number != own_phone and contact.phone != contact_phone  # stored modernised
    assert said_as_modernised(contact_warnings, contact_phone, contact.phone), contact_warnings
    assert said_as_modernised(own_warnings, own_phone, phone.number), own_warnings


async def test_an_edit_that_stores_a_phone_modernised_says_so_after_saving(app, clients):
    typed = "+57 1 770 1048"  # Bogotá before 2021
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"andina", "enter")
        await key(pilot, "enter", "e")
        app.screen.query_one(TabbedContent).active = "tab-other"
        await settle(pilot)
        await fill(pilot, "phones[0]", typed)
        await key(pilot, "ctrl+s")
        assert type(app.screen).__name__ == "ProfileScreen"  # saved, not refused
        warnings = warnings_said(app)
    [phone] = get_client(clients["andina"].id).phones
    assert phone.number != typed
    assert said_as_modernised(warnings, typed, phone.number), warnings

"""A real RFC whose check digit fails is registered from the wizard, and the operator is
told so on the identity step (a warning, not a refusal)."""

from pilot_helpers import settle
from wizard_keys import choose, fill, key, step_key

from tui_clients.services.clients.listing import ClientFilter, page


async def test_an_rfc_in_use_whose_check_digit_fails_goes_on_with_a_warning(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await key(pilot, "n")
        await choose(pilot, "company_type", "fis")
        await key(pilot, "ctrl+n")
        await choose(pilot, "category", "Fact")
        await key(pilot, "ctrl+n")
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

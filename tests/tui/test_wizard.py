"""The registration wizard walked by keyboard on the real app and a real SQLite file."""

from __future__ import annotations

from pilot_helpers import settle
from wizard_keys import choose, error_of, key, step_key, type_in, visible_errors

from tui_clients.services.client_list import ClientFilter, page
from tui_clients.services.client_queries import get_client


async def test_a_mexican_persona_fisica_end_to_end(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await key(pilot, "n")
        assert step_key(app) == "company_type"
        await key(pilot, "ctrl+n")  # nothing chosen yet
        assert step_key(app) == "company_type"
        assert error_of(app, "company_type") == "Este campo es obligatorio."
        await choose(pilot, "company_type", "Persona f")
        await key(pilot, "ctrl+n")
        assert step_key(app) == "category"
        await choose(pilot, "category", "Fact")
        await key(pilot, "ctrl+n")
        assert step_key(app) == "identity"
        await choose(pilot, "document_type", "RFC")
        await type_in(pilot, "document_number", "PEMJ800101AB7")  # wrong check digit
        await type_in(pilot, "first_name", "Juana")
        await type_in(pilot, "last_name", "Pérez Mora")
        await key(pilot, "ctrl+n")
        assert step_key(app) == "identity"
        assert "PEMJ800101AB7" in error_of(app, "document_number")
        await type_in(pilot, "document_number", "PEMJ800101AB6")
        await key(pilot, "ctrl+n")
        assert step_key(app) == "contacts"
        await key(pilot, "ctrl+n")  # contacts are optional
        assert step_key(app) == "addresses"
        await key(pilot, "ctrl+t")
        await choose(pilot, "addresses[0].region", "Jal")
        await type_in(pilot, "addresses[0].province", "Zapopan")
        await type_in(pilot, "addresses[0].postal_code", "45110")
        await type_in(pilot, "addresses[0].line", "Av. Patria 1201")
        await key(pilot, "ctrl+n")
        assert step_key(app) == "fiscal_mx", visible_errors(app)
        await choose(pilot, "fiscal.regimen", "612")
        await choose(pilot, "fiscal.uso_cfdi", "G03")
        await type_in(pilot, "fiscal.postal_code", "45110")
        await type_in(pilot, "emails[0]", "juana@correo.mx")
        await key(pilot, "ctrl+n")
        assert step_key(app) == "other"
        await type_in(pilot, "phones[0]", "33 3641 0000")
        await key(pilot, "ctrl+n")
        assert step_key(app) == "finish"
        await key(pilot, "ctrl+f")
        await settle(pilot)
        assert type(app.screen).__name__ == "ProfileScreen"
    [row] = page(ClientFilter(text="PEMJ800101AB6"))
    client = get_client(row.id)
    assert (client.first_name, client.last_name, client.legal_name) == ("Juana", "Pérez Mora",
                                                                       "Juana Pérez Mora")  # fmt: skip
    assert (client.company_type, client.category, client.person_kind) == ("PF", "FACT-MX", "fisica")
    assert client.fiscal.regimen == "612" and client.fiscal.uso_cfdi == "G03"
    assert client.emails == ["juana@correo.mx"]
    [address] = client.addresses
    assert (address.region, address.province, address.line) == ("MX-JAL", "Zapopan",
                                                                "Av. Patria 1201")  # fmt: skip

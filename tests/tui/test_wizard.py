"""The registration wizard walked by keyboard on the real app and a real SQLite file."""

from __future__ import annotations

from pilot_helpers import settle, shown
from wizard_keys import (
    choose,
    error_of,
    field,
    fill,
    key,
    step_key,
    tick,
    type_in,
    visible_errors,
)

from tui_clients.domain.entities import ClientInput, ContactInput
from tui_clients.services.clients.listing import ClientFilter, page
from tui_clients.services.clients.queries import get_client
from tui_clients.services.clients.writing import (
    create_client,
    delete_client,
    purge_client,
)
from tui_clients.services.registration.lookups import load_draft
from tui_clients.services.session import current_user
from tui_clients.services.settings import Settings
from tui_clients.tui.app import ClientsApp
from tui_clients.tui.form.wizard import AUTOSAVE_SECONDS, WizardScreen
from tui_clients.tui.profile.screen import ProfileScreen
from tui_clients.tui.widgets.dialogs import ConfirmScreen


async def test_a_mexican_persona_fisica_end_to_end(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await key(pilot, "n")
        assert step_key(app) == "company_type"
        await key(pilot, "ctrl+n")  # nothing chosen yet
        assert step_key(app) == "company_type"
        assert error_of(app, "company_type") == "Este campo es obligatorio."
        await choose(pilot, "company_type", "fis")  # física, not "sin fines de lucro"
        await key(pilot, "ctrl+n")
        assert step_key(app) == "category"
        await choose(pilot, "category", "Fact")
        await key(pilot, "ctrl+n")
        assert step_key(app) == "identity"
        await choose(pilot, "document_type", "RFC")
        await type_in(pilot, "document_number", "PEMJ801301AB6")  # no 13th month
        await type_in(pilot, "first_name", "Juana")
        await type_in(pilot, "last_name", "Pérez Mora")
        await key(pilot, "ctrl+n")
        assert step_key(app) == "identity"
        assert "PEMJ801301AB6" in error_of(app, "document_number")
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
    assert (client.first_name, client.last_name, client.legal_name) == (
        "Juana",
        "Pérez Mora",
        "Juana Pérez Mora",
    )
    assert (client.company_type, client.category, client.person_kind) == ("PF", "FACT-MX", "fisica")
    assert client.fiscal.regimen == "612" and client.fiscal.uso_cfdi == "G03"
    assert client.emails == ["juana@correo.mx"]
    [address] = client.addresses
    assert (address.region, address.province, address.line) == (
        "MX-JAL",
        "Zapopan",
        "Av. Patria 1201",
    )


async def start(pilot) -> None:
    await settle(pilot)
    await key(pilot, "n")


async def company_steps(pilot, category: str = "Gen") -> None:
    await choose(pilot, "company_type", "Persona m")
    await key(pilot, "ctrl+n")
    await choose(pilot, "category", category)
    await key(pilot, "ctrl+n")


def registry_contact():
    """A contact already in the registry (linked to another client)."""
    return create_client(
        ClientInput(
            person_kind="moral",
            company_type="PM",
            document_country="PE",
            document_type="RUC",
            document_number="20501234568",
            legal_name="Proveedora Andina S.A.",
            contacts=[
                ContactInput(
                    email="Luisa.Rojas@andina.pe",
                    first_name="Luisa",
                    last_name="Rojas",
                    phone="+51 1 6123456",
                )
            ],
        )
    )


async def test_a_colombian_company_with_nit_and_an_existing_contact(app):
    other = registry_contact()
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await company_steps(pilot)
        assert step_key(app) == "identity"
        await choose(pilot, "document_country", "Col")
        await choose(pilot, "document_type", "NIT")
        await fill(pilot, "document_number", "860002964")
        await fill(pilot, "legal_name", "Café de los Andes S.A.S.")
        await key(pilot, "ctrl+n")
        assert "860002964-4" in error_of(app, "document_number")  # the DV it would have
        await fill(pilot, "document_number", "860002964-4")
        await key(pilot, "ctrl+n")
        assert step_key(app) == "contacts"
        await key(pilot, "ctrl+t")
        await fill(pilot, "contacts[0].email", "luisa.rojas@ANDINA.pe")
        await key(pilot, "tab")  # leaving the e-mail asks
        assert isinstance(app.screen, ConfirmScreen)
        assert "Luisa Rojas" in shown(app.screen.query_one(".question"))
        await key(pilot, "y")
        assert field(app, "contacts[0].first_name").widget.value == "Luisa"
        assert field(app, "contacts[0].first_name").widget.disabled
        await key(pilot, "ctrl+n")
        assert step_key(app) == "addresses"
        await key(pilot, "ctrl+n")  # an address is required for this type
        assert "al menos una dirección" in visible_errors(app)[""]
        await key(pilot, "ctrl+t")
        await choose(pilot, "addresses[0].country", "Col")
        await choose(pilot, "addresses[0].region", "Bogot")
        await fill(pilot, "addresses[0].province", "Bogotá D.C.")
        await fill(pilot, "addresses[0].line", "Cra. 7 #71-21")
        await key(pilot, "ctrl+n")
        assert step_key(app) == "other"
        await fill(pilot, "website", "cafeandes.co")
        await key(pilot, "ctrl+n")
        assert step_key(app) == "finish"
        summary = shown(app.screen.query_one("#summary"))
        assert "Café de los Andes S.A.S." in summary and "Luisa Rojas" in summary
        app.screen.query_one("#finish").focus()
        await key(pilot, "enter")  # the Finish button, by keyboard
        assert isinstance(app.screen, ProfileScreen)
    [row] = page(ClientFilter(text="Café de los Andes"))
    client = get_client(row.id)
    assert (client.document_country, client.document_type, client.document_number) == (
        "CO",
        "NIT",
        "8600029644",
    )
    assert client.company_name == "Café de los Andes S.A.S."  # registered as a company too
    [contact] = client.contacts
    assert contact.id == other.contacts[0].id  # linked, not a twin
    assert client.addresses[0].region == "CO-DC"
    assert client.website.startswith("https://cafeandes.co")


async def test_a_peruvian_ruc_client_with_two_addresses_and_two_contacts(app, clients):
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await company_steps(pilot)
        await choose(pilot, "document_country", "Per")
        await choose(pilot, "document_type", "RUC")
        await fill(pilot, "document_number", "20131312955")  # Inversiones Lima's
        await fill(pilot, "legal_name", "Minera del Sur S.A.")
        await key(pilot, "ctrl+n")
        assert isinstance(app.screen, ConfirmScreen)  # offers to open that client
        assert clients["lima"].code in shown(app.screen.query_one(".question"))
        await key(pilot, "n")
        assert step_key(app) == "identity"
        assert clients["lima"].code in error_of(app, "document_number")
        await fill(pilot, "document_number", "20100079705")
        await fill(pilot, "trade_name", "MinSur")
        await key(pilot, "ctrl+b")  # Back keeps what was typed
        assert step_key(app) == "category"
        await key(pilot, "ctrl+n")
        assert field(app, "document_number").widget.value == "20100079705"
        assert field(app, "trade_name").widget.value == "MinSur"
        await key(pilot, "ctrl+n")
        for i, (email, first, last) in enumerate(
            [("ana@minsur.pe", "Ana", "Quispe"), ("jorge@minsur.pe", "Jorge", "Huamán")]
        ):
            await key(pilot, "ctrl+t")
            await fill(pilot, f"contacts[{i}].email", email)
            await fill(pilot, f"contacts[{i}].first_name", first)
            await fill(pilot, f"contacts[{i}].last_name", last)
        await tick(pilot, "contacts[1].is_primary")  # the second one is the primary
        assert field(app, "contacts[0].is_primary").widget.value is False
        await key(pilot, "ctrl+n")
        assert step_key(app) == "addresses"
        places = [
            ("Lima", "Lima", "Miraf", "Av. Larco 1150"),
            ("Arequipa", "Arequipa", "Yanahuara", "Calle Jerusalén 300"),
        ]
        for i, (region, province, district, line) in enumerate(places):
            await key(pilot, "ctrl+t")
            await choose(pilot, f"addresses[{i}].region", region)
            await choose(pilot, f"addresses[{i}].province", province)
            await choose(pilot, f"addresses[{i}].district", district)
            await fill(pilot, f"addresses[{i}].line", line)
        await choose(pilot, "addresses[1].kind", "fact")  # facturación / billing
        await key(pilot, "ctrl+n")
        app.screen.query_one("#next").focus()
        await key(pilot, "enter")  # the Next button
        summary = shown(app.screen.query_one("#summary"))
        assert "\\n" not in summary  # one address a line, not an escaped newline
        assert any(
            line.startswith("facturación: Calle Jerusalén 300") for line in summary.splitlines()
        )
        assert step_key(app) == "finish"
        await key(pilot, "ctrl+f")
        assert isinstance(app.screen, ProfileScreen)
    [row] = page(ClientFilter(text="20100079705"))
    client = get_client(row.id)
    assert client.legal_name == "Minera del Sur S.A." and client.trade_name == "MinSur"
    assert [(a.kind, a.region, a.province, a.district) for a in client.addresses] == [
        ("main", "15", "1501", "150122"),
        ("billing", "04", "0401", "040126"),
    ]
    assert sorted((c.email, c.is_primary) for c in client.contacts) == [
        ("ana@minsur.pe", False),
        ("jorge@minsur.pe", True),
    ]


async def test_cancel_asks_when_something_was_typed_and_stores_nothing(app, clients):
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await key(pilot, "escape")  # nothing typed: leaves at once
        assert not isinstance(app.screen, WizardScreen)
        await key(pilot, "n")
        await company_steps(pilot)
        await fill(pilot, "legal_name", "Por Cancelar S.A.")
        await key(pilot, "escape")
        assert isinstance(app.screen, ConfirmScreen)
        await key(pilot, "n")  # no: back to the wizard, nothing lost
        assert field(app, "legal_name").widget.value == "Por Cancelar S.A."
        await key(pilot, "escape")
        await key(pilot, "y")
        assert not isinstance(app.screen, WizardScreen)
    assert page(ClientFilter(text="Por Cancelar")) == []
    assert load_draft(current_user()) is None


async def test_an_unfinished_registration_is_offered_on_the_next_start(sqlite_db):
    first = ClientsApp(Settings.load())
    async with first.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await company_steps(pilot)
        await fill(pilot, "legal_name", "Conexión Caída S.A.")
        await pilot.pause(AUTOSAVE_SECONDS + 0.5)  # the link drops after a pause
    second = ClientsApp(Settings.load())
    async with second.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "Conexión Caída S.A." in shown(second.screen.query_one(".question"))
        await key(pilot, "y")
        assert step_key(second) == "identity"
        assert field(second, "legal_name").widget.value == "Conexión Caída S.A."


async def test_a_client_from_an_existing_company(app, clients):
    lima = clients["lima"]
    delete_client(lima.id)
    purge_client(lima.id)  # its company stays in the registry
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await key(pilot, "ctrl+o")
        await fill(pilot, "company-search", "Inversiones")
        await key(pilot, "enter")  # the only match: Enter picks it
        assert step_key(app) == "company_type"
        assert "Inversiones Lima" in shown(app.screen.query_one("#from-company-note"))
        await key(pilot, "ctrl+n")
        await choose(pilot, "category", "Gen")
        await key(pilot, "ctrl+n")
        assert field(app, "legal_name").widget.value == "Inversiones Lima S.A.C."
        assert field(app, "document_number").widget.value == "20131312955"
        await key(pilot, "ctrl+n", "ctrl+n")
        await key(pilot, "ctrl+t")
        await choose(pilot, "addresses[0].region", "Cus")
        await fill(pilot, "addresses[0].line", "Av. El Sol 200")
        await key(pilot, "ctrl+n", "ctrl+n", "ctrl+f")
        assert isinstance(app.screen, ProfileScreen)
    [row] = page(ClientFilter(text="20131312955"))
    assert get_client(row.id).company_id == lima.company_id


async def test_q_does_not_quit_from_the_wizard(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await key(pilot, "q")  # the company type picker has the focus
        assert isinstance(app.screen, WizardScreen)
        assert app.is_running


async def test_a_company_that_is_already_a_client_offers_that_client(app, clients):
    andina = clients["andina"]
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await key(pilot, "ctrl+o")
        await fill(pilot, "company-search", "logist")  # a word inside the name
        await key(pilot, "enter")
        assert isinstance(app.screen, ConfirmScreen)
        assert andina.code in shown(app.screen.query_one(".question"))
        await key(pilot, "y")
        assert isinstance(app.screen, ProfileScreen)
        assert app.screen.client.id == andina.id
        await key(pilot, "escape")
        assert isinstance(app.screen, WizardScreen)  # the registration is still there

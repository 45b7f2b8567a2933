"""The wizard and what the registry holds already: a document that is a client's is stopped
at the identity step, and companies an import created (no company type) are found by ctrl+o."""

from __future__ import annotations

from pilot_helpers import shown
from wizard_keys import choose, error_of, field, fill, key, step_key, type_in

from tui_clients.domain.custom_fields import FieldDef
from tui_clients.domain.entities import ClientInput
from tui_clients.services.admin.custom_fields import save_definition
from tui_clients.services.clients.listing import ClientFilter, page
from tui_clients.services.clients.queries import get_client
from tui_clients.services.clients.writing import create_client
from tui_clients.services.imports.importer import run_import
from tui_clients.tui.form.wizard import CompanyPickerScreen, WizardScreen
from tui_clients.tui.profile.screen import ProfileScreen
from tui_clients.tui.widgets.dialogs import ConfirmScreen


def registered_cim():
    return create_client(
        ClientInput(
            person_kind="moral",
            company_type="PM",
            category="FACT-MX",
            document_country="MX",
            document_type="RFC",
            document_number="CIM050315T21",
            legal_name="Comercial Importadora del Máyab S.A. de C.V.",
        )
    )


async def start_identity(pilot, category: str = "Fact") -> None:
    await key(pilot, "n")
    await choose(pilot, "company_type", "Persona m")
    await key(pilot, "ctrl+n")
    await choose(pilot, "category", category)
    await key(pilot, "ctrl+n")
    assert step_key(pilot.app) == "identity"


async def test_a_registered_rfc_spelled_otherwise_is_stopped_at_the_identity_step(app):
    cim = registered_cim()
    # a required field of its own step made the registry check wait for Finish
    save_definition(FieldDef(None, "giro", "Giro", "text", required=True))
    async with app.run_test(size=(80, 24)) as pilot:
        await start_identity(pilot)
        assert len(app.screen.ctx.steps) == 9  # the nine steps
        await choose(pilot, "document_type", "RFC")
        await type_in(pilot, "document_number", "cim-050315-t21")
        await fill(pilot, "legal_name", "Otra Importadora S.A.")
        await key(pilot, "ctrl+n")
        assert isinstance(app.screen, ConfirmScreen)  # offers to open that client
        assert cim.code in shown(app.screen.query_one(".question"))
        await key(pilot, "n")
        assert isinstance(app.screen, WizardScreen)
        assert step_key(app) == "identity"
        error = error_of(app, "document_number")
        assert cim.code in error and "Comercial Importadora del Máyab" in error
        assert app.focused is field(app, "document_number").widget
        await fill(pilot, "document_number", "OIM050315AB1")  # another RFC: on it goes
        await key(pilot, "ctrl+n")
        assert step_key(app) == "contacts"
    assert len(page(ClientFilter(text="Importadora"))) == 1


async def test_the_open_offer_goes_to_the_client_with_that_document(app):
    cim = registered_cim()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_identity(pilot, "Gen")
        await choose(pilot, "document_type", "RFC")
        await fill(pilot, "document_number", "CIM 050315 T21")
        await fill(pilot, "legal_name", "Otra Importadora S.A.")
        await key(pilot, "ctrl+n")
        await key(pilot, "y")
        assert isinstance(app.screen, ProfileScreen) and app.screen.client.id == cim.id
        await key(pilot, "escape")
        assert step_key(app) == "identity"  # the registration is still there


def import_lima(tmp_path) -> None:
    """A template CSV: Comercial Lima Ferretería comes as a client and as its employee's
    company; 20603456786 only as a CompanyId.  Neither company has a company type."""
    rows = [
        "Name,Email,Telephone,CompanyId,Latitude-Longitude,Address,AddressDetail,State,"
        "UniqueReference",
        "Rosa Quispe Mamani,rosa@limaferr.pe,,20455667781,,,,1,10456789019",
        "Comercial Lima Ferretería S.A.C.,ventas@limaferr.pe,,,,,,1,20455667781",
        "Pedro Huamán Soto,,,20603456786,,,,1,10101010100",
    ]
    source = tmp_path / "Client_Template.csv"
    source.write_text("\r\n".join(rows) + "\r\n", encoding="utf-8-sig")
    report = run_import(source, default_country="PE", user="ana")
    assert (report.imported, report.rejected) == (3, 0)


async def test_ctrl_o_finds_an_imported_company_by_a_word_of_its_name(app, tmp_path):
    import_lima(tmp_path)
    [lima] = page(ClientFilter(text="20455667781"))
    async with app.run_test(size=(80, 24)) as pilot:
        await key(pilot, "n")
        await key(pilot, "ctrl+o")
        assert isinstance(app.screen, CompanyPickerScreen)
        await type_in(pilot, "company-search", "Ferreter")
        await key(pilot)
        options = app.screen.query_one("#companies")
        assert [
            str(options.get_option_at_index(i).prompt) for i in range(options.option_count)
        ] == [f"Comercial Lima Ferretería S.A.C. · RUC 20455667781 · cliente {lima.code}"]
        assert "1 empresa" in shown(app.screen.query_one("#companies-count"))
        await key(pilot, "enter")
        assert isinstance(app.screen, ConfirmScreen)  # a client already: open it, not a twin
        assert lima.code in shown(app.screen.query_one(".question"))


async def test_an_imported_company_with_no_type_asks_for_one_and_is_registered(app, tmp_path):
    import_lima(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await key(pilot, "n")
        await key(pilot, "ctrl+o")
        await fill(pilot, "company-search", "20603456786")  # the full RUC
        await key(pilot, "enter")
        assert isinstance(app.screen, WizardScreen)
        assert step_key(app) == "company_type"
        assert "20603456786" in shown(app.screen.query_one("#from-company-note"))
        await key(pilot, "ctrl+n")  # the company has no type: it is asked
        assert step_key(app) == "company_type"
        assert error_of(app, "company_type") == "Este campo es obligatorio."
        await choose(pilot, "company_type", "Persona j")  # Peru's word: jurídica
        await key(pilot, "ctrl+n")
        await choose(pilot, "category", "Gen")
        await key(pilot, "ctrl+n")
        assert field(app, "document_number").widget.value == "20603456786"
        assert field(app, "legal_name").widget.value == ""  # not "RUC 20603456786"
        await key(pilot, "ctrl+n")
        assert error_of(app, "legal_name") == "Este campo es obligatorio."
        await fill(pilot, "legal_name", "Huamán Distribuciones S.A.C.")
        await key(pilot, "ctrl+n", "ctrl+n")
        await key(pilot, "ctrl+t")
        await choose(pilot, "addresses[0].region", "Cus")
        await fill(pilot, "addresses[0].line", "Av. El Sol 200")
        await key(pilot, "ctrl+n", "ctrl+n", "ctrl+f")
        assert isinstance(app.screen, ProfileScreen)
    found = [get_client(row.id) for row in page(ClientFilter(text="Huamán Distribuciones"))]
    [client] = [c for c in found if c.legal_name == "Huamán Distribuciones S.A.C."]
    assert (client.company_type, client.document_number) == ("PM", "20603456786")
    [pedro] = [c for c in found if c.first_name == "Pedro"]  # its employee, imported
    assert client.company_id == pedro.company_id  # the imported company, not a twin
    assert pedro.company_name == "Huamán Distribuciones S.A.C."  # named after its client now

"""The edit form's "Tipo de empresa" tab: a client entered as the wrong kind of person is
corrected there; the identity and fiscal tabs follow the new kind and nothing typed in the
other tabs is lost."""

from __future__ import annotations

import io

from pilot_helpers import settle
from rich.console import Console
from stdnum.co import nit
from textual.widgets import Static, TabbedContent
from wizard_keys import choose, field, fill, key

from tui_clients.domain.entities import ClientInput, FiscalInput
from tui_clients.services.clients.queries import get_client
from tui_clients.services.clients.writing import create_client
from tui_clients.services.registration.lookups import search_companies
from tui_clients.tui.form.edit import EditScreen
from tui_clients.tui.profile.screen import ProfileScreen
from tui_clients.tui.widgets.fields import field_id


def a_nit(base: str) -> str:
    return f"{base}-{nit.calc_check_digit(base)}"


def tab_ids(app) -> list[str]:
    return [pane.id for pane in app.screen.query_one(TabbedContent).query("TabPane")]


def active_tab(app) -> str:
    return app.screen.query_one(TabbedContent).active


def asks(app, name: str) -> bool:
    """Whether the form shows this field."""
    return bool(app.screen.query(f"#field-{field_id(name)}"))


def history_text(app) -> str:
    """The History tab as drawn, wide enough that no change is wrapped."""
    console = Console(width=400, file=io.StringIO(), color_system=None)
    with console.capture() as capture:
        console.print(app.screen.query_one("#history", Static).content)
    return " ".join(capture.get().split())


async def open_edit(pilot, search: str) -> None:
    await settle(pilot)
    await pilot.press("slash", *search, "enter")
    await key(pilot, "enter", "e")
    assert isinstance(pilot.app.screen, EditScreen)


async def show_tab(pilot, tab: str) -> None:
    pilot.app.screen.query_one(TabbedContent).active = f"tab-{tab}"
    await settle(pilot)


async def test_a_person_imported_as_a_company_becomes_a_person(app, sqlite_db):
    client = create_client(
        ClientInput(
            person_kind="moral",
            company_type="PM",
            category="GEN",
            document_country="CO",
            document_type="NIT",
            document_number=a_nit("52345678"),
            legal_name="PAREDES GOMEZ LUISA",
            emails=["luisa@correo.co"],
        )
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await open_edit(pilot, "paredes")
        assert tab_ids(app)[0] == "tab-company_type"
        tab = app.screen.query_one(TabbedContent).get_tab("tab-company_type")
        assert "Tipo de empresa" in tab.label.plain
        assert active_tab(app) == "tab-identity"  # the identity tab is still the one in front
        assert asks(app, "legal_name") and not asks(app, "first_name")
        await fill(pilot, "trade_name", "Papelería Luisa")  # typed before the change
        await show_tab(pilot, "other")
        await fill(pilot, "website", "papeleria-luisa.co")

        await show_tab(pilot, "company_type")
        await choose(pilot, "company_type", "natural")  # Persona natural: Colombia's word
        assert active_tab(app) == "tab-company_type"  # the change stays in front
        assert asks(app, "first_name") and asks(app, "last_name") and asks(app, "gender")
        assert not asks(app, "legal_name")
        assert field(app, "trade_name").widget.value == "Papelería Luisa"
        assert field(app, "website").widget.value == "papeleria-luisa.co"

        await show_tab(pilot, "identity")
        await fill(pilot, "first_name", "Luisa")
        await fill(pilot, "last_name", "Paredes Gómez")
        await key(pilot, "ctrl+s")
        assert isinstance(app.screen, ProfileScreen)
        app.screen.query_one(TabbedContent).active = "tab-history"
        await settle(pilot)
        history = history_text(app)
    saved = get_client(client.id)
    assert (saved.person_kind, saved.company_type) == ("fisica", "PF")
    assert (saved.first_name, saved.last_name) == ("Luisa", "Paredes Gómez")
    assert saved.legal_name == "Luisa Paredes Gómez"  # a person's name, not the import's
    assert saved.trade_name == "Papelería Luisa" and saved.emails == ["luisa@correo.co"]
    assert saved.website == "https://papeleria-luisa.co"
    assert "Tipo de empresa: Persona jurídica / Empresa → Persona natural" in history
    assert "Nombres: ∅ → Luisa" in history
    # a person belongs to no company, and her former own company is no longer offered
    assert saved.company_id is None and saved.company_name == ""
    assert search_companies("paredes") == []


async def test_a_person_who_becomes_a_company_is_registered_as_one(app, sqlite_db):
    number = a_nit("79876543")
    client = create_client(
        ClientInput(
            person_kind="fisica",
            company_type="PF",
            category="GEN",
            document_country="CO",
            document_type="NIT",
            document_number=number,
            first_name="Carlos",
            last_name="Ruiz Díaz",
            gender="M",
        )
    )
    assert search_companies("Ruiz") == []
    async with app.run_test(size=(80, 24)) as pilot:
        await open_edit(pilot, "ruiz")
        await show_tab(pilot, "company_type")
        await choose(pilot, "company_type", "jur")  # Persona jurídica / Empresa (Colombia)
        assert not asks(app, "first_name") and not asks(app, "gender")
        assert field(app, "legal_name").widget.value == "Carlos Ruiz Díaz"  # a start
        await fill(pilot, "legal_name", "Ruiz Díaz Ingeniería S.A.S.")

        await show_tab(pilot, "company_type")  # changed the mind, and back again
        await choose(pilot, "company_type", "natural")
        assert field(app, "first_name").widget.value == "Carlos"
        assert field(app, "last_name").widget.value == "Ruiz Díaz"
        assert field(app, "gender").widget.value == "M"
        await show_tab(pilot, "company_type")
        await choose(pilot, "company_type", "jur")
        assert field(app, "legal_name").widget.value == "Ruiz Díaz Ingeniería S.A.S."

        await key(pilot, "ctrl+s")
        assert isinstance(app.screen, ProfileScreen)
    saved = get_client(client.id)
    assert (saved.person_kind, saved.company_type) == ("moral", "PM")
    assert saved.legal_name == "Ruiz Díaz Ingeniería S.A.S." and saved.gender == ""
    [company] = search_companies("Ruiz")
    assert company.legal_name == "Ruiz Díaz Ingeniería S.A.S." and company.client_id == client.id


async def test_the_fiscal_options_follow_the_kind_and_come_back(app, sqlite_db):
    create_client(
        ClientInput(
            person_kind="fisica",
            company_type="PF",
            category="FACT-MX",
            document_country="MX",
            document_type="RFC",
            document_number="GODE-561231-GR8",
            first_name="José",
            last_name="Núñez Peña",
            emails=["jose@correo.mx"],
            fiscal=FiscalInput("605", "CN01", "06600"),
        )
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await open_edit(pilot, "nunez")
        await show_tab(pilot, "fiscal_mx")
        assert field(app, "fiscal.regimen").widget.value == "605"  # Sueldos y salarios
        await show_tab(pilot, "company_type")
        await choose(pilot, "company_type", "moral")
        assert field(app, "fiscal.regimen").widget.value != "605"  # not a company's régimen
        await show_tab(pilot, "fiscal_mx")
        await choose(pilot, "fiscal.regimen", "General de Ley")
        assert field(app, "fiscal.regimen").widget.value == "601"  # a company's one
        await show_tab(pilot, "company_type")
        await choose(pilot, "company_type", "fis")
        assert field(app, "fiscal.regimen").widget.value == "605"  # the person's, back
        assert field(app, "fiscal.uso_cfdi").widget.value == "CN01"


async def test_a_category_of_another_company_type_must_be_chosen_again(app, sqlite_db):
    client = create_client(
        ClientInput(
            person_kind="moral",
            company_type="PM",
            category="DIST",  # Distribuidor: companies only
            document_country="CO",
            document_type="NIT",
            document_number=a_nit("52345678"),
            legal_name="PAREDES GOMEZ LUISA",
        )
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await open_edit(pilot, "paredes")
        await fill(pilot, "legal_name", "Paredes Gómez Luisa")
        await show_tab(pilot, "company_type")
        await choose(pilot, "company_type", "natural")
        said = [n.message for n in app._notifications if n.severity == "warning"]
        assert any("Distribuidor" in m and "Persona natural" in m for m in said), said
        await show_tab(pilot, "identity")
        await fill(pilot, "first_name", "Luisa")
        await fill(pilot, "last_name", "Paredes Gómez")
        await key(pilot, "ctrl+s")
        assert isinstance(app.screen, EditScreen)  # not saved without a category
        assert active_tab(app) == "tab-category"
        await choose(pilot, "category", "Gen")
        await key(pilot, "ctrl+s")
        assert isinstance(app.screen, ProfileScreen)
    saved = get_client(client.id)
    assert (saved.company_type, saved.category) == ("PF", "GEN")


async def test_a_persons_legal_name_follows_the_names_edited(app, clients):
    async with app.run_test(size=(80, 24)) as pilot:
        await open_edit(pilot, "nunez")
        await fill(pilot, "first_name", "José Luis")
        await key(pilot, "ctrl+s")
        assert isinstance(app.screen, ProfileScreen)
    saved = get_client(clients["nunez"].id)
    assert saved.legal_name == f"{saved.first_name} {saved.last_name}" == "José Luis Núñez Peña"


async def test_opening_and_leaving_the_edit_form_changes_nothing(app, clients):
    async with app.run_test(size=(80, 24)) as pilot:
        await open_edit(pilot, "nunez")
        await key(pilot, "escape")  # nothing typed: no "discard?" question
        assert isinstance(app.screen, ProfileScreen)

"""Each step of the registration wizard at 80x24, as an operator over SSH sees it.

Update with `pytest tests/tui/test_wizard_snapshots.py --snapshot-update` after a
deliberate change, and look at the SVGs before committing them.
"""

import pytest
from pilot_helpers import settle

from tui_clients.domain.entities import (
    AddressInput,
    ClientInput,
    ContactInput,
    FiscalInput,
    ServerDataInput,
    ServerInput,
)
from tui_clients.services.settings import Settings
from tui_clients.tui.app import ClientsApp
from tui_clients.tui.form.wizard import WizardScreen


def persona() -> ClientInput:
    """A Mexican persona física invoiced with CFDI: type PF, category FACT-MX."""
    return ClientInput(
        person_kind="fisica",
        company_type="PF",
        category="FACT-MX",
        document_country="MX",
        document_type="RFC",
        document_number="PEMJ800101AB6",
        first_name="Juana",
        last_name="Pérez Mora",
        emails=["juana@correo.mx"],
        phones=["33 3641 0000"],
        contact_person="Luis Pérez",
        contacts=[ContactInput("juana@correo.mx", "Juana", "Pérez", "", True)],
        addresses=[
            AddressInput(
                country="MX",
                region="MX-JAL",
                province="Zapopan",
                postal_code="45110",
                line="Av. Patria 1201",
            )
        ],
        fiscal=FiscalInput("612", "G03", "45110"),
    )


def saas() -> ClientInput:
    """A Peruvian company with a SaaS subscription: type PM, category SAAS."""
    return ClientInput(
        person_kind="moral",
        company_type="PM",
        category="SAAS",
        document_country="PE",
        document_type="RUC",
        document_number="20100079705",
        legal_name="Minera del Sur S.A.",
        server=ServerDataInput(
            "minsur-ops",
            "minsur#0001",
            "minsur-soporte",
            "minsur",
            [ServerInput("erp.minsur.pe", "10.0.4.12", "deploy", "s3cret")],
        ),
    )


CASES = [
    ("company_type", ClientInput(company_type="")),
    ("category", persona()),
    ("identity", persona()),
    ("contacts", persona()),
    ("addresses", persona()),
    ("fiscal_mx", persona()),
    ("other", persona()),
    ("server", saas()),
    ("finish", persona()),
]


@pytest.mark.parametrize(("step", "data"), CASES, ids=[step for step, _data in CASES])
def test_each_wizard_step_at_80x24(snap_compare, sqlite_db, step, data):
    async def open_step(pilot):
        await settle(pilot)
        await pilot.app.push_screen(WizardScreen(data, step))
        await settle(pilot)

    assert snap_compare(ClientsApp(Settings.load()), terminal_size=(80, 24), run_before=open_step)


def test_errors_beside_their_fields_at_80x24(snap_compare, sqlite_db):
    data = ClientInput(
        company_type="PM",
        category="GEN",
        document_country="CO",
        document_type="NIT",
        document_number="860002964",
    )

    async def next_with_errors(pilot):
        await settle(pilot)
        await pilot.app.push_screen(WizardScreen(data, "identity"))
        await settle(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)

    assert snap_compare(
        ClientsApp(Settings.load()), terminal_size=(80, 24), run_before=next_with_errors
    )

"""Snapshots of the list and the profile at 80x24 and 120x40 (pytest-textual-snapshot).

Update with `pytest tests/tui/test_snapshots.py --snapshot-update` after a deliberate change,
and look at the SVGs before committing them.
"""

import datetime as dt

import pytest
from pilot_helpers import group_done, settle

from tui_clients.db import models as m
from tui_clients.domain.entities import AddressInput, ClientInput, ContactInput, FiscalInput
from tui_clients.services.clients.writing import create_client
from tui_clients.services.settings import Settings
from tui_clients.tui.app import ClientsApp

FIXED = dt.datetime(2026, 3, 14, 9, 30)


@pytest.fixture
def known_clients(sqlite_db):
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
            phones=["55 1234 5678"],
            addresses=[
                AddressInput(
                    country="MX",
                    region="MX-CMX",
                    postal_code="06600",
                    line="Av. Reforma 222",
                    detail="Piso 3",
                    coordinates="19.4326,-99.1332",
                )
            ],
            contacts=[ContactInput(email="jose@correo.mx", first_name="José", last_name="Núñez")],
            fiscal=FiscalInput("612", "G03", "06600"),
        ),
        user="ana",
    )
    create_client(
        ClientInput(
            person_kind="moral",
            company_type="PM",
            category="GEN",
            document_country="CO",
            document_type="NIT",
            document_number="900123456-8",
            legal_name="Andina Logística S.A.S.",
            emails=["compras@andina.co"],
            phones=["300 123 4567"],
        ),
        user="ana",
    )
    create_client(
        ClientInput(
            person_kind="moral",
            company_type="PM",
            document_country="PE",
            document_type="RUC",
            document_number="20131312955",
            legal_name="[bold]Inversiones[/] Lima S.A.C.",
            active=False,
        ),
        user="ana",
    )
    m.Client.update(created_at=FIXED, updated_at=FIXED).execute()
    m.ClientHistory.update(at=FIXED).execute()


def app_for_snapshot():
    return ClientsApp(Settings.load())


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_list_snapshot(snap_compare, known_clients, size):
    async def ready(pilot):
        await settle(pilot)

    assert snap_compare(app_for_snapshot(), terminal_size=size, run_before=ready)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_profile_snapshot(snap_compare, known_clients, size):
    async def open_profile(pilot):
        await settle(pilot)
        await pilot.press("down", "down", "enter")  # José Núñez Peña, third by name
        await settle(pilot)

    assert snap_compare(app_for_snapshot(), terminal_size=size, run_before=open_profile)


def test_imports_list_snapshot(snap_compare, sqlite_db):
    """Procesos de carga at 80x24: the list fits, the highlighted import in full below."""
    for i, (status, rows, imported, rejected) in enumerate(
        [
            ("with_errors", 1200, 1180, 20),
            ("running", 5000, 800, 3),
            ("cancelled", 300, 120, 0),
        ]
    ):
        m.ImportJob.create(
            file_name=f"/home/ana/cargas/clientes_{i}_nov_[bold red]x.csv",
            user="ana",
            status=status,
            started_at=FIXED,
            finished_at=None if status == "running" else FIXED + dt.timedelta(seconds=42),
            total=rows,
            imported=imported,
            rejected=rejected,
            error_path=f"/home/ana/cargas/clientes_{i}_errores.csv" if rejected else "",
            host="otra-maquina",
            pid=1,
        )

    async def open_imports(pilot):
        await settle(pilot)
        await pilot.press("i")
        await pilot.pause(0.3)
        await pilot.press("ctrl+l")
        await pilot.pause()
        await group_done(pilot, "import-jobs")

    assert snap_compare(app_for_snapshot(), terminal_size=(80, 24), run_before=open_imports)


def test_profile_map_snapshot(snap_compare, known_clients):
    """The Map tab at 80x24: Mexico's outline with José's address pinned."""

    async def open_map(pilot):
        await settle(pilot)
        await pilot.press("down", "down", "enter")  # José Núñez Peña
        await settle(pilot)
        pilot.app.screen.query_one("TabbedContent").active = "tab-map"
        await settle(pilot)

    assert snap_compare(app_for_snapshot(), terminal_size=(80, 24), run_before=open_map)


def test_profile_addresses_snapshot(snap_compare, known_clients):
    """The Addresses tab at 80x24: each field on its own line, the nearest place too."""

    async def open_addresses(pilot):
        await settle(pilot)
        await pilot.press("down", "down", "enter")  # José Núñez Peña
        await settle(pilot)
        pilot.app.screen.query_one("TabbedContent").active = "tab-addresses"
        await settle(pilot)

    assert snap_compare(app_for_snapshot(), terminal_size=(80, 24), run_before=open_addresses)


@pytest.mark.parametrize("tab", ["custom", "services"])
def test_profile_custom_fields_and_services_snapshot(snap_compare, known_clients, tab):
    """The Additional fields and Services tabs at 80x24 (Andina): a value kept from a deactivated
    field, an inherited service and an own one overriding the company's."""
    from tui_clients.domain.custom_fields import FieldDef
    from tui_clients.services.admin import custom_fields as cf
    from tui_clients.services.clients import client_services as svc
    from tui_clients.services.clients.queries import get_client, input_from_detail
    from tui_clients.services.clients.writing import update_client

    giro = cf.save_definition(FieldDef(None, "", "Giro", "choice", choices=("Comercio", "Minería")))
    cf.save_definition(FieldDef(None, "", "Empleados", "number", order=1))
    cf.save_definition(FieldDef(None, "", "Cliente VIP", "bool", order=2))
    andina = m.Client.get(m.Client.document_number == "9001234568")
    data = input_from_detail(get_client(andina.id))
    data.custom.update(giro="comercio", empleados="12", cliente_vip="sí")
    update_client(andina.id, data, expected_version=andina.version, user="ana")
    cf.set_active(giro.id, False)
    svc.set_company_service(andina.company_id, "HOSTING", True)
    svc.set_company_service(andina.company_id, "SOPORTE", True)
    svc.set_client_service(andina.id, "SOPORTE", False, user="ana")
    svc.set_client_service(andina.id, "FACTURA", True, user="ana")
    m.ClientHistory.update(at=FIXED).execute()

    async def open_tab(pilot):
        await settle(pilot)
        await pilot.press("enter")  # Andina Logística S.A.S., first by name
        await settle(pilot)
        pilot.app.screen.query_one("TabbedContent").active = f"tab-{tab}"
        await settle(pilot)

    assert snap_compare(app_for_snapshot(), terminal_size=(80, 24), run_before=open_tab)

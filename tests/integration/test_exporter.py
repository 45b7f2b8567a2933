"""Export in the template's columns: export → import into an empty registry → export is
byte for byte the same file."""

from tui_clients.db import models as m
from tui_clients.domain.entities import AddressInput, ClientInput, FiscalInput
from tui_clients.services.admin.database import prepare
from tui_clients.services.clients.listing import ClientFilter
from tui_clients.services.clients.writing import create_client
from tui_clients.services.imports.exporter import HEADER, export_csv
from tui_clients.services.imports.importer import run_import


def registry():
    create_client(
        ClientInput(
            person_kind="fisica",
            company_type="PF",
            category="FACT-MX",
            document_country="MX",
            document_type="RFC",
            document_number="GODE-561231-GR8",
            first_name="José Luis",
            last_name="Núñez Peña",
            emails=["jose@correo.mx", "jl@otro.mx"],
            phones=["55 1234 5678", "33 3641 0000"],
            fiscal=FiscalInput("612", "G03", "06600"),
            addresses=[
                AddressInput(
                    country="MX",
                    region="MX-CMX",
                    province="Cuauhtémoc",
                    district="Juárez",
                    postal_code="06600",
                    line="Av. Reforma 222",
                    detail="Piso 3",
                    coordinates="19.4326,-99.1332",
                )
            ],
        )
    )
    andina = create_client(
        ClientInput(
            person_kind="moral",
            company_type="PM",
            category="GEN",
            document_country="CO",
            document_type="NIT",
            document_number="900123456-8",
            legal_name='=Andina "Logística"',
            trade_name="Andina; Log",
            emails=["compras@andina.co"],
            phones=["12345678"],
            addresses=[
                AddressInput(
                    country="CO",
                    region="CO-DC",
                    province="Bogotá",
                    district="Chapinero",
                    line="Cra. 71a #75b-24, Bogotá",
                )
            ],
        )
    )
    create_client(
        ClientInput(
            person_kind="fisica",
            company_type="PF",
            document_country="PE",
            document_type="DNI",
            document_number="45781236",
            first_name="Ana",
            last_name="Quispe",
            active=False,
            company_id=andina.company_id,
            phones=["+51 1 311 7171"],
            addresses=[  # Peru's province and district by their ubigeo codes (San Isidro)
                AddressInput(
                    country="PE",
                    region="15",
                    province="1501",
                    district="150131",
                    postal_code="15073",
                    line="Av. Javier Prado Este 1050",
                    coordinates="-12.09421,-77.02824",
                )
            ],
        )
    )
    create_client(
        ClientInput(
            person_kind="moral",
            document_country="",
            document_type="REF",
            document_number="CLI-0042",
            legal_name="[bold]Sin[/] documento",
            internal_code="X-1",
        )
    )


def test_export_then_import_into_an_empty_registry_then_export_is_identical(db, tmp_path):
    registry()
    first = tmp_path / "a.csv"
    assert export_csv(first) == 4
    text = first.read_text(encoding="utf-8-sig")
    assert text.splitlines()[0] == ",".join(HEADER)
    assert "'=Andina" in text  # a formula trigger, neutralised
    prepare(f"sqlite:///{tmp_path / 'empty.db'}")
    report = run_import(first, default_country="MX")
    assert (report.imported, report.rejected) == (4, 0), report.error_path
    second = tmp_path / "b.csv"
    export_csv(second)
    assert second.read_bytes() == first.read_bytes()


def test_export_follows_the_list_filters(db, tmp_path):
    registry()
    only = tmp_path / "co.csv"
    assert export_csv(only, ClientFilter(country="CO")) == 1
    assert "900123456-8" in only.read_text(encoding="utf-8-sig")  # a NIT as people write it
    assert export_csv(tmp_path / "inactive.csv", ClientFilter(active=False)) == 1


def test_each_value_is_under_its_own_column(db, tmp_path):
    import csv

    from tui_clients.db import models as m
    from tui_clients.services.clients.client_services import set_client_service

    registry()
    jose_id = m.Client.get(m.Client.document_number == "GODE561231GR8").id
    set_client_service(jose_id, "SOPORTE", True)
    set_client_service(jose_id, "HOSTING", False)  # switched off: not exported
    export_csv(tmp_path / "a.csv")
    rows = list(csv.DictReader((tmp_path / "a.csv").read_text(encoding="utf-8-sig").splitlines()))
    jose = next(r for r in rows if r["UniqueReference"] == "GODE561231GR8")
    assert jose == {
        "Name": "José Luis Núñez Peña",
        "Email": "jose@correo.mx",
        "Telephone": "+525512345678",
        "CompanyId": "",
        "Latitude-Longitude": "19.4326,-99.1332",
        "Address": "Av. Reforma 222",
        "AddressDetail": "Piso 3",
        "State": "1",
        "UniqueReference": "GODE561231GR8",
        "DocumentType": "RFC",
        "TradeName": "",
        "InternalCode": "",
        "CompanyType": "PF",
        "Category": "FACT-MX",
        "Country": "MX",
        "Region": "MX-CMX",
        "Province": "Cuauhtémoc",
        "District": "Juárez",
        "PostalCode": "06600",
        "RegimenFiscal": "612",
        "UsoCFDI": "G03",
        "ExtraEmails": "jl@otro.mx",
        "Mobile": "+523336410000",
        "Services": "SOPORTE",
    }
    ana = next(r for r in rows if r["UniqueReference"] == "45781236")
    assert (ana["CompanyId"], ana["State"], ana["Country"]) == ("900123456-8", "0", "PE")
    # a phone and negative coordinates as they are: no apostrophe for Excel to show
    assert (ana["Telephone"], ana["Latitude-Longitude"]) == ("+5113117171", "-12.09421,-77.02824")
    assert (ana["Region"], ana["Province"], ana["District"]) == ("15", "1501", "150131")


def main_addresses() -> dict[str, tuple]:
    """Every part of each client's main address, by document number."""
    A, C = m.Address, m.Client
    query = (
        A.select(
            C.document_number,
            A.kind,
            A.country,
            A.region,
            A.province,
            A.district,
            A.postal_code,
            A.line,
            A.detail,
            A.latitude,
            A.longitude,
        )
        .join(C)
        .where(A.position == 0)
        .tuples()
    )
    return {row[0]: row[1:] for row in query}


def test_export_then_import_keeps_every_part_of_the_main_address(db, tmp_path):
    registry()
    before = main_addresses()
    assert before["GODE561231GR8"][3:5] == ("Cuauhtémoc", "Juárez")  # municipality, colonia
    assert before["45781236"][3:5] == ("1501", "150131")  # Peru's province and district
    first = tmp_path / "a.csv"
    export_csv(first)
    prepare(f"sqlite:///{tmp_path / 'empty.db'}")
    assert main_addresses() == {}
    report = run_import(first, default_country="MX")
    assert (report.imported, report.rejected) == (4, 0), report.error_path
    assert main_addresses() == before


def test_the_cli_export_has_a_column_for_each_part_of_the_address(sqlite_db, tmp_path):
    import csv

    from tui_clients.cli.main import main

    registry()
    out = tmp_path / "cli.csv"
    assert main(["export", str(out)]) == 0
    rows = list(csv.DictReader(out.read_text(encoding="utf-8-sig").splitlines()))
    andina = next(r for r in rows if r["UniqueReference"] == "900123456-8")
    assert [andina[c] for c in ("Country", "Region", "Province", "District")] == [
        "CO",
        "CO-DC",
        "Bogotá",
        "Chapinero",
    ]

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
            addresses=[AddressInput(country="CO", region="CO-DC", line="Cra. 71a #75b-24, Bogotá")],
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
        "Telephone": "'+525512345678",
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
        "PostalCode": "06600",
        "RegimenFiscal": "612",
        "UsoCFDI": "G03",
        "ExtraEmails": "jl@otro.mx",
        "Mobile": "'+523336410000",
        "Services": "SOPORTE",
    }
    ana = next(r for r in rows if r["UniqueReference"] == "45781236")
    assert (ana["CompanyId"], ana["State"], ana["Country"]) == ("900123456-8", "0", "PE")


def test_an_export_written_by_worker_processes_is_the_same_file(sqlite_db, tmp_path, monkeypatch):
    from tui_clients.services.admin.demo import generate
    from tui_clients.services.imports import exporter

    generate(sqlite_db, 60, seed=7)
    m.Client.update(active=True).execute()
    m.Client.update(active=False).where(m.Client.id.in_(range(7, 61, 7))).execute()
    monkeypatch.setattr(exporter, "PARALLEL_MIN", 10)
    monkeypatch.setattr(exporter, "BLOCK", 7)  # nine parts
    seen: list[int] = []
    for where in (ClientFilter(), ClientFilter(active=True)):
        one = tmp_path / "one.csv"
        parts = tmp_path / "parts.csv"
        n = export_csv(one, where, workers=1)
        assert export_csv(parts, where, workers=2, progress=seen.append) == n
        assert parts.read_bytes() == one.read_bytes()
    assert n == 60 - 8 and seen[-1] == n
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".export-")]  # parts gone

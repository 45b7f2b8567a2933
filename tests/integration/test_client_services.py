"""Services on a real database: own, inherited from the company, overridden; the list's
filter applies the same rule."""

import pytest
from test_clients_service import co_company

from tui_clients.db import models as m
from tui_clients.domain.entities import ClientInput
from tui_clients.domain.errors import ValidationError
from tui_clients.services.clients import client_services as svc
from tui_clients.services.clients.listing import ClientFilter, page
from tui_clients.services.clients.queries import client_history
from tui_clients.services.clients.writing import create_client


def states(client_id: int) -> dict[str, tuple[bool, bool]]:
    """code -> (active, inherited), for the services set on the client or its company."""
    return {
        s.code: (s.active, s.inherited)
        for s in svc.service_states(client_id)
        if s.own is not None or s.company is not None
    }


def test_a_client_inherits_its_companys_services_unless_it_sets_them(db):
    andina = create_client(co_company())
    other = create_client(
        ClientInput(
            person_kind="moral",
            company_type="PM",
            document_country="CO",
            document_type="NIT",
            document_number="860002964-4",
            legal_name="Café de los Andes S.A.S.",
        )
    )
    # a second client of Andina's company
    branch = create_client(
        ClientInput(
            person_kind="moral",
            company_type="PM",
            document_country="CO",
            document_type="REF",
            document_number="SUC-1",
            legal_name="Andina Sucursal",
            company_id=andina.company_id,
        )
    )
    svc.set_company_service(andina.company_id, "HOSTING", True)
    svc.set_company_service(andina.company_id, "SOPORTE", True)
    assert states(branch.id) == {"HOSTING": (True, True), "SOPORTE": (True, True)}
    svc.set_client_service(branch.id, "SOPORTE", False)  # overrides the company
    svc.set_client_service(branch.id, "FACTURA", True)  # its own
    assert states(branch.id) == {
        "HOSTING": (True, True),
        "SOPORTE": (False, False),
        "FACTURA": (True, False),
    }
    assert client_history(branch.id)[0].changes == {"service.FACTURA": ["inherited", "active"]}

    def with_service(code):
        return {c.legal_name for c in page(ClientFilter(service=code))}

    assert with_service("HOSTING") == {"Andina Logística S.A.S.", "Andina Sucursal"}
    assert with_service("SOPORTE") == {"Andina Logística S.A.S."}
    assert with_service("FACTURA") == {"Andina Sucursal"}
    svc.set_client_service(branch.id, "SOPORTE", None)  # back to the company's
    assert states(branch.id)["SOPORTE"] == (True, True)
    assert other.legal_name not in with_service("SOPORTE")


def test_the_catalog_checks_codes_and_names(db):
    svc.save_service(svc.ServiceDef("backup-diario", "Respaldo diario"), new=True)
    assert m.Service.get(m.Service.code == "BACKUP-DIARIO").name == "Respaldo diario"
    with pytest.raises(ValidationError) as refused:
        svc.save_service(svc.ServiceDef("BACKUP-DIARIO", " "), new=True)
    messages = {e.field: e.message() for e in refused.value.errors}
    assert messages == {
        "code": "El código “BACKUP-DIARIO” ya existe.",
        "name": "Este campo es obligatorio.",
    }
    svc.save_service(svc.ServiceDef("SOPORTE", "Soporte técnico", active=False), new=False)
    assert "SOPORTE" not in {s.code for s in svc.service_states(create_client(co_company()).id)}


def test_an_import_activates_the_services_it_names_and_the_export_gives_them_back(db, tmp_path):
    from test_importer import write

    from tui_clients.services.imports.exporter import export_csv
    from tui_clients.services.imports.importer import run_import

    header = ["Name", "State", "UniqueReference", "Servicios"]
    source = write(
        tmp_path / "servicios.csv",
        [
            ["Cliente Uno S.A.", "1", "REF-1", "soporte; HOSTING"],
            ["Cliente Dos S.A.", "1", "REF-2", "PESCA"],
            ["Cliente Tres S.A.", "1", "REF-3", ""],
        ],
        header=header,
    )
    report = run_import(str(source), errors_path=str(tmp_path / "errores.csv"))
    assert (report.imported, report.rejected) == (2, 1)
    errors = (tmp_path / "errores.csv").read_text(encoding="utf-8-sig")
    assert "Servicios: “PESCA” no es un servicio activo del catálogo." in errors  # its column
    uno = m.Client.get(m.Client.document_number == "REF-1").id
    assert states(uno) == {"HOSTING": (True, False), "SOPORTE": (True, False)}
    created = client_history(uno)[0].changes
    assert created["service.SOPORTE"] == ["inherited", "active"]
    out = tmp_path / "export.csv"
    export_csv(out)
    rows = out.read_text(encoding="utf-8-sig").splitlines()
    assert rows[0].split(",")[-1] == "Services"
    assert rows[1].endswith(",HOSTING; SOPORTE") and rows[2].endswith(",")

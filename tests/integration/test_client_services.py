"""Services on a real database: own, inherited from the company, overridden; the list's
filter applies the same rule."""

import pytest
from test_clients_service import co_company

from tui_clients.db import models as m
from tui_clients.domain.entities import ClientInput
from tui_clients.domain.errors import ValidationError
from tui_clients.services import client_services as svc
from tui_clients.services.client_list import ClientFilter, page
from tui_clients.services.client_queries import client_history
from tui_clients.services.clients import create_client


def states(client_id: int) -> dict[str, tuple[bool, bool]]:
    """code -> (active, inherited), for the services set on the client or its company."""
    return {s.code: (s.active, s.inherited) for s in svc.service_states(client_id)
            if s.own is not None or s.company is not None}  # fmt: skip


def test_a_client_inherits_its_companys_services_unless_it_sets_them(db):
    andina = create_client(co_company())
    other = create_client(ClientInput(
        person_kind="moral", company_type="PM", document_country="CO", document_type="NIT",
        document_number="860002964-4", legal_name="Café de los Andes S.A.S."))  # fmt: skip
    # a second client of Andina's company
    branch = create_client(ClientInput(
        person_kind="moral", company_type="PM", document_country="CO", document_type="REF",
        document_number="SUC-1", legal_name="Andina Sucursal", company_id=andina.company_id))  # fmt: skip
    svc.set_company_service(andina.company_id, "HOSTING", True)
    svc.set_company_service(andina.company_id, "SOPORTE", True)
    assert states(branch.id) == {"HOSTING": (True, True), "SOPORTE": (True, True)}
    svc.set_client_service(branch.id, "SOPORTE", False)  # overrides the company
    svc.set_client_service(branch.id, "FACTURA", True)  # its own
    assert states(branch.id) == {"HOSTING": (True, True), "SOPORTE": (False, False),
                                 "FACTURA": (True, False)}  # fmt: skip
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
    assert messages == {"code": "El código “BACKUP-DIARIO” ya existe.",
                        "name": "Este campo es obligatorio."}  # fmt: skip
    svc.save_service(svc.ServiceDef("SOPORTE", "Soporte técnico", active=False), new=False)
    assert "SOPORTE" not in {s.code for s in svc.service_states(create_client(co_company()).id)}

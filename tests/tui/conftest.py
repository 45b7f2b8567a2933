"""Fixtures for the TUI tests: the real app on a real SQLite file, and known clients."""

from __future__ import annotations

import pytest

from tui_clients.domain.entities import AddressInput, ClientInput
from tui_clients.services.clients.writing import create_client
from tui_clients.services.settings import Settings
from tui_clients.tui.app import ClientsApp


@pytest.fixture
def app(sqlite_db):
    return ClientsApp(Settings.load())


@pytest.fixture
def clients(sqlite_db):
    def person(first, last, number, **kw):
        return create_client(
            ClientInput(
                person_kind="fisica",
                company_type="PF",
                document_country="MX",
                document_type="RFC",
                document_number=number,
                first_name=first,
                last_name=last,
                **kw,
            )
        )

    return {
        "nunez": person(
            "José",
            "Núñez Peña",
            "GODE-561231-GR8",
            emails=["jose@correo.mx"],
            phones=["55 1234 5678"],
            category="FACT-MX",
        ),
        "andina": create_client(
            ClientInput(
                person_kind="moral",
                company_type="PM",
                document_country="CO",
                document_type="NIT",
                document_number="900123456-8",
                legal_name="Andina Logística S.A.S.",
                emails=["compras@andina.co"],
                category="GEN",
                addresses=[
                    AddressInput(country="CO", line="Cra. 71a #75b-24", postal_code="110111")
                ],
            )
        ),
        "lima": create_client(
            ClientInput(
                person_kind="moral",
                company_type="PM",
                document_country="PE",
                document_type="RUC",
                document_number="20131312955",
                legal_name="Inversiones Lima S.A.C.",
                active=False,
            )
        ),
    }

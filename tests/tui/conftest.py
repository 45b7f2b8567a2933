"""Helpers for driving the real app with Pilot on a real SQLite file."""

from __future__ import annotations

import pytest

from tui_clients.domain.entities import AddressInput, ClientInput
from tui_clients.services.clients import create_client
from tui_clients.settings import Settings
from tui_clients.tui.app import ClientsApp
from tui_clients.tui.client_table import ClientTable

HOSTILE = ["[bold]X[/]", "[@click=app.quit]y", "a[/]b"]


async def settle(pilot) -> None:
    """Let workers finish and the screen catch up."""
    for _ in range(3):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def table_lines(app) -> list[str]:
    """The text of every visible line of the client table, as drawn."""
    table = app.screen.query_one(ClientTable)
    return [table.render_line(y).text for y in range(table.size.height)]


def shown(widget) -> str:
    """The plain text a Static widget shows (Rich renderables rendered as on screen)."""
    import io

    from rich.console import Console

    content = widget.content
    if isinstance(content, str):
        return content
    console = Console(width=200, file=io.StringIO(), color_system=None)
    with console.capture() as capture:
        console.print(content)
    return capture.get()


@pytest.fixture
def app(sqlite_db):
    return ClientsApp(Settings.load())


@pytest.fixture
def clients(sqlite_db):
    def person(first, last, number, **kw):
        return create_client(ClientInput(person_kind="fisica", company_type="PF", document_country="MX",
                                         document_type="RFC", document_number=number,
                                         first_name=first, last_name=last, **kw))  # fmt: skip

    return {
        "nunez": person("José", "Núñez Peña", "GODE-561231-GR8", emails=["jose@correo.mx"],
                        phones=["55 1234 5678"], category="FACT-MX"),
        "andina": create_client(ClientInput(
            person_kind="moral", company_type="PM", document_country="CO", document_type="NIT",
            document_number="900123456-8", legal_name="Andina Logística S.A.S.",
            emails=["compras@andina.co"], category="GEN",
            addresses=[AddressInput(country="CO", line="Cra. 71a #75b-24", postal_code="110111")])),
        "lima": create_client(ClientInput(
            person_kind="moral", company_type="PM", document_country="PE", document_type="RUC",
            document_number="20131312955", legal_name="Inversiones Lima S.A.C.", active=False)),
    }  # fmt: skip

"""Snapshots of the profile's Inventario and "Firma y foto" tabs at 80x24 (pytest-textual-snapshot).

Update with `pytest tests/tui/test_snapshots_inventory.py --snapshot-update` after a
deliberate change, and look at the SVGs before committing them.
"""

import pytest
from pilot_helpers import settle
from sample_files import png_bytes
from test_snapshots import FIXED, app_for_snapshot, known_clients  # noqa: F401 - a fixture

from tui_clients.db import models as m
from tui_clients.domain.inventory import ItemInput
from tui_clients.services.clients.attachments import attach
from tui_clients.services.clients.listing import ClientFilter, page
from tui_clients.services.inventory.items import add_item


@pytest.fixture
def with_inventory(known_clients):  # noqa: F811
    jose = page(ClientFilter(text="GODE561231GR8"))[0]
    add_item(
        jose.id,
        ItemInput(
            "SN-4C1F-00923",
            "Router Huawei HG8245H5 doble banda con fibra óptica",
            "14/03/2026",
            "OT-2026-0045",
            "Carlos Pérez",
        ),
        user="ana",
    )
    add_item(
        jose.id,
        ItemInput(
            "356938035643809",
            "Teléfono [bold]Moto[/] G84",
            "2026-02-01",
            "OT-2026-0031",
            "Lucía Ramírez",
        ),
        user="ana",
    )
    add_item(jose.id, ItemInput("ANT-77", "Antena exterior"), user="ana")
    m.ClientHistory.update(at=FIXED).execute()


async def open_tab(pilot, tab: str, focus: str) -> None:
    await settle(pilot)
    await pilot.press("down", "down", "enter")  # José Núñez Peña
    await settle(pilot)
    pilot.app.screen.query_one("TabbedContent").active = tab
    await settle(pilot)
    pilot.app.screen.query_one(focus).focus()
    await pilot.pause(0.2)


def test_profile_inventory_snapshot(snap_compare, with_inventory):
    """Inventario at 80x24: the items (long texts cut), the highlighted one in full below."""

    async def run_before(pilot):
        await open_tab(pilot, "tab-inventory", "#inventory")

    assert snap_compare(app_for_snapshot(), terminal_size=(80, 24), run_before=run_before)


@pytest.fixture
def with_files(known_clients, tmp_path):  # noqa: F811
    jose = page(ClientFilter(text="GODE561231GR8"))[0]
    photo = tmp_path / "José [bold]Núñez[i] perfil 2026 versión final recortada.png"
    photo.write_bytes(png_bytes())
    attach(jose.id, "photo", photo, user="ana")
    m.Attachment.update(created_at=FIXED).execute()
    m.ClientHistory.update(at=FIXED).execute()


def test_profile_files_snapshot(snap_compare, with_files):
    """Firma y foto at 80x24: no signature yet; the photo's row highlighted, in full below."""

    async def run_before(pilot):
        await open_tab(pilot, "tab-files", "#files")
        await pilot.press("down")
        await pilot.pause(0.2)

    assert snap_compare(app_for_snapshot(), terminal_size=(80, 24), run_before=run_before)

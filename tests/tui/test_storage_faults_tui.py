"""A full disk under the TUI (the database on a real 2 MB tmpfs, filled up behind the
app's back): moving a client to the trash says the disk is full and what to do, the app
goes on, and the client is still where it was."""

from __future__ import annotations

import os

from pilot_helpers import settle

from tui_clients.domain.entities import ClientInput
from tui_clients.services.admin.database import prepare
from tui_clients.services.clients.listing import ClientFilter, page
from tui_clients.services.clients.writing import create_client
from tui_clients.services.settings import Settings
from tui_clients.tui.app import ClientsApp
from tui_clients.tui.widgets.dialogs import ConfirmScreen


def fill(disk) -> None:
    """Write a file until the filesystem has no byte left."""
    with open(disk / "relleno.bin", "wb") as fh:
        try:
            while True:
                fh.write(os.urandom(64 * 1024))
                fh.flush()
        except OSError:
            pass
    try:
        with open(disk / "relleno-2.bin", "wb") as fh:
            while True:
                fh.write(b"x")
                fh.flush()
    except OSError:
        pass


async def test_moving_to_the_trash_on_a_full_disk_says_so_and_the_app_goes_on(
    small_disk, monkeypatch
):
    monkeypatch.setenv("TUI_CLIENTS_DB", f"sqlite:///{small_disk / 'clients.db'}")
    database, _ = prepare(os.environ["TUI_CLIENTS_DB"])
    client = create_client(
        ClientInput(
            person_kind="moral",
            company_type="PM",
            document_country="PE",
            document_type="RUC",
            document_number="20131312955",
            legal_name="Inversiones Lima S.A.C.",
        )
    )
    app = ClientsApp(Settings.load())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        fill(small_disk)
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("s")  # sí, to the trash
        await settle(pilot)
        assert app.is_running
        errors = [n.message for n in app._notifications if n.severity == "error"]
        assert any("disco está lleno" in e and "Libere espacio" in e for e in errors), [
            n.message for n in app._notifications
        ]
    (small_disk / "relleno.bin").unlink()
    database.connect(reuse_if_open=True)
    assert [c.code for c in page(ClientFilter())] == [client.code]  # not in the trash
    database.close()

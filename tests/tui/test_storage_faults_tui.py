"""A full disk under the TUI (the database on a real 2 MB tmpfs, filled up behind the
app's back): moving a client to the trash says the disk is full and what to do, the app
goes on, and the client is still where it was."""

from __future__ import annotations

import os

from pilot_helpers import settle
from wizard_keys import (
    choose,
    field,
    fill,
    key,
    step_key,
    to_step_after_category,
    visible_errors,
)

from tui_clients.domain.entities import ClientInput
from tui_clients.services.admin.database import prepare
from tui_clients.services.clients.listing import ClientFilter, page
from tui_clients.services.clients.queries import get_client
from tui_clients.services.clients.writing import create_client
from tui_clients.services.settings import Settings
from tui_clients.tui.app import ClientsApp
from tui_clients.tui.form.edit import EditScreen
from tui_clients.tui.widgets.dialogs import ConfirmScreen


def fill_disk(disk) -> None:
    """Write files until the filesystem has no byte left."""
    for name, chunk in (("relleno.bin", 64 * 1024), ("relleno-2.bin", 1)):
        try:
            with open(disk / name, "wb") as fh:
                while True:
                    fh.write(b"x" * chunk)
                    fh.flush()
        except OSError:
            pass


def registry_on(disk, monkeypatch):
    """A registry on ``disk`` with one client; the database and that client."""
    monkeypatch.setenv("TUI_CLIENTS_DB", f"sqlite:///{disk / 'clients.db'}")
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
    return database, client


def disk_full_said(app) -> bool:
    errors = [n.message for n in app._notifications if n.severity == "error"]
    return any("disco está lleno" in e and "Libere espacio" in e for e in errors)


async def test_moving_to_the_trash_on_a_full_disk_says_so_and_the_app_goes_on(
    small_disk, monkeypatch
):
    database, client = registry_on(small_disk, monkeypatch)
    app = ClientsApp(Settings.load())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        fill_disk(small_disk)
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


async def test_saving_an_edit_on_a_full_disk_keeps_the_form_and_says_so(small_disk, monkeypatch):
    database, client = registry_on(small_disk, monkeypatch)
    app = ClientsApp(Settings.load())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.edit_client(client.id)
        await settle(pilot)
        assert isinstance(app.screen, EditScreen)
        await fill(pilot, "trade_name", "Lima Inversiones")
        fill_disk(small_disk)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, EditScreen)  # typed, not lost
        assert field(app, "trade_name").widget.value == "Lima Inversiones"
        assert disk_full_said(app)
    database.connect(reuse_if_open=True)
    assert get_client(client.id).trade_name != "Lima Inversiones"
    database.close()


async def test_finishing_the_wizard_on_a_full_disk_keeps_it_and_says_so(small_disk, monkeypatch):
    database, _client = registry_on(small_disk, monkeypatch)
    app = ClientsApp(Settings.load())
    async with app.run_test(size=(80, 24)) as pilot:
        await to_step_after_category(pilot, "fis", "Gen")
        await choose(pilot, "document_type", "RFC")
        await fill(pilot, "document_number", "PEMJ800101AB6")
        await fill(pilot, "first_name", "Juana")
        await fill(pilot, "last_name", "Pérez Mora")
        for _ in range(8):  # on through the other steps
            if step_key(app) == "finish":
                break
            if step_key(app) == "addresses":
                await key(pilot, "ctrl+t")
                await choose(pilot, "addresses[0].region", "Jal")
                await fill(pilot, "addresses[0].province", "Zapopan")
                await fill(pilot, "addresses[0].postal_code", "45110")
                await fill(pilot, "addresses[0].line", "Av. Patria 1201")
            await key(pilot, "ctrl+n")
        assert step_key(app) == "finish", visible_errors(app)
        fill_disk(small_disk)
        await key(pilot, "ctrl+f")
        assert app.is_running and step_key(app) == "finish"
        assert disk_full_said(app)
    database.connect(reuse_if_open=True)
    assert page(ClientFilter(text="Juana")) == []
    database.close()

"""Storage faults under the TUI's other writes: the profile's inventory, files, channels
and services, and the administrator's catalogs.  The database is a real SQLite file on a
real 2 MB tmpfs, filled up behind the app's back once it runs (or mounted read-only).
Each save says in one notification what happened and what to do; the dialog stays open
with what was typed; the app goes on (a later key still works); the database is as it
was."""

from __future__ import annotations

import sqlite3
import subprocess

import pytest
from pilot_helpers import settle, shown
from sample_files import png_bytes
from smtp_server import smtp  # noqa: F401 - a fixture
from test_profile_server import PASSWORD, server_client
from test_storage_faults_tui import disk_full_said, fill_disk, registry_on
from textual.widgets import Checkbox, DataTable, Input, TabbedContent
from wizard_keys import fill

from tui_clients.db.connection import open_database
from tui_clients.domain.entities import ClientInput
from tui_clients.services.admin import custom_fields
from tui_clients.services.channels import catalog as channels
from tui_clients.services.channels.invitations import invitations, invite
from tui_clients.services.clients import client_services
from tui_clients.services.clients.attachments import client_files
from tui_clients.services.clients.queries import client_history
from tui_clients.services.clients.writing import create_client
from tui_clients.services.inventory.items import list_items
from tui_clients.services.settings import Settings
from tui_clients.tui.admin.channel_catalog import ChannelCatalogScreen
from tui_clients.tui.admin.custom_fields import CustomFieldsScreen, FieldFormScreen
from tui_clients.tui.admin.service_catalog import ServiceCatalogScreen, ServiceFormScreen
from tui_clients.tui.app import ClientsApp
from tui_clients.tui.profile.channel_dialogs import ClientChannelDialog
from tui_clients.tui.profile.files import AttachScreen
from tui_clients.tui.profile.inventory import ItemScreen
from tui_clients.tui.profile.screen import MASK, ProfileScreen
from tui_clients.tui.profile.services import ClientServicesScreen


def errors(app) -> list[str]:
    return [n.message for n in app._notifications if n.severity == "error"]


def said_once(app) -> bool:
    """The full disk said once, in Spanish, with what to do; no driver's words."""
    said = [e for e in errors(app) if "disco está lleno" in e]
    driver = [e for e in errors(app) if "database" in e or "rollback" in e]
    return disk_full_said(app) and len(said) == 1 and not driver


async def open_tab(pilot, client_id: int, tab: str) -> ProfileScreen:
    app = pilot.app
    app.open_profile(client_id)
    await settle(pilot)
    assert isinstance(app.screen, ProfileScreen)
    app.screen.query_one(TabbedContent).active = tab
    await settle(pilot)
    return app.screen


async def back_to_the_profile(pilot) -> None:
    """A later key works: Escape closes the dialog that stayed open."""
    await pilot.press("escape")
    await settle(pilot)
    assert pilot.app.is_running and isinstance(pilot.app.screen, ProfileScreen)


async def test_an_inventory_item_saved_on_a_full_disk_stays_typed_then_saves_with_space(
    small_disk, monkeypatch
):
    database, client = registry_on(small_disk, monkeypatch)
    app = ClientsApp(Settings.load())
    async with app.run_test(size=(100, 36)) as pilot:
        await settle(pilot)
        await open_tab(pilot, client.id, "tab-inventory")
        await pilot.press("tab", "a")  # to the list, then add an item
        await settle(pilot)
        assert isinstance(app.screen, ItemScreen)
        await fill(pilot, "serial", "SN-LLENO")
        await fill(pilot, "description", "Router")
        fill_disk(small_disk)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, ItemScreen)
        assert app.screen.query_one("#serial", Input).value == "SN-LLENO"  # typed, not lost
        assert said_once(app), errors(app)
        assert list_items(client.id) == []
        assert [h.action for h in client_history(client.id)] == ["created"]
        (small_disk / "relleno.bin").unlink()  # space again: the same dialog saves
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ProfileScreen)
        assert app.screen.query_one("#inventory", DataTable).row_count == 1
        await pilot.press("a")  # a later key works
        await settle(pilot)
        assert isinstance(app.screen, ItemScreen)
    database.connect(reuse_if_open=True)
    assert [i.serial for i in list_items(client.id)] == ["SN-LLENO"]
    database.close()


async def test_a_photo_attached_on_a_full_disk_is_not_attached_and_the_dialog_stays(
    small_disk, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "foto.png").write_bytes(png_bytes(64, 64))  # on the roomy disk
    database, client = registry_on(small_disk, monkeypatch)
    app = ClientsApp(Settings.load())
    async with app.run_test(size=(100, 36)) as pilot:
        await settle(pilot)
        await open_tab(pilot, client.id, "tab-files")
        await pilot.press("tab", "down", "a")  # the photo's row, attach
        await pilot.pause()
        assert isinstance(app.screen, AttachScreen)
        await fill(pilot, "path", "foto.png")
        fill_disk(small_disk)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, AttachScreen)
        assert app.screen.query_one("#path", Input).value == "foto.png"
        assert said_once(app), errors(app)
        await back_to_the_profile(pilot)
    database.connect(reuse_if_open=True)
    assert client_files(client.id) == {"signature": None, "photo": None}
    assert [h.action for h in client_history(client.id)] == ["created"]
    database.close()


async def test_a_channel_enabled_on_a_full_disk_is_not_enabled_and_the_dialog_stays(
    small_disk, monkeypatch
):
    database, client = registry_on(small_disk, monkeypatch)
    before = channels.client_channels(client.id)
    app = ClientsApp(Settings.load())
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await open_tab(pilot, client.id, "tab-channels")
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, ClientChannelDialog)
        app.screen.query_one("#enabled", Checkbox).value = True
        app.screen.query_one("#handle", Input).value = "inversiones.lima"
        await pilot.pause()
        fill_disk(small_disk)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, ClientChannelDialog)
        assert app.screen.query_one("#handle", Input).value == "inversiones.lima"
        assert said_once(app), errors(app)
        await back_to_the_profile(pilot)
    database.connect(reuse_if_open=True)
    assert channels.client_channels(client.id) == before
    assert [h.action for h in client_history(client.id)] == ["created"]
    database.close()


async def test_a_service_activated_on_a_full_disk_stays_as_it_was(small_disk, monkeypatch):
    database, client = registry_on(small_disk, monkeypatch)
    before = client_services.service_states(client.id)
    app = ClientsApp(Settings.load())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_tab(pilot, client.id, "tab-services")
        await pilot.press("v")
        await settle(pilot)
        assert isinstance(app.screen, ClientServicesScreen)
        fill_disk(small_disk)
        await pilot.press("a")  # activate the highlighted service on this client
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, ClientServicesScreen)
        assert said_once(app), errors(app)
        await back_to_the_profile(pilot)
    database.connect(reuse_if_open=True)
    assert client_services.service_states(client.id) == before
    database.close()


async def test_a_catalog_service_added_on_a_full_disk_stays_typed_and_is_not_added(
    small_disk, monkeypatch
):
    database, _client = registry_on(small_disk, monkeypatch)
    before = client_services.catalog()
    app = ClientsApp(Settings.load())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.action_service_catalog()
        await settle(pilot)
        assert isinstance(app.screen, ServiceCatalogScreen)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, ServiceFormScreen)
        await fill(pilot, "code", "SOP-24")
        await fill(pilot, "name", "Soporte 24/7")
        fill_disk(small_disk)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, ServiceFormScreen)
        assert app.screen.query_one("#name", Input).value == "Soporte 24/7"
        assert said_once(app), errors(app)
        await pilot.press("escape")  # a later key works: back to the catalog
        await settle(pilot)
        assert isinstance(app.screen, ServiceCatalogScreen)
        assert app.screen.query_one(DataTable).row_count == len(before)
    database.connect(reuse_if_open=True)
    assert client_services.catalog() == before
    database.close()


async def test_a_custom_field_added_on_a_full_disk_stays_typed_and_is_not_added(
    small_disk, monkeypatch
):
    database, _client = registry_on(small_disk, monkeypatch)
    app = ClientsApp(Settings.load())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.action_custom_fields()
        await settle(pilot)
        assert isinstance(app.screen, CustomFieldsScreen)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, FieldFormScreen)
        await fill(pilot, "label", "Giro")
        fill_disk(small_disk)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, FieldFormScreen)
        assert app.screen.query_one("#label", Input).value == "Giro"
        assert said_once(app), errors(app)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, CustomFieldsScreen)
        assert "Aún no hay campos adicionales" in shown(app.screen.query_one("#fields-note"))
    database.connect(reuse_if_open=True)
    assert custom_fields.definitions() == []
    database.close()


@pytest.fixture
def read_only_view(small_disk, tmp_path):
    """``small_disk`` seen again through a read-only bind mount (root writes whatever a
    file's mode says; a read-only mount it cannot)."""
    view = tmp_path / "solo-lectura"
    view.mkdir()
    bound = subprocess.run(["mount", "--bind", str(small_disk), str(view)], capture_output=True)
    if bound.returncode != 0:
        pytest.skip("a read-only bind mount needs root: " + bound.stderr.decode())
    subprocess.run(["mount", "-o", "remount,bind,ro", str(view)], check=True)
    yield view
    subprocess.run(["umount", "-l", str(view)], check=False)


async def test_the_channel_catalog_on_a_read_only_database_says_so(
    small_disk, read_only_view, monkeypatch
):
    database, _client = registry_on(small_disk, monkeypatch)
    before = channels.catalog()
    database.close()
    # another operator has it open (so its WAL index is there to read with); this one
    # sees it through the read-only mount
    other = sqlite3.connect(small_disk / "clients.db")
    other.execute("select count(*) from client").fetchone()
    url = f"sqlite:///{read_only_view / 'clients.db'}"
    monkeypatch.setenv("TUI_CLIENTS_DB", url)
    database = open_database(url)
    app = ClientsApp(Settings.load())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.action_channel_catalog()
        await settle(pilot)
        assert isinstance(app.screen, ChannelCatalogScreen)
        await pilot.press("a")  # the first channel: activate or deactivate it
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, ChannelCatalogScreen)
        said = errors(app)
        assert len(said) == 1 and "No se puede escribir en la base de datos" in said[0], said
        assert not any("está activo" in n.message for n in app._notifications)
        state = [str(c) for c in app.screen.query_one(DataTable).get_row_at(0)]
        assert state[2] == ("activo" if before[0].active else "inactivo")
        await pilot.press("escape")  # a later key works
        await settle(pilot)
        assert not isinstance(app.screen, ChannelCatalogScreen)
    database.close()
    other.close()
    database = open_database(f"sqlite:///{small_disk / 'clients.db'}")
    assert channels.catalog() == before
    database.close()


async def test_invitations_sent_now_on_a_full_disk_are_said_and_stay_pending(
    small_disk,
    smtp,  # noqa: F811 - the fixture
    monkeypatch,
):
    """s on the Channels tab: the outbox is written in a worker; its fault comes back as
    a message, the worker does not crash, nothing leaves."""
    database, _client = registry_on(small_disk, monkeypatch)
    client = create_client(
        ClientInput(
            person_kind="moral",
            company_type="PM",
            document_country="CO",
            document_type="NIT",
            document_number="900123456-8",
            legal_name="Andina Logística S.A.S.",
            emails=["compras@andina.co"],
        )
    )
    channels.set_client_channel(client.id, "PORTAL", enabled=True, handle="andina")
    invite(client.id, "PORTAL", "compras@andina.co", portal_url="https://portal.acme.test")
    smtp.env(monkeypatch)
    app = ClientsApp(Settings.load())
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await open_tab(pilot, client.id, "tab-channels")
        fill_disk(small_disk)
        await pilot.press("s")
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, ProfileScreen)
        assert said_once(app), errors(app)
        assert not any("tarea en segundo plano" in e for e in errors(app))  # no crash
        await pilot.press("c")  # a later key works
        await settle(pilot)
        assert isinstance(app.screen, ClientChannelDialog)
    assert smtp.messages == []
    database.connect(reuse_if_open=True)
    assert [i.status for i in invitations(client.id)] == ["pending"]
    database.close()


async def test_passwords_are_not_shown_when_their_record_cannot_be_written(small_disk, monkeypatch):
    """w on the Server tab: the history must record who saw them first; on a full disk
    it cannot, so none is shown, and the fault is said in words."""
    database, _client = registry_on(small_disk, monkeypatch)
    client = server_client()
    app = ClientsApp(Settings.load())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_tab(pilot, client.id, "tab-server")
        fill_disk(small_disk)
        await pilot.press("w", "y")
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, ProfileScreen)
        said = errors(app)
        assert said and said[0].startswith("No se pudieron mostrar las contraseñas: "), said
        assert said_once(app), said
        server = shown(app.screen.query_one("#server"))
        assert MASK in server and PASSWORD not in server
        await pilot.press("escape")  # a later key works: back to the list
        await settle(pilot)
        assert not isinstance(app.screen, ProfileScreen)
    database.connect(reuse_if_open=True)
    assert [h.action for h in client_history(client.id)] == ["created"]
    database.close()

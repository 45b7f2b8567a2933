"""Leaving the app and purging for good: q quits at once unless work would be lost, then
it asks; ctrl+q and ctrl+c do the same in a form; only a deliberate choice purges."""

import sqlite3

from pilot_helpers import screen_text, settle
from test_import_runs import open_inventory_import
from test_import_screen import heard, key, type_in, wait_import
from wizard_keys import choose

from tui_clients.services.clients.listing import ClientFilter, count
from tui_clients.services.clients.writing import delete_client
from tui_clients.tui.clients.screens import ClientsScreen, TrashScreen
from tui_clients.tui.form.wizard import WizardScreen
from tui_clients.tui.widgets.dialogs import ConfirmScreen


def last_notice(app) -> str:
    notice = list(app._notifications)[-1]
    return f"{notice.title}: {notice.message}"


async def test_q_quits_at_once_when_nothing_would_be_lost(app, clients):
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


async def test_quitting_from_a_half_filled_wizard_asks_first(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await key(pilot, "n")
        assert isinstance(app.screen, WizardScreen)
        await key(pilot, "ctrl+q")  # nothing typed yet: quits at once
        assert not app.is_running
    app2 = type(app)(app.settings)
    async with app2.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await key(pilot, "n")
        await choose(pilot, "company_type", "fis")
        await key(pilot, "ctrl+c")  # the picker has the focus: ctrl+c says how to quit
        assert last_notice(app2) == (
            "¿Quiere salir?: Pulse ctrl+q para salir (o q fuera de un campo de texto)."
        )
        await key(pilot, "ctrl+q")
        await settle(pilot)
        assert isinstance(app2.screen, ConfirmScreen)
        assert "¿Salir de tui-clients? Lo escrito en el formulario no" in screen_text(app2)
        assert app2.screen.question.endswith("Lo escrito en el formulario no se ha guardado.")
        await key(pilot, "n")  # stays, with what was typed
        assert isinstance(app2.screen, WizardScreen) and app2.is_running
        await key(pilot, "ctrl+q", "y")
        assert not app2.is_running


async def test_q_during_an_import_asks_first(app, clients, db_url, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    source = tmp_path / "inventario.csv"
    source.write_text(
        f"ClientCode,Serial,Description,DeliveredOn\n{clients['nunez'].code},SN-1,Router,"
        "14/03/2026\n",
        encoding="utf-8",
    )
    lock = sqlite3.connect(db_url.removeprefix("sqlite:///"), isolation_level=None)
    hook = heard()
    async with app.run_test(size=(80, 24), message_hook=hook) as pilot:
        await key(pilot)
        await open_inventory_import(pilot)
        await type_in(pilot, "import-path", source.name)
        lock.execute("BEGIN IMMEDIATE")  # another writer: the import waits for it
        await key(pilot, "ctrl+s", "escape")
        assert isinstance(app.screen, ClientsScreen)
        await key(pilot, "q")
        assert isinstance(app.screen, ConfirmScreen)
        assert "Hay una importación en curso" in screen_text(app)
        await key(pilot, "n")
        assert app.is_running
        lock.execute("COMMIT")
        await wait_import(pilot, hook)
        await key(pilot, "q")  # the import ended: nothing to lose
        assert not app.is_running
    lock.close()


async def test_a_purge_is_confirmed_only_by_choosing_its_button(app, clients):
    lima = clients["lima"]
    delete_client(lima.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await key(pilot, "t")
        assert isinstance(app.screen, TrashScreen)
        await key(pilot, "p", "s", "s", "y", "enter")  # what the issue typed, and more
        assert count(ClientFilter(trash=True)) == 1
        await key(pilot, "p")
        text = screen_text(app)
        assert "Cancelar" in text and "Eliminar definitivamente" in text
        assert app.screen.focused.label.plain == "Cancelar"
        await key(pilot, "right", "enter")
        assert count(ClientFilter(trash=True)) == 0


async def test_the_empty_list_says_how_to_register_or_import_first(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        text = " ".join(screen_text(app).split())
        assert "Pulse n para registrar un cliente o i para importar un archivo (CSV)" in text
        assert text.index("Pulse n") < text.index("tui-clients demo")

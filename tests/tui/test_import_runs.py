"""The inventory import's run is the App's: Esc and reopening the screen shows it going
on, with Stop, and a second one cannot start meanwhile.  The import is held by a real
write lock on the database (a raw connection's transaction), then let go."""

import sqlite3

from pilot_helpers import shown
from test_import_screen import heard, key, type_in, wait_import

from tui_clients.services.inventory.items import list_items
from tui_clients.tui.imports.inventory import InventoryImportScreen


async def open_inventory_import(pilot) -> None:
    await key(pilot, "ctrl+p")
    await key(pilot, *"inventario")
    await key(pilot, "enter")
    assert isinstance(pilot.app.screen, InventoryImportScreen)


async def test_the_inventory_import_goes_on_when_its_screen_closes_and_opens_again(
    app, clients, db_url, tmp_path, monkeypatch
):
    nunez = clients["nunez"]
    monkeypatch.chdir(tmp_path)
    source = tmp_path / "inventario.csv"
    source.write_text(
        f"ClientCode,Serial,Description,DeliveredOn\n{nunez.code},SN-1,Router,14/03/2026\n",
        encoding="utf-8",
    )
    lock = sqlite3.connect(db_url.removeprefix("sqlite:///"), isolation_level=None)
    hook = heard()
    async with app.run_test(size=(100, 36), message_hook=hook) as pilot:
        await key(pilot)
        await open_inventory_import(pilot)
        await type_in(pilot, "import-path", source.name)
        lock.execute("BEGIN IMMEDIATE")  # another writer: the import waits for it
        await key(pilot, "ctrl+s")
        await key(pilot, "escape")
        assert not isinstance(app.screen, InventoryImportScreen)
        await open_inventory_import(pilot)
        assert app.screen.query_one("#stop").display  # the run shows, with Stop
        assert shown(app.screen.query_one("#import-status")).strip() == "Importando…"
        await key(pilot, "ctrl+s")  # a second run does not start
        assert list(app._notifications)[-1].message.startswith("Hay una carga en curso")
        lock.execute("COMMIT")
        await wait_import(pilot, hook)
        status = shown(app.screen.query_one("#import-status"))
        assert "importados: 1" in status, status
        assert not app.screen.query_one("#stop").display
    lock.close()
    assert [i.serial for i in list_items(nunez.id)] == ["SN-1"]

"""The Inventario tab and the inventory import, driven by keyboard on the real app."""

from pilot_helpers import shown
from test_import_screen import heard, key, type_in, wait_import
from textual.widgets import DataTable, TabbedContent
from wizard_keys import error_of, field

from tui_clients.services.inventory.items import list_items
from tui_clients.tui.imports.inventory import InventoryImportScreen
from tui_clients.tui.profile.inventory import ItemScreen
from tui_clients.tui.profile.screen import ProfileScreen
from tui_clients.tui.widgets.dialogs import ConfirmScreen


async def open_inventory(pilot, name: str) -> None:
    """Open a client's profile from the list, then its Inventario tab and list (Tab)."""
    await key(pilot, "slash", *name, "enter")
    await key(pilot, "enter")
    assert isinstance(pilot.app.screen, ProfileScreen)
    pilot.app.screen.query_one(TabbedContent).active = "tab-inventory"
    await key(pilot, "tab")  # from the tab strip to the list, as the tab's hint says
    assert pilot.app.focused is pilot.app.screen.query_one("#inventory", DataTable)


def rows(app) -> list[list[str]]:
    table = app.screen.query_one("#inventory", DataTable)
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


async def test_an_item_added_by_hand_edited_exported_and_removed(
    app, clients, tmp_path, monkeypatch
):
    andina = clients["andina"]
    monkeypatch.chdir(tmp_path)
    async with app.run_test(size=(100, 36)) as pilot:
        await key(pilot)
        await open_inventory(pilot, "andina")
        assert "Ningún artículo" in shown(app.screen.query_one("#inventory-detail"))
        await key(pilot, "a")
        assert isinstance(app.screen, ItemScreen)
        await type_in(pilot, "description", "Rou[b]X[/]")
        await type_in(pilot, "delivered_on", "31/02/2026")
        await key(pilot, "ctrl+s")
        assert error_of(app, "serial") == "Este campo es obligatorio."
        assert "“31/02/2026” no es una fecha" in error_of(app, "delivered_on")
        await type_in(pilot, "serial", "sn-4c1f")
        await type_in(pilot, "delivered_on", "14/03/2026")
        await type_in(pilot, "work_order", "OT-45")
        await key(pilot, "ctrl+s")
        assert isinstance(app.screen, ProfileScreen)
        assert rows(app) == [["SN-4C1F", "Rou[b]X[/]", "2026-03-14", "OT-45", ""]]
        history = shown(app.screen.query_one("#history"))
        assert "Inventario: ∅ → SN-4C1F · Rou[b]X[/] · 2026-03-14 · OT-45" in history
        await key(pilot, "enter")  # edit the highlighted item
        assert field(app, "serial").widget.value == "SN-4C1F"
        await type_in(pilot, "delivered_by", "Ana")
        await key(pilot, "ctrl+s")
        assert rows(app)[0][4] == "Ana"
        await key(pilot, "x")
        await type_in(pilot, "path", "inv.csv")
        await key(pilot, "ctrl+s")
        exported = (tmp_path / "inv.csv").read_text(encoding="utf-8-sig").splitlines()
        assert exported[1] == f"{andina.code},9001234568,SN-4C1F,Rou[b]X[/],2026-03-14,OT-45,Ana"
        await key(pilot, "delete")
        assert isinstance(app.screen, ConfirmScreen)
        await key(pilot, "y")
        assert rows(app) == []
    assert list_items(andina.id) == []


async def test_an_inventory_import_with_a_rejected_row_and_its_error_file(
    app, clients, tmp_path, monkeypatch
):
    nunez = clients["nunez"]
    monkeypatch.chdir(tmp_path)  # the tree shows this folder; paths are typed relative to it
    source = tmp_path / "inventario.csv"
    source.write_text(
        "ClientCode,Serial,Description,DeliveredOn\n"
        f"{nunez.code},SN-1,Router,14/03/2026\n"
        "CL-0000404,SN-2,=cmd|' /C calc'!A0,2026-03-01\n",
        encoding="utf-8",
    )
    hook = heard()
    async with app.run_test(size=(100, 36), message_hook=hook) as pilot:
        await key(pilot)
        await key(pilot, "ctrl+p")
        await key(pilot, *"inventario")
        await key(pilot, "enter")
        assert isinstance(app.screen, InventoryImportScreen)
        await type_in(pilot, "import-path", source.name)
        await key(pilot, "ctrl+s")
        await wait_import(pilot, hook)
        status = shown(app.screen.query_one("#import-status"))
        assert "importados: 1" in status and "rechazados: 1" in status
        target = tmp_path / "malos.csv"
        await type_in(pilot, "error-copy", target.name)
        app.screen.query_one("#save-errors").focus()
        await key(pilot, "enter")
    lines = target.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "ClientCode,Serial,Description,DeliveredOn,Error"
    assert lines[1] == (
        "CL-0000404,SN-2,'=cmd|' /C calc'!A0,2026-03-01,"
        "Línea 3 · ClientCode: Ningún cliente tiene el código “CL-0000404”."
    )
    assert [i.serial for i in list_items(nunez.id)] == ["SN-1"]

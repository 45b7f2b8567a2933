"""Exportar from the client list at 80x24, by keyboard: the list as shown (its search and
its order) to a file typed with completion, written in the background, a notification
with the count, and every write failure said under the path."""

import csv
import io

from pilot_helpers import group_done, screen_text, settle, shown
from rich.console import Console
from test_import_screen import key, type_in
from textual.widgets import HelpPanel
from wizard_keys import error_of

from tui_clients.domain.documents import display_document
from tui_clients.services.clients.listing import ClientFilter, page
from tui_clients.tui.clients.export_screen import GROUP, ExportListScreen
from tui_clients.tui.clients.list_screen import ClientListScreen


def documents(path) -> list[str]:
    rows = csv.DictReader(path.read_text(encoding="utf-8-sig").splitlines())
    return [r["UniqueReference"] for r in rows]


def notes(app) -> list[str]:
    return [n.message for n in app._notifications]


async def test_the_list_as_shown_is_exported_with_its_order_and_search(
    app, clients, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "x Exportar" in screen_text(app)  # in the footer at 80 columns
        await key(pilot, "s", "enter")  # the order chosen again: name, reversed
        await settle(pilot)
        await key(pilot, "x")
        assert isinstance(app.screen, ExportListScreen)
        text = screen_text(app)
        assert "orden: Nombre ▼" in text and "Exportar (ctrl+s)" in text  # all at 80x24
        path = app.screen.query_one("#path").value
        assert path.startswith(str(tmp_path)) and path.endswith(".csv")
        await key(pilot, "ctrl+s")
        await group_done(pilot, GROUP)
        await settle(pilot)
        assert isinstance(app.screen, ClientListScreen)
        assert any(f"3 clientes exportados a {path}" == n for n in notes(app))
        expected = [
            display_document(r.document_type, r.document_number)
            for r in page(ClientFilter(), sort="name", descending=True)
        ]
        assert documents(tmp_path / path) == expected and len(expected) == 3

        await key(pilot, "slash", *"andina", "escape")
        await settle(pilot)
        await key(pilot, "x")
        assert "búsqueda “andina”" in shown(app.screen.query_one("#export-what"))
        await key(pilot, "ctrl+s")  # the same name: it exists, and is not replaced
        assert "ya existe" in error_of(app, "path")
        for typed, said in (
            (str(tmp_path / "no" / "x.csv"), f"La carpeta {tmp_path / 'no'} no existe"),
            (str(tmp_path), f"{tmp_path} es una carpeta: añada el nombre del archivo"),
            ("/sys/clientes.csv", "No hay permiso para escribir en la carpeta /sys"),
        ):
            await type_in(pilot, "path", typed)
            await key(pilot, "ctrl+s")
            assert said in error_of(app, "path"), typed
            assert isinstance(app.screen, ExportListScreen)
        (tmp_path / "andina-lista.csv").write_text("", encoding="utf-8")
        await type_in(pilot, "path", str(tmp_path / "andina-l"))
        await key(pilot, "right")  # → completes the name from the folder's listing
        assert app.screen.query_one("#path").value == str(tmp_path / "andina-lista.csv")
        await key(pilot, "tab", "space", "ctrl+s")  # replace it
        await group_done(pilot, GROUP)
        await settle(pilot)
        assert isinstance(app.screen, ClientListScreen)
        assert "1 cliente exportado a" in notes(app)[-1]
        assert documents(tmp_path / "andina-lista.csv") == ["900123456-8"]
        assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]


async def test_exportar_is_in_the_palette_and_in_the_keys_panel(app, clients, tmp_path):
    from textual.command import CommandList

    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"Exportar")
        await settle(pilot)
        await pilot.pause(0.3)
        listed = app.screen.query_one(CommandList)
        titles = [
            str(listed.get_option_at_index(i).prompt).splitlines()[0]
            for i in range(listed.option_count)
        ]
        assert "Exportar la lista" in titles
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ExportListScreen)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        from textual.widgets._key_panel import BindingsTable

        assert app.screen.query_one(HelpPanel)
        console = Console(width=200, file=io.StringIO(), color_system=None)
        with console.capture() as captured:
            console.print(app.screen.query_one(BindingsTable).render_bindings_table())
        keys = captured.get()
        assert any(line.split() == ["x", "Exportar"] for line in keys.splitlines()), keys

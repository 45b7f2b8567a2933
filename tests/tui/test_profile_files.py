"""The "Firma y foto" tab by keyboard: a PNG attached with the path's completion and
exported back byte for byte; a text file named .png refused beside the path."""

from pilot_helpers import shown
from sample_files import png_bytes
from test_import_screen import key, type_in
from textual.widgets import DataTable, TabbedContent
from wizard_keys import error_of

from tui_clients.services.clients.attachments import client_files
from tui_clients.services.clients.queries import client_history
from tui_clients.tui.profile.files import AttachScreen, ExportScreen
from tui_clients.tui.profile.screen import ProfileScreen
from tui_clients.tui.widgets.dialogs import ConfirmScreen


def rows(app) -> list[list[str]]:
    table = app.screen.query_one("#files", DataTable)
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


async def test_a_png_attached_and_exported_back_and_a_fake_png_refused(
    app, clients, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)  # paths are typed relative to here; the tree shows it
    (tmp_path / "foto.png").write_bytes(png_bytes())
    (tmp_path / "falsa.png").write_text("no soy una imagen", encoding="utf-8")
    andina = clients["andina"]
    async with app.run_test(size=(100, 36)) as pilot:
        await key(pilot)
        await key(pilot, "slash", *"andina", "enter")
        await key(pilot, "enter")
        assert isinstance(app.screen, ProfileScreen)
        app.screen.query_one(TabbedContent).active = "tab-files"
        await key(pilot, "tab", "down")  # to the list, then the photo's row
        assert "Sin foto adjunta" in shown(app.screen.query_one("#files-detail"))
        await key(pilot, "a")
        assert isinstance(app.screen, AttachScreen)
        await type_in(pilot, "path", "fa")
        await key(pilot, "right", "ctrl+s")  # → completes "falsa.png"
        assert "“falsa.png” no es una imagen PNG" in error_of(app, "path")
        assert "texto plano" in error_of(app, "path")
        await type_in(pilot, "path", "fo")
        await key(pilot, "right")
        assert app.screen.query_one("#path").value == "foto.png"
        await key(pilot, "ctrl+s")
        assert isinstance(app.screen, ProfileScreen)
        assert rows(app)[1][:4] == ["Foto", "foto.png", "imagen PNG", f"{len(png_bytes())} B"]
        await key(pilot, "x")
        assert isinstance(app.screen, ExportScreen)
        await key(pilot, "ctrl+s")  # ./foto.png exists: refused, nothing written over it
        assert "ya existe" in error_of(app, "path")
        await type_in(pilot, "path", "copia.png")
        await key(pilot, "ctrl+s")
        assert isinstance(app.screen, ProfileScreen)
        assert (tmp_path / "copia.png").read_bytes() == png_bytes()
        await key(pilot, "delete")
        assert isinstance(app.screen, ConfirmScreen)
        await key(pilot, "y")
        assert rows(app)[1][1] == "—"
    assert client_files(andina.id)["photo"] is None
    changes = [h.changes.get("photo") for h in client_history(andina.id)[:2]]
    assert changes[1][0] is None and changes[1][1].startswith("foto.png (image/png")
    assert changes[0][1] is None

"""An import from the TUI meets a full disk under the database: the screen and a
notification say where it stopped and what to do, the list of imports shows it failed
(never "en curso" while the app lives on), and the app goes on."""

from __future__ import annotations

from pilot_helpers import settle, shown
from test_import_screen import big_template, fill, heard, key, wait_import
from test_storage_faults_tui import registry_on
from textual.widgets import DataTable

from tui_clients.services.settings import Settings
from tui_clients.tui.app import ClientsApp
from tui_clients.tui.imports.jobs import ImportJobsScreen


async def test_an_import_on_a_full_disk_fails_with_its_reason_and_the_app_goes_on(
    small_disk, tmp_path, monkeypatch
):
    database, _client = registry_on(small_disk, monkeypatch)
    files = tmp_path / "archivos"
    files.mkdir()
    monkeypatch.chdir(files)  # the screen's file tree shows this small folder
    source = big_template(files / "grande.csv", 8000)
    app = ClientsApp(Settings.load())
    hook = heard()
    async with app.run_test(size=(80, 24), message_hook=hook) as pilot:
        await settle(pilot)
        await key(pilot, "i")
        await fill(pilot, "import-path", str(source))
        await key(pilot, "ctrl+s")
        ended = await wait_import(pilot, hook)
        assert ended.report is not None and ended.report.status == "failed"
        said = [n.message for n in app._notifications if n.severity == "error"]
        assert any("se detuvo en la línea" in s and "el disco está lleno" in s for s in said)
        assert "el disco está lleno" in shown(app.screen.query_one("#import-status"))

        await key(pilot, "ctrl+l")
        assert isinstance(app.screen, ImportJobsScreen)
        table = app.screen.query_one(DataTable)
        for _ in range(100):  # the list is read by a worker
            await pilot.pause(0.05)
            if table.row_count:
                break
        row = " ".join(str(c) for c in table.get_row_at(0))
        assert "fallida" in row and "en curso" not in row, row
        assert app.is_running
    database.close()

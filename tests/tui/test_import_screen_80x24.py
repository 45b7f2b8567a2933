"""The import screen and the imports list at 80x24, by keyboard: the path completed with →
and the tree following its folder, the counts and "Guardar archivo de errores" in sight
and no notification over them (one when the operator is elsewhere), the whole footer,
ctrl+t refusing a folder that does not exist and writing every custom field's column,
the imports list's counts in sight."""

import csv
import datetime as dt
import sqlite3

from pilot_helpers import Heard, group_done, screen_text, settle
from test_import_screen import HEADER, key, type_in, wait_import
from textual.widgets import DirectoryTree
from textual.widgets._toast import Toast
from wizard_keys import error_of

from tui_clients.db import models as m
from tui_clients.domain.custom_fields import FieldDef
from tui_clients.domain.dates import local_time
from tui_clients.services.admin.custom_fields import save_definition
from tui_clients.tui.background.imports import ImportEnded
from tui_clients.tui.imports.jobs import ImportJobsScreen
from tui_clients.tui.imports.screen import ImportScreen


def visible(app, selector: str) -> bool:
    """Whether the widget is on screen, whole, without scrolling."""
    widget = app.screen.query_one(selector)
    region = widget.region
    return widget.display and region.height > 0 and region.bottom <= app.size.height - 1


async def test_a_path_completed_the_tree_following_and_the_results_in_sight(
    app, sqlite_db, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "cargas").mkdir()
    (tmp_path / "cargas" / "clientes.csv").write_text(
        f"{HEADER}\nAzteca S.A.,ventas@azteca.mx,,,,,,1,REF-1\nMala S.A.,no-es-correo,,,,,,1,REF-2\n",
        encoding="utf-8",
    )
    hook = Heard(ImportEnded)
    async with app.run_test(size=(80, 24), message_hook=hook, notifications=True) as pilot:
        await settle(pilot)
        await key(pilot, "i")
        assert isinstance(app.screen, ImportScreen)
        assert "esc Volver" in screen_text(app).splitlines()[-1]  # the whole footer
        await pilot.press(*"car")
        await key(pilot, "right")  # → completes the folder
        assert app.screen.query_one("#import-path").value == "cargas/"
        await pilot.pause(0.2)
        tree = app.screen.query_one(DirectoryTree)
        assert tree.path.resolve() == (tmp_path / "cargas").resolve()  # the tree follows
        await pilot.press(*"cl")
        await key(pilot, "right")
        assert app.screen.query_one("#import-path").value == "cargas/clientes.csv"
        await key(pilot, "ctrl+s")
        await wait_import(pilot, hook)
        await pilot.pause(0.3)
        text = screen_text(app)
        assert "rechazados: 1" in text and "Guardar archivo de errores" in text
        assert visible(app, "#import-status") and visible(app, "#save-errors")
        assert visible(app, "#error-copy-row")
        fields = ("import-status", "error-copy-row", "import-tree")
        shown_here = [app.screen.query_one(f"#{name}").region for name in fields]
        await pilot.pause(0.3)  # the toast rack would show a notification by now
        toasts = list(app.screen.query(Toast))  # it lay over the tree, or the error file's field
        assert not [t for t in toasts if any(t.region.overlaps(r) for r in shown_here)]
        assert "esc Volver" in text.splitlines()[-1]


async def test_an_import_that_ends_behind_the_operators_back_is_told_in_a_notice(
    app, db_url, tmp_path
):
    source = tmp_path / "clientes.csv"
    source.write_text(
        f"{HEADER}\nAzteca S.A.,ventas@azteca.mx,,,,,,1,REF-1\nMala S.A.,no-es-correo,,,,,,1,REF-2\n",
        encoding="utf-8",
    )
    lock = sqlite3.connect(db_url.removeprefix("sqlite:///"), isolation_level=None)
    hook = Heard(ImportEnded)
    async with app.run_test(size=(80, 24), message_hook=hook) as pilot:
        await settle(pilot)
        await key(pilot, "i")
        await type_in(pilot, "import-path", str(source))
        lock.execute("BEGIN IMMEDIATE")  # another writer: the import waits for it
        await key(pilot, "ctrl+s")
        await key(pilot, "escape")  # back to the list while it runs
        lock.execute("COMMIT")
        ended = await wait_import(pilot, hook)
        assert not isinstance(app.screen, ImportScreen)
        assert [n.message for n in app._notifications] == [
            f"Carga n.º {ended.report.job_id} terminada: 1 importados, 0 actualizados, "
            "1 rechazados."
        ]
    lock.close()


async def test_ctrl_t_refuses_a_missing_folder_and_writes_every_custom_column(
    app, sqlite_db, tmp_path
):
    save_definition(FieldDef(None, "giro", "Giro", "text", required=True))
    hook = Heard(ImportEnded)
    async with app.run_test(size=(80, 24), message_hook=hook) as pilot:
        await settle(pilot)
        await key(pilot, "i")
        for missing in (tmp_path / "nueva", tmp_path / "nueva" / "clientes.csv"):
            typed = str(missing) + ("/" if missing.name == "nueva" else "")
            await type_in(pilot, "import-path", typed)
            await key(pilot, "ctrl+t")
            assert f"La carpeta {tmp_path / 'nueva'} no existe" in error_of(app, "import-path")
        assert not (tmp_path / "nueva").exists()  # never created
        assert not list(tmp_path.glob("Client_Template*"))  # nor written in the parent
        await type_in(pilot, "import-path", str(tmp_path) + "/")
        await key(pilot, "ctrl+t")
        template = tmp_path / "Client_Template.csv"
        assert app.screen.query_one("#import-path").value == str(template)
        header = next(csv.reader(template.read_text(encoding="utf-8-sig").splitlines()))
        assert header[-1] == "giro"
        await key(pilot, "ctrl+s")  # the template as written imports
        ended = await wait_import(pilot, hook)
        assert (ended.report.imported, ended.report.rejected) == (1, 0)


async def test_the_imports_list_shows_the_counts_at_80_columns(app, sqlite_db):
    m.ImportJob.create(
        file_name="/home/ana/cargas/clientes_de_noviembre_sucursal_norte.csv",
        user="ana.maria.quispe",
        status="with_errors",
        started_at=dt.datetime(2026, 11, 30, 9, 15),
        finished_at=dt.datetime(2026, 11, 30, 9, 25),
        total=1_123_456,
        imported=1_000_000,
        rejected=123_456,
    )
    m.ImportJob.create(  # an --update run: it showed "0" there, as it imported no new client
        file_name="/home/ana/cargas/correcciones.csv",
        user="ana",
        status="with_errors",
        update_existing=True,
        started_at=dt.datetime(2026, 11, 30, 10, 5),
        finished_at=dt.datetime(2026, 11, 30, 10, 6),
        total=20_000,
        updated=19_642,
        rejected=358,
    )
    today_job = m.ImportJob.create(file_name="/home/ana/hoy.csv", user="ana", status="done")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await key(pilot, "i")
        await key(pilot, "ctrl+l")
        await group_done(pilot, "import-jobs")
        assert isinstance(app.screen, ImportJobsScreen)
        lines = screen_text(app).splitlines()
        today = f"hoy {local_time(today_job.started_at):%H:%M}"
        assert today in lines[2] and "hoy.csv" in lines[2]
        lines = [lines[0], lines[1], *lines[3:]]  # the others, as they were
        assert "Rechazados" in lines[1] and "Guardados" in lines[1]
        assert "19,642" in lines[2] and "358" in lines[2]  # the newest first
        assert " 2026-11-30 " in lines[2]  # "11-30 10:05" read as the 11th of March
        await key(pilot, "down")  # the detail below is the highlighted import's
        assert "importados: 0 · actualizados: 19,642 · rechazados: 358" in screen_text(app)
        assert "1,000,000" in lines[3] and "123,456" in lines[3]


async def test_a_dry_run_says_what_would_be_stored_and_the_list_that_it_saved_nothing(
    app, sqlite_db, tmp_path
):
    """ "Solo revisar" read "importados: 1,971" under "nothing stored", the notice said
    "1,971 importados" and the list "Guardados 1,971"."""
    source = tmp_path / "clientes.csv"
    source.write_text(
        f"{HEADER}\nAzteca S.A.,ventas@azteca.mx,,,,,,1,REF-1\nMala S.A.,no-es-correo,,,,,,1,REF-2\n",
        encoding="utf-8",
    )
    hook = Heard(ImportEnded)
    async with app.run_test(size=(80, 24), message_hook=hook) as pilot:
        await settle(pilot)
        await key(pilot, "i")
        await type_in(pilot, "import-path", str(source))
        app.screen.query_one("#import-dry-run").focus()
        await key(pilot, "space")  # "Solo revisar, no guardar nada"
        await key(pilot, "ctrl+s")
        ended = await wait_import(pilot, hook)
        assert ended.report.dry_run
        text = screen_text(app)
        assert "se importarían: 1 · se actualizarían: 0 · rechazados: 1" in text, text
        assert "importados:" not in text
        await key(pilot, "ctrl+l")
        await group_done(pilot, "import-jobs")
        lines = screen_text(app).splitlines()
        assert "Guardados" in lines[1] and " — " in lines[2], lines[2]
        assert "se importarían: 1" in screen_text(app)
    assert m.Client.select().count() == 0

"""The import screen driven by keyboard: a run with rejections, the error file saved where
the operator says, and the list of imports."""

import re

from pilot_helpers import Heard, group_done, screen_text, settle, shown
from textual.widgets import DataTable, ProgressBar
from wizard_keys import field

from tui_clients.services.clients.listing import ClientFilter, count
from tui_clients.tui.background.geocode import GeocodeEnded, GeocodeProgressed
from tui_clients.tui.background.imports import ImportEnded, ImportProgressed
from tui_clients.tui.imports.jobs import ImportJobsScreen
from tui_clients.tui.imports.screen import ImportScreen

HEADER = (
    "Name,Email,Telephone,CompanyId,Latitude-Longitude,Address,AddressDetail,State,UniqueReference"
)


async def key(pilot, *keys: str) -> None:
    """Keys, then a pause (the file tree keeps a worker alive: no waiting for all workers)."""
    await pilot.press(*keys)
    await pilot.pause(0.1)


async def type_in(pilot, name: str, text: str) -> None:
    field(pilot.app, name).widget.focus()
    await pilot.press("home", "ctrl+k", *text)
    await pilot.pause()


async def fill(pilot, name: str, text: str) -> None:
    """The field given ``text`` at once: for tests whose subject is not the typing (the
    first test here types its paths key by key)."""
    widget = field(pilot.app, name).widget
    widget.focus()
    widget.value = text
    await pilot.pause()


def heard() -> Heard:
    """For ``app.run_test(message_hook=...)``: what the background runs post."""
    return Heard(ImportEnded, GeocodeProgressed, GeocodeEnded)


async def wait_import(pilot, heard: Heard) -> ImportEnded:
    """Until the import posts that it ended, and the screen has shown it."""
    ended = await heard.wait_for(ImportEnded)
    await pilot.pause()
    await pilot.pause()
    return ended


async def test_an_import_with_rejections_and_its_error_file(app, tmp_path):
    source = tmp_path / "clientes.csv"
    source.write_text(
        f"{HEADER}\nAzteca S.A.,ventas@azteca.mx,,,,,,1,REF-1\n"
        "[bold]Mala[/] S.A.,no-es-correo,,,,,,1,REF-2\nSin Documento,,,,,,,1,\n",
        encoding="utf-8",
    )
    hook = heard()
    async with app.run_test(size=(100, 40), message_hook=hook) as pilot:
        await settle(pilot)
        await key(pilot, "i")
        assert isinstance(app.screen, ImportScreen)
        await key(pilot, "ctrl+s")  # no file chosen yet
        assert "CSV" in shown(app.screen.query_one("#field-import-path .error"))
        await type_in(pilot, "import-path", str(source))
        await key(pilot, "ctrl+s")
        await wait_import(pilot, hook)
        status = shown(app.screen.query_one("#import-status"))
        assert "importados: 1" in status and "rechazados: 2" in status
        assert not app._notifications  # the screen in front says it: no notice over its fields
        target = tmp_path / "errores_guardados.csv"
        await type_in(pilot, "error-copy", str(target))
        app.screen.query_one("#save-errors").focus()
        await key(pilot, "enter")
        saved = target.read_text(encoding="utf-8-sig")
        assert "[bold]Mala[/] S.A." in saved and "no-es-correo" in saved
        await key(pilot, "ctrl+l")
        assert isinstance(app.screen, ImportJobsScreen)
        await group_done(pilot, "import-jobs")
        table = app.screen.query_one(DataTable)
        row = [str(c) for c in table.get_row_at(0)]
        # file, imported, rejected, status (the counts before the words: in sight at 80)
        assert row[2:6] == ["clientes.csv", "1", "2", "con errores"]
        detail = shown(app.screen.query_one("#job-detail"))
        assert str(source) in detail and "rechazados: 2" in detail and "errores" in detail
    assert count(ClientFilter()) == 1


def big_template(path, rows: int):
    """A template CSV over a megabyte: checked on worker processes started from the TUI."""
    with path.open("w", encoding="utf-8") as fh:
        fh.write(HEADER + "\n")
        for i in range(rows):
            state = "7" if i % 1000 == 999 else "1"  # one bad State in a thousand
            fh.write(
                f"Comercializadora del Pacífico Número {i} S.A. de C.V.,ventas{i}@pacifico.mx,"
                f",,,Avenida Insurgentes Sur {i},Colonia Del Valle Centro,{state},MEGA-{i:06d}\n"
            )
    assert path.stat().st_size > 1_000_000
    return path


async def test_a_file_over_a_megabyte_imports_from_the_screen(app, tmp_path):
    rows = 12_000
    source = big_template(tmp_path / "grande.csv", rows)
    hook = heard()
    async with app.run_test(size=(100, 40), message_hook=hook) as pilot:
        await settle(pilot)
        await key(pilot, "i")
        await fill(pilot, "import-path", str(source))
        await key(pilot, "ctrl+s")
        await wait_import(pilot, hook)
        status = shown(app.screen.query_one("#import-status"))
        assert "importados: 11,988" in status and "rechazados: 12" in status, status
        assert app.screen.query_one("#import-progress", ProgressBar).percentage == 1.0
    assert count(ClientFilter()) == rows - 12


async def import_going(pilot, hook: Heard, source, until=lambda message: True) -> None:
    """``source`` imported from the import screen, until a progress report ``until`` takes."""
    await settle(pilot)
    await key(pilot, "i")
    await fill(pilot, "import-path", str(source))
    await key(pilot, "ctrl+s")
    await hook.wait_for(ImportProgressed, until)


async def test_ctrl_x_stops_a_large_import_and_its_bar_stays_where_it_stopped(app, tmp_path):
    rows = 40_000
    source = big_template(tmp_path / "grande.csv", rows)
    hook = Heard(ImportProgressed, ImportEnded)
    async with app.run_test(size=(100, 40), message_hook=hook) as pilot:
        await import_going(pilot, hook, source)
        await key(pilot, "ctrl+x")
        if not hook.messages or not isinstance(hook.messages[-1], ImportEnded):
            stopping = shown(app.screen.query_one("#import-status"))
            assert "Se detendrá al terminar el lote actual…" in stopping, stopping
        ended = await wait_import(pilot, hook)
        assert ended.report.status == "cancelled"
        status = shown(app.screen.query_one("#import-status"))
        assert "detenida" in status and "Se detendrá" not in status, status
        assert not [n for n in app._notifications if "Se detendrá" in n.message]  # it stayed
        stopped_at = app.screen.query_one("#import-progress", ProgressBar).percentage
        assert stopped_at is not None and 0 < stopped_at < 1
        assert not app.screen.query_one("#stop").display
        await pilot.pause(1.5)  # the bar's clock ticks every second: it counted down before
        bar = next(line for line in screen_text(app).splitlines() if "%" in line)
        assert not re.search(r"\d\d:\d\d:\d\d|--:--|/s", bar), bar  # no time left, no rate
    assert 0 < count(ClientFilter()) == ended.report.imported < rows


async def test_the_time_left_is_there_when_the_import_screen_opens_again(app, tmp_path):
    """The bar counted its own time left: opened again mid-run it knew no history and read
    "--:--:--"; the time left is now the run's, from its pace since it began."""
    source = big_template(tmp_path / "grande.csv", 150_000)  # still running when reopened
    hook = Heard(ImportProgressed, ImportEnded)
    async with app.run_test(size=(100, 40), message_hook=hook) as pilot:
        await import_going(pilot, hook, source, lambda m: m.left is not None)
        await key(pilot, "escape")
        await pilot.press("i")
        await pilot.pause()  # the first paint: the bar has had one report since it was made
        assert isinstance(app.screen, ImportScreen)
        assert app.screen.query_one("#import-path").value == str(source)  # it read the root
        bar = next(line for line in screen_text(app).splitlines() if "%" in line)
        assert re.search(r"\d\d:\d\d:\d\d", bar) and "--:--" not in bar, bar
        await key(pilot, "ctrl+x")
        ended = await wait_import(pilot, hook)
        assert ended.report.status == "cancelled"  # it was still running when read
        hook.forget()
        await key(pilot, "ctrl+s")  # the same file: it goes on where it stopped
        await key(pilot, "ctrl+x")
        again = await wait_import(pilot, hook)
        assert again.report.job_id == ended.report.job_id and again.report.resumed_after > 0


async def wait_geocoder(pilot, heard: Heard, kind: type = GeocodeEnded, until=lambda m: True):
    """Until the geocoding run posts ``kind`` (that ``until`` accepts), shown on screen."""
    await heard.wait_for(kind, until)
    await pilot.pause()
    await pilot.pause()


def addresses_file(tmp_path, n: int):
    source = tmp_path / "con_direcciones.csv"
    rows = [
        f'Cliente {i} S.A.S.,,,,,"Calle {i} # 10-20, Bogotá, Colombia",,1,REF-{i}' for i in range(n)
    ]
    source.write_text(HEADER + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return source


async def test_with_nominatim_an_import_leaves_its_addresses_to_a_background_run(
    sqlite_db, nominatim, tmp_path
):
    from tui_clients.db import models as m
    from tui_clients.services.settings import Settings
    from tui_clients.tui.app import ClientsApp

    source = addresses_file(tmp_path, 3)
    app = ClientsApp(Settings.load())  # geocoder = nominatim (the fixture's settings)
    hook = heard()
    async with app.run_test(size=(100, 40), message_hook=hook) as pilot:
        await settle(pilot)
        await key(pilot, "i")
        await fill(pilot, "import-path", str(source))
        await key(pilot, "ctrl+s")
        await wait_import(pilot, hook)
        assert app.imports.run("clients").report.to_geocode == 3  # the import did not wait
        await wait_geocoder(pilot, hook)
        status = shown(app.screen.query_one("#geocode-status")).strip()
        assert status == "Direcciones ubicadas en el mapa: 3 de 3."
        assert any(n.message == status for n in app._notifications)
    placed = [(a.latitude, a.coord_source) for a in m.Address.select()]
    assert placed == [(4.65, "nominatim")] * 3 and len(nominatim.asked) == 3


async def test_ctrl_x_stops_placing_addresses_and_keeps_what_was_placed(
    sqlite_db, nominatim, tmp_path, monkeypatch
):
    from tui_clients.db import models as m
    from tui_clients.services.geo import geocoding
    from tui_clients.services.settings import Settings
    from tui_clients.tui.app import ClientsApp

    monkeypatch.setenv("TUI_CLIENTS_NOMINATIM_DELAY", "0.15")  # ten answers take 1.5 s
    geocoding.use_settings(Settings.load())
    source = addresses_file(tmp_path, 40)
    app = ClientsApp(Settings.load())
    hook = heard()
    async with app.run_test(size=(100, 40), message_hook=hook) as pilot:
        await settle(pilot)
        await key(pilot, "i")
        await fill(pilot, "import-path", str(source))
        await key(pilot, "ctrl+s")
        await wait_import(pilot, hook)
        await wait_geocoder(pilot, hook, GeocodeProgressed, lambda m: m.done >= 10)
        assert "de 40" in shown(app.screen.query_one("#geocode-status"))
        await key(pilot, "ctrl+x")
        await wait_geocoder(pilot, hook)
        report = app.geocoder.state.report
        assert report.cancelled and 10 <= report.placed < 40
        assert shown(app.screen.query_one("#geocode-status")).startswith(
            f"Se dejó de ubicar direcciones: {report.placed} ubicadas de {report.placed} intentadas"
        )
    stored = m.Address.select()
    assert sum(a.latitude is not None for a in stored) == report.placed
    assert sum(a.geocode_level == "" for a in stored) == 40 - report.placed  # left for later

"""Escape sequences and markup in a CSV file (its header, its cells, its name) never reach
the terminal raw from the TUI: the import screen, its notification, the file tree, the
list of imports and the inventory import show them escaped and literally."""

from __future__ import annotations

from pilot_helpers import group_done, screen_text, settle, shown
from test_import_runs import open_inventory_import
from test_import_screen import HEADER, fill, heard, key, wait_import
from textual.widgets import DataTable, DirectoryTree

from tui_clients.tui.imports.jobs import ImportJobsScreen
from tui_clients.tui.imports.screen import ImportScreen
from tui_clients.tui.widgets.path_input import PathSuggester

TITLE = "\x1b]0;pwned\x07"  # OSC 0: would set the terminal's title
CLIPBOARD = "\x1b]52;c;cHduZWQ=\x07"  # OSC 52: would write the clipboard
CSI = "\x9b31m"  # a C1 control sequence introducer
MARKUP = "[bold red]x[/]"  # shown as typed, never as markup
HOSTILE = (TITLE, CLIPBOARD, CSI, MARKUP)
SHOWN = ("\\x1b]0;pwned\\x07", "\\x1b]52;c;cHduZWQ=\\x07", "\\x9b31m", MARKUP)
RAW = ("\x1b", "\x07", "\x9b")


async def tree_listed(pilot) -> None:
    """Until the file tree lists its folder (its loader worker never ends: no settle)."""
    tree = pilot.app.screen.query_one(DirectoryTree)
    for _ in range(10_000):
        if tree.root.children:
            break
        await pilot.pause()
    assert tree.root.children, "the file tree listed nothing"
    await pilot.pause()


def no_raw_controls(text: str) -> bool:
    return not any(c in text for c in RAW)


def hostile_csv(folder, name: str, header: str, rows: list[str]):
    """More plain rows than hostile ones: over 5 % control characters is a binary file."""
    path = folder / name
    extras = ",".join(f"Extra{h}" for h in HOSTILE)
    path.write_text(f"{header},{extras}\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


async def test_an_import_shows_a_hostile_header_and_file_name_escaped(app, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the file tree lists the hostile name too
    rows = [f"Cliente número {i} S.A.,,,,,,,1,REF-{i},,,," for i in range(60)]
    rows.append(f"Sucio{TITLE} {MARKUP},,,,,,,1,REF-S{CSI},{TITLE},{CLIPBOARD},{CSI},{MARKUP}")
    source = hostile_csv(tmp_path, f"clientes{TITLE}.csv", HEADER, rows)
    (tmp_path / "[bold red]marcado.csv").write_text("Name\n", encoding="utf-8")  # no "/"
    hook = heard()
    async with app.run_test(size=(120, 40), message_hook=hook) as pilot:
        await settle(pilot)
        await key(pilot, "i")
        assert isinstance(app.screen, ImportScreen)
        await tree_listed(pilot)
        assert no_raw_controls(screen_text(app))  # the tree shows the file's name escaped
        assert f"clientes{SHOWN[0]}.csv" in screen_text(app)
        assert "[bold red]marcado.csv" in screen_text(app)  # a name, never markup
        await fill(pilot, "import-path", str(source))
        assert "clientes␛]0;pwned" in screen_text(app)  # the field: ESC as a sign (Rich drops BEL)
        await key(pilot, "ctrl+s")
        await wait_import(pilot, hook)
        status = shown(app.screen.query_one("#import-status"))
        assert no_raw_controls(status), status
        assert "Columnas ignoradas: " + ", ".join(f"Extra{s}" for s in SHOWN) in status
        assert "importados: 60" in status and "rechazados: 1" in status
        assert all(no_raw_controls(n.message) for n in app._notifications)
        assert no_raw_controls(screen_text(app))

        await key(pilot, "ctrl+l")
        assert isinstance(app.screen, ImportJobsScreen)
        await group_done(pilot, "import-jobs")
        table = app.screen.query_one(DataTable)
        assert no_raw_controls(" ".join(str(c) for c in table.get_row_at(0)))
        detail = shown(app.screen.query_one("#job-detail"))
        assert no_raw_controls(detail) and f"clientes{SHOWN[0]}.csv" in detail
        assert no_raw_controls(screen_text(app))


async def test_a_refused_file_and_its_reason_are_shown_escaped(app, tmp_path):
    source = tmp_path / f"sin_texto{CSI}.csv"
    source.write_bytes(bytes(range(256)) * 40)  # binary: refused as a whole
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await key(pilot, "i")
        await fill(pilot, "import-path", str(source))
        await key(pilot, "ctrl+s")
        await group_done(pilot, "import-look")
        error = shown(app.screen.query_one("#field-import-path .error"))
        assert "rechazado" in error and no_raw_controls(error), error
        assert no_raw_controls(screen_text(app))


async def test_a_file_to_map_shows_its_name_and_columns_escaped(app, tmp_path):
    from tui_clients.tui.imports.mapping import MappingScreen

    header = f"Nombre,Correo{TITLE},Notas{CLIPBOARD}"
    rows = [f"Cliente {i} S.A.,c{i}@x.mx,nota" + "," * len(HOSTILE) for i in range(80)]
    source = hostile_csv(tmp_path, f"otro_sistema{CSI}.csv", header, rows)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await key(pilot, "i")
        await fill(pilot, "import-path", str(source))
        await key(pilot, "ctrl+s")
        await group_done(pilot, "import-look")
        assert isinstance(app.screen, MappingScreen)
        await group_done(pilot, "mapping-preview")
        assert no_raw_controls(screen_text(app))
        assert "otro_sistema" in screen_text(app)


async def test_the_inventory_import_shows_a_hostile_header_escaped(
    app, clients, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    code = clients["nunez"].code
    rows = [f"{code},SN-{i},Router,14/03/2026,,,," for i in range(60)]
    rows.append(f"{code},SN-X{TITLE},Antena{CSI},,{TITLE},{CLIPBOARD},{CSI},{MARKUP}")
    source = hostile_csv(
        tmp_path, f"inventario{CLIPBOARD}.csv", "ClientCode,Serial,Description,DeliveredOn", rows
    )
    hook = heard()
    async with app.run_test(size=(120, 40), message_hook=hook) as pilot:
        await key(pilot)
        await open_inventory_import(pilot)
        await tree_listed(pilot)
        assert no_raw_controls(screen_text(app))
        assert f"inventario{SHOWN[1]}.csv" in screen_text(app)
        await fill(pilot, "import-path", source.name)
        await key(pilot, "ctrl+s")
        await wait_import(pilot, hook)
        status = shown(app.screen.query_one("#import-status"))
        assert no_raw_controls(status), status
        assert "Columnas ignoradas: " + ", ".join(f"Extra{s}" for s in SHOWN) in status
        assert all(no_raw_controls(n.message) for n in app._notifications)
        assert no_raw_controls(screen_text(app))


async def test_every_notification_shows_control_characters_escaped(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.notify(f"No se pudo leer reporte{TITLE}.csv: {CSI}", title=CLIPBOARD, markup=False)
        await pilot.pause()
        note = list(app._notifications)[-1]
        assert note.message == f"No se pudo leer reporte{SHOWN[0]}.csv: {SHOWN[2]}"
        assert note.title == SHOWN[1]
        assert no_raw_controls(screen_text(app))


async def test_a_typed_path_is_never_completed_with_a_hostile_name(tmp_path):
    (tmp_path / f"clientes{TITLE}.csv").write_text("Name\n", encoding="utf-8")
    suggester = PathSuggester()
    assert await suggester.get_suggestion(str(tmp_path / "cli")) is None  # only in the tree
    (tmp_path / "clientes.csv").write_text("Name\n", encoding="utf-8")
    assert await suggester.get_suggestion(str(tmp_path / "cli")) == str(tmp_path / "clientes.csv")

"""Files the TUI writes for the operator, at 80x24 by keyboard, on real symlinks and FIFOs:
"Guardar archivo de errores" (client and inventory imports), Exportar (the client list)
and ctrl+t (the template).  A symlink planted at the path (to another user's file, or
dangling) is refused under the path and nothing is written through it; a FIFO is refused
saying what it is and nothing goes into it; an existing file is replaced only once the
operator confirms it (n keeps it); what is created is 0600; the app goes on."""

from __future__ import annotations

import os
import stat

from pilot_helpers import Heard, group_done, settle
from test_import_screen import HEADER, fill, key, wait_import
from wizard_keys import error_of

from tui_clients.tui.background.imports import ImportEnded
from tui_clients.tui.clients.export_screen import GROUP, ExportListScreen
from tui_clients.tui.clients.list_screen import ClientListScreen
from tui_clients.tui.imports.inventory import InventoryImportScreen
from tui_clients.tui.imports.screen import ImportScreen
from tui_clients.tui.widgets.dialogs import ConfirmScreen


class Fifo:
    """A FIFO whose read end the test holds open (without blocking): a program that
    opened it to write would not hang, and what it wrote would be read here."""

    def __init__(self, path) -> None:
        os.mkfifo(path)
        self.path = path
        self.fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)

    def written(self) -> bytes:
        try:
            return os.read(self.fd, 4096)
        except BlockingIOError:
            return b""

    def close(self) -> None:
        os.close(self.fd)


async def save_as(pilot, path) -> str:
    """Type ``path`` as where to save the error file, press "Guardar archivo de errores";
    the error shown under the path ("" when none)."""
    await fill(pilot, "error-copy", str(path))
    pilot.app.screen.query_one("#save-errors").focus()
    await key(pilot, "enter")
    if isinstance(pilot.app.screen, ConfirmScreen):
        return error_of_below(pilot.app)
    return error_of(pilot.app, "error-copy")


async def enter_in_the_field_saves(pilot, target, content: str) -> None:
    """Enter in "Guardar el archivo de errores como" saves, as the button does (it did
    nothing: the operator had to Tab to the button)."""
    await fill(pilot, "error-copy", str(target))
    await key(pilot, "enter")
    assert content in target.read_text(encoding="utf-8-sig")


def error_of_below(app) -> str:
    """The error under the path of the screen below the dialog."""
    below = app.screen_stack[-2]
    error = below.query_one("#field-error-copy .error")
    from pilot_helpers import shown

    return shown(error).strip() if error.display else ""


def planted(tmp_path):
    """Another account's file, a link to it, a dangling link, a FIFO and a file there."""
    victim = tmp_path / "otra-cuenta" / "notas.csv"
    victim.parent.mkdir()
    victim.write_text("de otra persona", encoding="utf-8")
    link = tmp_path / "enlace.csv"
    link.symlink_to(victim)
    dangling = tmp_path / "colgante.csv"
    dangling.symlink_to(tmp_path / "creado-por-el-enlace.csv")
    existing = tmp_path / "existente.csv"
    existing.write_text("mis notas", encoding="utf-8")
    return victim, link, dangling, existing


async def the_error_file_is_saved_only_where_asked(pilot, tmp_path, rejected: str) -> None:
    app = pilot.app
    screen = app.screen
    victim, link, dangling, existing = planted(tmp_path)

    said = await save_as(pilot, link)
    assert f"{link} es un enlace simbólico" in said and app.screen is screen
    assert victim.read_text(encoding="utf-8") == "de otra persona"

    said = await save_as(pilot, dangling)
    assert f"{dangling} es un enlace simbólico" in said
    assert not (tmp_path / "creado-por-el-enlace.csv").exists()

    fifo = Fifo(tmp_path / "tuberia.csv")
    try:
        said = await save_as(pilot, fifo.path)
        assert f"{fifo.path} es un FIFO (tubería con nombre), no un archivo" in said
        assert fifo.written() == b""
    finally:
        fifo.close()

    said = await save_as(pilot, existing)  # asked first; n keeps it
    assert isinstance(app.screen, ConfirmScreen)
    assert f"{existing} ya existe" in said
    await key(pilot, "n")
    assert app.screen is screen
    assert existing.read_text(encoding="utf-8") == "mis notas"
    assert f"{existing} ya existe" in error_of(app, "error-copy")  # still said

    await save_as(pilot, existing)
    assert isinstance(app.screen, ConfirmScreen)
    await key(pilot, "y")  # replaced, on the operator's word
    assert app.screen is screen
    assert rejected in existing.read_text(encoding="utf-8-sig")
    assert stat.S_IMODE(existing.stat().st_mode) == 0o600
    assert error_of(app, "error-copy") == ""

    new = tmp_path / "nuevo.csv"
    assert await save_as(pilot, new) == ""
    assert rejected in new.read_text(encoding="utf-8-sig")
    assert stat.S_IMODE(new.stat().st_mode) == 0o600
    assert any(f"Archivo de errores guardado: {new}" in n.message for n in app._notifications)
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]


async def test_the_client_import_error_file_is_saved_only_where_asked(
    app, sqlite_db, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    source = tmp_path / "clientes.csv"
    source.write_text(
        f"{HEADER}\nAzteca S.A.,ventas@azteca.mx,,,,,,1,REF-1\nMala S.A.,no-es-correo,,,,,,1,REF-2\n",
        encoding="utf-8",
    )
    hook = Heard(ImportEnded)
    async with app.run_test(size=(80, 24), message_hook=hook, notifications=True) as pilot:
        await settle(pilot)
        await key(pilot, "i")
        assert isinstance(app.screen, ImportScreen)
        await fill(pilot, "import-path", source.name)
        await key(pilot, "ctrl+s")
        await wait_import(pilot, hook)
        await the_error_file_is_saved_only_where_asked(pilot, tmp_path, "no-es-correo")
        await enter_in_the_field_saves(pilot, tmp_path / "con_enter.csv", "no-es-correo")


async def test_the_inventory_import_error_file_is_saved_only_where_asked(
    app, clients, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    source = tmp_path / "inventario.csv"
    source.write_text(
        "ClientCode,Serial,Description,DeliveredOn\n"
        f"{clients['nunez'].code},SN-1,Router,14/03/2026\n"
        "CL-0000404,SN-2,Antena,2026-03-01\n",
        encoding="utf-8",
    )
    hook = Heard(ImportEnded)
    async with app.run_test(size=(80, 24), message_hook=hook, notifications=True) as pilot:
        await settle(pilot)
        app.push_screen(InventoryImportScreen(app.imports))
        await key(pilot)  # its file tree keeps a worker alive: no settle()
        await fill(pilot, "import-path", source.name)
        await key(pilot, "ctrl+s")
        await wait_import(pilot, hook)
        await the_error_file_is_saved_only_where_asked(pilot, tmp_path, "CL-0000404")
        await enter_in_the_field_saves(pilot, tmp_path / "con_enter.csv", "CL-0000404")


async def test_the_list_export_is_written_only_where_asked(app, clients, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    victim, link, dangling, _existing = planted(tmp_path)
    fifo = Fifo(tmp_path / "tuberia.csv")
    try:
        async with app.run_test(size=(80, 24), notifications=True) as pilot:
            await settle(pilot)
            await key(pilot, "x")
            assert isinstance(app.screen, ExportListScreen)
            for typed, said in (
                (link, f"{link} es un enlace simbólico"),
                (dangling, f"{dangling} es un enlace simbólico"),
                (fifo.path, f"{fifo.path} es un FIFO (tubería con nombre), no un archivo"),
            ):
                for replace in (False, True):  # not even with "Reemplazar" ticked
                    await fill(pilot, "path", str(typed))
                    if bool(app.screen.query_one("#overwrite").value) != replace:
                        await key(pilot, "tab", "space")
                    assert bool(app.screen.query_one("#overwrite").value) == replace
                    await key(pilot, "ctrl+s")
                    assert said in error_of(app, "path"), typed
                    assert isinstance(app.screen, ExportListScreen)
            assert victim.read_text(encoding="utf-8") == "de otra persona"
            assert not (tmp_path / "creado-por-el-enlace.csv").exists()
            assert fifo.written() == b""
            await fill(pilot, "path", str(tmp_path / "lista.csv"))
            await key(pilot, "ctrl+s")
            await group_done(pilot, GROUP)
            await settle(pilot)
            assert isinstance(app.screen, ClientListScreen)
    finally:
        fifo.close()
    exported = tmp_path / "lista.csv"
    assert exported.read_text(encoding="utf-8-sig").startswith("Name,")
    assert stat.S_IMODE(exported.stat().st_mode) == 0o600


async def test_the_template_of_ctrl_t_is_never_written_into_a_fifo_nor_over_a_file(
    app, sqlite_db, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "cargas"
    folder.mkdir()
    fifo = Fifo(folder / "Client_Template.csv")
    try:
        async with app.run_test(size=(80, 24), notifications=True) as pilot:
            await settle(pilot)
            await key(pilot, "i")
            assert isinstance(app.screen, ImportScreen)
            await fill(pilot, "import-path", "cargas/")
            await key(pilot, "ctrl+t")
            notes = [n.message for n in app._notifications]
            assert any("es un FIFO (tubería con nombre)" in n for n in notes), notes
            assert fifo.written() == b""
            await fill(pilot, "import-path", "")
            await key(pilot, "ctrl+t")  # here: a new file, 0600
            template = tmp_path / "Client_Template.csv"
            assert stat.S_IMODE(template.stat().st_mode) == 0o600
            template.write_text("mi copia", encoding="utf-8")
            await fill(pilot, "import-path", "")
            await key(pilot, "ctrl+t")
            notes = [n.message for n in app._notifications]
            assert f"{template} ya existe" in notes[-1]  # not replaced
            assert template.read_text(encoding="utf-8") == "mi copia"
            assert isinstance(app.screen, ImportScreen)
    finally:
        fifo.close()

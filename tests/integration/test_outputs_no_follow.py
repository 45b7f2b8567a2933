"""Every file a command writes for the operator lands only where asked, on real files,
symlinks and FIFOs: `export PATH`, `template [PATH]`, `inventory template [PATH]`,
`inventory export PATH` and `import --errors PATH --replace`.

A symlink planted where the output goes (to a file of "another user", or dangling) is
refused and nothing is written through it; a FIFO is refused at once, saying what it is,
and nothing is written into it (its read end is held open by the test, so a program that
did open it would not block but would leave bytes there); an existing file is refused
without --replace and replaced with it; what is created is 0600, with no temporary file
left beside it."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from tui_clients.cli.main import main

HEADER = (
    "Name,Email,Telephone,CompanyId,Latitude-Longitude,Address,AddressDetail,State,UniqueReference"
)


def cli(capsys, *argv: str) -> tuple[int, str]:
    """Run the program in this process; its exit code and what it said on stderr."""
    code = main(list(argv))
    return code, capsys.readouterr().err


@pytest.fixture
def registry(sqlite_db):
    """A registry with clients and an inventory item: exports have rows to write."""
    from tui_clients.db import models as m
    from tui_clients.domain.inventory import ItemInput
    from tui_clients.services.admin.demo import generate
    from tui_clients.services.inventory.items import add_item

    generate(sqlite_db, 5, seed=3)
    first = m.Client.select().order_by(m.Client.id).first()
    add_item(first.id, ItemInput("SN-77", "Router", "14/03/2026", "OT-1", "Ana"))
    return first


# name → the arguments that write ``path`` (the file the test plants things at)
OUTPUTS = {
    "export": lambda path: ["export", str(path)],
    "template": lambda path: ["template", str(path)],
    "inventory template": lambda path: ["inventory", "template", str(path)],
    "inventory export": lambda path: ["inventory", "export", str(path)],
}
FIRST_LINE = {
    "export": "Name,",
    "template": "Name,",
    "inventory template": "ClientCode,",
    "inventory export": "ClientCode,",
}


def leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.endswith(".part")]


@pytest.mark.parametrize("output", OUTPUTS)
def test_a_planted_symlink_is_refused_and_its_target_untouched(registry, tmp_path, capsys, output):
    victim = tmp_path / "otra-cuenta" / "notas.csv"
    victim.parent.mkdir()
    victim.write_text("de otra persona", encoding="utf-8")
    link = tmp_path / "salida.csv"
    link.symlink_to(victim)
    for replace in ([], ["--replace"]):  # not even when replacing is asked
        code, err = cli(capsys, *OUTPUTS[output](link), *replace)
        assert code == 1, err
        assert "es un enlace simbólico" in err and "Traceback" not in err
        assert victim.read_text(encoding="utf-8") == "de otra persona"
        assert link.is_symlink() and os.readlink(link) == str(victim)
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("output", OUTPUTS)
def test_a_dangling_symlink_is_refused_and_nothing_created(registry, tmp_path, capsys, output):
    planted = tmp_path / "creado-por-el-enlace.csv"
    link = tmp_path / "salida.csv"
    link.symlink_to(planted)
    code, err = cli(capsys, *OUTPUTS[output](link), "--replace")
    assert code == 1 and "es un enlace simbólico" in err
    code, err = cli(capsys, *OUTPUTS[output](link))
    assert code == 1 and "es un enlace simbólico" in err
    assert not planted.exists() and link.is_symlink()
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("output", OUTPUTS)
def test_a_fifo_is_refused_at_once_and_never_written(registry, tmp_path, capsys, output):
    fifo = tmp_path / "salida.csv"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # a writer would not block
    try:
        code, err = cli(capsys, *OUTPUTS[output](fifo), "--replace")
        assert code == 1, err
        assert f"{fifo} es un FIFO (tubería con nombre), no un archivo" in err
        try:
            written = os.read(reader, 4096)
        except BlockingIOError:
            written = b""
        assert written == b""  # nothing went into it
    finally:
        os.close(reader)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


@pytest.mark.parametrize("output", OUTPUTS)
def test_an_existing_file_is_replaced_only_with_replace_and_is_private(
    registry, tmp_path, capsys, output
):
    target = tmp_path / "salida.csv"
    target.write_text("anterior", encoding="utf-8")
    target.chmod(0o644)
    code, err = cli(capsys, *OUTPUTS[output](target))
    assert code == 1
    assert f"{target} ya existe: elija otro nombre o indique que se reemplace." in err
    assert target.read_text(encoding="utf-8") == "anterior"
    code, err = cli(capsys, *OUTPUTS[output](target), "--replace")
    assert code == 0, err
    assert target.read_text(encoding="utf-8-sig").startswith(FIRST_LINE[output])
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("output", OUTPUTS)
def test_a_new_file_is_created_private(registry, tmp_path, capsys, output):
    target = tmp_path / "nuevo.csv"
    code, err = cli(capsys, *OUTPUTS[output](target))
    assert code == 0, err
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_text(encoding="utf-8-sig").startswith(FIRST_LINE[output])
    assert leftovers(tmp_path) == []


def test_the_template_instructions_are_checked_before_either_file_is_written(
    registry, tmp_path, capsys
):
    victim = tmp_path / "de-otro.txt"
    victim.write_text("ajeno", encoding="utf-8")
    (tmp_path / "Client_Template_instrucciones.txt").symlink_to(victim)
    code, err = cli(capsys, "template", str(tmp_path))
    assert code == 1 and "es un enlace simbólico" in err
    assert not (tmp_path / "Client_Template.csv").exists()  # neither was written
    assert victim.read_text(encoding="utf-8") == "ajeno"
    (tmp_path / "Client_Template_instrucciones.txt").unlink()
    assert cli(capsys, "template", str(tmp_path))[0] == 0
    for name in ("Client_Template.csv", "Client_Template_instrucciones.txt"):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o600


@pytest.mark.parametrize(
    ("argv", "name"),
    [(["template"], "Client_Template.csv"), (["inventory", "template"], "Inventory_Template.csv")],
)
def test_a_default_name_in_the_current_folder_is_not_overwritten_either(
    registry, tmp_path, capsys, monkeypatch, argv, name
):
    folder = tmp_path / "aqui"
    folder.mkdir()
    monkeypatch.chdir(folder)
    (folder / name).write_text("mi copia editada", encoding="utf-8")
    code, err = cli(capsys, *argv)
    assert code == 1 and "ya existe" in err
    assert (folder / name).read_text(encoding="utf-8") == "mi copia editada"
    code, err = cli(capsys, *argv, "--replace")
    assert code == 0, err
    assert (folder / name).read_text(encoding="utf-8-sig") != "mi copia editada"


def test_a_name_without_suffix_that_is_a_fifo_is_the_file_not_a_folder(registry, tmp_path, capsys):
    fifo = tmp_path / "plantilla"
    os.mkfifo(fifo)
    code, err = cli(capsys, "inventory", "template", str(fifo))
    assert code == 1 and "es un FIFO" in err
    code, err = cli(capsys, "template", str(fifo))
    assert code == 1 and "es un FIFO" in err


def test_the_import_error_file_is_replaced_only_with_replace(registry, tmp_path, capsys):
    source = tmp_path / "clientes.csv"
    source.write_text(f"{HEADER}\nMala S.A.,no-es-correo,,,,,,1,REF-1\n", encoding="utf-8")
    errors = tmp_path / "errores.csv"
    errors.write_text("mis notas", encoding="utf-8")
    code, err = cli(capsys, "import", str(source), "--errors", str(errors))
    assert code != 0 and "ya existe" in err
    assert errors.read_text(encoding="utf-8") == "mis notas"
    code, err = cli(capsys, "import", str(source), "--errors", str(errors), "--replace")
    assert code == 1, err  # a row rejected: it is in the error file
    assert "no-es-correo" in errors.read_text(encoding="utf-8-sig")
    assert stat.S_IMODE(errors.stat().st_mode) == 0o600


def test_the_export_in_parts_is_written_only_where_asked(registry, tmp_path, monkeypatch):
    """A large SQLite registry is exported by worker processes into part files, then
    put together: the same rules for the target, and the same bytes as one process."""
    from tui_clients.services.imports import exporter
    from tui_clients.services.output_files import OutputRefused

    alone = tmp_path / "uno.csv"
    assert exporter.export_csv(alone, workers=1) == 5
    monkeypatch.setattr(exporter, "PARALLEL_MIN", 0)
    monkeypatch.setattr(exporter, "BLOCK", 2)
    victim = tmp_path / "ajeno.csv"
    victim.write_text("ajeno", encoding="utf-8")
    link = tmp_path / "enlace.csv"
    link.symlink_to(victim)
    with pytest.raises(OutputRefused):
        exporter.export_csv(link, workers=2, overwrite=True)
    assert victim.read_text(encoding="utf-8") == "ajeno"
    target = tmp_path / "partes.csv"
    assert exporter.export_csv(target, workers=2) == 5
    assert target.read_bytes() == alone.read_bytes()
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    with pytest.raises(OutputRefused):
        exporter.export_csv(target, workers=2)
    assert exporter.export_csv(target, workers=2, overwrite=True) == 5
    assert target.read_bytes() == alone.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []

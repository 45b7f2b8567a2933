"""Files written for the operator land only where asked, on real filesystems: never
through a symlink (planted, dangling or not), never into a FIFO, a device or a folder,
never over an existing file unless asked, private (0600), and whole or not at all (a full
2 MB tmpfs leaves the earlier file as it was)."""

from __future__ import annotations

import errno
import os
import stat

import pytest

from tui_clients.services.faults import storage_fault
from tui_clients.services.output_files import OutputRefused, private_output


def write(path, text="id,nombre\r\n1,Ana\r\n", **kw) -> None:
    with private_output(path, encoding="utf-8", newline="", **kw) as fh:
        fh.write(text)


def test_a_new_file_is_written_whole_and_private(tmp_path):
    target = tmp_path / "salida" / "clientes.csv"
    target.parent.mkdir()
    write(target)
    assert target.read_text(encoding="utf-8") == "id,nombre\n1,Ana\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in target.parent.iterdir()] == ["clientes.csv"]  # no temporary left


def test_an_existing_file_is_replaced_only_when_asked(tmp_path):
    target = tmp_path / "clientes.csv"
    target.write_text("anterior")
    target.chmod(0o644)
    with pytest.raises(OutputRefused) as refused:
        write(target)
    assert "ya existe" in refused.value.message()
    assert target.read_text() == "anterior"
    write(target, overwrite=True)
    assert target.read_text(encoding="utf-8").startswith("id,nombre")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


@pytest.mark.parametrize("overwrite", [False, True])
def test_a_planted_symlink_is_refused_and_its_target_untouched(tmp_path, overwrite):
    victim = tmp_path / "otro-usuario" / "notas.txt"
    victim.parent.mkdir()
    victim.write_text("de otra persona")
    link = tmp_path / "clientes_errores_20261204.csv"
    link.symlink_to(victim)
    with pytest.raises(OutputRefused) as refused:
        write(link, overwrite=overwrite)
    assert "enlace simbólico" in refused.value.message()
    assert victim.read_text() == "de otra persona"


def test_a_dangling_symlink_is_refused_and_its_target_never_created(tmp_path):
    link = tmp_path / "errores.csv"
    link.symlink_to(tmp_path / "creado-por-el-enlace.txt")
    with pytest.raises(OutputRefused):
        write(link)
    assert not (tmp_path / "creado-por-el-enlace.txt").exists()


def test_a_fifo_and_a_folder_are_refused_at_once_saying_what_they_are(tmp_path):
    fifo = tmp_path / "tuberia"
    os.mkfifo(fifo)
    with pytest.raises(OutputRefused) as refused:  # would block for ever if opened
        write(fifo)
    assert "FIFO" in refused.value.message()
    with pytest.raises(OutputRefused) as refused:
        write(tmp_path)
    assert "carpeta" in refused.value.message()
    with pytest.raises(OutputRefused) as refused:
        write("/dev/null")
    assert "dispositivo" in refused.value.message()


def test_a_missing_folder_is_said(tmp_path):
    with pytest.raises(OutputRefused) as refused:
        write(tmp_path / "no-existe" / "clientes.csv")
    assert "no existe" in refused.value.message()


def test_a_full_disk_leaves_the_earlier_file_and_no_part(small_disk):
    target = small_disk / "clientes.csv"
    write(target)
    with pytest.raises(OSError) as failed:
        write(target, text="x" * (3 * 1024 * 1024), overwrite=True)
    assert failed.value.errno == errno.ENOSPC
    assert storage_fault(failed.value).kind == "full"
    assert target.read_text(encoding="utf-8") == "id,nombre\n1,Ana\n"
    assert [p.name for p in small_disk.iterdir()] == ["clientes.csv"]

"""An import's error file is written only where asked: never through a symbolic link
(another local user may plant one at the predictable default name), never into a FIFO
or a device (that would block the import, or write where it should not), never over an
existing file unless ``--replace``; it is readable by its owner only."""

from __future__ import annotations

import datetime as dt
import os
import stat
import subprocess
import sys

from test_import_reliability import big_file

from tui_clients.services.imports.errors import ErrorFile, default_error_path

VICTIM = "datos de otra persona\n"


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "tui_clients", *args],
        capture_output=True,
        text=True,
        timeout=120,  # a FIFO opened for writing would hang here for ever
        cwd=os.environ["TUI_CLIENTS_TMP"],
    )


def bad_rows(tmp_path):
    return big_file(tmp_path / "clientes.csv", 40, "S", bad_every=4)  # 10 bad rows


def test_a_fifo_as_the_error_file_is_refused_at_once_saying_what_it_is(sqlite_db, tmp_path):
    fifo = tmp_path / "errores.csv"
    os.mkfifo(fifo)

    result = cli("import", str(bad_rows(tmp_path)), "--errors", str(fifo))

    assert result.returncode == 2
    assert "es un FIFO (tubería con nombre), no un archivo" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_symlink_as_the_error_file_is_refused_and_its_target_untouched(sqlite_db, tmp_path):
    victim = tmp_path / "ajeno.txt"
    victim.write_text(VICTIM)
    link = tmp_path / "errores.csv"
    link.symlink_to(victim)

    result = cli("import", str(bad_rows(tmp_path)), "--errors", str(link))

    assert result.returncode == 2
    assert "es un enlace simbólico" in result.stderr
    assert victim.read_text() == VICTIM


def test_an_existing_error_file_is_replaced_only_when_asked(sqlite_db, tmp_path):
    source = bad_rows(tmp_path)
    earlier = tmp_path / "errores.csv"
    earlier.write_text(VICTIM)

    refused = cli("import", str(source), "--errors", str(earlier))
    replaced = cli("import", str(source), "--errors", str(earlier), "--replace", "--dry-run")

    assert refused.returncode == 2 and "ya existe" in refused.stderr
    assert replaced.returncode == 1, replaced.stderr  # rows rejected, listed in the file
    text = earlier.read_text(encoding="utf-8-sig")
    assert VICTIM not in text and len(text.splitlines()) == 1 + 10
    assert stat.S_IMODE(earlier.stat().st_mode) == 0o600


def test_a_link_planted_at_the_default_name_is_not_followed(sqlite_db, tmp_path):
    source = bad_rows(tmp_path)
    victim = tmp_path / "ajeno.txt"
    victim.write_text(VICTIM)
    now = dt.datetime.now()
    planted = set()
    for second in range(-2, 60):  # every name the next minute's import could choose
        name = default_error_path(source, now + dt.timedelta(seconds=second))
        if name not in planted:
            name.symlink_to(victim)
            planted.add(name)

    result = cli("import", str(source), "--json")

    assert result.returncode == 1, result.stderr
    assert victim.read_text() == VICTIM
    written = [
        p for p in tmp_path.iterdir() if p.name.startswith("clientes_errores_") and p not in planted
    ]
    [error_file] = written
    assert not error_file.is_symlink() and stat.S_IMODE(error_file.stat().st_mode) == 0o600
    assert len(error_file.read_text(encoding="utf-8-sig").splitlines()) == 1 + 10


class _Report:
    error_path = ""


def test_rows_committed_but_not_yet_in_the_file_are_written_by_the_next_run(tmp_path):
    """A run killed between its commit and writing the error rows: the job holds the
    file's size then and the rows themselves; the next run puts them back."""
    target = tmp_path / "errores.csv"
    first = ErrorFile(target, _Report())
    first.header = ["Name", "State"]
    first.write(["A", "7"], "Línea 2 · State: no existe")
    first.flush()  # committed and written
    first.write(["B", "8"], "Línea 3 · State: no existe")
    size, pending = first.size(), first.pending()  # what the job recorded at its commit
    first._fh.close()  # killed here: "B" never reached the file

    assert "B" not in target.read_text(encoding="utf-8-sig")
    again = ErrorFile(target, _Report(), replace=True)
    again.header = ["Name", "State"]
    again.continue_from(target, size, pending)
    again.write(["C", "9"], "Línea 4 · State: no existe")
    again.close()

    rows = target.read_text(encoding="utf-8-sig").splitlines()
    assert [r.split(",")[0] for r in rows] == ["Name", "A", "B", "C"]

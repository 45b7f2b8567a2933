"""Storage faults as operators meet them, on real filesystems: a database on a full disk
(a 2 MB tmpfs) and a read-only database file (mode 0444, as an account that does not own
it).  The CLI says what happened and what to do in one line, exits 1, and the registry is
left as it was: no traceback, nothing half-written."""

from __future__ import annotations

import os
import pwd
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest


def run(*args, env=None, user: str | None = None):
    command = [sys.executable, "-m", "tui_clients", *args]
    if user is not None:  # as another account (root ignores file modes)
        command = ["setpriv", f"--reuid={user}", f"--regid={user}", "--clear-groups", *command]
    return subprocess.run(
        command,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=300,
        cwd="/",
    )


def counts(path) -> tuple[int, str]:
    with sqlite3.connect(path) as con:
        clients = con.execute("select count(*) from client").fetchone()[0]
        integrity = con.execute("pragma integrity_check").fetchone()[0]
    return clients, integrity


def test_demo_on_a_full_disk_is_one_message_and_leaves_the_registry_as_it_was(small_disk):
    url = f"sqlite:///{small_disk / 'clients.db'}"
    assert run("--db", url, "demo", "--count", "20", "--seed", "1").returncode == 0
    before = counts(small_disk / "clients.db")
    result = run("--db", url, "demo", "--count", "60000", "--seed", "2")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "disco está lleno" in result.stderr and "espacio" in result.stderr
    assert "cannot rollback" not in result.stderr
    assert counts(small_disk / "clients.db") == before  # one transaction: all or nothing
    assert before == (20, "ok")


def test_an_import_on_a_full_disk_is_one_message(small_disk, tmp_path):
    url = f"sqlite:///{small_disk / 'clients.db'}"
    assert run("--db", url, "demo", "--count", "20", "--seed", "1").returncode == 0
    csv = tmp_path / "clientes.csv"
    assert run("--db", url, "export", str(csv)).returncode == 0
    big = tmp_path / "muchos.csv"
    assert (
        run("--db", f"sqlite:///{tmp_path / 'big.db'}", "demo", "--count", "6000").returncode == 0
    )
    assert run("--db", f"sqlite:///{tmp_path / 'big.db'}", "export", str(big)).returncode == 0
    result = run("--db", url, "import", str(big), "--errors", str(tmp_path / "errores.csv"))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "disco está lleno" in result.stderr
    clients, integrity = counts(small_disk / "clients.db")
    assert integrity == "ok" and clients >= 20


@pytest.fixture
def shared_folder():
    """A folder another account can reach (pytest's own are private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="tui-clients-ro-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def test_a_read_only_database_is_one_message_for_every_writing_command(shared_folder):
    db_file = shared_folder / "clients.db"
    url = f"sqlite:///{db_file}"
    settings = shared_folder / "settings.toml"
    settings.write_text("")
    env = {"TUI_CLIENTS_CONFIG": str(settings), "HOME": str(shared_folder)}
    assert run("--db", url, "demo", "--count", "5", "--seed", "1", env=env).returncode == 0
    csv = shared_folder / "clientes.csv"
    assert run("--db", url, "export", str(csv), env=env).returncode == 0
    for leftover in shared_folder.glob("clients.db-*"):  # the WAL was checkpointed on close
        leftover.unlink()
    for path in (db_file, csv, settings):
        path.chmod(0o444)
    user = None
    if os.geteuid() == 0:  # root writes whatever the mode says: be somebody else
        nobody = pwd.getpwnam("nobody")
        user = f"{nobody.pw_uid}"
    before = counts(db_file)
    for args in (
        ("demo", "--count", "3"),
        ("import", str(csv), "--update"),
    ):
        result = run("--db", url, *args, env=env, user=user)
        assert result.returncode == 1, args
        assert "Traceback" not in result.stderr, result.stderr
        assert "No se puede escribir en la base de datos" in result.stderr, result.stderr
    assert counts(db_file) == before
    shared_folder.chmod(0o555)  # and a folder where SQLite cannot keep its journal
    try:
        assert run("--db", url, "search", "a", env=env, user=user).returncode == 0  # reads
        for args in (("import", str(csv), "--update"), ("demo", "--count", "3")):
            result = run("--db", url, *args, env=env, user=user)
            assert result.returncode == 1, args
            assert "Traceback" not in result.stderr, result.stderr
            assert "readonly" not in result.stderr, result.stderr  # the driver's words
            assert "No se puede escribir en la base de datos" in result.stderr, result.stderr
    finally:
        shared_folder.chmod(0o755)
    assert counts(db_file) == before


def test_an_export_to_a_full_disk_says_so_in_words_and_leaves_no_file(small_disk, tmp_path):
    url = f"sqlite:///{tmp_path / 'clients.db'}"
    assert run("--db", url, "demo", "--count", "3000", "--seed", "1").returncode == 0
    target = small_disk / "clientes.csv"
    filler = small_disk / "otros.bin"
    filler.write_bytes(b"x" * (2 * 1024 * 1024 - 100 * 1024))  # 100 KB left

    result = run("--db", url, "export", str(target))

    assert result.returncode == 1
    assert "el disco está lleno" in result.stderr, result.stderr
    assert "No space left" not in result.stderr and "Traceback" not in result.stderr
    assert list(small_disk.iterdir()) == [filler]  # nothing half-written, no temporary file

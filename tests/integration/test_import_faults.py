"""An import meets a fault of the storage: a full disk under the database or under the
error file, a PostgreSQL server that drops the connection.  The run ends as "failed"
with what happened and what to do (never "running", never a traceback), the rows before
the fault are stored whole, and importing the same file again goes on from there."""

from __future__ import annotations

import csv
import glob
import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from test_import_reliability import big_file

from tui_clients.db import models as m
from tui_clients.services.admin.database import prepare
from tui_clients.services.imports.importer import run_import
from tui_clients.services.imports.jobs import list_jobs


def cli(*args: str, url: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "tui_clients", "--db", url, *args],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=os.environ["TUI_CLIENTS_TMP"],
    )


def jobs(db_path) -> list[tuple[str, str, int, int]]:
    with sqlite3.connect(db_path) as con:
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        return con.execute(
            "SELECT status, message, checkpoint, imported FROM import_job ORDER BY id"
        ).fetchall()


def clients(db_path) -> int:
    with sqlite3.connect(db_path) as con:
        return con.execute("SELECT COUNT(*) FROM client").fetchone()[0]


def test_a_full_disk_under_the_database_fails_the_job_and_the_same_file_goes_on(
    small_disk, tmp_path
):
    db_path = small_disk / "clients.db"
    url = f"sqlite:///{db_path}"
    source = big_file(tmp_path / "grande.csv", 8000, "F", bad_every=50)
    errors = tmp_path / "errores.csv"

    result = cli("import", str(source), "--errors", str(errors), url=url)

    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "cannot rollback" not in result.stderr
    message = result.stderr.strip()
    assert message.startswith("tui-clients: La importación se detuvo en la línea "), message
    assert "el disco está lleno" in message and "la importación seguirá desde ahí" in message
    [(status, stored_message, checkpoint, imported)] = jobs(db_path)
    assert status == "failed" and "el disco está lleno" in stored_message
    assert 0 < checkpoint < 8001 and clients(db_path) == imported > 0  # whole rows only

    subprocess.run(["mount", "-o", "remount,size=40m", str(small_disk)], check=True)
    again = cli("import", str(source), "--errors", str(errors), "--json", url=url)

    assert again.returncode == 1, again.stderr  # the bad rows of the file, rejected
    report = json.loads(again.stdout)
    assert report["resumed_after_line"] == checkpoint
    assert (report["imported"], report["rejected"]) == (7840, 160)
    assert clients(db_path) == 7840
    rows = list(csv.reader(errors.read_text(encoding="utf-8-sig").splitlines()))
    assert [r[-2] for r in rows[1:]] == [f"F-{i:06d}" for i in range(49, 8000, 50)]  # once
    assert jobs(db_path)[0][0] == "with_errors"


def test_a_full_disk_under_the_error_file_fails_the_job_it_is_not_left_running(
    small_disk, tmp_path, sqlite_db
):
    (small_disk / "filler").write_bytes(b"x" * (2 * 1024 * 1024 - 40 * 1024))
    source = big_file(tmp_path / "grande.csv", 3000, "E", bad_every=2)  # 1,500 bad rows
    errors = small_disk / "errores.csv"

    report = run_import(source, errors_path=errors)

    assert report.status == "failed"
    assert report.refused.startswith("La importación se detuvo en la línea ")
    assert "el disco está lleno" in report.refused
    [job] = list_jobs()
    assert job.status == "failed" and job.message == report.refused
    assert m.Client.select().count() == job.imported > 0  # what was committed is counted

    taken = tmp_path / "otro.csv"
    taken.write_text("de otra persona")
    refused = run_import(source, errors_path=taken)  # a wrong try does not end it
    assert refused.status == "refused" and "ya existe" in refused.refused
    assert [j.status for j in list_jobs()] == ["failed"]
    (small_disk / "filler").unlink()  # space freed: the same import goes on
    again = run_import(source, errors_path=errors)

    assert again.status == "with_errors" and again.resumed_after > 0
    assert (again.imported, again.rejected) == (1500, 1500) == (m.Client.select().count(), 1500)
    rows = list(csv.reader(errors.read_text(encoding="utf-8-sig").splitlines()))
    assert [r[-2] for r in rows[1:]] == [f"E-{i:06d}" for i in range(1, 3000, 2)]


@pytest.fixture
def own_server(tmp_path):
    """A PostgreSQL server of this test alone, to stop and start again: (url, pg_ctl)."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin"))
    if not found or os.geteuid() != 0:
        pytest.skip("needs PostgreSQL's binaries and root to run them as postgres (CI has both)")
    folder = Path(tempfile.mkdtemp(prefix="tui-clients-pg-"))
    shutil.chown(folder, "postgres")

    def as_postgres(*args: str) -> None:
        subprocess.run(["runuser", "-u", "postgres", "--", *args], check=True, capture_output=True)

    as_postgres(f"{found[-1]}/initdb", "-D", f"{folder}/data", "-A", "trust", "-U", "postgres")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off"

    def pg_ctl(action: str) -> None:
        extra = ["-m", "immediate"] if action == "stop" else ["-o", options, "-l", f"{folder}/log"]
        as_postgres(f"{found[-1]}/pg_ctl", "-D", f"{folder}/data", "-w", *extra, action)

    pg_ctl("start")
    yield f"postgresql://postgres@127.0.0.1:{port}/postgres", pg_ctl
    subprocess.run(
        [
            "runuser",
            "-u",
            "postgres",
            "--",
            f"{found[-1]}/pg_ctl",
            "-D",
            f"{folder}/data",
            "-m",
            "immediate",
            "stop",
        ],
        capture_output=True,
    )
    shutil.rmtree(folder, ignore_errors=True)


def test_a_postgresql_server_stopped_mid_import_fails_the_job_and_then_it_goes_on(
    own_server, tmp_path
):
    url, pg_ctl = own_server
    database, _ = prepare(url)
    source = big_file(tmp_path / "grande.csv", 5000, "P", bad_every=50)
    errors = tmp_path / "errores.csv"
    stopped = []

    def server_stops(progress) -> None:  # after the first rows: the server goes down
        if not stopped:
            pg_ctl("stop")
            stopped.append(progress.rows)

    report = run_import(source, errors_path=errors, progress=server_stops)

    assert stopped and report.status == "failed"
    assert "se perdió la conexión con el servidor de la base de datos" in report.refused
    assert report.refused.startswith("La importación se detuvo en la línea ")
    pg_ctl("start")
    assert [j.status for j in list_jobs()] == ["failed"]  # the same TUI goes on working

    again = run_import(source, errors_path=errors)  # the server is back: it goes on

    assert again.status == "with_errors" and again.resumed_after >= stopped[0]
    assert (again.imported, again.rejected) == (4900, 100)
    assert m.Client.select().count() == 4900
    assert [j.status for j in list_jobs()] == ["with_errors"]
    rows = list(csv.reader(errors.read_text(encoding="utf-8-sig").splitlines()))
    assert [r[-2] for r in rows[1:]] == [f"P-{i:06d}" for i in range(49, 5000, 50)]
    database.close()

"""An import shares the database: its transactions are short, so another operator's save
waits a moment and succeeds, and of two runs resuming the same file only one goes on."""

from __future__ import annotations

import csv
import json
import os
import pwd
import signal
import sqlite3
import time

from test_import_reliability import big_file, cli, db_file

from tui_clients.db import models as m
from tui_clients.services.clients.queries import get_client, input_from_detail
from tui_clients.services.clients.writing import update_client
from tui_clients.services.imports.jobs import list_jobs


def newest_checkpoint(earlier_jobs: int) -> int:
    """The checkpoint of the job after ``earlier_jobs`` others (0 until it has one)."""
    try:
        with sqlite3.connect(db_file(), timeout=5) as con:
            row = con.execute(
                "SELECT checkpoint FROM import_job ORDER BY id LIMIT 1 OFFSET ?", (earlier_jobs,)
            ).fetchone()
    except sqlite3.OperationalError:  # not created yet
        return 0
    return row[0] if row else 0


PATIENCE_MS = 3000  # how long the other operator's save waits for the lock


def test_an_update_import_never_keeps_another_operators_save_waiting(sqlite_db, tmp_path):
    # large enough that the update (in bulk, thousands of rows a second) meets the saves
    first = big_file(tmp_path / "alta.csv", 15_000, "U", bad_every=10**9)
    assert cli("import", str(first)).wait(timeout=300) == 0
    changed = tmp_path / "cambios.csv"
    changed.write_text(first.read_text().replace("Empresa U", "Compañía U"))
    assert cli("import", str(big_file(tmp_path / "mio.csv", 1, "Z"))).wait(timeout=300) == 0
    mine = m.Client.get(m.Client.document_number == "Z-000000").id  # not in the file
    sqlite_db.execute_sql(f"PRAGMA busy_timeout = {PATIENCE_MS}")
    saves, failures, waits = 0, [], []

    importer = cli("import", str(changed), "--update", "--json")
    while importer.poll() is None:
        current = get_client(mine)
        data = input_from_detail(current)
        data.trade_name = f"Editado {saves}"
        began = time.monotonic()
        try:
            update_client(mine, data, expected_version=current.version, user="otra")
        except Exception as exc:  # a locked database is what this test looks for
            failures.append(repr(exc))
        else:
            saves += 1
            waits.append(time.monotonic() - began)
        time.sleep(0.1)
    out, err = importer.communicate()

    assert importer.returncode == 0, err
    assert json.loads(out)["updated"] == 15_000
    assert failures == []
    assert saves >= 10, "the import ended before the saves could meet it"
    print(f"{saves} saves during the import; longest wait {max(waits):.2f} s")
    assert m.Client.get_by_id(mine).trade_name == f"Editado {saves - 1}"


def test_two_resumes_of_one_interrupted_import_started_together_only_one_goes_on(
    sqlite_db, tmp_path
):
    rows, bad = 12_000, 12_000 // 500
    me = pwd.getpwuid(os.geteuid()).pw_name
    for attempt in range(3):
        source = big_file(tmp_path / f"grande{attempt}.csv", rows, f"R{attempt}")
        errors = tmp_path / f"errores{attempt}.csv"
        proc = cli("import", str(source), "--errors", str(errors), start_new_session=True)
        deadline = time.monotonic() + 120
        while (
            newest_checkpoint(attempt) == 0 and proc.poll() is None and time.monotonic() < deadline
        ):
            time.sleep(0.01)
        assert proc.poll() is None, "the import ended before it could be killed"
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        assert list_jobs()[0].status == "interrupted"

        both = [cli("import", str(source), "--errors", str(errors), "--json") for _ in range(2)]
        results = [(run.communicate(timeout=300), run.returncode) for run in both]

        refused = [(out, err) for (out, err), code in results if code == 2]
        went_on = [json.loads(out) for (out, _err), code in results if code == 1]
        assert len(refused) == 1 and len(went_on) == 1, results
        said = json.loads(refused[0][0])["refused"]
        assert "se está cargando en este momento" in said and me in said
        assert f"(carga n.º {list_jobs()[0].id}, de {me})" in said  # as the TUI names imports
        report = went_on[0]
        assert (report["rows"], report["imported"], report["rejected"]) == (rows, rows - bad, bad)
        lines = list(csv.reader(errors.read_text(encoding="utf-8-sig").splitlines()))
        assert len(lines) == bad + 1  # each bad row once
        assert list_jobs()[0].status == "with_errors"

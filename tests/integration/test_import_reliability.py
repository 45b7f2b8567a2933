"""Imports that are killed, and imports that run side by side: the database stays whole,
the killed run is listed as interrupted and the same file run again completes it."""

import csv
import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time

import pytest
from test_importer import HEADER

from tui_clients.db import models as m
from tui_clients.services.clients.listing import ClientFilter, count, page
from tui_clients.services.imports.jobs import list_jobs

ROWS = 12_000


def big_file(path, rows: int, prefix: str, bad_every: int = 500):
    """Valid rows (a clean code as UniqueReference) with one bad State every ``bad_every``."""
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(HEADER)
        for i in range(rows):
            state = "7" if i % bad_every == bad_every - 1 else "1"
            out.writerow(
                [
                    f"Empresa {prefix} {i} S.A.",
                    f"c{i}@{prefix.lower()}.mx",
                    "",
                    "",
                    "",
                    "",
                    "",
                    state,
                    f"{prefix}-{i:06d}",
                ]
            )
    return path


def cli(*args, **kw):
    """The installed ``tui-clients`` in a child process (run outside the source tree)."""
    return subprocess.Popen(
        [sys.executable, "-m", "tui_clients", *args],
        cwd=os.environ["TUI_CLIENTS_TMP"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **kw,
    )


def db_file() -> str:
    return os.environ["TUI_CLIENTS_DB"].removeprefix("sqlite:///")


def checkpoint(job_id: int | None = None) -> int:
    try:
        with sqlite3.connect(db_file(), timeout=5) as con:
            row = con.execute("SELECT MAX(checkpoint) FROM import_job").fetchone()
    except sqlite3.OperationalError:  # not created yet
        return 0
    return row[0] or 0


def past_its_first_batch(source, errors) -> subprocess.Popen:
    """A CLI import of ``source`` in its own process group, once its first batch is
    committed (and while it still runs)."""
    proc = cli("import", str(source), "--errors", str(errors), start_new_session=True)
    deadline = time.monotonic() + 120
    while checkpoint() == 0 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert proc.poll() is None, "the import ended before its first batch was seen"
    return proc


def test_a_killed_import_is_interrupted_and_the_same_file_completes_it(sqlite_db, tmp_path):
    source = big_file(tmp_path / "grande.csv", ROWS, "K")
    errors = tmp_path / "errores.csv"
    proc = past_its_first_batch(source, errors)
    os.killpg(proc.pid, signal.SIGKILL)  # the importer and its checking worker
    proc.wait()
    stopped_at = checkpoint()
    assert 0 < stopped_at < ROWS + 1

    with sqlite3.connect(db_file()) as con:
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    [job] = list_jobs()
    assert job.status == "interrupted"
    assert count(ClientFilter()) == job.imported > 0  # rows and counts committed together

    again = cli("import", str(source), "--errors", str(errors), "--json")
    out, err = again.communicate(timeout=300)
    assert again.returncode == 1, err  # some rows rejected: the bad States
    report = json.loads(out)
    bad = ROWS // 500
    assert report["job"] == job.id and report["resumed_after_line"] == stopped_at
    assert (report["rows"], report["imported"], report["rejected"]) == (ROWS, ROWS - bad, bad)
    assert count(ClientFilter()) == ROWS - bad
    documents = {c.document_number for c in page(ClientFilter(), limit=ROWS)}
    assert len(documents) == ROWS - bad  # nothing stored twice
    lines = list(csv.reader(errors.read_text(encoding="utf-8-sig").splitlines()))
    assert lines[0][-1] == "Error" and len(lines) == bad + 1  # each bad row once
    assert [row[-2] for row in lines[1:]] == [f"K-{i:06d}" for i in range(499, ROWS, 500)]
    assert list_jobs()[0].status == "with_errors" and list_jobs()[0].resumed == 1


@pytest.mark.parametrize("presses", [1, 2])
def test_ctrl_c_stops_a_cli_import_in_words_and_the_same_file_continues_it(
    sqlite_db, tmp_path, presses
):
    """Ctrl+C printed two tracebacks (the importer's and its worker's) and left the import
    "fallida", its message "KeyboardInterrupt".  Once: it stops after its batch, as ctrl+x
    does in the TUI; twice: at once.  Either way the same file continues it."""
    source = big_file(tmp_path / "grande.csv", ROWS, "C")
    errors = tmp_path / "errores.csv"
    proc = past_its_first_batch(source, errors)
    for _ in range(presses):
        os.killpg(proc.pid, signal.SIGINT)  # what a terminal's Ctrl+C sends to the group
        time.sleep(0.01)
    out, err = proc.communicate(timeout=120)

    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err
    assert "Se detendrá al terminar el lote actual… (Ctrl+C otra vez para detenerla ya)" in err
    if presses == 1:
        assert proc.returncode in (0, 1) and "detenida antes del final del archivo" in out, out
    elif proc.returncode == 130:  # the second one met the import still going
        assert err.rstrip().endswith("Interrumpido."), err
    else:  # or the process already on its way out (Python gives SIGINT back to the system)
        assert proc.returncode == -signal.SIGINT, (proc.returncode, err)
    [job] = list_jobs()
    assert (job.status, job.message) == ("cancelled", "")
    with sqlite3.connect(db_file()) as con:
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)

    again = cli("import", str(source), "--errors", str(errors), "--json")
    report = json.loads(again.communicate(timeout=300)[0])
    bad = ROWS // 500
    assert report["job"] == job.id and report["resumed_after_line"] > 0
    assert (report["rows"], report["imported"], report["rejected"]) == (ROWS, ROWS - bad, bad)
    assert count(ClientFilter()) == ROWS - bad


def test_two_imports_into_one_sqlite_file_at_once_both_finish(sqlite_db, tmp_path):
    first = big_file(tmp_path / "a.csv", 6000, "A", bad_every=10**9)
    second = big_file(tmp_path / "b.csv", 6000, "B", bad_every=10**9)
    failures: list[str] = []
    stop = threading.Event()

    def browse() -> None:  # a third operator paging through the list meanwhile
        while not stop.is_set():
            try:
                page(ClientFilter(text="Empresa"), limit=50)
                count(ClientFilter())
            except Exception as exc:  # any error at all is what this test looks for
                failures.append(repr(exc))
            time.sleep(0.02)

    reader = threading.Thread(target=browse)
    reader.start()
    runs = [cli("import", str(f), "--json") for f in (first, second)]
    results = [r.communicate(timeout=300) for r in runs]
    stop.set()
    reader.join()
    for run, (out, err) in zip(runs, results, strict=True):
        assert run.returncode == 0, err
        assert json.loads(out)["imported"] == 6000
        assert "locked" not in err
    assert failures == []
    assert count(ClientFilter()) == 12_000
    numbers = [c.document_number for c in m.Client.select(m.Client.document_number)]
    assert len(set(numbers)) == 12_000 and {"A-005999", "B-000000"} <= set(numbers)


def _children(pid: int) -> set[int]:
    """Every process started under ``pid`` (its children, theirs, …), read from /proc."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    parents[int(entry)] = int(fh.read().rsplit(")", 1)[1].split()[1])
            except OSError:
                continue
    found, todo = set(), [pid]
    while todo:
        parent = todo.pop()
        for child, ppid in parents.items():
            if ppid == parent and child not in found:
                found.add(child)
                todo.append(child)
    return found


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"  # a zombie has ended
    except OSError:
        return False


def test_a_killed_importer_leaves_none_of_its_processes_behind(sqlite_db, tmp_path):
    source = big_file(tmp_path / "grande.csv", 22_000, "P")  # over 1 MB: checked on workers
    assert source.stat().st_size > 1_000_000
    proc = cli("import", str(source), "--errors", str(tmp_path / "e.csv"))
    deadline = time.monotonic() + 120
    while checkpoint() == 0 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert proc.poll() is None, "the import ended before it could be killed"
    started = _children(proc.pid)
    assert started, "the importer started no checking worker"
    proc.kill()  # kill -9 of the importer alone, as an operator would
    proc.wait()
    deadline = time.monotonic() + 5
    while any(_alive(pid) for pid in started) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert [pid for pid in started if _alive(pid)] == []
    _out, err = proc.communicate(timeout=60)  # to the end: the resource tracker writes last
    assert "Warning" not in err and "leaked" not in err, err  # English, after a kill -9

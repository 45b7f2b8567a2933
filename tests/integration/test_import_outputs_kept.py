"""The import's speed work changed how rows are stored, not what is stored: a template
file of 3,000 rows (generated as ``bench/import.py`` writes them, about 5% broken the
ways spreadsheets break them) gives, byte for byte, the error file and the export that
the version before it gave (kept in ``tests/fixtures/import_outputs``), checked on
worker processes and in the importing process alike."""

from __future__ import annotations

import os
import signal
import time
from functools import partial
from pathlib import Path

import pytest

from tui_clients.services.imports import checking, prepare
from tui_clients.services.imports.exporter import export_csv
from tui_clients.services.imports.importer import run_import

KEPT = Path(__file__).parent.parent / "fixtures" / "import_outputs"


@pytest.mark.parametrize("workers", [0, 1])
def test_the_error_file_and_the_export_are_those_of_the_version_before(db, tmp_path, workers):
    errors, export = tmp_path / "errores.csv", tmp_path / "exportacion.csv"

    report = run_import(KEPT / "plantilla-3000.csv", errors_path=errors, workers=workers)
    export_csv(export)

    assert (report.rows, report.imported, report.rejected) == (3000, 2868, 132)
    assert errors.read_bytes() == (KEPT / "errores-esperados.csv").read_bytes()
    assert export.read_bytes() == (KEPT / "exportacion-esperada.csv").read_bytes()


def _slow_start(rules):
    """A worker that starts late, as on a loaded machine: the importing process is ahead."""
    time.sleep(1.5)
    prepare.start_worker(rules)


def test_rows_the_importing_process_checks_itself_keep_their_place(db, tmp_path, monkeypatch):
    """While the worker is behind, the importing process checks the next chunks itself;
    the rows are still stored, and the files written, in the file's order."""
    errors, export = tmp_path / "errores.csv", tmp_path / "exportacion.csv"
    here = []

    def checked_here(rows, rules=None):
        here.append(rows[0][0])
        return prepare.check_chunk(rows, rules)

    monkeypatch.setattr(checking, "CHUNK", 50)
    monkeypatch.setattr(checking, "check_chunk", checked_here)
    monkeypatch.setattr(checking, "start_worker", _slow_start)

    report = run_import(KEPT / "plantilla-3000.csv", errors_path=errors, workers=1)
    export_csv(export)

    assert here, "the importing process never checked a chunk itself"
    assert len(here) < 3000 / 50, "the worker checked nothing"
    assert (report.rows, report.imported, report.rejected) == (3000, 2868, 132)
    assert errors.read_bytes() == (KEPT / "errores-esperados.csv").read_bytes()
    assert export.read_bytes() == (KEPT / "exportacion-esperada.csv").read_bytes()


def _signalled_at_its_third_chunk(signum, rules):
    """A worker that gets ``signum`` in the middle of the file: SIGKILL as the kernel kills
    it (kill -9, out of memory); SIGSTOP as kill -STOP or a starved machine leaves it,
    keeping its chunk and never answering.  Its pid goes where the test says."""
    prepare.start_worker(rules)
    Path(os.environ["TUI_CLIENTS_TEST_WORKER_PID"]).write_text(str(os.getpid()))
    check, done = prepare.check_chunk, []

    def signalled(rows, rules=None):
        done.append(rows[0][0])
        if len(done) == 3:
            os.kill(os.getpid(), signum)
        return check(rows, rules)

    prepare.check_chunk = signalled


def assert_the_files_kept(report, errors: Path, export: Path) -> None:
    """The run ended as the version before's did, with its error file and export."""
    assert report.status == "with_errors", report.refused
    assert (report.rows, report.imported, report.rejected) == (3000, 2868, 132)
    assert errors.read_bytes() == (KEPT / "errores-esperados.csv").read_bytes()
    assert export.read_bytes() == (KEPT / "exportacion-esperada.csv").read_bytes()


def test_a_killed_worker_leaves_the_rest_to_the_importing_process(db, tmp_path, monkeypatch):
    """The pool cannot be used once a worker died; the import goes on without it and
    gives the same files (it ended "failed", in English, before)."""
    errors, export = tmp_path / "errores.csv", tmp_path / "exportacion.csv"
    monkeypatch.setattr(checking, "CHUNK", 50)
    killed = partial(_signalled_at_its_third_chunk, signal.SIGKILL)
    monkeypatch.setattr(checking, "start_worker", killed)
    monkeypatch.setenv("TUI_CLIENTS_TEST_WORKER_PID", str(tmp_path / "pid"))

    report = run_import(KEPT / "plantilla-3000.csv", errors_path=errors, workers=1)
    export_csv(export)

    assert_the_files_kept(report, errors, export)


def test_a_stopped_worker_is_not_waited_for(db, tmp_path, monkeypatch):
    """The import waited for the stopped worker's chunk for ever; now the importing process
    checks it itself after a while, goes on alone and leaves no stopped process behind."""
    errors, export, pid = tmp_path / "errores.csv", tmp_path / "exportacion.csv", tmp_path / "pid"
    monkeypatch.setattr(checking, "CHUNK", 50)
    monkeypatch.setattr(checking, "STALLED", 1.0)
    stopped = partial(_signalled_at_its_third_chunk, signal.SIGSTOP)
    monkeypatch.setattr(checking, "start_worker", stopped)
    monkeypatch.setenv("TUI_CLIENTS_TEST_WORKER_PID", str(pid))

    report = run_import(KEPT / "plantilla-3000.csv", errors_path=errors, workers=1)
    export_csv(export)

    assert_the_files_kept(report, errors, export)
    with pytest.raises(ProcessLookupError):  # killed and reaped, not left stopped
        os.kill(int(pid.read_text()), 0)


def test_the_progress_is_that_of_the_rows_written_not_of_those_read_ahead(db, tmp_path):
    seen = []

    run_import(
        KEPT / "plantilla-3000.csv", errors_path=tmp_path / "e.csv", workers=1, progress=seen.append
    )

    assert len(seen) > 2 and seen[-1].fraction == 1.0
    for p in seen:  # the workers read the whole file ahead after the first rows
        assert p.fraction is not None and p.fraction <= p.rows / 3000 + 0.02, p

"""How long another operator's save waits while an import runs; prints figures.

    python bench/lock_waits.py [--rows 100000] [--update-rows 20000] [--workdir DIR]

On a new SQLite file: first a plain import of ``--rows`` template rows (the fast path,
rows written in bulk), then ``import --update`` of ``--update-rows`` of them (rows
updated in bulk too), each with `tui-clients import` in a child process.
Meanwhile this process is another operator who saves a client every 0.2 s with the
program's own settings (a 15 s busy timeout).  For each phase it prints the saves
made, how many failed, and the median, 95th percentile and longest wait of a save:
the longest is about the longest write transaction of the import.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path


def _bench_import():
    """bench/import.py (its name is a keyword: loaded by path), for its realistic rows."""
    spec = importlib.util.spec_from_file_location(
        "bench_import", Path(__file__).with_name("import.py")
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def cli(url: str, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "tui_clients", "--db", url, *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        cwd="/",
    )


def saves_during(proc: subprocess.Popen, client_id: int) -> tuple[list[float], list[str]]:
    from tui_clients.services.clients.queries import get_client, input_from_detail
    from tui_clients.services.clients.writing import update_client

    waits: list[float] = []
    failures: list[str] = []
    while proc.poll() is None:
        current = get_client(client_id)
        data = input_from_detail(current)
        data.trade_name = f"Guardado {len(waits)}"
        began = time.monotonic()
        try:
            update_client(client_id, data, expected_version=current.version, user="bench")
        except Exception as exc:  # a locked database is what this bench looks for
            failures.append(type(exc).__name__ + ": " + str(exc)[:80])
        else:
            waits.append(time.monotonic() - began)
        time.sleep(0.2)
    return waits, failures


def report(phase: str, seconds: float, waits: list[float], failures: list[str]) -> None:
    if not waits:
        print(f"{phase}: {seconds:.1f} s, no save made ({len(failures)} failed)")
        return
    waits.sort()
    p95 = waits[int(len(waits) * 0.95) - 1] if len(waits) >= 20 else waits[-1]
    print(
        f"{phase}: {seconds:.1f} s; {len(waits)} saves, {len(failures)} failed; wait "
        f"median {statistics.median(waits) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, "
        f"max {waits[-1] * 1000:.0f} ms"
    )
    for failure in failures[:3]:
        print("   ", failure)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--update-rows", type=int, default=20_000)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/tui-clients-lock-bench"))
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    db_path = args.workdir / "lock.db"
    for old in args.workdir.glob("lock.db*"):
        old.unlink()
    url = f"sqlite:///{db_path}"
    os.environ["TUI_CLIENTS_DB"] = url
    source = args.workdir / "rows.csv"
    _bench_import().write_csv(source, args.rows, 0.0)
    update = args.workdir / "update.csv"
    with source.open(encoding="utf-8") as src, update.open("w", encoding="utf-8") as dst:
        for number, line in enumerate(src):
            if number > args.update_rows:
                break
            dst.write(line.replace("Comercializadora", "Comercial"))

    from tui_clients.db import models as m
    from tui_clients.services.admin.database import prepare

    lines = source.read_text(encoding="utf-8").splitlines(keepends=True)
    one = args.workdir / "one.csv"
    one.write_text(lines[0] + lines[-1], encoding="utf-8")  # a client no phase touches
    cli(url, "import", str(one)).communicate()
    prepare(url)
    mine = m.Client.select(m.Client.id).order_by(m.Client.id.desc()).first().id
    for phase, arguments in (
        (f"import of {args.rows:,} new rows", ("import", str(source))),
        (f"import --update of {args.update_rows:,} rows", ("import", str(update), "--update")),
    ):
        started = time.monotonic()
        proc = cli(url, *arguments)
        waits, failures = saves_during(proc, mine)
        err = proc.communicate()[1]
        if proc.returncode not in (0, 1):
            print(f"{phase}: the import failed: {err.strip()[-300:]}")
        report(phase, time.monotonic() - started, waits, failures)
    m.database.close()


if __name__ == "__main__":
    main()

"""Time `tui-clients demo` on a fresh SQLite file and print rate, size and peak memory.

    python bench/demo.py [--count 1000000] [--keep PATH]

Runs the real command in a subprocess (as an operator would) and reports
wall time, clients/s, the database size (file + WAL after a checkpoint), rows
per table and the command's peak RSS.
"""

from __future__ import annotations

import argparse
import os
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="write the database here and keep it")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="tui-clients-bench-"))
    path = (args.keep or folder / "bench.db").resolve()
    if path.exists():
        sys.exit(f"{path} exists; choose a new path")
    env = {
        **os.environ,
        "TUI_CLIENTS_DB": f"sqlite:///{path}",
        "TUI_CLIENTS_CONFIG": str(folder / "none.toml"),
    }
    subprocess.run(
        [sys.executable, "-m", "tui_clients", "db", "upgrade"],
        env=env,
        check=True,
        capture_output=True,
    )
    started = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "tui_clients",
            "demo",
            "--count",
            str(args.count),
            "--seed",
            str(args.seed),
        ],
        env=env,
        check=True,
        stderr=subprocess.DEVNULL,
    )
    elapsed = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    con = sqlite3.connect(path)
    con.execute("pragma wal_checkpoint(truncate)")
    tables = [r[0] for r in con.execute("select name from sqlite_master where type='table'")]
    rows = {t: con.execute(f'select count(*) from "{t}"').fetchone()[0] for t in tables}
    con.close()
    size = path.stat().st_size
    print(f"clients:        {args.count:,}")
    print(f"time:           {elapsed:.1f} s ({args.count / elapsed:,.0f} clients/s)")
    print(f"database size:  {size / 1e6:,.0f} MB ({size / args.count:,.0f} bytes per client)")
    print(f"peak RSS:       {peak_mb:,.0f} MB")
    print("rows:           " + ", ".join(f"{t} {n:,}" for t, n in rows.items() if n))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

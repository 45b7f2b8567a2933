"""What an import cannot go below on this machine: SQLite's own cost of storing the rows,
and the checks' cost per row; prints figures.

    python bench/import_floor.py [--workdir DIR] [--rows 1000000]
        [--transaction 2500,5000] [--without INDEX,INDEX] [--checks 20000]

Reads the registry `bench/import.py` imported (``DIR/import-ROWS.db``) and stores its
rows again in a new database made by `tui-clients db upgrade`, as the import stores
them (one INSERT … SELECT per table, with SQLite set as the import sets it), in
transactions of each ``--transaction`` clients: no Python runs per row, so the time is
SQLite's alone, table by table and for the commits.  ``--without`` repeats the run
with those indexes left out, to see what each costs.  ``--checks``: how long the
client rules and the staging of the rows take per row on one core, on the first rows
of ``DIR/import-ROWS.csv``.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

# (table, the column that ties a row to its client); "company" is found through "client".
TABLES = (
    ("company", None),
    ("client", "id"),
    ("client_email", "client_id"),
    ("client_phone", "client_id"),
    ("address", "client_id"),
    ("fiscal_data_mx", "client_id"),
    ("client_service", "client_id"),
    ("custom_value", "client_id"),
    ("client_history", "client_id"),
)
PRAGMAS = ("journal_mode=wal", "synchronous=normal", "foreign_keys=1", "cache_size=-48000")


def fresh(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    env = dict(os.environ, TUI_CLIENTS_DB=f"sqlite:///{path}")
    subprocess.run(
        [sys.executable, "-m", "tui_clients", "db", "upgrade"],
        env=env,
        check=True,
        capture_output=True,
    )


def store(source: Path, target: Path, per_transaction: int, without: list[str]) -> dict:
    """Seconds SQLite takes to store ``source``'s clients into ``target``, by table."""
    fresh(target)
    con = sqlite3.connect(target, isolation_level=None)
    for pragma in PRAGMAS:
        con.execute(f"PRAGMA {pragma}")
    for name in without:
        con.execute(f'DROP INDEX "{name}"')
    con.execute("ATTACH DATABASE ? AS s", (str(source),))
    columns = {
        table: ", ".join(f'"{r[1]}"' for r in con.execute(f'PRAGMA main.table_info("{table}")'))
        for table, _key in TABLES
    }
    top = con.execute("SELECT max(id) FROM s.client").fetchone()[0] or 0
    spent = dict.fromkeys([t for t, _k in TABLES] + ["client_search", "commit"], 0.0)
    started = time.perf_counter()
    for low in range(0, top + 1, per_transaction):
        bounds = (low, low + per_transaction)
        con.execute("BEGIN IMMEDIATE")
        for table, key in TABLES:
            cols = columns[table]
            if key is None:
                where = "id IN (SELECT company_id FROM s.client WHERE id >= ? AND id < ?)"
            else:
                where = f"{key} >= ? AND {key} < ?"
            began = time.perf_counter()
            con.execute(
                f'INSERT INTO main."{table}" ({cols}) SELECT {cols} FROM s."{table}" WHERE {where}',
                bounds,
            )
            spent[table] += time.perf_counter() - began
        began = time.perf_counter()
        con.execute(
            "INSERT INTO main.client_search (rowid, text) SELECT rowid, text "
            "FROM s.client_search WHERE rowid >= ? AND rowid < ?",
            bounds,
        )
        spent["client_search"] += time.perf_counter() - began
        began = time.perf_counter()
        con.execute("COMMIT")
        spent["commit"] += time.perf_counter() - began
    spent["total"] = time.perf_counter() - started
    con.close()
    return spent


def checks_per_row(csv_path: Path, rows: int) -> float:
    """Microseconds the client rules and the staging take per row, on one core."""
    code = f"""
import sys, time
from tui_clients.services.admin.database import prepare
prepare("sqlite:///{csv_path.parent / "floor-checks.db"}", create_folder=True)
from tui_clients.services.imports import prepare as p
from tui_clients.services.imports.mappings import open_clients
rules = p.load_rules("MX")
rows = []
with open_clients({str(csv_path)!r}) as source:
    for raw in source.rows():
        if not raw.problems:
            rows.append((raw.line, raw.values))
        if len(rows) >= {rows} + 1000:
            break
p.check_chunk(rows[:1000], rules)
began = time.perf_counter()
p.check_chunk(rows[1000:], rules)
print((time.perf_counter() - began) / len(rows[1000:]) * 1e6)
"""
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    return float(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/tui-clients-bench"))
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--transaction", default="2500,5000")
    parser.add_argument("--without", default="")
    parser.add_argument("--checks", type=int, default=20_000)
    args = parser.parse_args()
    source = args.workdir / f"import-{args.rows}.db"
    if not source.exists():
        raise SystemExit(f"{source}: run bench/import.py --rows {args.rows} first")
    clients = sqlite3.connect(source).execute("SELECT count(*) FROM client").fetchone()[0]
    print(f"SQLite alone, storing the {clients:,} clients of {source} again:")
    target = args.workdir / "floor.db"
    without = [n for n in args.without.split(",") if n]
    for per in [int(n) for n in args.transaction.split(",")]:
        for left_out in [[]] + ([without] if without else []):
            spent = store(source, target, per, left_out)
            label = f"{per:,} clients a transaction" + (
                f", without {', '.join(left_out)}" if left_out else ""
            )
            parts = ", ".join(
                f"{k} {v:.1f}" for k, v in spent.items() if k != "total" and v >= 0.05
            )
            print(f"  {label}: {spent['total']:.1f} s ({parts})", flush=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    if args.checks:
        micro = checks_per_row(args.workdir / f"import-{args.rows}.csv", args.checks)
        print(
            f"checks and staging on one core: {micro:.0f} µs a row, so "
            f"{micro * args.rows / 1e6:.0f} s of a core for {args.rows:,} rows"
        )


if __name__ == "__main__":
    main()

"""How fast the dashboard's figures are at a million clients; prints figures.

    python bench/dashboard.py [--db PATH] [--imports PATH] [--rounds 3]

PATH is an SQLite file such as the one `python bench/search.py` builds with
`tui-clients demo --count 1000000` (opened as the application opens it, so its
pending migrations are applied: use a copy you may write to).  Each figure is timed
once from a freshly opened database (its pages may still be on disk: "first") and
then ``--rounds`` more times ("warm", the best of them).  ``--imports`` names a
database with import jobs (e.g. the one `bench/import.py --rows 1000000` fills),
opened read-only, for the imports and new clients per month.  Last, the TUI is driven
headless in a child process: the time from pressing g on the list until each section
of the dashboard is filled.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

FIGURES = (
    ("clients by state", "clients_by_state"),
    ("clients by category", "clients_by_category"),
    ("clients by country", "clients_by_country"),
    ("clients by region", "clients_by_region"),
    ("new clients per month", "new_clients_per_month"),
    ("imports per month", "imports_per_month"),
)

CHILD = r"""
import asyncio, json, sys, time
from tui_clients.services.admin.database import prepare
from tui_clients.services.settings import Settings
from tui_clients.tui.app import ClientsApp
from tui_clients.tui.admin.dashboard import DashboardScreen

async def main():
    settings = Settings.load()
    prepare(settings.database)
    app = ClientsApp(settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.5)
        await app.workers.wait_for_complete()
        started = time.perf_counter()
        await pilot.press("g")
        while not isinstance(app.screen, DashboardScreen) or app.screen.filled < app.screen.panels:
            if time.perf_counter() - started > 120:
                raise SystemExit("the dashboard never filled")
            await pilot.pause(0.01)
        arrived = app.screen.arrived
        print(json.dumps({key: at - started for key, at in arrived.items()}))

asyncio.run(main())
"""


def measure(rounds: int, figures=FIGURES) -> list[tuple[str, float, float, str]]:
    from tui_clients.services.clients import dashboard

    found = []
    for title, name in figures:
        figure = getattr(dashboard, name)
        t0 = time.perf_counter()
        result = figure()
        first = time.perf_counter() - t0
        warm = []
        for _ in range(rounds):
            t0 = time.perf_counter()
            figure()
            warm.append(time.perf_counter() - t0)
        found.append((title, first, min(warm) if warm else first, summary(result)))
    return found


def summary(result) -> str:
    if isinstance(result, list):
        return f"{len(result)} rows, {sum(c.value for c in result):,} clients"
    if isinstance(result, dict):
        return f"{len(result)} months"
    return f"{result.total:,} clients, {result.trash:,} in the trash"


def run(url: str, rounds: int, label: str) -> None:
    from tui_clients.services.admin.database import prepare

    t0 = time.perf_counter()
    db, applied = prepare(url)
    opened = time.perf_counter() - t0
    clients = db.execute_sql("SELECT COUNT(*) FROM client").fetchone()[0]
    print(f"{label}: {url}")
    print(
        f"  clients: {clients:,}; opened in {opened:.2f} s"
        + (f" (applied {', '.join(m.name for m in applied)})" if applied else "")
    )
    for title, first, warm, what in measure(rounds):
        print(f"  {title:24} first {1000 * first:8.1f} ms   warm {1000 * warm:8.1f} ms   {what}")
    db.close()


def run_read_only(path: Path, rounds: int) -> None:
    """The import figures on a database this bench may not write to (opened read-only,
    so no migration is applied: only the figures that need none)."""
    from peewee import SqliteDatabase

    from tui_clients.db.base import database

    db = SqliteDatabase(f"file:{path.resolve()}?mode=ro", uri=True)
    database.initialize(db)
    jobs = db.execute_sql("SELECT COUNT(*), SUM(total) FROM import_job").fetchone()
    clients = db.execute_sql("SELECT COUNT(*) FROM client").fetchone()[0]
    print(f"imports: {path} (read-only)")
    print(f"  clients: {clients:,}; import jobs: {jobs[0]:,} ({jobs[1] or 0:,} rows)")
    wanted = [f for f in FIGURES if f[1] in ("new_clients_per_month", "imports_per_month")]
    for title, first, warm, what in measure(rounds, wanted):
        print(f"  {title:24} first {1000 * first:8.1f} ms   warm {1000 * warm:8.1f} ms   {what}")
    db.close()


def tui(url: str) -> None:
    env = dict(os.environ, TUI_CLIENTS_DB=url)
    out = subprocess.run(
        [sys.executable, "-c", CHILD], env=env, capture_output=True, text=True, check=True
    ).stdout
    times = json.loads(out.strip().splitlines()[-1])
    print("TUI (80x24), from g on the list, each section filled after:")
    for key, seconds in times.items():
        print(f"  {key:10} {1000 * seconds:6.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", type=Path, default=Path("/tmp/dash-bench/1m.db"))
    parser.add_argument("--imports", type=Path, default=None)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--no-tui", action="store_true")
    args = parser.parse_args()
    url = f"sqlite:///{args.db.resolve()}"
    run(url, args.rounds, "clients")
    if args.imports:
        run_read_only(args.imports, args.rounds)
    if not args.no_tui:
        tui(url)


if __name__ == "__main__":
    main()

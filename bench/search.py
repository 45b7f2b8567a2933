"""Search and list speed at a million clients; prints figures.

    python bench/search.py [--db PATH] [--count 1000000] [--queries 200]

Builds the database with `tui-clients demo` (or reuses PATH), then measures:
- query + first page over realistic queries (prefixes, substrings, document,
  e-mail and phone fragments, accented and unaccented), the page alone and
  with the count the list shows;
- the TUI's first paint from process start, the jump to the end (End key) and
  the running TUI's peak RSS, in a child process driving the real app headless;
- the database size and how much of it is the search index.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

CHILD = r"""
import json, resource, sys, time
started = time.perf_counter()
from tui_clients.services.admin.database import prepare
from tui_clients.services.settings import Settings
from tui_clients.tui.app import ClientsApp
from tui_clients.tui.clients.client_table import ClientTable

async def main():
    settings = Settings.load()
    prepare(settings.database)  # as `tui-clients` does before starting the app
    app = ClientsApp(settings)
    async with app.run_test(size=(120, 40)) as pilot:
        table = None
        while table is None or table.total == 0 or table.row(0) is None:
            if time.perf_counter() - started > 60:
                raise SystemExit("no rows after 60 s")
            await pilot.pause(0.005)
            tables = app.screen.query(ClientTable)
            table = tables.first() if tables else None
        painted = time.perf_counter() - started
        while table.total < 1000:  # the count arrives after the first page
            await pilot.pause(0.005)
        await app.workers.wait_for_complete()  # the app is idle, as when an operator reaches for End
        t0 = time.perf_counter()
        await pilot.press("end")
        while table.row(table.total - 1) is None:
            if time.perf_counter() - t0 > 60:
                raise SystemExit("the end never came")
            await pilot.pause(0.002)
        await pilot.pause()
        end = time.perf_counter() - t0
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps({"first_paint": painted, "end": end, "rss_mb": rss, "total": table.total}))

import asyncio
asyncio.run(main())
"""


def build(path: Path, count: int) -> None:
    print(f"building {count:,} clients in {path} with tui-clients demo …", flush=True)
    subprocess.run(
        [sys.executable, "-m", "tui_clients", "demo", "--count", str(count), "--seed", "1"],
        env=os.environ,
        check=True,
        stderr=subprocess.DEVNULL,
    )


def realistic_queries(db: Path, n: int, seed: int = 7) -> list[str]:
    """Queries an operator types: pieces of real names, documents, e-mails and phones."""
    con = sqlite3.connect(db)
    top = con.execute("select max(id) from client").fetchone()[0]
    rnd = random.Random(seed)
    queries: list[str] = []
    while len(queries) < n:
        row = con.execute(
            "select legal_name, document_number, email, phone, code from client where id >= ? limit 1",
            (rnd.randrange(1, top),),
        ).fetchone()
        name, number, email, phone, code = row
        words = [w for w in name.split() if len(w) > 3]
        kind = len(queries) % 8
        if kind == 0 and words:  # a name prefix, as typed
            word = rnd.choice(words)
            queries.append(word[: rnd.randrange(3, len(word) + 1)])
        elif kind == 1 and words:  # unaccented, lower-case
            queries.append(rnd.choice(words).lower().translate(str.maketrans("áéíóúñü", "aeiounu")))
        elif kind == 2 and len(words) > 1:  # two words
            queries.append(" ".join(rnd.sample(words, 2)))
        elif kind == 3:  # a document fragment
            start = rnd.randrange(0, max(len(number) - 6, 1))
            queries.append(number[start : start + rnd.randrange(5, 9)])
        elif kind == 4 and email:  # an e-mail fragment
            local = email.split("@")[0]
            queries.append(local[: rnd.randrange(4, len(local) + 1)])
        elif kind == 5 and phone:  # phone digits, typed with a space
            digits = phone[-8:]
            queries.append(f"{digits[:4]} {digits[4:]}")
        elif kind == 6:  # a client code
            queries.append(code.lower())
        elif kind == 7 and words:  # an accented substring from inside a name
            word = rnd.choice(words)
            queries.append(word[1:-1] if len(word) > 5 else word)
    return queries


PLACES = (
    "Bogotá, Colombia",
    "Medellín, Colombia",
    "Tunja, Colombia",
    "Lima, Perú",
    "Arequipa, Perú",
    "Ciudad de México",
    "Guadalajara, Jalisco, México",
    "Mérida, Yucatán",
)


def near_timings(ClientFilter, count, page) -> list[float]:
    """The list filtered to clients near a place, sorted nearest first, as the TUI does
    (first page + count); warm figures (each search is run twice, the second is timed)."""
    from tui_clients.services.geo.geocoding import near_point

    timings = []
    for place in PLACES:
        latitude, longitude, _ = near_point(place, "MX")
        for km in (5, 25, 100):
            where = ClientFilter(near=(latitude, longitude, km))
            for _ in range(2):
                t0 = time.perf_counter()
                page(where, sort="distance", limit=100)
                total = count(where)
                elapsed = (time.perf_counter() - t0) * 1000
            if total:
                timings.append(elapsed)
    return timings


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(int(len(ordered) * p / 100), len(ordered) - 1)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path("/tmp/tui-clients-bench/1m.db"))
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    path = args.db.resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    os.environ["TUI_CLIENTS_DB"] = f"sqlite:///{path}"
    settings = path.parent / "bench-settings.toml"
    settings.touch()  # the program refuses a settings file it is told of and cannot find
    os.environ["TUI_CLIENTS_CONFIG"] = str(settings)
    if not path.exists():
        build(path, args.count)

    from tui_clients.services.admin.database import prepare
    from tui_clients.services.clients.listing import ClientFilter, count, page

    db, _ = prepare(os.environ["TUI_CLIENTS_DB"])
    queries = realistic_queries(path, args.queries)
    passes = {}
    for label in ("first pass (cold)", "second pass (warm)"):
        page_ms, full_ms, name_ms, hits = [], [], [], []
        for q in queries:
            where = ClientFilter(text=q)
            # as the list does: a search shows newest first until the operator picks an order
            t0 = time.perf_counter()
            page(where, sort="code", descending=True, limit=100)
            t1 = time.perf_counter()
            total = count(where)
            t2 = time.perf_counter()
            page(where, sort="name", limit=100)
            t3 = time.perf_counter()
            page_ms.append((t1 - t0) * 1000)
            full_ms.append((t2 - t0) * 1000)
            name_ms.append((t3 - t2) * 1000)
            hits.append(total)
        passes[label] = (page_ms, full_ms, name_ms)
    near_ms = near_timings(ClientFilter, count, page)
    total_clients = count(ClientFilter())
    t0 = time.perf_counter()
    page(ClientFilter(), offset=total_clients - 100, limit=100, total=total_clients)
    end_ms = (time.perf_counter() - t0) * 1000
    db.close()

    child = subprocess.run(
        [sys.executable, "-c", CHILD], capture_output=True, text=True, env=os.environ, check=True
    )
    tui = json.loads(child.stdout.strip().splitlines()[-1])

    con = sqlite3.connect(path)
    size = path.stat().st_size
    try:
        index = con.execute(
            "select sum(pgsize) from dbstat where name like 'client_search%'"
        ).fetchone()[0]
    except sqlite3.OperationalError:
        index = None
    print(f"clients:                               {total_clients:,}")
    print(
        f"queries:                               {len(queries)} (median {statistics.median(hits):,.0f} matches, "
        f"max {max(hits):,})"
    )
    for pass_label, (page_ms, full_ms, name_ms) in passes.items():
        print(pass_label)
        for label, values in (
            ("  query + first page (newest first)", page_ms),
            ("  the same + count of matches", full_ms),
            ("  query + first page sorted by name", name_ms),
        ):
            print(
                f"{label + ':':<40} p50 {percentile(values, 50):.1f} ms, "
                f"p95 {percentile(values, 95):.1f} ms, max {max(values):.1f} ms"
            )
    print(f"last page of the whole list:           {end_ms:.1f} ms")
    if near_ms:
        print(f"near a place (5-100 km, {len(near_ms)} searches), nearest first + count:")
        print(
            f"{'  warm:':<40} p50 {percentile(near_ms, 50):.1f} ms, "
            f"p95 {percentile(near_ms, 95):.1f} ms, max {max(near_ms):.1f} ms"
        )
    else:
        print("near a place:                          no coordinates in this database")
    print(f"TUI first paint (from process start):  {tui['first_paint']:.2f} s")
    print(f"TUI jump to the end (End key):         {tui['end'] * 1000:.0f} ms")
    print(f"TUI peak RSS:                          {tui['rss_mb']:.0f} MB")
    if index:
        print(
            f"database size:                         {size / 1e6:,.0f} MB, of which the search index "
            f"{index / 1e6:,.0f} MB ({index / (size - index):.2f}x the rest)"
        )
    else:
        print(f"database size:                         {size / 1e6:,.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""A client's code or document typed in the list's search, at a million clients; prints figures.

    python bench/exact_search.py [--db PATH] [--count 1000000] [--queries 100]

Builds the database with `tui-clients demo` (or reuses PATH).  For clients picked at
random it searches, as the list does while searching (newest first, then the count):
- the code as shown (``CL-0002008``) and with the search's slash (``/CL-0002008``);
- the document as the list shows it (a NIT with its hyphen) and compact, in lower case;
and prints how long the first page and the count took, and where the client typed
came in that first page (1 = first: Enter opens it).  The clients are picked among the
oldest tenth, whose digits newer clients hold most often.
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path


def build(path: Path, count: int) -> None:
    print(f"building {count:,} clients in {path} with tui-clients demo …", flush=True)
    subprocess.run(
        [sys.executable, "-m", "tui_clients", "demo", "--count", str(count), "--seed", "1"],
        env=os.environ,
        check=True,
        stderr=subprocess.DEVNULL,
    )


def picked(path: Path, n: int, seed: int = 11) -> list[tuple[int, str, str, str]]:
    """(id, code, document type, document number) of ``n`` clients picked at random among
    the oldest tenth: the clients whose code digits newer clients' phones, postal codes and
    documents hold most often (and a search shows newest first)."""
    con = sqlite3.connect(path)
    top = con.execute("select max(id) from client").fetchone()[0] // 10
    rnd = random.Random(seed)
    rows = []
    while len(rows) < n:
        row = con.execute(
            "select c.id, c.code, d.code, c.document_number from client c "
            "join document_type d on d.id = c.document_type_id "
            "where c.id >= ? and c.deleted_at is null order by c.id limit 1",
            (rnd.randrange(1, top),),
        ).fetchone()
        if row and row[3] not in ("XAXX010101000", "XEXX010101000"):
            rows.append(row)
    return rows


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(int(len(ordered) * p / 100), len(ordered) - 1)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path("/tmp/tui-clients-bench/1m.db"))
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=100)
    args = parser.parse_args()
    path = args.db.resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    os.environ["TUI_CLIENTS_DB"] = f"sqlite:///{path}"
    os.environ["TUI_CLIENTS_CONFIG"] = str(path.parent / "bench-settings.toml")
    if not path.exists():
        build(path, args.count)

    from tui_clients.domain.documents import display_document
    from tui_clients.services.admin.database import prepare
    from tui_clients.services.clients.listing import ClientFilter, count, page

    db, _ = prepare(os.environ["TUI_CLIENTS_DB"])
    clients = picked(path, args.queries)
    kinds = {
        "code as shown": lambda code, doc, number: code,
        "code after the slash": lambda code, doc, number: "/" + code,
        "document as shown": lambda code, doc, number: display_document(doc, number),
        "document, lower case": lambda code, doc, number: number.lower(),
    }
    print(f"clients: {count(ClientFilter()):,}; {len(clients)} clients searched for")
    for label, spelling in kinds.items():
        for pass_label in ("cold", "warm"):
            page_ms, full_ms, places, first = [], [], [], 0
            for client_id, code, doc, number in clients:
                where = ClientFilter(text=spelling(code, doc, number))
                t0 = time.perf_counter()
                rows = page(where, sort="code", descending=True, limit=100)
                t1 = time.perf_counter()
                total = count(where)
                t2 = time.perf_counter()
                page_ms.append((t1 - t0) * 1000)
                full_ms.append((t2 - t0) * 1000)
                ids = [r.id for r in rows]
                place = ids.index(client_id) + 1 if client_id in ids else 0
                places.append(place)
                first += place == 1
                del total
            shown = [p for p in places if p]
            print(
                f"{label} ({pass_label}): first page p50 {percentile(page_ms, 50):.1f} ms, "
                f"p95 {percentile(page_ms, 95):.1f} ms, max {max(page_ms):.1f} ms; "
                f"with the count p50 {percentile(full_ms, 50):.1f} ms, "
                f"p95 {percentile(full_ms, 95):.1f} ms"
            )
            print(
                f"    the client typed came first in {first} of {len(clients)} searches"
                + (
                    f" (median place {statistics.median(shown):.0f}, worst {max(shown)};"
                    f" not on the first page: {places.count(0)})"
                    if first < len(clients)
                    else ""
                )
            )
    db.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

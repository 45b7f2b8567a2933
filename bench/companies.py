"""The wizard's company picker ("from an existing company") at scale; prints figures.

    python bench/companies.py [--db PATH] [--count 1000000]

Builds the database with `tui-clients demo` unless PATH exists, then times
search_companies for name and document prefixes drawn from the data, words
from inside names, and queries that match nothing.
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path, default=Path("/tmp/tui-clients-bench/1m.db"))
    parser.add_argument("--count", type=int, default=1_000_000)
    args = parser.parse_args()
    os.environ["TUI_CLIENTS_DB"] = f"sqlite:///{args.db.resolve()}"
    if not args.db.exists():
        args.db.parent.mkdir(parents=True, exist_ok=True)
        print(f"building {args.count:,} clients in {args.db} …", flush=True)
        subprocess.run(
            [
                sys.executable,
                "-m",
                "tui_clients",
                "demo",
                "--count",
                str(args.count),
                "--seed",
                "1",
            ],
            check=True,
            stderr=subprocess.DEVNULL,
        )
    from tui_clients.services.admin.database import prepare
    from tui_clients.services.registration.lookups import search_companies

    prepare(os.environ["TUI_CLIENTS_DB"])
    con = sqlite3.connect(args.db)
    companies = con.execute("select count(*) from company").fetchone()[0]
    rows = con.execute(
        "select legal_name, document_number from company order by random() limit 100"
    ).fetchall()
    rnd = random.Random(3)
    queries = {
        "name prefix": [name[: rnd.randint(2, 8)] for name, _doc in rows],
        "document prefix": [doc[: rnd.randint(3, 8)] for _name, doc in rows],
        "word inside": [rnd.choice(name.split()[1:] or [name])[:6] for name, _doc in rows],
        "no match": ["zzq", "xqw corp", "99999999"] * 10,
    }
    print(f"companies: {companies:,}")
    for label, texts in queries.items():
        times = []
        for text in texts:
            started = time.perf_counter()
            search_companies(text)
            times.append((time.perf_counter() - started) * 1000)
        times.sort()
        p95 = times[int(len(times) * 0.95) - 1]
        print(
            f"  {label:16} p50 {statistics.median(times):6.1f} ms   p95 {p95:6.1f} ms   "
            f"max {times[-1]:6.1f} ms"
        )


if __name__ == "__main__":
    main()

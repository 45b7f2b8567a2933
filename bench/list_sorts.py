"""The list's pages in each of its orders at a million clients, with and without the six
list indexes an import pays for; prints figures.

    python bench/list_sorts.py --db PATH [--without-list-indexes]

PATH: a registry (the one `bench/import.py --rows 1000000` leaves, or the demo database
of `bench/search.py`).  Times, warm (the best of two), the first page of 100 rows and the
one in the middle of the list, as the list reads them, in every order the list offers.
``--without-list-indexes`` first DROPS the six list indexes (document, e-mail, phone,
active, category, country) from PATH: give it a copy.  They cost an import about half of
SQLite's time at a million clients (`bench/import_floor.py --without …`); this shows
what the list would pay without them.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

LIST_INDEXES = ("document", "email", "phone", "active", "category", "country")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--without-list-indexes", action="store_true")
    args = parser.parse_args()
    os.environ["TUI_CLIENTS_DB"] = f"sqlite:///{args.db.resolve()}"

    from tui_clients.services.admin.database import prepare
    from tui_clients.services.clients.listing import SORTS, ClientFilter, count, page

    db, _ = prepare(os.environ["TUI_CLIENTS_DB"])
    if args.without_list_indexes:
        for name in LIST_INDEXES:
            db.execute_sql(f"DROP INDEX IF EXISTS idx_client_list_{name}")
    everyone = ClientFilter()
    total = count(everyone)
    state = "without" if args.without_list_indexes else "with"
    print(f"{total:,} clients, {state} the six list indexes; a page of 100 rows, warm:")
    for sort in SORTS:
        shown = []
        for offset in (0, total // 2):
            best = float("inf")
            for _ in range(2):
                began = time.perf_counter()
                page(everyone, sort=sort, descending=False, limit=100, offset=offset)
                best = min(best, time.perf_counter() - began)
            shown.append(f"{best * 1000:8.1f} ms")
        print(f"  by {sort:<9} first page {shown[0]}   middle page {shown[1]}", flush=True)
    db.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

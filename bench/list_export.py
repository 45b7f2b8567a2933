"""The TUI's "Exportar" of the list as shown, at a large registry; prints figures.

    python bench/list_export.py --db PATH [--sort name] [--descending] [--text TEXT]

Writes the list (all clients, or those a search finds) in the list's order to a
temporary file, as the export dialog's worker does, and prints the rows written, the
time, the rate, and the process's resident memory at each tenth of the way: it must stay
flat (rows are streamed, never held).  The database is only read.
"""

from __future__ import annotations

import argparse
import os
import resource
import tempfile
import time
from pathlib import Path


def rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        pages = int(fh.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path("/tmp/tui-clients-bench/1m.db"))
    parser.add_argument("--sort", default="name")
    parser.add_argument("--descending", action="store_true")
    parser.add_argument("--text", default="")
    args = parser.parse_args()

    from tui_clients.db.connection import open_database
    from tui_clients.services.clients.listing import ClientFilter, count
    from tui_clients.services.imports.list_export import export_list

    open_database(f"sqlite:///{args.db.resolve()}")
    where = ClientFilter(text=args.text)
    started = time.perf_counter()
    total = count(where)
    print(f"matches: {total:,} (counted in {time.perf_counter() - started:.2f} s)")
    marks: list[tuple[int, float]] = []
    step = max(total // 10, 1)

    def progress(done: int) -> None:
        if not marks or done - marks[-1][0] >= step:
            marks.append((done, rss_mb()))

    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "lista.csv"
        before = rss_mb()
        started = time.perf_counter()
        n = export_list(
            str(target), where, sort=args.sort, descending=args.descending, progress=progress
        )
        seconds = time.perf_counter() - started
        size = target.stat().st_size
    print(f"order: {args.sort} {'desc' if args.descending else 'asc'}")
    print(
        f"rows: {n:,} in {seconds:.1f} s = {n / max(seconds, 1e-9):,.0f} rows/s; "
        f"file {size / 2**20:,.1f} MiB"
    )
    print(
        f"memory (RSS, MiB): before {before:.0f}; "
        + ", ".join(f"{done:,}: {mb:.0f}" for done, mb in marks)
        + f"; peak {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""An import's rows checked in chunks, on worker processes for a large file, in the
file's order (see ``prepare``: the same check wherever it runs)."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor

from tui_clients.domain.csv.read import RawRow
from tui_clients.services.imports.prepare import (
    Checked,
    Rules,
    check_chunk,
    check_packed,
    start_worker,
    unpacked,
)
from tui_clients.services.processes import worker_pool

CHUNK = 1000  # rows checked together (written in transactions sized by time: Pace)
AHEAD = 4  # chunks given to each worker process ahead of the rows being written


class Checker:
    """Reads rows in chunks and checks them, on worker processes when ``workers`` > 0
    (a few chunks ahead, so memory stays bounded whatever the file's size)."""

    def __init__(self, rules: Rules, workers: int) -> None:
        self.rules, self.workers = rules, workers
        self.pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> Checker:
        if self.workers > 0:
            self.pool = worker_pool(self.workers, start_worker, (self.rules,))
        return self

    def __exit__(self, *exc) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)

    def rows(self, rows: Iterator[RawRow]) -> Iterator[tuple[RawRow, Checked | None]]:
        """Each row read, with its check (None for a row the reader found broken)."""
        for raws, checked in self.chunks(rows):
            by_line = {c.line: c for c in checked}
            for raw in raws:
                yield raw, by_line.get(raw.line)

    def chunks(self, rows: Iterator[RawRow]) -> Iterator[tuple[list[RawRow], list[Checked]]]:
        pending: deque = deque()
        for raws in _chunked(rows, CHUNK):
            todo = [(r.line, r.values) for r in raws if not r.problems]
            if self.pool is None:
                yield raws, check_chunk(todo, self.rules)
                continue
            pending.append((raws, self.pool.submit(check_packed, todo)))
            if len(pending) > AHEAD * self.workers:
                raws, future = pending.popleft()
                yield raws, unpacked(future.result())
        while pending:
            raws, future = pending.popleft()
            yield raws, unpacked(future.result())


def _chunked(rows: Iterator[RawRow], size: int) -> Iterator[list[RawRow]]:
    chunk: list[RawRow] = []
    for raw in rows:
        chunk.append(raw)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk

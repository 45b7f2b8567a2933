"""An import's rows checked in chunks, on worker processes for a large file, in the
file's order (see ``prepare``: the same check wherever it runs)."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from tui_clients.domain.csv.read import RawRow, in_chunks
from tui_clients.services.imports.prepare import (
    Checked,
    Rules,
    check_chunk,
    check_packed,
    start_worker,
    unpacked,
)
from tui_clients.services.processes import end_pool, worker_pool

CHUNK = 1000  # rows checked together (written in transactions sized by time: Pace)
AHEAD = 4  # chunks given to each worker process ahead of the rows being written
STALLED = 10.0  # seconds a worker may keep the oldest chunk (about 0.2 s of work) at most


class Checker:
    """Reads rows in chunks and checks them, on worker processes when ``workers`` > 0
    (a few chunks ahead, so memory stays bounded whatever the file's size)."""

    def __init__(self, rules: Rules, workers: int) -> None:
        self.rules, self.workers = rules, workers
        self.pool: ProcessPoolExecutor | None = None
        # a worker died (the pool is broken) or stopped answering: the rest is checked here
        self.alone = False
        self.stalled = False

    def __enter__(self) -> Checker:
        if self.workers > 0:
            self.pool = worker_pool(self.workers, start_worker, (self.rules,))
        return self

    def __exit__(self, *exc) -> None:
        if self.pool is not None:
            end_pool(self.pool, kill=self.stalled)

    def rows(self, rows: Iterator[RawRow]) -> Iterator[tuple[RawRow, Checked | None]]:
        """Each row read, with its check (None for a row the reader found broken)."""
        for raws, checked in self.chunks(rows):
            by_line = {c.line: c for c in checked}
            for raw in raws:
                yield raw, by_line.get(raw.line)

    def chunks(self, rows: Iterator[RawRow]) -> Iterator[tuple[list[RawRow], list[Checked]]]:
        """Chunks of rows with their checks, in the file's order.  With worker processes,
        this process checks a chunk itself whenever the workers are behind (the oldest
        chunk not back yet) instead of waiting for them: the checks cost more than the
        writing, so the importing process would otherwise idle while a core is free."""
        source = in_chunks(rows, CHUNK)
        if self.pool is None:
            for raws in source:
                yield raws, check_chunk(_todo(raws), self.rules)
            return
        pending: deque[tuple[list[RawRow], Future[bytes] | list[Checked]]] = deque()
        more = True
        while True:
            while more and len(pending) <= AHEAD * self.workers:
                chunk = next(source, None)
                if chunk is None:
                    more = False
                else:
                    pending.append((chunk, self._submit(chunk)))
            if not pending:
                return
            raws, result = pending[0]
            behind = isinstance(result, Future) and not result.done()
            if behind and more and len(pending) <= 2 * AHEAD * self.workers:
                if (extra := next(source, None)) is None:
                    more = False
                else:  # checked here, kept in its place after the workers' chunks
                    pending.append((extra, check_chunk(_todo(extra), self.rules)))
                continue
            pending.popleft()
            yield raws, self._result(raws, result)

    def _submit(self, raws: list[RawRow]) -> Future[bytes] | list[Checked]:
        """A chunk given to the workers, or checked here once they are gone."""
        if not self.alone and self.pool is not None:
            try:
                return self.pool.submit(check_packed, _todo(raws))
            except BrokenProcessPool:
                self.alone = True
        return check_chunk(_todo(raws), self.rules)

    def _result(self, raws: list[RawRow], result: Future[bytes] | list[Checked]) -> list[Checked]:
        """The checks of a chunk.  A worker killed meanwhile (kill -9, the kernel out of
        memory) leaves the pool unusable, and one that keeps a chunk STALLED seconds
        (stopped by a signal, starved of CPU) is not waited for any longer: either way its
        chunks are checked here, and the import goes on with the same results, only slower."""
        if not isinstance(result, Future):
            return result
        try:
            if self.alone and not result.done():
                raise TimeoutError
            return unpacked(result.result(timeout=STALLED))
        except BrokenProcessPool:
            self.alone = True
        except TimeoutError:
            self.alone = self.stalled = True
        return check_chunk(_todo(raws), self.rules)


def _todo(raws: list[RawRow]) -> list[tuple[int, dict[str, str]]]:
    """The rows to check: those the reader found readable, as (line, values)."""
    return [(r.line, r.values) for r in raws if not r.problems]

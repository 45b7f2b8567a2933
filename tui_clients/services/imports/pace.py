"""How big an import's write transactions are: sized by time, not rows, so no import
keeps another operator's save waiting (the client import and the inventory import)."""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from typing import TypeVar

from peewee import SqliteDatabase

from tui_clients.db import models as m

T = TypeVar("T")

LARGEST = 5_000  # rows in one transaction at most (its rows are in memory: 10,000 took 220 MB)


class Pace:
    """Sizes an import's write transactions by time, not rows: each holds the database
    (SQLite's one write lock) about ``TARGET`` seconds at most, so another operator's
    save waits a moment, never fails.  On SQLite the lock is then left free a while
    (a fifth of the transaction's time, up to ``GAP``) before the next transaction
    begins: SQLite's busy handler polls, it does not queue, so a waiting writer needs
    such a gap to get in.  The time spent reading and checking the next rows counts."""

    TARGET = 0.8  # seconds a transaction may hold the lock
    FIRST = 50  # rows in the first transaction, before any speed is known
    GAP = 0.1  # a waiter past its first tries polls every 100 ms: it cannot miss this

    def __init__(self, *, pause: bool | None = None) -> None:
        """``pause``: leave the lock free between transactions (default: on SQLite)."""
        if pause is None:
            pause = isinstance(m.database.obj, SqliteDatabase)
        self.size, self.pause = self.FIRST, pause
        self._free_until = 0.0

    def parts(self, rows: Sequence[T]) -> Iterator[Sequence[T]]:
        """``rows`` a transaction's worth at a time."""
        return self.batches(rows)

    def batches(self, rows: Iterable[T]) -> Iterator[list[T]]:
        """The items of ``rows`` (a stream: taken as needed) a transaction's worth at a
        time; the caller writes each batch before asking for the next."""
        items = iter(rows)
        while part := list(islice(items, self.size)):
            if self.pause and (rest := self._free_until - time.monotonic()) > 0:
                time.sleep(rest)
            began = time.monotonic()
            yield part
            ended = time.monotonic()
            self.took(len(part), ended - began)
            self._free_until = ended + min(self.GAP, max(0.005, (ended - began) / 5))

    def took(self, count: int, seconds: float) -> None:
        """Size the next transaction from the speed of the last one."""
        fits = int(count * self.TARGET / seconds) if seconds > 0 else LARGEST
        self.size = max(1, min(LARGEST, 2 * count, fits))

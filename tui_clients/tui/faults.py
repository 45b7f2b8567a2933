"""Storage faults in the TUI: said in a notification, and the app goes on.

``with faults_noted(app): …`` around a write: a full disk, a read-only database, a lock
held too long or a lost server ends the block with one error notification in the
operator's language (see :mod:`tui_clients.services.faults`); any other exception is a
bug and goes on up.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from textual.app import App

from tui_clients.services.faults import StorageFault, storage_fault

FAULT_SECONDS = 15  # long enough to read what to do


def say_fault(app: App, fault: StorageFault) -> None:
    app.notify(fault.message(), severity="error", timeout=FAULT_SECONDS, markup=False)


@contextmanager
def faults_noted(app: App) -> Iterator[None]:
    try:
        yield
    except Exception as exc:
        fault = storage_fault(exc)
        if fault is None:
            raise
        say_fault(app, fault)

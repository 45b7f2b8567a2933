"""Placing stored addresses on the map in the background (one run at a time per app).

With an online geocoder an import leaves its addresses for later: at a request a
second they would hold the import for hours.  The app then places them in a thread
worker while the operator goes on; the import screen shows the progress, ctrl+x stops
it (what was placed is kept) and a notification says how it ended.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from textual.app import App

from tui_clients.domain.i18n import _
from tui_clients.services.geo import geocoding
from tui_clients.services.geo.geocoding import FillReport


@dataclass
class GeocodeState:
    started: float
    cancel: threading.Event
    done: int = 0
    total: int = 0
    report: FillReport | None = None
    failure: str = ""  # an unexpected error, said in words


class GeocodeRunner:
    def __init__(self, app: App) -> None:
        self.app = app
        self.state: GeocodeState | None = None

    @property
    def running(self) -> bool:
        return self.state is not None and self.state.report is None and not self.state.failure

    def start(self) -> bool:
        """Place every address not tried yet; False when a run is going on already."""
        if self.running:
            return False
        state = self.state = GeocodeState(time.monotonic(), threading.Event())
        state.total = geocoding.missing_count()

        def progressed(done: int, total: int) -> None:
            state.done, state.total = done, total

        def work() -> None:
            try:
                state.report = geocoding.fill_missing(progress=progressed, cancel=state.cancel)
            except Exception as exc:  # the database went away: a message, not a crash
                state.failure = str(exc) or exc.__class__.__name__
            self.app.call_from_thread(self._ended, state)

        self.app.run_worker(work, thread=True, group="geocode-all", exit_on_error=False)
        return True

    def stop(self) -> None:
        if self.running:
            self.state.cancel.set()

    def _ended(self, state: GeocodeState) -> None:
        if state.failure:
            self.app.notify(
                _("Placing addresses on the map failed: {error}").format(error=state.failure),
                severity="error",
                markup=False,
                timeout=15,
            )
            return
        self.app.notify(geocode_text(state), markup=False, timeout=10)


def geocode_text(state: GeocodeState) -> str:
    """Where a run is, or how it ended, in a line."""
    if state.failure:
        return _("Placing addresses on the map failed: {error}").format(error=state.failure)
    r = state.report
    if r is None:
        elapsed = time.monotonic() - state.started
        rate = state.done / elapsed if elapsed > 0 else 0
        return _("Placing addresses on the map: {done:,} of {total:,} ({rate:.1f}/s)…").format(
            done=state.done, total=state.total, rate=rate
        )
    text = (
        _(
            "Placing addresses stopped: {placed:,} placed of {n:,} tried; the rest are "
            "left for later."
        )
        if r.cancelled
        else _("Addresses placed on the map: {placed:,} of {n:,}.")
    )
    return text.format(placed=r.placed, n=r.addresses)

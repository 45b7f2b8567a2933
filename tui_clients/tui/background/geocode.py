"""Placing stored addresses on the map in the background (one run at a time per app).

With an online geocoder an import leaves its addresses for later: at a request a
second they would hold the import for hours.  The app then places them in a thread
worker while the operator goes on.  The worker posts ``GeocodeProgressed`` (each replaces
the one before it) and ``GeocodeEnded`` to the App, which records them here and forwards
them to the client import screen, if open: it shows the progress, ctrl+x stops the run
(what was placed is kept) and a notification says how it ended.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from textual.message import Message

from tui_clients.domain.i18n import _
from tui_clients.services.faults import storage_fault
from tui_clients.services.geo import geocoding
from tui_clients.services.geo.geocoding import FillReport
from tui_clients.tui.widgets.host import ClientsHost


class AddressesPlaced(Message, bubble=False):
    """A saved client's addresses were placed by the online geocoder: ``placed`` of them."""

    def __init__(self, client_id: int, placed: int) -> None:
        super().__init__()
        self.client_id, self.placed = client_id, placed


class GeocodeProgressed(Message, bubble=False):
    """A run placed (or tried) ``done`` of ``total`` addresses."""

    def __init__(self, done: int, total: int) -> None:
        super().__init__()
        self.done, self.total = done, total

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, GeocodeProgressed)

    def again(self) -> GeocodeProgressed:
        return GeocodeProgressed(self.done, self.total)


class GeocodeEnded(Message, bubble=False):
    """A run ended: with its report, or with an unexpected ``failure``."""

    def __init__(self, report: FillReport | None, failure: str = "") -> None:
        super().__init__()
        self.report, self.failure = report, failure

    def again(self) -> GeocodeEnded:
        return GeocodeEnded(self.report, self.failure)


@dataclass
class GeocodeState:
    """A run, as its messages told it (recorded by the App, on its own thread)."""

    started: float
    cancel: threading.Event
    done: int = 0
    total: int = 0
    report: FillReport | None = None
    failure: str = ""  # an unexpected error, said in words


class GeocodeRunner:
    def __init__(self, app: ClientsHost) -> None:
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
        app = self.app

        def progressed(done: int, total: int) -> None:
            app.post_message(GeocodeProgressed(done, total))

        def work() -> None:
            try:
                report = geocoding.fill_missing(progress=progressed, cancel=state.cancel)
            except Exception as exc:  # the database went away: a message, not a crash
                fault = storage_fault(exc)  # a full disk, a lost server: said in words
                app.post_message(
                    GeocodeEnded(None, fault.message() if fault else str(exc) or type(exc).__name__)
                )
            else:
                app.post_message(GeocodeEnded(report))

        app.run_worker(
            work,
            thread=True,
            group="geocode-all",
            exit_on_error=False,
            description="place the addresses without coordinates",
        )
        return True

    def stop(self) -> None:
        if self.running:
            self.state.cancel.set()

    # --- what the App does with the messages (on its own thread) ------------------------

    def progressed(self, message: GeocodeProgressed) -> None:
        if self.running:
            self.state.done, self.state.total = message.done, message.total

    def ended(self, message: GeocodeEnded) -> None:
        if not self.running:
            return
        state = self.state
        state.report, state.failure = message.report, message.failure
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

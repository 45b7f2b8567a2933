"""Imports (of clients, of inventory) in thread workers of the App, one of each kind at a
time.

The worker calls the service and posts what happened to the App: ``ImportProgressed``
(each replaces the one before it in the queue) and ``ImportEnded``.  The App records
them here (``ImportRuns``, which it owns: an import screen closed and opened again shows
the run going on) and forwards them to the import screen of that kind, if one is open;
the screen shows what the run says when it mounts and when a message arrives.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from textual.message import Message

from tui_clients.domain.i18n import _
from tui_clients.services.imports.importer import ImportReport, run_import
from tui_clients.tui.background.geocode import GeocodeRunner
from tui_clients.tui.widgets.host import ClientsHost

CLIENTS = "clients"
INVENTORY = "inventory"

Progress = Callable[[Any], None]  # the service's progress callback
Job = Callable[[Progress, threading.Event], Any]  # calls the service, returns its report


class ImportProgressed(Message, bubble=False):
    """An import read more rows: ``progress`` is the service's, ``rate`` rows a second,
    ``left`` the seconds still to go (None until the run has moved)."""

    def __init__(self, kind: str, progress: Any, rate: float, left: float | None = None) -> None:
        super().__init__()
        self.kind, self.progress, self.rate, self.left = kind, progress, rate, left

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, ImportProgressed) and message.kind == self.kind

    def again(self) -> ImportProgressed:
        """The same news, for the next receiver (the App forwards it to a screen)."""
        return ImportProgressed(self.kind, self.progress, self.rate, self.left)


class ImportEnded(Message, bubble=False):
    """An import ended: with the service's report, or with an unexpected ``failure``."""

    def __init__(self, kind: str, report: Any, failure: str = "") -> None:
        super().__init__()
        self.kind, self.report, self.failure = kind, report, failure

    def again(self) -> ImportEnded:
        return ImportEnded(self.kind, self.report, self.failure)


@dataclass
class ImportRun:
    """One import, as its messages told it (recorded by the App, on its own thread)."""

    kind: str
    path: str
    announce: Callable[[ImportRun], None]  # tells the operator how it ended
    cancel: threading.Event = field(default_factory=threading.Event)
    progress: Any = None
    rate: float = 0.0
    left: float | None = None  # seconds, from the run's pace so far
    report: Any = None
    failure: str = ""  # an unexpected error, said in words

    @property
    def running(self) -> bool:
        return self.report is None and not self.failure


def shows(screen: Any, kind: str) -> bool:
    """Whether ``screen`` is the import screen of this kind of import (the App forwards it
    the run's messages; its panel says how the run ended, beside the error file's field,
    so no notice is laid over them when it is in front)."""
    return getattr(screen, "IMPORT_KIND", None) == kind


def time_left(first: float | None, now: float | None, seconds: float) -> float | None:
    """Seconds until the whole file is read, at the pace it went from ``first`` to ``now``
    (fractions of the file) in ``seconds``; None while that is not known."""
    if first is None or now is None or now <= first or seconds <= 0:
        return None
    return (1 - now) * seconds / (now - first)


class ImportRuns:
    """The imports of the App: the last run of each kind."""

    def __init__(self, app: ClientsHost, geocoder: GeocodeRunner) -> None:
        self.app = app
        self.geocoder = geocoder  # places what a client import left to the online geocoder
        self.runs: dict[str, ImportRun] = {}

    def run(self, kind: str) -> ImportRun | None:
        return self.runs.get(kind)

    def running(self, kind: str) -> bool:
        run = self.runs.get(kind)
        return run is not None and run.running

    def start(
        self, kind: str, path: str, job: Job, announce: Callable[[ImportRun], None]
    ) -> ImportRun | None:
        """Run ``job`` in a thread worker; None when an import of this kind is running."""
        if self.running(kind):
            return None
        run = self.runs[kind] = ImportRun(kind, path, announce)
        app, first = self.app, []

        def progressed(progress: Any) -> None:
            # the rate of this run, from its first report: a continued import reports the
            # rows of the run before it too
            now, fraction = time.monotonic(), getattr(progress, "fraction", None)  # inventory: none
            if not first:
                first.append((now, progress.rows, fraction))
            began, rows, from_fraction = first[0]
            rate = (progress.rows - rows) / (now - began) if now > began else 0.0
            left = time_left(from_fraction, fraction, now - began)
            app.post_message(ImportProgressed(kind, progress, rate, left))

        def work() -> None:
            try:
                report = job(progressed, run.cancel)
            except Exception as exc:  # disk full, database gone: a message, not a crash
                app.post_message(ImportEnded(kind, None, str(exc) or type(exc).__name__))
            else:
                app.post_message(ImportEnded(kind, report))

        app.run_worker(
            work,
            thread=True,
            group=f"import-{kind}",
            exit_on_error=False,
            description=f"{kind} import of {path}",
        )
        return run

    def start_clients(
        self,
        path: str,
        *,
        update: bool,
        dry_run: bool,
        mapping: Any = None,
        sheet: str | None = None,
    ) -> ImportRun | None:
        """Import a clients file (a workbook's ``sheet``; another system's through
        ``mapping``); None when one is being imported."""
        settings = self.app.settings

        def job(progressed: Progress, cancel: threading.Event) -> ImportReport:
            return run_import(
                path,
                update=update,
                dry_run=dry_run,
                default_country=settings.default_country,
                progress=progressed,
                cancel=cancel,
                mapping=mapping,
                sheet=sheet,
            )

        return self.start(CLIENTS, path, job, self._clients_ended)

    def stop(self, kind: str) -> bool:
        """Ask a running import to stop after its current batch; False if none runs."""
        if not self.running(kind):
            return False
        self.runs[kind].cancel.set()
        return True

    def stop_all(self) -> None:
        for kind in self.runs:
            self.stop(kind)

    # --- what the App does with the messages (on its own thread) ------------------------

    def progressed(self, message: ImportProgressed) -> None:
        run = self.runs.get(message.kind)
        if run is not None and run.running:
            run.progress, run.rate, run.left = message.progress, message.rate, message.left

    def ended(self, message: ImportEnded) -> None:
        run = self.runs.get(message.kind)
        if run is None or not run.running:
            return
        run.report, run.failure = message.report, message.failure
        run.announce(run)

    def _clients_ended(self, run: ImportRun) -> None:
        self.app.clients_changed()  # the imported clients show at once
        r: ImportReport | None = run.report
        if r is None:
            self.app.notify(
                _("The import failed: {error}").format(error=run.failure),
                severity="error",
                markup=False,
                timeout=15,
            )
        elif r.status in ("refused", "failed"):
            self.app.notify(
                r.refused
                if r.status == "failed"
                else _("The file was refused: {reason}").format(reason=r.refused),
                severity="error",
                markup=False,
                timeout=15,
            )
        else:
            if not shows(self.app.screen, run.kind):  # in front, its screen says it all
                if r.dry_run:  # nothing was stored: what would have been
                    ended = _(
                        "Check #{job} ended: {imported} would be imported, {updated} would be "
                        "updated, {rejected} rejected."
                    )
                elif r.status == "cancelled":
                    ended = _(
                        "Import #{job} stopped: {imported} imported, {updated} updated, "
                        "{rejected} rejected."
                    )
                else:
                    ended = _(
                        "Import #{job} ended: {imported} imported, {updated} updated, "
                        "{rejected} rejected."
                    )
                self.app.notify(
                    ended.format(
                        job=r.job_id,
                        imported=f"{r.imported:,}",
                        updated=f"{r.updated:,}",
                        rejected=f"{r.rejected:,}",
                    ),
                    severity="warning" if r.rejected else "information",
                    markup=False,
                    timeout=15,
                )
            if r.to_geocode:  # the online geocoder's turn, in the background
                self.geocoder.start()

"""The import of a clients CSV, in a thread worker of the app (one at a time).

The operator can leave the import screen and keep working: the runner keeps the
import's state for the screen to show whenever it is open, and a notification says how
it ended.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from tui_clients.domain.i18n import _
from tui_clients.services.imports.importer import ImportProgress, ImportReport, run_import
from tui_clients.tui.background.geocode import GeocodeRunner
from tui_clients.tui.widgets.host import ClientsHost


@dataclass
class ImportState:
    path: str
    started: float
    cancel: threading.Event
    progress: ImportProgress | None = None
    report: ImportReport | None = None
    failure: str = ""  # an unexpected error, said in words


class ImportRunner:
    """The one import an app runs at a time, in a thread worker of the app."""

    def __init__(self, app: ClientsHost, geocoder: GeocodeRunner) -> None:
        self.app = app
        self.geocoder = geocoder  # places what the import left to the online geocoder
        self.state: ImportState | None = None

    @property
    def running(self) -> bool:
        return self.state is not None and self.state.report is None and not self.state.failure

    def start(self, path: str, *, update: bool, dry_run: bool) -> None:
        state = self.state = ImportState(path, time.monotonic(), threading.Event())
        app = self.app

        def progressed(p: ImportProgress) -> None:
            state.progress = p

        def work() -> None:
            try:
                state.report = run_import(
                    path,
                    update=update,
                    dry_run=dry_run,
                    default_country=app.settings.default_country,
                    progress=progressed,
                    cancel=state.cancel,
                )
            except Exception as exc:  # disk full, database gone: a message, not a crash
                state.failure = str(exc) or exc.__class__.__name__
            app.call_from_thread(self._ended, state)

        app.run_worker(work, thread=True, group="import", exit_on_error=False)

    def _ended(self, state: ImportState) -> None:
        self.app.clients_changed()  # the imported clients show at once
        r = state.report
        if r is None:
            self.app.notify(
                _("The import failed: {error}").format(error=state.failure),
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
            ended = (
                _(
                    "Import #{job} stopped: {imported} imported, {updated} updated, {rejected} rejected."
                )
                if r.status == "cancelled"
                else _(
                    "Import #{job} ended: {imported} imported, {updated} updated, {rejected} rejected."
                )
            )
            self.app.notify(
                ended.format(
                    job=r.job_id, imported=r.imported, updated=r.updated, rejected=r.rejected
                ),
                severity="warning" if r.rejected else "information",
                markup=False,
                timeout=15,
            )
            if r.to_geocode:  # the online geocoder's turn, in the background
                self.geocoder.start()

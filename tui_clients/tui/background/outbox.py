"""While the TUI is open, the outbox is looked at every minute: invitations that are due
(pending, or failed and past their next try) are sent in a thread worker."""

from __future__ import annotations

from tui_clients.domain.i18n import _
from tui_clients.services.channels.mailer import config_from_settings
from tui_clients.tui.widgets.host import ClientsHost

INTERVAL = 60.0  # seconds


class OutboxRunner:
    def __init__(self, app: ClientsHost, interval: float = INTERVAL) -> None:
        self.app = app
        self.interval = interval
        self.busy = False

    def start(self) -> None:
        if config_from_settings(self.app.settings).configured:
            self.app.set_interval(self.interval, self.tick, name="outbox")

    def tick(self) -> None:
        from tui_clients.services.channels.invitations import deliver_pending, due_count

        if self.busy or any(w.group == "invitations" for w in self.app.workers):
            return  # a send from the Channels tab (or the last tick) is still running
        config = config_from_settings(self.app.settings)
        if config.problem or not due_count():
            return
        self.busy = True

        def work() -> None:
            try:
                report = deliver_pending(config)
            finally:
                self.busy = False
            if report.sent or report.failed:
                self.app.call_from_thread(
                    self.app.notify,
                    _("Outbox: invitations sent: {sent}; failed: {failed}.").format(
                        sent=len(report.sent), failed=len(report.failed)
                    ),
                    markup=False,
                )

        self.app.run_worker(work, thread=True, group="outbox", exit_on_error=False)

"""While the TUI is open, the outbox is looked at every minute: invitations that are due
(pending, or failed and past their next try) are sent in a thread worker, which posts
``OutboxSent`` to the App when it is done."""

from __future__ import annotations

from textual.message import Message
from textual.worker import WorkerState

from tui_clients.domain.i18n import _
from tui_clients.services.channels.mailer import config_from_settings
from tui_clients.tui.widgets.host import ClientsHost

INTERVAL = 60.0  # seconds
BUSY = (WorkerState.PENDING, WorkerState.RUNNING)


class OutboxSent(Message, bubble=False):
    """A look at the outbox ended: ``sent`` and ``failed`` invitations, or a ``failure``."""

    def __init__(self, sent: int = 0, failed: int = 0, failure: str = "") -> None:
        super().__init__()
        self.sent, self.failed, self.failure = sent, failed, failure


class OutboxRunner:
    def __init__(self, app: ClientsHost, interval: float = INTERVAL) -> None:
        self.app = app
        self.interval = interval

    def start(self) -> None:
        if config_from_settings(self.app.settings).configured:
            self.app.set_interval(self.interval, self.tick, name="outbox")

    def tick(self) -> None:
        """Start a send, unless one (this one's, or the Channels tab's) is running."""
        if any(w.group in ("outbox", "invitations") and w.state in BUSY for w in self.app.workers):
            return
        self.app.run_worker(
            self._send,
            thread=True,
            group="outbox",
            exit_on_error=False,
            description="send the due invitations of the outbox",
        )

    def _send(self) -> None:
        """In the worker: send what is due and say how it went."""
        from tui_clients.services.channels.invitations import deliver_pending, due_count

        try:
            config = config_from_settings(self.app.settings)
            if config.problem or not due_count():
                self.app.post_message(OutboxSent())  # nothing to send
                return
            report = deliver_pending(config)
        except Exception as exc:  # the database went away: a message, not a crash
            self.app.post_message(OutboxSent(failure=str(exc) or type(exc).__name__))
        else:
            self.app.post_message(OutboxSent(len(report.sent), len(report.failed)))

    def sent(self, message: OutboxSent) -> None:
        """What the App does with the message: tell the operator, when there is news."""
        if message.failure:
            self.app.notify(
                _("Not sent: {reason}").format(reason=message.failure),
                severity="error",
                markup=False,
                timeout=15,
            )
        elif message.sent or message.failed:
            self.app.notify(
                _("Outbox: invitations sent: {sent}; failed: {failed}.").format(
                    sent=message.sent, failed=message.failed
                ),
                markup=False,
            )

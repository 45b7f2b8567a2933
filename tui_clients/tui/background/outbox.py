"""While the TUI is open, the outbox is looked at every minute: invitations that are due
(pending, or failed and past their next try) are sent in a thread worker, which posts
``OutboxSent`` to the App when it is done.  A client's due invitations are sent at once
from its Channels tab the same way, posting ``InvitationsDelivered``."""

from __future__ import annotations

from textual.message import Message
from textual.worker import WorkerState

from tui_clients.domain.i18n import _
from tui_clients.services.channels.invitations import DeliveryReport
from tui_clients.services.channels.mailer import config_from_settings
from tui_clients.services.faults import storage_fault
from tui_clients.tui.widgets.host import ClientsHost

INTERVAL = 60.0  # seconds
BUSY = (WorkerState.PENDING, WorkerState.RUNNING)


class OutboxSent(Message, bubble=False):
    """A look at the outbox ended: ``sent`` and ``failed`` invitations, or a ``failure``."""

    def __init__(self, sent: int = 0, failed: int = 0, failure: str = "") -> None:
        super().__init__()
        self.sent, self.failed, self.failure = sent, failed, failure


class InvitationsDelivered(Message, bubble=False):
    """A client's due invitations were tried from its Channels tab: ``report`` says how."""

    def __init__(self, client_id: int, report: DeliveryReport) -> None:
        super().__init__()
        self.client_id, self.report = client_id, report

    def again(self) -> InvitationsDelivered:
        """The same news, for the next receiver (the App forwards it to the screen)."""
        return InvitationsDelivered(self.client_id, self.report)


def report_message(report: DeliveryReport) -> tuple[str, str]:
    """(message, severity) for a delivery's notification."""
    if not report.configured:
        return _(
            "Outgoing mail is not configured (smtp_host): invitations wait in the outbox."
        ), "warning"
    if report.problem:
        return _("The outgoing mail settings cannot be used: {problem}").format(
            problem=report.problem
        ), "error"
    if not report.tried:
        return _("Nothing to send: no invitation is waiting."), "information"
    lines = []
    if report.sent:
        lines.append(_("Invitations sent: {n}.").format(n=len(report.sent)))
    for _id, reason in report.failed:
        lines.append(_("Not sent: {reason}").format(reason=reason))
    return "\n".join(lines), "error" if report.failed else "information"


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
            fault = storage_fault(exc)  # a full disk, a lost server: said in words
            reason = fault.message() if fault else str(exc) or type(exc).__name__
            self.app.post_message(OutboxSent(failure=reason))
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

    def deliver_for(self, client_id: int) -> None:
        """Send one client's due invitations now, in a thread worker (the App hears how it
        went: ``InvitationsDelivered``; an unexpected error is told by the App too)."""
        from tui_clients.services.channels.invitations import deliver_pending

        config = config_from_settings(self.app.settings)

        def work() -> None:
            try:
                report = deliver_pending(config, client_id=client_id)
            except Exception as exc:  # a full disk, a lost server: a message, not a crash
                fault = storage_fault(exc)
                if fault is None:
                    raise
                self.app.post_message(OutboxSent(failure=fault.message()))
                return
            self.app.post_message(InvitationsDelivered(client_id, report))

        self.app.run_worker(
            work,
            thread=True,
            group="invitations",
            exit_on_error=False,
            description=f"send the due invitations of client {client_id}",
        )

    def delivered(self, message: InvitationsDelivered) -> None:
        """What the App does with the message: tell the operator how it went."""
        text, severity = report_message(message.report)
        self.app.notify(text, severity=severity, markup=False, timeout=8)

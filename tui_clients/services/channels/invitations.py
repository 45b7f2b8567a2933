"""Invitations: queued in an outbox table, delivered by SMTP, retried with backoff.

:func:`invite` only writes the outbox row (status ``pending``) in the transaction that
checks the client and the channel, and returns at once.  :func:`deliver_pending` sends
what is due: each row is first *claimed* by one atomic UPDATE (status ``sending`` with
this sender's token), so two operators or a cron job running at the same time never send
the same invitation twice.  A failure keeps the row with its reason and, unless retrying
cannot help, the time of the next try (``domain.invitations.RETRY_DELAYS``).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TypeAlias, cast

from peewee import JOIN, ModelSelect

from tui_clients.db import models as m
from tui_clients.db.base import database, utcnow
from tui_clients.domain.dates import local_time
from tui_clients.domain.i18n import N_, _
from tui_clients.domain.invitations import (
    FAILED,
    PENDING,
    REASONS,
    SENDING,
    SENT,
    compose,
    next_attempt,
)
from tui_clients.services.channels.catalog import ChannelError
from tui_clients.services.channels.mailer import Connection, SendFailed, SmtpConfig, build_message
from tui_clients.services.clients import history
from tui_clients.services.session import current_user

STALE = dt.timedelta(minutes=15)  # a "sending" row older than this lost its sender
HISTORY_KEY = "invitation"


@dataclass(frozen=True)
class InvitationRecord:
    id: int
    client_id: int
    client_code: str
    channel: str  # the channel's name ("" if it left the catalog)
    email: str
    status: str  # pending | sending | sent | failed
    attempts: int
    created_at: dt.datetime
    created_by: str
    sent_at: dt.datetime | None
    next_attempt_at: dt.datetime | None
    error_code: str
    last_error: str

    @property
    def reason(self) -> str:
        """Why the last try failed, in words (the active language)."""
        if not self.error_code:
            return self.last_error
        template = REASONS.get(self.error_code, "{detail}")
        return _(template).format(detail=self.last_error)


# InvitationRecord's fields, but the channel's name: None when it left the catalog
_InvitationRow: TypeAlias = (
    "tuple[int, int, str, str | None, str, str, int, dt.datetime, str, "
    "dt.datetime | None, dt.datetime | None, str, str]"
)


@dataclass
class DeliveryReport:
    sent: list[int] = field(default_factory=list)
    failed: list[tuple[int, str]] = field(default_factory=list)  # (id, reason in words)
    configured: bool = True
    problem: str = ""  # settings that cannot send: nothing was tried

    @property
    def tried(self) -> int:
        return len(self.sent) + len(self.failed)


def invite(
    client_id: int,
    channel_code: str,
    email: str | None = None,
    *,
    portal_url: str = "",
    user: str | None = None,
) -> InvitationRecord:
    """Queue an invitation to the channel for the client's e-mail (its main one unless
    ``email`` names another of its addresses).  ChannelError says, in words, why not."""
    with database.atomic():
        client = m.Client.get_or_none(m.Client.id == client_id)
        if client is None or client.deleted_at is not None:
            raise ChannelError(N_("This client is not in the registry (or is in the trash)."))
        if not client.active:
            raise ChannelError(
                N_("{code} is inactive: activate the client before inviting it."), code=client.code
            )
        channel = m.Channel.get_or_none(m.Channel.code == channel_code)
        if channel is None:
            raise ChannelError(N_("There is no channel “{code}”."), code=channel_code)
        if not channel.active:
            raise ChannelError(
                N_(
                    "The channel “{channel}” is inactive: activate it in the channel catalog first."
                ),
                channel=channel.name,
            )
        link = m.ClientChannel.get_or_none(
            m.ClientChannel.client == client_id, m.ClientChannel.channel == channel.id
        )
        if link is None or not link.enabled:
            raise ChannelError(
                N_("The channel “{channel}” is not enabled for {code}: enable it first."),
                channel=channel.name,
                code=client.code,
            )
        addresses = client_emails(client_id)
        if not addresses:
            raise ChannelError(
                N_("{code} has no e-mail address to send the invitation to."), code=client.code
            )
        to = email or addresses[0]
        if to.lower() not in {a.lower() for a in addresses}:
            raise ChannelError(
                N_("“{email}” is not an e-mail address of {code}."), email=to, code=client.code
            )
        I = m.Invitation  # noqa: E741
        waiting = (
            I.select()
            .where(
                I.client == client_id,
                I.channel == channel.id,
                I.email == to,
                I.status.in_([PENDING, SENDING]),
            )
            .exists()
        )
        if waiting:
            raise ChannelError(
                N_("An invitation to “{channel}” for {email} is waiting to be sent already."),
                channel=channel.name,
                email=to,
            )
        subject, body = compose(
            client_name=client.legal_name,
            channel_name=channel.name,
            channel_code=channel.code,
            handle=link.handle,
            email=to,
            portal_url=portal_url,
        )
        who = user or current_user()
        row = I.create(
            client=client_id,
            channel=channel.id,
            email=to,
            status=PENDING,
            recipient_name=client.legal_name[:200],
            subject=subject,
            body=body,
            created_by=who,
        )
        history.record(client_id, "updated", who, {HISTORY_KEY: [None, f"{channel.name}: {to}"]})
    return get_invitation(row.id)


def client_emails(client_id: int) -> list[str]:
    """The client's addresses, the main one first."""
    E = m.ClientEmail
    rows = E.select(E.email).where(E.client == client_id).order_by(E.position, E.id).tuples()
    found = [e for (e,) in cast("Iterable[tuple[str]]", rows)]
    main = m.Client.get_by_id(client_id).email
    if main and main not in found:
        found.insert(0, main)
    return found


def _records(query: ModelSelect[m.Invitation]) -> list[InvitationRecord]:
    I = m.Invitation  # noqa: E741
    rows = (
        query.select(
            I.id,
            I.client,
            m.Client.code,
            m.Channel.name,
            I.email,
            I.status,
            I.attempts,
            I.created_at,
            I.created_by,
            I.sent_at,
            I.next_attempt_at,
            I.error_code,
            I.last_error,
        )
        .join(m.Client, on=(I.client == m.Client.id))
        .switch(I)
        .join(m.Channel, JOIN.LEFT_OUTER, on=(I.channel == m.Channel.id))
        .tuples()
    )
    return [
        InvitationRecord(
            *row[:3],
            row[3] or "",
            *row[4:7],
            local_time(row[7]),  # times local, as shown (stored in UTC)
            row[8],
            local_time(row[9]),
            local_time(row[10]),
            *row[11:],
        )
        for row in cast("Iterable[_InvitationRow]", rows)
    ]


def get_invitation(invitation_id: int) -> InvitationRecord:
    I = m.Invitation  # noqa: E741
    return _records(I.select().where(I.id == invitation_id))[0]


def invitations(
    client_id: int | None = None, *, status: str | None = None, limit: int = 200
) -> list[InvitationRecord]:
    """Invitations newest first: one client's, or everyone's; optionally of one status."""
    I = m.Invitation  # noqa: E741
    query = I.select()
    if client_id is not None:
        query = query.where(I.client == client_id)
    if status:
        query = query.where(I.status == status)
    return _records(query.order_by(I.created_at.desc(), I.id.desc()).limit(limit))


def _due(now: dt.datetime):
    I = m.Invitation  # noqa: E741
    return (
        (I.status == PENDING)
        | ((I.status == FAILED) & I.next_attempt_at.is_null(False) & (I.next_attempt_at <= now))
        | ((I.status == SENDING) & (I.claimed_at < now - STALE))
    )


def due_count(now: dt.datetime | None = None) -> int:
    return m.Invitation.select().where(_due(now or utcnow())).count()


def retry_now(client_id: int, now: dt.datetime | None = None) -> int:
    """Make the client's failed invitations due at once (even past the retry limit)."""
    I = m.Invitation  # noqa: E741
    return (
        I.update(next_attempt_at=now or utcnow())
        .where(I.client == client_id, I.status == FAILED)
        .execute()
    )


def _claim(ids: list[int], now: dt.datetime, token: str) -> list[int]:
    """The ids this sender now holds: one atomic UPDATE each, still due when it runs."""
    I = m.Invitation  # noqa: E741
    mine = []
    for invitation_id in ids:
        taken = (
            I.update(status=SENDING, claim=token, claimed_at=now, attempts=I.attempts + 1)
            .where(I.id == invitation_id, _due(now))
            .execute()
        )
        if taken:
            mine.append(invitation_id)
    return mine


def _finish(invitation_id: int, token: str, **values) -> None:
    I = m.Invitation  # noqa: E741
    I.update(claim="", **values).where(I.id == invitation_id, I.claim == token).execute()


def deliver_pending(
    config: SmtpConfig,
    *,
    client_id: int | None = None,
    limit: int = 100,
    now: Callable[[], dt.datetime] = utcnow,
) -> DeliveryReport:
    """Send the invitations that are due (pending, failed whose retry time came, or left
    half-sent by a sender that stopped), one SMTP session for the batch."""
    report = DeliveryReport(configured=config.configured)
    if not config.configured:
        return report
    if config.problem:
        report.problem = config.problem
        return report
    I = m.Invitation  # noqa: E741
    started = now()
    query = I.select(I.id).where(_due(started))
    if client_id is not None:
        query = query.where(I.client == client_id)
    ids = [i for (i,) in cast("Iterable[tuple[int]]", query.order_by(I.id).limit(limit).tuples())]
    token = uuid.uuid4().hex
    claimed = _claim(ids, started, token)
    if not claimed:
        return report
    rows = {r.id: r for r in I.select().where(I.id.in_(claimed))}  # attempts counted already
    for row in list(rows.values()):  # what changed since it was queued
        withdrawn = _withdrawn(row)
        if withdrawn is not None:
            _failed(report, row, withdrawn, token, now())
            del rows[row.id]
            claimed.remove(row.id)
    if not rows:
        return report
    try:
        with Connection(config) as conn:
            for invitation_id in claimed:
                row = rows[invitation_id]
                if not conn.open:
                    raise SendFailed("connection", "the server closed the connection")
                try:
                    msg = build_message(
                        config,
                        to_email=row.email,
                        to_name=row.recipient_name,
                        subject=row.subject,
                        body=row.body,
                    )
                    conn.send(msg)
                except SendFailed as failed:
                    _failed(report, row, failed, token, now())
                    del rows[invitation_id]
                    continue
                _finish(
                    invitation_id,
                    token,
                    status=SENT,
                    sent_at=now(),
                    error_code="",
                    last_error="",
                    next_attempt_at=None,
                    message_id=msg["Message-ID"],
                )
                report.sent.append(invitation_id)
                del rows[invitation_id]
    except SendFailed as failed:  # no session (or it broke): the rest fail alike
        for row in rows.values():  # those neither sent nor failed yet
            _failed(report, row, failed, token, now())
    return report


def _withdrawn(row) -> SendFailed | None:
    """Why an invitation may no longer go: its client or its channel changed meanwhile."""
    client = m.Client.get_or_none(m.Client.id == row.client_id)
    if client is None or client.deleted_at is not None or not client.active:
        return SendFailed("client", "", permanent=True)
    CC = m.ClientChannel
    usable = (
        CC.select()
        .join(m.Channel)
        .where(
            CC.client == row.client_id, CC.channel == row.channel_id, CC.enabled, m.Channel.active
        )
        .exists()
    )
    return None if usable else SendFailed("channel", "", permanent=True)


def _failed(report: DeliveryReport, row, failed: SendFailed, token: str, at: dt.datetime) -> None:
    _finish(
        row.id,
        token,
        status=FAILED,
        error_code=failed.code,
        last_error=failed.detail,
        next_attempt_at=next_attempt(row.attempts, at, permanent=failed.permanent),
    )
    template = REASONS.get(failed.code, "{detail}")
    report.failed.append((row.id, _(template).format(detail=failed.detail)))

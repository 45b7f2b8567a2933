"""Channels and invitations on a real database, delivered to a real SMTP server on
127.0.0.1 (aiosmtpd): what arrives, a server that is down, retries, refusals."""

import datetime as dt
import threading

import pytest
from smtp_server import smtp, smtp_down  # noqa: F401

from tui_clients.db import models as m
from tui_clients.db.base import utcnow
from tui_clients.domain.entities import ClientInput
from tui_clients.domain.errors import ValidationError
from tui_clients.domain.invitations import MAX_ATTEMPTS
from tui_clients.services.channels import catalog as channels
from tui_clients.services.channels import invitations
from tui_clients.services.channels.catalog import ChannelError
from tui_clients.services.channels.invitations import deliver_pending, invite
from tui_clients.services.channels.mailer import SmtpConfig
from tui_clients.services.clients.queries import client_history
from tui_clients.services.clients.writing import create_client


def config(port: int, **kw) -> SmtpConfig:
    return SmtpConfig(
        **{
            "host": "127.0.0.1",
            "port": port,
            "security": "none",
            "sender": "Soporte ACME <soporte@acme.test>",
            "timeout": 5,
            **kw,
        }
    )


@pytest.fixture
def andina(db):
    client = create_client(
        ClientInput(
            person_kind="moral",
            company_type="PM",
            document_country="CO",
            document_type="NIT",
            document_number="900123456-8",
            legal_name="Andina [bold]Logística[/] S.A.S.",
            emails=["compras@andina.co", "ti@andina.co"],
        )
    )
    channels.set_client_channel(
        client.id, "PORTAL", enabled=True, handle="andina.compras", user="ana"
    )
    return client


def test_catalog_lists_channels_and_activation_is_kept(db, andina):
    found = {c.code: c for c in channels.catalog()}
    assert found["PORTAL"].active and found["PORTAL"].clients == 1
    assert not found["WHATSAPP"].active and found["WHATSAPP"].clients == 0
    assert channels.set_active("WHATSAPP", True).active
    from tui_clients.services.admin.catalogs import load_catalogs

    load_catalogs(db, force=True)  # a new version's catalog files do not undo the operator
    assert {c.code: c.active for c in channels.catalog()}["WHATSAPP"] is True


def test_client_channels_are_validated_and_recorded(db, andina):
    rows = {r.code: r for r in channels.client_channels(andina.id)}
    assert rows["PORTAL"].enabled and rows["PORTAL"].handle == "andina.compras"
    assert not rows["EMAIL"].enabled
    with pytest.raises(ValidationError) as bad:
        channels.set_client_channel(andina.id, "PORTAL", enabled=True, handle="a b")
    assert "no es un usuario del portal" in bad.value.errors[0].message()
    with pytest.raises(ValidationError) as bad:
        channels.set_client_channel(andina.id, "WHATSAPP", enabled=True, handle="12")
    assert "no es un número de teléfono" in bad.value.errors[0].message()
    row = channels.set_client_channel(andina.id, "WHATSAPP", enabled=True, handle="300 123 4567")
    assert row.handle == "+573001234567"  # read in the client's country, stored E.164
    channels.set_client_channel(andina.id, "PORTAL", enabled=False, handle="andina.compras")
    last = client_history(andina.id)[0]
    assert last.changes["channels"] == [
        "Portal del cliente: andina.compras; WhatsApp: +573001234567",
        "WhatsApp: +573001234567",
    ]


def test_invitation_is_delivered_with_the_access_information(db, andina, smtp):  # noqa: F811
    queued = invite(andina.id, "PORTAL", portal_url="https://portal.acme.test", user="ana")
    assert queued.status == "pending" and queued.email == "compras@andina.co"
    assert smtp.messages == []  # invite() only queues
    report = deliver_pending(config(smtp.port))
    assert report.sent == [queued.id] and report.failed == []
    [msg] = smtp.messages
    assert msg["To"].addresses[0].addr_spec == "compras@andina.co"
    assert msg["To"].addresses[0].display_name == "Andina [bold]Logística[/] S.A.S."
    assert msg["From"] == "Soporte ACME <soporte@acme.test>"
    assert msg["Subject"] == "Invitación al canal Portal del cliente"
    body = msg.get_content()
    assert msg.get_content_type() == "text/plain"
    for text in (
        "Hola, Andina [bold]Logística[/] S.A.S.:",
        "Canal: Portal del cliente",
        "Usuario: andina.compras",
        "Dirección: https://portal.acme.test",
    ):
        assert text in body, text
    sent = invitations.get_invitation(queued.id)
    assert (sent.status, sent.attempts, sent.reason) == ("sent", 1, "")
    assert sent.sent_at is not None
    assert deliver_pending(config(smtp.port)).tried == 0  # nothing twice
    assert "Portal del cliente: compras@andina.co" in str(client_history(andina.id)[0].changes)


def test_server_down_fails_with_a_reason_then_is_retried_when_back(db, andina, smtp_down):  # noqa: F811
    queued = invite(andina.id, "PORTAL", email="ti@andina.co")
    report = deliver_pending(config(smtp_down.port))
    assert report.sent == [] and len(report.failed) == 1
    failed = invitations.get_invitation(queued.id)
    assert failed.status == "failed" and failed.attempts == 1
    assert failed.reason.startswith("no se pudo conectar con el servidor de correo")
    assert failed.next_attempt_at is not None  # kept, to be tried again
    smtp_down.start()
    assert deliver_pending(config(smtp_down.port)).tried == 0  # not due yet (backoff)
    later = failed.next_attempt_at + dt.timedelta(seconds=1)
    report = deliver_pending(config(smtp_down.port), now=lambda: later)
    assert report.sent == [queued.id]
    assert [m["To"].addresses[0].addr_spec for m in smtp_down.messages] == ["ti@andina.co"]
    done = invitations.get_invitation(queued.id)
    assert (done.status, done.attempts, done.reason) == ("sent", 2, "")


def test_retries_stop_at_the_limit_and_retry_now_forces_one(db, andina, smtp_down):  # noqa: F811
    queued = invite(andina.id, "PORTAL")
    at = utcnow()
    for _ in range(MAX_ATTEMPTS):
        deliver_pending(config(smtp_down.port), now=lambda at=at: at)
        row = invitations.get_invitation(queued.id)
        at = (row.next_attempt_at or at) + dt.timedelta(seconds=1)
    assert row.attempts == MAX_ATTEMPTS and row.next_attempt_at is None  # no more by itself
    assert deliver_pending(config(smtp_down.port), now=lambda: at + dt.timedelta(days=9)).tried == 0
    smtp_down.start()
    assert invitations.retry_now(andina.id) == 1
    assert deliver_pending(config(smtp_down.port), client_id=andina.id).sent == [queued.id]


def test_a_refused_address_is_not_retried(db, andina, smtp):  # noqa: F811
    smtp.handler.refuse.add("compras@andina.co")
    queued = invite(andina.id, "PORTAL")
    report = deliver_pending(config(smtp.port))
    assert len(report.failed) == 1
    row = invitations.get_invitation(queued.id)
    assert row.status == "failed" and row.next_attempt_at is None
    assert "rechazó la dirección" in row.reason and "550 5.1.1" in row.reason


def test_invitation_refusals_say_why(db, andina):
    with pytest.raises(ChannelError) as refused:
        invite(andina.id, "WHATSAPP")
    assert str(refused.value) == (
        "El canal “WhatsApp” está inactivo: actívelo primero en el catálogo de canales."
    )
    with pytest.raises(ChannelError) as refused:
        invite(andina.id, "EMAIL")
    assert "no está habilitado para" in str(refused.value)
    with pytest.raises(ChannelError) as refused:
        invite(andina.id, "PORTAL", email="otro@andina.co")
    assert "no es un correo de" in str(refused.value)
    invite(andina.id, "PORTAL")
    with pytest.raises(ChannelError) as refused:
        invite(andina.id, "PORTAL")  # a second press of the key queues nothing more
    assert "ya espera ser enviada" in str(refused.value)
    bare = create_client(
        ClientInput(
            person_kind="moral",
            company_type="PM",
            document_country="PE",
            document_type="RUC",
            document_number="20131312955",
            legal_name="Inversiones Lima S.A.C.",
        )
    )
    channels.set_client_channel(bare.id, "PORTAL", enabled=True)
    with pytest.raises(ChannelError) as refused:
        invite(bare.id, "PORTAL")
    assert "no tiene correo electrónico" in str(refused.value)
    assert m.Invitation.select().count() == 1


def test_two_senders_never_send_one_invitation_twice(db, andina, smtp):  # noqa: F811
    for code in ("EMAIL",):
        channels.set_client_channel(andina.id, code, enabled=True, handle="compras@andina.co")
    ids = [
        invite(andina.id, "PORTAL").id,
        invite(andina.id, "EMAIL").id,
        invite(andina.id, "PORTAL", email="ti@andina.co").id,
    ]
    reports = []

    def sender():
        reports.append(deliver_pending(config(smtp.port)))

    threads = [threading.Thread(target=sender) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(i for r in reports for i in r.sent) == sorted(ids)
    assert len(smtp.messages) == 3
    assert {i.status for i in invitations.invitations(andina.id)} == {"sent"}


def test_unconfigured_or_unusable_settings_try_nothing(db, andina):
    invite(andina.id, "PORTAL")
    report = deliver_pending(SmtpConfig())
    assert not report.configured and report.tried == 0
    report = deliver_pending(config(1, problem="smtp_from is not set"))
    assert report.problem and report.tried == 0
    assert invitations.invitations(andina.id)[0].status == "pending"


def test_a_channel_deactivated_meanwhile_stops_a_queued_invitation(db, andina, smtp):  # noqa: F811
    queued = invite(andina.id, "PORTAL")
    channels.set_active("PORTAL", False)  # while it waited (the server down, say)
    report = deliver_pending(config(smtp.port))
    assert report.sent == [] and smtp.messages == []
    row = invitations.get_invitation(queued.id)
    assert row.status == "failed" and row.next_attempt_at is None
    assert row.reason == "no se envió: el canal ya no está activo o habilitado para el cliente"

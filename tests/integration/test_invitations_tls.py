"""Invitations over STARTTLS and SMTPS to a real server on 127.0.0.1: certificates are
verified (an untrusted one is a failure with its reason), a trusted one delivers."""

import pytest
from smtp_server import SmtpServer, self_signed

from tui_clients.domain.entities import ClientInput
from tui_clients.services.channels import catalog as channels
from tui_clients.services.channels.invitations import deliver_pending, get_invitation, invite
from tui_clients.services.channels.mailer import SmtpConfig
from tui_clients.services.clients.writing import create_client


@pytest.fixture
def queued(sqlite_db):
    client = create_client(
        ClientInput(
            person_kind="moral",
            company_type="PM",
            document_country="PE",
            document_type="RUC",
            document_number="20131312955",
            legal_name="Inversiones Lima S.A.C.",
            emails=["gerencia@lima.pe"],
        )
    )
    channels.set_client_channel(client.id, "PORTAL", enabled=True, handle="lima.gerencia")
    return invite(client.id, "PORTAL")


@pytest.mark.parametrize("security", ["starttls", "ssl"])
def test_tls_is_verified_then_delivers(queued, tmp_path, monkeypatch, security):
    cert = self_signed(tmp_path)
    server = SmtpServer(tls=security, cert=cert).start()
    try:
        config = SmtpConfig(
            host="127.0.0.1",
            port=server.port,
            security=security,
            sender="soporte@acme.test",
            timeout=5,
        )
        report = deliver_pending(config)
        assert len(report.failed) == 1 and server.messages == []
        row = get_invitation(queued.id)
        assert row.reason.startswith("falló la conexión segura con el servidor de correo")
        assert "certificate" in row.reason  # the system's own words: not trusted
        monkeypatch.setenv("SSL_CERT_FILE", str(cert[0]))  # now this installation trusts it
        assert deliver_pending(
            config, client_id=queued.client_id, now=lambda: row.next_attempt_at
        ).sent == [queued.id]
        assert server.messages[0]["To"].addresses[0].addr_spec == "gerencia@lima.pe"
    finally:
        server.stop()


def test_plain_smtp_to_a_server_that_requires_starttls_is_refused(queued, tmp_path):
    server = SmtpServer(tls="starttls", cert=self_signed(tmp_path)).start()
    try:
        config = SmtpConfig(
            host="127.0.0.1",
            port=server.port,
            security="none",
            sender="soporte@acme.test",
            timeout=5,
        )
        report = deliver_pending(config)
        assert len(report.failed) == 1 and server.messages == []
        reason = get_invitation(queued.id).reason
        assert reason.startswith("el servidor de correo rechazó") and "530" in reason, reason
    finally:
        server.stop()

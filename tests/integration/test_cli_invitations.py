"""`tui-clients invitations send|list|smtp-password`, against a real SMTP server."""

import io
import json

from smtp_server import SmtpServer, smtp  # noqa: F401

from tui_clients.cli.main import main
from tui_clients.domain.entities import ClientInput
from tui_clients.services.admin.database import prepare
from tui_clients.services.channels import catalog as channels
from tui_clients.services.channels.invitations import invite
from tui_clients.services.clients.writing import create_client


def queue_one(db_url) -> int:
    database, _ = prepare(db_url)
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
    invite(client.id, "PORTAL", portal_url="https://portal.acme.test")
    database.close()
    return client.id


def test_send_delivers_and_lists_with_exit_codes(db_url, smtp, monkeypatch, capsys):  # noqa: F811
    queue_one(db_url)
    assert main(["invitations", "send"]) == 1  # not configured: said, nothing sent
    assert "no está configurado" in capsys.readouterr().err
    smtp.env(monkeypatch)
    assert main(["invitations", "send", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out == {"sent": 1, "failed": [], "waiting": 0, "problem": ""}
    assert smtp.messages[0]["To"].addresses[0].addr_spec == "gerencia@lima.pe"
    assert "Dirección: https://portal.acme.test" in smtp.messages[0].get_content()
    assert main(["invitations", "list", "--client", "CL-0000001"]) == 0
    listed = capsys.readouterr().out
    assert "gerencia@lima.pe" in listed and "enviada" in listed and "intentos: 1" in listed
    assert main(["invitations", "list", "--client", "CL-9"]) == 1


def test_send_reports_a_server_that_is_down(db_url, smtp, monkeypatch, capsys):  # noqa: F811
    queue_one(db_url)
    smtp.env(monkeypatch)
    smtp.stop()
    assert main(["invitations", "send"]) == 1
    captured = capsys.readouterr()
    assert "no se pudo conectar con el servidor de correo" in captured.err
    assert "Invitaciones enviadas: 0; fallidas: 1." in captured.out
    assert main(["invitations", "list", "--status", "failed", "--json"]) == 0
    [row] = json.loads(capsys.readouterr().out)
    assert row["attempts"] == 1 and row["next_attempt_at"] and row["status"] == "failed"


def test_smtp_password_is_stored_encrypted_masked_and_used(db_url, tmp_path, monkeypatch, capsys):
    server = SmtpServer(password="Tr0ub4dor&3").start()
    try:
        queue_one(db_url)
        server.env(monkeypatch)
        monkeypatch.setenv("TUI_CLIENTS_SMTP_USER", "envios@acme.test")
        monkeypatch.setenv("TUI_CLIENTS_SMTP_SECURITY", "none")
        (tmp_path / "settings.toml").write_text('default_country = "PE"\n')
        monkeypatch.setattr("sys.stdin", io.StringIO("Tr0ub4dor&3\n"))
        assert main(["invitations", "smtp-password"]) == 0
        assert "quedó guardada cifrada" in capsys.readouterr().out
        stored = (tmp_path / "settings.toml").read_text()
        assert 'default_country = "PE"' in stored and 'smtp_password = "gAAAAA' in stored
        assert "Tr0ub4dor" not in stored
        assert main(["config", "--json"]) == 0
        shown = capsys.readouterr().out
        assert json.loads(shown)["smtp_password"]["value"] == "********"
        assert "Tr0ub4dor" not in shown
        # no TLS: the password would travel in clear, so nothing is sent until the settings
        # say "plain" in so many words
        assert main(["invitations", "send"]) == 1
        assert 'smtp_security = "plain"' in capsys.readouterr().err
        assert server.handler.logins == []
        monkeypatch.setenv("TUI_CLIENTS_SMTP_SECURITY", "plain")
        assert main(["invitations", "send"]) == 0, capsys.readouterr().err
        assert server.handler.logins == [("envios@acme.test", "Tr0ub4dor&3")]
        assert len(server.messages) == 1
        # a password written in clear in the file is refused, not sent to the server
        (tmp_path / "settings.toml").write_text('smtp_password = "Tr0ub4dor&3"\n')
        database, _ = prepare(db_url)
        invite(1, "PORTAL")
        database.close()
        assert main(["invitations", "send"]) == 1
        err = capsys.readouterr().err
        assert "smtp_password in the settings file is not encrypted" in err
        assert "Tr0ub4dor" not in err
        assert len(server.handler.logins) == 1  # never tried with it
    finally:
        server.stop()

"""Channel handles, the invitation's words, the retry schedule and the SMTP settings."""

import datetime as dt

import pytest

from tui_clients.domain.errors import ValidationError
from tui_clients.domain.invitations import MAX_ATTEMPTS, clean_handle, compose, next_attempt
from tui_clients.services.channels.mailer import SmtpConfig, build_message, config_from_settings
from tui_clients.services.settings import Settings, SettingsError

NOW = dt.datetime(2026, 3, 14, 9, 30)


def test_handles_are_checked_by_their_channel():
    assert clean_handle("PORTAL", "  ana.perez ") == "ana.perez"
    assert clean_handle("PORTAL", "") == ""  # the invitation then names the e-mail
    assert clean_handle("EMAIL", "Ana@Empresa.COM") == "Ana@empresa.com"
    assert clean_handle("WHATSAPP", "987 654 321", "PE") == "+51987654321"
    assert clean_handle("OTRO", "[bold]x[/]") == "[bold]x[/]"  # a new channel: free text
    for code, bad in (
        ("PORTAL", "ab"),
        ("PORTAL", "ana pérez"),
        ("EMAIL", "ana@"),
        ("WHATSAPP", "12345678"),
        ("PORTAL", "ana\x1b[2J"),
    ):
        with pytest.raises(ValidationError) as refused:
            clean_handle(code, bad, "PE")
        assert refused.value.errors[0].field == "handle"


def test_the_invitation_names_the_access_and_keeps_names_plain():
    subject, body = compose(
        client_name="Ana [b]P[/b]\x1b",
        channel_name="Portal del cliente",
        channel_code="PORTAL",
        handle="",
        email="ana@x.pe",
        portal_url="https://portal.acme.test",
    )
    assert subject == "Invitación al canal Portal del cliente"
    assert "Hola, Ana [b]P[/b]\\x1b:" in body  # the escape is shown, not sent raw
    assert "Usuario: ana@x.pe" in body and "Dirección: https://portal.acme.test" in body


def test_retries_back_off_then_stop():
    assert next_attempt(1, NOW) == NOW + dt.timedelta(minutes=1)
    assert next_attempt(2, NOW) == NOW + dt.timedelta(minutes=5)
    assert next_attempt(MAX_ATTEMPTS - 1, NOW) == NOW + dt.timedelta(hours=4)
    assert next_attempt(MAX_ATTEMPTS, NOW) is None
    assert next_attempt(1, NOW, permanent=True) is None


def test_message_headers_quote_untrusted_names():
    config = SmtpConfig(host="h", sender="Soporte <soporte@acme.test>")
    msg = build_message(
        config,
        to_email="ana@x.pe",
        to_name='Ana "Jefa", <evil@x>\r\nBcc: y@z',
        subject="Invitación",
        body="Hola",
    )
    assert [a.addr_spec for a in msg["To"].addresses] == ["ana@x.pe"]
    assert "Bcc" not in msg and "\r\nBcc" not in msg.as_string().split("\n\n")[0]
    assert msg["Message-ID"].endswith("@acme.test>")


def test_smtp_settings_are_checked(monkeypatch):
    monkeypatch.setenv("TUI_CLIENTS_SMTP_SECURITY", "tls")
    with pytest.raises(SettingsError, match="smtp_security 'tls'"):
        Settings.load()
    monkeypatch.setenv("TUI_CLIENTS_SMTP_SECURITY", "SSL")
    monkeypatch.setenv("TUI_CLIENTS_SMTP_PORT", "70000")
    with pytest.raises(SettingsError, match="smtp_port"):
        Settings.load()
    monkeypatch.delenv("TUI_CLIENTS_SMTP_PORT")
    monkeypatch.setenv("TUI_CLIENTS_SMTP_FROM", "soporte")
    with pytest.raises(SettingsError, match="smtp_from"):
        Settings.load()
    monkeypatch.delenv("TUI_CLIENTS_SMTP_FROM")
    monkeypatch.setenv("TUI_CLIENTS_SMTP_HOST", "smtp.acme.test")
    monkeypatch.setenv("TUI_CLIENTS_SMTP_USER", "envios@acme.test")
    config = config_from_settings(Settings.load())
    assert (config.port, config.security, config.sender, config.problem) == (
        465,
        "ssl",
        "envios@acme.test",
        "",
    )


def test_a_clear_password_in_the_file_is_not_used(tmp_path, monkeypatch):
    (tmp_path / "settings.toml").write_text(
        'smtp_host = "h"\nsmtp_from = "a@b.c"\nsmtp_password = "hunter2"\n'
    )
    config = config_from_settings(Settings.load())
    assert config.password == "" and "not encrypted" in config.problem
    assert "hunter2" not in repr(config)
    monkeypatch.setenv("TUI_CLIENTS_SMTP_PASSWORD", "hunter2")  # the environment may
    config = config_from_settings(Settings.load())
    assert config.password == "hunter2" and config.problem == ""
    assert "hunter2" not in repr(config) and Settings.load().values["smtp_password"].shown() == (
        "********"
    )


def test_failures_are_named_by_kind():
    import smtplib

    from tui_clients.services.channels.mailer import classify

    cases = [
        (ConnectionRefusedError(111, "Connection refused"), "connection", False),
        (TimeoutError("timed out"), "timeout", False),
        (smtplib.SMTPAuthenticationError(535, b"5.7.8 bad credentials"), "auth", False),
        (
            smtplib.SMTPNotSupportedError("SMTP AUTH extension not supported by server."),
            "auth",
            False,
        ),
        (
            smtplib.SMTPNotSupportedError("STARTTLS extension not supported by server."),
            "tls",
            False,
        ),
        (
            smtplib.SMTPNotSupportedError(
                "One or more source or delivery addresses require internationalized email support"
            ),
            "rejected",
            True,
        ),
        (smtplib.SMTPRecipientsRefused({"a@b.c": (450, b"try later")}), "recipient", False),
        (smtplib.SMTPDataError(554, b"spam"), "rejected", True),
        (smtplib.SMTPServerDisconnected("Connection unexpectedly closed"), "connection", False),
    ]
    for exc, code, permanent in cases:
        failed = classify(exc)
        assert (failed.code, failed.permanent) == (code, permanent), exc

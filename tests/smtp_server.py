"""A real SMTP server on 127.0.0.1 (aiosmtpd), started by the test, and what it received.

Import the fixture where it is used: ``from smtp_server import smtp  # noqa: F401``.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import ipaddress
import socket
import ssl
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 and localhost, and its key (PEM files in ``folder``)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=2))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "smtp-cert.pem", folder / "smtp-key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


class Recorder:
    """aiosmtpd handler: keeps each message; refuses recipients listed in ``refuse``."""

    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        self.refuse: set[str] = set()
        self.logins: list[tuple[str, str]] = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return f"550 5.1.1 <{address}>: Recipient address rejected: User unknown"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        self.messages.append(
            email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        )
        return "250 Message accepted for delivery"


class SmtpServer:
    """Start and stop a server on one port, so a test can take it down and bring it back."""

    def __init__(
        self,
        port: int | None = None,
        *,
        password: str = "",
        tls: str = "",
        cert: tuple[Path, Path] | None = None,
    ) -> None:
        self.port = port or free_port()
        self.tls = tls  # "" plain, "starttls" (required), "ssl" (implicit TLS)
        self.cert = cert
        self.handler = Recorder()
        self.controller: Controller | None = None
        self.password = password  # when set, AUTH is offered and only this password passes

    def _authenticate(self, server, session, envelope, mechanism, auth_data):
        if isinstance(auth_data, LoginPassword):
            login, password = auth_data.login.decode(), auth_data.password.decode()
            self.handler.logins.append((login, password))
            return AuthResult(success=password == self.password)
        return AuthResult(success=False, handled=False)

    @property
    def messages(self):
        return self.handler.messages

    def start(self) -> SmtpServer:
        if self.controller is None:
            options = {}
            if self.password:
                options |= {"authenticator": self._authenticate, "auth_require_tls": False}
            if self.tls:
                context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
                context.load_cert_chain(*map(str, self.cert))
                options |= (
                    {"tls_context": context, "require_starttls": True}
                    if self.tls == "starttls"
                    else {"ssl_context": context}
                )
            self.controller = Controller(
                self.handler, hostname="127.0.0.1", port=self.port, **options
            )
            self.controller.start()
        return self

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def env(self, monkeypatch) -> None:
        """Point the settings (environment) at this server: plain SMTP, no login."""
        monkeypatch.setenv("TUI_CLIENTS_SMTP_HOST", "127.0.0.1")
        monkeypatch.setenv("TUI_CLIENTS_SMTP_PORT", str(self.port))
        monkeypatch.setenv("TUI_CLIENTS_SMTP_SECURITY", "none")
        monkeypatch.setenv("TUI_CLIENTS_SMTP_FROM", "Soporte ACME <soporte@acme.test>")
        monkeypatch.setenv("TUI_CLIENTS_SMTP_TIMEOUT", "5")
        monkeypatch.setenv("TUI_CLIENTS_PORTAL_URL", "https://portal.acme.test")


@pytest.fixture
def smtp():
    """A running SMTP server on a free port of 127.0.0.1 (stopped after the test)."""
    server = SmtpServer().start()
    yield server
    server.stop()


@pytest.fixture
def smtp_down():
    """A port where no server listens yet (``.start()`` brings one up there)."""
    server = SmtpServer()
    yield server
    server.stop()

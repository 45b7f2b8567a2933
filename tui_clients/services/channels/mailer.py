"""Outgoing mail through smtplib: the SMTP settings, the message, and why a send failed.

The password lives in the settings file encrypted with this installation's secret key
(services.secrets); it is decrypted here, only to log in, and never logged or shown.
"""

from __future__ import annotations

import smtplib
import socket
import ssl
from dataclasses import dataclass, field
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr

from tui_clients.domain.text import printable
from tui_clients.services.admin import secrets

DEFAULT_PORTS = {"starttls": 587, "ssl": 465, "none": 25, "plain": 25}
FERNET_PREFIX = "gAAAAA"  # every Fernet token begins so


@dataclass(frozen=True)
class SmtpConfig:
    host: str = ""
    port: int = 587
    security: str = "starttls"  # starttls | ssl | none | plain
    user: str = ""
    password: str = field(default="", repr=False)
    sender: str = ""
    timeout: float = 10.0
    portal_url: str = ""
    problem: str = ""  # why these settings cannot send (an English detail), "" when they can

    @property
    def configured(self) -> bool:
        return bool(self.host)

    @property
    def server(self) -> str:
        return f"{self.host}:{self.port}"


def config_from_settings(settings) -> SmtpConfig:
    """The SMTP settings in use; ``problem`` says what keeps them from sending, if anything."""
    v = {key: settings.values[key] for key in settings.values if key.startswith("smtp_")}
    security = v["smtp_security"].value
    port = int(v["smtp_port"].value or DEFAULT_PORTS[security])
    user = v["smtp_user"].value
    sender = v["smtp_from"].value or (user if "@" in user else "")
    password, problem = _password(v["smtp_password"])
    if v["smtp_host"].value and not sender:
        problem = problem or "smtp_from is not set (the sender's address)"
    if security == "none" and user and password:
        problem = problem or (
            'smtp_security "none" would send the SMTP password in clear: use starttls or '
            'ssl, or write smtp_security = "plain" to accept that (a trusted network only)'
        )
    return SmtpConfig(
        host=v["smtp_host"].value,
        port=port,
        security=security,
        user=user,
        password=password,
        sender=sender,
        timeout=float(v["smtp_timeout"].value),
        portal_url=settings.values["portal_url"].value,
        problem=problem,
    )


def _password(value) -> tuple[str, str]:
    """(plain password, problem).  In the settings file it must be encrypted; in the
    environment it may be given plain (nothing is written to disk then)."""
    text = value.value
    if not text:
        return "", ""
    if text.startswith(FERNET_PREFIX):
        try:
            return secrets.decrypt(text.encode("ascii", "replace")), ""
        except secrets.CannotDecrypt as exc:
            return "", f"smtp_password cannot be decrypted with this installation's key: {exc}"
    if value.source.startswith("file"):
        return "", (
            "smtp_password in the settings file is not encrypted; store it with "
            "`tui-clients invitations smtp-password`"
        )
    return text, ""


def encrypt_password(plain: str) -> str:
    """The value to keep in the settings file for this password."""
    return secrets.encrypt(plain).decode("ascii")


def build_message(
    config: SmtpConfig, *, to_email: str, to_name: str, subject: str, body: str
) -> EmailMessage:
    """A plain-text message; names go into headers through email's own quoting."""
    msg = EmailMessage()
    msg["Subject"] = printable(subject).replace("\n", " ")
    msg["From"] = config.sender
    local, _at, domain = to_email.rpartition("@")
    name = printable(to_name).replace("\n", " ")[:200]
    try:
        msg["To"] = Address(display_name=name, username=local, domain=domain)
    except (ValueError, IndexError):
        msg["To"] = to_email
    msg["Date"] = formatdate(localtime=True)
    sender_domain = parseaddr(config.sender)[1].rpartition("@")[2] or None
    msg["Message-ID"] = make_msgid(domain=sender_domain)
    msg.set_content(body)
    return msg


class SendFailed(Exception):
    """A delivery failed: ``code`` names the kind (see domain.invitations.REASONS),
    ``detail`` is the server's or the system's words, ``permanent`` means retrying the
    same message would fail the same way."""

    def __init__(self, code: str, detail: str, *, permanent: bool = False):
        super().__init__(f"{code}: {detail}")
        self.code = code
        self.detail = detail
        self.permanent = permanent


def _response(code: int, message: bytes | str) -> str:
    text = message.decode("utf-8", "replace") if isinstance(message, bytes) else str(message)
    return printable(f"{code} {text}".strip())[:500]


def classify(exc: BaseException) -> SendFailed:
    """What went wrong, in a stored code and the server's own words."""
    if isinstance(exc, SendFailed):
        return exc
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return SendFailed("auth", _response(exc.smtp_code, exc.smtp_error))
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        code, message = next(iter(exc.recipients.values()), (550, b""))
        return SendFailed("recipient", _response(code, message), permanent=code >= 500)
    if isinstance(exc, smtplib.SMTPResponseException):
        code = exc.smtp_code
        return SendFailed("rejected", _response(code, exc.smtp_error), permanent=code >= 500)
    if isinstance(exc, smtplib.SMTPNotSupportedError):  # STARTTLS, AUTH or SMTPUTF8 missing
        text = str(exc)
        if "STARTTLS" in text or "AUTH" in text:
            return SendFailed("tls" if "STARTTLS" in text else "auth", printable(text))
        return SendFailed("rejected", printable(text), permanent=True)
    if isinstance(exc, ssl.SSLError):
        reason = getattr(exc, "verify_message", None) or exc.reason or str(exc)
        return SendFailed("tls", printable(str(reason)))
    if isinstance(exc, TimeoutError | socket.timeout):
        return SendFailed("timeout", printable(str(exc) or "timed out"))
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return SendFailed("connection", printable(str(exc) or "the server closed the connection"))
    if isinstance(exc, socket.gaierror):
        return SendFailed("connection", printable(exc.strerror or str(exc)))
    if isinstance(exc, OSError):
        return SendFailed("connection", printable(exc.strerror or str(exc)))
    if isinstance(exc, smtplib.SMTPException):
        return SendFailed("rejected", printable(str(exc)))
    return SendFailed("rejected", printable(f"{type(exc).__name__}: {exc}"))


class Connection:
    """One SMTP session for a batch of messages (a context manager)."""

    def __init__(self, config: SmtpConfig):
        self.config = config
        self.smtp: smtplib.SMTP | None = None

    def __enter__(self) -> Connection:
        c = self.config
        if c.problem:
            raise SendFailed("config", c.problem)
        context = ssl.create_default_context()
        try:
            if c.security == "ssl":
                smtp: smtplib.SMTP = smtplib.SMTP_SSL(
                    c.host, c.port, timeout=c.timeout, context=context
                )
            else:
                smtp = smtplib.SMTP(c.host, c.port, timeout=c.timeout)
            self.smtp = smtp
            smtp.ehlo_or_helo_if_needed()
            if c.security == "starttls":
                smtp.starttls(context=context)
                smtp.ehlo()
            if c.user and c.password:
                smtp.login(c.user, c.password)
        except BaseException as exc:
            self.close()
            raise classify(exc) from None
        return self

    def send(self, msg: EmailMessage) -> None:
        assert self.smtp is not None
        try:
            self.smtp.send_message(msg)
        except smtplib.SMTPRecipientsRefused as exc:
            raise classify(exc) from None
        except BaseException as exc:
            failed = classify(exc)
            if failed.code in ("connection", "timeout"):
                self.close()  # the session is gone: the next message opens none
            raise failed from None

    @property
    def open(self) -> bool:
        return self.smtp is not None

    def close(self) -> None:
        if self.smtp is not None:
            try:
                self.smtp.quit()
            except (smtplib.SMTPException, OSError):
                self.smtp.close()
            self.smtp = None

    def __exit__(self, *exc_info) -> None:
        self.close()

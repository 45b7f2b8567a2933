"""Channels and invitations: what a channel handle may be, the invitation's words, and
when a failed invitation is tried again.  Pure rules (no database, no network)."""

from __future__ import annotations

import datetime as dt
import re

import phonenumbers

from tui_clients.domain.contact import normalize_email, normalize_phone
from tui_clients.domain.errors import FieldError, ValidationError, shown
from tui_clients.domain.i18n import N_
from tui_clients.domain.text import clean_text, printable

HANDLE_MAX = 200
# PORTAL: a user name for the client portal; EMAIL: an address; WHATSAPP: a phone number.
_USER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@+-]{2,63}$")
HANDLE_LABELS = {
    "PORTAL": N_("User"),
    "EMAIL": N_("E-mail"),
    "WHATSAPP": N_("WhatsApp number"),
}
HANDLE_HINTS = {
    "PORTAL": N_("the user name for the portal (3-64 letters, digits, . _ - @ +)"),
    "EMAIL": N_("the address the client is reached at"),
    "WHATSAPP": N_("the number with its country code, e.g. +51 987 654 321"),
}

# Statuses of an invitation (the outbox row).
PENDING, SENDING, SENT, FAILED = "pending", "sending", "sent", "failed"
STATUS_NAMES = {
    PENDING: N_("pending"),
    SENDING: N_("sending"),
    SENT: N_("sent"),
    FAILED: N_("failed"),
}

# Why a delivery failed, by the code stored with the invitation; {detail} is the server's
# or the system's own words.
REASONS = {
    "connection": N_("the mail server could not be reached ({detail})"),
    "timeout": N_("the mail server did not answer in time ({detail})"),
    "tls": N_("the secure connection to the mail server failed ({detail})"),
    "auth": N_("the mail server refused the user or the password ({detail})"),
    "recipient": N_("the mail server refused the address ({detail})"),
    "rejected": N_("the mail server refused the message ({detail})"),
    "config": N_("the outgoing mail settings cannot be used ({detail})"),
    "channel": N_("not sent: the channel is no longer active or enabled for the client"),
    "client": N_("not sent: the client is in the trash or inactive"),
}

# A failed invitation is tried again after these delays (then no more automatically).
RETRY_DELAYS = (
    dt.timedelta(minutes=1),
    dt.timedelta(minutes=5),
    dt.timedelta(minutes=15),
    dt.timedelta(hours=1),
    dt.timedelta(hours=4),
)
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1


def next_attempt(attempts: int, now: dt.datetime, *, permanent: bool = False) -> dt.datetime | None:
    """When to try again after ``attempts`` tries failed; None: not automatically."""
    if permanent or attempts >= MAX_ATTEMPTS:
        return None
    return now + RETRY_DELAYS[max(attempts, 1) - 1]


def _mobile(e164: str) -> bool:
    """A number WhatsApp can be on: a mobile (Mexico's numbers may be either)."""
    kind = phonenumbers.number_type(phonenumbers.parse(e164))
    return kind in (
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    )


def clean_handle(channel_code: str, value: str | None, country: str | None = None) -> str:
    """A client's handle on a channel, checked by what the channel expects ('' is allowed:
    the invitation then names the client's e-mail)."""
    field = "handle"
    text = clean_text(value, field, max_length=HANDLE_MAX)
    if not text:
        return ""
    if channel_code == "EMAIL":
        return normalize_email(text, field)
    if channel_code == "WHATSAPP":
        phone = normalize_phone(text, country, field)
        if phone is None or not phone.verified or not _mobile(phone.number):
            raise ValidationError(
                FieldError(
                    field,
                    "whatsapp",
                    N_(
                        "“{value}” is not a mobile number with its country code "
                        "(e.g. +51 987 654 321)."
                    ),
                    shown(text),
                )
            )
        return phone.number
    if channel_code == "PORTAL" and not _USER.match(text):
        raise ValidationError(
            FieldError(
                field,
                "portal_user",
                N_(
                    "“{value}” is not a portal user name: 3 to 64 letters, "
                    "digits and . _ - @ +, beginning with a letter or digit."
                ),
                shown(text),
            )
        )
    return text


LINK_MISSING = N_(
    "The portal's address is not configured (portal_url in the settings file, or "
    "TUI_CLIENTS_PORTAL_URL): this invitation would reach the client without a link to "
    "the portal."
)


def link_missing(channel_code: str, portal_url: str) -> bool:
    """A portal invitation names the portal's address: without one the client is told a
    user name and not where to use it."""
    return channel_code == "PORTAL" and not portal_url.strip()


def compose(
    *,
    client_name: str,
    channel_name: str,
    channel_code: str,
    handle: str,
    email: str,
    portal_url: str = "",
) -> tuple[str, str]:
    """The invitation's subject and plain-text body, in Spanish (the clients' language).

    Names come from the registry: they go in as plain text, control characters escaped."""
    name, channel = printable(client_name), printable(channel_name)
    user = printable(handle) or email
    label = {"PORTAL": "Usuario", "EMAIL": "Correo", "WHATSAPP": "Número de WhatsApp"}.get(
        channel_code, "Usuario"
    )
    subject = f"Invitación al canal {channel}"
    lines = [
        f"Hola, {name}:",
        "",
        f"Le damos acceso al canal «{channel}». Estos son sus datos de acceso:",
        "",
        f"  Canal: {channel}",
        f"  {label}: {user}",
    ]
    if portal_url:
        lines.append(f"  Dirección: {portal_url}")
    lines += [
        "",
        "Si no esperaba este mensaje, puede ignorarlo o responder a este correo.",
        "",
        "Saludos cordiales.",
    ]
    return subject.replace("\n", " ")[:300], "\n".join(lines) + "\n"

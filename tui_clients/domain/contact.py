"""E-mail, phone and website rules.

Phones (phonenumbers): a number written with its country code (``+57 …`` or
``0057 …``) must be valid for that country and is stored in E.164.  A number
without a country code is read with the country the record points to (the
client's address, else its document's country, else the configured default);
when it is valid there it is stored in E.164, otherwise it is kept as typed
(digits and ``+ ( ) - . space`` only) and marked unverified so the front end can
warn.  Only a value that cannot be a phone (letters, fewer than 7 digits,
spreadsheet damage like ``5.51E+09``) is refused.

Old formats still typed are modernised when the modern number is valid (checked
with phonenumbers) and the number as typed is not: Mexican mobiles with the ``1``
after the country code (``+52 1 55 …``, dropped in 2019) and the national ``044``
/``045`` (mobile) and ``01`` (long distance) prefixes; Colombian landlines before
2021 (``+57 1 770 1048``: one-digit area code and 7 digits, now ``60`` + area +
number).  The stored :class:`Phone` then names what was typed in
``modernised_from`` and :func:`modernised_note` is the warning that says so.

E-mails are checked as written (NFC normalisation can make an invalid address
valid, e.g. ``<`` + U+0338 becomes ``≮``), and stored NFC; a local part over 64
characters (RFC 5321) is refused, since mail to it bounces.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

import phonenumbers
from email_validator import EmailNotValidError, validate_email

from tui_clients.domain.errors import FieldError, ValidationError, shown
from tui_clients.domain.i18n import N_
from tui_clients.domain.text import clean_text

EMAIL_MAX = 254
LOCAL_PART_MAX = 64  # RFC 5321 4.5.3.1.1
_ATEXT = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_DOT_ATOM = re.compile(rf"{_ATEXT}(\.{_ATEXT})*")
_PHONE_CHARS = re.compile(r"^[+(\d][\d\s().\-/]*$")
_HOST = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{1,62}$")


def normalize_email(value: str | None, field: str = "email", *, required: bool = False) -> str:
    """A syntactically valid address, domain lower-cased (no deliverability check)."""
    text = clean_text(value, field, required=required, max_length=EMAIL_MAX)
    if not text:
        return ""
    written = str(value).strip()
    try:
        if written != text:  # NFC (or collapsed spaces) changed it: what was written must pass
            validate_email(written, check_deliverability=False)
        email = _validated_email(text)
    except EmailNotValidError:
        raise ValidationError(
            FieldError(
                field,
                "email",
                N_("“{value}” is not a valid e-mail address (e.g. ana@empresa.com)."),
                shown(text),
            )
        ) from None
    local = email.rpartition("@")[0]
    if len(local) > LOCAL_PART_MAX:
        raise ValidationError(
            FieldError(
                field,
                "email_local_too_long",
                N_(
                    "“{value}” has {length} characters before the @, at most {max}: "
                    "mail to it would bounce."
                ),
                shown(text),
                {"length": len(local), "max": LOCAL_PART_MAX},
            )
        )
    return email


def _validated_email(text: str) -> str:
    """email-validator's normalised address.  A plain dot-atom local part (what nearly every
    address has) is checked here and its domain's answer reused, since a file's addresses
    share few domains; anything else goes to email-validator whole."""
    local, at, domain = text.rpartition("@")
    if at and len(local) <= 64 and _DOT_ATOM.fullmatch(local) and domain.isascii():
        return f"{local}@{_validated_domain(domain)}"
    return validate_email(text, check_deliverability=False).normalized


@functools.lru_cache(maxsize=4096)
def _validated_domain(domain: str) -> str:
    return validate_email(f"x@{domain}", check_deliverability=False).domain


def email_key(email: str) -> str:
    """The form two addresses are compared by (the registry treats them case-insensitively)."""
    return email.strip().lower()


@dataclass(frozen=True)
class Phone:
    number: str  # E.164 when verified, else as typed
    country: str | None  # ISO alpha-2 it was validated for
    verified: bool
    modernised_from: str = ""  # the old-format number as typed, when it was modernised


def modernised_note(phone: Phone | None, field: str) -> FieldError | None:
    """The warning telling that an old-format number was stored in its modern form."""
    if phone is None or not phone.modernised_from:
        return None
    return FieldError(
        field,
        "phone_modernised",
        N_("“{value}” is an old format; stored as the current number {number}."),
        shown(phone.modernised_from),
        {"number": phone.number},
    )


# Colombia's one-digit area codes before 2021 (1 Bogotá, 2 Valle, 4 Antioquia, 5 Costa,
# 6 Eje Cafetero, 7 Santanderes, 8 others); since then 60 + area + the 7 digits.
_CO_OLD_AREAS = "1245678"


def _modern_candidate(digits: str, international: bool, country: str | None) -> str | None:
    """The E.164 form a number in an old format has today (``digits``: its digits after
    any ``00``), if it is one; phonenumbers then says whether that is valid."""
    if international:
        if digits.startswith("52"):
            rest = digits[2:]
            if len(rest) == 11 and rest[0] == "1":  # +52 1 + 10 digits: old mobile
                return "+52" + rest[1:]
            if len(rest) == 13 and rest[:3] in ("044", "045"):
                return "+52" + rest[3:]
        if digits.startswith("57"):
            rest = digits[2:]
            if len(rest) == 8 and rest[0] in _CO_OLD_AREAS:
                return "+5760" + rest
        return None
    if country == "MX":
        if len(digits) == 13 and digits[:3] in ("044", "045"):
            return "+52" + digits[3:]
        if len(digits) == 12 and digits[:2] == "01":
            return "+52" + digits[2:]
    if country == "CO" and len(digits) == 8 and digits[0] in _CO_OLD_AREAS:
        return "+5760" + digits
    return None


def _modernised(text: str, digits: str, international: bool, country: str | None) -> Phone | None:
    candidate = _modern_candidate(digits, international, country)
    if candidate is None:
        return None
    try:
        parsed = phonenumbers.parse(candidate, None)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(parsed):
        return None
    region = phonenumbers.region_code_for_number(parsed)
    e164 = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    return Phone(e164, region, True, modernised_from=text)


def normalize_phone(
    value: str | None, country: str | None, field: str = "phone", *, required: bool = False
) -> Phone | None:
    text = clean_text(value, field, required=required, max_length=40)
    if not text:
        return None
    digits = re.sub(r"\D", "", text)
    if not _PHONE_CHARS.match(text) or len(digits) < 7 or re.search(r"\d[eE][+-]?\d", text):
        raise ValidationError(
            FieldError(field, "phone", N_("“{value}” is not a phone number."), shown(text))
        )
    international = text.startswith("+") or text.startswith("00")
    candidate = "+" + text.lstrip("+")[2:] if text.startswith("00") else text
    try:
        parsed = phonenumbers.parse(candidate, None if international else country)
    except phonenumbers.NumberParseException:
        parsed = None
    if parsed is not None and phonenumbers.is_valid_number(parsed):
        region = phonenumbers.region_code_for_number(parsed)
        e164 = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
        return Phone(e164, region, True)
    if international:
        digits = digits[2:] if text.startswith("00") else digits
    modern = _modernised(text, digits, international, country and country.upper())
    if modern is not None:
        return modern
    if international:
        raise ValidationError(
            FieldError(
                field,
                "phone_invalid",
                N_("“{value}” is not a valid number for the country of its prefix."),
                shown(text),
            )
        )
    return Phone(text, None, False)


def normalize_website(value: str | None, field: str = "website") -> str:
    """An http(s) address with a real host name; 'example.com' becomes 'https://example.com'."""
    text = clean_text(value, field, max_length=300)
    if not text:
        return ""
    url = text if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", text) else "https://" + text
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
    except ValueError:
        parts, host = None, ""
    if parts is None or parts.scheme.lower() not in ("http", "https") or not _HOST.match(host):
        raise ValidationError(
            FieldError(field, "website", N_("“{value}” is not a web address."), shown(text))
        )
    netloc = host + (f":{parts.port}" if parts.port else "")
    return parts._replace(scheme=parts.scheme.lower(), netloc=netloc).geturl()

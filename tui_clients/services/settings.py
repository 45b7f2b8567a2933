"""Effective settings: defaults < TOML settings file < environment < command-line flags.

The file lives in the user config directory (platformdirs), or where
``TUI_CLIENTS_CONFIG`` points.  Keys (TOML, all optional)::

    database = "sqlite:////home/ana/clients.db"
    default_country = "PE"
    language = "es"
    secret_key = "…"  # Fernet key for server passwords (else secret.key beside this file)

Each value remembers where it came from, so ``tui-clients config`` can say so.
Secret values are never printed; a URL is printed without its password.  A database
password is best left out of the URL (libpq then reads PGPASSWORD or ~/.pgpass); one
kept in this file asks for the file to be private, as a secret key does.
"""

from __future__ import annotations

import math
import os
import tomllib
from dataclasses import dataclass
from email.utils import parseaddr
from pathlib import Path

from platformdirs import user_config_dir, user_data_dir

from tui_clients.db.connection import has_password, safe_url
from tui_clients.domain.i18n import LANGUAGES, _, language_from_locale

APP = "tui-clients"


@dataclass(frozen=True)
class Option:
    key: str
    env: str
    flag: str  # "" when there is no command-line flag
    secret: bool = False  # never printed
    url: bool = False  # printed without its password


OPTIONS = (
    Option("database", "TUI_CLIENTS_DB", "--db", url=True),
    Option("default_country", "TUI_CLIENTS_COUNTRY", "--country"),
    Option("language", "TUI_CLIENTS_LANG", "--lang"),
    # No flag: a key on the command line would show in `ps`.
    Option("secret_key", "TUI_CLIENTS_SECRET_KEY", "", secret=True),
    # The geocoder: "offline" (the shipped gazetteer) or "nominatim" (then the gazetteer
    # answers when the server fails or knows nothing).
    Option("geocoder", "TUI_CLIENTS_GEOCODER", ""),
    Option("nominatim_url", "TUI_CLIENTS_NOMINATIM_URL", "", url=True),
    Option("nominatim_user_agent", "TUI_CLIENTS_NOMINATIM_USER_AGENT", ""),
    Option("nominatim_delay", "TUI_CLIENTS_NOMINATIM_DELAY", ""),  # seconds between requests
    Option("nominatim_timeout", "TUI_CLIENTS_NOMINATIM_TIMEOUT", ""),  # seconds
    # Outgoing mail for invitations (services.mailer).  The password is kept in the file
    # encrypted with the secret key (`tui-clients invitations smtp-password` writes it).
    Option("smtp_host", "TUI_CLIENTS_SMTP_HOST", ""),
    Option("smtp_port", "TUI_CLIENTS_SMTP_PORT", ""),  # "" = 587, 465 with ssl, 25 with none
    Option("smtp_security", "TUI_CLIENTS_SMTP_SECURITY", ""),  # starttls|ssl|none|plain
    Option("smtp_user", "TUI_CLIENTS_SMTP_USER", ""),
    Option("smtp_password", "TUI_CLIENTS_SMTP_PASSWORD", "", secret=True),
    Option("smtp_from", "TUI_CLIENTS_SMTP_FROM", ""),
    Option("smtp_timeout", "TUI_CLIENTS_SMTP_TIMEOUT", ""),  # seconds
    Option("portal_url", "TUI_CLIENTS_PORTAL_URL", "", url=True),  # named in invitations
)
GEOCODERS = ("offline", "nominatim")
# "none": no TLS and no login; "plain": no TLS *with* a login, the password in clear, only
# when the settings say so in those words (a server on a trusted network)
SMTP_SECURITY = ("starttls", "ssl", "none", "plain")
COUNTRIES = ("MX", "PE", "CO")


class SettingsError(ValueError):
    """The settings file or a value in it cannot be used."""


@dataclass(frozen=True)
class Value:
    value: str
    source: str  # "default", "file <path>", "env VAR", "flag --x", "locale"
    secret: bool = False
    url: bool = False

    def shown(self) -> str:
        if self.secret and self.value:
            return "********"
        return safe_url(self.value) if self.url else self.value


def config_path() -> Path:
    env = os.environ.get("TUI_CLIENTS_CONFIG")
    return Path(env).expanduser() if env else Path(user_config_dir(APP)) / "settings.toml"


def secret_key_path() -> Path:
    """The key file used when no secret_key is set: beside the settings file."""
    return config_path().with_name("secret.key")


def default_database_path() -> Path:
    return Path(user_data_dir(APP)) / "clients.db"


def _read_file(path: Path, named: bool) -> dict[str, object]:
    """The settings in ``path``.  The default file may be missing (first start); a file
    named by TUI_CLIENTS_CONFIG must be there: a mistyped name must not quietly start
    a new, empty registry."""
    if path.is_dir():
        raise SettingsError(_("{path}: is a folder, not a settings file").format(path=path))
    if not path.exists():
        if not named:
            return {}
        raise SettingsError(
            _(
                "{path}: the settings file named by TUI_CLIENTS_CONFIG does not exist; "
                "correct the name, or create the file (an empty one will do)"
            ).format(path=path)
        )
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise SettingsError(
            _("{path}: not a valid TOML settings file: {error}").format(path=path, error=exc)
        ) from None
    except OSError as exc:
        raise SettingsError(
            _("{path}: cannot be read: {error}").format(path=path, error=exc.strerror)
        ) from None


def readable_by_others(path: Path) -> bool:
    """A file whose mode lets other accounts read it (never true where modes mean nothing)."""
    try:
        return os.name == "posix" and bool(path.stat().st_mode & 0o044)
    except OSError:
        return False


def _holds_secret(option: Option, value: object) -> bool:
    """A secret, or a URL with a password in it (a database's, a server's)."""
    if not value:
        return False
    return option.secret or (option.url and has_password(str(value)))


def _value_error(key: str, value: Value, expected: str) -> SettingsError:
    return SettingsError(
        _("{key} {value} ({source}): {expected}").format(
            key=key, value=repr(value.value), source=value.source, expected=expected
        )
    )


def _choice_error(key: str, value: Value, choices: tuple[str, ...]) -> SettingsError:
    return _value_error(key, value, _("use one of {choices}").format(choices=", ".join(choices)))


class Settings:
    """The effective value and origin of every option."""

    def __init__(self, values: dict[str, Value], path: Path, warnings: list[str] | None = None):
        self.values = values
        self.path = path
        self.warnings = warnings or []  # said on stderr by the CLI, notified by the TUI

    @property
    def database(self) -> str:
        return self.values["database"].value

    @property
    def default_country(self) -> str:
        return self.values["default_country"].value

    @property
    def language(self) -> str:
        return self.values["language"].value

    @property
    def secret_key(self) -> str:
        """The key for server passwords ("" means: use :func:`secret_key_path`)."""
        return self.values["secret_key"].value

    @classmethod
    def load(cls, flags: dict[str, str | None] | None = None) -> Settings:
        path = config_path()
        from_file = _read_file(path, named=bool(os.environ.get("TUI_CLIENTS_CONFIG")))
        warnings = []
        held = sorted(o.key for o in OPTIONS if _holds_secret(o, from_file.get(o.key)))
        if held and readable_by_others(path):
            warnings.append(
                _("{path} holds {keys} and other accounts can read it: chmod 600 {path}").format(
                    path=path, keys=", ".join(held)
                )
            )
        unknown = sorted(set(from_file) - {o.key for o in OPTIONS})
        if unknown:
            raise SettingsError(
                _("{path}: unknown settings: {keys}").format(path=path, keys=", ".join(unknown))
            )
        from_locale = language_from_locale()
        defaults = {
            "database": Value(f"sqlite:///{default_database_path()}", "default"),
            "default_country": Value("MX", "default"),
            "language": Value(from_locale, "locale") if from_locale else Value("es", "default"),
            "secret_key": Value("", f"key file {secret_key_path()}", secret=True),
            "geocoder": Value("offline", "default"),
            "nominatim_url": Value("https://nominatim.openstreetmap.org", "default"),
            "nominatim_user_agent": Value("tui-clients", "default"),
            "nominatim_delay": Value("1", "default"),
            "nominatim_timeout": Value("5", "default"),
            "smtp_host": Value("", "default"),
            "smtp_port": Value("", "default"),
            "smtp_security": Value("starttls", "default"),
            "smtp_user": Value("", "default"),
            "smtp_password": Value("", "default", secret=True),
            "smtp_from": Value("", "default"),
            "smtp_timeout": Value("10", "default"),
            "portal_url": Value("", "default"),
        }
        values: dict[str, Value] = {}
        for opt in OPTIONS:
            chosen = defaults[opt.key]
            if opt.key in from_file:
                chosen = Value(str(from_file[opt.key]), f"file {path}", opt.secret, opt.url)
            if os.environ.get(opt.env):
                chosen = Value(os.environ[opt.env], f"env {opt.env}", opt.secret, opt.url)
            flag = (flags or {}).get(opt.key) if opt.flag else None
            if flag:
                chosen = Value(flag, f"flag {opt.flag}", opt.secret, opt.url)
            values[opt.key] = chosen
        settings = cls(values, path, warnings)
        settings._check()
        return settings

    def _check(self) -> None:
        country = self.values["default_country"]
        if country.value.upper() not in COUNTRIES:
            raise _choice_error("default_country", country, COUNTRIES)
        self.values["default_country"] = Value(country.value.upper(), country.source)
        geocoder = self.values["geocoder"]
        if geocoder.value not in GEOCODERS:
            raise _choice_error("geocoder", geocoder, GEOCODERS)
        self._check_smtp()
        for key in ("nominatim_delay", "nominatim_timeout", "smtp_timeout"):
            try:
                seconds = float(self.values[key].value)
                if not math.isfinite(seconds) or seconds <= 0:
                    raise ValueError
            except ValueError:
                raise _value_error(
                    key, self.values[key], _("a number of seconds above 0")
                ) from None
        lang = self.values["language"]
        if lang.value not in LANGUAGES:
            raise _choice_error("language", lang, LANGUAGES)

    def _check_smtp(self) -> None:
        security = self.values["smtp_security"]
        security = self.values["smtp_security"] = Value(security.value.lower(), security.source)
        if security.value not in SMTP_SECURITY:
            raise _choice_error("smtp_security", security, SMTP_SECURITY)
        port = self.values["smtp_port"]
        if port.value and not (port.value.isdigit() and 0 < int(port.value) < 65536):
            raise _value_error("smtp_port", port, _("a port number from 1 to 65535"))
        sender = self.values["smtp_from"]
        if sender.value and "@" not in parseaddr(sender.value)[1]:
            raise _value_error(
                "smtp_from", sender, _("an e-mail address, e.g. Soporte <soporte@empresa.com>")
            )

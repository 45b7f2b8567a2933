"""Opening the database named by one URL (playhouse.db_url).

SQLite is set up for several operators on one host: busy timeout first, then
WAL (so the switch itself waits for a lock), foreign keys on, and write
transactions opened ``BEGIN IMMEDIATE`` so a read-then-write transaction waits
for the lock instead of failing with "database is locked".
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from peewee import Database, InterfaceError, OperationalError, SqliteDatabase
from playhouse.db_url import parse, schemes
from playhouse.shortcuts import ReconnectMixin

from tui_clients.db.models import database

BUSY_TIMEOUT_MS = 15_000
SQLITE_PRAGMAS = [
    ("busy_timeout", BUSY_TIMEOUT_MS),
    ("journal_mode", "wal"),
    ("foreign_keys", 1),
    ("synchronous", "normal"),
    ("cache_size", -16_000),
]


class DatabaseUrlError(ValueError):
    """The database URL cannot be used."""


def sqlite_path(url: str) -> Path | None:
    """The file behind an SQLite URL, or None for other databases."""
    parts = urlsplit(url)
    if parts.scheme not in ("sqlite", "sqlite+pool"):
        return None
    path = url.split("://", 1)[1].split("?", 1)[0]
    # sqlite:///relative.db and sqlite:////absolute/path.db, as in SQLAlchemy and peewee
    return Path(path[1:] if path.startswith("/") else path)


POSTGRES_SCHEMES = ("postgresql", "postgres")


def safe_url(url: str) -> str:
    """The URL with any password replaced, fit to print: the one after ``user:`` and a
    ``password=`` parameter alike."""
    if "://" not in url:
        return url
    scheme, rest = url.split("://", 1)
    rest, hash_, fragment = rest.partition("#")
    rest, question, query = rest.partition("?")
    if "@" in rest:
        creds, host = rest.rsplit("@", 1)
        user = creds.split(":", 1)[0]
        rest = f"{user}:***@{host}" if ":" in creds else rest
    if query:
        query = _PASSWORD_PARAM.sub(r"\1***", query)
    return f"{scheme}://{rest}{question}{query}{hash_}{fragment}"


_PASSWORD_PARAM = re.compile(r"((?:^|&)(?:password|passwd|pwd)=)[^&]*", re.IGNORECASE)


def has_password(url: str) -> bool:
    """Whether ``url`` holds a password (after ``user:`` or as a parameter): what
    :func:`safe_url` would hide."""
    return safe_url(url) != url


CONNECT_TIMEOUT_S = 10  # a server that accepts and never answers is an error, not a hang


def _postgres_kwargs(url: str) -> dict[str, Any]:
    """``connect_timeout`` unless the URL chooses its own."""
    params = {k.lower() for k, _ in parse_qsl(urlsplit(url).query)}
    return {} if "connect_timeout" in params else {"connect_timeout": CONNECT_TIMEOUT_S}


_LOST = (
    (OperationalError, "server closed the connection"),
    (OperationalError, "terminating connection"),
    (OperationalError, "could not receive data"),
    (OperationalError, "ssl syscall error"),
    (OperationalError, "no connection to the server"),
    (InterfaceError, "connection already closed"),
)


def _reconnecting(base: type[Database]) -> type[Database]:
    """``base`` that, outside a transaction, opens a new connection when the server has
    dropped the old one (a restart, a failover): a TUI left open goes on working once the
    server is back.  Inside a transaction the error goes up: nothing is retried silently."""
    return type(f"Reconnecting{base.__name__}", (ReconnectMixin, base), {"reconnect_errors": _LOST})


def open_database(url: str, *, create_folder: bool = False) -> Database:
    """Connect ``url`` and bind the models to it (the connection opens lazily).

    Only SQLite and PostgreSQL are supported.  An SQLite file's folder must
    exist unless ``create_folder`` (the default location is created on first start).
    """
    scheme = urlsplit(url).scheme
    if not scheme:
        raise DatabaseUrlError(f"not a database URL: {url!r} (e.g. sqlite:///clients.db)")
    path = sqlite_path(url)
    if path is not None:
        if str(path) not in ("", ":memory:"):
            folder = path.expanduser().parent
            if create_folder:
                folder.mkdir(parents=True, exist_ok=True)
            elif not folder.is_dir():
                raise DatabaseUrlError(f"the folder {folder} does not exist")
        db: Database = SqliteDatabase(
            str(path.expanduser()),
            pragmas=SQLITE_PRAGMAS,
            lock_type="IMMEDIATE",
            timeout=BUSY_TIMEOUT_MS / 1000,
        )
    elif scheme in POSTGRES_SCHEMES:
        try:
            import psycopg2  # noqa: F401
        except ImportError:
            raise DatabaseUrlError(
                "PostgreSQL needs its driver: pip install 'tui-clients[postgres]'"
            ) from None
        # A URL without a password leaves it to libpq: PGPASSWORD, ~/.pgpass (PGPASSFILE),
        # a service file; one in the URL is percent-decoded, as libpq's own URIs are.
        params = parse(url, unquote_password=True, unquote_user=True)
        if not params.get("database"):
            raise DatabaseUrlError(f"no database name in {safe_url(url)} (postgresql://host/name)")
        db = _reconnecting(schemes[scheme])(**params, **_postgres_kwargs(url))
    else:
        raise DatabaseUrlError(
            f"{scheme}:// databases are not supported; use sqlite:///FILE or postgresql://…"
        )
    database.initialize(db)
    return db

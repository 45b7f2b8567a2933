"""Opening the database named by one URL (playhouse.db_url).

SQLite is set up for several operators on one host: busy timeout first, then
WAL (so the switch itself waits for a lock), foreign keys on, and write
transactions opened ``BEGIN IMMEDIATE`` so a read-then-write transaction waits
for the lock instead of failing with "database is locked".
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from peewee import Database, SqliteDatabase
from playhouse.db_url import connect

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


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def sqlite_path(url: str) -> Path | None:
    """The file behind an SQLite URL, or None for other databases."""
    parts = urlsplit(url)
    if parts.scheme not in ("sqlite", "sqlite+pool"):
        return None
    path = url.split("://", 1)[1].split("?", 1)[0]
    # sqlite:///relative.db and sqlite:////absolute/path.db, as in SQLAlchemy and peewee
    return Path(path[1:] if path.startswith("/") else path)


def open_database(url: str) -> Database:
    """Connect ``url`` and bind the models to it (the connection opens lazily)."""
    scheme = urlsplit(url).scheme
    if not scheme:
        raise DatabaseUrlError(f"not a database URL: {url!r} (e.g. sqlite:///clients.db)")
    path = sqlite_path(url)
    if path is not None:
        if str(path) not in ("", ":memory:"):
            path.expanduser().parent.mkdir(parents=True, exist_ok=True)
        db = SqliteDatabase(
            str(path.expanduser()),
            pragmas=SQLITE_PRAGMAS,
            lock_type="IMMEDIATE",
            timeout=BUSY_TIMEOUT_MS / 1000,
        )
    else:
        try:
            db = connect(url)
        except (RuntimeError, ImportError) as exc:  # unknown scheme or missing driver
            raise DatabaseUrlError(f"cannot use {url.split('@')[-1]!r}: {exc}") from None
    database.initialize(db)
    return db

"""Opening the application's database: connect, migrate, load the catalogs."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from peewee import Database

from tui_clients.db import migrations
from tui_clients.db.connection import open_database, safe_url, sqlite_path
from tui_clients.services.admin.catalogs import load_catalogs


@dataclass(frozen=True)
class DatabaseInfo:
    url: str  # password removed
    path: Path | None
    size_bytes: int | None
    schema_version: int
    latest_version: int


def prepare(
    url: str, *, create_folder: bool = False
) -> tuple[Database, list[migrations.Migration]]:
    """Open ``url``, apply pending migrations and load the catalogs (idempotent).

    Returns the database and the migrations this call applied.
    """
    db = open_database(url, create_folder=create_folder)
    db.connect(reuse_if_open=True)
    try:
        applied = migrations.upgrade(db)
    except migrations.SchemaTooNew:  # left as it was, and let go of
        db.close()
        raise
    load_catalogs(db)
    return db, applied


def describe(db: Database, url: str) -> DatabaseInfo:
    path = sqlite_path(url)
    size = None
    if path is not None and path.exists():
        size = sum(p.stat().st_size for p in (path, Path(f"{path}-wal")) if p.exists())
    available = migrations.available()
    return DatabaseInfo(
        url=safe_url(url),
        path=path.resolve() if path is not None else None,
        size_bytes=size,
        schema_version=migrations.current_version(db),
        latest_version=available[-1].version if available else 0,
    )

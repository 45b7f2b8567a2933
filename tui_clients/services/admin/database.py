"""Opening the application's database: connect, migrate, load the catalogs."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from peewee import Database

from tui_clients.db import migrations
from tui_clients.db import models as m
from tui_clients.db.connection import open_database, safe_url, sqlite_path
from tui_clients.domain.i18n import _
from tui_clients.domain.text import printable
from tui_clients.services.admin.catalogs import load_catalogs

REVIEW_MIGRATIONS = {15}  # migrations that note clients to review in their history


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


def upgrade_notes(applied: list[migrations.Migration]) -> list[str]:
    """What the operator must know after ``applied``: the clients a migration found
    registered twice (the same document in two spellings), never merged on their own;
    one line per pair, safe to print."""
    if not REVIEW_MIGRATIONS & {migration.version for migration in applied}:
        return []
    reviews = (
        m.ClientHistory.select(m.ClientHistory.changes, m.Client.code, m.Client.legal_name)
        .join(m.Client)
        .where(m.ClientHistory.action == "review")
        .order_by(m.Client.code)
    )
    notes = []
    for h in reviews:
        document, other = json.loads(h.changes)["same_document"]
        twin = m.Client.get_or_none(m.Client.code == other)
        if h.client.code < other and twin is not None:
            notes.append(
                _(
                    "Clients {code} “{name}” ({document}) and {other} “{other_name}” "
                    "({other_document}) have one document written two ways: the same person "
                    "registered twice. Nothing was merged: keep one and move the other to "
                    "the trash."
                ).format(
                    code=h.client.code,
                    name=printable(h.client.legal_name),
                    document=printable(document),
                    other=other,
                    other_name=printable(twin.legal_name),
                    other_document=f"DNI {printable(twin.document_number)}",
                )
            )
    return notes

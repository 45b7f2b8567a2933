"""Versioned schema migrations (playhouse.migrations), applied in order.

Each module ``mNNNN_name.py`` has ``VERSION``, ``NAME`` and ``apply(db, migrator)``.
``SchemaVersion`` records what has been applied.  Migrations are written to be
idempotent (:func:`add_column_if_missing` and ``create_tables(safe=True)``): the
first one creates the tables of the current models, so on a new database later
column additions find their column already there and pass.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass
from types import ModuleType

from peewee import Database, Field
from playhouse.migrate import PostgresqlMigrator, SchemaMigrator, SqliteMigrator, migrate

from tui_clients.db.models import SchemaVersion


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    module: ModuleType


def available() -> list[Migration]:
    found = []
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("m") and info.name[1:5].isdigit():
            module = importlib.import_module(f"{__name__}.{info.name}")
            found.append(Migration(module.VERSION, module.NAME, module))
    found.sort(key=lambda m: m.version)
    return found


def migrator_for(db: Database) -> SchemaMigrator:
    return (
        SqliteMigrator(db)
        if db.__class__.__name__.startswith("Sqlite")
        else (
            PostgresqlMigrator(db)
            if "Postgres" in db.__class__.__name__
            else SchemaMigrator.from_database(db)
        )
    )


def current_version(db: Database) -> int:
    if not db.table_exists(SchemaVersion._meta.table_name):
        return 0
    last = SchemaVersion.select().order_by(SchemaVersion.version.desc()).first()
    return last.version if last else 0


def upgrade(db: Database) -> list[Migration]:
    """Apply every pending migration, each in its own transaction; return those applied."""
    applied = []
    migrator = migrator_for(db)
    for migration in available():
        if migration.version <= current_version(db):
            continue
        with db.atomic():
            migration.module.apply(db, migrator)
            SchemaVersion.create(version=migration.version, name=migration.name)
        applied.append(migration)
    return applied


def pending(db: Database) -> list[Migration]:
    version = current_version(db)
    return [m for m in available() if m.version > version]


def add_column_if_missing(
    db: Database, migrator: SchemaMigrator, table: str, name: str, field: Field
) -> bool:
    """Add ``table.name`` unless it exists; True when it was added."""
    if any(c.name == name for c in db.get_columns(table)):
        return False
    migrate(migrator.add_column(table, name, field))
    return True
